"""Charts drawn on the server as inline SVG: no chart library, no CDN, readable without script.

Pure functions from numbers to markup; every point and bar carries a <title> tooltip.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

# Colour-blind-safe (Okabe-Ito) palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
Series = dict[str, list[tuple[date, float]]]


def _f(value: float) -> str:
    return f"{value:.1f}"


def line_chart(series: Series, *, width: int = 1100, height: int = 280, label: str = "") -> Markup:
    """Score (0-100) over days, one line per series, with a legend under the plot."""
    days = sorted({day for points in series.values() for day, _ in points})
    if not days:
        return Markup("")
    left, right, top, bottom = 36, 30, 10, 24
    per_row = 4 if width >= 700 else 1  # a phone-width chart: one legend entry a row
    legend_rows = -(-len(series) // per_row)
    total_height = height + legend_rows * 20
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max((days[-1] - days[0]).days, 1)

    def x(day: date) -> float:
        if len(days) == 1:
            return left + plot_w / 2
        return left + plot_w * (day - days[0]).days / span

    def y(score: float) -> float:
        return top + plot_h * (1 - max(0.0, min(score, 100.0)) / 100)

    parts = [
        f'<svg class="chart line {_size(width)}" viewBox="0 0 {width} {total_height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_f(y(tick))}" '
            f'y2="{_f(y(tick))}"/><text class="axis" x="{left - 6}" y="{_f(y(tick) + 4)}" '
            f'text-anchor="end">{tick}</text>'
        )
    for day in _date_ticks(days, 8 if width >= 700 else 4):
        parts.append(
            f'<text class="axis" x="{_f(x(day))}" y="{height - 6}" text-anchor="middle">'
            f"{day:%m-%d}</text>"
        )
    for i, (name, points) in enumerate(sorted(series.items())):
        colour = PALETTE[i % len(PALETTE)]
        ordered = sorted(points)
        path = " ".join(f"{_f(x(d))},{_f(y(s))}" for d, s in ordered)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        for d, s in ordered:
            parts.append(
                f'<circle cx="{_f(x(d))}" cy="{_f(y(s))}" r="3.5" fill="{colour}">'
                f"<title>{escape(name)} {d.isoformat()}: {s:.0f}</title></circle>"
            )
        lx = left + (i % per_row) * (plot_w / per_row)
        ly = height + 14 + (i // per_row) * 20
        parts.append(
            f'<rect x="{_f(lx)}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>'
            f'<text class="legend" x="{_f(lx + 17)}" y="{ly + 1}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _size(width: int) -> str:
    """Wide charts for screens, narrow ones (larger text once scaled) for phones."""
    return "wide" if width >= 700 else "narrow"


def _date_ticks(days: list[date], most: int = 8) -> list[date]:
    step = max(1, -(-len(days) // most))
    return days[::step]


def bar_chart(items: list[tuple[str, int]], *, width: int = 1100, label: str = "") -> Markup:
    """Horizontal bars, largest first, each with its label and count."""
    if not items:
        return Markup("")
    row, right = 28, 48
    left = 190 if width >= 700 else 150
    height = row * len(items) + 8
    top_value = max(count for _, count in items) or 1
    parts = [
        f'<svg class="chart bars {_size(width)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (name, count) in enumerate(items):
        y = 4 + i * row
        bar = (width - left - right) * count / top_value
        parts.append(
            f'<text class="legend" x="{left - 8}" y="{y + 17}" text-anchor="end">'
            f'{escape(name)}</text><rect x="{left}" y="{y + 3}" width="{_f(bar)}" height="20" '
            f'fill="{PALETTE[3]}"><title>{escape(name)}: {count}</title></rect>'
            f'<text class="axis" x="{_f(left + bar + 6)}" y="{y + 17}">{count}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
