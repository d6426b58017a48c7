#!/usr/bin/env python3
"""Inline completion latency: the local engine (with its K/V prefix cache) and a loopback completion server.

The 112.7M-parameter GPTBigCode of generate_bench.py (random weights, StarCoder's shape at small scale), a document
whose code before the cursor is 1,500 tokens, 16 new tokens, greedy, 2 threads. Three figures, each the median of
--runs:

    first suggestion   a document the engine has not seen (its prefix cache holds another file's prompt)
    next keystroke     one character typed at the cursor, asked again: the prefix cache keeps the shared tokens
    cache hit          the same buffer asked again: the suggestion cache answers, no model call

Two levels:
  engine   `pyassist generate` with the StarCoder suffix-first prompt the server builds, exactly 16 new tokens
           (first suggestion, next keystroke); the engine loaded and warmed up first, then its cache dropped
  server   `pyassist serve` over stdio, textDocument/inlineCompletion timed from request to answer, with the gates
           on; the suggestion ends at the end of the line (a comment line, which any text keeps valid), so it may
           be shorter than 16 tokens. Backends: `local` (the engine), and `openai` pointed at fim_server.py on
           loopback (transformers, the same model, no cache across requests)

    models/.venv/bin/python bench/complete_bench.py [--runs 3] [--threads 2] [--skip-server] [--skip-engine]
Needs server/target/pyassist.jar and local-engine/target/pyassist-local-engine.jar. Writes bench/out/complete_bench-*.json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_bench  # noqa: E402  (the bench model)
from lsp_bench import Server  # noqa: E402  (the JSON-RPC client)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
JAR = ROOT / "server" / "target" / "pyassist.jar"
ENGINE_JAR = ROOT / "local-engine" / "target" / "pyassist-local-engine.jar"
PREFIX_TOKENS = 1500
NEW_TOKENS = 16
SUFFIX_CHARS = 400 * 3  # complete.maxSuffixTokens (default) x PromptContext.CHARS_PER_TOKEN
PATH = "bench_doc.py"


def tokenizer(model_dir: Path):
    from tokenizers import Tokenizer
    return Tokenizer.from_file(str(model_dir / "tokenizer.json"))


def document(tok, source: str):
    """(text, cursor): lines of `source` up to a 1,500-token prefix (with the header the server adds), then a comment
    line the cursor ends, then the rest of the file."""
    header = f"# Path: {PATH}\n"
    lines = source.splitlines(keepends=True)
    comment = "# the value we return is the "
    kept = []
    for line in lines:
        if len(tok.encode(header + "".join(kept) + line + comment).ids) > PREFIX_TOKENS:
            break
        kept.append(line)
    prefix = "".join(kept) + comment
    rest = lines[len(kept):]
    text = prefix + "\n" + "".join(rest)
    return text, len(prefix), header


def suffix_window(text: str, cursor: int) -> str:
    """The server's suffix window: the rest of the cursor's line, then whole lines within SUFFIX_CHARS."""
    end = text.find("\n", cursor)
    end = len(text) if end < 0 else end + 1
    while True:
        nxt = text.find("\n", end)
        nxt = len(text) if nxt < 0 else nxt + 1
        if nxt == end or nxt - cursor > SUFFIX_CHARS:
            return text[cursor:end]
        end = nxt


def spm(header: str, prefix: str, suffix: str) -> str:
    return f"<fim_prefix><fim_suffix>{suffix}<fim_middle>{header}{prefix}"


def engine_level(model: Path, text: str, cursor: int, header: str, runs: int, threads: int, tmp: Path):
    suffix = suffix_window(text, cursor)
    prompts = []
    for k in range(6):  # the document, then five keystrokes
        p = tmp / f"prompt{k}.txt"
        p.write_text(spm(header, text[:cursor] + "x" * k, suffix), encoding="utf-8")
        prompts.append(p)
    first, nxt, tokens = [], [], []
    for _ in range(runs):
        cmd = ["java", "-jar", str(JAR), "generate", "--engine-jar", str(ENGINE_JAR), "--model", str(model),
               "--prompt-file", str(prompts[0]), *sum((["--next-prompt-file", str(p)] for p in prompts[1:]), []),
               "--max-tokens", str(NEW_TOKENS), "--threads", str(threads), "--warmup", "1", "--stats"]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        if p.returncode != 0:
            sys.exit(f"pyassist generate failed ({p.returncode}):\n{p.stderr}")
        for line in p.stderr.splitlines():
            if "stats: " not in line:
                continue
            kv = dict(item.split("=", 1) for item in line.split("stats: ", 1)[1].split())
            rec = {k: float(kv[k]) for k in ("total_ms", "first_token_ms")}
            rec.update(prompt_tokens=int(kv["prompt_tokens"]), generated=int(kv["generated_tokens"]),
                       cached=int(kv["cached_tokens"]))
            (nxt if line.startswith("next ") else first).append(rec)
            tokens.append(rec["generated"])
    return {"first": first, "next": nxt}


def lsp_level(kind: str, model: Path, text: str, cursor: int, warm_text: str, runs: int, threads: int, tmp: Path):
    """First suggestion, keystrokes and cache hits through `pyassist serve` for one backend."""
    results = {"first": [], "next": [], "hit": [], "next_shown": 0, "hit_shown": 0}
    for run in range(runs):
        work = tmp / f"{kind}-{run}"
        (work / "xdg" / "pyassist").mkdir(parents=True, exist_ok=True)
        fim = None
        task = {"maxTokens": NEW_TOKENS}
        llm = {"tasks": {"complete": task}}
        if kind == "local":
            task["backend"] = "local"
            llm["local"] = {"model": str(model), "engineJar": str(ENGINE_JAR), "threads": threads}
        else:
            fim = subprocess.Popen([sys.executable, str(ROOT / "bench" / "fim_server.py"), str(model),
                                    "--threads", str(threads)], stdout=subprocess.PIPE, text=True)
            base = fim.stdout.readline().strip().rsplit(" ", 1)[-1]
            task.update(backend="openai", model="starcoder-bench")
            llm["openai"] = {"baseUrl": base}
        settings = {"llm": llm, "validator": {"enabled": False},
                    "complete": {"debounceMs": 0, "snippetChars": 0, "maxPrefixTokens": 3000}}
        (work / "xdg" / "pyassist" / "settings.json").write_text(json.dumps(settings))
        server = Server(["env", f"XDG_CONFIG_HOME={work / 'xdg'}", "java", "-XX:TieredStopAtLevel=1", "-jar",
                         str(JAR), "serve", "--stdio"], str(work))
        try:
            rid = server.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {
                "textDocument": {"inlineCompletion": {}}}})
            server.wait_response(rid)
            server.notify("initialized", {})

            def ask(uri, line, character, invoked=False):  # typed: the suggestion ends at the line end
                t0 = time.perf_counter()
                rid = server.request("textDocument/inlineCompletion", {
                    "textDocument": {"uri": uri}, "position": {"line": line, "character": character},
                    "context": {"triggerKind": 1 if invoked else 2}})
                _, msg = server.wait_response(rid, timeout=600)
                if "error" in msg:
                    sys.exit(f"{kind}: inlineCompletion failed: {msg['error']}")
                return (time.perf_counter() - t0) * 1e3, msg["result"]["items"] if msg.get("result") else []

            def at(t, offset):
                line = t.count("\n", 0, offset)
                return line, offset - (t.rfind("\n", 0, offset) + 1)

            # warm-up on another file: the engine loads, the JIT compiles; its prompt fills the prefix cache
            warm_uri = (work / "warm.py").as_uri()
            server.notify("textDocument/didOpen", {"textDocument": {"uri": warm_uri, "languageId": "python",
                                                                    "version": 1, "text": warm_text}})
            wl, wc = at(warm_text, len(warm_text))
            for _ in range(3):
                ask(warm_uri, wl, wc)
            uri = (work / PATH).as_uri()
            server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python",
                                                                    "version": 1, "text": text}})
            line, col = at(text, cursor)
            ms, _ = ask(uri, line, col)
            results["first"].append(ms)
            for k in range(1, 6):
                server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": k + 1},
                    "contentChanges": [{"range": {"start": {"line": line, "character": col + k - 1},
                                                  "end": {"line": line, "character": col + k - 1}}, "text": "x"}]})
                ms, items = ask(uri, line, col + k)
                results["next"].append(ms)
                results["next_shown"] += bool(items)
                ms, items = ask(uri, line, col + k)
                results["hit"].append(ms)
                results["hit_shown"] += bool(items)
        finally:
            server.stop()
            if fim is not None:
                fim.terminate()
                fim.wait(timeout=10)
    return results


def med(xs, key=None):
    vals = [x[key] for x in xs] if key else xs
    return statistics.median(vals) if vals else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-engine", action="store_true")
    ap.add_argument("--skip-server", action="store_true")
    args = ap.parse_args()
    for needed in (JAR, ENGINE_JAR):
        if not needed.is_file():
            sys.exit(f"{needed} is missing; see the usage at the top of {Path(__file__).name}")
    out = generate_bench.build(generate_bench.FULL)
    model = out / "model"
    tok = tokenizer(model)
    lib = Path(sysconfig.get_paths()["stdlib"])
    text, cursor, header = document(tok, (lib / "textwrap.py").read_text(encoding="utf-8"))
    warm_text = (lib / "shlex.py").read_text(encoding="utf-8")
    load = os.getloadavg()
    print(f"model: {generate_bench.FULL.name}, {json.loads((out / 'build_info.json').read_text())['parameters'] / 1e6:.1f}M "
          f"parameters; prefix {len(tok.encode(header + text[:cursor]).ids)} tokens; {NEW_TOKENS} new tokens; "
          f"{args.threads} threads; load average at start {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    report = {"runs": args.runs, "threads": args.threads, "load_at_start": load}
    with tempfile.TemporaryDirectory(prefix="pyassist-complete-bench-") as tmp:
        tmp = Path(tmp)
        if not args.skip_engine:
            e = engine_level(model, text, cursor, header, args.runs, args.threads, tmp)
            report["engine"] = e
            print(f"engine  first suggestion {med(e['first'], 'total_ms'):7.1f} ms  "
                  f"(prompt {e['first'][0]['prompt_tokens']} tokens, {e['first'][0]['generated']} generated)")
            print(f"engine  next keystroke   {med(e['next'], 'total_ms'):7.1f} ms  "
                  f"({med(e['next'], 'cached'):.0f} of {e['next'][0]['prompt_tokens']} prompt tokens from the cache)")
        if not args.skip_server:
            for kind in ("local", "loopback"):
                r = lsp_level(kind, model, text, cursor, warm_text, args.runs, args.threads, tmp)
                report[kind] = r
                print(f"server/{kind:<8} first {med(r['first']):7.1f} ms   next keystroke {med(r['next']):7.1f} ms "
                      f"({r['next_shown']}/{len(r['next'])} shown)   cache hit {med(r['hit']):6.1f} ms "
                      f"({r['hit_shown']}/{len(r['hit'])} from the cache)")
    report["load_at_end"] = os.getloadavg()
    print(f"load average at end {report['load_at_end'][0]:.1f}")
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / time.strftime("complete_bench-%Y%m%d-%H%M%S.json")
    path.write_text(json.dumps(report, indent=2))
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
