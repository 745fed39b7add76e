import io

import numpy as np
import pytest
import soundfile as sf

from cartesia_cli.audio.formats import PcmFormat, decode, encode, wav_header
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
    header = wav_header(PcmFormat("pcm_s16le", 44100))
    assert header[4:8] == b"\xff\xff\xff\xff" and header[-4:] == b"\xff\xff\xff\xff"
