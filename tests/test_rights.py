"""Rights notices split into holder, year, statement, restriction and responsibility line."""

from articles.conventions.notice_parts import split_notice


def test_northwind_layout():
    parts = split_notice(
        "[© 2025 Northwind Media. All rights reserved.]This material may not be\n"
        "published, broadcast, rewritten or redistributed.\n"
        "Northwind Media is solely responsible for this content."
    )
    assert parts.holder == "Northwind Media"
    assert parts.year == 2025
    assert parts.statement == "All rights reserved."
    assert parts.restriction == (
        "This material may not be published, broadcast, rewritten or redistributed."
    )
    assert parts.responsibility == "Northwind Media is solely responsible for this content."


def test_ap_layout():
    parts = split_notice(
        "Copyright 2024 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed without permission."
    )
    assert (parts.holder, parts.year) == ("The Associated Press", 2024)
    assert parts.restriction.endswith("redistributed without permission.")
    assert parts.responsibility == ""


def test_holder_before_year():
    parts = split_notice("© AFP 2024")
    assert (parts.holder, parts.year) == ("AFP", 2024)


def test_notice_without_copyright_sign_has_no_holder():
    parts = split_notice("Free to republish with credit.")
    assert parts.holder == ""
    assert parts.year is None


def test_company_abbreviation_keeps_its_full_stop():
    parts = split_notice("(c) 2025 Northwind Media Inc. All rights reserved.")
    assert (parts.holder, parts.year) == ("Northwind Media Inc.", 2025)
    assert parts.statement == "All rights reserved."
