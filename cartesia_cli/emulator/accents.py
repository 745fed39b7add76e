# ruff: noqa: E501
# (the accent table keeps one accent per line)
"""The accent catalog of GET /accents (Cartesia-Version 2026-08-14), plain data.

The ids are the SDK 4.2.0 `VoiceAccent` list; the accents that can be attached to a voice
(`AttachVoiceAccent`) are the ones POST /voices/localize can target (`is_localizable`). Display
names and the locale of each accent are the emulator's stand-ins.
"""

from __future__ import annotations

from typing import NamedTuple


class Accent(NamedTuple):
    id: str
    name: str
    locale: str  # BCP-47 language-region
    is_locale_default: bool
    is_localizable: bool

    @property
    def language(self) -> str:
        return self.locale.split("-", 1)[0]

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "language": self.language,
                "locale": self.locale, "is_locale_default": self.is_locale_default,
                "is_localizable": self.is_localizable}


# id, display name, locale, default for its locale, localizable
_ROWS: tuple[tuple[str, str, str, bool, bool], ...] = (
    ("abruzzo-italian", "Abruzzo Italian", "it-IT", False, False),
    ("african-american", "African American English", "en-US", False, False),
    ("african-french", "African French", "fr-FR", False, False),
    ("arabic", "Arabic", "ar-SA", True, False),
    ("arabic-english", "Arabic-accented English", "en-US", False, False),
    ("australian", "Australian English", "en-AU", True, True),
    ("bagheli", "Bagheli Hindi", "hi-IN", False, False),
    ("belgian-french", "Belgian French", "fr-BE", True, False),
    ("brazilian-portuguese", "Brazilian Portuguese", "pt-BR", True, True),
    ("british", "British English", "en-GB", True, True),
    ("budapest", "Budapest Hungarian", "hu-HU", True, False),
    ("bulgarian", "Bulgarian", "bg-BG", True, False),
    ("california", "Californian English", "en-US", False, False),
    ("camba", "Camba Spanish", "es-BO", True, False),
    ("campania", "Campanian Italian", "it-IT", False, False),
    ("canadian-english", "Canadian English", "en-CA", True, False),
    ("canadian-french", "Canadian French", "fr-CA", True, True),
    ("castilian", "Castilian Spanish", "es-ES", True, True),
    ("central-tamil", "Central Tamil", "ta-IN", True, True),
    ("central-thai", "Central Thai", "th-TH", True, True),
    ("central-vietnamese", "Central Vietnamese", "vi-VN", False, False),
    ("chilean", "Chilean Spanish", "es-CL", True, False),
    ("colombian", "Colombian Spanish", "es-CO", True, False),
    ("czech", "Czech", "cs-CZ", True, False),
    ("danish", "Danish", "da-DK", True, False),
    ("european-portuguese", "European Portuguese", "pt-PT", True, False),
    ("finnish", "Finnish", "fi-FI", True, False),
    ("general-american", "General American English", "en-US", True, True),
    ("high-german", "Standard German", "de-DE", True, True),
    ("hindi", "Hindi", "hi-IN", True, True),
    ("indian-english", "Indian English", "en-IN", True, False),
    ("indian-urdu", "Indian Urdu", "ur-IN", True, False),
    ("irish", "Irish English", "en-IE", True, False),
    ("israeli", "Israeli Hebrew", "he-IL", True, True),
    ("istanbul", "Istanbul Turkish", "tr-TR", True, True),
    ("italian", "Standard Italian", "it-IT", True, True),
    ("jakarta", "Jakarta Indonesian", "id-ID", True, False),
    ("japanese", "Japanese", "ja-JP", False, True),
    ("jessore", "Jessore Bengali", "bn-BD", True, False),
    ("khaleeji", "Khaleeji Arabic", "ar-AE", True, False),
    ("konkani", "Konkani-accented Marathi", "mr-IN", True, False),
    ("korean", "Standard Korean", "ko-KR", True, True),
    ("kyiv", "Kyiv Ukrainian", "uk-UA", True, False),
    ("malay", "Malay", "ms-MY", True, False),
    ("mandarin", "Standard Mandarin", "zh-CN", True, True),
    ("manila", "Manila Tagalog", "tl-PH", True, False),
    ("mexican", "Mexican Spanish", "es-MX", True, True),
    ("middle-eastern-arabic", "Levantine Arabic", "ar-LB", True, False),
    ("midwestern-american", "Midwestern American English", "en-US", False, False),
    ("modern-standard-arabic", "Modern Standard Arabic", "ar-SA", False, True),
    ("moldovan", "Moldovan Romanian", "ro-MD", True, False),
    ("new-york", "New York English", "en-US", False, False),
    ("new-zealand", "New Zealand English", "en-NZ", True, False),
    ("north-kerala", "North Kerala Malayalam", "ml-IN", True, False),
    ("odia", "Odia", "or-IN", True, False),
    ("oslo", "Oslo Norwegian", "no-NO", True, False),
    ("parisian", "Parisian French", "fr-FR", True, True),
    ("parsi", "Parsi Gujarati", "gu-IN", True, False),
    ("peruvian", "Peruvian Spanish", "es-PE", True, False),
    ("polish", "Polish", "pl-PL", True, True),
    ("powadhi", "Powadhi Punjabi", "pa-IN", True, False),
    ("randstad", "Randstad Dutch", "nl-NL", True, True),
    ("romanian", "Romanian", "ro-RO", True, False),
    ("russian", "Russian", "ru-RU", True, True),
    ("singaporean", "Singaporean English", "en-SG", True, False),
    ("slovak", "Slovak", "sk-SK", True, False),
    ("south-african", "South African English", "en-ZA", True, False),
    ("southern-us", "Southern American English", "en-US", False, True),
    ("southern-karnataka", "Southern Karnataka Kannada", "kn-IN", True, False),
    ("southern-vietnamese", "Southern Vietnamese", "vi-VN", True, False),
    ("standard-japanese", "Standard Japanese", "ja-JP", True, False),
    ("stockholm", "Stockholm Swedish", "sv-SE", True, True),
    ("swiss-standard", "Swiss Standard German", "de-CH", True, False),
    ("taiwanese-mandarin", "Taiwanese Mandarin", "zh-TW", True, False),
    ("tbilisi", "Tbilisi Georgian", "ka-GE", True, False),
    ("telangana", "Telangana Telugu", "te-IN", True, True),
    ("urdu", "Urdu", "ur-PK", True, False),
    ("thessaloniki", "Thessaloniki Greek", "el-GR", True, False),
    ("zagreb", "Zagreb Croatian", "hr-HR", True, False),
)

ACCENTS: tuple[Accent, ...] = tuple(sorted((Accent(*row) for row in _ROWS), key=lambda a: a.id))
ACCENTS_BY_ID: dict[str, Accent] = {a.id: a for a in ACCENTS}
# The locale a voice of a language gets when nothing says which (its most common region).
_LANGUAGE_LOCALES = {"en": "en-US", "es": "es-MX", "pt": "pt-BR", "fr": "fr-FR", "zh": "zh-CN",
                     "de": "de-DE", "ja": "ja-JP", "ar": "ar-SA", "it": "it-IT", "ur": "ur-PK",
                     "vi": "vi-VN", "hi": "hi-IN"}


def default_locale(language: str) -> str:
    """The locale of a voice that names only its language."""
    if language in _LANGUAGE_LOCALES:
        return _LANGUAGE_LOCALES[language]
    for accent in ACCENTS:
        if accent.language == language and accent.is_locale_default:
            return accent.locale
    return f"{language}-{language.upper()}"
# A voice carries at most this many locales, its native one included (POST /voices/{id}/accents).
MAX_VOICE_ACCENTS = 10
