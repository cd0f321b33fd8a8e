"""The garbage collector paused over work that builds many objects and keeps them all until it ends.

Collections during such work find nothing to free and only re-scan what it built, again and
again: importing a command, laying out a PDF, rendering a page. Reference cycles left behind are
collected once, when the collector resumes.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off for the ``with`` block, and back as it was after (so pauses nest)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
