import os
import sys


def word_counts(lines):
    result = {}
    for line in lines:
        for word in line.split():
            result[word] = result.get(word, 0) + 1
    return resutl
