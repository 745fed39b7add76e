"""Playback on the virtual sound card: what the speakers played, captured and compared with what
the emulator synthesized. Nothing may be missing at the start or the end."""

import numpy as np
import pytest

from audio_card import capture, match, require_audio, sounding_length
from audio_expect import tone_audio
from helpers import run_cli

TEXT = "Playback test. Every sample should arrive, from the first to the last!"
DEVICE_BUFFER = 2048  # frames: the tolerance the issue allows, one device buffer


@pytest.fixture
def audio_card():
    require_audio()


def assert_played_exactly(recording, reference):
    heard = match(recording.samples, reference)
    assert heard.correlation > 0.999, heard
    assert abs(heard.length - sounding_length(reference)) <= DEVICE_BUFFER, heard
    # The head: the first 50 ms are there, sample for sample.
    head = recording.samples[heard.offset: heard.offset + 2205]
    np.testing.assert_allclose(head, reference[:2205], atol=1e-6)
    # The tail: the last burst is there too.
    end = sounding_length(reference)
    tail = recording.samples[heard.offset + end - 2205: heard.offset + end]
    np.testing.assert_allclose(tail, reference[end - 2205: end], atol=1e-6)


@pytest.mark.parametrize("command", [["say"], ["stream"], ["stream", "--transport", "sse"]])
def test_everything_synthesized_is_played(emulator, audio_card, command):
    with capture() as recording:
        run_cli(*command, TEXT)
    assert_played_exactly(recording, tone_audio(TEXT))


def test_bursty_chunks_do_not_underrun(emulator, audio_card):
    """Chunks that arrive late and in bursts still play as one continuous signal."""
    emulator.faults.add(path="/tts/websocket", status=None, delay=0.3)
    with capture() as recording:
        run_cli("stream", "--max-buffer-delay", "0", TEXT)
    assert_played_exactly(recording, tone_audio(TEXT))


def test_list_devices(audio_card):
    run = run_cli("stream", "--list-devices")
    assert "*" in run.text and "Hz" in run.text


def test_bad_device_is_a_clear_error(emulator, audio_card):
    run = run_cli("say", "--device", "no-such-device-anywhere", "hi", expect=2)
    assert "no output device matches" in run.stderr
    assert emulator.requests == []
