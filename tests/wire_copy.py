"""Original test copy in the wire layouts (invented people, places and agency).

Never replace these with real agency stories: agency copy is copyrighted.
"""

from __future__ import annotations

import json

FERRY_TEXT = """\
Island council backs night ferry despite noise complaints
Send a link to a friend
[April 14, 2025]
By Noor Haddad and Ivo Kastelic
SALTMARSH (Gullwing) - The island council of Saltmarsh voted 5-4 on
Tuesday to run a night ferry to the mainland from June, ending a
decade in which the last boat left before nine in the evening.
The service will cost about 2 million crowns a year and will be paid
for by a small rise in the harbour levy, officials said.
"People here have waited long enough to get home from a late shift,"
Mayor Petra Lund told Gullwing after the vote.
"The new boat will be quieter than the old one," she added.
'NOISE AND NIGHTS'
Residents of the harbour front say the engines and the horn will wake
families living closest to the quay.
"Nobody asked the people who live next to the ramp," said Tomas Vire,
chairman of the Harbour Front Residents' Association.
[to top of second column]
|
A ferry leaves the Saltmarsh quay at dusk, April 2, 2025.
GULLWING/Alma Torres/File Photo
Vire said the association would ask for a noise study, calling the
council's timetable "a promise written on water."
(Reporting by Noor Haddad in Saltmarsh and Ivo Kastelic in Port Alder;
Additional reporting by Mara Quist; Editing by Leon Brandt)
[© 2025 Gullwing News. All rights reserved.]This material may not be
published, broadcast, rewritten or redistributed.
Gullwing News is solely responsible for this content. |
"""

FERRY_NOTICE_HOLDER = "Gullwing News"

CAFE_TEXT_1252 = """\
Café owners in Eastwick win fight over harbour terraces
[May 2, 2025]
By Elin Sandoval
EASTWICK (Gullwing) – The café owners of Eastwick’s harbour front won
the right on Friday to keep their terraces open until midnight.
“It is the best news of the year,” said René Abril, who runs the
oldest café on the quay.
[© 2025 Gullwing News. All rights reserved.]This material may not be
published, broadcast, rewritten or redistributed.
""".encode("cp1252")


def text_story(n: int) -> bytes:
    """A small distinct story in the plain-text layout."""
    return (
        f"Saltmarsh harbour adds berth number {n}\n"
        f"[April {1 + n % 28}, 2025]\n"
        f"By Noor Haddad\n"
        f"SALTMARSH (Gullwing) - The harbour added berth number {n} on Monday,\n"
        f"officials said.\n"
        f"Work on the next berth starts in the autumn.\n"
        f"[© 2025 Gullwing News. All rights reserved.]This material may not be\n"
        f"published, broadcast, rewritten or redistributed.\n"
    ).encode()


def ninjs_story(uri: str = "urn:gullwing:2025:bridge-1", **extra) -> bytes:
    """A ninjs 2.2 story as an agency feed delivers it."""
    item = {
        "uri": uri,
        "type": "text",
        "versioncreated": "2025-04-20T09:15:00+00:00",
        "pubstatus": "usable",
        "language": "en",
        "headlines": [{"role": "main", "value": "Old swing bridge reopens after two years"}],
        "by": "By Ivo Kastelic",
        "located": "NEW HOLLIN",
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": (
                    "<p>NEW HOLLIN (Gullwing) - The swing bridge over the Hollin canal reopened "
                    "on Sunday after two years of repairs.</p>"
                    "<p>Boats queued on both sides for the first opening.</p>"
                ),
            }
        ],
        "copyrightholder": "Gullwing News",
        "copyrightnotice": "© 2025 Gullwing News. All rights reserved.",
    }
    item.update(extra)
    return json.dumps(item).encode()
