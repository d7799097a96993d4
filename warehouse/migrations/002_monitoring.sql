-- 002: data-quality monitoring (expectations/anomalies.py, transforms/monitoring.py). Every run
-- stores its metrics, whole-run and per source, and the anomalies found against their own
-- history. Keys are written beside each table (DuckLake has none); tests check them.

CREATE TABLE IF NOT EXISTS dq_metric (
    run_id        VARCHAR NOT NULL,             -- -> etl_run
    source        VARCHAR NOT NULL,             -- dim_source.name; '' for a whole-run metric
    metric        VARCHAR NOT NULL,             -- e.g. median_words, language_share:en
    value         DOUBLE NOT NULL,
    n             BIGINT,                       -- files or articles the value is over
    expected_low  DOUBLE,                       -- the band its history expected; null when
    expected_high DOUBLE,                       -- ... the series was not judged (too short)
    measured_at   TIMESTAMP NOT NULL            -- the run's start: the series' time axis
    -- key: (run_id, source, metric)
);

CREATE TABLE IF NOT EXISTS dq_anomaly (
    run_id         VARCHAR NOT NULL,            -- -> etl_run
    source         VARCHAR NOT NULL,            -- '' for a whole-run metric
    metric         VARCHAR NOT NULL,
    expected_low   DOUBLE NOT NULL,             -- the band the history expected
    expected_high  DOUBLE NOT NULL,
    observed       DOUBLE NOT NULL,
    expected       DOUBLE NOT NULL,             -- the baseline's centre
    baseline       VARCHAR NOT NULL,            -- which history: recent runs, same hour, ...
    history        INTEGER NOT NULL,            -- how many earlier values the band rests on
    batch          INTEGER,                     -- a batch judged before its commit; null: run
    blocked        BOOLEAN NOT NULL,            -- whether it stopped a batch's load
    measured_at    TIMESTAMP NOT NULL           -- the run's start, as dq_metric
    -- key: (run_id, source, metric, batch)
);
