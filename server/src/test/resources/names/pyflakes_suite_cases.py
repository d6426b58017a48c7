"""pyflakes' own test cases, as data: every self.flakes(code, m.X, ...) call its test suite makes.

Run with a Python that has pyflakes installed (bench/.venv, made by scripts/install-deps.sh: pyflakes==4.1.0).
The installed package's tests (pyflakes/test/test_*.py, nothing of them is copied into this repository) are run
with TestCase.flakes replaced by a recorder, which still returns the real checker so the tests go on.

stdout: JSON {"version": "4.1.0", "cases": [{"id", "code", "expected": [class names], "options": [...]}]}
"options" names what the call asked beyond plain code (withDoctest, is_segment, builtins, ...).
"""
import ast
import io
import json
import sys
import textwrap
import unittest
import warnings

import pyflakes
from pyflakes import checker
from pyflakes.test import harness

cases = []
current = {"id": ""}


def recording_flakes(self, input, *expected, **kw):
    code = textwrap.dedent(input)
    options = sorted(kw)
    if self.withDoctest:
        options.append("withDoctest")
    cases.append({"id": self.id(), "code": code, "expected": sorted(t.__name__ for t in expected),
                  "options": options})
    tree = ast.parse(code)
    if kw.pop("is_segment", False):
        tree = tree.body[0]
    return checker.Checker(tree, withDoctest=self.withDoctest, **kw)


def main():
    warnings.simplefilter("ignore")
    harness.TestCase.flakes = recording_flakes
    loader = unittest.TestLoader()
    suite = loader.discover(harness.__file__.rsplit("/", 1)[0], pattern="test_*.py",
                            top_level_dir=pyflakes.__file__.rsplit("/", 2)[0])
    unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
    json.dump({"version": pyflakes.__version__, "cases": cases}, sys.stdout)


if __name__ == "__main__":
    main()
