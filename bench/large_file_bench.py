#!/usr/bin/env python3
"""How large a file pyassist analyses within the launchers' heap (-Xmx512m), and how long a keystroke takes.

For each size (MB of real standard-library code, valid Python), one fresh server launched as the editor clients
launch it (lsp_bench.JVM_OPTIONS: -Xmx512m), and:
  didOpen     `didOpen` to the first publishDiagnostics of version 1
  keystroke   one character typed into a comment: to the first publishDiagnostics of that version (median)
  settled     the same edit to the last publishDiagnostics of that version (median; slow layers included)
  heap        the highest heap occupancy before a collection and after one (from -Xlog:gc), in MB
  oom         whether the server's stderr reports an OutOfMemoryError
Usage: python3 bench/large_file_bench.py [--sizes 1,2,4,6,8,10] [--edits 5] [--no-validator]
"""
import argparse
import ast
import json
import os
import re
import statistics
import sysconfig
import tempfile
import time
from pathlib import Path

import lsp_bench

GC_LINE = re.compile(r"(\d+)M->(\d+)M\((\d+)M\)")


def build(size_mb):
    """About `size_mb` MB of whole standard-library modules (no __future__ imports), checked with compile()."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    modules = []
    for p in sorted(stdlib.glob("*.py")):
        try:
            src = p.read_text(encoding="utf-8")
            tree = ast.parse(src)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        if any(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in tree.body):
            continue
        modules.append(src if src.endswith("\n") else src + "\n")
    out, size, target = ["# pyassist large-file benchmark\n"], 0, int(size_mb * 1_000_000)
    while size < target:
        for m in modules:
            out.append(m)
            size += len(m)
            if size >= target:
                break
    text = "".join(out)
    compile(text, "large.py", "exec")
    return text


class ServerWithLog(lsp_bench.Server):
    """lsp_bench's server, with stderr kept in a file (to see an OutOfMemoryError)."""

    def __init__(self, cmd, cwd, err_log):
        import queue
        import subprocess
        import threading
        self.start = time.perf_counter()
        self.err = open(err_log, "wb")
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err)
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()


def one(text, edits, jar_cmd, init_options=None):
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        gc_log = workdir / "gc.log"
        err_log = workdir / "stderr.log"
        cmd = [jar_cmd[0], f"-Xlog:gc:file={gc_log}", *jar_cmd[1:]]
        uri = (workdir / "large.py").as_uri()
        server = ServerWithLog(cmd, workdir, err_log)
        try:
            rid = server.request("initialize", {
                "processId": os.getpid(), "rootUri": workdir.as_uri(), "initializationOptions": init_options,
                "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}},
                                 "workspace": {"configuration": True}}})
            server.wait_response(rid)
            server.notify("initialized", {})

            def published(v):
                return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                                  and m["params"]["uri"] == uri and m["params"].get("version") == v)

            def settle(v, first):
                last = first
                while True:
                    try:
                        t, _ = server.wait(published(v), timeout=3, after=last + 1e-9)
                        last = t
                    except (TimeoutError, Exception):
                        return last

            t0 = time.perf_counter()
            server.notify("textDocument/didOpen",
                          {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
            t_open, _ = server.wait(published(1), timeout=300)
            open_ms = (t_open - t0) * 1000
            settle(1, t_open)
            firsts, settled = [], []
            col = len("# pyassist large-file benchmark")
            for v in range(2, edits + 2):
                edit = lsp_bench.header_edit(v, col)
                t0 = time.perf_counter()
                server.notify("textDocument/didChange",
                              {"textDocument": {"uri": uri, "version": v}, "contentChanges": [edit]})
                t_first, _ = server.wait(published(v), timeout=300, after=t0)
                t_last = settle(v, t_first)
                firsts.append((t_first - t0) * 1000)
                settled.append((t_last - t0) * 1000)
            ok = True
        except Exception as e:  # a server that died or stopped answering
            print(f"  failed: {type(e).__name__}: {e}")
            open_ms, firsts, settled, ok = float("nan"), [float("nan")], [float("nan")], False
        finally:
            rss = server.peak_rss_mb()
            server.stop()
        server.err.close()
        oom = "OutOfMemoryError" in err_log.read_text(errors="replace")
        before = after = 0
        if gc_log.exists():
            for line in gc_log.read_text().splitlines():
                m = GC_LINE.search(line)
                if m:
                    before = max(before, int(m.group(1)))
                    after = max(after, int(m.group(2)))
        return {"didOpen_ms": open_ms, "keystroke_ms": statistics.median(firsts),
                "settled_ms": statistics.median(settled), "heap_peak_mb": before, "heap_live_mb": after,
                "rss_mb": rss, "answered": ok, "oom": oom}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,2,4,6,8,10")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--no-validator", action="store_true", help="validator.enabled = false (exact layers only)")
    ap.add_argument("--json", type=Path, default=lsp_bench.ROOT / "bench" / "out" / "large_file_bench.json")
    args = ap.parse_args()
    cmd = lsp_bench.commands()["pyassist"]
    results = {}
    print("| size (MB) | chars | didOpen (ms) | keystroke (ms) | settled (ms) | heap peak / live (MB) | answered | OOM |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for s in args.sizes.split(","):
        text = build(float(s))
        r = one(text, args.edits, cmd, {"validator": {"enabled": False}} if args.no_validator else None)
        r["chars"] = len(text)
        results[s] = r
        print(f"| {s} | {len(text):,} | {r['didOpen_ms']:.0f} | {r['keystroke_ms']:.0f} | {r['settled_ms']:.0f} | "
              f"{r['heap_peak_mb']} / {r['heap_live_mb']} | {'yes' if r['answered'] else 'NO'} | {'YES' if r['oom'] else 'no'} |", flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
