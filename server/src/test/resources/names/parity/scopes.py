"""Scope rules: class bodies, comprehensions, nonlocal/global, del, except names, lambdas."""
import os
import os.path
import sys as system
from collections import OrderedDict, defaultdict as dd


class Config:
    base = 10
    doubled = [base * i for i in range(3)]
    __slots__ = ()

    def method(self):
        return base

    def other(self):
        print(__class__, __module__)
        return self.base

    name = __qualname__


def outer():
    counter = 0
    unused_local = 1

    def inner():
        nonlocal counter
        counter += 1
        return counter

    return inner


def uses_global():
    global LATE
    LATE = 1


def reads_late():
    return LATE + LATER_STILL


LATER_STILL = 2
x = 1
del x
print(x)
if system.argv:
    y = 1
    del y
print(y)


def deleted():
    z = 1
    del z
    return z


try:
    import json
except ImportError:
    json = None

try:
    value = undefined_but_protected
except NameError:
    value = None

try:
    pass
except ValueError as err:
    pass
except KeyError as used_err:
    print(used_err)
print(err)

squares = [n * n for n in range(5)]
print(n)
pairs = {k: v for k, v in dd(int).items()}
gen = (w for w in range(3) if (last := w))
print(last)
f = lambda a, b=missing_default: a + b + c
g = lambda: (lambda inner_arg: inner_arg)(1)


def local_read_too_early():
    print(squares)
    squares = 1
    return squares


def with_locals():
    hidden = 1
    return locals()


def augmented():
    total = 0
    total += 1


def unpacking(pair):
    first, second = pair
    (third, fourth) = (1, 2)
    _ = 3
    with open("f") as handle:
        pass
    with open("f") as (a, b):
        pass
    for idx in range(3):
        pass
    return first


def shadow():
    for os in range(3):
        print(os)


print(OrderedDict, os.path)
