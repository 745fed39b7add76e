"""The suite `transport` (run only when named: `--only transport`): what each HTTP/WebSocket stack
considered for the CLI costs before the first audio byte, to choose the transport with numbers.

Every stack makes the request of `cartesia say -o -` (headers and body built by the CLI's own
code, as in `ttfa`) in a minimal client of its own (peers/transport_options.py) and copies the
audio to stdout: time to the first byte on stdout from process start, every run checked for the
whole audio. Against them: the interpreter alone (`python -c pass`), the interpreter building an
SSL context (the default one, and with certifi's CA bundle as httpx does), the Typer floor's
`--version` and curl. The figures say what each stack costs in milliseconds over the interpreter,
and its ratio to curl and to the floor's `--version`. Three `python -X importtime` runs of each
client add the modules it imports, and their import time, to the notes. No targets: the goals
are in `startup` and `ttfa`. The CLI's own stacks (api/http1.py, api/ws.py) are the rows
"bytes: httptools + socket" and "websocket: websockets Sans-I/O + socket".

Then the CPU of reading a long answer, per HTTP parser, with no network: the peer's `parse`
builds in memory the answer the emulator sends on /tts/bytes for the throughput suite's text
(10 minutes of pcm_f32le 44.1 kHz audio; one HTTP chunk per audio chunk of the emulator's
default length, each sentence's last chunk shorter), feeds it in 128 KiB pieces to h11, httptools
or http.client, and prints the CPU ms of that loop (`time.process_time`), which is the sample;
every run is checked for the whole audio. Figures: each parser's ms, and h11 and http.client
against httptools (the CLI's).

SSL_CERT_FILE and SSL_CERT_DIR are removed from the environment of this suite, so httpx and
`ssl.create_default_context()` read the CA bundles they read on a machine without them.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import shlex
import subprocess

from harness.bench import Bench, describe_command
from harness.model import Figure, Measurement, SuiteResult, median, ratio
from harness.procs import Run
from harness.suites.files import ENCODING
from harness.suites.ttfa import cli_request, first_byte_ms, wall_ms
from harness.texts import SAMPLE_RATE, SHORT_TEXT, audio_seconds, sentences_for
from harness.tools import PEERS, scrub_paths

PYTHON = "python -c pass"
SSL_DEFAULT = "ssl.create_default_context()"
SSL_CERTIFI = "ssl.create_default_context(cafile=certifi.where())"
FLOOR = "floor --version"
CURL = "curl -N /tts/bytes"
# (label, peer way, the module it needs when that is not a dependency of cartesia-cli)
STACKS = (
    ("bytes: httpx.Client()", "httpx", None),
    ("bytes: httpx.Client(verify=False)", "httpx-noverify", None),
    ("bytes: h11 + socket", "h11", "h11"),
    ("bytes: httptools + socket", "httptools", None),
    ("bytes: http.client", "http.client", None),
    ("bytes: urllib3", "urllib3", "urllib3"),
    ("websocket: websockets sync", "websockets", None),
    ("websocket: websockets Sans-I/O + socket", "websockets-sansio", None),
    ("websocket: wsproto + socket", "wsproto", "wsproto"),
)
# Modules worth naming when a client imports them (the reasons for this suite).
WATCHED = ("ssl", "certifi", "importlib.metadata", "urllib.request", "email.parser", "anyio",
           "asyncio", "logging", "concurrent.futures", "json")
# The parse part: (label, the peer's parser, the module it needs when not a dependency).
PARSERS = (
    ("parse: httptools", "httptools", None),
    ("parse: h11", "h11", "h11"),
    ("parse: http.client", "http.client", None),
)
PARSE_ENCODING = ENCODING  # the throughput suite's 44.1 kHz pcm_f32le: 4 bytes a sample
PIECE_BYTES = 128 * 1024  # fed to the parser at a time (the peer's PIECE_BYTES)


IMPORT_RUNS = 3  # `python -X importtime` runs per client; their median import time is noted


def imports(argv: list[str], env: dict[str, str]) -> tuple[list[str], float, dict[str, str]]:
    """The modules `argv` (a Python program) imports, the median over IMPORT_RUNS runs of
    their summed import time in ms, from `python -X importtime`: an explanation of the figures,
    not one of them (the import time includes the tracing's own overhead); and the module that
    imported each one (none for the program's own imports)."""
    totals = []
    names: list[str] = []
    importer: dict[str, str] = {}
    for _ in range(IMPORT_RUNS):
        proc = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=True)
        names, total_us = [], 0
        nested: list[tuple[int, str]] = []  # (depth, name): a module is listed after its imports
        for line in proc.stderr.splitlines():
            if not line.startswith("import time:"):
                continue
            self_us, _, field = line.removeprefix("import time:").split("|")
            if not self_us.strip().isdigit():  # the header line
                continue
            name = field.strip()
            depth = len(field) - len(field.lstrip()) - 1  # " " + two spaces per level
            while nested and nested[-1][0] > depth:
                importer[nested.pop()[1]] = name
            nested.append((depth, name))
            names.append(name)
            total_us += int(self_us)
        totals.append(total_us / 1000)
    return names, median(totals), importer


def run(bench: Bench) -> SuiteResult:
    tools = bench.tools
    headers, body = cli_request(bench)
    audio_bytes = round(audio_seconds(SHORT_TEXT) * SAMPLE_RATE) * 2
    env = {k: v for k, v in bench.env().items() if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}
    body_json = json.dumps(body)
    header_args = [f"{k}: {v}" for k, v in headers.items()]
    peer = [tools.python, str(PEERS / "transport_options.py")]
    commands: dict[str, list[str]] = {
        PYTHON: [tools.python, "-c", "pass"],
        SSL_DEFAULT: [tools.python, "-c", "import ssl; ssl.create_default_context()"],
        SSL_CERTIFI: [tools.python, "-c", "import ssl, certifi; "
                      "ssl.create_default_context(cafile=certifi.where())"],
        FLOOR: [*tools.floor, "--version"],
    }
    skipped: dict[str, str] = {}
    if tools.curl:
        commands[CURL] = [tools.curl, "-sSfN", "-X", "POST", bench.base_url + "/tts/bytes",
                          *sum((["-H", h] for h in header_args), []), "--data-binary", body_json]
    else:
        skipped[CURL] = "curl is not on PATH"
    for label, way, needs in STACKS:
        if needs and importlib.util.find_spec(needs) is None:
            skipped[label] = not_installed(needs)
        else:
            commands[label] = [*peer, way, body_json, *header_args]
    audio_labels = {CURL, *(label for label, _, _ in STACKS)}

    def check(label: str, measured: Run) -> None:
        if label in audio_labels:
            assert measured.stdout_bytes == audio_bytes, (
                f"{label} wrote {measured.stdout_bytes} bytes, expected {audio_bytes} of audio")

    result = SuiteResult("transport", "Transport stacks: the cost of each before the first audio")
    result.setup = {"text": SHORT_TEXT, "request_body": body, "request_headers": headers,
                    "audio_bytes": audio_bytes,
                    "commands": {k: shown(v, bench.base_url, body_json, header_args)
                                 for k, v in commands.items()}}
    metric = {label: first_byte_ms if label in audio_labels else wall_ms for label in commands}
    measured = bench.repeat(commands, bench.plan.ttfa_runs, metric=metric, unit="ms",
                            env=env, check=check)
    order = [PYTHON, SSL_DEFAULT, SSL_CERTIFI, FLOOR, CURL, *(label for label, _, _ in STACKS)]
    for label in order:
        result.add(measured.get(label) or Measurement(label, "ms", [], error=skipped[label]))

    python, floor, curl = (result.find(label) for label in (PYTHON, FLOOR, CURL))
    for key, label in (("ssl_default", SSL_DEFAULT), ("ssl_certifi", SSL_CERTIFI),
                       ("floor", FLOOR)):
        result.figures.append(over_python(key, result.find(label), python, "wall time"))
    for label, way, _ in STACKS:
        if label in skipped:
            continue  # the measurement says why
        stack = result.find(label)
        measured_both = stack.ok and curl.ok and floor.ok
        result.figures.append(over_python(way, stack, python, "to the first audio byte"))
        result.figures.append(ratio(f"transport.{way}.curl", f"{label} vs curl", stack, curl,
                                    note="time to first audio byte" if measured_both else ""))
        result.figures.append(ratio(
            f"transport.{way}.floor", f"{label} vs floor `--version`", stack, floor,
            note="first audio byte vs the floor's exit" if measured_both else ""))
    result.notes.append(
        "ms over the interpreter: the median minus the median of `python -c pass`, both from "
        "process start; for the clients this includes the emulator's time to the first audio, "
        "the same for every client (curl's own figure is its time to first byte).")
    result.notes.append(
        'In the commands, "$BODY" is request_body as JSON and "${HEADERS[@]}" request_headers '
        'as "Name: value" arguments.')
    result.notes.append(
        "The CLI's own stacks: bytes: httptools + socket (cartesia_cli/api/http1.py), websocket: "
        "websockets Sans-I/O + socket (cartesia_cli/api/ws.py); the others are the options.")
    parse_cpu(bench, result, env)
    result.notes += ranking(result)
    result.notes += import_notes(bench, commands, env, [label for label, _, _ in STACKS])
    return result


def not_installed(module: str) -> str:
    return (f"skipped: {module} is not installed in this venv (not a dependency of cartesia-cli; "
            "install it there to measure this row)")


def emulator_chunk_ms() -> float:
    """The length of the emulator's audio chunks: its default (the harness sets none)."""
    from cartesia_cli.emulator import Emulator

    default: float = inspect.signature(Emulator).parameters["chunk_ms"].default
    return default


def parse_cpu(bench: Bench, result: SuiteResult, env: dict[str, str]) -> None:
    """The CPU ms each HTTP parser spends reading the answer for the throughput suite's text,
    from the peer's `parse` (no network); measurements, figures and setup into `result`."""
    seconds = bench.plan.throughput_audio_s
    sentence_bytes = [round(audio_seconds(text) * SAMPLE_RATE) * 4
                      for text in sentences_for(seconds)]
    chunk_bytes = round(SAMPLE_RATE * emulator_chunk_ms() / 1000) * 4
    audio_bytes = sum(sentence_bytes)
    args = [str(chunk_bytes), *map(str, sentence_bytes)]
    peer = [bench.tools.python, str(PEERS / "transport_options.py"), "parse"]
    commands: dict[str, list[str]] = {}
    skipped: dict[str, str] = {}
    for label, parser, needs in PARSERS:
        if needs and importlib.util.find_spec(needs) is None:
            skipped[label] = not_installed(needs)
        else:
            commands[label] = [*peer, parser, *args]

    def printed(measured: Run) -> dict[str, float]:
        try:
            data: dict[str, float] = json.loads(measured.stdout_head)
        except ValueError:
            shown = measured.stdout_head[:200]
            raise AssertionError(f"the peer printed {shown!r}, not JSON") from None
        return data

    def check(label: str, measured: Run) -> None:
        got = printed(measured)["audio_bytes"]
        assert got == audio_bytes, f"{label} gave {got} bytes of body, expected {audio_bytes}"

    measured = bench.repeat(commands, bench.plan.parse_runs, metric=lambda r: printed(r)["cpu_ms"],
                            unit="cpu-ms", env=env, check=check,
                            warmup=min(1, bench.plan.warmup_runs))
    chunks = sum(-(-n // chunk_bytes) for n in sentence_bytes)
    minutes = f"{audio_bytes / 4 / SAMPLE_RATE / 60:.3g} min"
    result.setup["parse"] = {
        "audio_seconds": round(audio_bytes / 4 / SAMPLE_RATE, 3), "encoding": PARSE_ENCODING,
        "sample_rate": SAMPLE_RATE, "chunk_bytes": chunk_bytes, "http_chunks": chunks,
        "sentences": len(sentence_bytes), "audio_bytes": audio_bytes, "piece_bytes": PIECE_BYTES,
        "runs": bench.plan.parse_runs,
        "commands": {label: shown_parse(argv, args) for label, argv in commands.items()}}
    for label, _, _ in PARSERS:
        result.add(measured.get(label) or Measurement(label, "cpu-ms", [], error=skipped[label]))
    for label, parser, _ in PARSERS:
        m = result.find(label)
        result.figures.append(Figure(
            f"transport.parse.{parser}", f"{label}, CPU to read {minutes} of audio",
            m.median if m.ok else None, "cpu-ms", f"median {label}",
            "none: the CPU of the peer's parse loop (time.process_time), no network",
            note="" if m.ok else f"not measured: {m.error or 'no samples'}"))
    httptools = result.find("parse: httptools")
    for label, parser, _ in PARSERS[1:]:
        m = result.find(label)
        result.figures.append(ratio(f"transport.parse.{parser}.httptools",
                                    f"{label} vs httptools, CPU", m, httptools,
                                    note="CPU of the parse loop" if m.ok and httptools.ok
                                    else ""))
    result.notes.append(
        f"parse: the answer for {minutes} of {PARSE_ENCODING} {SAMPLE_RATE} Hz audio as the "
        f"emulator sends it ({chunks} HTTP chunks of at most {chunk_bytes} bytes, one per audio "
        f"chunk; {audio_bytes} bytes of audio), fed in {PIECE_BYTES // 1024} KiB pieces; the "
        "sample is the CPU ms of the parse loop only (time.process_time in the peer), not the "
        "process's; in the commands, \"${SENTENCE_BYTES[@]}\" is each sentence's audio bytes.")


def shown_parse(argv: list[str], args: list[str]) -> str | None:
    """A parse command for the report, its long list of sentence sizes by name."""
    text = describe_command(argv)
    return text and text.replace(" ".join(args[1:]), '"${SENTENCE_BYTES[@]}"')


def ranking(result: SuiteResult) -> list[str]:
    """The stacks of each transport from the fastest to first audio, the parsers from the least
    CPU, and what httpx's default SSL context costs on an http:// URL (the same client with and
    without it)."""
    notes = []
    for kind, what in (("bytes", "stacks by median time to first audio"),
                       ("websocket", "stacks by median time to first audio"),
                       ("parse", "by median CPU to read the long answer")):
        rows = sorted((m for m in result.measurements if m.label.startswith(kind + ": ") and m.ok),
                      key=lambda m: m.median)
        if rows:
            notes.append(f"{kind} {what}: " + ", ".join(
                f"{m.label.removeprefix(kind + ': ')} {m.median:.3g} ms" for m in rows) + ".")
    default, noverify = (result.find(label) for label, _, _ in STACKS[:2])
    if default.ok and noverify.ok:
        notes.append(f"httpx.Client()'s SSL context on an http:// URL: "
                     f"{default.median - noverify.median:.0f} ms (median with it - without it).")
    return notes


def shown(argv: list[str], base_url: str, body_json: str, header_args: list[str]) -> str | None:
    """The command for the report: no machine paths, and the peers' long arguments by name
    (request_body and request_headers of the setup); curl's command is shown whole."""
    text = describe_command(argv)
    if text is None or "transport_options.py" not in text:
        return text and text.replace(base_url, "$CARTESIA_BASE_URL")
    return (text.replace(shlex.quote(body_json), '"$BODY"')
            .replace(" ".join(map(shlex.quote, header_args)), '"${HEADERS[@]}"'))


def over_python(key: str, measured: Measurement, python: Measurement, what: str) -> Figure:
    """measured - `python -c pass` (medians, ms): what a stack adds to the interpreter."""
    value = measured.median - python.median if measured.ok and python.ok else None
    problem = measured.error or python.error
    return Figure(
        f"transport.{key}.python", f"{measured.label}, over `{PYTHON}`",
        value, "ms", f"median {measured.label} - median {PYTHON}", f"median {PYTHON}",
        note=what if value is not None else f"not measured: {problem or 'no samples'}")


def import_notes(bench: Bench, commands: dict[str, list[str]], env: dict[str, str],
                 labels: list[str]) -> list[str]:
    """One line per Python client: how many modules it imports beyond `python -c pass`, their
    import time, and which of the WATCHED modules are among them (with the module that imported
    each)."""
    try:
        base, base_ms, _ = imports(commands[PYTHON], env)
    except (subprocess.SubprocessError, OSError) as exc:
        return [f"imports not recorded: {scrub_paths(str(exc), bench.tools)}"]
    notes = []
    for label in labels:
        if label not in commands:
            continue
        try:
            names, total_ms, importer = imports(commands[label], env)
        except (subprocess.SubprocessError, OSError) as exc:
            notes.append(f"{label}: imports not recorded: {scrub_paths(str(exc), bench.tools)}")
            continue
        extra = set(names) - set(base)
        watched = [f"{name} (from {importer[name]})" if name in importer else name
                   for name in WATCHED if name in extra]
        notes.append(f"{label}: imports {len(extra)} modules beyond `{PYTHON}` "
                     f"({total_ms - base_ms:.0f} ms of imports, median of {IMPORT_RUNS} "
                     "`-X importtime` runs); among them: "
                     + (", ".join(watched) if watched else "none of " + ", ".join(WATCHED)))
    return notes
