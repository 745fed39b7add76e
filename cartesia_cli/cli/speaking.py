"""What `say` and `stream` share between parsing and the core: voices, outputs, text sources."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import typer

from cartesia_cli.cli.state import AppState
from cartesia_cli.config import Settings

if TYPE_CHECKING:
    from cartesia_cli.api.tts import Voicing
    from cartesia_cli.api.tts_stream import StreamOptions
    from cartesia_cli.flows.outputs import OutputPlan


def make_voicing(settings: Settings, *, speed: float | None, volume: float | None,
                 emotion: str | None, locale: str | None = None,
                 normalization: str | None = None, pronunciation_dict: str | None = None,
                 endpoint: str = "bytes") -> Voicing:
    """The voicing as given, ranges and version fields checked (language, locale,
    normalization, dictionary: before anything is sent); a voice or dictionary name is
    resolved later by resolve_voicing."""
    from cartesia_cli.api.tts import Voicing, language_fields

    voicing = Voicing(model_id=settings["model"], voice_id=settings["voice"],
                      language=settings["language"], speed=speed, volume=volume,
                      emotion=emotion, locale=locale, normalization=normalization,
                      pronunciation_dict_id=pronunciation_dict)
    language_fields(voicing, settings.resolved_version.features, endpoint=endpoint)
    return voicing


def resolve_voicing(state: AppState, settings: Settings, voicing: Voicing) -> Voicing:
    """Turn a voice name into its id (one lookup, then cached) and a dictionary name into its
    id; ids pass through."""
    from cartesia_cli.facts import is_voice_id

    if is_voice_id(voicing.voice_id) and voicing.pronunciation_dict_id is None:
        return voicing
    from cartesia_cli.api.http import HttpClient
    from cartesia_cli.api.voices import resolve_voice

    with HttpClient(settings, on_retry=retry_notice(state)) as client:
        voice_id = resolve_voice(client, voicing.voice_id, state.voice_cache(settings))
        dict_id = voicing.pronunciation_dict_id
        # Listing dictionaries needs an API key; with only an access token the value is an id.
        if dict_id is not None and client.credentials.api_key:
            from cartesia_cli.api.dicts import resolve_dict

            dict_id = str(resolve_dict(client, dict_id)["id"])
    return voicing._replace(voice_id=voice_id, pronunciation_dict_id=dict_id)


def retry_notice(state: AppState) -> Callable[[int, float, str], None]:
    def notice(attempt: int, delay: float, reason: str) -> None:
        state.printer.warning(f"{reason}; retry {attempt} in {delay:.1f} s")

    return notice


class StreamJob(NamedTuple):  # not a dataclass: import time, on every `say` and `stream`
    settings: Settings
    voicing: Voicing
    plan: OutputPlan
    options: StreamOptions
    pieces: Iterable[str]
    chars: int | None = None  # the text's length, when it is known before sending (not stdin)


def _non_empty(pieces: Iterable[str], where: str) -> Iterator[str]:
    """Pass pieces through; at the end, fail if none of them held anything to say."""
    from cartesia_cli.errors import UsageError

    spoken = False
    for piece in pieces:
        spoken = spoken or bool(piece.strip())
        yield piece
    if not spoken:
        raise UsageError(f"the text from {where} is empty")


def prepare_stream(state: AppState, *, text: list[str], file: str | None, voice: str | None,
                   model: str | None, language: str | None, speed: float | None,
                   volume: float | None, emotion: str | None, output: str | None,
                   fmt: str | None, encoding: str | None, sample_rate: int | None,
                   keep_partial: bool, device: str | None, transport: str,
                   timestamps: str | None, phonemes: bool, subtitles: str | None,
                   max_buffer_delay: int | None, locale: str | None = None,
                   normalization: str | None = None,
                   pronunciation_dict: str | None = None) -> StreamJob:
    """Check every option before anything is sent; the text stays a lazy stream for stdin."""

    from cartesia_cli.api.tts_stream import StreamOptions
    from cartesia_cli.errors import UsageError
    from cartesia_cli.facts import STREAM_CONTAINERS
    from cartesia_cli.flows.outputs import plan_output
    from cartesia_cli.safe_write import check_writable
    from cartesia_cli.text_input import check_sources, read_text, wants_stdin
    from cartesia_cli.text_stream import read_pieces, split_pieces

    settings = state.settings(voice=voice, model=model, language=language, format=fmt,
                              encoding=encoding, sample_rate=sample_rate)
    voicing = make_voicing(settings, speed=speed, volume=volume, emotion=emotion,
                           locale=locale, normalization=normalization,
                           pronunciation_dict=pronunciation_dict, endpoint=transport)
    plan = plan_output(
        output, fmt=fmt, encoding=settings["encoding"], sample_rate=settings["sample_rate"],
        profile_format=settings["format"], api_containers=STREAM_CONTAINERS,
        stdout_isatty=state.stdout_isatty, keep_partial=keep_partial, device=device,
        stdout=state.env.stdout,
    )
    if subtitles:
        from cartesia_cli.audio.subtitles import subtitle_format  # only when asked: startup

        subtitle_format(subtitles)
    for path in (timestamps, subtitles):
        if path is not None:
            check_writable(path)  # as given: "" and a trailing slash are errors
    if phonemes and not timestamps:
        raise UsageError("--phonemes adds to --timestamps FILE.json: give that too")
    if max_buffer_delay is not None:
        if transport != "websocket":
            raise UsageError("--max-buffer-delay applies to --transport websocket only")
        delay = settings.resolved_version.features.max_buffer_delay
        low, high = delay.low, delay.high
        if not low <= max_buffer_delay <= high:
            raise UsageError(f"--max-buffer-delay {max_buffer_delay} is out of range: "
                             f"expected {low} to {high} ms for API version "
                             f"{settings['version']}")
    check_sources(text, file)
    live = wants_stdin(text, file, state.stdin_isatty)
    options = StreamOptions(timestamps=bool(timestamps or subtitles), phonemes=phonemes,
                            max_buffer_delay_ms=max_buffer_delay, live_input=live)
    pieces: Iterable[str]
    chars: int | None = None
    if live:
        pieces = _non_empty(read_pieces(state.env.stdin_bytes), "stdin")
    else:
        whole = read_text(text, file, stdin=state.env.stdin, stdin_isatty=state.stdin_isatty)
        pieces, chars = split_pieces(whole), len(whole)
    return StreamJob(settings, resolve_voicing(state, settings, voicing), plan, options, pieces,
                     chars)


def write_timestamp_files(log: Any, *, timestamps: str | None, subtitles: str | None,
                          phonemes: bool) -> None:
    if log is None or not (timestamps or subtitles):
        return  # none asked for (then the run gathered no log)
    from cartesia_cli.audio.subtitles import (
        group_cues,
        subtitle_format,
        to_srt,
        to_vtt,
    )
    from cartesia_cli.safe_write import write_atomically

    if timestamps:
        write_atomically(timestamps, log.to_json(phonemes))
    if subtitles:
        cues = group_cues(log.written_words())
        text = to_srt(cues) if subtitle_format(subtitles) == "srt" else to_vtt(cues)
        write_atomically(subtitles, text)


def print_devices() -> None:
    from cartesia_cli.audio.playback import NO_DEVICE, NO_DEVICE_HINT, list_output_devices

    devices = list_output_devices()
    if not devices:
        typer.echo(f"{NO_DEVICE}\nhint: {NO_DEVICE_HINT}", err=True)
    for device in devices:
        mark = "*" if device["default"] else " "
        typer.echo(f"{mark} {device['index']:>3}  {device['name']}  "
                   f"({device['channels']} ch, {device['default_samplerate']:.0f} Hz)")
