"""`batch`: every utterance of a manifest to its own file, N at a time, resumable.

The manifest is read twice, as a stream: first to check every line (nothing is sent while any
line is bad), then to run. Items are started as slots free up, so neither the manifest nor any
finished item's audio is held: memory does not grow with the number of items.

Each item's audio goes to its file through the sinks of audio/sinks.py (a temporary file renamed
on success); subtitles and timestamps next to it through safe_write. Each finished item (done or
failed) adds one line to DIR/batch-results.jsonl, after its files are in place; a later run skips
an item whose output exists and whose last line there says it was made from the same text and
options.

Failures: an in-band or HTTP 429 puts the item back, waits (the server's Retry-After, or the
backoff of api/retry.py) and lowers the number in flight for a while: it never fails the run
(unless the server asks for more than a minute, or says the quota is used up: waiting would not
help).
Other retryable failures (a socket that dropped, 5xx, a timeout) try the item again up to
--max-retries times; an item is tried again only when nothing of it reached its output (a file
is written to a temporary name until complete, so a cut-off attempt is simply discarded; a FIFO
or device in the output directory that already got bytes is not tried again). Anything else
fails the item and the run goes on, unless fail-fast; an authentication failure stops the run,
and so do UNAVAILABLE_STOP items in a row failing as unavailable (the service is down).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import unicodedata
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cartesia_cli import signals
from cartesia_cli.api.multiplex import BytesPool, WebSocketMux
from cartesia_cli.api.retry import RetryPolicy
from cartesia_cli.api.tts import Voicing, request_body
from cartesia_cli.audio.sinks import Sink
from cartesia_cli.audio.subtitles import TimestampLog, group_cues, to_srt, to_vtt
from cartesia_cli.config import Settings
from cartesia_cli.errors import (
    AuthError,
    CartesiaError,
    ExitCode,
    RateLimitedError,
    UsageError,
)
from cartesia_cli.events import AudioChunk, Done, Timestamps
from cartesia_cli.facts import CONTAINERS, FILE_FORMATS, STREAM_CONTAINERS
from cartesia_cli.flows.manifest import BadLine, Item, Manifest
from cartesia_cli.flows.outputs import EXTENSIONS, OutputPlan, wire_for
from cartesia_cli.safe_write import AppendLog, is_in_place, write_atomically

RESULTS_NAME = "batch-results.jsonl"
DEFAULT_NAME = "{n:04d}-{slug}.{ext}"
NAME_FIELDS = ("n", "id", "slug", "voice", "ext")
FORMAT_EXTENSION = {"wav": "wav", "raw": "raw", "mp3": "mp3", "flac": "flac", "ogg": "ogg",
                    "opus": "opus"}
# The most serious failure decides the exit code, in this order: the run cannot work as set up
# (auth, usage: an unwritable output), then a bug, then items the API refused (fix the manifest),
# then the service being unavailable (safe to run again later).
SEVERITY = (ExitCode.AUTH, ExitCode.USAGE, ExitCode.ERROR, ExitCode.REJECTED,
            ExitCode.UNAVAILABLE)
MAX_SHOWN_FAILURES = 1000  # kept for the summary; the results file has every one
# Items failed in a row as unavailable (exit 4, retries spent) before the run stops: the service
# is down or unreachable, and every other item would only fail the same way, slowly.
UNAVAILABLE_STOP = 5
MAX_ITEM_CHARS = 200_000  # one item's text (hours of speech); longer: split it, or `stream -f`


@dataclass(frozen=True)
class BatchOptions:
    out_dir: str
    name: str = DEFAULT_NAME
    fmt: str | None = None
    encoding: str | None = None
    sample_rate: int | None = None
    jobs: int = 4
    transport: str = "websocket"  # or "bytes"
    subtitles: str | None = None  # "srt" or "vtt"
    timestamps: bool = False
    force: bool = False
    fail_fast: bool = False
    speed: float | None = None  # defaults under each item's own
    volume: float | None = None
    emotion: str | None = None


@dataclass(frozen=True)
class Job:
    """An item made ready: where it goes, in what format, spoken how."""

    item: Item
    output: str  # relative to the output directory, as recorded
    path: Path
    plan: OutputPlan
    voicing: Voicing  # the voice as written (a name is resolved when the item starts)
    options: dict[str, Any]
    text_hash: str

    @property
    def sidecars(self) -> list[Path]:
        return [p for p in (self.subtitle_path, self.timestamps_path) if p is not None]

    @property
    def subtitle_path(self) -> Path | None:
        kind = self.options.get("subtitles")
        return self.path.with_suffix("." + kind) if kind else None

    @property
    def timestamps_path(self) -> Path | None:
        return self.path.with_suffix(".json") if self.options.get("timestamps") else None


@dataclass
class ItemResult:
    job: Job
    status: str  # "ok", "failed", "skipped"
    error: CartesiaError | None = None
    audio_seconds: float | None = None
    bytes: int = 0
    ttfa_ms: float | None = None
    context_id: str | None = None
    attempts: int = 0


def _rank(code: ExitCode) -> int:
    """Where a failure's exit code stands in SEVERITY; any other code after all of them."""
    return SEVERITY.index(code) if code in SEVERITY else len(SEVERITY)


@dataclass
class Summary:
    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    not_run: int = 0  # left for the next run by --fail-fast or a stopped run
    audio_seconds: float = 0.0
    wall_seconds: float = 0.0
    retries: int = 0
    rate_limited: int = 0
    reconnects: int = 0
    failures: list[tuple[int, str, CartesiaError]] = field(default_factory=list)
    worst: ExitCode = ExitCode.OK
    stopped_by: str | None = None  # "fail-fast", "auth" or "unavailable"
    started: float = field(default_factory=time.perf_counter)

    @property
    def exit_code(self) -> int:
        return int(self.worst)

    @property
    def speedup(self) -> float | None:
        return self.audio_seconds / self.wall_seconds if self.wall_seconds > 0 else None

    def add_failure(self, line: int, output: str, error: CartesiaError) -> None:
        self.failed += 1
        if len(self.failures) < MAX_SHOWN_FAILURES:
            self.failures.append((line, output, error))
        code = error.exit_code
        if self.worst == ExitCode.OK or _rank(code) < _rank(self.worst):
            self.worst = code

    def to_json(self) -> dict[str, Any]:
        return {
            "items": self.total, "ok": self.ok, "failed": self.failed, "skipped": self.skipped,
            "not_run": self.not_run, "audio_seconds": round(self.audio_seconds, 3),
            "wall_seconds": round(self.wall_seconds, 3),
            "speedup": round(self.speedup, 2) if self.speedup is not None else None,
            "retries": self.retries, "rate_limited": self.rate_limited,
            "exit_code": self.exit_code, "stopped_by": self.stopped_by,
            "failures": [{"line": line, "output": out, "error": err.details()}
                         for line, out, err in self.failures],
        }


class BatchObserver(Protocol):
    """What the CLI shows while a batch runs (a progress bar, plain lines, nothing)."""

    def started(self, total: int) -> None: ...

    def item_done(self, result: ItemResult, summary: Summary) -> None: ...

    def retrying(self, job: Job, reason: str, delay: float) -> None: ...

    def tick(self, summary: Summary, in_flight: int) -> None: ...


# --- preparing items --------------------------------------------------------------------------


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe, lower-case ASCII rendering of a text: "Hello, World!" -> hello-world."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "item")


def check_name_template(template: str) -> None:
    """Raises UsageError when --name cannot make a file name."""
    sample = {"n": 1, "id": "id", "slug": "slug", "voice": "voice", "ext": "wav"}
    try:
        name = template.format_map(sample)
    except KeyError as exc:
        raise UsageError(f"--name uses an unknown field {{{exc.args[0]}}}",
                         hint="fields: " + ", ".join(f"{{{f}}}" for f in NAME_FIELDS)) from None
    except (ValueError, IndexError, AttributeError) as exc:
        raise UsageError(f"--name `{template}` is not a valid template: {exc}",
                         hint="for example --name '{n:04d}-{slug}.{ext}'") from None
    if not name or name.endswith(("/", os.sep)):
        raise UsageError(f"--name `{template}` does not make a file name")


def _relative_output(name: str) -> str | None:
    """The output name made safe for joining under the directory, or None when it is not."""
    if not name or "\0" in name or os.path.isabs(name) or name.endswith(("/", os.sep)):
        return None
    normal = os.path.normpath(name)
    if normal.startswith("..") or normal in (".", "") or normal == RESULTS_NAME:
        return None
    return normal


class Preparer:
    """Turns manifest items into jobs: names, formats, voicing and the resume fingerprint."""

    def __init__(self, settings: Settings, options: BatchOptions):
        self.settings = settings
        self.options = options
        self.out_dir = Path(options.out_dir)
        self.features = settings.resolved_version.features
        self.api_containers = CONTAINERS if options.transport == "bytes" else STREAM_CONTAINERS
        if options.fmt is not None and options.fmt not in FILE_FORMATS:
            raise UsageError(f"unknown format `{options.fmt}`",
                             hint="formats: " + ", ".join(FILE_FORMATS))
        check_name_template(options.name)

    def prepare(self, item: Item) -> Job:
        """Raises UsageError (the message is about this line)."""
        s, o = self.settings, self.options
        if len(item.text) > MAX_ITEM_CHARS:
            raise UsageError(f"the text has {len(item.text)} characters, more than the "
                             f"{MAX_ITEM_CHARS} of one item (split it over several lines)")
        voice = item.voice or s["voice"]
        model = item.model or s["model"]
        language = item.language
        locale = item.locale
        if language and locale:
            raise UsageError("give `language` or `locale`, not both")
        if locale and not self.features.locale_field:
            raise UsageError(f"`locale` needs API version 2026-08-14 or later "
                             f"(this run uses {s['version']})")
        if not language and not locale:
            language = s["language"]
        extra = {"locale": locale} if locale else {}
        speed = item.speed if item.speed is not None else o.speed
        volume = item.volume if item.volume is not None else o.volume
        emotion = item.emotion or o.emotion
        try:
            voicing = Voicing(model_id=model, voice_id=voice, language=language,
                              speed=speed, volume=volume, emotion=emotion, extra=extra)
        except UsageError as exc:
            raise UsageError(exc.message.replace("--", "")) from None
        fmt = o.fmt or s["format"] or "wav"
        if item.out is not None:
            name = item.out
            suffix = os.path.splitext(name)[1].lower()
            if suffix:
                if suffix not in EXTENSIONS:
                    raise UsageError(f"unknown audio file extension `{suffix}` in `out`")
                fmt = EXTENSIONS[suffix]
        else:
            name = o.name.format_map({
                "n": item.n, "id": item.id if item.id is not None else str(item.n),
                "slug": slug(item.text), "voice": slug(voice), "ext": FORMAT_EXTENSION[fmt]})
        output = _relative_output(name)
        if output is None:
            raise UsageError(f"output name `{name}` must be a relative path inside the output "
                             f"directory (no `..`, not {RESULTS_NAME})")
        path = self.out_dir / output
        if o.transport == "bytes" and (o.subtitles or o.timestamps):
            raise UsageError("--subtitles and --timestamps need --transport websocket")
        plan = _plan(path, fmt, o, s, self.api_containers)
        options = {
            "model": model, "voice": voice, "language": language, "locale": locale,
            "speed": speed, "volume": volume, "emotion": emotion,
            "format": plan.container, "encoding": plan.wire.encoding
            if plan.wire.container != "mp3" else None,
            "sample_rate": plan.wire.sample_rate, "subtitles": o.subtitles,
            "timestamps": o.timestamps or None, "version": s["version"],
        }
        options = {k: v for k, v in options.items() if v is not None}
        text_hash = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
        job = Job(item, output, path, plan, voicing, options, text_hash)
        for sidecar in job.sidecars:
            if sidecar == path:
                raise UsageError(f"output `{output}` would be overwritten by its own sidecar")
        return job


def _plan(path: Path, fmt: str, o: BatchOptions, s: Settings,
          api_containers: tuple[str, ...]) -> OutputPlan:
    """The output plan without touching the disk (directories may not exist yet)."""
    wire = wire_for(fmt, o.encoding or s["encoding"], o.sample_rate or s["sample_rate"],
                    api_containers)
    return OutputPlan(str(path), fmt, wire)


# --- the results file -------------------------------------------------------------------------


class Results:
    """DIR/batch-results.jsonl: what earlier runs made (read once at the start), and one line
    per item finished in this run."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / RESULTS_NAME
        self.done: dict[str, bytes] = {}  # output -> fingerprint of text and options, if ok
        self.log: AppendLog | None = None

    def load(self) -> None:
        try:
            source = open(self.path, "rb")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            return
        except OSError as exc:
            raise UsageError(f"cannot read {self.path}: {(exc.strerror or '').lower()}") from None
        with source:
            for raw in source:
                try:
                    record = json.loads(raw)
                except (ValueError, RecursionError):
                    continue  # a line cut short by a crash: that item is simply made again
                if not isinstance(record, dict) or not isinstance(record.get("output"), str):
                    continue
                output = record["output"]
                if record.get("status") == "ok":
                    self.done[output] = _fingerprint(record.get("text_hash"),
                                                     record.get("options"))
                else:
                    self.done.pop(output, None)

    def unchanged(self, job: Job) -> bool:
        made = self.done.get(job.output)
        if made is None or made != _fingerprint(job.text_hash, job.options):
            return False
        return all(p.is_file() or (p.exists() and is_in_place(p))
                   for p in (job.path, *job.sidecars))

    def open(self) -> None:
        self.log = AppendLog(self.path)

    def record(self, result: ItemResult) -> None:
        job = result.job
        line = {
            "item": job.item.n, "line": job.item.line, "id": job.item.id,
            "output": job.output, "text_hash": job.text_hash, "options": job.options,
            "audio_seconds": round(result.audio_seconds, 3)
            if result.audio_seconds is not None else None,
            "bytes": result.bytes, "context_id": result.context_id,
            "ttfa_ms": round(result.ttfa_ms, 1) if result.ttfa_ms is not None else None,
            "status": result.status, "attempts": result.attempts,
            "error": result.error.details() if result.error else None,
            "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        if self.log is not None:
            self.log.append(json.dumps(line, ensure_ascii=False))
        if result.status == "ok":
            self.done[job.output] = _fingerprint(job.text_hash, job.options)
        else:
            self.done.pop(job.output, None)

    def close(self) -> None:
        if self.log is not None:
            self.log.close()
            self.log = None


def _fingerprint(text_hash: object, options: object) -> bytes:
    """16 bytes for the text and options an output was made from (kept per item: small)."""
    canonical = json.dumps([text_hash, options], sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=16).digest()


# --- checking the manifest --------------------------------------------------------------------


@dataclass
class CheckReport:
    items: int = 0
    bad: list[BadLine] = field(default_factory=list)
    bad_count: int = 0


MAX_REPORTED_BAD_LINES = 50


def check_manifest(manifest: Manifest, preparer: Preparer) -> CheckReport:
    """Every line read and prepared (nothing sent); outputs must be distinct."""
    report = CheckReport()
    seen: dict[str, int] = {}
    for entry in manifest.entries():
        signals.check()
        bad: BadLine | None = entry if isinstance(entry, BadLine) else None
        if isinstance(entry, Item):
            try:
                job = preparer.prepare(entry)
            except UsageError as exc:
                bad = BadLine(entry.line, exc.message)
            else:
                report.items += 1
                for name in (job.output, *(os.path.normpath(os.path.relpath(p, preparer.out_dir))
                                           for p in job.sidecars)):
                    first = seen.get(name)
                    if first is not None:
                        bad = BadLine(entry.line, f"output `{name}` is also line {first}'s")
                        break
                    seen[name] = entry.line
        if bad is not None:
            report.bad_count += 1
            if len(report.bad) < MAX_REPORTED_BAD_LINES:
                report.bad.append(bad)
    return report


# --- running ----------------------------------------------------------------------------------


@dataclass
class _Active:
    job: Job
    key: str
    sink: Sink
    voicing: Voicing
    started: float
    attempts: int
    retries: int  # retries spent of the item's budget so far
    first_audio: float | None = None
    bytes: int = 0
    log: TimestampLog | None = None


@dataclass
class _Waiting:
    job: Job
    not_before: float
    attempts: int  # attempts made so far
    retries: int  # retries spent of the item's budget (429s spend none)


class BatchRun:
    def __init__(self, settings: Settings, options: BatchOptions, manifest: Manifest,
                 preparer: Preparer, observer: BatchObserver, *,
                 resolve_voice: Callable[[str], str], total: int):
        self.settings = settings
        self.options = options
        self.manifest = manifest
        self.preparer = preparer
        self.observer = observer
        self.resolve_voice = resolve_voice
        self.voices: dict[str, str | CartesiaError] = {}
        self.summary = Summary(total=total)
        self.results = Results(Path(options.out_dir))
        self.max_retries = int(settings["max_retries"])
        self.policy = RetryPolicy(self.max_retries)  # only its waits: budgets are per item
        self.active: dict[str, _Active] = {}
        self.waiting: deque[_Waiting] = deque()
        self.cap = options.jobs  # lowered by 429s, raised again by successes
        self.calm = 0  # successes since the last 429
        self.rate_limits_in_a_row = 0
        self.unavailable_in_a_row = 0  # items failed in a row, retries spent, by exit code 4
        self.pause_until = 0.0  # after a 429 nothing new starts before this
        self.transport: WebSocketMux | BytesPool | None = None
        self.stop = False

    # -- the loop --

    def run(self) -> Summary:
        self.results.load()
        os.makedirs(self.options.out_dir, exist_ok=True)
        self.results.open()
        self.observer.started(self.summary.total)
        source = self._jobs()
        exhausted = False
        try:
            self.transport = (BytesPool(self.settings, self.options.jobs)
                              if self.options.transport == "bytes"
                              else WebSocketMux(self.settings))
            while True:
                signals.check()
                now = time.monotonic()
                while not self.stop and len(self.active) < self.cap and now >= self.pause_until:
                    ready = self._next_waiting(now)
                    if ready is None:
                        if exhausted:
                            break
                        job = next(source, None)
                        if job is None:
                            exhausted = True
                            break
                        ready = _Waiting(job, 0.0, 0, 0)
                    self._launch(ready)
                if not self.active and (self.stop or (exhausted and not self.waiting)):
                    break
                wait = 0.1
                if not self.active:
                    wait = max(0.01, min(0.25, self._earliest() - now))
                for key, event in self.transport.poll(wait):
                    self._arrived(key, event)
                self.observer.tick(self.summary, len(self.active))
        except BaseException:
            self._abandon()
            # A stop that came inside a commit (between its flush and its rename) leaves a
            # temporary file that no sink owns any more: none may stay.
            signals.discard_temp_files()
            raise
        finally:
            if self.transport is not None:
                self.transport.close()
                if isinstance(self.transport, WebSocketMux):
                    self.summary.reconnects = max(0, self.transport.connects - 1)
            self.results.close()
            self.summary.wall_seconds = time.perf_counter() - self.summary.started
        if self.stop:
            self.summary.not_run = (self.summary.total - self.summary.ok - self.summary.failed
                                    - self.summary.skipped)
        return self.summary

    def _jobs(self) -> Iterator[Job]:
        for entry in self.manifest.entries():
            if not isinstance(entry, Item):
                continue  # checked before the run: cannot happen unless the file changed
            try:
                job = self.preparer.prepare(entry)
            except UsageError:
                continue
            if not self.options.force and self.results.unchanged(job):
                self.summary.skipped += 1
                self.observer.item_done(ItemResult(job, "skipped"), self.summary)
                continue
            yield job

    def _next_waiting(self, now: float) -> _Waiting | None:
        for i, waiting in enumerate(self.waiting):
            if waiting.not_before <= now:
                del self.waiting[i]
                return waiting
        return None

    def _earliest(self) -> float:
        times = [w.not_before for w in self.waiting] + [self.pause_until]
        return min(times) if self.waiting else self.pause_until

    # -- one item --

    def _launch(self, waiting: _Waiting) -> None:
        job = waiting.job
        assert self.transport is not None
        try:
            voicing = self._voicing(job)
            job.path.parent.mkdir(parents=True, exist_ok=True)
        except CartesiaError as exc:
            self._fail(job, exc, waiting.attempts)
            return
        except OSError as exc:
            self._fail(job, UsageError(f"cannot create directory {job.path.parent}: "
                                       f"{(exc.strerror or str(exc)).lower()}"), waiting.attempts)
            return
        key = f"batch-{job.item.n}-{uuid.uuid4().hex[:12]}"
        log = TimestampLog() if job.sidecars else None
        body = request_body(job.item.text, voicing, job.plan.wire, self.transport.features,
                            add_timestamps=True if log is not None else None)
        try:
            sink = job.plan.open_sink()
        except CartesiaError as exc:
            self._fail(job, exc, waiting.attempts)
            return
        active = _Active(job, key, sink, voicing, time.perf_counter(), waiting.attempts + 1,
                         waiting.retries, log=log)
        self.active[key] = active
        try:
            self.transport.start(key, body)
        except CartesiaError as exc:
            self._arrived(key, exc)

    def _voicing(self, job: Job) -> Voicing:
        name = job.voicing.voice_id
        resolved = self.voices.get(name)
        if resolved is None:
            try:
                resolved = self.resolve_voice(name)
            except CartesiaError as exc:
                resolved = exc
            if len(self.voices) < 10_000:
                self.voices[name] = resolved
        if isinstance(resolved, CartesiaError):
            raise resolved
        return job.voicing if resolved == name else job.voicing._replace(voice_id=resolved)

    def _arrived(self, key: str, event: object) -> None:
        active = self.active.get(key)
        if active is None:
            return
        try:
            if isinstance(event, AudioChunk):
                if event.data:
                    if active.first_audio is None:
                        active.first_audio = time.perf_counter()
                    active.sink.write(event.data)
                    active.bytes += len(event.data)
                return
            if isinstance(event, Timestamps):
                if active.log is not None:
                    active.log.add(event)
                return
            if isinstance(event, Done):
                self._finish(active)
                return
        except CartesiaError as exc:  # writing failed (a full disk): this item fails
            if self.transport is not None:
                self.transport.cancel(key)
            event = exc
        if isinstance(event, CartesiaError):
            self._drop(key)
            active.sink.close(abort=True)
            self._failed_attempt(active, event)

    def _drop(self, key: str) -> None:
        self.active.pop(key, None)

    def _finish(self, active: _Active) -> None:
        self._drop(active.key)
        job = active.job
        try:
            active.sink.close()
            self._write_sidecars(job, active.log)
        except CartesiaError as exc:
            self._fail(job, exc, active.attempts)
            return
        seconds = job.plan.wire.seconds(active.bytes) if job.plan.wire.container != "mp3" \
            else None
        result = ItemResult(job, "ok", audio_seconds=seconds, bytes=active.bytes,
                            ttfa_ms=(1000 * (active.first_audio - active.started)
                                     if active.first_audio is not None else None),
                            context_id=active.key, attempts=active.attempts)
        self.results.record(result)
        self.summary.ok += 1
        self.summary.audio_seconds += seconds or 0.0
        self.calm += 1
        self.rate_limits_in_a_row = 0
        self.unavailable_in_a_row = 0
        if self.cap < self.options.jobs and self.calm >= self.cap:
            self.cap += 1
            self.calm = 0
        self.observer.item_done(result, self.summary)

    def _write_sidecars(self, job: Job, log: TimestampLog | None) -> None:
        if log is None:
            return
        if job.subtitle_path is not None:
            cues = group_cues(log.words)
            kind = job.options.get("subtitles")
            write_atomically(job.subtitle_path, to_srt(cues) if kind == "srt" else to_vtt(cues))
        if job.timestamps_path is not None:
            write_atomically(job.timestamps_path, log.to_json(False))

    def _failed_attempt(self, active: _Active, exc: CartesiaError) -> None:
        job, retries = active.job, active.retries
        now = time.monotonic()
        if isinstance(exc, RateLimitedError) and exc.error_code != "quota_exceeded":
            self.summary.rate_limited += 1
            try:
                delay = self.policy.delay_for(exc, self.rate_limits_in_a_row)
            except CartesiaError:
                self._fail(job, exc, active.attempts)
                return
            self.rate_limits_in_a_row += 1
            self.cap = max(1, len(self.active))
            self.calm = 0
            self.pause_until = max(self.pause_until, now + delay)
            self.waiting.appendleft(_Waiting(job, now + delay, active.attempts, retries))
            self.observer.retrying(job, exc.message, delay)
            return
        written_in_place = active.bytes > 0 and is_in_place(job.path)
        if exc.retryable and retries < self.max_retries and not written_in_place \
                and not self.stop:
            try:
                delay = self.policy.delay_for(exc, retries)
            except CartesiaError:
                self._fail(job, exc, active.attempts)
                return
            self.summary.retries += 1
            self.waiting.append(_Waiting(job, now + delay, active.attempts, retries + 1))
            self.observer.retrying(job, exc.message, delay)
            return
        self._fail(job, exc, active.attempts)

    def _fail(self, job: Job, exc: CartesiaError, attempts: int) -> None:
        result = ItemResult(job, "failed", error=exc, attempts=attempts)
        self.results.record(result)
        self.summary.add_failure(job.item.line, job.output, exc)
        self.observer.item_done(result, self.summary)
        unavailable = exc.exit_code == ExitCode.UNAVAILABLE
        self.unavailable_in_a_row = self.unavailable_in_a_row + 1 if unavailable else 0
        reason = ("auth" if isinstance(exc, AuthError) else "fail-fast" if self.options.fail_fast
                  else "unavailable" if self.unavailable_in_a_row >= UNAVAILABLE_STOP else None)
        if reason is not None and not self.stop:
            self.summary.stopped_by = reason
            self.stop = True
            self._abandon()

    def _abandon(self) -> None:
        """Cancel what is in flight: no partial file stays, nothing is recorded for them."""
        for key, active in list(self.active.items()):
            self._drop(key)
            try:
                active.sink.close(abort=True)
            finally:
                if self.transport is not None:
                    try:
                        self.transport.cancel(key)
                    except CartesiaError:
                        pass
        self.waiting.clear()

