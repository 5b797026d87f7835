"""``chatsignals evaluate``: score an extraction backend on the shared data folder."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="evaluate")
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared/data"),
    show_default=True,
    help="The shared data folder (sgd/, sensitive_dev/).",
)
@click.option("--backend", default="embedded", show_default=True, help="embedded, keyword or llm.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write a self-contained HTML report here.",
)
@click.option(
    "--limit", type=click.IntRange(1), default=None, help="Use only the first N of each set."
)
@click.option("--base-url", default=None, help="llm backend: OpenAI-compatible base URL.")
@click.option("--model", default=None, help="llm backend: model name.")
@click.option("--api-key", default=None, help="llm backend: API key.")
def command(
    data: Path,
    backend: str,
    report_path: Path | None,
    limit: int | None,
    base_url: str | None,
    model: str | None,
    api_key: str | None,
) -> None:
    """Print per-category precision, recall and false alarms, tier-1 accuracy, throughput."""
    from chatsignals.domain.taxonomy import load_taxonomy
    from chatsignals.extraction.base import Extractor
    from chatsignals.extraction.evaluation import evaluate
    from chatsignals.extraction.registry import create_extractor
    from chatsignals.extraction.report import render_html, render_text

    if not (data / "sgd" / "dev.jsonl").exists():
        raise click.UsageError(f"no SGD dev set under {data} (pass --data)")
    taxonomy = load_taxonomy()

    def make() -> Extractor:
        return create_extractor(backend, taxonomy, base_url=base_url, model=model, api_key=api_key)

    try:
        make()
    except (ValueError, RuntimeError) as exc:
        raise click.UsageError(str(exc)) from exc
    result = evaluate(make, data, limit=limit)
    click.echo(render_text(result, backend))
    if report_path is not None:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(render_html(result, backend), encoding="utf-8")
        click.echo(f"report written to {report_path}")
