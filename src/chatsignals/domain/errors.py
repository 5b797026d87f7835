"""Errors the domain raises: a base class, and validation failures that name their field."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken; the message says which, in words a person can read."""


class ValidationError(DomainError):
    """An input value is not acceptable. ``field`` names it (dotted for nested values)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}
