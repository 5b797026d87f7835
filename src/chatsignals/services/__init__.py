"""Use cases: ingest, interests, forget, simulate. Services own transactions."""
