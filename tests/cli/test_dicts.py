"""`cartesia dicts` against the emulator: pronunciation dictionaries that round-trip through a
file kept in git, and `--pronunciation-dict` on say and stream."""

import json

import pytest
from fault_server import Json200, running_fault_server

from helpers import run_cli


def dict_json(*args):
    return json.loads(run_cli("dicts", "get", *args, "--json").text)


def requests_to(emulator, method, prefix):
    return [r for r in emulator.requests if r.method == method and r.path.startswith(prefix)]


def test_create_list_get_with_items_from_options(emulator):
    dict_id = run_cli("dicts", "create", "Brands A", "--item", "Cartesia=kar-TEE-zhuh",
                      "--item", "SQL=sequel").text.strip()
    body = requests_to(emulator, "POST", "/pronunciation-dicts")[-1].json
    assert body == {"name": "Brands A", "items": [
        {"text": "Cartesia", "alias": "kar-TEE-zhuh"}, {"text": "SQL", "alias": "sequel"}]}
    listed = run_cli("dicts", "list").text.splitlines()
    assert listed[0] == "id\tname\titems"
    assert f"{dict_id}\tBrands A\t2" in listed
    by_name = dict_json("Brands A")
    assert by_name["id"] == dict_id
    assert by_name["items"] == [{"text": "Cartesia", "pronunciation": "kar-TEE-zhuh"},
                                {"text": "SQL", "pronunciation": "sequel"}]
    assert dict_json(dict_id) == by_name
    text = run_cli("dicts", "get", "brands a").text  # a unique case-insensitive name
    assert "Cartesia  ->  kar-TEE-zhuh" in text


def test_csv_round_trips_through_a_file(emulator, tmp_path):
    source = tmp_path / "words.csv"
    source.write_text('text,pronunciation\nCartesia,kar-TEE-zhuh\n"Smith, J.",smith\n'
                      "GIF,jif\n")
    run_cli("dicts", "create", "Round Trip", "-f", str(source))
    exported = run_cli("dicts", "get", "Round Trip", "--format", "csv").text
    assert exported == source.read_text()
    saved = tmp_path / "saved.csv"
    saved.write_text(exported)
    run_cli("dicts", "update", "Round Trip", "--item", "GIF=gif")
    assert [i["pronunciation"] for i in dict_json("Round Trip")["items"]] == ["gif"]
    run_cli("dicts", "update", "Round Trip", "-f", str(saved))  # back to the file in git
    assert run_cli("dicts", "get", "Round Trip", "--format", "csv").text == exported


def test_json_files_and_stdin(emulator, tmp_path):
    as_list = tmp_path / "items.json"
    as_list.write_text(json.dumps([{"text": "nginx", "pronunciation": "engine x"},
                                   {"text": "kubectl", "alias": "cube control"}]))
    run_cli("dicts", "create", "Json Items", "-f", str(as_list))
    exported = dict_json("Json Items")
    assert [i["text"] for i in exported["items"]] == ["nginx", "kubectl"]
    whole = tmp_path / "whole.json"
    whole.write_text(json.dumps(exported))  # `dicts get --json` output reads back
    run_cli("dicts", "create", "Json Copy", "-f", str(whole))
    assert dict_json("Json Copy")["items"] == exported["items"]
    run_cli("dicts", "create", "From Stdin", "-f", "-", input='{"Postgres": "post-gress"}')
    assert dict_json("From Stdin")["items"] == [{"text": "Postgres",
                                                  "pronunciation": "post-gress"}]


def test_update_add_keeps_other_items_and_renames(emulator):
    run_cli("dicts", "create", "Adding", "--item", "a=ay", "--item", "b=bee")
    run_cli("dicts", "update", "Adding", "--add", "--item", "b=bea", "--item", "c=see")
    assert dict_json("Adding")["items"] == [
        {"text": "a", "pronunciation": "ay"}, {"text": "b", "pronunciation": "bea"},
        {"text": "c", "pronunciation": "see"}]
    run_cli("dicts", "update", "Adding", "--name", "Added")
    assert len(dict_json("Added")["items"]) == 3
    run = run_cli("dicts", "update", "Added", expect=2)
    assert run.stderr.startswith("error: nothing to change")


@pytest.mark.parametrize(("content", "message"), [
    ("text,pronunciation\nSQL\n", "words.csv:2: expected 2 columns"),
    ("SQL,\n", "words.csv:1: the pronunciation of `SQL` is empty"),
    ("SQL,sequel\nSQL,ess-cue-ell\n", "`SQL` appears twice"),
    ("x," + "y" * 101 + "\n", "101 characters; the API allows at most 100"),
])
def test_bad_items_files_name_the_line(emulator, tmp_path, content, message):
    path = tmp_path / "words.csv"
    path.write_text(content)
    run = run_cli("dicts", "create", "Bad", "-f", str(path), expect=2)
    assert message in run.stderr.splitlines()[0]
    assert not requests_to(emulator, "POST", "/pronunciation-dicts")


def test_bad_item_options_and_files(emulator, tmp_path):
    run = run_cli("dicts", "create", "Bad", "--item", "no-equals-sign", expect=2)
    assert "has no `=`" in run.stderr and "TEXT=PRONUNCIATION" in run.stderr
    run = run_cli("dicts", "create", "Bad", "-f", str(tmp_path / "missing.csv"), expect=2)
    assert run.stderr.startswith("error: no such file:")
    (tmp_path / "bad.json").write_text("[1, 2]")
    run = run_cli("dicts", "create", "Bad", "-f", str(tmp_path / "bad.json"), expect=2)
    assert "item 1 is not" in run.stderr


def test_delete_asks_or_needs_yes(emulator):
    dict_id = run_cli("dicts", "create", "Doomed", "--item", "x=ex").text.strip()
    run = run_cli("dicts", "delete", "Doomed", expect=2)
    assert "stdin is not a terminal" in run.stderr and "--yes" in run.stderr
    run_cli("dicts", "delete", "Doomed", "--yes")
    assert requests_to(emulator, "DELETE", "/pronunciation-dicts/")[-1].path.endswith(dict_id)
    missing = run_cli("dicts", "get", "Doomed", expect=2)
    assert "no pronunciation dictionary `Doomed`" in missing.stderr


def test_item_field_and_availability_by_version(emulator):
    run_cli("--cartesia-version", "2025-04-16", "dicts", "create", "Old Items", "--item",
            "SQL=sequel")
    assert requests_to(emulator, "POST", "/pronunciation-dicts")[-1].json["items"] == [
        {"text": "SQL", "pronunciation": "sequel"}]
    assert dict_json("Old Items")["items"] == [{"text": "SQL", "pronunciation": "sequel"}]
    run = run_cli("--cartesia-version", "2024-11-13", "dicts", "list", expect=2)
    assert run.stderr.startswith("error: pronunciation dictionaries need API version "
                                 "2025-04-16 or later")
    run = run_cli("--cartesia-version", "2024-11-13", "say", "--pronunciation-dict", "x",
                  "-o", "-", "hi", expect=2)
    assert "--pronunciation-dict needs API version 2025-04-16" in run.stderr


def test_say_and_stream_use_a_dictionary_by_name(emulator, tmp_path):
    dict_id = run_cli("dicts", "create", "Spoken", "--item", "SQL=sequel").text.strip()
    run_cli("say", "--pronunciation-dict", "Spoken", "-o", str(tmp_path / "a.wav"), "I like SQL")
    assert requests_to(emulator, "POST", "/tts/bytes")[-1].json["pronunciation_dict_id"] == \
        dict_id
    run_cli("stream", "--pronunciation-dict", dict_id, "-o", str(tmp_path / "b.wav"),
            "I like SQL.")
    messages = [m for r in emulator.requests for m in r.ws_messages if isinstance(m, dict)]
    assert messages[0]["pronunciation_dict_id"] == dict_id
    run = run_cli("say", "--pronunciation-dict", "Nope", "-o", str(tmp_path / "c.wav"), "x",
                  expect=2)
    assert "no pronunciation dictionary `Nope`" in run.stderr


def test_a_repeated_cursor_stops_the_listing(monkeypatch):
    page = {"data": [{"id": "pdict_1", "name": "one", "items": []}], "has_more": True,
            "next_page": "pdict_1"}
    with running_fault_server(monkeypatch) as server:
        monkeypatch.setenv("CARTESIA_API_KEY", "sk_car_fault_key_123456")
        server.script("/pronunciation-dicts/", Json200(page))
        run = run_cli("dicts", "list", expect=4)
        assert run.stderr.startswith("error: GET /pronunciation-dicts/ repeated the page cursor "
                                     "`pdict_1`")
        assert len(server.requests_to("/pronunciation-dicts/")) == 2


@pytest.mark.parametrize("args,path", [
    (["dicts", "create", "D", "--item", "SQL=sequel"], "/pronunciation-dicts/"),
    (["voices", "get", "a0e99841-438c-4a64-b679-ae501e7d6091"],
     "/voices/a0e99841-438c-4a64-b679-ae501e7d6091"),
    (["voices", "audition", "a0e99841-438c-4a64-b679-ae501e7d6091", "-o", "{tmp}/aud"],
     "/voices/a0e99841-438c-4a64-b679-ae501e7d6091"),
])
def test_a_record_without_an_id_is_refused(monkeypatch, tmp_path, args, path):
    """A 200 whose JSON is not a voice or dictionary (a proxy's answer, a wrong base URL) is a
    protocol error before anything is shown, saved or acted on under an id of `None`."""
    with running_fault_server(monkeypatch) as server:
        monkeypatch.setenv("CARTESIA_API_KEY", "sk_car_fault_key_123456")
        server.script(path, Json200({"weird": True}))
        run = run_cli(*[a.format(tmp=tmp_path) for a in args], expect=4)
        assert run.stderr.startswith(f"error: {'POST' if 'create' in args else 'GET'} {path} "
                                     "answered with JSON of another shape (no id): ")
        assert not list(tmp_path.glob("aud/*"))  # audition wrote nothing
