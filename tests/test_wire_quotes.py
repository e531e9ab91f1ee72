"""Quotes and who said them: pronouns after a new name, speakers named in the next
sentence, and British single-quoted speech. Invented copy only."""

from __future__ import annotations

from articles.conventions.quote_check import normalise_for_match
from articles.wire.text_reader import parse_text
from articles.wire.wire_story import WireStory


def quotes(s: WireStory) -> list[tuple[str, str, str, bool]]:
    return [(q.text, q.speaker, q.speaker_title, q.partial) for q in s.quotes]


def left_out(s: WireStory) -> list[str]:
    return [w for w in s.warnings if w.startswith("Quote left out")]


def assert_quotes_in_body(s: WireStory) -> None:
    body = normalise_for_match(s.body)
    for quote in s.quotes:
        assert normalise_for_match(quote.text) in body, quote.text


# -- 1. a pronoun after a sentence that names someone new ----------------------------


def test_pronoun_after_a_sentence_naming_a_new_person():
    s = parse_text(
        "Headline\n“We are close,” Paula Ferraz said. Mayor Ines Carvalho disagreed. "
        "“We are far apart,” she said.\n"
    )
    assert quotes(s) == [
        ("We are close,", "Paula Ferraz", "", False),
        ("We are far apart,", "Ines Carvalho", "Mayor", False),
    ]
    assert_quotes_in_body(s)


def test_pronoun_after_a_paragraph_naming_a_new_person():
    s = parse_text(
        "Headline\n“We are close,” Paula Ferraz said.\nMayor Ines Carvalho disagreed.\n"
        "“We are far apart,” she said.\n"
    )
    assert [q.speaker for q in s.quotes] == ["Paula Ferraz", "Ines Carvalho"]


def test_pronoun_keeps_the_last_speaker_when_named_again_after_the_new_person():
    s = parse_text(
        "Headline\n“We are close,” Paula Ferraz said. Mayor Ines Carvalho disagreed, "
        "but Ferraz did not move. “We are far apart,” she said.\n"
    )
    assert [q.speaker for q in s.quotes] == ["Paula Ferraz", "Paula Ferraz"]


def test_pronoun_is_not_a_place_opening_a_sentence():
    s = parse_text(
        "Headline\n“We are close,” Paula Ferraz said in Port Alder. In Port Alder crews "
        "waited. “We are far apart,” she said.\n"
    )
    assert [q.speaker for q in s.quotes] == ["Paula Ferraz", "Paula Ferraz"]


def test_pronoun_after_the_speakers_own_quote_still_means_the_speaker():
    s = parse_text(
        "Headline\nMayor Ines Carvalho spoke on Monday. “We will,” she said.\n"
        "“Nobody asked us,” she added.\n"
    )
    assert [q.speaker for q in s.quotes] == ["Ines Carvalho", "Ines Carvalho"]


# -- 2. a full quote whose speaker the next sentence names ---------------------------


def test_speaker_named_in_the_next_sentence_with_a_speech_verb():
    s = parse_text(
        'Headline\n"We lost the house." That was how Ana Lima, 44, described the night.\n'
    )
    assert quotes(s) == [("We lost the house.", "Ana Lima", "", False)]
    assert left_out(s) == []
    assert_quotes_in_body(s)


def test_speaker_named_in_the_next_sentence_that_only_attributes():
    s = parse_text("Headline\n“We lost the house.” Ana Lima said on Tuesday.\n")
    assert quotes(s) == [("We lost the house.", "Ana Lima", "", False)]


def test_next_sentence_speaker_beats_the_last_speaker():
    s = parse_text(
        "Headline\n“It is a fair deal,” said Rui Matos.\n"
        "“We lost the house.” That was how Ana Lima described the night.\n"
    )
    assert [q.speaker for q in s.quotes] == ["Rui Matos", "Ana Lima"]


def test_next_sentence_in_reported_speech_is_no_attribution():
    s = parse_text("Headline\n“We lost the house.” Ana Lima said the fire came at night.\n")
    assert s.quotes == []
    assert left_out(s) == ["Quote left out (no speaker found): “We lost the house.”"]


def test_next_sentence_without_a_speaker_is_still_a_warning():
    s = parse_text("Headline\n“We lost the house.” The fire began at night.\n")
    assert s.quotes == []
    assert left_out(s) == ["Quote left out (no speaker found): “We lost the house.”"]


def test_next_sentence_naming_an_organisation_is_not_a_speaker():
    s = parse_text("Headline\n“We regret the delay.” Northwind Energy said on Monday.\n")
    assert s.quotes == []
    assert left_out(s) == [
        "Quote left out (the speaker is an organisation): “We regret the delay.”"
    ]


# -- 3. British quotes in single marks ---------------------------------------------


def test_single_quotes_with_a_pronoun_after_a_named_person():
    s = parse_text(
        "Headline\nMayor Ines Carvalho spoke on Monday.\n'We will build it,' she said.\n"
    )
    assert quotes(s) == [("We will build it,", "Ines Carvalho", "Mayor", False)]
    assert_quotes_in_body(s)


def test_curly_single_quotes_with_the_speaker_after_and_before():
    s = parse_text(
        "Headline\n‘The boats’ nets are torn,’ said Rui Matos, chairman of the cooperative.\n"
        "Mayor Ines Carvalho told reporters: ‘We can’t wait for the fishermen’s vote.’\n"
    )
    assert quotes(s) == [
        ("The boats’ nets are torn,", "Rui Matos", "chairman of the cooperative", False),
        ("We can’t wait for the fishermen’s vote.", "Ines Carvalho", "Mayor", False),
    ]
    assert_quotes_in_body(s)


def test_single_quoted_speech_continues_after_the_attribution():
    s = parse_text("Headline\n'We will,' Mayor Ines Carvalho said, 'build it. Soon.'\n")
    assert [q.text for q in s.quotes] == ["We will,", "build it. Soon."]
    assert [q.partial for q in s.quotes] == [False, False]
    assert {q.speaker for q in s.quotes} == {"Ines Carvalho"}


def test_apostrophes_are_not_single_quotes():
    s = parse_text(
        "Headline\nMayor Ines Carvalho said the fishermen's boats, the '90s boom and "
        "rock 'n' roll, 'em all were gone, he said, 'ere long. 'Tis the season, the crews' "
        "nets, Carvalho's 'Plan B.' Nobody said more.\n"
    )
    assert s.quotes == []
    assert left_out(s) == []


def test_single_quotes_without_a_speech_verb_are_not_quotes():
    s = parse_text("Headline\nThe council called it 'Project Tide.' The vote is on Monday.\n")
    assert s.quotes == []
    assert left_out(s) == []


def test_single_quotes_are_ignored_when_the_paragraph_has_double_quotes():
    s = parse_text(
        "Headline\nMayor Ines Carvalho said the plan was “ready.” 'We will build it,' she said.\n"
    )
    assert [q.text for q in s.quotes] == ["ready."]


def test_single_quotes_from_an_organisation_are_left_out_with_a_warning():
    s = parse_text("Headline\n'We regret the delay,' Northwind Energy said.\n")
    assert s.quotes == []
    assert left_out(s) == [
        "Quote left out (the speaker is an organisation): “We regret the delay,”"
    ]


def test_a_pronoun_already_used_for_the_last_speaker_is_not_guessed_away():
    story = parse_text(
        'Headline\n"We will fight," Rui Matos said. "Every boat counts," he added. '
        'Mayor Ines Carvalho declined to comment. "We have no choice," he said.\n'
    )
    assert [(q.text, q.speaker) for q in story.quotes] == [
        ("We will fight,", "Rui Matos"),
        ("Every boat counts,", "Rui Matos"),
    ]
    assert any("could be Rui Matos or Ines Carvalho" in w for w in story.warnings)


def test_a_different_pronoun_points_to_the_newly_named_person():
    story = parse_text(
        'Headline\n"We will fight," Rui Matos said. "Every boat counts," he added. '
        'Mayor Ines Carvalho disagreed. "We are far apart," she said.\n'
    )
    assert story.quotes[-1].speaker == "Ines Carvalho"
    assert story.quotes[-1].speaker_title == "Mayor"
