"""The readability report in the build: grades logged per page, a page over budget fails."""
from __future__ import annotations

import re
from pathlib import Path

from rfn_guide.readability.rules import grade_of, hardest_of, sentences_from_html
from support.project import run_mkdocs_build, step_hook


def flesch_kincaid_grade(html: str) -> float:
    return grade_of(sentences_from_html(html))

EASY_PAGE = """# Rest after your treatment

You can go home on the same day. Rest for a day or two. Do not drive on the first day.
Ask a friend to take you home. Call your doctor if the pain gets worse.
"""

HARD_PAGE = """# Postprocedural considerations

Following radiofrequency neurotomy, transient exacerbation of localized discomfort,
cutaneous hypersensitivity and neuritic sequelae are recognized phenomena necessitating
individualized pharmacological management, particularly among patients presenting
with longstanding degenerative spondyloarthropathy affecting multiple contiguous levels.
"""


def make_site(folder: Path, pages: dict[str, str], readability: str = "") -> Path:
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: Readability fixture\n"
        f"hooks:\n  - {step_hook(folder, 'reading_level')}\n"
        + (f"extra:\n  readability:\n{readability}" if readability else ""),
        encoding="utf-8",
    )
    return config


def test_build_logs_each_pages_grade_and_passes_under_budget(tmp_path):
    config = make_site(tmp_path, {"index.md": EASY_PAGE, "more.md": EASY_PAGE})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for page in ("index.md", "more.md"):  # both grades beside each other, each with its budget
        assert re.search(rf"Readability: {page} reads at Flesch-Kincaid grade -?\d+\.\d \(budget 6\), "
                         r"SMOG grade \d+\.\d \(budget 8\)", result.stderr), result.stderr


def test_hard_page_fails_strict_build_naming_file_budget_and_fix(tmp_path):
    config = make_site(tmp_path, {"index.md": EASY_PAGE, "hard.md": HARD_PAGE})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 2, result.stderr  # over both budgets: Flesch-Kincaid and SMOG
    grade, smog = warnings
    assert "docs/hard.md" in grade and "reads at Flesch-Kincaid grade" in grade and "over the budget of 6" in grade
    assert "extra.readability.max_grade in mkdocs.yml" in grade
    assert "split long sentences" in grade and "Hardest sentences:" in grade
    assert "Following radiofrequency neurotomy" in grade  # shows where to start
    assert "docs/hard.md" in smog and "reads at SMOG grade" in smog and "over the budget of 8" in smog
    assert "extra.readability.max_smog in mkdocs.yml" in smog
    assert "Sentences with the most long words: \"Following radiofrequency neurotomy" in smog
    assert "Traceback" not in result.stderr
    assert "Aborted with 2 warnings in strict mode" in result.stdout + result.stderr


def test_a_page_over_the_smog_budget_alone_fails(tmp_path):
    # Short sentences keep Flesch-Kincaid low; many long words still make it hard to read
    page = "# Care\n\n" + "Medicine helps. Anesthetic numbs. Physical therapy continues. " * 6 + "\n"
    config = make_site(tmp_path, {"index.md": page}, readability="    max_grade: 40\n")
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "docs/index.md: reads at SMOG grade" in warnings[0], result.stderr


def test_budget_comes_from_mkdocs_yml_and_pages_can_be_skipped(tmp_path):
    config = make_site(tmp_path, {"index.md": EASY_PAGE, "hard.md": HARD_PAGE},
                       readability="    max_grade: 40\n    max_smog: 40\n")
    assert run_mkdocs_build(config, tmp_path / "site").returncode == 0
    other = tmp_path / "other"
    config = make_site(other, {"index.md": EASY_PAGE, "hard.md": HARD_PAGE},
                       readability="    skip: [hard.md]\n")
    result = run_mkdocs_build(config, other / "site")
    assert result.returncode == 0, result.stderr
    assert "hard.md skipped" in result.stderr


def test_bad_budget_stops_the_build_with_a_clear_message(tmp_path):
    config = make_site(tmp_path, {"index.md": EASY_PAGE}, readability="    max_grade: eight\n")
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "extra.readability.max_grade must be a positive number such as 8, not 'eight'" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_heading_and_list_item_counts_as_a_sentence():
    html = "<h2>Key points</h2><ul><li>Rest at home</li><li>Do not drive</li></ul><p>Call us. We help!</p>"
    assert sentences_from_html(html) == ["Key points.", "Rest at home.", "Do not drive.", "Call us.", "We help!"]


def test_grade_rises_with_long_sentences_and_long_words_and_ignores_sources():
    easy = "<p>You can go home on the same day. Rest for a day or two.</p>"
    hard = f"<p>{' '.join(HARD_PAGE.splitlines()[2:])}</p>"
    assert flesch_kincaid_grade(easy) < 4 < 12 < flesch_kincaid_grade(hard)
    sources = f'<section class="rfn-sources"><h2>Sources</h2><ol><li>{hard}</li></ol></section>'
    assert flesch_kincaid_grade(easy + sources) == flesch_kincaid_grade(easy)
    assert flesch_kincaid_grade("") == 0.0


def test_hardest_sentences_come_first_and_skip_short_headings():
    html = ("<h1>Radiofrequency neurotomy</h1><p>You can go home on the same day. "
            "Temporary numbness or increased discomfort occasionally persists for several weeks.</p>")
    ranked = hardest_of(sentences_from_html(html), count=2)
    assert [sentence for _, sentence in ranked] == [
        "Temporary numbness or increased discomfort occasionally persists for several weeks.",
        "You can go home on the same day.",
    ]
