"""Dates as agencies print them, read without ever raising.

A date printed without a time ("[March 3, 2025]") becomes a *naive* datetime at
00:00: the copy gives the publication day in the agency's zone, and
``store.aware`` reads naive times in the newsroom's zone, which keeps the day.
A time printed with a zone ("2:15 PM EDT", "2025-03-03T10:15:00Z") gives an
aware datetime; a time without a zone stays naive. AP's "ET" (and CT, MT, PT) is
Eastern time, summer or winter as the date falls. A numeric date ("28/06/2024")
is read day first, as outside the US, unless only month first makes sense; when
both readings make sense ("03/06/2024") it is a date line without a value; with
dots ("05.03.2024", as German and Nordic copy prints it) it is always day first. A day
and month without a year ("5 MAR") is a date line without a value: the year is never
guessed. Month names are read in English, Italian, Spanish, German, French, Swedish,
Norwegian and Portuguese. Years before 1900 or after 2200 are no date at all.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
# Month names and abbreviations in the other languages agencies file in (ANSA, EFE, dpa,
# AFP, TT, NTB, Lusa): Italian, Spanish, German, French, Swedish, Norwegian, Portuguese.
_OTHER_MONTHS = [
    "gen gennaio ene enero januar janv janvier januari janeiro",
    "febbraio febr febrero februar févr fév février februari fev fevereiro",
    "marzo märz mär mars março",
    "aprile abr abril avr avril",
    "mag maggio mayo mai maj maio",
    "giu giugno junio juni juin junho",
    "lug luglio julio juli juil juillet julho",
    "ago agosto augusti août aout",
    "set settembre septiembre setembro",
    "ott ottobre octubre okt oktober octobre out outubro",
    "novembre noviembre novembro",
    "dic dicembre diciembre dez dezember déc décembre des desember dezembro",
]
for _number, _names in enumerate(_OTHER_MONTHS, 1):
    MONTHS |= {name: _number for name in _names.split()}
_MONTH = "(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + ")"
# Hours from UTC for the zone names agencies print after a time.
ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 1, "bst": 1, "cet": 1, "cest": 2,
    "eet": 2, "eest": 3, "msk": 3, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10,
    "jst": 9, "kst": 9, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13,
}  # fmt: skip
# US zones printed without summer or winter: the offset depends on the date.
_US_ZONES = {
    "et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}  # fmt: skip

# A year may run straight into the time, as copied from some pages: "March 3, 20254:15 PM".
_YEAR = r"(?P<year>\d{4})(?:\b|(?=\d{1,2}:\d\d))"
_MDY = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}",
    re.IGNORECASE,
)
# "5 March 2024", "5. März 2024", "5 de marzo de 2024", "5 MAR 2024"
_DMY = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?(?P<month>{_MONTH})\.?,?\s+"
    rf"(?:de\s+)?{_YEAR}",
    re.IGNORECASE,
)
# "2024/03/05 17:38:07": year first, so never ambiguous
_YMD = re.compile(r"(?<![\d./-])(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?![\d/])")
# A day and month without a year ("5 MAR", "March 5"): a date line, but no value: the
# year is never guessed.
_NO_YEAR = re.compile(
    rf"(?<!\w)(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?(?P<month>{_MONTH})"
    rf"|(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)\.?(?![\w/])",
    re.IGNORECASE,
)
# "28/06/2024", "28.06.2024", "6/28/2024"; two-digit years are not read.
_NUMERIC = re.compile(
    r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})\b"
)
_ISO = re.compile(
    r"\b(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?"
    r"(?:\s?Z|[+-]\d{2}:?\d{2})?)?)(?![\w:])"
)
_TIME = re.compile(
    # "17:38", "17.38", and "17h38" as French, Spanish and Portuguese copy prints it
    r"(?<![\d:.])(?P<hour>\d{1,2})(?:[:.]|h(?=\d\d\b))(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?"
    r"(?:\s*(?P<zone>[a-z]{1,5})\b)?(?:\s*(?P<offset>[+-]\d{1,2}(?::?\d{2})?))?",
    re.IGNORECASE,
)
# What may stand on a date line besides the date itself.
_FILLER = re.compile(
    r"\b(?:updated|update|published|posted|filed|first|last|modified|edited|released|on|at|"
    r"issued|date|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|ago|am|pm|utc|gmt|read|"
    r"\d+\s*(?:hours?|hrs?|minutes?|mins?|days?))\b\.?",
    re.IGNORECASE,
)


def _zone(name: str | None, offset: str | None) -> tzinfo | None:
    if (name or "").lower() in _US_ZONES and not offset:
        try:
            return ZoneInfo(_US_ZONES[name.lower()])
        except ZoneInfoNotFoundError:  # no time zone database on this machine
            return None
    hours = ZONES.get((name or "").lower())
    if hours is None and not offset:
        return None
    delta = timedelta(hours=hours or 0)
    if offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hh, mm = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
        delta += sign * timedelta(hours=int(hh), minutes=int(mm))
    if abs(delta) >= timedelta(hours=24):
        return None
    return timezone(delta)


def _apply_time(day: datetime, text: str) -> datetime:
    """Add a printed time ("2:15 PM EDT") to ``day`` where the line gives one."""
    match = _TIME.search(text)
    if not match:
        return day
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return day
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return day
    zone = _zone(match["zone"], match["offset"])
    return day.replace(hour=hour, minute=minute, second=second, tzinfo=zone)


# Dates outside these years are typing errors or placeholders ("0001-01-01", "9999-12-31"):
# read as no date, so that no later step (time zones, the database) meets them.
MIN_YEAR, MAX_YEAR = 1900, 2200


def _in_range(value: datetime | None) -> datetime | None:
    return value if value is not None and MIN_YEAR <= value.year <= MAX_YEAR else None


def parse_iso(value: object) -> datetime | None:
    """ISO 8601 as feeds give it (also NITF's ``20250303T101500Z``); None if unreadable."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 40:
        return None
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        return _in_range(datetime.fromisoformat(text))
    except ValueError:
        return None


def _numeric(match: re.Match) -> datetime | None:
    """Day first ("28/06/2024") unless only month first makes sense ("06/28/2024")."""
    a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
    # Dots are European ("05.03.2024" is 5 March in German, Norwegian ... copy): day first.
    if a <= 12 and b <= 12 and a != b and match["sep"] != ".":
        return None  # "03/06/2024": March 6 or 3 June?
    day, month = (b, a) if b > 12 and match["sep"] != "." else (a, b)
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[datetime | None, tuple[int, int] | None]:
    """The first printed date in ``text`` and where it stands, or (None, None)."""
    found = sorted(
        (m for p in (_MDY, _DMY, _ISO, _NUMERIC, _YMD) for m in p.finditer(text)),
        key=re.Match.start,
    )
    if not found:
        return None, None
    best = found[0]
    # The time is looked for up to the next date: "Published June 28, 2024 10:15 -
    # Updated June 29, 2024 08:00" was published at 10:15.
    following = next((m.start() for m in found if m.start() >= best.end()), len(text))
    rest = text[: best.start()] + " " + text[best.end() : following]
    if best.re is _ISO:
        value = parse_iso(best["iso"].replace(" Z", "Z"))
        zone = re.match(r"\s*([a-z]{1,5})\b", text[best.end() :], re.IGNORECASE)
        if value is not None and ":" not in best["iso"]:
            value = _apply_time(value, rest)  # "2024-06-28, 10:15 GMT"
        elif value is not None and value.tzinfo is None and zone:
            value = value.replace(tzinfo=_zone(zone[1], None))  # "2024-06-28 10:15 UTC"
    elif best.re is _YMD:
        try:
            value = datetime(int(best["year"]), int(best["month"]), int(best["day"]))
        except ValueError:
            value = None
        if value is not None:
            value = _apply_time(value, rest)
    elif best.re is _NUMERIC:
        value = _numeric(best)
        if value is not None:
            value = _apply_time(value, rest)
    else:
        try:
            value = datetime(int(best["year"]), MONTHS[best["month"].lower()], int(best["day"]))
        except ValueError:  # "February 30, 2025"
            value = None
        if value is not None:
            value = _apply_time(value, rest)
    return _in_range(value), best.span()


def parse_date_line(line: str) -> tuple[bool, datetime | None]:
    """Whether ``line`` holds only a date (and a time, zone or "Updated"), and its value.

    A date-shaped line whose date does not exist ("February 30, 2025") is still a
    date line, with no value, so that it is not taken for body text.
    """
    if len(line) > 90:
        return False, None
    value, span = find_date(line)
    allowed = 3  # letters left besides the date: "Uhr", "hrs"
    if span is None:
        no_year = _NO_YEAR.search(line)
        if no_year is None:
            return False, None
        value, span, allowed = None, no_year.span(), 0  # nothing else may stand beside it
    rest = line[: span[0]] + " " + line[span[1] :]
    while (other := find_date(rest)[1]) is not None:  # "Published ... - Updated ..."
        rest = rest[: other[0]] + " " + rest[other[1] :]
    rest = _FILLER.sub(" ", _TIME.sub(" ", rest))
    if sum(c.isalnum() for c in rest) > allowed:
        return False, None
    return True, value
