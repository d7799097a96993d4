-- Who was quoted most on a topic: quotes per speaker in articles that name the topic entity.
-- Example: SELECT speaker, quotes FROM v_quoted_on_topic WHERE topic = 'Russia' ORDER BY quotes DESC
CREATE OR REPLACE VIEW v_quoted_on_topic AS
WITH quotes AS (
    SELECT article_key, speaker_entity_key FROM fact_quote WHERE speaker_entity_key IS NOT NULL
),
topics AS (
    SELECT DISTINCT article_key, entity_key AS topic_key FROM fact_entity_mention
),
final AS (
    SELECT
        t.topic_key,
        te.canonical_name AS topic,
        q.speaker_entity_key AS speaker_key,
        se.canonical_name AS speaker,
        count(*) AS quotes,
        count(DISTINCT q.article_key) AS articles
    FROM quotes AS q
    JOIN topics AS t USING (article_key)
    JOIN dim_entity AS te ON te.entity_key = t.topic_key
    JOIN dim_entity AS se ON se.entity_key = q.speaker_entity_key
    WHERE t.topic_key <> q.speaker_entity_key
    GROUP BY ALL
)
SELECT * FROM final;
