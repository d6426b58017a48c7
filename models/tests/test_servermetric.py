"""The server-level file metric on a tiny fixture: whole bugged files rebuilt from a unit, and the counting."""
import ast
import random

from pyvalidator import filemetric as fm
from pyvalidator import servermetric as sm

FILE = '''import os


class Box:
    def area(self, width, height):
        if width > height:
            return width * height
        return os.path.join(str(width), str(height))


def top(x, y):
    return x - y
'''


def _file():
    f = {"path": "stdlib:box.py", "text": FILE, "tree": ast.parse(FILE)}
    f["units"], f["n_lines"] = fm.file_units(f)
    return f


def test_a_bugged_unit_goes_back_with_its_margin():
    f = _file()
    ui = next(i for i, u in enumerate(f["units"]) if u["text"].startswith("def area"))
    assert f["units"][ui]["margin"] == "    "
    bug = {"file": f["path"], "unit": ui, "kind": "inverted_comparison",
           "text": f["units"][ui]["text"].replace("width > height", "width <= height")}
    out = sm.bugged_file(f, bug)
    assert out == FILE.replace("width > height", "width <= height")
    ast.parse(out)


def test_injected_bugs_rebuild_into_files_that_differ_on_the_bug_line():
    f = _file()
    got = fm.inject_all(f["units"], ["inverted_comparison", "wrong_arithmetic"], random.Random(0))
    assert got
    for kind, (ui, text, line) in got.items():
        out = sm.bugged_file(f, {"file": f["path"], "unit": ui, "kind": kind, "text": text})
        diff = [i for i, (a, b) in enumerate(zip(FILE.split("\n"), out.split("\n"))) if a != b]
        assert diff == [line]


def _diag(line, severity="warning", code="validator.wrong-comparison"):
    return {"line": line, "severity": severity, "code": code}


def test_counting_located_new_and_false_per_kloc():
    f = _file()  # 12 lines
    clean = {"clean/f0.py": f}
    bugged = {"bugged/a/f0.py": {"file": f["path"], "kind": "inverted_comparison", "line": 5},
              "bugged/b/f0.py": {"file": f["path"], "kind": "wrong_arithmetic", "line": 11},
              "bugged/c/f0.py": {"file": f["path"], "kind": "variable_misuse", "line": 6}}
    diags = {
        # clean: one Warning (line 12, 1-based), one Information, one Hint (counts toward nothing)
        "clean/f0.py": [_diag(12, code="flow.x"), _diag(3, "information"), _diag(1, "hint")],
        # 0-based bug line 5 = 1-based 6; a Warning on 1-based line 7 is within one line: located, and new
        "bugged/a/f0.py": [_diag(7), _diag(12, code="flow.x")],
        # bug on 0-based 11 = 1-based 12: only the clean copy's own Warning is near: located, not new
        "bugged/b/f0.py": [_diag(12, code="flow.x"), _diag(11, "information")],
        # an Error three lines away does not count
        "bugged/c/f0.py": [_diag(10, "error")],
    }
    r = sm.count(clean, bugged, diags)
    assert r["clean_lines"] == 12
    assert abs(r["false_warning_per_kloc"] - 1000 / 12) < 1e-9
    assert abs(r["information_per_kloc"] - 1000 / 12) < 1e-9
    k = r["kinds"]
    assert (k["inverted_comparison"]["located"], k["inverted_comparison"]["located_new"]) == (1, 1)
    assert (k["wrong_arithmetic"]["located"], k["wrong_arithmetic"]["located_new"]) == (1, 0)
    assert (k["variable_misuse"]["located"], k["variable_misuse"]["located_new"]) == (0, 0)
    g = r["groups"]
    assert g["wrong_operator"]["n"] == 2 and g["wrong_operator"]["located"] == 1.0
    assert g["wrong_operator"]["located_new"] == 0.5
    assert g["swapped_arguments"]["n"] == 0 and g["swapped_arguments"]["located"] is None
    only = sm.validator_only(diags)
    assert [d["code"] for d in only["bugged/a/f0.py"]] == ["validator.wrong-comparison"]
    res = {"server": r, "server_no_validator": sm.count(clean, bugged, {p: [d for d in ds if d["code"] == "flow.x"]
                                                                       for p, ds in diags.items()}),
           "validator_in_server": sm.count(clean, bugged, only)}
    text = sm.table(res)
    assert "| located at Warning: wrong operator | 50.0% (50.0% new) | 100.0% (50.0% new) | 50.0% (0.0% new) |" in text
