"""Figures with units, so that a number never stands without saying what it counts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cardgen.schema.values import Answer, Section, described


class Figure(Section):
    """A measured or estimated amount; where it came from matters as much as the number."""

    value: float = Field(ge=0, description="The amount, in the unit given by `unit`.")
    source: Answer[str] | None = described(
        "Where the figure comes from: a paper, a tool (e.g. CodeCarbon), a calculation or an estimate."
    )


class EnergyFigure(Figure):
    unit: Literal["Wh", "kWh", "MWh"] = Field(description="Energy unit: Wh, kWh or MWh.")


class EmissionsFigure(Figure):
    unit: Literal["gCO2eq", "kgCO2eq", "tCO2eq"] = Field(
        description="Unit of carbon-dioxide equivalent: gCO2eq, kgCO2eq or tCO2eq."
    )


class ComputeFigure(Figure):
    unit: Literal["FLOP", "petaFLOP/s-days", "GPU-hours", "TPU-hours", "accelerator-hours"] = Field(
        description="Unit of compute: FLOP, petaFLOP/s-days or accelerator-hours."
    )


class DurationFigure(Figure):
    unit: Literal["seconds", "minutes", "hours", "days"] = Field(description="Unit of time.")


class SizeFigure(Section):
    """A dataset's size; the unit is free because data is counted in many ways."""

    value: float = Field(ge=0, description="The amount, in the unit given by `unit`.")
    unit: str = Field(description="What is counted: tokens, documents, images, examples, GB, hours of audio, ...")


UNIT_SCALE: dict[str, float] = {
    "Wh": 1e-3,
    "kWh": 1.0,
    "MWh": 1e3,
    "gCO2eq": 1e-6,
    "kgCO2eq": 1e-3,
    "tCO2eq": 1.0,
    "seconds": 1 / 3600,
    "minutes": 1 / 60,
    "hours": 1.0,
    "days": 24.0,
}
"""Factor to the base unit of each family: kWh, tCO2eq and hours."""


def in_base_unit(figure: EnergyFigure | EmissionsFigure | DurationFigure) -> float:
    """The figure in kWh, tCO2eq or hours, so figures written in different units compare."""
    return figure.value * UNIT_SCALE[figure.unit]
