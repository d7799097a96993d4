"""Foreign-key checks shared by the warehouse and flow tests."""

from __future__ import annotations

import duckdb

FK_CHECKS = {
    "fact_article.article_key": "SELECT count(*) FROM fact_article f "
    "LEFT JOIN dim_article a USING (article_key) WHERE a.article_key IS NULL",
    "fact_article.source_key": "SELECT count(*) FROM fact_article f LEFT JOIN dim_source s "
    "USING (source_key) WHERE f.source_key IS NOT NULL AND s.source_key IS NULL",
    "fact_article.date_key": "SELECT count(*) FROM fact_article f LEFT JOIN dim_date d "
    "USING (date_key) WHERE f.date_key IS NOT NULL AND d.date_key IS NULL",
    "fact_entity_mention.entity_key": "SELECT count(*) FROM fact_entity_mention m "
    "LEFT JOIN dim_entity e USING (entity_key) WHERE e.entity_key IS NULL",
    "fact_entity_mention.article_key": "SELECT count(*) FROM fact_entity_mention m "
    "LEFT JOIN dim_article a USING (article_key) WHERE a.article_key IS NULL",
    "fact_date_mention.date_key": "SELECT count(*) FROM fact_date_mention m LEFT JOIN dim_date d "
    "USING (date_key) WHERE m.date_key IS NOT NULL AND d.date_key IS NULL",
    "entity_alias.entity_key": "SELECT count(*) FROM entity_alias x LEFT JOIN dim_entity e "
    "USING (entity_key) WHERE e.entity_key IS NULL",
    "fact_quote.speaker_entity_key": "SELECT count(*) FROM fact_quote q LEFT JOIN dim_entity e "
    "ON e.entity_key = q.speaker_entity_key "
    "WHERE q.speaker_entity_key IS NOT NULL AND e.entity_key IS NULL",
    "etl_file.article_key": "SELECT count(*) FROM etl_file f LEFT JOIN dim_article a "
    "USING (article_key) WHERE f.article_key IS NOT NULL AND a.article_key IS NULL",
}


def dangling_keys(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Foreign keys that do not resolve, by column (empty when all hold)."""
    counts = {name: con.execute(sql).fetchone()[0] for name, sql in FK_CHECKS.items()}
    return {k: v for k, v in counts.items() if v}


# Stories and places (migration 003)
FK_CHECKS |= {
    "fact_article.story_key": "SELECT count(*) FROM fact_article f LEFT JOIN dim_story s "
    "USING (story_key) WHERE s.story_key IS NULL",
    "dim_story.first_article_key": "SELECT count(*) FROM dim_story s LEFT JOIN fact_article f "
    "ON f.article_key = s.first_article_key AND f.story_key = s.story_key "
    "WHERE f.article_key IS NULL",
    "story_band.article_key": "SELECT count(*) FROM story_band b LEFT JOIN dim_article a "
    "USING (article_key) WHERE a.article_key IS NULL",
    "story_sketch.story_key": "SELECT count(*) FROM story_sketch k JOIN fact_article f "
    "USING (article_key) WHERE k.story_key IS DISTINCT FROM f.story_key",
    "dim_entity.place_key": "SELECT count(*) FROM dim_entity e LEFT JOIN dim_place p "
    "USING (place_key) WHERE e.place_key IS NOT NULL AND p.place_key IS NULL",
}
