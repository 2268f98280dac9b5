"""Unit tests of the page rules: front matter, links and anchors, images, and the command line check."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from rfn_guide.engine.check import check_docs
from rfn_guide.engine.findings import INFO
from rfn_guide.links.rules import check_images, check_links, find_links
from rfn_guide.review.rules import check_front_matter, overdue_notice_html
from support.project import ROOT, step_hook

TODAY = date(2026, 11, 24)


def fm(body: str) -> str:
    return f"---\n{body}---\n\n# Title\n"


GOOD = "description: A page.\nlast_reviewed: 2026-01-10\nnext_review: 2027-01-10\n"


# --- Front matter ------------------------------------------------------------------------------

def test_good_front_matter_has_no_findings():
    findings, review = check_front_matter(fm(GOOD), "docs/p.md", TODAY)
    assert findings == [] and not review.overdue and review.next_review == date(2027, 1, 10)


@pytest.mark.parametrize("text, line, expected", [
    ("# No front matter\n", 1, "page has no front matter"),
    (fm("description: a: b: c\nlast_reviewed: 2026-01-10\n"), 2, "front matter cannot be read"),
    (fm("last_reviewed: 2026-01-10\nnext_review: 2027-01-10\n"), 1, "needs a description"),
    (fm("description: ''\nlast_reviewed: 2026-01-10\nnext_review: 2027-01-10\n"), 2, "needs a description"),
    (fm("description: A.\nnext_review: 2027-01-10\n"), 1, "needs last_reviewed"),
    (fm("description: A.\nlast_reviewed: 2026-01-10\n"), 1, "needs next_review"),
    (fm("description: A.\nlast_reviewed: 10/01/2026\nnext_review: 2027-01-10\n"), 3, "'10/01/2026' is not a real date"),
    (fm("description: A.\nlast_reviewed: 2026-01-10\nnext_review: 2027-02-30\n"), 4, "'2027-02-30' is not a real date"),
    (fm("description: A.\nlast_reviewed: 2026-01-10\nnext_review: 2026-01-10\n"), 4, "must be after last_reviewed"),
    (fm("description: A.\nlast_reviewed: 2026-01-10\nnext_review: 2029-01-11\n"), 4,
     "more than 3 years after last_reviewed (2026-01-10): set it to 2029-01-10 or earlier"),
    (fm("description: A.\nlast_reviewed: 2026-12-10\nnext_review: 2027-01-10\n"), 3, "is in the future"),
    (fm("- a list\n"), 2, "must be 'key: value' lines"),
])
def test_front_matter_faults(text, line, expected):
    findings, _ = check_front_matter(text, "docs/p.md", TODAY)
    assert any(f.line == line and expected in f.message and f.level != INFO for f in findings), \
        [(f.line, f.message) for f in findings]


def test_overdue_page_is_info_not_warning_and_has_a_notice():
    findings, review = check_front_matter(fm("description: A.\nlast_reviewed: 2024-01-10\nnext_review: 2025-01-10\n"),
                                          "docs/p.md", TODAY)
    assert review.overdue
    assert [(f.level, f.line) for f in findings] == [(INFO, 4)]
    assert "past its review date (2025-01-10)" in findings[0].message
    notice = overdue_notice_html(review.next_review)
    assert 'class="admonition warning rfn-review-overdue"' in notice and "January 10, 2025" in notice


# --- Links and anchors -------------------------------------------------------------------------

PAGE = """---
description: x
---

# How it works {#how}

## Facet joints

Text [link](other.md#part-two) and [self](#facet-joints) and ![Alt](img/a.png "T").

`[not](a.md#link)`

<a href="other.md">raw</a> <img src="img/b.png"> <img src="https://cdn.example.org/x.png" alt="X">

[ref]: other.md#nowhere

<figure markdown id="fig-knee" class="rfn-diagram"></figure>

<!-- figure: facet-joint -->
"""


def test_find_links_reads_markdown_and_html_with_lines():
    found = [(link.kind, link.target, link.line, link.raw_html) for link in find_links(PAGE)]
    assert found == [
        ("link", "other.md#part-two", 9, False), ("link", "#facet-joints", 9, False), ("image", "img/a.png", 9, False),
        ("link", "other.md#nowhere", 15, False),
        ("link", "other.md", 13, True), ("image", "img/b.png", 13, True), ("image", "https://cdn.example.org/x.png", 13, True),
    ]


def test_check_links_reports_missing_pages_anchors_and_raw_html_md_links():
    anchors = {"p.md": {"how", "facet-joints", "fig-knee", "fig-facet-joint"}, "other.md": {"part-one"}}
    findings = check_links("p.md", find_links(PAGE), anchors, "docs/p.md")
    got = [(f.line, f.message) for f in findings]
    assert got == [
        (9, "link to 'other.md#part-two', but docs/other.md has no anchor '#part-two': did you mean '#part-one'?"),
        (15, "link to 'other.md#nowhere', but docs/other.md has no anchor '#nowhere': "
             "link to a heading or figure that is on that page"),
        (13, "HTML link to 'other.md': MkDocs does not convert .md addresses inside HTML. "
             "Write it as a Markdown link: [text](other.md)"),
    ]
    missing = check_links("p.md", find_links("[x](gone.md)\n"), {"p.md": set()}, "docs/p.md")
    assert [(f.line, f.message) for f in missing] == [
        (1, "link to 'gone.md', but there is no page docs/gone.md: correct the file name")]
    # In the build, MkDocs reports Markdown links to missing pages itself.
    assert check_links("p.md", find_links("[x](gone.md)\n"), {"p.md": set()}, "docs/p.md", check_targets=False) == []


def test_links_to_hook_made_anchors_are_checked_against_the_final_ids():
    text = "[ref](references.md#ref-shealy1975) [fig](how.md#fig-facet-joint) [bad](references.md#ref-shealy)\n"
    anchors = {"p.md": set(), "references.md": {"ref-shealy1975"}, "how.md": {"fig-facet-joint"}}
    findings = check_links("p.md", find_links(text), anchors, "docs/p.md")
    assert len(findings) == 1 and "no anchor '#ref-shealy': did you mean '#ref-shealy1975'?" in findings[0].message


def test_links_in_subfolders_resolve_relative_to_the_page():
    anchors = {"a/b.md": set(), "c.md": {"x"}}
    assert check_links("a/b.md", find_links("[c](../c.md#x)\n"), anchors, "docs/a/b.md") == []


def test_check_images_alt_text_existence_and_other_sites():
    findings = check_images("p.md", find_links(PAGE + "![](img/a.png)\n"), lambda path: path == "img/a.png", "docs/p.md")
    got = sorted((f.line, f.message.split(":")[0]) for f in findings)
    assert got == [
        (13, "image 'https"),  # on another website
        (13, "image 'img/b.png' does not exist (looked for docs/img/b.png)"),
        (13, "image 'img/b.png' has no alt text"),
        (20, "image 'img/a.png' has no alt text"),
    ]
    assert sum("is on another website" in f.message for f in findings) == 1


# --- The command line check, without a build ---------------------------------------------------

def test_check_docs_on_a_fixture_folder(tmp_path, monkeypatch):
    # A check never prints PDFs and leaves the environment alone, also while it builds (a preview
    # server in the same process reads it): a PDF_EXPORT the PDF step would refuse is not read
    monkeypatch.setenv("PDF_EXPORT", "maybe")
    import mkdocs.commands.build

    seen: list[str | None] = []
    real_build = mkdocs.commands.build.build

    def build(*args, **kwargs):
        seen.append(os.environ.get("PDF_EXPORT"))
        return real_build(*args, **kwargs)

    monkeypatch.setattr(mkdocs.commands.build, "build", build)
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "includes").mkdir()
    from validation_site import GOOD_BIB  # the six entries the fixture pages are written for

    (tmp_path / "includes" / "references.bib").write_text(GOOD_BIB, encoding="utf-8")
    (docs / "index.md").write_text(fm(GOOD) + "\nA [@shealy1975; @nope]. [R](references.md#ref-engel2016) "
                                   "[S](#sources) [X](references.md#ref-x)\n", encoding="utf-8")
    (docs / "references.md").write_text(fm(GOOD) + "\n<!-- bibliography -->\n", encoding="utf-8")
    from rfn_guide.engine.findings import INFO

    # INFO lines (such as the placeholder site_url note) are not problems
    findings = [str(f) for f in check_docs(docs, today=TODAY) if f.level != INFO]
    assert "docs/index.md:9: citation key 'nope' is not in the bibliography: add an entry with this key to " \
           "includes/references.bib, or correct the key" in findings
    assert any(f.startswith("docs/index.md:9: link to 'references.md#ref-x'") for f in findings)
    assert sum("is not cited by any page" in f for f in findings) == 5
    assert len(findings) == 7
    assert seen == ["maybe"] and os.environ["PDF_EXPORT"] == "maybe"


def test_command_line_exit_codes(tmp_path):
    script = ROOT / "scripts" / "check_docs.py"
    bad = subprocess.run([sys.executable, str(script), str(tmp_path / "missing")], capture_output=True, text=True)
    assert bad.returncode == 2 and "no such folder" in bad.stderr and "Traceback" not in bad.stderr
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# No front matter\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(docs), "--bib", str(ROOT / "includes" / "references.bib")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "docs/index.md:1: page has no front matter" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


# --- The build's safety net --------------------------------------------------------------------

def test_a_bug_in_a_step_is_one_warning_the_input_is_kept_and_debug_shows_the_traceback(caplog):
    import logging
    from types import ModuleType, SimpleNamespace

    from mkdocs.structure.pages import Page

    from rfn_guide.engine.pipeline import Pipeline
    from rfn_guide.engine.site import Site

    def on_page_markdown(site, markdown, page):
        raise KeyError("boom")

    step = ModuleType("broken_step")
    step.on_page_markdown = on_page_markdown
    pipeline = Pipeline([step])
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"))
    pipeline.site = Site(config=config, settings=None)
    page = Page.__new__(Page)
    page.file = SimpleNamespace(src_uri="index.md")
    with caplog.at_level(logging.DEBUG, logger="mkdocs"):
        assert pipeline.on_page_markdown("# Text", page=page, config=config, files=None) == "# Text"
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and warnings[0].getMessage().removeprefix("rfn_guide: ").startswith("docs/index.md: ")
    assert "KeyError" in warnings[0].getMessage() and "Traceback" not in warnings[0].getMessage()
    debug = [r for r in caplog.records if r.levelno == logging.DEBUG and r.exc_info]
    assert debug and "boom" in str(debug[0].exc_info[1])


def test_a_steps_own_state_is_kept_through_one_build_and_starts_empty_in_the_next():
    """What only one step reads is its State on the build's Site (design review, proposal 3):
    the same object for every event of a build, each step's its own, and empty again when the
    next build (a `mkdocs serve` rebuild) begins with on_config."""
    from dataclasses import dataclass, field
    from types import ModuleType, SimpleNamespace

    from rfn_guide.engine.pipeline import Pipeline

    @dataclass
    class Seen:
        pages: list[str] = field(default_factory=list)

    @dataclass
    class Other:
        pages: list[str] = field(default_factory=list)

    def on_page_markdown(site, markdown, page):
        site.state(Seen).pages.append(page.file.src_uri)
        return markdown

    step = ModuleType("counting_step")
    step.on_page_markdown = on_page_markdown
    pipeline = Pipeline([step])
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"), extra={})
    page = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    pipeline.on_config(config)
    first = pipeline.site
    pipeline.on_page_markdown("# One", page=page, config=config, files=None)
    pipeline.on_page_markdown("# Two", page=page, config=config, files=None)
    assert first.state(Seen).pages == ["index.md", "index.md"] and first.state(Other).pages == []
    pipeline.on_config(config)  # the next build
    assert pipeline.site is not first and pipeline.site.state(Seen).pages == []
    pipeline.on_build_error(error=RuntimeError("done"))  # takes the warning collector off MkDocs' log


def test_a_bug_in_a_step_shows_its_traceback_only_with_verbose(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hi\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "broken.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'hooks')!r})\nfrom types import ModuleType\n"
        "from rfn_guide.engine.pipeline import Pipeline\nstep = ModuleType('broken_step')\n"
        "step.on_page_markdown = lambda site, markdown, page: {}['missing']\n"
        "globals().update(Pipeline([step]).events())\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Broken\nhooks:\n  - broken.py\n", encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")]
    quiet = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert quiet.returncode != 0 and "Traceback" not in quiet.stderr
    assert "docs/index.md: the step 'broken_step' (on_page_markdown) failed with KeyError" in quiet.stderr
    verbose = subprocess.run([*command, "--verbose"], cwd=tmp_path, capture_output=True, text=True)
    assert "Traceback (most recent call last)" in verbose.stderr and "KeyError: 'missing'" in verbose.stderr


def test_the_guides_steps_are_in_an_order_their_needs_allow_and_a_wrong_order_is_named():
    """Each step's AFTER names the steps it needs first (design review: the order was only in
    comments); the real list passes, and moving a step above one it needs is named."""
    import guide
    from rfn_guide.engine.pipeline import EVERY_OTHER_STEP, order_problems, step_name

    assert order_problems(guide.STEPS) == []
    links_first = [guide.page_links, *(step for step in guide.STEPS if step is not guide.page_links)]
    assert order_problems(links_first) == ["'links' must come after 'citations'", "'links' must come after 'figures'"]
    pdf_early = [guide.pdf_handouts, *(step for step in guide.STEPS if step is not guide.pdf_handouts)]
    assert order_problems(pdf_early) == ["'pdf' must be the last step"]
    assert order_problems([guide.page_links]) == []  # a test's pipeline of one step asks for nothing
    names = {step_name(step) for step in guide.STEPS}
    asked = {name for step in guide.STEPS for name in getattr(step, "AFTER", ())} - {EVERY_OTHER_STEP}
    assert asked and asked <= names, f"AFTER names no step: {sorted(asked - names)}"


def test_a_build_whose_steps_are_out_of_order_stops_with_the_reason(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hi\n\nSome text.\n", encoding="utf-8")
    hook = step_hook(tmp_path, "handout_print", "figure_numbers")  # paper before the figures it needs
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Reordered\nhooks:\n  - {hook}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert "The build's steps are out of order: 'paper' must come after 'figures'. Move them in STEPS" in done.stderr


def test_templates_get_their_words_whatever_steps_run(tmp_path):
    """The words and the date filter every template uses come from the pipeline, not from a step
    (the design review: without the editions step, review-dates.html had no rfn_text)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "---\ndescription: A page to test the templates' words.\nlast_reviewed: 2026-11-24\n"
        "next_review: 2027-11-24\n---\n# Hi\n\nSome text.\n", encoding="utf-8")
    hook = step_hook(tmp_path, "review_status")  # no editions step
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Words\nsite_url: https://example.org/\ntheme:\n  name: material\n  custom_dir: "
        f"{ROOT / 'overrides'}\nhooks:\n  - {hook}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PDF_EXPORT": "0"})
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'Last checked against its sources: <time datetime="2026-11-24">November 24, 2026' in page


# --- Care cards and tick boxes (issue 10) ------------------------------------------------------

from rfn_guide.actions.admonitions import check_admonitions  # noqa: E402
from rfn_guide.actions.care_cards import CARD_LABELS, check_care_cards, label_care_cards  # noqa: E402
from rfn_guide.actions.checklists import item_name, name_tick_boxes  # noqa: E402


def test_each_care_card_title_gets_its_hidden_label():
    for card_type, label in CARD_LABELS.items():
        page = (f'<div class="admonition {card_type}">\n<p class="admonition-title">Call us if</p>\n'
                "<ul><li>sign</li></ul></div>")
        assert (f'<p class="admonition-title"><span class="rfn-visually-hidden rfn-care-label">{label} </span>'
                "Call us if</p>") in label_care_cards(page)
    other = '<div class="admonition warning">\n<p class="admonition-title">Do not drive</p></div>'
    assert label_care_cards(other) == other


def test_a_tick_box_is_named_without_papers_line_to_write_on():
    """The write-in line after an item is print-only: the box's spoken name is the item's words."""
    item = ('<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>'
            '<span class="task-list-indicator"></span></label> <span data-clinic="arrival">Ask your clinic what '
            'time to arrive.</span> <span class="rfn-write-in rfn-print-only" data-search-exclude><span '
            'class="rfn-write-in__label">Time and place:</span><span class="rfn-write-in__line" '
            'aria-hidden="true"></span></span></li>')
    assert 'aria-label="Ask your clinic what time to arrive."' in name_tick_boxes(item)


def test_misspelt_or_untitled_care_cards_are_findings_with_lines():
    markdown = ('# After\n\n!!! care-urgnet "Call today if"\n    - sign [@a]\n\n!!! care-urgent\n    - sign [@a]\n\n'
                '```\n!!! care-wrong "in a code example"\n```\n\n!!! care-emergency "Go to the emergency room if"\n')
    findings = check_admonitions(markdown, "docs/after.md") + check_care_cards(markdown, "docs/after.md")
    assert [(f.line, f.message.split(":")[0]) for f in findings] == [
        (3, "unknown admonition type 'care-urgnet'"), (6, "care card 'care-urgent' has no title")]
    assert "did you mean 'care-urgent'?" in findings[0].message
    assert "care-nonurgent, care-urgent, care-emergency" in findings[0].message


def test_tick_boxes_are_named_after_their_item_without_citation_numbers():
    html = ('<ul class="task-list">\n<li class="task-list-item"><label class="task-list-control">'
            '<input type="checkbox"/><span class="task-list-indicator"></span></label> Bring your '
            '<abbr title="x">medicines</abbr> &amp; a list<sup class="rfn-cite"><a href="#r">4</a></sup>.</li>\n'
            '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" checked/>'
            '<span class="task-list-indicator"></span></label> Rest<ul><li>nested</li></ul></li>\n</ul>')
    named = name_tick_boxes(html)
    assert '<input type="checkbox" aria-label="Bring your medicines &amp; a list."/>' in named
    assert '<input type="checkbox" aria-label="Rest" checked/>' in named
    assert name_tick_boxes(named) == named  # naming twice changes nothing
    assert item_name("<b>Ask</b>  about\nrisks") == "Ask about risks"


def test_actions_stylesheet_is_linked_only_where_a_page_needs_it():
    from rfn_guide.actions.page_styles import link_stylesheet, needs_actions_css

    page = '<html><head><title>t</title></head><body><article>{}</article></body></html>'
    assert needs_actions_css(page.format('<li class="task-list-item">x</li>'))
    assert needs_actions_css(page.format('<div class="admonition care-urgent">x</div>'))
    assert not needs_actions_css(page.format('<div class="admonition warning">x</div>'))
    from rfn_guide.actions.page_styles import stylesheets_needed

    assert stylesheets_needed(page.format('<table class="rfn-diary"></table>')) == ["stylesheets/diary.css"]
    assert stylesheets_needed(page.format('<li class="task-list-item">x</li><table class="rfn-diary"></table>')) == [
        "stylesheets/actions.css", "stylesheets/diary.css"]
    assert stylesheets_needed(page.format("<p>plain</p>")) == []
    linked = link_stylesheet(page.format(""), "../stylesheets/actions.css")
    assert '<link rel="stylesheet" href="../stylesheets/actions.css">\n  </head>' in linked
    assert link_stylesheet(linked, "../stylesheets/actions.css") == linked


def test_element_spans_find_outermost_elements_with_nesting_and_void_tags():
    """The care cards are found by Python's HTML parser, not a pattern: a card's own nested div
    does not end it, a void tag or a '</div>' written in a script does not confuse it."""
    from rfn_guide.markup import element_spans

    page = ('<p>x</p><div class="admonition care-urgent"><p>a<br>b</p><div class="inner"><img src="i.svg">'
            '</div><script>var s = "</div>";</script></div>\n<details class="care-emergency"><p>c</p></details>'
            '<div class="note">n</div>')
    cards = list(element_spans(page, lambda tag, attrs: "care-" in attrs.get("class", "")))
    assert [page[card.start:card.end][:30] for card in cards] == [
        '<div class="admonition care-ur', '<details class="care-emergency']
    assert [page[card.close:card.end] for card in cards] == ["</div>", "</details>"]
    assert page[cards[0].start:cards[0].end].endswith('var s = "</div>";</script></div>')
