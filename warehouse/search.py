"""Full-text search over article bodies: an incremental BM25 index published with the catalog.

Each publish indexes only the batch's new articles, with the DuckDB `fts` extension's own
tokenizer, English stopwords and Porter stemmer, into three Parquet parts:
`fts_term (article_key, term, tf)`, `fts_doc (article_key, len)` and
`fts_vocab (word, term)` (every lower-cased word seen -> its stem). The catalog's table macros
score with the same BM25 as `fts`'s `match_bm25` (k1 = 1.2, b = 0.75, same scores):

- `search_terms(stems, k := 10)`: the query already stemmed; `search()` below stems it with
  the extension, exactly as `match_bm25` would;
- `search_articles(query, k := 10)`: for any client without the extension: query words are
  stemmed through `fts_vocab`, and a word no article contains is used as written, so only an
  unseen inflection of a seen stem is missed ("museums" when articles only say "museum").

The extension comes from the `duckdb-extension-fts` package (no download at run time): its
`.duckdb_extension` file is installed into the project-local extension directory beside the
loader file and loaded from there.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

from warehouse.lake import Lake

EXTENSION_PACKAGE = "duckdb_extension_fts"
STEMMER = "porter"
EXTENSION_DIR = "duckdb_extensions"  # beside the loader file and its lake
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

# Catalog objects, created after the fts_* views and dim_article.
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
INDEX_PARTS = {
    "fts_term": "SELECT article_key, term, CAST(count(*) AS INTEGER) AS tf FROM batch_words "
    "GROUP BY ALL ORDER BY term, article_key",
    "fts_doc": "SELECT d.article_key, CAST(count(w.term) AS INTEGER) AS len FROM new_docs AS d "
    "LEFT JOIN batch_words AS w USING (article_key) GROUP BY ALL ORDER BY d.article_key",
    "fts_vocab": "SELECT DISTINCT word, term FROM batch_words ORDER BY word",
}


class SearchError(RuntimeError):
    """The fts extension is not installed, or the warehouse has no search index."""


def extension_file() -> Path:
    """The fts extension shipped by the `duckdb-extension-fts` package for this DuckDB."""
    try:
        package = resources.files(EXTENSION_PACKAGE)
    except ModuleNotFoundError as exc:
        wanted = f"duckdb-extension-fts=={duckdb.__version__}"
        raise SearchError(f"package {EXTENSION_PACKAGE} is missing: install {wanted}") from exc
    path = Path(str(package)) / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.is_file():
        raise SearchError(f"no fts extension for DuckDB {duckdb.__version__} at {path}")
    return path


_FTS: dict[Path, duckdb.DuckDBPyConnection] = {}


def fts_connection(extension_dir: Path) -> duckdb.DuckDBPyConnection:
    """A cursor on an in-memory connection with fts loaded and its stopwords (one per process).

    fts is installed from its package into `extension_dir` the first time.
    """
    if extension_dir not in _FTS:
        _FTS[extension_dir] = _open_fts(extension_dir)
    return _FTS[extension_dir].cursor()


def _open_fts(extension_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with fts installed (from the package) into `extension_dir`."""
    extension_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(
        ":memory:",
        config={"extension_directory": str(extension_dir), "autoinstall_known_extensions": False},
    )
    installed = con.execute(
        "SELECT installed FROM duckdb_extensions() WHERE extension_name = 'fts'"
    ).fetchone()
    if not (installed and installed[0]):
        con.execute(f"INSTALL '{extension_file()}'")
    con.execute("LOAD fts")
    con.execute("CREATE TABLE stopwords_probe (id INTEGER, body VARCHAR)")
    con.execute("PRAGMA create_fts_index('stopwords_probe', 'id', 'body')")
    con.execute("CREATE TABLE stopwords AS SELECT sw FROM fts_main_stopwords_probe.stopwords")
    return con


def index_batch(
    con: duckdb.DuckDBPyConnection,
    lake: Lake,
    publish: int,
    after: int,
    upto: int,
    extension_dir: Path,
    *,
    keep_empty: bool,
) -> dict[str, str | None]:
    """Index the bodies of articles `after < article_key <= upto`; the new part of each table."""
    docs = con.execute(
        "SELECT article_key, body FROM dim_article WHERE article_key > ? AND article_key <= ?",
        [after, upto],
    ).to_arrow_table()
    fts = fts_connection(extension_dir)
    try:
        fts.register("new_docs", docs)
        fts.execute(INDEX_WORDS)
        return {
            name: lake.write(fts, name, select, [], publish, keep_empty=keep_empty)
            for name, select in INDEX_PARTS.items()
        }
    finally:
        fts.close()


def search(
    con: duckdb.DuckDBPyConnection, query: str, limit: int = 10
) -> list[tuple[int, str, float]]:
    """The best articles for `query` by BM25 over bodies: (article_key, title, score)."""
    try:
        stems = query_stems(con, query)
        if stems is None:
            sql, params = "SELECT * FROM search_articles(?, k := ?)", [query, limit]
        else:
            sql, params = "SELECT * FROM search_terms(?, k := ?)", [stems, limit]
        rows = con.execute(sql, params).fetchall()
    except duckdb.CatalogException as exc:
        raise SearchError("this warehouse has no search index: publish it first") from exc
    return [(int(k), str(t), float(s)) for k, t, s in rows]


def extension_dir(folder: Path) -> Path:
    """The project-local DuckDB extension directory in the loader's folder (beside its lake);
    fts is installed there from its package."""
    return folder / EXTENSION_DIR


def query_stems(con: duckdb.DuckDBPyConnection, query: str) -> list[str] | None:
    """The query's stems by the fts extension, as match_bm25 makes them; None without it."""
    row = con.execute("SELECT lake FROM publish_info").fetchone()
    if row is None:
        return None
    try:
        fts = fts_connection(extension_dir(Path(row[0]).parent))
    except (SearchError, duckdb.Error, OSError):  # no package, or a read-only folder
        return None
    try:
        stems = fts.execute(
            f"SELECT DISTINCT stem(unnest({TOKENIZE.format(s='$q')}), '{STEMMER}') AS t ORDER BY t",
            {"q": query},
        ).fetchall()
    finally:
        fts.close()
    return [t for (t,) in stems if t]
