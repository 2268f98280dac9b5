"""Care cards: NHS-style boxes that say how soon to get help after the procedure.

An editor writes an admonition with one of three types (see README, "Care cards"):

    !!! care-nonurgent "Call your clinic or doctor if"
    !!! care-urgent "Call your clinic or doctor today if"
    !!! care-emergency "Go to the emergency room if"

The colour and icon tell a sighted reader how urgent the card is. `label_care_cards` gives the
same message to a screen reader: it starts each card's title with a visually hidden label
("Urgent advice: "), printed visibly on paper (stylesheets/print.css), where colour may be lost.
`check_care_cards` finds a card without a title in the Markdown (a misspelt type is found by
rfn_guide.actions.admonitions, with every other admonition type).

Plain Python, no MkDocs imports: the patient_actions step calls these, tests call them directly."""
from __future__ import annotations

import re

from ..engine.findings import Finding
from ..i18n import text
from .admonitions import ADMONITION_TYPES, find_admonitions

# Card type -> the words a screen reader hears before the card's title (English; every
# language's words are in rfn_guide.i18n, keyed by the card type)
CARD_LABELS = {card: text("en", card) for card in ADMONITION_TYPES if card.startswith("care-")}
LABEL_CLASS = "rfn-visually-hidden rfn-care-label"

# <div class="admonition care-urgent"> then its <p class="admonition-title">
_CARD_TITLE = re.compile(
    r'(<div class="admonition (?P<type>care-[a-z-]+)[^"]*">\s*<p class="admonition-title">)')


def label_care_cards(html: str, labels: dict[str, str] | None = None) -> str:
    """The page's HTML with a hidden label at the start of every care card's title. `labels`
    (card type -> words) gives the words in another language; English by default."""
    labels = labels or CARD_LABELS

    def add_label(match: re.Match) -> str:
        label = labels.get(match.group("type"))
        if label is None:
            return match.group(0)
        return f'{match.group(1)}<span class="{LABEL_CLASS}">{label} </span>'
    return _CARD_TITLE.sub(add_label, html)


def check_care_cards(markdown: str, filename: str) -> list[Finding]:
    """A care card without a title, as findings (its type is checked with every admonition's)."""
    return [Finding(filename, box.line, f"care card '{box.kind}' has no title: write what to do, "
                                        f'e.g. !!! {box.kind} "Call your clinic today if"')
            for box in find_admonitions(markdown) if box.kind in CARD_LABELS and not box.title]
