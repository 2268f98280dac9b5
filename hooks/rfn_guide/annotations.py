"""GitHub Actions workflow commands, so a finding shows on the changed line of a pull request.

https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
Data is escaped %, CR, LF; property values also ':' and ','."""
from __future__ import annotations


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(file: str, line: int | None, title: str, message: str) -> str:
    """`::error file=docs/a.md,line=3,title=...::message` for one finding."""
    properties = [f"file={_escape_property(file)}"]
    if line:
        properties.append(f"line={line}")
    properties.append(f"title={_escape_property(title)}")
    return f"::error {','.join(properties)}::{_escape_data(message)}"
