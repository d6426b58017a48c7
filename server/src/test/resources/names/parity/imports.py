"""Imports: unused, redefined, conditional, TYPE_CHECKING, __all__, submodules, aliases, star imports."""
from __future__ import annotations

import re
import re
import xml.dom
import xml.sax
import email.mime as mime
import logging.handlers
from typing import TYPE_CHECKING, cast, TypeVar, overload, Optional, Literal, Annotated
from . import sibling
from ..parent import thing as other_thing

if TYPE_CHECKING:
    from decimal import Decimal
    from fractions import Fraction

if re:
    import csv
else:
    import csv

try:
    from io import StringIO
except ImportError:
    from StringIO import StringIO


def decimal_of(value: Decimal) -> Optional["Fraction"]:
    return cast("Missing", value)


T = TypeVar("T", bound="Bound")
S = TypeVar("S", "Constraint", int)


@overload
def f(a: int) -> int: ...
@overload
def f(a: str) -> str: ...
def f(a):
    return a


def g():
    pass


def g():
    pass


label: Literal["not_a_name"] = "x"
meta: Annotated[int, "not a name either"] = 1
declared: int
print(declared)
xml.sax.parse
print(logging)

__all__ = ["decimal_of", "exported_missing", "StringIO"]
__all__ += ["also_missing"]
__all__.extend(["ignored"])
