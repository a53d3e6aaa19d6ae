"""The members' names in the six official languages: the official short name of each, the
board label where that name is too long for a cell, and the names of the day where they
changed (Turkey, Türkiye; Swaziland, Eswatini; ...).

English is the roster's own (its names, labels and former names): `Names` holds the five
other languages, and `Names.name_on` answers English from the roster it is given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from pydantic import BaseModel, Field

from voteboard.core.languages import Language
from voteboard.core.roster import Member

_NAME_CHARS = 200


class LocalName(BaseModel, frozen=True, extra="forbid"):
    """A name in one language: the official one, and the board's label when it is shorter.
    A former name has `until`, the day the next name took its place (as `FormerName`)."""

    name: str = Field(min_length=1, max_length=_NAME_CHARS)
    label: str | None = Field(default=None, min_length=1, max_length=_NAME_CHARS)
    until: date | None = None

    @property
    def board_label(self) -> str:
        return self.label or self.name


class MemberNames(BaseModel, frozen=True, extra="forbid"):
    """One member's names in one language: today's, and the former ones, oldest first."""

    today: LocalName
    former: tuple[LocalName, ...] = ()

    def on(self, day: date | None) -> LocalName:
        """The name in force on a day (today's when the day is unknown)."""
        if day is not None:
            for former in self.former:
                if former.until is not None and day < former.until:
                    return former
        return self.today


class Names(BaseModel, frozen=True, extra="forbid"):
    """The names of an assembly's members in the languages other than the roster's English,
    by language and then by member code. `about` names the sources; `gaps` says, per
    language, which names of the day the sources do not give (today's name is shown then)."""

    about: str = ""
    gaps: Mapping[Language, tuple[str, ...]] = {}
    languages: Mapping[Language, Mapping[str, MemberNames]] = {}

    def names_of(self, code: str, language: Language) -> MemberNames | None:
        return self.languages.get(language, {}).get(code)

    def name_on(self, member: Member, language: Language, day: date | None) -> tuple[str, str]:
        """A member's (official name, board label) in a language on a day: the roster's own in
        English, and for a member the catalog does not know (another assembly's roster)."""
        if language is not Language.EN:
            names = self.names_of(member.code, language)
            if names is not None:
                local = names.on(day)
                return local.name, local.board_label
        return member.name_on(day)

    def label_on(self, code: str, language: Language, day: date | None) -> str | None:
        """A member's board label in a language on a day; None where the catalog does not know
        the member (the board keeps the roster's name) or the language is the roster's."""
        names = self.names_of(code, language) if language is not Language.EN else None
        return None if names is None else names.on(day).board_label

    def texts(self, language: Language) -> Iterator[str]:
        """Every name and label of a language (for the font's cut and the glyph test)."""
        for names in self.languages.get(language, {}).values():
            for local in (names.today, *names.former):
                yield local.name
                if local.label:
                    yield local.label
