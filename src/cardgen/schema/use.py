"""What the model is for, what it is not for, and what can go wrong."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import field_validator

from cardgen.schema.values import Answer, Section, described

RISK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""A risk id: letters, digits, '.', '_' and '-', so that ``NAME#RISK-ID`` splits unambiguously."""


def split_reference(reference: str) -> tuple[str, str]:
    """``NAME#RISK-ID`` as (card name, risk id); the card name may itself hold spaces."""
    name, _, risk_id = reference.rpartition("#")
    return name.strip(), risk_id.strip()


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

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str | None) -> str | None:
        if value is not None and not RISK_ID.fullmatch(value):
            raise ValueError(f"'{value}' is not a risk id; use letters, digits, '.', '_' or '-' (e.g. pii-leak)")
        return value

    @field_validator("addresses")
    @classmethod
    def _references(cls, value: str | list[str] | None) -> str | list[str] | None:
        for reference in references(value):
            name, risk_id = split_reference(reference)
            if not name or not RISK_ID.fullmatch(risk_id):
                raise ValueError(f"'{reference}' is not a risk reference; write NAME#RISK-ID, e.g. webtext#pii")
        return value


def references(addresses: str | list[str] | None) -> list[str]:
    """The NAME#RISK-ID references of a risk's ``addresses``, written as one or as a list."""
    if addresses is None:
        return []
    return [addresses] if isinstance(addresses, str) else list(addresses)
