#!/usr/bin/env python3
"""Flow-layer cost per keystroke on the 5,000-line benchmark file of bench/lsp_bench.py (without its deliberate
syntax error, since the exact layers past syntax only run on a text that parses).

Letters are typed one by one into a string literal inside a function body (bench/flow_spots.py: a top-level
function, and a method of the file's largest class), each version analysed after the one before, as an editor
sends them. For each spot it prints the median CPU time of the syntax (parse included) and names layers, of the
flow layer as the server runs it (unchanged functions reused), and of a full flow re-analysis, each with its share
over syntax + names (budget: 20%). Before (syntax + names) and after (+ flow) are measured in the same run.

Usage: python3 bench/flow_bench.py [runs]   (after `mvn -q -B -pl server test-compile`)
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flow_spots import keystroke_spots, utf16_offset  # noqa: E402
from lsp_bench import valid_file  # noqa: E402
from names_parity import classpath  # noqa: E402

if __name__ == "__main__":
    text = valid_file()
    runs = sys.argv[1] if len(sys.argv) > 1 else "30"
    spots = [f"{label}={utf16_offset(text, line, col)}" for label, line, col in keystroke_spots(text)]
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, encoding="utf-8") as f:
        f.write(text)
    try:
        print(f"load before: {os.getloadavg()[0]:.2f}")
        subprocess.run(["java", "-cp", classpath(), "dev.pyassist.flow.FlowBench", f.name, runs, *spots], check=True)
        print(f"load after: {os.getloadavg()[0]:.2f}")
    finally:
        Path(f.name).unlink()
