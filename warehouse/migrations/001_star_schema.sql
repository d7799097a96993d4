-- 001: the star schema of the warehouse contract, and the operational tables.
-- Foreign keys are declared where the parent row never changes after insert. dim_entity rows
-- are updated when a later article brings a fuller name or shifts the label vote, and DuckDB
-- refuses updates to rows that foreign keys reference, so references to dim_entity are checked
-- by the expectation suites and tests instead of a constraint.

CREATE SEQUENCE IF NOT EXISTS seq_article_key START 1;
CREATE SEQUENCE IF NOT EXISTS seq_entity_key START 1;
CREATE SEQUENCE IF NOT EXISTS seq_source_key START 1;

CREATE TABLE IF NOT EXISTS dim_date (
    date_key      INTEGER PRIMARY KEY,          -- YYYYMMDD
    date          DATE NOT NULL UNIQUE,
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
    source_key    INTEGER PRIMARY KEY,
    name          VARCHAR NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS dim_article (
    article_key   BIGINT PRIMARY KEY,
    sha256        VARCHAR NOT NULL UNIQUE,
    title         VARCHAR,
    url           VARCHAR,
    path          VARCHAR NOT NULL,
    body          VARCHAR NOT NULL,
    language      VARCHAR,
    encoding      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS dim_entity (
    entity_key      BIGINT PRIMARY KEY,
    canonical_name  VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,
    first_run_id    VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS entity_alias (
    alias         VARCHAR NOT NULL,             -- a surface form as written in an article
    entity_key    BIGINT NOT NULL,              -- -> dim_entity (checked, see header)
    label         VARCHAR NOT NULL,             -- the NER label this form was seen with most
    mentions      BIGINT NOT NULL,
    PRIMARY KEY (alias, entity_key)
);

CREATE TABLE IF NOT EXISTS fact_article (
    article_key           BIGINT PRIMARY KEY REFERENCES dim_article (article_key),
    sha256                VARCHAR NOT NULL UNIQUE,
    source_key            INTEGER REFERENCES dim_source (source_key),
    date_key              INTEGER REFERENCES dim_date (date_key),  -- publication date
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
    run_id                VARCHAR NOT NULL,
    loaded_at             TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS fact_entity_mention (
    article_key   BIGINT NOT NULL REFERENCES dim_article (article_key),
    entity_key    BIGINT NOT NULL,              -- -> dim_entity (checked, see header)
    sentence      INTEGER NOT NULL,             -- 0-based sentence index in the body
    start_char    INTEGER NOT NULL,             -- offsets into dim_article.body
    end_char      INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,             -- the label NER gave this mention
    PRIMARY KEY (article_key, start_char)
);

CREATE TABLE IF NOT EXISTS fact_date_mention (
    article_key          BIGINT NOT NULL REFERENCES dim_article (article_key),
    start_char           INTEGER NOT NULL,
    end_char             INTEGER NOT NULL,
    text                 VARCHAR NOT NULL,
    kind                 VARCHAR NOT NULL,      -- date, time, duration, set, vague
    value                VARCHAR,               -- TIMEX3-style calendar value, null if unfixed
    granularity          VARCHAR,               -- day, week, month, quarter, year, range, ...
    date_key             INTEGER REFERENCES dim_date (date_key),  -- the day the value starts
    end_date_key         INTEGER REFERENCES dim_date (date_key),  -- the day the value ends
    days_from_published  INTEGER,               -- start day minus publication day
    PRIMARY KEY (article_key, start_char)
);

CREATE TABLE IF NOT EXISTS fact_quote (
    article_key         BIGINT NOT NULL REFERENCES dim_article (article_key),
    start_char          INTEGER NOT NULL,
    end_char            INTEGER NOT NULL,
    quote               VARCHAR NOT NULL,
    speaker_entity_key  BIGINT,                 -- -> dim_entity, null when unattributed
    PRIMARY KEY (article_key, start_char)
);

CREATE TABLE IF NOT EXISTS etl_run (
    run_id             VARCHAR PRIMARY KEY,
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
    error              VARCHAR
);

CREATE TABLE IF NOT EXISTS etl_file (
    path          VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    size          BIGINT NOT NULL,
    mtime_ns      BIGINT NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('loaded', 'quarantined', 'duplicate')),
    reason        VARCHAR,
    article_key   BIGINT,                       -- the article this content loaded as
    run_id        VARCHAR NOT NULL,
    seen_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (path, sha256)
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
    articles      BIGINT NOT NULL,              -- articles whose fold gave the entity this label
    PRIMARY KEY (entity_key, label)
);

CREATE TABLE IF NOT EXISTS schema_migration (
    version       INTEGER PRIMARY KEY,
    name          VARCHAR NOT NULL,
    applied_at    TIMESTAMP NOT NULL
);
