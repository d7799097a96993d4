"""Bytes to text: encoding detection, refusals with reasons, and sidecar metadata."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from transforms.records import Sidecar

BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SIDECAR_FIELDS = ("title", "source", "url", "published")
WESTERN = "cp1252"
CHAOS_TIE = 0.06  # charset_normalizer's mess ratios this close count as a tie


class ReadRefused(ValueError):
    """A file that cannot become an article; the message is the quarantine reason."""


@dataclass(frozen=True)
class Decoded:
    """Text of a file and the encoding it was read with."""

    text: str
    encoding: str


def sha256_hex(data: bytes) -> str:
    """Content hash that identifies a file across names and runs."""
    return hashlib.sha256(data).hexdigest()


# A Latin-1 symbol between two letters ("pi¹tek", "rz¹d", "powiedzia³a"): Central European
# letters read with a Western code page, a sign a well-chosen code page leaves in no word (but
# the acute accent of "don´t" and the middle dot of Catalan "col·lecció", which text uses).
_SYMBOL_IN_WORD = re.compile(
    r"(?<=[^\W\d_])[\u00a1-\u00b3\u00b5\u00b6\u00b8-\u00bf\u00d7\u00f7](?=[^\W\d_])"
)


def _decode_guess(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes with the detected charset, or refuse.

    Mostly-ASCII text fits many single-byte code pages about equally well (charset_normalizer's
    mess ratios within CHAOS_TIE). Among those, the fewest symbols inside words wins, then
    Windows-1252 (the web's usual legacy encoding), then charset_normalizer's order. A match
    stands for every code page that gives the same text and is named after one of them
    (German text in Windows-1252 came back as cp1250): Windows-1252 is looked for among all.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ReadRefused("undecodable: no text encoding fits the bytes")
    least_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least_chaos + CHAOS_TIE]

    def preference(rank: int) -> tuple[int, bool, int]:
        match = tied[rank]
        symbols = len(_SYMBOL_IN_WORD.findall(str(match)))
        return symbols, WESTERN not in match.could_be_from_charset, rank

    best = tied[min(range(len(tied)), key=preference)]
    return str(best), WESTERN if WESTERN in best.could_be_from_charset else best.encoding


def decode(data: bytes, max_bytes: int) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16/32 by BOM, else a detected charset; or refuse."""
    if not data:
        raise ReadRefused("empty file")
    if len(data) > max_bytes:
        raise ReadRefused(f"oversize: {len(data)} bytes > limit {max_bytes}")
    for magic, kind in BINARY_MAGIC:
        if data.startswith(magic):
            raise ReadRefused(f"binary: {kind}")
    encoding = next((enc for bom, enc in BOMS if data.startswith(bom)), None)
    try:
        if encoding:
            text = data.decode(encoding)
        else:
            if data.count(b"\x00") > max(2, len(data) // 100):
                raise ReadRefused("binary: NUL bytes throughout")
            text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if encoding:
            raise ReadRefused(f"undecodable: bytes are not valid {encoding}") from None
        text, encoding = _decode_guess(data)
    text = text.replace("\x00", "")
    if len(CONTROL.findall(text)) > max(8, len(text) // 50):
        raise ReadRefused("binary: too many control characters")
    text = CONTROL.sub(" ", text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadRefused("no text: whitespace only")
    return Decoded(text=text, encoding=encoding)


def _iso_published(value: object) -> str:
    """Validate a sidecar publication date as ISO 8601 and return it normalised."""
    if not isinstance(value, str):
        raise ReadRefused(f"bad sidecar: published must be an ISO 8601 string, not {value!r}")
    raw = value.strip()
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw).isoformat()
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ReadRefused(f"bad sidecar: published {value!r} is not ISO 8601") from None
    return parsed.replace(tzinfo=None).isoformat(timespec="minutes")


def parse_sidecar(raw: bytes | None) -> Sidecar:
    """Parse NAME.meta.json; a malformed or wrongly-typed sidecar is refused with a reason."""
    if raw is None:
        return Sidecar()
    try:
        obj = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadRefused(f"bad sidecar: not valid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise ReadRefused("bad sidecar: the JSON must be an object")
    values: dict[str, str | None] = {}
    for key in SIDECAR_FIELDS:
        value = obj.get(key)
        if value is None:
            values[key] = None
        elif key == "published":
            values[key] = _iso_published(value)
        elif isinstance(value, str):
            values[key] = value.strip() or None
        else:
            raise ReadRefused(f"bad sidecar: {key} must be a string, not {type(value).__name__}")
    return Sidecar(**values)
