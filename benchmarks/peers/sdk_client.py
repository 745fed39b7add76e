"""The peer for the CLI: a minimal client on the official `cartesia` SDK (runs in its own venv).

    python sdk_client.py bytes|sse|websocket (-f FILE | TEXT) -o OUT.wav|- [--encoding E]

It asks for the same raw PCM as the CLI and writes it the way the CLI does: to stdout as each
chunk arrives (flushed), or to a WAV file whose header sizes are filled in at the end. Bytes are
streamed with `with_streaming_response`, SSE with `generate_sse`, WebSocket with one context on
`websocket_connect` (the whole text pushed, then `no_more_inputs`), as the SDK's README shows.

Reads CARTESIA_BASE_URL (the SDK does too) and CARTESIA_API_KEY (the SDK does not: it is passed).
Imports nothing from cartesia-cli: this venv does not have it.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

MODEL = "sonic-3"  # the CLI's default model and voice, so both ask for the same audio
VOICE = {"id": "6ccbfb76-1fc6-48f7-b71d-91ac6298247b"}
WAV_TAGS = {"pcm_f32le": (3, 4), "pcm_s16le": (1, 2)}  # format tag, bytes per sample


def bytes_chunks(client: Any, text: str, fmt: dict[str, Any]) -> Iterator[bytes]:
    with client.tts.with_streaming_response.generate(
            model_id=MODEL, transcript=text, voice=VOICE, output_format=fmt) as response:
        yield from response.iter_bytes()


def sse_chunks(client: Any, text: str, fmt: dict[str, Any]) -> Iterator[bytes]:
    for event in client.tts.generate_sse(model_id=MODEL, transcript=text, voice=VOICE,
                                         output_format=fmt):
        if event.type == "chunk" and event.audio:
            yield event.audio
        elif event.type == "error":
            raise SystemExit(f"SSE error event: {event}")


def websocket_chunks(client: Any, text: str, fmt: dict[str, Any]) -> Iterator[bytes]:
    with client.tts.websocket_connect() as ws:
        ctx = ws.context(model_id=MODEL, voice=VOICE, output_format=fmt)
        ctx.push(text)
        ctx.no_more_inputs()
        for event in ctx.receive():
            if event.type == "chunk" and event.audio:
                yield event.audio
            elif event.type == "error":
                raise SystemExit(f"WebSocket error event: {event}")


TRANSPORTS = {"bytes": bytes_chunks, "sse": sse_chunks, "websocket": websocket_chunks}


def wav_header(encoding: str, sample_rate: int, data_bytes: int) -> bytes:
    tag, width = WAV_TAGS[encoding]
    fmt = struct.pack("<HHIIHH", tag, 1, sample_rate, sample_rate * width, width, width * 8)
    return (b"RIFF" + struct.pack("<I", min(36 + data_bytes, 0xFFFFFFFF)) + b"WAVE"
            + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"data" + struct.pack("<I", min(data_bytes, 0xFFFFFFFF)))


def to_stdout(chunks: Iterator[bytes], out: BinaryIO) -> None:
    for chunk in chunks:
        out.write(chunk)
        out.flush()


def to_wav(chunks: Iterator[bytes], path: str, encoding: str, sample_rate: int) -> None:
    with open(path, "wb") as fh:
        fh.write(wav_header(encoding, sample_rate, 0xFFFFFFFF))
        size = 0
        for chunk in chunks:
            fh.write(chunk)
            size += len(chunk)
        fh.seek(0)
        fh.write(wav_header(encoding, sample_rate, size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("transport", choices=sorted(TRANSPORTS))
    parser.add_argument("text", nargs="*")
    parser.add_argument("-f", "--file")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--encoding", default="pcm_f32le", choices=sorted(WAV_TAGS))
    parser.add_argument("--sample-rate", type=int, default=44100)
    args = parser.parse_intermixed_args()
    if args.file:
        with open(args.file, encoding="utf-8") as fh:
            text = fh.read()
    else:
        text = " ".join(args.text)

    from cartesia import Cartesia

    base_url = os.environ["CARTESIA_BASE_URL"]
    # The SDK forces wss:// on base_url for the socket; a local emulator speaks plain ws://.
    ws_base = "ws" + base_url[len("http"):] if base_url.startswith("http://") else None
    client = Cartesia(api_key=os.environ["CARTESIA_API_KEY"], base_url=base_url,
                      websocket_base_url=ws_base)
    fmt = {"container": "raw", "encoding": args.encoding, "sample_rate": args.sample_rate}
    chunks = TRANSPORTS[args.transport](client, text, fmt)
    if args.output == "-":
        to_stdout(chunks, sys.stdout.buffer)
    else:
        to_wav(chunks, args.output, args.encoding, args.sample_rate)


if __name__ == "__main__":
    main()
