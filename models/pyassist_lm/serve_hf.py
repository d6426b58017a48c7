"""A small OpenAI-compatible server for a gpt_bigcode base and its LoRA adapters, run by `transformers` + `peft`.

    python -m pyassist_lm.serve_hf --base DIR --adapter summarize=ADAPTER [--adapter generate=...] --port 8000
    python -m pyassist_lm.evaluate --backend openai --base-url http://127.0.0.1:8000/v1 --model summarize ...

For evaluating an adapter without the Java engine, and for comparing the two engines on the same adapter.
`model` in the request names an adapter (its `pyassist_task.json` template and stop strings are used) or
`base:TASK` (the base model with the built-in template of TASK). The last user message is the record's input;
the system message is ignored (the adapter was trained on its template, not on chat). One request at a time.
Not for production: no authentication, binds to 127.0.0.1 by default.
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .backends import parse_adapters
from .common import UserError
from .lora_train import check_base
from .templates import TEMPLATES, read_task_file, render


class HfGenerator:
    def __init__(self, base: str, adapters: dict[str, str]):
        import torch
        from tokenizers import Tokenizer
        from transformers import AutoModelForCausalLM

        cfg = check_base(base)
        self.eos_id = cfg.get("eos_token_id")
        self.tok = Tokenizer.from_file(str(Path(base) / "tokenizer.json"))
        model = AutoModelForCausalLM.from_pretrained(base, use_safetensors=True, dtype=torch.float32)
        self.templates = {t: read_task_file(d) for t, d in adapters.items()}
        if adapters:
            from peft import PeftModel

            items = list(adapters.items())
            model = PeftModel.from_pretrained(model, items[0][1], adapter_name=items[0][0])
            for name, d in items[1:]:
                model.load_adapter(d, adapter_name=name)
        self.model = model.eval()
        self.lock = threading.Lock()

    def generate(self, model_name: str, user: str, max_tokens: int, temperature: float, seed: int) -> tuple[str, str]:
        """-> (text, finish_reason)."""
        import torch

        adapter = None
        if model_name in self.templates:
            adapter, tpl = model_name, self.templates[model_name]
        elif model_name.startswith("base:") and model_name[5:] in TEMPLATES:
            tpl = TEMPLATES[model_name[5:]]
        else:
            raise UserError(f"unknown model {model_name!r}: one of {sorted(self.templates)} or base:TASK")
        prompt = render(tpl, {"input": user, "instruction": user})
        ids = torch.tensor([self.tok.encode(prompt, add_special_tokens=False).ids])   # [1, T]
        with self.lock, torch.no_grad():
            torch.manual_seed(seed)
            m = self.model
            ctx = m.disable_adapter() if adapter is None and hasattr(m, "disable_adapter") else None
            if adapter is not None:
                m.set_adapter(adapter)
            kw = dict(max_new_tokens=max_tokens, eos_token_id=self.eos_id, pad_token_id=self.eos_id,
                      do_sample=temperature > 0, attention_mask=torch.ones_like(ids))
            if temperature > 0:
                kw["temperature"] = temperature
            if ctx is not None:
                with ctx:
                    out = m.generate(input_ids=ids, **kw)
            else:
                out = m.generate(input_ids=ids, **kw)
        new = out[0, ids.shape[1]:].tolist()
        finish = "stop" if self.eos_id in new else "length"
        if self.eos_id in new:
            new = new[: new.index(self.eos_id)]
        text = self.tok.decode(new)
        cut = [text.index(s) for s in tpl.stop if s in text]
        if cut:
            text, finish = text[: min(cut)], "stop"
        return text, finish


def make_server(gen: HfGenerator, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            print("[serve_hf] " + fmt % a, file=sys.stderr)

        def reply(self, code: int, obj: dict):
            data = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self.reply(404, {"error": {"message": f"no route {self.path}"}})
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                user = [m["content"] for m in body["messages"] if m.get("role") == "user"][-1]
                text, finish = gen.generate(body["model"], user, int(body.get("max_tokens") or 256),
                                            float(body.get("temperature") or 0.0), int(body.get("seed") or 0))
            except (UserError, KeyError, IndexError, ValueError, TypeError) as e:
                return self.reply(400, {"error": {"message": str(e)}})
            self.reply(200, {"object": "chat.completion", "model": body["model"],
                             "choices": [{"index": 0, "finish_reason": finish,
                                          "message": {"role": "assistant", "content": text}}]})

    return ThreadingHTTPServer((host, port), Handler)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pyassist_lm.serve_hf", description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--adapter", action="append", default=[], metavar="TASK=DIR")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    a = ap.parse_args(argv)
    try:
        gen = HfGenerator(a.base, parse_adapters(a.adapter))
    except UserError as e:
        print(f"serve_hf: error: {e}", file=sys.stderr)
        return 1
    srv = make_server(gen, a.host, a.port)
    print(f"[serve_hf] http://{a.host}:{srv.server_address[1]}/v1 (models: "
          f"{', '.join(sorted(gen.templates)) or 'none'}, base:TASK)", file=sys.stderr, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
