"""The `newsetl` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as dt_time
from decimal import Decimal
from pathlib import Path
from typing import Any

from flows.settings import Settings, describe, latest_published, load_settings


def _settings(args: argparse.Namespace) -> Settings:
    """Effective settings with the command line's overrides."""
    return load_settings(
        inbox=getattr(args, "inbox", None),
        warehouse=getattr(args, "warehouse", None),
        data_path=getattr(args, "data_path", None),
        dask_address=getattr(args, "dask_address", None),
    )


def cmd_run(args: argparse.Namespace) -> int:
    """One ingest run now, with a progress bar and a summary."""
    from warehouse.lakehouse import WarehouseError

    settings = _settings(args)
    if not settings.inbox.is_dir():
        print(f"run failed: no inbox folder at {settings.inbox}", file=sys.stderr)
        return 2
    try:  # a bad or unreadable warehouse is a clear error here, not a traceback from a task
        lake = settings.lake
        from warehouse import loader

        known = loader.peek(lake, settings.lock_wait_seconds)
    except WarehouseError as exc:
        print(f"run failed: {exc}", file=sys.stderr)
        return 2
    from flows.runtime import configure_prefect, temporary_server
    from warehouse import runlock

    def waiting(message: str) -> None:
        print(f"newsetl: {message}", file=sys.stderr, flush=True)

    configure_prefect(settings, "INFO" if args.verbose else "WARNING")
    # The run lock comes first: a run that waits for another must not hold the start lock of
    # Prefect's temporary server (the holder of the run lock would wait for that in turn).
    try:
        with (
            runlock.run_lock(
                lake, runlock.holder_name("run"), settings.run_lock_wait_seconds, waiting
            ),
            temporary_server() as server_ready,
        ):
            _start_workers(settings, known)  # the model loads while the server starts
            return _run(args, settings, server_ready)
    except (runlock.RunLocked, WarehouseError) as exc:
        print(f"run failed: {exc}", file=sys.stderr)
        return 2


def _start_workers(settings: Settings, known: dict[str, Any]) -> None:
    """Start the spaCy worker pool now, while Prefect's server starts, when the inbox holds
    files the warehouse has not seen (the flow's own test): the model loads meanwhile."""
    from flows import workers
    from flows.inbox import FolderInbox
    from transforms.manifest import unchanged

    _, changed = unchanged(FolderInbox(settings.inbox).list(), known)
    processes = workers.processes_for(settings.nlp_processes)
    if changed and processes > 0 and not settings.dask_address:
        workers.pool(settings.pipelines, processes).start()


def _run(args: argparse.Namespace, settings: Settings, server_ready: Callable[[], None]) -> int:
    """cmd_run once Prefect's server is starting: wait for it, run the flow, summarise."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from flows import progress
    from flows.ingest import ingest
    from flows.runtime import run_settings

    console = Console(stderr=True)
    console.print(f"newsetl: {settings.inbox} -> {settings.warehouse} (starting Prefect...)")
    started = time.perf_counter()
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    task_id = bar.add_task("files", total=None)
    progress.listen(
        lambda done, total: bar.update(task_id, completed=done, total=total),
        lambda message: console.print(f"newsetl: {message}"),
    )
    try:
        server_ready()
        with bar, run_settings():
            summary = ingest(
                inbox=str(settings.inbox),
                warehouse=str(settings.warehouse),
                data_path=settings.data_path or None,
                dask_address=settings.dask_address or None,
            )
    except Exception as exc:  # the run itself failed: say why, exit non-zero
        print(f"run failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        progress.listen(None)
    elapsed = time.perf_counter() - started
    print(
        f"run {summary['run_id']} {summary['status']}: "
        f"{summary['seen']} files seen, {summary['loaded']} loaded, "
        f"{summary['quarantined']} quarantined, {summary['duplicate']} duplicate, "
        f"{summary['unchanged']} unchanged (already seen) in {elapsed:.1f} s"
    )
    if summary["deferred"]:
        print(f"  {summary['deferred']} file(s) still being written: left for the next run")
    blocked: list[str] = summary["blocked"]
    for reason in blocked:
        print(f"  batch blocked: {reason}")
    for anomaly in summary.get("anomalies", []):
        print(f"  anomaly: {anomaly}")
    if summary["quarantined"]:
        print("  see why: newsetl quarantine list")
    print(f"warehouse: {settings.warehouse} (snapshot {summary['snapshot']})")
    return 0 if summary["status"] == "completed" else 1


def extract_records(
    paths: Sequence[Path], published: str | None, model: str
) -> list[dict[str, Any]]:
    """Clean and enrich files without loading them: the JSON contract of `newsetl extract`.
    `model`: every language's spaCy pipeline (Settings.pipelines)."""
    from dataclasses import replace

    from transforms import nlp
    from transforms.article import enrich_all, prepare
    from transforms.entities import shared_entities
    from transforms.reading import ReadRefused, decode, parse_sidecar, sha256_hex

    settings = load_settings()
    max_file_bytes = settings.max_file_bytes
    prepared, out = [], []
    for path in paths:
        record: dict[str, Any] = {"file": str(path)}
        try:
            data = path.read_bytes()
            record["sha256"] = sha256_hex(data)
            decoded = decode(data, max_file_bytes)
            sidecar_path = path.with_name(path.name.removesuffix(".txt") + ".meta.json")
            sidecar = parse_sidecar(sidecar_path.read_bytes() if sidecar_path.is_file() else None)
            if published:
                sidecar = replace(
                    sidecar,
                    published=parse_sidecar(
                        json.dumps({"published": published}).encode()
                    ).published,
                )
        except (OSError, ReadRefused) as exc:
            record["error"] = str(exc)
            out.append(record)
            continue
        article = prepare(
            str(path),
            record["sha256"],
            len(data),
            decoded.encoding,
            decoded.text,
            sidecar,
            latest_published(),
            settings.min_body_chars,
        )
        prepared.append((record, article))
        out.append(record)
    articles = enrich_all([a for _, a in prepared], nlp.parse_pipelines(model))
    enriched = [(record, a) for (record, _), a in zip(prepared, articles, strict=True)]
    shared = shared_entities([a.entities for _, a in enriched])
    for (record, a), names in zip(enriched, shared, strict=True):
        record.update(
            title=a.meta.title,
            source=a.meta.source,
            published=a.meta.published,
            published_from=a.meta.published_from,
            language=a.meta.language,
            body=a.cleaned.body,
            entities=[
                {
                    "text": m.text,
                    "label": names[m.entity][1],
                    "start": m.start,
                    "end": m.end,
                    "entity": names[m.entity][0],
                    **place_fields(names[m.entity][1], a.places.get(m.entity)),
                }
                for m in a.entities
            ],
            dates=[
                {
                    "text": d.text,
                    "start": d.start,
                    "end": d.end,
                    "value": d.value,
                    "granularity": d.granularity,
                    "field": field,  # the offsets index into the title or the body
                }
                for field, found in (("title", a.title_dates), ("body", a.dates))
                for d in found
            ],
        )
    return out


def place_fields(label: str, place: Any) -> dict[str, Any]:
    """The GeoNames fields of a GPE/LOC entity object (null where unresolved); none for others."""
    from transforms.places import PLACE_LABELS

    if label not in PLACE_LABELS:
        return {}
    return {
        "geonames_id": place.geonames_id if place else None,
        "country_code": place.country_code if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
    }


def cmd_extract(args: argparse.Namespace) -> int:
    """Print what the pipeline finds in each file, without loading anything."""
    settings = load_settings()
    records = extract_records([Path(p) for p in args.files], args.published, settings.pipelines)
    for r in records:
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
        elif "error" in r:
            print(f"{r['file']}: refused: {r['error']}")
        else:
            print(
                f"{r['file']}\n  title: {r['title']}\n  source: {r['source']}\n"
                f"  published: {r['published']} ({r['published_from']})\n"
                f"  body: {len(r['body'])} chars, {len(r['entities'])} entity mentions, "
                f"{len(r['dates'])} date mentions"
            )
    return 1 if any("error" in r for r in records) else 0


def _read_only(settings: Settings, as_of: str | None = None) -> Any:
    """A read-only connection to the analysts' warehouse (the lake attached as `news`), as it
    is now or as it was when run `as_of` finished."""
    from warehouse import lakehouse, loader

    try:
        con = lakehouse.connect(settings.lake, read_only=True)
        if as_of is None:
            return con
        snapshot = loader.run_snapshot(con, as_of)
        con.close()
        if snapshot is None:
            raise SystemExit(
                f"no snapshot of run {as_of!r}: unknown run, or older than the "
                f"{settings.snapshot_retention_days:g} days of snapshots kept "
                "(snapshot_retention_days)"
            )
        return lakehouse.connect(settings.lake, read_only=True, snapshot=snapshot)
    except lakehouse.WarehouseError as exc:
        raise SystemExit(str(exc)) from exc


def _json_value(value: Any) -> Any:
    """A JSON-friendly form of a value DuckDB returns."""
    if isinstance(value, date | datetime | dt_time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def print_json(con: Any, query: str) -> None:
    """Print a query's result as one JSON array of row objects."""
    cursor = con.execute(query)
    if cursor.description is None:
        print("[]")
        return
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, map(_json_value, row), strict=True)) for row in cursor.fetchall()]
    print(json.dumps(rows, ensure_ascii=False))


def cmd_sql(args: argparse.Namespace) -> int:
    """Query the analysts' warehouse read-only; with no query, a small interactive shell."""
    import duckdb

    from warehouse.lakehouse import reading

    settings = _settings(args)
    con = _read_only(settings, args.as_of)
    if args.json:
        if not args.query:
            print("sql --json needs a query", file=sys.stderr)
            return 2
        try:
            with reading(settings.lake):
                print_json(con, args.query)
        except duckdb.Error as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    queries = [args.query] if args.query else None
    if queries is None:
        print("newsetl sql: read-only DuckDB shell on the warehouse; end with Ctrl-D")
    while True:
        if queries is not None:
            if not queries:
                break
            query = queries.pop()
        else:
            try:
                query = input("newsetl> ")
            except EOFError:
                print()
                break
            if not query.strip():
                continue
        try:
            with reading(settings.lake):
                rel = con.sql(query)
                if rel is not None:
                    rel.show(max_width=200, max_rows=args.max_rows)
        except duckdb.Error as exc:
            print(f"error: {exc}", file=sys.stderr)
            if queries is not None:
                return 1
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Full-text search (BM25) over article bodies in the analysts' warehouse."""
    from warehouse.lakehouse import reading
    from warehouse.search import SearchError, search

    settings = _settings(args)
    con = _read_only(settings)
    try:
        with reading(settings.lake):
            hits = search(con, " ".join(args.query), args.limit)
    except SearchError as exc:
        print(f"search failed: {exc}", file=sys.stderr)
        return 2
    for key, title, score in hits:
        print(f"{score:7.3f}  {key:>6}  {title}")
    if not hits:
        print("no article matches", file=sys.stderr)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Recent runs with their counts."""
    from warehouse.lakehouse import reading

    settings = _settings(args)
    con = _read_only(settings)
    with reading(settings.lake):
        _show_runs(con, args.limit)
        _show_anomalies(con)
    return 0


def _show_anomalies(con: Any) -> None:
    """Print the open data-quality anomalies (the latest value of their series)."""
    import duckdb

    from warehouse.monitoring import open_anomalies

    try:
        rows = open_anomalies(con)
    except duckdb.CatalogException:  # a warehouse no run has migrated to monitoring yet
        return
    print(f"open anomalies: {len(rows)}" + (" (none)" if not rows else ""))
    for run_id, _, source, metric, observed, low, high, baseline, blocked in rows:
        where = source or "(whole run)"
        flag = " BLOCKED" if blocked else ""
        print(
            f"  {run_id}  {where}  {metric} = {observed:.4g}, expected "
            f"[{low:.4g}, {high:.4g}] ({baseline}){flag}"
        )


def _show_runs(con: Any, limit: int) -> None:
    """Print the latest runs."""
    con.sql(
        "SELECT r.run_id, r.status, r.started_at::TIMESTAMP(0) AS started, "
        "round(r.seconds, 1) AS seconds, r.files_seen AS seen, r.files_loaded AS loaded, "
        "r.files_quarantined AS quarantined, r.files_duplicate AS duplicate, "
        "r.files_unchanged AS unchanged, r.batches_blocked AS blocked, "
        "r.last_snapshot AS snapshot, "
        "count(d.success) AS checks, count(d.success) FILTER (NOT d.success) AS checks_failed "
        "FROM etl_run AS r LEFT JOIN dq_result AS d USING (run_id) GROUP BY ALL "
        f"ORDER BY started DESC LIMIT {int(limit)}"
    ).show(max_width=220)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the scheduled deployment; start a local Prefect server unless one is configured."""
    import os
    import signal

    settings = load_settings(
        inbox=args.inbox,
        warehouse=args.warehouse,
        data_path=args.data_path,
        cron=args.cron,
        prefect_port=args.port,
        prefect_host=args.host,
    )
    from flows.runtime import configure_prefect

    configure_prefect(settings, "INFO")
    from flows.serve import prefect_server, serve

    def _stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        if os.environ.get("PREFECT_API_URL"):
            serve(settings)
        else:
            with prefect_server(
                settings.prefect_port, os.environ, settings.prefect_host
            ) as api_url:
                os.environ["PREFECT_API_URL"] = api_url
                print(f"Prefect server and UI: {api_url.removesuffix('/api')}", flush=True)
                serve(settings)
    except KeyboardInterrupt:
        print("newsetl serve: stopped", flush=True)
    return 0


def cmd_quarantine(args: argparse.Namespace) -> int:
    """List refused files and why; or forget them and run again once the cause is fixed."""
    settings = _settings(args)
    if args.action == "list":
        from warehouse.lakehouse import reading

        con = _read_only(settings)
        with reading(settings.lake):
            rows = con.execute(
                "SELECT path, reason, run_id, seen_at::TIMESTAMP(0) FROM etl_file "
                "WHERE status = 'quarantined' ORDER BY seen_at DESC, path"
            ).fetchall()
        for path, reason, run_id, seen in rows:
            print(f"{path}\t{reason}\t(run {run_id}, {seen})")
        print(f"{len(rows)} quarantined file(s)", file=sys.stderr)
        return 0
    from warehouse import loader, runlock
    from warehouse.lakehouse import WarehouseError

    try:
        with _loading(settings, "quarantine-retry") as con:
            forgotten = loader.forget_quarantined(con, args.paths)
    except (runlock.RunLocked, WarehouseError) as exc:
        print(f"retry failed: {exc}", file=sys.stderr)
        return 2
    for path, reason in forgotten:
        print(f"retrying {path} (was: {reason})")
    if not forgotten:
        print("nothing to retry")
        return 0
    return cmd_run(
        argparse.Namespace(
            inbox=settings.inbox,
            warehouse=settings.warehouse,
            data_path=settings.data_path or None,
            verbose=False,
        )
    )


@contextmanager
def _loading(settings: Settings, command: str) -> Iterator[Any]:
    """The loader's connection to the warehouse under the run lock, named for `command` (a
    waiting command says for which run it waits); closed at the end."""
    from warehouse import loader, runlock

    with runlock.run_lock(
        settings.lake, runlock.holder_name(command), settings.run_lock_wait_seconds
    ):
        con = loader.connect(settings.lake, settings.lock_wait_seconds)
        try:
            yield con
        finally:
            con.close()


def cmd_dq(args: argparse.Namespace) -> int:
    """Build the data-quality dashboards from the analysts' warehouse."""
    from expectations.dashboard import build_dashboards
    from warehouse.lakehouse import WarehouseError

    settings = _settings(args)
    try:
        index = build_dashboards(settings.lake, args.out, settings.docs_dir)
    except (FileNotFoundError, ValueError, WarehouseError) as exc:
        print(f"dq failed: {exc}", file=sys.stderr)
        return 2
    print(f"dashboards: {index}")
    return 0


def cmd_maintain(args: argparse.Namespace) -> int:
    """Compact the lake, expire old snapshots and delete unused files now (runs do it too)."""
    from warehouse import lakehouse, maintenance, runlock
    from warehouse.lakehouse import WarehouseError

    settings = _settings(args)
    try:
        with _loading(settings, "maintain") as con:
            before = maintenance.file_count(con)
            with lakehouse.maintaining(settings.lake, settings.lock_wait_seconds) as free:
                if not free:
                    raise WarehouseError("queries kept running: try again")
                seconds = maintenance.maintain(con, settings.retention, compact=True)
            after = maintenance.file_count(con)
    except (runlock.RunLocked, WarehouseError) as exc:
        print(f"maintain failed: {exc}", file=sys.stderr)
        return 2
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items())
    print(f"data files {before[0]} -> {after[0]}, delete files {before[1]} -> {after[1]} ({steps})")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Carry a warehouse of the earlier format into the (new, empty) DuckLake warehouse."""
    from warehouse import legacy, runlock
    from warehouse.lakehouse import WarehouseError

    settings = _settings(args)
    try:
        with _loading(settings, "migrate") as con:
            counts = legacy.import_legacy(con, Path(args.source))
    except (runlock.RunLocked, WarehouseError) as exc:
        print(f"migrate failed: {exc}", file=sys.stderr)
        return 2
    copied = ", ".join(f"{t} {n}" for t, n in counts.items())
    print(f"migrated {legacy.loader_file(Path(args.source))} into {settings.warehouse}: {copied}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """Print the effective settings."""
    for key, value in describe(_settings(args)).items():
        print(f"{key} = {value}")
    return 0


def _lake_options(command: argparse.ArgumentParser) -> None:
    """--warehouse and --data-path, on every command that opens the warehouse."""
    command.add_argument(
        "--warehouse",
        help="DuckLake catalog: a .sqlite file or postgres:<libpq string> "
        "(default data/warehouse.sqlite)",
    )
    command.add_argument(
        "--data-path", help="where its Parquet files are: a folder or an s3:// prefix"
    )


def parser() -> argparse.ArgumentParser:
    """The command line's grammar."""
    p = argparse.ArgumentParser(prog="newsetl", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="one ingest run now")
    run.add_argument("--inbox", type=Path)
    _lake_options(run)
    run.add_argument("-v", "--verbose", action="store_true", help="show Prefect's logs")
    run.add_argument("--dask-address", help="run enrichment on this Dask scheduler")
    run.set_defaults(func=cmd_run)

    ext = sub.add_parser("extract", help="clean and enrich files without loading")
    ext.add_argument("files", nargs="+")
    ext.add_argument("--published", help="publication date to resolve against (ISO 8601)")
    ext.add_argument("--json", action="store_true", help="one JSON object per file")
    ext.set_defaults(func=cmd_extract)

    sql = sub.add_parser("sql", help="query the warehouse (read-only)")
    sql.add_argument("query", nargs="?")
    _lake_options(sql)
    sql.add_argument("--json", action="store_true", help="print one JSON array of row objects")
    sql.add_argument("--as-of", metavar="RUN_ID", help="the warehouse as it was after that run")
    sql.add_argument("--max-rows", type=int, default=40)
    sql.set_defaults(func=cmd_sql)

    find = sub.add_parser("search", help="full-text search over article bodies (BM25)")
    find.add_argument("query", nargs="+")
    find.add_argument("--limit", type=int, default=10)
    _lake_options(find)
    find.set_defaults(func=cmd_search)

    status = sub.add_parser("status", help="recent runs")
    _lake_options(status)
    status.add_argument("--limit", type=int, default=10)
    status.set_defaults(func=cmd_status)

    srv = sub.add_parser("serve", help="run the scheduled deployment (cron from config)")
    srv.add_argument("--inbox", type=Path)
    _lake_options(srv)
    srv.add_argument("--cron", help="cron schedule (default from settings: every 15 minutes)")
    srv.add_argument("--port", type=int, help="port of the local Prefect server (default 4200)")
    srv.add_argument(
        "--host",
        help="where the local Prefect server and UI listen (default 127.0.0.1; 0.0.0.0 for "
        "every interface, as in a container)",
    )
    srv.set_defaults(func=cmd_serve)

    quar = sub.add_parser("quarantine", help="refused files: list them, or retry after a fix")
    quar.add_argument("action", choices=["list", "retry"])
    quar.add_argument("paths", nargs="*", help="with retry: only these inbox paths")
    quar.add_argument("--inbox", type=Path)
    _lake_options(quar)
    quar.set_defaults(func=cmd_quarantine)

    dq = sub.add_parser("dq", help="build the data-quality dashboards")
    dq.add_argument("--out", type=Path, default=Path("data/dashboards"))
    _lake_options(dq)
    dq.set_defaults(func=cmd_dq)

    maintain = sub.add_parser("maintain", help="compact files, expire snapshots (runs do it too)")
    _lake_options(maintain)
    maintain.set_defaults(func=cmd_maintain)

    migrate = sub.add_parser("migrate", help="carry an earlier-format warehouse into this one")
    migrate.add_argument(
        "--from",
        dest="source",
        required=True,
        help="the earlier warehouse.duckdb (or its loader file)",
    )
    _lake_options(migrate)
    migrate.set_defaults(func=cmd_migrate)

    config = sub.add_parser("config", help="the effective settings")
    config.add_argument("--inbox", type=Path)
    _lake_options(config)
    config.set_defaults(func=cmd_config)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `newsetl` command; returns its exit code."""
    args = parser().parse_args(argv)
    return int(args.func(args))


def entry() -> None:
    """The `newsetl` console script: main(), then, after `run`, a quick exit. Output piped
    into a command that stops reading (`| head`) ends it quietly, as other tools do."""
    import signal

    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    code = main()
    if sys.argv[1:2] == ["run"]:
        exit_now(code)
    sys.exit(code)


def exit_now(code: int) -> None:
    """Leave without the interpreter's teardown, which spends about 1.5 s freeing what GX,
    pandas and Prefect built. By the end of `run` the warehouse is closed, Prefect's logs and
    events are delivered and its server stopped; the spaCy workers are stopped here (their
    semaphores released, or the resource tracker warns), then output and logs flushed."""
    import logging
    import multiprocessing.util

    from flows import workers

    workers.shutdown_all()  # workers stopped, their queues' semaphores released
    # multiprocessing's own exit hook (private): its finalisers, as a normal exit runs them
    getattr(multiprocessing.util, "_exit_function", lambda: None)()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
