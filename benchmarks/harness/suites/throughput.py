"""4. Throughput: 10 minutes of 44.1 kHz float audio written to a WAV file over bytes, SSE and
WebSocket, as CPU seconds per hour of audio, against the SDK script doing the same."""

from __future__ import annotations

from harness.bench import Bench, describe_command
from harness.model import SuiteResult, ratio
from harness.procs import Run
from harness.suites.files import ENCODING, TRANSPORTS, WavJob

GOAL = "4. Throughput"


def run(bench: Bench) -> SuiteResult:
    job = WavJob(bench, bench.plan.throughput_audio_s, "throughput")
    hours = job.audio_s / 3600

    def cpu_per_hour(measured: Run) -> float:
        return measured.cpu_s / hours

    commands = job.commands()
    result = SuiteResult("throughput", "Throughput: CPU seconds per hour of audio")
    result.setup = {"audio_seconds": round(job.audio_s, 3), "encoding": ENCODING,
                    "sample_rate": 44100, "text_characters": len(job.text_file.read_text()),
                    "commands": {k: describe_command(v) for k, v in commands.items()}}
    measured = bench.repeat(commands, bench.plan.throughput_runs, metric=cpu_per_hour,
                            unit="cpu-s/h", check=job.check,
                            warmup=min(1, bench.plan.warmup_runs),
                            also={"wall": ("s", lambda r: r.wall_s),
                                  "peak RSS": ("MiB", lambda r: r.max_rss_kib / 1024)})
    for m in measured.values():
        result.add(m)
    for transport in TRANSPORTS:
        result.figures.append(ratio(
            f"throughput.{transport}", f"CPU per hour of audio, {transport}: CLI vs SDK",
            result.find(f"cartesia {transport}"), result.find(f"sdk {transport}"),
            target="<= 0.5", goal=GOAL))
    return result
