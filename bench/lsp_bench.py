#!/usr/bin/env python3
"""Side-by-side LSP latency benchmark: ruff, ty, pyrefly, pyassist, pyright-langserver and pylsp, in one run.

Each server gets the same 5,000-line file built from standard-library modules with one syntax error near
its end (a deleted ':'), over stdio, and this script prints for each:
  initialize   process start to the `initialize` response (JVM/Node/Python start-up included)
  didOpen      `didOpen` to the first publishDiagnostics that reports the syntax error
  didChange    a one-character edit to the next publishDiagnostics (median over all edits)
  peak RSS     the server process tree's high-water resident memory (VmHWM), at the end of a run (after a
               pause of SETTLE_S, in which pyassist loads its validator model and builds its workspace index)
  CPU columns  the server process tree's CPU time (user + system) from its start to the `initialize` response,
               and per didChange (the edit loop's CPU over its edits): figures a busy machine changes far less
               than wall times, since a process waiting for a core is not charged for the wait
Medians over --runs fresh processes (--edits edits each).

Usage: python3 bench/lsp_bench.py [--runs 5] [--edits 20] [--servers ruff,ty,pyrefly,pyassist,pyright,pylsp]
Servers: ruff (`ruff server`), ty (`ty server`), pyrefly (`pyrefly lsp`), pyassist (launched as the editor
clients launch it: JVM_OPTIONS below and the start-up archive, which this script makes first with `serve
--create-archive`), pyassist-noarchive (the first start, before the server has made its archive),
pyassist-novalidator (validator.enabled false), pyassist-tiered (full tiered compilation), pyassist-before (the jar
named by $PYASSIST_BEFORE_JAR, no archive), pyassist-default-jvm (plain `java -jar`), pyassist-nowarmup, pyright, pylsp.
Peers: ruff, ty, pyrefly and pyflakes from PyPI at pinned versions in bench/.venv (bench/requirements-peers.txt),
`npm ci` in bench/ (pyright), Debian's python3-pylsp (pylsp). bench/run.sh installs them all.
Every pyassist figure is also printed as a ratio to ruff's in the same run.
"""
import argparse
import ast
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINES = 5000
MODULES = ["textwrap", "shlex", "fnmatch", "glob", "string", "tokenize", "calendar", "difflib", "ftplib",
           "pprint", "argparse", "configparser", "csv", "dataclasses", "enum", "fractions", "gettext", "heapq"]


def build_file():
    """~5,000 lines of real stdlib code, one deleted ':' near the end; returns (text, error line 0-based)."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    out = ["# pyassist benchmark file, built from the standard library\n"]
    for name in MODULES:
        src = (stdlib / f"{name}.py").read_text(encoding="utf-8")
        tree = ast.parse(src)
        lines = src.splitlines(keepends=True)
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            start = min([d.lineno for d in getattr(node, "decorator_list", [])] + [node.lineno])
            chunk = lines[start - 1:node.end_lineno]
            if len(out) + len(chunk) + 1 > LINES:
                break
            out.extend(chunk)
            out.append("\n")
        if len(out) >= LINES - 50:
            break
    while len(out) < LINES:
        out.append("# padding\n")
    text = "".join(out)
    compile(text, "bench.py", "exec")  # the unbroken file must be valid
    # Delete the ':' of the last `def`/`if`/`for` header in the final 10% of the file.
    lines = text.splitlines(keepends=True)
    for i in range(len(lines) - 1, int(len(lines) * 0.9), -1):
        stripped = lines[i].rstrip("\n")
        if stripped.lstrip().startswith(("def ", "if ", "for ")) and stripped.endswith(":"):
            lines[i] = stripped[:-1] + "\n"
            broken = "".join(lines)
            try:
                compile(broken, "bench.py", "exec")
            except SyntaxError as e:
                if e.msg == "expected ':'" and e.lineno == i + 1:
                    return broken, i
    raise SystemExit("could not place the syntax error")


class Server:
    """One language server process and its JSON-RPC stream, with arrival times of every message."""

    def __init__(self, cmd, cwd):
        env = None
        if cmd and cmd[0] == NO_VALIDATOR:  # a user settings file that switches the validator off
            cmd = cmd[1:]
            config = Path(cwd) / ".config"
            (config / "pyassist").mkdir(parents=True, exist_ok=True)
            (config / "pyassist" / "settings.json").write_text('{"validator": {"enabled": false}}')
            env = dict(os.environ, XDG_CONFIG_HOME=str(config))
        self.start = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env)
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.inbox.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, match, timeout=120, after=0.0):
        """The first message matching `match` that arrived after `after` (perf_counter time)."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no matching message")
            t, msg = self.inbox.get(timeout=left)
            if "method" in msg and "id" in msg:  # a request from the server: answer like a plain editor
                method = msg["method"]
                result = [None] * len(msg["params"].get("items", [])) if method == "workspace/configuration" else None
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
                continue
            if t >= after and match(msg):
                return t, msg

    def cpu_ms(self):
        """CPU time (user + system) of the process tree so far, in ms."""
        ticks = 0
        for pid in [self.proc.pid] + descendants(self.proc.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError, ValueError):
                pass
        return ticks * 1000 / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self):
        total = 0
        for pid in [self.proc.pid] + descendants(self.proc.pid):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def stop(self, exit_timeout=10):
        try:
            self.wait_response(self.request("shutdown", None), timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=exit_timeout)
        except Exception:
            self.proc.kill()

    def wait_response(self, rid, timeout=120):
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)



def valid_file():
    """build_file's text with its ':' put back: for measuring the layers past syntax, which need a parse."""
    broken, line = build_file()
    lines = broken.splitlines(keepends=True)
    lines[line] = lines[line].rstrip("\n") + ":\n"
    text = "".join(lines)
    compile(text, "bench.py", "exec")
    return text

def descendants(pid):
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            pass
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


# What the editor clients launch (vscode-client/src/launch.ts, the IntelliJ launch, the README's Neovim setup).
JVM_OPTIONS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms32m", "-Xmn20m", "-Xmx512m"]
# The same with full tiered compilation (C2 reaches the hot paths; more start-up work and code cache).
TIERED_OPTIONS = ["-XX:+UseSerialGC", "-Xms32m", "-Xmn20m", "-Xmx512m"]
# The start-up archive (AppCDS) the editors name: made once by `make_archive` with `serve --create-archive`, as a
# server does by itself in the background when its archive is missing (this is the benchmark's own copy).
ARCHIVE = ROOT / "bench" / "out" / "pyassist-bench.jsa"
CDS_OPTIONS = [f"-XX:SharedArchiveFile={ARCHIVE}", "-Xlog:disable", "-Xlog:all=warning:stderr"]
# A JVM crash log goes to the temp folder, never into the working directory (what the editors' launchers do too).
CRASH_LOG = f"-XX:ErrorFile={os.path.join(tempfile.gettempdir(), 'pyassist-hs_err_pid%p.log')}"


SETTLE_S = 4.0
NO_VALIDATOR = "<no-validator>"  # a command's first word: run it with the validator switched off


def commands():
    node_bin = ROOT / "bench" / "node_modules" / ".bin"
    venv_bin = ROOT / "bench" / ".venv" / "bin"
    jar = str(ROOT / "server" / "target" / "pyassist.jar")
    return {
        "ruff": [str(venv_bin / "ruff"), "server"],
        "ty": [str(venv_bin / "ty"), "server"],
        "pyrefly": [str(venv_bin / "pyrefly"), "lsp"],
        # as the editors launch it, with the start-up archive made (every start after the first)
        "pyassist": ["java", *JVM_OPTIONS, CRASH_LOG, *CDS_OPTIONS, "-jar", jar, "serve", "--stdio"],
        # the first start (no archive yet), or an editor configured without the archive option
        "pyassist-noarchive": ["java", *JVM_OPTIONS, CRASH_LOG, "-jar", jar, "serve", "--stdio"],
        "pyassist-default-jvm": ["java", CRASH_LOG, "-jar", jar, "serve", "--stdio"],
        "pyassist-novalidator": [NO_VALIDATOR, "java", *JVM_OPTIONS, CRASH_LOG, *CDS_OPTIONS, "-jar", jar, "serve",
                                 "--stdio"],
        "pyassist-tiered": ["java", *TIERED_OPTIONS, CRASH_LOG, *CDS_OPTIONS, "-jar", jar, "serve", "--stdio"],
        # another build of pyassist (PYASSIST_BEFORE_JAR), the editors' options: before/after in one run
        "pyassist-before": ["java", *JVM_OPTIONS, CRASH_LOG, "-jar", os.environ.get("PYASSIST_BEFORE_JAR", jar),
                            "serve", "--stdio"],
        "pyassist-nowarmup": ["java", *JVM_OPTIONS, CRASH_LOG, "-jar", jar, "serve", "--no-warmup"],
        "pyright": [str(node_bin / "pyright-langserver"), "--stdio"],
        "pylsp": [shutil.which("pylsp") or "pylsp"],
    }


def make_archive():
    """Writes ARCHIVE with `pyassist serve --create-archive` (a scripted session in a child JVM that dumps at exit)."""
    ARCHIVE.parent.mkdir(parents=True, exist_ok=True)
    ARCHIVE.unlink(missing_ok=True)
    jar = str(ROOT / "server" / "target" / "pyassist.jar")
    subprocess.run(["java", *JVM_OPTIONS, CRASH_LOG, "-jar", jar, "serve", "--create-archive", str(ARCHIVE)],
                   check=True, stdout=subprocess.DEVNULL)
    if not ARCHIVE.exists():
        raise SystemExit(f"no archive at {ARCHIVE}")


def header_edit(version, col):
    """One character typed at (even versions) or deleted from (odd) column `col` of the header comment on line 0."""
    if version % 2 == 0:
        return {"range": {"start": {"line": 0, "character": col}, "end": {"line": 0, "character": col}}, "text": "x"}
    return {"range": {"start": {"line": 0, "character": col}, "end": {"line": 0, "character": col + 1}}, "text": ""}


def one_run(cmd, workdir, text, error_line, edits, exit_timeout=10, linger=0.0):
    uri = (workdir / "bench.py").as_uri()
    server = Server(cmd, workdir)
    try:
        rid = server.request("initialize", {
            "processId": os.getpid(), "rootUri": workdir.as_uri(),
            "workspaceFolders": [{"uri": workdir.as_uri(), "name": "bench"}],
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}},
                             "workspace": {"configuration": True}}})
        t_init, _ = server.wait_response(rid)
        init_ms = (t_init - server.start) * 1000
        init_cpu = server.cpu_ms()
        server.notify("initialized", {})

        def reports_error(m):
            return (m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                    and any(d["range"]["start"]["line"] == error_line for d in m["params"]["diagnostics"]))

        t0 = time.perf_counter()
        server.notify("textDocument/didOpen",
                      {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
        t_open, _ = server.wait(reports_error)
        open_ms = (t_open - t0) * 1000
        change_ms = []
        loop_cpu = server.cpu_ms()
        for v in range(2, edits + 2):
            edit = header_edit(v, len("# pyassist benchmark file"))
            t0 = time.perf_counter()
            server.notify("textDocument/didChange",
                          {"textDocument": {"uri": uri, "version": v}, "contentChanges": [edit]})
            # The publish for this version (servers that send no version: the first one after the edit).
            t_change, _ = server.wait(lambda m: reports_error(m) and m["params"].get("version", v) == v, after=t0)
            change_ms.append((t_change - t0) * 1000)
            time.sleep(0.05)
        # the edit loop's CPU, background work included (a model load, an index): what typing costs the machine
        change_cpu = (server.cpu_ms() - loop_cpu) / max(1, edits)
        # a pause, as a user's: pyassist starts its validator model and workspace index in the first one, and the
        # peak RSS below is to include them
        time.sleep(SETTLE_S)
        rss = server.peak_rss_mb()
        time.sleep(linger)
        return init_ms, open_ms, change_ms, rss, init_cpu, change_cpu
    finally:
        server.stop(exit_timeout)


def load_average():
    """The 1, 5 and 15 minute load averages, as `uptime` prints them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--servers", default="ruff,ty,pyrefly,pyassist,pyright,pylsp")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "lsp_bench.json")
    args = ap.parse_args()

    text, error_line = build_file()
    print(f"file: {text.count(chr(10))} lines, syntax error (deleted ':') on line {error_line + 1}")
    results = {}
    names = []
    for name in args.servers.split(","):
        cmd = commands()[name]
        exe = cmd[1] if cmd[0] == NO_VALIDATOR else cmd[0]
        if not shutil.which(exe) and not Path(exe).exists():
            print(f"{name}: not installed ({cmd[0]}); run bench/run.sh", file=sys.stderr)
            continue
        names.append(name)
    if any(CDS_OPTIONS[0] in commands()[n] for n in names):
        make_archive()
    samples = {name: ([], [], [], [], [], []) for name in names}
    # Round-robin, one run of each server per round, so a change in the machine's load hits them all alike.
    for _ in range(args.runs):
        for name in names:
            with tempfile.TemporaryDirectory() as tmp:
                i, o, c, r, ic, cc = one_run(commands()[name], Path(tmp), text, error_line, args.edits)
            inits, opens, changes, rss, init_cpus, change_cpus = samples[name]
            inits.append(i), opens.append(o), changes.extend(c), rss.append(r)
            init_cpus.append(ic), change_cpus.append(cc)
    for name in names:
        inits, opens, changes, rss, init_cpus, change_cpus = samples[name]
        results[name] = {"initialize_ms": statistics.median(inits), "didOpen_ms": statistics.median(opens),
                         "didChange_ms": statistics.median(changes), "peak_rss_mb": max(rss),
                         "initialize_cpu_ms": statistics.median(init_cpus),
                         "didChange_cpu_ms": statistics.median(change_cpus),
                         "runs": args.runs, "edits_per_run": args.edits}
        r = results[name]
        print(f"{name:9} initialize {r['initialize_ms']:7.0f} ms   didOpen {r['didOpen_ms']:7.1f} ms   "
              f"didChange {r['didChange_ms']:7.1f} ms   peak RSS {r['peak_rss_mb']:6.0f} MB   "
              f"CPU to initialize {r['initialize_cpu_ms']:6.0f} ms   CPU per didChange {r['didChange_cpu_ms']:6.1f} ms",
              flush=True)

    print()
    print(f"load average while measuring: {load_average()}")
    print("| server | initialize (ms) | didOpen → diagnostics (ms) | didChange → diagnostics (ms) | peak RSS (MB)"
          " | CPU to initialize (ms) | CPU per didChange (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    ruff = results.get("ruff")
    keys = ["initialize_ms", "didOpen_ms", "didChange_ms", "peak_rss_mb", "initialize_cpu_ms", "didChange_cpu_ms"]
    for name, r in results.items():
        cells = []
        for key in keys:
            figure = f"{r[key]:.0f}" if key in ("initialize_ms", "peak_rss_mb", "initialize_cpu_ms") else f"{r[key]:.1f}"
            if ruff and name.startswith("pyassist") and ruff[key] > 0:
                figure += f" ({r[key] / ruff[key]:.1f}x ruff)"
            cells.append(figure)
        print(f"| {name} | " + " | ".join(cells) + " |")
    if "pyassist" in results:
        ours = results["pyassist"]
        for name, r in results.items():
            if name != "pyassist":
                print(f"{name}: didOpen {r['didOpen_ms'] / ours['didOpen_ms']:.2f}x pyassist's time, "
                      f"didChange {r['didChange_ms'] / ours['didChange_ms']:.2f}x")
    results["load_average"] = load_average()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
