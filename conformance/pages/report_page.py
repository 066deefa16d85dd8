"""`report.html`: one run, from its report.json. The verdict line and the scope first, then one row per check
(status by word, icon and colour; root causes first; against a baseline, regressions marked), with each
failure's evidence (`conformance.pages.evidence`: the answer, the masked curl and which key goes where, the
page before it, the probe that sent it); beside the table, the answer times. The embedded provider is named as
such, never by the temporary port it had during the run.
"""

from __future__ import annotations

from typing import Any

from conformance.pages.evidence import request_block
from conformance.pages.markup import (
    VERDICT_COLOUR,
    anchor,
    as_dict,
    as_list,
    esc,
    page,
    portless,
    prose,
    status_cell,
    target_place,
    verdict_line,
)
from conformance.pages.order import checks_of, ordered_checks, root_causes
from conformance.pages.timing_svg import timing_svg

# A little JS, and the page works without it: a filter that hides the checks that passed.
FILTER_JS = """
document.getElementById('only-problems').addEventListener('change', function (e) {
  document.querySelectorAll('tr.row-passed').forEach(function (row) { row.hidden = e.target.checked; });
});
"""


def _detail(check: dict[str, Any], report: dict[str, Any]) -> str:
    text = prose(check.get("detail"))
    if check.get("echo_of"):
        text += f' <span class="muted">(probably follows from <a href="#{esc(anchor(str(check["echo_of"])))}">'
        text += f"{esc(check['echo_of'])}</a>)</span>"
    if check.get("blocked_by"):
        text += f' <span class="muted">(depends on {esc(check["blocked_by"])})</span>'
    if check.get("status") == "unobservable" and check.get("needs"):
        text += f' <span class="muted">(needs {esc(check["needs"])})</span>'
    if not check.get("core", True):
        text += ' <span class="muted">[optional]</span>'
    evidence = request_block("the request that shows it", check.get("request"), report)
    evidence += request_block("the page before it", check.get("previous_request"), report)
    if evidence and check.get("status") == "failed":
        serve = as_dict(report.get("reproduce")).get("serve")
        if serve:
            evidence = f'<div class="small muted">first: <code>{esc(serve)} &amp;</code></div>' + evidence
        text += f"<details open><summary>Reproduce</summary>{evidence}</details>"
    description = f'<div class="small muted">{prose(check.get("description"))}</div>'
    return text + description


BASELINE_TAGS = (
    ("regressions", "regression", "failing now, not in the baseline: this decides the verdict"),
    ("known", "known", "failing in the baseline too"),
    ("hidden", "known", "not judged, as in the baseline, because of a known failure"),
    ("fixed", "fixed", "failing in the baseline, not now"),
)


def _baseline_tag(name: str, report: dict[str, Any]) -> str:
    """Against a --baseline: which group the check is in (a regression stands out; the others are marked)."""
    baseline = as_dict(report.get("baseline"))
    for key, tag, why in BASELINE_TAGS:
        if name in as_list(baseline.get(key)):
            word = {"regressions": "regression", "known": "known failure", "hidden": "hidden, as before"}.get(key, tag)
            return f' <span class="tag tag-{tag}" title="{esc(why)}">{esc(word)}</span>'
    return ""


def _rows(report: dict[str, Any]) -> str:
    roots = root_causes(report)
    rows = []
    for check in ordered_checks(report):
        name, status = str(check["name"]), str(check.get("status"))
        cause = ' <span class="small">(root cause)</span>' if name in roots and len(roots) else ""
        cause += _baseline_tag(name, report)
        indent = ' class="echo"' if check.get("echo_of") and status == "failed" else ""
        rows.append(
            f'<tr id="{esc(anchor(name))}" class="row-{esc(status)}">'
            f"<td{indent}><code>{esc(name)}</code>{cause}</td><td>{esc(check.get('phase'))}</td>"
            f"{status_cell(status)}<td>{_detail(check, report)}</td></tr>"
        )
    return "\n".join(rows)


def _facts(report: dict[str, Any]) -> str:
    facts = [
        ("target", f"{report.get('target')}: {target_place(report)} (profile {report.get('profile')})"),
        ("run", report.get("run")),
        ("finished", report.get("finished_at")),
        ("requests", f"{report.get('requests')} (cases {report.get('cases')}); budget "
                     f"{report.get('request_budget') or 'none'}; seed {report.get('seed')}"),
        ("time", f"{report.get('elapsed_seconds')} s"),
        ("spec", report.get("spec_version")),
    ]  # fmt: skip
    baseline = report.get("baseline")
    if isinstance(baseline, dict):
        parts = [f"{key}: {', '.join(map(str, as_list(baseline.get(key)))) or 'none'}"
                 for key in ("regressions", "known", "hidden", "fixed")]  # fmt: skip
        facts.append(("baseline", f"{baseline.get('path')}; " + "; ".join(parts)))
    reproduce = report.get("reproduce")
    if isinstance(reproduce, dict) and reproduce.get("replay"):
        facts.append(("replay", reproduce["replay"]))
    items = "".join(f"<tr><th>{esc(k)}</th><td>{prose(v)}</td></tr>" for k, v in facts if v is not None)
    return f'<table class="facts">{items}</table>'


def _scope(report: dict[str, Any]) -> str:
    scope = report.get("observed_scope")
    if not isinstance(scope, dict):
        return ""
    steps = scope.get("run_steps")
    size = f"a {steps}-step run" if steps is not None else "a run whose size was not established"
    unseen = [u for u in as_list(scope.get("unobservable")) if isinstance(u, dict)]
    items = "".join(
        f"<li><code>{esc(u.get('check'))}</code>: {prose(u.get('reason'))} (needs {prose(u.get('needs'))})</li>"
        for u in unseen
    )
    listed = f"<p>Not observable on this run:</p><ul>{items}</ul>" if items else ""
    return f'<section id="scope"><p><b>Scope:</b> {esc(size)}. {prose(scope.get("covers"))}</p>{listed}</section>'


def _root_cause_list(report: dict[str, Any]) -> str:
    """The root causes as a list, most severe first, each with its detail and what follows from it (read from
    each failure's `echo_of`, followed to its root)."""
    roots = root_causes(report)
    if report.get("verdict") != "non-conformant" or not roots:
        return ""
    checks = {c["name"]: c for c in checks_of(report)}

    def root_of(name: str) -> str:
        seen = {name}
        while (echo := checks.get(name, {}).get("echo_of")) and echo in checks and echo not in seen:
            seen.add(echo)
            name = echo
        return name

    items = []
    for name in roots:
        follows = [n for n, c in checks.items() if c.get("status") == "failed" and n != name and root_of(n) == name]
        under = (
            '<div class="small">follows from it: '
            + ", ".join(f'<a href="#{esc(anchor(n))}"><code>{esc(n)}</code></a>' for n in follows)
            + "</div>"
            if follows
            else ""
        )
        items.append(
            f'<li><a href="#{esc(anchor(name))}"><code>{esc(name)}</code></a>: '
            f"{prose(checks.get(name, {}).get('detail'))}{under}</li>"
        )
    return f'<section id="root-causes"><h2>Root causes (most severe first)</h2><ol>{"".join(items)}</ol></section>'


def report_html(report: dict[str, Any]) -> str:
    report = portless(report)
    verdict = str(report.get("verdict") or "unknown")
    colour = VERDICT_COLOUR.get(verdict, "#6e7781")
    body = [
        f"<h1>Conformance report: {esc(report.get('target'))}</h1>",
        f'<p class="verdict" id="verdict" style="border-color:{colour}">{verdict_line(report)}</p>',
        _root_cause_list(report),
        _scope(report),
        _facts(report),
    ]
    body += [f'<p class="note">note: {prose(n)}</p>' for n in as_list(report.get("notes"))]
    untestable = report.get("untestable")
    if isinstance(untestable, dict):
        body.append(f"<h2>Untestable ({esc(untestable.get('kind'))})</h2><p>{prose(untestable.get('reason'))}</p>")
        body.append(request_block("the preflight request", untestable.get("request"), report))
    body.append("<h2>Answer times</h2>" + timing_svg(as_list(report.get("request_times_ms"))))
    if report.get("checks"):
        body.append(
            '<h2>Checks</h2><label class="small"><input type="checkbox" id="only-problems"> hide passed checks'
            "</label>"
            '<table id="checks"><thead><tr><th>check</th><th>phase</th><th>status</th><th>detail</th></tr></thead>'
            f"<tbody>\n{_rows(report)}\n</tbody></table>"
        )
    return page(f"{report.get('target')}: {verdict}", "\n".join(body), FILTER_JS)
