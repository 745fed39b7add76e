"""The audio events of one SSE read leave as one chunk per run of one context: fewer writes,
the same bytes in the same order, never across another event or context."""

import pytest

from cartesia_cli.api.tts_stream import _joined_audio
from cartesia_cli.errors import UnavailableError
from cartesia_cli.events import AudioChunk, Done, FlushDone, Timestamps

WORDS = Timestamps("words", ("hi",), (0.0,), (0.1,), "a")


def test_runs_of_one_context_are_joined_in_order():
    events = [AudioChunk(b"1", "a"), AudioChunk(b"2", "a"), None, AudioChunk(b"3", "a"),
              WORDS, AudioChunk(b"4", "a"), AudioChunk(b"5", "b"), FlushDone(1, "b"),
              AudioChunk(b"6", "b", 1), AudioChunk(b"7", "b", 1), Done("a")]
    assert list(_joined_audio(iter(events))) == [
        AudioChunk(b"123", "a"), WORDS, AudioChunk(b"4", "a"), AudioChunk(b"5", "b"),
        FlushDone(1, "b"), AudioChunk(b"67", "b", 1), Done("a")]


def test_nothing_to_join():
    assert list(_joined_audio(iter([]))) == []
    assert list(_joined_audio(iter([None, Done(None)]))) == [Done(None)]
    assert list(_joined_audio(iter([AudioChunk(b"x")]))) == [AudioChunk(b"x")]


def test_audio_before_an_error_event_is_handed_on_before_the_error():
    """Events are parsed as they are taken: the chunks that came before an error event in the
    same read reach the sink (so the request is not retried), then the error is raised."""

    def events():
        yield AudioChunk(b"1", "a")
        yield AudioChunk(b"2", "a")
        raise UnavailableError("HTTP 503 in an error event")

    joined = _joined_audio(events())
    assert next(joined) == AudioChunk(b"12", "a")
    with pytest.raises(UnavailableError):
        next(joined)
