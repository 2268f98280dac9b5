"""Front matter every page needs: description, last_reviewed and next_review (ISO dates).

check_front_matter(text, filename, today) -> (findings, review) where review tells whether the
page is past its next_review date (a notice on the page, not a failure)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

import yaml

from .findings import INFO, Finding

FRONT_MATTER_RE = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.S)
MAX_REVIEW_YEARS = 3
# libyaml's loader when present (as MkDocs uses): the same results, several times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
EXAMPLE = ("---\ndescription: One sentence saying what the page covers.\n"
           "last_reviewed: 2026-11-24\nnext_review: 2027-11-24\n---")


@dataclass(frozen=True)
class ReviewStatus:
    last_reviewed: date | None = None
    next_review: date | None = None
    overdue: bool = False


def _key_line(block: str, key: str) -> int:
    m = re.search(rf"^{re.escape(key)}[ \t]*:", block, re.M)
    return block.count("\n", 0, m.start()) + 2 if m else 1   # +1 for the opening ---, +1 for 1-based


def _as_date(value) -> date | None:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_front_matter(text: str, filename: str, today: date | None = None) -> tuple[list[Finding], ReviewStatus]:
    today = today or date.today()
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return [Finding(filename, 1, "page has no front matter: start the file with\n" + EXAMPLE)], ReviewStatus()
    block = m.group(1) or ""
    try:
        meta = yaml.load(block, Loader=YAML_LOADER) or {}
    except Exception as exc:  # YAMLError, or ValueError for a date like 2027-02-30
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, ValueError):
            for bad in re.finditer(r"^(\w+)[ \t]*:[ \t]*(\d{4}-\d{1,2}-\d{1,2})[ \t]*$", block, re.M):
                try:
                    date.fromisoformat(bad.group(2))
                except ValueError:
                    return [Finding(filename, _key_line(block, bad.group(1)),
                                    f"{bad.group(1)} '{bad.group(2)}' is not a real date in the form YYYY-MM-DD, "
                                    "e.g. 2026-11-24")], ReviewStatus()
        return [Finding(filename, line, f"front matter cannot be read ({problem}): write one 'key: value' per "
                                        "line; put a value that contains ': ' in quotes")], ReviewStatus()
    if not isinstance(meta, dict):
        return [Finding(filename, 2, "front matter must be 'key: value' lines, e.g.\n" + EXAMPLE)], ReviewStatus()

    findings = []
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        findings.append(Finding(filename, _key_line(block, "description"),
                                "front matter needs a description: one plain sentence saying what the page covers "
                                "(search engines and link previews show it)"))
    dates: dict[str, date | None] = {}
    for key in ("last_reviewed", "next_review"):
        if key not in meta or meta[key] in (None, ""):
            findings.append(Finding(filename, 1, f"front matter needs {key}: a date written YYYY-MM-DD"))
            dates[key] = None
            continue
        dates[key] = _as_date(meta[key])
        if dates[key] is None:
            findings.append(Finding(filename, _key_line(block, key),
                                    f"{key} '{meta[key]}' is not a real date in the form YYYY-MM-DD, e.g. 2026-11-24"))
    last, nxt = dates["last_reviewed"], dates["next_review"]
    if last and nxt:
        if nxt <= last:
            findings.append(Finding(filename, _key_line(block, "next_review"),
                                    f"next_review ({nxt}) must be after last_reviewed ({last})"))
        elif nxt > _add_years(last, MAX_REVIEW_YEARS):
            findings.append(Finding(filename, _key_line(block, "next_review"),
                                    f"next_review ({nxt}) is more than {MAX_REVIEW_YEARS} years after last_reviewed "
                                    f"({last}): set it to {_add_years(last, MAX_REVIEW_YEARS)} or earlier"))
    if last and last > today:
        findings.append(Finding(filename, _key_line(block, "last_reviewed"),
                                f"last_reviewed ({last}) is in the future: use the date the page was reviewed"))
    overdue = bool(nxt and nxt < today)
    if overdue:
        findings.append(Finding(filename, _key_line(block, "next_review"),
                                f"page is past its review date ({nxt}); it builds with a notice to readers. "
                                "Review it and update last_reviewed and next_review", level=INFO))
    return findings, ReviewStatus(last, nxt, overdue)


def overdue_notice_html(next_review: date) -> str:
    """A box at the top of an overdue page (Material's admonition look, printed too)."""
    when = html.escape(f"{next_review.day} {next_review:%B %Y}")
    return ('<div class="admonition warning rfn-review-overdue" role="note">\n'
            '<p class="admonition-title">This page is due for review</p>\n'
            f'<p>It was due to be checked again on {when}. Some details may be out of date. '
            'Ask your care team if you are not sure.</p>\n</div>')
