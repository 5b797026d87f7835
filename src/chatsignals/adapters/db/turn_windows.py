"""The turns just before given moments of conversations, read in a few statements.

A look-up is a (conversation id, before) pair: the conversation's last ``limit`` turns
strictly before that instant. Each look-up keeps its own index range scan and LIMIT;
the statement reads ids and roles only, so a caller reads full rows (with sealed text)
just for the turns it will use.

- PostgreSQL: all look-ups as two arrays, one ``LATERAL`` subquery run per element: one
  small statement whatever their number. (A UNION ALL of 64 branches, as below, cost
  PostgreSQL 4.4 ms to plan and 1.6 ms to run, every time: 40% of a backfill's time.)
- SQLite (no LATERAL): many look-ups in one UNION ALL, one branch each.
"""

from __future__ import annotations

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

_MOMENTS = 64  # look-ups per UNION ALL (two bound values each)
_PG_MOMENTS = 4096  # look-ups per PostgreSQL statement (two arrays)
_SHAPES = (8, _MOMENTS)  # padded sizes: two statement texts, so drivers prepare them

Moment = tuple[str, datetime]


def window_roles(
    conn: Connection, moments: Sequence[Moment], limit: int
) -> dict[Moment, list[tuple[str, str]]]:
    """For each distinct moment, the (id, role) of its window's turns, oldest first."""
    unique = list(dict.fromkeys(moments))
    out: dict[Moment, list[tuple[str, str]]] = {m: [] for m in unique}
    if limit <= 0:
        return out
    if conn.dialect.name == "postgresql":
        for start in range(0, len(unique), _PG_MOMENTS):
            chunk = unique[start : start + _PG_MOMENTS]
            arrays = {
                "conversations": [c for c, _ in chunk],
                "befores": [b for _, b in chunk],
                "limit": limit,
            }
            for r in conn.execute(_PG_WINDOWS, arrays):
                out[chunk[r.ask - 1]].append((r.id, r.role))
        return out
    for start in range(0, len(unique), _MOMENTS):
        chunk = unique[start : start + _MOMENTS]
        size = next(shape for shape in _SHAPES if shape >= len(chunk))
        padded = chunk + [chunk[-1]] * (size - len(chunk))
        params: dict[str, object] = {}
        for n, (conversation_id, before) in enumerate(padded):
            params[f"c{n}"], params[f"b{n}"] = conversation_id, before
        for r in conn.execute(_window_query(size, limit), params):
            if r.ask < len(chunk):
                out[chunk[r.ask]].append((r.id, r.role))
    return out


_PG_WINDOWS: TextClause = text(
    """
    SELECT w.id, w.role, m.ask
    FROM unnest(CAST(:conversations AS text[]), CAST(:befores AS timestamptz[]))
        WITH ORDINALITY AS m(conversation_id, before, ask)
    CROSS JOIN LATERAL (
        SELECT i.id, i.at, i.role FROM interactions AS i
        WHERE i.conversation_id = m.conversation_id AND i.at < m.before
        ORDER BY i.at DESC, i.id DESC
        LIMIT :limit
    ) AS w
    ORDER BY m.ask, w.at, w.id
    """
)


@lru_cache(maxsize=32)
def _window_query(size: int, limit: int) -> Select[Any]:
    """``size`` look-ups, bound as c0, b0, c1, b1, …; built once per shape, because
    building it costs more than running it."""
    t = s.interactions
    branches = [
        select(t.c.id, t.c.at, t.c.role, literal_column(str(n)).label("ask"))
        .where(and_(t.c.conversation_id == bindparam(f"c{n}"), t.c.at < bindparam(f"b{n}")))
        .order_by(t.c.at.desc(), t.c.id.desc())
        .limit(limit)
        .subquery()
        for n in range(size)
    ]
    both = union_all(*(select(b) for b in branches)).subquery()
    return select(both.c.id, both.c.role, both.c.ask).order_by(both.c.ask, both.c.at, both.c.id)
