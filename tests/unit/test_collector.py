"""The collector pause: off inside, back as it was after, whatever happens inside."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import cardgen
from cardgen.collector import paused
from cardgen.errors import CardError
from tests.conftest import EXAMPLES


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_turns_the_collector_off_and_back_on() -> None:
    gc.enable()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_pauses_nest_and_an_off_collector_stays_off() -> None:
    gc.enable()
    with paused():
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves it to the outer one
    assert gc.isenabled()
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()


def test_the_collector_resumes_after_an_error() -> None:
    gc.enable()
    with pytest.raises(ValueError, match="inside"), paused():
        raise ValueError("inside")
    assert gc.isenabled()


@pytest.mark.parametrize("format", ["html", "md"])
def test_a_render_leaves_the_collector_on_whether_it_succeeds_or_fails(format: str) -> None:
    gc.enable()
    assert cardgen.render_to_bytes(EXAMPLES / "gpt2.card.yaml", format)
    assert gc.isenabled()
    dataset = cardgen.read(EXAMPLES / "webtext.card.yaml")
    with pytest.raises(CardError):  # Hub Markdown is for model cards only
        cardgen.render_to_bytes(dataset, "md")
    assert gc.isenabled()
