"""What every rule returns: a finding names a file, a line (when there is one) and says how to fix it."""
from __future__ import annotations

from dataclasses import dataclass

WARNING = "warning"  # stops `mkdocs build --strict`
INFO = "info"        # shown in the build log only


@dataclass(frozen=True)
class Finding:
    file: str            # path as an editor sees it, e.g. "docs/index.md"
    line: int | None     # 1-based line in that file, or None when the fault has no single line
    message: str         # what is wrong and how to fix it
    level: str = WARNING
    rule: str = ""       # which check found it, e.g. "citations" (a title for annotations)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset in text."""
    return text.count("\n", 0, offset) + 1
