"""The one way the guide writes a date for a reader: "24 November 2026"."""
from __future__ import annotations

from datetime import date


def as_date(value: object) -> date | None:
    """A date from front matter (YAML gives a date, or a string written YYYY-MM-DD); else None."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
        except ValueError:
            return None
    return None


def long_date(value: object) -> str:
    """'2026-11-24' or a date -> '24 November 2026' (read without thinking); other text as is."""
    day = as_date(value)
    return f"{day.day} {day:%B} {day.year}" if day else str(value)
