"""Texts of a known audio length: the tone engine's sample counts are exact, so a text can be cut
to last as long as a benchmark needs."""

from __future__ import annotations

from cartesia_cli.emulator.engines.tone import tone_samples

SAMPLE_RATE = 44100
WORDS_PER_SENTENCE = 12
_WORDS = ("the quick brown fox jumps over a lazy dog while seven bright stars watch from far "
          "above the quiet hills and slow rivers of an old green valley").split()
SHORT_TEXT = "Hello from the benchmark."


def sentence(index: int) -> str:
    start = index * 5
    words = [_WORDS[(start + k) % len(_WORDS)] for k in range(WORDS_PER_SENTENCE)]
    return " ".join(words).capitalize() + "."


def sentences_for(seconds: float) -> list[str]:
    """Whole sentences whose tone-engine audio first reaches `seconds`."""
    out: list[str] = []
    samples = 0
    while samples < seconds * SAMPLE_RATE:
        text = sentence(len(out))
        out.append(text)
        samples += tone_samples(text, SAMPLE_RATE)
    return out


def text_for(seconds: float) -> tuple[str, float]:
    """A text of about `seconds` of audio, and its exact length in seconds."""
    text = " ".join(sentences_for(seconds))
    return text, audio_seconds(text)


def audio_seconds(text: str) -> float:
    return tone_samples(text, SAMPLE_RATE) / SAMPLE_RATE
