#!/usr/bin/env python3
"""Names-layer cost on the 5,000-line benchmark file of bench/lsp_bench.py (without its deliberate syntax
error, since the names layer only runs on a text that parses): prints the syntax layer's median time and the
median time the names layer adds (budget: 20 ms).

Usage: python3 bench/names_bench.py [runs]   (after `mvn -q -B -pl server test-compile`)
"""
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp_bench import valid_file  # noqa: E402
from names_parity import classpath  # noqa: E402


def run_layer_bench(main_class):
    """Runs a layer benchmark (a test-classpath main taking FILE and runs) on the valid 5,000-line file."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, encoding="utf-8") as f:
        f.write(valid_file())
    runs = sys.argv[1] if len(sys.argv) > 1 else "30"
    try:
        subprocess.run(["java", "-cp", classpath(), main_class, f.name, runs], check=True)
    finally:
        Path(f.name).unlink()


if __name__ == "__main__":
    run_layer_bench("dev.pyassist.names.NamesBench")
