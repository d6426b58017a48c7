"""Scorers for the file metric: the per-site detectors alone, and several models' findings joined.

- SiteScorer(path): a `sites` folder (sites.json + swap/op/misuse.onnx, run by ONNX Runtime); each site of a
  unit is a finding candidate at its suspicious token with the detector's log-odds (format sites-2; a sites-1
  folder's op and misuse detectors give probabilities, misuse 1 - p(current); its swap detector reads 4 slots,
  not S_SWAP, and no longer fits). `component` picks one detector ("swap", "op", "misuse")
  or all. A swap site that the flow layer's exact check reports (st.exact_swap) is left out: the learned
  detector is measured on what it adds. set_context({unit text: file signatures}) gives the units the
  signatures of their files, as the server has them.
- JoinedScorer(parts, val_texts, val_kloc): the union of the parts' findings. Scores of different models are not
  comparable, so each part's score s is mapped to a common scale by its own false findings on the clean
  validation units: u(s) = 1 / (1 + r(s)), r(s) = findings with score >= s per 1,000 validation lines, divided by
  the part's weight. A single threshold on u then gives each part (about) weight-proportional shares of the
  false-alarm budget, and the metric's threshold choice on the validation files holds the sum to the budget.
  raw_thresholds(u) tells each part's own threshold for a chosen u (what validator.json ships).
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np

from . import sites as st


def site_arrays(sites: list[st.Site]) -> dict:
    """Model inputs for the sites of one or more units, by detector."""
    sw = [s for s in sites if s.kind == "swap"]
    op = [s for s in sites if s.kind == "op"]
    mi = [s for s in sites if s.kind == "misuse"]
    out = {"swap": np.array([st.encode_tokens(s.tokens, st.S_SWAP) for s in sw], dtype=np.int64).reshape(-1, st.S_SWAP, st.T),
           "op": np.array([st.encode_tokens(s.tokens, st.S) for s in op], dtype=np.int64).reshape(-1, st.S, st.T)}
    enc = [st.encode_misuse(s) for s in mi]
    out["misuse"] = (np.array([e[0] for e in enc], dtype=np.int64).reshape(-1, 2, st.T),
                     np.array([e[1] for e in enc], dtype=np.int64).reshape(-1, st.K, st.T),
                     np.array([e[2] for e in enc], dtype=np.float32).reshape(-1, st.K, st.F),
                     np.array([e[3] for e in enc], dtype=np.float32).reshape(-1, st.K))
    return out, {"swap": sw, "op": op, "misuse": mi}


class SiteModels:
    """The three ONNX detectors of a sites folder."""

    def __init__(self, path: Path):
        from .export import ort_session

        self.meta = json.loads((Path(path) / "sites.json").read_text())
        self.logit = self.meta.get("score") == "logit"
        self.sess = {k: ort_session(Path(path) / f"{k}.onnx") for k in ("swap", "op", "misuse")}

    def run(self, sites: list[st.Site]) -> list[dict]:
        """-> per site {score, expected} in the order of `sites`."""
        arrays, by_kind = site_arrays(sites)
        res = {}
        if by_kind["swap"]:
            p = self.sess["swap"].run(None, {"tokens": arrays["swap"]})[0]
            for s, v in zip(by_kind["swap"], p):
                res[id(s)] = {"score": float(v), "expected": "swap"}
        if by_kind["op"]:
            p, rep = self.sess["op"].run(None, {"tokens": arrays["op"]})
            for s, v, r in zip(by_kind["op"], p, rep):
                r = r.copy()  # the best other operator of the same class (comparison or arithmetic)
                cur = st.OPS.index(s.current)
                cmp = cur < st.N_COMPARISONS
                r[cur] = -1
                if cmp:
                    r[st.N_COMPARISONS:] = -1
                else:
                    r[:st.N_COMPARISONS] = -1
                res[id(s)] = {"score": float(v), "expected": st.OPS[int(r.argmax())]}
        if by_kind["misuse"]:
            c, k, n, m = arrays["misuse"]
            outs = self.sess["misuse"].run(None, {"context": c, "candidates": k, "numbers": n, "mask": m})
            if self.logit:
                z, p = outs
            else:
                p = outs[0]
                z = 1.0 - p[:, 0]
            for s, v, zz in zip(by_kind["misuse"], p, z):
                j = int(np.argmax(v[1:])) + 1 if len(s.cands) > 1 else 0
                res[id(s)] = {"score": float(zz), "expected": s.cands[j]}
        return [res[id(s)] for s in sites]


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


class SiteScorer:
    """filemetric's Scorer interface (format 3, `sites`): score(texts) -> per text [n, 4] (line, col, score, 0).
    only(kind) is the same models restricted to one detector, sharing the extraction cache."""

    KINDS = ("swap", "op", "misuse")

    def __init__(self, path: Path, component: str | None = None, _shared=None):
        self.path, self.format, self.shipped = Path(path), 3, {}
        self.models, self.all, self.sigs = _shared or (SiteModels(path), {}, {})
        self.component = component
        self.logit = self.models.logit

    def only(self, kind: str) -> "SiteScorer":
        return SiteScorer(self.path, kind, (self.models, self.all, self.sigs))

    def set_context(self, sigs_of_text: dict) -> None:
        for t, sig in sigs_of_text.items():
            self.sigs.setdefault(t, sig)

    def _rows(self, t: str) -> np.ndarray:
        try:
            sites = [s for s in st.extract(t, ast.parse(t), self.sigs.get(t)) if not s.exact]
        except (SyntaxError, ValueError, RecursionError):
            sites = []
        rows = [(*_line_col(t, s.start), r["score"], 0.0, self.KINDS.index(s.kind))
                for s, r in zip(sites, self.models.run(sites))] if sites else []
        return np.array(sorted(rows), dtype=np.float64).reshape(-1, 5)

    def score(self, texts: list[str]) -> list[np.ndarray]:
        for t in dict.fromkeys(texts):
            if t not in self.all:
                self.all[t] = self._rows(t)
        if self.component is None:
            return [self.all[t][:, :4] for t in texts]
        k = self.KINDS.index(self.component)
        return [self.all[t][self.all[t][:, 4] == k][:, :4] for t in texts]


class JoinedScorer:
    def __init__(self, parts: list, weights: list[float], val_texts: list[str], val_kloc: float, names: list[str]):
        self.parts, self.names, self.format, self.shipped = parts, names, 0, {}
        self.path = "+".join(names)
        self.curves = []  # per part: sorted validation scores of findings (descending rates)
        for p, w in zip(parts, weights):
            sc = p.score(val_texts)
            allv = np.concatenate([s for s in sc if len(s)] or [np.zeros((0, 4))])
            self.curves.append((np.sort(allv[:, 2]), val_kloc * w, p.format == 2))
        self.cache: dict[str, np.ndarray] = {}

    def set_context(self, sigs_of_text: dict) -> None:
        for p in self.parts:
            if hasattr(p, "set_context"):
                p.set_context(sigs_of_text)

    def _u(self, i, s):
        vals, kloc_w, _ = self.curves[i]
        r = (len(vals) - np.searchsorted(vals, s, side="left")) / kloc_w
        return 1.0 / (1.0 + r)

    def raw_thresholds(self, u: float) -> dict:
        """Each part's own threshold for a threshold u on the joined scale (the lowest raw score with u(s) >= u);
        None when only a score above all the part's validation findings would do (the part is off)."""
        out = {}
        for i, name in enumerate(self.names):
            vals = self.curves[i][0]
            top = np.nextafter(max(float(vals.max()) if len(vals) else -np.inf,
                                   -np.inf if getattr(self.parts[i], "logit", False) else 1.0), np.inf)
            vals = np.unique(np.concatenate([vals, [top]]))
            ok = vals[self._u(i, vals) >= u]
            out[name] = float(ok.min()) if len(ok) and ok.min() < top else None
        return out

    def score(self, texts: list[str]) -> list[np.ndarray]:
        per = [p.score(texts) for p in self.parts]
        out = []
        for k in range(len(texts)):
            rows = []
            for i in range(len(self.parts)):
                a = per[i][k]
                if len(a):
                    b = a.copy()
                    b[:, 2] = self._u(i, a[:, 2])
                    b[:, 3] = np.where(a[:, 3] > 0, self._u(i, a[:, 3]), 0.0) if self.curves[i][2] else 0.0
                    rows.append(b)
            out.append(np.concatenate(rows) if rows else np.zeros((0, 4)))
        return out


def make_scorer(path: str, earlier: dict, thr_files: list, plain):
    """filemetric's --model PATH forms besides an artifact or model folder (`plain`):
    DIR (with sites.json) = all three detectors; DIR#swap|op|misuse = one of them;
    join:NAME[*WEIGHT],NAME... = the union of models named earlier in the same run."""
    if path.startswith("join:"):
        names, weights = [], []
        for part in path[5:].split(","):
            n, _, w = part.partition("*")
            if n not in earlier:
                raise SystemExit(f"filemetric: error: join: no model named {n!r} earlier in this run")
            names.append(n)
            weights.append(float(w or 1.0))
        texts = [u["text"] for f in thr_files for u in f["units"]]
        kloc = sum(f["n_lines"] for f in thr_files) / 1000
        return JoinedScorer([earlier[n] for n in names], weights, texts, kloc, names)
    base, _, kind = path.partition("#")
    if (Path(base) / "sites.json").exists():
        shared = next((s for s in earlier.values() if isinstance(s, SiteScorer) and s.path == Path(base)), None)
        whole = SiteScorer(Path(base), None, (shared.models, shared.all, shared.sigs) if shared else None)
        return whole.only(kind) if kind else whole
    return plain(Path(path))
