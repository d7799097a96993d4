"""Decoding rules and sidecar parsing, with exact answers."""

from __future__ import annotations

import pytest

from transforms.reading import ReadRefused, decode, parse_sidecar, sha256_hex
from transforms.records import Sidecar

LIMIT = 1000


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"Hello world\n", "Hello world\n", "utf-8"),
        ("Café déjà vu".encode(), "Café déjà vu", "utf-8"),
        (b"\xef\xbb\xbfBOM text", "BOM text", "utf-8-sig"),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text", "utf-16"),
        (b"line one\r\nline two\rline three", "line one\nline two\nline three", "utf-8"),
        (b"tab\tand NUL\x00 removed", "tab\tand NUL removed", "utf-8"),
    ],
)
def test_decode_accepts_text(data: bytes, text: str, encoding: str) -> None:
    decoded = decode(data, LIMIT)
    assert (decoded.text, decoded.encoding) == (text, encoding)


def test_decode_detects_a_legacy_charset() -> None:
    data = (
        "Le président français a déclaré à la presse que l'économie était en crise. " * 3
    ).encode("cp1252")
    decoded = decode(data, LIMIT)
    assert decoded.text.startswith("Le président français a déclaré")
    assert decoded.encoding == "cp1252"


@pytest.mark.parametrize(
    "text",
    [
        "Die Regierung hat am Freitag über die Maßnahmen für Schüler gesprochen. Grüße! ",
        "The minister said “we will act” and the company’s shares fell 3% on Friday. ",
    ],
)
def test_decode_names_windows_1252_among_code_pages_giving_the_same_text(text: str) -> None:
    """charset_normalizer named these cp1250, which gives the same text for their bytes."""
    decoded = decode((text * 3).encode("cp1252"), LIMIT)
    assert (decoded.text, decoded.encoding) == (text * 3, "cp1252")


def test_decode_keeps_a_central_european_code_page() -> None:
    text = "Prezydent powiedział w piątek, że rząd przedstawi nową ustawę o szkołach. " * 3
    decoded = decode(text.encode("cp1250"), LIMIT)
    assert (decoded.text, decoded.encoding) == (text, "cp1250")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "no text: whitespace only"),
        (b"x" * (LIMIT + 1), f"oversize: {LIMIT + 1} bytes > limit {LIMIT}"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary: PNG image"),
        (b"%PDF-1.4 stuff", "binary: PDF document"),
        (bytes(200), "binary: NUL bytes throughout"),
    ],
)
def test_decode_refuses_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ReadRefused) as err:
        decode(data, LIMIT)
    assert str(err.value) == reason


def test_sha256_is_hex_of_content() -> None:
    assert sha256_hex(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, Sidecar()),
        (b'{"title": " T ", "source": "Reuters"}', Sidecar(title="T", source="Reuters")),
        (b'{"published": "2017-03-31"}', Sidecar(published="2017-03-31")),
        (b'{"published": "2017-03-31T18:24:00Z"}', Sidecar(published="2017-03-31T18:24")),
        (b'{"url": "https://example.com/a", "extra": 1}', Sidecar(url="https://example.com/a")),
    ],
)
def test_parse_sidecar(raw: bytes | None, expected: Sidecar) -> None:
    assert parse_sidecar(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "bad sidecar: not valid JSON"),
        (b"[1, 2]", "bad sidecar: the JSON must be an object"),
        (b'{"title": 5}', "bad sidecar: title must be a string, not int"),
        (b'{"published": "last Friday"}', "bad sidecar: published 'last Friday' is not ISO 8601"),
        (b'{"published": 20170331}', "bad sidecar: published must be an ISO 8601 string"),
    ],
)
def test_parse_sidecar_refuses(raw: bytes, reason: str) -> None:
    with pytest.raises(ReadRefused) as err:
        parse_sidecar(raw)
    assert str(err.value).startswith(reason)
