"""Events: what happened, frozen, in the order it happened.

`decide` produces them, `evolve` folds them, the journal stores them and the replay walks them.
A secret ballot appears in this stream only as `BallotDeposited` (who voted, and when): its
choice goes to the urn, which has no order and is not part of the stream, and the totals come
back in `VoteClosed` (DESIGN §4).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AwareDatetime,
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    model_serializer,
)

from voteboard.core.model import Choice, Counts, MemberCode, VoteId, VoteSpec

SCHEMA_VERSION = 1
"""The version of the events' shape; stored with every event."""


class _Event(BaseModel, frozen=True, extra="forbid"):
    v: Literal[1] = 1
    at: AwareDatetime


class _VoteEvent(_Event, frozen=True):
    vote: VoteId


class VotePrepared(_VoteEvent, frozen=True):
    """The operator prepared a vote; `ineligible` is who had no right to vote at that time.

    `retake_of` is the latest earlier vote of the journal on the same symbol, when this vote
    takes that one again. It is written only when there is one: a journal without retakes
    stays readable by the versions that came before the field."""

    kind: Literal["vote_prepared"] = "vote_prepared"
    spec: VoteSpec
    ineligible: tuple[MemberCode, ...] = ()
    retake_of: VoteId | None = None

    @model_serializer(mode="wrap")
    def _without_absent_retake(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if self.retake_of is None:
            data.pop("retake_of", None)
        return data


class VoteOpened(_VoteEvent, frozen=True):
    """Voting opened on the prepared vote."""

    kind: Literal["vote_opened"] = "vote_opened"


class VotePaused(_VoteEvent, frozen=True):
    """Voting was suspended, for the reason given (if any)."""

    kind: Literal["vote_paused"] = "vote_paused"
    reason: str = ""


class VoteResumed(_VoteEvent, frozen=True):
    """Voting resumed after a suspension."""

    kind: Literal["vote_resumed"] = "vote_resumed"


class BallotCast(_VoteEvent, frozen=True):
    """A recorded ballot: public, lit on the board."""

    kind: Literal["ballot_cast"] = "ballot_cast"
    member: MemberCode
    choice: Choice
    by_secretariat: bool = False


class BallotChanged(_VoteEvent, frozen=True):
    """A member changed its recorded ballot while the vote was open."""

    kind: Literal["ballot_changed"] = "ballot_changed"
    member: MemberCode
    choice: Choice
    previous: Choice
    by_secretariat: bool = False


class BallotDeposited(_VoteEvent, frozen=True):
    """A secret ballot went into the urn: who voted and when, never what.

    `seal` is the digest of the sealed ballot that the journal put into the urn (set by the
    journal): the chain then covers the urn, and nobody can open a sealed ballot once the
    vote's key is destroyed at its close."""

    kind: Literal["ballot_deposited"] = "ballot_deposited"
    member: MemberCode
    by_secretariat: bool = False
    seal: str | None = None


class VoteClosed(_VoteEvent, frozen=True):
    """Voting ended; the totals are counted from the ballots (recorded) or the urn (secret).

    A secret ballot's close names the digest of the urn it counted (`urn_digest`): the totals
    stay tied to the ballots sealed, and the sealed ballots are destroyed with this event."""

    kind: Literal["vote_closed"] = "vote_closed"
    totals: Counts
    automatic: bool = False
    urn_digest: str | None = None


class VoteLocked(_VoteEvent, frozen=True):
    """The result became final; only corrections can follow."""

    kind: Literal["vote_locked"] = "vote_locked"


class VoteCancelled(_VoteEvent, frozen=True):
    """The vote was cancelled, for the reason given: it has no result."""

    kind: Literal["vote_cancelled"] = "vote_cancelled"
    reason: str = ""


class RollCallDrawn(_VoteEvent, frozen=True):
    """The machine failed: the secretariat drew by lot the member called first; the others are
    called in board order from it."""

    kind: Literal["roll_call_drawn"] = "roll_call_drawn"
    first: MemberCode


class CountdownStarted(_VoteEvent, frozen=True):
    """Voting closes by itself at `ends_at` (announced on the board until then)."""

    kind: Literal["countdown_started"] = "countdown_started"
    ends_at: AwareDatetime


class CountdownStopped(_VoteEvent, frozen=True):
    """The countdown was stopped: voting no longer closes by itself."""

    kind: Literal["countdown_stopped"] = "countdown_stopped"


class CorrectionRecorded(_VoteEvent, frozen=True):
    """A delegation said after the vote that it had intended to vote otherwise."""

    kind: Literal["correction_recorded"] = "correction_recorded"
    member: MemberCode
    intended: Choice | None
    note: str = ""


class RightWithdrawn(_Event, frozen=True):
    """Article 19: the member lost its right to vote (applies to the prepared vote too)."""

    kind: Literal["right_withdrawn"] = "right_withdrawn"
    member: MemberCode
    vote: VoteId | None = None


class RightRestored(_Event, frozen=True):
    """The member has the right to vote again (applies to the prepared vote too)."""

    kind: Literal["right_restored"] = "right_restored"
    member: MemberCode
    vote: VoteId | None = None


Event = Annotated[
    VotePrepared
    | VoteOpened
    | VotePaused
    | VoteResumed
    | BallotCast
    | BallotChanged
    | BallotDeposited
    | VoteClosed
    | VoteLocked
    | RollCallDrawn
    | CountdownStarted
    | CountdownStopped
    | VoteCancelled
    | CorrectionRecorded
    | RightWithdrawn
    | RightRestored,
    Field(discriminator="kind"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)

EVENT_TYPES: dict[str, type[Event]] = {
    cls.model_fields["kind"].default: cls for cls in get_args(get_args(Event)[0])
}
"""Each event class by its `kind`, to parse a stored event whose kind is already known."""
