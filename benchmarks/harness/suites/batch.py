"""6. Batch: `cartesia batch` making N files, against itself one at a time, a shell loop of
`cartesia say` processes, and the official SDK's asyncio client doing the same batch; then its
peak RSS on a 10,000-line manifest against a 1,000-line one.

Speed runs: the emulator adds latency before each generation's first audio and allows
`batch_limit` concurrent contexts; every command makes the same 16-bit 44.1 kHz WAV files and is
checked for every byte of audio. Ratios are of median wall times (spawn to exit).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cartesia_cli.emulator.engines.tone import tone_samples
from harness.bench import Bench, describe_command
from harness.emulator import emulator
from harness.model import SuiteResult, ratio
from harness.procs import Run
from harness.suites.memory import rss_mib
from harness.texts import SAMPLE_RATE, sentence
from harness.tools import PEERS

GOAL = "6. Batch"
SAY_LOOP = ('dir=$1; file=$2; shift 2; n=0; while IFS= read -r line; do n=$((n+1)); '
            '"$@" say -o "$dir/$n.wav" "$line" </dev/null || exit 1; done < "$file"')


def wall(run: Run) -> float:
    return run.wall_s


def run_seconds(run: Run) -> float:
    """The time a program reports for its own run (from connecting to the last file: without
    the interpreter's start-up and imports); the wall time for the loop, which reports none."""
    try:
        report = json.loads(run.stdout_head)
    except ValueError:
        return run.wall_s
    return float(report.get("wall_seconds", report.get("seconds", run.wall_s)))


def audio_bytes_of(directory: Path) -> int:
    """Audio in the WAV files of a directory (44-byte headers for 16-bit PCM)."""
    return sum(p.stat().st_size - 44 for p in directory.glob("*.wav"))


def cli_audio_bytes(directory: Path) -> int:
    """What `cartesia batch` recorded, item by item, in its results file."""
    lines = (directory / "batch-results.jsonl").read_text().splitlines()
    return sum(json.loads(line)["bytes"] for line in lines)


def run(bench: Bench) -> SuiteResult:
    result = SuiteResult("batch", "Batch: `cartesia batch` against one at a time, a `cartesia "
                         "say` loop and the SDK's asyncio client; RSS on 10,000 lines")
    speed(bench, result)
    memory(bench, result)
    return result


def speed(bench: Bench, result: SuiteResult) -> None:
    plan = bench.plan
    work = bench.tools.work
    sentences = [sentence(i) for i in range(plan.batch_sentences)]
    source = work / "batch.txt"
    source.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    expected = sum(tone_samples(s, SAMPLE_RATE) * 2 for s in sentences)
    cartesia = bench.tools.cartesia
    dirs: dict[str, Path] = {}
    commands: dict[str, list[str] | None] = {}
    top = max(plan.batch_concurrency)
    for jobs in plan.batch_concurrency:
        label = f"cartesia batch --jobs {jobs}"
        dirs[label] = work / f"batch-cli-{jobs}"
        commands[label] = [*cartesia, "batch", str(source), "-o", str(dirs[label]), "--jobs",
                           str(jobs), "--json", "--progress-interval", "0"]
    label = f"cartesia batch --jobs {top} --transport bytes"
    dirs[label] = work / "batch-cli-bytes"
    commands[label] = [*cartesia, "batch", str(source), "-o", str(dirs[label]), "--jobs",
                       str(top), "--transport", "bytes", "--json", "--progress-interval", "0"]
    dirs["cartesia say loop"] = work / "batch-say-loop"
    commands["cartesia say loop"] = ["bash", "-c", SAY_LOOP, "say-loop",
                                     str(dirs["cartesia say loop"]), str(source), *cartesia]
    sdk_label = f"sdk websocket (asyncio, {top} at once)"
    dirs[sdk_label] = work / "batch-sdk"
    sdk = bench.tools.sdk_python
    commands[sdk_label] = None if sdk is None else [
        sdk, str(PEERS / "sdk_batch.py"), "--sentences", str(source), "--concurrency", str(top),
        "--out", str(dirs[sdk_label]), "--encoding", "pcm_s16le"]
    for directory in dirs.values():
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)

    def check(label: str, measured: Run) -> None:
        directory = dirs[label]
        try:
            if label.startswith("cartesia batch"):
                summary = json.loads(measured.stdout_head)
                assert (summary["ok"], summary["failed"]) == (len(sentences), 0), summary
                got = cli_audio_bytes(directory)
                assert audio_bytes_of(directory) == got
            elif label.startswith("sdk"):
                got = json.loads(measured.stdout_head)["audio_bytes"]
                assert audio_bytes_of(directory) == got
            else:
                got = audio_bytes_of(directory)
            assert len(list(directory.glob("*.wav"))) == len(sentences)
            assert got == expected, f"{label} wrote {got} bytes of audio, expected {expected}"
        finally:
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir(parents=True)

    result.setup.update({
        "sentences": len(sentences), "emulator_latency_ms": plan.batch_latency_ms,
        "emulator_concurrency_limit": plan.batch_limit,
        "audio_seconds": round(expected / 2 / SAMPLE_RATE, 3),
        "commands": {k: describe_command(v) for k, v in commands.items()}})
    with emulator(bench.tools, latency_ms=plan.batch_latency_ms,
                  concurrency_limit=plan.batch_limit, name="emulator-batch") as base_url:
        measured = bench.repeat(commands, plan.batch_runs, metric=wall, unit="s",
                                env=bench.env(base_url), check=check,
                                also={"cpu": ("s", lambda r: r.cpu_s),
                                      "run": ("s", run_seconds)},
                                warmup=min(1, plan.warmup_runs))
    for m in measured.values():
        result.add(m)
    one = result.find("cartesia batch --jobs 1")
    for jobs in plan.batch_concurrency:
        if jobs > 1:
            result.figures.append(ratio(
                f"batch.speedup.{jobs}", f"speed-up of `--jobs {jobs}` over `--jobs 1`",
                one, result.find(f"cartesia batch --jobs {jobs}"),
                target=">= 3" if jobs == 4 else None, goal=GOAL if jobs == 4 else None,
                note="goal: at least 3x with --jobs 4" if jobs == 4 else ""))
    if top > 1:
        result.figures.append(ratio(
            f"batch.speedup_run.{top}", f"speed-up of `--jobs {top}` over `--jobs 1`, the run "
            "alone (as the CLI reports it: no start-up)",
            result.find("cartesia batch --jobs 1 run"),
            result.find(f"cartesia batch --jobs {top} run"),
            note="for comparison; the goal is on the whole process"))
    best = result.find(f"cartesia batch --jobs {top}")
    result.figures.append(ratio(
        "batch.say_loop", f"speed-up of `batch --jobs {top}` over a shell loop of `cartesia say`",
        result.find("cartesia say loop"), best, goal=GOAL,
        note="the loop starts one process per line and waits for each"))
    result.figures.append(ratio(
        "batch.sdk", f"`batch --jobs {top}` time vs the SDK's asyncio client, {top} at once",
        best, result.find(sdk_label), goal=GOAL,
        note="below 1.0: the CLI is faster; no target"))
    result.figures.append(ratio(
        "batch.bytes", f"`--transport bytes` time vs websocket, both --jobs {top}",
        result.find(f"cartesia batch --jobs {top} --transport bytes"), best,
        note="for comparison; no target"))


def memory(bench: Bench, result: SuiteResult) -> None:
    plan = bench.plan
    work = bench.tools.work
    sizes = (plan.batch_rss_small, plan.batch_rss_large)
    commands: dict[str, list[str] | None] = {}
    dirs: dict[str, Path] = {}
    for count in sizes:
        source = work / f"batch-rss-{count}.txt"
        source.write_text("".join(f"Line number {i}.\n" for i in range(count)), encoding="utf-8")
        label = f"cartesia batch {count} lines"
        dirs[label] = work / f"batch-rss-{count}"
        shutil.rmtree(dirs[label], ignore_errors=True)
        commands[label] = [*bench.tools.cartesia, "batch", str(source), "-o", str(dirs[label]),
                           "--jobs", "4", "--format", "raw", "--encoding", "pcm_s16le",
                           "--sample-rate", "8000", "--json", "--progress-interval", "0"]
    counts = {f"cartesia batch {c} lines": c for c in sizes}

    def check(label: str, measured: Run) -> None:
        try:
            summary = json.loads(measured.stdout_head)
            assert (summary["ok"], summary["failed"]) == (counts[label], 0), summary
            assert len(list(dirs[label].glob("*.raw"))) == counts[label]
        finally:
            shutil.rmtree(dirs[label], ignore_errors=True)

    result.setup.setdefault("commands", {}).update(
        {k: describe_command(v) for k, v in commands.items()})
    with emulator(bench.tools, name="emulator-batch-rss") as base_url:
        measured = bench.repeat(commands, plan.batch_rss_runs, metric=rss_mib, unit="MiB",
                                env=bench.env(base_url), check=check, warmup=0,
                                also={"wall": ("s", wall)})
    for m in measured.values():
        result.add(m)
    large = result.find(f"cartesia batch {plan.batch_rss_large} lines")
    small = result.find(f"cartesia batch {plan.batch_rss_small} lines")
    result.figures.append(ratio(
        "batch.rss_flat", f"peak RSS, {plan.batch_rss_large:,} lines vs {plan.batch_rss_small:,}",
        large, small, target="<= 1.2", goal=GOAL, note="flat: memory does not grow with items"))
