"""Small inline SVG bar charts (no JavaScript, no external assets: reports print and work offline)."""

from __future__ import annotations

from html import escape
from typing import Sequence

__all__ = ["bar_chart"]


def bar_chart(series: Sequence[tuple[str, int]], *, title: str, width: int = 640, height: int = 180) -> str:
    """An SVG bar chart of (label, value) pairs; an empty series gives a short note instead."""
    if not series:
        return f'<p class="empty">{escape(title)}: no data in this period.</p>'
    top = max(v for _, v in series) or 1
    pad_left, pad_bottom, pad_top = 40, 36, 24
    plot_w, plot_h = width - pad_left - 8, height - pad_bottom - pad_top
    step = plot_w / len(series)
    bar_w = max(2.0, step * 0.7)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" class="chart">',
        f'<text x="{pad_left}" y="16" class="chart-title">{escape(title)}</text>',
        f'<line x1="{pad_left}" y1="{pad_top + plot_h}" x2="{width - 8}" y2="{pad_top + plot_h}" class="axis"/>',
        f'<text x="{pad_left - 4}" y="{pad_top + 8}" text-anchor="end" class="tick">{top:,}</text>',
    ]
    every = max(1, len(series) // 8)
    for i, (label, value) in enumerate(series):
        h = plot_h * value / top
        x = pad_left + i * step + (step - bar_w) / 2
        y = pad_top + plot_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(label)}: {value:,}</title></rect>"
        )
        if i % every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - 20}" text-anchor="middle" class="tick">{escape(label[5:])}</text>')
    parts.append("</svg>")
    return "".join(parts)
