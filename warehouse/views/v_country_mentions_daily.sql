-- Mentions of places in each country per publication day (GPE/LOC entities resolved to
-- GeoNames places, dim_place): mentions, the articles and the stories they are in.
CREATE OR REPLACE VIEW v_country_mentions_daily AS
WITH placed AS (
    SELECT m.article_key, p.country_code
    FROM fact_entity_mention AS m
    JOIN dim_entity AS e USING (entity_key)
    JOIN dim_place AS p USING (place_key)
    WHERE p.country_code IS NOT NULL
),
final AS (
    SELECT
        pl.country_code,
        d.date AS published_date,
        count(*) AS mentions,
        count(DISTINCT pl.article_key) AS articles,
        count(DISTINCT f.story_key) AS stories
    FROM placed AS pl
    JOIN fact_article AS f USING (article_key)
    LEFT JOIN dim_date AS d ON d.date_key = f.date_key
    GROUP BY ALL
)
SELECT * FROM final;
