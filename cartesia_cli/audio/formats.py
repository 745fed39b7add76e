"""Audio formats on the wire: encodings, sample rates, G.711 companding and WAV headers.

Shared by the client and the emulator (pure numpy, imported lazily by callers).
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, NamedTuple

from cartesia_cli.facts import BYTES_PER_SAMPLE

if TYPE_CHECKING:
    import numpy as np

# WAV format tags: 1 PCM, 3 IEEE float, 6 A-law, 7 mu-law.
WAV_FORMAT_TAG = {"pcm_f32le": 3, "pcm_s16le": 1, "pcm_mulaw": 7, "pcm_alaw": 6}
STREAMING_SIZE = 0xFFFFFFFF  # placeholder RIFF/data size for a WAV of unknown length (the API's)
# What SoX writes when it cannot seek back, and what both SoX and ffmpeg read as "until the end"
# without a warning (0xFFFFFFFF makes ffmpeg warn and SoX report a premature end; 0 makes SoX
# read nothing).
PIPE_SIZE = 0x7FFFF000
WAVE_FORMAT_EXTENSIBLE = 0xFFFE
# The KSDATAFORMAT_SUBTYPE_* GUID after its first four bytes (the format tag).
_SUBFORMAT_TAIL = bytes.fromhex("000010008000" "00aa00389b71")
_CHANNEL_MASKS = {1: 0x4, 2: 0x3}  # front centre; front left + right


class PcmFormat(NamedTuple):  # not a frozen dataclass: a quarter of the import time
    encoding: str = "pcm_f32le"
    sample_rate: int = 44100
    channels: int = 1

    @property
    def sample_width(self) -> int:
        return BYTES_PER_SAMPLE[self.encoding]

    @property
    def frame_bytes(self) -> int:
        return self.sample_width * self.channels

    @property
    def bytes_per_second(self) -> int:
        return self.frame_bytes * self.sample_rate

    def seconds(self, nbytes: int) -> float:
        return nbytes / self.bytes_per_second


def wav_header(fmt: PcmFormat, data_bytes: int | None = None, *,
               unknown_size: int = STREAMING_SIZE, extensible: bool = False) -> bytes:
    """A RIFF/WAVE header; with no size it carries `unknown_size` as the data size.

    `extensible` writes WAVE_FORMAT_EXTENSIBLE with a channel mask, which tells readers such as
    ffmpeg the channel layout instead of leaving them to guess (and warn).
    """
    tag = WAV_FORMAT_TAG[fmt.encoding]
    width = fmt.sample_width
    block = width * fmt.channels
    fmt_body = struct.pack("<HHIIHH", WAVE_FORMAT_EXTENSIBLE if extensible else tag,
                           fmt.channels, fmt.sample_rate, fmt.sample_rate * block, block,
                           width * 8)
    if extensible:
        fmt_body += struct.pack("<HHI", 22, width * 8, _CHANNEL_MASKS.get(fmt.channels, 0))
        fmt_body += struct.pack("<I", tag) + _SUBFORMAT_TAIL
    elif tag != 1:
        fmt_body += struct.pack("<H", 0)  # cbSize: non-PCM formats carry it per the WAVE spec
    chunks = b"fmt " + struct.pack("<I", len(fmt_body)) + fmt_body
    # Past 4 GiB a RIFF size cannot say it: such a WAV keeps the API's placeholder.
    data_size = unknown_size if data_bytes is None else min(data_bytes, STREAMING_SIZE)
    if tag != 1:  # and a fact chunk
        frames = STREAMING_SIZE if data_size == STREAMING_SIZE else data_size // block
        chunks += b"fact" + struct.pack("<II", 4, frames)
    riff_size = min(STREAMING_SIZE, 4 + len(chunks) + 8 + data_size)
    return b"RIFF" + struct.pack("<I", riff_size) + b"WAVE" + chunks + b"data" + struct.pack(
        "<I", data_size
    )


def pipe_wav_header(fmt: PcmFormat, data_bytes: int | None = None) -> bytes:
    """The header of a WAV streamed to another program (`-o - | ffmpeg -i -`, `| sox -`).

    Sizes SoX and ffmpeg take for "until the end", and WAVE_FORMAT_EXTENSIBLE so that ffmpeg
    knows the layout, except for float: SoX misreads an extensible float header (it looks for a
    second extension and warns).
    """
    return wav_header(fmt, data_bytes, unknown_size=PIPE_SIZE,
                      extensible=fmt.encoding != "pcm_f32le")


# --- G.711 companding (ITU-T G.711), vectorised -----------------------------------------------

_MULAW_BIAS = 0x84
_MULAW_CLIP = 32635


def _to_int16(samples: np.ndarray) -> np.ndarray:
    import numpy as np

    if samples.dtype == np.int16:
        return samples
    scaled: np.ndarray = (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype(np.int16)
    return scaled


def mulaw_encode(samples: np.ndarray) -> np.ndarray:
    import numpy as np

    pcm = _to_int16(samples).astype(np.int32)
    sign = np.where(pcm < 0, 0x80, 0)
    magnitude = np.minimum(np.abs(pcm), _MULAW_CLIP) + _MULAW_BIAS
    exponent = np.floor(np.log2(magnitude)).astype(np.int32) - 7
    exponent = np.clip(exponent, 0, 7)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    encoded: np.ndarray = (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8)
    return encoded


def mulaw_decode(data: np.ndarray) -> np.ndarray:
    import numpy as np

    u = (~data.astype(np.int32)) & 0xFF
    sign = u & 0x80
    exponent = (u >> 4) & 0x07
    mantissa = u & 0x0F
    magnitude = (((mantissa << 3) + _MULAW_BIAS) << exponent) - _MULAW_BIAS
    decoded: np.ndarray = np.where(sign != 0, -magnitude, magnitude).astype(np.int16)
    return decoded


def alaw_encode(samples: np.ndarray) -> np.ndarray:
    import numpy as np

    pcm = _to_int16(samples).astype(np.int32) >> 3  # A-law works on 13-bit magnitudes
    sign = np.where(pcm >= 0, 0x80, 0)
    magnitude = np.where(pcm >= 0, pcm, -pcm - 1)
    magnitude = np.minimum(magnitude, 0x0FFF)
    exponent = np.where(magnitude < 32, 0, np.floor(np.log2(np.maximum(magnitude, 1))) - 4)
    exponent = np.clip(exponent, 0, 7).astype(np.int32)
    mantissa = np.where(exponent == 0, magnitude >> 1, magnitude >> exponent) & 0x0F
    encoded: np.ndarray = ((sign | (exponent << 4) | mantissa) ^ 0x55).astype(np.uint8)
    return encoded


def alaw_decode(data: np.ndarray) -> np.ndarray:
    import numpy as np

    a = data.astype(np.int32) ^ 0x55
    sign = a & 0x80
    exponent = (a >> 4) & 0x07
    mantissa = a & 0x0F
    magnitude = np.where(
        exponent == 0, (mantissa << 4) + 8, ((mantissa << 4) + 0x108) << np.maximum(exponent - 1, 0)
    )
    return np.where(sign != 0, magnitude, -magnitude).astype(np.int16)


# One sample of silence in each raw encoding: the encoding of 0.0 (G.711 codes zero as 0xFF in
# mu-law and 0xD5 in A-law). Padding needs no numpy import for it.
_SILENT_SAMPLE = {"pcm_f32le": b"\x00" * 4, "pcm_s16le": b"\x00" * 2, "pcm_mulaw": b"\xff",
                  "pcm_alaw": b"\xd5"}


def silence(frames: int, encoding: str) -> bytes:
    """`frames` samples of silence in a raw encoding (the same bytes encode() gives for zeros)."""
    try:
        return _SILENT_SAMPLE[encoding] * frames
    except KeyError:
        raise ValueError(f"unknown encoding {encoding}") from None


def encode(samples: np.ndarray, encoding: str) -> bytes:
    """Float32 samples in [-1, 1] to the bytes of a raw encoding."""
    import numpy as np

    if encoding == "pcm_f32le":
        return np.asarray(samples, dtype="<f4").tobytes()
    if encoding == "pcm_s16le":
        return _to_int16(samples).astype("<i2").tobytes()
    if encoding == "pcm_mulaw":
        return mulaw_encode(samples).tobytes()
    if encoding == "pcm_alaw":
        return alaw_encode(samples).tobytes()
    raise ValueError(f"unknown encoding {encoding}")


def decode(data: bytes, encoding: str) -> np.ndarray:
    """Bytes of a raw encoding to float32 samples in [-1, 1]."""
    import numpy as np

    if encoding == "pcm_f32le":
        return np.frombuffer(data, dtype="<f4")
    if encoding == "pcm_s16le":
        return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0
    raw = np.frombuffer(data, dtype=np.uint8)
    if encoding == "pcm_mulaw":
        return mulaw_decode(raw).astype(np.float32) / 32768.0
    if encoding == "pcm_alaw":
        return alaw_decode(raw).astype(np.float32) / 32768.0
    raise ValueError(f"unknown encoding {encoding}")
