"""The shipped problems and the sandbox: perfect, broken, looping, forging and network-using solutions."""
import json
import os
import socket
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pyassist_lm.metrics import mean_pass_at_k
from pyassist_lm.sandbox import Limits, humaneval_program, run_check, run_program, unshare_available

PROBLEMS = Path(__file__).resolve().parent.parent / "pyassist_lm" / "problems" / "pyassist_eval.jsonl"


def problems():
    return [json.loads(line) for line in PROBLEMS.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_all(completions, limits=Limits(timeout_s=10)):
    ps = problems()
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda pc: run_check(pc[0]["prompt"], pc[1], pc[0]["test"], pc[0]["entry_point"],
                                                  limits), zip(ps, completions)))


def test_problems_are_well_formed():
    ps = problems()
    assert 12 <= len(ps) <= 20
    assert len({p["task_id"] for p in ps}) == len(ps)
    assert len({p["entry_point"] for p in ps}) == len(ps)
    for p in ps:
        assert f"def {p['entry_point']}(" in p["prompt"] and '"""' in p["prompt"], p["task_id"]
        assert p["prompt"].endswith('"""\n'), p["task_id"]
        assert p["test"].startswith("def check(candidate):"), p["task_id"]
        compile(p["prompt"] + p["canonical_solution"] + "\n" + p["test"], p["task_id"], "exec")


def test_every_canonical_solution_passes():
    results = run_all([p["canonical_solution"] for p in problems()])
    assert [r.status for r in results] == ["passed"] * len(results), [(r.status, r.reason) for r in results]
    counts = [(1, int(r.status == "passed")) for r in results]
    assert mean_pass_at_k(counts, 1) == 1.0


def test_obviously_wrong_solutions_fail():
    for body in ("    return None\n", "    raise NotImplementedError\n"):
        results = run_all([body] * len(problems()))
        assert all(r.status in ("failed", "error") for r in results), [(r.status, r.reason) for r in results]
    # an assertion failure is "failed", an exception is "error"
    assert run_all(["    return None\n"])[0].status == "failed"
    assert run_all(["    raise NotImplementedError\n"])[0].reason.startswith("NotImplementedError")


def test_broken_solution_fails_and_lowers_pass_at_k():
    ps = problems()
    sols = [p["canonical_solution"] for p in ps]
    sols[0] = "    return [(text, len(text))]\n"   # run_lengths: wrong
    results = run_all(sols)
    assert results[0].status == "failed" and results[0].reason.startswith("AssertionError")
    assert all(r.status == "passed" for r in results[1:])
    assert mean_pass_at_k([(1, int(r.status == "passed")) for r in results], 1) == pytest.approx(
        (len(ps) - 1) / len(ps))


def test_a_solution_that_loops_forever_is_killed():
    p = problems()[1]
    r = run_program(humaneval_program(p["prompt"], "    while True:\n        pass\n", p["test"], p["entry_point"]),
                    Limits(timeout_s=1.5, cpu_s=5))
    assert r.status == "timeout" and "killed" in r.reason
    assert r.seconds < 5


def test_a_solution_that_sleeps_in_a_child_process_is_killed_with_its_group():
    r = run_program("import subprocess, time\nsubprocess.Popen(['sleep', '60'])\ntime.sleep(60)\n",
                    Limits(timeout_s=1.0))
    assert r.status == "timeout"


@pytest.mark.parametrize("use_namespace", [False, True])
def test_a_solution_that_uses_the_network_is_blocked(use_namespace):
    if use_namespace and not unshare_available():
        pytest.skip("unshare -rn is not available here (the Python guard is tested by the other case)")
    p = problems()[3]
    body = ("    import urllib.request\n"
            "    urllib.request.urlopen('http://127.0.0.1:9/', timeout=2)\n"
            "    return True\n")
    r = run_check(p["prompt"], body, p["test"], p["entry_point"], Limits(timeout_s=10), use_namespace=use_namespace)
    assert r.status == "error" and "network access is blocked" in r.reason, r
    assert r.network_namespace == use_namespace


def test_network_namespace_stops_what_the_python_guard_cannot():
    if not unshare_available():
        pytest.skip("unshare -rn is not available here")
    # a child process does not inherit the Python guard, but the namespace has no usable network
    prog = ("import subprocess, sys\n"
            "rc = subprocess.call([sys.executable, '-c', "
            "'import socket; s = socket.socket(); s.settimeout(2); s.connect((\"10.255.255.1\", 80))'])\n"
            "assert rc == 0, 'connect failed'\n")
    r = run_program(prog, Limits(timeout_s=10))
    assert r.status == "failed" and r.network_namespace


def test_output_is_capped_and_limits_hold():
    r = run_program("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n", Limits(timeout_s=10, file_mb=1))
    assert r.status == "error" and len(r.stdout) < 5000
    r = run_program("x = bytearray(3 * 1024 ** 3)\n", Limits(memory_mb=512))
    assert r.status == "error" and "MemoryError" in r.reason
    r = run_program("import sys\nsys.exit(0)\n")
    assert r.status == "error" and "before its checks finished" in r.reason
    r = run_program("print('hello')\n")
    assert r.status == "completed" and r.stdout == "hello\n", "a program's own word is never a verdict"


# A wrong run_lengths (the checks fail) that tries every way to be scored as passed anyway.
FORGERIES = {
    "prints the sentinel it finds in the runner's files": (
        "    import glob, os, re, sys\n"
        "    for f in glob.glob('*.py'):\n"
        "        m = re.search(r\"SENTINEL = '([^']+)'\", open(f).read())\n"
        "        if m:\n"
        "            print(m.group(1))\n"
        "            sys.stdout.flush()\n"
        "            os._exit(0)\n"
        "    return None\n"),
    "prints what a runner would print, then exits 0": (
        "    import os, sys, glob\n"
        "    for f in glob.glob('*') + glob.glob('/proc/self/*'):\n"
        "        try:\n"
        "            print(open(f, errors='replace').read()[:2000])\n"
        "        except OSError:\n"
        "            pass\n"
        "    print('all checks passed')\n"
        "    sys.stdout.flush()\n"
        "    os._exit(0)\n"),
    "writes a verdict into every file descriptor it can open": (
        "    import os, json\n"
        "    for d in ('/proc/self/fd', *('/proc/%s/fd' % p for p in os.listdir('/proc') if p.isdigit())):\n"
        "        for fd in os.listdir(d) if os.path.isdir(d) else ():\n"
        "            for msg in (['ready'], ['ok', ['list', []]], 'passed'):\n"
        "                try:\n"
        "                    with open(os.path.join(d, fd), 'w') as f:\n"
        "                        f.write(json.dumps(msg) + '\\n')\n"
        "                except OSError:\n"
        "                    pass\n"
        "    return [('a', 3)]\n"),
    "returns an object equal to everything": (
        "    class Anything:\n"
        "        def __eq__(self, other):\n"
        "            return True\n"
        "    return Anything()\n"),
    "patches the builtins the checks would use": (
        "    import builtins\n"
        "    builtins.AssertionError = type('AssertionError', (Exception,), {})\n"
        "    return None\n"),
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_a_forging_candidate_is_never_scored_passed(name):
    p = problems()[0]  # run_lengths
    r = run_check(p["prompt"], FORGERIES[name], p["test"], p["entry_point"], Limits(timeout_s=10))
    assert r.status in ("failed", "error"), (name, r)


def test_a_candidate_that_ends_the_run_is_not_passed_even_by_a_test_that_catches_everything():
    test = "def check(candidate):\n    try:\n        assert candidate() == 1\n    except:\n        pass\n"
    r = run_check("def f():\n", "    import os\n    os._exit(0)\n", test, "f", Limits(timeout_s=10))
    assert r.status == "error", r
    assert run_check("def f():\n", "    return 1\n", test, "f").status == "passed"


def test_nothing_leaves_the_process_group():
    r = run_program("import os\nos.setsid()\n", Limits(timeout_s=10))
    assert r.status == "error" and "Operation not permitted" in r.reason, r


def test_a_candidate_cannot_reach_a_unix_socket_listening_outside():
    if not unshare_available():
        pytest.skip("unshare is not available here")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "outside.sock")
        server = socket.socket(socket.AF_UNIX)
        server.bind(path)
        os.chmod(path, 0o777)
        server.listen(4)
        server.settimeout(0.2)
        accepted = []
        stop = threading.Event()

        def accept():
            while not stop.is_set():
                try:
                    accepted.append(server.accept()[0])
                except (socket.timeout, OSError):
                    pass
        t = threading.Thread(target=accept, daemon=True)
        t.start()
        try:
            # a fresh interpreter has no Python guard: only the kernel stops it
            code = f"import socket; s = socket.socket(socket.AF_UNIX); s.connect({path!r}); print('connected')"
            prog = ("import subprocess, sys\n"
                    f"rc = subprocess.call([sys.executable, '-c', {code!r}])\n"
                    "assert rc == 0, 'could not connect'\n")
            for use_namespace in (True, False):
                r = run_program(prog, Limits(timeout_s=10), use_namespace=use_namespace)
                assert r.status == "failed" and "connected" not in r.stdout, r
                assert "Operation not permitted" in r.stderr, r.stderr
                assert r.seccomp == "on"
        finally:
            stop.set()
            t.join()
            server.close()
        assert accepted == []


def test_the_candidate_sees_no_process_outside_and_keeps_its_private_proc():
    if not unshare_available():
        pytest.skip("unshare is not available here")
    r = run_program("import os, subprocess\n"
                    "subprocess.call(['umount', '-l', '/proc'], stderr=subprocess.DEVNULL)\n"
                    "print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))\n", Limits(timeout_s=10))
    assert r.status == "completed" and r.network_namespace, r
    pids = json.loads(r.stdout)
    assert os.getpid() not in pids and all(p < 100 for p in pids), pids
