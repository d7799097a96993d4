-- Who was quoted most on a topic, each quotation counted once per story: v_quoted_on_topic
-- without the copies a syndicated story repeats.
-- Example: SELECT speaker, quotes, stories FROM v_quoted_on_topic_stories WHERE topic = 'Russia'
CREATE OR REPLACE VIEW v_quoted_on_topic_stories AS
WITH quotes AS (
    SELECT DISTINCT f.story_key, q.speaker_entity_key, lower(trim(q.quote)) AS quote
    FROM fact_quote AS q
    JOIN fact_article AS f USING (article_key)
    WHERE q.speaker_entity_key IS NOT NULL
),
topics AS (
    SELECT DISTINCT f.story_key, m.entity_key AS topic_key
    FROM fact_entity_mention AS m
    JOIN fact_article AS f USING (article_key)
),
final AS (
    SELECT
        t.topic_key,
        te.canonical_name AS topic,
        q.speaker_entity_key AS speaker_key,
        se.canonical_name AS speaker,
        count(*) AS quotes,
        count(DISTINCT q.story_key) AS stories
    FROM quotes AS q
    JOIN topics AS t USING (story_key)
    JOIN dim_entity AS te ON te.entity_key = t.topic_key
    JOIN dim_entity AS se ON se.entity_key = q.speaker_entity_key
    WHERE t.topic_key <> q.speaker_entity_key
    GROUP BY ALL
)
SELECT * FROM final;
