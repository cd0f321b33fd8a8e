"""Links to upstream cards, so that cards form an ecosystem graph."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cardgen.schema.values import Answer, Section, described


class Dependency(Section):
    """An upstream asset; dependencies make cards an ecosystem graph."""

    name: str = Field(description="Name of the upstream dataset, model or application.")
    kind: Literal["dataset", "model", "application"] = Field(description="dataset, model or application.")
    relation: Answer[str] | None = described("How this model uses it: trained_on, fine_tuned_from, evaluated_on, ...")
    version: Answer[str] | None = described("Version or revision used.")
    card: Answer[str] | None = described("Path to its cardgen card, relative to this card.")
    url: Answer[str] | None = described("URL of its card, datasheet or home page.")
