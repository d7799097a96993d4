"""Places in the warehouse: dim_place rows and each GPE/LOC entity's place_key.

An entity takes the place its first resolving article gave it, and keeps it. An article that
resolves a name to another place ("Paris" in Texas after "Paris" in France) gets an entity of
its own: the same canonical name and label with the other place, found again by later
articles that resolve to it. Articles where nothing decided the place keep the entity the
name matched.
"""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from warehouse.lakehouse import registered

PLACE_COLUMNS = (
    "geonames_id",
    "name",
    "kind",
    "country_code",
    "latitude",
    "longitude",
    "population",
)


def _place_keys(con: duckdb.DuckDBPyConnection, places: pl.DataFrame) -> dict[int, int]:
    """The place key of each GeoNames id of the batch, adding dim_place rows for new ones."""
    rows = places.select(PLACE_COLUMNS).unique("geonames_id").sort("geonames_id")
    with registered(con, b_places=rows):
        con.execute(
            "INSERT INTO dim_place SELECT (SELECT coalesce(max(place_key), 0) FROM dim_place) "
            "+ row_number() OVER (ORDER BY p.geonames_id), p.* FROM b_places AS p "
            "WHERE p.geonames_id NOT IN (SELECT geonames_id FROM dim_place)"
        )
        found = con.execute(
            "SELECT geonames_id, place_key FROM dim_place "
            "WHERE geonames_id IN (SELECT geonames_id FROM b_places)"
        ).fetchall()
    return {int(g): int(k) for g, k in found}


def assign_places(
    con: duckdb.DuckDBPyConnection, assigned: pl.DataFrame, places: pl.DataFrame, run_id: str
) -> pl.DataFrame:
    """Set dim_entity.place_key from the batch's resolved places (`places`: sha256, entity and
    the place's columns), splitting an entity whose name another article placed elsewhere;
    returns `assigned` (sha256, entity, entity_key, ...) with the entity keys it changed."""
    if places.is_empty():
        return assigned
    key_of = _place_keys(con, places)
    placed = assigned.join(
        places.select("sha256", "entity", "geonames_id"), on=["sha256", "entity"], how="inner"
    ).sort("entity_key", "sha256")
    keys = placed["entity_key"].unique().to_list()
    current = dict(
        con.execute(
            "SELECT entity_key, place_key FROM dim_entity WHERE entity_key IN (SELECT unnest(?))",
            [keys],
        ).fetchall()
    )
    names = con.execute(
        "SELECT e.canonical_name, e.label, e.place_key, e.entity_key FROM dim_entity AS e "
        "WHERE e.place_key IS NOT NULL AND e.canonical_name IN "
        "(SELECT canonical_name FROM dim_entity WHERE entity_key IN (SELECT unnest(?)))",
        [keys],
    ).fetchall()
    by_place = {(n, lab, p): k for n, lab, p, k in sorted(names, key=lambda r: r[3], reverse=True)}
    info = dict(
        ((k, (n, lab)))
        for k, n, lab in con.execute(
            "SELECT entity_key, canonical_name, label FROM dim_entity "
            "WHERE entity_key IN (SELECT unnest(?))",
            [keys],
        ).fetchall()
    )
    next_entity = int(
        con.execute("SELECT coalesce(max(entity_key), 0) + 1 FROM dim_entity").fetchone()[0]  # type: ignore[index]
    )
    set_place: dict[int, int] = {}
    created: list[tuple[int, str, str, str, int]] = []
    moved: list[tuple[str, str, int]] = []
    for sha, entity, key, geonames_id in placed.select(
        "sha256", "entity", "entity_key", "geonames_id"
    ).rows():
        place = key_of[geonames_id]
        have = set_place.get(key, current.get(key))
        other = by_place.get((*info[key], place))
        if have is None and other in (None, key):
            set_place[key] = place
            by_place[(*info[key], place)] = key
            continue
        if have == place:
            continue
        if other is None:
            other, next_entity = next_entity, next_entity + 1
            created.append((other, info[key][0], info[key][1], run_id, place))
            by_place[(*info[key], place)] = other
            info[other] = info[key]
        moved.append((sha, entity, other))
    _write(con, set_place, created)
    if not moved:
        return assigned
    changes = pl.DataFrame(
        moved, schema={"sha256": pl.String, "entity": pl.String, "new_key": pl.Int64}, orient="row"
    )
    return (
        assigned.join(changes, on=["sha256", "entity"], how="left")
        .with_columns(pl.coalesce("new_key", "entity_key").alias("entity_key"))
        .drop("new_key")
    )


def _write(
    con: duckdb.DuckDBPyConnection,
    set_place: dict[int, int],
    created: list[tuple[int, str, str, str, int]],
) -> None:
    """Set place keys of entities that had none, and add the entities split off by place."""
    if set_place:
        frame = pl.DataFrame(
            list(set_place.items()),
            schema={"entity_key": pl.Int64, "place_key": pl.Int64},
            orient="row",
        )
        with registered(con, b_entity_places=frame):
            con.execute(
                "UPDATE dim_entity SET place_key = p.place_key FROM b_entity_places AS p "
                "WHERE dim_entity.entity_key = p.entity_key"
            )
    if created:
        frame = pl.DataFrame(
            created,
            schema={
                "entity_key": pl.Int64,
                "canonical_name": pl.String,
                "label": pl.String,
                "first_run_id": pl.String,
                "place_key": pl.Int64,
            },
            orient="row",
        )
        with registered(con, b_split_entities=frame):
            con.execute("INSERT INTO dim_entity BY NAME SELECT * FROM b_split_entities")


def backfill(con: duckdb.DuckDBPyConnection, chunk: int = 2000) -> int:
    """Places for the GPE/LOC entities of a warehouse from before places: each article's
    mentions resolved as enrichment does (transforms.places.article_places), and each entity
    given the place of the earliest article that resolves it. Nothing is split: mentions
    already loaded stay with their entity. Returns the entities placed. Call inside a
    transaction."""
    from transforms.places import PLACE_LABELS, article_places

    labels = sorted(PLACE_LABELS)
    articles = [
        k
        for (k,) in con.execute(
            "SELECT DISTINCT m.article_key FROM fact_entity_mention AS m "
            "JOIN dim_entity AS e USING (entity_key) "
            "WHERE e.place_key IS NULL AND e.label IN (SELECT unnest(?)) ORDER BY 1",
            [labels],
        ).fetchall()
    ]
    chosen: dict[int, tuple[str, int]] = {}  # entity key -> (canonical name, geonames id)
    found: dict[int, Any] = {}
    for start in range(0, len(articles), chunk):
        rows = con.execute(
            "SELECT m.article_key, e.entity_key, e.canonical_name, m.label, m.text "
            "FROM fact_entity_mention AS m JOIN dim_entity AS e USING (entity_key) "
            "WHERE m.article_key IN (SELECT unnest(?)) AND m.label IN (SELECT unnest(?)) "
            "ORDER BY m.article_key, m.start_char",
            [articles[start : start + chunk], labels],
        ).fetchall()
        by_article: dict[int, list[tuple[int, str, str, str]]] = {}
        for article, key, name, label, text in rows:
            by_article.setdefault(article, []).append((key, name, label, text))
        for article in sorted(by_article):
            mentions = by_article[article]
            places = article_places([(name, label, text) for _, name, label, text in mentions])
            for key, name, _, _ in mentions:
                if key not in chosen and name in places:
                    chosen[key] = (name, places[name].geonames_id)
                    found[places[name].geonames_id] = places[name]
    if not chosen:
        return 0
    frame = pl.DataFrame(
        [
            (p.geonames_id, p.name, p.kind, p.country_code, p.latitude, p.longitude, p.population)
            for p in found.values()
        ],
        schema={
            "geonames_id": pl.Int64,
            "name": pl.String,
            "kind": pl.String,
            "country_code": pl.String,
            "latitude": pl.Float64,
            "longitude": pl.Float64,
            "population": pl.Int64,
        },
        orient="row",
    )
    key_of = _place_keys(con, frame)
    current = dict(
        con.execute(
            "SELECT entity_key, place_key FROM dim_entity WHERE entity_key IN (SELECT unnest(?))",
            [sorted(chosen)],
        ).fetchall()
    )
    todo = {k: key_of[g] for k, (_, g) in chosen.items() if current.get(k) is None}
    _write(con, todo, [])
    return len(todo)
