"""Date expressions resolved against the publication date, and publication-date inference."""

from __future__ import annotations

import datetime as dt

import pytest

from newsbrief.text import analyze_all
from newsbrief.timeline import find_dateline, find_dates, infer_published
from newsbrief.types import Article


def one(text: str, base: dt.date | None) -> tuple[str, str]:
    found = find_dates(text, base)
    assert len(found) == 1, found
    return found[0].iso, found[0].granularity


@pytest.mark.parametrize(
    ("text", "base", "iso", "granularity"),
    [
        ("Netanyahu spoke to Putin on Friday.", "2019-01-04", "2019-01-04", "day"),  # same weekday: that day
        ("Netanyahu on Tuesday held talks.", "2019-01-30", "2019-01-29", "day"),
        ("They met last Friday.", "2019-01-04", "2018-12-28", "day"),
        ("He will travel there on Thursday.", "2019-01-04", "2019-01-10", "day"),
        ("Friday’s call was initiated by Netanyahu.", "2019-01-04", "2019-01-04", "day"),
        ("Trump announced last month that troops leave.", "2019-01-04", "2018-12", "month"),
        ("Tensions reached a peak in September.", "2019-01-04", "2018-09", "month"),
        ("an incident last September when", "2019-01-04", "2018-09", "month"),
        ("the downing of the plane in September.", "2019-03-03", "2018-09", "month"),
        ("They last spoke in early December.", "2019-01-04", "2018-12", "month"),
        ("a mid-September incident", "2019-01-04", "2018-09", "month"),
        ("The talks in January were calm.", "2019-01-30", "2019-01", "month"),
        ("On January 17, officials held talks.", "2019-01-30", "2019-01-17", "day"),
        ("Netanyahu said on March 3 at the meeting.", "2019-03-03", "2019-03-03", "day"),
        ("on Jan. 17 the envoy arrived", "2019-01-30", "2019-01-17", "day"),
        ("the meeting on 17 January", "2019-01-30", "2019-01-17", "day"),
        ("the intervention began in 2015.", "2019-01-04", "2015", "year"),
        ("they have cooperated since 2015", "2019-01-04", "2015", "year"),
        ("Last week, Netanyahu visited Moscow.", "2019-03-03", "2019-02-24", "week"),  # Sunday paper
        ("At a meeting last week in Brazil.", "2019-01-04", "2018-12-23", "week"),
        ("This week, Trump sparked consternation.", "2019-01-04", "2018-12-30", "week"),
        ("It rained yesterday.", "2019-01-04", "2019-01-03", "day"),
        ("Two weeks ago, the talks failed.", "2019-01-04", "2018-12-16", "week"),
        ("the meeting in Moscow on July 11, 2018.", "2019-01-04", "2018-07-11", "day"),
        ("Wednesday, January 30, 2019", "2019-01-04", "2019-01-30", "day"),
        ("in May 2018 the deal collapsed", "2019-01-04", "2018-05", "month"),
        ("in mid-2015 the war widened", "2019-01-04", "2015", "year"),
    ],
)
def test_resolution(text: str, base: str, iso: str, granularity: str) -> None:
    assert one(text, dt.date.fromisoformat(base)) == (iso, granularity)


def test_spans_point_at_the_expression() -> None:
    text = "Officials met on Tuesday and again in early December."
    found = find_dates(text, dt.date(2019, 1, 30))
    assert [text[m.start : m.end] for m in found] == ["Tuesday", "early December"]
    assert found[1].first == dt.date(2018, 12, 1) and found[1].last == dt.date(2018, 12, 31)


def test_relative_dates_need_a_base() -> None:
    assert find_dates("They met on Friday and in September.", None) == ()
    assert one("They met on July 11, 2018.", None) == ("2018-07-11", "day")


def test_no_false_dates() -> None:
    text = "May I ask? The army will march on. Over 2,000 soldiers and an S-300 system; 15 people."
    assert find_dates(text, dt.date(2019, 1, 4)) == ()


def test_dateline() -> None:
    assert find_dateline("MOSCOW, Jan 4 (Reuters) - Putin spoke.", dt.date(2019, 1, 10)) == dt.date(
        2019, 1, 4
    )
    assert find_dateline("January 4, 2019 9:51 am\nText") == dt.date(2019, 1, 4)
    assert find_dateline("Putin spoke on Jan 4.") is None


def test_infer_published_from_story_and_dateline() -> None:
    known = Article(
        "k", "Netanyahu and Putin spoke by telephone on Friday about Syria.", published=dt.date(2019, 1, 4)
    )
    other = Article("o", "An unrelated report about football results.", published=dt.date(2019, 6, 1))
    same = Article("s", "Netanyahu discussed Syria with Putin on Friday by telephone, the Kremlin said.")
    lead = Article("l", "Netanyahu said on March 3 that Israel and Russia will work together in Syria.")
    line = Article("d", "JERUSALEM, Feb 2 (Reuters) - Netanyahu met Putin.")
    result = {t.id: t.article for t in infer_published(analyze_all([known, other, same, lead, line]))}
    assert result["s"].published == dt.date(2019, 1, 4) and result["s"].published_from == "event"
    assert result["l"].published == dt.date(2019, 3, 3) and result["l"].published_from == "event"
    assert result["d"].published == dt.date(2019, 2, 2) and result["d"].published_from == "dateline"
    assert result["k"] is known
    assert same.published is None  # never mutated


def test_infer_published_without_any_date() -> None:
    alone = Article("a", "Something happened on Friday.")
    (text,) = infer_published(analyze_all([alone]))
    assert text.article == alone and not text.date_confident


def test_month_day_takes_the_near_year() -> None:
    # a paper dated the day before still means the next day, not last year's
    assert one("Netanyahu said on March 3 at the meeting.", dt.date(2019, 3, 2)) == ("2019-03-03", "day")
    # with a future cue, the next occurrence
    assert one("The talks will resume on January 17 in Geneva.", dt.date(2019, 1, 4)) == ("2019-01-17", "day")
    # a past date nearly a year back stays in the past
    assert one("The jet crashed on October 31 off the coast.", dt.date(2000, 8, 20)) == ("1999-10-31", "day")


def test_mentions_say_whether_they_are_relative() -> None:
    found = find_dates("On Friday, as in March 2018 and in 2015, officials met.", dt.date(2019, 1, 4))
    assert [(m.text, m.relative) for m in found] == [
        ("Friday", True),
        ("March 2018", False),
        ("in 2015", False),
    ]


def test_years_used_as_names_are_not_dates() -> None:
    base = dt.date(1999, 6, 1)
    assert find_dates("Some of the 1997 Fox Brook Chardonnay is left.", base) == ()
    assert one("In 2015 Russia began its intervention.", base) == ("2015", "year")
    assert one("It happened in the year 1997, officials said.", base) == ("1997", "year")


@pytest.mark.parametrize("base", [dt.date(2019, 1, 4), dt.date(2019, 3, 3), dt.date(2020, 2, 29), dt.date(2018, 12, 31)])
def test_month_day_and_ago_agree_with_dateparser(base: dt.date) -> None:
    import calendar

    import dateparser

    from newsbrief.timeline.dates import ago, month_day, span_of

    def parse(expr: str, prefer: str) -> dt.date:
        settings = {"PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": "first",
                    "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day)}
        return dateparser.parse(expr, languages=["en"], settings=settings).date()

    for month in range(1, 13):
        for day in (1, 3, 28, 29, 31):
            if day > calendar.monthrange(2000, month)[1]:
                continue
            for future in (False, True):
                expected = parse(f"{calendar.month_name[month]} {day}", "future" if future else "past")
                assert month_day(month, day, base, future) == expected, (month, day, future)
    for unit in ("day", "week", "month", "year"):
        for count in (1, 2, 7, 12):
            expected = span_of(parse(f"{count} {unit}s ago", "past"), unit)
            assert span_of(ago(count, unit, base), unit) == expected, (unit, count)
