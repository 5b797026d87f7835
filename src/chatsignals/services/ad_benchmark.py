"""In-process ad decision benchmark: synthetic campaigns and people, timed decisions.

For the benchmark suite and for quick checks: ``measure_decisions(100_000, 1_000_000)``
builds an :class:`AdRuntime` over 100,000 synthetic live campaigns (interest-targeted
on taxonomy nodes, some by country and age, a quarter untargeted, CPM and CPC) and
times one ad decision each for people drawn from a population of ``people`` synthetic
profiles (each person's profile is a pure function of their number, so a million
profiles need no memory). Only the decision is timed, as the runtime makes it for a
request: candidates, eligibility, pCTR, auction, explanations.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from chatsignals.domain.campaigns import (
    BidType,
    Campaign,
    Creative,
    PacingMode,
    Targeting,
)
from chatsignals.domain.delivery import AdRequest
from chatsignals.domain.profile import Evidence, ProfileEntry, SourceKind
from chatsignals.domain.targeting import AdIndex, Viewer
from chatsignals.domain.taxonomy import Taxonomy, load_taxonomy
from chatsignals.services.ad_runtime import AdRuntime, AdsConfig, fresh_model

COUNTRIES = ("US", "CA", "GB", "IN", "BR", "MX", "AU", "JP")
NOW = datetime(2026, 1, 15, 14, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class BenchResult:
    campaigns: int
    people: int
    decisions: int
    build_seconds: float
    p50_ms: float
    p99_ms: float
    cpu_p50_ms: float  # the decision's own CPU time: what it costs on an idle core
    cpu_p99_ms: float
    mean_candidates: float
    mean_served: float

    def to_json(self) -> dict[str, float | int]:
        return {
            "campaigns": self.campaigns,
            "people": self.people,
            "decisions": self.decisions,
            "build_seconds": round(self.build_seconds, 2),
            "p50_ms": round(self.p50_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
            "cpu_p50_ms": round(self.cpu_p50_ms, 3),
            "cpu_p99_ms": round(self.cpu_p99_ms, 3),
            "mean_candidates": round(self.mean_candidates, 1),
            "mean_served": round(self.mean_served, 2),
        }


def _targetable(taxonomy: Taxonomy) -> list[str]:
    from chatsignals.domain.campaigns import refuse_targeting_reason

    return sorted(n.id for n in taxonomy if refuse_targeting_reason(taxonomy, n.id) is None)


def synthetic_campaigns(n: int, taxonomy: Taxonomy, seed: int = 7) -> list[Campaign]:
    rng = random.Random(seed)
    topics = _targetable(taxonomy)
    start = NOW - timedelta(days=10)
    out: list[Campaign] = []
    for i in range(n):
        untargeted = rng.random() < 0.25
        interests = () if untargeted else tuple(rng.sample(topics, rng.randint(1, 3)))
        countries = () if rng.random() < 0.4 else tuple(rng.sample(COUNTRIES, rng.randint(1, 3)))
        min_age = 18 if rng.random() < 0.3 else None
        cpc = rng.random() < 0.6
        bid = round(rng.uniform(0.2, 4.0), 2) if cpc else round(rng.uniform(0.5, 8.0), 2)
        categories = interests or (rng.choice(topics),)
        out.append(
            Campaign(
                id=f"c{i:06d}",
                advertiser_id=f"a{i % 5000:04d}",
                name=f"campaign {i}",
                bid_type=BidType.CPC if cpc else BidType.CPM,
                bid=bid,
                daily_budget=50.0,
                total_budget=1000.0,
                start=start,
                end=None,
                creatives=(
                    Creative(f"c{i:06d}-1", "Ad", "", None, "https://example.com/", categories),
                ),
                targeting=Targeting(interests, countries, min_age, None),
                frequency_cap=3,
                pacing=PacingMode.EVEN if rng.random() < 0.5 else PacingMode.ASAP,
            )
        )
    return out


def synthetic_viewer(person: int, taxonomy: Taxonomy, topics: list[str], seed: int = 11) -> Viewer:
    """Person number ``person`` of the synthetic population (same number, same profile)."""
    rng = random.Random(seed * 1_000_003 + person)
    entries = []
    for topic in rng.sample(topics, rng.randint(2, 8)):
        weight = rng.uniform(0.05, 2.0)
        node = taxonomy.get(topic)
        evidence = (Evidence(SourceKind.CHAT, f"m{person}-{topic}", NOW, weight),)
        entries.append(ProfileEntry(topic, node.name, node.tier1, weight, evidence))
    entries.sort(key=lambda e: (-e.weight, e.topic))
    age = rng.choice((None, 16, 22, 30, 41, 55, 67)) if rng.random() < 0.2 else rng.randint(18, 70)
    return Viewer(f"p{person}", age, rng.choice(COUNTRIES), tuple(entries))


def build_runtime(campaigns: list[Campaign], taxonomy: Taxonomy) -> AdRuntime:
    """A runtime over ``campaigns`` without a store (what ``ensure_ready`` builds)."""
    runtime = AdRuntime(AdsConfig())
    runtime.load_in_memory(AdIndex.build(campaigns, taxonomy), fresh_model(), NOW.date())
    return runtime


def measure_decisions(
    campaigns: int = 100_000, people: int = 1_000_000, decisions: int = 2_000, seed: int = 7
) -> BenchResult:
    taxonomy = load_taxonomy()
    started = time.perf_counter()
    runtime = build_runtime(synthetic_campaigns(campaigns, taxonomy, seed), taxonomy)
    build = time.perf_counter() - started
    topics = _targetable(taxonomy)
    rng = random.Random(seed)
    timings: list[float] = []
    cpu: list[float] = []
    candidates = served = 0
    for n in range(decisions):
        viewer = synthetic_viewer(rng.randrange(people), taxonomy, topics)
        request = AdRequest(f"r{n}", "facebook", NOW, 3)
        c0, t0 = time.thread_time(), time.perf_counter()
        decision = runtime.decide(viewer, request, taxonomy, {})
        timings.append((time.perf_counter() - t0) * 1000.0)
        cpu.append((time.thread_time() - c0) * 1000.0)
        candidates += decision.candidates
        served += len(decision.served)
    return BenchResult(
        campaigns,
        people,
        decisions,
        build,
        statistics.median(timings),
        _p99(timings),
        statistics.median(cpu),
        _p99(cpu),
        candidates / decisions,
        served / decisions,
    )


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


if __name__ == "__main__":  # python -m chatsignals.services.ad_benchmark [campaigns]
    import json
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(json.dumps(measure_decisions(count).to_json()))
