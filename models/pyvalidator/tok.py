"""Step 3: train a byte-level BPE tokenizer (RoBERTa conventions) on the training split.

    python -m pyvalidator.tok --corpus data/corpus --out data/tokenizer --vocab-size 8000

Special tokens as RoBERTa: <s>=0 <pad>=1 </s>=2 <unk>=3 <mask>=4. No lowercasing,
no normalizer, no prefix space; the post-processor adds <s> ... </s>.
Offsets are code points into the input string (trim_offsets drops the leading space).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

from .common import DATA_DIR, read_jsonl, save_config

SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]


def finish(tok: Tokenizer) -> Tokenizer:
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.RobertaProcessing(
        ("</s>", tok.token_to_id("</s>")), ("<s>", tok.token_to_id("<s>")),
        trim_offsets=True, add_prefix_space=False)
    return tok


def train_tokenizer(texts, vocab_size=8000, min_frequency=2) -> Tokenizer:
    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=min_frequency,
                                  special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tok.train_from_iterator(texts, trainer=trainer)
    return finish(tok)


def from_base(base: Path) -> Tokenizer:
    """Tokenizer of a Hugging Face RoBERTa folder: tokenizer.json, else vocab.json + merges.txt."""
    base = Path(base)
    if (base / "tokenizer.json").exists():
        return Tokenizer.from_file(str(base / "tokenizer.json"))
    bpe = models.BPE.from_file(str(base / "vocab.json"), str(base / "merges.txt"))
    tok = Tokenizer(bpe)
    tok.add_special_tokens(SPECIALS)
    return finish(tok)


def legacy_merges(path) -> None:
    """Rewrite BPE merges as "a b" strings (the pre-0.20 tokenizers format, still read by newer
    versions), so older Rust tokenizers (e.g. the one inside DJL) load the file too.
    Byte-level tokens never contain a space, so this is lossless."""
    path = Path(path)
    d = json.loads(path.read_text(encoding="utf-8"))
    merges = d.get("model", {}).get("merges")
    if merges and isinstance(merges[0], list):
        assert all(" " not in a and " " not in b for a, b in merges)
        d["model"]["merges"] = [f"{a} {b}" for a, b in merges]
        path.write_text(json.dumps(d, ensure_ascii=False, indent=None), encoding="utf-8")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DATA_DIR / "corpus")
    ap.add_argument("--out", type=Path, default=DATA_DIR / "tokenizer")
    ap.add_argument("--vocab-size", type=int, default=8000)
    ap.add_argument("--min-frequency", type=int, default=2)
    ap.add_argument("--max-units", type=int, default=0)
    args = ap.parse_args(argv)
    texts = [u["code"] for u in read_jsonl(args.corpus / "train.jsonl")]
    if args.max_units:
        texts = texts[: args.max_units]
    tok = train_tokenizer(texts, args.vocab_size, args.min_frequency)
    args.out.mkdir(parents=True, exist_ok=True)
    tok.save(str(args.out / "tokenizer.json"))
    legacy_merges(args.out / "tokenizer.json")
    tok = Tokenizer.from_file(str(args.out / "tokenizer.json"))
    lens = sorted(len(tok.encode(t).ids) for t in texts[:5000])
    stats = {"vocab_size": tok.get_vocab_size(), "units": len(texts),
             "tokens_median": lens[len(lens) // 2] if lens else 0,
             "tokens_p90": lens[int(len(lens) * 0.9)] if lens else 0}
    save_config(args.out, "tokenizer", args, stats=stats)
    print("tokenizer:", json.dumps(stats))


if __name__ == "__main__":
    main()
