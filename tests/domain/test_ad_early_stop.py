"""Lazy, bound-ordered candidates and early stopping change no auction's outcome."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from chatsignals.domain.ctr import LogisticCtrModel
from chatsignals.domain.delivery import AdDecision, AdRequest, AuctionConfig, decide_ads
from chatsignals.domain.targeting import AdIndex, DeliveryState
from chatsignals.domain.taxonomy import load_taxonomy
from chatsignals.services.ad_benchmark import (
    NOW,
    _targetable,
    measure_decisions,
    synthetic_campaigns,
    synthetic_viewer,
)
from chatsignals.services.ad_runtime import fresh_model

TAX = load_taxonomy()
TOPICS = _targetable(TAX)
CAMPAIGNS = synthetic_campaigns(3000, TAX, seed=3)
INDEX = AdIndex.build(CAMPAIGNS, TAX)


class Unbounded(LogisticCtrModel):
    """The same model, with a bound no ad ever beats: every candidate is examined."""

    def cpc_upper_bound(self, **_: object) -> Callable[[float], float]:
        return lambda bid: math.inf


def _learned(model: LogisticCtrModel) -> LogisticCtrModel:
    rng = random.Random(5)
    for _ in range(300):
        features = {
            "bias": 1.0,
            "relevance": rng.random(),
            "log_bid": math.log1p(rng.uniform(0.2, 4)),
            f"app={rng.choice(['facebook', 'instagram'])}": 1.0,
            f"tier1={rng.choice(['Sports', 'Travel', 'Food & Drink'])}": 1.0,
            "bid_type=cpc": 1.0,
        }
        model.learn_one(features, rng.random() < 0.2)
    return model


def test_ranked_candidates_are_the_candidates_best_bound_first() -> None:
    model = fresh_model()
    bound = model.cpc_upper_bound()
    for person in range(20):
        viewer = synthetic_viewer(person, TAX, TOPICS)
        ranked = list(INDEX.ranked_candidates(viewer, bound))
        assert sorted(c.id for _, c in ranked) == [c.id for c in INDEX.candidates(viewer)]
        keys = [(-b, c.id) for b, c in ranked]
        assert keys == sorted(keys)


def _with_log_bid(model: LogisticCtrModel, weight: float) -> LogisticCtrModel:
    """The model, having learned that higher bids click less (or more)."""
    model.weights["log_bid"] = weight
    return model


def _models() -> list[LogisticCtrModel]:
    return [
        fresh_model(),
        _learned(fresh_model()),
        _with_log_bid(_learned(fresh_model()), -0.9),
        _with_log_bid(_learned(fresh_model()), -2.5),  # under -1: the bound clamps it
        _with_log_bid(_learned(fresh_model()), 0.7),
    ]


def _decide(model: LogisticCtrModel, person: int, config: AuctionConfig) -> AdDecision:
    return decide_ads(
        synthetic_viewer(person, TAX, TOPICS),
        AdRequest(f"r{person}", "facebook", NOW, 3),
        index=INDEX,
        taxonomy=TAX,
        model=model,
        state_of=lambda _: DeliveryState(),
        config=config,
    )


def _served(model: LogisticCtrModel, person: int, reserve: float = 0.0) -> list[tuple[str, float]]:
    decision = _decide(model, person, AuctionConfig(max_eligible=10**9, reserve_cpm=reserve))
    return [(ad.campaign_id, round(ad.price, 9)) for ad in decision.served]


def test_stopping_early_serves_the_same_ads_at_the_same_prices() -> None:
    for model in _models():
        unbounded = Unbounded()
        unbounded.weights = dict(model.weights)
        for reserve in (0.0, 3.0, 120.0):
            served = [_served(model, person, reserve) for person in range(40)]
            assert served == [_served(unbounded, person, reserve) for person in range(40)]
            assert any(served) or reserve > 0  # not two empty pages compared


def test_candidates_that_cannot_clear_the_reserve_are_never_examined() -> None:
    model = _with_log_bid(_learned(fresh_model()), -0.9)

    def examined(reserve: float) -> int:
        config = AuctionConfig(reserve_cpm=reserve)
        return sum(_decide(model, person, config).candidates for person in range(40))

    # with this model the first slot's eCPMs run to about 120
    assert examined(150.0) < 0.9 * examined(0.0)


def test_the_cpc_bound_is_above_every_first_slot_ecpm_and_grows_with_the_bid() -> None:
    rng = random.Random(17)
    for model in _models():
        for app, hour in (("facebook", 9), ("instagram", 22), ("whatsapp", 3)):
            for max_relevance in (0.2, 1.0):
                bound = model.cpc_upper_bound(max_relevance=max_relevance, app=app, hour=hour)
                score = model.first_slot_scorer(app=app, hour=hour)
                bids = sorted(rng.uniform(0.01, 50.0) for _ in range(200))
                bounds = [bound(bid) for bid in bids]
                assert bounds == sorted(bounds)
                for bid in bids:
                    tier1 = rng.choice(["Sports", "Travel", "Food & Drink", "Unknown"])
                    ecpm = bid * score(rng.uniform(0, max_relevance), bid, True, tier1) * 1000
                    assert ecpm <= bound(bid) * (1 + 1e-12)


def test_the_benchmark_function_reports_latencies() -> None:
    result = measure_decisions(campaigns=2000, people=1000, decisions=30).to_json()
    assert result["decisions"] == 30 and 0 < result["p50_ms"] <= result["p99_ms"]
    assert result["mean_served"] > 0


def test_the_first_slot_scorer_is_predict_one_to_the_last_bit() -> None:
    from chatsignals.domain.ctr import AdContext, ad_features

    model = _learned(fresh_model())
    model.learn_one({"bias": 1.0, "position": 1.0, "hour=evening": 1.0}, True)
    rng = random.Random(11)
    for app in ("facebook", "instagram", "whatsapp"):
        for hour in (3, 9, 15, 21):
            score = model.first_slot_scorer(app=app, hour=hour)
            for _ in range(200):
                rel, bid = rng.random(), rng.uniform(0, 6)
                cpc = rng.random() < 0.5
                tier1 = rng.choice(["Sports", "Travel", "Food & Drink", "Unknown"])
                context = AdContext(rel, bid, cpc, 0, app, tier1, hour)
                assert score(rel, bid, cpc, tier1) == model.predict_one(ad_features(context))


def test_the_cpc_bound_follows_what_the_model_learns() -> None:
    """The bound's largest one-hot weights are kept between decisions: a learning step,
    or weights replaced whole, must show in the next bound."""
    model = fresh_model()
    before = model.cpc_upper_bound(app="facebook", hour=9)
    clicked = {"tier1=Travel": 1.0, "bid_type=cpc": 1.0, "log_bid": math.log1p(2.0)}
    for _ in range(50):  # clicks on one topic raise its weight, and the bound with it
        model.learn_one(clicked, True)
    after = model.cpc_upper_bound(app="facebook", hour=9)
    score = model.first_slot_scorer(app="facebook", hour=9)
    assert after(2.0) > before(2.0)
    assert 2.0 * score(1.0, 2.0, True, "Travel") * 1000 <= after(2.0) * (1 + 1e-12)
    model.weights = {**model.weights, "tier1=Sports": model.weights["tier1=Travel"] + 1.0}
    score = model.first_slot_scorer(app="facebook", hour=9)
    sports = 2.0 * score(1.0, 2.0, True, "Sports") * 1000
    assert sports > after(2.0)
    assert sports <= model.cpc_upper_bound(app="facebook", hour=9)(2.0) * (1 + 1e-12)
