"""The page in a real browser survives the control desk killed (kill -9) mid-vote and started
again: it says at once that it has lost the desk, over the last board, never looking live;
it reconnects by itself and catches up with the ballots cast meanwhile, without a reload."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from playwright.sync_api import Browser

from tests.net.test_processes import Console, open_vote, program
from voteboard.core.model import Choice


def test_the_page_survives_the_desk_killed_and_started_again(
    tmp_path: Path, browser: Browser
) -> None:
    path = tmp_path / "hall.sqlite"
    keys, _ = open_vote(path)
    args = ("control", "--journal", path, "--listen", "127.0.0.1:0")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    consoles: list[Console] = []
    try:
        with program(*args) as (process, lines):
            port = lines.wait_for(r"listening on ws://127\.0\.0\.1:(\d+)").group(1)
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_function("() => window.voteboard && window.voteboard.connected")
            url = f"ws://127.0.0.1:{port}"
            france = Console(url, "FRA", keys["FRA"])
            consoles.append(france)
            france.client.connected.wait(20)
            france.client.cast(Choice.YES)
            page.wait_for_function(lit("FRA", "yes"))
            assert "lost" not in page.inner_text("body")

            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            page.wait_for_function("() => !window.voteboard.connected")
            # The last board stays, saying since when it is not live.
            text = page.inner_text("body")
            assert "Connection to the control desk lost at" in text
            assert page.evaluate(lit("FRA", "yes"))

            with program(*args[:-1], f"127.0.0.1:{port}") as (_again, lines_again):
                lines_again.wait_for("listening on")
                brazil = Console(url, "BRA", keys["BRA"])
                consoles.append(brazil)
                brazil.client.connected.wait(20)
                brazil.client.cast(Choice.NO)
                page.wait_for_function(lit("BRA", "no"))
                page.wait_for_function("() => window.voteboard.connected")
                assert page.evaluate(lit("FRA", "yes"))
                page.wait_for_function(
                    "() => !document.body.innerText.includes('Connection to the control desk lost')"
                )
    finally:
        for console in consoles:
            console.client.stop()
        page.close()


def lit(code: str, light: str) -> str:
    """A script that says whether the page's last board lights a member so."""
    return (
        "() => { const b = window.voteboard && window.voteboard.lastBoard; return !!b &&"
        f" b.board.members.some(m => m.code === '{code}' && m.light === '{light}'); }}"
    )
