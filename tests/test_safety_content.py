"""What a patient must learn to be safe (issue 16) is on the page where they would look for it.

Each row names one instruction, the page that carries it and words that must appear there
(matched on the built page's visible text, any case). The sources behind each are cited on the
page itself; tests/test_citations*.py check that the citations resolve."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from support.pages import built_page

ITEMS = [
    # Before: what to tell the clinic, each with its reason, and what to do
    ("tell the clinic about blood thinners", "before.md", r"blood thinner.*warfarin.*apixaban.*clopidogrel"),
    ("never stop a blood thinner on your own", "before.md", r"do not stop taking it on your own"),
    ("who decides about a blood thinner", "before.md", r"your clinic, or the doctor who prescribed it, will tell you if and when"),
    ("implanted devices", "before.md", r"pacemaker.*defibrillator.*spinal cord stimulator"),
    ("why devices matter", "before.md", r"electric current.*can affect how some devices"),
    ("pregnancy and X-rays", "before.md", r"pregnant.*X-rays"),
    ("allergies", "before.md", r"allergy.*numbing medicine.*contrast.*iodine.*latex"),
    ("fever, infection or antibiotics", "before.md", r"fever or an infection.*antibiotics"),
    ("diabetes", "before.md", r"diabetes"),
    ("eating and drinking as the clinic says", "before.md", r"when to stop eating and drinking"),
    ("an adult to drive you home", "before.md", r"adult to drive you home"),
    ("someone to stay", "before.md", r"stay with you.*overnight"),
    ("what to bring", "before.md", r"list of all the medicines you take"),
    ("what to wear", "before.md", r"hospital gown"),
    ("the test injections: how many", "before.md", r"one or more rounds of test injections"),
    ("what the pain diary is for", "before.md", r"pain diary"),
    # The pain diary
    ("pain score from 0 to 10", "pain-diary.md", r"0 means no pain at all.*10 means the worst pain"),
    ("scores at set times", "pain-diary.md", r"every 15 minutes.*each hour for 8 more hours"),
    ("what you could do", "pain-diary.md", r"not while you sit or lie down.*write down what you could do"),
    ("getting home after a test injection", "pain-diary.md", r"do not drive for 24 hours after a test injection\. ask an adult to drive you home"),
    # During: sedation and what it feels like, without promises
    ("local anesthetic and sometimes sedation", "during.md", r"local anesthetic.*light sedation"),
    ("nerves grow back (during)", "during.md", r"nerve can grow back"),
    # After: thresholds and routes
    ("no driving for 24 hours", "after.md", r"do not drive for 24 hours"),
    ("sedation rules for 24 hours", "after.md", r"do not drink alcohol for 24 hours"),
    ("fever threshold", "after.md", r"over 100\.4 °F \(38 °C\)"),
    ("numbness time limit", "after.md", r"should wear off within 24 hours"),
    ("signs of infection", "after.md", r"red, hot or swollen.*infection"),
    ("bleeding from a needle site: call today", "after.md", r"Urgent advice:[^:]*needle went in bleeds"),
    # Read before any card: an emergency sign goes to 911 before the clinic (a patient's-eye review)
    ("emergency signs: 911 first", "after.md", r"When to get help\W+For any sign in the .Get emergency help now. box, call 911 first, not your clinic"),
    ("a blood thinner: ask before going home", "after.md", r"when to start it again, before you go home"),
    ("no hard work for a day or two", "after.md", r"for a day or two, do no hard work"),
    ("bladder or bowel: emergency", "after.md", r"Emergency:.*problems controlling your bladder or bowels"),
    ("numbness between the legs: emergency", "after.md", r"Emergency:.*between your inner thighs"),
    ("allergic reaction: emergency", "after.md", r"Emergency:.*allergic reaction"),
    # Key points, what a hurried reader reads: every emergency sign, not two of the four
    ("key points: any emergency sign, 911", "after.md", r"Key points.*Call 911 for any sign in the .Get emergency help now. box"),
    ("what to do out of hours", "after.md", r"if your clinic is closed"),
    ("call 911 in an emergency", "after.md", r"call 911 now"),
    ("when will I know if it has worked", "after.md", r"when will i know if it has worked"),
    ("flare-up can take several weeks", "after.md", r"several\s+weeks to settle"),
    ("what to do in a flare-up", "after.md", r"keep moving gently"),
    ("restarting a blood thinner", "after.md", r"when to start it again"),
    # Risks and benefits, stated fairly
    # Numb or weak legs from the numbing medicine: what is not normal, as After's emergency card says
    ("legs weaker or still numb after 24 hours: emergency", "risks-and-benefits.md",
     r"legs get weaker or more numb, or are still like this after 24 hours, get emergency help"),
    ("infection risk with how often", "risks-and-benefits.md", r"infection happens to between 1 and 2 people in every 100"),
    ("bleeding and bruising", "risks-and-benefits.md", r"bruise.*bleeding"),
    ("short-lived leg numbness or weakness", "risks-and-benefits.md", r"legs feel numb or weak for a\s+while"),
    ("flare of pain", "risks-and-benefits.md", r"flare up"),
    ("allergic reaction", "risks-and-benefits.md", r"allergic reaction"),
    ("the benefit and its uncertainty", "risks-and-benefits.md", r"may ease your back pain.*no one can say for sure"),
    # Nerves grow back; relief fades
    ("nerves grow back (home page)", "index.md", r"nerves can grow back"),
    ("nerves grow back (outlook)", "outlook.md", r"nerve grows back.*done again"),
    ("epidemiology qualified", "how-it-works.md", r"15 to 45 out of every 100"),
]

# Words that overstate what RFN does: the nerve is not gone for good (issue 16).
OVERSTATEMENTS = [r"can no longer", r"\bforever\b", r"\bcures\b", r"take (the|your) pain away", r"never comes back"]


def page_text(site, source: str) -> str:
    article = BeautifulSoup(built_page(site, source).read_text(encoding="utf-8"), "html.parser").article
    assert article is not None, f"{source} has no article"
    return " ".join(article.get_text(" ").split())


@pytest.mark.parametrize("item, source, pattern", ITEMS, ids=[item for item, _, _ in ITEMS])
def test_safety_item_is_on_its_page(built_site, item, source, pattern):
    assert re.search(pattern, page_text(built_site, source), re.IGNORECASE | re.DOTALL), f"{source} no longer says: {item}"


@pytest.mark.parametrize("source", ["index.md", "how-it-works.md", "during.md", "after.md", "risks-and-benefits.md",
                                    "outlook.md"])
def test_no_page_overstates_what_rfn_does(built_site, source):
    text = page_text(built_site, source)
    found = [pattern for pattern in OVERSTATEMENTS if re.search(pattern, text, re.IGNORECASE)]
    assert found == [], f"{source} overstates: {found}"
