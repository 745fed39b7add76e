"""3. Client-added latency on the audio path, per transport.

The emulator stamps each audio chunk once it has handed it to the socket ($CARTESIA_DIAG_SENT),
the CLI stamps each chunk once its sink has it ($CARTESIA_DIAG_SINK): cartesia_cli/diagnostics.py.
A sent chunk's latency is the time from its stamp to the first sink stamp that covers its last
byte. Both stamps are time.time_ns() on the same machine. Median and p99 are over every chunk of
every measured run.
"""

from __future__ import annotations

import bisect
import time
from collections import defaultdict
from pathlib import Path

from harness.bench import Bench, describe_command
from harness.emulator import emulator
from harness.model import Figure, Measurement, SuiteResult
from harness.procs import RunFailed
from harness.procs import run as run_process
from harness.texts import text_for
from harness.tools import scrub_paths

GOAL = "3. Client-added latency"
COMMANDS = {"bytes": ["say"], "websocket": ["stream"], "sse": ["stream", "--transport", "sse"]}
_TRACE_WAIT_S = 10.0


def read_trace(path: Path) -> list[tuple[str, int, int]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="ascii").splitlines():
        stream, offset, ns = line.split()
        rows.append((stream, int(offset), int(ns)))
    return rows


def global_offsets(rows: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """(offset, ns) on one axis: streams (one per request or context) laid end to end in the
    order they started, as the client receives them."""
    streams: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for stream, offset, ns in rows:
        streams[stream].append((offset, ns))
    out: list[tuple[int, int]] = []
    base = 0
    for marks in sorted(streams.values(), key=lambda m: min(ns for _, ns in m)):
        marks.sort()
        out += [(base + offset, ns) for offset, ns in marks]
        base += marks[-1][0]
    return out


def pair(sent: list[tuple[int, int]], sunk: list[tuple[int, int]]) -> list[float]:
    """Milliseconds from each sent chunk to the sink stamp that first covers its last byte."""
    offsets = [offset for offset, _ in sunk]
    latencies = []
    for offset, sent_ns in sent:
        i = bisect.bisect_left(offsets, offset)
        if i == len(offsets):
            raise AssertionError(f"the sink never reached byte {offset}")
        latencies.append((sunk[i][1] - sent_ns) / 1e6)
    return latencies


def _sent_total(path: Path) -> int:
    rows = global_offsets(read_trace(path))
    return rows[-1][0] if rows else 0


def measure_once(bench: Bench, base_url: str, argv: list[str], sent: Path, sunk: Path,
                 ) -> list[float]:
    sent.write_text("")
    sunk.write_text("")
    run_process(argv, bench.env(base_url, CARTESIA_DIAG_SINK=str(sunk)), read_stdout=False)
    client = global_offsets(read_trace(sunk))
    assert client, "the CLI wrote no sink stamps (is the diagnostics hook in place?)"
    deadline = time.monotonic() + _TRACE_WAIT_S  # the emulator writes its stamps as streams end
    while _sent_total(sent) < client[-1][0] and time.monotonic() < deadline:
        time.sleep(0.02)
    return pair(global_offsets(read_trace(sent)), client)


def run(bench: Bench) -> SuiteResult:
    work = bench.tools.work
    sent, sunk = work / "latency-sent.trace", work / "latency-sink.trace"
    text, audio_s = text_for(bench.plan.latency_audio_s)
    text_file = work / "latency.txt"
    text_file.write_text(text, encoding="utf-8")
    result = SuiteResult("latency", "Client-added latency per audio chunk")
    commands = {t: [*bench.tools.cartesia, *c, "-o", "-", "-f", str(text_file)]
                for t, c in COMMANDS.items()}
    result.setup = {"audio_seconds": round(audio_s, 3), "output": "stdout (to /dev/null)",
                    "commands": {t: describe_command(c) for t, c in commands.items()}}
    with emulator(bench.tools, trace_file=str(sent), name="emulator-latency") as base_url:
        for transport, argv in commands.items():
            measurement = result.add(Measurement(transport, "ms", [], keep_samples=False))
            try:
                for i in range(bench.plan.warmup_runs + bench.plan.latency_runs):
                    latencies = measure_once(bench, base_url, argv, sent, sunk)
                    if i >= bench.plan.warmup_runs:
                        measurement.samples += latencies
            except (RunFailed, AssertionError) as exc:
                measurement.error = scrub_paths(str(exc), bench.tools)
                bench.log(f"  latency {transport}: FAILED: {exc}")
    result.notes.append("Chunks at about 40 ms are the signature of Nagle's algorithm meeting "
                        "delayed ACKs (a socket without TCP_NODELAY), not of client work.")
    for m in result.measurements:
        if m.ok:
            slow = sum(x > 20 for x in m.samples)
            result.notes.append(f"{m.label}: max {max(m.samples):.1f} ms; {slow} of "
                                f"{len(m.samples)} chunks over 20 ms")
        for stat, target in (("median", "< 1.0"), ("p99", "< 5.0")):
            result.figures.append(Figure(
                f"latency.{stat}.{m.label}", f"client-added latency {stat}, {m.label}",
                getattr(m, stat) if m.ok else None, "ms",
                f"{stat} over {len(m.samples)} chunks of (sink stamp - emulator send stamp)",
                "the emulator's send stamp of the same chunk", target, GOAL,
                "" if m.ok else f"not measured: {m.error}"))
    return result
