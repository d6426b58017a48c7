def bound(x, lo, hi):
    # the same logic with other names
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x
