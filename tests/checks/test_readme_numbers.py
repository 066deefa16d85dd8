"""The README quotes what the plan costs and how many checks there are; each quoted value is checked against
the code here, so a new probe or check that changes one fails this test and names the sentence to update."""

from __future__ import annotations

import re
from math import ceil

import pytest

from conformance import hostile, probes
from conformance.checks import names
from conformance.plan import (
    CLASS_WEIGHTS,
    COMPLETE_WALKS,
    HOSTILE,
    MIN_CLASS_CASES,
    NEGATIVE,
    POSITIVE,
    SCHEMA_MIN_CASES,
    SHRINK_MAX,
    minimum_budget,
    semantic_requests,
    short_walks,
    single_requests,
    walk_pages,
)
from conformance.reference import MAIN_RUN, RUN_SIZES
from tests.paths import ROOT

README = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())  # one line: sentences wrap
STEPS = RUN_SIZES[MAIN_RUN]
# A 3-step run cannot show the default page size (20) nor the largest (100): tests/cli/test_short_runs.py.
UNOBSERVABLE_ON_THREE_STEPS = 2


def quoted(pattern: str) -> list[int]:
    """The numbers the README gives where `pattern` (a regex with one group per number) matches, once."""
    found = re.findall(pattern, README)
    assert len(found) == 1, f"the README should say this once: {pattern!r} (found {len(found)})"
    values = found[0] if isinstance(found[0], tuple) else (found[0],)
    return [int(v) for v in values]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (rf"semantic phase costs (\d+) requests on `{MAIN_RUN}` \((\d+) steps\)", [semantic_requests(STEPS), STEPS]),
        (
            r"complete walks \((\d+) pages\), short walks \((\d+) pages\), and (\d+) single probes",
            [
                sum(walk_pages(w, STEPS) for w in COMPLETE_WALKS),
                sum(walk_pages(w, STEPS) for w in short_walks(STEPS)),
                single_requests(STEPS),
            ],
        ),
        (r"must be empty, and (\d+)\s+single probes", [single_requests(STEPS)]),
        (r"three with a malformed key, unknown ids and cursors, (\d+) invalid inputs", [len(probes.INVALID_PROBES)]),
        (r"needs at least (\d+) cases, sent round-robin", [SCHEMA_MIN_CASES]),
        (rf"\*\*The minimum for `{MAIN_RUN}` is (\d+) requests\*\*", [minimum_budget(STEPS)]),
        (
            r"walking a (\d+)-step run at limit (\d+) to the end would cost (\d+) pages",
            [STEPS, probes.BOUNDARY_LIMIT, ceil(STEPS / probes.BOUNDARY_LIMIT)],
        ),
        (r"`conformant: all (\d+) checks passed`", [len(names())]),
        (
            r"(\d+)% positive, (\d+)% negative and (\d+)% hostile",
            [CLASS_WEIGHTS[POSITIVE], CLASS_WEIGHTS[NEGATIVE], CLASS_WEIGHTS[HOSTILE]],
        ),
        (
            r"At the minimum \((\d+) requests\) that is (\d+) positive, (\d+) negative and (\d+) hostile",
            [SCHEMA_MIN_CASES, MIN_CLASS_CASES[POSITIVE], MIN_CLASS_CASES[NEGATIVE], MIN_CLASS_CASES[HOSTILE]],
        ),
        (r"well-typed but unusual input, (\d+) kinds", [len(hostile.KINDS)]),
        (r"the (\d+) hostile requests of the minimum", [MIN_CLASS_CASES[HOSTILE]]),
        (r"with at most (\d+) requests kept from the hostile share", [SHRINK_MAX]),
        (r"conformant on a 3-step run: (\d+) checks passed", [len(names()) - UNOBSERVABLE_ON_THREE_STEPS]),
    ],
)
def test_a_number_the_readme_quotes_is_the_codes(pattern: str, expected: list[int]) -> None:
    assert quoted(pattern) == expected


def test_the_readme_says_three_malformed_credentials() -> None:
    assert len(probes.MALFORMED_PROBES) == 3 and "three with a malformed key" in README


def test_the_readme_table_of_minimum_budgets_is_the_plans() -> None:
    rows = re.findall(r"\| ((?:`run_ref_\w+`(?:, )?)+) \| (\d+) \| (\d+) \|", README)
    assert len(rows) >= 5, rows
    listed = set()
    for runs, steps, minimum in rows:
        for run in re.findall(r"`(run_ref_\w+)`", runs):
            listed.add(run)
            assert (RUN_SIZES[run], minimum_budget(RUN_SIZES[run])) == (int(steps), int(minimum)), run
    assert listed == set(RUN_SIZES), set(RUN_SIZES) ^ listed  # every reference run, each once
