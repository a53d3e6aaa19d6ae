"""The words of a vote (DESIGN §1): choices, modes, majority rules, phases and lights."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from voteboard.limits import MAX_MEMBERS


class Refused(Exception):
    """A command that the rules do not allow; the message says why, in the operator's words."""


class Choice(StrEnum):
    """One member's ballot."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"

    @property
    def light(self) -> Light:
        """The light the board shows for this choice (the one map of the two)."""
        return Light(self.value)


class Mode(StrEnum):
    """Recorded votes light every choice; secret ballots show only who has voted."""

    RECORDED = "recorded"
    SECRET = "secret"


class Majority(StrEnum):
    """The majority rules of DESIGN §3."""

    SIMPLE = "simple"
    TWO_THIRDS = "two-thirds"
    MEMBERS = "members"


class Phase(StrEnum):
    """The phases of the life of a vote (DESIGN §2)."""

    PREPARED = "prepared"
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"
    LOCKED = "locked"
    CANCELLED = "cancelled"


class Light(StrEnum):
    """What the board shows beside a name."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    VOTED = "voted"
    NONE = "none"
    INELIGIBLE = "ineligible"


_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$")


def _check_code(value: str) -> str:
    if not _CODE.match(value):
        raise ValueError(
            f"{value!r} is not a member code (1 to 16 letters, digits, '_', '.' or '-')"
        )
    return value


MemberCode = Annotated[str, AfterValidator(_check_code)]
"""A stable member code: ISO 3166-1 alpha-3 for UN Member States."""

VoteId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
"""A vote's id (`v-3f9c2a41b7d0`): it names the file of a secret ballot's key, so it holds no
slash, no space, nothing that a path or a shell would read as more than a name."""


class Counts(BaseModel, frozen=True, extra="forbid"):
    """The choices counted: what a closed vote's urn or ballots add up to."""

    yes: int = Field(ge=0)
    no: int = Field(ge=0)
    abstain: int = Field(ge=0)

    @property
    def ballots(self) -> int:
        return self.yes + self.no + self.abstain


class VoteSpec(BaseModel, frozen=True, extra="forbid"):
    """The question put to the assembly: what the operator prepares."""

    symbol: str = Field(min_length=1, max_length=120)
    title: str = Field(default="", max_length=2000)
    mode: Mode = Mode.RECORDED
    majority: Majority = Majority.SIMPLE
    # Strict: a number of members, never text ("1_41") or a float (1e3) converted on the way.
    quorum: int | None = Field(default=None, ge=1, le=MAX_MEMBERS, strict=True)
