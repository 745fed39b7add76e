"""The voices of one running emulator: the built-in catalog, plus the voices callers made (clones,
localizations), with their edits and minus what they deleted.

Ownership (the public material does not describe accounts, so the emulator decides): every API
key is its own user, whose user id is derived from the key. A voice a key makes is private to it:
other keys neither list nor fetch it (404), as a private voice of another account. The catalog's
fictional "own" voices belong to every key alike. Access tokens (TTS only) may speak any voice.
Used from the event loop only.
"""

from __future__ import annotations

import uuid

from cartesia_cli.emulator import voices as catalog_logic
from cartesia_cli.emulator.catalog import (
    CALLER_USER_ID,
    ESPEAK_VARIANTS,
    VOICES,
    VOICES_BY_ID,
    CatalogVoice,
)

MAX_MADE_VOICES = 10_000  # clones and localizations one emulator keeps (metadata only)
_USER_NAMESPACE = uuid.UUID("6f1d3c52-9a0e-4d2b-8c61-0b7e5d4f3a29")
# Variants a made voice may get: every variant the catalog uses, the gendered ones first.
_VARIANT_POOL: tuple[str, ...] = (
    ESPEAK_VARIANTS["feminine"] + ESPEAK_VARIANTS["masculine"] + ESPEAK_VARIANTS["gender_neutral"]
)


def user_id_for(key: str | None) -> str:
    """The user id of an API key (the catalog's own user when there is no key)."""
    return CALLER_USER_ID if key is None else str(uuid.uuid5(_USER_NAMESPACE, key))


class VoiceStore:
    def __init__(self) -> None:
        self._edited: dict[str, CatalogVoice] = {}  # built-in own voices changed by PATCH
        self._deleted: set[str] = set()  # built-in own voices deleted
        self._made: dict[str, tuple[CatalogVoice, str]] = {}  # id -> (voice, owner API key)

    def pick_variant(self, espeak_name: str, seed: bytes) -> str:
        """A variant no voice of this emulator speaking `espeak_name` uses yet (chosen by
        `seed`), so a new voice sounds like nobody else; when all are taken, one by `seed`."""
        start = int.from_bytes(uuid.uuid5(_USER_NAMESPACE, seed.hex()).bytes[:4], "big")
        order = [_VARIANT_POOL[(start + i) % len(_VARIANT_POOL)]
                 for i in range(len(_VARIANT_POOL))]
        ids = [*(v.id for v in VOICES if v.id not in self._deleted), *self._made]
        used = {variant for name, variant in map(catalog_logic.espeak_voice_for, ids)
                if name == espeak_name}
        return next((v for v in order if v not in used), order[0])

    def visible(self, key: str | None) -> list[CatalogVoice]:
        """What `key` can list and use, in listing order; None (an access token) sees all."""
        built_in = (self._edited.get(v.id, v) for v in VOICES if v.id not in self._deleted)
        made = (voice for voice, owner in self._made.values() if key is None or owner == key)
        return sorted([*built_in, *made], key=lambda v: (v.created_at, v.id))

    def find(self, voice_id: str, key: str | None) -> CatalogVoice | None:
        if voice_id in self._made:
            voice, owner = self._made[voice_id]
            return voice if key is None or owner == key else None
        if voice_id in self._deleted:
            return None
        built_in = VOICES_BY_ID.get(voice_id)
        return None if built_in is None else self._edited.get(voice_id, built_in)

    def has_room(self) -> bool:
        return len(self._made) < MAX_MADE_VOICES

    def add(self, voice: CatalogVoice, owner: str, espeak_name: str, variant: str) -> None:
        self._made[voice.id] = (voice, owner)
        catalog_logic.register_made_voice(voice.id, espeak_name, variant, voice.language)

    def replace(self, voice: CatalogVoice) -> None:
        """Store an edited voice (one that `find` returned as owned)."""
        if voice.id in self._made:
            self._made[voice.id] = (voice, self._made[voice.id][1])
        else:
            self._edited[voice.id] = voice

    def delete(self, voice_id: str) -> None:
        if self._made.pop(voice_id, None) is not None:
            catalog_logic.forget_made_voice(voice_id)
        else:
            self._deleted.add(voice_id)
            self._edited.pop(voice_id, None)
