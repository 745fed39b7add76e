"""`cartesia say` outputs, decoded back and compared with what the emulator sent."""

import io
import struct

import numpy as np
import pytest
import soundfile as sf

from cartesia_cli.audio.formats import PIPE_SIZE, PcmFormat, pipe_wav_header
from cartesia_cli.emulator.engines.tone import tone_samples

from audio_expect import tone_audio, wire_bytes, wire_samples
from helpers import run_cli

TEXT = "Hello from Cartesia. Testing one two three."


@pytest.mark.parametrize("suffix,encoding", [
    (".wav", "pcm_s16le"), (".raw", "pcm_f32le"), (".pcm", "pcm_f32le")])
def test_lossless_files_match_sample_for_sample(emulator, tmp_path, suffix, encoding):
    out = tmp_path / f"hello{suffix}"
    run_cli("say", "-o", str(out), TEXT)
    expected = wire_bytes(TEXT, encoding)
    if suffix == ".wav":
        samples, rate = sf.read(out, dtype="float32")
        assert rate == 44100 and sf.info(out).subtype == "PCM_16"
        np.testing.assert_array_equal(samples, wire_samples(TEXT, encoding))
    else:
        assert out.read_bytes() == expected
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("encoding", ["pcm_f32le", "pcm_s16le", "pcm_mulaw", "pcm_alaw"])
@pytest.mark.parametrize("rate", [8000, 24000])
def test_wav_every_encoding_and_rate(emulator, tmp_path, encoding, rate):
    out = tmp_path / "x.wav"
    run_cli("say", "-o", str(out), "--encoding", encoding, "--sample-rate", str(rate), TEXT)
    samples, got_rate = sf.read(out, dtype="float32")
    assert got_rate == rate
    assert len(samples) == tone_samples(TEXT, rate)
    np.testing.assert_allclose(samples, wire_samples(TEXT, encoding, rate), atol=1e-4)
    body = emulator.requests[-1].json
    assert body["output_format"] == {"container": "raw", "encoding": encoding,
                                     "sample_rate": rate}


def test_flac_is_lossless_16_bit(emulator, tmp_path):
    out = tmp_path / "x.flac"
    run_cli("say", "-o", str(out), TEXT)
    samples, rate = sf.read(out, dtype="float32")
    expected = tone_audio(TEXT)
    assert rate == 44100 and len(samples) == len(expected)
    np.testing.assert_allclose(samples, expected, atol=1 / 32768 + 1e-6)


@pytest.mark.parametrize("suffix,rate", [(".ogg", 44100), (".opus", 48000), (".mp3", 44100)])
def test_lossy_files_decode_to_the_same_sound(emulator, tmp_path, suffix, rate):
    out = tmp_path / f"x{suffix}"
    run_cli("say", "-o", str(out), TEXT)
    samples, got_rate = sf.read(out, dtype="float32")
    expected = tone_audio(TEXT, rate)
    assert got_rate == rate
    # Codecs add priming and padding: lengths within 100 ms, energies within 25 %.
    assert abs(len(samples) - len(expected)) < rate // 10
    assert np.sqrt(np.mean(samples**2)) == pytest.approx(np.sqrt(np.mean(expected**2)), rel=0.25)


def test_mp3_is_asked_of_the_api(emulator, tmp_path):
    run_cli("say", "-o", str(tmp_path / "x.mp3"), TEXT)
    body = emulator.requests[-1].json
    assert body["output_format"] == {"container": "mp3", "sample_rate": 44100, "bit_rate": 128000}


def test_stdout_streaming_wav(emulator):
    """Streaming sizes (SoX's "until the end"), then the audio, then silence to a 4096-byte
    block (tests/cli/test_pipes.py has why)."""
    run = run_cli("say", "-o", "-", TEXT)
    header = pipe_wav_header(PcmFormat("pcm_s16le"))
    assert run.stdout[:len(header)] == header
    assert header[:4] == b"RIFF" and header[8:12] == b"WAVE"
    assert struct.unpack("<I", header[-4:])[0] == PIPE_SIZE
    data = run.stdout[len(header):]
    audio = wire_bytes(TEXT, "pcm_s16le")
    assert len(audio) == 2 * tone_samples(TEXT, 44100)
    assert data[:len(audio)] == audio
    assert len(data) % 4096 == 0 and len(data) - len(audio) < 4096
    assert data[len(audio):] == bytes(len(data) - len(audio))


def test_stdout_raw_byte_count(emulator):
    run = run_cli("say", "-o", "-", "--format", "raw", "--encoding", "pcm_mulaw",
                  "--sample-rate", "8000", TEXT)
    assert len(run.stdout) == tone_samples(TEXT, 8000)
    assert run.stdout == wire_bytes(TEXT, "pcm_mulaw", 8000)


def test_stdout_wav_readable_by_soundfile(emulator):
    run = run_cli("say", "-o", "-", "--encoding", "pcm_f32le", TEXT)
    # libsndfile takes the streaming size literally; patch it the way a pipe consumer sees EOF.
    blob = bytearray(run.stdout)
    data_start = blob.index(b"data") + 8
    assert struct.unpack("<I", blob[data_start - 4:data_start])[0] == PIPE_SIZE
    blob[4:8] = struct.pack("<I", len(blob) - 8)
    blob[data_start - 4:data_start] = struct.pack("<I", len(blob) - data_start)
    samples, _ = sf.read(io.BytesIO(bytes(blob)), dtype="float32")
    expected = tone_audio(TEXT)
    np.testing.assert_array_equal(samples[:len(expected)], expected)
    assert not np.any(samples[len(expected):])  # the padding is silence


def test_text_from_file_and_stdin(emulator, tmp_path):
    src = tmp_path / "t.txt"
    src.write_text(TEXT)
    a = run_cli("say", "-f", str(src), "-o", "-", "--format", "raw")
    b = run_cli("say", "-o", "-", "--format", "raw", input=TEXT)
    c = run_cli("say", "-o", "-", "--format", "raw", "-", input=TEXT)
    assert a.stdout == b.stdout == c.stdout == wire_bytes(TEXT, "pcm_f32le")


def test_generation_config_and_voice_are_sent(emulator, tmp_path):
    run_cli("say", "-o", str(tmp_path / "x.wav"), "--speed", "1.2", "--volume", "0.8",
            "--emotion", "calm", "--language", "fr", "--model", "sonic-3-2025-10-27",
            "-v", "a0e99841-438c-4a64-b679-ae501e7d6091", "Bonjour")
    request = emulator.requests[-1]
    assert request.json["generation_config"] == {"speed": 1.2, "volume": 0.8, "emotion": "calm"}
    assert request.json["language"] == "fr"
    assert request.json["model_id"] == "sonic-3-2025-10-27"
    assert request.json["voice"] == {"id": "a0e99841-438c-4a64-b679-ae501e7d6091"}
    samples, _ = sf.read(tmp_path / "x.wav")
    assert len(samples) == tone_samples("Bonjour", 44100, speed=1.2)


def test_stats_on_stderr(emulator, tmp_path):
    run = run_cli("say", "--stats", "-o", str(tmp_path / "x.wav"), TEXT)
    assert "first audio" in run.stderr and "real-time factor" in run.stderr
    assert run.stdout == b""
