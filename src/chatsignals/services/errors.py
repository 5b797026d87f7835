"""Errors the services raise; entry points turn them into 4xx answers or exit codes."""

from __future__ import annotations


class ServiceError(Exception):
    """Base: ``message`` is written for the caller, ``field`` names the offending input."""

    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409


class InvalidInput(ServiceError):
    status = 422
