"""Builds assets/roster-un.json: the UN's Member States today, and who was a member when, under
which name, from 1945 to now.

Run by a maintainer when the list changes (the product reads only the asset):
    python scripts/build_un_roster.py ../shared/data
It reads `un-member-states.csv` (today's 193, their admission dates, the DGACM spellings) and,
to take the names of the day from the record and to check the result against it, the UN
Digital Library's voting data (`un-digital-library/ga-voting-1946-2025.csv.gz`). It prints how
many of the data's rows the asset places differently, so that a change of either shows.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

LABELS = {
    "BOL": "Bolivia",
    "COD": "DR Congo",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "IRN": "Iran",
    "LAO": "Lao PDR",
    "NLD": "Netherlands",
    "PRK": "DPR Korea",
    "TZA": "Tanzania",
    "USA": "United States",
    "VCT": "Saint Vincent & Grenadines",
    "VEN": "Venezuela",
}

# The names a member bore before today's, oldest first: (until, official name, board label or
# None). `until` is the first day of the next name. Where the UN's own notice gives the day it
# is that day; otherwise it is the first day the Digital Library's records print the new name.
# The records print later names on the sessions of 1983 to 1990 for six members (Belarus,
# Burkina Faso, Cambodia, Cameroon, Myanmar, Ukraine): there the day of the change is the
# day the state notified it, not the record's.
FORMER: dict[str, list[tuple[str, str, str | None]]] = {
    "BEN": [("1975-11-30", "Dahomey", None)],
    "BFA": [("1984-08-04", "Upper Volta", None)],
    "BLR": [("1991-09-19", "Byelorussian Soviet Socialist Republic", "Byelorussian SSR")],
    "BOL": [("2009-06-30", "Bolivia", None)],
    "CAF": [
        ("1976-12-04", "Central African Republic", None),
        ("1979-09-21", "Central African Empire", None),
    ],
    "CIV": [("1986-09-20", "Ivory Coast", None)],
    "CMR": [("1974-01-01", "Cameroon", None), ("1984-02-04", "United Republic of Cameroon", None)],
    "COD": [("1971-11-09", "Congo (Leopoldville)", None), ("1997-05-17", "Zaire", None)],
    "COG": [("1971-11-09", "Congo (Brazzaville)", None)],
    "CPV": [("2013-10-24", "Cape Verde", None)],
    "CZE": [("2016-05-17", "Czech Republic", None)],
    "DEU": [("1990-10-03", "Germany, Federal Republic of", "Germany, Fed. Rep.")],
    "EGY": [("1958-02-21", "Egypt", None), ("1971-09-02", "United Arab Republic", None)],
    "IRN": [("1981-11-11", "Iran", None)],
    "KHM": [
        ("1970-10-09", "Cambodia", None),
        ("1975-11-01", "Khmer Republic", None),
        ("1976-01-05", "Cambodia", None),
        ("1990-09-18", "Democratic Kampuchea", None),
    ],
    "LAO": [("1976-01-01", "Laos", None)],
    "LBY": [
        ("1970-12-07", "Libya", None),
        ("1976-10-21", "Libyan Arab Republic", None),
        ("2011-09-16", "Libyan Arab Jamahiriya", None),
    ],
    "LKA": [("1972-05-22", "Ceylon", None)],
    "MDV": [("1968-11-07", "Maldive Islands", None)],
    "MKD": [("2019-07-25", "The former Yugoslav Republic of Macedonia", "TFYR Macedonia")],
    "MMR": [("1989-06-18", "Burma", None)],
    "MYS": [("1963-09-16", "Federation of Malaya", None)],
    "NLD": [("2023-11-02", "Netherlands", "Netherlands")],
    "PHL": [("1947-01-01", "Philippine Republic", None)],
    "RUS": [("1991-12-24", "Union of Soviet Socialist Republics", "USSR")],
    "SRB": [("2006-06-03", "Serbia and Montenegro", None)],
    "SUR": [("1977-11-04", "Surinam", None)],
    "SWZ": [("2018-04-19", "Swaziland", None)],
    "SYR": [("1971-09-21", "Syria", None)],
    "THA": [("1949-10-20", "Siam", None)],
    "TUR": [("2022-06-01", "Turkey", None)],
    "TZA": [
        ("1964-04-26", "Tanganyika", None),
        ("1964-11-01", "United Republic of Tanganyika and Zanzibar", "Tanganyika and Zanzibar"),
    ],
    "UKR": [("1991-08-24", "Ukrainian Soviet Socialist Republic", "Ukrainian SSR")],
    "VEN": [("2004-12-01", "Venezuela", None)],
    "ZAF": [("1961-05-31", "Union of South Africa", None)],
}

# Times a member was not one, between its admission and today: Syria within the United Arab
# Republic (from 22 February 1958; its separate membership resumed on 13 October 1961), and
# Indonesia's withdrawal (from 1 March 1965; it resumed on 28 September 1966).
ABSENT = {"SYR": ("1958-02-21", "1961-10-13"), "IDN": ("1965-03-01", "1966-09-28")}

# Today's members whose seat the voting data keeps under another code before a day: the Federal
# Republic of Yugoslavia (admitted 1 November 2000) is under YUG until it became Serbia and
# Montenegro on 4 February 2003, so Serbia's seat on the board starts then.
ADMITTED = {"SRB": "2003-02-04"}

# States that were members and are no longer, with the members that continued them.
FORMER_MEMBERS = [
    {
        "code": "CSK",
        "name": "Czechoslovakia",
        "periods": [{"start": "1945-10-24", "end": "1993-01-01"}],
        "successors": ["CZE", "SVK"],
    },
    {
        "code": "YUG",
        "name": "Yugoslavia",
        "periods": [{"start": "1945-10-24", "end": "2003-02-04"}],
        "successors": ["BIH", "HRV", "MKD", "SRB", "SVN"],
    },
    {
        "code": "DDR",
        "name": "German Democratic Republic",
        "periods": [{"start": "1973-09-18", "end": "1990-10-03"}],
        "successors": ["DEU"],
    },
    {
        "code": "YMD",
        "name": "Democratic Yemen",
        "former": [{"until": "1971-09-21", "name": "Southern Yemen"}],
        "periods": [{"start": "1967-12-14", "end": "1990-05-22"}],
        "successors": ["YEM"],
    },
    {
        "code": "ZZB",
        "name": "Zanzibar",
        "periods": [{"start": "1963-12-16", "end": "1964-04-26"}],
        "successors": ["TZA"],
    },
]

ABOUT = (
    "The Member States of the United Nations in board order (English alphabetical order of the "
    "official short name, accents ignored), each with the times it was a member and the names "
    "it bore. Today's names, codes and admission dates: the UN Statistics Division's M49 table "
    "and a list of admission dates (../shared/data/un-member-states.csv). Former names, the "
    "days they changed and the members' spellings: the UN Digital Library's voting data of "
    "1946 to 2025, with the days of the UN's notices where the records print a later name "
    "(scripts/build_un_roster.py says which). Syria (1958-1961, in the United Arab Republic) "
    "and Indonesia (1965-1966) were not members for a time; the Federal Republic of "
    "Yugoslavia is under YUG until 4 February 2003, as in the voting data."
)


def periods_of(code: str, admitted: str) -> list[dict[str, str]]:
    start = ADMITTED.get(code, admitted)
    if code in ABSENT:
        left, back = ABSENT[code]
        return [{"start": start, "end": left}, {"start": back}]
    return [{"start": start}]


def read_votes(data: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The Digital Library's votes: each one's day and its (code, name as printed) rows."""
    votes: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    path = data / "un-digital-library" / "ga-voting-1946-2025.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            vote = votes.setdefault(row["undl_id"], (row["date"], []))
            vote[1].append((row["ms_code"], row["ms_name"].strip()))
    return list(votes.values())


def main(data: Path, target: Path) -> None:
    votes = read_votes(data)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for _, rows in votes:
        for code, name in rows:
            spellings[code][name] += 1
    members = []
    with (data / "un-member-states.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["iso3"]
            member: dict[str, object] = {"code": code, "name": row["name"]}
            if code in LABELS:
                member["label"] = LABELS[code]
            aliases = row["dgacm_extract_names_seen"].split("|")
            # Every spelling the records print, most used first: a file without codes is
            # read by the names alone.
            aliases += [n for n, _ in spellings[code].most_common() if n not in aliases]
            member["aliases"] = aliases
            if code in FORMER:
                member["former"] = [
                    {"until": until, "name": name} | ({"label": label} if label else {})
                    for until, name, label in FORMER[code]
                ]
            member["periods"] = periods_of(code, row["admission_date"])
            members.append(member)
    former_members = []
    for former in FORMER_MEMBERS:
        entry = dict(former)
        entry["aliases"] = [n for n, _ in spellings[str(former["code"])].most_common()]
        former_members.append(entry)
    document = {
        "assembly": "United Nations General Assembly",
        "about": ABOUT,
        "members": members,
        "former_members": former_members,
    }
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(members)} members and {len(former_members)} former members written to {target}")
    check(target, votes)


def check(target: Path, votes: list[tuple[str, list[tuple[str, str]]]]) -> None:
    """Compares the asset's members and names of each day with the voting data's rows."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from voteboard.core.roster import board_key, parse_roster

    roster = parse_roster(target.read_bytes(), target.name)
    extra: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    renamed: Counter[tuple[str, str, str]] = Counter()
    for day_text, rows in votes:
        day = date.fromisoformat(day_text)
        of_day = roster.on(day)
        codes = {code for code, _ in rows}
        for member in of_day:
            if member.code not in codes:
                missing[member.code] += 1
        for code, name in rows:
            member = of_day.get(code)
            if member is None:
                extra[code] += 1
            elif board_key(name) not in {board_key(member.name), board_key(member.board_label)}:
                renamed[(code, name, member.name)] += 1
    print(f"{len(votes)} votes checked against the asset")
    print(f"  rows of states that were not members on the day: {sum(extra.values())}", dict(extra))
    print(f"  members of the day without a row: {sum(missing.values())}", dict(missing))
    print(f"  rows whose printed name is not the asset's name of the day: {sum(renamed.values())}")
    for (code, printed, named), count in renamed.most_common(40):
        print(f"    {code}: printed {printed!r}, the asset says {named!r}: {count} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parent.parent / "assets" / "roster-un.json")
