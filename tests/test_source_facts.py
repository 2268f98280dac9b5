"""Every fact of the source article is on the site, on the page where a patient looks for it.

Each row names one fact of ../shared/source/radiofrequency-neurotomy-source.txt, the page that
carries it and words that must appear there (matched on the built page's text, any case)."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from support.pages import built_page

FACTS = [
    ("RFN is not surgery", "index.md", r"not an operation|not surgery"),
    ("it relieves chronic back pain", "index.md", r"chronic back pain"),
    ("chronic means more than 12 weeks", "index.md", r"more than 12 weeks"),
    ("even after treatment or medication", "index.md", r"other treatment or taken medicine"),
    ("minimally invasive", "index.md", r"minimally invasive"),
    ("heat destroys the nerve causing pain", "index.md", r"heat destroys the nerve"),
    ("also called radiofrequency ablation", "index.md", r"radiofrequency ablation"),
    ("outpatient: home the same day", "index.md", r"outpatient.*|same day"),
    ("nerves in the spine are the source", "how-it-works.md", r"RFN treats starts in nerves in your spine"),
    ("nerves in vertebrae, the bones of the spine", "how-it-works.md", r"bones of your spine.*vertebrae"),
    ("ligaments join bones", "how-it-works.md", r"joins bones together.*ligament"),
    ("nerves carry pain signals to the brain", "how-it-works.md", r"pain signals travel along them to your brain"),
    ("most pain from two joints (as some doctors say, then qualified)", "how-it-works.md", r"say most chronic back pain comes from one of two kinds of\s+joint"),
    ("facet joints: pairs, between vertebrae", "how-it-works.md", r"small joints between the vertebrae.*pairs"),
    ("facet joints hold the spine upright", "how-it-works.md", r"upright"),
    ("facet joints allow twisting and bending", "how-it-works.md", r"bend or twist"),
    ("two medial branch nerves signal facet pain", "how-it-works.md", r"two small nerves.*medial branch nerves"),
    ("SI joints at the bottom of the spine above the tailbone", "how-it-works.md",
     r"bottom of your spine.*one on each side of the sacrum\s*, the bone above your tailbone"),
    ("lateral branch nerves carry SI pain", "how-it-works.md", r"lateral branch nerves"),
    ("electric current through a needle next to the nerve makes heat", "how-it-works.md", r"electric current flows through the needle"),
    ("heat aimed so healthy nerves are not harmed", "how-it-works.md", r"healthy nerves close by are\s+spared"),
    ("osteoarthritis: cartilage wears away", "who-it-can-help.md", r"cartilage\s*,?\s*wears away"),
    ("cartilage is the smooth material in joints", "who-it-can-help.md", r"smooth lining"),
    ("injury such as a car accident", "who-it-can-help.md", r"car crash"),
    ("exam, history and questions", "before.md", r"examine you.*medical history"),
    ("X-rays or other imaging", "before.md", r"X-rays or other imaging tests"),
    ("imaging finds the levels with arthritis", "before.md", r"which levels of your spine have arthritis"),
    ("imaging rules out other issues", "before.md", r"no other problem"),
    ("two sets of diagnostic blocks", "before.md", r"diagnostic blocks.*one or more rounds of test\s+injections,\s+often two"),
    ("blocks use local anesthetic only", "before.md", r"only a local anesthetic"),
    ("blocks confirm source, levels and degree of relief", "before.md", r"which levels.*how much relief"),
    ("no relief: no RFN", "before.md", r"will not go ahead with RFN"),
    ("good relief: RFN may be recommended", "before.md", r"may suggest RFN"),
    ("lie on the stomach on an X-ray table", "during.md", r"on your stomach.*X-ray table"),
    ("skin cleaned", "during.md", r"skin over your back is cleaned"),
    ("sites found and marked", "during.md", r"mark these places"),
    ("skin numbed", "during.md", r"needles will go in is numbed"),
    ("fluoroscopy is a live X-ray guiding the needle", "during.md", r"live X-ray.*fluoroscopy"),
    ("test that the needle is near the nerve", "during.md", r"close to the right nerve"),
    ("not near a motor or sensory nerve", "during.md", r"away from the nerves that go to your legs.*motor nerves.*sensory nerves"),
    ("sensory test: pain to buttock and thigh", "during.md", r"buttock and down the back of your thigh"),
    ("motor test: back muscles twitch", "during.md", r"twitch"),
    ("local anesthetic through the needle", "during.md", r"injects local anesthetic through it"),
    ("current makes localized heat", "during.md", r"heat in a small area"),
    ("heat kills the nerve and stops pain signals", "during.md", r"heat destroys the small nerve, so it stops sending pain signals"),
    ("go home to rest, light activity", "after.md", r"light activities"),
    ("do not drive or do strenuous things", "after.md", r"do not drive.*hard work"),
    ("normal activities after a day or two", "after.md", r"after a day or two"),
    ("soreness from muscle spasms and needle sites", "after.md", r"muscle spasms.*needles went in"),
    ("soreness normal, up to a week", "after.md", r"up to a week"),
    ("medicine for soreness", "after.md", r"medicine for the soreness"),
    ("physical therapy for strength and flexibility of back and legs", "after.md", r"physical therapy.*back and legs"),
    ("benefit: nonsurgical", "risks-and-benefits.md", r"not surgery"),
    ("benefit: short recovery", "risks-and-benefits.md", r"recovery is fairly short"),
    ("back pain during the procedure, like before", "risks-and-benefits.md", r"like the pain you had before"),
    ("sunburn-like burning", "risks-and-benefits.md", r"sunburn"),
    ("burning can last a week or two", "risks-and-benefits.md", r"one or two\s+weeks"),
    ("ice to cool it", "risks-and-benefits.md", r"ice on your back"),
    ("numbness at the needle site", "risks-and-benefits.md", r"numb where the needle went"),
    ("medicine for pain and numbness", "risks-and-benefits.md", r"medicine to help with the pain and the numbness"),
    ("complications are rare", "risks-and-benefits.md", r"rare"),
    ("permanent nerve damage or pain", "risks-and-benefits.md", r"nerve damage that is permanent"),
    ("original pain may get worse", "risks-and-benefits.md", r"back pain you had before can get worse"),
    ("every patient differs; helps some not others", "outlook.md", r"helps some people but not others"),
    ("relief may be temporary, months to a couple of years", "outlook.md", r"few months.*couple of years"),
    ("some notice limited relief", "outlook.md", r"only a little pain relief"),
    ("based on the Cleveland Clinic article reviewed 2019-01-30", "about.md", r"Cleveland Clinic.*January 30, 2019"),
]


@pytest.mark.parametrize("fact, source, pattern", FACTS, ids=[fact for fact, _, _ in FACTS])
def test_fact_is_on_its_page(built_site, fact, source, pattern):
    article = BeautifulSoup(built_page(built_site, source).read_text(encoding="utf-8"), "html.parser").article
    text = " ".join(article.get_text(" ").split())
    assert re.search(pattern, text, re.IGNORECASE | re.DOTALL), f"{source} no longer says: {fact}"
