"""quick_init: the same frozen dataclass, with a faster __init__."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import dataclass, field

import pytest

from chatsignals.domain.values import quick_init


@dataclass(frozen=True, slots=True)
class Plain:
    a: int
    b: str = "b"
    c: list[int] = field(default_factory=list)
    d: float = field(default=1.5, kw_only=True)


# Plain's twin, field for field, with quick_init: the tests compare the two.
@quick_init
@dataclass(frozen=True, slots=True)
class Quick:
    a: int
    b: str = "b"
    c: list[int] = field(default_factory=list)
    d: float = field(default=1.5, kw_only=True)


def _values(x: object) -> tuple[object, ...]:
    return tuple(getattr(x, f.name) for f in dataclasses.fields(x))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((1,), {}), ((1, "x"), {}), ((1, "x", [2]), {"d": 3.0}), ((), {"a": 4, "c": [5]})],
)
def test_it_builds_what_the_dataclass_builds(
    args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    assert _values(Quick(*args, **kwargs)) == _values(Plain(*args, **kwargs))
    assert repr(Quick(*args, **kwargs)).replace("Quick", "Plain") == repr(Plain(*args, **kwargs))


def test_the_signature_and_errors_are_the_dataclass_s() -> None:
    assert str(inspect.signature(Quick)) == str(inspect.signature(Plain))
    with pytest.raises(TypeError):
        Quick()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Quick(1, "b", [], 2.0)  # type: ignore[misc]  # d is keyword-only


def test_it_stays_frozen_hashable_and_comparable() -> None:
    q = Quick(1, "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.a = 2  # type: ignore[misc]
    assert Quick(1, "x") == Quick(1, "x") != Quick(2, "x")
    assert Quick(1, "x", d=2.0) != q
    assert pickle.loads(pickle.dumps(q)) == q
    assert Quick(1).c is not Quick(1).c  # a default_factory makes a new value each time
    assert hash(Quick(1, "x", ())) == hash(Quick(1, "x", ()))  # type: ignore[arg-type]


def test_it_refuses_what_it_would_not_reproduce() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclass(slots=True)
    class NotFrozen:
        a: int

    @dataclass(frozen=True, slots=True)
    class PostInit:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True, slots=True)
    class Hidden:
        a: int
        b: int = field(default=0, init=False)

    for cls in (NoSlots, NotFrozen, PostInit, Hidden, int):
        with pytest.raises(TypeError):
            quick_init(cls)
