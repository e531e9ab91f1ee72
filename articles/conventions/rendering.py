"""Body text (a small Markdown subset) to safe HTML.

markdown-it-py parses CommonMark with raw HTML switched off; nh3 then keeps
only the tags and URL schemes we allow, so a ``javascript:`` link or a stray
tag can never reach a reader even if the parser let one through.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Bump when render_body's output changes: stories whose stored body HTML was made by an
# older version render it again on the fly (``Article.body_as_html``) until
# ``manage.py rebuild_story_pages`` stores the new one.
VERSION = 1

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "em", "strong", "a", "blockquote", "br", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
).disable(["image", "code", "fence", "html_block", "html_inline", "hr"])


def _shift_headings(renderer, tokens, idx, options, env):
    """``#`` in a body becomes a subhead: the page's only h1 is the headline."""
    token = tokens[idx]
    level = int(token.tag[1])
    token.tag = f"h{min(max(level, 2), 4)}"
    return renderer.renderToken(tokens, idx, options, env)


_markdown.add_render_rule("heading_open", _shift_headings)
_markdown.add_render_rule("heading_close", _shift_headings)


def render_body(text: str) -> SafeString:
    """Render stored body text to sanitised HTML, safe to place in a template."""
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)
