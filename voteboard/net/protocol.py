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
from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter, model_validator

from voteboard.core.board import Board
from voteboard.core.languages import Language
from voteboard.core.model import Choice, Light, Mode, Phase
from voteboard.core.roles import Role

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 4096
"""What a client may send in one message (a hello or a ballot is far smaller)."""


class _Message(BaseModel, frozen=True, extra="forbid"):
    pass


# ---- from a client -------------------------------------------------------------------------


class Hello(_Message, frozen=True):
    """A client's first message: what it is (its role and, for a console, its seat) and its key."""

    type: Literal["hello"] = "hello"
    protocol: int = PROTOCOL_VERSION
    role: Role
    seat: str | None = Field(default=None, description="the member's code, for a console")
    key: str = Field(min_length=16, max_length=200)


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


ClientMessage = Annotated[Hello | Cast, Field(discriminator="type")]
CLIENT_ADAPTER: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)


# ---- from the control process ------------------------------------------------------------------


class Welcome(_Message, frozen=True):
    """The answer to an accepted hello: the role and seat this connection now holds."""

    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    role: Role
    seat: str | None = None


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
    Welcome | BoardUpdate | SeatState | Ack | Refusal | Replaced, Field(discriminator="type")
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
