"""Parsed a few times in the background at start-up so the JIT has compiled the parser before the first file
arrives. Written for pyassist; it touches most of the grammar."""
from __future__ import annotations

import asyncio
import dataclasses
import re
from collections import defaultdict
from typing import Any, Callable, Iterator

PATTERN = re.compile(r"(?P<key>\w+)\s*=\s*(?P<value>[^;]+)")
LIMIT: int = 10_000
HEX, OCT, BIN, CPLX = 0xFF_FF, 0o17, 0b1010, 3.5e-2j


@dataclasses.dataclass(frozen=True)
class Record:
    name: str
    values: list[int] = dataclasses.field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(v for v in self.values if v > 0)

    def __iter__(self) -> Iterator[int]:
        yield from self.values


class Registry(dict[str, Record]):
    """A mapping with a few helpers."""

    counter = 0

    def add(self, record: Record, /, *, replace: bool = False) -> None:
        if record.name in self and not replace:
            raise KeyError(f"{record.name!r} already registered ({len(self)} records)")
        self[record.name] = record
        type(self).counter += 1

    def grouped(self) -> dict[int, list[str]]:
        groups: defaultdict[int, list[str]] = defaultdict(list)
        for name, record in sorted(self.items(), key=lambda kv: (-kv[1].total, kv[0])):
            groups[record.total // 10].append(name)
        return dict(groups)


def parse(text: str, *, strict=False, **options: Any) -> dict[str, str]:
    result = {}
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not (line := line.strip()) or line.startswith("#"):
            continue
        match = PATTERN.match(line)
        if match is None:
            if strict:
                raise ValueError("line %d: cannot parse %r" % (line_number, line))
            continue
        key, value = match["key"], match.group("value").rstrip()
        result[key] = value if not options.get("upper") else value.upper()
    return result


def describe(value: object) -> str:
    match value:
        case None:
            return "nothing"
        case int() | float() as number if number < 0:
            return "negative"
        case [first, *rest]:
            return f"sequence starting with {first!r} and {len(rest)} more"
        case {"name": str(name), **extra}:
            return f"named {name} with {sorted(extra)}"
        case Record(name=name):
            return f"record {name}"
        case _:
            return type(value).__name__


async def gather(tasks: list[Callable[[], Any]], timeout: float = 1.5) -> list[Any]:
    async with asyncio.timeout(timeout) if hasattr(asyncio, "timeout") else asyncio.Lock():
        results = [await asyncio.to_thread(task) for task in tasks]
    return [r async for r in _aiter(results)]


async def _aiter(items):
    for item in items:
        yield item


def matrix(n: int) -> list[list[float]]:
    grid = [[(i * j) % 7 / (j + 1) for j in range(n)] for i in range(n)]
    flat = {(i, j): v for i, row in enumerate(grid) for j, v in enumerate(row) if v}
    diagonal = {grid[k][k] for k in range(n)}
    total = sum(x ** 2 for x in flat.values()) - (max(diagonal, default=0) or 1)
    return grid if total >= 0 else [row[::-1] for row in grid[1:-1:2]]


def retry(times=3):
    def decorate(function):
        def wrapper(*args, **kwargs):
            last = None
            for attempt in range(times):
                try:
                    return function(*args, **kwargs)
                except (OSError, TimeoutError) as error:
                    last = error
                    continue
                finally:
                    pass
            else:
                raise RuntimeError(f"gave up after {times} attempts") from last
        return wrapper
    return decorate


@retry(times=2)
def read(path, mode="r", *rest, encoding="utf-8"):
    global LIMIT
    with open(path, mode, encoding=encoding) as handle, open(path) as again:
        data = handle.read(LIMIT)
        assert data or again, "empty"
    while data and data[-1] in " \t\n":
        data = data[:-1]
    del rest
    return data, lambda x=1, *a, y=2, **k: x + y


if __name__ == "__main__":
    registry = Registry()
    registry.add(Record("a", [1, 2, 3]))
    print(describe([1, 2]), parse("x = 1\ny = 2"), matrix(3), not registry, -LIMIT, ~HEX, OCT << 2 | BIN & 3 ^ 1)
