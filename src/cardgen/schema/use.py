"""What the model is for, what it is not for, and what can go wrong."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from cardgen.schema.constraints import risk_id_shape, risk_references
from cardgen.schema.values import Answer, Section, described


class IntendedUse(Section):
    primary_uses: Answer[list[str]] | None = described("Uses the model was built and evaluated for.")
    primary_users: Answer[list[str]] | None = described("Who is expected to use it.")
    downstream_uses: Answer[list[str]] | None = described("Uses after fine-tuning or integration into a larger system.")
    out_of_scope_uses: Answer[list[str]] | None = described("Uses the model must not be put to, and why.")
    limitations: Answer[list[str]] | None = described(
        "What the model cannot do well even within its intended uses: known failure modes and weaknesses."
    )


RiskCategory = Literal[
    "bias/fairness", "misuse", "privacy", "security", "robustness", "environmental", "legal", "other"
]
Level = Literal["low", "medium", "high", "critical"]
Likelihood = Literal["rare", "unlikely", "possible", "likely", "almost_certain"]


class Risk(Section):
    id: str | None = described(
        "A stable id for the risk, unique within the card, so other cards can name it as NAME#ID (e.g. pii-leak)."
    )
    category: Answer[RiskCategory] | None = described(
        "bias/fairness, misuse, privacy, security, robustness, environmental, legal or other."
    )
    description: Answer[str] | None = described("What can go wrong and for whom.")
    affected_groups: Answer[list[str]] | None = described("Who would be harmed.")
    severity: Answer[Level] | None = described("How bad the harm would be: low, medium, high, critical.")
    likelihood: Answer[Likelihood] | None = described("How likely: rare, unlikely, possible, likely, almost_certain.")
    mitigations: Answer[list[str]] | None = described("What was done or is advised against it.")
    status: Answer[Literal["open", "mitigated", "accepted", "monitoring"]] | None = described(
        "open, mitigated, accepted or monitoring."
    )
    addresses: str | list[str] | None = described(
        "Inherited risks this one answers, as NAME#RISK-ID of the upstream card's risk (e.g. webtext#pii), or a list."
    )

    _id_shape = field_validator("id")(staticmethod(risk_id_shape))
    _references = field_validator("addresses")(staticmethod(risk_references))
