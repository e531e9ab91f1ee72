"""The words of attribution in every language the desk reads: one table, one place.

Adding a language is an entry here plus test copy: ``speech`` builds its patterns
from these lists and never names a verb itself. Entries are separated by commas;
a verb of several words ("ha detto", "a déclaré") matches any run of white space
between its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """How one language attributes speech."""

    finite: str  # verbs with a subject: "said", "ha detto", "sagte", "säger"
    participles: str = ""  # verbs that only follow a quote or lead into one: "saying"
    he: str = ""  # subject pronouns for a man ("he", "er", "han") ...
    she: str = ""  # ... for a woman ("she", "sie", "hon") ...
    they: str = ""  # ... and for a group or a person of either
    articles: str = ""  # definite articles before a descriptor: "the", "il", "der"
    according: str = ""  # "according to" before a speaker: "secondo", "selon", "laut"
    organisations: str = ""  # nouns that make a speaker an organisation: "ministero", "Stadt"
    dash_quotes: bool = False  # speech may open a paragraph with a dash: "– Vi kommer, säger hon."


LANGUAGES: dict[str, Language] = {
    "en": Language(
        finite="""said, says, say, told, tells, added, adds, asked, asks, wrote, writes,
        warned, warns, accused, accuses, explained, noted, insisted, argued, replied,
        recalled, declared, claimed, urged, announced, admitted, acknowledged, complained,
        predicted, stressed, continued, cautioned, conceded, vowed, promised, testified,
        responded, agreed, suggested, posted, tweeted, shouted, remarked, observed,
        confirmed, maintained, countered, quipped, described, called""",
        participles="describing, calling, accusing, warning, adding, saying, telling, "
        "writing, asking",
        he="he",
        she="she",
        they="they",
        articles="the",
        according="according to",
    ),
    "it": Language(
        finite="""ha detto, ha dichiarato, ha spiegato, ha aggiunto, ha affermato,
        ha sottolineato, ha commentato, ha osservato, ha precisato, ha ribadito, ha concluso,
        ha raccontato, ha ammesso, ha avvertito, ha assicurato, dice, dichiara, spiega,
        aggiunge, afferma, sottolinea, commenta, osserva, precisa, racconta, disse,
        dichiarò, spiegò, aggiunse""",
        he="lui",
        she="lei",
        articles="il, lo, la",
        according="secondo",
        organisations="""ministero, comune, governo, regione, prefettura, questura, polizia,
        azienda, società, sindacato, procura, tribunale""",
    ),
    "es": Language(
        finite="""dijo, afirmó, señaló, declaró, explicó, añadió, agregó, aseguró, indicó,
        manifestó, subrayó, advirtió, comentó, sostuvo, destacó, insistió, precisó,
        reconoció, apuntó, ha dicho, ha afirmado, ha señalado, ha declarado, ha explicado,
        ha asegurado, dice, afirma, señala, declara, explica, añade, asegura""",
        he="él",
        she="ella",
        articles="el, la",
        dash_quotes=True,
        according="según",
        organisations="""ministerio, ayuntamiento, gobierno, policía, empresa, compañía,
        sindicato, fiscalía, tribunal, junta""",
    ),
    "de": Language(
        finite="""sagte, sagt, erklärte, erklärt, betonte, betont, meinte, meint, ergänzte,
        ergänzt, warnte, warnt, hat gesagt, hat erklärt, hat betont""",
        he="er",
        she="sie",
        articles="der, die, das",
        according="laut",
        organisations="""ministerium, stadt, gemeinde, regierung, polizei, unternehmen, konzern,
        firma, gewerkschaft, behörde, staatsanwaltschaft, gericht""",
    ),
    "fr": Language(
        finite="""a déclaré, a dit, a affirmé, a expliqué, a ajouté, a souligné, a indiqué,
        a assuré, a estimé, a précisé, a confié, a lancé, a averti, a reconnu, a insisté,
        déclare, affirme, explique, ajoute, souligne, indique, assure, estime, précise,
        confie""",
        he="il",
        she="elle",
        articles="le, la",
        according="selon",
        organisations="""ministère, mairie, préfecture, gouvernement, police, gendarmerie,
        entreprise, société, syndicat, parquet, tribunal""",
    ),
    "sv": Language(
        finite="""säger, sa, sade, berättar, berättade, förklarar, förklarade, menar, menade,
        skriver, skrev, tillägger, tillade""",
        he="han",
        she="hon",
        dash_quotes=True,
        according="enligt",
        organisations="""kommunen, regeringen, polisen, företaget, myndigheten, departementet""",
    ),
    "no": Language(
        finite="""sier, sa, forteller, fortalte, forklarer, forklarte, mener, mente, skriver,
        skrev""",
        he="han",
        she="hun",
        dash_quotes=True,
        according="ifølge",
        organisations="""kommunen, regjeringen, politiet, selskapet, departementet""",
    ),
    "pt": Language(
        finite="""disse, afirmou, declarou, explicou, acrescentou, garantiu, destacou,
        salientou, ressaltou, sublinhou, referiu, adiantou, observou, considerou, diz,
        afirma, declara, explica, acrescenta, garante""",
        he="ele",
        she="ela",
        dash_quotes=True,
        according="segundo, de acordo com",
        organisations="""ministério, câmara, governo, polícia, empresa, sindicato, tribunal""",
    ),
}

# French puts the pronoun after the verb: "a-t-il déclaré", "a-t-elle ajouté", "dit-il",
# "explique-t-elle". The pronoun is part of the verb here, so the rule is a pattern.
FRENCH_INVERSION = r"(?:a-t-|[a-zéèêàçû]+-(?:t-)?)(?P<who>(?P<pronoun>il|elle))(?![\w-])"


def pronoun_gender(word: str) -> str:
    """ "he", "she" or "they" for a subject pronoun of any language ("hon" -> "she")."""
    return _GENDERS.get(word.lower(), "")


def entries_of(text: str) -> set[str]:
    return {" ".join(e.split()) for e in text.split(",")} - {""}


def entries(part: str, *, dash_quotes: bool = False, besides: str = "") -> list[str]:
    """Every entry of ``part`` ("finite", "he" ...) over the languages, once each; only
    of the languages that open speech with a dash when ``dash_quotes``; leaving out the
    language coded ``besides``."""
    found = set()
    for code, language in LANGUAGES.items():
        if (language.dash_quotes or not dash_quotes) and code != besides:
            found |= entries_of(getattr(language, part))
    return sorted(found - {""})


def alternation(phrases: list[str]) -> str:
    """A regex alternation of phrases, longest first, any white space between words."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


_GENDERS = {
    pronoun: gender
    for language in LANGUAGES.values()
    for gender in ("they", "she", "he")
    for pronoun in entries_of(getattr(language, gender))
}
