"""Step: front matter and the page's review status.

Checks each page's front matter (rfn_guide.review.rules), puts a notice under the title of a
page past its next_review date, and gives the page template what partials/review-dates.html
shows: when the page was last checked against its sources, when it is next due, and who
reviewed it as a clinician, or plainly that no clinician has yet."""
from __future__ import annotations

import re

from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..dates import long_date
from ..engine.site import Site
from .rules import check_front_matter, overdue_notice_html

H1_END_RE = re.compile(r"</h1>", re.I)


def on_page_markdown(site: Site, markdown: str, page: Page) -> str:
    findings, review = check_front_matter(page.file.content_string, site.shown(page.file.src_uri), site.today,
                                          site.settings.review.require_clinical_review)
    site.report_all(findings)
    site.reviews[page.file.src_uri] = review
    return markdown


def on_page_content(site: Site, html: str, page: Page) -> str:
    review = site.reviews.get(page.file.src_uri)
    if review is None or not review.overdue or review.next_review is None:
        return html
    notice = overdue_notice_html(review.next_review, site.language)
    match = H1_END_RE.search(html)
    return html[:match.end()] + "\n" + notice + html[match.end():] if match else notice + "\n" + html


def on_page_context(site: Site, context: TemplateContext, page: Page) -> None:
    review = site.reviews.get(page.file.src_uri)
    if review is None or review.last_reviewed is None:
        context["rfn_review"] = None  # type: ignore[typeddict-unknown-key]
        return
    clinical = review.clinical
    context["rfn_review"] = {  # type: ignore[typeddict-unknown-key]
        "checked": long_date(review.last_reviewed, site.language), "checked_iso": review.last_reviewed.isoformat(),
        "next": long_date(review.next_review, site.language) if review.next_review else "",
        "next_iso": review.next_review.isoformat() if review.next_review else "",
        "clinical": None if clinical is None else {
            "reviewer": clinical.reviewer, "role": clinical.role,
            "date": long_date(clinical.date, site.language), "date_iso": clinical.date.isoformat()},
    }
