"""`cartesia stream`: streaming synthesis over WebSocket or SSE, speaking as text arrives."""

from typing import Annotated, Literal

import typer

from cartesia_cli.cli import options as opt
from cartesia_cli.cli.state import AppState

STREAM_HELP = """Stream speech over WebSocket (default) or SSE, starting on the first chunk.

Text from the arguments or -f FILE is sent in pieces; text piped on stdin is spoken while it is
still arriving (one WebSocket context, continued until stdin closes). Word and phoneme timestamps
go to a JSON file, subtitles to SRT or VTT.

\b
Examples:
  cartesia stream "Hello there"
  llm "tell me a story" | cartesia stream
  cartesia stream -f chapter.txt -o chapter.wav --subtitles chapter.srt
  cartesia stream --transport sse --timestamps words.json -o - "Hi" | ffplay -nodisp -autoexit -
  cartesia stream --list-devices
"""


def stream(
    ctx: typer.Context,
    text: opt.Text = None,
    file: opt.TextFile = None,
    voice: opt.Voice = None,
    model: opt.Model = None,
    language: opt.Language = None,
    locale: opt.Locale = None,
    normalization: opt.Normalization = None,
    pronunciation_dict: opt.PronunciationDict = None,
    speed: opt.Speed = None,
    volume: opt.Volume = None,
    emotion: opt.Emotion = None,
    output: opt.Output = None,
    fmt: opt.Format = None,
    encoding: opt.Encoding = None,
    sample_rate: opt.SampleRate = None,
    stats: opt.ShowStats = False,
    keep_partial: opt.KeepPartial = False,
    device: opt.Device = None,
    transport: Annotated[Literal["websocket", "sse"], typer.Option(
        "--transport", help="websocket: continuations, speaks stdin as it arrives; "
        "sse: one request per sentence.")] = "websocket",
    timestamps: Annotated[str | None, typer.Option(
        "--timestamps", metavar="FILE",
        help="Write word timestamps to FILE.json.", show_default=False)] = None,
    phonemes: Annotated[bool, typer.Option(
        "--phonemes", help="Add phoneme timestamps to --timestamps.")] = False,
    subtitles: Annotated[str | None, typer.Option(
        "--subtitles", metavar="FILE",
        help="Write subtitles to FILE.srt or FILE.vtt.", show_default=False)] = None,
    max_buffer_delay: Annotated[int | None, typer.Option(
        "--max-buffer-delay", metavar="MS",
        help="Milliseconds the API may wait for more text before "
        "speaking (WebSocket max_buffer_delay_ms).", show_default=False)] = None,
    list_devices: opt.ListDevices = False,
) -> None:
    from cartesia_cli.cli.speaking import prepare_stream, retry_notice, write_timestamp_files
    from cartesia_cli.diagnostics import SINK_ENV
    from cartesia_cli.flows.stream import run_stream

    state: AppState = ctx.obj
    if list_devices:
        from cartesia_cli.cli.speaking import print_devices

        print_devices()
        return
    job = prepare_stream(
        state, text=list(text or []), file=file, voice=voice, model=model, language=language,
        speed=speed, volume=volume, emotion=emotion, output=output, fmt=fmt, encoding=encoding,
        sample_rate=sample_rate, keep_partial=keep_partial, device=device, transport=transport,
        timestamps=timestamps, phonemes=phonemes, subtitles=subtitles,
        max_buffer_delay=max_buffer_delay, locale=locale, normalization=normalization,
        pronunciation_dict=pronunciation_dict,
    )
    from cartesia_cli.cli.progress import finish, progress_hook

    status = progress_hook(state, job.plan)
    try:
        result, log = run_stream(job.settings, job.pieces, job.voicing, job.plan, job.options,
                                 transport, on_retry=retry_notice(state),
                                 trace_path=state.env.var(SINK_ENV), on_progress=status,
                                 chars_total=job.chars)
    finally:
        if status is not None:
            status.close()
    write_timestamp_files(log, timestamps=timestamps, subtitles=subtitles, phonemes=phonemes)
    finish(state, job.plan, result, show_stats=stats)


def register(app: typer.Typer) -> None:
    app.command("stream", help=STREAM_HELP)(stream)
