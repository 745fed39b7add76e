"""The virtual sound card proves the whole playback chain: sounddevice -> PortAudio -> ALSA pulse
plugin -> PulseAudio -> clocked pipe sink -> FIFO -> capture.

It also pins down the PortAudio behaviour playback code must work around: on ALSA, stop() and
close() drop whatever is still buffered (PortAudio's ALSA back end never drains), so the last
~latency of audio is lost unless the player pads with silence first.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from audio_card import (
    REQUIRE_ENV,
    SAMPLE_RATE,
    capture,
    match,
    require_audio,
    sounding_length,
    unavailable_reason,
)

TONE_SECONDS = 1.0
MARKER_SAMPLES = 16


def _tone() -> np.ndarray:
    """A 440 Hz sine with a flat 0.9 marker at each end, so its first and last samples are
    non-zero and outside the sine's range: a lost or extra sample at either end shows."""
    t = np.arange(int(TONE_SECONDS * SAMPLE_RATE)) / SAMPLE_RATE
    tone = (0.5 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32)
    tone[:MARKER_SAMPLES] = 0.9
    tone[-MARKER_SAMPLES:] = 0.9
    return tone


def _play(signal: np.ndarray, pad_seconds: float | None) -> float:
    """Play through the default output device; pad with that much silence (None: twice the
    stream's latency, at least 0.1 s) before stop(). Returns the stream's output latency."""
    import sounddevice as sd

    with sd.OutputStream(samplerate=SAMPLE_RATE, channels=1, dtype="float32") as stream:
        stream.write(signal.reshape(-1, 1))
        latency = float(stream.latency)
        if pad_seconds is None:
            pad_seconds = max(2 * latency, 0.1)
        if pad_seconds > 0:
            stream.write(np.zeros((round(pad_seconds * SAMPLE_RATE), 1), dtype=np.float32))
        stream.stop()
    return latency


@pytest.fixture
def audio_card() -> None:
    require_audio()


def test_unreachable_server_is_reported_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/cartesia-test/native")
    reason = unavailable_reason()
    assert reason is not None
    assert "nonexistent" in reason or "pactl is missing" in reason


def test_missing_server_setting_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    reason = unavailable_reason()
    assert reason is not None and "PULSE_SERVER" in reason


def test_unavailable_card_skips_unless_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    monkeypatch.delenv(REQUIRE_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match="PULSE_SERVER"):
        require_audio()
    monkeypatch.setenv(REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match=REQUIRE_ENV):
        require_audio()


@pytest.mark.audio
def test_idle_card_renders_exact_silence_in_real_time(audio_card: None) -> None:
    started = time.monotonic()
    with capture(tail_seconds=0.0) as heard:
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    assert heard.samples.size > 0
    assert not np.any(heard.samples), "an idle sink must render exact zeros"
    # Clocked by the system clock: about one second of samples per second, give or take the
    # sink's render-ahead (at most one 64 KiB pipe, 0.37 s). Unclocked, it would be far more.
    assert abs(heard.samples.size - elapsed * SAMPLE_RATE) < 0.4 * SAMPLE_RATE


@pytest.mark.audio
def test_stop_right_after_write_loses_at_most_one_device_buffer(audio_card: None) -> None:
    tone = _tone()
    with capture() as heard:
        latency = _play(tone, pad_seconds=0)
    found = match(heard.samples, tone)
    lost = len(tone) - found.length
    # Measured: latency + ~80 frames (0.0347 s latency lost 1608 frames). A device buffer is
    # what PortAudio reports as latency plus the sound server's own small queue; 2x covers it.
    assert 0 <= lost <= math.ceil(2 * latency * SAMPLE_RATE), (lost, latency)
    assert found.correlation > 0.999
    assert found.max_abs_error == 0.0, "what was heard must be bit-exact"


@pytest.mark.audio
def test_silence_padding_before_stop_plays_every_sample(audio_card: None) -> None:
    tone = _tone()
    with capture() as heard:
        _play(tone, pad_seconds=None)
    found = match(heard.samples, tone)
    assert found.length == sounding_length(tone) == len(tone)
    assert found.correlation > 0.999999
    assert found.max_abs_error == 0.0, "float32 mono 44100 Hz must pass through unchanged"
    assert not np.any(heard.samples[: found.offset]), "nothing may precede the tone"
