"""The measurements behind ``bench/run``; each returns figures or raises with a reason."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from bench import seed
from bench.http_load import ROOT, alternating, load, load_at_rate, quantile, serve

Figures = dict[str, Any]
POSTGRES = os.environ.get(
    "CHATSIGNALS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


AD_IN_ANSWER = b'"impression":'  # once per ad in an ads answer (services/ads.ad_json)


def _sqlite_copy(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite store, what its write-ahead log holds included."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def p99(xs: list[float]) -> float:
    return quantile(xs, 0.99)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema on the local PostgreSQL, dropped afterwards."""
    import psycopg

    dsn = POSTGRES.replace("postgresql+psycopg://", "postgresql://")
    schema = f"cs_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def extraction(quick: bool) -> Figures:
    """bench/extraction.py (the extraction engineer's): ours and the MiniLM baseline."""
    out = Path(tempfile.mkdtemp()) / "extraction.json"
    args = [sys.executable, str(ROOT / "bench" / "extraction.py"), "--json", str(out)]
    if quick:
        args.append("--quick")
        if not (ROOT / ".venv-bench").exists():
            args.append("--no-baseline")  # building the torch environment takes minutes
            print("  (quick: MiniLM baseline skipped, its environment is not built yet)")
    subprocess.run(args, cwd=ROOT, check=True, timeout=1500)
    figures = json.loads(out.read_text())
    return {
        "extraction_msgs_per_s": figures["extraction_msgs_per_s"],
        "baseline_minilm_msgs_per_s": figures["baseline_minilm_msgs_per_s"],
    }


def ads(quick: bool, tmp: Path, extractor: str) -> Figures:
    """In-process ad decision latency, then the same store over HTTP."""
    from chatsignals.domain.access import Role
    from chatsignals.domain.delivery import AdRequest
    from chatsignals.services.ad_benchmark import measure_decisions
    from chatsignals.services.ads import serve_ads, viewer_of
    from chatsignals.services.api_keys import create_api_key
    from chatsignals.services.worker import WorkerConfig, run_once

    # Enough people that serving them is not mostly frequency caps: with 100, each was
    # asked for ads ~10 times a second, every campaign capped within a second, and
    # the endpoint measured answered empty pages (see http_ads_per_answer).
    people_n, requests = (2000, 300) if quick else (4000, 3000)
    url = f"sqlite:///{tmp / 'ads.sqlite'}"
    c = seed.open_store(url, tmp, extractor=extractor)
    # Budgets a thousand times the catalog's, which outlast every run: the pages measured
    # hold their three ads, the costliest answer. With the catalog's own (some $10 a day,
    # paced over the day) the warm-ups and turns spent them as they went: pages held
    # 2.1-2.4 ads in full runs and 0.4-0.6 in the two-worker runs, and each run's ratio
    # followed how full its pages were.
    campaigns = seed.add_demo_ads(c, budgets_times=1000)
    people = seed.add_people(c, people_n)
    seed.add_messages(c, people, people_n * 3, queued=True)
    while run_once(c.ctx, config=WorkerConfig(batch_size=256)).claimed:
        pass  # profiles from the chats
    ctx = c.ctx
    now = ctx.clock.now()
    decide_ms: list[float] = []
    with ctx.uow() as uow:
        ctx.ads.ensure_ready(uow, ctx.taxonomy, now)
        viewers = []
        for acct in people[: min(len(people), 200)]:
            account = uow.accounts.get(acct)
            assert account is not None
            viewers.append(viewer_of(ctx, uow, account)[0])
    for n in range(requests):
        viewer = viewers[n % len(viewers)]
        t = time.perf_counter()
        ctx.ads.decide(viewer, AdRequest(f"b{n}", "facebook", now, 2), ctx.taxonomy, {})
        decide_ms.append((time.perf_counter() - t) * 1000)
    served_ms: list[float] = []
    for n in range(requests // 5):
        t = time.perf_counter()
        serve_ads(ctx, people[n % len(people)], slots=2)
        served_ms.append((time.perf_counter() - t) * 1000)
    _, token = create_api_key(ctx, Role.ADMIN, label="bench")
    c.close()
    seconds = 2.0 if quick else 10.0
    headers = {"Authorization": f"Bearer {token}"}

    def ads_path(n: int) -> str:
        return f"/v1/accounts/{people[n % len(people)]}/ads"

    # The target's size: 100,000 live campaigns, people drawn from 1,000,000 profiles.
    at_scale = measure_decisions(100_000, 1_000_000, decisions=1_000 if quick else 5_000)
    figures: Figures = {
        "ad_decision_p99_ms": round(at_scale.p99_ms, 3),
        "ad_decision_cpu_p99_ms": round(at_scale.cpu_p99_ms, 3),
        "ad_decision_campaigns": at_scale.campaigns,
        "ad_decision_demo_store_p99_ms": round(p99(decide_ms), 3),
        "ad_serve_in_process_p99_ms": round(p99(served_ms), 3),
        "ad_campaigns": campaigns,
    }
    errors = 0
    # The default single worker process (the headline figures), and without --quick one
    # per core as deployed (serve --workers; the *_N_workers keys: on loopback with a few
    # keep-alive connections, how they spread over the workers varies from run to run).
    cores = os.cpu_count() or 1
    for workers in [1] if quick else sorted({1, cores}):
        # Each run starts from the same store: budgets unspent, no impressions yet.
        run_url = f"sqlite:///{_sqlite_copy(tmp / 'ads.sqlite', tmp / f'ads-{workers}.sqlite')}"
        with serve(run_url, tmp, workers=workers, CHATSIGNALS_EXTRACTOR=extractor) as server:
            probe = httpx.get(server.base_url + ads_path(0), headers=headers)
            probe.raise_for_status()
            # Every worker loads its ad index, and each person's profile and counts,
            # before the clock starts: the steady state of people who come back. With
            # several workers a person's requests land on any of them, so each person
            # is asked for three times per worker (most are then known to every one).
            warm = load(
                server.base_url,
                ads_path,
                seconds=120.0,
                requests=len(people) * (1 if workers == 1 else 3 * workers),
                headers=headers,
            )
            # Bare and ads in alternating turns (see http_load.alternating): measured one
            # after the other, the ratio moved by a third between runs of the same code.
            measured = alternating(
                {
                    "bare": partial(load, server.base_url, _healthz, headers=headers),
                    "ads": partial(
                        load, server.base_url, ads_path, headers=headers, count=AD_IN_ANSWER
                    ),
                },
                seconds,
                rounds=4 if quick else 5,
                server=server.process,
            )
            bare, served = measured["bare"], measured["ads"]
            paced_from = datetime.now(UTC)
            paced = load_at_rate(
                server.base_url, ads_path, rate=500, seconds=seconds, headers=headers
            )
            answered, longest = server.slowest_answers_ms(paced_from)
            by_second = paced.by_second()
            if paced.p(0.99) > 50:  # over the target: when, and whose lateness
                print(f"  p99 at 500 req/s over 50 ms ({workers} worker(s)); each second:")
                for second, n, p99_ms, late_ms in by_second:
                    print(f"    {second:3d}s {n:4d} requests: p99 {p99_ms:.1f} ms, ", end="")
                    print(f"sent up to {late_ms:.1f} ms late")
                print(f"  the server logged {answered} of them, the longest {longest:.1f} ms")
                print(f"  its log: {server.log}")
            errors += bare.errors + served.errors + paced.errors
            suffix = "" if workers == 1 else f"_{workers}_workers"
            figures.update(
                {
                    f"http_bare_rps{suffix}": round(bare.rps, 1),
                    f"http_ads_rps{suffix}": round(served.rps, 1),
                    f"http_ads_vs_bare{suffix}": round(served.rps / bare.rps, 3),
                    f"http_ads_p99_ms{suffix}": round(paced.p(0.99), 2),  # at 500 req/s
                    # Its worst second, the most the generator sent a request late, and
                    # the longest answer as the server timed it: a stall's whereabouts.
                    f"http_ads_p99_worst_second_ms{suffix}": round(max(s[2] for s in by_second), 2),
                    f"http_ads_paced_sent_late_max_ms{suffix}": round(
                        max(s[3] for s in by_second), 2
                    ),
                    f"http_ads_paced_server_max_ms{suffix}": round(longest, 2),
                    f"http_ads_p99_closed_loop_ms{suffix}": round(served.p(0.99), 2),
                    f"http_ads_per_answer{suffix}": round(served.counted_per_request, 2),
                    f"http_warm_up_rps{suffix}": round(warm.rps, 1),
                }
            )
            if workers == 1:
                figures["serve_ready_s"] = round(server.ready_s, 3)
    figures["http_people"] = len(people)
    if not quick:
        figures["http_workers_per_core_run"] = cores
    figures["http_errors"] = errors
    return figures


def _healthz(n: int) -> str:
    return "/healthz"


def _worker(url: str, data_dir: Path, extractor: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CHATSIGNALS_DATA_DIR": str(data_dir)}
    args = ["--database-url", url, "--extractor", extractor, "--poll-interval", "0.02"]
    return subprocess.Popen(
        [sys.executable, "-m", "chatsignals", "worker", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for p in processes:
        p.terminate()
    for p in processes:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


def freshness(quick: bool, tmp: Path, extractor: str) -> Figures:
    """Message acknowledged -> its decision readable: inline, then through the queue; then
    a burst into the queue with two workers running."""
    from chatsignals.domain.access import Role
    from chatsignals.services.api_keys import create_api_key
    from chatsignals.services.worker import queue_stats

    messages = 40 if quick else 300
    burst = 10_000  # the target's size, in --quick too: the burst takes seconds to write
    with postgres_schema() as url:
        c = seed.open_store(url, tmp, extractor=extractor)
        people = seed.add_people(c, 50)
        _, token = create_api_key(c.ctx, Role.ADMIN, label="bench")
        headers = {"Authorization": f"Bearer {token}"}
        rng = __import__("random").Random(3)
        figures: Figures = {}
        for mode in ("inline", "queue"):
            workers = [_worker(url, tmp, extractor)] if mode == "queue" else []
            with (
                serve(
                    url, tmp, CHATSIGNALS_INGEST_MODE=mode, CHATSIGNALS_EXTRACTOR=extractor
                ) as server,
                httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as http,
            ):
                times: list[float] = []
                for n in range(messages):
                    mid = f"fresh-{mode}-{n}"
                    body = {
                        "id": mid,
                        "account": people[n % len(people)],
                        "conversation": f"fc-{n}",
                        "text": seed.message_text(rng),
                    }
                    t = time.perf_counter()
                    r = http.post("/v1/interactions", json=body)
                    r.raise_for_status()
                    status = r.json()["status"]
                    while status != "processed":
                        time.sleep(0.005)
                        status = http.get(f"/v1/interactions/{mid}").json()["status"]
                    times.append((time.perf_counter() - t) * 1000)
                    time.sleep(0.01)
            _stop(workers)
            figures[f"freshness_{mode}_p99_ms"] = round(p99(times), 2)
        workers = [_worker(url, tmp, extractor) for _ in range(2)]
        time.sleep(2 if quick else 5)  # workers up and idle before the burst
        started = time.perf_counter()
        seed.add_messages(c, people, burst, queued=True, seed=11)
        written = time.perf_counter()
        while (depth := queue_stats(c.ctx).depth) and time.perf_counter() - written < 300:
            time.sleep(0.05)
        drained = time.perf_counter()
        _stop(workers)
        if depth:
            raise RuntimeError(f"{depth} burst messages still queued after 300 s")
        # The target: the queue empty again within 10 s of the burst's end. Throughput
        # counts from the burst's start, since the workers take messages as they land.
        figures.update(
            {
                "queue_burst_messages": burst,
                "queue_burst_write_s": round(written - started, 2),
                "queue_burst_drain_s": round(drained - written, 2),
                "queue_burst_msgs_per_s": round(burst / (drained - started), 1),
            }
        )
        c.close()
    return figures


def backfill(quick: bool, tmp: Path, extractor: str) -> Figures:
    """The same PostgreSQL store re-decided in this process, then on Ray with one and two
    workers (each batch reads, decides and writes in its worker)."""
    from chatsignals.gc_pauses import GcPauses

    # Under GcPauses, as `chatsignals backfill` (and each Ray worker) runs: the in-process
    # runs decide here, whose collector would otherwise walk the seeded store's objects.
    with postgres_schema() as url, GcPauses():
        return _backfill(url, quick, tmp, extractor)


def _backfill(url: str, quick: bool, tmp: Path, extractor: str) -> Figures:
    """Each timed run re-decides a store whose messages already hold their signals and
    decisions, under the same policy and model: every message is read, decided and
    compared with what is stored, and as nothing changes, only the batch records are
    written (a re-decision writes only what changed). Every run's extractor cache starts
    empty, like a fresh Ray worker's: each in-process run builds its own extractor, and
    each Ray run its own actors. Without --quick, a last in-process run finds every
    message's stored outcome different and rewrites them all
    (``backfill_in_process_all_changed_msgs_per_s``).

    The three set-ups take turns (in process, 1 worker, 2 workers, then again), and each
    one's turns are added up: the machine's speed drifts by 10-15 % from one ten-second
    spell to the next, which moved a single run's ratios by as much.

    Each run has about twenty whole batches for each of two workers (with a few per
    worker, a worker's first batch and the wait for the last one were most of the run,
    and the ratios measured start-up rather than scaling), then the smaller ones the
    plan ends with so that the workers finish together (services/backfill.py). Full runs
    take two rounds of 25,000 messages in batches of 640. Quick mode sizes its rounds by
    time, from a short extraction run in this process: about 2.5 seconds of extraction,
    6,000 to 12,000 messages (12,000 on a machine extracting 4,800 msgs/s or more), in
    batches of a 37.5th of that. (Rounds of 6,000 made two-worker turns of about a second
    on a fast machine, whose fixed costs, the driver's planning and the workers' last
    batches, held 2-vs-1 at 1.60-1.94 where rounds of 12,000 gave 1.89-1.92 and the full
    run 1.86; on the slowest machine this project has had, rounds of 12,000 would have
    taken the quick run over its 3 minutes.)"""
    from chatsignals.bootstrap import bootstrap, build_batch_engine
    from chatsignals.domain.taxonomy import load_taxonomy
    from chatsignals.extraction.registry import create_extractor
    from chatsignals.services.backfill import BackfillOptions, run_backfill, start_run
    from chatsignals.services.clock import ManualClock

    messages, batch_size, rounds = _quick_backfill_size(extractor) if quick else (25_000, 640, 2)
    options = BackfillOptions(batch_size=batch_size)
    c = seed.open_store(url, tmp, extractor=extractor)
    people = seed.add_people(c, max(10, messages // 10))
    # Texts of their own: the ads part's chats (seed 7) went through this process's
    # extractor, whose cache the in-process run would otherwise find full of them.
    seed.add_messages(c, people, messages, queued=False, seed=23)
    figures: Figures = {
        "backfill_messages": messages,
        "backfill_batch_size": batch_size,
        "backfill_rounds": rounds,
    }
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    # Untimed, and in Ray workers, so that this process's extractor cache stays empty.
    with build_batch_engine("ray", c.ctx, c.settings, workers=2, address=None) as engine:
        run_backfill(c.ctx, start_run(c.ctx, "ray", options), engine)

    def fresh() -> seed.Container:
        """A container of its own in this process, its extractor's cache empty."""
        return bootstrap(
            seed.settings_for(url, tmp, extractor=extractor),
            clock=ManualClock(seed.NOW),
            extractor=create_extractor(extractor, load_taxonomy()),
        )

    seconds: dict[str, float] = {}
    for _ in range(rounds):
        for label, engine_name, workers in (
            ("in_process", "local", 1),
            ("1_worker", "ray", 1),
            ("2_workers", "ray", 2),
        ):
            own = fresh() if engine_name == "local" else c
            started = time.perf_counter()
            with build_batch_engine(
                engine_name, own.ctx, own.settings, workers=workers, address=None
            ) as engine:
                ready = time.perf_counter()
                run = start_run(own.ctx, engine_name, options)
                t = time.perf_counter()
                run = run_backfill(own.ctx, run, engine)
                seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - t
            assert run.status == "done" and run.processed == messages
            figures[f"backfill_{label}_changed"] = run.changed
            if engine_name == "ray":
                figures[f"backfill_{label}_start_s"] = round(ready - started, 2)
            if own is not c:
                own.close()
    for label, spent in seconds.items():
        figures[f"backfill_{label}_msgs_per_s"] = round(messages * rounds / spent, 1)
    if not quick:  # --quick keeps to its 3 minutes on a slow day
        # As after a model change that alters every message's outcome: the stored results and
        # decision rows are dropped (as if unlike the new ones), so all are written again.
        # An extractor of its own, so that its cache starts empty like the other runs'.
        changing = fresh()
        with changing.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE interactions SET result = NULL")
            conn.exec_driver_sql("DELETE FROM decisions")
        with build_batch_engine(
            "local", changing.ctx, changing.settings, workers=1, address=None
        ) as engine:
            run = start_run(changing.ctx, "local", options)
            t = time.perf_counter()
            run = run_backfill(changing.ctx, run, engine)
            spent = time.perf_counter() - t
        assert run.changed == messages
        figures["backfill_in_process_all_changed_msgs_per_s"] = round(messages / spent, 1)
        changing.close()
    one, two = figures["backfill_1_worker_msgs_per_s"], figures["backfill_2_workers_msgs_per_s"]
    local = figures["backfill_in_process_msgs_per_s"]
    figures["backfill_2_vs_1"] = round(two / one, 2)
    figures["backfill_2_per_core_vs_in_process"] = round(two / 2 / local, 2)
    ray.shutdown()
    c.close()
    return figures


def _quick_backfill_size(extractor: str) -> tuple[int, int, int]:
    """(messages, batch size, rounds) for quick mode: rounds of about 2.5 seconds of this
    machine's extraction (see ``_backfill``)."""
    import random

    from chatsignals.domain.extraction import ExtractionItem
    from chatsignals.domain.taxonomy import load_taxonomy
    from chatsignals.extraction.registry import create_extractor

    rng = random.Random(41)  # texts of their own, like every part's
    items = [ExtractionItem.from_text(str(n), seed.message_text(rng)) for n in range(3_050)]
    extracting = create_extractor(extractor, load_taxonomy())
    extracting.extract_many(items[:50])  # the first call's one-off costs
    rates = []
    for start in range(50, len(items), 1_000):  # the best of three: a slow spell is not the machine
        started = time.perf_counter()
        extracting.extract_many(items[start : start + 1_000])
        rates.append(1_000 / (time.perf_counter() - started))
    rate = max(rates)
    messages = min(12_000, max(6_000, round(rate * 2.5 / 1_000) * 1_000))
    return messages, max(128, round(messages / 37.5 / 32) * 32), 2


def feed(quick: bool, tmp: Path) -> Figures:
    """Feed pages in process on the embedded SQLite store, over a catalog of 20,000 items
    (5,000 in quick mode), for people with a profile from three likes and a follow each.
    Served from the app's kept index (``ReadCaches.catalogs``, checked in the background
    every few seconds as in serving), and as a baseline in the same run with the catalog
    read and indexed again for every request (a TTL of 0), in alternating turns."""
    import random
    from datetime import timedelta

    from chatsignals.domain.interactions import ContentItem, Engagement, EngagementKind
    from chatsignals.domain.taxonomy import load_taxonomy
    from chatsignals.services.feed import serve_feed
    from chatsignals.services.ingest import post_engagement

    items, people, kept_turn, baseline_turn = (
        (5_000, 40, 150, 30) if quick else (20_000, 60, 500, 40)
    )
    c = seed.open_store(f"sqlite:///{tmp / 'feed.sqlite'}", tmp, extractor="keyword")
    ctx = c.ctx
    rng = random.Random(29)
    topics = sorted(load_taxonomy().nodes)
    with ctx.uow() as uow:
        for n in range(items):
            uow.content.add(
                ContentItem(
                    f"c{n:06d}",
                    rng.choice(["post", "reel", "group"]),
                    f"item {n}",
                    tuple(rng.sample(topics, rng.randint(1, 2))),
                    f"@author{rng.randrange(items // 20)}",
                    rng.choice(["facebook", "instagram", None]),
                    seed.NOW - timedelta(minutes=rng.randrange(60 * 24 * 60)),
                )
            )
        uow.commit()
    accounts = seed.add_people(c, people)
    for person in accounts:
        for k in range(4):
            kind = EngagementKind.FOLLOW if k == 0 else EngagementKind.LIKE
            item = f"c{rng.randrange(items):06d}"
            post_engagement(ctx, Engagement(f"{person}-e{k}", person, kind, item, seed.NOW))
    catalogs = ctx.caches.catalogs
    kept_ttl = catalogs.ttl
    turns: dict[str, list[float]] = {"kept": [], "baseline": []}
    for _ in range(2):
        for label, ttl, requests in (
            ("kept", kept_ttl, kept_turn),
            ("baseline", 0.0, baseline_turn),
        ):
            catalogs.ttl = ttl
            catalogs.clear()  # what the other turn kept goes (entries keep their own TTL)
            serve_feed(ctx, accounts[0])  # untimed: the kept turn's first read of the catalog
            for r in range(requests):
                started = time.perf_counter()
                serve_feed(ctx, accounts[r % people])
                turns[label].append((time.perf_counter() - started) * 1000)
    catalogs.ttl = kept_ttl
    c.close()
    kept, baseline = turns["kept"], turns["baseline"]
    return {
        "feed_catalog_items": items,
        "feed_p50_ms": round(quantile(kept, 0.5), 3),
        "feed_p99_ms": round(quantile(kept, 0.99), 3),
        "feed_uncached_p50_ms": round(quantile(baseline, 0.5), 3),
        "feed_uncached_vs_kept": round(quantile(baseline, 0.5) / quantile(kept, 0.5), 1),
    }


def profile_bytes(quick: bool, tmp: Path) -> Figures:
    """Bytes per profile on PostgreSQL, indexes included, for the store as it is: accounts
    plus their signals, packed per account and week by the store's own encoder.

    Each profile has six topics, each from its own message on its own day, kept for ads
    and for content (12 signals, with provenance)."""
    from datetime import UTC, datetime, timedelta

    from chatsignals.adapters.db.engine import make_engine
    from chatsignals.adapters.db.migrate import upgrade
    from chatsignals.adapters.db.packed_signals import pack_buckets
    from chatsignals.domain.accounts import PURPOSES
    from chatsignals.domain.profile import Signal, SourceKind

    profiles = 50_000 if quick else 1_000_000
    topics = 6  # distinct topics per purpose in a profile, one message (and day) each
    now = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)
    days = [now - timedelta(days=t) for t in range(1, topics + 1)]
    rows = 0
    with postgres_schema() as url:
        engine = make_engine(url, pool_size=1)
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO accounts (id, app, country, birth_date, created_at) "
                    "SELECT 'fb:' || lpad(g::text, 8, '0'), 'facebook', 'US', "
                    "DATE '1990-01-01', now() "
                    f"FROM generate_series(1, {profiles}) g"
                )
            )
        raw = engine.raw_connection()
        try:
            cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
            copy_sql = "COPY signal_buckets (account_id, bucket, packed) FROM STDIN"
            with cursor.copy(copy_sql) as copy:
                for g in range(1, profiles + 1):
                    account = f"fb:{g:08d}"
                    signals = [
                        Signal(
                            account,
                            purpose,
                            str(100 + (g * 7 + t) % 600),
                            0.5 + (t % 5) / 10,
                            SourceKind.CHAT,
                            f"msg-{g}-{t}",
                            days[t - 1],
                        )
                        for t in range(1, topics + 1)
                        for purpose in PURPOSES
                    ]
                    for bucket, packed in pack_buckets(signals).items():
                        copy.write_row((account, bucket, packed))
                        rows += 1
            raw.commit()
        finally:
            raw.close()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")

            def size(table: str) -> int:
                return int(
                    conn.exec_driver_sql(f"SELECT pg_total_relation_size('{table}')").scalar_one()
                )

            accounts, buckets = size("accounts"), size("signal_buckets")
        engine.dispose()
    return {
        "profiles": profiles,
        "signals_per_profile": topics * len(PURPOSES),
        "signal_rows_per_profile": round(rows / profiles, 2),
        "bytes_per_profile": round((accounts + buckets) / profiles, 1),
        "bytes_per_profile_signals": round(buckets / profiles, 1),
    }


def _spin(seconds: float) -> int:
    """Pure-Python work for ``seconds``: how many steps this core gave."""
    steps, stop = 0, time.perf_counter() + seconds
    while time.perf_counter() < stop:
        for _ in range(10_000):
            steps += 1
    return steps


def core_scaling(seconds: float = 1.0) -> float:
    """What two processes busy at once get, against one alone (its better of two
    tries): 2.0 when the two cores are the machine's own, less when a shared host takes
    some of them. A gauge of the host, measured at the start of the run next to the
    backfill's 2-vs-1 and per-core figures (a one-second spin against the better of two
    alone, so not a ceiling for those, whose rounds are added up)."""
    import multiprocessing

    alone = max(_spin(seconds), _spin(seconds))
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [0.1, 0.1])  # both processes started before the clock
        together = sum(pool.map(_spin, [seconds, seconds]))
    return round(together / alone, 2)
