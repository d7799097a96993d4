-- Pairs of canonical entities named in the same article, with how many articles share them.
CREATE OR REPLACE VIEW v_entity_cooccurrence AS
WITH pairs_in_articles AS (
    SELECT DISTINCT article_key, entity_key FROM fact_entity_mention
),
pairs AS (
    SELECT a.entity_key AS entity_key_a, b.entity_key AS entity_key_b, a.article_key
    FROM pairs_in_articles AS a
    JOIN pairs_in_articles AS b
        ON a.article_key = b.article_key AND a.entity_key < b.entity_key
),
final AS (
    SELECT
        p.entity_key_a,
        ea.canonical_name AS entity_a,
        p.entity_key_b,
        eb.canonical_name AS entity_b,
        count(*) AS articles
    FROM pairs AS p
    JOIN dim_entity AS ea ON ea.entity_key = p.entity_key_a
    JOIN dim_entity AS eb ON eb.entity_key = p.entity_key_b
    GROUP BY ALL
)
SELECT * FROM final;
