import io

from cartesia_cli.text_stream import read_pieces, sentences, split_pieces


def test_split_pieces_keeps_every_character_and_never_cuts_a_word():
    text = ("The quick brown fox jumps over the lazy dog. " * 40
            + "Averyveryverylongwordwithoutanyspace " * 5 + "end")
    pieces = split_pieces(text, max_chars=120)
    assert "".join(pieces) == text
    assert all(len(p) <= 120 for p in pieces)
    words = set(text.split())
    for piece in pieces[:-1]:
        assert piece.endswith((" ", "\n")), piece
        assert set(piece.split()) <= words


def test_split_prefers_sentence_ends():
    pieces = split_pieces("One two three. Four five six. Seven eight nine.", max_chars=32)
    assert pieces == ["One two three. Four five six. ", "Seven eight nine."]


def test_long_text_200kb_round_trips():
    text = "".join(f"Sentence number {i} has some words in it. " for i in range(5000))
    assert len(text) > 200_000
    assert "".join(split_pieces(text)) == text


class Trickle(io.RawIOBase):
    """A stream that hands out its data a few bytes at a time, like a slow pipe."""

    def __init__(self, parts: list[bytes]):
        self.parts = list(parts)

    def readable(self):
        return True

    def read1(self, size=-1):
        return self.parts.pop(0) if self.parts else b""


def test_read_pieces_cuts_only_at_whitespace_and_keeps_the_text():
    parts = [b"Hel", b"lo wor", b"ld, this ", "is ünï".encode()[:6], "is ünï".encode()[6:],
             b"code. And", b" the end"]
    pieces = list(read_pieces(Trickle(parts)))
    assert "".join(pieces) == "Hello world, this is ünïcode. And the end"
    assert pieces[0] == "Hello "
    for piece in pieces[:-1]:
        assert piece[-1].isspace()


def test_sentences_regroup():
    assert list(sentences(["Hi the", "re. How are", " you? Fine"])) == [
        "Hi there. ", "How are you? ", "Fine"]


def test_splitting_a_long_text_is_linear():
    """A 10 MB file is 10,000 pieces: re-slicing the rest each time would be quadratic."""
    import time

    def best_of_3(text: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            pieces = split_pieces(text)
            times.append(time.perf_counter() - start)
        assert "".join(pieces) == text
        return min(times)

    small = "A sentence that goes on. " * 8_000
    assert best_of_3(small * 10) <= 12 * best_of_3(small) + 0.05
