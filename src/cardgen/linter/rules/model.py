"""CG1xx: the identity block every standard starts with (of a model, dataset or application)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from cardgen.linter.rules.base import Context, Hit, core_missing, rule

MODEL_CORE = ("description", "organization", "type", "license", "contact")
DATASET_CORE = ("description", "organization", "license", "size", "contact")
APPLICATION_CORE = ("description", "organization", "type", "output_space", "contact")


@rule("CG101", "model-info-missing", "warning", "model")
def model_info_missing(ctx: Context) -> Iterator[Hit]:
    """Core information about the model is missing.

    Every standard (Hugging Face, Model Card Toolkit, FMTI) starts with what the
    model is, who made it, what kind of model it is, under which license it may be
    used and whom to contact: description, organization, type, license, contact.
    """
    yield from core_missing(ctx.root["model"], "the model", MODEL_CORE)


@rule("CG102", "released-before-trained", "error", "model")
def released_before_trained(ctx: Context) -> Iterator[Hit]:
    """The model's release date is before the date its training ended.

    A model cannot be released before it exists; one of the two dates is wrong, or
    the card describes a later training run than the release it dates.
    """
    release = ctx.root.get("model", "release_date")
    ended = ctx.root.get("training", "end_date").value
    if isinstance(release.value, datetime.date) and isinstance(ended, datetime.date) and release.value < ended:
        yield release.path, f"released on {release.value} but training ended on {ended}; correct one of the dates"


@rule("CG103", "languages-missing", "warning", "model")
def languages_missing(ctx: Context) -> Iterator[Hit]:
    """A model that reads or writes text does not say which languages.

    Quality is rarely the same across languages; users need to know which ones the
    model was built and tested for. List them as ISO 639-1 codes (`languages: [en, de]`).
    """
    model = ctx.root["model"]
    modalities = model["modalities"]
    text = [*modalities["input"].entries(), *modalities["output"].entries()]
    if any(str(item.value).lower() == "text" for item in text) and model["languages"].missing:
        yield model["languages"].path, "the model handles text but 'languages' is missing; list them, e.g. [en]"


@rule("CG104", "links-missing", "info", "model")
def links_missing(ctx: Context) -> Iterator[Hit]:
    """The card links to nothing: no repository, paper, weights or home page.

    Links let readers check the card's claims against the code, the paper and the
    released artefact.
    """
    links = ctx.root.get("model", "links")
    if links.status in ("missing", "given") and not any(
        links[name].given for name in ("repository", "paper", "weights", "homepage")
    ):
        yield links.path, "no repository, paper, weights or home page link; add the ones that exist"


@rule("CG105", "model-size-missing", "info", "model")
def model_size_missing(ctx: Context) -> Iterator[Hit]:
    """The number of parameters is not given.

    Size drives compute cost, memory needs and, often, capability; FMTI counts it
    among the model basics.
    """
    parameters = ctx.root.get("model", "parameters")
    if parameters.missing:
        yield parameters.path, "'parameters' is missing; give the parameter count, e.g. 110000000"


@rule("CG106", "dataset-info-missing", "warning", "dataset")
def dataset_info_missing(ctx: Context) -> Iterator[Hit]:
    """Core information about the dataset is missing.

    A datasheet starts with what the data is, who made it, under which license it
    may be used, how big it is and whom to contact: description, organization,
    license, size, contact.
    """
    yield from core_missing(ctx.root["dataset"], "the dataset", DATASET_CORE)


@rule("CG107", "application-info-missing", "warning", "application")
def application_info_missing(ctx: Context) -> Iterator[Hit]:
    """Core information about the application is missing.

    Users meet models through applications: say what the product is, who runs it,
    what kind of product it is, what it outputs and whom to contact: description,
    organization, type, output_space, contact.
    """
    yield from core_missing(ctx.root["application"], "the application", APPLICATION_CORE)
