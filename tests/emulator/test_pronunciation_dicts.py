"""Pronunciation dictionaries on the emulator: CRUD and paging per version, and their effect on
speech (the alias is spoken, timestamps keep the transcript's words). Real HTTP over loopback;
each test uses API keys of its own, so its dictionaries are private to it."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from emulator_helpers import headers, parse_sse, tts_body

from cartesia_cli.emulator.dicts import Item
from cartesia_cli.emulator.pronunciation import Rewriter, speakable_alias


def new_key() -> str:
    return f"sk_car_{uuid.uuid4().hex}"


def create(http: httpx.Client, key: str, version: str = "2026-08-14",
           **body: Any) -> httpx.Response:
    body.setdefault("name", "Brand names")
    return http.post("/pronunciation-dicts/", json=body, headers=headers(version, key))


def made(http: httpx.Client, key: str, version: str = "2026-08-14", **body: Any) -> dict:
    response = create(http, key, version, **body)
    assert response.status_code == 200, response.text
    return dict(response.json())


# --- shapes per version -------------------------------------------------------------------------

def test_2026_08_14_items_are_text_alias_and_case_sensitive(http: httpx.Client) -> None:
    key = new_key()
    body = made(http, key, items=[{"text": "Cartesia", "alias": "kar-TEE-zha"},
                                  {"text": "SQL", "alias": "sequel", "case_sensitive": True}])
    assert set(body) == {"id", "name", "owner_id", "pinned", "items", "created_at"}
    assert body["id"].startswith("pdict_") and body["pinned"] is False
    assert body["items"] == [{"text": "Cartesia", "alias": "kar-TEE-zha"},
                             {"text": "SQL", "alias": "sequel", "case_sensitive": True}]
    assert body["created_at"].endswith("Z")
    fetched = http.get(f"/pronunciation-dicts/{body['id']}", headers=headers(key=key))
    assert fetched.json() == body


def test_2025_11_04_items_are_text_and_alias(http: httpx.Client) -> None:
    key = new_key()
    body = made(http, key, "2025-11-04", items=[{"text": "Cartesia", "alias": "kar-TEE-zha",
                                                 "case_sensitive": True}])
    assert body["items"] == [{"text": "Cartesia", "alias": "kar-TEE-zha"}]
    missing = create(http, key, "2025-11-04", items=[{"text": "x", "pronunciation": "y"}])
    assert missing.status_code == 400 and "alias" in missing.text


def test_2025_04_16_items_are_text_and_pronunciation_with_a_description(
        http: httpx.Client) -> None:
    key = new_key()
    body = made(http, key, "2025-04-16", description="Our words",
                items=[{"text": "Cartesia", "pronunciation": "<<k|ɑː|ʈ|iː|z|i|ə>>"},
                       {"text": "sonic", "alias": "SAH-nik"}])  # deprecated alias still works
    assert body["description"] == "Our words"
    assert body["items"] == [
        {"text": "Cartesia", "pronunciation": "<<k|ɑː|ʈ|iː|z|i|ə>>",
         "alias": "<<k|ɑː|ʈ|iː|z|i|ə>>"},
        {"text": "sonic", "pronunciation": "SAH-nik", "alias": "SAH-nik"}]
    pinned = http.post(f"/pronunciation-dicts/{body['id']}/pin",
                       headers=headers("2025-04-16", key))
    assert pinned.status_code == 204
    again = http.get(f"/pronunciation-dicts/{body['id']}", headers=headers("2025-04-16", key))
    assert again.json()["pinned"] is True
    # Later versions show the same dictionary in their own shape, and have no pin endpoint.
    modern = http.get(f"/pronunciation-dicts/{body['id']}", headers=headers("2026-08-14", key))
    assert "description" not in modern.json()
    assert modern.json()["items"][0] == {"text": "Cartesia", "alias": "<<k|ɑː|ʈ|iː|z|i|ə>>"}
    assert http.post(f"/pronunciation-dicts/{body['id']}/unpin",
                     headers=headers(key=key)).status_code == 404


@pytest.mark.parametrize("version", ["2024-06-10", "2024-11-13"])
def test_dictionaries_do_not_exist_before_2025_04_16(http: httpx.Client, version: str) -> None:
    for method, path in (("GET", "/pronunciation-dicts/"), ("POST", "/pronunciation-dicts/"),
                         ("GET", "/pronunciation-dicts/pdict_x")):
        response = http.request(method, path, json={"name": "x"}, headers=headers(version))
        assert response.status_code == 404, (method, path, response.text)


# --- update and delete --------------------------------------------------------------------------

def test_update_replaces_name_and_items_and_delete_removes(http: httpx.Client) -> None:
    key = new_key()
    body = made(http, key, items=[{"text": "a", "alias": "ay"}])
    path = f"/pronunciation-dicts/{body['id']}"
    renamed = http.patch(path, json={"name": "Renamed"}, headers=headers(key=key))
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Renamed" and renamed.json()["items"] == body["items"]
    new_items = [{"text": "b", "alias": "bee"}]
    replaced = http.patch(path, json={"items": new_items}, headers=headers(key=key))
    assert replaced.json()["items"] == new_items and replaced.json()["name"] == "Renamed"
    deleted = http.delete(path, headers=headers(key=key))
    assert deleted.status_code == 204 and deleted.content == b""
    assert http.get(path, headers=headers(key=key)).status_code == 404
    assert http.delete(path, headers=headers(key=key)).status_code == 404


def test_dictionaries_are_private_to_their_key(http: httpx.Client) -> None:
    owner, other = new_key(), new_key()
    body = made(http, owner)
    path = f"/pronunciation-dicts/{body['id']}"
    for method in ("GET", "PATCH", "DELETE"):
        response = http.request(method, path, json={"name": "x"}, headers=headers(key=other))
        assert response.status_code == 404, method
    listed = http.get("/pronunciation-dicts/", headers=headers(key=other)).json()
    assert listed == {"data": [], "has_more": False, "next_page": None}
    assert body["owner_id"] != made(http, other)["owner_id"]


@pytest.mark.parametrize("body, needle", [
    ({"name": ""}, "name is required"),
    ({"name": "x", "items": {"text": "a"}}, "items must be a list"),
    ({"name": "x", "items": [{"text": "", "alias": "a"}]}, "text is required"),
    ({"name": "x", "items": [{"text": "a", "alias": "y" * 101}]}, "longer than 100"),
    ({"name": "x", "items": [{"text": "a", "alias": "1"}, {"text": "a", "alias": "2"}]},
     "appears twice"),
    ({"name": "x", "items": [{"text": "a", "alias": "1", "case_sensitive": "yes"}]},
     "case_sensitive"),
], ids=["name", "items", "text", "long", "duplicate", "case-flag"])
def test_validation(http: httpx.Client, body: dict[str, Any], needle: str) -> None:
    response = http.post("/pronunciation-dicts/", json=body, headers=headers(key=new_key()))
    assert response.status_code == 400
    assert needle in response.json()["message"]


# --- paging -------------------------------------------------------------------------------------

def test_cursor_paging_walks_every_dictionary_once(http: httpx.Client) -> None:
    key = new_key()
    ids = [made(http, key, name=f"d{i}")["id"] for i in range(5)]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["starting_after"] = cursor
        page = http.get("/pronunciation-dicts/", params=params, headers=headers(key=key)).json()
        seen += [d["id"] for d in page["data"]]
        if not page["has_more"]:
            assert page["next_page"] is None
            break
        cursor = page["next_page"]
        assert cursor == page["data"][-1]["id"]
    assert seen == ids
    # What the SDK's auto-pager asks last: after the last id comes an empty page.
    after_last = http.get("/pronunciation-dicts/", params={"starting_after": ids[-1]},
                          headers=headers(key=key)).json()
    assert after_last["data"] == [] and after_last["has_more"] is False
    back = http.get("/pronunciation-dicts", params={"ending_before": ids[3], "limit": 2},
                    headers=headers(key=key)).json()
    assert [d["id"] for d in back["data"]] == ids[1:3] and back["next_page"] == ids[1]
    legacy = http.get("/pronunciation-dicts/", params={"limit": 2},
                      headers=headers("2025-04-16", key)).json()
    assert set(legacy) == {"data", "has_more"} and legacy["has_more"] is True


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"limit": "ten"},
                                    {"starting_after": "pdict_nope"},
                                    {"starting_after": "a", "ending_before": "b"}], ids=str)
def test_paging_parameters_are_checked(http: httpx.Client, params: dict[str, Any]) -> None:
    response = http.get("/pronunciation-dicts/", params=params, headers=headers(key=new_key()))
    assert response.status_code == 400


def test_dictionaries_need_an_api_key(http: httpx.Client) -> None:
    token = http.post("/access-token", json={"grants": {"tts": True}}, headers=headers())
    response = http.get("/pronunciation-dicts/", headers=headers(key=token.json()["token"]))
    assert response.status_code == 401


# --- applied to speech --------------------------------------------------------------------------

def _sse(http: httpx.Client, key: str, transcript: str, voice_id: str,
         **extra: Any) -> tuple[bytes, list[str]]:
    body = tts_body(voice_id, transcript, add_timestamps=True, **extra)
    response = http.post("/tts/sse", json=body, headers=headers(key=key))
    assert response.status_code == 200, response.text
    audio, words = b"", []
    for _, event in parse_sse(response.text):
        if event["type"] == "chunk":
            audio += base64.b64decode(event["data"])
        elif event["type"] == "timestamps":
            words += event["word_timestamps"]["words"]
    return audio, words


def test_the_alias_is_spoken_and_timestamps_keep_the_original_words(
        http: httpx.Client, voice_id: str) -> None:
    key = new_key()
    transcript = "Cartesia makes Sonic. CARTESIA again."
    plain_audio, plain_words = _sse(http, key, transcript, voice_id)
    entry = made(http, key, items=[{"text": "cartesia", "alias": "car tee zha ah"}])
    audio, words = _sse(http, key, transcript, voice_id, pronunciation_dict_id=entry["id"])
    assert words == plain_words == ["Cartesia", "makes", "Sonic.", "CARTESIA", "again."]
    assert audio != plain_audio
    assert len(audio) > len(plain_audio)  # four spoken words where there was one


def test_case_rules_follow_the_version(http: httpx.Client, voice_id: str) -> None:
    key = new_key()
    transcript = "Cartesia and cartesia."
    plain, _ = _sse(http, key, transcript, voice_id)
    # On 2026-08-14 case_sensitive: true keeps exact matching: only "Cartesia" changes.
    exact = made(http, key, items=[{"text": "Cartesia", "alias": "one two three",
                                    "case_sensitive": True}])
    both = made(http, key, items=[{"text": "Cartesia", "alias": "one two three"}])
    exact_audio, _ = _sse(http, key, transcript, voice_id, pronunciation_dict_id=exact["id"])
    both_audio, _ = _sse(http, key, transcript, voice_id, pronunciation_dict_id=both["id"])
    assert len(plain) < len(exact_audio) < len(both_audio)


def test_a_dictionary_on_a_websocket_context(base_url: str, voice_id: str) -> None:
    from websockets.sync.client import connect

    key = new_key()
    with httpx.Client(base_url=base_url, timeout=10) as client:
        entry = made(client, key, items=[{"text": "Sonic", "alias": "so nick model"}])
    url = base_url.replace("http://", "ws://") + "/tts/websocket"
    with connect(url, additional_headers=headers(key=key)) as ws:
        request = tts_body(voice_id, "Sonic speaks.", add_timestamps=True,
                           context_id="ctx-dict", pronunciation_dict_id=entry["id"])
        ws.send(json.dumps(request))
        words: list[str] = []
        while True:
            event = json.loads(ws.recv(timeout=10))
            if event["type"] == "timestamps":
                words += event["word_timestamps"]["words"]
            if event.get("done"):
                break
    assert event["type"] == "done"
    assert words == ["Sonic", "speaks."]


def test_another_keys_dictionary_is_refused_but_a_token_may_use_any(
        http: httpx.Client, voice_id: str) -> None:
    owner = new_key()
    entry = made(http, owner, items=[{"text": "hello", "alias": "howdy"}])
    body = tts_body(voice_id, "hello there", pronunciation_dict_id=entry["id"])
    refused = http.post("/tts/bytes", json=body, headers=headers(key=new_key()))
    assert refused.status_code == 400 and entry["id"] in refused.json()["message"]
    token = http.post("/access-token", json={"grants": {"tts": True}}, headers=headers(key=owner))
    ok = http.post("/tts/bytes", json=body, headers=headers(key=token.json()["token"]))
    assert ok.status_code == 200


def test_a_dictionary_audibly_changes_espeak_speech(
        make_emulator: Callable[..., tuple[object, str]], voice_id: str) -> None:
    pytest.importorskip("espeakng_loader")
    _, base_url = make_emulator(engine="espeak")
    key = new_key()
    with httpx.Client(base_url=base_url, timeout=30) as client:
        entry = made(client, key, items=[{"text": "dog", "alias": "hippopotamus"}])
        plain, plain_words = _sse(client, key, "The dog sleeps.", voice_id)
        changed, words = _sse(client, key, "The dog sleeps.", voice_id,
                              pronunciation_dict_id=entry["id"])
    assert words == plain_words == ["The", "dog", "sleeps"]
    assert len(changed) > len(plain) * 1.2


# --- the rewriter itself ------------------------------------------------------------------------

def test_rewriter_maps_phrases_and_parts_of_words_back() -> None:
    rewriter = Rewriter([Item("New York", "noo yawk"), Item("cartesia", "kar tee zha")],
                        case_insensitive_default=False)
    spoken, mapper = rewriter.rewrite("I love New York and Cartesia's voices.")
    assert spoken == "I love noo yawk and kar tee zha's voices."
    assert mapper is not None
    engine_words = [(w, float(i), i + 0.5) for i, w in enumerate(spoken.split())]
    words = mapper.feed(engine_words[:4]) + mapper.feed(engine_words[4:]) + mapper.finish()
    assert [w for w, _, _ in words] == ["I", "love", "New", "York", "and", "Cartesia's",
                                        "voices."]
    new, york = words[2], words[3]
    assert (new[1], york[2]) == (2.0, 3.5) and new[2] == york[1]  # the phrase's span, shared
    assert words[5][1:] == (5.0, 7.5)  # "kar tee zha's" spans three spoken words


def test_rewriter_case_rules_and_phoneme_aliases() -> None:
    mixed = Rewriter([Item("LaTeX", "lay tek")], case_insensitive_default=False)
    assert mixed.rewrite("latex and LaTeX")[0] == "latex and lay tek"
    lower = Rewriter([Item("tomato", "tomahto")], case_insensitive_default=False)
    assert lower.rewrite("Tomato tomato")[0] == "tomahto tomahto"
    exact = Rewriter([Item("Sonic", "x", case_sensitive=True)], case_insensitive_default=True)
    assert exact.rewrite("sonic Sonic")[0] == "sonic x"
    assert Rewriter([Item("a", "b")], case_insensitive_default=True).rewrite("none")[1] is None
    assert speakable_alias("<<k|ɑː|ʈ|iː|z|i|ə>>") == "katizia"


def test_the_emulator_bounds_what_it_keeps(make_emulator: Callable[..., tuple[object, str]],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A client creating dictionaries in a loop cannot grow the emulator without bound."""
    from cartesia_cli.emulator import dicts

    monkeypatch.setattr(dicts, "MAX_DICTS", 2)
    monkeypatch.setattr(dicts, "MAX_TOTAL_ITEMS", 3)
    _, base_url = make_emulator()
    key = new_key()
    items = [{"text": f"w{i}", "alias": "x"} for i in range(3)]
    with httpx.Client(base_url=base_url, timeout=10) as client:
        first = made(client, key, items=items[:2])
        too_many_items = create(client, key, items=items[:2])
        assert too_many_items.status_code == 400 and "items in all" in too_many_items.text
        made(client, key, items=items[:1])
        third = create(client, key)
        assert third.status_code == 400 and "at most 2 dictionaries" in third.text
        client.delete(f"/pronunciation-dicts/{first['id']}", headers=headers(key=key))
        assert create(client, key).status_code == 200
        long_text = create(client, key, items=[{"text": "t" * 1001, "alias": "a"}])
        assert long_text.status_code == 400 and "longer than 1000" in long_text.text
