"""How much to run: the full benchmark, or the quick smoke run (same suites, tiny sizes)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Plan:
    quick: bool = False
    warmup_runs: int = 2  # per command, not measured: bytecode cache and page cache settle
    startup_runs: int = 20
    ttfa_runs: int = 15
    latency_runs: int = 5
    latency_audio_s: float = 20.0
    throughput_runs: int = 3
    throughput_audio_s: float = 600.0  # the 10 minutes
    memory_runs: int = 3
    memory_short_s: float = 60.0  # the 1 minute ...
    memory_long_s: float = 3600.0  # ... against 60 minutes
    batch_runs: int = 3
    batch_sentences: int = 48
    batch_concurrency: tuple[int, ...] = (1, 2, 4)
    batch_limit: int = 4  # the emulator's concurrency limit in the batch suite
    batch_latency_ms: float = 250.0  # added by the emulator before each generation's first audio
    migrate_runs: int = 7
    migrate_lines: int = 100_000  # the generated tree migrate-check and ruff both scan
    batch_rss_small: int = 1000  # manifest lines: peak RSS of the large run against the small
    batch_rss_large: int = 10000
    batch_rss_runs: int = 1
    parse_runs: int = 7  # suite `transport`: parses of the throughput answer per HTTP parser

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


FULL = Plan()
QUICK = Plan(
    quick=True, warmup_runs=0, startup_runs=3, ttfa_runs=3, latency_runs=1, latency_audio_s=3.0,
    throughput_runs=1, throughput_audio_s=10.0, memory_runs=1, memory_short_s=2.0,
    memory_long_s=20.0, batch_runs=1, batch_sentences=4, batch_concurrency=(1, 4), batch_limit=4,
    batch_latency_ms=50.0, batch_rss_small=10, batch_rss_large=100, migrate_runs=1,
    migrate_lines=20_000, parse_runs=1,
)
