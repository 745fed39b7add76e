"""Text handling for the espeak engine: sentences, markup, and the transcript's words.

Positions are kept in characters of the original sentence throughout, because espeak reports
word events as character offsets into the text it was given; markup is blanked out with
spaces rather than removed so those offsets still line up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

# A sentence ends at . ! ? or an ellipsis (plus closing quotes/brackets) before whitespace or
# the end, or at a CJK full stop/exclamation/question mark, which needs no space after it.
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s|$)|[。！？]+["'”’」』)）]*|\n\s*\n""")
# Abbreviations whose period does not end a sentence ("Dr. Smith", "e.g. this").
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|vs|etc|e\.g|i\.e|No)\.$", re.IGNORECASE
)
# Cartesia-style inline tags (<emotion value="x"/>, <break time="1s"/>, <spell>...</spell>):
# spoken literally by espeak otherwise.
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>")
# Control characters (NUL would end espeak's C string) and lone surrogates (not encodable).
_UNSPEAKABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_MAX_SENTENCE_CHARS = 400  # longer runs are cut at a clause boundary so output stays lazy


@dataclass(frozen=True)
class Word:
    text: str
    start: int  # character offsets of the word (punctuation stripped) in its sentence
    end: int


def clean_text(text: str) -> str:
    """Blank out inline tags and unspeakable characters with spaces of the same length."""
    text = _MARKUP.sub(lambda match: " " * len(match.group()), text)
    return _UNSPEAKABLE.sub(" ", text)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, keeping their punctuation; blank ones are dropped."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.end()]
        if match.group()[0] == "." and _ABBREVIATION.search(candidate.rstrip("\"'”’»)]")):
            continue
        sentences.extend(_cap_length(candidate))
        start = match.end()
    sentences.extend(_cap_length(text[start:]))
    return [sentence.strip() for sentence in sentences if sentence.strip()]


def _cap_length(sentence: str) -> list[str]:
    pieces: list[str] = []
    while len(sentence) > _MAX_SENTENCE_CHARS:
        head = sentence[:_MAX_SENTENCE_CHARS]
        cut = max(head.rfind(mark) for mark in (",", ";", ":", "，", "、"))
        if cut <= 0:
            cut = head.rfind(" ")
        cut = cut + 1 if cut > 0 else _MAX_SENTENCE_CHARS
        pieces.append(sentence[:cut])
        sentence = sentence[cut:]
    pieces.append(sentence)
    return pieces


# Punctuation-category characters that are part of what a word says ("50%", "#1", "R&D").
_SPOKEN_MARKS = frozenset("%‰‱#@&*§†")


def _is_punctuation(char: str) -> bool:
    """Punctuation, and pictographs such as emoji, which no word starts or ends with."""
    category = unicodedata.category(char)
    return (category.startswith("P") and char not in _SPOKEN_MARKS) or category == "So"


def _is_unspaced_script(char: str) -> bool:
    """Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar)."""
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # Hiragana, Katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF  # CJK ideographs
        or 0xF900 <= code <= 0xFAFF
        or 0x0E00 <= code <= 0x0EFF  # Thai, Lao
        or 0x1000 <= code <= 0x109F  # Myanmar
        or 0x1780 <= code <= 0x17FF  # Khmer
        or 0x20000 <= code <= 0x2FFFF
    )


def _strip(text: str, start: int, end: int) -> Word | None:
    while start < end and _is_punctuation(text[start]):
        start += 1
    while end > start and _is_punctuation(text[end - 1]):
        end -= 1
    return Word(text[start:end], start, end) if start < end else None


def transcript_words(sentence: str, word_starts: list[int]) -> list[Word]:
    """The sentence's words with surrounding punctuation stripped.

    Words are whitespace-separated tokens. Tokens in scripts written without spaces are also
    cut at punctuation and at the offsets in ``word_starts`` (espeak's word events), so
    Chinese, Japanese or Thai text gets one entry per word espeak spoke, not one per sentence.
    """
    words: list[Word] = []
    for token in re.finditer(r"\S+", sentence):
        if not any(_is_unspaced_script(char) for char in token.group()):
            word = _strip(sentence, token.start(), token.end())
            if word is not None:
                words.append(word)
            continue
        cuts = {token.start(), token.end()}
        cuts.update(pos for pos in word_starts if token.start() < pos < token.end())
        marks = [i for i in range(token.start(), token.end()) if _is_punctuation(sentence[i])]
        cuts.update(marks)
        cuts.update(i + 1 for i in marks)
        for start, end in pairwise(sorted(cuts)):
            word = _strip(sentence, start, end)
            if word is not None:
                words.append(word)
    return words
