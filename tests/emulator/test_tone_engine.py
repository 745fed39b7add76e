"""The tone engine: exact sample counts, timestamps that cover each burst, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from cartesia_cli.emulator.engines import EngineUnavailable, engine_names, get_engine
from cartesia_cli.emulator.engines.tone import ToneEngine, split_sentences, tone_samples

VOICE = "a0e99841-438c-4a64-b679-ae501e7d6091"


def synth(text: str, **kwargs: object) -> list:
    args = {"voice_id": VOICE, "language": "en", "sample_rate": 16000, **kwargs}
    return list(ToneEngine().synthesize(text, **args))  # type: ignore[arg-type]


def test_one_segment_per_sentence_and_exact_total() -> None:
    text = "Hello there. How are you? Fine!"
    segments = synth(text)
    assert len(segments) == 3
    assert sum(len(s.audio) for s in segments) == tone_samples(text, 16000)
    assert all(s.audio.dtype == np.float32 for s in segments)


@pytest.mark.parametrize("rate", [8000, 22050, 48000])
@pytest.mark.parametrize("speed", [0.6, 1.0, 1.5])
def test_sample_count_follows_rate_and_speed(rate: int, speed: float) -> None:
    text = "Speed changes the length of every word."
    got = sum(len(s.audio) for s in synth(text, sample_rate=rate, speed=speed))
    assert got == tone_samples(text, rate, speed)
    assert tone_samples(text, rate, 1.5) < tone_samples(text, rate, 1.0) < tone_samples(
        text, rate, 0.6)


def test_words_cover_each_burst_and_silence_is_between() -> None:
    (segment,) = synth("alpha beta gamma")
    assert [w for w, _, _ in segment.words] == ["alpha", "beta", "gamma"]
    for word, start, end in segment.words:
        burst = segment.audio[round(start * 16000): round(end * 16000)]
        assert np.abs(burst).max() > 0.3, word
    gap_start, gap_end = segment.words[0][2], segment.words[1][1]
    assert gap_end > gap_start
    assert np.abs(segment.audio[round(gap_start * 16000): round(gap_end * 16000)]).max() == 0
    starts = [s for _, s, _ in segment.words]
    assert starts == sorted(starts) and starts[0] == 0


def test_phonemes_are_letters_split_evenly_inside_their_word() -> None:
    (segment,) = synth("Hi, yo")
    assert [p for p, _, _ in segment.phonemes] == ["h", "i", "y", "o"]
    (_, w_start, w_end) = segment.words[0]
    h, i = segment.phonemes[0], segment.phonemes[1]
    assert h[1] == pytest.approx(w_start) and i[2] == pytest.approx(w_end)
    assert h[2] - h[1] == pytest.approx(i[2] - i[1])


def test_deterministic_and_voice_dependent() -> None:
    a = synth("same words", voice_id="voice-a")[0].audio
    again = synth("same words", voice_id="voice-a")[0].audio
    b = synth("same words", voice_id="voice-b")[0].audio
    assert np.array_equal(a, again)
    assert len(a) == len(b) and not np.array_equal(a, b)


def test_volume_scales_amplitude_and_stays_in_range() -> None:
    quiet = synth("loudness", volume=0.5)[0].audio
    loud = synth("loudness", volume=2.0)[0].audio
    assert np.abs(quiet).max() == pytest.approx(0.25, abs=0.01)
    assert np.abs(loud).max() <= 1.0
    assert np.abs(loud).max() > np.abs(quiet).max() * 3


def test_bursts_fade_in_and_out() -> None:
    audio = synth("click")[0].audio
    assert abs(audio[0]) < 0.01
    words = synth("click")[0].words
    end = round(words[0][2] * 16000)
    assert abs(audio[end - 1]) < 0.01


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_gives_no_audio(text: str) -> None:
    assert synth(text) == []
    assert tone_samples(text, 16000) == 0


def test_sentence_split_keeps_every_word() -> None:
    text = 'He said "stop." Then left! Really?! ok'
    assert [w for s in split_sentences(text) for w in s] == text.split()
    assert len(split_sentences(text)) == 4


def test_engine_selection(monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(engine_names()) == {"espeak", "tone"}
    assert get_engine("tone").name == "tone"
    monkeypatch.setenv("CARTESIA_EMULATOR_ENGINE", "tone")
    assert get_engine().name == "tone"
    monkeypatch.delenv("CARTESIA_EMULATOR_ENGINE")
    assert get_engine().name in ("espeak", "tone")  # espeak when it can load, else tone
    with pytest.raises(ValueError, match="unknown engine"):
        get_engine("robot")


def test_espeak_either_loads_or_says_why() -> None:
    try:
        engine = get_engine("espeak")
    except EngineUnavailable as exc:
        assert "espeak" in str(exc)
    else:
        assert engine.name == "espeak"
