"""Audio on pipes is clean: `say -o - | ffmpeg -i - out.mp3` and `| sox - out.flac` finish with
no warning, and `> out.wav` (stdout on a regular file) gets the real sizes in its header."""

import os
import shlex
import shutil
import struct
import subprocess
import sys

import pytest
import soundfile as sf

from cartesia_cli.audio.formats import PIPE_SIZE, PcmFormat, encode, pipe_wav_header

from audio_card import REQUIRE_ENV, audio_required
from helpers import run_cli

TEXT = "Hello there. This is a pipe."
CLI = f"{shlex.quote(sys.executable)} -m cartesia_cli"


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        message = f"{tool} is not installed (scripts/test.sh installs it)"
        if audio_required():
            pytest.fail(f"{message}; {REQUIRE_ENV} is set", pytrace=False)
        pytest.skip(message)


def shell(script: str, cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", "set -o pipefail\n" + script], cwd=cwd, env=os.environ,
                          capture_output=True, text=True, timeout=120)


def data_size(blob: bytes) -> int:
    at = blob.index(b"data")
    return struct.unpack("<I", blob[at + 4:at + 8])[0]


@pytest.mark.parametrize("encoding", ["pcm_s16le", "pcm_mulaw", "pcm_alaw"])
def test_ffmpeg_reads_the_pipe_without_a_warning(emulator, tmp_path, encoding):
    need("ffmpeg")
    done = shell(f"{CLI} say -o - --encoding {encoding} {shlex.quote(TEXT)} "
                 "| ffmpeg -nostdin -hide_banner -loglevel warning -i - out.mp3", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (tmp_path / "out.mp3").stat().st_size > 1000


@pytest.mark.parametrize("encoding", ["pcm_s16le", "pcm_f32le", "pcm_mulaw", "pcm_alaw"])
def test_sox_reads_the_pipe_without_a_warning_and_keeps_every_sample(emulator, tmp_path,
                                                                     encoding):
    need("sox")
    reference = tmp_path / "ref.wav"
    run_cli("say", "-o", str(reference), "--encoding", encoding, TEXT)
    done = shell(f"{CLI} say -o - --encoding {encoding} {shlex.quote(TEXT)} | sox - out.flac",
                 tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    expected = sf.info(str(reference)).frames
    got = sf.info(str(tmp_path / "out.flac")).frames
    # the pipe ends on a 4096-byte block: a little silence after the speech, never less audio
    per_frame = PcmFormat(encoding).frame_bytes
    assert expected <= got < expected + 4096 // per_frame


def test_the_pipe_ends_on_whole_blocks_padded_with_silence(emulator):
    run = run_cli("say", "-o", "-", TEXT)
    header = pipe_wav_header(PcmFormat("pcm_s16le"))
    assert run.stdout[:len(header)] == header
    assert data_size(header) == PIPE_SIZE
    assert (len(run.stdout) - len(header)) % 4096 == 0


def test_stdout_on_a_regular_file_gets_the_real_sizes(emulator, tmp_path):
    run_cli("say", "-o", str(tmp_path / "file.wav"), TEXT)
    done = shell(f"{CLI} say -o - {shlex.quote(TEXT)} > out.wav", tmp_path)
    assert done.returncode == 0, done.stderr
    blob = (tmp_path / "out.wav").read_bytes()
    audio = (tmp_path / "file.wav").read_bytes()[44:]
    assert data_size(blob) == len(audio)
    assert struct.unpack("<I", blob[4:8])[0] == len(blob) - 8
    assert blob.endswith(audio)  # no padding: the header says where it ends
    assert sf.info(str(tmp_path / "out.wav")).frames == len(audio) // 2


def test_a_wav_after_other_bytes_is_patched_where_it_starts(emulator, tmp_path):
    done = shell(f"{{ printf 'abc'; {CLI} say -o - {shlex.quote(TEXT)}; }} > out.bin", tmp_path)
    assert done.returncode == 0, done.stderr
    blob = (tmp_path / "out.bin").read_bytes()
    assert blob[:7] == b"abcRIFF"
    assert data_size(blob) == len(blob) - blob.index(b"data") - 8


def test_appending_stdout_is_left_as_streamed(emulator, tmp_path):
    """`>>` cannot write anywhere but the end: the header keeps its streaming sizes."""
    (tmp_path / "out.bin").write_bytes(b"before")
    done = shell(f"{CLI} say -o - {shlex.quote(TEXT)} >> out.bin", tmp_path)
    assert done.returncode == 0, done.stderr
    blob = (tmp_path / "out.bin").read_bytes()
    assert blob.startswith(b"beforeRIFF") and data_size(blob) == PIPE_SIZE


@pytest.mark.parametrize("encoding", ["pcm_s16le", "pcm_f32le", "pcm_mulaw", "pcm_alaw"])
def test_the_pipe_header_with_sizes_is_a_valid_wav(encoding):
    import io

    import numpy as np

    samples = (0.5 * np.sin(np.linspace(0, 60, 3000))).astype(np.float32)
    data = encode(samples, encoding)
    blob = pipe_wav_header(PcmFormat(encoding, 16000), len(data)) + data
    read, rate = sf.read(io.BytesIO(blob), dtype="float32")
    assert rate == 16000 and len(read) == 3000


def test_stream_to_a_pipe_is_clean_too(emulator, tmp_path):
    need("sox")
    done = shell(f"{CLI} stream -o - {shlex.quote(TEXT)} | sox - out.flac", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert sf.info(str(tmp_path / "out.flac")).frames > 0
