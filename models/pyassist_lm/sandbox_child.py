"""The sandboxed side of pass@k: runs untrusted code, answers calls with plain values.

This file runs as `python -I -B -c <its source> MODE REPLY_FD` inside the sandbox (see sandbox.py); the
evaluator imports it only for the value codec. Before any untrusted code runs, it
  - installs a seccomp filter (Linux x86_64 / aarch64) that makes socket() fail for every address
    family (so also Unix-domain sockets, which a network namespace does not stop), io_uring (which can
    open sockets too), mount / umount (the private /proc must stay), ptrace, process_vm_*,
    unshare / setns and setsid / setpgid (nothing may leave the process group the evaluator kills);
  - installs a Python guard on `socket` for a readable error message;
  - tells the evaluator, on the reply fd, whether the filter is in place.
Everything it sends after that can come from the untrusted code too: the evaluator believes none of
it except as the return values of the function under test (see sandbox.run_check).

Messages are JSON, one a line. Requests (fd 0): first {"source": str, "entry": str|None}, then in
"check" mode ["call", args, kwargs]. Replies: ["sandbox", {"seccomp": str}], then "program" mode:
["done"] or ["raise", type, message]; "check" mode: ["ready"] or ["raise", ...], then one
["ok", value] or ["raise", type, message] per call.
"""
import json
import os
import sys

MAX_DEPTH = 100


# ---- the value codec (both sides) ---------------------------------------------------------------------------------
# Only plain data crosses: None, bool, int, float, str, bytes, complex, list, tuple, set, frozenset, dict. Anything
# else is sent as ["opaque", type name] and decoded as an object equal to nothing, so an object with a forged
# __eq__ never reaches the checks.

class Opaque:
    def __init__(self, type_name):
        self.type_name = type_name

    def __eq__(self, other):
        return False

    __hash__ = object.__hash__

    def __repr__(self):
        return f"<unencodable {self.type_name}>"


def encode(v, depth=0):
    if depth > MAX_DEPTH:
        raise ValueError("value nested too deeply")
    if v is None or v is True or v is False:
        return v
    t = type(v)
    if t is int:
        return v
    if t is str:
        return ["str", v]
    if t is float:
        return ["float", repr(v)]
    if t is bytes:
        return ["bytes", v.hex()]
    if t is complex:
        return ["complex", repr(v.real), repr(v.imag)]
    if t in (list, tuple, set, frozenset):
        return [t.__name__, [encode(x, depth + 1) for x in v]]
    if t is dict:
        return ["dict", [[encode(k, depth + 1), encode(x, depth + 1)] for k, x in v.items()]]
    return ["opaque", t.__name__[:100]]


def decode(o, depth=0):
    if depth > MAX_DEPTH:
        raise ValueError("value nested too deeply")
    if o is None or type(o) in (bool, int):
        return o
    if type(o) is not list or not o or type(o[0]) is not str:
        raise ValueError("not an encoded value")
    tag, rest = o[0], o[1:]
    if tag == "str" and len(rest) == 1 and type(rest[0]) is str:
        return rest[0]
    if tag == "float" and len(rest) == 1 and type(rest[0]) is str:
        return float(rest[0])
    if tag == "bytes" and len(rest) == 1 and type(rest[0]) is str:
        return bytes.fromhex(rest[0])
    if tag == "complex" and len(rest) == 2:
        return complex(float(rest[0]), float(rest[1]))
    if tag in ("list", "tuple", "set", "frozenset") and len(rest) == 1 and type(rest[0]) is list:
        items = [decode(x, depth + 1) for x in rest[0]]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict" and len(rest) == 1 and type(rest[0]) is list:
        out = {}
        for pair in rest[0]:
            if type(pair) is not list or len(pair) != 2:
                raise ValueError("not an encoded dict")
            out[decode(pair[0], depth + 1)] = decode(pair[1], depth + 1)
        return out
    if tag == "opaque" and len(rest) == 1 and type(rest[0]) is str:
        return Opaque(rest[0])
    raise ValueError("not an encoded value")


# ---- containment, installed before the untrusted code ----------------------------------------------------------

_SYSCALLS = {  # name: (x86_64, aarch64)
    "socket": (41, 198), "io_uring_setup": (425, 425), "mount": (165, 40), "umount2": (166, 39),
    "open_tree": (428, 428), "move_mount": (429, 429), "fsopen": (430, 430), "fsconfig": (431, 431),
    "fsmount": (432, 432), "fspick": (433, 433), "mount_setattr": (442, 442), "pivot_root": (155, 41),
    "ptrace": (101, 117), "process_vm_readv": (310, 270), "process_vm_writev": (311, 271),
    "unshare": (272, 97), "setns": (308, 268), "setsid": (112, 157), "setpgid": (109, 154),
}
_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}


def install_seccomp():
    """Blocks the syscalls above (EPERM); returns "on" or why not. Irrevocable, inherited by children."""
    import ctypes
    import platform
    import struct
    machine = platform.machine()
    if not sys.platform.startswith("linux") or machine not in _AUDIT_ARCH:
        return f"off: no filter for {sys.platform} {machine}"
    col = 0 if machine == "x86_64" else 1
    nrs = [v[col] for v in _SYSCALLS.values()]
    errno_eperm = 0x00050000 | 1
    allow = 0x7FFF0000
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    prog = [(ld, 0, 0, 4),                       # A = arch
            (jeq, 1, 0, _AUDIT_ARCH[machine]),   # native: skip the next
            (ret, 0, 0, errno_eperm),            # another ABI (i386 int 0x80): refuse every call
            (ld, 0, 0, 0)]                       # A = syscall number
    if machine == "x86_64":
        prog += [(jge, 0, 1, 0x40000000), (ret, 0, 0, errno_eperm)]  # the x32 ABI
    n = len(nrs)
    prog += [(jeq, n - i, 0, nr) for i, nr in enumerate(nrs)]
    prog += [(ret, 0, 0, allow), (ret, 0, 0, errno_eperm)]
    raw = b"".join(struct.pack("HBBI", *ins) for ins in prog)
    buf = ctypes.create_string_buffer(raw, len(raw))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(prog), ctypes.addressof(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return "off: PR_SET_NO_NEW_PRIVS failed (errno %d)" % ctypes.get_errno()
    if libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) != 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        return "off: PR_SET_SECCOMP failed (errno %d)" % ctypes.get_errno()
    return "on"


def install_socket_guard():
    import socket
    import _socket

    class NetworkBlocked(PermissionError):
        pass

    def blocked(*a, **k):
        raise NetworkBlocked("network access is blocked in the pyassist sandbox")

    class NoSocket(socket.socket):
        def __init__(self, *a, **k):
            blocked()

    socket.socket = socket.SocketType = _socket.socket = NoSocket
    for name in ("create_connection", "create_server", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
                 "socketpair", "fromfd"):
        setattr(socket, name, blocked)
        if hasattr(_socket, name):
            setattr(_socket, name, blocked)


# ---- the worker ------------------------------------------------------------------------------------------------

def _flush():
    # the output must be in its files before the reply: the evaluator ends the run once it has the reply
    for f in (sys.stdout, sys.stderr):
        try:
            f.flush()
        except (OSError, ValueError):
            pass


def _main():
    mode, reply_fd = sys.argv[1], int(sys.argv[2])
    requests = os.fdopen(os.dup(0), "rb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    replies = os.fdopen(reply_fd, "wb", buffering=0)

    def reply(msg):
        replies.write(json.dumps(msg).encode("utf-8") + b"\n")

    def raised(e):
        return ["raise", type(e).__name__[:100], str(e)[:2000]]

    job = json.loads(requests.readline())
    reply(["sandbox", {"seccomp": install_seccomp()}])
    install_socket_guard()
    g = {"__name__": "__main__", "__builtins__": __builtins__}
    try:
        exec(compile(job["source"], "program.py", "exec"), g)
    except BaseException as e:  # noqa: B036 - the program's SystemExit is an outcome too
        _flush()
        reply(raised(e))
        os._exit(0)
    _flush()
    if mode == "program":
        reply(["done"])
        os._exit(0)
    reply(["ready"])
    fn = g.get(job["entry"])
    for line in requests:
        try:
            _, args, kwargs = json.loads(line)
            value = fn(*decode(args), **decode(kwargs))
            msg = ["ok", encode(value)]
        except BaseException as e:  # noqa: B036
            msg = raised(e)
        _flush()
        reply(msg)
    os._exit(0)


if __name__ == "__main__":
    _main()
