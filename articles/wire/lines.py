"""Lines of plain-text copy, cleaned, with page furniture marked.

Copy pasted from a partner page, an e-mail or an older system carries the page
and the transmission with it: share buttons, gallery counters, newsletter
promos, lists of links to other stories, sign-offs ("==Kyodo", "(END)"),
desk initials and reporters' contact lines. They are marked here, line by line,
so that they never reach the body. A line's indentation is kept as a flag:
older systems start every paragraph with a tab or a few spaces.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..conventions.agencies import is_desk_sign_off
from .copy_parts import CREDITS_START, is_notice_start
from .notices import is_credit_stub

_SHARE = (
    r"share(?:\s+(?:this(?:\s+(?:article|story|page))?|on\s+\w+|via\s+\w+))?|copy(?:\s+link)?"
    r"|link\s+copied|copied|facebook|twitter|x|reddit|linkedin|pinterest|flipboard|whatsapp"
    r"|telegram|threads|bluesky|tumblr|messenger|comments?|save(?:\s+(?:article|story))?"
    r"|bookmark|gift\s+(?:this\s+)?article"
)
# Page furniture, one named rule a kind; a line is furniture when one rule matches all of it.
FURNITURE_RULES: list[tuple[str, str]] = [
    ("share and save buttons", r"send\s+(?:a\s+)?link\s+to\s+a\s+friend|" + _SHARE),
    (
        "advertising",
        r"advertisement|advertising|sponsored(?:\s+content)?|report\s+this\s+ad"
        r"|story\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?advertisement)?"
        r"|(?:advertisement\W*)?scroll\s+to\s+continue",
    ),
    (
        "page tools",  # "Read more", "Print this article", "Reprints & Permissions"
        r"continue\s+reading|read\s+more|print(?:\s+this\s+(?:article|story|page))?"
        r"|e-?mail(?:\s+this\s+(?:article|story))?|reprints?(?:\s+(?:&|and)\s+permissions)?"
        r"|related\s+(?:coverage|stories|articles|content)|skip\s+to\s+(?:main\s+)?content"
        r"|our\s+standards:.*|click\s+here\b.*|\[to\s+top\s+of\b[^\]]*\]"
        r"|\[(?:photo|image|video|graphic|gallery)s?\b[^\]]*\]|\d+\s*min(?:ute)?s?(?:\s+read)?"
        r"|listen\s+to\s+(?:this\s+)?(?:article|story).*"
        r"|(?:purchase|acquire)\s+licensing\s+rights.*",
    ),
    ("separators", r"[|\s]*|[-_*=~#•·]{3,}"),  # a lone "|", "___", "***", "==="
    ("gallery counters", r"(?:item\s+|photo\s+|image\s+)?\d+\s+of\s+\d+|\[\d+/\d+\]"),
    (
        "relative times",  # "Updated 2 hours ago", "5 mins ago", "Updated"
        r"(?:(?:last\s+)?(?:updated|published|posted)\s*:?\s*)?(?:\d+|an?|a\s+few)\s+"
        r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago|just\s+now|updated",
    ),
    (
        "promos and links",  # "... newsletter. Sign up here.", "Read more: ...", "Related: ..."
        r".{0,300}\bsign\s+up\s+here\.?|(?:read\s+more|see\s+also|also\s+read|related)\s*:.*",
    ),
    (
        "sign-offs",  # "==Kyodo", "(END)", "(MORE)", "-0-", "# # #", "ENDS"
        r"==\s*\w+|\((?:end|ends|more|endit|endall)\)|-\s*0\s*-|#(?:\s*#){2,}|(?-i:ENDS?)",
    ),
    (
        "contact lines",  # "jane.roe@example.com", "((jane.roe@example.com; +44 20 ...))"
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\(\(.*\)\)|to\s+contact\s+the\s+\w+.{0,60}:"
        # "Jane Roe in London at jroe@example.net": a name, not "Write to the council at ..."
        r"|(?-i:(?:[^\W\d_a-z][\w.'’-]*\s+){1,4})(?:in\s+[\w .'’-]{2,30}\s+)?at\s+[\w.+-]+@[\w-]+"
        r"(?:\.[\w-]+)+"
        r"|follow\s+.{1,80}?\s+(?:on|at)\b.{0,40}?(?:https?://\S+|@\w+)\.?",
    ),
    (
        "can be reached at",  # "Jane Roe can be reached at jroe@example.com or on X at @janeroe."
        r"(?-i:(?:[^\W\d_a-z][\w.'’-]*\s+){1,4})can\s+be\s+reached\s+(?:at|on|by)\b"
        r".{0,160}?(?:@|https?://|\d{3}).{0,80}",
    ),
    (
        "reader prompts and counters",  # "Click to rate", "12 comments", "Comments (4)"
        r"(?:click|tap)\s+(?:to|here\s+to)\s+(?:rate|comment|enlarge|expand|play|view|see)\b.{0,60}"
        r"|rate\s+this(?:\s+(?:article|story))?|(?:view|show|read)?\s*\d+\s+comments?"
        r"|comments?\s*[(\[]\d+[)\]]|(?:be\s+the\s+)?first\s+to\s+comment.{0,20}"
        r"|(?:average\s+)?rating\s*:?\s*\d(?:[.,]\d)?(?:\s*/\s*\d+|\s+out\s+of\s+\d+)?"
        r"|\d+\s+(?:votes?|likes?|shares?)",
    ),
    ("desk initials", r"[a-z]{2,4}(?:[-/][a-z]{2,4})+"),  # AFP's "pv-ml/jr", "bur-em/jd"
]
FURNITURE = re.compile(
    "^(?:" + "|".join(f"(?:{rule})" for _, rule in FURNITURE_RULES) + ")$", re.IGNORECASE
)
# A heading over a list of links to other stories; the list follows, one title a line.
_LINK_LIST = re.compile(
    r"^(?:most\s+read\s+from\s+.{1,40}|suggested\s+topics|related\s+(?:coverage|stories|articles"
    r"|content|topics)|read\s+next|more\s+from\s+.{1,40}|recommended(?:\s+(?:stories|reading))?"
    r"|trending(?:\s+now)?|you\s+may\s+also\s+like|latest\s+(?:news|stories)|top\s+stories)\s*:?$",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")  # soft hyphens, zero-width spaces
_ENTITY = re.compile(
    r"&(?:nbsp|amp|quot|apos|lt|gt|[lr]squo|[lr]dquo|[mn]dash|hellip|#\d{2,5}|#x[\da-f]{2,4});",
    re.I,
)
# UTF-8 read as Windows-1252 by an older system: "Brazilâ€™s", "SÃ£o Paulo".
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")  # runs of white space; no-break spaces are kept
_LEFTOVERS = re.compile(  # ends of lines from web pages: " |", ", opens new tab"
    r"(?:\s\||,?\s*opens\s+new\s+tab|\s*(?:purchase|acquire)\s+licensing\s+rights)+$",
    re.IGNORECASE,
)

# Every match of _LEFTOVERS ends in one of these: most lines are passed over without it.
_LEFTOVER_END = re.compile(r"(?:\||tab|rights)$", re.IGNORECASE)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_SENTENCE_END = re.compile(r"[.!?:;,'\"”’)]$")


def _unmangle(match: re.Match) -> str:
    # Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) came through as is.
    data = b"".join(
        bytes([ord(c)]) if "\x80" <= c <= "\x9f" else c.encode("cp1252", "replace")
        for c in match[0]
    )
    try:
        return data.decode("utf-8")
    except UnicodeError:  # not UTF-8 read as Windows-1252 after all: "SÃO" stays
        return match[0]


def repair(text: str) -> tuple[str, list[str]]:
    """Undo what the way the copy travelled did to it; and what was done, for the editor.

    HTML entities ("&amp;") from a page's source and UTF-8 shown as Windows-1252
    ("â€™") are put right; invisible characters (soft hyphens, zero-width spaces)
    that would split words and names are dropped.
    """
    notes = []
    if len(_ENTITY.findall(text)) >= 1:
        text = _ENTITY.sub(lambda m: html.unescape(m[0]), text)
        notes.append("HTML entities (“&amp;”) in the copy were turned into characters.")
    text, surrogates = re.subn("[\ud800-\udfff]", "\ufffd", text)
    if surrogates:  # text handed over with lone UTF-16 halves, which no page can hold
        notes.append(
            f"{surrogates} broken character(s) (lone UTF-16 surrogates) were replaced with "
            "“\ufffd”: check the text."
        )
    fixed = _MOJIBAKE.sub(_unmangle, text)
    if fixed != text:
        text = fixed
        notes.append("Characters garbled by a wrong encoding (“â€™”) were repaired: check them.")
    return _INVISIBLE.sub("", text), notes


@dataclass
class Line:
    no: int
    text: str  # cleaned; "" for a break
    kind: str = "text"  # text | blank | furniture
    lead: int = 0  # white space before the text in the raw line (a tab counts one)
    dropped: str = ""  # what a furniture line held, for the editor's preview

    @property
    def indent(self) -> bool:
        return self.lead > 0

    @property
    def width(self) -> int:
        """The room the line took when it was wrapped."""
        return len(self.text) + self.lead


def _is_link_title(text: str) -> bool:
    """A line in a list of links: a title, not a sentence."""
    return len(text.split()) <= 16 and not _SENTENCE_END.search(text)


# The last line of a story on a partner page; author cards and links follow it.
_END = re.compile(r"^our\s+standards:", re.IGNORECASE)


def clean(text: str) -> list[Line]:
    """The copy's lines, white space and control characters tidied, furniture marked."""
    lines: list[Line] = []
    in_list = in_trailer = False
    for no, raw in enumerate(_NEWLINE.split(text), 1):
        line = _SPACES.sub(" ", _CONTROL.sub(" ", raw)).strip()
        if _LEFTOVER_END.search(line[-6:]):  # the only ends _LEFTOVERS can take off
            line = _LEFTOVERS.sub("", line).strip()
        lead = len(raw) - len(raw.lstrip()) if line else 0
        if in_list and line and not _is_link_title(line):
            in_list = False
        if in_trailer and line and not (is_notice_start(line) or CREDITS_START.match(line)):
            lines.append(Line(no, "", "furniture", dropped=line))  # the page after the story
            continue
        in_trailer = in_trailer or bool(_END.match(line))
        if not line:
            lines.append(Line(no, "", "blank"))
        elif (
            in_list
            or FURNITURE.match(line)
            or _LINK_LIST.match(line)
            or is_desk_sign_off(line)
            or is_credit_stub(line)
        ):
            in_list = in_list or bool(_LINK_LIST.match(line))
            lines.append(Line(no, "", "furniture", dropped=line))
        else:
            lines.append(Line(no, line, lead=lead))
    return lines
