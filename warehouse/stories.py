"""Stories in the warehouse: each batch's articles join the story of an earlier copy, or open one.

The LSH index lives in the lake as a table, `story_band (band_key, article_key)`: every article's
MinHash band keys (transforms/stories.py). Nothing is rebuilt or held between runs: a batch's
candidates are the articles sharing a band with one of its own, found by one join of the batch's
band keys against the table, inside the batch's transaction (so a copy in the next batch, or
the next run, finds this batch's articles). The candidates' signatures (`story_sketch`) shortlist
the few that may be copies; where the signatures alone are not sure, the bodies are read back
from dim_article and compared on their shingles; the batch's articles are compared with each
other exactly. Story keys are the next
after the largest, like every surrogate key of the lake.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import duckdb
import polars as pl

from transforms import stories
from warehouse.lakehouse import registered

# Rows per Parquet row group of dim_article: the story check reads a few bodies back by key,
# and a reader decompresses whole row groups (DuckDB's default, 122,880 rows, would make each
# read cost as much as the whole history's bodies once maintenance merged the files)
BODY_ROW_GROUP = 1024

NEW_STORY_SCHEMA = {"story_key": pl.Int64, "first_article_key": pl.Int64, "first_run_id": pl.String}


def _candidates(con: duckdb.DuckDBPyConnection, bands: pl.DataFrame) -> dict[int, list[int]]:
    """For each batch article, the warehouse's articles sharing most bands with it."""
    with registered(con, b_story_bands=bands):
        rows = con.execute(
            """
            SELECT b.article_key, s.article_key AS earlier, count(*) AS shared
            FROM b_story_bands AS b
            JOIN story_band AS s USING (band_key)
            GROUP BY b.article_key, s.article_key
            QUALIFY row_number() OVER (
                PARTITION BY b.article_key ORDER BY shared DESC, earlier
            ) <= ?
            """,
            [stories.MAX_CANDIDATES],
        ).fetchall()
    out: dict[int, list[int]] = defaultdict(list)
    for key, earlier, _ in sorted(rows, key=lambda r: (r[0], -r[2], r[1])):
        out[key].append(earlier)
    return out


def _sketches(con: duckdb.DuckDBPyConnection, keys: set[int]) -> dict[int, stories.Sketch]:
    """The stored story, shingle count and signature of warehouse articles."""
    if not keys:
        return {}
    rows = con.execute(
        "SELECT article_key, story_key, shingles, minhash FROM story_sketch "
        "WHERE article_key IN (SELECT unnest(?))",
        [sorted(keys)],
    ).fetchall()
    return {k: stories.Sketch(story, size, bytes(sketch)) for k, story, size, sketch in rows}


def _known(
    con: duckdb.DuckDBPyConnection, sketches: dict[int, stories.Sketch], keys: set[int]
) -> dict[int, stories.Known]:
    """The story and exact shingles of warehouse articles, from their bodies."""
    if not keys:
        return {}
    rows = con.execute(
        "SELECT article_key, body FROM dim_article WHERE article_key IN (SELECT unnest(?))",
        [sorted(keys)],
    ).fetchall()
    return {
        k: stories.Known(sketches[k].story, grams, len(grams))
        for k, grams in ((k, stories.shingles(body)) for k, body in rows)
    }


def _next_story(con: duckdb.DuckDBPyConnection) -> int:
    """One more than the largest story key (keys are never reused)."""
    row = con.execute("SELECT coalesce(max(story_key), 0) + 1 FROM dim_story").fetchone()
    return int(row[0]) if row else 1


def assign_stories(
    con: duckdb.DuckDBPyConnection, articles: pl.DataFrame, run_id: str, threshold: float
) -> pl.DataFrame:
    """Give each new article `articles (article_key, body)` a story, write the new stories and
    the articles' band keys; returns (article_key, story_key). Call inside the batch's
    transaction, before the articles' fact rows are written."""
    ordered = articles.sort("article_key")
    docs = [stories.make_doc(k, body) for k, body in ordered.select("article_key", "body").rows()]
    bands = pl.DataFrame(
        [(band, d.key) for d in docs for band in dict.fromkeys(d.bands)],
        schema={"band_key": pl.Int64, "article_key": pl.Int64},
        orient="row",
    )
    candidates = _candidates(con, bands)
    sketches = _sketches(con, {k for keys in candidates.values() for k in keys})
    by_key = {d.key: d for d in docs}
    shortlisted = {
        key: stories.shortlist(by_key[key], keys, sketches, threshold)
        for key, keys in candidates.items()
    }
    undecided = {k for listed in shortlisted.values() for k, sure in listed if sure is None}
    known = {  # bodies read back only where the signatures did not decide
        k: stories.Known(sketches[k].story, frozenset(), sketches[k].size)
        for listed in shortlisted.values()
        for k, _ in listed
    } | _known(con, sketches, undecided)
    assigned, new = stories.assign(docs, shortlisted, known, threshold, _next_story(con))
    result = pl.DataFrame(
        {"article_key": [d.key for d in docs], "story_key": assigned},
        schema={"article_key": pl.Int64, "story_key": pl.Int64},
    )
    opened = (
        result.filter(pl.col("story_key").is_in(new))
        .group_by("story_key")
        .agg(pl.col("article_key").min().alias("first_article_key"))
        .with_columns(pl.lit(run_id).alias("first_run_id"))
        .sort("story_key")
        .cast(NEW_STORY_SCHEMA)  # type: ignore[arg-type]
    )
    sketched = pl.DataFrame(
        [
            (d.key, story, len(d.shingles), d.sketch)
            for d, story in zip(docs, assigned, strict=True)
        ],
        schema={
            "article_key": pl.Int64,
            "story_key": pl.Int64,
            "shingles": pl.Int32,
            "minhash": pl.Binary,
        },
        orient="row",
    )
    with registered(con, b_new_stories=opened, b_story_bands=bands, b_story_sketches=sketched):
        con.execute("INSERT INTO dim_story SELECT * FROM b_new_stories")
        con.execute("INSERT INTO story_band SELECT * FROM b_story_bands")
        con.execute("INSERT INTO story_sketch SELECT * FROM b_story_sketches")
    return result


def backfill(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    threshold: float = stories.DEFAULT_THRESHOLD,
    chunk: int = 1000,
) -> int:
    """Stories for the articles loaded without one (a warehouse from before stories, migrated or
    carried over), in key order and chunks; returns how many. Call inside a transaction."""
    keys = [
        k
        for (k,) in con.execute(
            "SELECT article_key FROM fact_article WHERE story_key IS NULL ORDER BY article_key"
        ).fetchall()
    ]
    for start in range(0, len(keys), chunk):
        part = con.execute(
            "SELECT article_key, body FROM dim_article WHERE article_key IN (SELECT unnest(?))",
            [keys[start : start + chunk]],
        ).pl()
        assigned = assign_stories(con, part, run_id, threshold)
        with registered(con, b_backfilled=assigned):
            con.execute(
                "UPDATE fact_article SET story_key = b.story_key FROM b_backfilled AS b "
                "WHERE fact_article.article_key = b.article_key"
            )
    return len(keys)


def batch_rows(con: duckdb.DuckDBPyConnection, run_id: str, at: datetime) -> pl.DataFrame:
    """The stories of the articles a batch loaded (run and load time), with the article that
    opened each (null where the story key does not resolve), for the story suite."""
    return con.execute(
        "SELECT f.article_key, f.story_key, s.first_article_key FROM fact_article AS f "
        "LEFT JOIN dim_story AS s USING (story_key) WHERE f.run_id = ? AND f.loaded_at = ?",
        [run_id, at],
    ).pl()


def configure(con: duckdb.DuckDBPyConnection, alias: str) -> None:
    """Set dim_article's row groups to BODY_ROW_GROUP rows (files written from now on, and
    those maintenance merges)."""
    con.execute(
        f"CALL {alias}.set_option('parquet_row_group_size', ?, table_name => 'dim_article')",
        [BODY_ROW_GROUP],
    )
