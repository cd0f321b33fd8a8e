"""The Jinja environment: user templates first, then cardgen's own, all in a sandbox.

A user's ``--template DIR`` can replace any template by name, or
``{% extends "default/card.html.j2" %}`` to change one block of the default.
Templates come from other people as often as cards do, so they run in a
SandboxedEnvironment with autoescaping on for every output format.
"""

from __future__ import annotations

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
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from cardgen.errors import CardError, Position, Problem
from cardgen.renderer.text import to_html, to_markdown

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
        return resource.read_text(encoding="utf-8"), None, lambda: True


def packaged_templates() -> Traversable:
    return importlib.resources.files("cardgen") / "templates"


def environment(template_dir: str | os.PathLike[str] | None = None) -> SandboxedEnvironment:
    """The sandboxed environment for one render; ``template_dir`` overrides templates by name."""
    packaged = ResourceLoader(packaged_templates())
    loaders: list[BaseLoader] = [PrefixLoader({"default": packaged}), packaged]
    if template_dir is not None:
        loaders.insert(0, FileSystemLoader(os.fspath(template_dir)))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = to_html
    env.filters["hub_markdown"] = lambda text: Markup(to_markdown(str(text)))
    return env


def render_template(template_dir: str | os.PathLike[str] | None, name: str, **context: Any) -> str:
    """Render one template; any template failure becomes a :class:`TemplateProblem` naming file and line."""
    try:
        return environment(template_dir).get_template(name).render(**context)
    except TemplateError as error:
        raise template_problem(error) from None


class TemplateProblem(CardError):
    """A template that does not compile, or does something the sandbox forbids, said as path:line: message."""


def template_problem(error: TemplateError) -> TemplateProblem:
    name = getattr(error, "filename", None) or getattr(error, "name", None) or "template"
    line = getattr(error, "lineno", None) or 1
    return TemplateProblem([Problem(str(name), Position(line, 1), f"template error: {error.message or error}")])
