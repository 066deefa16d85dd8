"""The hostile class of generated requests: well-typed but unusual inputs that real servers crash on.

Every parameter of the operation is a string (the ids and cursors) or a number spelled as a string (`limit`), so
a server has to accept, or refuse cleanly, whatever a string can hold. Schemathesis generates from the schema,
whose strings are unconstrained, but the suite has to pin the ids and swap its cursors for real step ids (a
cursor must name a step), and a query is a mapping there, so a repeated parameter cannot be expressed; its
hooks (`map_query`, `filter_query`) are process-wide. So this class is drawn with Hypothesis' own strategies
(`st.text`, `st.characters`, `st.from_regex`), one strategy per `Kind`, each of which always holds its kind's
property (a non-ASCII character, over 64 characters, a `%`...), seeded like the schemathesis cases.

Hypothesis tries the simplest example of a strategy first, so the first case of every kind is that kind's
smallest input (`'\\x80'`, `'%'`, `limit=1.5`): the cases are sent round-robin over the kinds, so a run at the
minimum budget still sends the smallest input of each kind. Later cases vary with the seed. Duplicates are
dropped. A failing case is shrunk by `smaller`, with requests of its own (see `conformance.schema_phase`).
"""

from __future__ import annotations

import itertools
import string
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import hypothesis
import hypothesis.strategies as st
from hypothesis import HealthCheck, Phase

from conformance.contract import CREDENTIAL_HEADER_NAMES, INCLUDE_CONTENT, QUERY_PARAMETERS, route_path

# A twist: where ("path", "query" or "header"), which name, and the value sent there.
Twist = tuple[str, str, str]
ID_CHARS = string.ascii_letters + string.digits + "_"
LONG = 64  # a cursor or id "over 64 characters": longer than a common fixed-width column
PERCENT = ("%", "%25", "%2F", "%zz", "%00", "%%", "%E9", "%C3%A9", "%u00e9")
SPACES = (" ", "  ", " \t ", "\u3000 ")
RESERVED = tuple("/?#&=+;,:@[]!$'()*\"<>\\^`{|}~.")
NON_ASCII = st.characters(min_codepoint=0x80, exclude_categories=["Cs"])
# Numbers that are not whole (`int()` refuses them, `float()` does not) and whole numbers spelled unusually.
FRACTIONS = ("1.5", "1e1", "2.0", "1E2", "0.5", "-1.5", "inf", "nan", "1e400")
SPELLINGS = ("+5", "05", " 5", "5 ", "1_0", "\uff15", "\u0665", "0x10", "0005", "+0005")
# Legal request headers with unusual values, and custom ones (X-...) with any visible ASCII value.
ODD_HEADERS = (
    ("Accept", "application/json;q=0.9, */*;q=0.1"),
    ("Accept-Language", "*"),
    ("Cache-Control", "no-cache, no-store, max-age=0"),
    ("Accept-Charset", "utf-8, iso-8859-1;q=0.5"),
    ("User-Agent", ""),
    ("Accept", "*/*"),
    ("Pragma", "no-cache"),
    ("X-Request-Id", "0" * 200),
)
VISIBLE = "".join(chr(c) for c in range(0x20, 0x7F))


@dataclass(frozen=True)
class Kind:
    name: str
    said: str  # how a detail names it: "a cursor holding a non-ASCII character"
    twists: st.SearchStrategy[tuple[Twist, ...]]


def _around(middle: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Strings holding `middle` somewhere: its simplest example is `middle`'s alone."""
    return st.tuples(st.text(ID_CHARS, max_size=12), middle, st.text(ID_CHARS, max_size=12)).map("".join)


def _at(where: str, names: Sequence[str], values: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[Twist, ...]]:
    return st.tuples(st.sampled_from(names), values).map(lambda nv: ((where, nv[0], nv[1]),))


def _long(prefix: str) -> st.SearchStrategy[str]:
    return st.text(ID_CHARS, min_size=LONG + 1 - len(prefix), max_size=400).map(lambda s: prefix + s)


_CURSORS = ("after", "before")
_IDS = ("thread_id", "run_id")
_REPEATABLE = {
    "limit": st.integers(1, 100).map(str),
    "order": st.sampled_from(("asc", "desc")),
    "after": st.text(ID_CHARS, min_size=1, max_size=20).map(lambda s: "step_" + s),
    "before": st.text(ID_CHARS, min_size=1, max_size=20).map(lambda s: "step_" + s),
    "include[]": st.just(INCLUDE_CONTENT),
}


def _repeated(name: str) -> st.SearchStrategy[tuple[Twist, ...]]:
    value = _REPEATABLE[name]
    return st.tuples(value, value).map(lambda vv: (("query", name, vv[0]), ("query", name, vv[1])))


def _unknown_name(name: str) -> bool:
    return name not in QUERY_PARAMETERS and name.lower() != "api-version"


def _custom_header(name: str) -> bool:
    lowered = name.lower()
    return lowered not in CREDENTIAL_HEADER_NAMES and not lowered.startswith(("x-portkey", "x-stainless"))


KINDS: tuple[Kind, ...] = (
    Kind("cursor-non-ascii", "a cursor holding a non-ASCII character", _at("query", _CURSORS, _around(NON_ASCII))),
    Kind("cursor-long", f"a cursor over {LONG} characters", _at("query", _CURSORS, _long("step_"))),
    Kind("cursor-reserved", "a cursor holding a percent sign, a space or a reserved character",
         _at("query", _CURSORS, _around(st.sampled_from(PERCENT + SPACES + RESERVED)))),
    Kind("cursor-empty", "an empty cursor", _at("query", _CURSORS, st.just(""))),
    Kind("id-percent", "a thread or run id holding a percent sign",
         _at("path", _IDS, _around(st.sampled_from(PERCENT)))),
    Kind("id-space", "a thread or run id holding a space", _at("path", _IDS, _around(st.sampled_from(SPACES)))),
    Kind("id-unusual", "a thread or run id holding a non-ASCII or reserved character",
         _at("path", _IDS, _around(st.one_of(NON_ASCII, st.sampled_from(RESERVED))))),
    Kind("id-long", f"a thread or run id over {LONG} characters",
         st.sampled_from(_IDS).flatmap(lambda n: _at("path", (n,), _long(n.split("_")[0] + "_")))),
    Kind("repeated-parameter", "a query parameter given twice", st.sampled_from(tuple(_REPEATABLE)).flatmap(_repeated)),
    Kind("unknown-parameter", "an unknown query parameter",
         st.tuples(st.text(string.ascii_letters + string.digits + "_-.[]~", min_size=1, max_size=24).filter(
             _unknown_name), st.text(max_size=24)).map(lambda nv: (("query", nv[0], nv[1]),))),
    Kind("limit-fraction", "a limit that is a number but not a whole one",
         _at("query", ("limit",), st.one_of(st.sampled_from(FRACTIONS), st.floats(0.01, 1000).filter(
             lambda f: not f.is_integer()).map(repr)))),
    Kind("limit-spelling", "a whole-number limit spelled unusually",
         _at("query", ("limit",), st.one_of(st.sampled_from(SPELLINGS), st.tuples(st.integers(1, 4), st.integers(
             1, 100)).map(lambda zn: "0" * zn[0] + str(zn[1]))))),
    Kind("odd-header", "an unusual but legal request header",
         st.one_of(st.sampled_from(ODD_HEADERS), st.tuples(
             st.from_regex(r"X-[A-Za-z][A-Za-z0-9-]{0,30}", fullmatch=True).filter(_custom_header),
             st.text(VISIBLE, max_size=200).map(str.strip))).map(lambda nv: (("header", nv[0], nv[1]),))),
)  # fmt: skip
BY_NAME = {kind.name: kind for kind in KINDS}


@dataclass(frozen=True)
class HostileCase:
    """One hostile request: the run's own ids and the profile's headers, changed by its twists."""

    kind: str
    twists: tuple[Twist, ...]

    @property
    def said(self) -> str:
        return BY_NAME[self.kind].said

    def path(self, thread_id: str, run_id: str) -> str:
        ids = {"thread_id": thread_id, "run_id": run_id}
        ids.update({name: value for where, name, value in self.twists if where == "path"})
        return route_path(ids["thread_id"], ids["run_id"])

    @property
    def params(self) -> list[tuple[str, str]]:
        return [(name, value) for where, name, value in self.twists if where == "query"]

    @property
    def headers(self) -> dict[str, str]:
        return {name: value for where, name, value in self.twists if where == "header"}

    @property
    def shown(self) -> str:
        """The input, exactly but briefly: `after='\\x80'`, `thread_id='%'`, `header X-A: 'b'`, long values cut
        with their length."""
        parts = []
        for where, name, value in self.twists:
            text = repr(value) if len(value) <= 40 else f"{value[:24]!r}… ({len(value)} characters)"
            parts.append(f"header {name}: {text}" if where == "header" else f"{name}={text}")
        return ", ".join(parts)

    @property
    def size(self) -> int:
        return sum(len(value) for _, _, value in self.twists)

    def smaller(self) -> Iterator[HostileCase]:
        """Candidates for shrinking, smallest first within each twist: its value emptied, then with halves,
        quarters... down to single characters cut out, then each character made plain ('a'). Kept only if the
        answer fails the same way; the caller tries each distinct request once."""
        for index, (where, name, value) in enumerate(self.twists):
            for candidate in _shorter(value):
                twists = list(self.twists)
                twists[index] = (where, name, candidate)
                yield replace(self, twists=tuple(twists))


def _shorter(value: str) -> Iterator[str]:
    if value:
        yield ""
    width = len(value) // 2
    while width >= 1:
        for start in range(0, len(value), width):
            yield value[:start] + value[start + width :]
        width //= 2
    for index, char in enumerate(value):
        if char != "a":
            yield value[:index] + "a" + value[index + 1 :]


def draw(kind: Kind, count: int, seed: int) -> list[HostileCase]:
    """`count` examples of `kind`, seeded (each kind with its own seed drawn from `seed`, so that kinds do not
    share their random choices); the first is its simplest (see the module's docstring)."""
    drawn: list[HostileCase] = []

    @hypothesis.settings(
        max_examples=count,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
        print_blob=False,
        verbosity=hypothesis.Verbosity.quiet,
    )
    @hypothesis.seed(seed * 1_000_003 + zlib.crc32(kind.name.encode()))
    @hypothesis.given(kind.twists)
    def collect(twists: tuple[Twist, ...]) -> None:
        drawn.append(HostileCase(kind.name, twists))

    collect()
    return drawn


def generate(per_kind: int, seed: int, kinds: Sequence[Kind] = KINDS) -> list[HostileCase]:
    """Up to `per_kind` distinct cases of every kind, round-robin over the kinds (each kind's simplest first).
    Call under `seeded.no_local_constants` (as `schema_phase.generate` does)."""
    seen: set[tuple[Twist, ...]] = set()
    columns = []
    for kind in kinds:
        column = []
        for case in draw(kind, per_kind, seed):
            if case.twists not in seen:
                seen.add(case.twists)
                column.append(case)
        columns.append(column)
    return [case for row in itertools.zip_longest(*columns) for case in row if case is not None]


def shrink(
    failing: HostileCase, fails: Callable[[HostileCase], bool | None], limit: int, tried: set[tuple[Twist, ...]]
) -> tuple[HostileCase, int]:
    """The smallest case found that still fails (greedily, as Hypothesis' shrinker does, but bounded): each
    candidate of `smaller` that was not sent before costs one call of `fails` (True: fails the same way;
    None: no request left). At most `limit` calls; returns the smallest failing case and the calls spent."""
    best, spent = failing, 0
    while spent < limit:
        for candidate in best.smaller():
            key = tuple(candidate.twists)
            if key in tried:
                continue
            if spent >= limit:
                return best, spent
            tried.add(key)
            spent += 1
            verdict = fails(candidate)
            if verdict is None:
                return best, spent
            if verdict:
                best = candidate
                break
        else:
            return best, spent
    return best, spent
