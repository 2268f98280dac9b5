"""A finding as a GitHub Actions workflow command, so a pull request shows it on the changed line.

Under GitHub Actions (`GITHUB_ACTIONS=true`) a line printed as
`::error file=docs/page.md,line=12,title=Unknown citation::message` becomes an annotation on
that line of the pull request. Only the formatting lives here; the reporter decides when to print.
"""
from __future__ import annotations

# GitHub's escaping rules for workflow commands, as the runner decodes them. The documentation
# ("Workflow commands for GitHub Actions", docs.github.com/en/actions/reference/workflow-commands)
# only shows the syntax `::command parameter1={data},parameter2={data}::{command value}`; the
# escaping is defined by the official toolkit, actions/toolkit packages/core/src/command.ts:
#   escapeData:     % -> %25, \r -> %0D, \n -> %0A                      (the message)
#   escapeProperty: the same, then : -> %3A and , -> %2C                 (file, title, ...)
# `%` goes first so that the escapes added afterwards are not escaped again.
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = _DATA_ESCAPES + ((":", "%3A"), (",", "%2C"))

ANNOTATION_LEVELS = ("error", "warning", "notice")


def _escape(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for plain, escaped in escapes:
        text = text.replace(plain, escaped)
    return text


def escape_data(text: str) -> str:
    """Escapes the message (the part after the second `::`)."""
    return _escape(text, _DATA_ESCAPES)


def escape_property(text: str) -> str:
    """Escapes a parameter value (file, title): `:` and `,` would end it early."""
    return _escape(text, _PROPERTY_ESCAPES)


def github_annotation(file: str, line: int | None, title: str, message: str, *, level: str = "error") -> str:
    """The workflow command that shows `message` on `file` (at `line` when known) in a pull request.

    `file` is the path from the repository root, e.g. "docs/index.md"; `line=` is left out when
    the problem has no single line, and GitHub then annotates the file as a whole.
    """
    if level not in ANNOTATION_LEVELS:
        raise ValueError(f"annotation level must be one of {', '.join(ANNOTATION_LEVELS)}, not {level!r}")
    parameters = [f"file={escape_property(file)}"]
    if line is not None:
        parameters.append(f"line={line}")
    parameters.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(parameters)}::{escape_data(message)}"
