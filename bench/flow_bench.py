#!/usr/bin/env python3
"""Flow-layer cost on the 5,000-line benchmark file of bench/lsp_bench.py (without its deliberate syntax
error, since the exact layers past syntax only run on a text that parses): prints the median CPU time of the syntax, names and flow layers and the share the flow layer adds (budget: 20%).

Usage: python3 bench/flow_bench.py [runs]   (after `mvn -q -B -pl server test-compile`)
"""
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp_bench import build_file  # noqa: E402
from names_parity import classpath  # noqa: E402


def main():
    broken, line = build_file()
    lines = broken.splitlines(keepends=True)
    lines[line] = lines[line].rstrip("\n") + ":\n"
    text = "".join(lines)
    compile(text, "bench.py", "exec")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, encoding="utf-8") as f:
        f.write(text)
    runs = sys.argv[1] if len(sys.argv) > 1 else "30"
    subprocess.run(["java", "-cp", classpath(), "dev.pyassist.flow.FlowBench", f.name, runs], check=True)
    Path(f.name).unlink()


if __name__ == "__main__":
    main()
