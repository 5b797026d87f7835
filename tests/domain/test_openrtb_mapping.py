from datetime import UTC, datetime

from chatsignals.domain.openrtb import (
    SEGTAX_CONTENT_TAXONOMY_3_1,
    PrivacySignals,
    privacy_signals,
    segments_allowed,
    user_data,
    with_user_data,
)
from chatsignals.domain.profile import Evidence, ProfileEntry, SourceKind
from chatsignals.domain.taxonomy import load_taxonomy

TAX = load_taxonomy()


def entry(topic: str, weight: float) -> ProfileEntry:
    node = TAX.get(topic)
    ev = Evidence(SourceKind.CHAT, "m1", datetime(2026, 1, 1, tzinfo=UTC), weight)
    return ProfileEntry(topic, node.name, node.tier1, weight, (ev,))


PROFILE = (entry("533", 2.0), entry("216", 1.0), entry("301", 3.0), entry("HxqYV1", 1.0))


def test_segtax_is_content_taxonomy_3_1() -> None:
    assert SEGTAX_CONTENT_TAXONOMY_3_1 == 9


def test_user_data_carries_segments_strongest_first_without_sensitive_topics() -> None:
    (data,) = user_data(PROFILE, taxonomy=TAX)
    assert data["ext"] == {"segtax": 9}
    assert data["segment"] == [{"id": "533", "name": "Soccer"}, {"id": "216", "name": "Cooking"}]


def test_hidden_topics_and_their_descendants_are_never_emitted() -> None:
    (data,) = user_data(PROFILE, taxonomy=TAX, hidden=frozenset({"483"}))
    assert data["segment"] == [{"id": "216", "name": "Cooking"}]


def test_nothing_to_share_gives_no_data_object() -> None:
    assert user_data((entry("301", 1.0),), taxonomy=TAX) == []


def test_signals_are_read_from_regs_and_from_2_5_style_ext() -> None:
    assert privacy_signals({"regs": {"coppa": 1, "gpp": "DBABLA~x", "gpp_sid": [7]}}) == (
        PrivacySignals(coppa=True, gpp="DBABLA~x", gpp_sid=(7,))
    )
    assert privacy_signals({"regs": {"ext": {"gdpr": 1, "us_privacy": "1YNN"}}}) == PrivacySignals(
        gdpr=True, us_privacy="1YNN"
    )
    assert privacy_signals({}) == PrivacySignals()


def test_coppa_gdpr_and_minors_get_no_segments() -> None:
    request = {"id": "r1", "regs": {"coppa": 1}, "user": {"id": "u"}}
    out, decision = with_user_data(request, PROFILE, taxonomy=TAX, minor=False)
    assert not decision.allowed and "coppa" in decision.reason
    assert out == request
    _, decision = with_user_data({"regs": {"gdpr": 1}}, PROFILE, taxonomy=TAX, minor=False)
    assert not decision.allowed
    _, decision = with_user_data({}, PROFILE, taxonomy=TAX, minor=True)
    assert not decision.allowed


def test_segments_are_appended_to_existing_user_data_without_changing_the_input() -> None:
    request: dict[str, object] = {"id": "r1", "user": {"id": "u", "data": [{"name": "other"}]}}
    out, decision = with_user_data(request, PROFILE, taxonomy=TAX, minor=False)
    assert decision.allowed
    user = out["user"]
    assert isinstance(user, dict)
    assert [d["name"] for d in user["data"]] == ["other", "chatsignals"]
    assert request["user"] == {"id": "u", "data": [{"name": "other"}]}


def test_gpp_us_national_targeted_advertising_opt_out_is_honoured() -> None:
    opted_out = PrivacySignals(gpp="DBABLA~BVQVAAAAAUA.YA", gpp_sid=(7,))
    decision = segments_allowed(opted_out, minor=False)
    assert not decision.allowed and "opted out" in decision.reason
    did_not = PrivacySignals(gpp="DBABLA~BVQqAAAAAAJY.QA", gpp_sid=(7,))
    assert segments_allowed(did_not, minor=False).allowed


def test_gpp_fails_closed_when_unreadable_missing_or_unknown() -> None:
    for signals in (
        PrivacySignals(gpp="not~a~gpp", gpp_sid=(7,)),
        PrivacySignals(gpp=None, gpp_sid=(7,)),
        PrivacySignals(
            gpp="DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN", gpp_sid=(2,)
        ),
    ):
        assert not segments_allowed(signals, minor=False).allowed


def test_us_privacy_sale_opt_out_is_honoured() -> None:
    assert not segments_allowed(PrivacySignals(us_privacy="1YYN"), minor=False).allowed
    assert segments_allowed(PrivacySignals(us_privacy="1YNN"), minor=False).allowed
