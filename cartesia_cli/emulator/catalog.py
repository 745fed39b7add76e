# ruff: noqa: E501
# (the voice table keeps one voice per line)
"""The emulator's voice catalog: plain data, no logic beyond building the table.

Public voices carry real ids and names from Cartesia's public library (as seen in public code
and catalog snapshots), so ids copied from Cartesia's examples work offline. Descriptions are
the library's where known; taglines, accents and dates are plausible stand-ins. The voices
marked as owned are fictional: they stand for the caller's own clones (private, `is_owner`).

Properties tests rely on:
- names are unique but for one pair ("Katie", "katie") that differs only in case; "Sarah" is a prefix of "Sarah Curious" and "Reading Lady"
  a substring of "British Reading Lady" (name resolution must handle both);
- "Reflective Woman" has no tagline ("" as the API sends when unset);
- a few voices share a `created_at`, so the id tie-break of the sort order matters.
"""

from __future__ import annotations

from typing import Any, NamedTuple

# The id the emulator reports as the caller's own user (2024-06-10 `user_id` of owned voices).
CALLER_USER_ID = "5d4c2f0e-8b1a-4e77-9a53-1f0c6be2d9a4"

GENDERS = {"m": "masculine", "f": "feminine", "n": "gender_neutral"}


class CatalogVoice(NamedTuple):
    id: str
    name: str
    gender: str | None  # masculine | feminine | gender_neutral (None: unset, e.g. a fresh clone)
    locale: str  # native locale, BCP-47 language-region ("en-US")
    accent: str | None  # accent catalog id (2026-08-14 `GET /accents` style)
    created_at: str  # RFC 3339, UTC, second precision
    tagline: str  # at most 32 characters, "" when unset
    description: str
    owned: bool = False  # owned by the caller: private, visible to the owner only
    extra_locales: tuple[str, ...] = ()  # attached cross-lingual locales, after the native one

    @property
    def language(self) -> str:
        return self.locale.split("-")[0]

    @property
    def country(self) -> str:
        return self.locale.split("-")[1]

    @property
    def locales(self) -> tuple[str, ...]:
        return (self.locale, *self.extra_locales)


# id, name, gender (m/f/n), native locale, accent, created_at, tagline, description
_PUBLIC: tuple[tuple[str, str, str, str, str, str, str, str], ...] = (
    ("a0e99841-438c-4a64-b679-ae501e7d6091", "Barbershop Man", "m", "en-US", "general-american", "2024-05-14T18:20:11Z", "Supporter", "This voice is smooth and relaxing, perfect for a casual conversation"),
    ("79a125e8-cd45-4c13-8a67-188112f4dd22", "British Lady", "f", "en-GB", "british", "2024-05-14T18:20:11Z", "Elegant Storyteller", "This voice is elegant with a slight British accent, perfect for storytelling and narrating"),
    ("15a9cd88-84b0-4a8b-95f2-5d583b54c72e", "Reading Lady", "f", "en-US", "general-american", "2024-05-14T18:20:11Z", "Serious Reader", "This voice is monotone and deliberate, perfect for a slower-paced and more serious reading voice"),
    ("d46abd1d-2d02-43e8-819f-51fb652c1c61", "Newsman", "m", "en-US", "general-american", "2024-05-15T09:02:40Z", "News Anchor", "This voice is neutral and educational, perfect for a news anchor"),
    ("bf991597-6c13-47e4-8411-91ec2de5c466", "Newslady", "f", "en-US", "general-american", "2024-05-15T09:02:40Z", "Task Coach", "This voice is authoritative and educational, perfect for a news anchor"),
    ("2ee87190-8f84-4925-97da-e52547f9462c", "Child", "n", "en-US", "general-american", "2024-05-16T14:45:03Z", "Young Storyteller", "This voice is young and full, perfect for a child"),
    ("41534e16-2966-4c6b-9670-111411def906", "1920's Radioman", "m", "en-US", "general-american", "2024-05-16T14:45:03Z", "Vintage Entertainer", "This voice is energetic and confident, great for an entertainer or radio host"),
    ("b7d50908-b17c-442d-ad8d-810c63997ed9", "California Girl", "f", "en-US", "california", "2024-05-21T16:31:57Z", "Chill Friend", "This voice is enthusiastic and friendly, perfect for a casual conversation between friends"),
    ("34575e71-908f-4ab6-ab54-b08c95d6597d", "New York Man", "m", "en-US", "new-york", "2024-05-21T16:31:57Z", "Neighborhood Guy", "This voice is compelling and husky, with a New York accent, perfect for sales pitches and motivational content"),
    ("71a7ad14-091c-4e8e-a314-022ece01c121", "British Reading Lady", "f", "en-GB", "british", "2024-05-28T11:12:09Z", "Heiress", "This is a calm and elegant voice with a British accent, perfect for storytelling and narration"),
    ("63ff761f-c1e8-414b-b969-d1833d1c870c", "Confident British Man", "m", "en-GB", "british", "2024-05-28T11:12:09Z", "Commanding Narrator", "This voice is disciplined with a British accent, perfect for a commanding character or narrator"),
    ("87748186-23bb-4158-a1eb-332911b0b708", "Wizardman", "m", "en-GB", "british", "2024-06-03T20:07:44Z", "Wizard", "This voice is wise and mysterious, perfect for a Wizard character"),
    ("36b42fcb-60c5-4bec-b077-cb1a00a92ec6", "Pilot over Intercom", "m", "en-GB", "british", "2024-06-03T20:07:44Z", "Cabin Announcer", "This voice sounds like a British Pilot character speaking over an Intercom"),
    ("638efaaa-4d0c-442e-b701-3fae16aad012", "Indian Man", "m", "en-IN", "indian-english", "2024-06-05T08:55:12Z", "Problem Solver", "This voice is smooth with an Indian accent, perfect for a narrator"),
    ("3b554273-4299-48b9-9aaf-eefd438e3941", "Indian Lady", "f", "en-IN", "indian-english", "2024-06-05T08:55:12Z", "Support Specialist", "This voice is young, rich, and curious, perfect for a narrator or fictional character"),
    ("41f3c367-e0a8-4a85-89e0-c27bae9c9b6d", "Australian Customer Support Man", "m", "en-AU", "australian", "2024-06-07T13:40:29Z", "Guy Next Door", "This voice is warm with an Australian accent, perfect for customer support agents"),
    ("043cfc81-d69f-4bee-ae1e-7862cb358650", "Australian Woman", "f", "en-AU", "australian", "2024-06-07T13:40:29Z", "Instructor", "This voice is deliberate and confident, with a slight Australian accent, perfect for inspiring characters in videos and stories"),
    ("820a3788-2b37-4d21-847a-b65d8a68c99a", "Salesman", "m", "en-US", "general-american", "2024-06-11T17:18:36Z", "Friendly Salesman", "This voice is smooth and persuasive, perfect for sales pitches and phone conversations"),
    ("98a34ef2-2140-4c28-9c71-663dc4dd7022", "Southern Man", "m", "en-US", "southern-us", "2024-06-11T17:18:36Z", "Calm Narrator", "This voice is warm with a Southern accent, perfect for a narrator"),
    ("565510e8-6b45-45de-8758-13588fbaec73", "Midwestern Man", "m", "en-US", "midwestern-american", "2024-06-13T10:04:51Z", "Conversationalist", "This voice is neutral and smooth, with a slight midwestern accent, perfect for narrations"),
    ("11af83e2-23eb-452f-956e-7fee218ccb5c", "Midwestern Woman", "f", "en-US", "midwestern-american", "2024-06-13T10:04:51Z", "Manager", "This voice is neutral and deliberate, with a midwestern accent, suitable for news broadcasts and narration"),
    ("996a8b96-4804-46f0-8e05-3fd4ef1a87cd", "Storyteller Lady", "f", "en-CA", "canadian-english", "2024-06-18T15:27:02Z", "Calm Storyteller", "This voice is neutral and smooth, with a slight Canadian accent, perfect for narrations"),
    ("a3520a8f-226a-428d-9fcd-b0a4711a6829", "Reflective Woman", "f", "en-US", "general-american", "2024-06-18T15:27:02Z", "", "This voice is even, full, and reflective, perfect for a young narrator for an audiobook or movie"),
    ("daf747c6-6bc2-4083-bd59-aa94dce23f5d", "Middle Eastern Woman", "f", "en-US", "arabic-english", "2024-06-20T12:33:45Z", "Dialogue Anchor", "This voice is clear with a Middle Eastern Accent, perfect for a narrator"),
    ("156fb8d2-335b-4950-9cb3-a2d33befec77", "Helpful Woman", "f", "en-US", "general-american", "2024-06-20T12:33:45Z", "Pep Talker", "This voice is friendly and conversational, designed for customer support agents and casual conversations"),
    ("79f8b5fb-2cc8-479a-80df-29f7a7cf1a3e", "Nonfiction Man", "m", "en-US", "general-american", "2024-06-25T09:48:30Z", "Modern Narrator", "This voice is smooth, confident, and resonant, perfect for narrating educational content"),
    ("e00d0e4c-a5c8-443f-a8a3-473eb9a62355", "Friendly Sidekick", "m", "en-US", "general-american", "2024-06-25T09:48:30Z", "Game Companion", "This voice is friendly and supportive, designed for voicing characters in games and videos"),
    ("5c5ad5e7-1020-476b-8b91-fdcbe9cc313c", "Mexican Woman", "f", "es-MX", "mexican", "2024-06-27T19:10:14Z", "Relaxed Woman", "This voice is even with a Mexican accent, perfect for narrational content in Spanish"),
    ("15d0c2e2-8d29-44c3-be23-d585d5f154a1", "Mexican Man", "m", "es-MX", "mexican", "2024-06-27T19:10:14Z", "Formal Speaker", "This voice is rich with a Mexican accent, perfect for casual conversations"),
    ("2deb3edf-b9d8-4d06-8db9-5742fb8a3cb2", "Spanish Narrator Lady", "f", "es-ES", "castilian", "2024-07-02T14:22:58Z", "Audiobook Narrator", "This voice is calm and reflective, perfect for a Spanish audiobook narrator"),
    ("a67e0421-22e0-4d5b-b586-bd4a64aee41d", "Spanish Narrator Man", "m", "es-ES", "castilian", "2024-07-02T14:22:58Z", "Educational Narrator", "This voice is even and deliberate, perfect for narrating educational content in Spanish"),
    ("a249eaff-1e96-4d2c-b23b-12efa4f66f41", "French Conversational Lady", "f", "fr-FR", "parisian", "2024-07-09T10:15:37Z", "Gentle Conversationalist", "This voice is gentle and smooth, perfect for casual conversations in French"),
    ("5c3c89e5-535f-43ef-b14d-f8ffe148c1f0", "French Narrator Man", "m", "fr-FR", "parisian", "2024-07-09T10:15:37Z", "Rich Narrator", "This voice is even and rich, perfect for narrating content in French"),
    ("ab7c61f5-3daa-47dd-a23b-4ac0aac5f5c3", "Friendly French Man", "m", "fr-FR", "parisian", "2024-07-11T16:52:03Z", "Support Agent", "This voice is friendly and calm, perfect for French customer support agents"),
    ("65b25c5d-ff07-4687-a04c-da2f43ef6fa9", "Helpful French Lady", "f", "fr-CA", "canadian-french", "2024-07-11T16:52:03Z", "Cheery Helper", "This voice is helpful and cheery, like you're talking with a friend in French"),
    ("3f4ade23-6eb4-4279-ab05-6a144947c4d5", "German Conversational Woman", "f", "de-DE", "high-german", "2024-07-16T08:39:26Z", "Friendly Chat", "This voice is rich and friendly, perfect for casual conversations in German"),
    ("119e03e4-0705-43c9-b3ac-a658ce2b6639", "German Reporter Woman", "f", "de-DE", "high-german", "2024-07-16T08:39:26Z", "News Reader", "This voice is neutral and even, perfect for narrating news stories in German"),
    ("fb9fcab6-aba5-49ec-8d7e-3f1100296dde", "Friendly German Man", "m", "de-DE", "high-german", "2024-07-18T13:05:49Z", "Casual Companion", "This voice is friendly and inviting, perfect for casual conversations in German"),
    ("3f6e78a8-5283-42aa-b5e7-af82e8bb310c", "German Reporter Man", "m", "de-DE", "high-german", "2024-07-18T13:05:49Z", "Broadcaster", "This voice is energetic and deliberate, perfect for a German narrator or broadcaster"),
    ("2b568345-1d48-4047-b25f-7baccf842eb0", "Japanese Woman Conversational", "f", "ja-JP", "japanese", "2024-07-23T11:44:17Z", "Gentle Friend", "This voice is gentle and friendly, perfect for casual conversations in Japanese"),
    ("e8a863c6-22c7-4671-86ca-91cacffc038d", "Japanese Male Conversational", "m", "ja-JP", "japanese", "2024-07-23T11:44:17Z", "Call Center Agent", "This voice is clear and confident, perfect for a Japanese call center agent"),
    ("44863732-e415-4084-8ba1-deabe34ce3d2", "Japanese Children Book", "n", "ja-JP", "japanese", "2024-07-25T17:29:08Z", "Picture Book Reader", "This voice is young and expressive, perfect for character work in games and videos"),
    ("e90c6678-f0d3-4767-9883-5d0ecf5894a8", "Chinese Female Conversational", "f", "zh-CN", "mandarin", "2024-07-30T09:58:34Z", "Inviting Chat", "This voice is friendly and inviting, perfect for casual conversations in Chinese"),
    ("eda5bbff-1ff1-4886-8ef1-4e69a77640a0", "Chinese Commercial Man", "m", "zh-CN", "mandarin", "2024-07-30T09:58:34Z", "Ad Announcer", "This voice is enthusiastic and deep, suited for commercials and advertising in Chinese"),
    ("3a63e2d1-1c1e-425d-8e79-5100bc910e90", "Chinese Call Center Man", "m", "zh-CN", "mandarin", "2024-08-01T15:36:21Z", "Phone Support", "This voice is polite and neutral, perfect for phone conversations and customer support agents in Chinese"),
    ("95d51f79-c397-46f9-b49a-23763d3eaa2d", "Hinglish Speaking Lady", "f", "hi-IN", "hindi", "2024-08-06T12:12:55Z", "Hinglish Chat", "This voice switches naturally between Hindi and English, perfect for Hinglish conversations"),
    ("bdab08ad-4137-4548-b9db-6142854c7525", "Hindi Reporter Man", "m", "hi-IN", "hindi", "2024-08-06T12:12:55Z", "News Reporter", "This voice is crisp and even, perfect for reading the news in Hindi"),
    ("c1abd502-9231-4558-a054-10ac950c356d", "Hindi Narrator Woman", "f", "hi-IN", "hindi", "2024-08-08T18:47:10Z", "Story Narrator", "This voice is warm and measured, perfect for narrating stories in Hindi"),
    ("700d1ee3-a641-4018-ba6e-899dcadc9e2b", "Pleasant Brazilian Lady", "f", "pt-BR", "brazilian-portuguese", "2024-08-13T10:23:42Z", "Public Speaker", "This voice is pleasant and clear, perfect for casual conversations in Portuguese"),
    ("6a16c1f4-462b-44de-998d-ccdaa4125a0a", "Friendly Brazilian Man", "m", "pt-BR", "brazilian-portuguese", "2024-08-13T10:23:42Z", "Lively Host", "This voice is lively and inviting, perfect for a casual conversation in Portuguese"),
    ("0e21713a-5e9a-428a-bed4-90d410b87f13", "Italian Narrator Woman", "f", "it-IT", "italian", "2024-08-20T14:06:33Z", "Audiobook Voice", "This voice is smooth and expressive, perfect for narrating audiobooks in Italian"),
    ("408daed0-c597-4c27-aae8-fa0497d644bf", "Italian Calm Man", "m", "it-IT", "italian", "2024-08-20T14:06:33Z", "Calm Advisor", "This voice is calm and reassuring, perfect for customer conversations in Italian"),
    ("663afeec-d082-4ab5-827e-2e41bf73a25b", "Korean Narrator Woman", "f", "ko-KR", "korean", "2024-08-27T09:31:18Z", "Documentary Narrator", "This voice is clear and composed, perfect for narrating documentaries in Korean"),
    ("57dba6ff-fe3b-479d-836e-06f5a61cb5de", "Korean Narrator Man", "m", "ko-KR", "korean", "2024-08-27T09:31:18Z", "Steady Narrator", "This voice is deep and steady, perfect for narration in Korean"),
    ("9e8db62d-056f-47f3-b3b6-1b05767f9176", "Dutch Confident Man", "m", "nl-NL", "randstad", "2024-09-03T16:44:05Z", "Confident Presenter", "This voice is confident and direct, perfect for presentations in Dutch"),
    ("4aa74047-d005-4463-ba2e-a0d9b261fb87", "Dutch Man", "m", "nl-NL", "randstad", "2024-09-03T16:44:05Z", "Everyday Voice", "This voice is natural and relaxed, perfect for everyday conversations in Dutch"),
    ("779673f3-895f-4935-b6b5-b031dc78b319", "Russian Calm Lady", "f", "ru-RU", "russian", "2024-09-10T11:19:52Z", "Calm Guide", "This voice is calm and soft, perfect for guided content in Russian"),
    ("575a5d29-1fdc-4d4e-9afa-5a9a71759864", "Polish Narrator Woman", "f", "pl-PL", "polish", "2024-09-10T11:19:52Z", "Clear Narrator", "This voice is clear and even, perfect for narration in Polish"),
    ("38a146c3-69d7-40ad-aada-76d5a2621758", "Swedish Narrator Man", "m", "sv-SE", "stockholm", "2024-09-17T13:57:24Z", "Nordic Narrator", "This voice is calm and resonant, perfect for narration in Swedish"),
    ("5a31e4fb-f823-4359-aa91-82c0ae9a991c", "Turkish Narrator Man", "m", "tr-TR", "istanbul", "2024-09-17T13:57:24Z", "Warm Narrator", "This voice is warm and deliberate, perfect for narration in Turkish"),
    ("694f9389-aac1-45b6-b726-9d9369183238", "Sarah", "f", "en-US", "general-american", "2024-10-01T17:05:36Z", "Mindful Woman", "This voice is natural and expressive with an American accent, perfect for a wide range of conversational use cases including customer support, sales, reception, and more."),
    ("794f9389-aac1-45b6-b726-9d9369183238", "Sarah Curious", "f", "en-US", "general-american", "2024-10-01T17:05:36Z", "Curious Conversationalist", "This voice is similar to Sarah, but has improved emphasis for questions."),
    ("f786b574-daa5-4673-aa0c-cbe3e8534c02", "Katie", "f", "en-US", "general-american", "2025-06-10T15:40:02Z", "Friendly Fixer", "Stable, realistic American English voice, great for voice agents"),
    ("228fca29-3a0a-435c-8728-5cb483251068", "Kiefer", "m", "en-US", "general-american", "2025-06-10T15:40:02Z", "Assured Tone", "Steady, assured American English voice for support and sales calls"),
    ("bf0a246a-8642-498a-9950-80c35e9276b5", "Sophie", "f", "en-US", "general-american", "2025-07-22T09:14:47Z", "Teacher", "Clear and patient American English voice, made for explaining things"),
    ("6ccbfb76-1fc6-48f7-b71d-91ac6298247b", "Tessa", "f", "en-US", "general-american", "2025-10-28T18:02:19Z", "Kind Companion", "Warm, emotive American English voice that follows emotion controls closely"),
    ("cbaf8084-f009-4838-a096-07ee2e6612b1", "Maya", "f", "en-US", "general-american", "2025-10-28T18:02:19Z", "Easygoing Ally", "Easygoing, emotive American English voice for relaxed conversations"),
    ("83ae58a1-7e97-4b94-b03f-e4cc0a10d8af", "Eden", "n", "en-US", "general-american", "2025-11-18T12:50:33Z", "Clear Advisor", "Calm, clear voice with a neutral presentation, suited to advisors and assistants"),
    # Voices that Cartesia's SDK README/tests and public examples use (Brooke, Skylar, Savannah).
    ("e07c00bc-4134-4eae-9ea4-1a55fb45746b", "Brooke", "f", "en-US", "general-american", "2025-06-10T15:40:02Z", "Big Sister", "Warm, approachable American English voice for conversations and support"),
    ("db6b0ed5-d5d3-463d-ae85-518a07d3c2b4", "Skylar", "f", "en-US", "general-american", "2025-06-10T15:40:02Z", "Friendly Guide", "Approachable American English voice, friendly and clear"),
    ("78ab82d5-25be-4f7d-82b3-7ad64e5b85b2", "Savannah", "f", "en-US", "southern-us", "2025-03-05T11:20:00Z", "Magnolia Belle", "Gentle American English voice with a Southern accent"),
    ("fbee0e7d-a83a-4082-bad1-13c70f86da4e", "Diogo", "m", "pt-PT", "european-portuguese", "2025-12-02T10:27:41Z", "Promotion Lead", "Upbeat European Portuguese voice for announcements and promotions"),
)

# The caller's own voices (fictional ids): private, listed for the owner only, no previews.
_OWNED: tuple[tuple[str, str, str, str, str | None, str, str, str], ...] = (
    ("ebac038a-e40b-4261-99dc-384de83cadbe", "My Podcast Voice", "f", "en-US", "general-american", "2026-01-19T21:03:55Z", "Podcast Host", "Cloned from a 10 second clip of the weekly podcast intro"),
    ("bcc6883d-1952-4da5-976b-17825382a0d5", "Founder Clone", "m", "en-US", None, "2026-02-04T08:41:12Z", "", "Instant clone of the founder for product walkthroughs"),
    ("b2a3bbb7-8254-4d3c-819b-303f60e5d69b", "Team Narrator", "n", "en-GB", "british", "2026-02-04T08:41:12Z", "In-house Narrator", "Neutral narration voice used for internal training videos"),
    # Differs from the public "Katie" only in case: `--voice KATIE` is ambiguous, `Katie` exact.
    ("4f0e0bf8-5a3c-4d6e-9b1a-7c2d3e4f5a6b", "katie", "f", "en-US", "general-american", "2026-04-02T09:15:44Z", "Help Line", "Clone of our support lead for the help line"),
    ("a2d7de93-6e51-48a5-b797-eca5ecb54944", "Voz de Soporte", "f", "es-MX", "mexican", "2026-03-11T16:25:07Z", "Soporte al cliente", "Voz clonada para la línea de soporte en español"),
)

# Cross-lingual locales attached to some voices (listed after the native locale).
_EXTRA_LOCALES: dict[str, tuple[str, ...]] = {
    "95d51f79-c397-46f9-b49a-23763d3eaa2d": ("en-IN",),
    "694f9389-aac1-45b6-b726-9d9369183238": ("es-MX", "fr-FR"),
    "6ccbfb76-1fc6-48f7-b71d-91ac6298247b": ("de-DE",),
    "a2d7de93-6e51-48a5-b797-eca5ecb54944": ("en-US",),
}

# Voices the caller has starred (the `is_starred` filter and expansion of 2024-11-13/2025-04-16).
STARRED_IDS: frozenset[str] = frozenset({
    "a0e99841-438c-4a64-b679-ae501e7d6091",
    "694f9389-aac1-45b6-b726-9d9369183238",
    "f786b574-daa5-4673-aa0c-cbe3e8534c02",
    "ebac038a-e40b-4261-99dc-384de83cadbe",
})


def _build(rows: tuple[tuple[Any, ...], ...], *, owned: bool) -> list[CatalogVoice]:
    return [
        CatalogVoice(vid, name, GENDERS[g], locale, accent, created, tagline, description,
                     owned, _EXTRA_LOCALES.get(vid, ()))
        for vid, name, g, locale, accent, created, tagline, description in rows
    ]


# The listing order of GET /voices: oldest first by created_at, ties broken by id. RFC 3339
# strings of one fixed format sort chronologically as plain strings.
VOICES: tuple[CatalogVoice, ...] = tuple(
    sorted(_build(_PUBLIC, owned=False) + _build(_OWNED, owned=True),
           key=lambda v: (v.created_at, v.id))
)
VOICES_BY_ID: dict[str, CatalogVoice] = {v.id: v for v in VOICES}

# espeak-ng voice (a file name under espeak-ng-data/lang) per accent, locale, then language;
# names that espeak_SetVoiceByName accepts ("en", not "en-gb"; "fr", not "fr-fr").
ESPEAK_BY_ACCENT = {"new-york": "en-us-nyc", "british": "en-gb-x-rp"}
ESPEAK_BY_LOCALE = {
    "en-US": "en-us", "en-CA": "en-us", "en-GB": "en", "en-AU": "en", "en-IN": "en",
    "es-ES": "es", "es-MX": "es-419", "fr-FR": "fr", "fr-CA": "fr", "fr-BE": "fr-be",
    "pt-BR": "pt-br", "pt-PT": "pt", "zh-CN": "cmn", "zh-TW": "cmn",
}
ESPEAK_BY_LANGUAGE = {
    "en": "en-us", "es": "es", "fr": "fr", "de": "de", "ja": "ja", "zh": "cmn", "hi": "hi",
    "pt": "pt", "it": "it", "ko": "ko", "nl": "nl", "ru": "ru", "pl": "pl", "sv": "sv", "tr": "tr",
}
# espeak-ng variants (files under espeak-ng-data/voices/!v), cycled within each gender.
ESPEAK_VARIANTS = {
    "masculine": ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"),
    "feminine": ("f1", "f2", "f3", "f4", "f5", "steph", "linda", "Alicia"),
    "gender_neutral": ("klatt", "klatt3", "klatt2", "whisper"),
}
