"""Audio formats on the wire: encodings, sample rates, G.711 companding and WAV headers.

Shared by the client and the emulator (pure numpy, imported lazily by callers).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cartesia_cli.facts import BYTES_PER_SAMPLE

if TYPE_CHECKING:
    import numpy as np

# WAV format tags: 1 PCM, 3 IEEE float, 6 A-law, 7 mu-law.
WAV_FORMAT_TAG = {"pcm_f32le": 3, "pcm_s16le": 1, "pcm_mulaw": 7, "pcm_alaw": 6}
STREAMING_SIZE = 0xFFFFFFFF  # placeholder RIFF/data size for a WAV of unknown length


@dataclass(frozen=True)
class PcmFormat:
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


def wav_header(fmt: PcmFormat, data_bytes: int | None = None) -> bytes:
    """A RIFF/WAVE header; with no size it carries the streaming placeholders."""
    tag = WAV_FORMAT_TAG[fmt.encoding]
    width = fmt.sample_width
    block = width * fmt.channels
    extended = tag != 1  # non-PCM formats carry cbSize and a fact chunk per the WAVE spec
    fmt_body = struct.pack(
        "<HHIIHH", tag, fmt.channels, fmt.sample_rate, fmt.sample_rate * block, block, width * 8
    )
    if extended:
        fmt_body += struct.pack("<H", 0)
    chunks = b"fmt " + struct.pack("<I", len(fmt_body)) + fmt_body
    if extended:
        frames = STREAMING_SIZE if data_bytes is None else data_bytes // block
        chunks += b"fact" + struct.pack("<II", 4, frames)
    data_size = STREAMING_SIZE if data_bytes is None else data_bytes
    riff_size = STREAMING_SIZE if data_bytes is None else 4 + len(chunks) + 8 + data_bytes
    return b"RIFF" + struct.pack("<I", riff_size) + b"WAVE" + chunks + b"data" + struct.pack(
        "<I", data_size
    )


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
