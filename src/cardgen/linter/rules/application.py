"""CG42x: application cards, the products where models meet their users (CRFM Ecosystem Graphs)."""

from __future__ import annotations

from collections.abc import Iterator

from cardgen.linter.rules.base import Context, Hit, core_missing, rule

USERS_CORE = ("monthly_active_users", "user_distribution")
QUALITY_CORE = ("quality_control", "known_failures")


@rule("CG421", "monitoring-feedback-missing", "warning", "deployment", kinds=("application",))
def monitoring_feedback_missing(ctx: Context) -> Iterator[Hit]:
    """An application does not say how its use is monitored or where users report problems.

    An application is where harm reaches people; monitoring is how its operator finds
    out, and feedback is how users tell them. Answer both, `none` with a reason if so.
    """
    deployment = ctx.root["deployment"]
    if deployment.missing:
        yield (
            deployment.path,
            "the application has no 'deployment'; say how it is monitored and where users report problems",
        )
        return
    for name, what in (("monitoring", "how use is monitored"), ("feedback", "where users report problems")):
        if deployment.given and deployment[name].missing:
            yield deployment[name].path, f"'{name}' is missing; say {what}, or `none` and why"


@rule("CG422", "users-missing", "info", "users", kinds=("application",))
def users_missing(ctx: Context) -> Iterator[Hit]:
    """An application does not say how many people use it or who they are.

    Reach and user distribution say how far a failure spreads and whom it hits.
    """
    yield from core_missing(ctx.root["users"], "users", USERS_CORE)


@rule("CG423", "known-failures-missing", "warning", "quality", kinds=("application",))
def known_failures_missing(ctx: Context) -> Iterator[Hit]:
    """An application does not say how quality is controlled or where it is known to fail.

    Known failures are the most useful thing a deployed system can document; `none`
    is an answer only with a reason.
    """
    yield from core_missing(ctx.root["quality"], "quality", QUALITY_CORE)
