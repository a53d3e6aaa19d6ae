"""The board's web page (assets/web: board.html, overlay.html, board.js, board.css) in a real
browser, fed through a real relay (`voteboard web --journal`) from journals written by the
command line: every member's light in the pixels, as the journal's board has it, at 1920x1080
and 1280x720; no horizontal scroll from a phone to 4K; a secret ballot that shows no choice
in its pixels nor in anything the browser received, open and closed; the Arabic board
mirrored, the French and Chinese names; the overlay's lower third on a transparent ground;
the page that says it is not live when it is not, and comes back by itself.

The pixels are read back by the browser itself (the screenshot decoded in a canvas of a blank
page): no imaging library needed. Set VOTEBOARD_WEBSHOTS=DIR to keep the screenshots."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, WebSocket

from voteboard.cli import main
from voteboard.core import palette
from voteboard.core.commands import CastBallot, CloseVote, LockVote, OpenVote, PrepareVote
from voteboard.core.model import Choice, Light, Refused, VoteSpec
from voteboard.core.session import Session
from voteboard.journal.archive import open_journal

CHOICES = {Light.YES.value, Light.NO.value, Light.ABSTAIN.value}
FILL = {light.value: palette.LIGHT_FILL[light] for light in Light}
SHOTS = os.environ.get("VOTEBOARD_WEBSHOTS")
BOARD_DRAWN = "() => !!window.voteboard && window.voteboard.boardsReceived > 0"

Rgba = tuple[int, int, int, int]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


# ---- the programs: the command line's vote, the relay that serves it ---------------------------


def cli(*args: str | Path) -> tuple[str, str]:
    """The command line's own handlers, in this process (`main([...])`, as a user's command
    would run them, without a second start of Python): what it printed on stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(arg) for arg in args])
    assert status == 0, err.getvalue()
    return out.getvalue(), err.getvalue()


def simulate(journal: Path, *args: str) -> str:
    """A vote by `voteboard simulate --seed 7`; its id."""
    _, said = cli("simulate", "--journal", journal, "--seed", "7", *args)
    found = re.search(r"vote (\S+) open", said)
    assert found, said
    return found.group(1)


def board_json(journal: Path, vote: str, language: str = "en") -> dict[str, Any]:
    """`voteboard board VOTE --json --language L`."""
    out, _ = cli("board", vote, "--journal", journal, "--json", "--language", language)
    board: dict[str, Any] = json.loads(out)
    return board


@dataclass
class Served:
    """`voteboard web --journal J` on a port of its own choosing, read from what it says."""

    journal: Path
    url: str = ""
    process: subprocess.Popen[str] | None = None
    said: list[str] = field(default_factory=list)
    reader: threading.Thread = field(default_factory=threading.Thread)

    def start(self, listen: str = "127.0.0.1:0") -> None:
        args = ("web", "--journal", str(self.journal), "--listen", listen)
        process = subprocess.Popen(
            [sys.executable, "-m", "voteboard", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.process = process
        assert process.stderr is not None
        for line in process.stderr:
            self.said.append(line)
            found = re.search(r"serving (https?://\S+?)/ ", line)
            if found:
                self.url = found.group(1)
                break
        else:
            raise AssertionError(f"voteboard web said no address: {self.said}")
        # The rest of what it says is read (and kept), so that it never blocks on a full pipe.
        self.reader = threading.Thread(target=self.said.extend, args=(process.stderr,))
        self.reader.start()

    def stop(self) -> None:
        process = self.process
        if process is None:
            return
        self.process = None
        if process.poll() is None:
            process.terminate()
        process.wait(10)
        self.reader.join(10)
        assert process.stderr is not None
        process.stderr.close()

    @property
    def port(self) -> str:
        return self.url.rsplit(":", 1)[1]


@dataclass(frozen=True)
class Recorded:
    relay: Served
    vote: str
    boards: dict[str, dict[str, Any]]
    """The journal's board by `voteboard board VOTE --json`, per language."""


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorded]:
    """A recorded vote, locked, served by a relay."""
    journal = tmp_path_factory.mktemp("recorded") / "hall.sqlite"
    vote = simulate(journal, "--lock")
    relay = Served(journal)
    relay.start()
    try:
        languages = ("en", "fr", "zh", "ar")
        yield Recorded(relay, vote, {each: board_json(journal, vote, each) for each in languages})
    finally:
        relay.stop()


# ---- the pixels, read back by the browser ----------------------------------------------------


class Pixels:
    """A screenshot decoded in a canvas of a blank page of the same browser."""

    def __init__(self, browser: Browser) -> None:
        self.page = browser.new_page()

    def load(self, png: bytes, name: str = "") -> None:
        if SHOTS and name:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            (Path(SHOTS) / f"{name}.png").write_bytes(png)
        self.page.evaluate(
            """async (data) => {
                const image = new Image();
                image.src = "data:image/png;base64," + data;
                await image.decode();
                const canvas = document.createElement("canvas");
                canvas.width = image.width;
                canvas.height = image.height;
                const g = canvas.getContext("2d", { willReadFrequently: true });
                g.drawImage(image, 0, 0);
                window.shot = g.getImageData(0, 0, image.width, image.height);
            }""",
            base64.b64encode(png).decode(),
        )

    def at(self, points: Sequence[tuple[float, float]]) -> list[Rgba]:
        found: list[list[int]] = self.page.evaluate(
            """(points) => points.map(([x, y]) => {
                const i = (Math.floor(y) * shot.width + Math.floor(x)) * 4;
                return Array.from(shot.data.slice(i, i + 4));
            })""",
            [list(p) for p in points],
        )
        return [(p[0], p[1], p[2], p[3]) for p in found]

    def near(self, colours: Sequence[str], distance: int, top: int = 0, bottom: int = 0) -> int:
        """How many pixels (in rows top..bottom, all if not told) are within `distance` of
        one of the colours in every channel."""
        return int(
            self.page.evaluate(
                """([colours, distance, top, bottom]) => {
                    const d = shot.data, w = shot.width, end = (bottom || shot.height) * w * 4;
                    let count = 0;
                    for (let i = top * w * 4; i < end; i += 4) {
                        for (const [r, g, b] of colours) {
                            if (Math.abs(d[i] - r) <= distance && Math.abs(d[i + 1] - g) <= distance
                                && Math.abs(d[i + 2] - b) <= distance) { count++; break; }
                        }
                    }
                    return count;
                }""",
                [[list(rgb(c)) for c in colours], distance, top, bottom],
            )
        )

    def opaque(self, top: int, bottom: int) -> int:
        """How many pixels of rows top..bottom are not fully transparent."""
        return int(
            self.page.evaluate(
                """([top, bottom]) => {
                    const d = shot.data, w = shot.width;
                    let count = 0;
                    for (let i = top * w * 4 + 3; i < bottom * w * 4; i += 4) if (d[i]) count++;
                    return count;
                }""",
                [top, bottom],
            )
        )


@pytest.fixture(scope="module")
def pixels(browser: Browser) -> Iterator[Pixels]:
    reader = Pixels(browser)
    yield reader
    reader.page.close()


# ---- the page ------------------------------------------------------------------------------


def open_page(browser: Browser, url: str, width: int, height: int, *, scale: float = 1) -> Page:
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_function(BOARD_DRAWN)
    assert not errors, errors
    return page


def resize(page: Page, width: int, height: int) -> None:
    """The window resized, and the board laid out again for it."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(
        "(size) => window.voteboard.layout && window.voteboard.layout.viewport === size",
        arg=f"{width}x{height}",
    )


@pytest.fixture(scope="module")
def english(recorded: Recorded, browser: Browser) -> Iterator[Page]:
    """The recorded vote's page in English, one for the tests that resize it as they need."""
    page = open_page(browser, recorded.relay.url + "/", 1920, 1080)
    yield page
    page.close()


def cells(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate("() => window.voteboard.cells()")
    return found


def sample_point(cell: dict[str, Any]) -> tuple[float, float]:
    """A point of a light's fill clear of its letter, its outline and an ineligible's stroke:
    a fifth of the way across, halfway down."""
    return cell["x"] + cell["w"] * 0.22, cell["y"] + cell["h"] * 0.5


def close_to(found: Rgba, hex_colour: str, tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found[:3], rgb(hex_colour), strict=True))


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["w"] - 0.5
        and b["x"] < a["x"] + a["w"] - 0.5
        and a["y"] < b["y"] + b["h"] - 0.5
        and b["y"] < a["y"] + a["h"] - 0.5
    )


def area(cell: dict[str, Any]) -> dict[str, float]:
    name = cell["name"]
    left = min(cell["x"], name["x"])
    right = max(cell["x"] + cell["w"], name["x"] + name["w"])
    return {"x": left, "y": name["y"], "w": right - left, "h": name["h"]}


def check_geometry(found: list[dict[str, Any]], width: int, *, rtl: bool = False) -> None:
    """Every name inside its cell and whole, each light beside its name, inside the window;
    no two cells overlapping."""
    for cell in found:
        name = cell["name"]
        assert cell["textWidth"] <= name["w"] + 1, cell
        assert min(cell["x"], name["x"]) >= 0
        assert max(cell["x"] + cell["w"], name["x"] + name["w"]) <= width + 0.5
        if rtl:
            assert cell["x"] >= name["x"] + name["w"] - 0.5, cell
        else:
            assert cell["x"] + cell["w"] <= name["x"] + 0.5, cell
        assert name["y"] <= cell["y"]
        assert cell["y"] + cell["h"] <= name["y"] + name["h"] + 0.5
    areas = sorted((area(cell) for cell in found), key=lambda a: a["x"])
    for i, a in enumerate(areas):
        for b in areas[i + 1 :]:
            if b["x"] >= a["x"] + a["w"]:
                break
            assert not overlaps(a, b), (a, b)


def words(text: str) -> str:
    """A text's words separated by single spaces (the page's bands keep the board's spacing)."""
    return " ".join(text.split())


def totals_words(board: dict[str, Any]) -> list[str]:
    totals = board["totals"]
    return [
        f"YES {totals['yes']}",
        f"NO {totals['no']}",
        f"ABSTENTIONS {totals['abstain']}",
        f"NON-VOTING {totals['non_voting']}",
    ]


# ---- a recorded vote ---------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_every_light_is_the_journals(
    recorded: Recorded, english: Page, pixels: Pixels, width: int, height: int
) -> None:
    board = recorded.boards["en"]
    page = english
    resize(page, width, height)
    found = cells(page)
    assert [(c["code"], c["light"]) for c in found] == [
        (m["code"], m["light"]) for m in board["members"]
    ]
    pixels.load(page.screenshot(), f"en-{width}x{height}")
    colours = pixels.at([sample_point(cell) for cell in found])
    wrong = [
        (cell["code"], cell["light"], colour)
        for cell, colour in zip(found, colours, strict=True)
        if not close_to(colour, FILL[cell["light"]])
    ]
    assert not wrong
    footer = words(page.inner_text("#footer"))
    for shown in totals_words(board):
        assert shown in footer
    assert board["outcome"]["result"].upper() in footer
    assert board["vote"]["symbol"] in page.inner_text("#header")
    check_geometry(found, width)
    state = page.evaluate(
        """() => { const v = window.voteboard;
            try { v.connected = false; v.boardsReceived = -1; } catch (e) {}
            return [v.connected, v.live, v.boardsReceived > 0, v.lastBoard.type]; }"""
    )
    assert state == [True, True, True, "page"]  # read only
    assert page.evaluate("() => document.documentElement.dir") == "ltr"


@pytest.mark.parametrize(
    ("width", "height", "scrolls"),
    [(390, 844, True), (1280, 720, False), (1920, 1080, False), (3840, 2160, False)],
)
def test_no_horizontal_scroll(
    recorded: Recorded, english: Page, width: int, height: int, scrolls: bool
) -> None:
    page = english
    resize(page, width, height)
    scroll = page.evaluate(
        """() => { const s = document.scrollingElement;
            return [s.scrollWidth, innerWidth, s.scrollHeight, innerHeight]; }"""
    )
    assert scroll[0] <= scroll[1], scroll
    assert (scroll[2] > scroll[3]) is scrolls, scroll
    layout = page.evaluate("() => window.voteboard.layout")
    # The board's names are legible: as large as the hall's board's at that size, or a
    # phone's legible size when the whole board cannot fit.
    assert layout["fontPx"] >= (13 if scrolls else 11), layout
    found = cells(page)
    assert len(found) == len(recorded.boards["en"]["members"])
    check_geometry(found, scroll[1])
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"en-{width}x{height}-top.png"))


# ---- languages ---------------------------------------------------------------------------------


def test_the_arabic_board_is_mirrored(recorded: Recorded, browser: Browser, pixels: Pixels) -> None:
    board = recorded.boards["ar"]
    page = open_page(browser, recorded.relay.url + "/?lang=ar", 1920, 1080)
    try:
        assert page.evaluate(
            "() => [document.documentElement.dir, document.documentElement.lang]"
        ) == ["rtl", "ar"]
        found = cells(page)
        assert [c["text"] for c in found] == [m["name"] for m in board["members"]]
        first = found[0]
        assert first["code"] == "AFG"
        assert first["y"] <= min(c["y"] for c in found) + 0.5
        assert first["x"] + first["w"] >= max(c["x"] + c["w"] for c in found) - 0.5
        assert first["x"] + first["w"] > 1920 * 0.95
        check_geometry(found, 1920, rtl=True)  # each light on its name's right
        # The header mirrored: the symbol on the right, the phase on the left.
        symbol = page.locator("#header .line.bold:not(.accent)").bounding_box()
        banner = page.locator("#header .line.accent").bounding_box()
        assert symbol is not None
        assert banner is not None
        assert page.evaluate(
            """() => { const [s, b] = [...document.querySelectorAll('#header .line')]
                .filter(e => e.classList.contains('bold'));
                return [getComputedStyle(s).textAlign, getComputedStyle(b).textAlign]; }"""
        ) == ["right", "left"]
        assert banner["x"] < symbol["x"]
        pixels.load(page.screenshot(), "ar-1920x1080")
        colours = pixels.at(
            [(c["x"] + c["w"] * 0.78, c["y"] + c["h"] * 0.5) for c in found]  # mirrored too
        )
        assert all(
            close_to(colour, FILL[cell["light"]])
            for cell, colour in zip(found, colours, strict=True)
        )
    finally:
        page.close()


@pytest.mark.parametrize(("language", "width", "height"), [("zh", 1280, 720), ("fr", 1920, 1080)])
def test_translated_names(
    recorded: Recorded, browser: Browser, pixels: Pixels, language: str, width: int, height: int
) -> None:
    board = recorded.boards[language]
    assert board["members"] != recorded.boards["en"]["members"]
    page = open_page(browser, f"{recorded.relay.url}/?lang={language}", width, height)
    try:
        found = cells(page)
        assert [c["text"] for c in found] == [m["name"] for m in board["members"]]
        text = page.inner_text("body")
        assert all(m["name"] in text for m in board["members"])
        assert page.evaluate("() => window.voteboard.lastBoard.view.language") == language
        check_geometry(found, width)
        pixels.load(page.screenshot(), f"{language}-{width}x{height}")
    finally:
        page.close()


# ---- the overlay -----------------------------------------------------------------------------


def test_the_overlay_is_a_lower_third_on_a_transparent_ground(
    recorded: Recorded, browser: Browser, pixels: Pixels
) -> None:
    board = recorded.boards["en"]
    page = open_page(browser, recorded.relay.url + "/overlay", 1920, 1080)
    try:
        assert page.evaluate(
            """() => [getComputedStyle(document.documentElement).backgroundColor,
                getComputedStyle(document.body).backgroundColor]"""
        ) == ["rgba(0, 0, 0, 0)", "rgba(0, 0, 0, 0)"]
        pixels.load(page.screenshot(omit_background=True), "overlay-1920x1080")
        assert pixels.opaque(0, 720) == 0  # nothing above the lower third
        assert pixels.opaque(720, 1080) > 1920 * 100  # the lower third is there
        view = page.evaluate("() => window.voteboard.lastBoard.view")
        for selector, text in ((".totals", view["footer"][0]), (".outcome", view["footer"][1])):
            box = page.locator(selector).bounding_box()
            assert box is not None
            assert box["y"] >= 720
            assert box["y"] + box["height"] <= 1080
            assert page.inner_text(selector) == text
        shown = words(page.inner_text("body"))
        for part in [*totals_words(board), board["vote"]["symbol"], "FINAL RESULT", "ADOPTED"]:
            assert part in shown
        assert page.evaluate("() => window.voteboard.cells()") == []
    finally:
        page.close()


# ---- a secret ballot ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A secret ballot left open (every member with the right to vote has voted), served by a
    relay."""
    journal = tmp_path_factory.mktemp("secret") / "hall.sqlite"
    simulate(journal, "--mode", "secret")
    relay = Served(journal)
    relay.start()
    try:
        yield relay
    finally:
        relay.stop()


CHOICE_IN_TEXT = re.compile(r'"light"\s*:\s*"(yes|no|abstain)"')


@dataclass
class Received:
    """Everything a browser page received: its WebSocket frames and its HTTP bodies."""

    frames: list[str] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)

    def listen(self, page: Page) -> None:
        def socket(ws: WebSocket) -> None:
            ws.on("framereceived", lambda payload: self.frames.append(str(payload)))

        page.on("websocket", socket)
        page.on("response", lambda response: self.bodies.append(response.body()))

    def check(self) -> None:
        """No member with a choice in any frame; no running total while the ballot is open."""
        assert self.frames
        assert self.bodies
        for frame in self.frames:
            assert not CHOICE_IN_TEXT.search(frame), frame[:200]
            message = json.loads(frame)
            if message["type"] != "page":
                assert set(message) == {"type", "header"}, message
                continue
            board = message["board"]
            assert board["vote"]["mode"] == "secret"
            assert not {m["light"] for m in board["members"]} & CHOICES
            if board["phase"] == "open":
                totals = board["totals"]
                assert (totals["yes"], totals["no"], totals["abstain"]) == (None, None, None)
                assert board["outcome"] is None
        for body in self.bodies:
            assert not CHOICE_IN_TEXT.search(body.decode("utf-8", "replace"))


def check_no_choice_shown(page: Page, pixels: Pixels, name: str) -> None:
    pixels.load(page.screenshot(), name)
    lights = [FILL[light] for light in CHOICES]
    assert pixels.near(lights, 40) == 0  # not one green, red or amber pixel
    found = cells(page)
    assert {c["light"] for c in found} <= {"voted", "none", "ineligible"}
    for cell, colour in zip(found, pixels.at([sample_point(c) for c in found]), strict=True):
        assert close_to(colour, FILL[cell["light"]]), (cell, colour)
    labels = page.evaluate(
        "() => [...document.querySelectorAll('.cell')].map(e => e.getAttribute('aria-label'))"
    )
    # What a screen reader says: who has voted, never how.
    assert all(label.endswith((": voted", ": not voted", ": without a vote")) for label in labels)


def test_a_secret_ballot_shows_no_choice_open_or_closed(
    secret: Served, browser: Browser, pixels: Pixels
) -> None:
    received = Received()
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    overlay = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        for each, path in ((page, "/"), (overlay, "/overlay")):
            received.listen(each)
            each.goto(secret.url + path)
            each.wait_for_function(BOARD_DRAWN)
        view = page.evaluate("() => window.voteboard.lastBoard")
        assert view["board"]["phase"] == "open"
        check_no_choice_shown(page, pixels, "secret-open-1920x1080")
        voted = view["details"]["voted"]
        assert words(page.inner_text("#footer")) == f"VOTED {voted} OF 193"
        assert words(overlay.inner_text("body")).count(f"VOTED {voted} OF 193") == 1
        assert "YES" not in overlay.inner_text("body")
        pixels.load(overlay.screenshot(omit_background=True), "overlay-secret-open-1920x1080")
        assert pixels.opaque(0, 720) == 0
        assert pixels.near([FILL[light] for light in CHOICES], 40) == 0

        # The clock moves the header alone: no board is sent for it.
        before = page.evaluate(
            "() => [document.querySelector('#header').innerText, window.voteboard.boardsReceived]"
        )
        page.wait_for_function(
            "(text) => document.querySelector('#header').innerText !== text", arg=before[0]
        )
        assert page.evaluate("() => window.voteboard.boardsReceived") == before[1]

        with open_journal(secret.journal) as journal:
            session = Session(journal, journal.state())
            session.execute(CloseVote(at=session.clock()))
        for each in (page, overlay):
            each.wait_for_function("() => window.voteboard.lastBoard.board.phase === 'closed'")
        closed = page.evaluate("() => window.voteboard.lastBoard")
        totals = closed["board"]["totals"]
        assert None not in (totals["yes"], totals["no"], totals["abstain"])
        check_no_choice_shown(page, pixels, "secret-closed-1920x1080")
        footer = words(page.inner_text("#footer"))
        assert f"YES {totals['yes']}" in footer
        assert "(PROVISIONAL)" in footer
        assert "(PROVISIONAL)" in overlay.inner_text("body")
        received.check()
    finally:
        page.close()
        overlay.close()


def test_a_ballot_redraws_its_own_cell(secret: Served, browser: Browser, pixels: Pixels) -> None:
    """A new recorded vote on the same journal, then one ballot: the page draws the light in
    the cell it had (the board is not laid out again for a light)."""
    page = open_page(browser, secret.url + "/", 1920, 1080)
    try:
        with open_journal(secret.journal) as journal:
            session = Session(journal, journal.state())
            for command in (CloseVote, LockVote):  # whatever the test before left
                with contextlib.suppress(Refused):
                    session.execute(command(at=session.clock()))
            spec = VoteSpec(symbol="A/80/L.1", title="A test of the page")
            session.execute(PrepareVote(at=session.clock(), vote="v-page", spec=spec))
            session.execute(OpenVote(at=session.clock()))
            page.wait_for_function(
                """() => { const b = window.voteboard.lastBoard.board;
                    return b.phase === 'open' && b.vote.mode === 'recorded'; }"""
            )
            page.evaluate("() => { window.drawn = [...document.querySelectorAll('.cell')]; }")
            session.execute(CastBallot(at=session.clock(), member="FRA", choice=Choice.YES))
            page.wait_for_function(
                "() => document.querySelector('.cell[data-code=\"FRA\"]').dataset.light === 'yes'"
            )
        assert page.evaluate(
            """() => { const now = [...document.querySelectorAll('.cell')];
                return now.length === drawn.length && now.every((e, i) => e === drawn[i]); }"""
        )
        assert page.locator('.cell[data-code="FRA"]').get_attribute("aria-label") == "France: yes"
        # A screen reader says the light in the page's language.
        french = open_page(browser, secret.url + "/?lang=fr", 1280, 800)
        try:
            french.wait_for_function(
                "() => document.querySelector('.cell[data-code=\"FRA\"]').dataset.light === 'yes'"
            )
            said = french.locator('.cell[data-code="FRA"]').get_attribute("aria-label")
            assert said == "France: pour"
            assert french.locator('.cell[data-code="BRA"]').get_attribute("aria-label") == (
                "Brésil: n\u2019a pas voté"
            )
        finally:
            french.close()
        found = cells(page)
        pixels.load(page.screenshot(), "recorded-open-1920x1080")
        for cell, colour in zip(found, pixels.at([sample_point(c) for c in found]), strict=True):
            assert cell["light"] == ("yes" if cell["code"] == "FRA" else "none")
            assert close_to(colour, FILL[cell["light"]]), (cell, colour)
        assert "YES 1" in words(page.inner_text("#footer"))
    finally:
        page.close()


# ---- not live ----------------------------------------------------------------------------------


def test_the_page_says_when_it_is_not_live_and_comes_back(secret: Served, browser: Browser) -> None:
    """The relay stopped: the last board stays, dimmed, under the notice of since when; the
    relay started again on the same port: the page is live again by itself."""
    page = open_page(browser, secret.url + "/", 1280, 720)
    overlay = open_page(browser, secret.url + "/overlay", 1920, 1080)
    try:
        assert page.evaluate("() => window.voteboard.live")
        assert not page.locator("#notice").is_visible()
        shown = len(cells(page))
        port = secret.port
        secret.stop()
        for each in (page, overlay):
            each.wait_for_function("() => !window.voteboard.connected && !window.voteboard.live")
        notice = page.inner_text("#notice")
        found = re.fullmatch(
            r"Connection to the control desk lost at (\d\d):(\d\d):(\d\d): reconnecting", notice
        )
        assert found, notice
        now = dt.datetime.now()
        at = now.replace(hour=int(found[1]), minute=int(found[2]), second=int(found[3]))
        assert abs((now - at).total_seconds()) < 30 or abs((now - at).total_seconds()) > 86_370
        assert page.locator("#notice").is_visible()
        assert page.evaluate("() => document.querySelector('#board').classList.contains('stale')")
        assert len(cells(page)) == shown  # the last board, kept
        assert "Connection to the control desk lost at" in overlay.inner_text("#third")
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "lost-1280x720.png"))
            overlay.screenshot(
                path=str(Path(SHOTS) / "overlay-lost-1920x1080.png"), omit_background=True
            )

        secret.start(f"127.0.0.1:{port}")
        for each in (page, overlay):
            each.wait_for_function("() => window.voteboard.live")
        assert not page.locator("#notice").is_visible()
        assert "lost" not in page.inner_text("body")
        assert not page.evaluate(
            "() => document.querySelector('#board').classList.contains('stale')"
        )
    finally:
        page.close()
        overlay.close()
