"""`cartesia batch`: a manifest of utterances to files, N at a time, resumable, with progress."""

from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from cartesia_cli.cli import options as opt
from cartesia_cli.cli.progress import clock
from cartesia_cli.cli.state import AppState

if TYPE_CHECKING:
    from cartesia_cli.flows.batch import ItemResult, Job, Summary

BATCH_HELP = """Speak every line of a manifest into its own file, several at once, resumably.

The manifest is JSONL (one object per line: `text`, and optionally `out`, `id`, `voice`,
`language`, `locale`, `model`, `speed`, `volume`, `emotion`, which override the options), CSV
with a header naming the same columns, or plain text (one utterance per line); `-` reads stdin.
Every line is checked before anything is sent (`--check` only checks). Files go to -o DIR, named
by `out` or by --name (fields {n} {id} {slug} {voice} {ext}), format from the extension or
--format, each written whole or not at all.

DIR/batch-results.jsonl records every finished item; running the same command again skips the
items whose file exists and whose text and options are unchanged (--force makes them again), so
after Ctrl-C, a failure or a dropped connection the next run does the rest. A 429 waits and tries
again; one failed item never stops the others (unless --fail-fast). The exit code is 0 when every
item succeeded, else that of the most serious failure: 3 authentication, 2 usage (an output that
cannot be written), 1 other, 5 rejected by the API, 4 unavailable.

\b
Examples:
  cartesia batch prompts.jsonl -o audio/
  cartesia batch lines.txt -o audio/ --jobs 8 --format mp3 --name '{n:03d}.{ext}'
  cartesia batch strings.csv -o out/ --check
  cartesia batch prompts.jsonl -o audio/ --subtitles srt --timestamps
  cartesia batch prompts.jsonl -o audio/ --json | jq .failed
"""


def batch(
    ctx: typer.Context,
    manifest: Annotated[str, typer.Argument(
        help="JSONL, CSV or plain-text manifest; `-` reads stdin.", show_default=False)],
    output_dir: Annotated[str | None, typer.Option(
        "-o", "--output-dir", help="Directory for the files and batch-results.jsonl.",
        show_default=False)] = None,
    name: Annotated[str, typer.Option(
        "--name", help="File name template for items without `out`: {n} item number, {id}, "
        "{slug} of the text, {voice}, {ext}.")] = "{n:04d}-{slug}.{ext}",
    fmt: opt.Format = None,
    encoding: opt.Encoding = None,
    sample_rate: opt.SampleRate = None,
    voice: opt.Voice = None,
    model: opt.Model = None,
    language: opt.Language = None,
    speed: opt.Speed = None,
    volume: opt.Volume = None,
    emotion: opt.Emotion = None,
    jobs: Annotated[int, typer.Option(
        "-j", "--jobs", help="Generations in flight at once, 1 to 256.")] = 4,
    transport: Annotated[Literal["websocket", "bytes"], typer.Option(
        "--transport", help="websocket: contexts multiplexed over one socket; "
        "bytes: parallel HTTP requests (POST /tts/bytes).")] = "websocket",
    subtitles: Annotated[Literal["srt", "vtt"] | None, typer.Option(
        "--subtitles", help="Also write NAME.srt or NAME.vtt next to each file (websocket).",
        show_default=False)] = None,
    timestamps: Annotated[bool, typer.Option(
        "--timestamps", help="Also write word timestamps to NAME.json (websocket).")] = False,
    input_format: Annotated[Literal["jsonl", "csv", "plain"] | None, typer.Option(
        "--input-format", help="Manifest format [default: from the extension, or guessed].",
        show_default=False)] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Only check the manifest: report bad lines, send nothing.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Make every item again, even those already done.")] = False,
    fail_fast: Annotated[bool, typer.Option(
        "--fail-fast", help="Stop at the first failed item (items in flight are cancelled).")
    ] = False,
    json_output: Annotated[bool, typer.Option(
        "--json", help="Print the summary as JSON on stdout.")] = False,
    progress_interval: Annotated[float, typer.Option(
        "--progress-interval", help="Seconds between progress lines when stderr is not a "
        "terminal (0: none).")] = 5.0,
) -> None:
    from cartesia_cli.errors import UsageError
    from cartesia_cli.flows.batch import BatchOptions, Preparer, check_manifest
    from cartesia_cli.flows.manifest import Manifest

    state: AppState = ctx.obj
    state.json_errors = json_output
    n_jobs = _positive_int("--jobs", jobs)
    interval = _seconds("--progress-interval", progress_interval)
    if output_dir is None and not check:
        raise UsageError("batch needs an output directory: -o DIR",
                         hint="or --check to only check the manifest")
    if output_dir is not None:
        _check_dir(output_dir)
    settings = state.settings(voice=voice, model=model, language=language, format=fmt,
                              encoding=encoding, sample_rate=sample_rate)
    options = BatchOptions(out_dir=output_dir or ".", name=name, fmt=fmt, encoding=encoding,
                           sample_rate=sample_rate, jobs=n_jobs, transport=transport,
                           subtitles=subtitles, timestamps=timestamps, force=force,
                           fail_fast=fail_fast, speed=speed, volume=volume, emotion=emotion)
    with Manifest(manifest, stdin=state.env.stdin_bytes if manifest == "-" else None,
                  input_format=input_format) as source:
        preparer = Preparer(settings, options)
        report = check_manifest(source, preparer)
        for bad in report.bad:
            state.printer.write(f"{source.name}:{bad.line}: {bad.message}")
        if report.bad_count:
            more = report.bad_count - len(report.bad)
            if more:
                state.printer.write(f"… and {more} more bad lines")
            raise UsageError(f"{report.bad_count} bad line{'s' if report.bad_count > 1 else ''} "
                             f"in {source.name}; nothing was sent",
                             hint="fix them (`cartesia batch --check` checks again)")
        if report.items == 0:
            raise UsageError(f"the manifest {source.name} has no items")
        if check:
            if json_output:
                _print_json(state, {"items": report.items, "bad_lines": 0,
                                    "format": source.format})
            else:
                state.printer.notice(f"{source.name}: {report.items} items, "
                                     f"{source.format}, every line is valid")
            return
        _run(state, settings, preparer, source, report.items, interval, json_output)


def _run(state: AppState, settings: Any, preparer: Any, source: Any, total: int,
         interval: float, json_output: bool) -> None:
    from cartesia_cli.flows.batch import BatchRun

    observer = _observer(state, interval)
    run = BatchRun(settings, preparer.options, source, preparer, observer,
                   resolve_voice=_resolver(state, settings), total=total)
    try:
        summary = run.run()
    except KeyboardInterrupt:
        observer.close()
        run.summary.not_run = (total - run.summary.ok - run.summary.failed
                               - run.summary.skipped)
        _print_summary(state, run.summary, stopped=True)
        raise
    observer.close()
    _print_summary(state, summary)
    if json_output:
        _print_json(state, summary.to_json())
    if summary.exit_code:
        from cartesia_cli.errors import CartesiaError

        if summary.stopped_by == "auth" and summary.failures:
            err = summary.failures[0][2]
        else:
            what = f"{summary.failed} of {summary.total} items failed"
            if summary.stopped_by == "fail-fast":
                what += f"; stopped by --fail-fast, {summary.not_run} not run"
            elif summary.stopped_by == "unavailable":
                what += (f"; stopped: the service looks unavailable, {summary.not_run} "
                         "not run")
            err = CartesiaError(what, hint="run the same command again to retry them "
                                "(finished items are skipped)")
        state.printer.error(err)
        raise typer.Exit(summary.exit_code)


def _print_json(state: AppState, data: dict[str, Any]) -> None:
    import json

    state.env.stdout.write(json.dumps(data) + "\n")
    state.env.stdout.flush()


def _resolver(state: AppState, settings: Any) -> Any:
    def resolve(name: str) -> str:
        from cartesia_cli.facts import is_voice_id

        if is_voice_id(name):
            return name
        from cartesia_cli.api.http import HttpClient
        from cartesia_cli.api.voices import resolve_voice

        with HttpClient(settings) as client:
            return resolve_voice(client, name, state.voice_cache(settings))

    return resolve


def _positive_int(flag: str, value: int) -> int:
    from cartesia_cli.errors import UsageError

    if not 1 <= value <= 256:
        raise UsageError(f"{flag} {value} is out of range: expected 1 to 256")
    return value


def _seconds(flag: str, value: float) -> float:
    from cartesia_cli.errors import UsageError

    if not 0 <= value < 86400:  # false for nan
        raise UsageError(f"{flag} {value:g} is out of range: expected 0 to 86399 seconds")
    return value


def _check_dir(path: str) -> None:
    import os

    from cartesia_cli.errors import UsageError

    if not path:
        raise UsageError("the output directory needs a name")
    if os.path.exists(path) and not os.path.isdir(path):
        raise UsageError(f"the output directory {path} is not a directory")
    probe = path
    while probe and not os.path.exists(probe):
        probe = os.path.dirname(probe.rstrip(os.sep))
    if not os.access(probe or ".", os.W_OK | os.X_OK):
        raise UsageError(f"cannot write in {probe or '.'}: permission denied")


def _print_summary(state: AppState, summary: "Summary", *, stopped: bool = False) -> None:
    speed = f" ({summary.speedup:.1f}x real time)" if summary.speedup else ""
    line = (f"batch: {summary.ok} ok, {summary.failed} failed, {summary.skipped} skipped "
            f"of {summary.total} items; {summary.audio_seconds:.1f} s of audio in "
            f"{summary.wall_seconds:.1f} s{speed}")
    if summary.rate_limited or summary.retries:
        line += f"; {summary.rate_limited} rate-limited, {summary.retries} retried"
    if stopped or summary.not_run:
        line += f"; {summary.not_run} not run yet (run the same command again to finish)"
    state.printer.notice(line)
    for number, output, error in summary.failures:
        state.printer.write(f"  line {number} ({output}): {error.message} "
                            f"[exit {int(error.exit_code)}]")
    if summary.failed > len(summary.failures):
        state.printer.write(f"  … and {summary.failed - len(summary.failures)} more "
                            "(see batch-results.jsonl)")


class _Plain:
    """Progress as a plain line every few seconds (a pipe, a CI log)."""

    def __init__(self, state: AppState, interval: float):
        import time

        self.state = state
        self.interval = interval
        self.clock = time.monotonic
        self.t0 = self.clock()
        self.last = self.t0
        self.total = 0

    def started(self, total: int) -> None:
        self.total = total

    def item_done(self, result: "ItemResult", summary: "Summary") -> None:
        if result.status == "failed" and result.error is not None:
            self.state.printer.warning(f"line {result.job.item.line} ({result.job.output}): "
                                       f"{result.error.message}")

    def retrying(self, job: "Job", reason: str, delay: float) -> None:
        if self.state.verbose:
            self.state.printer.warning(f"line {job.item.line}: {reason}; again in {delay:.1f} s")

    def tick(self, summary: "Summary", in_flight: int) -> None:
        if not self.interval:
            return
        now = self.clock()
        if now - self.last < self.interval:
            return
        self.last = now
        done = summary.ok + summary.failed + summary.skipped
        eta = ""
        made = summary.ok + summary.failed
        if made and done < self.total:
            rate = made / (now - self.t0)
            eta = f", ETA {clock((self.total - done) / rate)}"
        self.state.printer.notice(
            f"batch: {done}/{self.total} items, {summary.failed} failed, "
            f"{summary.skipped} skipped, {summary.audio_seconds:.1f} s of audio, "
            f"{in_flight} in flight{eta}")

    def close(self) -> None:
        pass


class _Bar(_Plain):
    """A Rich progress bar on a terminal: items done of total, audio made, failures, ETA."""

    def __init__(self, state: AppState, interval: float):
        super().__init__(state, interval)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        no_color = state.printer.color is False
        console = Console(file=state.env.stderr, no_color=no_color, highlight=False)
        self.progress = Progress(
            TextColumn("batch"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[audio]}"), TextColumn("{task.fields[failed]}"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=console, transient=False, refresh_per_second=4,
        )
        self.task: Any = None

    def started(self, total: int) -> None:
        self.total = total
        self.progress.start()
        self.task = self.progress.add_task("batch", total=total, audio="0.0 s audio",
                                           failed="0 failed")

    def item_done(self, result: "ItemResult", summary: "Summary") -> None:
        if result.status == "failed" and result.error is not None:
            self.progress.console.print(
                f"warning: line {result.job.item.line} ({result.job.output}): "
                f"{result.error.message}", markup=False, highlight=False)
        self.progress.update(self.task, advance=1, audio=f"{summary.audio_seconds:.1f} s audio",
                             failed=f"{summary.failed} failed")

    def retrying(self, job: "Job", reason: str, delay: float) -> None:
        if self.state.verbose:
            self.progress.console.print(f"warning: line {job.item.line}: {reason}; again in "
                                        f"{delay:.1f} s", markup=False, highlight=False)

    def tick(self, summary: "Summary", in_flight: int) -> None:
        pass

    def close(self) -> None:
        self.progress.stop()


class _Silent(_Plain):
    def item_done(self, result: "ItemResult", summary: "Summary") -> None:
        pass

    def tick(self, summary: "Summary", in_flight: int) -> None:
        pass


def _observer(state: AppState, interval: float) -> _Plain:
    if state.quiet:
        return _Silent(state, interval)
    if state.env.stderr_isatty and state.env.var("TERM") != "dumb" and not state.env.var("CI"):
        return _Bar(state, interval)
    return _Plain(state, interval)


def register(app: typer.Typer) -> None:
    app.command("batch", help=BATCH_HELP)(batch)
