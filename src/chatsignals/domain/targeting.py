"""Who may see which campaign: targeting matches, eligibility rules, and the ad index.

Every ineligibility carries a code and a sentence, for the audit and debug views.
People under 18, or of unknown age, get ads targeted by age and location only, and
never ads for alcohol, gambling, weight loss, financial products or adult content.
Topics a person hid ("see less", descendants included) are never shown to them.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chatsignals.domain.campaigns import BidType, Campaign, CampaignStatus, Creative
from chatsignals.domain.pacing import DEFAULT_SLACK, on_schedule, pace
from chatsignals.domain.pacing import day_fraction as pacing_day_fraction
from chatsignals.domain.policy import ADULT_AGE
from chatsignals.domain.profile import ProfileEntry
from chatsignals.domain.relevance import ProfileMatcher, TopicMatch
from chatsignals.domain.signal_rules import hidden_root
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.domain.values import quick_init


class MinorRestriction(StrEnum):
    ALCOHOL = "alcohol"
    GAMBLING = "gambling"
    WEIGHT_LOSS = "weight loss"
    FINANCIAL = "financial products"
    ADULT = "adult content"


# Subtrees of what an ad may advertise that are never shown to minors. Financial
# products take the whole Personal Finance branch: failing closed costs teens nothing.
MINOR_RESTRICTED_TOPICS: tuple[tuple[str, MinorRestriction], ...] = (
    ("211", MinorRestriction.ALCOHOL),  # Food & Drink > Alcoholic Beverages
    ("pg0WhF", MinorRestriction.ALCOHOL),  # Sensitive Topics > Illegal Drugs, Tobacco, ..., Alcohol
    ("181", MinorRestriction.GAMBLING),  # Attractions > Casinos & Gambling
    ("480", MinorRestriction.GAMBLING),  # Shopping > Lotteries and Scratchcards
    ("524", MinorRestriction.GAMBLING),  # Sports > Poker and Professional Gambling
    ("ZJG29S", MinorRestriction.GAMBLING),  # Video Gaming > ... > Casino and Gambling Video Games
    ("231", MinorRestriction.WEIGHT_LOSS),  # Healthy Living > Weight Loss
    ("391", MinorRestriction.FINANCIAL),  # Personal Finance (banking, credit, loans, investing...)
    ("63", MinorRestriction.FINANCIAL),  # Business and Finance > ... > Business Banking & Finance
    ("82", MinorRestriction.FINANCIAL),  # Business and Finance > Economy > Currencies
    ("31", MinorRestriction.FINANCIAL),  # Automotive > Auto Insurance
    ("Rm3SiT", MinorRestriction.ADULT),  # Sensitive Topics > Adult & Explicit Sexual Content
    ("MQ2XML", MinorRestriction.ADULT),  # Video Gaming > Video Game Genres > Adult Video Games
)


def minor_restriction_of(
    taxonomy: Taxonomy, categories: Iterable[str]
) -> tuple[str, MinorRestriction] | None:
    """The first of ``categories`` that minors may not be shown ads for, and why."""
    for category in categories:
        if category not in taxonomy:
            continue
        lineage = taxonomy.lineage(category)
        for root, restriction in MINOR_RESTRICTED_TOPICS:
            if root in lineage:
                return category, restriction
    return None


@quick_init
@dataclass(frozen=True, slots=True)
class Viewer:
    """The person an ad is chosen for. ``profile`` is their ads profile (hidden topics removed)."""

    person_id: str
    age: int | None
    country: str
    profile: tuple[ProfileEntry, ...] = ()
    hidden: frozenset[str] = frozenset()
    adult_age: int = ADULT_AGE

    @property
    def is_minor(self) -> bool:
        """Unknown ages count as minors: the rule fails closed."""
        return self.age is None or self.age < self.adult_age

    @property
    def usable_profile(self) -> tuple[ProfileEntry, ...]:
        """The interests ads may use: none at all for minors."""
        return () if self.is_minor else self.profile


class IneligibleCode(StrEnum):
    NOT_ACTIVE = "not-active"
    NOT_STARTED = "not-started"
    ENDED = "ended"
    COUNTRY = "country"
    AGE = "age"
    MINOR_INTEREST_TARGETING = "minor-interest-targeting"
    MINOR_RESTRICTED = "minor-restricted-category"
    HIDDEN_TOPIC = "hidden-topic"
    NO_INTEREST_MATCH = "no-interest-match"
    DAILY_BUDGET = "daily-budget"
    TOTAL_BUDGET = "total-budget"
    FREQUENCY_CAP = "frequency-cap"
    PACING = "pacing"


@quick_init
@dataclass(frozen=True, slots=True)
class Ineligibility:
    code: IneligibleCode
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code.value, "reason": self.reason}


@quick_init
@dataclass(frozen=True, slots=True)
class DeliveryState:
    """What has happened so far: the campaign's spend, and this person's impressions today."""

    spent_today: float = 0.0
    spent_total: float = 0.0
    impressions_today: int = 0


@quick_init
@dataclass(frozen=True, slots=True)
class Eligibility:
    campaign_id: str
    reasons: tuple[Ineligibility, ...]
    matches: tuple[TopicMatch, ...]  # the person's interests that met the targeting
    creatives: tuple[Creative, ...]  # creatives this person may be shown

    @property
    def eligible(self) -> bool:
        return not self.reasons


def _hidden_name(taxonomy: Taxonomy, topic: str) -> str:
    return taxonomy.get(topic).name if topic in taxonomy else topic


@quick_init
@dataclass(frozen=True, slots=True)
class TargetingFit:
    """What of a campaign's eligibility depends only on the campaign and the person
    (country, age, interests, hidden topics, what minors may see): the same for every
    request until either changes, so a decision may keep it for the person's next."""

    campaign: Campaign  # the very object it was worked out for
    reasons: tuple[Ineligibility, ...]
    matches: tuple[TopicMatch, ...]  # the person's interests that met the targeting
    creatives: tuple[Creative, ...]  # creatives this person may be shown


def check_eligibility(
    campaign: Campaign,
    viewer: Viewer,
    *,
    taxonomy: Taxonomy,
    now: datetime,
    state: DeliveryState = DeliveryState(),
    draw_key: str = "",
    pacing_slack: float = DEFAULT_SLACK,
    matcher: ProfileMatcher | None = None,
    fit: TargetingFit | None = None,
    day_fraction: float | None = None,
) -> Eligibility:
    """Every reason ``campaign`` may not be shown to ``viewer`` now (none: eligible).

    ``matcher``: ``ProfileMatcher(viewer.profile, taxonomy)``, built once per decision.
    ``fit``: :func:`targeting_fit` of this campaign for this viewer, kept from an
    earlier decision (worked out again when it was for another campaign object).
    ``day_fraction``: ``pacing.day_fraction(now)``, worked out once per decision.
    """
    if fit is None or fit.campaign is not campaign:
        fit = targeting_fit(campaign, viewer, taxonomy=taxonomy, matcher=matcher)
    # Most campaigns a decision examines are live and fit the person: the checks come
    # first, and a reason is written out only for what fails.
    inactive = campaign.status is not CampaignStatus.ACTIVE
    not_started = now < campaign.start
    ended = campaign.end is not None and now >= campaign.end
    charge = campaign.max_charge
    total_spent = state.spent_total + charge > campaign.total_budget
    day_spent = state.spent_today + charge > campaign.daily_budget
    capped = state.impressions_today >= campaign.frequency_cap
    if not (inactive or not_started or ended or fit.reasons or total_spent or day_spent or capped):
        fraction = pacing_day_fraction(now) if day_fraction is None else day_fraction
        if on_schedule(campaign.pacing, campaign.daily_budget, state.spent_today, fraction):
            return Eligibility(campaign.id, (), fit.matches, fit.creatives)
        paced = pace(
            campaign_id=campaign.id,
            mode=campaign.pacing,
            daily_budget=campaign.daily_budget,
            spent_today=state.spent_today,
            now=now,
            draw_key=draw_key,
            slack=pacing_slack,
            fraction=fraction,
        )
        if paced.allowed:
            return Eligibility(campaign.id, (), fit.matches, fit.creatives)
        reasons = (Ineligibility(IneligibleCode.PACING, paced.reason),)
        return Eligibility(campaign.id, reasons, fit.matches, fit.creatives)

    out: list[Ineligibility] = []
    if inactive:
        out.append(
            Ineligibility(IneligibleCode.NOT_ACTIVE, f"The campaign is {campaign.status.value}.")
        )
    if not_started:
        out.append(
            Ineligibility(
                IneligibleCode.NOT_STARTED, f"The campaign starts at {campaign.start.isoformat()}."
            )
        )
    if ended and campaign.end is not None:
        out.append(
            Ineligibility(
                IneligibleCode.ENDED, f"The campaign ended at {campaign.end.isoformat()}."
            )
        )
    out.extend(fit.reasons)
    if total_spent:
        out.append(
            Ineligibility(IneligibleCode.TOTAL_BUDGET, "The campaign's total budget is spent.")
        )
    if day_spent:
        out.append(Ineligibility(IneligibleCode.DAILY_BUDGET, "Today's budget is spent."))
    if capped:
        out.append(
            Ineligibility(
                IneligibleCode.FREQUENCY_CAP,
                f"The person has seen this campaign {state.impressions_today} times today "
                f"(cap {campaign.frequency_cap}).",
            )
        )
    return Eligibility(campaign.id, tuple(out), fit.matches, fit.creatives)


def targeting_fit(
    campaign: Campaign,
    viewer: Viewer,
    *,
    taxonomy: Taxonomy,
    matcher: ProfileMatcher | None = None,
) -> TargetingFit:
    """The reasons ``campaign`` may never be shown to ``viewer`` whatever the time or
    spend: country, age, interest targeting (none for minors), hidden topics, and the
    creatives minors may not see."""
    reasons: list[Ineligibility] = []

    def no(code: IneligibleCode, reason: str) -> None:
        reasons.append(Ineligibility(code, reason))

    targeting = campaign.targeting
    if not targeting.country_matches(viewer.country):
        no(IneligibleCode.COUNTRY, f"The campaign does not target {viewer.country.upper()}.")
    if not targeting.age_matches(viewer.age):
        shown = "unknown" if viewer.age is None else str(viewer.age)
        no(
            IneligibleCode.AGE,
            f"The campaign targets ages {targeting.min_age or '-'} to {targeting.max_age or '-'}; "
            f"the person's age is {shown}.",
        )

    matches: tuple[TopicMatch, ...] = ()
    if targeting.has_interests:
        if viewer.is_minor:
            no(
                IneligibleCode.MINOR_INTEREST_TARGETING,
                f"People under {viewer.adult_age} (or of unknown age) get ads targeted by age "
                "and location only, never by interests.",
            )
        else:
            matcher = matcher or ProfileMatcher(viewer.profile, taxonomy)
            found = matcher.match(targeting.interests, ancestor_credit=0.0)
            hidden_hit = [
                m
                for m in found
                if hidden_root(taxonomy, m.category, viewer.hidden) is not None
                or hidden_root(taxonomy, m.entry.topic, viewer.hidden) is not None
            ]
            matches = tuple(m for m in found if m not in hidden_hit)
            if not matches and hidden_hit:
                root = hidden_root(taxonomy, hidden_hit[0].category, viewer.hidden) or hidden_root(
                    taxonomy, hidden_hit[0].entry.topic, viewer.hidden
                )
                no(
                    IneligibleCode.HIDDEN_TOPIC,
                    f"The person asked to see less about {_hidden_name(taxonomy, root or '')}.",
                )
            elif not matches:
                no(IneligibleCode.NO_INTEREST_MATCH, "None of the person's interests is targeted.")

    creatives: list[Creative] = []
    hidden_reason: str | None = None
    minor_reason: str | None = None
    for creative in campaign.creatives:
        root = next(
            (r for c in creative.categories if (r := hidden_root(taxonomy, c, viewer.hidden))),
            None,
        )
        if root is not None:
            hidden_reason = f"The ad is about {_hidden_name(taxonomy, root)}, which the person hid."
            continue
        if viewer.is_minor:
            restricted = minor_restriction_of(taxonomy, creative.categories)
            if restricted is not None:
                minor_reason = (
                    f"The ad is for {restricted[1].value}, which is never shown to people under "
                    f"{viewer.adult_age}."
                )
                continue
        creatives.append(creative)
    if not creatives:
        if minor_reason is not None:
            no(IneligibleCode.MINOR_RESTRICTED, minor_reason)
        if hidden_reason is not None:
            no(IneligibleCode.HIDDEN_TOPIC, hidden_reason)
    return TargetingFit(campaign, tuple(reasons), matches, tuple(creatives))


class AdIndex:
    """Active campaigns indexed so a decision touches only plausible candidates.

    Interest-targeted campaigns are filed under each (targeted node, country) pair; a
    person's candidates are those filed under any node in the lineage of their profile
    topics (a campaign on Sports reaches a Soccer fan) for their country or "*"
    (everywhere). Campaigns without interest targeting are filed by country alone.
    Minors get no interest candidates.

    Each bucket keeps its CPM and its CPC campaigns sorted by bid, so
    :meth:`ranked_candidates` can merge a person's buckets lazily, best static eCPM
    first, and a decision that stops after enough eligible campaigns never touches the
    rest (with 100,000 campaigns a person may have thousands of candidates).
    """

    ANY_COUNTRY = "*"

    def __init__(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy
        self._campaigns: dict[str, Campaign] = {}
        # bucket -> (cpm, cpc) lists of (-bid, campaign id), kept sorted
        self._buckets: dict[tuple[str, str], tuple[list[tuple[float, str]], ...]] = {}
        self._keys: dict[str, tuple[tuple[str, str], ...]] = {}
        self._lineage: dict[str, tuple[str, ...]] = {}
        self._bulk = False
        # +1 per campaign added: a person's CandidateLists hold while it is unchanged
        # (a removal needs no new lists: a removed campaign is skipped as they are read)
        self.additions = 0

    @classmethod
    def build(cls, campaigns: Iterable[Campaign], taxonomy: Taxonomy) -> AdIndex:
        index = cls(taxonomy)
        index._bulk = True  # append now, sort each bucket once at the end
        for campaign in campaigns:
            index.add(campaign)
        index._bulk = False
        for bucket in index._buckets.values():
            for side in bucket:
                side.sort()
        return index

    def __len__(self) -> int:
        return len(self._campaigns)

    def __contains__(self, campaign_id: object) -> bool:
        return campaign_id in self._campaigns

    def get(self, campaign_id: str) -> Campaign:
        return self._campaigns[campaign_id]

    def campaigns(self) -> tuple[Campaign, ...]:
        return tuple(self._campaigns.values())

    @staticmethod
    def _untargeted_key(country: str) -> tuple[str, str]:
        return ("", country)  # "" is never a taxonomy node id

    def _keys_of(self, campaign: Campaign) -> tuple[tuple[str, str], ...]:
        countries = campaign.targeting.countries or (self.ANY_COUNTRY,)
        if campaign.targeting.has_interests:
            return tuple((t, c) for c in countries for t in campaign.targeting.interests)
        return tuple(self._untargeted_key(c) for c in countries)

    def add(self, campaign: Campaign) -> None:
        """Index (or re-index) a campaign; one that is not active is removed instead."""
        self.remove(campaign.id)
        if campaign.status is not CampaignStatus.ACTIVE:
            return
        self._campaigns[campaign.id] = campaign
        self.additions += 1
        keys = self._keys_of(campaign)
        self._keys[campaign.id] = keys
        entry = (-campaign.bid, campaign.id)
        side = 1 if campaign.bid_type is BidType.CPC else 0
        for key in keys:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = ([], [])
                self._buckets[key] = bucket
            if self._bulk:
                bucket[side].append(entry)
            else:
                insort(bucket[side], entry)

    def remove(self, campaign_id: str) -> None:
        campaign = self._campaigns.pop(campaign_id, None)
        if campaign is None:
            return
        entry = (-campaign.bid, campaign.id)
        side = 1 if campaign.bid_type is BidType.CPC else 0
        for key in self._keys.pop(campaign_id, ()):
            entries = self._buckets[key][side]
            if self._bulk:
                if entry in entries:
                    entries.remove(entry)
                continue
            at = bisect_left(entries, entry)
            if at < len(entries) and entries[at] == entry:
                del entries[at]

    def _lineage_of(self, topic: str) -> tuple[str, ...]:
        found = self._lineage.get(topic)
        if found is None:
            found = self._taxonomy.lineage(topic) if topic in self._taxonomy else (topic,)
            self._lineage[topic] = found
        return found

    def _bucket_keys(self, viewer: Viewer) -> list[tuple[str, str]]:
        country = viewer.country.upper()
        nodes = {node for e in viewer.usable_profile for node in self._lineage_of(e.topic)}
        keys = [(n, c) for n in sorted(nodes) for c in (country, self.ANY_COUNTRY)]
        keys.append(self._untargeted_key(country))
        keys.append(self._untargeted_key(self.ANY_COUNTRY))
        return [k for k in keys if k in self._buckets]

    def candidates(self, viewer: Viewer) -> tuple[Campaign, ...]:
        """Campaigns worth checking for ``viewer``, ordered by id (deterministic)."""
        ids: set[str] = set()
        for key in self._bucket_keys(viewer):
            for side in self._buckets[key]:
                ids.update(cid for _, cid in side)
        return tuple(self._campaigns[i] for i in sorted(ids))

    def candidate_lists(self, viewer: Viewer, most: int | None = None) -> CandidateLists:
        """The person's candidates (those of :meth:`candidates`), merged once from all
        their buckets: their CPM and their CPC entries, each sorted by bid, highest
        first, ties by id. :meth:`ranked_candidates` then reads two lists where it would
        merge a stream per bucket (several per interest of the person), so a caller that
        keeps them for the person's next decisions (delivery.PersonMemo) saves that work,
        while ``additions`` is unchanged. With more than ``most`` entries in the
        person's buckets nothing is merged (``merged`` is False): a decision reads only
        the best few candidates, and merging would sort them all."""
        keys = self._bucket_keys(viewer)
        buckets = [self._buckets[key] for key in keys]
        if most is not None and sum(len(cpm) + len(cpc) for cpm, cpc in buckets) > most:
            return CandidateLists(self, self.additions, (), (), merged=False)
        cpm: set[tuple[float, str]] = set()
        cpc: set[tuple[float, str]] = set()
        for on_cpm, on_cpc in buckets:
            cpm.update(on_cpm)
            cpc.update(on_cpc)
        return CandidateLists(self, self.additions, tuple(sorted(cpm)), tuple(sorted(cpc)))

    def ranked_candidates(
        self,
        viewer: Viewer,
        cpc_ecpm: Callable[[float], float],
        lists: CandidateLists | None = None,
    ) -> Iterator[tuple[float, Campaign]]:
        """The same campaigns as :meth:`candidates`, lazily, each with its best possible
        eCPM (the bid for CPM, ``cpc_ecpm(bid)`` for CPC, which must grow with the bid),
        from the highest, ties by id. ``lists``: the person's :meth:`candidate_lists`,
        kept from an earlier call (when they no longer hold, they are ignored)."""
        if lists is None or not lists.merged or not lists.hold_for(self):
            yield from self._ranked_from_buckets(viewer, cpc_ecpm)
            return
        campaigns = self._campaigns
        cpm, cpc = lists.cpm, lists.cpc
        i, j = 0, 0
        n_cpm, n_cpc = len(cpm), len(cpc)
        # The CPC side's next entry with its bound as the key, worked out once each.
        next_cpc = (-cpc_ecpm(-cpc[0][0]), cpc[0][1]) if n_cpc else None
        while True:
            if i < n_cpm and (next_cpc is None or cpm[i] < next_cpc):
                key, i = cpm[i], i + 1
            elif next_cpc is not None:
                key, j = next_cpc, j + 1
                next_cpc = (-cpc_ecpm(-cpc[j][0]), cpc[j][1]) if j < n_cpc else None
            else:
                return
            campaign = campaigns.get(key[1])
            if campaign is not None:  # else removed since the lists were made
                yield -key[0], campaign

    def _ranked_from_buckets(
        self, viewer: Viewer, cpc_ecpm: Callable[[float], float]
    ) -> Iterator[tuple[float, Campaign]]:
        streams: list[Iterator[tuple[float, str]]] = []
        for key in self._bucket_keys(viewer):
            cpm, cpc = self._buckets[key]
            if cpm:
                streams.append(iter(cpm))
            if cpc:
                streams.append(((-cpc_ecpm(-neg), cid) for neg, cid in cpc))
        seen: set[str] = set()
        for neg_ecpm, cid in heapq.merge(*streams):
            if cid not in seen:
                seen.add(cid)
                yield -neg_ecpm, self._campaigns[cid]


@dataclass(frozen=True, slots=True)
class CandidateLists:
    """One person's candidates in an :class:`AdIndex` (see ``candidate_lists``): entries
    ``(-bid, campaign id)``, sorted."""

    index: AdIndex
    additions: int  # the index's count of additions when they were made
    cpm: tuple[tuple[float, str], ...]
    cpc: tuple[tuple[float, str], ...]
    merged: bool = True  # False: too many to merge (read from the buckets instead)

    def hold_for(self, index: AdIndex) -> bool:
        return index is self.index and index.additions == self.additions
