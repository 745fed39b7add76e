"""`--offline`: the in-process emulator speaking real espeak-ng speech over loopback."""

import json

import numpy as np
import pytest
import soundfile as sf

from helpers import REPO, run_cli, run_process

pytest.importorskip("espeakng_loader", reason="the offline extra is not installed")


def spectral_flatness(x: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x)))) + 1e-12
    return float(np.exp(np.mean(np.log(spectrum))) / np.mean(spectrum))


def test_offline_say_speaks(tmp_path):
    out = tmp_path / "hello.wav"
    run = run_cli("--offline", "say", "Hello from Cartesia", "-o", str(out))
    assert "offline: a local emulator speaks with espeak-ng" in run.stderr
    samples, rate = sf.read(out)
    assert rate == 44100
    assert 0.6 < len(samples) / rate < 3.0  # three words
    assert np.sqrt(np.mean(samples**2)) > 0.01
    # Speech is broadband: far flatter than a pure tone.
    assert spectral_flatness(samples[: 8192]) > 1e-4


@pytest.mark.parametrize("language,text", [
    ("fr", "Bonjour tout le monde, comment allez-vous?"),
    ("de", "Guten Tag, wie geht es Ihnen heute?"),
    ("es", "Hola a todos, ¿cómo están hoy?"),
    ("ja", "こんにちは、元気ですか"),
])
def test_offline_languages(tmp_path, language, text):
    out = tmp_path / "x.flac"
    run_cli("--offline", "say", "--language", language, text, "-o", str(out))
    samples, rate = sf.read(out)
    assert len(samples) / rate > 0.5 and np.sqrt(np.mean(samples**2)) > 0.01


def test_subtitles_align_with_the_audio(tmp_path):
    text = "The first sentence is short. The second one is a little longer than that."
    wav, srt, stamps = tmp_path / "x.wav", tmp_path / "x.srt", tmp_path / "t.json"
    run_cli("--offline", "stream", text, "-o", str(wav), "--subtitles", str(srt),
            "--timestamps", str(stamps))
    samples, rate = sf.read(wav)
    words = json.loads(stamps.read_text())["words"]
    assert [w["word"] for w in words] == text.split()  # as written, not as the API timed
    assert words[-1]["end"] <= len(samples) / rate + 0.01
    for word in words:  # every word's span holds sound, not silence
        span = samples[int(word["start"] * rate): int(word["end"] * rate)]
        assert np.sqrt(np.mean(span**2)) > 0.005, word
    cues = srt.read_text().strip().split("\n\n")
    assert len(cues) >= 2 and "00:00:00," in cues[0]


def median_pitch(x: np.ndarray, rate: int) -> float:
    """The speaker's median fundamental frequency: autocorrelation peaks of voiced 40 ms frames."""
    frame, shortest, longest = int(0.04 * rate), int(rate / 400), int(rate / 70)
    pitches = []
    for start in range(0, len(x) - frame, frame):
        f = x[start:start + frame] - np.mean(x[start:start + frame])
        if np.sqrt(np.mean(f**2)) < 0.02:
            continue  # silence or a consonant's noise has no pitch
        ac = np.correlate(f, f, "full")[frame - 1:]
        lag = shortest + int(np.argmax(ac[shortest:longest]))
        if ac[lag] > 0.3 * ac[0]:
            pitches.append(rate / lag)
    assert len(pitches) >= 10, "too few voiced frames to tell a pitch"
    return float(np.median(pitches))


@pytest.mark.parametrize("source", ["argument", "stdin", "sse"])
def test_subtitles_and_timestamps_keep_the_text_as_written(tmp_path, source):
    """The emulator (like the API) times normalised words: "Streaming", "speech", "offline";
    the files show the transcript's punctuation and case, on those words' times."""
    text = "Streaming speech, offline. Dr. Smith's e-mail — at 3 PM!"
    srt, vtt, stamps = tmp_path / "x.srt", tmp_path / "x.vtt", tmp_path / "t.json"
    files = ["-o", str(tmp_path / "x.wav"), "--subtitles", str(srt), "--timestamps", str(stamps)]
    # In subprocesses: what espeak spoke before in this process shifts test_two_voices' margin.
    if source == "stdin":
        run_process("--offline", "stream", *files, input=text.encode())
    else:
        transport = ["--transport", "sse"] if source == "sse" else []
        run_process("--offline", "stream", *transport, *files, text)
    run_process("--offline", "stream", "-o", str(tmp_path / "y.wav"), "--subtitles", str(vtt),
                text)
    words = json.loads(stamps.read_text())["words"]
    assert [w["word"] for w in words] == [
        "Streaming", "speech,", "offline.", "Dr.", "Smith's", "e-mail —", "at", "3", "PM!"]
    assert all(a["end"] <= b["start"] + 1e-6 for a, b in zip(words, words[1:], strict=False))
    cues = [c.split("\n", 2) for c in srt.read_text().strip().split("\n\n")]
    assert [c[2] for c in cues] == ["Streaming speech, offline.", "Dr. Smith's e-mail — at 3 PM!"]
    assert "\nStreaming speech, offline.\n" in vtt.read_text()


def test_two_voices_sound_different(tmp_path):
    # A woman's and a man's voice from the catalog: their pitch, not just their samples, differs
    # (a spectral-centroid check sat within espeak's run-to-run jitter).
    a, b = tmp_path / "a.wav", tmp_path / "b.wav"
    text = "The same words, two different voices."
    run_cli("--offline", "say", "-v", "694f9389-aac1-45b6-b726-9d9369183238", text, "-o", str(a))
    run_cli("--offline", "say", "-v", "a0e99841-438c-4a64-b679-ae501e7d6091", text, "-o", str(b))
    x, rate = sf.read(a)
    y, _ = sf.read(b)
    high, low = median_pitch(x, rate), median_pitch(y, rate)
    assert high > 1.3 * low, (high, low)


def test_speed_and_volume_are_audible(tmp_path):
    runs = {}
    for name, args in {"slow": ["--speed", "0.6"], "fast": ["--speed", "1.5"],
                       "quiet": ["--volume", "0.5"], "loud": ["--volume", "2.0"]}.items():
        out = tmp_path / f"{name}.wav"
        run_cli("--offline", "say", *args, "A sentence to measure.", "-o", str(out))
        runs[name], _ = sf.read(out)
    assert len(runs["slow"]) > 1.5 * len(runs["fast"])
    rms = {k: float(np.sqrt(np.mean(v**2))) for k, v in runs.items()}
    assert rms["loud"] > 2.5 * rms["quiet"]


def test_engine_override_and_fallback(tmp_path):
    out = tmp_path / "x.wav"
    run = run_process("--offline", "say", "Hi", "-o", str(out),
                      env={"CARTESIA_EMULATOR_ENGINE": "tone"})
    assert "`tone` engine" in run.stderr
    # Without the offline extra, --offline falls back to tones with a one-line notice.
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "espeakng_loader.py").write_text("raise ImportError('not installed')\n")
    run = run_process("--offline", "say", "Hi", "-o", str(out), env={"PYTHONPATH": str(blocker)})
    notice = [line for line in run.stderr.splitlines() if line.startswith("offline:")]
    # The install command fits this installation: from this clone (the package is not
    # published yet), with the interpreter that runs the CLI.
    assert len(notice) == 1 and f"-m pip install -e '{REPO}[offline]'" in notice[0], notice
    assert sf.info(out).frames > 0
