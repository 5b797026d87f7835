"""One account's signals of one week, packed into bytes (the ``signal_buckets`` rows).

A row per (account, week) instead of a row per signal keeps a profile near a few
hundred bytes on PostgreSQL: one tuple header and one index entry per week, not per
signal. The layout, little-endian, after a format byte (``1``), is one record per
source, each self-delimiting::

    source kind (u8) | id length (varint) | id (UTF-8) | at (i64, microseconds since
    1970-01-01 UTC) | entry count (varint) | entries

    entry: purpose (u8) | topic length (varint) | topic (UTF-8) | score (f32)

Scores are stored as float32 and read back rounded to six decimals, which gives back
exactly any score with six decimals or fewer in [0, 1] (scores are in [0, 1]; the
API shows four decimals).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from chatsignals.domain.accounts import Purpose
from chatsignals.domain.profile import Signal, SourceKind

FORMAT = 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# Fixed codes, not enum positions: adding a member must not change stored bytes.
_KIND_CODE = {SourceKind.CHAT: 1, SourceKind.ENGAGEMENT: 2}
_PURPOSE_CODE = {Purpose.ADS: 1, Purpose.CONTENT: 2}
_KIND_OF = {v: k for k, v in _KIND_CODE.items()}
_PURPOSE_OF = {v: k for k, v in _PURPOSE_CODE.items()}
_AT = struct.Struct("<q")
_SCORE = struct.Struct("<f")


class CorruptPackedSignals(ValueError):
    """The bytes are not a packed bucket this code can read."""


def bucket_of(at: datetime) -> int:
    """The week ``at`` falls in: whole days since 1970-01-01 (UTC), divided by seven."""
    return (at - EPOCH).days // 7


def pack_buckets(signals: Iterable[Signal]) -> dict[int, bytes]:
    """One account's signals, packed per week, each week's in order of instant and source."""
    ordered = sorted(signals, key=lambda sig: (sig.at, sig.source_kind.value, sig.source_id))
    weeks: dict[int, list[Signal]] = {}
    for sig in ordered:
        weeks.setdefault(bucket_of(sig.at), []).append(sig)
    return {bucket: encode(sigs) for bucket, sigs in weeks.items()}


def encode(signals: Iterable[Signal]) -> bytes:
    """Pack signals (their account ids are not stored: a row names its account).

    Signals of one source (kind, id and instant) share one record, in first-seen order.
    """
    groups: dict[tuple[SourceKind, str, datetime], list[Signal]] = {}
    for sig in signals:
        groups.setdefault((sig.source_kind, sig.source_id, sig.at), []).append(sig)
    out = bytearray((FORMAT,))
    for (kind, source_id, at), entries in groups.items():
        out.append(_KIND_CODE[kind])
        _put_text(out, source_id)
        out += _AT.pack((at - EPOCH) // _MICROSECOND)
        _put_varint(out, len(entries))
        for sig in entries:
            out.append(_PURPOSE_CODE[sig.purpose])
            _put_text(out, sig.topic)
            out += _SCORE.pack(sig.score)
    return bytes(out)


def decode(packed: bytes, account_id: str) -> list[Signal]:
    """The signals in ``packed``, in stored order; :class:`CorruptPackedSignals` when the
    bytes are not a bucket (truncated, unknown codes or format, bad UTF-8)."""
    data = bytes(packed)
    if not data or data[0] != FORMAT:
        found = "nothing" if not data else f"format {data[0]}"
        raise CorruptPackedSignals(f"packed signals: expected format {FORMAT}, found {found}")
    out: list[Signal] = []
    pos = 1
    try:
        while pos < len(data):
            kind = _KIND_OF[data[pos]]
            source_id, pos = _text(data, pos + 1)
            (micros,) = _AT.unpack_from(data, pos)
            at = EPOCH + micros * _MICROSECOND
            count, pos = _varint(data, pos + _AT.size)
            for _ in range(count):
                purpose = _PURPOSE_OF[data[pos]]
                topic, pos = _text(data, pos + 1)
                (score,) = _SCORE.unpack_from(data, pos)
                pos += _SCORE.size
                out.append(Signal(account_id, purpose, topic, round(score, 6), kind, source_id, at))
    except (IndexError, KeyError, struct.error, UnicodeDecodeError, OverflowError) as exc:
        raise CorruptPackedSignals(
            f"packed signals are corrupt near byte {pos} of {len(data)} ({type(exc).__name__})"
        ) from exc
    return out


def _put_varint(out: bytearray, n: int) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        n |= (byte & 0x7F) << shift
        if byte < 0x80:
            return n, pos
        shift += 7
        if shift > 63:
            raise OverflowError("varint longer than 64 bits")


def _put_text(out: bytearray, value: str) -> None:
    raw = value.encode("utf-8")
    _put_varint(out, len(raw))
    out += raw


def _text(data: bytes, pos: int) -> tuple[str, int]:
    length, pos = _varint(data, pos)
    end = pos + length
    if end > len(data):
        raise IndexError("text runs past the end")
    return data[pos:end].decode("utf-8"), end
