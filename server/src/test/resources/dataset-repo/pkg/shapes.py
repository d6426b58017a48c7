"""Shapes: a class with methods, a decorator and a nested function."""
import functools


class Circle:
    """A circle.

    Knows its radius.
    """

    def __init__(self, radius):
        self.radius = radius

    @property
    def area(self):
        """The area."""
        return 3.14159 * self.radius ** 2

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def unit():
        return Circle(1)


def make_scaler(factor):
    """Return a function that scales by factor."""

    def scale(value):
        # multiply
        return value * factor

    return scale


def abstract_hook(event):
    """Called for every event; subclasses override it."""
