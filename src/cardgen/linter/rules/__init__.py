"""The lint rules, one module per family, each rule with a stable id.

CG0xx every field, CG1xx identity, CG2xx data creation and curation (CG22x the
datasheet of dataset cards), CG3xx training, CG4xx adaptation and deployment (CG42x
application cards), CG5xx evaluation, CG6xx intended use and risks (CG61x risks
inherited through dependencies), CG7xx dependencies and the ecosystem graph. A new
rule is one decorated function in its family's module; a rule runs on the kinds of
card that have its part (and that its ``kinds`` name).
"""

from __future__ import annotations

from types import ModuleType

from cardgen.linter.rules import (
    adaptation_deployment,
    application,
    data,
    datasheet,
    dependencies,
    evaluation,
    general,
    model,
    training,
    use_risks,
)
from cardgen.linter.rules.base import WHOLE_CARD, Context, Hit, Node, Rule
from cardgen.linter.rules.general import SCHEMA


def _collect(*modules: ModuleType) -> tuple[Rule, ...]:
    found = sorted(
        (value for module in modules for value in vars(module).values() if isinstance(value, Rule)),
        key=lambda item: item.id,
    )
    for attribute in ("id", "name"):
        keys = [getattr(item, attribute) for item in found]
        if len(set(keys)) != len(keys):
            raise ValueError(f"two rules share an {attribute}: every rule needs its own")
    return tuple(found)


ALL_RULES: tuple[Rule, ...] = _collect(
    general,
    model,
    data,
    datasheet,
    training,
    adaptation_deployment,
    application,
    evaluation,
    use_risks,
    dependencies,
)
"""Every rule, sorted by id."""

_BY_KEY: dict[str, Rule] = {key: item for item in ALL_RULES for key in (item.id.upper(), item.name)}


def rule_by_id(key: str) -> Rule | None:
    """The rule with this id (any case) or short name, or None when there is none."""
    return _BY_KEY.get(key.upper()) or _BY_KEY.get(key)


__all__ = ["ALL_RULES", "SCHEMA", "WHOLE_CARD", "Context", "Hit", "Node", "Rule", "rule_by_id"]
