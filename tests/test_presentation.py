"""Presentation rules: by line, closing credits, dateline, and placing parts in the body."""

import pytest

from articles.conventions.rendering import render_body
from articles.models import Byline
from articles.public.presentation import (
    by_line,
    closing_credits,
    dateline_text,
    split_blocks,
    story_segments,
)
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db
Role = Byline.Role


def _bylines(article, *specs):
    for position, (name, role, location) in enumerate(specs):
        BylineFactory(
            article=article,
            person=PersonFactory(name=name),
            role=role,
            location=location,
            position=position,
        )
    return list(article.bylines.select_related("person"))


def test_credits_follow_agency_order_whatever_the_byline_order():
    article = ArticleFactory()
    bylines = _bylines(
        article,
        ("Ed One", Role.EDITING, ""),
        ("Con Tri", Role.CONTRIBUTOR, ""),
        ("Pho Tog", Role.PHOTOGRAPHY, ""),
        ("Wri Ter", Role.WRITING, ""),
        ("Add Rep", Role.ADDITIONAL_REPORTING, "Faro"),
        ("Rep One", Role.REPORTING, "Port Alder"),
        ("Rep Two", Role.REPORTING, "Lisbon"),
        ("Rep Three", Role.REPORTING, ""),
        ("Au Thor", Role.AUTHOR, "Madrid"),
    )
    assert closing_credits(bylines, links=False) == (
        "(Reporting by Rep One in Port Alder, Rep Two in Lisbon and Rep Three; "
        "Additional reporting by Add Rep in Faro; Writing by Wri Ter; Editing by Ed One; "
        "Photography by Pho Tog; Contributions by Con Tri)"
    )


def test_no_credits_without_credit_roles():
    article = ArticleFactory()
    assert closing_credits(_bylines(article, ("Au Thor", Role.AUTHOR, "")), links=False) == ""


def test_by_line_joins_authors_with_their_titles_and_links():
    article = ArticleFactory()
    _bylines(article, ("Ana Reyes", Role.AUTHOR, ""), ("Bo Lind", Role.AUTHOR, ""))
    bylines = list(article.bylines.select_related("person"))
    bylines[1].title = "Northwind writer"
    assert by_line(bylines) == (
        'By <a href="/people/ana-reyes/">Ana Reyes</a> and '
        '<a href="/people/bo-lind/">Bo Lind</a>, Northwind writer'
    )
    assert by_line([]) == ""


@pytest.mark.parametrize(
    ("dateline", "source", "expected"),
    [
        ("PORT ALDER", "Northwind", "PORT ALDER (Northwind) - "),
        ("", "Northwind", "(Northwind) - "),
        ("PORT ALDER", "", "PORT ALDER - "),
        ("", "", ""),
    ],
)
def test_dateline_as_agencies_print_it(dateline, source, expected):
    assert dateline_text(ArticleFactory.build(dateline=dateline, source=source)) == expected


def test_body_splits_into_its_top_level_blocks_losing_nothing():
    html = str(
        render_body(
            "One *two*.\n\n## Sub\n\n> Quoted\n>\n> twice\n\n- a\n- b\n\nLine  \nbreak & <tag>."
        )
    )
    blocks = split_blocks(html)
    assert [b.split(">")[0] + ">" for b in blocks] == [
        "<p>",
        "<h2>",
        "<blockquote>",
        "<ul>",
        "<p>",
    ]
    # Only the line breaks between blocks go.
    assert "".join("".join(blocks).split()) == "".join(html.split())


def test_pull_quote_follows_the_paragraph_that_says_it():
    article = ArticleFactory(body='First.\n\nSecond.\n\n"Third words," she said.\n\nFourth.')
    quote = QuoteFactory(article=article, text="Third words,", is_pull_quote=True)
    segments = story_segments(article, quotes=[quote], photos=[])
    kinds = [(s.kind, str(s.html)[:12]) for s in segments]
    assert kinds[3] == ("pull_quote", "")
    assert "Third words" in str(segments[2].html)


def test_photos_spread_through_the_story():
    article = ArticleFactory(body="\n\n".join(f"Paragraph {i}." for i in range(6)))
    photos = PhotoCaptionFactory.create_batch(2, article=article)
    kinds = [s.kind for s in story_segments(article, quotes=[], photos=photos)]
    assert kinds == ["html", "html", "photo", "html", "html", "photo", "html", "html"]
