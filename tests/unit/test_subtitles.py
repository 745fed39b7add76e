from cartesia_cli.audio.subtitles import TimestampLog, align_words, group_cues, to_srt, to_vtt
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


def timed(*spoken: str):
    return [(w, float(i), i + 0.5) for i, w in enumerate(spoken)]


def test_written_words_take_the_times_of_the_normalised_ones():
    got = align_words("Streaming speech, offline.", timed("Streaming", "speech", "offline"))
    assert got == [("Streaming", 0.0, 0.5), ("speech,", 1.0, 1.5), ("offline.", 2.0, 2.5)]


def test_case_and_inner_punctuation_do_not_matter():
    got = align_words("HELLO, Dr. O'Brien's e-mail!",
                      timed("hello", "doctor", "obriens", "e", "mail"))
    assert [w for w, _, _ in got] == ["HELLO,", "Dr.", "O'Brien's", "e-mail!"]
    assert got[1] == ("Dr.", 1.0, 1.5)  # "doctor" matched nothing: the untimed token between
    assert got[3] == ("e-mail!", 3.0, 4.5)  # two timed words, one written token


def test_numbers_spelled_out_span_their_written_token():
    got = align_words("It is 3:45 now.", timed("it", "is", "three", "forty", "five", "now"))
    assert got == [("It", 0.0, 0.5), ("is", 1.0, 1.5), ("3:45", 2.0, 4.5), ("now.", 5.0, 5.5)]


def test_a_spelled_out_number_does_not_jump_to_the_same_word_later():
    got = align_words("I have 3 cats and three dogs.",
                      timed("I", "have", "three", "cats", "and", "three", "dogs"))
    assert [(w, s) for w, s, _ in got] == [("I", 0.0), ("have", 1.0), ("3", 2.0), ("cats", 3.0),
                                           ("and", 4.0), ("three", 5.0), ("dogs.", 6.0)]


def test_unspoken_tokens_join_a_neighbour():
    got = align_words("— Hello — world (1)", timed("hello", "world"))
    assert got == [("— Hello —", 0.0, 0.5), ("world (1)", 1.0, 1.5)]


def test_the_log_writes_the_transcript_it_was_given():
    log = TimestampLog(transcript=["Streaming speech, ", "offline."])
    log.add(Timestamps("words", ("Streaming", "speech", "offline"), (0.0, 0.5, 1.0),
                       (0.4, 0.9, 1.4)))
    assert '"word": "offline."' in log.to_json(phonemes=False)
    assert [c.lines for c in group_cues(log.written_words())] == [("Streaming speech, offline.",)]


def test_abbreviations_do_not_end_a_cue():
    cues = group_cues(words("Ask Dr. Smith. Then go."))
    assert [c.lines for c in cues] == [("Ask Dr. Smith.",), ("Then go.",)]


def test_scripts_written_without_spaces_are_cut_at_the_timed_words():
    spoken = ["東京", "へ", "行く", "こんにちは", "元気", "です", "か"]
    got = align_words("「東京」へ行く。こんにちは、元気ですか",
                      [(w, i * 0.4, i * 0.4 + 0.4) for i, w in enumerate(spoken)])
    assert [w for w, _, _ in got] == ["「東京」", "へ", "行く。", "こんにちは、", "元気", "です",
                                      "か"]
    cues = group_cues(got)
    assert [c.lines for c in cues] == [("「東京」へ行く。",), ("こんにちは、元気ですか",)]


def test_alignment_stays_linear_on_a_long_text():
    import time

    def seconds(n: int) -> float:
        text = " ".join(f"Word{i}, 12 more." for i in range(n))
        spoken = [w for i in range(n) for w in (f"word{i}", "twelve", "more")]
        began = time.perf_counter()
        assert len(align_words(text, timed(*spoken))) == 3 * n
        return time.perf_counter() - began

    small, large = min(seconds(1000) for _ in range(3)), min(seconds(10000) for _ in range(2))
    assert large < 30 * small  # ten times the text: not a hundred times the work


def test_in_text_tags_are_not_shown():
    got = align_words("Wait <break time=\"1s\"/> for it. <emotion value='excited'/>Now!",
                      timed("wait", "for", "it", "now"))
    assert [w for w, _, _ in got] == ["Wait", "for", "it.", "Now!"]
