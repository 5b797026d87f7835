"""A person's memo (campaign fits kept between their decisions) changes no decision."""

from __future__ import annotations

import random
from dataclasses import replace

from chatsignals.domain.delivery import AdDecision, AdRequest, PersonMemo, decide_ads
from chatsignals.domain.targeting import AdIndex, DeliveryState, Viewer
from chatsignals.domain.taxonomy import load_taxonomy
from chatsignals.services.ad_benchmark import (
    NOW,
    _targetable,
    synthetic_campaigns,
    synthetic_viewer,
)
from chatsignals.services.ad_runtime import fresh_model

TAX = load_taxonomy()
TOPICS = _targetable(TAX)
CAMPAIGNS = synthetic_campaigns(1500, TAX, seed=5)


def _decide(
    index: AdIndex,
    viewer: Viewer,
    n: int,
    seen: dict[str, int],
    memo: PersonMemo | None,
) -> AdDecision:
    return decide_ads(
        viewer,
        AdRequest(f"r{n}", "facebook", NOW, 3),
        index=index,
        taxonomy=TAX,
        model=fresh_model(),
        state_of=lambda cid: DeliveryState(impressions_today=seen.get(cid, 0)),
        memo=memo,
    )


def _summary(decision: AdDecision) -> tuple[object, ...]:
    return (
        [(a.campaign_id, a.creative.id, a.price, a.why) for a in decision.served],
        decision.rejected,
        decision.candidates,
    )


def test_decisions_with_a_kept_memo_equal_fresh_ones_as_caps_and_campaigns_change() -> None:
    rng = random.Random(2)
    index = AdIndex.build(CAMPAIGNS, TAX)
    for person in range(12):
        viewer = synthetic_viewer(person, TAX, TOPICS)
        memo = PersonMemo(viewer, TAX)
        seen: dict[str, int] = {}
        for n in range(8):
            kept = _decide(index, viewer, n, seen, memo)
            assert _summary(kept) == _summary(_decide(index, viewer, n, seen, None))
            for ad in kept.served:  # shown: counted toward the caps
                seen[ad.campaign_id] = seen.get(ad.campaign_id, 0) + 1
            if kept.served and rng.random() < 0.5:
                # The advertiser retargets a served campaign to ages no one here has
                # (it stays a candidate: the index files campaigns by interest and country).
                changed = index.get(kept.served[0].campaign_id)
                targeting = replace(changed.targeting, min_age=110, max_age=120)
                index.add(replace(changed, targeting=targeting))
            elif len(kept.served) > 1 and rng.random() < 0.5:
                # A served campaign's budget runs out: the index drops it, and the lists
                # of candidates the memo keeps (made before) must not bring it back.
                index.remove(kept.served[1].campaign_id)
        assert memo.fits  # the memo was used, not rebuilt each time
        assert memo.candidates is not None


def test_kept_candidate_lists_rank_as_the_buckets_do_until_a_campaign_is_added() -> None:
    index = AdIndex.build(CAMPAIGNS, TAX)
    bound = fresh_model().cpc_upper_bound()
    viewer = synthetic_viewer(7, TAX, TOPICS)
    lists = index.candidate_lists(viewer)
    assert lists.cpm and lists.cpc  # both sides are merged
    assert list(index.ranked_candidates(viewer, bound, lists)) == list(
        index.ranked_candidates(viewer, bound)
    )
    gone = next(index.ranked_candidates(viewer, bound))[1]
    index.remove(gone.id)
    ranked = list(index.ranked_candidates(viewer, bound, lists))
    assert gone.id not in {c.id for _, c in ranked}
    assert ranked == list(index.ranked_candidates(viewer, bound))
    # Added back with a higher bid: the kept lists no longer hold (they are ignored).
    index.add(replace(gone, bid=gone.bid * 10))
    assert not lists.hold_for(index)
    assert list(index.ranked_candidates(viewer, bound, lists)) == list(
        index.ranked_candidates(viewer, bound)
    )
    assert index.candidate_lists(viewer).hold_for(index)


def test_a_person_with_too_many_candidates_is_ranked_from_the_buckets() -> None:
    index = AdIndex.build(CAMPAIGNS, TAX)
    bound = fresh_model().cpc_upper_bound()
    viewer = synthetic_viewer(7, TAX, TOPICS)
    few = index.candidate_lists(viewer, most=3)
    assert not few.merged and not few.cpm and not few.cpc
    assert few.hold_for(index)  # kept as it is: not counted again at each decision
    assert list(index.ranked_candidates(viewer, bound, few)) == list(
        index.ranked_candidates(viewer, bound)
    )


def test_a_memo_holds_only_for_the_same_person_as_they_were() -> None:
    viewer = synthetic_viewer(3, TAX, TOPICS)
    memo = PersonMemo(viewer, TAX)
    assert memo.holds_for(replace(viewer))  # a viewer rebuilt from the same cached parts
    assert not memo.holds_for(replace(viewer, hidden=frozenset({viewer.profile[0].topic})))
    assert not memo.holds_for(replace(viewer, profile=viewer.profile[1:]))
    assert not memo.holds_for(replace(viewer, age=15))
    assert not memo.holds_for(replace(viewer, country="zz"))
    assert not memo.holds_for(replace(viewer, person_id="someone else"))


def test_a_memo_that_does_not_hold_is_not_used() -> None:
    index = AdIndex.build(CAMPAIGNS, TAX)
    viewer = synthetic_viewer(4, TAX, TOPICS)
    memo = PersonMemo(viewer, TAX)
    first = _decide(index, viewer, 0, {}, memo)
    assert first.served
    # Every interest of the person is hidden now: the old memo must not decide.
    hidden = replace(viewer, hidden=frozenset(e.topic for e in viewer.profile))
    again = _decide(index, hidden, 1, {}, memo)
    assert _summary(again) == _summary(_decide(index, hidden, 1, {}, None))
