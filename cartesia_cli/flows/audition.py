"""`voices audition`: a short sample in each voice, played in turn or written one file per voice.

Each sample is one POST /tts/bytes (flows/say.py), in the voice's own language unless a text is
given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cartesia_cli.api.retry import RetryHook
from cartesia_cli.api.tts import Voicing
from cartesia_cli.config import Settings
from cartesia_cli.flows.outputs import plan_output
from cartesia_cli.flows.say import say_bytes

# One short sentence per language; a voice whose language has none speaks English.
SAMPLES = {
    "en": "Hello! This is how I sound. I hope you like my voice.",
    "fr": "Bonjour ! Voici ma voix. J'espère qu'elle vous plaît.",
    "de": "Hallo! So klingt meine Stimme. Ich hoffe, sie gefällt Ihnen.",
    "es": "¡Hola! Así suena mi voz. Espero que te guste.",
    "pt": "Olá! É assim que a minha voz soa. Espero que goste.",
    "it": "Ciao! Questa è la mia voce. Spero che ti piaccia.",
    "nl": "Hallo! Zo klinkt mijn stem. Ik hoop dat je hem mooi vindt.",
    "sv": "Hej! Så här låter min röst. Jag hoppas att du gillar den.",
    "no": "Hei! Slik høres stemmen min ut. Jeg håper du liker den.",
    "da": "Hej! Sådan lyder min stemme. Jeg håber, du kan lide den.",
    "fi": "Hei! Tältä minun ääneni kuulostaa. Toivottavasti pidät siitä.",
    "pl": "Cześć! Tak brzmi mój głos. Mam nadzieję, że ci się podoba.",
    "cs": "Ahoj! Takhle zní můj hlas. Doufám, že se vám líbí.",
    "sk": "Ahoj! Takto znie môj hlas. Dúfam, že sa vám páči.",
    "ro": "Bună! Așa sună vocea mea. Sper să vă placă.",
    "hu": "Szia! Így szól a hangom. Remélem, tetszik.",
    "hr": "Bok! Ovako zvuči moj glas. Nadam se da vam se sviđa.",
    "bg": "Здравейте! Така звучи гласът ми. Надявам се да ви харесва.",
    "ru": "Привет! Вот так звучит мой голос. Надеюсь, он вам нравится.",
    "uk": "Привіт! Ось так звучить мій голос. Сподіваюся, він вам подобається.",
    "el": "Γεια σας! Έτσι ακούγεται η φωνή μου. Ελπίζω να σας αρέσει.",
    "tr": "Merhaba! Sesim böyle. Umarım beğenirsiniz.",
    "ar": "مرحبا! هكذا يبدو صوتي. أتمنى أن يعجبك.",
    "he": "שלום! כך נשמע הקול שלי. אני מקווה שהוא מוצא חן בעיניך.",
    "hi": "नमस्ते! मेरी आवाज़ ऐसी सुनाई देती है। मुझे उम्मीद है कि आपको पसंद आएगी।",
    "zh": "你好！这就是我的声音。希望你喜欢。",
    "ja": "こんにちは！これが私の声です。気に入っていただけると嬉しいです。",
    "ko": "안녕하세요! 제 목소리는 이렇습니다. 마음에 드시면 좋겠어요.",
    "vi": "Xin chào! Đây là giọng nói của tôi. Hy vọng bạn thích nó.",
    "id": "Halo! Beginilah suara saya. Semoga Anda menyukainya.",
    "ms": "Helo! Beginilah bunyi suara saya. Harap anda menyukainya.",
    "tl": "Kumusta! Ganito ang tunog ng boses ko. Sana magustuhan mo.",
    "th": "สวัสดีครับ นี่คือเสียงของผม หวังว่าคุณจะชอบนะครับ",
}
DEFAULT_SAMPLE_LANGUAGE = "en"


def sample_for(language: str | None) -> tuple[str, str]:
    """The sample sentence for a voice's language, and the language it is in."""
    base = (language or DEFAULT_SAMPLE_LANGUAGE).lower().replace("_", "-").split("-")[0]
    if base in SAMPLES:
        return SAMPLES[base], base
    return SAMPLES[DEFAULT_SAMPLE_LANGUAGE], DEFAULT_SAMPLE_LANGUAGE


def file_name(voice: dict[str, Any]) -> str:
    """`sarah-694f9389.wav`: the name made safe for a file, and the id's first 8 characters
    (names repeat; ids do not)."""
    slug = re.sub(r"[^\w]+", "-", str(voice.get("name") or "voice").lower()).strip("-_")
    return f"{slug[:60] or 'voice'}-{str(voice.get('id'))[:8]}.wav"


@dataclass(frozen=True)
class Take:
    voice: dict[str, Any]
    language: str
    target: str  # "the speakers" or the file written


def audition(settings: Settings, voices: list[dict[str, Any]], *, text: str | None,
             out_dir: str | None, before: Callable[[Take], None],
             on_retry: RetryHook | None = None, device: str | None = None) -> list[Take]:
    """Speak a sample in each voice in turn (or write DIR/NAME-ID.wav each); `before` is told
    of each take before it starts. Returns the takes, in order.

    Raises:
        CartesiaError: the first failure stops the audition.
    """
    takes = []
    for voice in voices:
        if text is not None:
            words, language = text, str(voice.get("language") or settings["language"] or "")
        else:
            words, language = sample_for(voice.get("language"))
        if out_dir is not None:
            path = str(Path(out_dir) / file_name(voice))
            plan = plan_output(path)
        else:
            path = "the speakers"
            plan = plan_output(None, device=device)
        take = Take(voice, language, path)
        before(take)
        voicing = Voicing(model_id=settings["model"], voice_id=str(voice["id"]),
                          language=language.split("-")[0] or None)
        say_bytes(settings, words, voicing, plan, on_retry=on_retry)
        takes.append(take)
    return takes
