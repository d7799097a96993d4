-- 001: the star schema of the warehouse contract, the operational tables and the search index,
-- in a DuckLake. DuckLake has no primary keys, unique or foreign-key constraints and no
-- sequences: each table's key is written beside it, the loader assigns surrogate keys (the
-- next after the largest) inside its batch transaction under the run lock, and the expectation
-- suites and tests check that keys are unique and that foreign keys resolve.

CREATE TABLE IF NOT EXISTS dim_date (
    date_key      INTEGER NOT NULL,             -- key; YYYYMMDD
    date          DATE NOT NULL,
    year          INTEGER NOT NULL,
    quarter       INTEGER NOT NULL,
    month         INTEGER NOT NULL,
    month_name    VARCHAR NOT NULL,
    day           INTEGER NOT NULL,
    iso_year      INTEGER NOT NULL,
    iso_week      INTEGER NOT NULL,
    weekday       INTEGER NOT NULL,             -- ISO: 1 = Monday .. 7 = Sunday
    weekday_name  VARCHAR NOT NULL,
    is_weekend    BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS dim_source (
    source_key    INTEGER NOT NULL,      -- key
    name          VARCHAR NOT NULL       -- natural key
);

CREATE TABLE IF NOT EXISTS dim_article (
    article_key   BIGINT NOT NULL,       -- key
    sha256        VARCHAR NOT NULL,      -- natural key: content hash
    title         VARCHAR,
    url           VARCHAR,
    path          VARCHAR NOT NULL,
    body          VARCHAR NOT NULL,
    language      VARCHAR,
    encoding      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS dim_entity (
    entity_key      BIGINT NOT NULL,     -- key
    canonical_name  VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,
    first_run_id    VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS entity_alias (
    alias         VARCHAR NOT NULL,             -- a surface form as written in an article
    entity_key    BIGINT NOT NULL,              -- -> dim_entity (checked, see header)
    label         VARCHAR NOT NULL,             -- the NER label this form was seen with most
    mentions      BIGINT NOT NULL
    -- key: (alias, entity_key)
);

CREATE TABLE IF NOT EXISTS fact_article (
    article_key           BIGINT NOT NULL,
    sha256                VARCHAR NOT NULL,  -- natural key
    source_key            INTEGER,
    date_key              INTEGER,  -- publication date
    published_at          TIMESTAMP,
    published_from        VARCHAR NOT NULL,     -- meta, text, none
    word_count            INTEGER NOT NULL,
    sentence_count        INTEGER NOT NULL,
    entity_mention_count  INTEGER NOT NULL,
    date_mention_count    INTEGER NOT NULL,
    quote_count           INTEGER NOT NULL,
    page_chars            INTEGER NOT NULL,
    body_chars            INTEGER NOT NULL,
    furniture_share       DOUBLE NOT NULL,      -- share of the page dropped as furniture
    cleaning_fallback     VARCHAR,              -- null, or the cleaner's fallback that found
                                                -- the body (the first choice was too short)
    run_id                VARCHAR NOT NULL,
    loaded_at             TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS fact_entity_mention (
    article_key   BIGINT NOT NULL,
    entity_key    BIGINT NOT NULL,              -- -> dim_entity (checked, see header)
    sentence      INTEGER NOT NULL,             -- 0-based sentence index in the body
    start_char    INTEGER NOT NULL,             -- offsets into dim_article.body
    end_char      INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    label         VARCHAR NOT NULL             -- the label NER gave this mention
    -- key: (article_key, start_char)
);

CREATE TABLE IF NOT EXISTS fact_date_mention (
    article_key          BIGINT NOT NULL,
    start_char           INTEGER NOT NULL,
    end_char             INTEGER NOT NULL,
    text                 VARCHAR NOT NULL,
    kind                 VARCHAR NOT NULL,      -- date, time, duration, set, vague
    value                VARCHAR,               -- TIMEX3-style calendar value, null if unfixed
    granularity          VARCHAR,               -- day, week, month, quarter, year, range, ...
    date_key             INTEGER,  -- the day the value starts
    end_date_key         INTEGER,  -- the day the value ends
    days_from_published  INTEGER               -- start day minus publication day
    -- key: (article_key, start_char)
);

CREATE TABLE IF NOT EXISTS fact_quote (
    article_key         BIGINT NOT NULL,
    start_char          INTEGER NOT NULL,
    end_char            INTEGER NOT NULL,
    quote               VARCHAR NOT NULL,
    speaker_entity_key  BIGINT                 -- -> dim_entity, null when unattributed
    -- key: (article_key, start_char)
);

CREATE TABLE IF NOT EXISTS etl_run (
    run_id             VARCHAR NOT NULL,     -- key
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    status             VARCHAR NOT NULL,        -- running, completed, failed
    inbox              VARCHAR NOT NULL,
    files_seen         INTEGER NOT NULL DEFAULT 0,
    files_unchanged    INTEGER NOT NULL DEFAULT 0,
    files_loaded       INTEGER NOT NULL DEFAULT 0,
    files_quarantined  INTEGER NOT NULL DEFAULT 0,
    files_duplicate    INTEGER NOT NULL DEFAULT 0,
    batches            INTEGER NOT NULL DEFAULT 0,
    batches_blocked    INTEGER NOT NULL DEFAULT 0,
    seconds            DOUBLE,
    error              VARCHAR,
    first_snapshot     BIGINT,                  -- the DuckLake snapshot of the run's first batch
    last_snapshot      BIGINT                   -- ... and of its last batch
);

CREATE TABLE IF NOT EXISTS etl_file (
    path          VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    size          BIGINT NOT NULL,
    mtime_ns      BIGINT NOT NULL,
    status        VARCHAR NOT NULL,             -- loaded, quarantined, duplicate
    reason        VARCHAR,
    article_key   BIGINT,                       -- the article this content loaded as
    run_id        VARCHAR NOT NULL,
    seen_at       TIMESTAMP NOT NULL
    -- key: (path, sha256)
);

CREATE TABLE IF NOT EXISTS dq_result (
    run_id            VARCHAR NOT NULL,
    batch             INTEGER NOT NULL,
    suite             VARCHAR NOT NULL,         -- one suite per table
    expectation       VARCHAR NOT NULL,
    column_name       VARCHAR,
    severity          VARCHAR NOT NULL,         -- document: rows quarantined; batch: load stopped
    success           BOOLEAN NOT NULL,
    element_count     BIGINT,
    unexpected_count  BIGINT,
    observed          VARCHAR,
    checked_at        TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS entity_label_vote (
    entity_key    BIGINT NOT NULL,              -- -> dim_entity
    label         VARCHAR NOT NULL,
    articles      BIGINT NOT NULL              -- articles whose fold gave the entity this label
    -- key: (entity_key, label)
);

CREATE TABLE IF NOT EXISTS schema_migration (
    version       INTEGER NOT NULL,      -- key
    name          VARCHAR NOT NULL,
    applied_at    TIMESTAMP NOT NULL
);

-- The full-text index (warehouse/search.py): one row per (article, stem) with its count, each
-- article's length in stems, and every lower-cased word seen with its stem.
CREATE TABLE IF NOT EXISTS fts_term (
    article_key   BIGINT NOT NULL,
    term          VARCHAR NOT NULL,
    tf            INTEGER NOT NULL
    -- key: (article_key, term)
);

CREATE TABLE IF NOT EXISTS fts_doc (
    article_key   BIGINT NOT NULL,              -- key
    len           INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS fts_vocab (
    word          VARCHAR NOT NULL,             -- key
    term          VARCHAR NOT NULL
);

-- The views and macros in place (warehouse/views/, the search macros), by content hash.
CREATE TABLE IF NOT EXISTS schema_view (
    name          VARCHAR NOT NULL,             -- key
    sha256        VARCHAR NOT NULL,
    applied_at    TIMESTAMP NOT NULL
);
