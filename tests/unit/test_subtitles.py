from cartesia_cli.audio.subtitles import TimestampLog, group_cues, to_srt, to_vtt
from cartesia_cli.events import Timestamps


def words(text: str, step: float = 0.3):
    return [(w, i * step, i * step + step * 0.8) for i, w in enumerate(text.split())]


def test_cues_break_at_sentence_end_and_line_length():
    cues = group_cues(words("Hello there. This is a much longer sentence that will certainly "
                            "not fit on a single subtitle line at all, so it wraps."))
    assert cues[0].lines == ("Hello there.",)
    for cue in cues:
        assert len(cue.lines) <= 2
        assert all(len(line) <= 42 for line in cue.lines)
    assert " ".join(" ".join(c.lines) for c in cues).split() == (
        "Hello there. This is a much longer sentence that will certainly not fit on a single "
        "subtitle line at all, so it wraps.").split()


def test_pause_starts_a_new_cue():
    cues = group_cues([("one", 0.0, 0.3), ("two", 0.35, 0.6), ("three", 2.0, 2.4)])
    assert [c.lines for c in cues] == [("one two",), ("three",)]


def test_srt_and_vtt_format():
    cues = group_cues([("Hi.", 0.0, 0.5), ("Bye", 3661.25, 3662.0)])
    assert to_srt(cues) == ("1\n00:00:00,000 --> 00:00:00,500\nHi.\n\n"
                            "2\n01:01:01,250 --> 01:01:02,000\nBye\n")
    assert to_vtt(cues) == ("WEBVTT\n\n00:00:00.000 --> 00:00:00.500\nHi.\n\n"
                            "01:01:01.250 --> 01:01:02.000\nBye\n")


def test_log_concatenates_events_in_order():
    log = TimestampLog()
    log.add(Timestamps("words", ("a", "b"), (0.0, 0.5), (0.4, 0.9)))
    log.add(Timestamps("words", ("c",), (1.0,), (1.4,)))
    log.add(Timestamps("phonemes", ("k",), (1.0,), (1.1,)))
    assert [w for w, _, _ in log.words] == ["a", "b", "c"]
    assert '"phoneme": "k"' in log.to_json(phonemes=True)
    assert "phoneme" not in log.to_json(phonemes=False)
