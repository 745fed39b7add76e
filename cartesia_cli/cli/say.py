"""`cartesia say`: text to speech in one request, played or written as it arrives."""

import typer

from cartesia_cli.cli import options as opt
from cartesia_cli.cli.state import AppState

SAY_HELP = """Speak text in one request (POST /tts/bytes), played or written as it arrives.

Text comes from the arguments, -f FILE, or stdin. Without -o it plays on the speakers; -o FILE
writes a file in the format of its extension (.wav .flac .ogg .opus .mp3 .raw .pcm); -o - streams a
WAV (or --format raw) to stdout for a pipe.

\b
Examples:
  cartesia say "Hello from Cartesia"
  cartesia say -o hello.wav "Hello"
  cartesia say -o - "Hello" | ffmpeg -i - hello.mp3
  echo "Hi" | cartesia say --format raw --encoding pcm_s16le --sample-rate 24000 -o - \\
    | aplay -f S16_LE -r 24000 -c 1
  cartesia say --format raw -o - "Hi" | ffplay -f f32le -ar 44100 -nodisp -autoexit -
  cartesia say --language en-GB "Colour, flavour, aluminium."
  cartesia say --pronunciation-dict Brands "Cartesia speaks SQL."
  cartesia say --list-devices
"""


def say(
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
    list_devices: opt.ListDevices = False,
) -> None:
    from cartesia_cli.cli.speaking import make_voicing, resolve_voicing, retry_notice
    from cartesia_cli.diagnostics import SINK_ENV
    from cartesia_cli.facts import CONTAINERS
    from cartesia_cli.flows.outputs import plan_output
    from cartesia_cli.flows.say import say_bytes
    from cartesia_cli.text_input import read_text

    state: AppState = ctx.obj
    if list_devices:
        from cartesia_cli.cli.speaking import print_devices

        print_devices()
        return
    settings = state.settings(voice=voice, model=model, language=language, format=fmt,
                              encoding=encoding, sample_rate=sample_rate)
    voicing = make_voicing(settings, speed=speed, volume=volume, emotion=emotion,
                           locale=locale, normalization=normalization,
                           pronunciation_dict=pronunciation_dict)
    plan = plan_output(
        output, fmt=fmt, encoding=settings["encoding"], sample_rate=settings["sample_rate"],
        profile_format=settings["format"], api_containers=CONTAINERS,
        stdout_isatty=state.stdout_isatty, keep_partial=keep_partial, device=device,
        stdout=state.env.stdout,
    )
    words = read_text(list(text or []), file, stdin=state.env.stdin,
                      stdin_isatty=state.stdin_isatty)
    voicing = resolve_voicing(state, settings, voicing)
    if state.verbose:
        state.printer.notice(f"say: {len(words)} characters, {plan.describe()}")
    from cartesia_cli.cli.progress import finish, progress_hook

    status = progress_hook(state, plan)
    try:
        result = say_bytes(settings, words, voicing, plan, on_retry=retry_notice(state),
                           trace_path=state.env.var(SINK_ENV), on_progress=status)
    finally:
        if status is not None:
            status.close()
    finish(state, plan, result, show_stats=stats)


def register(app: typer.Typer) -> None:
    app.command("say", help=SAY_HELP, no_args_is_help=False)(say)
