"""Keeps a sensor reading inside its allowed range. It parses and every name is defined, but one comparison
is the wrong way round: only the neural validator notices."""


def clamp(x, lo, hi):
    if x >= lo:
        return lo
    if x > hi:
        return hi
    return x


def read_sensor(raw, lo=0.0, hi=100.0):
    return clamp(float(raw), lo, hi)
