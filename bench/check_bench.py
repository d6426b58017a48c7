#!/usr/bin/env python3
"""Batch benchmark: `pyassist check --no-validator` against `ruff check` and pyflakes, in one run.

All three read the same copy of a CPython standard library (every `.py` under lib/pythonX.Y, the test suite
included, site-packages left out), copied to a temporary folder first so that no tool's default excludes
or ignore files change which files it reads. Each command runs --runs times, interleaved (ruff, pyassist,
pyflakes, ruff, ...), so a change in the machine's load hits them alike; this prints the median wall time
and CPU time (user + system, children included) of each and the ratio of pyassist's to ruff's.

  ruff      ruff check --no-cache --select E9,F --exit-zero DIR   (syntax errors and pyflakes' checks)
  pyassist  java JVM_OPTIONS -jar server/target/pyassist.jar check --no-validator --no-cache DIR
  pyflakes  python -m pyflakes DIR   (in bench/.venv; one process, one core)

  pyassist-before   the jar $PYASSIST_BEFORE_JAR names, for before/after in one run
  pyassist-fulljit  the same with -Dpyassist.check.fullJit=true (C2 kept on; see cli/CheckJit)

Usage: python3 bench/check_bench.py [--runs 5] [--stdlib PATH] [--tools ruff,pyassist,pyflakes]
       [--pyassist-jvm "-XX:+UseSerialGC ..."]
Peers: bench/run.sh installs ruff and pyflakes (bench/requirements-peers.txt) into bench/.venv.
"""
import argparse
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / "bench" / ".venv" / "bin"
CRASH_LOG = f"-XX:ErrorFile={os.path.join(tempfile.gettempdir(), 'pyassist-hs_err_pid%p.log')}"
# pyassist check as the README runs it: a plain `java -jar`, the JVM's defaults.
DEFAULT_JVM = ""


def default_stdlib():
    """The newest pyenv CPython 3.11 library (1,790 files with its test suite), else this Python's."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for candidate in sorted(pyenv.glob("3.11.*"), reverse=True):
        lib = candidate / "lib" / "python3.11"
        if lib.is_dir():
            return lib
    import sysconfig
    return Path(sysconfig.get_paths()["stdlib"])


def copy_sources(stdlib, dest):
    """Every .py under `stdlib` except site-packages, into `dest`; returns the file count."""
    count = 0
    for src in stdlib.rglob("*.py"):
        rel = src.relative_to(stdlib)
        if "site-packages" in rel.parts or not src.is_file():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        count += 1
    return count


def commands(tree, jvm):
    jar = ROOT / "server" / "target" / "pyassist.jar"
    return {
        "ruff": [str(VENV_BIN / "ruff"), "check", "--no-cache", "--select", "E9,F", "--exit-zero", "--quiet",
                 str(tree)],
        "pyassist": ["java", *shlex.split(jvm), CRASH_LOG, "-jar", str(jar), "check", "--no-validator",
                     "--no-cache", "--progress", "never", str(tree)],
        # the lever check takes off by default (cli/CheckJit): C2 on, as a plain JVM has it
        "pyassist-fulljit": ["java", *shlex.split(jvm), "-Dpyassist.check.fullJit=true", CRASH_LOG, "-jar", str(jar),
                             "check", "--no-validator", "--no-cache", "--progress", "never", str(tree)],
        # another build of pyassist (PYASSIST_BEFORE_JAR): before/after in one run
        "pyassist-before": ["java", *shlex.split(jvm), CRASH_LOG, "-jar", os.environ.get("PYASSIST_BEFORE_JAR", str(jar)),
                            "check", "--no-validator", "--no-cache", "--progress", "never", str(tree)],
        "pyflakes": [str(VENV_BIN / "python"), "-m", "pyflakes", str(tree)],
    }


def timed(cmd, cwd):
    """(wall seconds, CPU seconds of the child) for one run; output is thrown away."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: findings (pyassist, pyflakes)
        sys.exit(f"{cmd[0]} failed ({done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--stdlib", type=Path, default=None)
    ap.add_argument("--tools", default="ruff,pyassist,pyflakes")
    ap.add_argument("--pyassist-jvm", default=DEFAULT_JVM, help="JVM options for pyassist (default: none)")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "check_bench.json")
    args = ap.parse_args()
    stdlib = args.stdlib or default_stdlib()
    tools = args.tools.split(",")
    with tempfile.TemporaryDirectory(prefix="pyassist-check-bench-") as tmp:
        tree = Path(tmp) / "stdlib"
        count = copy_sources(stdlib, tree)
        print(f"{count} files from {stdlib}; {os.cpu_count()} cores; load average {load_average()}")
        cmds = commands(tree, args.pyassist_jvm)
        for name in tools:
            if not Path(cmds[name][0]).exists() and not shutil.which(cmds[name][0]):
                sys.exit(f"{name}: not installed ({cmds[name][0]}); run bench/run.sh")
        walls = {name: [] for name in tools}
        cpus = {name: [] for name in tools}
        for _ in range(args.runs):
            for name in tools:
                wall, cpu = timed(cmds[name], tmp)
                walls[name].append(wall)
                cpus[name].append(cpu)
        load = load_average()
    results = {name: {"wall_s": statistics.median(walls[name]), "cpu_s": statistics.median(cpus[name]),
                      "walls": walls[name]} for name in tools}
    print(f"load average after: {load}")
    print()
    print("| command | wall time (s) | CPU time (s) |")
    print("| --- | ---: | ---: |")
    ruff = results.get("ruff")
    for name in tools:
        r = results[name]
        wall, cpu = f"{r['wall_s']:.2f}", f"{r['cpu_s']:.2f}"
        if ruff and name.startswith("pyassist"):
            wall += f" ({r['wall_s'] / ruff['wall_s']:.1f}x ruff)"
            cpu += f" ({r['cpu_s'] / ruff['cpu_s']:.1f}x ruff)"
        print(f"| {name} | {wall} | {cpu} |")
    results["files"] = count
    results["load_average"] = load
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
