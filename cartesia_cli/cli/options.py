"""Options shared by the speaking commands, as Annotated aliases."""

from typing import Annotated, Literal

import typer

from cartesia_cli.facts import ENCODINGS, FILE_FORMATS, SAMPLE_RATES

Text = Annotated[list[str] | None, typer.Argument(
    help="Text to speak; `-` or nothing reads stdin.", show_default=False)]
TextFile = Annotated[str | None, typer.Option(
    "-f", "--file", metavar="FILE",
    help="Read the text from FILE (`-` for stdin).", show_default=False)]
Voice = Annotated[str | None, typer.Option(
    "-v", "--voice", metavar="VOICE",
    help="Voice id or name [env: CARTESIA_VOICE].", show_default=False)]
Model = Annotated[str | None, typer.Option(
    "--model", metavar="ID",
    help="Model id [default: sonic-3; env: CARTESIA_MODEL].", show_default=False)]
Language = Annotated[str | None, typer.Option(
    "--language", metavar="CODE",
    help="Language code: en, fr, de, es, ja ...; a region (en-GB) is sent as --locale.",
    show_default=False)]
Locale = Annotated[str | None, typer.Option(
    "--locale", metavar="LOCALE", help="Language and region, e.g. en-GB, pt-BR (API 2026-08-14).",
    show_default=False)]
Normalization = Annotated[str | None, typer.Option(
    "--normalization", metavar="MODE",
    help="Text normalization: auto, off, or a locale such as en-IN "
    "(API 2026-08-14).", show_default=False)]
PronunciationDict = Annotated[str | None, typer.Option(
    "--pronunciation-dict", metavar="DICT",
    help="Pronunciation dictionary (id or name; see `cartesia dicts`).",
    show_default=False)]
Speed = Annotated[float | None, typer.Option(
    "--speed", metavar="RATE", help="Speaking rate, 0.6 to 1.5 (sonic-3).", show_default=False)]
Volume = Annotated[float | None, typer.Option(
    "--volume", metavar="LEVEL", help="Loudness, 0.5 to 2.0 (sonic-3).", show_default=False)]
Emotion = Annotated[str | None, typer.Option(
    "--emotion", metavar="NAME",
    help="Emotion: neutral, calm, happy, sad, angry, excited ... (sonic-3).",
    show_default=False)]
Output = Annotated[str | None, typer.Option(
    "-o", "--output", metavar="FILE",
    help="Write to FILE (format from the extension) or `-` for stdout; "
    "default: play on the speakers.", show_default=False)]
Format = Annotated[Literal[FILE_FORMATS] | None, typer.Option(  # type: ignore[valid-type]
    "--format", help="Output format.", show_default=False)]
Encoding = Annotated[Literal[ENCODINGS] | None,  # type: ignore[valid-type]
                     typer.Option("--encoding", help="PCM encoding asked of the API.",
                                  show_default=False)]
SampleRate = Annotated[Literal[SAMPLE_RATES] | None, typer.Option(  # type: ignore[valid-type]
    "--sample-rate", help="Sample rate asked of the API.", show_default=False)]
ShowStats = Annotated[bool, typer.Option(
    "--stats", help="Print time to first audio, synthesis time, playback time (when playing), "
    "audio length and real-time factor on stderr.")]
KeepPartial = Annotated[bool, typer.Option(
    "--keep-partial", help="Keep FILE.part when a run fails or is interrupted.")]
Device = Annotated[str | None, typer.Option(
    "--device", metavar="DEVICE", help="Output device (index or part of its name) for playback.",
    show_default=False)]
ListDevices = Annotated[bool, typer.Option(
    "--list-devices", help="List audio output devices (* marks the default) and exit.")]
