"""``chatsignals worker``: extract queued messages (for ``ingest_mode=queue``)."""

from __future__ import annotations

import signal
import time
from types import FrameType

import click

from chatsignals.cli.options import settings_from


@click.command()
@click.option("--database-url", default=None, help="sqlite:///path or postgresql+psycopg://…")
@click.option("--policy", default=None, help="Policy preset: meta-2025 (default) or consent.")
@click.option("--extractor", default=None, help="Extraction backend.")
@click.option("--batch-size", type=int, default=256, show_default=True)
@click.option("--lease-seconds", type=float, default=60.0, show_default=True)
@click.option("--max-attempts", type=int, default=5, show_default=True)
@click.option(
    "--poll-interval", type=float, default=0.2, show_default=True, help="Idle wait, seconds."
)
@click.option("--drain", is_flag=True, help="Stop once the queue has nothing due.")
@click.option("--requeue-dead", is_flag=True, help="Put dead letters back first.")
@click.option("--metrics-port", type=int, default=None, help="Serve /metrics on this port.")
def command(
    database_url: str | None,
    policy: str | None,
    extractor: str | None,
    batch_size: int,
    lease_seconds: float,
    max_attempts: int,
    poll_interval: float,
    drain: bool,
    requeue_dead: bool,
    metrics_port: int | None,
) -> None:
    """Claim queued messages, extract them and write their signals, until stopped.

    Any number of workers may run against one store. A worker killed mid-batch loses
    nothing: its claims come back when their lease runs out.
    """
    from chatsignals.bootstrap import bootstrap
    from chatsignals.gc_pauses import GcPauses
    from chatsignals.observability.logs import configure_json_logging, log_event
    from chatsignals.observability.metrics import Metrics
    from chatsignals.services.worker import WorkerConfig, requeue_dead_letters, run_once

    configure_json_logging()
    settings = settings_from(database_url=database_url, policy=policy, extractor=extractor)
    container = bootstrap(settings, migrate=False)
    metrics = Metrics(container)
    ctx = metrics.instrument(container.ctx, mode="worker")
    if metrics_port is not None:
        metrics.serve(metrics_port, settings.host)
    config = WorkerConfig(
        batch_size=batch_size, lease_seconds=lease_seconds, max_attempts=max_attempts
    )
    if requeue_dead:
        log_event("queue.requeued", count=requeue_dead_letters(ctx))
    stopping = False

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True  # finish the batch in hand, then leave

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log_event("worker.started", worker=config.worker_id, batch_size=batch_size)
    idle = 0.0
    with GcPauses():
        while not stopping:
            outcome = run_once(ctx, config=config)
            metrics.observe_batch(outcome)
            if outcome.claimed:
                idle = 0.0
                if outcome.retried or outcome.dead:
                    log_event(
                        "worker.failures",
                        retried=outcome.retried,
                        dead=outcome.dead,
                        level="warning",
                    )
                continue
            if drain:
                break
            # Back off gently while idle: 10 ms at first, up to --poll-interval.
            idle = min(poll_interval, max(0.01, idle * 2))
            time.sleep(idle)
    log_event("worker.stopped", worker=config.worker_id)
    container.close()
