"""The pieces every page shares: escaping, the status vocabulary (word, icon and colour, never colour alone),
the page skeleton with its inline style, and masking a report's data before it is rendered."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from typing import Any

from conformance.secrets import Masker

# Each status is shown by a word and an icon as well as a colour, so the pages read without colour too.
STATUS_ICON = {"passed": "✓", "failed": "✗", "skipped": "\u2013", "excluded": "⊘", "unobservable": "◌", "absent": "·",
               "untestable": "⊗"}  # fmt: skip
STATUS_WORD = {"passed": "passed", "failed": "FAILED", "skipped": "skipped", "excluded": "excluded",
               "unobservable": "unobservable", "absent": "no report", "untestable": "untestable"}  # fmt: skip
VERDICT_COLOUR = {"conformant": "#1a7f37", "no-regression": "#4d7c0f", "non-conformant": "#cf222e",
                  "incomplete": "#9a6700", "untestable": "#6e7781"}  # fmt: skip

# Nothing a page holds may reach another host: no default source, only inline style, data: images, and the
# page's own script, allowed by its hash (so even a script that escaping missed would not run). Links to the
# other pages are navigations, which this policy leaves to the reader.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {script}"

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em auto;max-width:1280px;
 padding:0 1em;color:#1f2328;background:#fff}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.4em 0 .4em}
table{border-collapse:collapse;margin:.4em 0}th,td{border:1px solid #d0d7de;padding:3px 7px;vertical-align:top;
 text-align:left}th{background:#f6f8fa}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:#f6f8fa;padding:.5em;white-space:pre-wrap;word-break:break-all;margin:.3em 0}
.verdict{font-size:1.1em;padding:.5em .8em;border-left:6px solid;background:#f6f8fa}
.st{white-space:nowrap;font-weight:600}
.st-passed{color:#1a7f37;background:#eefbf0}.st-failed{color:#fff;background:#cf222e}
.st-skipped{color:#9a6700;background:#fff8c5}
.st-excluded{color:#57606a;background-color:#eaeef2;
 background-image:repeating-linear-gradient(45deg,#eaeef2,#eaeef2 4px,#fff 4px,#fff 8px)}
.st-unobservable{color:#0550ae;background:#ddf4ff}.st-absent{color:#8c959f}
.st-untestable{color:#fff;background:#6e7781;text-align:center;vertical-align:middle;white-space:normal;
 max-width:16em;overflow-wrap:anywhere}
.tag{font-size:.8em;font-weight:600;padding:0 .4em;border-radius:3px;margin-left:.4em;white-space:nowrap}
.tag-regression{color:#fff;background:#cf222e}.tag-known{color:#57606a;background:#eaeef2}
.tag-fixed{color:#1a7f37;background:#eefbf0}
.answer{background:#fff8c5}.keys{margin:.2em 0 .6em}td.night{text-align:center;min-width:2.2em}
td.st a{color:inherit;text-decoration:none;display:block}
tr:target,tr:target td{outline:3px solid #0969da}tr:target td:not(.st){background:#ddf4ff}
.muted{color:#57606a}.small{font-size:.9em}
.strip{display:flex;gap:2px}.strip span{display:inline-block;width:1.5em;text-align:center;border-radius:2px}
.echo{padding-left:1.5em}
details{margin:.2em 0}summary{cursor:pointer}
"""


# Characters XML cannot hold (control characters, lone surrogates): shown as U+FFFD, so an SVG stays well-formed.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def esc(value: object) -> str:
    """Text from a report as HTML: a provider's `<script>` becomes text that shows as it was sent."""
    return html.escape(_UNSHOWABLE.sub("\ufffd", "" if value is None else str(value)), quote=True)


_CODE = re.compile(r"`([^`\n]+)`")


def prose(value: object) -> str:
    """Text from a report as HTML, its Markdown code spans (`name`, as report.md and the terminal write them)
    shown as code instead of literal backticks; everything else escaped as `esc` does."""
    return _CODE.sub(r"<code>\1</code>", esc(value))


def verdict_line(report: dict[str, Any]) -> str:
    """The summary line, its verdict word in bold (the summary starts with it: never said twice)."""
    verdict, summary = str(report.get("verdict") or "unknown"), str(report.get("summary") or "")
    if summary.startswith(verdict):
        return f"<b>{esc(verdict)}</b>{prose(summary[len(verdict) :])}"
    return f"<b>{esc(verdict)}</b>" + (f": {prose(summary)}" if summary else "")


_FAULT = re.compile(r"--fault (\S+)")


SERVE_BASE_URL = "http://127.0.0.1:8080/v1"  # where `conformance serve --port 8080` listens (the curls' address)


def portless(report: dict[str, Any]) -> dict[str, Any]:
    """For the embedded provider: its temporary address (gone with the run) replaced, in every text the page
    shows, by the address its reproductions use (`conformance serve --port 8080`), as the curls already are."""
    old = report.get("base_url")
    if report.get("target_id") != "embedded" or not isinstance(old, str) or not old.startswith("http"):
        return report

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(old, SERVE_BASE_URL)
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        return value

    swapped: dict[str, Any] = swap(report)
    return swapped


def target_place(report: dict[str, Any]) -> str:
    """Where the target was: its base URL, or for the embedded provider what it was (its port died with the run;
    the reproductions say how to start it again)."""
    if report.get("target_id") != "embedded":
        return str(report.get("base_url"))
    fault = _FAULT.search(str(as_dict(report.get("reproduce")).get("serve") or ""))
    return "the embedded reference provider" + (f" with the fault `{fault.group(1)}`" if fault else "")


def status_cell(
    status: str, href: str | None = None, title: str | None = None, tag: str = "td", attrs: str = ""
) -> str:
    """A status as icon and word, coloured by its class; optionally a link (the matrix's cells). `attrs`: more
    attributes, already escaped (` data-target="api"`)."""
    label = f"{STATUS_ICON.get(status, '?')} {STATUS_WORD.get(status, status)}"
    inner = f'<a href="{esc(href)}">{esc(label)}</a>' if href else esc(label)
    tip = f' title="{esc(title)}"' if title else ""
    return f'<{tag} class="st st-{esc(status)}"{tip}{attrs}>{inner}</{tag}>'


def page(title: str, body: str, script: str = "") -> str:
    """A whole self-contained HTML document."""
    js = f"<script>{script}</script>" if script else ""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = CSP.format(script=f"'sha256-{digest}'" if script else "'none'")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n"
        f"<body>\n{body}\n{js}</body></html>\n"
    )


def masked(data: Any, masker: Masker) -> Any:
    """A report's data with every string passed through the masker (before escaping, so a secret is found
    as it was written, not in its escaped form)."""
    if isinstance(data, str):
        return masker.text(data)
    if isinstance(data, list):
        return [masked(item, masker) for item in data]
    if isinstance(data, dict):
        return {key: masked(value, masker) for key, value in data.items()}
    return data


def as_list(value: Any) -> list[Any]:
    """A report field that should be a list, or an empty one (a hand-edited or foreign report renders too)."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def anchor(check: str) -> str:
    """The id of a check's row in report.html (check names are `[a-z_]+`, report.schema.json)."""
    return f"check-{check}"
