"""Body text renders to safe HTML: the Markdown subset in, no script out."""

from html.parser import HTMLParser

import pytest

from articles.conventions.rendering import render_body


def test_paragraphs_subheads_emphasis_links_and_block_quotes():
    html = render_body(
        "First paragraph with *emphasis*.\n\n## SHADE AND SILT\n\n"
        "A [link](https://example.org/report).\n\n> A block quote."
    )
    assert "<p>First paragraph with <em>emphasis</em>.</p>" in html
    assert "<h2>SHADE AND SILT</h2>" in html
    assert '<a href="https://example.org/report" rel="noopener noreferrer">link</a>' in html
    assert "<blockquote>\n<p>A block quote.</p>\n</blockquote>" in html


def test_top_level_heading_becomes_subhead_because_the_headline_is_the_h1():
    assert "<h1>" not in render_body("# Big")
    assert "<h2>Big</h2>" in render_body("# Big")


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="javascript:alert(1)">x</a>',
        "[click](&#106;avascript:alert(1))",
        '<iframe src="https://evil.example"></iframe>',
        "<svg onload=alert(1)>",
        '[x](https://ok.example "title" onmouseover=alert(1))',
    ],
)
def test_xss_payloads_never_survive(payload):
    html = render_body(f"Before.\n\n{payload}\n\nAfter.")
    elements = _elements(html)
    assert {tag for tag, _ in elements} <= {"p", "a", "em", "strong", "h2", "blockquote"}
    for _tag, attrs in elements:
        assert not [name for name in attrs if name.startswith("on")]
        href = attrs.get("href", "")
        assert href == "" or href.startswith(("https:", "http:", "mailto:"))
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html


def _elements(html: str) -> list[tuple[str, dict]]:
    """Every start tag in ``html`` with its attributes, as a browser would parse them."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_text_is_rendered_exactly_without_typographic_changes():
    html = render_body("\"Straight\" quotes -- and 'single' ones...")
    assert "<p>\"Straight\" quotes -- and 'single' ones...</p>" in html


def test_empty_body_renders_empty():
    assert render_body("") == ""
