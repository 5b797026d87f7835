import json
import random

import pytest

from chatsignals.domain.ctr import AdContext, LogisticCtrModel, ad_features, hour_bucket
from chatsignals.domain.errors import ValidationError


def ctx(relevance: float, app: str = "facebook", position: int = 0) -> AdContext:
    return AdContext(relevance, 2.0, False, position, app, "Sports", 14)


def test_features_are_named_and_documented() -> None:
    f = ad_features(AdContext(0.5, 1.0, True, 1, "instagram", "Travel", 7))
    assert f["bias"] == 1.0 and f["relevance"] == 0.5 and f["position"] == 1.0
    assert f["app=instagram"] == f["tier1=Travel"] == f["hour=morning"] == f["bid_type=cpc"] == 1.0


def test_hour_buckets_cover_the_day() -> None:
    assert [hour_bucket(h) for h in (0, 5, 6, 11, 12, 17, 18, 23)] == [
        "night", "night", "morning", "morning", "afternoon", "afternoon", "evening", "evening"
    ]  # fmt: skip


def test_an_untrained_model_predicts_the_prior() -> None:
    model = LogisticCtrModel(prior_ctr=0.02)
    assert model.predict_one({"bias": 1.0}) == pytest.approx(0.02)


def test_the_model_learns_that_relevant_ads_get_clicked() -> None:
    rng = random.Random(7)
    model = LogisticCtrModel()
    for _ in range(5000):
        relevance = rng.random()
        clicked = rng.random() < 0.01 + 0.2 * relevance
        model.learn_one(ad_features(ctx(relevance)), clicked)
    low = model.predict_one(ad_features(ctx(0.05)))
    high = model.predict_one(ad_features(ctx(0.95)))
    assert high > 3 * low
    assert 0.1 < high < 0.35
    assert model.n_seen == 5000 and 0 < model.n_clicks < 5000


def test_explanations_are_feature_contributions_that_sum_to_the_log_odds() -> None:
    model = LogisticCtrModel()
    for i in range(200):
        model.learn_one(ad_features(ctx(0.9)), i % 3 == 0)
    features = ad_features(ctx(0.9))
    parts = model.explain_one(features)
    p = model.predict_one(features)
    import math

    assert sum(v for _, v in parts) == pytest.approx(math.log(p / (1 - p)))
    assert {name for name, _ in parts} == set(features)


def test_the_model_round_trips_through_json() -> None:
    model = LogisticCtrModel(learning_rate=0.05)
    for i in range(100):
        model.learn_one(ad_features(ctx(i / 100, app="whatsapp")), i % 7 == 0)
    text = json.dumps(model.to_json())
    again = LogisticCtrModel.from_json(json.loads(text))
    features = ad_features(ctx(0.4, app="whatsapp"))
    assert again.predict_one(features) == model.predict_one(features)
    again.learn_one(features, True)
    model.learn_one(features, True)
    assert again.to_json() == model.to_json()


def test_loading_something_else_is_refused() -> None:
    with pytest.raises(ValidationError):
        LogisticCtrModel.from_json({"type": "pickle", "version": 1})
    data = LogisticCtrModel().to_json()
    data["weights"] = {"bias": "x"}
    with pytest.raises(ValidationError):
        LogisticCtrModel.from_json(data)
