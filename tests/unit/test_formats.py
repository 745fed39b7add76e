import io
import struct

import numpy as np
import pytest
import soundfile as sf

from cartesia_cli.audio.formats import (
    PIPE_SIZE,
    PcmFormat,
    decode,
    encode,
    pipe_wav_header,
    wav_header,
)
from cartesia_cli.facts import ENCODINGS


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_encode_decode_round_trip(encoding):
    x = np.sin(np.linspace(0, 40, 4000)).astype(np.float32) * 0.8
    y = decode(encode(x, encoding), encoding)
    tolerance = {"pcm_f32le": 0, "pcm_s16le": 1e-4}.get(encoding, 0.03)
    assert np.max(np.abs(x - y)) <= tolerance


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_wav_header_is_readable_by_libsndfile(encoding):
    x = np.sin(np.linspace(0, 40, 2205)).astype(np.float32) * 0.5
    data = encode(x, encoding)
    blob = wav_header(PcmFormat(encoding, 22050), len(data)) + data
    samples, rate = sf.read(io.BytesIO(blob), dtype="float32")
    assert rate == 22050 and len(samples) == 2205
    np.testing.assert_allclose(samples, decode(data, encoding), atol=1e-4)


def test_streaming_header_has_placeholder_sizes():
    """The API's (and the emulator's) streamed WAV: 0xFFFFFFFF sizes."""
    header = wav_header(PcmFormat("pcm_s16le", 44100))
    assert header[4:8] == b"\xff\xff\xff\xff" and header[-4:] == b"\xff\xff\xff\xff"


def test_pipe_header_uses_the_size_sox_writes_and_names_the_layout():
    header = pipe_wav_header(PcmFormat("pcm_s16le", 44100))
    assert header[-4:] == struct.pack("<I", PIPE_SIZE) == b"\x00\xf0\xff\x7f"
    assert struct.unpack("<I", header[4:8])[0] == len(header) - 8 + PIPE_SIZE
    assert struct.unpack("<H", header[20:22])[0] == 0xFFFE  # WAVE_FORMAT_EXTENSIBLE
    assert struct.unpack("<I", header[40:44])[0] == 0x4  # mono: front centre
    # float stays WAVE_FORMAT_IEEE_FLOAT (SoX warns on an extensible float header)
    assert struct.unpack("<H", pipe_wav_header(PcmFormat("pcm_f32le"))[20:22])[0] == 3


@pytest.mark.parametrize("make", [wav_header, pipe_wav_header])
def test_a_wav_past_4_gib_keeps_the_placeholder_instead_of_failing(make):
    header = make(PcmFormat("pcm_s16le"), 5_000_000_000)
    assert header[4:8] == header[-4:] == b"\xff\xff\xff\xff"


@pytest.mark.parametrize("encoding", ["pcm_f32le", "pcm_s16le", "pcm_mulaw", "pcm_alaw"])
def test_silence_is_what_encoding_zeros_gives(encoding):
    from cartesia_cli.audio.formats import encode, silence

    assert silence(5, encoding) == encode(np.zeros(5, dtype=np.float32), encoding)
    assert silence(0, encoding) == b""
