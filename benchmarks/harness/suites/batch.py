"""6. Batch: N sentences to N files over one WebSocket with C concurrent contexts, against one at a
time, with the emulator adding latency before each generation's first audio.

The batch client (benchmarks/peers/batch_client.py) is built on the project's client library;
the CLI has no --jobs mode. Speed-up for C = (median time with C = 1) / (median time with C).
"""

from __future__ import annotations

import json
import shutil

from harness.bench import Bench, describe_command
from harness.emulator import emulator
from harness.model import SuiteResult, ratio
from harness.procs import Run
from harness.texts import SAMPLE_RATE, audio_seconds, sentence

GOAL = "6. Batch"


def seconds(run: Run) -> float:
    return float(json.loads(run.stdout_head)["seconds"])


def run(bench: Bench) -> SuiteResult:
    plan = bench.plan
    work = bench.tools.work
    sentences = [sentence(i) for i in range(plan.batch_sentences)]
    sentence_file = work / "batch.txt"
    sentence_file.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    expected = sum(round(audio_seconds(s) * SAMPLE_RATE) * 2 for s in sentences)
    commands = {f"C={c}": [*bench.tools.batch_script, "--sentences", str(sentence_file),
                           "--concurrency", str(c), "--out", str(work / f"batch-{c}")]
                for c in plan.batch_concurrency}

    def check(label: str, measured: Run) -> None:
        report = json.loads(measured.stdout_head)
        shutil.rmtree(work / f"batch-{report['concurrency']}", ignore_errors=True)
        assert report["audio_bytes"] == expected, (
            f"{label} received {report['audio_bytes']} bytes of audio, expected {expected}")

    result = SuiteResult("batch", "Batch: sentences over one WebSocket, C contexts at once")
    result.setup = {"sentences": len(sentences), "emulator_latency_ms": plan.batch_latency_ms,
                    "emulator_concurrency_limit": plan.batch_limit,
                    "audio_seconds": round(expected / 2 / SAMPLE_RATE, 3),
                    "commands": {k: describe_command(v) for k, v in commands.items()}}
    with emulator(bench.tools, latency_ms=plan.batch_latency_ms,
                  concurrency_limit=plan.batch_limit, name="emulator-batch") as base_url:
        measured = bench.repeat(commands, plan.batch_runs, metric=seconds, unit="s",
                                env=bench.env(base_url), check=check)
    for m in measured.values():
        result.add(m)
    one = result.find("C=1")
    for c in plan.batch_concurrency:
        if c > 1:
            result.figures.append(ratio(
                f"batch.speedup.{c}", f"speed-up with {c} contexts on one WebSocket",
                one, result.find(f"C={c}"), target=f">= {0.8 * c:g}", goal=GOAL,
                note=f"goal: at least 0.8 x {c}"))
    return result
