"""The line between the two desks: cut and restored under a secret ballot (the standby catches
up without a gap or a duplicate), and what crosses it (never a choice, never a key in clear);
the standby's copy refuses rows that do not continue its chain."""

from __future__ import annotations

import asyncio
import base64
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from benchmarks.fleet import Fleet
from voteboard.core.commands import CastBallot, CloseVote, OpenVote, PrepareVote
from voteboard.core.model import Choice, Mode, Phase, VoteSpec
from voteboard.core.roles import Role
from voteboard.core.session import Session
from voteboard.journal import replica, seal
from voteboard.journal.archive import open_journal
from voteboard.journal.replica import ReplicaError
from voteboard.journal.store import Journal, event_hash
from voteboard.net.loop import LoopThread
from voteboard.net.protocol import Hello
from voteboard.net.standby import Follower, FollowState, FollowStatus, StandbyState
from voteboard.ui.controller import Controller
from voteboard.ui.network import HallLink


class Line(LoopThread):
    """A TCP line between the standby and the primary that can be cut and restored, and that
    keeps every byte the primary sent."""

    def __init__(self, port: int) -> None:
        super().__init__("line")
        self.target = port
        self.port = 0
        self.down = False
        self.carried = bytearray()
        self._writers: list[asyncio.StreamWriter] = []
        self._ready = threading.Event()
        self._thread.start()
        self._ready.wait(10)

    async def _main(self) -> None:
        server = await asyncio.start_server(self._join, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._stop = asyncio.Event()
        self._ready.set()
        async with server:
            await self._stop.wait()

    async def _join(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.down:
            writer.close()
            return
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        self._writers += [writer, up_writer]

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, keep: bool) -> None:
            try:
                while data := await src.read(65536):
                    if keep:
                        self.carried += data
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pump(reader, up_writer, False), pump(up_reader, writer, True))

    def cut(self) -> None:
        def close() -> None:
            self.down = True
            for writer in self._writers:
                writer.transport.abort()
            self._writers.clear()

        self._loop.call_soon_threadsafe(close)

    def restore(self) -> None:
        self._loop.call_soon_threadsafe(setattr, self, "down", False)

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)


def rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT seq, kind, vote, body, prev, hash FROM events ORDER BY seq"
        ).fetchall()


def urn(path: Path) -> set[bytes]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return {bytes(t) for (t,) in db.execute("SELECT token FROM urn")}


@pytest.fixture
def desks(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[Controller, HallLink, dict[str, str]]]:
    journal = open_journal(tmp_path / "primary.sqlite")
    holders = [(m.code, Role.CONSOLE) for m in journal.roster] + [("standby", Role.STANDBY)]
    keys = journal.issue_keys(holders, at="2026-12-02")
    controller = Controller(journal)
    link = HallLink(controller)
    link.start()
    try:
        yield controller, link, keys
    finally:
        link.stop()
        controller.shutdown()


def test_a_cut_line_between_the_desks_is_caught_up_without_a_gap_or_a_duplicate(
    qtbot: QtBot, tmp_path: Path, desks: tuple[Controller, HallLink, dict[str, str]]
) -> None:
    controller, link, keys = desks
    line = Line(link.server.port)
    statuses: list[FollowStatus] = []
    standby_path = tmp_path / "standby.sqlite"
    follower = Follower(
        f"ws://127.0.0.1:{line.port}",
        Hello(role=Role.STANDBY, key=keys.pop("standby")),
        standby_path,
        on_events=lambda _j, _e: None,
        on_status=statuses.append,
    )
    follower.start()
    fleet = Fleet(link.url, keys)
    try:
        controller.prepare(VoteSpec(symbol="A/80/L.30", title="Cut line", mode=Mode.SECRET))
        qtbot.waitUntil(lambda: not controller.busy)
        controller.phase("open")
        qtbot.waitUntil(lambda: not controller.busy)
        qtbot.waitUntil(lambda: link.standby.state is StandbyState.FOLLOWING, timeout=10000)
        vote = controller.state.current_vote
        assert vote is not None
        assert vote.phase is Phase.OPEN
        fleet.start()
        codes = list(keys)
        choices = {c: list(Choice)[i % 3] for i, c in enumerate(codes)}
        first = fleet.vote({c: choices[c] for c in codes[:60]}, 0.3)
        qtbot.waitUntil(first.done, timeout=20000)
        assert {a["type"] for a in first.result().values()} == {"ack"}
        line.cut()
        qtbot.waitUntil(lambda: link.standby.state is StandbyState.LOST, timeout=10000)
        # Cut off, the primary goes on alone: its consoles are acknowledged without waiting.
        second = fleet.vote({c: choices[c] for c in codes[60:150]}, 0.3)
        qtbot.waitUntil(second.done, timeout=20000)
        assert {a["type"] for a in second.result().values()} == {"ack"}
        assert statuses[-1].state is FollowState.LOST
        line.restore()
        qtbot.waitUntil(lambda: link.standby.state is StandbyState.FOLLOWING, timeout=20000)
        third = fleet.vote({c: choices[c] for c in codes[150:]}, 0.3)
        qtbot.waitUntil(third.done, timeout=20000)
        head = controller._journal.head[0]
        qtbot.waitUntil(lambda: statuses[-1].seq == head, timeout=10000)
        # Row for row the same chain: no row missing, none twice, every hash the same.
        assert rows(standby_path) == rows(controller.journal_path)
        assert urn(standby_path) == urn(controller.journal_path)
        assert len(urn(standby_path)) == len(codes)
        assert vote.id in follower.keys_held
        # The urn's key crossed the line sealed to the standby's key only: neither the key nor
        # its base64 is in anything the primary sent; no choice word is either.
        key = seal.vote_key_path(controller._journal.journal_id, vote.id).read_bytes()
        carried = bytes(line.carried)
        assert len(carried) > 10_000
        assert key not in carried
        assert base64.b64encode(key) not in carried
        for word in (b'"yes"', b'"no"', b'"abstain"'):
            assert word not in carried
    finally:
        fleet.stop()
        journal = follower.stop()
        if journal is not None:
            journal.close()
        line.stop()
    with Journal.open(standby_path, readonly=True, create=False) as copy:
        assert copy.verify().intact


def secret_vote(journal: Journal, voters: list[str]) -> Session:
    """A secret ballot prepared, opened and voted by `voters`, on the journal itself."""
    session = Session(journal, journal.state())
    spec = VoteSpec(symbol="A/80/L.31", title="A secret ballot", mode=Mode.SECRET)
    session.execute(PrepareVote(at=session.clock(), vote="v1", spec=spec))
    session.execute(OpenVote(at=session.clock()))
    for code in voters:
        session.execute(CastBallot(at=session.clock(), member=code, choice=Choice.YES))
    return session


def test_rows_that_do_not_continue_the_chain_are_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    with open_journal(tmp_path / "primary.sqlite") as primary:
        session = secret_vote(primary, ["FRA", "BRA", "KEN"])
        batch = replica.read_after(primary, 0)
        session.execute(CloseVote(at=session.clock()))
        closed = replica.read_after(primary, batch.last)
        copy = Journal.create_copy(
            tmp_path / "standby.sqlite", primary.journal_id, primary.roster_text()
        )
    with copy:
        forged = [
            replica.Batch(
                [
                    *batch.rows[:2],
                    (
                        *batch.rows[2][:4],
                        batch.rows[2][4].replace("A/80", "A/81"),
                        *batch.rows[2][5:],
                    ),
                ],
                batch.urn,
                batch.recovery,
            ),
            replica.Batch(batch.rows[1:], batch.urn, batch.recovery),  # a gap at the start
            replica.Batch(batch.rows, batch.urn[:-1], batch.recovery),  # a sealed ballot held back
            replica.Batch(
                batch.rows, [*batch.urn, (b"x" * 16, "v1", batch.urn[0][2])], batch.recovery
            ),
        ]
        for bad in forged:
            with pytest.raises(ReplicaError):
                replica.apply(copy, bad)
            assert copy.head[0] == 0
            assert rows(copy.path) == []
        replica.apply(copy, batch)
        # The close's checkpoint re-signed by someone else, the chain's hashes made again after
        # it (anyone can recompute an unkeyed chain): the signature gives it away.
        at = next(i for i, row in enumerate(closed.rows) if row[2] == "checkpoint")
        body = json.loads(closed.rows[at][4])
        body["signature"] = base64.b64encode(b"\0" * 64).decode()
        rewritten = list(closed.rows[:at])
        prev = closed.rows[at][5]
        for seq, vote, kind, when, text, _, _ in closed.rows[at:]:
            text = json.dumps(body) if kind == "checkpoint" else text
            digest = event_hash(prev, kind, vote, text)
            rewritten.append((seq, vote, kind, when, text, prev, digest))
            prev = digest
        with pytest.raises(ReplicaError, match="signature"):
            replica.apply(copy, replica.Batch(rewritten, closed.urn, closed.recovery, closed.ended))
        assert copy.head[0] == batch.last
        replica.apply(copy, closed)
        assert rows(copy.path) == rows(tmp_path / "primary.sqlite")
        assert copy.verify().intact
        assert urn(copy.path) == set()  # destroyed with the close, as on the primary


def test_a_standby_never_given_the_urns_key_says_the_vote_must_be_taken_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_journal(tmp_path / "primary.sqlite") as primary:
        secret_vote(primary, ["FRA"])
        batch = replica.read_after(primary, 0)
        copy = Journal.create_copy(
            tmp_path / "standby.sqlite", primary.journal_id, primary.roster_text()
        )
    # The standby's own runtime folder, where no key was ever put.
    folder = tmp_path / "standby-runtime"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("VOTEBOARD_RUNTIME_DIR", str(folder))
    with copy:
        replica.apply(copy, batch)
        assert copy.begin_epoch("ws://standby:8765", "2026-12-02T20:00:00+00:00") == 2
        (problem,) = copy.urn_problems()
        assert "without being given its key" in problem
        assert "must be taken again" in problem
        assert copy.verify().intact


def test_a_desk_taken_over_refuses_every_command_and_its_board_says_it_is_not_current(
    qtbot: QtBot, desks: tuple[Controller, HallLink, dict[str, str]]
) -> None:
    controller, link, _ = desks
    with qtbot.waitSignal(controller.fenced_changed):
        link._fenced.emit(2, "ws://10.0.0.6:8765")
    assert controller.fenced is not None
    assert "ws://10.0.0.6:8765" in controller.fenced
    assert controller.board.note.startswith("Not current: another desk at ws://10.0.0.6:8765")
    with qtbot.waitSignal(controller.refused) as refused:
        assert not controller.prepare(VoteSpec(symbol="A/80/L.33", title="Too late"))
    assert "took over this journal (epoch 2)" in refused.args[0]
    # A restart stays taken over: the journal remembers.
    qtbot.waitUntil(lambda: controller._journal.desk_note("fenced") is not None)
    again = Controller(Journal.open(controller.journal_path, create=False))
    try:
        assert again.fenced == controller.fenced
        assert again.board.note.startswith("Not current")
    finally:
        again.shutdown()


def test_a_standby_whose_key_is_revoked_is_cut_off_and_refused(
    qtbot: QtBot, tmp_path: Path, desks: tuple[Controller, HallLink, dict[str, str]]
) -> None:
    controller, link, keys = desks
    statuses: list[FollowStatus] = []
    follower = Follower(
        link.url,
        Hello(role=Role.STANDBY, key=keys["standby"]),
        tmp_path / "standby.sqlite",
        on_events=lambda _j, _e: None,
        on_status=statuses.append,
    )
    follower.start()
    try:
        qtbot.waitUntil(lambda: link.standby.state is StandbyState.FOLLOWING, timeout=10000)
        with Journal.open(controller.journal_path, create=False) as other:  # seats revoke
            assert other.revoke_key("standby", "2026-12-02T21:00:00+00:00")
        qtbot.waitUntil(lambda: link.standby.state is StandbyState.LOST, timeout=10000)
        qtbot.waitUntil(lambda: statuses[-1].state is FollowState.REFUSED, timeout=10000)
        assert "not valid" in statuses[-1].reason
    finally:
        journal = follower.stop()
        if journal is not None:
            journal.close()
