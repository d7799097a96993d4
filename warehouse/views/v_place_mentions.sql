-- Every place articles named, where it is and how often: mentions, articles and stories.
CREATE OR REPLACE VIEW v_place_mentions AS
WITH mentions AS (
    SELECT m.article_key, e.place_key
    FROM fact_entity_mention AS m
    JOIN dim_entity AS e USING (entity_key)
    WHERE e.place_key IS NOT NULL
),
final AS (
    SELECT
        p.place_key,
        p.geonames_id,
        p.name,
        p.kind,
        p.country_code,
        p.latitude,
        p.longitude,
        count(*) AS mentions,
        count(DISTINCT m.article_key) AS articles,
        count(DISTINCT f.story_key) AS stories
    FROM mentions AS m
    JOIN dim_place AS p USING (place_key)
    JOIN fact_article AS f USING (article_key)
    GROUP BY ALL
)
SELECT * FROM final;
