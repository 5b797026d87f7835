"""Policy presets and the gate: may this message be used at all, and for what?

A preset is data (dates, countries, ages, purposes) plus the names of the rules it
enforces. Every decision names its rule and carries a sentence a person can read.
A preset that enforces no rules denies everything: privacy fails closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from chatsignals.domain.accounts import PURPOSES, Account, Purpose
from chatsignals.domain.instants import iso_z


class Rule(StrEnum):
    EFFECTIVE_DATE = "effective-date"
    NOTICE = "notice"
    REGION = "region"
    ENCRYPTED = "encrypted"
    MINOR = "minor"
    SENSITIVE = "sensitive"
    CONSENT = "consent"
    HIDDEN_TOPIC = "hidden-topic"
    DEFAULT_DENY = "default-deny"


@dataclass(frozen=True, slots=True)
class RuleDecision:
    """One rule stopped (part of) an input for one purpose, and why."""

    rule: Rule
    purpose: Purpose
    reason: str
    topics: tuple[str, ...] = ()  # for topic-level rules (hidden-topic)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule.value,
            "purpose": self.purpose.value,
            "reason": self.reason,
        }
        if self.topics:
            out["topics"] = list(self.topics)
        return out


# EU member states, the rest of the EEA, the United Kingdom and South Korea.
EU_COUNTRIES = frozenset(
    [
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
        *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
    ]
)
EEA_EXTRA = frozenset({"IS", "LI", "NO"})
ADULT_AGE = 18  # age of majority for the minor rule, in every preset unless it says otherwise

EXCLUDED_META_2025 = EU_COUNTRIES | EEA_EXTRA | frozenset({"GB", "KR"})


@dataclass(frozen=True, slots=True)
class PolicyPreset:
    """A named set of rules with their parameters."""

    name: str
    description: str
    rules: frozenset[Rule]
    effective_from: datetime = datetime(2025, 12, 16, tzinfo=UTC)
    notices_from: datetime = datetime(2025, 10, 7, tzinfo=UTC)
    excluded_countries: frozenset[str] = EXCLUDED_META_2025
    adult_age: int = ADULT_AGE
    minor_purposes: frozenset[Purpose] = frozenset({Purpose.ADS})
    sensitive_purposes: frozenset[Purpose] = frozenset(PURPOSES)
    consent_purposes: frozenset[Purpose] = frozenset()

    def enforces(self, rule: Rule) -> bool:
        return rule in self.rules

    def describe(self) -> dict[str, object]:
        """A JSON-ready account of the preset, for the audit view and /v1/policy."""
        return {
            "name": self.name,
            "description": self.description,
            "rules": sorted(r.value for r in self.rules),
            "effective_from": iso_z(self.effective_from),
            "notices_from": iso_z(self.notices_from),
            "excluded_countries": sorted(self.excluded_countries),
            "adult_age": self.adult_age,
            "minor_purposes": sorted(p.value for p in self.minor_purposes),
            "sensitive_purposes": sorted(p.value for p in self.sensitive_purposes),
            "consent_purposes": sorted(p.value for p in self.consent_purposes),
        }


_META_RULES = frozenset(
    {
        Rule.EFFECTIVE_DATE,
        Rule.NOTICE,
        Rule.REGION,
        Rule.ENCRYPTED,
        Rule.MINOR,
        Rule.SENSITIVE,
        Rule.HIDDEN_TOPIC,
    }
)

META_2025 = PolicyPreset(
    name="meta-2025",
    description=(
        "The rules as Meta announced them for 16 December 2025: no opt-out, notice first, "
        "no EU/EEA, UK or South Korea, no end-to-end encrypted chats, no chat-derived ads "
        "for minors, and the seven sensitive categories kept out of ads and content."
    ),
    rules=_META_RULES,
)

CONSENT = PolicyPreset(
    name="consent",
    description=(
        "GDPR-style: everything in meta-2025, plus chat signals are used only after an "
        "explicit, revocable opt-in for each purpose (ads, content)."
    ),
    rules=_META_RULES | {Rule.CONSENT},
    consent_purposes=frozenset(PURPOSES),
)

PRESETS: dict[str, PolicyPreset] = {p.name: p for p in (META_2025, CONSENT)}


def get_preset(name: str) -> PolicyPreset:
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(sorted(PRESETS))
        raise ValueError(f"unknown policy preset {name!r} (known: {known})") from None


@dataclass(frozen=True, slots=True)
class GateContext:
    """Everything the gate needs to know about one message, as of its own time."""

    at: datetime
    encrypted: bool
    account: Account
    notice_delivered_at: datetime | None
    consents: Mapping[Purpose, bool] = field(default_factory=dict)


def _fmt(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def evaluate_gate(preset: PolicyPreset, ctx: GateContext) -> dict[Purpose, list[RuleDecision]]:
    """For each purpose, every rule that forbids using this message (empty list: allowed)."""
    denials: dict[Purpose, list[RuleDecision]] = {p: [] for p in PURPOSES}

    def deny(rule: Rule, reason: str, purposes: frozenset[Purpose] | tuple[Purpose, ...]) -> None:
        for purpose in purposes:
            denials[purpose].append(RuleDecision(rule, purpose, reason))

    if not preset.rules:
        deny(
            Rule.DEFAULT_DENY, f"Policy '{preset.name}' has no rules, so nothing is used.", PURPOSES
        )
        return denials

    if preset.enforces(Rule.EFFECTIVE_DATE) and ctx.at < preset.effective_from:
        deny(
            Rule.EFFECTIVE_DATE,
            f"Sent on {_fmt(ctx.at)}, before chats began to be used on "
            f"{_fmt(preset.effective_from)}; earlier conversations are never used.",
            PURPOSES,
        )
    if preset.enforces(Rule.ENCRYPTED) and ctx.encrypted:
        deny(
            Rule.ENCRYPTED,
            "This conversation is end-to-end encrypted, so it is never read or used.",
            PURPOSES,
        )
    if preset.enforces(Rule.REGION) and ctx.account.country in preset.excluded_countries:
        deny(
            Rule.REGION,
            f"The account is registered in {ctx.account.country}, where chats are not used "
            "to personalize ads or content (EU, EEA, UK and South Korea).",
            PURPOSES,
        )
    if preset.enforces(Rule.NOTICE):
        delivered = ctx.notice_delivered_at
        if delivered is None:
            deny(
                Rule.NOTICE,
                "The account has not been shown the notice that chats personalize ads "
                "and content, so its chats are not used.",
                PURPOSES,
            )
        elif delivered >= ctx.at:
            deny(
                Rule.NOTICE,
                f"The notice was shown on {_fmt(delivered)}, after this message was sent "
                f"on {_fmt(ctx.at)}; only messages sent after the notice are used.",
                PURPOSES,
            )
    if preset.enforces(Rule.MINOR) and preset.minor_purposes:
        age = ctx.account.age_on(ctx.at.date())
        if age is None:
            deny(
                Rule.MINOR,
                "The account's age is unknown, so it is treated as a minor's: no "
                "chat-derived ad targeting.",
                tuple(sorted(preset.minor_purposes)),
            )
        elif age < preset.adult_age:
            deny(
                Rule.MINOR,
                f"The account holder was {age} when this was sent; people under "
                f"{preset.adult_age} get no chat-derived ad targeting.",
                tuple(sorted(preset.minor_purposes)),
            )
    if preset.enforces(Rule.CONSENT):
        for purpose in sorted(preset.consent_purposes):
            if not ctx.consents.get(purpose, False):
                deny(
                    Rule.CONSENT,
                    f"The person has not opted in to chats personalizing {purpose.value}.",
                    (purpose,),
                )
    return denials


def minor_engagement_denials(
    preset: PolicyPreset, account: Account, at: datetime
) -> dict[Purpose, list[RuleDecision]]:
    """Engagements are not chats, so only the age rule gates them (teens: no interest ads)."""
    denials: dict[Purpose, list[RuleDecision]] = {p: [] for p in PURPOSES}
    if not preset.rules:
        for p in PURPOSES:
            denials[p].append(
                RuleDecision(Rule.DEFAULT_DENY, p, f"Policy '{preset.name}' has no rules.")
            )
        return denials
    if preset.enforces(Rule.MINOR):
        age = account.age_on(at.date())
        if age is None or age < preset.adult_age:
            for p in sorted(preset.minor_purposes):
                denials[p].append(
                    RuleDecision(
                        Rule.MINOR,
                        p,
                        "People under "
                        f"{preset.adult_age} (or of unknown age) get ads targeted by age and "
                        "location only, never by interests.",
                    )
                )
    return denials
