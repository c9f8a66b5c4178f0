"""Text cleaning on synthetic snippets: furniture seen in noisy web news, body kept.

The ``GOLDEN`` cases follow trafilatura's evaldata.json: a document, lines that must
survive cleaning and lines that must not.  All snippets are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import logging
import random

import pytest

from newsbrief.clean import clean, clean_one
from newsbrief.clean.features import Line
from newsbrief.clean.meta import byline, date_line, host_source
from newsbrief.types import RawDocument

BODY_1 = "The city council voted on Tuesday to approve a new budget for the harbour district, officials said."
BODY_2 = "Council members argued for three hours before the final vote, which passed by seven votes to four."
BODY_3 = "The mayor said the plan would create hundreds of jobs over the next five years in the district."

GOLDEN: dict[str, tuple[str, list[str], list[str]]] = {
    "social-furniture": (
        "\n".join(
            [
                "Harbour budget approved after marathon session",
                "share tweet pin email",
                BODY_1,
                "Advertisement",
                BODY_2,
                "Image copyright Getty Images Image caption Council members during the vote",
                "Follow Dana Reyes on Twitter: @danareyes",
                BODY_3,
                "Read or Share this story: https://example.com/s/3xYz",
            ]
        ),
        [BODY_1, BODY_2, BODY_3],
        ["share tweet pin email", "Advertisement", "Image copyright", "Follow Dana Reyes", "Read or Share"],
    ),
    "interview-short-lines": (
        "\n".join(
            [
                BODY_1,
                "Was it a surprise?",
                "“No. Not at all.”",
                "Reaction?",
                '"We will keep working," she said.',
                BODY_2,
                "Please enable Javascript to watch this video",
                "Copyright 2019 Example Broadcasting. All rights reserved.",
            ]
        ),
        [
            BODY_1,
            "Was it a surprise?",
            "“No. Not at all.”",
            "Reaction?",
            '"We will keep working," she said.',
            BODY_2,
        ],
        ["enable Javascript", "All rights reserved"],
    ),
    "paywall-and-donations": (
        "\n".join(
            [
                "10 $",
                "1,000 $",
                "Harbour budget approved",
                BODY_1,
                BODY_2,
                BODY_3,
                "You have read 2 of 5 free articles this month.",
                "Subscribe today for unlimited access.",
                "Our reporting depends on readers like you. If you value our journalism, please support us "
                "with a contribution: every gift, big or small, keeps our newsroom independent.",
                "Donate now",
            ]
        ),
        [BODY_1, BODY_2, BODY_3],
        ["10 $", "1,000 $", "free articles", "Subscribe today", "readers like you", "Donate now"],
    ),
    "related-teasers": (
        "\n".join(
            [
                BODY_1,
                "Related stories",
                "March 2, 2019 8:00 am",
                "Ferry line to close for winter",
                "The ferry company said the service would stop in November because of rising costs and fewer...",
                BODY_2,
                BODY_3,
            ]
        ),
        [BODY_1, BODY_2, BODY_3],
        ["Related stories", "Ferry line", "ferry company", "March 2, 2019"],
    ),
    "captions-twice": (
        "\n".join(
            [
                "Harbour budget approved",
                "The harbour district at dawn. Photo: Lee Park/City Archive",
                "The harbour district at dawn. Photo: Lee Park/City Archive",
                "Mayor Ana Ruiz speaks to reporters on Monday. REUTERS/Lee Park",
                BODY_1,
                BODY_2,
            ]
        ),
        [BODY_1, BODY_2],
        ["Photo: Lee Park", "REUTERS/Lee Park"],
    ),
    "comment-and-newsletter-tail": (
        "\n".join(
            [
                BODY_1,
                BODY_2,
                "The council did not respond to a request for comment.",
                "2 comments",
                "Sign up for our newsletter",
                "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.",
            ]
        ),
        [BODY_1, BODY_2, "The council did not respond to a request for comment."],
        ["2 comments", "newsletter", "reCAPTCHA"],
    ),
    "news-about-chrome-words": (
        "\n".join(
            [
                BODY_1,
                "The social network changed its privacy policy on Tuesday after regulators in three countries "
                "complained that users had not been told how their data would be shared with advertisers.",
                "The company declined to comment.",
                "Subscribers to the service were told on Monday that prices would rise in the spring.",
                "The judge, who has faced threats since the ruling, has received backing from an unlikely "
                "source: the public defenders who represent the people he sentences every week in his court.",
                BODY_2,
            ]
        ),
        [
            "changed its privacy policy",
            "The company declined to comment.",
            "Subscribers to the service were told",
            "unlikely source: the public defenders",
        ],
        [],
    ),
    "quotes-at-the-end": (
        "\n".join(
            [
                BODY_1,
                BODY_2,
                "``What we're seeing now is unprecedented,'' agreed Barry.",
                "“We will be back,” she said.",
                "Agencies",
                "Share:",
            ]
        ),
        ["``What we're seeing now is unprecedented,'' agreed Barry.", "“We will be back,” she said."],
        ["Agencies", "Share:"],
    ),
    "list-at-the-end": (
        "\n".join(
            [
                BODY_1,
                BODY_2,
                "The loans written off included:",
                "– A hotel company: €2.1m loan written off",
                "– Former mayor of a large town: From €105,000 loan, €17,000 forgiven",
                "– Company owned by an ambassador: €14,000 loan written off",
                "Share this article",
            ]
        ),
        [
            "The loans written off included:",
            "– A hotel company: €2.1m loan written off",
            "– Company owned by an ambassador",
        ],
        ["Share this article"],
    ),
}


def _doc(text: str, doc_id: str = "d", **meta: object) -> RawDocument:
    return RawDocument(id=doc_id, content=text, kind="text", origin=f"{doc_id}.txt", **meta)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden(name: str) -> None:
    text, must, must_not = GOLDEN[name]
    article = clean_one(_doc(text))
    assert article is not None
    for snippet in must:
        assert snippet in article.text, f"{name}: lost {snippet!r}"
    for snippet in must_not:
        assert snippet not in article.text, f"{name}: kept {snippet!r}"


def test_body_format_and_head_metadata() -> None:
    text = "\n".join(
        [
            "Site Desk | Monday, 4 March 2019",
            "",
            "Harbour   budget approved after marathon session",
            "Posted: March 3, 2019 10:15 am",
            "By Dana Reyes",
            "  " + BODY_1.replace(" on ", "   on ") + "  ",
            "",
            "",
            BODY_2,
        ]
    )
    article = clean_one(_doc(text, url="https://www.harbour-news.example.org/politics/budget"))
    assert article is not None
    assert article.title == "Harbour budget approved after marathon session"
    assert article.text == BODY_1 + "\n\n" + BODY_2
    assert article.published == dt.date(2019, 3, 3)  # under the headline, not the site header
    assert article.published_from == "text"
    assert article.author == "Dana Reyes"
    assert article.source == "harbour-news.example.org"


def test_batch_labels_are_order_free() -> None:
    docs = [
        _doc(f"Harbour Wire\nStory {i} about the harbour\n{body}\nHarbour Wire", f"doc{i}")
        for i, body in enumerate([BODY_1, BODY_2, BODY_3])
    ]
    first = {a.id: a for a in clean(docs)}
    for seed in range(3):
        shuffled = list(docs)
        random.Random(seed).shuffle(shuffled)
        again = clean(shuffled)
        assert [a.id for a in again] == [d.id for d in shuffled]
        assert {a.id: a for a in again} == first
    assert all("Harbour Wire" not in a.text for a in first.values())


def test_empty_document_is_skipped_with_warning(caplog: pytest.LogCaptureFixture) -> None:
    docs = [_doc("Share:\nAdvertisement\n0 $", "junk"), _doc(BODY_1, "ok")]
    with caplog.at_level(logging.WARNING):
        articles = clean(docs)
    assert [a.id for a in articles] == ["ok"]
    assert "junk.txt: no article text after cleaning" in caplog.text


def test_line_features() -> None:
    assert Line("Share this Story: Share On Facebook Share On Twitter").prompt
    assert Line("No comments:").prompt
    assert not Line("WeWork declined to comment.").prompt
    assert not Line("Shares fell less than 1% in after-hours trading.").prompt
    assert Line("File photo: The harbour at dawn. REUTERS/Lee Park").credit
    assert not Line("The tests found problems with kidney structure and/or function.").credit
    assert Line("Can we count on your support? Every contribution helps our journalism reach you.").appeal
    assert not Line("We must protect our harbour, and we will not stop, the mayor said.").appeal
    assert Line("0 $").no_letters and Line("2,500 $").no_letters
    assert Line("https://example.com/a/b").url_only


def test_meta_helpers() -> None:
    assert date_line("January 4, 2019 9:51 am") == dt.date(2019, 1, 4)
    assert date_line("Wednesday, January 30, 2019") == dt.date(2019, 1, 30)
    assert date_line("Saturday, May 28th | 27 Iyyar 5782") is None
    assert date_line("Published 2019-03-03T10:00:00Z") == dt.date(2019, 3, 3)
    assert date_line("The vote on January 4, 2019 split the council down the middle.") is None
    assert byline("avatar by Barney Breen-Portnoy") == "Barney Breen-Portnoy"
    assert byline("By Dana Reyes, Staff Writer") == "Dana Reyes"
    assert byline("Followed by a vote on the budget") is None
    assert host_source("https://www.example.co.uk/x") == "example.co.uk"
    assert host_source(None) is None


def test_non_english_text_is_not_emptied() -> None:
    """Without English function words no line looks like prose: the zones must not swallow the body."""
    body = [
        "Le conseil municipal a voté mardi pour approuver un nouveau budget pour le quartier du port.",
        "Les membres du conseil ont débattu pendant trois heures avant le vote final.",
    ]
    text = "\n".join(["Le conseil approuve le budget du port", *body, "Partager sur Facebook"])
    article = clean_one(_doc(text))
    assert article is not None
    assert article.title == "Le conseil approuve le budget du port"
    assert article.text.split("\n\n") == body
