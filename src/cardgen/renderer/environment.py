"""The Jinja environment: user templates first, then cardgen's own; user templates run in a sandbox.

A user's ``--template DIR`` can replace any template by name, or
``{% extends "default/card.html.j2" %}`` to change one block of the default.
Templates come from other people as often as cards do, so a user's run in a
SandboxedEnvironment; every environment autoescapes, for every output format.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import sys
from collections.abc import Callable
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from cardgen.errors import CardError, Position, Problem
from cardgen.renderer.text import to_html, to_inline_html, to_markdown

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:
    from importlib.abc import Traversable


class ResourceLoader(BaseLoader):
    """Templates shipped inside the cardgen package, read through importlib.resources (works from a zip too)."""

    def __init__(self, root: Traversable) -> None:
        self.root = root

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        parts = template.split("/")
        if any(part in ("", ".", "..") for part in parts):
            raise TemplateNotFound(template)
        resource = self.root.joinpath(*parts)
        if not resource.is_file():
            raise TemplateNotFound(template)
        return resource.read_text(encoding="utf-8"), f"cardgen:templates/{template}", lambda: True


def packaged_templates() -> Traversable:
    return importlib.resources.files("cardgen") / "templates"


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, plus bounds on the operators that can exhaust memory or time (``'a' * 10**10``)."""

    intercepted_binops = frozenset({"*", "**"})
    MAX_SIZE = 10_000_000

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 1000:
            raise SecurityError(f"the exponent {right} is too large for a template")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                sized = isinstance(sequence, (str, list, tuple)) and isinstance(times, int)
                if sized and len(sequence) * times > self.MAX_SIZE:
                    raise SecurityError("a repetition in the template would be too large")
        return super().call_binop(context, operator, left, right)


TemplateDir = str | os.PathLike[str] | None
"""A directory of user templates that override the defaults by name, or None for the defaults alone."""


def environment(template_dir: TemplateDir = None) -> Environment:
    """The environment for ``template_dir`` (None: cardgen's own templates only), one per directory.

    Each environment compiles a template once and keeps it, so rendering many cards costs one
    compilation per template, not one per card; a template file edited on disk is reloaded (Jinja
    checks its modification time on each use). User templates run in :class:`BoundedSandbox`;
    cardgen's own are part of its code and card text never becomes template code, so they run
    without the sandbox's check on every attribute and call (a third of a page's time).
    """
    return _environment(None if template_dir is None else os.path.abspath(os.fspath(template_dir)))


@functools.lru_cache(maxsize=16)
def _environment(template_dir: str | None) -> Environment:
    packaged = ResourceLoader(packaged_templates())
    loaders: list[BaseLoader] = [PrefixLoader({"default": packaged}), packaged]
    kind = Environment
    if template_dir is not None:
        loaders.insert(0, FileSystemLoader(template_dir))
        kind = BoundedSandbox
    env = kind(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = to_html
    env.filters["inline_markdown"] = to_inline_html
    env.filters["hub_markdown"] = lambda text: Markup(to_markdown(str(text)))
    return env


def render_template(template_dir: TemplateDir, name: str, **context: Any) -> str:
    """Render one template; any template failure becomes a :class:`TemplateProblem` naming file and line."""
    try:
        return environment(template_dir).get_template(name).render(**context)
    except TemplateError as error:
        raise template_problem(error) from None
    except Exception as error:  # a template can divide by zero or overflow like any code: report it, never crash
        file, line = _template_location(error) or (name, 1)
        message = f"template error: {type(error).__name__}: {error}"
        raise TemplateProblem([Problem(file, Position(line, 1), message)]) from None


def _template_location(error: BaseException) -> tuple[str, int] | None:
    """The innermost template line in the traceback; Jinja rewrites its frames to point into templates."""
    found = None
    trace = error.__traceback__
    while trace is not None:
        if "__jinja_exception__" in trace.tb_frame.f_globals:
            found = (trace.tb_frame.f_code.co_filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


class TemplateProblem(CardError):
    """A template that does not compile, or does something the sandbox forbids, said as path:line: message."""


def template_problem(error: TemplateError) -> TemplateProblem:
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    if name is None or line is None:
        name, line = _template_location(error) or (name or "template", line or 1)
    return TemplateProblem([Problem(str(name), Position(line, 1), f"template error: {error.message or error}")])
