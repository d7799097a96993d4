-- Who said what, where and when: every direct quotation with its speaker and article.
CREATE OR REPLACE VIEW v_quotes AS
WITH quotes AS (
    SELECT * FROM fact_quote
),
final AS (
    SELECT
        q.article_key,
        e.entity_key AS speaker_key,
        e.canonical_name AS speaker,
        q.quote,
        a.title,
        d.date AS published_date,
        q.start_char
    FROM quotes AS q
    JOIN dim_article AS a USING (article_key)
    JOIN fact_article AS f USING (article_key)
    LEFT JOIN dim_entity AS e ON e.entity_key = q.speaker_entity_key
    LEFT JOIN dim_date AS d ON d.date_key = f.date_key
)
SELECT * FROM final;
