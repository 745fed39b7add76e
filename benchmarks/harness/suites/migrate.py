"""7. Scan speed: `cartesia migrate-check` against `ruff check` on the same generated tree.

The tree mixes what migrate-check reads: Python, TypeScript, shell scripts with curl, JSON
bodies, YAML configs and Markdown with code blocks, mostly modern code with some old integrations
among it (so there are findings to report). It is generated deterministically under the work
directory: `plan.migrate_lines` lines in all, and a quarter of that for the linearity figure.
Both tools run without a cache and report every finding to a pipe, each using every core (ruff
in threads, migrate-check in a worker process per core on a tree this size); ruff with its
default rules (`--isolated`, no project config). ruff reads only the Python files of the tree;
migrate-check reads every file: the ratio is of the two commands a CI job would run on the same
checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from harness.bench import Bench, describe_command
from harness.model import Figure, SuiteResult, ratio
from harness.procs import Run

GOAL = "7. Scan speed"
VOICE = "a0e99841-438c-4a64-b679-ae501e7d6091"

_PYTHON = '''

def narrate_{i}(client: Cartesia, text: str, path: str) -> None:
    """Chapter {i}: bytes to a WAV file."""
    response = client.tts.generate(
        model_id="sonic-3",
        transcript=text,
        voice={{"id": "{voice}"}},
        output_format={{"container": "wav", "encoding": "pcm_s16le", "sample_rate": 44100}},
        generation_config={{"speed": 1.0, "volume": 1.0, "emotion": "calm"}},
    )
    response.write_to_file(path)


def stream_{i}(client: Cartesia, parts: list[str]) -> bytes:
    audio = bytearray()
    with client.tts.websocket_connect() as ws:
        ctx = ws.context(model_id="sonic-3", voice="{voice}", output_format=RAW)
        for part in parts:
            ctx.push(part)
        ctx.no_more_inputs()
        for event in ctx.receive():
            if event.type == "chunk" and event.audio:
                audio.extend(event.audio)
    return bytes(audio)
'''
_PYTHON_HEAD = '''"""Generated module {n} of the migrate-check benchmark tree."""

import os

from cartesia import Cartesia

RAW = {{"container": "raw", "encoding": "pcm_f32le", "sample_rate": 44100}}
client = Cartesia(api_key=os.environ["CARTESIA_API_KEY"])
'''
_PYTHON_OLD = '''

def old_{i}(text):
    headers = {{"X-API-Key": os.environ["CARTESIA_API_KEY"], "Cartesia-Version": "2024-06-10"}}
    body = {{"model_id": "sonic-english", "transcript": text, "output_format": "fp32_16000",
            "voice": {{"mode": "embedding", "embedding": [0.1, 0.2]}}, "chunk_time": 0.1}}
    return requests.post("https://api.cartesia.ai/v0/audio/stream", json=body, headers=headers)
'''
_TS = '''
export function speak{i}(socket: WebSocket, text: string, contextId: string): void {{
  socket.send(JSON.stringify({{
    context_id: contextId,
    model_id: "sonic-3",
    transcript: text,
    voice: {{ id: "{voice}" }},
    output_format: {{ container: "raw", encoding: "pcm_f32le", sample_rate: 44100 }},
    continue: false,
  }}));
}}
'''
_SHELL = '''
# request {i}
curl -sS -N -X POST "https://api.cartesia.ai/tts/bytes" \\
  -H "Authorization: Bearer $CARTESIA_API_KEY" \\
  -H "Cartesia-Version: 2026-08-14" \\
  -H "Content-Type: application/json" \\
  -d '{{"model_id": "sonic-3", "transcript": "Line {i}.", "voice": {{"id": "{voice}"}}, \
"output_format": {{"container": "mp3", "sample_rate": 44100, "bit_rate": 128000}}}}' \\
  -o line{i}.mp3
'''
_YAML = '''
job_{i}:
  cartesia:
    base_url: https://api.cartesia.ai
    cartesia_version: "2026-08-14"
  request:
    model_id: sonic-3
    voice:
      id: {voice}
    output_format:
      container: raw
      encoding: pcm_s16le
      sample_rate: 24000
'''
_MARKDOWN = '''
## Example {i}

```python
response = client.tts.generate(model_id="sonic-3", transcript="Hello {i}",
                               voice={{"id": "{voice}"}}, output_format=RAW)
```

```bash
curl -X POST https://api.cartesia.ai/tts/bytes -H "Cartesia-Version: 2026-08-14" \\
  -H "Authorization: Bearer $CARTESIA_API_KEY" --data @request{i}.json
```
'''
_JSON = ('{{\n  "model_id": "sonic-3",\n  "transcript": "Body {i}",\n'
         '  "voice": {{"id": "{voice}"}},\n'
         '  "output_format": {{"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}},'
         '\n  "generation_config": {{"speed": 1.1}}\n}}\n')
# (extension, head, block): a file is its head and blocks until it has about FILE_LINES lines.
_KINDS = (
    ("py", _PYTHON_HEAD, _PYTHON), ("py", _PYTHON_HEAD, _PYTHON), ("ts", "", _TS),
    ("sh", "#!/usr/bin/env bash\nset -euo pipefail\n", _SHELL), ("yaml", "", _YAML),
    ("md", "# Generated docs page\n", _MARKDOWN),
)
FILE_LINES = 400


def make_tree(root: Path, lines: int) -> dict[str, int]:
    """Write about `lines` lines of mixed code under `root`; return lines per extension."""
    if root.exists():
        shutil.rmtree(root)
    counts: dict[str, int] = {}
    total = 0
    n = 0
    while total < lines:
        ext, head, block = _KINDS[n % len(_KINDS)]
        directory = root / f"pkg{n // 50:03d}"
        directory.mkdir(parents=True, exist_ok=True)
        parts = [head.format(n=n)]
        size = head.count("\n")
        i = 0
        while size < min(FILE_LINES, lines - total):
            piece = block.format(i=i, voice=VOICE)
            if ext == "py" and n % 10 == 0 and i % 8 == 0:
                piece += _PYTHON_OLD.format(i=i)  # an old integration here and there
            parts.append(piece)
            size += piece.count("\n")
            i += 1
        (directory / f"module{n:04d}.{ext}").write_text("".join(parts), encoding="utf-8")
        counts[ext] = counts.get(ext, 0) + size
        total += size
        if n % 7 == 0 and total < lines:
            body = _JSON.format(i=n, voice=VOICE)
            (directory / f"request{n:04d}.json").write_text(body, encoding="utf-8")
            counts["json"] = counts.get("json", 0) + body.count("\n")
            total += body.count("\n")
        n += 1
    return counts


def wall_s(run: Run) -> float:
    return run.wall_s


def cpu_s(run: Run) -> float:
    return run.cpu_s


def run(bench: Bench) -> SuiteResult:
    tools = bench.tools
    lines = bench.plan.migrate_lines
    trees = {"full": tools.work / "migrate-tree", "quarter": tools.work / "migrate-tree-quarter",
             "empty": tools.work / "migrate-tree-empty"}
    counts = make_tree(trees["full"], lines)
    make_tree(trees["quarter"], lines // 4)
    make_tree(trees["empty"], 0)
    trees["empty"].mkdir(parents=True, exist_ok=True)
    commands = {
        "migrate-check": [*tools.cartesia, "migrate-check", "--exit-zero", str(trees["full"])],
        "ruff check": ([tools.ruff, "check", "--isolated", "--no-cache", "--exit-zero",
                        str(trees["full"])] if tools.ruff else None),
        "migrate-check, quarter tree": [*tools.cartesia, "migrate-check", "--exit-zero",
                                        str(trees["quarter"])],
        "migrate-check, empty tree": [*tools.cartesia, "migrate-check", "--exit-zero",
                                      str(trees["empty"])],
    }
    result = SuiteResult("migrate", f"migrate-check scan speed ({lines:,} lines, mixed tree)")
    result.setup["lines_by_extension"] = counts
    result.setup["commands"] = {k: describe_command(v) for k, v in commands.items()}
    measured = bench.repeat(commands, bench.plan.migrate_runs, metric=wall_s, unit="s",
                            warmup=1, also={"cpu": ("s", cpu_s)})
    for m in measured.values():
        result.add(m)
    full, ruff = result.find("migrate-check"), result.find("ruff check")
    result.figures.append(ratio(
        "migrate.vs_ruff", f"`migrate-check` vs `ruff check`, same {lines:,}-line tree", full,
        ruff, target="<= 10", goal=GOAL))
    result.figures.append(ratio(
        "migrate.vs_ruff_cpu",
        "the same in CPU time (both use every core: ruff threads, migrate-check processes)",
        result.find("migrate-check cpu"), result.find("ruff check cpu"), goal=GOAL))
    # Growth is judged on CPU time: on a shared machine wall time also measures the neighbours.
    whole, quarter, empty = (result.find(f"migrate-check{k} cpu")
                             for k in ("", ", quarter tree", ", empty tree"))
    per_line = None
    if whole.ok and quarter.ok and empty.ok and quarter.median > empty.median:
        per_line = ((whole.median - empty.median) / lines) / (
            (quarter.median - empty.median) / (lines // 4))
    result.figures.append(Figure(
        "migrate.linear", "CPU time per line (start-up taken out), full vs quarter tree",
        per_line, "x", "(median migrate-check cpu - median empty tree cpu) / lines",
        "(median quarter tree cpu - median empty tree cpu) / lines", "<= 1.25", GOAL,
        note="1.0 is linear growth"))
    start, ruff_wall = result.find("migrate-check, empty tree"), result.find("ruff check")
    if start.ok and ruff_wall.ok and ruff_wall.median > 0:
        result.notes.append(f"migrate-check's start-up alone (the empty tree) takes "
                            f"{start.median:.3f} s, {start.median / ruff_wall.median:.1f}x ruff's "
                            "whole run.")
    result.notes.append("ruff reads only the Python files (" + str(counts.get("py", 0))
                        + " lines); migrate-check reads every file of the tree.")
    return result
