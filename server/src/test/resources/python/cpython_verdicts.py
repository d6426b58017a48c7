"""CPython's verdict on Python sources, for the parser agreement test.

stdin: JSON {"files": [path, ...], "sources": {id: text, ...}}
stdout: JSON {path_or_id: null | [lineno, offset, msg, exception_name]}
Files are compiled from bytes (so PEP 263 cookies apply), sources from str; both with compile(..., 'exec').
"""
import json
import sys
import warnings


def verdict(src, name):
    try:
        compile(src, name, "exec", dont_inherit=True)
        return None
    except SyntaxError as e:
        return [e.lineno or 0, e.offset or 0, e.msg, type(e).__name__]
    except (ValueError, RecursionError, MemoryError, OverflowError) as e:
        return [0, 0, str(e), type(e).__name__]


def main():
    warnings.simplefilter("ignore")
    req = json.load(sys.stdin)
    out = {}
    for path in req.get("files", []):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            out[path] = [0, 0, str(e), "OSError"]
            continue
        out[path] = verdict(data, path)
    for key, text in req.get("sources", {}).items():
        out[key] = verdict(text, key)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    main()
