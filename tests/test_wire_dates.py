"""Dates as agencies print them, in several languages; a year is never invented."""

from __future__ import annotations

from datetime import datetime

import pytest

from articles.wire.dates import find_date, parse_date_line, parse_iso
from articles.wire.text_reader import parse_text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2024/03/05 17:38:07", datetime(2024, 3, 5, 17, 38, 7)),
        ("5 MAR 2024", datetime(2024, 3, 5)),
        ("5 mar 2024", datetime(2024, 3, 5)),
        ("5. März 2024, 17:38 Uhr", datetime(2024, 3, 5, 17, 38)),
        ("05.03.2024", datetime(2024, 3, 5)),
        ("5 de marzo de 2024", datetime(2024, 3, 5)),
        ("5 mag 2024", datetime(2024, 5, 5)),
        ("12 dic 2024 09:10", datetime(2024, 12, 12, 9, 10)),
        ("5 mars 2024 17:38", datetime(2024, 3, 5, 17, 38)),
        ("5 maj 2024", datetime(2024, 5, 5)),
        ("5 okt. 2024", datetime(2024, 10, 5)),
        ("5 de outubro de 2024", datetime(2024, 10, 5)),
        ("5 août 2024", datetime(2024, 8, 5)),
    ],
)
def test_date_lines(line, expected):
    assert parse_date_line(line) == (True, expected)


@pytest.mark.parametrize("line", ["5 MAR", "March 5", "5 mar", "Tue 5 Mar"])
def test_a_date_without_a_year_is_a_date_line_without_a_value(line):
    assert parse_date_line(line) == (True, None)


def test_a_date_without_a_year_is_reported_not_guessed():
    story = parse_text("Harbour board backs ferry link\n5 MAR\n\nThe board voted on Tuesday.\n")
    assert story.published_at is None
    assert story.body == "The board voted on Tuesday."
    assert any("gives no year" in w for w in story.warnings)


@pytest.mark.parametrize(
    "text", ["The vote was 5 to 3 in March.", "He said it would take 5 days ago", "Set 5 of 7"]
)
def test_prose_is_not_a_date_line(text):
    assert parse_date_line(text)[0] is False


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1066-10-14T09:00:00+00:00"]
)
def test_placeholder_years_are_no_date(value):
    assert parse_iso(value) is None


def test_a_printed_date_in_a_placeholder_year_is_no_date():
    assert find_date("December 31, 9999")[0] is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("5 mars 2024 à 17h38", datetime(2024, 3, 5, 17, 38)),
        ("05/03/2024 - 17h38", None),  # day or month first? no value, still a date line
        ("Tuesday, 5 March 2024 - 17:38", datetime(2024, 3, 5, 17, 38)),
    ],
)
def test_date_lines_with_times_in_other_styles(line, expected):
    assert parse_date_line(line) == (True, expected)
