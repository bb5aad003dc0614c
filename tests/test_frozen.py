"""``analysis.frozen.fast_init``: the same instances as the dataclass's own ``__init__``."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from analysis.frozen import fast_init


@dataclass(frozen=True, slots=True)
class Plain:
    name: str
    start: int
    tags: tuple[str, ...] = ()
    safe: bool = True


@fast_init
@dataclass(frozen=True, slots=True)
class Fast:
    name: str
    start: int
    tags: tuple[str, ...] = ()
    safe: bool = True


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("a", 1), {}),
        (("a", 1, ("x",)), {}),
        (("a", 1), {"safe": False}),
        ((), {"name": "b", "start": 2}),
    ],
)
def test_fast_init_takes_the_same_arguments_and_stores_the_same_values(
    args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    fast, plain = Fast(*args, **kwargs), Plain(*args, **kwargs)  # type: ignore[arg-type]
    assert repr(fast).removeprefix("Fast") == repr(plain).removeprefix("Plain")
    assert fast == Fast(*args, **kwargs)  # type: ignore[arg-type]
    assert hash(fast) == hash(Fast(*args, **kwargs))  # type: ignore[arg-type]


def test_fast_init_keeps_instances_frozen_and_rejects_bad_calls() -> None:
    made = Fast("a", 1)
    with pytest.raises(FrozenInstanceError):
        made.start = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        Fast("a")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Fast("a", 1, (), True, 5)  # type: ignore[call-arg]


def test_fast_init_leaves_classes_it_cannot_speed_up() -> None:
    @dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError("negative")

    @dataclass(frozen=True, slots=True)
    class Listed:
        items: list[int] = field(default_factory=list)

    init = Checked.__init__
    assert fast_init(Checked).__init__ is init  # its check must still run
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)
    assert fast_init(Listed)().items == []


def test_fast_init_refuses_a_class_without_slots() -> None:
    @dataclass(frozen=True)
    class Loose:
        value: int

    with pytest.raises(TypeError, match="not a slotted dataclass"):
        fast_init(Loose)
