"""Front matter every page needs, and what it says about the page's review.

- description: one plain sentence (search engines and link previews show it).
- last_reviewed / next_review: when the page was last checked against its sources, and when
  it is due to be checked again (ISO dates, at most 3 years apart).
- clinical_review (optional): who reviewed the page as a clinician, in what role, and when:

      clinical_review:
        reviewer: Full Name
        role: Their role, e.g. Consultant in pain medicine
        date: 2026-12-01

check_front_matter(text, filename, today) -> (findings, review) where review tells whether the
page is past its next_review date (a notice on the page, not a failure) and who reviewed it."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..dates import as_date, long_date
from ..engine.findings import INFO, Finding
from ..i18n import text as ui_text
from ..markup import front_matter_block, front_matter_key_line, load_yaml

RULE = "front matter"
MAX_REVIEW_YEARS = 3
EXAMPLE = ("---\ndescription: One sentence saying what the page covers.\n"
           "last_reviewed: 2026-11-24\nnext_review: 2027-11-24\n---")
CLINICAL_EXAMPLE = "clinical_review: {reviewer: Full Name, role: Their clinical role, date: YYYY-MM-DD}"


@dataclass(frozen=True)
class ClinicalReview:
    reviewer: str
    role: str
    date: date


@dataclass(frozen=True)
class ReviewStatus:
    last_reviewed: date | None = None   # last checked against its sources
    next_review: date | None = None
    overdue: bool = False
    clinical: ClinicalReview | None = None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _finding(filename: str, line: int, message: str, level: str = "warning") -> Finding:
    return Finding(filename, line, message, level, RULE)


def check_front_matter(text: str, filename: str, today: date | None = None,
                       require_clinical_review: bool = False) -> tuple[list[Finding], ReviewStatus]:
    today = today or date.today()
    block = front_matter_block(text)
    if block is None:
        return [_finding(filename, 1, "page has no front matter: start the file with\n" + EXAMPLE)], ReviewStatus()
    try:
        meta = load_yaml(block) or {}
    except Exception as exc:  # YAMLError, or ValueError for a date like 2027-02-30
        return [_unreadable(exc, block, filename)], ReviewStatus()
    if not isinstance(meta, dict):
        return [_finding(filename, 2, "front matter must be 'key: value' lines, e.g.\n" + EXAMPLE)], ReviewStatus()

    findings = []
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        findings.append(_finding(filename, front_matter_key_line(block, "description"),
                                 "front matter needs a description: one plain sentence saying what the page "
                                 "covers (search engines and link previews show it)"))
    dates: dict[str, date | None] = {}
    for key in ("last_reviewed", "next_review"):
        if key not in meta or meta[key] in (None, ""):
            findings.append(_finding(filename, 1, f"front matter needs {key}: a date written YYYY-MM-DD"))
            dates[key] = None
            continue
        dates[key] = as_date(meta[key])
        if dates[key] is None:
            findings.append(_finding(filename, front_matter_key_line(block, key),
                                     f"{key} '{meta[key]}' is not a real date in the form YYYY-MM-DD, "
                                     "e.g. 2026-11-24"))
    last, nxt = dates["last_reviewed"], dates["next_review"]
    if last and nxt:
        if nxt <= last:
            findings.append(_finding(filename, front_matter_key_line(block, "next_review"),
                                     f"next_review ({nxt}) must be after last_reviewed ({last})"))
        elif nxt > _add_years(last, MAX_REVIEW_YEARS):
            findings.append(_finding(filename, front_matter_key_line(block, "next_review"),
                                     f"next_review ({nxt}) is more than {MAX_REVIEW_YEARS} years after last_reviewed "
                                     f"({last}): set it to {_add_years(last, MAX_REVIEW_YEARS)} or earlier"))
    if last and last > today:
        findings.append(_finding(filename, front_matter_key_line(block, "last_reviewed"),
                                 f"last_reviewed ({last}) is in the future: use the date the page was last checked "
                                 "against its sources"))
    overdue = bool(nxt and nxt < today)
    if overdue:
        findings.append(_finding(filename, front_matter_key_line(block, "next_review"),
                                 f"page is past its review date ({nxt}); it builds with a notice to readers. "
                                 "Review it and update last_reviewed and next_review", level=INFO))
    clinical, clinical_findings = _clinical_review(meta.get("clinical_review"), block, filename, today)
    findings += clinical_findings
    if require_clinical_review and clinical is None and not clinical_findings:
        findings.append(_finding(filename, front_matter_key_line(block, "clinical_review") if "clinical_review" in meta else 1,
                                 "page has no clinical review, and mkdocs.yml asks for one on every page "
                                 "(extra.review.require_clinical_review): once a clinician has reviewed it, add "
                                 f"{CLINICAL_EXAMPLE} to the front matter"))
    return findings, ReviewStatus(last, nxt, overdue, clinical)


def _unreadable(exc: Exception, block: str, filename: str) -> Finding:
    if isinstance(exc, ValueError):
        for bad in re.finditer(r"^[ \t]*(\w+)[ \t]*:[ \t]*(\d{4}-\d{1,2}-\d{1,2})[ \t]*$", block, re.M):
            if as_date(bad.group(2)) is None:
                return _finding(filename, block.count("\n", 0, bad.start()) + 2,
                                f"{bad.group(1)} '{bad.group(2)}' is not a real date in the form YYYY-MM-DD, "
                                "e.g. 2026-11-24")
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 2 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    return _finding(filename, line, f"front matter cannot be read ({problem}): write one 'key: value' per "
                                    "line; put a value that contains ': ' in quotes")


def _clinical_review(value: Any, block: str, filename: str,
                     today: date) -> tuple[ClinicalReview | None, list[Finding]]:
    """The clinical_review mapping, checked: reviewer, role and date are all needed."""
    if value is None:
        return None, []
    start_line = front_matter_key_line(block, "clinical_review")
    if not isinstance(value, dict):
        return None, [_finding(filename, start_line, f"clinical_review must name the reviewer, their role and the "
                                                     f"date, e.g. {CLINICAL_EXAMPLE}")]
    after = re.search(r"^clinical_review[ \t]*:", block, re.M)
    offset = after.start() if after else 0

    def line_of_key(key: str) -> int:
        line = front_matter_key_line(block, key, offset, indented=True)
        return line if line > start_line else start_line

    findings = []
    for key, what in (("reviewer", "the clinician's full name"), ("role", "their clinical role, e.g. Consultant in "
                                                                          "pain medicine")):
        if not isinstance(value.get(key), str) or not value[key].strip():
            findings.append(_finding(filename, line_of_key(key) if key in value else start_line,
                                     f"clinical_review needs {key}: {what} ({CLINICAL_EXAMPLE})"))
    day = as_date(value.get("date"))
    if day is None:
        findings.append(_finding(filename, line_of_key("date") if "date" in value else start_line,
                                 f"clinical_review needs date: the day of the clinical review, written YYYY-MM-DD "
                                 f"({CLINICAL_EXAMPLE})"))
    elif day > today:
        findings.append(_finding(filename, line_of_key("date"),
                                 f"clinical_review date ({day}) is in the future: use the day the clinician "
                                 "reviewed the page"))
    if findings or day is None:
        return None, findings
    return ClinicalReview(value["reviewer"].strip(), value["role"].strip(), day), []


def overdue_notice_html(next_review: date, language: str = "en") -> str:
    """A box at the top of an overdue page (Material's admonition look, printed too), in the
    page's language."""
    title = html.escape(ui_text(language, "overdue_title"))
    body = html.escape(ui_text(language, "overdue_text", date=long_date(next_review, language)))
    return ('<div class="admonition warning rfn-review-overdue" role="note">\n'
            f'<p class="admonition-title">{title}</p>\n<p>{body}</p>\n</div>')
