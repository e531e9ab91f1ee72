"""Page furniture and trailers: left out of the story, and listed for the editor."""

from __future__ import annotations

import pytest

from articles.wire.nitf_reader import parse_nitf
from articles.wire.preview import describe, story_parts
from articles.wire.text_reader import parse_text

HEAD = "Harbour board backs ferry link\nMarch 5, 2024\n\n"
LEAD = "PORT ALDER (Northwind) - The board voted on Tuesday to fund a ferry link.\n\n"
LAST = "Work on the new pier starts in May.\n\n"


@pytest.mark.parametrize(
    "line",
    [
        "AAP RTV ar",
        "___",
        "Jane Roe can be reached at jroe@example.com",
        "Omar Reyes can be reached at 555-0142 or on X at @oreyes.",
        "Click to rate",
        "12 comments",
        "Comments (4)",
        "Be the first to comment",
        "Rate this article",
        "This report by The Canadian Press was first published March 5, 2024.",
        "© Provided by Harbour Ledger",
    ],
)
def test_trailers_are_left_out_and_listed(line):
    story = parse_text(HEAD + LEAD + LAST + line + "\n")
    assert story.body.endswith("Work on the new pier starts in May.")
    assert any(d.endswith(line) for d in story.dropped), story.dropped


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor can be reached at city hall on weekdays.",
        "Anyone who wants to comment can do so at the meeting.",
        "Click counts on the site doubled.",
    ],
)
def test_sentences_that_look_like_trailers_stay_in_the_body(sentence):
    story = parse_text(HEAD + LEAD + sentence + "\n")
    assert sentence in story.body


def test_a_section_label_above_the_headline_is_not_the_headline():
    story = parse_text("Business\n" + HEAD.replace("\n\n", "\nBy Jane Roe\n\n") + LEAD)
    assert story.headline == "Harbour board backs ferry link"
    assert "Business" not in story.body


def test_summary_bullets_above_the_lead_are_the_standfirst():
    story = parse_text(HEAD + "• The board backs the link\n• Boats from June\n\n" + LEAD + LAST)
    assert story.standfirst == "The board backs the link. Boats from June."
    assert story.body.startswith("The board voted on Tuesday")
    assert story.dateline == "PORT ALDER"


def test_a_headline_is_not_joined_to_a_posting_line_below_it():
    story = parse_text(
        "Harbour board backs ferry link for the\nislands\nPosted by Harbour Ledger on "
        "March 5, 2024\n\n" + LEAD
    )
    assert story.headline == "Harbour board backs ferry link for the islands"
    assert story.published_at.date().isoformat() == "2024-03-05"
    assert "Posted" not in story.body


def test_the_preview_lists_what_was_dropped_and_what_was_left_out():
    story = parse_text(
        "World\n" + HEAD.replace("\n\n", "\nBy Jane Roe\n\n") + LEAD + LAST + "Click to rate\n"
    )
    parts = story_parts(story)
    assert parts["dropped"] == ["Line 10: Click to rate"]
    lines = describe(story)
    assert "dropped:   Line 10: Click to rate" in lines
    assert any(line.startswith("warning:") and "“World”" in line for line in lines)


NITF_EMBED = """<nitf><head><docdata><doc-id id-string="nw-1"/></docdata></head>
<body><body.head><hedline><hl1>Ferry service resumes</hl1></hedline></body.head>
<body.content><p>PORT ALDER - The ferry ran again on Tuesday.</p>
<hl2>Embed:</hl2><p>&lt;iframe src="https://video.example/1"&gt;&lt;/iframe&gt;</p>
<p>More boats run next week.</p></body.content></body></nitf>"""


def test_nitf_embed_blocks_are_distribution_notes_not_story():
    story = parse_nitf(NITF_EMBED)
    assert story.body == "The ferry ran again on Tuesday.\n\nMore boats run next week."
    assert story.dropped == [
        "<hl2>: Embed:",
        '<p>: <iframe src="https://video.example/1"></iframe>',
    ]


@pytest.mark.django_db
def test_the_admin_preview_lists_dropped_furniture_beside_the_warnings(editor_client):
    copy = "World\n" + HEAD.replace("\n\n", "\nBy Jane Roe\n\n") + LEAD + LAST + "Click to rate\n"

    page = editor_client.post("/admin/articles/article/import/", {"text": copy, "format": "auto"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Left out as page furniture" in html
    assert '<ul class="wire-dropped"><li>Line 10: Click to rate</li></ul>' in html
    assert "Left out or unsure: check these" in html
    assert "above the headline was taken for a section label" in html


@pytest.mark.parametrize("label", ["World", "Business | Markets", "News › Harbour"])
def test_a_section_label_over_a_headline_and_the_dateline_is_dropped(label):
    story = parse_text(f"{label}\nHarbour cranes stand idle as dockers strike\n\n" + LEAD)
    assert story.headline == "Harbour cranes stand idle as dockers strike"
    assert story.body.startswith("The board voted on Tuesday")
    assert any(f"“{label}” above the headline" in w for w in story.warnings)


def test_a_short_headline_over_the_dateline_is_not_a_label():
    story = parse_text("Ferries return\n\n" + LEAD)
    assert story.headline == "Ferries return"


def test_an_embed_note_in_the_hedline_is_not_the_standfirst():
    story = parse_nitf(
        NITF_EMBED.replace(
            "<hl1>Ferry service resumes</hl1>",
            "<hl1>Ferry service resumes</hl1><hl2>Embed: &lt;div class=&quot;v&quot;&gt;</hl2>",
        )
    )
    assert story.standfirst == ""
    assert story.dropped[0] == '<hl2>: Embed: <div class="v">'
