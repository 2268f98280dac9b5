"""Review status: the front matter every page needs (description, review dates, clinical
review), the dates under each page and a notice on a page past its next review.

    rules.py   front matter read and checked; the overdue notice (no MkDocs)
    step.py    MkDocs step review_status

Template: overrides/partials/review-dates.html."""
