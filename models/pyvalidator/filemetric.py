"""The metric users feel: bugs located in whole held-out files, false findings per 1,000 clean lines.

    python -m pyvalidator.filemetric --model shipped=validator --model rtd=runs/rtd/model \
        --out runs/filemetric.json [--max-files 0] [--primary rtd]

For every file of the evaluation split (test, by file, as corpus.py split it), the clean copy and,
per bug kind, a copy with one injected bug (a random unit of the file where the kind applies, a
random site; semantic kinds parse, syntax kinds do not). Each model scores the files the way the
server does: units cut as server/.../validator/Units.java cuts them (functions and methods, runs of
module-level statements), dedented, windows of at most max_seq_len tokens at line boundaries.

- format 1 (sequence classifier): a window with bug_probability >= t is a finding on its top token;
- format 2 (token-rtd): a finding is a run of consecutive tokens with token_bug_probability >= t.

located(kind, t) = share of the kind's bugged copies with a finding at >= t within +-1 line of the bug;
false per kLOC(t) = findings at >= t in the clean copies per 1,000 lines. Thresholds are chosen on the
clean files of --threshold-split (val): the lowest t with at most --false-warnings (1) and
--false-information (3) findings per 1,000 clean lines at every threshold above it. Only the unit that
holds the bug changes in a bugged copy, so only that unit is scored again.
Models: NAME=PATH, PATH an artifact folder (validator.json, format 1 or 2, run by onnxruntime) or a
model folder of rtd_train (rtd_model.json) or train (validator_model.json), run by PyTorch; or the
per-site detectors and joins of models (sites_score.make_scorer: DIR, DIR#swap, join:a,b*2).
"""
from __future__ import annotations

import argparse
import ast
import json
import random
import time
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from . import corpus
from .common import DATA_DIR, MODELS_DIR, stable_hash
from .mutations import EXTRA_SEMANTIC, SEMANTIC, SYNTAX, candidates

KINDS = list(SEMANTIC) + list(EXTRA_SEMANTIC) + list(SYNTAX)
GROUPS = {"wrong_operator": ["inverted_comparison", "boundary_comparison", "wrong_arithmetic"],
          "variable_misuse": ["variable_misuse"], "swapped_arguments": ["swapped_arguments"],
          "semantic": list(SEMANTIC) + list(EXTRA_SEMANTIC), "syntax": list(SYNTAX)}
MAX_BLOCK_LINES = 25
CURVE = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999]


# ---------------------------------------------------------------- units and windows as the server cuts them
def server_units(tree: ast.Module) -> list[tuple[int, int]]:
    """(first, last) 0-based lines of each unit, as Units.java: functions and methods (nested functions belong
    to their parent, classes are not units) and runs of plain module statements holding an operation."""
    out = []

    def first(n):
        return min([n.lineno] + [d.lineno for d in getattr(n, "decorator_list", [])]) - 1

    def visit(body):
        for s in body:
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out.append((first(s), s.end_lineno - 1))
            elif isinstance(s, ast.ClassDef):
                visit(s.body)

    visit(tree.body)
    block = []

    def flush():
        if block and any(isinstance(n, (ast.Compare, ast.BinOp, ast.BoolOp, ast.Call, ast.If, ast.For, ast.While,
                                        ast.Try)) for s in block for n in ast.walk(s)):
            out.append((block[0].lineno - 1, block[-1].end_lineno - 1))
        block.clear()

    for i, s in enumerate(tree.body):
        plain = not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom))
        doc = i == 0 and isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)
        if plain and not doc:
            if block and s.end_lineno - block[0].lineno + 1 > MAX_BLOCK_LINES:
                flush()
            block.append(s)
        else:
            flush()
    flush()
    return sorted(out)


def dedent(lines: list[str]) -> tuple[str, int]:
    """textwrap.dedent as Snippet.java does it: blank lines become empty; -> (text, margin width)."""
    margin = None
    for ln in lines:
        if ln.strip(" \t") == "":
            continue
        ind = ln[: len(ln) - len(ln.lstrip(" \t"))]
        if margin is None:
            margin = ind
        else:
            n = 0
            while n < min(len(margin), len(ind)) and margin[n] == ind[n]:
                n += 1
            margin = margin[:n]
    cut = len(margin or "")
    return "".join(("" if ln.strip(" \t") == "" else ln[cut:]) + "\n" for ln in lines), cut


def windows(tok: Tokenizer, text: str, max_len: int) -> list[tuple[int, int, list, list]]:
    """Windows of a unit as ValidatorEngine.plan: -> [(first line, margin, ids, offsets)], lines of `text`."""
    enc = tok.encode(text)
    if len(enc.ids) <= max_len:
        return [(0, 0, enc.ids, enc.offsets)]
    lines = text.split("\n")[:-1]
    starts = np.cumsum([0] + [len(ln) + 1 for ln in lines])
    per_line = np.zeros(len(lines), dtype=int)
    for (s, e), sp in zip(enc.offsets, enc.special_tokens_mask):
        if not sp and e > s:
            per_line[min(len(lines) - 1, int(np.searchsorted(starts, s, side="right") - 1))] += 1
    out, a, n = [], 0, len(lines)
    while a < n:
        b, tot = a, per_line[a]
        while b + 1 < n and tot + per_line[b + 1] + 2 <= max_len:
            b += 1
            tot += per_line[b]
        while True:
            sub, margin = dedent(lines[a: b + 1])
            e = tok.encode(sub)
            if len(e.ids) <= max_len or b == a:
                break
            b -= 1
        ids, offs = e.ids, e.offsets
        if len(ids) > max_len:
            ids, offs = ids[: max_len - 1] + [ids[-1]], offs[: max_len - 1] + [(0, 0)]
        out.append((a, margin, ids, offs))
        if b >= n - 1:
            break
        a = max(a + 1, b + 1 - (b - a + 1) // 4)
    return out


# ---------------------------------------------------------------- scorers
class Scorer:
    """score(texts) -> per text: sites (line, col, score, prev_score) sorted by position; a finding at t is a
    site with prev_score < t <= score (format 1: prev_score = 0, one site per window)."""

    def __init__(self, path: Path):
        path = Path(path)
        self.path = path
        if (path / "validator.json").exists():
            vj = json.loads((path / "validator.json").read_text())
            self.format = vj["format_version"]
            self.max_len = vj["max_seq_len"]
            self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
            th = vj.get("thresholds", {})
            self.shipped = {k: (v["threshold"] if isinstance(v, dict) else v) for k, v in th.items()}
            from .export import ort_session

            sess = ort_session(path / "model.onnx")
            names = [o.name for o in sess.get_outputs()]
            self.run = lambda ids, mask: dict(zip(names, sess.run(names, {"input_ids": ids, "attention_mask": mask})))
        else:
            import torch

            torch.set_num_threads(1)
            self.shipped = {}
            self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
            if (path / "rtd_model.json").exists():
                from .rtd_model import ExportWrapper, load_model

                model, meta = load_model(path)
                self.format, self.max_len = 2, meta["arch"]["max_len"]
                names = ["token_bug_probability", "repair_token_ids", "repair_probabilities", "bug_probability"]
            else:
                from .modeling import ExportWrapper, load_model

                model, meta = load_model(path)
                self.format, self.max_len = 1, meta["max_len"]
                names = ["bug_probability", "kind_probabilities", "token_scores"]
            w = ExportWrapper(model).eval()

            def run(ids, mask):
                with torch.no_grad():
                    outs = w(torch.from_numpy(ids), torch.from_numpy(mask))
                return dict(zip(names, [o.numpy() for o in outs]))
            self.run = run
        self.cache: dict[str, list] = {}

    def score(self, texts: list[str], batch_tokens: int = 4096) -> list[np.ndarray]:
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        wins = []  # (text, first line, margin, ids, offsets)
        for t in todo:
            for w in windows(self.tok, t, self.max_len):
                wins.append((t, *w))
        order = sorted(range(len(wins)), key=lambda i: len(wins[i][3]))
        per_text = {t: [] for t in todo}
        i = 0
        while i < len(order):
            j, width = i, 0
            while j < len(order) and (j - i + 1) * max(width, len(wins[order[j]][3])) <= batch_tokens:
                width = max(width, len(wins[order[j]][3]))
                j += 1
            j = max(j, i + 1)
            group = [wins[k] for k in order[i:j]]
            w = max(len(g[3]) for g in group)
            ids = np.full((len(group), w), 1, dtype=np.int64)
            mask = np.zeros((len(group), w), dtype=np.int64)
            for r, g in enumerate(group):
                ids[r, : len(g[3])], mask[r, : len(g[3])] = g[3], 1
            out = self.run(ids, mask)
            for r, g in enumerate(group):
                per_text[g[0]].append(self._sites(g, out, r))
            i = j
        for t in todo:
            self.cache[t] = self._merge(t, per_text[t])
        return [self.cache[t] for t in texts]

    def _sites(self, g, out, r):
        text, first, margin, ids, offs = g
        # window-relative offsets -> (unit line, unit column)
        sub_lines = text.split("\n")[:-1][first:]
        starts, acc = [], 0
        for ln in sub_lines:
            starts.append(acc)
            acc += len(ln) - (margin if ln.strip(" \t") else len(ln)) + 1
        starts = np.array(starts)
        rows = []
        real = [k for k, (s, e) in enumerate(offs) if e > s and ids[k] not in (0, 2)]
        if self.format == 1:
            ts = out["token_scores"][r]
            if not real:
                return []
            k = max(real, key=lambda k: ts[k])
            rows.append(k)
            scores = {k: float(out["bug_probability"][r])}
        else:
            p = out["token_bug_probability"][r]
            rows = real
            scores = {k: float(p[k]) for k in real}
        sites = []
        for k in rows:
            s = offs[k][0]
            li = int(np.searchsorted(starts, s, side="right") - 1)
            sites.append((first + li, s - starts[li] + margin, scores[k]))
        return sites

    def _merge(self, text, per_window):
        best = {}
        for sites in per_window:
            for line, col, s in sites:
                best[(line, col)] = max(best.get((line, col), 0.0), s)
        keys = sorted(best)
        arr = np.zeros((len(keys), 4), dtype=np.float64)  # line, col, score, prev score (run start test)
        prev = 0.0
        for i, k in enumerate(keys):
            arr[i] = (k[0], k[1], best[k], prev if self.format == 2 else 0.0)
            prev = best[k]
        return arr


# ---------------------------------------------------------------- files, bugs
def split_files(corpus_config: Path, splits, max_files: int, seed: int = 0) -> dict:
    """{split: files} for the files corpus.py put in each split (one pass: the split hashes each file's text)."""
    cfg = json.loads(Path(corpus_config).read_text())
    files = corpus.stdlib_files(cfg.get("stdlib"))
    if cfg.get("debian"):
        site = Path(cfg["debian_dir"]) / "root" / "usr" / "lib" / "python3" / "dist-packages"
        files += corpus.debian_files(site)
    if cfg.get("max_files"):
        files = files[: cfg["max_files"]]
    found = {s: [] for s in splits}
    for source, root, p in files:
        try:
            text = p.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = str(p.relative_to(root))
        split = corpus.split_of(source, rel, cfg.get("val_pct", 5), cfg.get("test_pct", 5))
        if split not in found or "\f" in text or "\x0b" in text or "\r" in text:
            continue
        found[split].append({"path": f"{source}:{rel}", "text": text})
    out = {}
    for split, fs in found.items():
        random.Random(seed).shuffle(fs)
        kept = []
        for f in fs:  # parse only the files kept (trees of big files are large)
            if max_files and len(kept) >= max_files:
                break
            try:
                f["tree"] = ast.parse(f["text"])
            except (SyntaxError, ValueError, RecursionError):
                continue
            kept.append(f)
        out[split] = kept
    return out


def file_units(f):
    lines = f["text"].split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    units = []
    for a, b in server_units(f["tree"]):
        text, cut = dedent(lines[a: b + 1])
        first = next((ln for ln in lines[a: b + 1] if ln.strip(" \t")), "")
        units.append({"first": a, "last": b, "text": text, "margin": first[:cut]})
    return units, len(lines)


def inject_all(units, kinds, rng, max_units=15):
    """One bug of each kind, each in the first unit (in a random order) where the kind applies, at a random
    site -> {kind: (unit index, mutated text, bug line in file)}. Each unit is parsed once for all kinds."""
    from .common import LineIndex

    order = list(range(len(units)))
    rng.shuffle(order)
    out, left = {}, list(kinds)
    for ui in order[:max_units]:
        code = units[ui]["text"]
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError):
            continue
        idx, dump = LineIndex(code), ast.dump(tree)
        for kind in list(left):
            cands = candidates(code, kind, rng, tree=tree, idx=idx)
            rng.shuffle(cands)
            for m in cands[:4]:
                if m.code.count("\n") != code.count("\n"):
                    continue
                if m.category == "semantic":
                    try:
                        ok = ast.dump(ast.parse(m.code)) != dump
                    except (SyntaxError, ValueError):
                        ok = False
                else:
                    ok = not _parses(m.code)
                if ok:
                    out[kind] = (ui, m.code, units[ui]["first"] + m.code[: m.start].count("\n"))
                    left.remove(kind)
                    break
        if not left:
            break
    return out


def _parses(code):
    try:
        ast.parse(code)
        return True
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False


def near_score(sites, line):
    """Highest score of a site within +-1 line (what decides `located` at any threshold)."""
    if len(sites) == 0:
        return 0.0
    near = sites[np.abs(sites[:, 0] - line) <= 1]
    return float(near[:, 2].max()) if len(near) else 0.0


def count_at(sites_all: np.ndarray, t) -> np.ndarray:
    """Findings at each threshold in t: sites with prev < t <= score."""
    t = np.asarray(t, dtype=np.float64)
    p, q = np.sort(sites_all[:, 2]), np.sort(np.minimum(sites_all[:, 2], sites_all[:, 3]))
    return (len(p) - np.searchsorted(p, t, side="left")) - (len(q) - np.searchsorted(q, t, side="left"))


def choose(sites_all: np.ndarray, kloc: float, per_kloc: float) -> float:
    """Lowest threshold with at most per_kloc findings per 1,000 lines at it and every threshold above.
    Scores are probabilities (capped at 1.0) or, for the per-site detectors, log-odds (unbounded)."""
    top = max(1.0, float(sites_all[:, 2].max())) if len(sites_all) else 1.0
    cands = np.unique(np.concatenate([sites_all[:, 2], [top]])) if len(sites_all) else np.array([0.5])
    cands = np.nextafter(cands, np.inf)  # just above each score
    counts = count_at(sites_all, cands) if len(sites_all) else np.zeros(1)
    ok = counts <= per_kloc * kloc
    ok_suffix = np.flip(np.logical_and.accumulate(np.flip(ok)))
    i = int(np.argmax(ok_suffix)) if ok_suffix.any() else len(cands) - 1
    return float(min(cands[i], top))


def evaluate_model(scorer: Scorer, clean_files, bugs, thr_files, args):
    t0 = time.time()
    if hasattr(scorer, "set_context"):  # the per-site detectors read the signatures of the unit's file
        scorer.set_context({u["text"]: f.get("sigs", {}) for f in thr_files + clean_files for u in f["units"]})
        scorer.set_context({b["text"]: b.get("sigs", {}) for b in bugs})
    # threshold split: clean files only
    thr_units = [u for f in thr_files for u in f["units"]]
    thr_sites = scorer.score([u["text"] for u in thr_units])
    thr_all = np.concatenate([s for s in thr_sites if len(s)] or [np.zeros((0, 4))])
    thr_kloc = sum(f["n_lines"] for f in thr_files) / 1000
    chosen = {"warning": choose(thr_all, thr_kloc, args.false_warnings),
              "information": choose(thr_all, thr_kloc, args.false_information)}
    # evaluation split: clean findings and the near-bug score of each bugged copy
    ev_units = [u for f in clean_files for u in f["units"]]
    ev_sites = scorer.score([u["text"] for u in ev_units])
    ev_all = np.concatenate([s for s in ev_sites if len(s)] or [np.zeros((0, 4))])
    kloc = sum(f["n_lines"] for f in clean_files) / 1000
    bug_sites = scorer.score([b["text"] for b in bugs])
    near = {k: [] for k in KINDS}
    for b, s in zip(bugs, bug_sites):
        near[b["kind"]].append(near_score(s, b["line_in_unit"]))
    near = {k: np.array(v) for k, v in near.items() if v}

    def located(t):
        r = {k: float((v >= t).mean()) for k, v in near.items()}
        for g, ks in GROUPS.items():
            vs = np.concatenate([near[k] for k in ks if k in near] or [np.zeros(0)])
            r[g] = float((vs >= t).mean()) if len(vs) else float("nan")
        return r

    ops = {name: t for name, t in chosen.items()}
    for name, t in scorer.shipped.items():
        ops[f"shipped_{name}"] = t
    res = {"format": scorer.format, "path": str(scorer.path),
           "kinds": {k: {"n": int(len(v))} for k, v in near.items()},
           "operating_points": {n: {"threshold": t, "located": located(t),
                                    "false_per_kloc": float(count_at(ev_all, [t])[0] / kloc),
                                    "false_per_kloc_threshold_split": float(count_at(thr_all, [t])[0] / thr_kloc)}
                                for n, t in ops.items()},
           "curve": [{"threshold": t, "false_per_kloc": float(count_at(ev_all, [t])[0] / kloc),
                      "located": {g: located(t)[g] for g in GROUPS}} for t in CURVE],
           "seconds": time.time() - t0}
    return res


def prepare(args):
    """-> (evaluation files, threshold files, bugs); with --prepared PATH, read from PATH when it was written for
    the same files, bugs and seed (writing it otherwise): the preparation is minutes on a loaded machine."""
    key = {k: str(getattr(args, k)) for k in ("corpus_config", "eval_split", "threshold_split", "max_files", "seed")}
    cache = getattr(args, "prepared", None)
    if cache is not None and Path(cache).exists():
        got = json.loads(Path(cache).read_text())
        if got["key"] == key:
            return got["ev"], got["thr"], got["bugs"]
    ev, thr, bugs = _prepare(args)
    if cache is not None:
        Path(cache).parent.mkdir(parents=True, exist_ok=True)
        Path(cache).write_text(json.dumps({"key": key, "ev": ev, "thr": thr, "bugs": bugs}))
    return ev, thr, bugs


def _prepare(args):
    got = split_files(args.corpus_config, {args.eval_split, args.threshold_split}, args.max_files, args.seed)
    ev, thr = got[args.eval_split], got[args.threshold_split]
    if args.eval_split == args.threshold_split:
        thr = [dict(f) for f in ev]
    from .sites import signatures

    for f in ev + thr:
        f["units"], f["n_lines"] = file_units(f)
        f["sigs"] = signatures(f["tree"])
        if f not in ev:
            del f["tree"]
    bugs = []
    for f in ev:
        rng = random.Random(stable_hash(f"{args.seed}:{f['path']}"))
        for kind, (ui, text, line) in inject_all(f["units"], KINDS, rng).items():
            bugs.append({"file": f["path"], "kind": kind, "text": text, "line": line, "unit": ui, "sigs": f["sigs"],
                         "line_in_unit": line - f["units"][ui]["first"], "clean": f["units"][ui]["text"]})
    for f in ev:
        f.pop("tree", None)  # the parses were only needed to cut units
    for f in thr:
        f.pop("tree", None)
    return ev, thr, bugs


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", action="append", required=True, help="NAME=PATH (repeatable)")
    ap.add_argument("--corpus-config", type=Path, default=DATA_DIR / "corpus" / "corpus_config.json")
    ap.add_argument("--eval-split", default="test")
    ap.add_argument("--threshold-split", default="val")
    ap.add_argument("--max-files", type=int, default=0, help="files per split (0 = all)")
    ap.add_argument("--false-warnings", type=float, default=1.0, help="per 1,000 clean lines")
    ap.add_argument("--false-information", type=float, default=3.0, help="per 1,000 clean lines")
    ap.add_argument("--primary", default=None, help="the model the card is about (default: the first)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=MODELS_DIR / "runs" / "filemetric.json")
    ap.add_argument("--prepared", type=Path, default=None, help="cache of the files and bugs (see prepare)")
    ap.add_argument("--score-cache", type=Path, default=None,
                    help="folder of per-model unit scores (NAME.json): a later run with the same model skips the scoring")
    return ap.parse_args(argv)


def _score_store(scorer, folder: Path, name: str):
    """(file, dict of unit text -> rows) of a scorer whose scores can be kept: a model (its own cache, by run
    name) or a per-site folder (all its detectors' rows, by folder)."""
    from .sites_score import SiteScorer

    if isinstance(scorer, Scorer):
        return folder / f"{name}.json", scorer.cache
    if isinstance(scorer, SiteScorer):
        return folder / f"sites-{stable_hash(str(scorer.path.resolve()))}.json", scorer.all
    return None, None


def load_scores(scorer, folder: Path, name: str) -> None:
    """Fill a scorer's cache of unit scores from an earlier run of the same model (keyed by the unit's text)."""
    path, store = _score_store(scorer, folder, name)
    if path is not None and path.exists():
        got = json.loads(path.read_text())
        if got.get("model") == str(scorer.path):
            store.update({t: np.array(v, dtype=np.float64).reshape(len(v), -1) if v else np.zeros((0, got.get("cols", 4)))
                          for t, v in got["scores"].items() if t not in store})


def save_scores(scorer, folder: Path, name: str) -> None:
    path, store = _score_store(scorer, folder, name)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = 5 if store is not getattr(scorer, "cache", None) else 4
    path.write_text(json.dumps({"model": str(scorer.path), "cols": cols,
                                "scores": {t: a.tolist() for t, a in store.items()}}))


def merge(paths, out: Path) -> dict:
    """One result from runs over the same files and bugs (same corpus, splits, file cap and seed), e.g.
    one process per model on a shared machine."""
    runs = [json.loads(Path(p).read_text()) for p in paths]
    key = lambda r: (r["split_note"], r["threshold_split_note"],  # noqa: E731
                     {k: v for k, v in r["config"].items() if k not in ("model", "out", "primary")})
    for r in runs[1:]:
        if key(r) != key(runs[0]):
            raise SystemExit(f"filemetric: error: {paths[0]} and another run differ in files, bugs or policy")
    res = dict(runs[0])
    res["models"] = {n: m for r in runs for n, m in r["models"].items()}
    Path(out).write_text(json.dumps(res, indent=1))
    return res


def main(argv=None):
    if argv is None:
        import sys

        argv = sys.argv[1:]
    if argv and argv[0] == "merge":  # python -m pyvalidator.filemetric merge A.json B.json ... --out C.json
        i = argv.index("--out")
        return merge(argv[1:i], Path(argv[i + 1]))
    if argv and argv[0] == "prepare":  # python -m pyvalidator.filemetric prepare --prepared P [--max-files N]
        args = parse_args(["--model", "none=none"] + argv[1:])
        ev, thr, bugs = prepare(args)
        print(f"filemetric: prepared {len(ev)} files, {len(bugs)} bugged copies, {len(thr)} threshold files")
        return None
    args = parse_args(argv)
    ev, thr, bugs = prepare(args)
    ev_lines = sum(f["n_lines"] for f in ev)
    print(f"filemetric: {len(ev)} {args.eval_split} files ({ev_lines} lines), {len(bugs)} bugged copies, "
          f"{len(thr)} {args.threshold_split} files for thresholds", flush=True)
    res = {"split_note": f"{len(ev)} files of the {args.eval_split} split (by file), {ev_lines} lines; one bugged "
                        f"copy per file and kind where the kind applies",
           "threshold_split_note": f"clean files of the {args.threshold_split} split ({len(thr)} files, "
                                   f"{sum(f['n_lines'] for f in thr)} lines), at most {args.false_warnings} false "
                                   f"Warning / {args.false_information} false Information per 1,000 lines",
           "clean_lines": ev_lines, "groups": GROUPS, "models": {},
           "primary": args.primary or args.model[0].split("=", 1)[0], "config": {k: str(v) for k, v in vars(args).items()}}
    from .sites_score import JoinedScorer, make_scorer

    scorers = {}
    for spec in args.model:
        name, path = spec.split("=", 1)
        scorers[name] = scorer = make_scorer(path, scorers, thr, Scorer)
        if args.score_cache is not None:
            load_scores(scorer, args.score_cache, name)
        r = evaluate_model(scorer, ev, bugs, thr, args)
        if args.score_cache is not None:
            save_scores(scorer, args.score_cache, name)
        if isinstance(scorer, JoinedScorer):  # each part's own threshold at the joined operating points
            r["part_thresholds"] = {op: scorer.raw_thresholds(v["threshold"]) for op, v in r["operating_points"].items()}
        res["models"][name] = r
        w = r["operating_points"]["warning"]
        print(f"{name}: warning t={w['threshold']:.4f} false/kLOC {w['false_per_kloc']:.2f} located "
              + " ".join(f"{g} {w['located'][g]:.3f}" for g in GROUPS) + f" ({r['seconds']:.0f}s)", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1))
    return res


if __name__ == "__main__":
    main()
