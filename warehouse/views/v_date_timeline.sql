-- What articles say happened when: every resolved date mention on the calendar day it starts.
CREATE OR REPLACE VIEW v_date_timeline AS
WITH mentions AS (
    SELECT * FROM fact_date_mention WHERE date_key IS NOT NULL
),
final AS (
    SELECT
        d.date AS mentioned_date,
        m.granularity,
        m.value,
        m.text,
        m.days_from_published,
        a.title,
        m.article_key
    FROM mentions AS m
    JOIN dim_date AS d ON d.date_key = m.date_key
    JOIN dim_article AS a ON a.article_key = m.article_key
)
SELECT * FROM final;
