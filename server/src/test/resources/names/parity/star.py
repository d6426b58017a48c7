from os.path import *
from string import *

print(join, ascii_letters)
__all__ = ["join", "nowhere"]


def inside():
    return exists(sep)
