"""ctypes bindings for the libespeak-ng shipped in the ``espeakng-loader`` wheel.

Only the slice of ``speak_lib.h`` the emulator needs: synchronous synthesis into memory with
word and phoneme events. libespeak-ng keeps all of its state in globals (current voice,
parameters, synthesis buffers), so every call goes through :data:`_LOCK` and the library is
initialised once per process.
"""

from __future__ import annotations

import ctypes
import os
import threading
from dataclasses import dataclass

# espeak_AUDIO_OUTPUT: like RETRIEVAL, but espeak_Synth returns only once synthesis is done,
# and the callback runs in the calling thread.
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_END_PAUSE = 0x1000  # keep the sentence-final pause: segments are played back to back
_INIT_PHONEME_EVENTS = 0x0001
_INIT_PHONEME_IPA = 0x0002  # phoneme events carry IPA instead of espeak mnemonics
_INIT_DONT_EXIT = 0x8000  # report a missing data directory instead of calling exit()
_BUFFER_MS = 500  # callback granularity; larger buffers mean fewer Python callbacks

# espeak_PARAMETER
RATE, VOLUME, PITCH, RANGE = 1, 2, 3, 4
RATE_MIN, RATE_MAX, RATE_NORMAL = 80, 450, 175

# espeak_EVENT_TYPE
_EVENT_LIST_TERMINATED = 0
EVENT_WORD = 1
EVENT_SENTENCE = 2
EVENT_END = 5
EVENT_MSG_TERMINATED = 6
EVENT_PHONEME = 7


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),  # 1-based, in characters of the decoded text
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),  # milliseconds
        ("sample", ctypes.c_int),  # sample index within this espeak_Synth call
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    ]


_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class _Voice(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_char_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


@dataclass(frozen=True)
class SynthEvent:
    """One espeak event. ``position`` is 0-based in characters; ``sample`` at the native rate."""

    kind: int
    position: int
    length: int
    sample: int
    phoneme: str  # IPA for phoneme events ("" marks a pause), "" otherwise


@dataclass(frozen=True)
class RawSynthesis:
    pcm: bytes  # int16 native-endian mono at :func:`sample_rate`
    events: list[SynthEvent]


class EspeakLoadError(RuntimeError):
    """The library or its data could not be loaded or initialised."""


_LOCK = threading.Lock()
_lib: ctypes.CDLL | None = None
_native_rate = 0
_callback_ref: object = None  # the ctypes thunk must outlive every synthesis call
_pcm_parts: list[bytes] = []
_events: list[SynthEvent] = []
_current_voice: str | None = None
_callback_error: list[BaseException] = []


def _on_audio(
    wav: ctypes._Pointer[ctypes.c_short], count: int, events: ctypes._Pointer[_Event]
) -> int:
    # Runs inside espeak_Synth, in the caller's thread, while _LOCK is held.
    try:
        if wav and count > 0:
            _pcm_parts.append(ctypes.string_at(wav, count * 2))
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            event = events[i]
            phoneme = ""
            if event.type == EVENT_PHONEME:
                phoneme = bytes(event.id.string).split(b"\0", 1)[0].decode("utf-8", "replace")
            _events.append(
                SynthEvent(event.type, event.text_position - 1, event.length, event.sample, phoneme)
            )
            i += 1
    except Exception as exc:  # it cannot cross the C boundary: abort, re-raise afterwards
        _callback_error.append(exc)
        return 1
    return 0


def load() -> int:
    """Load and initialise libespeak-ng once; return its native sample rate.

    Raises:
        EspeakLoadError: the wheel is missing, the library cannot be loaded or has no data.
    """
    global _lib, _native_rate, _callback_ref
    with _LOCK:
        if _lib is not None:
            return _native_rate
        try:
            import espeakng_loader
        except ImportError as exc:
            raise EspeakLoadError("the espeakng-loader package is not installed") from exc
        try:
            lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data_path = espeakng_loader.get_data_path()
        except (OSError, RuntimeError) as exc:
            raise EspeakLoadError(f"cannot load libespeak-ng: {exc}") from exc
        _declare(lib)
        options = _INIT_PHONEME_EVENTS | _INIT_PHONEME_IPA | _INIT_DONT_EXIT
        rate = lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, _BUFFER_MS, os.fsencode(data_path), options
        )
        if rate <= 0:
            raise EspeakLoadError("espeak_Initialize failed (no usable espeak-ng-data)")
        _callback_ref = _SynthCallback(_on_audio)
        lib.espeak_SetSynthCallback(_callback_ref)
        _lib, _native_rate = lib, int(rate)
        return _native_rate


def _declare(lib: ctypes.CDLL) -> None:
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_SetVoiceByProperties.argtypes = [ctypes.POINTER(_Voice)]
    lib.espeak_SetVoiceByProperties.restype = ctypes.c_int
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetParameter.restype = ctypes.c_int
    lib.espeak_Synth.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_uint,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.POINTER(ctypes.c_uint),
        ctypes.c_void_p,
    ]
    lib.espeak_Synth.restype = ctypes.c_int
    lib.espeak_Synchronize.argtypes = []
    lib.espeak_Synchronize.restype = ctypes.c_int


def _select_voice(lib: ctypes.CDLL, voice: str, language: str) -> None:
    global _current_voice
    if voice == _current_voice:
        return  # switching voices reloads voice files and dictionaries: skip when unchanged
    if lib.espeak_SetVoiceByName(voice.encode()) != 0:
        spec = _Voice(languages=language.encode())
        if lib.espeak_SetVoiceByProperties(ctypes.byref(spec)) != 0:
            lib.espeak_SetVoiceByName(b"en")
    _current_voice = voice


def synthesize(text: str, *, voice: str, language: str, params: dict[int, int]) -> RawSynthesis:
    """Synthesize ``text`` with ``voice`` (``name[+variant]``) and espeak ``params``.

    ``language`` is the fallback for espeak_SetVoiceByProperties when the name is unknown.
    Event sample positions are relative to the start of the returned audio.
    """
    if _lib is None:
        load()
    assert _lib is not None
    # A NUL would end the C string early, a lone surrogate cannot be encoded: both are
    # replaced one-for-one so espeak's character positions still index ``text``.
    encoded = text.replace("\0", " ").encode("utf-8", "replace")
    with _LOCK:
        _pcm_parts.clear()
        _events.clear()
        _callback_error.clear()
        _select_voice(_lib, voice, language)
        for parameter, value in params.items():
            _lib.espeak_SetParameter(parameter, value, 0)
        status = _lib.espeak_Synth(
            encoded, len(encoded) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _END_PAUSE, None, None
        )
        _lib.espeak_Synchronize()
        if _callback_error:
            raise RuntimeError("espeak synthesis callback failed") from _callback_error[0]
        if status != 0:
            raise RuntimeError(f"espeak_Synth failed with status {status}")
        result = RawSynthesis(b"".join(_pcm_parts), list(_events))
        _pcm_parts.clear()
        _events.clear()
    return result


def sample_rate() -> int:
    """The native output rate of libespeak-ng (after :func:`load`)."""
    return _native_rate or load()
