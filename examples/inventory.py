"""A small, correct module: pyassist has nothing to say about it."""

from dataclasses import dataclass


@dataclass
class Item:
    name: str
    quantity: int
    unit_price: float

    def total(self) -> float:
        return self.quantity * self.unit_price


def restock(items: list[Item], minimum: int) -> list[str]:
    """Names of the items that have fallen below `minimum`."""
    return [item.name for item in items if item.quantity < minimum]


if __name__ == "__main__":
    stock = [Item("bolts", 3, 0.25), Item("nuts", 40, 0.1)]
    print(restock(stock, minimum=10))
