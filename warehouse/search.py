"""Full-text search over article bodies: an incremental BM25 index in the warehouse's own tables.

DuckDB's `fts` index (PRAGMA create_fts_index) is built whole over one table of one database
file and cannot live in a DuckLake, nor grow by a batch. So each batch's transaction indexes
only the batch's new articles, with the `fts` extension's own tokenizer, English stopwords and
Porter stemmer, into three tables: `fts_term (article_key, term, tf)`,
`fts_doc (article_key, len)` and `fts_vocab (word, term)` (every lower-cased word seen -> its
stem). The warehouse's table macros score with the same BM25 as `fts`'s `match_bm25`
(k1 = 1.2, b = 0.75, same scores):

- `search_terms(stems, k := 10)`: the query already stemmed; `search()` below stems it with
  the extension, exactly as `match_bm25` would;
- `search_articles(query, k := 10)`: for any client without the extension: query words are
  stemmed through `fts_vocab`, and a word no article contains is used as written, so only an
  unseen inflection of a seen stem is missed ("museums" when articles only say "museum").

The extension is loaded from the `duckdb-extension-fts` package's file (no download at run
time). The macros are table macros of the lake: a client runs them after `USE news`.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from warehouse.lakehouse import WarehouseError, load_extension, new_connection

STEMMER = "porter"
K1 = 1.2
B = 0.75

# The fts extension's default tokenizer (PRAGMA create_fts_index, DuckDB 1.5.5).
TOKENIZE = (
    r"string_split_regex(regexp_replace(lower(strip_accents(CAST({s} AS VARCHAR))), "
    r"""'[0-9!@#$%^&*()_+={{}}\[\]:;<>,.?~\\/\|''''"`-]+', ' ', 'g'), '\s+')"""
)

# The BM25 of fts's match_bm25 over the published parts; `terms (term)` is the query's stems.
BM25 = f"""
hits AS (
    SELECT t.article_key, t.term, t.tf FROM fts_term AS t JOIN terms USING (term)
),
df AS (
    SELECT term, count(*) AS df FROM hits GROUP BY term
),
stats AS (
    SELECT count(*) AS n, avg(len) AS avgdl FROM fts_doc
),
scored AS (
    SELECT
        h.article_key,
        sum(
            log(((s.n - df.df) + 0.5) / (df.df + 0.5) + 1)
            * ((h.tf * ({K1} + 1)) / (h.tf + {K1} * ((1 - {B}) + {B} * (d.len / s.avgdl))))
        ) AS score
    FROM hits AS h
    JOIN df USING (term)
    JOIN fts_doc AS d USING (article_key)
    CROSS JOIN stats AS s
    GROUP BY h.article_key
),
top AS (
    SELECT * FROM scored ORDER BY score DESC, article_key LIMIT k
),
final AS (
    SELECT top.article_key, a.title, top.score
    FROM top
    JOIN dim_article AS a USING (article_key)
)
SELECT * FROM final ORDER BY score DESC, article_key
"""

# Objects of the lake, created after its tables (see loader.create_views).
CATALOG_MACROS = [
    f"CREATE OR REPLACE MACRO fts_tokenize(s) AS {TOKENIZE.format(s='s')}",
    f"""
    CREATE OR REPLACE MACRO search_terms(stems, k := 10) AS TABLE
    WITH terms AS (
        SELECT DISTINCT unnest(stems) AS term
    ),
    {BM25}
    """,
    f"""
    CREATE OR REPLACE MACRO search_articles(query, k := 10) AS TABLE
    WITH words AS (
        SELECT DISTINCT unnest(fts_tokenize(query)) AS word
    ),
    terms AS (
        SELECT DISTINCT coalesce(v.term, w.word) AS term
        FROM words AS w
        LEFT JOIN fts_vocab AS v USING (word)
        WHERE w.word <> ''
    ),
    {BM25}
    """,
]

# What one batch adds to the index; `new_docs (article_key, body)` and `stopwords (sw)`.
INDEX_WORDS = f"""
CREATE OR REPLACE TEMP TABLE batch_words AS
WITH words AS (
    SELECT article_key, unnest({TOKENIZE.format(s="body")}) AS word FROM new_docs
)
SELECT article_key, word, stem(word, '{STEMMER}') AS term
FROM words
WHERE word <> '' AND word NOT IN (SELECT sw FROM stopwords)
"""
INDEX_ROWS = {
    "fts_term": "SELECT article_key, term, CAST(count(*) AS INTEGER) AS tf FROM batch_words "
    "GROUP BY ALL ORDER BY term, article_key",
    "fts_doc": "SELECT d.article_key, CAST(count(w.term) AS INTEGER) AS len FROM new_docs AS d "
    "LEFT JOIN batch_words AS w USING (article_key) GROUP BY ALL ORDER BY d.article_key",
    "fts_vocab": "SELECT DISTINCT word, term FROM batch_words ORDER BY word",
}


class SearchError(RuntimeError):
    """The fts extension is not installed, or the warehouse has no search index."""


_FTS: list[duckdb.DuckDBPyConnection] = []


def fts_connection() -> duckdb.DuckDBPyConnection:
    """A cursor on an in-memory connection with fts loaded and its stopwords (one per process)."""
    if not _FTS:
        _FTS.append(_open_fts())
    return _FTS[0].cursor()


def _open_fts() -> duckdb.DuckDBPyConnection:
    """An in-memory connection with fts loaded from its package, and fts's stopword list."""
    con = new_connection()
    try:
        load_extension(con, "fts")
    except (WarehouseError, duckdb.Error) as exc:
        con.close()
        raise SearchError(str(exc)) from exc
    con.execute("CREATE TABLE stopwords_probe (id INTEGER, body VARCHAR)")
    con.execute("PRAGMA create_fts_index('stopwords_probe', 'id', 'body')")
    con.execute("CREATE TABLE stopwords AS SELECT sw FROM fts_main_stopwords_probe.stopwords")
    return con


def index_rows(docs: pa.Table) -> dict[str, pa.Table]:
    """The index rows of new articles `docs (article_key, body)`, by table."""
    fts = fts_connection()
    try:
        fts.register("new_docs", docs)
        fts.execute(INDEX_WORDS)
        return {name: fts.execute(select).to_arrow_table() for name, select in INDEX_ROWS.items()}
    finally:
        fts.close()


def search(
    con: duckdb.DuckDBPyConnection, query: str, limit: int = 10
) -> list[tuple[int, str, float]]:
    """The best articles for `query` by BM25 over bodies: (article_key, title, score)."""
    try:
        stems = query_stems(query)
        if stems is None:
            sql, params = "SELECT * FROM search_articles(?, k := ?)", [query, limit]
        else:
            sql, params = "SELECT * FROM search_terms(?, k := ?)", [stems, limit]
        rows = con.execute(sql, params).fetchall()
    except duckdb.CatalogException as exc:
        raise SearchError("this warehouse has no search index: run `newsetl run` first") from exc
    return [(int(k), str(t), float(s)) for k, t, s in rows]


def query_stems(query: str) -> list[str] | None:
    """The query's stems by the fts extension, as match_bm25 makes them; None without it."""
    try:
        fts = fts_connection()
    except SearchError:  # no package: search_articles stems through fts_vocab instead
        return None
    try:
        stems = fts.execute(
            f"SELECT DISTINCT stem(unnest({TOKENIZE.format(s='$q')}), '{STEMMER}') AS t ORDER BY t",
            {"q": query},
        ).fetchall()
    finally:
        fts.close()
    return [t for (t,) in stems if t]
