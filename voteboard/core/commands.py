"""Commands: what the secretariat, a delegation or a simulated delegation asks for.

A command carries the moment it was given (`at`), so that `decide` stays a pure function.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, TypeAdapter

from voteboard.core.model import Choice, Counts, MemberCode, VoteId, VoteSpec


class _Command(BaseModel, frozen=True, extra="forbid"):
    at: AwareDatetime


class PrepareVote(_Command, frozen=True):
    """A new vote. Its title is required, its symbol and title must show what they hold, and a
    symbol that is not of the UN's form (`symbols.symbol_problem`) is refused unless the
    officer confirmed it as it is (`unusual_symbol`)."""

    kind: Literal["prepare"] = "prepare"
    vote: VoteId
    spec: VoteSpec
    unusual_symbol: bool = False


class OpenVote(_Command, frozen=True):
    """Opens voting on the prepared vote."""

    kind: Literal["open"] = "open"


class PauseVote(_Command, frozen=True):
    """Suspends voting on the open vote, for the reason given (if any)."""

    kind: Literal["pause"] = "pause"
    reason: str = ""


class ResumeVote(_Command, frozen=True):
    """Resumes voting on the suspended vote."""

    kind: Literal["resume"] = "resume"


class CloseVote(_Command, frozen=True):
    """Ends voting. For a secret ballot the caller counts the urn and passes its totals and
    the digest of the urn it counted."""

    kind: Literal["close"] = "close"
    urn: Counts | None = None
    urn_digest: str | None = None
    automatic: bool = False


class LockVote(_Command, frozen=True):
    """Makes the result of the closed vote final; only corrections can follow."""

    kind: Literal["lock"] = "lock"


class CancelVote(_Command, frozen=True):
    """Cancels the vote, for the reason given: it has no result. A locked vote cannot be
    cancelled."""

    kind: Literal["cancel"] = "cancel"
    reason: str = ""


class CastBallot(_Command, frozen=True):
    """A member's ballot, first or changed; `by_secretariat` when entered on its behalf."""

    kind: Literal["cast"] = "cast"
    member: MemberCode
    choice: Choice
    by_secretariat: bool = False


class DrawRollCall(_Command, frozen=True):
    """The member drawn by lot to be called first in a roll call."""

    kind: Literal["draw_roll_call"] = "draw_roll_call"
    first: MemberCode


class StartCountdown(_Command, frozen=True):
    """Voting closes by itself after `seconds` (up to an hour)."""

    kind: Literal["start_countdown"] = "start_countdown"
    seconds: int = Field(ge=1, le=3600)


class StopCountdown(_Command, frozen=True):
    """Stops the countdown: voting no longer closes by itself."""

    kind: Literal["stop_countdown"] = "stop_countdown"


class WithdrawRight(_Command, frozen=True):
    """Article 19: the member loses its right to vote (never while a vote is open or suspended)."""

    kind: Literal["withdraw_right"] = "withdraw_right"
    member: MemberCode


class RestoreRight(_Command, frozen=True):
    """The member has its right to vote again (never while a vote is open or suspended)."""

    kind: Literal["restore_right"] = "restore_right"
    member: MemberCode


class RecordCorrection(_Command, frozen=True):
    """After lock: the delegation had intended to vote `intended` (None: not to vote)."""

    kind: Literal["correct"] = "correct"
    member: MemberCode
    intended: Choice | None
    vote: VoteId | None = None
    note: str = ""


Command = Annotated[
    PrepareVote
    | OpenVote
    | PauseVote
    | ResumeVote
    | CloseVote
    | LockVote
    | CancelVote
    | CastBallot
    | DrawRollCall
    | StartCountdown
    | StopCountdown
    | WithdrawRight
    | RestoreRight
    | RecordCorrection,
    Field(discriminator="kind"),
]

COMMAND_ADAPTER: TypeAdapter[Command] = TypeAdapter(Command)


PhaseCommand = OpenVote | PauseVote | ResumeVote | CloseVote | LockVote | CancelVote
"""A command of the life of a vote (core/desk.py's PHASE_ACTIONS)."""
