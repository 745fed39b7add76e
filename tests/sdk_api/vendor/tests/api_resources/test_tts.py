# ruff: noqa
# Vendored unmodified (below this header) from the official Cartesia Python SDK,
# cartesia-ai/cartesia-python v4.2.0 (the PyPI sdist cartesia-4.2.0.tar.gz, file tests/api_resources/test_tts.py).
# Copyright Cartesia; licensed under the Apache License 2.0: see tests/sdk_api/vendor/LICENSE.
# Run against the emulator by tests/sdk_api/test_sdk_api.py; never collected by this suite.
# File generated from our OpenAPI spec by Stainless. See CONTRIBUTING.md for details.

from __future__ import annotations

import os
from typing import Any, cast

import httpx
import pytest
from respx import MockRouter

from cartesia import Cartesia, AsyncCartesia
from cartesia._response import (
    BinaryAPIResponse,
    AsyncBinaryAPIResponse,
    StreamedBinaryAPIResponse,
    AsyncStreamedBinaryAPIResponse,
)

base_url = os.environ.get("TEST_API_BASE_URL", "http://127.0.0.1:4010")


class TestTTS:
    parametrize = pytest.mark.parametrize("client", [False, True], indirect=True, ids=["loose", "strict"])

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    def test_method_generate(self, client: Cartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/tts/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        tts = client.tts.generate(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        )
        assert tts.is_closed
        assert tts.json() == {"foo": "bar"}
        assert cast(Any, tts.is_closed) is True
        assert isinstance(tts, BinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    def test_method_generate_with_all_params(self, client: Cartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/tts/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        tts = client.tts.generate(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
            generation_config={
                "emotion": "neutral",
                "speed": 0,
                "volume": 0,
            },
            language="en",
            locale="locale",
            normalization="normalization",
            pronunciation_dict_id="pronunciation_dict_id",
            save=True,
            speed="slow",
        )
        assert tts.is_closed
        assert tts.json() == {"foo": "bar"}
        assert cast(Any, tts.is_closed) is True
        assert isinstance(tts, BinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    def test_raw_response_generate(self, client: Cartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/tts/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))

        tts = client.tts.with_raw_response.generate(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        )

        assert tts.is_closed is True
        assert tts.http_request.headers.get("X-Stainless-Lang") == "python"
        assert tts.json() == {"foo": "bar"}
        assert isinstance(tts, BinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    def test_streaming_response_generate(self, client: Cartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/tts/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        with client.tts.with_streaming_response.generate(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        ) as tts:
            assert not tts.is_closed
            assert tts.http_request.headers.get("X-Stainless-Lang") == "python"

            assert tts.json() == {"foo": "bar"}
            assert cast(Any, tts.is_closed) is True
            assert isinstance(tts, StreamedBinaryAPIResponse)

        assert cast(Any, tts.is_closed) is True

    @pytest.mark.skip(reason="Mock server tests are disabled")
    @parametrize
    def test_method_generate_sse(self, client: Cartesia) -> None:
        tts_stream = client.tts.generate_sse(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        )
        tts_stream.response.close()

    @pytest.mark.skip(reason="Mock server tests are disabled")
    @parametrize
    def test_method_generate_sse_with_all_params(self, client: Cartesia) -> None:
        tts_stream = client.tts.generate_sse(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
            add_phoneme_timestamps=True,
            add_timestamps=True,
            context_id="context_id",
            generation_config={
                "emotion": "neutral",
                "speed": 0,
                "volume": 0,
            },
            language="en",
            locale="locale",
            normalization="normalization",
            pronunciation_dict_id="pronunciation_dict_id",
            speed="slow",
            use_normalized_timestamps=True,
        )
        tts_stream.response.close()

    @pytest.mark.skip(reason="Mock server tests are disabled")
    @parametrize
    def test_raw_response_generate_sse(self, client: Cartesia) -> None:
        response = client.tts.with_raw_response.generate_sse(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        )

        assert response.http_request.headers.get("X-Stainless-Lang") == "python"
        stream = response.parse()
        stream.close()

    @pytest.mark.skip(reason="Mock server tests are disabled")
    @parametrize
    def test_streaming_response_generate_sse(self, client: Cartesia) -> None:
        with client.tts.with_streaming_response.generate_sse(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        ) as response:
            assert not response.is_closed
            assert response.http_request.headers.get("X-Stainless-Lang") == "python"

            stream = response.parse()
            stream.close()

        assert cast(Any, response.is_closed) is True

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    def test_method_infill(self, client: Cartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/infill/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        tts = client.tts.infill()
        assert tts.is_closed
        assert tts.json() == {"foo": "bar"}
        assert cast(Any, tts.is_closed) is True
        assert isinstance(tts, BinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    def test_method_infill_with_all_params(self, client: Cartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/infill/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        tts = client.tts.infill(
            language="language",
            left_audio=b"Example data",
            model_id="sonic-3",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            right_audio=b"Example data",
            transcript="transcript",
            voice_id="voice_id",
        )
        assert tts.is_closed
        assert tts.json() == {"foo": "bar"}
        assert cast(Any, tts.is_closed) is True
        assert isinstance(tts, BinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    def test_raw_response_infill(self, client: Cartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/infill/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))

        tts = client.tts.with_raw_response.infill()

        assert tts.is_closed is True
        assert tts.http_request.headers.get("X-Stainless-Lang") == "python"
        assert tts.json() == {"foo": "bar"}
        assert isinstance(tts, BinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    def test_streaming_response_infill(self, client: Cartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/infill/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        with client.tts.with_streaming_response.infill() as tts:
            assert not tts.is_closed
            assert tts.http_request.headers.get("X-Stainless-Lang") == "python"

            assert tts.json() == {"foo": "bar"}
            assert cast(Any, tts.is_closed) is True
            assert isinstance(tts, StreamedBinaryAPIResponse)

        assert cast(Any, tts.is_closed) is True


class TestAsyncTTS:
    parametrize = pytest.mark.parametrize(
        "async_client", [False, True, {"http_client": "aiohttp"}], indirect=True, ids=["loose", "strict", "aiohttp"]
    )

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    async def test_method_generate(self, async_client: AsyncCartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/tts/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        tts = await async_client.tts.generate(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        )
        assert tts.is_closed
        assert await tts.json() == {"foo": "bar"}
        assert cast(Any, tts.is_closed) is True
        assert isinstance(tts, AsyncBinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    async def test_method_generate_with_all_params(self, async_client: AsyncCartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/tts/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        tts = await async_client.tts.generate(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
            generation_config={
                "emotion": "neutral",
                "speed": 0,
                "volume": 0,
            },
            language="en",
            locale="locale",
            normalization="normalization",
            pronunciation_dict_id="pronunciation_dict_id",
            save=True,
            speed="slow",
        )
        assert tts.is_closed
        assert await tts.json() == {"foo": "bar"}
        assert cast(Any, tts.is_closed) is True
        assert isinstance(tts, AsyncBinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    async def test_raw_response_generate(self, async_client: AsyncCartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/tts/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))

        tts = await async_client.tts.with_raw_response.generate(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        )

        assert tts.is_closed is True
        assert tts.http_request.headers.get("X-Stainless-Lang") == "python"
        assert await tts.json() == {"foo": "bar"}
        assert isinstance(tts, AsyncBinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    async def test_streaming_response_generate(self, async_client: AsyncCartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/tts/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        async with async_client.tts.with_streaming_response.generate(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        ) as tts:
            assert not tts.is_closed
            assert tts.http_request.headers.get("X-Stainless-Lang") == "python"

            assert await tts.json() == {"foo": "bar"}
            assert cast(Any, tts.is_closed) is True
            assert isinstance(tts, AsyncStreamedBinaryAPIResponse)

        assert cast(Any, tts.is_closed) is True

    @pytest.mark.skip(reason="Mock server tests are disabled")
    @parametrize
    async def test_method_generate_sse(self, async_client: AsyncCartesia) -> None:
        tts_stream = await async_client.tts.generate_sse(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        )
        await tts_stream.response.aclose()

    @pytest.mark.skip(reason="Mock server tests are disabled")
    @parametrize
    async def test_method_generate_sse_with_all_params(self, async_client: AsyncCartesia) -> None:
        tts_stream = await async_client.tts.generate_sse(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
            add_phoneme_timestamps=True,
            add_timestamps=True,
            context_id="context_id",
            generation_config={
                "emotion": "neutral",
                "speed": 0,
                "volume": 0,
            },
            language="en",
            locale="locale",
            normalization="normalization",
            pronunciation_dict_id="pronunciation_dict_id",
            speed="slow",
            use_normalized_timestamps=True,
        )
        await tts_stream.response.aclose()

    @pytest.mark.skip(reason="Mock server tests are disabled")
    @parametrize
    async def test_raw_response_generate_sse(self, async_client: AsyncCartesia) -> None:
        response = await async_client.tts.with_raw_response.generate_sse(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        )

        assert response.http_request.headers.get("X-Stainless-Lang") == "python"
        stream = await response.parse()
        await stream.close()

    @pytest.mark.skip(reason="Mock server tests are disabled")
    @parametrize
    async def test_streaming_response_generate_sse(self, async_client: AsyncCartesia) -> None:
        async with async_client.tts.with_streaming_response.generate_sse(
            model_id="sonic-3.5",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            transcript="transcript",
            voice="e07c00bc-4134-4eae-9ea4-1a55fb45746b",
        ) as response:
            assert not response.is_closed
            assert response.http_request.headers.get("X-Stainless-Lang") == "python"

            stream = await response.parse()
            await stream.close()

        assert cast(Any, response.is_closed) is True

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    async def test_method_infill(self, async_client: AsyncCartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/infill/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        tts = await async_client.tts.infill()
        assert tts.is_closed
        assert await tts.json() == {"foo": "bar"}
        assert cast(Any, tts.is_closed) is True
        assert isinstance(tts, AsyncBinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    async def test_method_infill_with_all_params(self, async_client: AsyncCartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/infill/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        tts = await async_client.tts.infill(
            language="language",
            left_audio=b"Example data",
            model_id="sonic-3",
            output_format={
                "container": "raw",
                "encoding": "pcm_f32le",
                "sample_rate": 8000,
            },
            right_audio=b"Example data",
            transcript="transcript",
            voice_id="voice_id",
        )
        assert tts.is_closed
        assert await tts.json() == {"foo": "bar"}
        assert cast(Any, tts.is_closed) is True
        assert isinstance(tts, AsyncBinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    async def test_raw_response_infill(self, async_client: AsyncCartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/infill/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))

        tts = await async_client.tts.with_raw_response.infill()

        assert tts.is_closed is True
        assert tts.http_request.headers.get("X-Stainless-Lang") == "python"
        assert await tts.json() == {"foo": "bar"}
        assert isinstance(tts, AsyncBinaryAPIResponse)

    @parametrize
    @pytest.mark.respx(base_url=base_url)
    async def test_streaming_response_infill(self, async_client: AsyncCartesia, respx_mock: MockRouter) -> None:
        respx_mock.post("/infill/bytes").mock(return_value=httpx.Response(200, json={"foo": "bar"}))
        async with async_client.tts.with_streaming_response.infill() as tts:
            assert not tts.is_closed
            assert tts.http_request.headers.get("X-Stainless-Lang") == "python"

            assert await tts.json() == {"foo": "bar"}
            assert cast(Any, tts.is_closed) is True
            assert isinstance(tts, AsyncStreamedBinaryAPIResponse)

        assert cast(Any, tts.is_closed) is True
