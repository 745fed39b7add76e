"""2. Time to first audio byte on stdout, from process start: the CLI on each transport against
curl posting the same request to /tts/bytes, and against the SDK script doing the same.

Two floors: the bare Typer app's `--version` (its startup, to exit) and the same app running a
command with one argument (`hello NAME`, which adds Typer's per-parameter validation), each plus
curl's time to first byte: what any Typer CLI must cost before its first request.
"""

from __future__ import annotations

import json

from harness.bench import Bench, describe_command
from harness.model import Measurement, SuiteResult, ratio
from harness.procs import Run
from harness.texts import SAMPLE_RATE, SHORT_TEXT, audio_seconds

GOAL = "2. Time to first audio"
WAV_HEADER_BYTES = 44  # a plain pcm_s16le WAV header (the SDK scripts' `-o -`)
TRANSPORTS = (("bytes", "say -o -"), ("websocket", "stream -o -"),
              ("sse", "stream --transport sse -o -"))


def first_byte_ms(run: Run) -> float:
    assert run.first_byte_s is not None, "no audio on stdout"
    return run.first_byte_s * 1000


def wall_ms(run: Run) -> float:
    return run.wall_s * 1000


def cli_request(bench: Bench) -> tuple[dict[str, str], dict[str, object]]:
    """The headers and JSON body `cartesia say -o -` sends, built by the CLI's own code."""
    from cartesia_cli.api.http import Credentials
    from cartesia_cli.api.tts import Voicing, request_body
    from cartesia_cli.config import resolve
    from cartesia_cli.flows.outputs import plan_output

    settings = resolve({}, bench.env(), None)
    version = settings.resolved_version
    plan = plan_output("-", api_containers=("raw", "wav", "mp3"), stdout_isatty=False)
    voicing = Voicing(model_id=settings["model"], voice_id=settings["voice"])
    headers = {"Cartesia-Version": version.requested, "Content-Type": "application/json",
               "Accept": "application/octet-stream",
               **Credentials(settings["api_key"], None).headers(version)}
    return headers, request_body(SHORT_TEXT, voicing, plan.wire, version.features)


def _sum_of_medians(a: Measurement, b: Measurement) -> Measurement:
    """A reference made of two medians (not a sampled value itself)."""
    total = Measurement(f"{a.label} + {b.label}", "ms", [])
    if a.ok and b.ok:
        total.samples = [a.median + b.median]
    else:
        total.error = a.error or b.error or "not measured"
    return total


def piped_wav_bytes(audio_bytes: int, encoding: str = "pcm_s16le") -> int:
    """What the CLI writes for that much audio on `-o -`: its pipe header, the audio, and the
    silence that ends it on a whole block (audio/sinks.py, WavStdoutSink)."""
    from cartesia_cli.audio.formats import PcmFormat, pipe_wav_header
    from cartesia_cli.audio.sinks import PIPE_BLOCK

    header = len(pipe_wav_header(PcmFormat(encoding, SAMPLE_RATE)))
    return header + audio_bytes + (-audio_bytes % PIPE_BLOCK)


def run(bench: Bench) -> SuiteResult:
    tools = bench.tools
    headers, body = cli_request(bench)
    encoding = str(body["output_format"]["encoding"])  # type: ignore[index]
    audio_bytes = round(audio_seconds(SHORT_TEXT) * SAMPLE_RATE) * 2
    commands: dict[str, list[str] | None] = {}
    for _, args in TRANSPORTS:
        commands[f"cartesia {args}"] = [*tools.cartesia, *args.split(), SHORT_TEXT]
    curl = None
    if tools.curl:
        curl = [tools.curl, "-sSfN", "-X", "POST", bench.base_url + "/tts/bytes",
                *sum((["-H", f"{k}: {v}"] for k, v in headers.items()), []),
                "--data-binary", json.dumps(body)]
    commands["curl -N /tts/bytes"] = curl
    sdk = tools.sdk_script
    for transport, _ in TRANSPORTS:
        commands[f"sdk {transport}"] = None if sdk is None else [
            *sdk, transport, "-o", "-", "--encoding", encoding, SHORT_TEXT]
    commands["floor hello NAME"] = [*tools.floor, "hello", "World"]
    commands["floor --version"] = [*tools.floor, "--version"]

    def check(label: str, measured: Run) -> None:
        if label.startswith("floor"):
            return
        expected = (audio_bytes, audio_bytes + WAV_HEADER_BYTES,
                    piped_wav_bytes(audio_bytes, encoding))
        assert measured.stdout_bytes in expected, (
            f"{label} wrote {measured.stdout_bytes} bytes, expected {audio_bytes} of audio")

    result = SuiteResult("ttfa", "Time to first audio byte on stdout")
    shown = {k: describe_command(v) for k, v in commands.items()}
    result.setup = {"text": SHORT_TEXT, "request_body": body,  # the emulator's port varies
                    "commands": {k: v and v.replace(bench.base_url, "$CARTESIA_BASE_URL")
                                 for k, v in shown.items()}}
    metric = {label: wall_ms if label.startswith("floor") else first_byte_ms
              for label in commands}
    measured = bench.repeat(commands, bench.plan.ttfa_runs, metric=metric, unit="ms",
                            check=check)
    for m in measured.values():
        result.add(m)
    floor, curl_m = result.find("floor hello NAME"), result.find("curl -N /tts/bytes")
    base = _sum_of_medians(floor, curl_m)
    strict = _sum_of_medians(result.find("floor --version"), curl_m)
    for transport, args in TRANSPORTS:
        cli = result.find(f"cartesia {args}")
        result.figures.append(ratio(
            f"ttfa.sdk.{transport}", f"`{args}` vs the SDK script ({transport})", cli,
            result.find(f"sdk {transport}"), target="<= 0.6", goal=GOAL))
        result.figures.append(ratio(
            f"ttfa.floor_curl.{transport}", f"`{args}` vs (Typer floor + curl)", cli, base,
            reference_label="(floor hello NAME + curl -N /tts/bytes)", target="<= 1.5",
            goal=GOAL))
        result.figures.append(ratio(
            f"ttfa.floor_version_curl.{transport}",
            f"`{args}` vs (Typer floor `--version` + curl), stricter", cli, strict,
            reference_label="(floor --version + curl -N /tts/bytes)", target="<= 1.5",
            goal=GOAL))
    return result
