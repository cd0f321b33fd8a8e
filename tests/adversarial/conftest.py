"""The standing adversarial suite: hostile and broken cards through every stage, within bounds.

Hypothesis runs under one registered profile: derandomized (the same examples on every
run, so CI cannot fail at random), no example database, no per-example deadline (the
machine is shared; the bounds below are explicit instead). ``CARDGEN_FUZZ_EXAMPLES``
scales the number of examples for a longer local run; the default keeps the whole
suite under 3 minutes.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ_EXAMPLES = int(os.environ.get("CARDGEN_FUZZ_EXAMPLES", "30"))

settings.register_profile(
    "cardgen-adversarial",
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
ADVERSARIAL = settings.get_profile("cardgen-adversarial")
"""Applied test by test (``@ADVERSARIAL``), so other suites keep their own hypothesis settings."""
