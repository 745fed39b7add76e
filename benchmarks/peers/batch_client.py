"""Many sentences to many WAV files over one WebSocket, with up to C contexts in flight.

    python batch_client.py --sentences FILE --concurrency C --out DIR

Built on the project's client library (cartesia_cli.api.ws.TTSWebSocket): each sentence is one
context (its own context_id, `continue: false`); events are routed to the sentence's file by
context_id, and the next sentence starts as soon as one is done. With C = 1 it is the
one-at-a-time baseline. Prints one JSON line: elapsed seconds (connect to the last `done`) and
audio bytes written. Reads the usual CARTESIA_* settings.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import deque
from pathlib import Path

from cartesia_cli.api.events import parse_event
from cartesia_cli.api.tts import Voicing, WireFormat, request_body
from cartesia_cli.api.ws import TTSWebSocket
from cartesia_cli.audio.formats import PcmFormat
from cartesia_cli.audio.sinks import WavFileSink
from cartesia_cli.config import resolve
from cartesia_cli.errors import UnavailableError
from cartesia_cli.events import AudioChunk, Done


def synthesize_all(sentences: list[str], concurrency: int, out: Path) -> tuple[float, int]:
    settings = resolve()
    voicing = Voicing(model_id=settings["model"], voice_id=settings["voice"])
    wire = WireFormat("raw", "pcm_s16le", 44100)
    pcm = PcmFormat(wire.encoding, wire.sample_rate)
    ws = TTSWebSocket(settings)
    features = ws.version.features
    waiting = deque(enumerate(sentences))
    active: dict[str, WavFileSink] = {}
    written = 0

    def start_next() -> None:
        index, text = waiting.popleft()
        context_id = f"batch-{index}"
        active[context_id] = WavFileSink(out / f"{index:04d}.wav", pcm)
        ws.send(request_body(text, voicing, wire, features, context_id=context_id,
                             **{"continue": False}))

    started = time.perf_counter()
    with ws:  # connects (with retries) and closes at the end
        while waiting and len(active) < concurrency:
            start_next()
        quiet_since = time.monotonic()
        while active:
            message = ws.poll(0.5)
            if message is None:
                if time.monotonic() - quiet_since > ws.timeout:
                    raise UnavailableError(f"no answer for {ws.timeout:g} s")
                continue
            quiet_since = time.monotonic()
            event = parse_event(message, "the WebSocket")  # raises on error events
            sink = active.get(message.get("context_id") or "")
            if sink is None:
                continue
            if isinstance(event, AudioChunk):
                sink.write(event.data)
                written += len(event.data)
            elif isinstance(event, Done):
                sink.close()
                del active[message["context_id"]]
                if waiting:
                    start_next()
    return time.perf_counter() - started, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", required=True, help="a text file, one sentence per line")
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--out", required=True, help="directory for the WAV files")
    args = parser.parse_args()
    sentences = [line.strip() for line in Path(args.sentences).read_text().splitlines()
                 if line.strip()]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    seconds, written = synthesize_all(sentences, args.concurrency, out)
    print(json.dumps({"seconds": seconds, "audio_bytes": written, "sentences": len(sentences),
                      "concurrency": args.concurrency}))


if __name__ == "__main__":
    main()
