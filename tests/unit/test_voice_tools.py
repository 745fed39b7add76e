"""Pure parts of the voice and dictionary commands: items files, locale codes, the TTS language
fields per version, short ids, audition samples and file names."""

import json

import pytest

from cartesia_cli.api.dicts import Item, items_csv, normalize, read_items
from cartesia_cli.api.tts import Voicing, language_fields
from cartesia_cli.cli.voices import short_ids
from cartesia_cli.errors import UsageError
from cartesia_cli.facts import LANGUAGES, VERSIONS, locale_code
from cartesia_cli.flows.audition import SAMPLES, file_name, sample_for

NEWEST = VERSIONS["2026-08-14"]
OLD = VERSIONS["2025-11-04"]


@pytest.mark.parametrize(("value", "code"), [
    ("en-GB", "en-GB"), ("pt_BR", "pt-BR"), ("EN-gb", "en-GB"), (" fr-ca ", "fr-CA"),
    ("en", None), ("english", None), ("en-GBR", None), ("en-", None), ("", None)])
def test_locale_code(value, code):
    assert locale_code(value) == code


def voicing(**fields):
    return Voicing(model_id="sonic-3", voice_id="v", **fields)


def test_language_fields_per_version_and_endpoint():
    assert language_fields(voicing(language="fr"), OLD) == {"language": "fr"}
    assert language_fields(voicing(language="pt_br"), NEWEST) == {"locale": "pt-BR"}
    assert language_fields(voicing(locale="en_gb", normalization="EN_in"), NEWEST,
                           endpoint="sse") == {"locale": "en-GB", "normalization": "en-IN"}
    assert language_fields(voicing(pronunciation_dict_id="pdict_1"), OLD) == {
        "pronunciation_dict_id": "pdict_1"}
    with pytest.raises(UsageError, match="takes only a language"):
        language_fields(voicing(language="en-GB"), OLD)
    with pytest.raises(UsageError, match="WebSocket requests carry no `locale`"):
        language_fields(voicing(language="en-GB"), NEWEST, endpoint="websocket")
    with pytest.raises(UsageError, match="not a locale code"):
        language_fields(voicing(locale="British"), NEWEST)
    with pytest.raises(UsageError, match="needs API version 2025-04-16"):
        language_fields(voicing(pronunciation_dict_id="x"), VERSIONS["2024-11-13"])


def test_items_files(tmp_path):
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("\ufefftext,pronunciation\n# a comment\nnginx,engine x\n\n"
                        '"a, b",ab\n')
    assert read_items(str(csv_file)) == [Item("nginx", "engine x"), Item("a, b", "ab")]
    headless = tmp_path / "b.txt"
    headless.write_text("SQL,sequel\n")
    assert read_items(str(headless)) == [Item("SQL", "sequel")]
    as_json = tmp_path / "c.json"
    as_json.write_text(json.dumps({"items": [{"text": "x", "alias": "ex"}]}))
    assert read_items(str(as_json)) == [Item("x", "ex")]
    assert read_items("-", '{"GIF": "jif"}') == [Item("GIF", "jif")]
    with pytest.raises(UsageError, match="not valid JSON"):
        read_items("-", "[oops")
    with pytest.raises(UsageError, match="is not a string"):
        read_items("-", '{"GIF": 1}')
    binary = tmp_path / "d.csv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(UsageError, match="is not UTF-8 text"):
        read_items(str(binary))
    with pytest.raises(UsageError, match="is a directory"):
        read_items(str(tmp_path))
    with pytest.raises(UsageError, match="larger than 10 MB"):
        read_items("/dev/zero")  # a device that never ends is read only so far


def test_csv_export_reads_back(tmp_path):
    record = normalize({"id": "pdict_1", "name": "n", "items": [
        {"text": 'say "hi", then', "pronunciation": "x", "alias": "x"},
        {"text": "é", "alias": "eh"}]})
    path = tmp_path / "out.csv"
    path.write_text(items_csv(record))
    assert read_items(str(path)) == [Item('say "hi", then', "x"), Item("é", "eh")]


def test_short_ids_grow_until_unique():
    ids = ["abcdef12-1", "abcdef12-2", "12345678-9"]
    assert short_ids(ids) == {"abcdef12-1": "abcdef12-1", "abcdef12-2": "abcdef12-2",
                              "12345678-9": "12345678"}
    assert short_ids(["aaaaaaaab", "aaaaaaaac"]) == {"aaaaaaaab": "aaaaaaaab",
                                                     "aaaaaaaac": "aaaaaaaac"}


def test_audition_samples_and_file_names():
    assert set(SAMPLES) <= LANGUAGES
    assert sample_for("fr") == (SAMPLES["fr"], "fr")
    assert sample_for("pt_BR") == (SAMPLES["pt"], "pt")
    assert sample_for("xx") == (SAMPLES["en"], "en")
    assert file_name({"name": "Sarah / Curious!", "id": "694f9389-aac1"}) == \
        "sarah-curious-694f9389.wav"
    assert file_name({"name": "...", "id": "12345678-x"}) == "voice-12345678.wav"
    assert file_name({"name": "Voz de Soporte", "id": "a2d7de93-6e51"}) == \
        "voz-de-soporte-a2d7de93.wav"
