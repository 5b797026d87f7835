"""The write-behind delivery log: what serving records reaches the store, batched,
without gaps for readers, and frequency caps still hold."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from chatsignals.bootstrap import Container, bootstrap
from chatsignals.domain.accounts import Account
from chatsignals.domain.campaigns import Advertiser
from chatsignals.services import advertising
from chatsignals.services.ads import (
    read_impression,
    record_click,
    serve_ads,
    serve_ads_in_memory,
)
from chatsignals.services.clock import ManualClock
from chatsignals.services.context import ServiceContext
from chatsignals.services.delivery_log import DeliveryBacklogFull, DeliveryLog
from chatsignals.services.delivery_ports import SpendCharge, StoredImpression
from chatsignals.services.erasure import erase_account
from chatsignals.services.scenario_ads import campaign_from_ad
from chatsignals.settings import Settings
from tests.waiting import wait_until

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
DAY = date(2026, 1, 10)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Container]:
    """A file store (a second thread may write to it), with one untargeted campaign."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'd.sqlite'}", data_dir=tmp_path)
    c = bootstrap(settings, clock=ManualClock(NOW))
    with c.ctx.uow() as uow:
        for acct in ("fb:a", "fb:b"):
            uow.accounts.add(Account(acct, "facebook", "US", date(1990, 1, 1), NOW))
        uow.commit()
    advertising.create_advertiser(c.ctx, Advertiser("adv", "Adv"))
    raw = {
        "id": "c1",
        "advertiser": "adv",
        "bid_type": "cpm",
        "bid": 4.0,
        "daily_budget": 100.0,
        "budget": 1000.0,
        "frequency_cap_per_day": 3,
        "pacing": "asap",
        "title": "Boots",
        "body": "Grippy soles.",
        "landing_url": "https://example.com/boots",
        "categories": ["159"],
    }
    advertising.create_campaign(c.ctx, campaign_from_ad(0, raw, NOW - timedelta(days=1)))
    yield c
    c.close()


def with_log(c: Container, log: DeliveryLog) -> ServiceContext:
    return replace(c.ctx, delivery=log)


def stored_impressions(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT COUNT(*) FROM impressions").scalar_one())


def impression(n: int, account: str = "fb:a") -> StoredImpression:
    return StoredImpression(
        id=f"i{n}",
        request_id=f"r{n}",
        account_id=account,
        person=f"account:{account}",
        app="facebook",
        kind="ad",
        position=1,
        why=[{"source": "untargeted"}],
        at=NOW,
        advertiser_id="adv",
        campaign_id="c1",
        creative_id="c1",
        bid_type="cpm",
        price=4.0,
        cost=0.004,
    )


def test_served_ads_reach_the_store_in_one_batch_and_readers_never_miss_them(
    store: Container,
) -> None:
    ctx = with_log(store, DeliveryLog(interval=3600))  # the writer thread never gets there
    served = [serve_ads(ctx, "fb:a", slots=1) for _ in range(3)]
    ids = [s.impressions[0].id for s in served]
    assert stored_impressions(store) == 0 and ctx.delivery.waiting == 3
    # A stored "why" is answered from the log before it is written …
    assert read_impression(ctx, ids[0])["campaign"] == "c1"
    # … and spend and clicks flush it first.
    today, total = advertising.spend_of(ctx, "c1")
    assert stored_impressions(store) == 3 and ctx.delivery.waiting == 0
    charged = sum(ad.cost_per_impression for s in served for ad in s.decision.served)
    assert charged > 0 and today == total == pytest.approx(charged)
    assert record_click(ctx, ids[1])["first_click"] is True
    ctx.delivery.close()


def test_the_writer_thread_writes_what_waits_without_being_asked(store: Container) -> None:
    ctx = with_log(store, DeliveryLog(interval=0.02))
    serve_ads(ctx, "fb:a", slots=1)
    deadline = time.monotonic() + 10
    while ctx.delivery.flushed < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ctx.delivery.flushed == 1  # counted after its commit
    assert stored_impressions(store) == 1
    ctx.delivery.close()


def test_frequency_caps_hold_for_concurrent_requests_of_one_person(store: Container) -> None:
    ctx = with_log(store, DeliveryLog(interval=0.01))
    served: list[int] = []
    lock = threading.Lock()

    def request() -> None:
        n = len(serve_ads(ctx, "fb:a", slots=1).decision.served)
        with lock:
            served.append(n)

    threads = [threading.Thread(target=request) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(served) == 3  # the campaign's cap: three a day, however the requests race
    ctx.delivery.close()
    assert stored_impressions(store) == 3


def test_a_count_reloaded_from_the_store_includes_what_was_waiting(store: Container) -> None:
    ctx = with_log(store, DeliveryLog(interval=3600, seen_ttl=0))  # reload on every request
    served = sum(len(serve_ads(ctx, "fb:a", slots=1).decision.served) for _ in range(5))
    assert served == 3
    ctx.delivery.close()


def test_an_old_count_is_answered_and_reread_by_the_writer_with_other_processes_ads(
    store: Container,
) -> None:
    # The writer runs when told, below. A count is fresh for 1.5-2 s (its load time is
    # jittered by up to a quarter of the TTL): long enough for the steps before the wait
    # on a loaded machine (with 0.5 s it ran out before the second request once, in a
    # whole-suite run, and that request read the other process's ad too early).
    log = DeliveryLog(interval=3600, seen_ttl=2.0)
    ctx = with_log(store, log)
    # The profile stays cached across the wait below (without a change feed it is kept
    # 0.5-1 s, jittered), so that only the count can send a request to the store.
    ctx.caches.profile_ttl = 60.0
    serve_ads(ctx, "fb:a", slots=1)
    log.flush(ctx.uow)
    person = "account:fb:a"
    assert log.cached_seen_today(person, DAY) == {"c1": 1}
    with store.ctx.uow() as uow:  # another serving process shows fb:a the ad once more
        uow.impressions.add_many([impression(99)])
        uow.commit()
    serve_ads(ctx, "fb:a", slots=1)  # still waiting to be written when counts are reread
    time.sleep(2.01)
    assert log.cached_seen_today(person, DAY) == {"c1": 2}  # old, answered, due
    assert log.recount_stale(ctx.uow) == 1
    assert log.cached_seen_today(person, DAY) == {"c1": 3}  # the store's two and the waiting one
    assert log.recount_stale(ctx.uow) == 0  # fresh again: nothing due
    assert serve_ads_in_memory(ctx, "fb:a", slots=1) is not None  # answered from memory
    assert serve_ads(ctx, "fb:a", slots=1).decision.served == ()  # the cap of 3 holds
    assert log.cached_seen_today(person, DAY + timedelta(days=1)) is None  # a new day: read
    log.close()


def test_a_failed_write_keeps_everything_for_the_next(store: Container) -> None:
    log = DeliveryLog(interval=3600)
    ctx = with_log(store, log)
    learned: list[str] = []
    log.learn_with(lambda taken: learned.extend(i.id for i in taken))

    def broken() -> object:
        raise ConnectionError("database unreachable")

    log.record(ctx.uow, [impression(1), impression(2)], [SpendCharge("c1", DAY, 0.008, 2)])
    assert learned == []  # learned by the writer, not by the request that served them
    with pytest.raises(ConnectionError):
        log.flush(broken)  # type: ignore[arg-type]
    assert log.waiting == 2 and log.failures == 1
    log.record(ctx.uow, [impression(3)], [SpendCharge("c1", DAY, 0.004, 1)])
    assert log.flush(ctx.uow) == 3
    assert stored_impressions(store) == 3
    # Each impression taught the model once, the retried ones included.
    assert learned == [impression(n).id for n in (1, 2, 3)]
    with store.engine.connect() as conn:
        spent, n = conn.exec_driver_sql(
            "SELECT spent, impressions FROM campaign_spend WHERE campaign_id = 'c1'"
        ).one()
    assert (n, spent) == (3, pytest.approx(0.012))


def test_impressions_of_an_account_erased_meanwhile_are_dropped_not_the_batch(
    store: Container,
) -> None:
    log = DeliveryLog(interval=3600)
    ctx = with_log(store, log)
    with store.ctx.uow() as uow:  # erased behind this log's back (another process)
        uow.personal_data.erase("fb:b")
        uow.commit()
    log.record(ctx.uow, [impression(1, "fb:a"), impression(2, "fb:b")])
    assert log.flush(ctx.uow) == 1
    assert stored_impressions(store) == 1


def test_erasure_takes_impressions_that_were_still_waiting(store: Container) -> None:
    ctx = with_log(store, DeliveryLog(interval=3600))
    serve_ads(ctx, "fb:a", slots=1)
    erase_account(ctx, "fb:a")
    assert ctx.delivery.waiting == 0 and stored_impressions(store) == 0


def test_a_full_backlog_refuses_with_503_and_keeps_what_it_has(store: Container) -> None:
    log = DeliveryLog(interval=3600, max_pending=2)
    log.record(store.ctx.uow, [impression(1), impression(2)])
    with pytest.raises(DeliveryBacklogFull) as refused:
        log.record(store.ctx.uow, [impression(3)])
    assert refused.value.status == 503
    assert log.waiting == 2


def test_closing_writes_what_is_left(store: Container) -> None:
    log = DeliveryLog(interval=3600)
    ctx = with_log(store, log)
    serve_ads(ctx, "fb:a", slots=1)
    serve_ads(ctx, "fb:b", slots=1)
    log.close()
    assert stored_impressions(store) == 2


def test_the_in_memory_path_answers_only_when_nothing_must_be_read_or_awaited(
    store: Container,
) -> None:
    ctx = with_log(store, DeliveryLog(interval=3600))
    assert serve_ads_in_memory(ctx, "fb:a", slots=1) is None  # nothing cached yet
    serve_ads(ctx, "fb:a", slots=1)  # reads the store, caches the viewer and the count
    fast = serve_ads_in_memory(ctx, "fb:a", slots=1)
    assert fast is not None and [ad.campaign_id for ad in fast.decision.served] == ["c1"]
    assert read_impression(ctx, fast.impressions[0].id)["why"] == [{"source": "untargeted"}]
    lock = ctx.delivery.person_lock("account:fb:a")
    with lock:  # another request of this person is under way: no waiting on the loop
        assert serve_ads_in_memory(ctx, "fb:a", slots=1) is None
    # The third ad of the day is the cap's last; after it the campaign is out, on
    # either path.
    assert len(serve_ads_in_memory(ctx, "fb:a", slots=1).decision.served) == 1  # type: ignore[union-attr]
    assert serve_ads_in_memory(ctx, "fb:a", slots=1).decision.served == ()  # type: ignore[union-attr]
    assert serve_ads(ctx, "fb:a", slots=1).decision.served == ()
    ctx.delivery.close()


def test_the_in_memory_path_steps_aside_when_impressions_are_written_at_once(
    store: Container,
) -> None:
    ctx = with_log(store, DeliveryLog(interval=0))
    serve_ads(ctx, "fb:a", slots=1)
    assert serve_ads_in_memory(ctx, "fb:a", slots=1) is None


def test_stopping_the_server_writes_what_waits_and_saves_what_the_model_learned(
    store: Container,
) -> None:
    from fastapi.testclient import TestClient

    from chatsignals.api.app import create_app
    from chatsignals.domain.access import Role
    from chatsignals.services.api_keys import create_api_key

    _, token = create_api_key(store.ctx, Role.ADMIN, label="t")
    store.ctx.delivery.interval = 3600  # nothing is written until the server stops
    with TestClient(create_app(store)) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        served = [len(client.get("/v1/accounts/fb:a/ads?limit=1").json()["ads"]) for _ in range(2)]
        assert served == [1, 1] and stored_impressions(store) == 0
    assert stored_impressions(store) == 2
    with store.ctx.uow() as uow:
        model = uow.ctr_models.get("default")
    assert model is not None and model["n_seen"] == 2


def test_the_writer_saves_what_the_ctr_model_learned_with_the_impressions(
    store: Container,
) -> None:
    ctx = store.ctx  # as bootstrapped: the model rides along with the delivery log
    every = ctx.ads.config.model_save_every
    people = [f"fb:p{n}" for n in range(every)]
    with ctx.uow() as uow:
        for acct in people:
            uow.accounts.add(Account(acct, "facebook", "US", date(1990, 1, 1), NOW))
        uow.commit()
    for acct in people:
        serve_ads(ctx, acct, slots=1)  # one learned event each
    ctx.delivery.flush(ctx.uow)
    with ctx.uow() as uow:
        model = uow.ctr_models.get("default")
    assert model is not None and model["n_seen"] == every


def test_a_refresh_of_the_ledger_keeps_the_charges_still_waiting_to_be_written(
    store: Container,
) -> None:
    settings = replace(store.settings, ads_refresh_seconds=0.01)
    serving = bootstrap(settings, clock=ManualClock(NOW), migrate=False)
    try:
        ctx = with_log(serving, DeliveryLog(interval=3600))  # nothing written meanwhile
        served = serve_ads(ctx, "fb:a", slots=1).decision.served
        assert served and ctx.ads.spend_of("c1")[0] == pytest.approx(served[0].cost_per_impression)
        time.sleep(0.02)
        with ctx.uow() as uow:  # the refresh is due: it reads the ledger, which is empty
            ctx.ads.ensure_ready(uow, ctx.taxonomy, NOW)
        assert stored_impressions(store) == 0
        assert ctx.ads.spend_of("c1")[0] == pytest.approx(served[0].cost_per_impression)
        # Where the store counts more (another process charged c1), its count is taken.
        store.ctx.delivery.record(store.ctx.uow, [], [SpendCharge("c1", DAY, 1.0, 10)])
        store.ctx.delivery.flush(store.ctx.uow)
        time.sleep(0.02)
        with ctx.uow() as uow:
            ctx.ads.ensure_ready(uow, ctx.taxonomy, NOW)
        assert ctx.ads.spend_of("c1") == (pytest.approx(1.0), pytest.approx(1.0))
        ctx.delivery.close()
    finally:
        serving.close()


def test_a_campaign_paused_by_another_process_stops_without_stalling_requests(
    store: Container, tmp_path: Path
) -> None:
    from chatsignals.domain.campaigns import CampaignStatus

    settings = replace(store.settings, ads_refresh_seconds=0.05)
    serving = bootstrap(settings, clock=ManualClock(NOW), migrate=False)
    try:
        ctx = with_log(serving, DeliveryLog(interval=3600))
        assert serve_ads(ctx, "fb:a", slots=1).decision.served  # loads the runtime
        # Another process (its own runtime) pauses the campaign.
        advertising.update_campaign(store.ctx, "adv", "c1", {"status": CampaignStatus.PAUSED})
        assert ctx.ads.indexed == 1
        deadline = time.monotonic() + 10
        while ctx.ads.indexed and time.monotonic() < deadline:
            time.sleep(0.06)  # the refresh is due: a request starts it in the background
            serve_ads_in_memory(ctx, "fb:a", slots=1)
        assert ctx.ads.indexed == 0
        assert serve_ads(ctx, "fb:b", slots=1).decision.served == ()  # fb:b saw none today
        ctx.delivery.close()
    finally:
        serving.close()


def test_a_recount_neither_waits_for_a_write_held_up_by_the_store_nor_counts_it_twice(
    store: Container, tmp_path: Path
) -> None:
    log = DeliveryLog(interval=3600, seen_ttl=0)  # every count read from the store
    ctx = with_log(store, log)
    log.record(ctx.uow, [impression(1), impression(2)], [SpendCharge("c1", DAY, 0.008, 2)])
    other = sqlite3.connect(tmp_path / "d.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the store's write lock
    writer = threading.Thread(target=log.flush, args=(ctx.uow,))
    writer.start()
    wait_until(lambda: log.waiting == 0)  # taken by the write, which waits for the lock
    started = time.monotonic()
    assert log.seen_today(ctx.uow, "account:fb:a", DAY) == {"c1": 2}  # being written
    assert time.monotonic() - started < 5  # not held up behind the write (30 s timeout)
    other.execute("ROLLBACK")
    writer.join(timeout=30)
    assert stored_impressions(store) == 2
    assert log.seen_today(ctx.uow, "account:fb:a", DAY) == {"c1": 2}  # stored: once
    other.close()
    log.close()


def test_a_write_that_commits_while_a_count_is_read_is_counted_once(store: Container) -> None:
    """A recount reads without the commit lock; a commit that starts or ends around its
    read makes it read again, with the lock (once here, so the second read is clean)."""
    log = DeliveryLog(interval=3600, seen_ttl=0)  # every count read from the store
    ctx = with_log(store, log)
    log.record(ctx.uow, [impression(1), impression(2)], [SpendCharge("c1", DAY, 0.008, 2)])
    reads: list[dict[str, dict[str, int]]] = []
    committed: list[bool] = []

    class CommitDuringTheFirstRead:  # the writer commits between the read and the count
        def __init__(self) -> None:
            self.uow = ctx.reading()

        def __enter__(self) -> CommitDuringTheFirstRead:
            self.uow.__enter__()
            return self

        def __exit__(self, *exc: object) -> None:
            self.uow.__exit__(None, None, None)

        @property
        def impressions(self) -> CommitDuringTheFirstRead:
            return self

        def ads_seen_by(self, people: list[str], day: date) -> dict[str, dict[str, int]]:
            seen = self.uow.impressions.ads_seen_by(people, day)
            if not reads:  # stored now, and no longer waiting
                writer = threading.Thread(target=log.flush, args=(ctx.uow,))
                writer.start()
                writer.join(timeout=5)
                committed.append(not writer.is_alive())  # the read held up no commit
            reads.append(seen)
            return seen

    def factory() -> CommitDuringTheFirstRead:
        return CommitDuringTheFirstRead()

    assert log.seen_today(factory, "account:fb:a", DAY) == {"c1": 2}  # type: ignore[arg-type]
    assert committed == [True]
    assert reads == [{}, {"account:fb:a": {"c1": 2}}]  # read before the commit, then again
    assert log.seen_today(ctx.uow, "account:fb:a", DAY) == {"c1": 2}
    log.close()
