-- 003: stories (near-duplicate articles counted once) and places (GPE/LOC entities resolved to
-- GeoNames reference data). Keys as in 001: declared here, assigned by the loader (the next
-- after the largest), checked by the expectation suites and tests.

-- One row per story: articles whose bodies are copies of one another (warehouse/stories.py).
CREATE TABLE IF NOT EXISTS dim_story (
    story_key          BIGINT NOT NULL,      -- key
    first_article_key  BIGINT NOT NULL,      -- the article that opened it (-> dim_article)
    first_run_id       VARCHAR NOT NULL
);

-- The MinHash LSH index of article bodies: one row per band of each article's signature.
CREATE TABLE IF NOT EXISTS story_band (
    band_key      BIGINT NOT NULL,           -- band number and values, hashed (transforms/stories.py)
    article_key   BIGINT NOT NULL            -- -> dim_article
    -- key: (band_key, article_key)
);

-- Each article's MinHash signature and shingle count: candidates from the bands are compared on
-- these before any body is read back.
CREATE TABLE IF NOT EXISTS story_sketch (
    article_key   BIGINT NOT NULL,           -- key; -> dim_article
    story_key     BIGINT NOT NULL,           -- -> dim_story
    shingles      INTEGER NOT NULL,
    minhash       BLOB NOT NULL              -- 128 little-endian unsigned 32-bit values
);

ALTER TABLE fact_article ADD COLUMN IF NOT EXISTS story_key BIGINT;  -- -> dim_story

-- One row per GeoNames place an entity resolved to (transforms/places.py).
CREATE TABLE IF NOT EXISTS dim_place (
    place_key     BIGINT NOT NULL,           -- key
    geonames_id   BIGINT NOT NULL,           -- natural key
    name          VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,          -- country, state, city, continent
    country_code  VARCHAR,                   -- ISO 3166-1 alpha-2; null for a continent
    latitude      DOUBLE NOT NULL,
    longitude     DOUBLE NOT NULL,
    population    BIGINT                     -- null where GeoNames' package gives none
);

ALTER TABLE dim_entity ADD COLUMN IF NOT EXISTS place_key BIGINT;  -- -> dim_place (GPE, LOC)
