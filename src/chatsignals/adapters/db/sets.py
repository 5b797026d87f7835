"""``column IN (values)``, written the way each store runs it best.

SQLAlchemy renders ``column.in_(values)`` as one bound parameter per value. PostgreSQL
then parses, binds and plans a statement as long as the list: for 500 message ids that
cost 6.7 ms against 1.0 ms for ``column = ANY(:array)`` with the same rows found (3.0
against 0.5 ms of it in the client). So on PostgreSQL a list travels as one array
parameter, one statement text whatever its length; elsewhere (SQLite) as ``IN``, in
chunks that stay under its limit on bound parameters.

:class:`KeyedQuery` builds such a statement once per store and shape (one key, or a
list) and binds the keys as parameters. SQLAlchemy built a statement anew on every
call, then walked it for its compiled-cache key: a person's read of their account cost
74 µs where the same statement built once cost 14 (SQLite's own work: 1 µs), and the
count of their ads today 260 against 21. A first request of a person read five such
statements, most of its time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Executable, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY

_T = TypeVar("_T")

IN_CHUNK = 500  # values per IN (...) list
ARRAY_CHUNK = 10_000  # values per array parameter


def one_of(
    conn: Connection, column: ColumnElement[Any], values: Iterable[Any]
) -> ColumnElement[bool]:
    """``column`` equals one of ``values`` (a list of at most :func:`chunks`' size)."""
    listed = list(values)
    one = len(listed) == 1
    value = listed[0] if one else listed
    return _condition(column, conn.dialect.name, one, {"key": None, "value": value})


def _condition(
    column: ColumnElement[Any], dialect: str, one: bool, keys: dict[str, Any]
) -> ColumnElement[bool]:
    """``column = :k`` for one key (one person's reads: an IN list cost SQLAlchemy ~100 µs
    to build), ``column = ANY(:k)`` with an array on PostgreSQL, ``column IN (:k)``
    expanded at execution elsewhere. ``keys`` is the parameter's ``bindparam``
    arguments: its value (:func:`one_of`), or its name, bound at execution
    (:class:`KeyedQuery`)."""
    if one:
        return column == bindparam(type_=column.type, **keys)
    if dialect == "postgresql":
        return column == any_(bindparam(type_=ARRAY(column.type), **keys))
    return column.in_(bindparam(type_=column.type, expanding=True, **keys))


def chunks(conn: Connection, items: Sequence[_T]) -> list[list[_T]]:
    """``items`` cut into lists that :func:`one_of` takes whole on ``conn``'s store."""
    size = ARRAY_CHUNK if conn.dialect.name == "postgresql" else IN_CHUNK
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


Match = Callable[[ColumnElement[Any]], ColumnElement[bool]]
KEYS = "keys"  # the parameter that carries a KeyedQuery's keys


class KeyedQuery:
    """A statement whose condition names a column's keys, built once per store and
    shape: ``build`` takes ``match`` (column -> condition) and returns the statement;
    other parameters it names with ``bindparam`` are given to :meth:`bind`.

    ``match(column)`` is the condition :func:`one_of` writes, with the keys as the
    parameter ``:keys``; a list must fit :func:`chunks`. (Writes sent as many rows
    through the driver have their own statements built once: ``_driver_statement`` in
    ``delivery_repositories.py``.)"""

    def __init__(self, build: Callable[[Match], Executable]) -> None:
        self._build = build
        self._built: dict[tuple[str, bool], Executable] = {}

    def bind(
        self, conn: Connection, keys: Iterable[Any], **params: Any
    ) -> tuple[Executable, dict[str, Any]]:
        """The statement for ``keys`` on ``conn``'s store, and its parameters."""
        listed = list(keys)
        one = len(listed) == 1
        shape = (conn.dialect.name, one)
        statement = self._built.get(shape)
        if statement is None:  # two threads may both build it: the same statement
            dialect, one = shape
            keys_param = {"key": KEYS}
            statement = self._built[shape] = self._build(
                lambda column: _condition(column, dialect, one, keys_param)
            )
        params[KEYS] = listed[0] if one else listed
        return statement, params
