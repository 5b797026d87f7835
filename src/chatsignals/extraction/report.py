"""An evaluation as text (for the terminal) and as one self-contained HTML page.

The page has no scripts and no external files: inline CSS, inline SVG bars, and the
tier-1 confusion matrix as a shaded table.
"""

from __future__ import annotations

from html import escape

from chatsignals.extraction.evaluation import Evaluation


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def render_text(ev: Evaluation, backend: str) -> str:
    lines = [f"backend: {backend}"]
    lines.append(
        f"tier-1 accuracy (SGD dev, ad-relevant): {_pct(ev.tier1_accuracy)} "
        f"({ev.tier1_correct}/{ev.tier1_total})"
    )
    for tier1, (ok, n) in sorted(ev.per_tier1.items()):
        lines.append(f"  {tier1:<28} {ok / n:.3f}  ({ok}/{n})")
    lines.append(
        f"health dialogues flagged with no ad interests: "
        f"{ev.health_flagged_and_hidden}/{ev.health_dialogues}"
    )
    lines.append(
        f"sensitive recall (any category): "
        f"{_pct(ev.sensitive_caught / ev.sensitive_texts if ev.sensitive_texts else None)} "
        f"({ev.sensitive_caught}/{ev.sensitive_texts}); false alarms on ordinary texts: "
        f"{_pct(ev.ordinary_flagged / ev.ordinary_texts if ev.ordinary_texts else None)} "
        f"({ev.ordinary_flagged}/{ev.ordinary_texts})"
    )
    lines.append(
        f"  {'category':<24}{'precision':>10}{'recall':>10}{'positives':>10}{'false alarms':>14}"
    )
    for name, s in ev.categories.items():
        lines.append(
            f"  {name:<24}{_pct(s.precision):>10}{_pct(s.recall):>10}{s.positives:>10}"
            f"{s.false_alarms:>14}"
        )
    tp = ev.throughput
    lines.append(
        f"throughput: {tp:,.0f} messages/s ({ev.messages} messages)" if tp else "throughput: n/a"
    )
    return "\n".join(lines)


def _bars(rows: list[tuple[str, float | None]], colour: str) -> str:
    height = 24 * len(rows) + 10
    parts = [f'<svg width="640" height="{height}" role="img">']
    for i, (label, value) in enumerate(rows):
        y = 24 * i + 5
        width = 0 if value is None else int(380 * value)
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="13">{escape(label)}</text>'
            f'<rect x="200" y="{y}" width="380" height="18" fill="#eee"/>'
            f'<rect x="200" y="{y}" width="{width}" height="18" fill="{colour}"/>'
            f'<text x="590" y="{y + 15}" font-size="13">{_pct(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render_html(ev: Evaluation, backend: str) -> str:
    per_tier1: list[tuple[str, float | None]] = [
        (t, ok / n) for t, (ok, n) in sorted(ev.per_tier1.items())
    ]
    recall = [(name, s.recall) for name, s in ev.categories.items()]
    alarms = [
        (name, s.false_alarms / ev.ordinary_texts if ev.ordinary_texts else None)
        for name, s in ev.categories.items()
    ]
    gold_labels = sorted({g for g, _ in ev.confusion})
    predicted = sorted({p for _, p in ev.confusion})
    peak = max(ev.confusion.values(), default=1)
    header = "".join(f"<th>{escape(p)}</th>" for p in predicted)
    body = []
    for g in gold_labels:
        cells = []
        for p in predicted:
            n = ev.confusion.get((g, p), 0)
            shade = int(255 - 180 * n / peak)
            cells.append(f'<td style="background:rgb({shade},{shade},255)">{n or ""}</td>')
        body.append(f"<tr><th>{escape(g)}</th>{''.join(cells)}</tr>")
    summary = escape(render_text(ev, backend))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chatsignals extraction report</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}}
table{{border-collapse:collapse;font-size:12px}}td,th{{border:1px solid #ccc;padding:3px 6px}}
pre{{background:#f6f6f6;padding:1em}}</style></head><body>
<h1>Extraction report: {escape(backend)}</h1>
<h2>Tier-1 accuracy per tier 1 (SGD dev)</h2>{_bars(per_tier1, "#4a7")}
<h2>Sensitive recall per category</h2>{_bars(recall, "#47a")}
<h2>False alarms per category (share of ordinary texts)</h2>{_bars(alarms, "#c54")}
<h2>Tier-1 confusion matrix (rows: expected, columns: top interest)</h2>
<table><tr><th></th>{header}</tr>{"".join(body)}</table>
<h2>Figures</h2><pre>{summary}</pre>
</body></html>
"""
