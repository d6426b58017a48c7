"""Runs untrusted generated programs for pass@k, and decides their verdicts where they cannot reach.

The verdict (`run_check`): the candidate (prompt + completion) runs in a sandboxed child process; the
benchmark's test code runs here, in the evaluator, and calls the candidate's function through a pipe.
Only plain values cross (None, bool, int, float, str, bytes, complex, list, tuple, set, frozenset,
dict: see sandbox_child.encode); anything else arrives as an object equal to nothing. So nothing the
candidate prints, writes, exits with or defines (an object whose __eq__ always says True) can make a
check pass: "passed" means the checks here got the right values. `run_program` runs a whole program
in the same sandbox; its result is the program's own word and is never "passed".

What each child gets:
  - its own temporary folder as cwd and HOME and TMPDIR (removed afterwards), a minimal environment,
    `python -I -B` (no user site, no PYTHON* variables, no .pyc writes);
  - its own session / process group, killed (SIGKILL) at the wall-clock limit and at the end;
  - `resource` limits: address space (RLIMIT_AS), CPU seconds (RLIMIT_CPU), size of any file written
    (RLIMIT_FSIZE; stdout and stderr go to files, so this caps output too), no core dumps;
  - namespaces, when `unshare -r -n -i -p -f --mount-proc` works (as root, and as a user where user
    namespaces are allowed): an empty network namespace (only a down loopback; abstract Unix
    sockets are per namespace too), its own IPC namespace (no System V / POSIX queues, semaphores or
    shared memory of other processes), its own PID namespace with its own /proc (it cannot see,
    signal, trace or open the /proc files of any process outside: not the evaluator, not the pipe
    ends it reads);
  - a seccomp filter (x86_64, aarch64) installed before the untrusted code runs: socket() fails for
    every family, so Unix-domain sockets bound to a path (which a network namespace does not stop:
    /run/docker.sock, an ssh-agent, a test server in /tmp) cannot be reached either; io_uring,
    mount/umount (the private /proc stays), ptrace, process_vm_*, unshare/setns and setsid/setpgid
    (nothing leaves the process group that is killed) fail too. It is
    inherited by every process the candidate starts, and cannot be removed;
  - a Python guard on `socket` that says "network access is blocked in the pyassist sandbox".
Without namespaces (`RunResult.network_namespace` False; e.g. user namespaces disabled) the child runs
as the evaluator's user, root included, and can see that user's processes in /proc and tamper with
them (the evaluator included): the verdict is then only as safe as the account. Without seccomp (another platform; `RunResult.seccomp` says why) sockets are blocked only
by the Python guard and the namespace, and processes can leave the group.
What is NOT contained: the file system. The candidate can read every file the user can (the
benchmark's own tests and solutions included, so a candidate could look answers up) and write them,
within RLIMIT_FSIZE; the number of processes is not limited (RLIMIT_NPROC is per user and would hit the
evaluator itself), though they all die with the group (setsid / setpgid are refused) and the PID
namespace. Run untrusted models' code in a container or VM as well.
"""
from __future__ import annotations

import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import sandbox_child
from .sandbox_child import decode, encode

PASSED, FAILED, TIMEOUT, ERROR, COMPLETED = "passed", "failed", "timeout", "error", "completed"

# read once: a candidate that rewrites the file on disk does not change the worker of this process
_CHILD_SOURCE = Path(sandbox_child.__file__).read_text(encoding="utf-8")
_NS_FLAGS = ["-r", "-n", "-i", "-p", "-f", "--mount-proc"]
_MAX_REPLY = 16 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 10.0        # wall clock
    cpu_s: int = 10                # CPU seconds (RLIMIT_CPU)
    memory_mb: int = 1024          # address space (RLIMIT_AS)
    file_mb: int = 16              # any written file, stdout and stderr included (RLIMIT_FSIZE)
    output_chars: int = 4000       # kept of stdout / stderr in the result


@dataclass(frozen=True)
class RunResult:
    status: str                    # passed | failed | timeout | error (run_check); completed instead of passed (run_program)
    reason: str
    stdout: str
    stderr: str
    seconds: float
    network_namespace: bool        # the child ran in its own network, IPC and PID namespaces
    seccomp: str = "unknown"       # "on", or why the socket / mount filter is off


@lru_cache(maxsize=1)
def unshare_available() -> bool:
    """True when `unshare -r -n -i -p -f --mount-proc` can start a process here."""
    exe = shutil.which("unshare")
    if not exe:
        return False
    try:
        return subprocess.run([exe, *_NS_FLAGS, "true"], capture_output=True, timeout=10).returncode == 0
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


# BaseException, not Exception: a test's own `except Exception:` must not swallow the end of the run
class _Timeout(BaseException):
    pass


class _Gone(BaseException):
    """The child closed its reply pipe (it ended, was killed, or sent something that is not a reply)."""


class CandidateError(Exception):
    """The candidate raised an exception that is not a builtin one; its type name and message."""


def _exception(type_name: str, message: str) -> BaseException:
    """The candidate's exception as one the checks can catch: the builtin of that name, else CandidateError."""
    import builtins
    cls = getattr(builtins, type_name, None)
    if isinstance(cls, type) and issubclass(cls, Exception) and not issubclass(cls, (SystemExit, KeyboardInterrupt)):
        try:
            return cls(message)
        except Exception:  # an exception type whose constructor wants other arguments
            pass
    return CandidateError(f"{type_name}: {message}")


class _Child:
    """One sandboxed worker and its two pipes; the deadline covers the whole run."""

    def __init__(self, mode: str, source: str, entry: str | None, limits: Limits, use_namespace: bool | None):
        self.limits = limits
        self.ns = unshare_available() if use_namespace is None else (use_namespace and unshare_available())
        self.deadline = time.monotonic() + limits.timeout_s
        self.t0 = time.monotonic()
        self.work = tempfile.mkdtemp(prefix="pyassist-sandbox-")
        self.out_p, self.err_p = os.path.join(self.work, "stdout.txt"), os.path.join(self.work, "stderr.txt")
        req_r, self.req_w = os.pipe()
        self.rep_r, rep_w = os.pipe()
        cmd = [sys.executable, "-I", "-B", "-c", _CHILD_SOURCE, mode, str(rep_w)]
        if self.ns:
            cmd = [shutil.which("unshare"), *_NS_FLAGS] + cmd
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": self.work, "TMPDIR": self.work}
        self.buf = b""
        self.rusage = None
        self.broken = None  # _Timeout or _Gone once the run has ended that way, even if a test caught it
        try:
            with open(self.out_p, "wb") as out_f, open(self.err_p, "wb") as err_f:
                self.proc = subprocess.Popen(cmd, cwd=self.work, env=env, stdin=req_r, stdout=out_f, stderr=err_f,
                                             pass_fds=(rep_w,), preexec_fn=_limits_fn(limits),
                                             start_new_session=True, close_fds=True)
        finally:
            os.close(req_r)
            os.close(rep_w)
        self.send({"source": source, "entry": entry})

    @staticmethod
    def _ready(fd: int, event: int, timeout_s: float) -> bool:
        poll = select.poll()  # not select(): it fails for fd numbers over 1023
        poll.register(fd, event | select.POLLHUP | select.POLLERR)
        return bool(poll.poll(max(1, int(timeout_s * 1000))))

    def _end(self, how):
        self.broken = how
        return how()

    def send(self, msg) -> None:
        data = json.dumps(msg).encode("utf-8") + b"\n"
        while data:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise self._end(_Timeout)
            if self._ready(self.req_w, select.POLLOUT, left):
                try:
                    n = os.write(self.req_w, data[:65536])
                except BrokenPipeError:
                    raise self._end(_Gone) from None
                data = data[n:]

    def receive(self) -> list:
        while b"\n" not in self.buf:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise self._end(_Timeout)
            if not self._ready(self.rep_r, select.POLLIN, left):
                continue
            chunk = os.read(self.rep_r, 65536)
            if not chunk:
                raise self._end(_Gone)
            self.buf += chunk
            if len(self.buf) > _MAX_REPLY:
                raise self._end(_Gone)
        line, self.buf = self.buf.split(b"\n", 1)
        try:
            msg = json.loads(line)
        except (ValueError, RecursionError):
            raise self._end(_Gone) from None
        if type(msg) is not list or not msg or type(msg[0]) is not str:
            raise self._end(_Gone)
        return msg

    def finish(self) -> tuple[int, str, str, float]:
        """Kills what is left, waits, cleans up; (exit status, stdout, stderr, seconds)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        _, status, self.rusage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        secs = time.monotonic() - self.t0
        for fd in (self.req_w, self.rep_r):
            os.close(fd)
        stdout, stderr = _tail(self.out_p, self.limits.output_chars), _tail(self.err_p, self.limits.output_chars)
        # unshare's own complaint when its child was killed by a signal, not the program's output
        stderr = stderr.replace("unshare: sigprocmask unblock failed: Invalid argument\n", "")
        shutil.rmtree(self.work, ignore_errors=True)
        return self.proc.returncode, stdout, stderr, secs

    def gone_reason(self, rc: int, stderr: str) -> tuple[str, str]:
        """Why the child stopped answering, from its exit status and CPU time."""
        cpu = self.rusage.ru_utime + self.rusage.ru_stime if self.rusage else 0.0
        last = next((ln for ln in reversed(stderr.strip().splitlines()) if ln.strip()), "")
        if rc == -signal.SIGXCPU or cpu >= self.limits.cpu_s:
            return TIMEOUT, f"CPU time limit ({self.limits.cpu_s} s) reached"
        if rc == -signal.SIGXFSZ or "File size limit" in stderr:
            return ERROR, f"file size / output limit ({self.limits.file_mb} MB) reached"
        if rc < 0:
            return ERROR, f"killed by signal {signal.Signals(-rc).name}"
        return ERROR, f"the program stopped answering (exit status {rc}): {last or 'no message'}"


def _run(mode, source, entry, limits, use_namespace, talk) -> RunResult:
    child = _Child(mode, source, entry, limits, use_namespace)
    seccomp = "unknown"
    try:
        try:
            first = child.receive()  # written before any untrusted code ran
            if first[0] == "sandbox" and len(first) == 2 and isinstance(first[1], dict):
                seccomp = str(first[1].get("seccomp"))[:200]
            status, reason = talk(child)
        except _Timeout:
            status, reason = TIMEOUT, f"killed after the {limits.timeout_s:g} s wall-clock limit"
        except _Gone:
            status, reason = None, None
    finally:
        rc, stdout, stderr, secs = child.finish()
    if status is None:
        status, reason = child.gone_reason(rc, stderr)
    return RunResult(status, reason, stdout, stderr, round(secs, 3), child.ns, seccomp)


def _outcome(msg) -> tuple[str, str]:
    """The status of a program whose top level raised (a ["raise", type, message] reply)."""
    type_name, message = str(msg[1]), str(msg[2])
    if type_name == "SystemExit" and message in ("", "0", "None"):
        return ERROR, "SystemExit: the program exited before its checks finished"
    if type_name == "AssertionError":
        return FAILED, f"AssertionError: {message}"
    return ERROR, f"{type_name}: {message}"


def run_program(program: str, limits: Limits = Limits(), use_namespace: bool | None = None) -> RunResult:
    """Runs a whole untrusted program in the sandbox. Its result is its own word: "completed" (ran to the end),
    "failed" (an AssertionError), "error", "timeout"; never "passed": use `run_check` for a verdict."""
    def talk(child):
        msg = child.receive()
        if msg == ["done"]:
            return COMPLETED, "ran to the end (the program's own word, not a verdict)"
        if msg[0] == "raise" and len(msg) == 3:
            return _outcome(msg)
        raise _Gone()
    return _run("program", program, None, limits, use_namespace, talk)


class _Candidate:
    """Stands for the candidate's function in the checks: each call is a round trip of plain values."""

    def __init__(self, child: _Child):
        self._child = child

    def __call__(self, *args, **kwargs):
        self._child.send(["call", encode(list(args)), encode(kwargs)])
        msg = self._child.receive()
        if msg[0] == "ok" and len(msg) == 2:
            try:
                return decode(msg[1])
            except (ValueError, TypeError, OverflowError, RecursionError):
                raise self._child._end(_Gone) from None
        if msg[0] == "raise" and len(msg) == 3:
            raise _exception(str(msg[1]), str(msg[2]))
        raise self._child._end(_Gone)


def run_check(prompt: str, completion: str, test: str, entry_point: str, limits: Limits = Limits(),
              use_namespace: bool | None = None) -> RunResult:
    """The verdict on one completion of a HumanEval-style problem: `test` (defining `check(candidate)`) runs
    here against the candidate's `entry_point`, which runs in the sandbox."""
    checks: dict = {"__name__": "__pyassist_check__"}
    exec(_helpers(prompt), checks)  # the benchmark's helpers (its own, not the candidate's): poly() and the like
    exec(compile(test, "test", "exec"), checks)

    def talk(child):
        msg = child.receive()
        if msg[0] == "raise" and len(msg) == 3:
            return _outcome(msg)
        if msg != ["ready"]:
            raise _Gone()
        try:
            checks["check"](_Candidate(child))
        except (_Timeout, _Gone):
            raise
        except AssertionError as e:
            return FAILED, f"AssertionError: {e}"
        except Exception as e:
            return ERROR, f"{type(e).__name__}: {e}"
        if child.broken is not None:  # the test swallowed the end of the run (a bare `except:`)
            raise child.broken()
        return PASSED, "all checks passed"
    return _run("check", humaneval_solution(prompt, completion, entry_point), entry_point, limits, use_namespace,
                talk)


def _helpers(prompt: str):
    """The prompt compiled alone (a prompt that stops at a bare `def ...:` gets a `pass`), or nothing."""
    for source in (prompt, prompt.rstrip() + "\n    pass\n"):
        try:
            return compile(source, "prompt", "exec")
        except SyntaxError:
            pass
    return compile("", "prompt", "exec")


def humaneval_solution(prompt: str, completion: str, entry_point: str) -> str:
    """prompt + completion. A completion that defines the entry point itself (chat models often repeat the whole
    function) is appended after the prompt closed with `pass`, so its definition wins and the prompt's imports stay."""
    if f"def {entry_point}(" in completion:
        return prompt.rstrip() + "\n    pass\n\n" + completion
    return prompt + completion


def humaneval_program(prompt: str, completion: str, test: str, entry_point: str) -> str:
    """The whole program (solution + tests + `check(entry_point)`), for `run_program`."""
    return f"{humaneval_solution(prompt, completion, entry_point)}\n\n{test}\n\ncheck({entry_point})\n"
