-- Stories naming each canonical entity per day: v_entity_mentions_daily with every story counted
-- once however many sites carried it, on the day the story was first published.
CREATE OR REPLACE VIEW v_entity_stories_daily AS
WITH story_days AS (
    SELECT story_key, min(date_key) AS date_key FROM fact_article GROUP BY story_key
),
named AS (
    SELECT f.story_key, m.entity_key, count(*) AS mentions, count(DISTINCT m.article_key) AS copies
    FROM fact_entity_mention AS m
    JOIN fact_article AS f USING (article_key)
    GROUP BY ALL
),
final AS (
    SELECT
        e.entity_key,
        e.canonical_name,
        e.label,
        d.date AS published_date,
        count(*) AS stories,
        sum(n.copies) AS articles,
        sum(n.mentions) AS mentions
    FROM named AS n
    JOIN story_days AS s USING (story_key)
    JOIN dim_entity AS e USING (entity_key)
    LEFT JOIN dim_date AS d ON d.date_key = s.date_key
    GROUP BY ALL
)
SELECT * FROM final;
