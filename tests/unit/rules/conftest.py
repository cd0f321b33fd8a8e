"""Each rule-family test module's ``CASES`` become one test each, named by rule id and position in the table."""

from __future__ import annotations

import pytest


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        cases = metafunc.module.CASES
        metafunc.parametrize("case", cases, ids=[f"{case[0]}-{index}" for index, case in enumerate(cases)])
