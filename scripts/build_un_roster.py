"""Builds assets/roster-un.json from the UN reference list of Member States.

Run once by a maintainer when the list changes:
    python scripts/build_un_roster.py ../shared/data/un-member-states.csv
The product reads only the asset, never the reference data.
"""

from __future__ import annotations

import csv
import json
import sys
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
# Names in force before a date, as the UN's own records spell them on the day.
FORMER = {
    "TUR": [{"until": "2022-06-01", "name": "Turkey"}],
    "NLD": [{"until": "2023-11-02", "name": "Netherlands", "label": "Netherlands"}],
}


def main(source: Path, target: Path) -> None:
    members = []
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            member: dict[str, object] = {"code": row["iso3"], "name": row["name"]}
            if row["iso3"] in LABELS:
                member["label"] = LABELS[row["iso3"]]
            member["aliases"] = row["dgacm_extract_names_seen"].split("|")
            if row["iso3"] in FORMER:
                member["former"] = FORMER[row["iso3"]]
            members.append(member)
    document = {"assembly": "United Nations General Assembly", "members": members}
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(members)} members written to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parent.parent / "assets" / "roster-un.json")
