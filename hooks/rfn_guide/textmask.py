"""Blanks out the parts of Markdown that are not prose (code, HTML comments), keeping offsets.

Rules search the masked text, so a citation or link shown inside a code example is not read
as a real one, and every match still maps to the right line of the original file."""
from __future__ import annotations

import re

FENCE_RE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?[ \t]*\2[`~]*[ \t]*$|\Z)", re.M | re.S)
INLINE_CODE_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(text: str, comments: bool = True) -> str:
    """Same length and line breaks as text; fenced code, inline code (and comments) as spaces."""
    text = FENCE_RE.sub(_blank, text)
    text = INLINE_CODE_RE.sub(_blank, text)
    if comments:
        text = COMMENT_RE.sub(_blank, text)
    return text


FRONT_MATTER_RE = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.S)


def mask_front_matter(text: str) -> str:
    """Blanks the YAML front matter block (same rule MkDocs uses to find it)."""
    return FRONT_MATTER_RE.sub(_blank, text, count=1)
