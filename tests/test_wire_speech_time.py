"""Quote parsing stays linear in the length of the copy (hypothesis).

A paste of thousands of short quotes (the 3 MB case that once took 33 s and a
worker timeout) is built from repeated pieces in every quote style; each input
must be read within a CPU-time budget proportional to its length, generous
enough for a loaded machine and far below what a quadratic pass would need.
"""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.wire.markup import PARAGRAPH, Block
from articles.wire.story_quotes import find_quotes

PIECES = [
    "“Yes,” he said. ", '"No." ', "“We will,” said Ana Lima, mayor of Port Alder. ",
    "'We will,' she said. ", "«Sí», dijo Luis Vega. ", "„Ja“, sagte er. ", "»Nein«, sagte sie. ",
    "« Oui », a-t-il déclaré. ", "– Ja, säger Anna Berg. ", "—Vamos —dijo Ana Lobo—. ",
    "Mayor Ines Carvalho disagreed. ", "Berg said the plan was “late.” ", '"', "“", "”", "«",
    "'", "’s ", "Harbour Rowing's Ana Lobo said ", "Ambassador to the U.N. Jane Roe told ",
    "the ministry said ", "Arjun ", "quoted Ken Sato as saying ", ", ", ". ", "\n",
]  # fmt: skip
BUDGET_PER_CHAR = 25e-6  # seconds of CPU; quotes are read at about 6 µs a character
SIZE = int(os.environ.get("WIRE_TIME_SIZE", "40000"))


SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da",
             "fe", "gi", "ho", "ju", "la", "ma", "no", "pe", "ri", "so"]  # fmt: skip


def person(i: int) -> str:
    """A different invented name for every ``i``: "Kalo Mimaberg"."""
    first = SYLLABLES[i % 20].title() + SYLLABLES[i // 20 % 20]
    last = SYLLABLES[i // 400 % 20].title() + SYLLABLES[i % 7] + "berg"
    return f"{first} {last}"


def blocks_of(pattern: str, *, one_paragraph: bool, distinct_names: bool) -> list[Block]:
    """``pattern`` repeated to about ``SIZE`` characters, "Ana Lima" a new person each
    time when ``distinct_names``; one paragraph, or one per line."""
    count = SIZE // len(pattern) + 1
    if distinct_names:
        text = "".join(pattern.replace("Ana Lima", person(i)) for i in range(count))
    else:
        text = pattern * count
    if one_paragraph:
        return [Block(PARAGRAPH, text.replace("\n", " "))]
    return [Block(PARAGRAPH, line) for line in text.split("\n") if line.strip()]


@st.composite
def repeated_quotes(draw) -> list[Block]:
    pattern = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12)))
    return blocks_of(pattern, one_paragraph=draw(st.booleans()), distinct_names=draw(st.booleans()))


# the shapes that were quadratic: every pronoun read the whole paragraph before it and
# compared it with every name met so far
NEW_SPEAKER_EACH_TIME = "“We will,” said Ana Lima. “Yes,” she said. "


@settings(
    max_examples=int(os.environ.get("WIRE_TIME_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(repeated_quotes())
@example(blocks_of(NEW_SPEAKER_EACH_TIME, one_paragraph=True, distinct_names=True))
@example(blocks_of(NEW_SPEAKER_EACH_TIME, one_paragraph=False, distinct_names=True))
@example(blocks_of("“Yes,” he said. ", one_paragraph=True, distinct_names=False))
def test_repeated_short_quotes_are_read_in_linear_time(blocks):
    length = sum(len(b.text) for b in blocks)
    began = time.process_time()
    quotes, _ = find_quotes(blocks)
    spent = time.process_time() - began
    assert spent < 1.0 + BUDGET_PER_CHAR * length, f"{spent:.1f} s for {length} characters"
    texts = " ".join(b.text for b in blocks)
    assert all(q.text in texts and q.speaker for q in quotes)
