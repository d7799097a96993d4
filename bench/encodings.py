"""Reading legacy code pages: real pages written in one, read back by transforms.reading.decode.

usage: .venv/bin/python bench/encodings.py [--shared DIR] [--failures]

Takes the plain-text pages of ../shared/eval/clean-dev, ../shared/eval/pubdate-dev and
../shared/seeds (UTF-8, read where they lie), writes each in every code page below that can hold
all of its characters and needs a byte above ASCII for some, decodes the bytes with the pipeline's
reader and counts the pages whose text comes back exactly. A page whose characters a code page
lacks is skipped for that code page, not replaced: the question is whether the reader finds the
code page, not how the page survives one that cannot hold it. `--failures` names the misses and
the code page the reader chose instead.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from transforms.reading import decode  # noqa: E402

CODE_PAGES = ("cp1252", "latin-1", "cp1250", "iso8859_2", "cp1251", "koi8_r", "cp1253")
DIRS = ("eval/clean-dev", "eval/pubdate-dev", "seeds")


def main(argv: list[str] | None = None) -> int:
    """Print, per code page, how many pages the reader reads back exactly."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--failures", action="store_true", help="name the pages read wrongly")
    args = ap.parse_args(argv)
    pages = sorted(p for d in DIRS for p in (args.shared / d).glob("*.txt"))
    if not pages:
        raise SystemExit(f"no pages under {args.shared}")
    right: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    misses = []
    for page in pages:
        text = page.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
        for code_page in CODE_PAGES:
            try:
                data = text.encode(code_page)
            except UnicodeEncodeError:
                continue
            if data.isascii():
                continue
            tried[code_page] += 1
            read = decode(data, len(data))
            if read.text == text:
                right[code_page] += 1
            else:
                misses.append((code_page, page.name, read.encoding))
    print(f"{len(pages)} pages; read back exactly, per code page (pages it can hold):")
    for code_page in CODE_PAGES:
        if tried[code_page]:
            print(f"  {code_page:<10} {right[code_page]:>4} / {tried[code_page]:<4}")
    total = sum(tried.values())
    print(f"  {'all':<10} {sum(right.values()):>4} / {total:<4}")
    if args.failures:
        for code_page, name, chosen in misses:
            print(f"  miss: {name} in {code_page}, read as {chosen}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
