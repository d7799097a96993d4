-- One row per story (near-duplicate articles: syndicated copies, corrections, re-saves): its
-- title, when it first and last appeared, how many copies and from which sources.
CREATE OR REPLACE VIEW v_stories AS
WITH articles AS (
    SELECT story_key, article_key, source_key, published_at, loaded_at FROM fact_article
),
per_story AS (
    SELECT
        a.story_key,
        count(*) AS copies,
        count(DISTINCT a.source_key) AS sources,
        list_sort(list(DISTINCT s.name) FILTER (WHERE s.name IS NOT NULL)) AS source_names,
        min(a.published_at) AS first_published,
        max(a.published_at) AS last_published,
        min(a.loaded_at) AS first_loaded
    FROM articles AS a
    LEFT JOIN dim_source AS s USING (source_key)
    GROUP BY a.story_key
),
final AS (
    SELECT
        st.story_key,
        d.title,
        p.first_published,
        p.last_published,
        p.first_loaded,
        p.copies,
        p.sources,
        p.source_names,
        st.first_article_key
    FROM dim_story AS st
    JOIN per_story AS p USING (story_key)
    JOIN dim_article AS d ON d.article_key = st.first_article_key
)
SELECT * FROM final;
