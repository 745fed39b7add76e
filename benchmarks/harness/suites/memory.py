"""5. Memory: peak RSS writing 1 minute against 60 minutes of audio to a WAV file (flat means
a ratio of at most 1.2), per transport, and against the SDK script writing the same 60 minutes."""

from __future__ import annotations

from harness.bench import Bench, describe_command
from harness.model import SuiteResult, ratio
from harness.procs import Run
from harness.suites.files import TRANSPORTS, WavJob

GOAL = "5. Memory"


def rss_mib(run: Run) -> float:
    return run.max_rss_kib / 1024


def run(bench: Bench) -> SuiteResult:
    plan = bench.plan
    short = WavJob(bench, plan.memory_short_s, "memory-short")
    long = WavJob(bench, plan.memory_long_s, "memory-long")
    short_cmds = short.commands(suffix=" short")
    long_cmds = long.commands(suffix=" long")

    def check(label: str, measured: Run) -> None:
        (short if label in short.outputs else long).check(label, measured)

    result = SuiteResult("memory", "Memory: peak RSS writing audio to a file")
    result.setup = {"short_audio_seconds": round(short.audio_s, 3),
                    "long_audio_seconds": round(long.audio_s, 3),
                    "commands": {k: describe_command(v)
                                 for k, v in {**short_cmds, **long_cmds}.items()}}
    measured = bench.repeat({**short_cmds, **long_cmds}, plan.memory_runs, metric=rss_mib,
                            unit="MiB", check=check, warmup=0,  # peak RSS needs no warm-up
                            also={"cpu": ("s", lambda r: r.cpu_s),
                                  "wall": ("s", lambda r: r.wall_s)})
    for m in measured.values():
        result.add(m)
    for transport in TRANSPORTS:
        cli_long = result.find(f"cartesia {transport} long")
        result.figures.append(ratio(
            f"memory.flat.{transport}", f"CLI peak RSS, long vs short audio, {transport}",
            cli_long, result.find(f"cartesia {transport} short"), target="<= 1.2", goal=GOAL))
        result.figures.append(ratio(
            f"memory.sdk.{transport}", f"CLI vs SDK peak RSS on the long audio, {transport}",
            cli_long, result.find(f"sdk {transport} long"), goal=GOAL,
            note="the issue sets no target for this comparison"))
        result.figures.append(ratio(
            f"memory.sdk_flat.{transport}", f"SDK peak RSS, long vs short audio, {transport}",
            result.find(f"sdk {transport} long"), result.find(f"sdk {transport} short"),
            note="for comparison; no target"))
    return result
