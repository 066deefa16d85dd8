"""The same seed gives the same generated cases, whichever of the suite's modules happen to be loaded.

Hypothesis (6.13x and later) mixes literal constants from the *local* modules in `sys.modules` (for us: the
suite's own `conformance.*` source) into what it draws. So the cases of one seed changed with what else the
process had imported (a run against the embedded provider loads its modules; `judge` and `serve --replay` do
not) and with any edit to a literal anywhere in the suite: a recording could not be judged again, and a
`--seed` line could not replay a run. `no_local_constants` turns that pool off while the cases are generated;
Hypothesis' own built-in constants still apply. It uses a private hook of Hypothesis: if that hook is gone in
a later version, nothing is changed and `tests/cli/test_evidence.py` says the cases drifted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def no_local_constants() -> Iterator[None]:
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - a Hypothesis without the module
        yield
        return
    original: Any = getattr(providers, "_get_local_constants", None)
    constants: Any = getattr(providers, "Constants", None)
    cache: Any = getattr(providers, "CONSTANTS_CACHE", None)
    if original is None or constants is None or cache is None:
        yield
        return
    empty = constants()
    cache.cache.clear()  # allowed values computed with local constants must not be reused
    providers._get_local_constants = lambda: empty
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.cache.clear()
