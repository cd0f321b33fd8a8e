"""What an imported file holds that has no card field of its own: extra documentation, images, metadata.

Kept so that an import loses nothing and an export back to the same format can
write it again; each piece says where it came from.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from cardgen.schema.values import Section, described

DATA_IMAGE_PATTERN = r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$"
"""Raster images only: an SVG can carry script, so it is not accepted as an inline image."""


class DocumentationSection(Section):
    """A section of the source's documentation that matches no card field."""

    title: str = Field(description="The section's heading in the source.")
    text: str = Field(description="The section's text (Markdown).")
    origin: str | None = described("Where it came from: the format and the heading path or field.")


class Graphic(Section):
    """An image from the source (e.g. a Model Card Toolkit plot), embedded as data."""

    name: str | None = described("The image's title.")
    image: str = Field(
        pattern=DATA_IMAGE_PATTERN, description="The image as a base64 data: URI (PNG, JPEG, GIF, WebP)."
    )
    origin: str | None = described("Where it came from: the format and the field.")


class Extras(Section):
    """Content from imported files with no card field, kept so nothing is lost."""

    documentation: list[DocumentationSection] | None = described("Sections of documentation with no card field.")
    graphics: list[Graphic] | None = described("Images from the source, embedded as data: URIs.")
    metadata: dict[str, dict[str, Any]] | None = described(
        "Metadata with no card field, kept verbatim by source format (huggingface, mct, cyclonedx)."
    )


_MAGIC: tuple[tuple[bytes, str], ...] = ((b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF8", "gif"))


def image_data_uri(encoded: str) -> str | None:
    """A base64 image as a data: URI of its real type (PNG, JPEG, GIF, WebP), or None for anything else."""
    import base64
    import binascii

    text = "".join(encoded.split())
    text += "=" * (-len(text) % 4)  # some writers leave the padding out
    try:
        head = base64.b64decode(text[:64], validate=True)
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    kind = next((name for magic, name in _MAGIC if head.startswith(magic)), None)
    if kind is None and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = "webp"
    return f"data:image/{kind};base64,{text}" if kind else None


def image_base64(uri: str) -> str:
    """The base64 payload of a data: URI."""
    return uri.split(",", 1)[1]
