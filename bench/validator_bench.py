#!/usr/bin/env python3
"""Validator benchmark: the neural validator inside the real server, over stdio, with a model artifact.

Prints, for a ~2,000-line file built from standard-library functions and classes (it parses):
  load         process start to `pyassist/status` validator "ready" (JVM start, checksums, ONNX session)
  didOpen      `didOpen` to the publish that carries the validator's findings for that version (first
               validator diagnostics; the exact layers' publish comes before it)
  edit         a one-line edit inside one function to the publish with that function re-scored (median)
  RSS          the server's resident memory with the model loaded (VmRSS at the end, VmHWM peak)
  batch        the same batch of units (length-sorted, <= 2048 padded tokens per run, same thread count)
               through ONNX Runtime in Java and through PyTorch in Python, and the ratio PyTorch / ORT

The server runs with `validator.sensitivity: 1` (threshold 0), so every unit is reported and the publish
that completes scoring is visible; inference work does not depend on the threshold.

Usage: python3 bench/validator_bench.py [--model models/validator] [--torch-model RUN/model]
       [--edits 20] [--repeats 5] [--python /work/wt-models/models/.venv/bin/python]
Needs server/target/pyassist.jar (mvn -q -B -DskipTests package).
"""
import argparse
import ast
import json
import os
import queue
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINES = 2000
MODULES = ["textwrap", "shlex", "fnmatch", "glob", "string", "calendar", "difflib", "pprint", "heapq",
           "bisect", "colorsys", "cmd", "fractions", "argparse"]


def build_file():
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    out = ["# pyassist validator benchmark file, built from the standard library\n"]
    for name in MODULES:
        src = (stdlib / f"{name}.py").read_text(encoding="utf-8")
        lines = src.splitlines(keepends=True)
        for node in ast.parse(src).body:
            if not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                continue
            start = min([d.lineno for d in node.decorator_list] + [node.lineno])
            chunk = lines[start - 1:node.end_lineno]
            if len(out) + len(chunk) + 1 > LINES:
                break
            out.extend(chunk)
            out.append("\n")
    text = "".join(out)
    ast.parse(text)
    return text


def units_of(text):
    """Functions and methods, dedented, as the server cuts them (module-level code is left out here)."""
    lines = text.splitlines(keepends=True)
    out = []

    def visit(body):
        for n in body:
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                s = min([d.lineno for d in n.decorator_list] + [n.lineno])
                code = textwrap.dedent("".join(lines[s - 1:n.end_lineno]))
                out.append(code if code.endswith("\n") else code + "\n")
            elif isinstance(n, ast.ClassDef):
                visit(n.body)

    visit(ast.parse(text).body)
    return out


def edit_lines(text, count):
    """One line inside each of `count` different functions (the last line of each), 0-based."""
    picks = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno >= 2:
            picks.append(node.end_lineno - 1)
    picks = sorted(set(picks))
    step = max(1, len(picks) // count)
    return picks[::step][:count]


class Server:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.decode().strip()
                if not line:
                    break
                k, v = line.split(":", 1)
                headers[k.lower()] = v.strip()
            body = json.loads(out.read(int(headers["content-length"])))
            self.messages.put((time.perf_counter(), body))

    def send(self, msg):
        data = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, match, timeout=120):
        deadline = time.perf_counter() + timeout
        while True:
            t, m = self.messages.get(timeout=max(0.01, deadline - time.perf_counter()))
            if "method" in m and "id" in m:  # a request from the server: answer it
                result = [{}] * len(m["params"].get("items", [])) if m["method"] == "workspace/configuration" else None
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": result})
            if match(m):
                return t, m

    def rss(self):
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        vals = dict(l.split(":", 1) for l in status.splitlines() if ":" in l)
        return int(vals["VmRSS"].split()[0]) // 1024, int(vals["VmHWM"].split()[0]) // 1024


def validator_count(m, uri, version):
    if m.get("method") != "textDocument/publishDiagnostics":
        return -1
    p = m["params"]
    if p["uri"] != uri or p.get("version") != version:
        return -1
    return sum(1 for d in p["diagnostics"] if str(d.get("code", "")).startswith("validator."))


def lsp_run(jar, model, text, edits, java_opts=()):
    uri = "file:///bench/validator_bench.py"
    t_start = time.perf_counter()
    # a JVM crash log goes to the temp folder, never into the working directory (as the editors' launchers do)
    crash_log = f"-XX:ErrorFile={os.path.join(tempfile.gettempdir(), 'pyassist-hs_err_pid%p.log')}"
    srv = Server(["java", *java_opts, crash_log, "-jar", str(jar), "serve", "--model", str(model)])
    srv.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {},
                               "initializationOptions": {"validator": {"sensitivity": 1}}})
    srv.wait(lambda m: m.get("id") == 1)
    srv.notify("initialized", {})
    t_ready, st = srv.wait(lambda m: m.get("method") == "pyassist/status"
                           and m["params"]["validator"]["state"] in ("ready", "off"))
    if st["params"]["validator"]["state"] != "ready":
        sys.exit("validator off: " + str(st["params"]["validator"].get("reason")))
    t0 = time.perf_counter()
    srv.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                         "text": text}})
    t_first, _ = srv.wait(lambda m: validator_count(m, uri, 1) >= 0)
    t_some, some = srv.wait(lambda m: validator_count(m, uri, 1) > 0)
    t_full, n = t_some, validator_count(some, uri, 1)
    while True:  # findings stream in as batches are scored; the last publish for version 1 completes them
        try:
            t, m = srv.wait(lambda m: validator_count(m, uri, 1) >= 0, timeout=3)
            t_full, n = t, validator_count(m, uri, 1)
        except queue.Empty:
            break
    lines = text.split("\n")
    latencies = []
    for k, line in enumerate(edit_lines(text, edits)):
        version = k + 2
        col = len(lines[line])
        lines[line] += f"  # edit {k}"
        te = time.perf_counter()
        srv.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": col},
                                          "end": {"line": line, "character": col}}, "text": f"  # edit {k}"}]})
        t_done, _ = srv.wait(lambda m: validator_count(m, uri, version) >= n)
        latencies.append((t_done - te) * 1000)
    rss, hwm = srv.rss()
    srv.request("shutdown", None)
    srv.notify("exit", None)
    srv.proc.wait(timeout=10)
    return {"load_ms": (t_ready - t_start) * 1000, "exact_publish_ms": (t_first - t0) * 1000,
            "didopen_validator_ms": (t_some - t0) * 1000, "didopen_all_scored_ms": (t_full - t0) * 1000,
            "findings": n,
            "edit_median_ms": statistics.median(latencies), "edit_max_ms": max(latencies),
            "rss_mb": rss, "hwm_mb": hwm}


TORCH_BENCH = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import torch
from tokenizers import Tokenizer
from pyvalidator.modeling import ExportWrapper, load_model
model_dir, units_path, repeats, threads = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
model = ExportWrapper(load_model(__import__("pathlib").Path(model_dir), attn="eager")[0]).eval()
tok = Tokenizer.from_file(model_dir + "/tokenizer.json")
seqs = sorted((tok.encode(u).ids for u in json.load(open(units_path))), key=len)
batches, cur, width = [], [], 0
for s in seqs:
    if cur and (len(cur) + 1) * max(width, len(s)) > 2048:
        batches.append(cur); cur, width = [], 0
    cur.append(s); width = max(width, len(s))
if cur: batches.append(cur)
def tensors(b):
    w = max(len(s) for s in b)
    ids = torch.full((len(b), w), 1, dtype=torch.long); mask = torch.zeros((len(b), w), dtype=torch.long)
    for i, s in enumerate(b):
        ids[i, :len(s)] = torch.tensor(s); mask[i, :len(s)] = 1
    return ids, mask
ready = [tensors(b) for b in batches]
with torch.inference_mode():
    for ids, mask in ready: model(ids, mask)
    times, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.thread_time()
        for ids, mask in ready: model(ids, mask)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
times.sort(); cpu.sort()
print(json.dumps({"units": len(seqs), "tokens": sum(map(len, seqs)), "batches": len(batches), "threads": threads,
                  "median_ms": round(times[len(times) // 2], 1), "min_ms": round(times[0], 1),
                  "cpu_ms": round(cpu[len(cpu) // 2], 1) if threads == 1 else None,
                  "torch": torch.__version__}))
"""


def batch_run(jar, model, torch_model, python, text, repeats, models_src):
    meta = json.loads((Path(model) / "validator.json").read_text())
    max_len = meta["max_seq_len"]
    units = units_of(text)
    with tempfile.TemporaryDirectory() as tmp:
        all_path = Path(tmp) / "all.json"
        all_path.write_text(json.dumps(units))
        keep = subprocess.run([python, "-c",
                               "import json,sys\nfrom tokenizers import Tokenizer\nt=Tokenizer.from_file(sys.argv[1])\n"
                               "u=json.load(open(sys.argv[2]))\nprint(json.dumps([x for x in u if len(t.encode(x).ids) <= int(sys.argv[3])]))",
                               str(Path(model) / "tokenizer.json"), str(all_path), str(max_len)],
                              capture_output=True, text=True, check=True).stdout
        units_path = Path(tmp) / "units.json"
        units_path.write_text(keep)
        threads = max(1, min(4, (os.cpu_count() or 1) // 2))  # what the server uses
        java = subprocess.run(["java", "-cp", str(jar), str(ROOT / "bench" / "ValidatorBatchBench.java"),
                               str(model), str(units_path), str(repeats), str(threads)],
                              capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        torch_out = subprocess.run([python, "-c", TORCH_BENCH, str(models_src), str(torch_model),
                                    str(units_path), str(repeats), str(threads)],
                                   capture_output=True, text=True, check=True,
                                   cwd=str(models_src)).stdout.strip().splitlines()[-1]
    return json.loads(java), json.loads(torch_out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "validator")
    ap.add_argument("--torch-model", type=Path, default=None,
                    help="the PyTorch model folder the artifact was exported from (RUN/model); skips the ratio if absent")
    ap.add_argument("--models-src", type=Path, default=ROOT / "models", help="folder holding pyvalidator/")
    ap.add_argument("--python", default=str(ROOT / "models" / ".venv" / "bin" / "python"))
    ap.add_argument("--jar", type=Path, default=ROOT / "server" / "target" / "pyassist.jar")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--java-opts", default="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms32m -Xmn20m -Xmx512m",
                    help="JVM options for the server (default: what the editor clients launch it with; '' for the "
                         "JVM's defaults)")
    args = ap.parse_args()
    text = build_file()
    print(f"file: {text.count(chr(10))} lines, {len(units_of(text))} functions/methods; model {args.model}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    r = lsp_run(args.jar, args.model, text, args.edits, args.java_opts.split())
    print(f"load (process start -> validator ready): {r['load_ms']:.0f} ms")
    print(f"didOpen -> exact publish: {r['exact_publish_ms']:.0f} ms; -> first validator findings: "
          f"{r['didopen_validator_ms']:.0f} ms  [target <= 2000 ms]; -> every unit scored: "
          f"{r['didopen_all_scored_ms']:.0f} ms ({r['findings']} findings at sensitivity 1)")
    print(f"one-line edit -> updated findings: median {r['edit_median_ms']:.0f} ms, max {r['edit_max_ms']:.0f} ms "
          f"over {args.edits} edits  [target median <= 150 ms]")
    print(f"server RSS with the model loaded: {r['rss_mb']} MB (peak {r['hwm_mb']} MB)  [target <= 300 MB]"
          f"{'; JVM options ' + args.java_opts if args.java_opts else ''}")
    if args.torch_model:
        java, torch = batch_run(args.jar, args.model, args.torch_model, args.python, text, args.repeats, args.models_src)
        print(f"batch of {java['units']} units / {java['tokens']} tokens in {java['batches']} runs, "
              f"{java['threads']} threads: ONNX Runtime (Java) {java['median_ms']:.0f} ms, "
              f"PyTorch {torch['torch']} (Python) {torch['median_ms']:.0f} ms; "
              f"ratio PyTorch/ORT = {torch['median_ms'] / java['median_ms']:.2f}  [Java must not be slower: >= 1]")
        if java.get("cpu_ms") and torch.get("cpu_ms"):
            print(f"  CPU time of the scoring thread (robust to a busy machine): ORT {java['cpu_ms']:.0f} ms, "
                  f"PyTorch {torch['cpu_ms']:.0f} ms; ratio {torch['cpu_ms'] / java['cpu_ms']:.2f}")
    print(json.dumps({"lsp": r}))


if __name__ == "__main__":
    main()
