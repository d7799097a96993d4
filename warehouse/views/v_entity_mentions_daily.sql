-- Mentions of each canonical entity per publication day: "how often was X in the news, by day".
CREATE OR REPLACE VIEW v_entity_mentions_daily AS
WITH mentions AS (
    SELECT article_key, entity_key FROM fact_entity_mention
),
articles AS (
    SELECT article_key, date_key FROM fact_article
),
entities AS (
    SELECT entity_key, canonical_name, label FROM dim_entity
),
final AS (
    SELECT
        e.entity_key,
        e.canonical_name,
        e.label,
        d.date AS published_date,
        count(*) AS mentions,
        count(DISTINCT m.article_key) AS articles
    FROM mentions AS m
    JOIN articles AS a USING (article_key)
    JOIN entities AS e USING (entity_key)
    LEFT JOIN dim_date AS d ON d.date_key = a.date_key
    GROUP BY ALL
)
SELECT * FROM final;
