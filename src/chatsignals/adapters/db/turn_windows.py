"""The turns just before given moments of conversations, read in a few statements.

A look-up is an (account id, conversation id, before) triple: the last ``limit`` turns of
the account's conversation strictly before that instant. A conversation is read within
one account only: another account that posts under the same conversation id (by mistake,
or to steer what is inferred about someone) adds nothing to its windows. Each look-up
keeps its own index range scan and LIMIT; the statement reads ids and roles only, so a
caller reads full rows (with sealed text) just for the turns it will use.

- PostgreSQL: the look-ups of each account's conversation together, as arrays, one
  ``LATERAL`` subquery run per conversation: one small statement whatever their number. A
  conversation's subquery reads the ``limit`` turns before its earliest moment and every
  turn from there to its latest (a backfill or queue batch holds a conversation's
  messages together, so these are mostly the batch's own), and each moment's window is
  cut from them here. That is two index scans a conversation where a scan a moment cost
  PostgreSQL 11 µs a message, most of its work in a backfill. A conversation whose span
  holds more than ``_SPAN_ROWS_PER_MOMENT`` turns a moment (its moments far apart, many
  turns the batch does not hold between them) has its moments looked up one by one
  instead. (A UNION ALL of 64 branches, as below, cost PostgreSQL 4.4 ms to plan and
  1.6 ms to run, every time: 40% of a backfill's time.)
- SQLite (no LATERAL): many look-ups in one UNION ALL, one branch each.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    TextClause,
    and_,
    bindparam,
    literal_column,
    select,
    text,
    union_all,
)

from chatsignals.adapters.db import schema as s
from chatsignals.services.ports import Moment  # account id, conversation id, before

_MOMENTS = 64  # look-ups per UNION ALL (three bound values each)
_PG_MOMENTS = 4096  # look-ups (or conversations) per PostgreSQL statement
_SPAN_ROWS_PER_MOMENT = 8  # turns read a moment, at most, between a conversation's moments
_SHAPES = (8, _MOMENTS)  # padded sizes: two statement texts, so drivers prepare them


def window_roles(
    conn: Connection, moments: Sequence[Moment], limit: int
) -> dict[Moment, list[tuple[str, str]]]:
    """For each distinct moment, the (id, role) of its window's turns, oldest first."""
    unique = list(dict.fromkeys(moments))
    out: dict[Moment, list[tuple[str, str]]] = {m: [] for m in unique}
    if limit <= 0:
        return out
    if conn.dialect.name == "postgresql":
        _pg_windows(conn, unique, limit, out)
        return out
    for start in range(0, len(unique), _MOMENTS):
        chunk = unique[start : start + _MOMENTS]
        size = next(shape for shape in _SHAPES if shape >= len(chunk))
        padded = chunk + [chunk[-1]] * (size - len(chunk))
        params: dict[str, object] = {}
        for n, (account_id, conversation_id, before) in enumerate(padded):
            params[f"a{n}"], params[f"c{n}"], params[f"b{n}"] = account_id, conversation_id, before
        for r in conn.execute(_window_query(size, limit), params):
            if r.ask < len(chunk):
                out[chunk[r.ask]].append((r.id, r.role))
    return out


def _pg_windows(
    conn: Connection, moments: list[Moment], limit: int, out: dict[Moment, list[tuple[str, str]]]
) -> None:
    befores: dict[tuple[str, str], list[datetime]] = {}
    for account_id, conversation_id, before in moments:
        befores.setdefault((account_id, conversation_id), []).append(before)
    one_by_one: list[Moment] = []
    conversations = list(befores)
    for start in range(0, len(conversations), _PG_MOMENTS):
        chunk = conversations[start : start + _PG_MOMENTS]
        caps = [_SPAN_ROWS_PER_MOMENT * len(befores[c]) for c in chunk]
        arrays = {
            "accounts": [a for a, _ in chunk],
            "conversations": [c for _, c in chunk],
            "firsts": [min(befores[c]) for c in chunk],
            "lasts": [max(befores[c]) for c in chunk],
            "caps": caps,
            "limit": limit,
        }
        turns: dict[int, list[tuple[datetime, str, str]]] = {}
        spans: dict[int, int] = {}
        for r in conn.execute(_PG_SPANS, arrays):
            turns.setdefault(r.ask, []).append((r.at, r.id, r.role))
            spans[r.ask] = spans.get(r.ask, 0) + r.in_span
        for ask, conversation in enumerate(chunk, start=1):
            if spans.get(ask, 0) >= caps[ask - 1]:  # the span was cut short
                one_by_one.extend((*conversation, b) for b in befores[conversation])
                continue
            found = sorted(turns.get(ask, ()))  # oldest first, ties by id
            ats = [at for at, _, _ in found]
            for before in befores[conversation]:
                end = bisect_left(ats, before)  # the turns strictly before it
                window = found[max(0, end - limit) : end]
                out[(*conversation, before)] = [(i, role) for _, i, role in window]
    for start in range(0, len(one_by_one), _PG_MOMENTS):
        part = one_by_one[start : start + _PG_MOMENTS]
        arrays = {
            "accounts": [a for a, _, _ in part],
            "conversations": [c for _, c, _ in part],
            "befores": [b for _, _, b in part],
            "limit": limit,
        }
        for r in conn.execute(_PG_WINDOWS, arrays):
            out[part[r.ask - 1]].append((r.id, r.role))


_PG_SPANS: TextClause = text(
    """
    SELECT w.id, w.at, w.role, w.in_span, m.ask
    FROM unnest(
        CAST(:accounts AS text[]),
        CAST(:conversations AS text[]),
        CAST(:firsts AS timestamptz[]),
        CAST(:lasts AS timestamptz[]),
        CAST(:caps AS integer[])
    ) WITH ORDINALITY AS m(account_id, conversation_id, first_before, last_before, cap, ask)
    CROSS JOIN LATERAL (
        (SELECT i.id, i.at, i.role, 0 AS in_span FROM interactions AS i
         WHERE i.conversation_id = m.conversation_id AND i.account_id = m.account_id
           AND i.at < m.first_before
         ORDER BY i.at DESC, i.id DESC
         LIMIT :limit)
        UNION ALL
        (SELECT i.id, i.at, i.role, 1 AS in_span FROM interactions AS i
         WHERE m.first_before < m.last_before
           AND i.conversation_id = m.conversation_id AND i.account_id = m.account_id
           AND i.at >= m.first_before AND i.at < m.last_before
         ORDER BY i.at, i.id
         LIMIT m.cap)
    ) AS w
    """
)

_PG_WINDOWS: TextClause = text(
    """
    SELECT w.id, w.role, m.ask
    FROM unnest(
        CAST(:accounts AS text[]),
        CAST(:conversations AS text[]),
        CAST(:befores AS timestamptz[])
    ) WITH ORDINALITY AS m(account_id, conversation_id, before, ask)
    CROSS JOIN LATERAL (
        SELECT i.id, i.at, i.role FROM interactions AS i
        WHERE i.conversation_id = m.conversation_id AND i.account_id = m.account_id
          AND i.at < m.before
        ORDER BY i.at DESC, i.id DESC
        LIMIT :limit
    ) AS w
    ORDER BY m.ask, w.at, w.id
    """
)


@lru_cache(maxsize=32)
def _window_query(size: int, limit: int) -> Select[Any]:
    """``size`` look-ups, bound as a0, c0, b0, a1, c1, b1, …; built once per shape, because
    building it costs more than running it."""
    t = s.interactions
    branches = [
        select(t.c.id, t.c.at, t.c.role, literal_column(str(n)).label("ask"))
        .where(
            and_(
                t.c.conversation_id == bindparam(f"c{n}"),
                t.c.account_id == bindparam(f"a{n}"),
                t.c.at < bindparam(f"b{n}"),
            )
        )
        .order_by(t.c.at.desc(), t.c.id.desc())
        .limit(limit)
        .subquery()
        for n in range(size)
    ]
    both = union_all(*(select(b) for b in branches)).subquery()
    return select(both.c.id, both.c.role, both.c.ask).order_by(both.c.ask, both.c.at, both.c.id)
