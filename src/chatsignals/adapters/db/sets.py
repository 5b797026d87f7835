"""``column IN (values)``, written the way each store runs it best.

SQLAlchemy renders ``column.in_(values)`` as one bound parameter per value. PostgreSQL
then parses, binds and plans a statement as long as the list: for 500 message ids that
cost 6.7 ms against 1.0 ms for ``column = ANY(:array)`` with the same rows found (3.0
against 0.5 ms of it in the client). So on PostgreSQL a list travels as one array
parameter, one statement text whatever its length; elsewhere (SQLite) as ``IN``, in
chunks that stay under its limit on bound parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY

_T = TypeVar("_T")

IN_CHUNK = 500  # values per IN (...) list
ARRAY_CHUNK = 10_000  # values per array parameter


def one_of(
    conn: Connection, column: ColumnElement[Any], values: Iterable[Any]
) -> ColumnElement[bool]:
    """``column`` equals one of ``values`` (a list of at most :func:`chunks`' size)."""
    listed = list(values)
    if len(listed) == 1:  # one person's reads: an IN list cost SQLAlchemy ~100 µs to build
        equal: ColumnElement[bool] = column == listed[0]
        return equal
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, listed, type_=ARRAY(column.type)))
    return column.in_(listed)


def chunks(conn: Connection, items: Sequence[_T]) -> list[list[_T]]:
    """``items`` cut into lists that :func:`one_of` takes whole on ``conn``'s store."""
    size = ARRAY_CHUNK if conn.dialect.name == "postgresql" else IN_CHUNK
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
