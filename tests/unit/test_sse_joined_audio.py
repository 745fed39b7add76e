"""The audio events of one SSE read leave as one chunk per run of one context: fewer writes,
the same bytes in the same order, never across another event or context."""

from cartesia_cli.api.tts_stream import _joined_audio
from cartesia_cli.events import AudioChunk, Done, FlushDone, Timestamps

WORDS = Timestamps("words", ("hi",), (0.0,), (0.1,), "a")


def test_runs_of_one_context_are_joined_in_order():
    events = [AudioChunk(b"1", "a"), AudioChunk(b"2", "a"), None, AudioChunk(b"3", "a"),
              WORDS, AudioChunk(b"4", "a"), AudioChunk(b"5", "b"), FlushDone(1, "b"),
              AudioChunk(b"6", "b", 1), AudioChunk(b"7", "b", 1), Done("a")]
    assert list(_joined_audio(events)) == [
        AudioChunk(b"123", "a"), WORDS, AudioChunk(b"4", "a"), AudioChunk(b"5", "b"),
        FlushDone(1, "b"), AudioChunk(b"67", "b", 1), Done("a")]


def test_nothing_to_join():
    assert list(_joined_audio([])) == []
    assert list(_joined_audio([None, Done(None)])) == [Done(None)]
    assert list(_joined_audio([AudioChunk(b"x")])) == [AudioChunk(b"x")]
