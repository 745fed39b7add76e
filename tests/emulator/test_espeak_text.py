"""The espeak engine's pure parts: sentences, words, timing from events, voice choice.

These need no libespeak-ng: events are written by hand in espeak's shape.
"""

from __future__ import annotations

from cartesia_cli.emulator.engines import espeak_ffi
from cartesia_cli.emulator.engines.espeak_ffi import EVENT_PHONEME, EVENT_WORD, SynthEvent
from cartesia_cli.emulator.engines.espeak_text import (
    clean_text,
    split_sentences,
    transcript_words,
)
from cartesia_cli.emulator.engines.espeak_timing import phoneme_spans, word_spans
from cartesia_cli.emulator.engines.espeak_voicing import (
    LANGUAGE_VOICES,
    espeak_params,
    espeak_voice,
)


def test_sentence_splitting_and_words():
    assert split_sentences("Dr. Smith arrived. He said hi!  Then left... 3.5 km away") == [
        "Dr. Smith arrived.",
        "He said hi!",
        "Then left...",
        "3.5 km away",
    ]
    assert split_sentences("你好。世界！") == ["你好。", "世界！"]
    sentence = '"Well," she said — (quietly), 50% of #1.'
    assert [w.text for w in transcript_words(sentence, [])] == [
        "Well",
        "she",
        "said",
        "quietly",
        "50%",
        "of",
        "#1",
    ]
    for word in transcript_words(sentence, []):
        assert sentence[word.start : word.end] == word.text


def test_clean_text_keeps_character_positions():
    text = "<emotion value='sad'/>Hi\x00 <b>there</b>."
    cleaned = clean_text(text)
    assert len(cleaned) == len(text)
    assert cleaned.split() == ["Hi", "there", "."]


def word_event(position: int, sample: int) -> SynthEvent:
    return SynthEvent(EVENT_WORD, position, 0, sample, "")


def phoneme_event(name: str, sample: int) -> SynthEvent:
    return SynthEvent(EVENT_PHONEME, 0, 0, sample, name)


def test_words_end_with_their_last_phoneme_not_at_the_following_pause():
    sentence = "Hello, world."
    events = [
        word_event(0, 0),
        phoneme_event("h", 0),
        phoneme_event("ə", 100),
        phoneme_event("l", 200),
        phoneme_event("ˈoʊ", 300),
        phoneme_event("", 500),  # the comma's pause
        word_event(7, 800),
        phoneme_event("w", 800),
        phoneme_event("ˈɜː", 900),
        phoneme_event("l", 1000),
        phoneme_event("d", 1100),
        phoneme_event("", 1200),
    ]
    phonemes = phoneme_spans(events, voiced_end=1190)
    words = word_spans(transcript_words(sentence, [0, 7]), events, phonemes, 1190)

    assert words == [("Hello", 0, 500), ("world", 800, 1190)]
    assert [p for p, _, _ in phonemes] == ["h", "ə", "l", "ˈoʊ", "w", "ˈɜː", "l", "d"]
    assert phonemes[3] == ("ˈoʊ", 300, 500) and phonemes[-1] == ("d", 1100, 1190)


def test_words_without_events_share_the_time_of_the_entry_that_spoke_them():
    # espeak reports one word event for "tout le monde" (a single dictionary entry).
    sentence = "Bonjour tout le monde."
    events = [
        word_event(0, 0),
        phoneme_event("b", 0),
        word_event(8, 700),
        phoneme_event("t", 700),
        phoneme_event("", 1800),
    ]
    phonemes = phoneme_spans(events, voiced_end=1800)
    words = word_spans(transcript_words(sentence, [0, 8]), events, phonemes, 1800)

    assert [w for w, _, _ in words] == ["Bonjour", "tout", "le", "monde"]
    starts = [start for _, start, _ in words]
    assert starts == [0, 700, 700 + 1100 * 4 // 11, 700 + 1100 * 6 // 11]
    assert words[-1][2] == 1800


def test_language_switch_markers_are_not_phonemes():
    events = [
        phoneme_event("k", 0),
        phoneme_event("(en)", 50),
        phoneme_event("tʃ", 50),
        phoneme_event("(ja)", 90),
    ]
    assert [p for p, _, _ in phoneme_spans(events, voiced_end=120)] == ["k", "tʃ"]


def test_every_cartesia_language_has_an_espeak_voice():
    cartesia_languages = (
        "en fr de es pt zh ja hi it ko nl pl ru sv tr tl bg ro ar cs el fi hr ms sk da ta uk"
        " hu no vi bn th he ka id te gu kn ml mr pa or ur"
    ).split()
    assert sorted(LANGUAGE_VOICES) == sorted(cartesia_languages)
    assert espeak_voice("any-voice", "pt-BR")[1] == "pt-br"
    assert espeak_voice("any-voice", "xx")[1] == "en-us"


def test_generation_config_maps_to_espeak_parameters():
    normal = espeak_params(1.0, 1.0, None)
    assert normal[espeak_ffi.RATE] == espeak_ffi.RATE_NORMAL
    assert espeak_params(0.6, 1.0, None)[espeak_ffi.RATE] < normal[espeak_ffi.RATE]
    assert espeak_params(1.5, 1.0, None)[espeak_ffi.RATE] > normal[espeak_ffi.RATE]
    assert espeak_params(1.0, 2.0, None) == normal  # volume is applied to the samples
    sad = espeak_params(1.0, 1.0, "sad")
    assert sad[espeak_ffi.PITCH] < normal[espeak_ffi.PITCH]
    assert espeak_params(1.0, 1.0, "no-such-emotion") == normal


def test_catalog_voices_keep_their_variant_in_every_language():
    from cartesia_cli.emulator.catalog import VOICES
    from cartesia_cli.emulator.voices import espeak_voice_for

    voice = next(v for v in VOICES if v.language == "en")
    name, variant = espeak_voice_for(voice.id)

    assert espeak_voice(voice.id, None) == (f"{name}+{variant}", name)
    assert espeak_voice(voice.id, "en") == (f"{name}+{variant}", name)
    assert espeak_voice(voice.id, "de") == (f"de+{variant}", "de")
    assert espeak_voice("not-in-the-catalog", "de")[1] == "de"
