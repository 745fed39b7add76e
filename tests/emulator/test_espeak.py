"""The espeak engine: real speech from libespeak-ng, with exact timestamps at every rate."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("espeakng_loader", reason="espeakng-loader (offline extra) is not installed")

from cartesia_cli.emulator.engines import Segment, espeak_ffi  # noqa: E402
from cartesia_cli.emulator.engines.espeak import EspeakEngine  # noqa: E402
from cartesia_cli.emulator.engines.espeak_voicing import espeak_voice  # noqa: E402

RATE = 24000
SAMPLES = {
    "en": "The quick brown fox jumps over the lazy dog.",
    "es": "El veloz murciélago hindú comía feliz cardillo y kiwi.",
    "fr": "Portez ce vieux whisky au juge blond qui fume.",
    "de": "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich.",
    "ru": "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "hi": "नमस्ते, आज मौसम बहुत अच्छा है।",
    "pt": "Olá, tudo bem com você hoje?",
}


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


def speak(engine: EspeakEngine, text: str, **options: object) -> list[Segment]:
    settings: dict[str, object] = {"voice_id": "voice-a", "language": "en", "sample_rate": RATE}
    settings.update(options)
    return list(engine.synthesize(text, **settings))  # type: ignore[arg-type]


def joined(segments: list[Segment]) -> np.ndarray:
    return np.concatenate([segment.audio for segment in segments])


def plain_words(text: str) -> list[str]:
    stripped = (token.strip(".,;:!?¿¡\"'()«»।") for token in text.split())
    return [word for word in stripped if word]


def names(segments: list[Segment], kind: str) -> list[list[str]]:
    return [[name for name, _, _ in getattr(segment, kind)] for segment in segments]


def rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_languages_give_broadband_speech_of_plausible_length(engine, language):
    text = SAMPLES[language]
    segments = speak(engine, text, language=language)
    audio = joined(segments)

    assert audio.dtype == np.float32
    assert np.abs(audio).max() <= 1.0
    assert rms(audio) > 0.01
    words = len(plain_words(text))
    assert 0.2 * words <= len(audio) / RATE <= 1.0 * words
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(len(audio))))
    # A tone has a handful of strong bins; speech spreads energy over hundreds of them.
    assert np.count_nonzero(spectrum > 0.1 * spectrum.max()) > 200
    frequencies = np.fft.rfftfreq(len(audio), 1 / RATE)
    power = spectrum**2
    assert power[frequencies > 1000].sum() / power.sum() > 0.05  # consonants, formants


def test_word_and_phoneme_timestamps_match_the_transcript_and_audio(engine):
    text = 'Hello, world! "Timestamps" are exact, aren\'t they? Yes: 42 of them.'
    segments = speak(engine, text)

    assert len(segments) == 3
    words = [word for segment in segments for word, _, _ in segment.words]
    assert words == [
        "Hello",
        "world",
        "Timestamps",
        "are",
        "exact",
        "aren't",
        "they",
        "Yes",
        "42",
        "of",
        "them",
    ]
    for segment in segments:
        duration = len(segment.audio) / RATE
        for timings in (segment.words, segment.phonemes):
            assert timings
            starts = [start for _, start, _ in timings]
            assert starts == sorted(starts)
            for _, start, end in timings:
                assert 0 <= start <= end <= duration
                assert round(start * RATE, 6).is_integer()  # on a sample of the returned audio
        ends = [end for _, _, end in segment.words]
        assert ends == sorted(ends)
        assert all(end > start for _, start, end in segment.words)
        # Each word's span holds voiced audio.
        for _, start, end in segment.words:
            assert np.abs(segment.audio[round(start * RATE) : round(end * RATE)]).max() > 0.01
    phonemes = "".join(name for segment in segments for name, _, _ in segment.phonemes)
    assert "h" in phonemes and "w" in phonemes and "ˈ" in phonemes  # IPA, with stress marks


def test_unspaced_scripts_get_one_word_per_spoken_word(engine):
    segments = speak(engine, "你好，世界。我们今天去北京。", language="zh")

    assert len(segments) == 2
    words = [word for segment in segments for word, _, _ in segment.words]
    assert "".join(words) == "你好世界我们今天去北京"
    assert len(words) >= 6
    assert all(segment.phonemes for segment in segments)


def test_multiword_dictionary_entries_share_their_time(engine):
    # espeak speaks "tout le monde" from one dictionary entry and reports one word event.
    (segment,) = speak(engine, "Bonjour tout le monde.", language="fr")

    assert [word for word, _, _ in segment.words] == ["Bonjour", "tout", "le", "monde"]
    assert all(end > start for _, start, end in segment.words)


@pytest.fixture
def native_calls(monkeypatch) -> list[espeak_ffi.RawSynthesis]:
    """Every raw espeak synthesis the engine makes (the real call, recorded)."""
    calls: list[espeak_ffi.RawSynthesis] = []
    real_synthesize = espeak_ffi.synthesize

    def recording(text: str, **kwargs: object) -> espeak_ffi.RawSynthesis:
        calls.append(real_synthesize(text, **kwargs))  # type: ignore[arg-type]
        return calls[-1]

    monkeypatch.setattr(espeak_ffi, "synthesize", recording)
    return calls


@pytest.mark.parametrize("language", ["en", "de"])
def test_resampling_gives_exact_lengths_and_timestamps(engine, native_calls, language):
    text = SAMPLES[language]
    native_rate = espeak_ffi.sample_rate()
    durations = []
    for rate in (8000, 16000, 22050, 24000, 44100, 48000):
        (segment,) = speak(engine, text, language=language, sample_rate=rate)
        raw = native_calls[-1]
        native_length = len(raw.pcm) // 2
        assert len(segment.audio) == round(native_length * rate / native_rate)
        durations.append(len(segment.audio) / rate)
        # Word starts are espeak's word events, rounded to a sample of the returned audio.
        words = [e for e in raw.events if e.kind == espeak_ffi.EVENT_WORD]
        event_times = {e.sample / native_rate for e in words}
        for _, start, _ in segment.words:
            assert round(start * rate, 6).is_integer()
            assert min(abs(start - t) for t in event_times) <= 0.5 / rate + 1e-9
        assert [w for w, _, _ in segment.words] == plain_words(text)
    # Each call is a new synthesis, and espeak's glottal phase carries over between calls, so
    # lengths differ by a few pitch periods from call to call (but not with the output rate).
    assert max(durations) - min(durations) < 0.02


def spectrum_profile(audio: np.ndarray) -> np.ndarray:
    """Long-term average spectrum, unit length: a fingerprint of how a voice sounds."""
    frames = np.lib.stride_tricks.sliding_window_view(audio, 1024)[::512] * np.hanning(1024)
    profile = np.abs(np.fft.rfft(frames, axis=1)).mean(axis=0)
    return profile / np.linalg.norm(profile)


def sound_distance(a: np.ndarray, b: np.ndarray) -> float:
    return 1.0 - float(np.dot(spectrum_profile(a), spectrum_profile(b)))


def test_two_voice_ids_sound_different(engine):
    ids = ["voice-a", "voice-b", "voice-c", "voice-d"]
    first = ids[0]
    second = next(i for i in ids[1:] if espeak_voice(i, "en") != espeak_voice(first, "en"))
    text = "This is how my voice sounds."

    a = joined(speak(engine, text, voice_id=first))
    again = joined(speak(engine, text, voice_id=first))
    b = joined(speak(engine, text, voice_id=second))

    assert sound_distance(a, again) < 0.01
    assert sound_distance(a, b) > 0.02


def test_a_locale_picks_a_regional_voice_and_keeps_the_variant(engine):
    american = "694f9389-aac1-45b6-b726-9d9369183238"  # Sarah, en-US
    voice, language_voice = espeak_voice(american, "en")
    assert language_voice == "en-us"
    variant = voice.split("+", 1)[1]
    assert espeak_voice(american, "en-GB") == (f"en-gb-x-rp+{variant}", "en-gb-x-rp")
    assert espeak_voice(american, "pt_BR")[1] == "pt-br"
    assert espeak_voice(american, "en-US") == (voice, language_voice)
    text = "I can't find the tomato in the garage."
    us = joined(speak(engine, text, voice_id=american, language="en-US"))
    gb = joined(speak(engine, text, voice_id=american, language="en-GB"))
    assert sound_distance(us, gb) > 0.02


def test_speed_and_volume(engine):
    text = SAMPLES["en"]
    fast = joined(speak(engine, text, speed=1.5))
    slow = joined(speak(engine, text, speed=0.6))
    loud = joined(speak(engine, text, volume=2.0))
    quiet = joined(speak(engine, text, volume=0.5))

    assert len(fast) < 0.7 * len(slow)
    assert rms(loud) > 3.5 * rms(quiet)
    assert np.abs(loud).max() <= 1.0
    assert np.mean(np.abs(loud) >= 0.999) < 0.001  # loud, not clipped


def test_emotions_are_accepted_and_shape_prosody(engine):
    text = "I cannot believe it happened again."
    neutral = joined(speak(engine, text))
    sad = joined(speak(engine, text, emotion="sad"))
    unknown = joined(speak(engine, text, emotion="not-an-emotion"))

    assert len(sad) > 1.05 * len(neutral)  # sadder means slower
    assert abs(len(unknown) - len(neutral)) < 0.01 * len(neutral)
    assert sound_distance(unknown, neutral) < 0.01


def test_segments_are_synthesized_lazily(engine, native_calls):
    text = "First sentence here. " + " ".join(f"Sentence number {n} follows." for n in range(20))
    segments = engine.synthesize(text, voice_id="voice-a", language="en", sample_rate=RATE)

    first = next(segments)
    assert len(native_calls) == 1
    assert [word for word, _, _ in first.words] == ["First", "sentence", "here"]
    native_length = len(native_calls[0].pcm) // 2
    assert len(first.audio) == round(native_length * RATE / espeak_ffi.sample_rate())
    assert len(list(segments)) == 20
    assert len(native_calls) == 21


def test_markup_symbols_and_empty_text(engine):
    (segment,) = speak(engine, "<emotion value='excited'/>Hello <break time='1s'/>there.")
    assert [word for word, _, _ in segment.words] == ["Hello", "there"]
    (segment,) = speak(engine, "Nul\x00byte, lone \ud800 surrogate 😀 and R&D at 50%.")
    assert [word for word, _, _ in segment.words] == [
        "Nul",
        "byte",
        "lone",
        "surrogate",
        "and",
        "R&D",
        "at",
        "50%",
    ]
    assert speak(engine, "") == []
    assert speak(engine, "  ... !  ") == []


def test_concurrent_callers_do_not_mix_voices(engine):
    jobs = [("en", "voice-a"), ("de", "voice-b"), ("ru", "voice-c"), ("fr", "voice-d")] * 2
    expected = [speak(engine, SAMPLES[lang], language=lang, voice_id=v) for lang, v in jobs]
    results: list[list[Segment]] = [[] for _ in jobs]

    def run(index: int) -> None:
        lang, voice = jobs[index]
        results[index] = speak(engine, SAMPLES[lang], language=lang, voice_id=voice)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for got, want in zip(results, expected, strict=True):
        # Phonemes reveal the language voice and words the text; the sound reveals the variant.
        assert names(got, "phonemes") == names(want, "phonemes")
        assert names(got, "words") == names(want, "words")
        assert sound_distance(joined(got), joined(want)) < 0.01


def test_real_time_factor(engine, capsys):
    text = " ".join(SAMPLES["en"] for _ in range(10))
    started = time.perf_counter()
    audio = joined(speak(engine, text, sample_rate=44100))
    elapsed = time.perf_counter() - started
    seconds = len(audio) / 44100
    assert seconds > 20
    with capsys.disabled():
        print(
            f"\nespeak engine: {seconds:.1f} s of 44.1 kHz audio in {elapsed * 1000:.0f} ms "
            f"({seconds / elapsed:.0f}x real time)"
        )


@pytest.mark.parametrize("missing", ["espeakng_loader", "soxr"])
def test_missing_dependency_makes_the_engine_unavailable(missing):
    script = (
        "import sys\n"
        f"sys.modules[{missing!r}] = None\n"  # makes `import` of it raise ImportError
        "from cartesia_cli.emulator.engines import EngineUnavailable\n"
        "from cartesia_cli.emulator.engines.espeak import EspeakEngine\n"
        "try:\n    EspeakEngine()\nexcept EngineUnavailable as exc:\n    print(exc)\n"
        "else:\n    print('constructed')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    reason = result.stdout.strip()
    assert reason != "constructed"
    assert "\n" not in reason and missing.replace("_", "-") in reason
