"""Charts for the annual report as inline SVG written here (no plotting library): bars with
Chinese labels in the installed CJK face, drawn the same by WeasyPrint on any intranet."""

from __future__ import annotations

from html import escape

FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif"
INK, BAR, GRID = "#000000", "#c00000", "#bfbfbf"


def _text(x: float, y: float, content: str, *, size: float = 11, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'text-anchor="{anchor}" fill="{INK}">{escape(content)}</text>'
    )


def _svg(width: float, height: float, parts: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        + "".join(parts)
        + "</svg>"
    )


def column_chart(title: str, columns: list[tuple[str, int]], *, unit: str = "件") -> str:
    """Vertical bars, one per (label, count), with the count over each bar."""
    width, height, top, bottom, left = 440.0, 240.0, 34.0, 40.0, 36.0
    plot_height = height - top - bottom
    peak = max([value for _, value in columns] + [1])
    step = (width - left - 10) / max(len(columns), 1)
    parts = [_text(width / 2, 18, title, size=13)]
    parts.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" '
        f'y2="{height - bottom}" stroke="{INK}" stroke-width="1"/>'
    )
    for index, (label, value) in enumerate(columns):
        bar_height = plot_height * value / peak
        x = left + index * step + step * 0.2
        y = height - bottom - bar_height
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.6:.1f}" '
            f'height="{bar_height:.1f}" fill="{BAR}"/>'
        )
        parts.append(_text(x + step * 0.3, y - 4, f"{value}{unit}", size=10))
        parts.append(_text(x + step * 0.3, height - bottom + 16, label, size=11))
    return _svg(width, height, parts, title)


def bar_chart(title: str, bars: list[tuple[str, float | None]], *, percent: bool = True) -> str:
    """Horizontal bars for long labels (unit names), longest first as given; None shows "—"."""
    row, top, left, right = 20.0, 34.0, 150.0, 50.0
    width = 440.0
    height = top + row * max(len(bars), 1) + 24
    plot_width = width - left - right
    peak = 1.0 if percent else max([v or 0 for _, v in bars] + [1])
    parts = [_text(width / 2, 18, title, size=13)]
    for fraction in (0.0, 0.5, 1.0):
        x = left + plot_width * fraction
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 20:.1f}" '
            f'stroke="{GRID}" stroke-width="0.6"/>'
        )
        parts.append(
            _text(
                x,
                height - 6,
                f"{fraction * 100:.0f}%" if percent else f"{peak * fraction:.0f}",
                size=9,
            )
        )
    for index, (label, value) in enumerate(bars):
        y = top + index * row
        parts.append(_text(left - 6, y + row * 0.65, label, size=10, anchor="end"))
        shown = "—" if value is None else (f"{value * 100:.1f}%" if percent else f"{value:g}")
        length = 0 if value is None else plot_width * value / peak
        parts.append(
            f'<rect x="{left}" y="{y + 3:.1f}" width="{length:.1f}" '
            f'height="{row - 7:.1f}" fill="{BAR}"/>'
        )
        parts.append(_text(left + length + 4, y + row * 0.65, shown, size=9, anchor="start"))
    return _svg(width, height, parts, title)
