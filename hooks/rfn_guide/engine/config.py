"""The guide's settings under `extra:` in mkdocs.yml, checked once in on_config with MkDocs'
own config classes (as Material's plugins do), so a wrong setting stops the build with one
clear line instead of misbehaving later (a string where a list belongs, a word for a number).

    extra:
      readability: {max_grade: 6, max_smog: 8, skip: [references.md]}
      review: {require_clinical_review: false}
      pdf: {paper: A4, back_matter: [references.md, glossary.md]}
      citations: {bibliography: includes/references.bib}
      glossary: {file: includes/glossary.md}
"""
from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError


class PositiveNumber(c.BaseConfigOption[float]):
    def __init__(self, default: float) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise c.ValidationError(f"must be a positive number such as 8, not {value!r}")
        return float(value)


class ListOfPages(c.BaseConfigOption[list]):
    def __init__(self, default: list[str], example: str) -> None:
        super().__init__()
        self.default = default
        self.example = example

    def run_validation(self, value: object) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise c.ValidationError(f"must be a list of page files, e.g. {self.example}, not {value!r}")
        return value


class ReadabilitySettings(base.Config):
    max_grade = PositiveNumber(default=6.0)  # English: Flesch-Kincaid grade at most this
    max_smog = PositiveNumber(default=8.0)  # English: SMOG grade at most this
    min_fernandez_huerta = PositiveNumber(default=70.0)  # Spanish: Fernández-Huerta ease at least this
    skip = ListOfPages([], "[references.md]")


class ReviewSettings(base.Config):
    # When true, every page needs clinical_review in its front matter, or the build fails.
    require_clinical_review = c.Type(bool, default=False)


class PdfSettings(base.Config):
    paper = c.Optional(c.Type(str))  # A4 or Letter: checked by the PDF export with PDF_PAPER
    back_matter = ListOfPages(["references.md", "glossary.md"], "[references.md, glossary.md]")


class CitationSettings(base.Config):
    bibliography = c.Type(str, default="includes/references.bib")  # relative to mkdocs.yml


class GlossarySettings(base.Config):
    file = c.Type(str, default="includes/glossary.md")  # relative to mkdocs.yml


class GuideSettings:
    """Every section, checked."""

    SECTIONS: dict[str, type[base.Config]] = {
        "readability": ReadabilitySettings,
        "review": ReviewSettings,
        "pdf": PdfSettings,
        "citations": CitationSettings,
        "glossary": GlossarySettings,
    }

    def __init__(self, extra: dict[str, Any]) -> None:
        self.readability = ReadabilitySettings()
        self.review = ReviewSettings()
        self.pdf = PdfSettings()
        self.citations = CitationSettings()
        self.glossary = GlossarySettings()
        for name in self.SECTIONS:
            section: base.Config = getattr(self, name)
            raw = extra.get(name)
            if raw is None:
                raw = {}
            if not isinstance(raw, dict):
                raise PluginError(f"mkdocs.yml: 'extra: {name}:' must be a mapping of settings, e.g. "
                                  f"'{name}: {{...}}', not {raw!r}.")
            section.load_dict(raw)
            failed, _unknown_keys_are_fine = section.validate()
            for key, error in failed:
                raise PluginError(f"mkdocs.yml: extra.{name}.{key} {_sentence(str(error))}")


def _sentence(error: str) -> str:
    error = error[0].lower() + error[1:] if error[:1].isupper() and not error.startswith("A4") else error
    return error if error.endswith(".") else error + "."
