"""The peer for `cartesia batch`: the official SDK's asyncio client making one WAV file per line of
a text file, C generations at once (runs in the SDK's own venv).

    python sdk_batch.py --sentences FILE --concurrency C --out DIR [--encoding E]

`AsyncCartesia` with one `websocket_connect()` socket; each sentence is one context (pushed whole,
then `no_more_inputs`, as the SDK's README shows) and its events are read with `ctx.receive()`;
an asyncio.Semaphore keeps C contexts in flight. Each file is written like the CLI writes one:
a WAV header, the audio as it arrives, the sizes filled in at the end. What the SDK does not do is
not added here (resuming, retries of a failed item, atomic files). Prints one JSON line: seconds
(connect to the last file) and audio bytes written.

Reads CARTESIA_BASE_URL and CARTESIA_API_KEY. Imports nothing from cartesia-cli.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

from sdk_client import MODEL, VOICE, wav_header


async def synthesize_all(sentences: list[str], concurrency: int, out: Path,
                         encoding: str) -> tuple[float, int]:
    from cartesia import AsyncCartesia

    base_url = os.environ["CARTESIA_BASE_URL"]
    ws_base = "ws" + base_url[len("http"):] if base_url.startswith("http://") else None
    client = AsyncCartesia(api_key=os.environ["CARTESIA_API_KEY"], base_url=base_url,
                           websocket_base_url=ws_base)
    fmt = {"container": "raw", "encoding": encoding, "sample_rate": 44100}
    gate = asyncio.Semaphore(concurrency)
    written = 0
    started = time.perf_counter()

    async def one(ws: Any, index: int, text: str) -> None:
        nonlocal written
        async with gate:
            ctx = ws.context(model_id=MODEL, voice=VOICE, output_format=fmt)
            await ctx.push(text)
            await ctx.no_more_inputs()
            path = out / f"{index + 1:04d}.wav"
            size = 0
            with open(path, "wb") as fh:
                fh.write(wav_header(encoding, 44100, 0xFFFFFFFF))
                async for event in ctx.receive():
                    if event.type == "chunk" and event.audio:
                        fh.write(event.audio)
                        size += len(event.audio)
                    elif event.type == "error":
                        raise SystemExit(f"WebSocket error event: {event}")
                fh.seek(0)
                fh.write(wav_header(encoding, 44100, size))
            written += size

    async with client.tts.websocket_connect() as ws:
        await asyncio.gather(*(one(ws, i, text) for i, text in enumerate(sentences)))
    await client.close()
    return time.perf_counter() - started, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", required=True, help="a text file, one sentence per line")
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--out", required=True, help="directory for the WAV files")
    parser.add_argument("--encoding", default="pcm_s16le")
    args = parser.parse_args()
    sentences = [line.strip() for line in Path(args.sentences).read_text().splitlines()
                 if line.strip()]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    seconds, written = asyncio.run(synthesize_all(sentences, args.concurrency, out,
                                                  args.encoding))
    print(json.dumps({"seconds": seconds, "audio_bytes": written, "sentences": len(sentences),
                      "concurrency": args.concurrency}))


if __name__ == "__main__":
    main()
