"""A worker's batch is read and written in a few statements, and ends exactly as inline
ingest, one message at a time, does: decisions, results, audit entries and chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from chatsignals.bootstrap import Container
from chatsignals.domain.accounts import Purpose
from chatsignals.services import accounts, audit
from chatsignals.services.worker import WorkerConfig, run_once
from tests.queue.store import make_container, seed


def _outcome(c: Container) -> dict[str, Any]:
    """What processing left behind, without the store-specific pseudonyms."""
    with c.engine.connect() as conn:
        decisions = sorted(
            tuple(r)
            for r in conn.execute(
                text("SELECT source_id, account_id, purpose, rule, reason FROM decisions")
            )
        )
        results = {
            r.id: (r.status, r.result)
            for r in conn.execute(text("SELECT id, status, result FROM interactions"))
        }
    denials = [
        (e["actor"], e["details"]["rules"])
        for e in audit.read(c.ctx, 0, 10_000)
        if e["action"] == "policy.deny"
    ]
    return {"decisions": decisions, "results": results, "denials": denials}


def _normalised(outcome: dict[str, Any]) -> dict[str, Any]:
    """Results as JSON objects whichever way the driver gave them back."""
    results = {
        mid: (status, result if isinstance(result, dict) else json.loads(result))
        for mid, (status, result) in outcome["results"].items()
    }
    return {**outcome, "results": results}


def test_a_batch_ends_as_inline_ingest_one_message_at_a_time_does(
    db_url: str, tmp_path: Path
) -> None:
    batched = make_container(db_url, tmp_path / "batched")
    inline = make_container(f"sqlite:///{tmp_path / 'one.sqlite'}", tmp_path, mode="inline")
    for c in (batched, inline):
        seed(c, 0)  # the people first, then their links and choices
        accounts.link_account(c.ctx, "center", "fb:3")
        accounts.link_account(c.ctx, "center", "fb:4")
        accounts.hide_topic(c.ctx, "fb:4", "159", (Purpose.ADS,))  # fb:3 sees less of it too
        accounts.record_consent(c.ctx, "fb:3", Purpose.CONTENT, False)
        seed(c, 45)  # an EU account and a minor among them: denials to audit
    while run_once(batched.ctx, config=WorkerConfig(batch_size=45)).claimed:
        pass
    got, want = _normalised(_outcome(batched)), _normalised(_outcome(inline))
    assert got == want
    assert got["denials"] and all(status == "processed" for status, _ in got["results"].values())
    assert audit.verify(batched.ctx).ok and audit.verify(inline.ctx).ok
    batched.close()
    inline.close()


def test_reprocessing_a_batch_replaces_its_decisions(db_url: str, tmp_path: Path) -> None:
    c = make_container(db_url, tmp_path)
    ids = seed(c, 20)
    config = WorkerConfig(batch_size=20)
    run_once(c.ctx, config=config)
    before = _outcome(c)["decisions"]
    with c.ctx.uow() as uow:  # at least once: the same messages come round again
        uow.queue.enqueue_many(ids, c.ctx.clock.now())
        uow.commit()
    assert run_once(c.ctx, config=config).processed == 20
    assert _outcome(c)["decisions"] == before != []
    assert audit.verify(c.ctx).ok
    c.close()
