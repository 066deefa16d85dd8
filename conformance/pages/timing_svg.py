"""An inline SVG of a run's answer times: every request a tick on one strip, a histogram above it, and the
median and the slowest marked with their values. A spread of times is read at a glance, not from numbers.

The axis is logarithmic when the slowest answer is more than 20 times the fastest (a few slow outliers would
otherwise squeeze every other request into the first pixels), and says so.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from conformance.pages.markup import esc

WIDTH, HEIGHT = 560, 150
LEFT, RIGHT = 10, 10
HIST_TOP, HIST_BOTTOM = 28, 92
STRIP_TOP, STRIP_BOTTOM = 98, 116
BINS = 40


def _ms(value: float) -> str:
    return f"{value:.0f} ms" if value >= 100 else f"{value:.1f} ms"


def timing_svg(times_ms: Sequence[float]) -> str:
    """The SVG element (or a short note when the report holds no times)."""
    times = sorted(t for t in times_ms if isinstance(t, int | float) and t >= 0 and math.isfinite(t))
    if not times:
        return '<p class="muted">No answer times in this report.</p>'
    fastest, slowest, median = times[0], times[-1], statistics.median(times)
    floor = max(fastest, 0.01)
    log = slowest / floor > 20
    span = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        if slowest <= fastest:
            return LEFT + span / 2
        if log:
            low, high = math.log10(floor), math.log10(slowest)
            return LEFT + span * (math.log10(max(value, floor)) - low) / (high - low)
        return LEFT + span * (value - fastest) / (slowest - fastest)

    counts = [0] * BINS
    for t in times:
        counts[min(BINS - 1, int((x(t) - LEFT) / span * BINS))] += 1
    tallest = max(counts)
    bar = span / BINS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timing" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="timing-title">',
        f'<title id="timing-title">Answer times of {len(times)} requests: median {_ms(median)}, slowest '
        f"{_ms(slowest)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
    ]
    for index, count in enumerate(counts):
        if count:
            h = (HIST_BOTTOM - HIST_TOP) * count / tallest
            parts.append(
                f'<rect class="bin" x="{LEFT + index * bar + 0.5:.1f}" y="{HIST_BOTTOM - h:.1f}" '
                f'width="{bar - 1:.1f}" height="{h:.1f}" fill="#8c959f"><title>{count}</title></rect>'
            )
    for t in times:
        parts.append(
            f'<line class="tick" x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{STRIP_TOP}" y2="{STRIP_BOTTOM}" '
            'stroke="#57606a" stroke-opacity="0.45"/>'
        )
    for name, value, colour, y in (("median", median, "#0969da", 12), ("slowest", slowest, "#cf222e", 24)):
        anchor = "end" if x(value) > WIDTH * 0.7 else "start"
        dx = -4 if anchor == "end" else 4
        parts.append(
            f'<line class="{name}" x1="{x(value):.1f}" x2="{x(value):.1f}" y1="{y - 8}" y2="{STRIP_BOTTOM + 2}" '
            f'stroke="{colour}" stroke-width="2"/>'
            f'<text x="{x(value) + dx:.1f}" y="{y}" text-anchor="{anchor}" font-size="11" fill="{colour}">'
            f"{esc(name)} {esc(_ms(value))}</text>"
        )
    scale = "log scale" if log else "linear scale"
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 14}" font-size="11" fill="#57606a">{esc(_ms(fastest))}</text>'
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 14}" font-size="11" fill="#57606a" text-anchor="end">'
        f"{esc(_ms(slowest))}</text>"
        f'<text x="{WIDTH / 2}" y="{HEIGHT - 2}" font-size="11" fill="#57606a" text-anchor="middle">'
        f"{len(times)} requests, answer time ({scale}); each tick one request</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
