import typing
from typing import List, Dict


def f(a: "List[int]", b: "Undefined1") -> "Dict[str, Undefined2]":
    x = []  # type: List[Undefined3]
    return x


def g(a, b):
    # type: (int, Undefined4) -> typing.Optional[str]
    return None


class C:
    field: "C"
    other: "Later"


class Later:
    pass


def h() -> "C":
    y: "NotDefined5" = 1
    return y


def bad_string(a: "not valid (") -> None:
    pass
