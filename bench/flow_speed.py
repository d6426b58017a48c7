#!/usr/bin/env python3
"""What the flow layer adds to a keystroke: didChange -> publishDiagnostics on lsp_bench.py's 5,000-line file.

lsp_bench.py's file carries a syntax error, and the names and flow layers only run on a text that parses, so
this uses the same file with its ':' put back. The edits type letters one by one into a string literal inside a
function body (bench/flow_spots.py), as an editor sends them. In one run it alternates fresh pyassist processes
with the flow layer on (the default) and off (initializationOptions {"flow": {"enabled": false}}, which skips the
layer entirely: the state before it existed) and prints the median didChange latency of each and their ratio,
with the machine's load before and after.

Usage: python3 bench/flow_speed.py [--rounds 3] [--edits 30]   (needs the server jar)
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lsp_bench  # noqa: E402  (the same file, server launch and LSP client)
from flow_spots import keystroke_spots, utf16_column  # noqa: E402


def typed(version, line, character):
    """The edit of `version`: one more letter typed at the spot (each version new, as when typing a word)."""
    at = {"line": line, "character": character + version - 2}
    return {"range": {"start": at, "end": at}, "text": chr(ord("a") + version % 26)}


def one_run(text, flow_on, edits, spot):
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        uri = (workdir / "bench.py").as_uri()
        server = lsp_bench.Server(lsp_bench.commands()["pyassist"], workdir)
        try:
            rid = server.request("initialize", {
                "processId": os.getpid(), "rootUri": workdir.as_uri(),
                "initializationOptions": {"flow": {"enabled": flow_on}, "validator": {"enabled": False}},
                "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}}})
            server.wait_response(rid)
            server.notify("initialized", {})

            def published(version):
                return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                                  and m["params"]["uri"] == uri and m["params"].get("version") == version)

            server.notify("textDocument/didOpen",
                          {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
            _, first = server.wait(published(1))
            flow = sum(1 for d in first["params"]["diagnostics"] if d.get("code", "").startswith(("flow.", "calls.")))
            times = []
            for v in range(2, edits + 2):
                edit = typed(v, *spot)
                t0 = time.perf_counter()
                server.notify("textDocument/didChange",
                              {"textDocument": {"uri": uri, "version": v}, "contentChanges": [edit]})
                t, _ = server.wait(published(v), after=t0)
                times.append((t - t0) * 1000)
                time.sleep(0.05)
            return times[2:], flow  # the first edits still warm the JIT
        finally:
            server.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--edits", type=int, default=30)
    args = ap.parse_args()
    text = lsp_bench.valid_file()
    label, line, col = keystroke_spots(text)[0]
    spot = (line, utf16_column(text, line, col))
    print(f"file: {text.count(chr(10))} lines (lsp_bench.py's, syntax error repaired), typing in {label};"
          f" load before: {os.getloadavg()[0]:.2f}")
    on, off, flow_findings = [], [], 0
    for _ in range(args.rounds):
        t, flow_findings = one_run(text, True, args.edits, spot)
        on.extend(t)
        t, _ = one_run(text, False, args.edits, spot)
        off.extend(t)
    m_on, m_off = statistics.median(on), statistics.median(off)
    print(f"flow findings on the file: {flow_findings}")
    print(f"didChange -> diagnostics, median of {len(off)} edits: flow off {m_off:.1f} ms, flow on {m_on:.1f} ms"
          f" ({(m_on / m_off - 1) * 100:+.1f}%); load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
