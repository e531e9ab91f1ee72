"""Photo captions: printed twice, glued to the story, and archive flags in every language."""

from __future__ import annotations

import pytest

from articles.conventions.credits import split_credit
from articles.wire.text_reader import parse_text

HEAD = "Harbour board backs ferry link\nMarch 5, 2024\n\n"
LEAD = "PORT ALDER (Northwind) - The board voted on Tuesday to fund a ferry link.\n\n"
CAPTION = "A ferry leaves the harbour at dawn. NORTHWIND/Lena Fischer/File Photo\n\n"


@pytest.mark.parametrize(
    ("credit", "agency", "photographer"),
    [
        ("EFE/Archivo", "EFE", ""),
        ("ANSA/Archivio", "ANSA", ""),
        ("TT/Arkivbild", "TT", ""),
        ("NTB/Arkivfoto/Ida Berg", "NTB", "Ida Berg"),
        ("(AFP/File)", "AFP", ""),
        ("File", "", ""),
        ("AP Photo/Jane Roe, File", "AP", "Jane Roe"),
    ],
)
def test_archive_flags_are_not_photographers(credit, agency, photographer):
    assert split_credit(credit) == (split_credit(credit).__class__(agency, photographer, True))


def test_a_picture_that_is_not_from_the_archive_has_no_flag():
    assert not split_credit("Foto: Lina Ek/TT").file_photo


def test_a_caption_printed_twice_is_one_photo():
    story = parse_text(HEAD + LEAD + CAPTION + CAPTION + "Work starts in May.\n")
    [photo] = story.photos
    assert photo.caption == "A ferry leaves the harbour at dawn."
    assert story.body.count("\n\n") == 1


def test_two_pictures_with_one_credit_but_different_captions_stay_two():
    other = CAPTION.replace("at dawn", "at dusk")
    story = parse_text(HEAD + LEAD + CAPTION + other + "Work starts in May.\n")
    assert len(story.photos) == 2


def test_a_caption_glued_into_the_lead_paragraph_is_taken_out():
    story = parse_text(
        HEAD + "Ferries wait at the quay in Port Alder.(AFP/File)AFP – The harbour board "
        "voted on Tuesday to fund a ferry link.\n\nWork starts in May.\n"
    )
    [photo] = story.photos
    assert (photo.caption, photo.credit) == ("Ferries wait at the quay in Port Alder.", "AFP/File")
    assert story.body.startswith("The harbour board voted on Tuesday")
    assert story.source == "AFP"


def test_brackets_after_a_sentence_that_are_not_a_credit_stay():
    text = HEAD + LEAD + "The vote was close.(See the table below)The board meets again.\n"
    story = parse_text(text)
    assert story.photos == []
    assert "(See the table below)" in story.body


def test_the_repeat_of_a_caption_is_listed_for_the_editor():
    story = parse_text(HEAD + LEAD + CAPTION + CAPTION + "Work starts in May.\n")
    assert story.dropped == [
        "the caption printed again: A ferry leaves the harbour at dawn. "
        "NORTHWIND/Lena Fischer/File Photo"
    ]


@pytest.mark.parametrize(
    ("paragraph", "credit"),
    [
        ("Ferries wait at the quay. (AFP/File)", "AFP/File"),
        ("Ferries wait at the quay. (EFE/Archivo)", "EFE/Archivo"),
        ("Ferries wait at the quay. (TT/Lina Ek)", "TT/Lina Ek"),
    ],
)
def test_a_bracketed_agency_credit_ends_a_caption(paragraph, credit):
    story = parse_text(HEAD + LEAD + paragraph + "\n\nWork starts in May.\n")
    [photo] = story.photos
    assert (photo.caption, photo.credit) == ("Ferries wait at the quay.", credit)


def test_a_poll_credit_in_brackets_is_not_a_photo():
    story = parse_text(HEAD + LEAD + "Support fell to 38 percent. (Reuters/Ipsos)\n")
    assert story.photos == []
    assert "(Reuters/Ipsos)" in story.body
