"""Every foreign key leads an index (or the primary key, or a unique constraint), on both
databases as the migrations build them: a person's rows are found, and deleted with them,
without scanning a table."""

from sqlalchemy import Engine, inspect


def test_every_foreign_key_is_indexed(migrated_engine: Engine) -> None:
    schema = inspect(migrated_engine)
    unindexed = []
    for table in schema.get_table_names():
        leading = {ix["column_names"][0] for ix in schema.get_indexes(table)}
        leading |= {uq["column_names"][0] for uq in schema.get_unique_constraints(table)}
        leading |= set(schema.get_pk_constraint(table)["constrained_columns"][:1])
        for key in schema.get_foreign_keys(table):
            if key["constrained_columns"][0] not in leading:
                unindexed.append(f"{table}.{key['constrained_columns'][0]}")
    assert unindexed == []
