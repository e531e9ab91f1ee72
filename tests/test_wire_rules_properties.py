"""Properties of the small rules added for agency layouts (hypothesis): they never raise,
never lose text, and a notice or caption they take out is printed in the input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.conventions.notice_parts import split_notice
from articles.wire.captions import split_glued
from articles.wire.dates import parse_date_line
from articles.wire.header import posting_date
from articles.wire.notices import restriction_sentences, split_trailing

ALPHABET = st.characters(codec="utf-8", exclude_categories=["Cs"])
PIECES = st.sampled_from(
    ["© KYODO", "© Provided by Harbour Ledger", "(EFE/Archivo)", "EFE – ", "Posted ", "5 MAR ",
     "2024/03/05 17:38:07", ". ", "The port. ", "may not be redistributed. ", "RIPRODUZIONE "
     "RISERVATA", "Copyright ", " 2024 ", "Eds: "]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(ALPHABET, max_size=20)), max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_a_trailing_notice_or_credit_is_cut_off_the_end_and_nothing_else_is_lost(text):
    found = split_trailing(text)
    if found:
        rest, kind, taken = found
        assert kind in {"notice", "credit"}
        assert text.endswith(taken) and text.startswith(rest)
        assert rest.strip()


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_a_glued_caption_and_the_story_after_it_are_both_in_the_paragraph(text):
    found = split_glued(text)
    if found:
        caption, credit, rest = found
        assert f"{caption}" in text and f"({credit})" in text and rest in text


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_the_other_rules_never_raise_and_keep_words_as_printed(text):
    parts = split_notice(text)
    assert parts.holder in " ".join(text.split()) or parts.holder.endswith(".")
    restriction = restriction_sentences(text)
    assert all(word in text for word in restriction.split())
    is_date, value = parse_date_line(text)
    assert is_date or value is None
    assert posting_date(text)[0] in {True, False}
