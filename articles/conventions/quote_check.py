"""Matching quotes against the body they were taken from."""

import re

_QUOTE_MARKS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
    }
)
_MARKUP = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)|^#+\s|^>\s?", re.MULTILINE)


def normalise_for_match(text: str) -> str:
    """Text as compared by the quote check: quote styles, line breaks and Markdown marks aside."""
    text = _MARKUP.sub("", (text or "").translate(_QUOTE_MARKS))
    return " ".join(text.split())
