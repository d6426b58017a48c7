"""Generation backends for the evaluation: any OpenAI-compatible chat completions endpoint (plain HTTP
with urllib), and the local engine through `java -jar pyassist.jar generate`.
"""
from __future__ import annotations

import email.utils
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .common import UserError
from .templates import TEMPLATES, Example, TaskTemplate, read_task_file, render


ARG_LIMIT = 100_000  # bytes; longer prompts go through `generate --prompt-file`


class BackendError(Exception):
    """One generation failed (after retries); the evaluation records it and goes on."""


@dataclass(frozen=True)
class Sampling:
    max_tokens: int = 256
    temperature: float = 0.0
    seed: int = 0


SYSTEM_PROMPTS = {
    "summarize": "You summarize Python code in one or two sentences, in the style of a docstring. "
                 "Answer with the summary only.",
    "generate": "Complete the Python function below. Answer with the code of the function body only, "
                "in one ```python block, without repeating the signature or docstring.",
    "translate": "Translate the Python code to {language}. Answer with the translated code only, in one code block.",
    "instruction": "You are a helpful assistant for Python programmers.",
}

_FENCE = re.compile(r"```[a-zA-Z0-9_+-]*[ \t]*\n(.*?)(?:```|\Z)", re.S)


def strip_fences(text: str) -> str:
    """The first fenced code block of a chat answer, or the answer as it is when it has none."""
    m = _FENCE.search(text)
    return m.group(1) if m else text


def chat_messages(task: str, ex: Example) -> list[dict]:
    lang = ex.extra.get("language") or "Java"
    system = SYSTEM_PROMPTS[task].replace("{language}", lang)
    if task == "instruction" or ex.instruction:
        user = ex.instruction + ("\n\n" + ex.raw_input if ex.raw_input.strip() else "")
    else:
        user = ex.raw_input
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class OpenAIBackend:
    """POST {base_url}/chat/completions; key from OPENAI_API_KEY (optional for local servers)."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout_s: float = 120.0,
                 max_retries: int = 5, max_wait_s: float = 60.0):
        if not base_url or not model:
            raise UserError("--backend openai needs --base-url and --model")
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
        self.timeout_s, self.max_retries, self.max_wait_s = timeout_s, max_retries, max_wait_s
        self.retries = 0  # total retries taken (for the report)

    def describe(self) -> str:
        return self.model

    def _post(self, body: dict) -> dict:
        data = json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = "Bearer " + self.api_key
        attempt = 0
        while True:
            req = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
                    return json.loads(resp.read().decode("utf-8"))
            except urllib.error.HTTPError as e:
                detail = e.read()[:300].decode("utf-8", errors="replace")
                retryable = e.code == 429 or e.code >= 500
                if not retryable or attempt >= self.max_retries:
                    raise BackendError(f"HTTP {e.code} from {self.url}: {detail}") from None
                wait = retry_after_seconds(e.headers.get("Retry-After"))
            except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
                if attempt >= self.max_retries:
                    raise BackendError(f"cannot reach {self.url}: {getattr(e, 'reason', e)}") from None
                wait = None
            except json.JSONDecodeError as e:
                raise BackendError(f"{self.url} answered with something that is not JSON ({e.msg})") from None
            wait = min(self.max_wait_s, wait if wait is not None else 2.0 ** attempt)
            attempt += 1
            self.retries += 1
            time.sleep(wait)

    def complete(self, task: str, ex: Example, s: Sampling) -> str:
        body = {"model": self.model, "messages": chat_messages(task, ex), "temperature": s.temperature,
                "max_tokens": s.max_tokens, "seed": s.seed}
        resp = self._post(body)
        try:
            text = resp["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError):
            raise BackendError(f"{self.url}: no choices[0].message.content in the answer") from None
        return strip_fences(text) if task in ("generate", "translate") else text.strip()


class LocalBackend:
    """`java -jar <jar> generate --model DIR [--adapter TASK=DIR ...] [--task T] --prompt TEXT ...`.

    The prompt is built here with the adapter's `pyassist_task.json` template (the built-in template of
    the task when no adapter is given for it), and the adapter's stop strings are passed with --stop.
    """

    def __init__(self, jar: str, model_dir: str, adapters: dict[str, str], timeout_s: float = 600.0,
                 java: str = "java"):
        if not model_dir:
            raise UserError("--backend local needs --local-model DIR")
        if not Path(jar).is_file():
            raise UserError(f"{jar}: no such file (build it with mvn package, or pass --pyassist-jar)")
        if not Path(model_dir).is_dir():
            raise UserError(f"{model_dir}: no such folder")
        self.jar, self.model_dir, self.adapters, self.timeout_s, self.java = jar, model_dir, adapters, timeout_s, java
        self.templates: dict[str, TaskTemplate] = {t: read_task_file(d) for t, d in adapters.items()}

    def describe(self) -> str:
        names = ",".join(sorted(self.adapters))
        return f"local:{Path(self.model_dir).name}" + (f"+{names}" if names else "")

    def template(self, task: str) -> TaskTemplate:
        return self.templates.get(task) or TEMPLATES[task]

    def prompt_for(self, task: str, ex: Example) -> str:
        fields = {"input": ex.raw_input, "instruction": ex.instruction, **ex.extra}
        return render(self.template(task), fields)

    def command(self, task: str, prompt: str, s: Sampling) -> list[str]:
        cmd = [self.java, "-jar", self.jar, "generate", "--model", self.model_dir]
        for t, d in self.adapters.items():
            cmd += ["--adapter", f"{t}={d}"]
        if task in self.adapters:
            cmd += ["--task", task]
        # --opt=value, so a prompt or stop string that starts with '-' is never read as an option
        cmd += ["--prompt=" + prompt, "--max-tokens", str(s.max_tokens), "--temperature", str(s.temperature),
                "--seed", str(s.seed)]
        cmd += ["--stop=" + stop for stop in self.template(task).stop]
        return cmd

    def complete(self, task: str, ex: Example, s: Sampling) -> str:
        prompt = self.prompt_for(task, ex)
        with tempfile.TemporaryDirectory(prefix="pyassist-eval-") as tmp:
            cmd = self.command(task, prompt, s)
            if len(prompt.encode("utf-8")) > ARG_LIMIT:  # Linux caps one argument at 128 KiB
                pf = Path(tmp) / "prompt.txt"
                pf.write_text(prompt, encoding="utf-8")
                i = cmd.index("--prompt=" + prompt)
                cmd[i] = "--prompt-file=" + str(pf)
            return self._run(cmd)

    def _run(self, cmd: list[str]) -> str:
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            raise BackendError(f"pyassist generate took more than {self.timeout_s:g} s") from None
        except OSError as e:
            raise BackendError(f"cannot run {self.java}: {e}") from None
        if p.returncode != 0:
            err = p.stderr.decode("utf-8", errors="replace").strip().splitlines()
            raise BackendError(f"pyassist generate exited {p.returncode}: {err[-1] if err else 'no message'}")
        text = p.stdout.decode("utf-8", errors="replace")
        return text[:-1] if text.endswith("\n") else text   # generate ends its output with one newline


def parse_adapters(values) -> dict[str, str]:
    out = {}
    for v in values or []:
        task, sep, path = v.partition("=")
        if not sep or not task or not path:
            raise UserError(f"--adapter {v!r}: expected TASK=DIR")
        out[task] = path
    return out


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
