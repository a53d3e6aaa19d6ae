"""The messages between the control process and its clients, as pydantic models.

Every message is one JSON object with a `type`. A connection's first message is `hello`
(role, seat and key); nothing else is answered before it. Displays receive `board` messages
(the board of DESIGN §7: a secret ballot's members are `voted` or `none`, never a choice);
a web page (`/live`, no hello: the board is public) receives `page` messages (the same board
in its language, with the texts it draws) and `clock` messages (the header's clock);
a console receives `seat` messages (the current vote and its own state: in a secret ballot,
that it has voted, never what) and `ack` once its ballot is durable. Anything refused is
answered with `refused` and a reason, and changes nothing.

`python -m voteboard.net.protocol` prints the JSON Schema (kept in `docs/protocol.schema.json`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    model_serializer,
    model_validator,
)

from voteboard.core.board import Board
from voteboard.core.languages import Language
from voteboard.core.model import Choice, Light, Mode, Phase
from voteboard.core.roles import Role

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 4096
"""What a client may send in one message (a hello or a ballot is far smaller)."""


class _Message(BaseModel, frozen=True, extra="forbid"):
    @model_serializer(mode="wrap")
    def _without_unset_additions(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """The fields added for the two desks are left out where they say nothing (a hello
        without epoch, a refusal of no desk): a message of one desk is as it always was."""
        data: dict[str, Any] = handler(self)
        for name in _ADDITIONS.get(type(self).__name__, ()):
            if data.get(name) in (None, 0):
                data.pop(name, None)
        return data


_ADDITIONS = {
    "Hello": ("epoch", "since", "since_hash", "seal_to", "listen"),
    "Refusal": ("epoch",),
}


# ---- from a client -------------------------------------------------------------------------


class Hello(_Message, frozen=True):
    """A client's first message: what it is (its role and, for a console, its seat) and its key."""

    type: Literal["hello"] = "hello"
    protocol: int = PROTOCOL_VERSION
    role: Role
    seat: str | None = Field(default=None, description="the member's code, for a console")
    key: str = Field(min_length=16, max_length=200)
    epoch: int = Field(default=0, ge=0, description="the newest epoch of the desks it knows")
    since: int | None = Field(
        default=None, ge=0, description="a standby: the last event its journal holds"
    )
    since_hash: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$", description="a standby: that event's hash"
    )
    seal_to: str | None = Field(
        default=None,
        max_length=200,
        description="a standby: its public key (X25519), to which the urns' keys are sealed",
    )
    listen: str | None = Field(
        default=None, max_length=300, description="a standby: where it listens once it takes over"
    )


class Kept(_Message, frozen=True):
    """From the standby desk: its journal holds every event up to `seq`, durably."""

    type: Literal["kept"] = "kept"
    seq: int = Field(ge=0)


CHOICE_WIDTH = max(len(choice.value) for choice in Choice)


class Cast(_Message, frozen=True):
    """A console's ballot for its own seat. `ref` comes back in the `ack` or `refused`.

    `pad` makes every ballot the same length whatever its choice (`yes` and `pad` of four
    characters, `abstain` and none): the size of a message, which encryption does not hide,
    must not tell a secret ballot. A ballot without its padding is refused."""

    type: Literal["cast"] = "cast"
    ref: int = Field(ge=0, le=2**31)
    choice: Choice
    pad: str = Field(default="", pattern=r"^-*$", max_length=CHOICE_WIDTH)

    @model_validator(mode="after")
    def _same_length(self) -> Cast:
        if len(self.choice.value) + len(self.pad) != CHOICE_WIDTH:
            raise ValueError(
                f"the choice and its padding must be {CHOICE_WIDTH} characters together"
            )
        return self

    @classmethod
    def of(cls, ref: int, choice: Choice) -> Cast:
        return cls(ref=ref, choice=choice, pad="-" * (CHOICE_WIDTH - len(choice.value)))


ClientMessage = Annotated[Hello | Cast | Kept, Field(discriminator="type")]
CLIENT_ADAPTER: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)


# ---- from the control process ------------------------------------------------------------------


class Welcome(_Message, frozen=True):
    """The answer to an accepted hello: the role and seat this connection now holds."""

    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    role: Role
    seat: str | None = None
    epoch: int = 1
    """The desk's epoch: 1 for a journal's first desk, one more at each takeover."""


class BoardDetails(_Message, frozen=True):
    """What the hall board draws beyond the shape of DESIGN §7: its times, its arithmetic,
    its notes. A secret ballot's details carry how many have voted, never a choice."""

    arithmetic: str = ""
    voted: int = 0
    opened_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    corrections: tuple[str, ...] = ()
    note: str = ""
    waiting: bool = False
    paused_at: dt.datetime | None = None
    paused_s: float = 0.0
    so_far: str = ""
    quorum: int | None = None
    reveal: tuple[int, int] | None = None


class BoardUpdate(_Message, frozen=True):
    """The whole board, at connection and at every change (a display never has to catch up):
    a remote board draws exactly what the hall's board draws."""

    type: Literal["board"] = "board"
    board: Board
    details: BoardDetails = BoardDetails()

    @classmethod
    def of(cls, board: Board) -> BoardUpdate:
        fields = {name: getattr(board, name) for name in BoardDetails.model_fields}
        return cls(board=board, details=BoardDetails(**fields))

    def hall_board(self) -> Board:
        """The board as the hall's own board holds it."""
        return self.board.model_copy(update=dict(self.details))


class SeatState(_Message, frozen=True):
    """What a console shows: the current vote and its own seat's state."""

    type: Literal["seat"] = "seat"
    seat: str
    name: str
    symbol: str | None
    title: str = ""
    mode: Mode | None = None
    phase: Phase | None = None
    can_vote: bool = False
    own: Light = Light.NONE
    """The seat's own state: in a secret ballot only `voted`, never the choice."""


class Ack(_Message, frozen=True):
    """The ballot `ref` is durable in the journal."""

    type: Literal["ack"] = "ack"
    ref: int


class Refusal(_Message, frozen=True):
    """The answer to anything refused, with the reason: nothing changed. `ref` is the ballot's,
    when a ballot was refused."""

    type: Literal["refused"] = "refused"
    ref: int | None = None
    reason: str
    epoch: int | None = None
    """Set when this desk is not the one acting (a standby, or a desk that another took over
    from): the newest epoch it knows. The client goes to the desk's other address."""


class Origin(_Message, frozen=True):
    """To a standby whose journal is new: what the primary's journal was made with (its id
    and its roster, as stored), so that the copy chains the same events to the same hashes."""

    type: Literal["origin"] = "origin"
    journal_id: str = Field(pattern=r"^[0-9a-f]{1,64}$")
    roster: str


class Rows(_Message, frozen=True):
    """To a standby: the chain's rows after the last it holds, as stored (seq, vote, kind, at,
    body, prev, hash), with the sealed ballots they deposited (token, vote, ciphertext; in
    base64), the copies of urns' keys sealed to the recovery key, and, for each open secret
    ballot, its key sealed to the standby's own key. Never a choice in clear; never a key in
    clear. `head` is the primary's head when sent; `keys` and `agenda` (the working tables,
    outside the chain) come whole when they changed."""

    type: Literal["rows"] = "rows"
    rows: list[tuple[int, str | None, str, str, str, str, str]] = []
    urn: list[tuple[str, str, str]] = []
    recovery: list[tuple[str, str]] = []
    urn_keys: dict[str, str] = {}
    ended: list[str] = []
    """Secret votes the primary has already ended (their urns destroyed there)."""
    head: int = 0
    keys: list[tuple[str, str, str, str, str | None]] | None = None
    agenda: list[str] | None = None


class Replaced(_Message, frozen=True):
    """Another connection took this seat: this one is closed."""

    type: Literal["replaced"] = "replaced"


# ---- to a web page (net/web.py) ----------------------------------------------------------------


class PageHeader(_Message, frozen=True):
    """The header's texts in the page's language, as the hall's board words them
    (`core/wording.header_texts`): the clock is worded by the server, once a second."""

    symbol: str
    title: str
    banner: str
    mode: str
    countdown: bool = False
    """The banner is a countdown: drawn larger, as on the hall's board."""


class PageView(_Message, frozen=True):
    """What a page needs beside the board to draw it as the hall's board: the language, the
    header's and footer's texts worded by `core/wording.py`, the lights' letters, and whether
    the server still hears the desk. Nothing in it that the board does not say."""

    language: Language
    right_to_left: bool
    header: PageHeader
    footer: tuple[str, str]
    final: bool = False
    """The result is locked: its line in the accent colour."""
    letters: dict[Light, str]
    spoken: dict[Light, str] = {}
    """Each light in words, in the language (what a screen reader says of a member)."""
    live: bool = True
    """Whether the server that sends the page still hears the control desk."""
    notice: str = ""
    """When not live: since when it lost the desk, in the language."""
    lost: str = ""
    """The words a page shows when it loses its own server ({time} put in by the page)."""


class PageUpdate(_Message, frozen=True):
    """The board for a web page (`/live?lang=L`): the board and its details exactly as a
    remote board gets them (`BoardUpdate`), its members' names and its prose in the page's
    language, and the view. A relay follows another relay by this message in English."""

    type: Literal["page"] = "page"
    board: Board
    details: BoardDetails = BoardDetails()
    view: PageView

    def board_update(self) -> BoardUpdate:
        return BoardUpdate(board=self.board, details=self.details)


class PageClock(_Message, frozen=True):
    """The header again, when only its clock moved (sent once a second while a vote's clock
    runs, instead of the whole board)."""

    type: Literal["clock"] = "clock"
    header: PageHeader


PageMessage = Annotated[PageUpdate | PageClock, Field(discriminator="type")]
PAGE_ADAPTER: TypeAdapter[PageMessage] = TypeAdapter(PageMessage)


ServerMessage = Annotated[
    Welcome | BoardUpdate | SeatState | Ack | Refusal | Replaced | Origin | Rows,
    Field(discriminator="type"),
]
SERVER_ADAPTER: TypeAdapter[ServerMessage] = TypeAdapter(ServerMessage)


def schema() -> dict[str, object]:
    """The JSON Schema of both directions, for other systems (a web page, a broadcaster)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"voteboard protocol {PROTOCOL_VERSION}",
        "description": __doc__.strip().split("\n\n")[0] if __doc__ else "",
        "$defs": {
            "client": CLIENT_ADAPTER.json_schema(),
            "server": SERVER_ADAPTER.json_schema(),
            "page": PAGE_ADAPTER.json_schema(),
        },
    }


if __name__ == "__main__":
    print(json.dumps(schema(), indent=1, ensure_ascii=False))
