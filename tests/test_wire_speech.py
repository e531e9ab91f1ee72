"""Quotes and their speakers in every layout and language the desk reads.

Each story below is original copy (invented people, places and agency) in the
attribution style of one language or layout; every quote is pinned with its
speaker, title, exact text and partial flag, and so is every quote that must
stay unattributed: a speaker the parser is not sure of is left out with a
warning, never guessed.
"""

from __future__ import annotations

import pytest

from articles.conventions.quote_check import normalise_for_match
from articles.wire.speech_verbs import LANGUAGES, entries
from articles.wire.text_reader import parse_text
from articles.wire.wire_story import WireStory

MEHRA = ("Arjun Singh Mehra", "chairman of the Port Alder Harbour Board")
VEGA = ("Luis Vega", "alcalde de Ribera")

STORIES = {
    "English wire copy": (
        """Harbour board splits over dredging plan
PORT ALDER (Northwind) - The harbour board voted 5-4 on Tuesday to
dredge the northern channel, after a debate that ran past midnight.
"We cannot keep turning ships away," said Arjun Singh Mehra, chairman
of the Port Alder Harbour Board.
Arjun said the vote showed how divided the town had become. "Half of
this room thinks I am wrong," he added.
Harbour Rowing's Ana Lobo said the dredgers would "ruin the only quiet
water we have."
The Northwind Gazette quoted Ambassador to the U.N. Jane Roe as saying
the channel was "a matter for the town alone."
"It is their decision," said deputy U.S. Ambassador Mark Doe.
"The silt has to go somewhere," the ministry said in a statement.
"Nobody asked the fishermen," Lobo's coach said.
""",
        [
            ("We cannot keep turning ships away,", *MEHRA, False),
            ("Half of this room thinks I am wrong,", *MEHRA, False),
            ("ruin the only quiet water we have.", "Ana Lobo", "", True),
            ("a matter for the town alone.", "Jane Roe", "Ambassador to the U.N.", True),
            ("It is their decision,", "Mark Doe", "deputy U.S. Ambassador", False),
        ],
        [
            "Quote left out (the speaker is an organisation): “The silt has to go somewhere,”",
            "Quote left out (no speaker found): “Nobody asked the fishermen,”",
        ],
    ),
    "English, family names first": (
        """Ministers meet on fishing quotas
TOKIO BAY (Northwind) - Foreign Minister Sato Kenji met his
counterpart on Monday.
"The talks were useful," Sato said after the meeting.
Park Min-jun, a trade envoy, told reporters: "We will meet again in May."
"The quota is not final," Park said.
""",
        [
            ("The talks were useful,", "Sato Kenji", "Foreign Minister", False),
            ("We will meet again in May.", "Park Min-jun", "trade envoy", False),
            ("The quota is not final,", "Park Min-jun", "trade envoy", False),
        ],
        [],
    ),
    "Italian": (
        """Porto di Vallerana, la riapertura slitta a maggio
VALLERANA (Nordvento) - Il porto riaprirà solo a maggio.
«Abbiamo bisogno di altre tre settimane», ha detto il sindaco Marco Bellini.
“I lavori sono quasi finiti”, ha spiegato Bellini ai giornalisti.
La presidente della regione, Giulia Rota, ha dichiarato: «Siamo pronti a
intervenire».
«Nessuno ci ha avvisato», ha detto un pescatore.
""",
        [
            ("Abbiamo bisogno di altre tre settimane", "Marco Bellini", "sindaco", False),
            ("I lavori sono quasi finiti", "Marco Bellini", "sindaco", False),
            ("Siamo pronti a intervenire", "Giulia Rota", "presidente della regione", False),
        ],
        ["Quote left out (no speaker found): “Nessuno ci ha avvisato”"],
    ),
    "Spanish": (
        """El puerto de Ribera cierra por obras
RIBERA (Vientonorte) - El puerto cerrará durante dos semanas.
«Es la única forma de terminar a tiempo», dijo Luis Vega, alcalde de Ribera.
“No habrá despidos”, afirmó Vega.
—Nos quedamos aquí —señaló Carmen Ruiz, portavoz de los estibadores—. No nos
vamos a mover.
«La decisión está tomada», declaró el ministerio.
""",
        [
            ("Es la única forma de terminar a tiempo", *VEGA, False),
            ("No habrá despidos", *VEGA, False),
            ("Nos quedamos aquí", "Carmen Ruiz", "portavoz de los estibadores", False),
        ],
        ["Quote left out (the speaker is an organisation): “La decisión está tomada”"],
    ),
    "German": (
        """Brücke in Altmoor wird teurer
ALTMOOR (Nordwind) - Die neue Brücke kostet mehr als geplant.
„Wir bauen trotzdem weiter“, sagte Bürgermeisterin Anna Weber.
»Das Geld ist da«, erklärte Weber.
Der Kämmerer Jonas Keller sagte: „Es wird knapp.“
„Wir prüfen alles“, sagte er.
„Das ist Verschwendung“, sagte die Stadt.
""",
        [
            ("Wir bauen trotzdem weiter", "Anna Weber", "Bürgermeisterin", False),
            ("Das Geld ist da", "Anna Weber", "Bürgermeisterin", False),
            ("Es wird knapp.", "Jonas Keller", "Kämmerer", False),
            ("Wir prüfen alles", "Jonas Keller", "Kämmerer", False),
        ],
        ["Quote left out (the speaker is an organisation): “Das ist Verschwendung”"],
    ),
    "French": (
        """Le port de Lorvel ferme ses quais
LORVEL (Vent du Nord) - Les quais fermeront lundi.
« Nous rouvrirons avant l’été », a déclaré Jean Dupont, maire de Lorvel.
« Les travaux avancent bien », a-t-il ajouté.
Claire Martin, présidente du syndicat, a affirmé\u00a0: «\u202fRien ne
change pour les pêcheurs.\u202f»
« C’est une erreur », a dit la préfecture.
""",
        [
            ("Nous rouvrirons avant l’été", "Jean Dupont", "maire de Lorvel", False),
            ("Les travaux avancent bien", "Jean Dupont", "maire de Lorvel", False),
            ("Rien ne change pour les pêcheurs.", "Claire Martin", "présidente du syndicat", False),
        ],
        ["Quote left out (the speaker is an organisation): “C’est une erreur”"],
    ),
    "Swedish dash quotes": (
        """Bron i Norrby blir klar i höst
NORRBY (Nordvind) - Arbetet med bron går snabbare än väntat.
– Vi bygger klart i år, säger Anna Berg, kommunalråd i Norrby.
– Det har varit ett tufft år för alla.
– Vi väntar fortfarande på pengarna, sa hon.
– Ingen har frågat oss, säger en fiskare.
""",
        [
            ("Vi bygger klart i år,", "Anna Berg", "kommunalråd i Norrby", False),
            ("Det har varit ett tufft år för alla.", "Anna Berg", "kommunalråd i Norrby", False),
            ("Vi väntar fortfarande på pengarna,", "Anna Berg", "kommunalråd i Norrby", False),
        ],
        ["Quote left out (no speaker found): “Ingen har frågat oss,”"],
    ),
    "Norwegian dash quotes": (
        """Skolen i Vikøy åpner igjen
VIKØY (Nordvind) - Skolen åpner mandag etter brannen.
– Vi er klare til å ta imot elevene, sier Ola Dahl, rektor ved skolen.
– Det blir bra, sier Dahl.
– Vi har ventet lenge, sier Kari Nes.
""",
        [
            ("Vi er klare til å ta imot elevene,", "Ola Dahl", "rektor ved skolen", False),
            ("Det blir bra,", "Ola Dahl", "rektor ved skolen", False),
            ("Vi har ventet lenge,", "Kari Nes", "", False),
        ],
        [],
    ),
    "Portuguese": (
        """Porto de Vila Alta reabre em junho
VILA ALTA (Ventonorte) - O porto reabre em junho.
“O porto vai abrir antes do verão”, disse João Silva, presidente da câmara.
“Não há pressa”, afirmou Silva.
Maria Costa declarou: “Os pescadores foram esquecidos.”
""",
        [
            ("O porto vai abrir antes do verão", "João Silva", "presidente da câmara", False),
            ("Não há pressa", "João Silva", "presidente da câmara", False),
            ("Os pescadores foram esquecidos.", "Maria Costa", "", False),
        ],
        [],
    ),
}


def quotes(s: WireStory) -> list[tuple[str, str, str, bool]]:
    return [(q.text, q.speaker, q.speaker_title, q.partial) for q in s.quotes]


def left_out(s: WireStory) -> list[str]:
    return [w for w in s.warnings if w.startswith("Quote left out")]


def one(copy: str) -> list[tuple[str, str, str, bool]]:
    return quotes(parse_text("Headline\n" + copy + "\n"))


@pytest.mark.parametrize("layout", STORIES)
def test_every_quote_of_the_story_with_its_speaker_title_and_kind(layout):
    copy, expected, warnings = STORIES[layout]
    s = parse_text(copy)
    assert quotes(s) == expected
    assert left_out(s) == warnings
    body = normalise_for_match(s.body)
    for quote in s.quotes:
        assert normalise_for_match(quote.text) in body


# -- later references by a part of the name ----------------------------------------


def test_a_first_name_refers_back_to_the_one_speaker_who_has_it():
    assert one('"We row," said Arjun Singh Mehra.\n"We win," Arjun said.') == [
        ("We row,", "Arjun Singh Mehra", "", False),
        ("We win,", "Arjun Singh Mehra", "", False),
    ]


def test_two_words_of_a_longer_name_mean_the_longer_name():
    assert [
        q[1] for q in one('"We row," said Arjun Singh Mehra.\n"We win," Singh Mehra said.')
    ] == ["Arjun Singh Mehra"] * 2


def test_a_name_part_two_people_share_is_left_out():
    s = parse_text(
        'Headline\n"We sail," said Ana Berg.\n"We stay," said Tom Berg.\n"Nobody listens," '
        "Berg said.\n"
    )
    assert [q.speaker for q in s.quotes] == ["Ana Berg", "Tom Berg"]
    assert left_out(s) == [
        "Quote left out (“Berg” could be Ana Berg or Tom Berg): “Nobody listens,”"
    ]


def test_the_first_word_of_a_company_name_is_not_a_speaker():
    s = parse_text(
        "Headline\nMining firm Corvina Mineração halted work.\n"
        'Corvina said it would appeal and that it "complied with every rule."\n'
    )
    assert s.quotes == []
    assert left_out(s) == [
        "Quote left out (no full name for the speaker): “complied with every rule.”"
    ]


# -- who speaks ----------------------------------------------------------------------


def test_x_quoted_y_as_saying_gives_y():
    assert one(
        "The Harbour Gazette quoted Fisheries Minister Ken Sato as saying: “The quota stands.”"
    ) == [("The quota stands.", "Ken Sato", "Fisheries Minister", False)]


def test_quoted_as_saying_after_the_quote():
    assert one("Ken Sato spoke.\n“We will not move,” the paper quoted Sato as saying.") == [
        ("We will not move,", "Ken Sato", "", False)
    ]


def test_organisations_are_left_out_with_a_warning():
    s = parse_text(
        "Headline\n“Trains will run,” the transport authority said.\n"
        "“Fares stay,” said Northwind Rail Company.\n"
    )
    assert s.quotes == []
    assert left_out(s) == [
        "Quote left out (the speaker is an organisation): “Trains will run,”",
        "Quote left out (the speaker is an organisation): “Fares stay,”",
    ]


def test_a_possessive_names_the_person_after_it():
    assert one("“We train at five,” Harbour Rowing's Ana Lobo said.") == [
        ("We train at five,", "Ana Lobo", "", False)
    ]


def test_a_possessive_title_keeps_its_owner():
    assert one("“We train at five,” said Harbour Rowing's Head Coach Ana Lobo.") == [
        ("We train at five,", "Ana Lobo", "Harbour Rowing's Head Coach", False)
    ]


def test_someone_described_by_a_possessive_is_not_named():
    s = parse_text("Headline\n“We will,” said Rui Matos.\n“Not me,” Ana Lobo's coach said.\n")
    assert [q.speaker for q in s.quotes] == ["Rui Matos"]  # not the last speaker either
    assert left_out(s) == ["Quote left out (no speaker found): “Not me,”"]


def test_a_title_ending_in_an_abbreviation_stays_out_of_the_name():
    assert one("“The vote is close,” Ambassador to the U.N. Jane Roe told reporters.") == [
        ("The vote is close,", "Jane Roe", "Ambassador to the U.N.", False)
    ]


def test_lower_case_words_before_a_capitalised_title_are_kept():
    assert one("“We are counting,” said former deputy U.S. Ambassador Mark Doe.") == [
        ("We are counting,", "Mark Doe", "former deputy U.S. Ambassador", False)
    ]


def test_a_title_after_the_name():
    assert one("“The bid is weak,” said Jane Roe, director at the Alder Group.") == [
        ("The bid is weak,", "Jane Roe", "director at the Alder Group", False)
    ]


def test_a_sentence_ending_after_a_name_does_not_join_two_names():
    assert one("“Yes,” said Ana Weber. Jonas Keller said: “No.”") == [
        ("Yes,", "Ana Weber", "", False),
        ("No.", "Jonas Keller", "", False),
    ]


def test_initials_and_abbreviations_stay_in_the_name():
    assert one("“Yes,” said Dr. S. K. Raghavan Jr., the engineer.") == [
        ("Yes,", "S. K. Raghavan Jr", "engineer", False)
    ]


# -- languages -------------------------------------------------------------------------


def test_french_inversion_with_a_pronoun():
    s = one("Jean Dupont est arrivé.\n« Nous rouvrirons », a-t-il déclaré. « Bientôt », dit-il.")
    assert s == [
        ("Nous rouvrirons", "Jean Dupont", "", False),
        ("Bientôt", "Jean Dupont", "", False),
    ]


def test_german_pronoun_after_the_verb_and_reversed_guillemets():
    assert one("Anna Weber kam spät.\n»Wir bleiben«, sagte sie.") == [
        ("Wir bleiben", "Anna Weber", "", False)
    ]


def test_swedish_closing_marks_used_as_openers():
    assert one("”Vi stannar”, säger Anna Berg.") == [("Vi stannar", "Anna Berg", "", False)]


def test_italian_article_is_not_a_pronoun():
    s = parse_text("Headline\nMarco Bellini è arrivato.\n«Non so», ha detto il portavoce.\n")
    assert s.quotes == []
    assert left_out(s) == ["Quote left out (the speaker is not named): “Non so”"]


def test_a_dash_paragraph_without_a_speech_verb_is_not_a_quote():
    s = parse_text("Headline\n– Priser stiger i hela landet.\n– Räntan ligger kvar.\n")
    assert s.quotes == []
    assert left_out(s) == []


def test_english_dash_lists_are_not_speech():
    s = parse_text("Headline\n— Prices rose, said the report.\n— Rates stay, Ana Lobo said.\n")
    assert s.quotes == []


def test_every_language_in_the_table_has_verbs_and_pronouns():
    for code, language in LANGUAGES.items():
        assert language.finite.strip(), code
        assert language.he and language.she, code
    assert "ha detto" in entries("finite") and "säger" in entries("finite", dash_quotes=True)
    assert "said" not in entries("finite", dash_quotes=True)


def test_a_surname_spelled_like_a_pronoun_is_a_name():
    s = parse_text(
        "Headline\n“We are ready,” said Trade Minister Han Ji-woo.\n“We are not,” said Ana Lobo.\n"
        "“Talks go on,” Han said. “Fine,” said Lei.\n"
    )
    assert [q.speaker for q in s.quotes] == ["Han Ji-woo", "Ana Lobo", "Han Ji-woo"]
    assert left_out(s) == ["Quote left out (no full name for the speaker): “Fine,”"]


def test_capitalised_pronouns_before_their_own_verbs():
    assert one("Anna Berg kom sent.\nHon säger: ”Vi stannar.”") == [
        ("Vi stannar.", "Anna Berg", "", False)
    ]


@pytest.mark.parametrize(
    "copy",
    [
        "«Il porto riapre», secondo Marco Bellini.",
        "«El puerto reabre», según Marco Bellini.",
        "« Le port rouvre », selon Marco Bellini.",
        "Laut Marco Bellini, „der Hafen öffnet“.",
        "”Hamnen öppnar”, enligt Marco Bellini.",
        "“O porto reabre”, segundo Marco Bellini.",
    ],
)
def test_according_to_in_every_language(copy):
    assert [q[1] for q in one(copy)] == ["Marco Bellini"]
