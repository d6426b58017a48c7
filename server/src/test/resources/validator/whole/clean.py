"""Small helpers used by the whole-server validator test."""


def clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


def mean(values):
    if not values:
        raise ValueError("mean of an empty sequence")
    return sum(values) / len(values)


def find_index(items, target):
    for i, item in enumerate(items):
        if item == target:
            return i
    return -1
