"""The one way the guide writes a date for a reader: "November 24, 2026", "24 de noviembre de 2026";
for a PDF's metadata (pdf_date); and the one date a build stamps on what it makes (source_date)."""
from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path

ENV_SOURCE_DATE = "SOURCE_DATE_EPOCH"  # https://reproducible-builds.org/specs/source-date-epoch/


class SourceDateError(ValueError):
    """SOURCE_DATE_EPOCH is set to something that is not a number of seconds."""


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


def source_date(project_dir: Path | str | None = None, environ: Mapping[str, str] | None = None) -> datetime:
    """The date a build stamps on what it makes, so two builds of one commit are identical:
    SOURCE_DATE_EPOCH when set, else the time of the last git commit, else now (no git)."""
    environ = os.environ if environ is None else environ
    value = (environ.get(ENV_SOURCE_DATE) or "").strip()
    if value:
        try:
            return datetime.fromtimestamp(int(value), UTC)
        except (ValueError, OverflowError):
            raise SourceDateError(f"{ENV_SOURCE_DATE}={value!r} is not a number of seconds since 1970: "
                                  f"unset it or give a whole number, e.g. `git log -1 --format=%ct`.") from None
    seconds = last_commit_time(project_dir)
    if seconds is not None:
        return datetime.fromtimestamp(seconds, UTC)
    return datetime.now(UTC).replace(microsecond=0)


def last_commit_time(project_dir: Path | str | None = None) -> int | None:
    """Seconds since 1970 of the last commit of the git work tree at `project_dir`, or None."""
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project_dir or None,
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else None
