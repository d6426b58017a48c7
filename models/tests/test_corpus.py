import ast
from pathlib import Path

from pyvalidator.common import LineIndex
from pyvalidator.corpus import build, extract_units, near_dup_key, split_of

SRC = '''"""Module doc."""
import os

X = 1


@decorator
def top(a, b):
    """Top doc."""
    return a + b


class Greeter:
    """A class."""

    def hello(self, name):
        return f"héllo {name}"

    async def größe(self):
        return 1


for i in range(3):
    print(i)
'''


def test_extract_units_kinds_qualnames_docstrings():
    units = extract_units(SRC, "pkg/mod.py")
    by_q = {u["qualname"]: u for u in units}
    assert by_q["top"]["kind"] == "function"
    assert by_q["top"]["code"].startswith("@decorator\ndef top(a, b):")
    assert by_q["top"]["docstring"] == "Top doc."
    assert by_q["Greeter"]["kind"] == "class"
    assert by_q["Greeter.hello"]["kind"] == "method"
    assert by_q["Greeter.hello"]["code"].startswith("def hello(self, name):")  # dedented
    assert "Greeter.größe" in by_q
    blocks = [u for u in units if u["kind"] == "module_block"]
    assert len(blocks) == 1 and blocks[0]["code"].startswith("for i in range(3):")
    for u in units:
        ast.parse(u["code"])
        assert u["path"] == "pkg/mod.py"


def test_extract_rejects_unparsable():
    assert extract_units("def f(:\n  pass\n", "x.py") == []


def test_near_dup_key_ignores_comments_whitespace_docstrings():
    a = 'def f(x):\n    """doc"""\n    return x + 1  # c\n'
    b = "def f(x):\n\n    return x+1\n"
    c = "def f(x):\n    return x + 2\n"
    assert near_dup_key(a) == near_dup_key(b)
    assert near_dup_key(a) != near_dup_key(c)


def test_line_index_non_ascii_columns():
    src = "s = 'ü'; t = 1\nx = 2\n"
    tree = ast.parse(src)
    idx = LineIndex(src)
    t_target = tree.body[1].targets[0]
    a, b = idx.node_span(t_target)
    assert src[a:b] == "t"


def _write(tmp: Path, rel: str, text: str):
    p = tmp / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return ("stdlib", tmp, p)


def test_build_dedups_and_splits_by_file(tmp_path):
    files = []
    for i in range(60):
        files.append(_write(tmp_path, f"m{i}.py",
                            f"def f{i}(a, b):\n    return a * {i} + b\n\n"
                            f"def g{i}(x):\n    if x > {i}:\n        return x\n    return -x\n"
                            "def same(q):\n    return q\n"))
    splits, stats = build(files, 20, 20)
    assert stats["dup_exact"] == 59  # `same` kept once
    file_split = {}
    for s, units in splits.items():
        for u in units:
            assert u["split"] == s
            assert file_split.setdefault(u["path"], s) == s  # a file never spans two splits
    assert all(splits[s] for s in ("train", "val", "test"))
    # deterministic and file-based
    assert split_of("stdlib", "m3.py", 20, 20) == split_of("stdlib", "m3.py", 20, 20)
    codes = [u["code"] for s in splits.values() for u in s]
    assert len(codes) == len(set(codes))
