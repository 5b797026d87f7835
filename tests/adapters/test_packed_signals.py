"""Packed signal buckets: what goes in comes back, and damage is reported, not guessed at."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chatsignals.adapters.db.packed_signals import (
    CorruptPackedSignals,
    bucket_of,
    decode,
    encode,
    pack_buckets,
)
from chatsignals.domain.accounts import Purpose
from chatsignals.domain.profile import Signal, SourceKind

T = datetime(2025, 12, 17, 10, 0, 0, 123456, tzinfo=UTC)


def _sig(source: str, topic: str, score: float = 0.8, **kw: object) -> Signal:
    base: dict[str, object] = {
        "account_id": "fb:a",
        "purpose": Purpose.ADS,
        "topic": topic,
        "score": score,
        "source_kind": SourceKind.CHAT,
        "source_id": source,
        "at": T,
    }
    base.update(kw)
    return Signal(**base)  # type: ignore[arg-type]


def test_signals_come_back_as_they_went_in() -> None:
    signals = [
        _sig("m1", "159", 0.8),
        _sig("m1", "159", 0.8, purpose=Purpose.CONTENT),
        _sig("m1", "483", 0.123456),
        _sig("e1", "227", 0.5, source_kind=SourceKind.ENGAGEMENT, at=T + timedelta(hours=1)),
        _sig("m2", "1", 1.0, at=T - timedelta(microseconds=1)),
    ]
    assert decode(encode(signals), "fb:a") == signals


def test_one_header_per_source() -> None:
    one = len(encode([_sig("msg-1", "159")]))
    two = len(encode([_sig("msg-1", "159"), _sig("msg-1", "159", purpose=Purpose.CONTENT)]))
    assert two - one == 1 + 1 + 3 + 4  # purpose, topic length, topic, score: no new header


def test_unicode_and_long_ids_survive() -> None:
    long_id = "é" * 128  # 256 bytes of UTF-8: the length takes two bytes
    signals = [_sig("メッセージ-1", "159"), _sig(long_id, "159"), _sig("m", "topic-ü")]
    assert decode(encode(signals), "ig:ñ") == [
        Signal("ig:ñ", s.purpose, s.topic, s.score, s.source_kind, s.source_id, s.at)
        for s in signals
    ]


def test_nothing_packs_to_a_format_byte_and_back() -> None:
    assert decode(encode([]), "fb:a") == []
    assert len(encode([])) == 1


def test_scores_keep_six_decimals() -> None:
    scores = [0.0, 1.0, 0.1, 0.333333, 0.999999, 0.5 + 1e-7]
    got = [
        s.score for s in decode(encode([_sig(f"m{i}", "1", x) for i, x in enumerate(scores)]), "a")
    ]
    assert got == [round(x, 6) for x in scores]


@pytest.mark.parametrize(
    "packed",
    [b"", b"\x02", b"\x01\x09", b"\x01\x01\x05ab", encode([_sig("m1", "159")])[:-1]],
    ids=["empty", "unknown format", "unknown kind", "truncated id", "truncated score"],
)
def test_corrupt_bytes_are_refused_with_a_reason(packed: bytes) -> None:
    with pytest.raises(CorruptPackedSignals, match="packed signals"):
        decode(packed, "fb:a")


def test_bad_utf8_is_corrupt_not_a_crash() -> None:
    packed = bytearray(encode([_sig("mm", "159")]))
    packed[3] = 0xFF  # first byte of the source id
    with pytest.raises(CorruptPackedSignals):
        decode(bytes(packed), "fb:a")


def test_weeks_are_seven_day_buckets_from_1970() -> None:
    assert bucket_of(datetime(1970, 1, 1, tzinfo=UTC)) == 0
    assert bucket_of(datetime(1970, 1, 7, 23, 59, tzinfo=UTC)) == 0
    assert bucket_of(datetime(1970, 1, 8, tzinfo=UTC)) == 1
    assert bucket_of(datetime(1969, 12, 31, 23, 0, tzinfo=UTC)) == -1


def test_buckets_hold_their_week_in_time_order() -> None:
    later = _sig("m2", "1", at=T + timedelta(days=7))
    earlier = _sig("m1", "1", at=T)
    same_week = _sig("m0", "1", at=T - timedelta(seconds=1))
    buckets = pack_buckets([later, earlier, same_week])
    assert sorted(buckets) == [bucket_of(T), bucket_of(T) + 1]
    assert decode(buckets[bucket_of(T)], "fb:a") == [same_week, earlier]
    assert decode(buckets[bucket_of(T) + 1], "fb:a") == [later]
