"""The fault suite (`make faults`): real ingests against bad input, kill -9, concurrency,
database outages and a hostile web server, on SQLite and PostgreSQL, counted from the database.

Modules: `texts` (good articles), `corpus` (the bad-input corpus), `web` (the hostile site),
`expect` (what must be stored or refused), `runs` (ingest processes), `databases` (fresh
databases and outages), `counting`, `scenarios`, `suite`, `report`; run it with
`python -m benchmarks.faults --size small|full`.
"""
