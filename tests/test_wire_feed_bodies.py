"""ninjs items with several bodies and By lines of several people."""

from __future__ import annotations

import json

from articles.wire.ninjs_reader import parse_ninjs

HTML = (
    "<p>PORT ALDER (Northwind) - The ferry strike ended on Tuesday.</p>"
    "<p>Boats run again from Wednesday, the operator said.</p>"
)
PLAIN = "Ferry strike ends\nNews\nThe ferry strike ended on Tuesday.\nBoats run again."


def item(**extra) -> dict:
    return {"uri": "urn:example:bodies:1", "headlines": [{"value": "Ferry strike ends"}]} | extra


def test_the_richest_html_body_is_the_story_whatever_the_order():
    for bodies in (
        [
            {"contenttype": "text/plain", "value": PLAIN},
            {"contenttype": "text/html", "value": HTML},
        ],
        [
            {"contenttype": "text/html", "value": HTML},
            {"contenttype": "text/plain", "value": PLAIN},
        ],
    ):
        story = parse_ninjs(json.dumps(item(bodies=bodies)))
        assert story.body.startswith("The ferry strike ended on Tuesday.")
        assert "News" not in story.body and story.dateline == "PORT ALDER"


def test_body_html_wins_over_body_text_in_version_1_items():
    story = parse_ninjs(json.dumps(item(body_text=PLAIN, body_html=HTML)))
    assert story.body.count("\n\n") == 1


def test_an_html_teaser_does_not_win_over_the_full_plain_body():
    full = " ".join(["The ferry strike ended on Tuesday after four days."] * 20)
    story = parse_ninjs(
        json.dumps(
            item(
                bodies=[
                    {"role": "teaser", "contenttype": "text/html", "value": "<p>Strike ends.</p>"},
                    {"contenttype": "text/plain", "value": full},
                ]
            )
        )
    )
    assert story.body.startswith("The ferry strike ended on Tuesday after four days.")


def test_two_people_in_by_are_two_bylines_in_any_language():
    for by, language in (
        ("Jane Roe and Omar Reyes", "en"),
        ("Jane Roe og Omar Reyes", "no"),
        ("Jane Roe und Omar Reyes", "de"),
        ("Jane Roe y Omar Reyes", "es"),
    ):
        story = parse_ninjs(json.dumps(item(by=by, language=language, body_text="Boats run.")))
        assert [(b.name, b.title) for b in story.bylines] == [
            ("Jane Roe", ""),
            ("Omar Reyes", ""),
        ], by


def test_the_source_comes_from_infosources_provider_or_holder():
    base = item(body_text="Boats run.")
    assert parse_ninjs(json.dumps(base | {"provider": {"name": "TT"}})).source == "TT"
    assert parse_ninjs(json.dumps(base | {"copyrightholder": "Kyodo News"})).source == "Kyodo"
    both = base | {"infosources": [{"name": "NTB"}], "copyrightholder": "Kyodo News"}
    assert parse_ninjs(json.dumps(both)).source == "NTB"
