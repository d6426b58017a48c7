"""Runs untrusted generated programs for pass@k: one fresh `python -I` per program.

What each run gets:
  - its own temporary folder as cwd (removed afterwards), a minimal environment, `python -I -B`
    (no user site, no PYTHON* variables, no .pyc writes);
  - its own session / process group; on the wall-clock timeout the whole group is killed (SIGKILL);
  - `resource` limits set in the child before exec: address space (RLIMIT_AS), CPU seconds
    (RLIMIT_CPU), size of any file written (RLIMIT_FSIZE; stdout and stderr go to files, so this
    also caps output), no core dumps (RLIMIT_CORE 0);
  - no network: when `unshare -rn` works (unprivileged user + network namespaces) the child runs
    in an empty network namespace (only a down loopback), which also stops subprocesses and
    C extensions; in any case a guard runs before the candidate code that makes `socket.socket`,
    `socket.create_connection`, `socket.getaddrinfo` and `socket.socketpair` raise.
What is NOT guaranteed: the Python guard alone can be bypassed by determined code (ctypes,
`os.system("curl ...")` when the namespace is not available); there is no file-system isolation
beyond the cwd (the program can read files the user can read, and write them, within
RLIMIT_FSIZE); the process count is not limited (RLIMIT_NPROC is per user and would hit the
evaluator itself), though the group kill on timeout also kills children that stay in the group.
The sandbox protects against accidents of generated code, not against an adversary: run
untrusted models' code in a container or VM as well.
"""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache

PASSED, FAILED, TIMEOUT, ERROR = "passed", "failed", "timeout", "error"

# Runs in the child before the candidate: installs the network guard, runs the program, reports how it ended.
# Exit codes: 0 passed (sentinel printed after the checks), 1 assertion failed, 2 any other exception.
_RUNNER = r'''
import socket, sys, traceback

class NetworkBlocked(PermissionError):
    pass

def _blocked(*a, **k):
    raise NetworkBlocked("network access is blocked in the pyassist sandbox")

class _NoSocket(socket.socket):
    def __init__(self, *a, **k):
        _blocked()

socket.socket = _NoSocket
socket.SocketType = _NoSocket
for _name in ("create_connection", "create_server", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
              "socketpair", "fromfd"):
    setattr(socket, _name, _blocked)
import _socket
_socket.socket = _NoSocket
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "socketpair"):
    if hasattr(_socket, _name):
        setattr(_socket, _name, _blocked)
del _name

def _outcome(line):
    with open(OUTCOME, "w", encoding="utf-8") as f:
        f.write(line[:2000])

_src = open("program.py", encoding="utf-8").read()
_g = {"__name__": "__main__", "__builtins__": __builtins__}
try:
    exec(compile(_src, "program.py", "exec"), _g)
except AssertionError as e:
    _outcome("AssertionError: " + str(e))
    sys.stderr.write("AssertionError: " + str(e) + "\n")
    sys.stderr.write("".join(traceback.format_exc().splitlines(True)[-6:]))
    sys.exit(1)
except BaseException as e:
    if isinstance(e, SystemExit) and e.code in (0, None):
        _outcome("SystemExit: the program exited before its checks finished")
        sys.exit(2)
    _outcome(type(e).__name__ + ": " + str(e))
    sys.stderr.write(type(e).__name__ + ": " + str(e) + "\n")
    sys.stderr.write("".join(traceback.format_exc().splitlines(True)[-6:]))
    sys.exit(2)
sys.stdout.flush()
sys.stdout.write("\n" + SENTINEL + "\n")
sys.exit(0)
'''


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 10.0        # wall clock
    cpu_s: int = 10                # CPU seconds (RLIMIT_CPU)
    memory_mb: int = 1024          # address space (RLIMIT_AS)
    file_mb: int = 16              # any written file, stdout and stderr included (RLIMIT_FSIZE)
    output_chars: int = 4000       # kept of stdout / stderr in the result


@dataclass(frozen=True)
class RunResult:
    status: str                    # passed | failed | timeout | error
    reason: str
    stdout: str
    stderr: str
    seconds: float
    network_namespace: bool


@lru_cache(maxsize=1)
def unshare_available() -> bool:
    """True when `unshare -rn` can start a process in a new (empty) network namespace here."""
    exe = shutil.which("unshare")
    if not exe:
        return False
    try:
        return subprocess.run([exe, "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _limits_fn(lim: Limits):
    # runs in the child between fork and exec: no imports or locks here (the evaluator runs programs
    # from several threads); the new session comes from start_new_session
    def apply():
        mem = lim.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        resource.setrlimit(resource.RLIMIT_CPU, (lim.cpu_s, lim.cpu_s + 1))
        fs = lim.file_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (fs, fs))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def _tail(path, n) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read(n * 4)
    except OSError:
        return ""
    text = data.decode("utf-8", errors="replace")
    return text if len(text) <= n else text[:n] + f"\n[... capped at {n} characters]"


def _ends_with(path, sentinel: str) -> bool:
    try:
        with open(path, "rb") as f:
            f.seek(max(0, os.path.getsize(path) - len(sentinel) - 8))
            return (sentinel + "\n").encode() in f.read()
    except OSError:
        return False


def run_program(program: str, limits: Limits = Limits(), use_namespace: bool | None = None) -> RunResult:
    """Runs `program` (Python source, usually prompt + completion + tests + `check(entry)`)."""
    ns = unshare_available() if use_namespace is None else (use_namespace and unshare_available())
    sentinel = "PYASSIST-SANDBOX-DONE-" + os.urandom(8).hex()
    work = tempfile.mkdtemp(prefix="pyassist-sandbox-")
    outcome_p = os.path.join(work, "outcome-" + os.urandom(4).hex() + ".txt")
    t0 = time.monotonic()
    try:
        with open(os.path.join(work, "program.py"), "w", encoding="utf-8") as f:
            f.write(program)
        with open(os.path.join(work, "runner.py"), "w", encoding="utf-8") as f:
            f.write(f"SENTINEL = {sentinel!r}\nOUTCOME = {outcome_p!r}\n" + _RUNNER)
        cmd = [sys.executable, "-I", "-B", "runner.py"]
        if ns:
            cmd = [shutil.which("unshare"), "-rn"] + cmd
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": work, "TMPDIR": work}
        out_p, err_p = os.path.join(work, "stdout.txt"), os.path.join(work, "stderr.txt")
        with open(out_p, "wb") as out_f, open(err_p, "wb") as err_f:
            proc = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=out_f, stderr=err_f,
                                    preexec_fn=_limits_fn(limits), start_new_session=True, close_fds=True)
            timed_out = False
            try:
                rc = proc.wait(timeout=limits.timeout_s)
            except subprocess.TimeoutExpired:
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                rc = proc.wait()
        secs = time.monotonic() - t0
        stdout, stderr = _tail(out_p, limits.output_chars), _tail(err_p, limits.output_chars)
        finished = _ends_with(out_p, sentinel)
        outcome = _tail(outcome_p, 500).strip()
        try:  # kill anything the program left running in its group
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    finally:
        shutil.rmtree(work, ignore_errors=True)
    last = next((ln for ln in reversed(stderr.strip().splitlines()) if ln.strip()), "")
    if timed_out:
        status, reason = TIMEOUT, f"killed after the {limits.timeout_s:g} s wall-clock limit"
    elif rc == 0 and finished:
        status, reason = PASSED, "all checks passed"
        stdout = stdout.replace("\n" + sentinel + "\n", "")
    elif rc == 0:
        status, reason = ERROR, "exited 0 before its checks finished"
    elif rc == 1 and outcome.startswith("AssertionError"):
        status, reason = FAILED, outcome
    elif rc == 2 and outcome:
        status, reason = ERROR, outcome
    elif rc == -signal.SIGXCPU or rc == -signal.SIGKILL and secs < limits.timeout_s:
        status, reason = TIMEOUT, f"CPU time limit ({limits.cpu_s} s) reached"
    elif rc == -signal.SIGXFSZ:
        status, reason = ERROR, f"file size / output limit ({limits.file_mb} MB) reached"
    elif rc < 0:
        status, reason = ERROR, f"killed by signal {signal.Signals(-rc).name}"
    else:
        status, reason = ERROR, f"exit status {rc}: {last or 'no message'}"
    return RunResult(status, reason, stdout, stderr, round(secs, 3), ns)


def humaneval_program(prompt: str, completion: str, test: str, entry_point: str) -> str:
    """prompt + completion + tests + `check(entry_point)`.

    A completion that defines the entry point itself (chat models often repeat the whole function) is
    appended after the prompt closed with `pass`, so its definition wins and the prompt's imports stay.
    """
    if f"def {entry_point}(" in completion:
        body = prompt.rstrip() + "\n    pass\n\n" + completion
    else:
        body = prompt + completion
    return f"{body}\n\n{test}\n\ncheck({entry_point})\n"
