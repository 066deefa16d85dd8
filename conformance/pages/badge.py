"""`badge.svg`: a target's verdict and the date of its report, for a README (shields.io's flat look, drawn
here so nothing is fetched)."""

from __future__ import annotations

from typing import Any

from conformance.pages.markup import VERDICT_COLOUR, esc

CHAR = 6.6  # average width of an 11 px sans-serif character, enough to size the two halves


def badge_svg(report: dict[str, Any]) -> str:
    verdict = str(report.get("verdict") or "unknown")
    day = str(report.get("finished_at") or "")[:10]
    left = f"run steps: {report.get('target') or 'target'}"
    right = f"{verdict} {day}".strip()
    lw, rw = round(len(left) * CHAR + 12), round(len(right) * CHAR + 12)
    colour = VERDICT_COLOUR.get(verdict, "#6e7781")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{lw + rw}" height="20" role="img" '
        f'aria-label="{esc(left)}: {esc(right)}"><title>{esc(left)}: {esc(right)}</title>'
        f'<rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{rw}" height="20" fill="{colour}"/>'
        '<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">'
        f'<text x="{lw / 2}" y="14">{esc(left)}</text><text x="{lw + rw / 2}" y="14">{esc(right)}</text>'
        "</g></svg>\n"
    )
