"""OpenRTB 2.6 mapping: a person's ad-usable interests as ``user.data`` segments.

Segments are IAB Content Taxonomy 3.1 node ids, named by ``data.ext.segtax``. The value
9 for Content Taxonomy 3.1 comes from the AdCOM 1.0 list "Category Taxonomies"
(InteractiveAdvertisingBureau/AdCOM, "AdCOM v1.0 FINAL.md", list_categorytaxonomies:
7 = Content Taxonomy 3.0, 8 = Ad Product Taxonomy 2.0, 9 = Content Taxonomy 3.1), the
list that OpenRTB 2.6 names for ``segtax`` and ``cattax``.

Privacy signals are honoured before anything is emitted, and the mapping fails closed:
``regs.coppa = 1``, ``regs.gdpr = 1``, a minor, a US opt-out (GPP US National or
California sale / sharing / targeted-advertising opt-out, Global Privacy Control, the
US Privacy string), or a privacy string that cannot be read all mean no segments.
Sensitive topics, brand-safety topics and topics the person hid are never emitted.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chatsignals.domain.campaigns import refuse_targeting_reason
from chatsignals.domain.gpp import (
    SECTION_US_CALIFORNIA,
    SECTION_US_NATIONAL,
    GppError,
    decode_gpp,
    decode_usca,
    decode_usnat,
)
from chatsignals.domain.profile import ProfileEntry
from chatsignals.domain.signal_rules import hidden_root
from chatsignals.domain.taxonomy import Taxonomy

SEGTAX_CONTENT_TAXONOMY_3_1 = 9
DATA_PROVIDER = "chatsignals"
MAX_SEGMENTS = 20
OPTED_OUT = 1  # GPP US opt-out fields: 1 = opted out


@dataclass(frozen=True, slots=True)
class PrivacySignals:
    coppa: bool = False
    gdpr: bool = False
    gpp: str | None = None
    gpp_sid: tuple[int, ...] = ()
    us_privacy: str | None = None


@dataclass(frozen=True, slots=True)
class SegmentDecision:
    allowed: bool
    reason: str


def _flag(value: object) -> bool:
    return value is True or (isinstance(value, int) and not isinstance(value, bool) and value == 1)


def privacy_signals(request: Mapping[str, object]) -> PrivacySignals:
    """Read ``regs`` from a bid request (2.6 fields, falling back to 2.5's ``regs.ext``)."""
    regs = request.get("regs")
    if not isinstance(regs, Mapping):
        return PrivacySignals()
    ext = regs.get("ext")
    ext = ext if isinstance(ext, Mapping) else {}

    def pick(key: str) -> object:
        return regs[key] if key in regs else ext.get(key)

    gpp = pick("gpp")
    sid = pick("gpp_sid")
    usp = pick("us_privacy")
    return PrivacySignals(
        coppa=_flag(pick("coppa")),
        gdpr=_flag(pick("gdpr")),
        gpp=gpp if isinstance(gpp, str) and gpp else None,
        gpp_sid=tuple(s for s in sid if isinstance(s, int)) if isinstance(sid, list) else (),
        us_privacy=usp if isinstance(usp, str) and usp else None,
    )


def _gpp_decision(signals: PrivacySignals) -> SegmentDecision | None:
    """A refusal when GPP forbids interest segments; None when it does not."""
    if signals.gpp is None:
        if SECTION_US_NATIONAL in signals.gpp_sid or SECTION_US_CALIFORNIA in signals.gpp_sid:
            return SegmentDecision(False, "GPP sections apply but no GPP string was sent.")
        return None
    try:
        gpp = decode_gpp(signals.gpp)
        applicable = signals.gpp_sid or gpp.section_ids
        for sid in applicable:
            encoded = gpp.section(sid)
            if encoded is None:
                return SegmentDecision(False, f"GPP section {sid} applies but is missing.")
            if sid == SECTION_US_NATIONAL:
                usnat = decode_usnat(encoded)
                if OPTED_OUT in (
                    usnat.targeted_advertising_opt_out,
                    usnat.sale_opt_out,
                    usnat.sharing_opt_out,
                ):
                    return SegmentDecision(
                        False, "The person opted out of targeted advertising (GPP US National)."
                    )
                if usnat.gpc:
                    return SegmentDecision(False, "Global Privacy Control is on (GPP US National).")
            elif sid == SECTION_US_CALIFORNIA:
                usca = decode_usca(encoded)
                if OPTED_OUT in (usca.sale_opt_out, usca.sharing_opt_out):
                    return SegmentDecision(
                        False, "The person opted out of sale or sharing (GPP US California)."
                    )
                if usca.gpc:
                    return SegmentDecision(
                        False, "Global Privacy Control is on (GPP US California)."
                    )
            else:
                return SegmentDecision(
                    False, f"GPP section {sid} applies and is not read here, so nothing is sent."
                )
    except GppError as exc:
        return SegmentDecision(False, f"The GPP string could not be read ({exc}).")
    return None


def segments_allowed(signals: PrivacySignals, *, minor: bool) -> SegmentDecision:
    """May interest segments be sent with this request at all?"""
    if minor:
        return SegmentDecision(
            False, "People under 18 (or of unknown age) get no interest segments."
        )
    if signals.coppa:
        return SegmentDecision(False, "regs.coppa = 1: the request is subject to COPPA.")
    if signals.gdpr:
        return SegmentDecision(
            False, "regs.gdpr = 1: no consent handling here, so nothing is sent."
        )
    usp = signals.us_privacy
    if usp is not None and (len(usp) != 4 or usp[2].upper() == "Y"):
        return SegmentDecision(False, "The US Privacy string opts out of sale (or is malformed).")
    refused = _gpp_decision(signals)
    if refused is not None:
        return refused
    return SegmentDecision(True, "No privacy signal forbids interest segments.")


def ad_usable_entries(
    profile: Iterable[ProfileEntry],
    *,
    taxonomy: Taxonomy,
    hidden: frozenset[str] = frozenset(),
    limit: int = MAX_SEGMENTS,
) -> tuple[ProfileEntry, ...]:
    """The strongest interests that may leave the system: never sensitive or hidden ones."""
    out = [
        e
        for e in profile
        if refuse_targeting_reason(taxonomy, e.topic) is None
        and hidden_root(taxonomy, e.topic, hidden) is None
    ]
    out.sort(key=lambda e: (-e.weight, e.topic))
    return tuple(out[: max(limit, 0)])


def user_data(
    profile: Iterable[ProfileEntry],
    *,
    taxonomy: Taxonomy,
    hidden: frozenset[str] = frozenset(),
    limit: int = MAX_SEGMENTS,
    provider: str = DATA_PROVIDER,
) -> list[dict[str, object]]:
    """``user.data`` entries (none when there is nothing to send)."""
    entries = ad_usable_entries(profile, taxonomy=taxonomy, hidden=hidden, limit=limit)
    if not entries:
        return []
    return [
        {
            "name": provider,
            "segment": [{"id": e.topic, "name": e.name} for e in entries],
            "ext": {"segtax": SEGTAX_CONTENT_TAXONOMY_3_1},
        }
    ]


def with_user_data(
    request: Mapping[str, object],
    profile: Iterable[ProfileEntry],
    *,
    taxonomy: Taxonomy,
    minor: bool,
    hidden: frozenset[str] = frozenset(),
    limit: int = MAX_SEGMENTS,
    provider: str = DATA_PROVIDER,
) -> tuple[dict[str, object], SegmentDecision]:
    """A copy of ``request`` with our segments appended to ``user.data`` when allowed."""
    out: dict[str, object] = copy.deepcopy(dict(request))
    decision = segments_allowed(privacy_signals(request), minor=minor)
    if not decision.allowed:
        return out, decision
    data = user_data(profile, taxonomy=taxonomy, hidden=hidden, limit=limit, provider=provider)
    if not data:
        return out, SegmentDecision(False, "The person has no interests that may be shared.")
    user = out.get("user")
    user_obj: dict[str, object] = dict(user) if isinstance(user, Mapping) else {}
    existing = user_obj.get("data")
    user_obj["data"] = [*(existing if isinstance(existing, list) else []), *data]
    out["user"] = user_obj
    return out, decision
