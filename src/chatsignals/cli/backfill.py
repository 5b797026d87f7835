"""``chatsignals backfill``: re-extract stored messages after a model or policy change."""

from __future__ import annotations

import json
import sys
import time

import click

from chatsignals.cli.options import settings_from


class _ProgressBar:
    """One self-rewriting line on standard error (a plain line per update when piped)."""

    def __init__(self, total: int) -> None:
        self.total = max(total, 1)
        self.start = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, run: object) -> None:
        processed = int(getattr(run, "processed", 0))
        now = time.monotonic()
        done = getattr(run, "status", "") == "done"
        if not done and now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        rate = processed / max(now - self.start, 1e-9)
        width = 30
        filled = int(width * min(processed, self.total) / self.total)
        line = (
            f"backfill [{'#' * filled}{'.' * (width - filled)}] "
            f"{processed}/{self.total} messages, {rate:,.0f}/s"
        )
        end = "\n" if done or not self.tty else ""
        sys.stderr.write(("\r" if self.tty else "") + line + end)
        sys.stderr.flush()


@click.command()
@click.option("--database-url", default=None, help="sqlite:///path or postgresql+psycopg://…")
@click.option("--policy", default=None, help="Policy preset to decide under.")
@click.option("--extractor", default=None, help="Extraction backend to re-extract with.")
@click.option(
    "--engine",
    type=click.Choice(["auto", "local", "ray"]),
    default="auto",
    show_default=True,
    help="ray when installed, else local (this process).",
)
@click.option("--workers", type=int, default=2, show_default=True, help="Ray workers.")
@click.option("--ray-address", default=None, help="An existing Ray cluster (ray://host:10001).")
@click.option("--batch-size", type=int, default=512, show_default=True)
@click.option("--resume", "resume_id", default=None, help="Resume this run id.")
@click.option("--new", "force_new", is_flag=True, help="Start a new run even if one is unfinished.")
@click.option("--max-batches", type=int, default=None, help="Stop after N batches (resumable).")
@click.option("--json", "as_json", is_flag=True, help="Print only the JSON summary.")
def command(
    database_url: str | None,
    policy: str | None,
    extractor: str | None,
    engine: str,
    workers: int,
    ray_address: str | None,
    batch_size: int,
    resume_id: str | None,
    force_new: bool,
    max_batches: int | None,
    as_json: bool,
) -> None:
    """Re-extract every stored message and rewrite its signals and decisions.

    Resumable: an unfinished run (stopped, killed or --max-batches) is picked up where
    its last written batch ended, unless --new is given. Ends with a summary of what
    changed.
    """
    from chatsignals.bootstrap import bootstrap, build_batch_engine
    from chatsignals.gc_pauses import GcPauses
    from chatsignals.services.backfill import (
        BackfillOptions,
        find_run,
        run_backfill,
        start_run,
        summary,
    )

    settings = settings_from(database_url=database_url, policy=policy, extractor=extractor)
    container = bootstrap(settings)
    ctx = container.ctx
    if engine == "auto":
        try:
            import ray  # noqa: F401

            engine = "ray"
        except ImportError:
            engine = "local"
    run = None if force_new else find_run(ctx, resume_id)
    if resume_id and run is None:
        raise click.UsageError(f"no backfill run {resume_id!r}")
    if run is not None and run.status != "done":
        if not as_json:
            click.echo(f"resuming run {run.id} after {run.processed} messages", err=True)
    else:
        run = start_run(ctx, engine, BackfillOptions(batch_size=batch_size))
    if not as_json:
        click.echo(
            f"backfill run {run.id}: {run.total} messages, engine {engine}"
            + (f" ({workers} workers)" if engine == "ray" else "")
            + f", extractor {ctx.extractor.name}, policy {ctx.preset.name}",
            err=True,
        )
    started = time.monotonic()
    # The local engine decides in this process (Ray workers keep their own pauses short).
    with (
        GcPauses(),
        build_batch_engine(engine, ctx, settings, workers=workers, address=ray_address) as batch,
    ):
        ready = time.monotonic()
        run = run_backfill(
            ctx,
            run,
            batch,
            max_batches=max_batches,
            progress=None if as_json else _ProgressBar(run.total),
        )
    finished = time.monotonic()
    out = summary(run)
    out["engine_start_s"] = round(ready - started, 3)
    out["seconds"] = round(finished - ready, 3)
    click.echo(json.dumps(out))
    container.close()
