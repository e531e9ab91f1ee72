"""Photo credits as agencies print them, split into agency, photographer and file flag."""

import pytest

from articles.conventions.credits import Credit, split_credit


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("NORTHWIND/Lena Fischer/File Photo", Credit("NORTHWIND", "Lena Fischer", True)),
        ("NORTHWIND/Lena Fischer", Credit("NORTHWIND", "Lena Fischer", False)),
        ("NORTHWIND/File Photo", Credit("NORTHWIND", "", True)),
        ("(AP Photo/Jane Roe)", Credit("AP", "Jane Roe", False)),
        ("AP Photo/Mary Ann Smith, File", Credit("AP", "Mary Ann Smith", True)),
        ("Jane Roe / AFP", Credit("AFP", "Jane Roe", False)),
        ("Jane Roe/AFP via Getty Images", Credit("AFP", "Jane Roe", False)),
        ("REUTERS/Jane Roe/Pool", Credit("REUTERS", "Jane Roe", False)),
        ("Handout via NORTHWIND", Credit("NORTHWIND", "", False)),
        ("Harbour Ledger/Sam Okafor", Credit("Harbour Ledger", "Sam Okafor", False)),
        ("Photo: Kai Brandt", Credit("", "Kai Brandt", False)),
        ("(Photo by Jane ROE / AFP)", Credit("AFP", "Jane ROE", False)),
        ("NORTHWIND/Lena\nFischer", Credit("NORTHWIND", "Lena Fischer", False)),
        ("", Credit()),
        ("   ", Credit()),
    ],
)
def test_split_credit(printed, expected):
    assert split_credit(printed) == expected
