"""Where the shipped assets are: one function for a checkout, an installed wheel or a bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from voteboard.core.history import ImportedVote
from voteboard.core.names import Names
from voteboard.core.roster import Roster, parse_roster

_PACKAGE = Path(__file__).resolve().parent

APP_ID = "org.voteboard.Voteboard"
"""The reverse-DNS name of the desktop entry, the AppStream component and the icon."""


@cache
def assets_dir() -> Path:
    """The folder of the assets: inside the package when installed, beside it in a checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [_PACKAGE / "assets", _PACKAGE.parent / "assets"]
    if bundle is not None:
        candidates.insert(0, Path(bundle) / "voteboard" / "assets")
    for candidate in candidates:
        if (candidate / "roster-un.json").is_file():
            return candidate
    raise FileNotFoundError(
        "voteboard's assets are missing (looked in " + ", ".join(map(str, candidates)) + ")"
    )


def asset_path(name: str) -> Path:
    """The path of a shipped asset, by its file's name."""
    return assets_dir() / name


@cache
def un_roster() -> Roster:
    """The 193 Member States of the UN General Assembly, in the UN's board order."""
    path = asset_path("roster-un.json")
    return parse_roster(path.read_bytes(), path.name)


@cache
def un_names() -> Names:
    """The UN members' names in Arabic, Chinese, Spanish, French and Russian: today's, their
    board labels and the names of the day (built by scripts/build_un_names.py)."""
    return Names.model_validate_json(asset_path("names-un.json").read_bytes())


def with_un_history(roster: Roster) -> Roster:
    """A journal's roster, with the UN's history of membership where it is the General
    Assembly's as a voteboard that did not know that history wrote it (before issue 17): the
    same members in the same order, so that its imported votes show the members and names of
    their day. Any other roster is the journal's own."""
    un = un_roster()
    if roster.has_history or roster.assembly != un.assembly or roster.codes != un.codes:
        return roster
    return un


SHIPPED_VOTES = "votes-es11.jsonl"
"""The ES-11 votes that come with voteboard (built by scripts/build_es11_asset.py)."""


def shipped_votes() -> list[ImportedVote]:
    """The ES-11 votes that come with voteboard."""
    lines = asset_path(SHIPPED_VOTES).read_text(encoding="utf-8").splitlines()
    return [ImportedVote.model_validate_json(line) for line in lines if line.strip()]
