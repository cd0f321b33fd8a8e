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
import re
import stat
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from types import MethodType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    nodes,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from cardgen.errors import CardError, Position, Problem
from cardgen.renderer.text import to_html, to_inline_html, to_markdown, to_markdown_line
from cardgen.renderer.view import VIEW_CLASSES

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


class ConfinedLoader(BaseLoader):
    """A user's template directory, and nothing outside it: links are resolved and must stay inside.

    ``{% include %}`` of a symlink to ``/etc/passwd`` (or of ``../x``) would put
    any file on the machine into the output; a FIFO would hang the render.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = os.path.realpath(root)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = os.path.join(self.root, *split_template_path(template))
        try:
            real = os.path.realpath(path, strict=True)
            info = os.stat(real)
        except OSError:
            raise TemplateNotFound(template) from None
        if os.path.commonpath([real, self.root]) != self.root:
            raise SecurityError(f"the template {template!r} leads outside the template directory (to {real})")
        if not stat.S_ISREG(info.st_mode):
            raise SecurityError(f"the template {template!r} is not a regular file")
        with open(real, "rb") as handle:
            source = handle.read(MAX_TEMPLATE_BYTES + 1)
        if len(source) > MAX_TEMPLATE_BYTES:
            raise SecurityError(f"the template {template!r} is larger than {MAX_TEMPLATE_BYTES} bytes")
        return source.decode("utf-8"), real, lambda: os.path.exists(real) and os.stat(real).st_mtime == info.st_mtime


MAX_TEMPLATE_BYTES = 1_000_000


class _BoundedCode(CodeGenerator):
    """Compiled templates tick at every loop iteration and macro call, and check the size of every ``~``."""

    def enter_frame(self, frame: Frame) -> None:
        super().enter_frame(frame)
        self.writeline("environment.tick()")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.counted({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.counted(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")


_LONG_NUMBER = re.compile(r"\d{8,}")
"""A width or precision this long in a format string (``%2000000000s``, ``{:>99999999}``) would allocate gigabytes."""


_NOT_A_HELPER = object()


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, bounded in time, steps and size, so no template can exhaust the machine.

    Every loop iteration and macro call ticks against a deadline and a step
    budget; every operation that can grow a string or list (``*``, ``+``, ``%``,
    ``~``, ``ljust``/``center``/``zfill``..., ``replace``, ``join``, ``format``,
    filters such as ``center`` or ``indent``) is checked before it allocates; and
    the output is counted as it is produced.
    """

    code_generator_class = _BoundedCode
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    MAX_SIZE = 10_000_000
    """Longest string or list a template may build, and the most output it may write (characters)."""
    MAX_OUTPUT = 50_000_000
    """Most characters one render may write (a page of 10,000 results is a few million)."""
    TIME_LIMIT_SECONDS = 60.0
    MAX_STEPS = 2_000_000
    """Loop iterations and macro calls of one render."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = float("inf")
        self.steps = self.written = 0
        self.helpers: dict[int, Any] = {}

    def start(self, helpers: Iterable[Any] = ()) -> None:
        """Start the clock and the step budget of one render; ``helpers`` are the functions cardgen's code
        hands the template (see :meth:`call`)."""
        self.deadline = time.monotonic() + self.TIME_LIMIT_SECONDS
        self.steps = self.written = 0
        self.helpers = {id(helper): helper for helper in helpers}  # held, so no other object takes their ids

    def tick(self) -> None:
        self.steps += 1
        if self.steps > self.MAX_STEPS:
            raise SecurityError(f"the template ran more than {self.MAX_STEPS} loop iterations or macro calls")
        if not self.steps % 64 and time.monotonic() > self.deadline:
            raise SecurityError(f"the template ran for more than {self.TIME_LIMIT_SECONDS:g} s")

    def counted(self, text: str) -> str:
        """Count what the template writes, in captured blocks and macros too."""
        self.written += len(text)
        if self.written > self.MAX_OUTPUT:
            raise SecurityError(f"the template wrote more than {self.MAX_OUTPUT} characters")
        return text

    def limit(self, size: int) -> None:
        """Refuse a string or list of ``size`` before it is built."""
        if size > self.MAX_SIZE:
            raise SecurityError(f"the template would build a value longer than {self.MAX_SIZE} characters or items")

    def bounded(self, value: Any) -> Any:
        if isinstance(value, (str, list, tuple)):
            self.limit(len(value))
        return value

    def refuse_numbers(self, args: Sequence[Any]) -> None:
        """A count or width as large as the size bound (``ljust(2**31)``) would allocate too much."""
        for arg in args:
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > self.MAX_SIZE:
                raise SecurityError(f"the number {arg} is too large for a template")

    def refuse_widths(self, text: str) -> None:
        """A format string with such a width (``%2000000000s``, ``{:>99999999}``) would allocate gigabytes."""
        if _LONG_NUMBER.search(text):
            raise SecurityError("a width or precision in the template's format string is too large")

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 1000:
            raise SecurityError(f"the exponent {right} is too large for a template")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                sized = isinstance(sequence, (str, list, tuple)) and isinstance(times, int)
                if sized and len(sequence) * times > self.MAX_SIZE:
                    raise SecurityError("a repetition in the template would be too large")
        if operator == "%" and isinstance(left, str):
            self.refuse_widths(left)
            self.refuse_numbers(right if isinstance(right, tuple) else [right])
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            self.limit(len(left) + len(right))
        return self.bounded(super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` in a template; on the view's own value classes, without the sandbox's checks.

        For an instance of those plain classes (no function, type, frame or generator) the sandbox
        refuses exactly the names that start with ``_``, so that is the one test made here; what the
        attribute holds is checked as usual when the template goes on to read or call it. A page reads
        a few hundred attributes, and the checks were a third of the template's time.
        """
        if type(obj) in VIEW_CLASSES and not attribute.startswith("_"):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A call in a template; cardgen's own helpers and the view's methods are called directly.

        The sandbox would find nothing to refuse in either (no ``unsafe_callable``, no
        ``alters_data``, nothing passed the context) and the size checks below are for
        methods of strings and lists, so the only check they need is on what they return.
        A Hub README makes a few hundred such calls.
        """
        if __self.helpers.get(id(__obj), _NOT_A_HELPER) is __obj or (
            type(__obj) is MethodType and type(__obj.__self__) in VIEW_CLASSES
        ):
            kwargs.pop("_loop_vars", None)  # what Jinja passes for context-aware callables, as Context.call drops
            kwargs.pop("_block_vars", None)
            return __self.bounded(__obj(*args, **kwargs))
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if isinstance(owner, (str, list, tuple)):
            __self.refuse_numbers([*args, *kwargs.values()])
        if isinstance(owner, str) and name in ("format", "format_map"):
            __self.refuse_widths(owner)
        if isinstance(owner, str) and name == "replace" and len(args) >= 2:
            old, new = str(args[0]), str(args[1])
            times = owner.count(old) if old else len(owner) + 1
            __self.limit(len(owner) + times * max(len(new) - len(old), 0))
        if isinstance(owner, str) and name == "join" and args:
            parts = list(args[0])
            __self.limit(sum(len(str(part)) for part in parts) + len(owner) * len(parts))
            args = (parts, *args[1:])
        return __self.bounded(super().call(__context, __obj, *args, **kwargs))


def _bounded_filter(env: BoundedSandbox, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose arguments (after the value) are checked before it runs, and its result after."""

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [arg for arg in args if not isinstance(arg, (Context, EvalContext, Environment))]
        env.refuse_numbers([*values[1:], *kwargs.values()])
        if name == "format" and values and isinstance(values[0], str):
            env.refuse_widths(values[0])
        return env.bounded(function(*args, **kwargs))

    return bounded


TemplateDir = str | os.PathLike[str] | None
"""A directory of user templates that override the defaults by name, or None for the defaults alone."""


def environment(template_dir: TemplateDir = None) -> BoundedSandbox:
    """The sandboxed environment for ``template_dir`` (None: cardgen's own templates only), one per directory.

    Each environment compiles a template once and keeps it, so rendering many cards costs one
    compilation per template, not one per card; a template file edited on disk is reloaded (Jinja
    checks its modification time on each use). The step, time and output budgets are per render
    (:meth:`BoundedSandbox.start`).
    """
    return _environment(None if template_dir is None else os.path.abspath(os.fspath(template_dir)))


@functools.lru_cache(maxsize=16)
def _environment(template_dir: str | None) -> BoundedSandbox:
    packaged = ResourceLoader(packaged_templates())
    loaders: list[BaseLoader] = [PrefixLoader({"default": packaged}), packaged]
    if template_dir is not None:
        loaders.insert(0, ConfinedLoader(template_dir))
    env = BoundedSandbox(
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
    env.filters["hub_line"] = lambda text: Markup(to_markdown_line(str(text)))
    env.filters = {name: _bounded_filter(env, name, function) for name, function in env.filters.items()}
    return env


def render_template(template_dir: TemplateDir, name: str, **context: Any) -> str:
    """Render one template; any template failure becomes a :class:`TemplateProblem` naming file and line."""
    env = environment(template_dir)
    try:
        template = env.get_template(name)
        env.start(value for value in context.values() if callable(value) and not isinstance(value, type))
        return template.render(**context)
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
