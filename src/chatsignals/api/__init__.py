"""The HTTP API under /v1: FastAPI routes over the services. Build it with ``create_app``."""
