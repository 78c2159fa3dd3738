"""Charts drawn at build time as inline SVG: no chart library, no JavaScript in the browser.

Every chart is ``role="img"`` with a title and a description that reads out the values; pages show
the same numbers in a table next to it. Colours come from site.css classes, so dark mode applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

WIDTH = 400
_ROW = 44          # label line + bar + gap
_BAR = 14
_MONTHS = tuple(f"{m}월" for m in range(1, 13))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str      # the value as the page writes it: 약 370억 원


@dataclass(frozen=True)
class Span:
    label: str
    start: date
    end: date


def _text(value: str) -> str:
    return escape(value, quote=True)


def _open(chart_id: str, title: str, description: str, height: int) -> list[str]:
    return [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
    ]


def bar_chart(chart_id: str, title: str, bars: list[Bar]) -> Markup:
    """Horizontal bars, one per row: label on the left, value on the right, bar below."""
    height = max(_ROW * len(bars), _ROW)
    largest = max((bar.value for bar in bars), default=0) or 1
    description = ", ".join(f"{bar.label} {bar.display}" for bar in bars)
    parts = _open(chart_id, title, description, height)
    for row, bar in enumerate(bars):
        top = row * _ROW
        width = max(WIDTH * bar.value / largest, 2.0) if bar.value > 0 else 0.0
        parts.append(f'<text class="chart-label" x="0" y="{top + 15}">{_text(bar.label)}</text>')
        parts.append(f'<text class="chart-value" x="{WIDTH}" y="{top + 15}" text-anchor="end">'
                     f'{_text(bar.display)}</text>')
        parts.append(f'<rect class="chart-track" x="0" y="{top + 22}" width="{WIDTH}" height="{_BAR}" rx="2"/>')
        parts.append(f'<rect class="chart-bar" x="0" y="{top + 22}" width="{width:.1f}" height="{_BAR}" rx="2"/>')
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _year_fraction(day: date, year: int) -> float:
    start = date(year, 1, 1)
    days = (date(year + 1, 1, 1) - start).days
    return (day - start).days / days


def timeline_chart(chart_id: str, year: int, spans: list[Span]) -> Markup:
    """One year from January to December; each trip a bar from its first to its last day."""
    axis = 22
    height = axis + _ROW * max(len(spans), 1)
    description = ", ".join(f"{span.label}: {span.start.month}월 {span.start.day}일부터 "
                            f"{span.end.month}월 {span.end.day}일까지" for span in spans)
    parts = _open(chart_id, f"{year}년 출장 기간", description or "출장 없음", height)
    for month in range(12):
        x = WIDTH * _year_fraction(date(year, month + 1, 1), year)
        parts.append(f'<line class="chart-grid" x1="{x:.1f}" y1="{axis - 4}" x2="{x:.1f}" y2="{height}"/>')
        if month % 2 == 0:
            parts.append(f'<text class="chart-axis" x="{x + 2:.1f}" y="14">{_MONTHS[month]}</text>')
    parts.append(f'<line class="chart-grid" x1="{WIDTH}" y1="{axis - 4}" x2="{WIDTH}" y2="{height}"/>')
    for row, span in enumerate(spans):
        top = axis + row * _ROW
        first = max(span.start, date(year, 1, 1))
        last = min(span.end, date(year, 12, 31))
        x = WIDTH * _year_fraction(first, year)
        right = WIDTH * _year_fraction(last, year) + WIDTH / 365
        width = max(right - x, 3.0)
        anchor, label_x = ("start", x) if x < WIDTH / 2 else ("end", min(right, WIDTH))
        parts.append(f'<text class="chart-label" x="{label_x:.1f}" y="{top + 15}" text-anchor="{anchor}">'
                     f'{_text(span.label)}</text>')
        parts.append(f'<rect class="chart-bar" x="{x:.1f}" y="{top + 22}" width="{width:.1f}" height="{_BAR}" rx="2"/>')
    parts.append("</svg>")
    return Markup("\n".join(parts))
