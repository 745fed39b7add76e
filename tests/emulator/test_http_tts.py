"""POST /tts/bytes and POST /tts/sse: containers, encodings, streaming, timestamps, validation."""

from __future__ import annotations

import base64
import io
import struct

import httpx
import numpy as np
import pytest
import soundfile as sf
from emulator_helpers import BrokenEngine, headers, parse_sse, tts_body

from cartesia_cli.audio.formats import decode
from cartesia_cli.emulator.engines.tone import tone_samples
from cartesia_cli.emulator.supported import ENCODINGS
from cartesia_cli.facts import BYTES_PER_SAMPLE

TEXT = "Hello world. This is the emulator speaking!"


@pytest.mark.parametrize("rate", [8000, 44100])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_raw_bytes_have_exact_sample_count(
    http: httpx.Client, voice_id: str, encoding: str, rate: int
) -> None:
    response = http.post("/tts/bytes", json=tts_body(voice_id, TEXT, encoding=encoding,
                                                     sample_rate=rate), headers=headers())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["transfer-encoding"] == "chunked"
    assert len(response.content) == tone_samples(TEXT, rate) * BYTES_PER_SAMPLE[encoding]
    samples = decode(response.content, encoding)
    assert 0.3 < np.abs(samples).max() <= 1.0


@pytest.mark.parametrize("rate", [16000, 48000])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_wav_is_a_streamed_header_then_exact_data(
    http: httpx.Client, voice_id: str, encoding: str, rate: int
) -> None:
    body = tts_body(voice_id, TEXT, container="wav", encoding=encoding, sample_rate=rate)
    response = http.post("/tts/bytes", json=body, headers=headers())
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    data = response.content
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert struct.unpack("<I", data[4:8])[0] == 0xFFFFFFFF  # length unknown when streaming
    pos = data.index(b"data") + 8
    assert struct.unpack("<I", data[pos - 4:pos])[0] == 0xFFFFFFFF
    assert len(data) - pos == tone_samples(TEXT, rate) * BYTES_PER_SAMPLE[encoding]
    channels, sample_rate = struct.unpack("<HI", data[22:28])
    assert (channels, sample_rate) == (1, rate)
    if encoding in ("pcm_s16le", "pcm_f32le"):  # libsndfile reads these with placeholder sizes
        audio, sr = sf.read(io.BytesIO(data), dtype="float32")
        assert sr == rate and len(audio) == tone_samples(TEXT, rate)


@pytest.mark.parametrize(("rate", "bit_rate"), [(44100, 128000), (24000, 64000),
                                                (8000, 32000), (48000, 192000)])
def test_mp3_decodes_to_the_spoken_length(
    http: httpx.Client, voice_id: str, rate: int, bit_rate: int
) -> None:
    body = tts_body(voice_id, TEXT, container="mp3", sample_rate=rate, bit_rate=bit_rate)
    response = http.post("/tts/bytes", json=body, headers=headers())
    assert response.status_code == 200 and response.headers["content-type"] == "audio/mpeg"
    audio, sr = sf.read(io.BytesIO(response.content), dtype="float32")
    expected = tone_samples(TEXT, rate)
    assert sr == rate
    assert expected <= len(audio) <= expected + 3 * 1152  # encoder delay and frame padding
    assert _mp3_frame_kbps(response.content) == bit_rate // 1000


def _mp3_frame_kbps(data: bytes) -> int:
    """The bit rate written in the first MPEG audio frame header."""
    mpeg1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
    mpeg2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
    i = next(i for i in range(len(data) - 1) if data[i] == 0xFF and data[i + 1] & 0xE0 == 0xE0)
    version, index = (data[i + 1] >> 3) & 3, data[i + 2] >> 4
    return (mpeg1 if version == 3 else mpeg2)[index]


def test_bytes_arrive_in_several_chunks(base_url: str, voice_id: str) -> None:
    long_text = " ".join(["Streaming audio arrives while it is made."] * 5)
    pieces: list[bytes] = []
    with httpx.stream("POST", f"{base_url}/tts/bytes", headers=headers(),
                      json=tts_body(voice_id, long_text, sample_rate=16000)) as response:
        pieces.extend(response.iter_raw())
    assert len(pieces) > 5
    assert sum(map(len, pieces)) == tone_samples(long_text, 16000) * 4


def test_save_returns_a_file_id(http: httpx.Client, voice_id: str) -> None:
    response = http.post("/tts/bytes", json=tts_body(voice_id, save=True), headers=headers())
    assert response.status_code == 200 and response.headers["cartesia-file-id"]
    plain = http.post("/tts/bytes", json=tts_body(voice_id), headers=headers())
    assert "cartesia-file-id" not in plain.headers


def test_generation_config_speed_and_volume_reach_the_engine(
    http: httpx.Client, voice_id: str
) -> None:
    body = tts_body(voice_id, TEXT, generation_config={"speed": 1.5, "volume": 0.5})
    fast = http.post("/tts/bytes", json=body, headers=headers()).content
    assert len(fast) == tone_samples(TEXT, 16000, 1.5) * 4
    assert np.abs(decode(fast, "pcm_f32le")).max() == pytest.approx(0.25, abs=0.01)
    body_sonic2 = {**body, "model_id": "sonic-2"}  # generation_config has no effect before sonic-3
    slow = http.post("/tts/bytes", json=body_sonic2, headers=headers("2025-04-16")).content
    assert len(slow) == tone_samples(TEXT, 16000) * 4


# --- SSE -----------------------------------------------------------------------------------------

def test_sse_frames_audio_and_done(http: httpx.Client, voice_id: str) -> None:
    body = tts_body(voice_id, TEXT, encoding="pcm_s16le", context_id="ctx-1")
    response = http.post("/tts/sse", json=body, headers=headers())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    frames = parse_sse(response.text)
    assert all(name is None for name, _ in frames)  # only errors carry an event: line
    events = [event for _, event in frames]
    chunks = [e for e in events if e["type"] == "chunk"]
    assert events[-1] == {"type": "done", "done": True, "status_code": 206, "context_id": "ctx-1"}
    assert all(e["done"] is False and e["status_code"] == 206 and e["context_id"] == "ctx-1"
               and isinstance(e["step_time"], float | int) for e in chunks)
    audio = b"".join(base64.b64decode(e["data"]) for e in chunks)
    assert len(audio) == tone_samples(TEXT, 16000) * 2
    assert not [e for e in events if e["type"] == "timestamps"]  # not asked for


def test_sse_timestamps_match_the_audio(http: httpx.Client, voice_id: str) -> None:
    body = tts_body(voice_id, TEXT, add_timestamps=True, add_phoneme_timestamps=True)
    events = [e for _, e in parse_sse(http.post("/tts/sse", json=body, headers=headers()).text)]
    words, starts, ends, phonemes = [], [], [], []
    sent_seconds = 0.0
    for event in events:
        if event["type"] == "chunk":
            sent_seconds += len(base64.b64decode(event["data"])) / 4 / 16000
        elif event["type"] == "timestamps":
            stamps = event["word_timestamps"]
            assert max(stamps["end"]) <= sent_seconds + 1e-6  # never ahead of the audio
            words += stamps["words"]
            starts += stamps["start"]
            ends += stamps["end"]
        elif event["type"] == "phoneme_timestamps":
            phonemes += event["phoneme_timestamps"]["phonemes"]
    assert words == TEXT.split()
    assert starts == sorted(starts) and all(s < e for s, e in zip(starts, ends, strict=True))
    assert starts[0] == 0.0 and ends[-1] < sent_seconds
    assert phonemes == [c.lower() for c in TEXT if c.isalnum()]
    # The second sentence continues the clock of the first.
    second = words.index("This")
    assert starts[second] > ends[second - 1]


@pytest.mark.parametrize("container", ["wav", "mp3"])
def test_sse_only_streams_raw(http: httpx.Client, voice_id: str, container: str) -> None:
    response = http.post("/tts/sse", json=tts_body(voice_id, container=container),
                         headers=headers())
    assert response.status_code == 400 and "raw" in response.json()["message"]


@pytest.mark.parametrize(("version", "structured"), [("2025-04-16", False), ("2025-11-04", True)])
def test_sse_error_event_mid_stream(make_emulator, voice_id: str, version: str,  # type: ignore[no-untyped-def]
                                    structured: bool) -> None:
    _, url = make_emulator(engine=BrokenEngine())
    body = tts_body(voice_id, "First sentence. Second sentence.", context_id="c")
    response = httpx.post(f"{url}/tts/sse", json=body, headers=headers(version))
    frames = parse_sse(response.text)
    assert frames[0][1]["type"] == "chunk"
    name, error = frames[-1]
    assert name == "error"
    assert error["type"] == "error" and error["done"] is True and error["status_code"] == 500
    assert error["context_id"] == "c"
    if structured:
        assert {"title", "message", "request_id", "error_code"} <= set(error)
    else:
        assert error["error"].startswith("Internal server error: ")


# --- validation ----------------------------------------------------------------------------------

INVALID = [
    ({"model_id": None}, None, "model_id"),
    ({"model_id": "sonic-english"}, "model_sunsetted", "sunsetted"),
    ({"model_id": "sonic-2-2025-03-07"}, "model_sunsetted", "sunsetted"),
    ({"model_id": "sonic-4-turbo"}, "model_not_found", "sonic-4-turbo"),
    ({"transcript": ""}, None, "empty"),
    ({"transcript": ["a", "b"]}, None, "string"),
    ({"voice": {"mode": "id", "id": "no-such-voice"}}, "voice_not_found", "no-such-voice"),
    ({"voice": {"mode": "embedding", "embedding": [0.1] * 192}}, None, "embeddings"),
    ({"output_format": {"container": "ogg", "encoding": "pcm_f32le", "sample_rate": 16000}},
     None, "container"),
    ({"output_format": {"container": "raw", "encoding": "pcm_u8", "sample_rate": 16000}},
     None, "encoding"),
    ({"output_format": {"container": "raw", "encoding": "pcm_f32le", "sample_rate": 11025}},
     None, "sample_rate"),
    ({"output_format": {"container": "mp3", "sample_rate": 44100}}, None, "bit_rate"),
    ({"language": "xx"}, None, "language"),
    ({"language": "en", "locale": "en-GB"}, None, "not both"),
    ({"normalization": "sometimes"}, None, "normalization"),
    ({"generation_config": {"speed": 2.0}}, None, "speed"),
    ({"generation_config": {"volume": 0.1}}, None, "volume"),
    ({"generation_config": {"emotion": "hangry"}}, None, "emotion"),
]


@pytest.mark.parametrize(("change", "code", "needle"), INVALID)
def test_invalid_requests_are_400_with_a_clear_message(
    http: httpx.Client, voice_id: str, change: dict, code: str | None, needle: str
) -> None:
    response = http.post("/tts/bytes", json={**tts_body(voice_id), **change}, headers=headers())
    assert response.status_code == 400
    error = response.json()
    assert error["error_code"] == code
    assert needle in error["message"]


@pytest.mark.parametrize(("version", "voice", "ok"), [
    ("2025-04-16", "{id}", False),
    ("2025-04-16", "str", False),
    ("2025-04-16", "mode", True),
    ("2026-03-01", "{id}", True),
    ("2026-08-14", "str", True),
    ("2026-08-14", "mode", True),
])
def test_voice_specifier_per_version(
    http: httpx.Client, voice_id: str, version: str, voice: str, ok: bool
) -> None:
    specifier = {"{id}": {"id": voice_id}, "str": voice_id,
                 "mode": {"mode": "id", "id": voice_id}}[voice]
    response = http.post("/tts/bytes", json={**tts_body(voice_id), "voice": specifier},
                         headers=headers(version))
    assert (response.status_code == 200) is ok, response.text


@pytest.mark.parametrize("version", ["2025-11-04", "2026-08-14"])
def test_locale_only_on_2026_08_14(http: httpx.Client, voice_id: str, version: str) -> None:
    body = {**tts_body(voice_id), "locale": "en-GB", "normalization": "off"}
    response = http.post("/tts/bytes", json=body, headers=headers(version))
    assert response.status_code == (200 if version == "2026-08-14" else 400)


class LanguageRecorder:
    """The tone engine, remembering which language each synthesis was asked for."""

    name = "recorder"

    def __init__(self) -> None:
        from cartesia_cli.emulator.engines.tone import ToneEngine

        self.tone = ToneEngine()
        self.languages: list[str] = []

    def synthesize(self, text: str, **kwargs):  # type: ignore[no-untyped-def]
        self.languages.append(kwargs["language"])
        return self.tone.synthesize(text, **kwargs)


def test_the_locale_reaches_the_engine(make_emulator, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    engine = LanguageRecorder()
    _, url = make_emulator(engine=engine)
    with httpx.Client(base_url=url, timeout=10) as client:
        for extra in ({"locale": "en-GB"}, {"locale": "pt_BR"}, {"language": "de"}, {}):
            response = client.post("/tts/bytes", json={**tts_body(voice_id), **extra},
                                   headers=headers("2026-08-14"))
            assert response.status_code == 200, response.text
    assert engine.languages[-4:] == ["en-GB", "pt-BR", "de", "en"]


@pytest.mark.parametrize("model", ["sonic-3", "sonic-3.5", "sonic-3.5-2026-05-04", "sonic-latest",
                                   "sonic-3-latest", "sonic-3-2025-10-27", "sonic-turbo"])
def test_current_models_are_accepted(http: httpx.Client, voice_id: str, model: str) -> None:
    response = http.post("/tts/bytes", json=tts_body(voice_id, model_id=model), headers=headers())
    assert response.status_code == 200, response.text


def test_unknown_fields_are_tolerated(http: httpx.Client, voice_id: str) -> None:
    body = tts_body(voice_id, stream=True, use_original_timestamps=True, duration=3.5,
                    speed="fast", language="it")
    assert http.post("/tts/bytes", json=body, headers=headers()).status_code == 200


def test_pronunciation_dict_id_is_checked_from_2025_04_16(http: httpx.Client,
                                                          voice_id: str) -> None:
    """Before 2025-04-16 the field does not exist (ignored like any unknown field); from then on
    it must name a dictionary of the caller."""
    body = tts_body(voice_id, pronunciation_dict_id="pdict_missing")
    assert http.post("/tts/bytes", json=body, headers=headers("2024-11-13")).status_code == 200
    for version in ("2025-04-16", "2026-08-14"):
        refused = http.post("/tts/bytes", json=body, headers=headers(version))
        assert refused.status_code == 400, refused.text
        assert "pdict_missing" in refused.text


def test_languages_or_and_ur_arrive_with_2026_08_14(http: httpx.Client, voice_id: str) -> None:
    body = tts_body(voice_id, language="ur")
    assert http.post("/tts/bytes", json=body, headers=headers("2026-08-14")).status_code == 200
    assert http.post("/tts/bytes", json=body, headers=headers("2026-03-01")).status_code == 400


def test_sonic2_speaks_fewer_languages(http: httpx.Client, voice_id: str) -> None:
    body = tts_body(voice_id, model_id="sonic-2", language="it")
    response = http.post("/tts/bytes", json=body, headers=headers())
    assert response.status_code == 400 and "sonic-2" in response.json()["message"]


def test_invalid_json_body(http: httpx.Client) -> None:
    response = http.post("/tts/bytes", content=b"{nope", headers=headers())
    assert response.status_code == 400 and "JSON" in response.json()["message"]
