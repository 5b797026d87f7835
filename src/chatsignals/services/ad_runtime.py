"""The in-process side of ad delivery: the ad index, the CTR model and a spend ledger.

An ad decision must take a few milliseconds, so what it reads lives in memory:

- the :class:`AdIndex` of active campaigns, built from the store on first use and kept
  in step as this process changes campaigns; every ``refresh_seconds`` it also reloads
  campaigns other processes changed (``campaigns.updated_at``, and ``revision`` to tell
  apart changes made at the same instant). Campaigns whose total
  budget is spent leave the index; those whose daily budget is spent leave it until the
  next UTC day;
- the :class:`LogisticCtrModel`, loaded from the store, learning from every impression
  and click, and saved back as JSON every ``model_save_every`` learned events;
- a ledger of each campaign's spend today and in total, updated as impressions and
  clicks are recorded (after their transaction commits) and reloaded from the store
  every ``refresh_seconds``, so several API processes converge on the same numbers.
  Between reloads a campaign may overspend by what other processes charged meanwhile,
  at most a few impressions' worth.

How the CTR model learns (the choice the issue asked to document): every impression is
learned as a non-click when it is recorded, and a click later is learned as a click on
the same features. The pair of steps approximates one step on the clicked label (the
negative step is small when the predicted CTR is small, as ad CTRs are), and it needs no
sweeper to find impressions that were never clicked.

A model that has learned nothing yet starts from the prior CTR and a prior weight on
``relevance`` (``RELEVANCE_PRIOR``): without it a fresh system would rank CPC ads by bid
alone and people's interests would only decide eligibility, never order.

Frequency caps are read per decision from the store (one indexed query for the
person's ads today), so they hold exactly across processes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from chatsignals.domain.auction import AuctionKind
from chatsignals.domain.campaigns import Campaign, CampaignStatus
from chatsignals.domain.ctr import LogisticCtrModel
from chatsignals.domain.delivery import (
    AdDecision,
    AdRequest,
    AuctionConfig,
    PersonMemo,
    decide_ads,
)
from chatsignals.domain.errors import ValidationError
from chatsignals.domain.pacing import DEFAULT_SLACK, utc_day
from chatsignals.domain.targeting import AdIndex, DeliveryState, Viewer
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.services.delivery_ports import CampaignSpend
from chatsignals.services.ports import UnitOfWork

log = logging.getLogger(__name__)

MODEL_NAME = "default"
RELEVANCE_PRIOR = 2.0  # log-odds per unit of relevance before any click is seen


def fresh_model() -> LogisticCtrModel:
    model = LogisticCtrModel()
    model.weights["relevance"] = RELEVANCE_PRIOR
    return model


@dataclass(frozen=True, slots=True)
class AdsConfig:
    """Delivery settings (``CHATSIGNALS_ADS_*``); the defaults suit a single server."""

    auction: AuctionKind = AuctionKind.SECOND_PRICE
    reserve_cpm: float = 0.5  # the least a winner pays per 1,000 impressions
    pacing_slack: float = DEFAULT_SLACK
    # Eligible campaigns scored per decision, best possible eCPM first: 20 keeps one
    # decision within a few milliseconds over 100,000 campaigns (services/ad_benchmark.py).
    max_eligible: int = 20
    default_slots: int = 3
    feed_limit: int = 20
    refresh_seconds: float = 5.0  # reload others' campaign changes and spend; 0: never
    model_save_every: int = 100
    report_min_people: int = 100
    report_noise_epsilon: float = 0.0  # 0: no noise
    # People whose campaign fits (targeting, hidden topics, best creative) are kept
    # between their decisions, most recent first: some 10 KB each. A person's are kept
    # from their second decision on (one-off people would only churn the memory).
    person_memos: int = 4096

    @property
    def auction_config(self) -> AuctionConfig:
        return AuctionConfig(
            kind=self.auction,
            reserve_cpm=self.reserve_cpm,
            pacing_slack=self.pacing_slack,
            max_eligible=self.max_eligible,
        )


class AdRuntime:
    """One per process (per store). Thread-safe: every method takes the runtime's lock."""

    def __init__(self, config: AdsConfig | None = None) -> None:
        self.config = config or AdsConfig()
        self._lock = threading.RLock()
        self._index: AdIndex | None = None
        self._model: LogisticCtrModel | None = None
        self._campaigns: dict[str, Campaign] = {}  # every known campaign, any status
        self._seen_changes: datetime | None = None
        self._seen_at_latest: frozenset[tuple[str, int]] = frozenset()  # (id, revision)
        self._day: date | None = None
        self._today: dict[str, float] = {}
        self._total: dict[str, float] = {}
        self._out_today: set[str] = set()  # daily budget spent: out of the index until tomorrow
        self._refreshed = 0.0
        self._refreshing = False
        self._unsaved = 0
        self._memos: OrderedDict[str, PersonMemo] = OrderedDict()

    # -- loading and refreshing -------------------------------------------------------

    def ensure_ready(self, uow: UnitOfWork, taxonomy: Taxonomy, now: datetime) -> None:
        """Build the index, load the model and the ledger on first use; refresh them when
        ``refresh_seconds`` have passed; roll the ledger over at midnight UTC."""
        day = utc_day(now)
        with self._lock:
            if self._index is None or self._model is None:
                stored = uow.ctr_models.get(MODEL_NAME)
                self._model = LogisticCtrModel.from_json(stored) if stored else fresh_model()
                self._index = AdIndex(taxonomy)
                self._apply_spend(uow.spend.spend(day), day)
                loaded = uow.campaigns.changed_since(None)
                campaigns, self._seen_changes, self._seen_at_latest = loaded
                self._campaigns = {c.id: c for c in campaigns}
                self._index = AdIndex.build(
                    (c for c in campaigns if self._verdict(c) == "index"), taxonomy
                )
                self._out_today = {c.id for c in campaigns if self._verdict(c) == "today"}
                self._refreshed = time.monotonic()
                self._memos.clear()  # fits of campaign objects no longer indexed
                return
            every = self.config.refresh_seconds
            due = every > 0 and time.monotonic() - self._refreshed >= every
            new_day = day != self._day
            since, known = self._seen_changes, self._seen_at_latest
        if not (due or new_day):
            return
        # Read without the lock: every decision takes it, and a store round trip under
        # it stalled all of them (on PostgreSQL, the 5-second refresh was the slowest
        # moment of serving).
        spend = list(uow.spend.spend(day))
        # Of the campaigns changed at the instant last seen, only those whose revision
        # moved are read again (campaigns created together share that instant).
        changed, latest, at_latest = (
            uow.campaigns.changed_since(since, known) if due else ([], None, frozenset())
        )
        with self._lock:
            self._apply_spend(spend, day)
            if due:
                for campaign in changed:
                    self._place(campaign)
                if latest is not None:
                    self._seen_changes, self._seen_at_latest = latest, at_latest
                self._refreshed = time.monotonic()

    def ready(self, now: datetime) -> bool:
        """True when a decision at ``now`` needs no store: the index, model and ledger are
        loaded for today. A periodic refresh that is due does not count: call
        :meth:`refresh_in_background` for it."""
        with self._lock:
            return not (self._index is None or self._model is None or utc_day(now) != self._day)

    def refresh_due(self) -> bool:
        every = self.config.refresh_seconds
        with self._lock:
            return every > 0 and time.monotonic() - self._refreshed >= every

    def refresh_in_background(
        self, uow_factory: Callable[[], UnitOfWork], taxonomy: Taxonomy, now: datetime
    ) -> None:
        """Start the due refresh of other processes' campaign and spend changes in a
        thread, unless one runs: requests keep deciding on what is loaded meanwhile
        (a few seconds old), instead of all waiting for the store at once."""
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True

        def refresh() -> None:
            try:
                uow = uow_factory()
                uow.read_only = True
                with uow:
                    self.ensure_ready(uow, taxonomy, now)
            except Exception:
                log.warning(
                    "ad runtime: refresh failed; retried at the next due time", exc_info=True
                )
                with self._lock:
                    self._refreshed = time.monotonic()
            finally:
                with self._lock:
                    self._refreshing = False

        threading.Thread(target=refresh, name="ad-runtime-refresh", daemon=True).start()

    def load_in_memory(self, index: AdIndex, model: LogisticCtrModel, day: date) -> None:
        """Start from a ready index and model, without a store (benchmarks, tests)."""
        with self._lock:
            self._index = index
            self._model = model
            self._day = day
            self._campaigns = {c.id: c for c in index.campaigns()}
            self._refreshed = time.monotonic()
            self._memos.clear()

    def _apply_spend(self, rows: Iterable[CampaignSpend], day: date) -> None:
        """The ledger as stored, for ``day``. What this process counted is never lowered:
        the store lacks its charges still waiting in the delivery log (written within
        50 ms), and replacing the counts dropped them at every refresh, letting a
        campaign at the end of its budget spend them again."""
        restore = self._out_today if day != self._day else set()
        counted_today = self._today if day == self._day else {}
        counted_total = self._total
        self._day = day
        self._today = dict(counted_today)
        self._total = dict(counted_total)
        for row in rows:
            self._today[row.campaign_id] = max(
                row.spent_today, counted_today.get(row.campaign_id, 0.0)
            )
            self._total[row.campaign_id] = max(
                row.spent_total, counted_total.get(row.campaign_id, 0.0)
            )
        if restore:
            self._out_today = set()
        for campaign_id in restore | set(self._total):
            campaign = self._campaigns.get(campaign_id)
            if campaign is not None:
                self._place(campaign)

    def _verdict(self, campaign: Campaign) -> str:
        """ "index" when the campaign can spend; "today" when only its day's budget is
        spent; "out" otherwise."""
        if campaign.status is not CampaignStatus.ACTIVE:
            return "out"
        if self._total.get(campaign.id, 0.0) + campaign.max_charge > campaign.total_budget:
            return "out"
        if self._today.get(campaign.id, 0.0) + campaign.max_charge > campaign.daily_budget:
            return "today"
        return "index"

    def _place(self, campaign: Campaign) -> None:
        """Index the campaign if it can still spend; keep it out otherwise."""
        assert self._index is not None
        self._campaigns[campaign.id] = campaign
        verdict = self._verdict(campaign)
        if verdict != "index":
            self._index.remove(campaign.id)
            if verdict == "today":
                self._out_today.add(campaign.id)
        elif campaign.id not in self._index or self._index.get(campaign.id) is not campaign:
            self._out_today.discard(campaign.id)
            self._index.add(campaign)

    def campaign_changed(self, campaign: Campaign) -> None:
        """This process stored a new or changed campaign (after commit)."""
        with self._lock:
            if self._index is not None:
                self._place(campaign)

    # -- deciding -----------------------------------------------------------------------

    def decide(
        self,
        viewer: Viewer,
        request: AdRequest,
        taxonomy: Taxonomy,
        seen_today: Mapping[str, int],
    ) -> AdDecision:
        """One ad decision; ``seen_today``: the person's ads today, per campaign."""
        with self._lock:
            assert self._index is not None and self._model is not None, "call ensure_ready"
            today, total = self._today, self._total

            def state_of(campaign_id: str) -> DeliveryState:
                return DeliveryState(
                    today.get(campaign_id, 0.0),
                    total.get(campaign_id, 0.0),
                    seen_today.get(campaign_id, 0),
                )

            return decide_ads(
                viewer,
                request,
                index=self._index,
                taxonomy=taxonomy,
                model=self._model,
                state_of=state_of,
                config=self.config.auction_config,
                memo=self._memo(viewer, taxonomy),
            )

    def _memo(self, viewer: Viewer, taxonomy: Taxonomy) -> PersonMemo | None:
        """The person's memo from their earlier decisions, or a new one kept for their
        next (for the most recent ``person_memos`` people); None: decide without one.

        Kept from a person's first decision: a decision makes one anyway, and a person
        who comes back then finds their campaign fits worked out at their second request,
        not only at their third (the first kept one when memos began at the second)."""
        size, person = self.config.person_memos, viewer.person_id
        if size <= 0:
            return None
        memo = self._memos.get(person)
        if memo is not None and memo.holds_for(viewer):
            self._memos.move_to_end(person)
            return memo
        memo = self._memos[person] = PersonMemo(viewer, taxonomy)
        self._memos.move_to_end(person)
        while len(self._memos) > size:
            self._memos.popitem(last=False)
        return memo

    def campaign(self, campaign_id: str) -> Campaign | None:
        with self._lock:
            return self._campaigns.get(campaign_id)

    @property
    def indexed(self) -> int:
        with self._lock:
            return len(self._index) if self._index is not None else 0

    # -- after an impression or click was committed ------------------------------------

    def spend_of(self, campaign_id: str) -> tuple[float, float]:
        """What the campaign has spent today and in all, as this process counts it."""
        with self._lock:
            return self._today.get(campaign_id, 0.0), self._total.get(campaign_id, 0.0)

    def charged(self, campaign_id: str, day: date, amount: float) -> None:
        self.charged_many([(campaign_id, amount)], day)

    def charged_many(self, charges: Sequence[tuple[str, float]], day: date) -> None:
        """``(campaign id, amount)`` charged on ``day``, each after the one before."""
        with self._lock:
            today, total, campaigns = self._today, self._total, self._campaigns
            for campaign_id, amount in charges:
                if day == self._day:
                    today[campaign_id] = today.get(campaign_id, 0.0) + amount
                total[campaign_id] = total.get(campaign_id, 0.0) + amount
                # A charge can only take a campaign out of the index: one that can still
                # spend was indexed as it is (every change went through _place).
                campaign = campaigns.get(campaign_id)
                if (
                    campaign is not None
                    and self._index is not None
                    and self._verdict(campaign) != "index"
                ):
                    self._place(campaign)

    def learn(self, features: Mapping[str, float], clicked: bool) -> None:
        self.learn_many([features], clicked)

    def learn_many(self, examples: Sequence[Mapping[str, float]], clicked: bool) -> None:
        with self._lock:
            if self._model is not None:
                for features in examples:
                    self._model.learn_one(features, clicked)
                self._unsaved += len(examples)

    def predict(self, features: Mapping[str, float]) -> float:
        with self._lock:
            model = self._model or fresh_model()
            return model.predict_one(features)

    def model_save_due(self) -> bool:
        with self._lock:
            return self._model is not None and self._unsaved >= self.config.model_save_every

    def model_to_save(self, force: bool = False) -> dict[str, object] | None:
        """The model's JSON when it is due to be saved (then counted as saved)."""
        with self._lock:
            if self._model is None or self._unsaved == 0:
                return None
            if not force and self._unsaved < self.config.model_save_every:
                return None
            self._unsaved = 0
            return self._model.to_json()


def parse_auction_kind(name: str) -> AuctionKind:
    try:
        return AuctionKind(name)
    except ValueError:
        known = ", ".join(k.value for k in AuctionKind)
        raise ValidationError("auction", f"must be one of {known}, got {name!r}") from None
