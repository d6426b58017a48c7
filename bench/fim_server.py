#!/usr/bin/env python3
"""A loopback OpenAI-compatible text completions server (POST /v1/completions) over a transformers checkpoint.

For complete_bench.py: the "completion endpoint" side of the inline completion benchmark, the way a user would run
vLLM, llama.cpp server or Ollama, here with the same bench model the local engine runs. Greedy decoding, token by
token with the model's own K/V cache inside one request; no cache across requests (each request computes its whole
prompt). Streams server-sent events when asked; stops at max_tokens, at a stop sequence, or when the client closes
the connection (pyassist aborts a request the next keystroke replaced).

    models/.venv/bin/python bench/fim_server.py MODEL_DIR [--port 0] [--threads 2]

Prints "listening on http://127.0.0.1:PORT/v1" on stdout once it accepts requests.
"""
from __future__ import annotations

import argparse
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Lock


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    import torch
    from transformers import AutoTokenizer, GPTBigCodeForCausalLM

    torch.set_num_threads(args.threads)
    tok = AutoTokenizer.from_pretrained(args.model)
    model = GPTBigCodeForCausalLM.from_pretrained(args.model, torch_dtype=torch.float32).eval()
    one_at_a_time = Lock()  # one model, one set of threads: requests queue like on a single-GPU server

    def generate(prompt: str, max_tokens: int, stop: list[str], emit) -> str:
        ids = tok(prompt, return_tensors="pt").input_ids
        text = ""
        past = None
        with one_at_a_time, torch.inference_mode():
            for _ in range(max_tokens):
                out = model(input_ids=ids, past_key_values=past, use_cache=True)
                past = out.past_key_values
                next_id = int(out.logits[0, -1].argmax())
                if next_id == tok.eos_token_id:
                    break
                piece = tok.decode([next_id])
                before = len(text)
                text += piece
                cuts = [text.find(s, max(0, before - len(s))) for s in stop if s]
                cut = min((c for c in cuts if c >= 0), default=-1)
                if cut >= 0:
                    if cut > before:
                        emit(text[before:cut])
                    return text[:cut]
                if not emit(piece):
                    break  # the client went away
                ids = torch.tensor([[next_id]])
        return text

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            pass

        def do_POST(self):
            if not self.path.endswith("/v1/completions"):
                self.send_error(404)
                return
            req = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
            stop = req.get("stop") or []
            stop = [stop] if isinstance(stop, str) else stop
            max_tokens = int(req.get("max_tokens", 16))
            model_name = req.get("model", "bench")
            if not req.get("stream"):
                text = generate(req["prompt"], max_tokens, stop, lambda piece: True)
                body = json.dumps({"object": "text_completion", "model": model_name,
                                   "choices": [{"index": 0, "text": text, "finish_reason": "stop"}]}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()

            def chunk(data: str) -> bool:
                frame = f"data: {data}\n\n".encode()
                try:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(frame), frame))
                    self.wfile.flush()
                    return True
                except (BrokenPipeError, ConnectionResetError):
                    return False

            def emit(piece: str) -> bool:
                return chunk(json.dumps({"object": "text_completion", "model": model_name,
                                         "choices": [{"index": 0, "text": piece, "finish_reason": None}]}))

            generate(req["prompt"], max_tokens, stop, emit)
            if chunk(json.dumps({"object": "text_completion", "model": model_name,
                                 "choices": [{"index": 0, "text": "", "finish_reason": "stop"}]})) and chunk("[DONE]"):
                try:
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}/v1", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
