"""MODEL_CARD.md for the shipped artifact, written from validator.json and the run's files."""
from __future__ import annotations

import json
from pathlib import Path


def _f(x, nd=3):
    if x is None:
        return "n/a"
    if isinstance(x, float):
        if x != x:
            return "n/a"
        return f"{x:.{nd}f}"
    return str(x)


def write_card(out: Path, run: Path, vj: dict, targets=None) -> Path:
    targets = targets or {"auroc_all": 0.95, "semantic_precision": 0.9, "top1_localization": 0.6}
    a = vj["architecture"]
    m = vj["metrics"]
    th = vj.get("thresholds", {})
    tr = vj.get("training", {})
    train_cfg = {}
    if (run / "train_config.json").exists():
        train_cfg = json.loads((run / "train_config.json").read_text())
    td = vj["training_data"]
    cs = td.get("corpus_stats") or {}
    notes = ""
    if (run / "CARD_NOTES.md").exists():  # free-form notes on the run, written by hand
        notes = (run / "CARD_NOTES.md").read_text()
    lines = [
        "# pyassist validator — model card",
        "",
        "A small RoBERTa (CodeBERT architecture) encoder trained from scratch to tell correct Python "
        "units from automatically corrupted ones and to point at the corrupted token. Run by the "
        "pyassist server with ONNX Runtime (`model.onnx`, `tokenizer.json`, `validator.json`).",
        "",
        "## Model",
        f"- RoBERTa encoder: {a['num_hidden_layers']} layers, hidden {a['hidden_size']}, "
        f"{a['num_attention_heads']} heads, FFN {a['intermediate_size']}, vocabulary {a['vocab_size']} "
        f"(byte-level BPE trained on the training split), max sequence {vj['max_seq_len']} tokens "
        f"including `<s>`/`</s>`; {_f(a.get('parameters'), 0)} parameters; base: {a.get('base') or 'none (from scratch)'}.",
        "- **Sequence head** (per-sequence kind head): the `<s>` state, a masked max-pool and a pool "
        "weighted by the location head's own distribution go through an MLP to a softmax over "
        f"{len(vj['labels'])} labels (`clean` + {len(vj['labels']) - 1} mutation kinds). "
        "`bug_probability = 1 - P(clean)`; the most likely non-clean kind names the problem and its repair. "
        "A per-sequence kind head was chosen over a per-token one because every training example has at "
        "most one bug, so the kind is a property of the sequence; it costs one output and keeps the "
        "server simple (flag the top token, phrase the message from the kind).",
        "- **Token head**: an MLP giving one logit per token, trained as a pointer: softmax over the "
        "sequence's real positions, target = the tokens overlapping the bug's character span. "
        "`token_scores` is that distribution (sums to 1 per row).",
        "",
        "## Data",
        f"- Sources: {td['sources']}. Units extracted with `ast`: functions, methods, classes of at most "
        "40 lines, blocks of module-level statements; at most 60 lines and 3,000 characters; dedented.",
        f"- {_f(cs.get('files'), 0)} files, {_f(cs.get('units_extracted'), 0)} units extracted, "
        f"{_f(cs.get('dup_exact'), 0)} exact and {_f(cs.get('dup_near'), 0)} near duplicates removed "
        "(near = same token stream without comments, whitespace and docstrings). "
        f"Split {td['split']}. Units: train {_f(cs.get('units_train'), 0)}, val {_f(cs.get('units_val'), 0)}, "
        f"test {_f(cs.get('units_test'), 0)}.",
        "- Examples: each unit gives its clean version and mutated versions (training: 2 per unit, one "
        "shown per epoch, alternating; val/test: 1). About 20% of mutants are syntax corruptions, 80% "
        "semantic mutations that still parse. Kinds are sampled among those that apply to a unit, rare "
        "kinds first. Each mutant records the exact character span of the bug.",
        "",
        "## Training",
        f"- {_f(tr.get('steps'), 0)} steps, {_f(tr.get('train_minutes'), 1)} minutes, "
        f"{_f(tr.get('epochs_completed'), 0)} full epochs completed over {_f(tr.get('train_units'), 0)} "
        "training units (those that fit in max_seq_len), on 2 CPU cores with one thread, bf16 autocast "
        "(fp32 master weights), AdamW, cosine schedule over the time budget."
        + (f" Started from the weights of `{tr['init_from']}` (continued training), not from scratch."
           if tr.get("init_from") else ""),
        f"- Config: `{json.dumps({k: train_cfg.get(k) for k in ('layers', 'hidden', 'heads', 'ffn', 'max_len', 'tokens_per_batch', 'lr', 'warmup_steps', 'max_minutes', 'seed', 'bf16')})}`",
        "- Batches hold the clean and mutated version of the same units (paired), grouped by length.",
        "- Loss: cross-entropy of the kind head + pointer cross-entropy of the location head (on buggy examples).",
        "",
        "![loss](loss.png)",
        "",
        "## Thresholds",
        "Chosen on the validation split, semantic mutations vs clean (1:1 prevalence):",
        "",
        "| name | threshold | target precision | val precision | val recall | target reached |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, t in th.items():
        lines.append(f"| {name} | {_f(t['threshold'], 4)} | {t['target_precision']} | {_f(t['val_precision'])} | "
                     f"{_f(t['val_recall'])} | {t['target_reached']} |")
    lines += [
        "",
        "## Test-split metrics",
        "Test split (files never seen in training), one clean and one mutated example per unit. "
        "Per-kind rows use that kind's mutants and the clean versions of the same units. Precision, "
        "recall, F1 at the **warning** threshold; localization = the top-scored token lies in the bug span.",
        "",
        "| kind | n bugs | AUROC | precision | recall | F1 | top-1 loc. (detected) | top-1 loc. (all bugs) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for g in ["all", "semantic", "syntax"] + list(m.get("per_kind", {})):
        r = m[g] if g in ("all", "semantic", "syntax") else m["per_kind"][g]
        name = f"**{g}**" if g in ("all", "semantic", "syntax") else g
        lines.append(f"| {name} | {_f(r.get('n_bugs'), 0)} | {_f(r.get('auroc'))} | {_f(r.get('precision'))} | "
                     f"{_f(r.get('recall'))} | {_f(r.get('f1'))} | {_f(r.get('top1_localization_detected'))} | "
                     f"{_f(r.get('top1_localization_all_bugs'))} |")
    allm, sem = m["all"], m["semantic"]
    lines += [
        "",
        f"Expected calibration error (bug_probability, test, 10 bins): {_f(m.get('ece'), 4)}.",
        "",
        "### Against the targets",
        "| target | wanted | got |",
        "| --- | --- | --- |",
        f"| sequence AUROC, all kinds | >= {targets['auroc_all']} | {_f(allm.get('auroc'))} |",
        f"| precision on semantic mutations at the shipped threshold | >= {targets['semantic_precision']} | "
        f"{_f(sem.get('precision'))} (recall {_f(sem.get('recall'))}) |",
        f"| top-1 localization of detected bugs | >= {targets['top1_localization']} | "
        f"{_f(allm.get('top1_localization_detected'))} |",
        "",
        "![precision-recall](pr_curve.png) ![reliability](reliability.png)",
        "",
    ]
    if notes:
        lines += [notes.rstrip(), ""]
    lines += [
        "## Intended use and limits",
        "- Flags code that parses but looks wrong, at the suspicious token, with a confidence; the exact "
        "syntax and names layers of the server stay authoritative for syntax errors and undefined names.",
        "- Trained only on synthetic bugs injected into library code (CPython stdlib and a few Debian "
        "Python packages). Real bugs look different; real user code differs in style. Precision at the "
        "threshold is measured at 1:1 prevalence — in real code bugs are far rarer, so expect more false "
        "positives per true finding than the table says; show low-confidence findings quietly.",
        "- Some mutations are undetectable in principle (`<` vs `<=` at a boundary, a swapped pair of "
        "same-typed arguments); recall on them stays low.",
        "- Inputs longer than max_seq_len must be windowed by the caller; the model was trained on whole "
        "units that start at a statement.",
        "- Fine-tuning real CodeBERT weights (`python -m pyvalidator.train --base PATH`) on a GPU is the "
        "way to a much stronger model; this artifact is what 2 shared CPU cores bought in a few hours.",
        "",
        f"Artifact files: model.onnx (SHA-256 {vj['sha256']['model.onnx']}), tokenizer.json "
        f"(SHA-256 {vj['sha256']['tokenizer.json']}), validator.json, golden.json.",
        onnx_line(vj),
    ]
    p = out / "MODEL_CARD.md"
    p.write_text("\n".join(lines) + "\n")
    return p


def onnx_line(vj) -> str:
    o = vj["onnx"]
    fused = ", ".join(f"{n} x{k}" for n, k in sorted(o.get("fused_ops", {}).items()))
    return (f"ONNX: opset {o['opset']}, {'int8 dynamic-quantized' if o.get('quantized_int8') else 'fp32'}, "
            f"{'fused for ONNX Runtime CPU (' + fused + ')' if fused else 'plain ONNX ops'}.")


# ---------------------------------------------------------------- format 2 (token-rtd)
def metric_tables(m: dict, model: str) -> list[str]:
    """Per-kind located / false findings per 1,000 clean lines at the operating points, and the curve."""
    r = m["models"][model]
    ops = r["operating_points"]
    lines = [f"Held-out files: {m['split_note']}. Thresholds: {m['threshold_split_note']}.", "",
             "| kind | n | " + " | ".join(f"located at {n} ({_f(o['threshold'], 3)})" for n, o in ops.items()) + " |",
             "| --- | ---: | " + " | ".join("---:" for _ in ops) + " |"]
    for k in r["kinds"]:
        lines.append(f"| {k} | {r['kinds'][k]['n']} | "
                     + " | ".join(f"{_f(o['located'].get(k), 3)}" for o in ops.values()) + " |")
    lines.append("| **false findings per 1,000 clean lines** | "
                 f"{m['clean_lines']} lines | " + " | ".join(f"{_f(o['false_per_kloc'], 2)}" for o in ops.values())
                 + " |")
    groups = list(r["curve"][0]["located"]) if r["curve"] else []
    lines += ["", "Curve (findings at or above the threshold):", "",
              "| threshold | false per kLOC | " + " | ".join(groups) + " |",
              "| ---: | ---: | " + " | ".join("---:" for _ in groups) + " |"]
    for c in r["curve"]:
        lines.append(f"| {_f(c['threshold'], 3)} | {_f(c['false_per_kloc'], 2)} | "
                     + " | ".join(_f(c["located"][g], 3) for g in groups) + " |")
    return lines


def write_card_v2(out: Path, vj: dict, metric_path=None, extra_path=None, model=None) -> Path:
    a, tr, th = vj["architecture"], vj.get("training", {}), vj["thresholds"]
    lines = [
        "# pyassist validator — model card (format 2, token-rtd)",
        "",
        "A small RoBERTa encoder trained from scratch by replaced-token detection (ELECTRA's discriminator "
        "task on plausible bugs): every token of a unit gets P(this token was corrupted), and a repair head "
        "names the original token, so the quick fix is the model's own. Run by the pyassist server with "
        "ONNX Runtime (`model.onnx`, `tokenizer.json`, `validator.json`, format 2).",
        "",
        "## Model",
        f"- Encoder: {a['num_hidden_layers']} layers, hidden {a['hidden_size']}, {a['num_attention_heads']} heads, "
        f"FFN {a['intermediate_size']}, vocabulary {a['vocab_size']}, max sequence {vj['max_seq_len']} tokens "
        f"including `<s>`/`</s>`; {_f(a.get('parameters'), 0)} parameters.",
        f"- Heads: {a['heads']}. Outputs: token_bug_probability, top-{vj['repair_top_k']} repair ids and "
        "probabilities, bug_probability (max over tokens).",
        "",
        "## Training",
        f"- {_f(tr.get('steps'), 0)} steps, {_f(tr.get('budget_minutes_used'), 1)} minutes of "
        f"{tr.get('clock')} time, {_f(tr.get('epochs'), 2)} epochs over {_f(tr.get('train_examples'), 0)} "
        f"corrupted/clean examples; validation token AUROC {_f(tr.get('val_token_auroc'))}, repair top-1 "
        f"accuracy at corrupted tokens {_f(tr.get('val_repair_acc'))}.",
        "",
        "## Thresholds",
        f"- warning {_f(th['warning'], 4)}, information {_f(th['information'], 4)}: the lowest thresholds with at "
        f"most {vj['threshold_policy']['false_warnings_per_kloc']} false Warning and at most "
        f"{vj['threshold_policy']['false_information_per_kloc']} false findings per 1,000 clean lines "
        f"({vj['threshold_policy'].get('measured_on')}).",
        "",
    ]
    if metric_path:
        m = json.loads(Path(metric_path).read_text())
        name = model or m.get("primary") or next(iter(m["models"]))
        lines += ["## What users feel: bugs located in whole held-out files", ""] + metric_tables(m, name) + [""]
        for other in m["models"]:
            if other != name:
                lines += [f"### Same run: `{other}`", ""] + metric_tables(m, other) + [""]
    if extra_path and Path(extra_path).exists():
        lines += [Path(extra_path).read_text().rstrip(), ""]
    lines += [
        "## Intended use and limits",
        "- Trained only on synthetic bugs injected into library code (CPython stdlib and six Debian Python "
        "packages); real bugs and real user code differ. Syntax errors belong to the server's parser: a file "
        "that does not parse is not scored by the validator.",
        "",
        f"Artifact files: model.onnx (SHA-256 {vj['sha256']['model.onnx']}), tokenizer.json "
        f"(SHA-256 {vj['sha256']['tokenizer.json']}), validator.json, golden.json.",
        f"ONNX: opset {vj['onnx']['opset']}, fp32, "
        + (f"fused ({', '.join(f'{n} x{k}' for n, k in sorted(vj['onnx']['fused_ops'].items()))})."
           if vj["onnx"].get("fused_ops") else "plain ONNX ops."),
    ]
    p = out / "MODEL_CARD.md"
    p.write_text("\n".join(lines) + "\n")
    return p


FILE_METRIC_HEADING = "## What users feel: bugs located in whole held-out files"


def add_file_metric(card: Path, metric_path, model: str, extra_path=None) -> Path:
    """Put (or replace) the file-metric section, with the curve, the operating points and an optional
    bake-off, into an existing MODEL_CARD.md, before its "Intended use" section.

        python -m pyvalidator.card --card validator/MODEL_CARD.md --metric runs/fm.json --model shipped \
            [--extra runs/bake/bakeoff.md]
    """
    card = Path(card)
    text = card.read_text()
    m = json.loads(Path(metric_path).read_text())
    sec = [FILE_METRIC_HEADING, "", f"Model `{model}` (`{m['models'][model]['path']}`)."] + metric_tables(m, model)
    for other in m["models"]:
        if other != model:
            sec += ["", f"### Same run: `{other}`", ""] + metric_tables(m, other)
    if extra_path and Path(extra_path).exists():
        sec += ["", Path(extra_path).read_text().rstrip()]
    sec = "\n".join(sec) + "\n\n"
    if FILE_METRIC_HEADING in text:
        a = text.index(FILE_METRIC_HEADING)
        b = text.index("## Intended use", a)
        text = text[:a] + sec + text[b:]
    else:
        a = text.index("## Intended use")
        text = text[:a] + sec + text[a:]
    card.write_text(text)
    return card


SITES_HEADING = "### Bake-off: DeepBugs-style per-site detectors"


def sites_bakeoff(m: dict, describe: dict, earlier: list | None = None) -> str:
    """The bake-off rows of the per-site detectors beside the other models of the same file-metric run: located
    at Warning per kind at each model's own thresholds (<= 1 false Warning / 3 false Information per 1,000 clean
    validation lines; a join holds the sum of its parts to that budget), and the joined model's curve.
    `earlier`: rows measured in another run on the same files and bugs (e.g. the token-rtd model)."""
    kinds = ["wrong_operator", "variable_misuse", "swapped_arguments", "semantic", "syntax"]
    lines = [SITES_HEADING, "", f"Held-out files: {m['split_note']}. Thresholds: {m['threshold_split_note']}.", "",
             "| model | located at Warning: wrong operator | variable misuse | swapped arguments | all semantic "
             "| syntax | false Warning / kLOC (test) | located at Information: semantic | false Information / kLOC |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    rows = [(name, m["models"][name]) for name in describe] + [(r["name"], r) for r in earlier or []]
    for name, r in rows:
        w, i = r["operating_points"]["warning"], r["operating_points"]["information"]
        lines.append(f"| {describe.get(name, name)} | " + " | ".join(f"{100 * w['located'][k]:.1f}%" for k in kinds)
                     + f" | {_f(w['false_per_kloc'], 2)} | {100 * i['located']['semantic']:.1f}% | "
                       f"{_f(i['false_per_kloc'], 2)} |")
    for name, r in rows:
        if "part_thresholds" in r:
            pt = r["part_thresholds"]
            lines += ["", f"`{name}`: each part's own threshold at the joined Warning point: "
                      + ", ".join(f"{p} {_f(t, 4)}" for p, t in pt["warning"].items())
                      + "; at the Information point: " + ", ".join(f"{p} {_f(t, 4)}" for p, t in pt["information"].items())
                      + "."]
            lines += ["", f"Curve of `{name}` (threshold on the joined scale u = 1 / (1 + validation false "
                      "findings per kLOC of the part at that score)):", "",
                      "| u | false per kLOC | " + " | ".join(kinds) + " |", "| ---: | ---: | " + " | ".join("---:" for _ in kinds) + " |"]
            for c in r["curve"]:
                lines.append(f"| {_f(c['threshold'], 3)} | {_f(c['false_per_kloc'], 2)} | "
                             + " | ".join(f"{100 * c['located'][k]:.1f}%" for k in kinds) + " |")
    return "\n".join(lines) + "\n"


def add_sites_bakeoff(card: Path, metric_path, describe: dict, earlier: list | None = None, also=(), notes="") -> Path:
    """Put (or replace) the per-site bake-off section into MODEL_CARD.md, before "## Intended use".
    `earlier`: [(metric json path, model name, label)] of other runs over the same files and bugs;
    `also`: [(title, metric json path, describe)] more tables (e.g. a smaller run with every model in one process)."""
    card = Path(card)
    text = card.read_text()
    m = json.loads(Path(metric_path).read_text())
    rows = []
    for path, name, label in earlier or []:
        o = json.loads(Path(path).read_text())
        if o["split_note"] != m["split_note"] or o["threshold_split_note"] != m["threshold_split_note"]:
            raise SystemExit(f"card: {path} was measured on other files than {metric_path}")
        rows.append(dict(o["models"][name], name=label))
    sec = sites_bakeoff(m, describe, rows) + (("\n" + notes.rstrip() + "\n") if notes else "")
    for title, path, desc in also:
        sec += "\n" + sites_bakeoff(json.loads(Path(path).read_text()), desc).replace(SITES_HEADING, "#### " + title)
    if SITES_HEADING in text:
        a = text.index(SITES_HEADING)
        b = text.index("\n## ", a)
        text = text[:a] + sec + text[b:]
    else:
        a = text.index("## Intended use")
        text = text[:a] + sec + "\n" + text[a:]
    card.write_text(text)
    return card


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=add_file_metric.__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--card", type=Path, required=True)
    ap.add_argument("--metric", type=Path, required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--extra", type=Path, default=None)
    a = ap.parse_args()
    add_file_metric(a.card, a.metric, a.model, a.extra)
