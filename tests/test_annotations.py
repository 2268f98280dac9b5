"""Findings as GitHub workflow commands: the exact text GitHub turns into a note on the line."""
from __future__ import annotations

import pytest

from rfn_guide.engine.annotations import escape_data, escape_property, github_annotation


def test_a_finding_with_a_line_names_file_line_and_title():
    command = github_annotation("docs/before.md", 12, "Unknown citation", "Add smith2020 to includes/references.bib.")
    assert command == (
        "::error file=docs/before.md,line=12,title=Unknown citation::Add smith2020 to includes/references.bib."
    )


def test_line_is_left_out_when_the_problem_has_no_single_line():
    command = github_annotation("includes/references.bib", None, "Uncited entry", "Cite it or remove it.")
    assert command == "::error file=includes/references.bib,title=Uncited entry::Cite it or remove it."


def test_message_escapes_percent_and_newlines_but_keeps_colons_and_commas():
    command = github_annotation("docs/a.md", 3, "Grade", "Grade 9.1: above 8, 50% too long\r\nShorten it.")
    assert command.endswith("::Grade 9.1: above 8, 50%25 too long%0D%0AShorten it.")


def test_properties_escape_colon_and_comma_so_they_cannot_end_early():
    command = github_annotation("docs/a,b.md", 1, "Link: missing, page", "x")
    assert command == "::error file=docs/a%2Cb.md,line=1,title=Link%3A missing%2C page::x"


def test_percent_is_escaped_first_so_an_escape_sequence_in_the_text_survives():
    # A literal "%0A" in a message must reach the reader as "%0A", not as a line break.
    assert escape_data("100% of %0A") == "100%25 of %250A"
    assert escape_property("a%3Ab\nc") == "a%253Ab%0Ac"


def test_warnings_and_notices_use_their_own_command():
    assert github_annotation("docs/a.md", 2, "Old", "Review due.", level="notice").startswith("::notice file=")
    with pytest.raises(ValueError, match="error, warning, notice"):
        github_annotation("docs/a.md", 2, "Old", "Review due.", level="info")
