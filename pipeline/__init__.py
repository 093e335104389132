"""dipevents extraction library: article text and metadata in, diplomatic events out.

Pure and typed: imports neither `db` nor `prefect`, so any caller can reuse it.
"""

# Bump when extraction output may change; stored with every event so re-extraction with a
# new version can replace an article's events.
EXTRACTOR_VERSION = "0.1.1"

# Articles per `nlp.pipe` batch, per batch of the ingest flow and per chunk sent to a worker
# process (here, not in `pipeline.extract`, so that callers need not import spaCy to read it).
DEFAULT_BATCH_SIZE = 32
