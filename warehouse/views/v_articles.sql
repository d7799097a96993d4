-- One readable row per article: title, source, publication day and its counts.
CREATE OR REPLACE VIEW v_articles AS
WITH facts AS (
    SELECT * FROM fact_article
),
final AS (
    SELECT
        f.article_key,
        a.title,
        s.name AS source,
        d.date AS published_date,
        f.published_from,
        a.language,
        f.word_count,
        f.entity_mention_count,
        f.date_mention_count,
        f.quote_count,
        round(f.furniture_share, 3) AS furniture_share,
        a.path
    FROM facts AS f
    JOIN dim_article AS a USING (article_key)
    LEFT JOIN dim_source AS s USING (source_key)
    LEFT JOIN dim_date AS d ON d.date_key = f.date_key
)
SELECT * FROM final;
