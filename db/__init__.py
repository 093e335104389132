"""dipevents database layer: schema, engine setup, migrations, the writer and the read side.

Knows nothing of spaCy or Prefect: it maps `pipeline.model` dataclasses to rows (`db.store`)
and rows back to event-contract dicts (`db.queries`).
"""
