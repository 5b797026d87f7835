"""Accounts, the people behind them, and the purposes their data may serve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Purpose(StrEnum):
    """What a signal may be used for. Profiles are kept separately per purpose."""

    ADS = "ads"
    CONTENT = "content"


PURPOSES: tuple[Purpose, ...] = (Purpose.ADS, Purpose.CONTENT)


@dataclass(frozen=True, slots=True)
class Account:
    """One account in one app (``fb:alice`` on ``facebook``)."""

    id: str
    app: str
    country: str  # ISO 3166-1 alpha-2, upper case
    birth_date: date | None
    created_at: datetime

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``; None when the birth date is unknown."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True, slots=True)
class NoticeDelivery:
    """The announcement was shown to an account at a moment."""

    account_id: str
    delivered_at: datetime


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """An explicit, revocable opt-in (or its withdrawal) for one purpose."""

    account_id: str
    purpose: Purpose
    granted: bool
    at: datetime
