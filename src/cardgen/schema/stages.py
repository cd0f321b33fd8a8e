"""The five stages of the foundation-model chain (Bommasani et al. 2021).

data creation -> curation -> training -> adaptation -> deployment: a flaw at any
stage is inherited downstream, so each stage is documented in its own block.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from pydantic import Field, NonNegativeInt

from cardgen.schema.model import LicenseRef
from cardgen.schema.quantities import (
    ComputeFigure,
    DurationFigure,
    EmissionsFigure,
    EnergyFigure,
    SizeFigure,
)
from cardgen.schema.values import Answer, Section, described


class TimeRange(Section):
    start: Answer[datetime.date] | None = described("First date covered, YYYY-MM-DD.")
    end: Answer[datetime.date] | None = described("Last date covered, YYYY-MM-DD.")


class HumanLabor(Section):
    """Data work done by people: FMTI asks who did it, where, and how they were paid."""

    involved: Answer[bool] | None = described("Whether people created or labelled the data.")
    description: Answer[str] | None = described("What the people did.")
    workers: Answer[str] | None = described("Who they were: employees, contractors, crowd workers, volunteers; where.")
    location: Answer[str] | None = described("Where they worked: countries or regions.")
    compensation: Answer[str] | None = described("How they were paid, e.g. hourly wage and currency.")
    protections: Answer[str] | None = described(
        "Labour protections: wellbeing support, exposure limits for harmful content."
    )


class DataSource(Section):
    """One origin of training data."""

    name: Answer[str] | None = described("Name of the source or dataset.")
    description: Answer[str] | None = described("What the data is (Markdown allowed).")
    owner: Answer[str] | None = described("Who created or owns the data.")
    url: Answer[str] | None = described("Provenance: where the data can be found or came from.")
    collection_method: Answer[str] | None = described(
        "How the data was collected: crawl, licensing, purchase, user submissions, ..."
    )
    time_range: Answer[TimeRange] | None = described("Period the data was created or collected in.")
    modality: Answer[str] | None = described("Kind of data: text, image, audio, video, tabular, code, ...")
    size: Answer[SizeFigure] | None = described("How much data, with a unit (tokens, documents, images, GB, ...).")
    license: Answer[str | LicenseRef] | None = described("License of the data: an SPDX id or {id, name, url}.")
    copyright: Answer[str] | None = described(
        "Copyright status: public domain, owned by the developer, licensed, used under an exception "
        "(e.g. text and data mining), or mixed."
    )
    consent: Answer[str] | None = described("Whether and how the people in or behind the data consented.")
    personal_information: Answer[bool] | None = described("Whether the data contains personal information.")
    sensitive_information: Answer[bool] | None = described(
        "Whether the data contains special-category data (health, ethnicity, religion, ...)."
    )
    human_labor: Answer[HumanLabor] | None = described("People who created or labelled the data.")
    datasheet: Answer[str] | None = described("URL or path of the source's datasheet or dataset card.")
    access: Answer[Literal["download", "query", "on-request", "closed"]] | None = described(
        "How others can reach this data: download (the data itself), query (search or inspect), on-request or closed."
    )


class DataCreation(Section):
    """Where the data comes from: mostly data about people, created by people for other purposes."""

    description: Answer[str] | None = described("Overview of the data the model was built from.")
    sources: Answer[list[DataSource]] | None = described("Each origin of the data.")
    partners: Answer[list[str]] | None = described(
        "Third parties that supplied, created or labelled data, and what each did."
    )


class Filtering(Section):
    harmful_content: Answer[str] | None = described("How harmful content (toxicity, CSAM, hate) was filtered out.")
    personal_data: Answer[str] | None = described("How personal data was removed or masked.")
    other: Answer[str] | None = described("Other filters: language id, quality classifiers, blocklists.")


class Annotation(Section):
    protocol: Answer[str] | None = described("Annotation guidelines or a link to them.")
    annotators: Answer[str] | None = described("Who annotated: number, expertise, demographics, platform.")
    compensation: Answer[str] | None = described("How annotators were paid.")
    platform: Answer[str] | None = described("Annotation platform or tool.")


class Curation(Section):
    """How raw data became the training set: there is no natural distribution, only choices."""

    selection_criteria: Answer[str] | None = described("Why these sources and not others.")
    filtering: Answer[Filtering] | None = described("Filters applied to the data.")
    deduplication: Answer[str] | None = described("How duplicates (and test-set contamination) were removed.")
    quality_control: Answer[str] | None = described("Checks on data quality.")
    annotation: Answer[Annotation] | None = described("Labelling of the data.")
    privacy_mitigations: Answer[str] | None = described("Measures that protect people in the data.")
    copyright_mitigations: Answer[str] | None = described("Measures that respect copyright and licenses.")
    bias_detection: Answer[str] | None = described(
        "How the data was checked for unsuitable sources and identifiable biases, and what was found."
    )
    augmentation: Answer[str] | None = described("How data was augmented or synthesised, and by what.")
    datasheets: Answer[list[str]] | None = described("Links to datasheets or data cards of the curated datasets.")
    raw_data: Answer[str] | None = described("Whether the raw data is kept next to the processed data, and where.")


class Software(Section):
    name: str = Field(description="Library or framework.")
    version: Answer[str] | None = described("Its version.")


class Hardware(Section):
    accelerator: Answer[str] | None = described("Accelerator type, e.g. 'NVIDIA V100 32GB', 'TPU v3'.")
    count: Answer[NonNegativeInt] | None = described("How many accelerators.")
    cpu: Answer[str] | None = described("CPU model.")
    cores: Answer[NonNegativeInt] | None = described("CPU cores.")
    memory_gb: Answer[float] | None = described("Main memory in GB.")
    provider: Answer[str] | None = described("Cloud or compute provider, or 'on premises'.")
    region: Answer[str] | None = described("Where the hardware ran (matters for carbon intensity).")
    owner: Answer[str] | None = described("Who owns the hardware.")


class GitState(Section):
    commit: str | None = described("Commit of the training code.")
    dirty: bool | None = described("Whether the working tree had uncommitted changes.")


class DatasetFingerprint(Section):
    path: str = Field(description="The file or directory that was hashed.")
    sha256: str = Field(description="SHA-256 of the file, or of the directory tree's paths and contents.")
    files: NonNegativeInt | None = described("Number of files hashed.")
    skipped: list[str] | None = described(
        "Entries that were not hashed and why: FIFOs, sockets, devices, unreadable entries, symlink loops."
    )


class RunRecord(Section):
    """What cardgen's recorder saw while the training code ran; written by code, not people."""

    status: Literal["running", "completed", "failed"] = Field(description="How the run ended.")
    started: datetime.datetime | None = described("Start time (UTC).")
    ended: datetime.datetime | None = described("End time (UTC).")
    duration_seconds: float | None = described("Wall time of the run in seconds.")
    error: str | None = described("The exception that ended a failed run.")
    python: str | None = described("Python version.")
    packages: dict[str, str] | None = described("Versions of the key libraries.")
    platform: str | None = described("Operating system and machine.")
    git: GitState | None = described("State of the training code's repository.")
    datasets: list[DatasetFingerprint] | None = described("Fingerprints of the data the run read.")


class DesignChoice(Section):
    """A key design decision and why it was made (EU AI Act Annex XI 2(b))."""

    choice: str = Field(description="What was decided, e.g. 'byte-level BPE tokenizer'.")
    rationale: Answer[str] | None = described("Why, and the assumptions behind it.")


class Training(Section):
    """The model itself: objective, architecture, compute and its environmental cost."""

    objective: Answer[str] | None = described("What the training optimised, e.g. masked language modelling.")
    procedure: Answer[str] | None = described(
        "How training was done, in prose: preprocessing, schedule, speeds and sizes (Markdown)."
    )
    architecture: Answer[str] | None = described("Architecture details: layers, hidden size, heads, context length.")
    hyperparameters: Answer[dict[str, Any]] | None = described("Hyperparameters as name: value.")
    software: Answer[list[str | Software]] | None = described(
        "Software and frameworks used, as names or {name, version}."
    )
    hardware: Answer[Hardware] | None = described("Hardware used for training.")
    duration: Answer[DurationFigure] | None = described("How long training took, with a unit and a source.")
    compute: Answer[ComputeFigure] | None = described("Training compute (FLOP or accelerator-hours), with a source.")
    energy: Answer[EnergyFigure] | None = described("Energy used by training, with a unit and a source.")
    emissions: Answer[EmissionsFigure] | None = described("Carbon emitted by training, with a unit and a source.")
    design_choices: Answer[list[DesignChoice]] | None = described(
        "Key design choices of the model and its training, each with its rationale."
    )
    environmental_impact: Answer[str] | None = described(
        "Environmental impact beyond energy and carbon, e.g. water use, hardware life cycle."
    )
    start_date: Answer[datetime.date] | None = described("When training started, YYYY-MM-DD.")
    end_date: Answer[datetime.date] | None = described("When training ended, YYYY-MM-DD.")
    run: RunRecord | None = described(
        "Written by cardgen.record_training: the last completed run, which the card's training figures and "
        "results describe; before any run completed, the latest run."
    )
    incomplete_runs: list[RunRecord] | None = described(
        "Written by cardgen.record_training: runs that started after a completed one and did not complete "
        "(failed, or running / killed), most recent last; kept beside `run`, never over it."
    )


class AdaptationData(Section):
    name: Answer[str] | None = described("Name of the adaptation dataset.")
    description: Answer[str] | None = described("What it contains.")
    url: Answer[str] | None = described("Where it can be found.")
    size: Answer[SizeFigure] | None = described("How much data, with a unit.")


class Safeguard(Section):
    kind: Answer[Literal["output_restriction", "classifier", "filter", "rule", "human_review", "other"]] | None = (
        described("Kind of safeguard: output_restriction, classifier, filter, rule, human_review or other.")
    )
    description: Answer[str] | None = described("What it does and what it catches.")


AdaptationMethod = Literal[
    "fine-tuning",
    "instruction-tuning",
    "rlhf",
    "dpo",
    "prompting",
    "adapters",
    "lora",
    "distillation",
    "quantization",
    "merge",
    "other",
]


class Adaptation(Section):
    """How a task system was built from a foundation model; write `adaptation: none` for a base model."""

    method: Answer[list[AdaptationMethod]] | None = described(
        "Methods: fine-tuning, instruction-tuning, rlhf, dpo, prompting, adapters, lora, distillation, quantization, merge, other."
    )
    description: Answer[str] | None = described("How the adaptation was done.")
    base_model: Answer[str] | None = described("Name of the model adapted; list it under dependencies too.")
    data: Answer[list[AdaptationData]] | None = described("Data used for adaptation.")
    safeguards: Answer[list[Safeguard]] | None = described(
        "Downstream precautions: output restrictions, classifiers, filters."
    )


class Change(Section):
    version: str = Field(description="The version, as in model.version.")
    date: Answer[datetime.date] | None = described("When it was released, YYYY-MM-DD.")
    changes: Answer[str] | None = described("What changed.")


class Deployment(Section):
    """Where social impact happens: access, release, monitoring and feedback."""

    access: Answer[Literal["open", "limited", "closed"]] | None = described(
        "open (weights downloadable), limited (API or gated) or closed."
    )
    release_strategy: Answer[str] | None = described("How it was released, e.g. staged release, research preview.")
    distribution_channels: Answer[list[str]] | None = described("Where it is distributed: hub, API, product, ...")
    terms_of_use: Answer[str] | None = described("Terms of use: text or URL.")
    usage_policy: Answer[str] | None = described("Acceptable use policy: text or URL.")
    monitoring: Answer[str] | None = described("How use and misuse are monitored after release.")
    feedback: Answer[str] | None = described("Where users report problems and incidents.")
    update_policy: Answer[str] | None = described("How and when new versions are released.")
    deprecation_policy: Answer[str] | None = described("How old versions are retired.")
    user_data: Answer[str] | None = described("How data of the model's users is handled.")
    user_data_use: Answer[str] | None = described(
        "What the developer may and may not do with users' data (e.g. train on it, sell it)."
    )
    usage_data_access: Answer[str] | None = described("Whether and how others can access data about the model's use.")
    access_protocol: Answer[str] | None = described(
        "How outside parties (researchers, auditors) can be granted access beyond the public channels: "
        "who may ask, on what criteria, how."
    )
    release_decision: Answer[str] | None = described("How the decision to release was made, by whom, on what criteria.")
    instructions: Answer[str] | None = described(
        "Instructions for use and integration into other systems: text or URL."
    )
    infrastructure: Answer[str] | None = described(
        "Hardware and infrastructure needed to run the model, e.g. one 16 GB GPU, CPU only."
    )
    software_requirements: Answer[list[str | Software]] | None = described(
        "Software, with versions, needed to use the model, as names or {name, version}."
    )
    integrations: Answer[str] | None = described(
        "How the model interacts with hardware or software that is not part of it: tools, APIs, plug-ins."
    )
    products: Answer[list[str]] | None = described("The developer's products and services that use the model.")
    usage_policy_enforcement: Answer[str] | None = described(
        "How the usage policy is enforced, and what happens on a breach."
    )
    appeals: Answer[str] | None = described("How someone can appeal an enforcement action under the usage policy.")
    behavior_policy: Answer[str] | None = described(
        "Permitted, restricted and prohibited behaviours of the model itself (what it should refuse, ...)."
    )
    behavior_policy_enforcement: Answer[str] | None = described("How the model behaviour policy is enforced.")
    disclaimers: Answer[str] | None = described("Disclaimers shown to users, e.g. that they talk to an AI.")
    content_detection: Answer[str] | None = described(
        "How machine-generated content can be detected: watermarks, classifiers, provenance metadata; or why not."
    )
    changelog: Answer[list[Change]] | None = described("What changed in each version.")
    redress: Answer[str] | None = described("How people harmed by the model can seek redress.")
