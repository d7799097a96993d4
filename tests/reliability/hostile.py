"""A generator of hostile inbox files and the outcome each must get.

`build(inbox, seeds, outside)` writes every kind into `inbox` (symlink targets into `outside`)
and returns {path: Expected}. The table of kinds and outcomes in docs/reference.md says the same in
words.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from flows.settings import Settings

MAX_FILE_BYTES = Settings().max_file_bytes  # the default limit


@dataclass(frozen=True)
class Expected:
    """What must become of a file: its etl_file status and reason prefix, or no record."""

    status: str  # loaded, quarantined, duplicate, ignored (never listed), deferred (no record)
    reason: str | None = None  # the start of etl_file.reason
    contains: str | None = None  # text the loaded body must contain


GERMAN = (
    "Die Bundesregierung hat am Dienstag in Berlin ein neues Gesetz zur Energiepolitik "
    "beschlossen. Die Ministerin sagte, dass die Preise für Strom und Gas in den nächsten "
    "Monaten sinken sollen, und dass die Regierung die Bürger mit einem Zuschuss "
    "entlasten will.\n\n"
    "Kritiker aus der Opposition warfen der Regierung vor, das Gesetz sei zu spät gekommen und "
    "reiche nicht aus, um die hohen Kosten für die Haushalte und die Unternehmen zu decken. Die "
    "Debatte im Bundestag soll in der kommenden Woche beginnen, wie ein Sprecher mitteilte.\n\n"
    "Nach Angaben des Statistischen Bundesamtes sind die Verbraucherpreise im vergangenen Jahr "
    "so stark gestiegen wie seit Jahrzehnten nicht mehr, vor allem wegen der Energiekosten.\n"
)
FIRST = "Anna Peter Maria Jonas Sofia Lukas Elena Tomas Clara Jakob Ines Milan Rosa Viktor".split()
LAST = "Kowalski Novak Berger Lindqvist Moreau Ferreira Costa Havel Dvorak Brandt Jansen".split()


def many_entities(n_sentences: int) -> str:
    """An article naming thousands of people and places, one sentence after another."""
    cities = "Vienna Prague Lisbon Oslo Madrid Dublin Warsaw Athens Zagreb Riga".split()
    out = []
    for i in range(n_sentences):
        a = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
        b = f"{FIRST[(i + 5) % len(FIRST)]} {LAST[(i + 3) % len(LAST)]}"
        out.append(
            f"On the morning of the meeting, the regional minister {a} said that she had met "
            f"with {b} in {cities[i % len(cities)]} to talk about budget plan number {i}."
        )
    return "Leaders meet across Europe\n\n" + "\n\n".join(
        " ".join(out[i : i + 5]) for i in range(0, len(out), 5)
    )


def build(inbox: Path, seeds: list[str], outside: Path) -> dict[str, Expected]:
    """Write every hostile kind into `inbox`; returns the outcome each path must get."""
    inbox.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expected] = {}
    base = seeds[2]  # the Inquirer article: plain ASCII-safe prose with a dateline

    def put(name: str, data: bytes, outcome: Expected) -> None:
        path = inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = outcome

    def variant(tag: str) -> str:
        return base + f"\n\nThis edition was filed as {tag}.\n"

    put("empty.txt", b"", Expected("quarantined", "empty file"))
    put("whitespace.txt", b"  \n\t \r\n   \n", Expected("quarantined", "no text: whitespace only"))
    put(
        "image.txt",
        b"\x89PNG\r\n\x1a\n" + os.urandom(4000),
        Expected("quarantined", "binary: PNG image"),
    )
    nul = variant("nul").encode()
    put("nul-inside.txt", nul[:500] + b"\x00" + nul[500:], Expected("loaded"))
    bad = variant("invalid utf-8").encode()
    put("invalid-utf8.txt", bad[:300] + b"\xff\xfe\xfa" + bad[300:], Expected("loaded"))
    accented = variant("latin").replace("Brussels", "Bruxelles, où l'été était déjà là")
    put(
        "latin1.txt", accented.encode("latin-1", "replace"), Expected("loaded", contains="où l'été")
    )
    put(
        "cp1252.txt",
        variant("cp1252").encode("cp1252", "replace"),
        Expected("loaded", contains="“"),
    )
    put("utf16-bom.txt", variant("utf-16").encode("utf-16"), Expected("loaded"))
    put("utf8-bom.txt", b"\xef\xbb\xbf" + variant("utf-8 bom").encode(), Expected("loaded"))
    put("cr-only.txt", variant("cr only").replace("\n", "\r").encode(), Expected("loaded"))
    mixed = variant("mixed").split("\n")
    put(
        "mixed-endings.txt",
        "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(mixed)).encode(),
        Expected("loaded"),
    )
    put(
        "oversize.txt",
        (variant("big") * 800).encode()[: MAX_FILE_BYTES + 10],
        Expected("quarantined", "oversize:"),
    )
    put("one-line-5mb.txt", b"word " * 1_000_000, Expected("quarantined", "oversize:"))
    put("growing.txt", variant("growing").encode(), Expected("deferred"))
    (inbox / "dangling.txt").symlink_to(inbox / "no-such-file")
    expected["dangling.txt"] = Expected("quarantined", "unreadable: No such file or directory")
    secret = outside / "secret.txt"
    secret.write_text(variant("outside"))
    (inbox / "symlink-outside.txt").symlink_to(secret)
    expected["symlink-outside.txt"] = Expected("quarantined", "symlink leads outside the inbox")
    os.mkfifo(inbox / "fifo.txt")
    expected["fifo.txt"] = Expected("quarantined", "not a regular file")
    if os.geteuid() != 0:  # root reads anything: the permission case needs an ordinary user
        put(
            "no-permission.txt",
            variant("perm").encode(),
            Expected("quarantined", "unreadable: Permission denied"),
        )
        (inbox / "no-permission.txt").chmod(0)
    for name in ("name with spaces.txt", "ünïcödé name.txt", "-leading-dash.txt", "new\nline.txt"):
        put(name, variant(name).encode(), Expected("loaded"))
    same = variant("same content").encode()
    put("copy-a.txt", same, Expected("loaded"))
    put("copy-b.txt", same, Expected("duplicate", "same content as copy-a.txt"))
    put("rewrite.txt", variant("first version").encode(), Expected("loaded"))
    sidecars = {
        "malformed-meta": (b"{not json", "bad sidecar: not valid JSON"),
        "wrong-type-meta": (b'{"title": 5}', "bad sidecar: title must be a string, not int"),
        "future-meta": (
            b'{"published": "2999-01-01"}',
            "failed expectations: article.expect_column_values_to_be_between(published_at)",
        ),
        "absurd-meta": (
            b'{"published": "1066-10-14"}',
            "failed expectations: article.expect_column_values_to_be_between(published_at)",
        ),
    }
    for stem, (meta, reason) in sidecars.items():
        put(f"{stem}.txt", variant(stem).encode(), Expected("quarantined", reason))
        (inbox / f"{stem}.meta.json").write_bytes(meta)
    put("good-meta.txt", variant("good meta").encode(), Expected("loaded"))
    (inbox / "good-meta.meta.json").write_text(
        json.dumps(
            {"published": "2017-03-31", "source": "Sidecar Source", "title": "Sidecar Title"}
        )
    )
    put(
        "only-furniture.txt",
        b"Home\nNews\nSubscribe to our newsletter\nCookie settings\nAccept all cookies\n"
        b"Follow us on Facebook\n\xc2\xa9 2024 Example Media. All rights reserved.\n",
        Expected(
            "quarantined",
            "failed expectations: article.expect_column_value_lengths_to_be_between(body)",
        ),
    )
    put("german.txt", ("Neues Energiegesetz beschlossen\n\n" + GERMAN).encode(), Expected("loaded"))
    put(
        "script-and-sql.txt",
        (
            variant("script").replace(
                "Meeting with NATO foreign ministers",
                "<script>alert('x')</script> Officials typed '; DROP TABLE fact_article; -- "
                "into the form, and meeting with NATO foreign ministers",
            )
        ).encode(),
        Expected("loaded", contains="DROP TABLE fact_article"),
    )
    put("many-entities.txt", many_entities(1500).encode(), Expected("loaded"))
    put("nested/deeper/nested.txt", variant("nested").encode(), Expected("loaded"))
    put(".hidden.txt", variant("hidden").encode(), Expected("ignored"))
    put(".hidden-dir/inside.txt", variant("hidden dir").encode(), Expected("ignored"))
    put("notes.md", b"not an article", Expected("ignored"))
    return expected
