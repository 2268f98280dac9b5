"""The one way the guide writes a date for a reader: "November 24, 2026", "24 de noviembre de 2026";
and for a PDF's metadata (pdf_date)."""
from __future__ import annotations

from datetime import UTC, date, datetime


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


# The date in words, a pattern per language for Babel; English (US: month day, year) needs no Babel.
DATE_PATTERNS = {
    "es": "d 'de' MMMM 'de' y",  # 24 de noviembre de 2026
}


# A date inside a reference list (Vancouver): short month names.
REFERENCE_DATE_PATTERNS = {
    "es": "d MMM y",  # 30 ene 2019, as Spanish Vancouver lists write it
}
ENGLISH_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# Written out, not %B, which follows the machine's locale
ENGLISH_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                       "October", "November", "December"]


def reference_date(value: object, language: str = "en") -> str:
    """'2019-01-30' -> '2019 Jan 30' (en, Vancouver) or '30 ene 2019' (es); other text as it is."""
    day = as_date(value)
    if day is None:
        return str(value)
    if language == "en":
        return f"{day.year} {ENGLISH_MONTHS[day.month - 1]} {day.day}"
    from babel.dates import format_date

    return format_date(day, format=REFERENCE_DATE_PATTERNS.get(language, "medium"), locale=language)


def long_date(value: object, language: str = "en") -> str:
    """'2026-11-24' or a date -> 'November 24, 2026' (US English) or '24 de noviembre de 2026' (es),
    the month in words, so it is read without thinking; other text (a front matter typo the page
    checks report) as it is."""
    day = as_date(value)
    if day is None:
        return str(value)
    if language == "en":
        return f"{ENGLISH_MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"
    from babel.dates import format_date  # Babel (Material depends on it) only for other languages

    return format_date(day, format=DATE_PATTERNS.get(language, "long"), locale=language)


def pdf_date(moment: datetime) -> str:
    """A PDF date string (UTC), e.g. D:20261124120000Z."""
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ")
