"""A harder, SYNTHETIC publication-date check: real pages with a known date, perturbed.

usage: python bench/pubdate_synthetic.py [--shared DIR] [--verbose]

The development pages score 66/66, so they hide the errors seen on held-out pages. This
check rewrites each pubdate-dev page (and each dated seed) in the ways those errors arise and
asks for the same answer (or for none where the page no longer states it):

- update-after / update-before / update-same-line: an "Updated" stamp one day later, written
  like the publication date, on the line after it, the line before it, or beside it;
- comments: three comment stamps one to three days later after the article's last line;
- related: a "Related stories" list of dated headlines (a day or two either side) after it;
- numeric-line / numeric-all: the publication date (or every full date of the page) written in
  numbers the way the site's country writes them (08/11/2023 in Ireland, 11/08/2023 in the US);
- language: the publication date in another language's words, after a weekday
  ("Mittwoch, 8. November 2023", "mercredi 8 novembre 2023", "8 listopada 2023") or as ISO
  8601 with a zone ("2023-11-08T17:49:00+01:00");
- relative: every line that dates the article says "3 hours ago" instead (expected: none).
- short-year: the publication date as "05 Mar 24" (day, English month, two-digit year);
- no-year: the publication date without its year, in the site's order ("5 March", "March 5"),
  on a page whose copyright line says the year (its years set to the gold year, or a
  "© YEAR" line added after the last line): sites leave out the current year.

The publication line is the first line of at most 20 words that writes the gold date. Pages are
built in memory from the shared data; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms.clean import analyse, clean_page, page_lines  # noqa: E402
from transforms.metadata import dates_in_line, extract_metadata  # noqa: E402
from transforms.records import Sidecar  # noqa: E402

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
MAX_LINE_WORDS = 20
SEED = 23

# Where the site's country writes numeric dates day first (the pages' domains; the rest of
# pubdate-dev are US sites, which write month first). Synthetic labels: say so in reports.
DAY_FIRST_TLDS = (".uk", ".ie", ".in", ".au", ".fr", ".de", ".kr", ".pk", ".nz")
DAY_FIRST_SITES = (
    "hindustantimes.com",
    "indiatimes.com",
    "ndtv.com",
    "timesofisrael.com",
    "thefrontierpost.com",
    "urdupoint.com",
    "thebrag.com",
    "politicalite.com",
    "northernirelandworld.com",
    "theguardian.com",
    "medef.com",
    "au.news.yahoo.com",
    "irishtimes.com",
    "mdavis.xyz",
    "springer.com",
    "reuters.com",
)
MONTHS = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
    " diciembre",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października"
    " listopada grudnia",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre"
    " dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro"
    " dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
WEEKDAYS = {
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "pl": "poniedziałek wtorek środa czwartek piątek sobota niedziela",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
}
EN_MONTHS = "January February March April May June July August September October November December"


class Page:
    """One gold page as lines, with where its publication date is written."""

    def __init__(self, name: str, text: str, gold: str, url: str | None) -> None:
        self.name, self.gold, self.url = name, date.fromisoformat(gold[:10]), url
        self.lines = page_lines(text)
        self.pub = self._locate()

    def _locate(self) -> tuple[int, int, int] | None:
        """(raw line index, start, end) of the first short line writing the gold date."""
        for i, line in enumerate(self.lines):
            if not line.strip() or len(line.split()) > MAX_LINE_WORDS:
                continue
            for c in dates_in_line(0, line):
                if c.iso[:10] == self.gold.isoformat():
                    return i, c.start, c.end
        return None

    def day_first(self) -> bool:
        """Whether the site's country writes numeric dates day first (synthetic label)."""
        host = urlparse(self.url or "").hostname or ""
        return host.endswith(DAY_FIRST_TLDS) or any(host.endswith(s) for s in DAY_FIRST_SITES)

    def written(self) -> str:
        """The publication date as the page writes it."""
        assert self.pub
        i, s, e = self.pub
        return self.lines[i][s:e]

    def with_lines(self, lines: list[str]) -> str:
        """Page text from lines."""
        return "\n".join(lines)


def shifted(written: str, gold: date, days: int) -> str:
    """The date as written, moved by `days` (the day number replaced; month kept)."""
    new = gold + timedelta(days=days if 1 <= gold.day + days <= 28 else -days)
    for pad in (f"{gold.day:02d}", str(gold.day)):
        k = _day_index(written, pad, gold)
        if k >= 0:
            repl = f"{new.day:02d}" if len(pad) == 2 else str(new.day)
            return written[:k] + repl + written[k + len(pad) :]
    return written


def _day_index(written: str, pad: str, gold: date) -> int:
    """Where the day number sits in a written date (not inside the year or the month)."""
    k = -1
    while (k := written.find(pad, k + 1)) >= 0:
        before = written[k - 1] if k else " "
        after = written[k + len(pad)] if k + len(pad) < len(written) else " "
        if before.isdigit() or after.isdigit():
            continue
        # In a numeric date the month's number could equal the day's: take the day's place.
        return k
    return -1


def numeric(d: date, day_first: bool, short_year: bool) -> str:
    """A date in numbers: 08/11/2023 (day first) or 11/08/2023, or with a two-digit year."""
    year = f"{d.year % 100:02d}" if short_year else str(d.year)
    a, b = (d.day, d.month) if day_first else (d.month, d.day)
    return f"{a:02d}/{b:02d}/{year}"


def in_language(d: date, lang: str) -> str:
    """A date in another language's words after its weekday."""
    weekday = WEEKDAYS[lang].split()[d.weekday()]
    month = MONTHS[lang].split()[d.month - 1]
    if lang == "de":
        return f"{weekday}, {d.day}. {month} {d.year}"
    if lang in ("es", "pt"):
        return f"{weekday}, {d.day} de {month} de {d.year}"
    return f"{weekday} {d.day} {month} {d.year}"


def body_end(text: str) -> int:
    """Raw line index just after the article's last body line."""
    cleaned = clean_page(text)
    return max(cleaned.kept_lines) if cleaned.kept_lines else len(page_lines(text))


Variant = Callable[[Page, random.Random], tuple[str, str | None]]


def update_after(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """An update stamp a day later on the line after the publication line."""
    i = p.pub[0]  # type: ignore[index]
    lines = [
        *p.lines[: i + 1],
        "",
        f"Updated: {shifted(p.written(), p.gold, 1)}",
        *p.lines[i + 1 :],
    ]
    return p.with_lines(lines), p.gold.isoformat()


def update_before(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """An update stamp a day later on the line before the publication line."""
    i = p.pub[0]  # type: ignore[index]
    lines = [*p.lines[:i], f"Last updated {shifted(p.written(), p.gold, 1)}", "", *p.lines[i:]]
    return p.with_lines(lines), p.gold.isoformat()


def update_same_line(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """An unlabelled update stamp beside the publication date, then a labelled one."""
    i, s, e = p.pub  # type: ignore[misc]
    line = p.lines[i]
    stamp = shifted(p.written(), p.gold, 1)
    lines = [*p.lines[:i], f"{line[:e]} | Updated {stamp}{line[e:]}", *p.lines[i + 1 :]]
    return p.with_lines(lines), p.gold.isoformat()


def comments(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """Three comments with later stamps after the article's last line."""
    text = p.with_lines(p.lines)
    end = body_end(text)
    block = ["", "3 Comments", ""]
    for k, name in enumerate(("Alex Morgan", "Sam Lee", "Chris Diaz"), 1):
        # Comments come later: the same day where a later day would change the month.
        when = shifted(p.written(), p.gold, k) if p.gold.day + k <= 28 else p.written()
        block += [
            f"{name} says:",
            "",
            f"{when} at {9 + k}:{17 * k:02d} am",
            "",
            "Thanks for this.",
            "",
            "Reply",
            "",
        ]
    return p.with_lines([*p.lines[:end], *block, *p.lines[end:]]), p.gold.isoformat()


def related(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """A list of related stories dated a day or two either side after the article."""
    text = p.with_lines(p.lines)
    end = body_end(text)
    heads = (
        "Council approves new budget after long debate",
        "Storm leaves thousands without power overnight",
        "Local team wins title in dramatic final",
        "Officials announce changes to city transport",
    )
    block = ["", "Related stories", ""]
    for head, days in zip(heads, (-1, 1, -2, 2), strict=True):
        block += [head, "", shifted(p.written(), p.gold, days), ""]
    return p.with_lines([*p.lines[:end], *block, *p.lines[end:]]), p.gold.isoformat()


def numeric_line(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """The publication date in numbers, as the site's country writes them."""
    i, s, e = p.pub  # type: ignore[misc]
    line = p.lines[i]
    new = numeric(p.gold, p.day_first(), rng.random() < 0.5)
    return p.with_lines(
        [*p.lines[:i], line[:s] + new + line[e:], *p.lines[i + 1 :]]
    ), p.gold.isoformat()


def numeric_all(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """Every full date of the page in numbers, as the site's country writes them."""
    short = rng.random() < 0.5
    out = []
    for line in p.lines:
        for c in reversed(dates_in_line(0, line)):
            line = (
                line[: c.start]
                + numeric(date.fromisoformat(c.iso[:10]), p.day_first(), short)
                + line[c.end :]
            )
        out.append(line)
    return p.with_lines(out), p.gold.isoformat()


def language(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """The publication date in another language's words, or ISO 8601 with a zone."""
    i, s, e = p.pub  # type: ignore[misc]
    line = p.lines[i]
    lang = rng.choice([*WEEKDAYS, "iso"])
    new = f"{p.gold.isoformat()}T17:49:00+01:00" if lang == "iso" else in_language(p.gold, lang)
    return p.with_lines(
        [*p.lines[:i], line[:s] + new + line[e:], *p.lines[i + 1 :]]
    ), p.gold.isoformat()


def relative(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """Every short line writing the publication date says "3 hours ago" instead."""
    out = []
    for line in p.lines:
        if line.strip() and len(line.split()) <= MAX_LINE_WORDS:
            for c in reversed(dates_in_line(0, line)):
                if c.iso[:10] == p.gold.isoformat():
                    line = line[: c.start] + "3 hours ago" + line[c.end :]
        out.append(line)
    return p.with_lines(out), None


def short_year(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """The publication date as "05 Mar 24"."""
    i, s, e = p.pub  # type: ignore[misc]
    line = p.lines[i]
    month = EN_MONTHS.split()[p.gold.month - 1][:3]
    new = f"{p.gold.day:02d} {month} {p.gold.year % 100:02d}"
    return p.with_lines(
        [*p.lines[:i], line[:s] + new + line[e:], *p.lines[i + 1 :]]
    ), p.gold.isoformat()


COPYRIGHT_YEAR = re.compile(
    r"((?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d\s*[-–]\s*)?)(?:19|20)\d\d", re.I
)


def no_year(p: Page, rng: random.Random) -> tuple[str, str | None]:
    """The publication date without its year, the page's copyright year the gold year."""
    i, s, e = p.pub  # type: ignore[misc]
    month = EN_MONTHS.split()[p.gold.month - 1]
    new = f"{p.gold.day} {month}" if p.day_first() else f"{month} {p.gold.day}"
    lines = [*p.lines[:i], p.lines[i][:s] + new + p.lines[i][e:], *p.lines[i + 1 :]]
    year = str(p.gold.year)
    marked = [COPYRIGHT_YEAR.sub(lambda m: m[1] + year, line) for line in lines]
    if marked == lines:
        marked += ["", f"© {year} {urlparse(p.url or '').hostname or 'The Publisher'}"]
    return p.with_lines(marked), p.gold.isoformat()


VARIANTS: dict[str, Variant] = {
    "update-after": update_after,
    "update-before": update_before,
    "update-same-line": update_same_line,
    "comments": comments,
    "related": related,
    "numeric-line": numeric_line,
    "numeric-all": numeric_all,
    "language": language,
    "relative": relative,
    "short-year": short_year,
    "no-year": no_year,
}


def gold_pages(shared: Path) -> Iterator[Page]:
    """pubdate-dev pages and the dated seeds, with their gold dates."""
    data = shared / "eval" / "pubdate-dev"
    for name, g in json.loads((data / "gold.json").read_text()).items():
        yield Page(name, (data / name).read_text(encoding="utf-8"), g["published"], g.get("url"))
    for doc in json.loads((shared / "gold" / "seeds.json").read_text())["documents"]:
        if doc["published"]:
            text = (shared / "seeds" / doc["file"]).read_text(encoding="utf-8")
            yield Page(doc["file"], text, doc["published"], None)


def synthetic_cases(shared: Path) -> Iterator[tuple[str, str, str, str | None]]:
    """(variant, page name, perturbed text, expected date or None) for every page located."""
    for page in gold_pages(shared):
        if page.pub is None:
            continue
        for name, variant in VARIANTS.items():
            if name.startswith("numeric") and not page.url:
                continue  # no site, no country to write its numbers
            rng = random.Random(f"{SEED}:{name}:{page.name}")
            text, want = variant(page, rng)
            yield name, page.name, text, want


def predict(text: str) -> str | None:
    """The system's publication date for a page."""
    analyse.cache_clear()
    return extract_metadata(text, clean_page(text), Sidecar()).published


def run(shared: Path, verbose: bool = False) -> dict[str, tuple[int, int]]:
    """Correct and total per variant."""
    tally: Counter[tuple[str, str]] = Counter()
    for variant, name, text, want in synthetic_cases(shared):
        got = predict(text)
        ok = (got or "")[:10] == (want or "")[:10]
        tally[variant, "n"] += 1
        tally[variant, "ok"] += ok
        if verbose and not ok:
            print(f"  synthetic miss {variant} {name}: got {got} want {want}")
    return {v: (tally[v, "ok"], tally[v, "n"]) for v in VARIANTS}


def report(results: dict[str, tuple[int, int]]) -> list[str]:
    """One line per variant and the total."""
    ok = sum(c for c, _n in results.values())
    n = sum(n for _c, n in results.values())
    lines = [f"{v}: {c}/{t}" for v, (c, t) in results.items()]
    return [*lines, f"all variants: {ok}/{n} = {ok / n:.3f}" if n else "no pages"]


def main(argv: list[str] | None = None) -> None:
    """Print the synthetic check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    print("SYNTHETIC pubdate check (perturbed pubdate-dev pages and seeds):")
    for line in report(run(args.shared, args.verbose)):
        print("   ", line)


if __name__ == "__main__":
    main()
