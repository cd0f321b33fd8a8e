"""Who and what the model is: the identity block every standard starts with."""

from __future__ import annotations

import datetime

from pydantic import Field, NonNegativeInt

from cardgen.schema.quantities import SizeFigure
from cardgen.schema.values import Answer, Section, described


class LicenseRef(Section):
    """A license that is not (only) an SPDX id: custom or proprietary terms need a link."""

    id: Answer[str] | None = described("SPDX license identifier, if there is one (e.g. Apache-2.0).")
    name: Answer[str] | None = described("The license's name as its authors give it.")
    url: Answer[str] | None = described("Where the full license text can be read.")


class Modalities(Section):
    input: Answer[list[str]] | None = described("What the model takes in: text, image, audio, video, tabular, ...")
    output: Answer[list[str]] | None = described("What the model produces: text, embeddings, labels, image, ...")


class Links(Section):
    repository: Answer[str] | None = described("URL of the code repository.")
    paper: Answer[str] | None = described("URL of the paper or technical report.")
    demo: Answer[str] | None = described("URL of a demo.")
    weights: Answer[str] | None = described("URL where the weights can be obtained (e.g. a Hugging Face Hub repo).")
    homepage: Answer[str] | None = described("URL of the project's home page.")


class Identity(Section):
    """What every card starts with, whatever it describes: name, version, maker, date and license."""

    name: str = Field(min_length=1, description="The asset's name. The only required field of a card.")
    version: Answer[str] | None = described("Version of the asset this card describes.")
    description: Answer[str] | None = described("What it is and does, in a paragraph (Markdown allowed).")
    organization: Answer[str] | None = described("Who made it (organization or people).")
    release_date: Answer[datetime.date] | None = described("Date of first public release, YYYY-MM-DD.")
    license: Answer[str | LicenseRef] | None = described(
        "An SPDX license id (e.g. Apache-2.0), or {id, name, url} for other licenses."
    )


class References(Section):
    """Where to read more and whom to ask; every identity block ends with these."""

    tags: Answer[list[str]] | None = described("Free keywords that help people find it.")
    links: Answer[Links] | None = described("Repository, paper, demo, weights and home page.")
    citation: Answer[str] | None = described("How to cite it, preferably BibTeX.")
    contact: Answer[str] | None = described("Whom to contact about it or this card (email or URL).")
    card_authors: Answer[list[str]] | None = described("Who wrote this card.")


class _ModelFacts(Identity):
    type: Answer[str] | None = described("Kind of model, e.g. 'language model', 'text classifier', 'image encoder'.")
    architecture: Answer[str] | None = described(
        "Architecture family, e.g. 'transformer encoder', 'ViT-B/32 + transformer'."
    )
    task: Answer[str] | None = described(
        "Main task as a Hugging Face pipeline tag, e.g. text-classification, fill-mask, text-generation."
    )
    parameters: Answer[NonNegativeInt] | None = described("Number of parameters (a count, e.g. 110000000).")
    modalities: Answer[Modalities] | None = described("Input and output modalities.")
    input_format: Answer[str] | None = described(
        "Format of the input: e.g. UTF-8 text with a chat template, 224x224 RGB images, 16 kHz mono audio."
    )
    output_format: Answer[str] | None = described(
        "Format of the output: e.g. text, a label and a score, a 512-d vector."
    )
    max_input_size: Answer[SizeFigure] | None = described(
        "Largest input the model takes, e.g. {value: 1024, unit: tokens} (the context window)."
    )
    components: Answer[list[str]] | None = described(
        "The parts the model is made of, e.g. tokenizer, text encoder, image encoder, safety classifier."
    )
    languages: Answer[list[str]] | None = described(
        "Natural languages the model handles, as ISO 639-1 codes (e.g. en)."
    )
    library: Answer[str] | None = described("Library the weights load with, e.g. transformers, open_clip, sklearn.")
    usage: Answer[str] | None = described("How to get started: code that loads and runs the model (Markdown).")


class ModelInfo(References, _ModelFacts):
    """The model's identity.

    The bases are listed in reverse so that pydantic, which orders fields from the
    most basic class up, reads identity, then the model's facts, then references.
    """
