"""Encryption at rest: master keys, per-account data keys, the envelope cipher."""
