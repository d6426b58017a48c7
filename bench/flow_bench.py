#!/usr/bin/env python3
"""Flow-layer cost on the 5,000-line benchmark file of bench/lsp_bench.py (without its deliberate syntax
error, since the exact layers past syntax only run on a text that parses): prints the median CPU time of the syntax, names and flow layers and the share the flow layer adds (budget: 20%).

Usage: python3 bench/flow_bench.py [runs]   (after `mvn -q -B -pl server test-compile`)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from names_bench import run_layer_bench  # noqa: E402

if __name__ == "__main__":
    run_layer_bench("dev.pyassist.flow.FlowBench")
