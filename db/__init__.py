"""dipevents database layer: schema, engine setup, migrations, the writer and the read side.

Knows nothing of spaCy or Prefect: it maps `pipeline.model` dataclasses to rows (`db.store`,
keyed by `db.keys`, kept rows updated in place by `db.revise`),
logs every change in commit order (`db.changes`), turns rows back into event-contract dicts
(`db.queries`, and by change number with a Parquet writer in `db.export`) and copies them
incrementally into other services' databases (`db.sync`).
"""
