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
