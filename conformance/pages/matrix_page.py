"""`matrix.html`: targets x checks from each target's report.json, root causes first, every cell a link to that
check's row in the target's report.html; with a history, per target a strip of the last nights for each check
and the night each current failure started."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conformance.pages.history import History
from conformance.pages.markup import (
    STATUS_ICON,
    STATUS_WORD,
    VERDICT_COLOUR,
    anchor,
    as_dict,
    esc,
    page,
    portless,
    prose,
    status_cell,
    target_place,
)
from conformance.pages.order import checks_of, root_causes

LEGEND = (
    ("passed", "judged and conforming"),
    ("failed", "judged and not conforming"),
    ("skipped", "not judged: budget, an earlier stop, or a failure it depends on"),
    ("unobservable", "this run cannot show the behaviour (the report says which run would)"),
    ("excluded", "left out with --checks / --exclude-checks"),
    ("absent", "no such check in this target's report"),
    ("untestable", "the target could not be tested (the preflight stopped it, or it was not run): no check ran"),
)


def _rows(reports: Sequence[tuple[str, dict[str, Any]]]) -> list[str]:
    """Check names, root causes first: by their best place among any target's root causes, then checks that
    fail only as echoes, then the rest in the order the reports declare them."""
    declared: list[str] = []
    for _, report in reports:
        declared += [c["name"] for c in checks_of(report) if c["name"] not in declared]
    best: dict[str, int] = {}
    for _, report in reports:
        for place, name in enumerate(root_causes(report)):
            best[name] = min(best.get(name, place), place)
    failing = {c["name"] for _, r in reports for c in checks_of(r) if c.get("status") == "failed"}

    def rank(name: str) -> tuple[int, int, int]:
        if name in best:
            return (0, best[name], declared.index(name))
        return (1 if name in failing else 2, 0, declared.index(name))

    return sorted(declared, key=rank)


def _find(report: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((c for c in checks_of(report) if c["name"] == name), None)


def _colour(report: dict[str, Any]) -> str:
    return VERDICT_COLOUR.get(str(report.get("verdict")), "#6e7781")


def _untestable(name: str, report: dict[str, Any], rows: int) -> str:
    """The one cell of a target no check ran on (untestable): its verdict and why, over the whole column."""
    reason = as_dict(report.get("untestable")).get("reason") or report.get("summary") or "no check ran"
    return (
        f'<td class="st st-untestable" rowspan="{max(rows, 1)}" data-target="{esc(name)}">'
        f'<a href="{esc(name)}/report.html#verdict">{esc(STATUS_ICON["untestable"])} untestable</a>'
        f'<div class="small">{prose(reason)}</div></td>'
    )


def _table(reports: Sequence[tuple[str, dict[str, Any]]]) -> str:
    roots = {name: set(root_causes(report)) for name, report in reports}
    head = "".join(f'<th><a href="{esc(name)}/report.html">{esc(name)}</a></th>' for name, _ in reports)
    lines = [f'<table id="matrix"><thead><tr><th>check</th>{head}</tr></thead><tbody>']
    names = _rows(reports) or ["(no check ran)"]
    untested = {name for name, report in reports if not checks_of(report)}
    for index, check in enumerate(names):
        cells = []
        for name, report in reports:
            if name in untested:
                cells += [_untestable(name, report, len(names))] if index == 0 else []
                continue
            found = _find(report, check)
            attrs = f' data-target="{esc(name)}"'
            if found is None:
                cells.append(status_cell("absent", attrs=attrs))
                continue
            status = str(found.get("status"))
            tip = str(found.get("detail") or "")[:300]
            if status == "failed" and check in roots[name]:
                tip = f"root cause: {tip}"
            elif status == "failed" and found.get("echo_of"):
                tip = f"probably follows from {found['echo_of']}: {tip}"
            href = f"{name}/report.html#{anchor(check)}"
            cells.append(status_cell(status, href=href, title=tip, attrs=attrs))
        any_root = any(check in r for r in roots.values())
        mark = ' <span class="small">(root cause)</span>' if any_root else ""
        lines.append(f'<tr data-check="{esc(check)}"><td><code>{esc(check)}</code>{mark}</td>{"".join(cells)}</tr>')
    verdicts = "".join(
        f'<td class="verdict-cell" style="border-bottom:4px solid {_colour(r)}">'
        f'<a href="{esc(name)}/report.html#verdict"><b>{esc(r.get("verdict"))}</b></a></td>'
        for name, r in reports
    )
    lines.append(f"</tbody><tfoot><tr><th>verdict</th>{verdicts}</tr></tfoot></table>")
    return "\n".join(lines)


def _place(report: dict[str, Any]) -> str:
    place = target_place(report)
    return prose(place) if report.get("target_id") == "embedded" else f"<code>{esc(place)}</code>"


def _targets(reports: Sequence[tuple[str, dict[str, Any]]]) -> str:
    rows = "".join(
        f'<tr><td><a href="{esc(name)}/report.html">{esc(name)}</a></td><td>{_place(r)}</td>'
        f"<td>{esc(r.get('profile'))}</td><td>{esc(r.get('requests'))}</td><td>{esc(r.get('finished_at'))}</td>"
        f"<td>{prose(r.get('summary'))}</td></tr>"
        for name, r in reports
    )
    return (
        '<table id="targets"><thead><tr><th>target</th><th>where</th><th>profile</th><th>requests</th>'
        f"<th>finished</th><th>verdict line</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _night_cell(history: History, night_index: int, target: str) -> str:
    """One night of one target in the overview strip: its verdict by colour, and how many checks failed."""
    night = history.window[night_index]
    verdict, failing = night.verdict(target), night.failing(target)
    colour = VERDICT_COLOUR.get(verdict, "#8c959f")
    text = (
        f"✗ {len(failing)}" if failing else {"absent": "·", "untestable": STATUS_ICON["untestable"]}.get(verdict, "✓")
    )
    tip = f"{night.label}: {verdict}" + (f"; failing: {', '.join(failing)}" if failing else "")
    return f'<td class="night" style="border-bottom:4px solid {colour}" title="{esc(tip)}">{esc(text)}</td>'


def _history(reports: Sequence[tuple[str, dict[str, Any]]], history: History) -> str:
    """A strip per target (each night: its verdict's colour and how many checks failed), then only the checks
    that failed on some night shown, each with its strip and the night its current failure started: what
    changed, not every check every night."""
    window = history.window
    head = "".join(f'<th class="small">{esc(n.label)}</th>' for n in window)
    overview = "".join(
        f'<tr data-target="{esc(name)}"><td>{esc(name)}</td>'
        + "".join(_night_cell(history, i, name) for i in range(len(window)))
        + "</tr>"
        for name, _ in reports
    )
    parts = [
        f'<h2 id="history">History: the last {len(window)} night{"s" if len(window) != 1 else ""}</h2>',
        f'<p class="small muted">Oldest on the left, tonight ({esc(window[-1].label)}) on the right; '
        f"{len(history.nights)} night(s) read. Each night: the number of failing checks (✗ N) or ✓, underlined "
        "in the colour of the verdict.</p>",
        f'<table id="history-overview"><thead><tr><th>target</th>{head}</tr></thead><tbody>{overview}</tbody></table>',
    ]
    for name, _ in reports:
        failing = history.ever_failing(name)
        if not failing:
            ran = any(n.verdict(name) not in ("absent", "untestable") for n in window)
            what = "no check failed on these nights" if ran else "no check ran on these nights (untestable)"
            parts.append(f'<p class="small muted calm" data-target="{esc(name)}">{esc(name)}: {what}.</p>')
            continue
        rows = []
        for check in failing:
            strip = "".join(
                f'<td class="st st-{esc(s)}" title="{esc(label)}: {esc(STATUS_WORD.get(s, s))}">'
                f"{esc(STATUS_ICON.get(s, '?'))}</td>"
                for label, s in history.strip(name, check)
            )
            since = history.failing_since(name, check)
            text = ""
            if since is not None:
                text = f"failing since {since[0]}" + (" (or earlier: the oldest night read)" if since[1] else "")
            rows.append(
                f'<tr data-check="{esc(check)}"><td><code>{esc(check)}</code></td>{strip}'
                f'<td class="since">{esc(text)}</td></tr>'
            )
        parts.append(
            f'<h3>{esc(name)}: the checks that failed on these nights</h3><table class="history" '
            f'data-target="{esc(name)}"><thead><tr><th>check</th>{head}<th>current failure started</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return "\n".join(parts)


def matrix_html(reports: Sequence[tuple[str, dict[str, Any]]], history: History | None = None) -> str:
    reports = [(name, portless(report)) for name, report in reports]
    stamps = [str(r.get("finished_at")) for _, r in reports if r.get("finished_at")]
    when = f" (reports of {max(stamps)})" if stamps else ""
    legend = "".join(f"<li>{status_cell(s, tag='span')} {esc(text)}</li>" for s, text in LEGEND)
    body = [
        f"<h1>Conformance matrix{esc(when)}</h1>",
        '<p class="small muted">List run steps (GET /threads/{thread_id}/runs/{run_id}/steps), one column per target. '
        "Each cell leads to that check's row in the target's report; root causes come first.</p>",
        _table(reports) if reports else "<p>No target reports.</p>",
        f'<ul class="legend small">{legend}</ul>',
        "<h2>Targets</h2>",
        _targets(reports),
    ]
    if history is not None:
        body.append(_history(reports, history))
    return page("Conformance matrix", "\n".join(body))
