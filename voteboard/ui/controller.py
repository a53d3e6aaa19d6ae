"""The one controller between the domain and the windows.

Every command from the control window, the simulated delegations and the countdown goes
through `Controller.submit`. A writer thread runs it through the `Session` (decide, durable
append to the journal, fold) so that no durable write ever stalls the paths that paint; the
new state comes back to the GUI thread as a signal, and only then do the window and the
boards show it. So the journal always holds a command before any screen shows its effect.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from voteboard.core.board import Board, hall_board
from voteboard.core.commands import (
    CancelVote,
    CastBallot,
    CloseVote,
    Command,
    DrawRollCall,
    LockVote,
    PhaseCommand,
    PrepareVote,
    RecordCorrection,
    RestoreRight,
    StartCountdown,
    StopCountdown,
    WithdrawRight,
)
from voteboard.core.decide import PHASE_WORDS
from voteboard.core.delegations import PlannedBallot, plan_ballots
from voteboard.core.desk import phase_command, possible
from voteboard.core.model import Choice, Mode, Phase, Refused, VoteSpec
from voteboard.core.roster import Roster
from voteboard.core.session import Session, new_vote_id, utc_now
from voteboard.core.state import AssemblyState, VoteState
from voteboard.journal.store import Checkpoint, Journal, JournalError

FRAME_S = 1 / 60
MAX_BALLOTS_A_COMMIT = 100
"""The most ballots the journal's thread makes durable in one commit."""
PLACE_WATCH_MS = 250
Done = Callable[[str | None], None]
"""Told what became of a command: None once it is durable, or the reason it was refused."""
Durable = Callable[[int, list[Callable[[], None]]], None]
"""Told, in the journal's thread, that the journal holds everything up to an event, with the
acknowledgements that may wait for a standby desk to hold it too (`net/standby.py`)."""


class Origin(StrEnum):
    """Who gave a command: its refusal is shown to the operator only when the operator did."""

    OPERATOR = "operator"
    SIMULATION = "simulation"
    CONSOLE = "console"
    COUNTDOWN = "countdown"
    RESTART = "restart"


@dataclass(frozen=True)
class CommandOutcome:
    """What became of a command: `error` is None when it was executed."""

    command: Command
    origin: Origin
    error: str | None = None
    fatal: bool = False


_Pending = tuple[Command, Origin, Done | None]


class _Writer(QObject):
    """Lives in the journal's thread: decide, append durably, fold, in the order the commands
    were given. The ballots waiting together (those that came while the journal was writing
    the ones before) are made durable in one commit: a burst of ballots costs a few commits,
    not one each, and none waits behind the others' commits."""

    done = Signal(object, object)  # CommandOutcome, AssemblyState
    agenda_failed = Signal(str)
    checkpoint_signed = Signal(object)  # Checkpoint: the journal's newest signed head

    def __init__(self, session: Session, journal: Journal) -> None:
        super().__init__()
        self._session = session
        self._journal = journal
        # Filled from any thread (a deque's append and popleft are atomic), emptied here.
        self._pending: deque[_Pending] = deque()
        self.on_durable: Durable | None = None
        """Set by the endpoint when it feeds a standby: the consoles' acknowledgements go
        through it."""

    def put(self, command: Command, origin: Origin, on_done: Done | None) -> None:
        """From any thread: the command waits its turn (`run_pending` is then signalled)."""
        self._pending.append((command, origin, on_done))

    @Slot()
    def run_pending(self) -> None:
        """Executes every command waiting, in order; the ballots in a row together."""
        pending = self._pending
        while pending:
            first = pending.popleft()
            if not isinstance(first[0], CastBallot):
                self.execute(*first)
                continue
            ballots = [first]
            while (
                pending
                and len(ballots) < MAX_BALLOTS_A_COMMIT
                and isinstance(pending[0][0], CastBallot)
            ):
                ballots.append(pending.popleft())
            self._execute_ballots(ballots)

    def execute(self, command: Command, origin: Origin, on_done: Done | None) -> None:
        try:
            self._session.execute(command)
        except Refused as exc:
            outcome = CommandOutcome(command, origin, str(exc))
        except (JournalError, sqlite3.Error, OSError) as exc:
            outcome = CommandOutcome(
                command, origin, f"The journal could not be written: {exc}", True
            )
        else:
            outcome = CommandOutcome(command, origin)
            if isinstance(command, CloseVote | LockVote | CancelVote | RecordCorrection):
                self.checkpoint_signed.emit(self._journal.latest_checkpoint())
        self._tell([(outcome, on_done)])

    def _execute_ballots(self, ballots: list[_Pending]) -> None:
        casts = [command for command, _, _ in ballots if isinstance(command, CastBallot)]
        assert len(casts) == len(ballots)
        fatal = False
        try:
            results = self._session.execute_ballots(casts)
            errors = [str(r) if isinstance(r, Refused) else None for r in results]
        except Refused as exc:  # by the store (an urn altered): none was written
            errors = [str(exc)] * len(ballots)
        except (JournalError, sqlite3.Error, OSError) as exc:
            errors = [f"The journal could not be written: {exc}"] * len(ballots)
            fatal = True
        self._tell(
            [
                (CommandOutcome(command, origin, error, fatal), on_done)
                for (command, origin, on_done), error in zip(ballots, errors, strict=True)
            ]
        )

    def _tell(self, outcomes: list[tuple[CommandOutcome, Done | None]]) -> None:
        state = self._session.state
        durable = self.on_durable
        held: list[Callable[[], None]] = []
        for outcome, on_done in outcomes:
            if on_done is None:
                continue
            if outcome.error is None and durable is not None:
                held.append(partial(on_done, None))
            else:
                # Told here, the moment the command is durable (or refused): a console's
                # acknowledgement does not wait for the GUI thread.
                on_done(outcome.error)
        if durable is not None:
            # The standby is fed what was just written; the acknowledgements wait for it there.
            durable(self._journal.head[0], held)
        for outcome, _ in outcomes:
            self.done.emit(outcome, state)

    @Slot(object)
    def save_agenda(self, specs: list[VoteSpec]) -> None:
        try:
            self._journal.set_agenda(specs)
        except (JournalError, sqlite3.Error, OSError) as exc:
            self.agenda_failed.emit(f"The list of votes could not be kept in the journal: {exc}")

    @Slot(object)
    def note_desk(self, note: tuple[str, dict[str, object]]) -> None:
        """Keeps a note about the desks in the journal (outside the chain): fenced, standby."""
        name, value = note
        try:
            self._journal.set_desk_note(name, value)
        except (JournalError, sqlite3.Error, OSError) as exc:
            self.agenda_failed.emit(f"The journal could not keep that {name}: {exc}")

    @Slot()
    def stop_if_lost(self) -> None:
        """In the journal's thread: the journal was found gone from its path."""
        self._journal.stop_if_lost()

    @Slot()
    def finish(self) -> None:
        """Runs after every command sent before it (signals keep their order): closes the
        journal, then ends the thread."""
        self._journal.close()
        thread = QThread.currentThread()
        thread.quit()


class Controller(QObject):
    """The session of the control window, with its boards, countdown and simulated delegations.

    Signals carry whole values (`AssemblyState`, `Board`): a receiver never reads the journal.
    """

    state_changed = Signal(object)  # AssemblyState
    board_changed = Signal(object)  # Board: what the hall shows
    refused = Signal(str)  # an operator's command that the rules refused, with the reason
    failed = Signal(str)  # the journal could not be written: nothing was recorded
    notice = Signal(str)  # something the operator should know (a restart, an automatic close)
    busy_changed = Signal(bool)  # a change of phase is on its way to the journal
    agenda_changed = Signal(list)  # list[VoteSpec]
    checkpoint_changed = Signal(object)  # Checkpoint: what a record made now carries
    fenced_changed = Signal(str)  # another desk took over: why this one acts no more
    done = Signal(object, object)  # an operator's Command, and None (durable) or the refusal

    _to_writer = Signal()  # a command waits in the writer's queue
    _agenda_to_writer = Signal(object)
    _note_to_writer = Signal(object)
    _finish = Signal()
    _lost = Signal()

    def __init__(
        self,
        journal: Journal,
        *,
        simulate: bool = False,
        took_over: bool = False,
        rate: float = 8.0,
        seed: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.roster: Roster = journal.roster
        self.journal_path = journal.path
        self._state = journal.state()
        self._snapshot_problem = journal.snapshot_problem
        self._next_state = self._state
        self._agenda = journal.agenda()
        self._checkpoint = journal.latest_checkpoint()
        self._urn_problems = journal.urn_problems()
        self._board = hall_board(self._state, dt.date.today())
        self._busy: Command | None = None
        self._fenced: str | None = None
        self._busy_done = False
        self._in_flight = 0
        self._counting = threading.Lock()  # commands are sent from the endpoint's thread too
        self._publish_queued = False
        self._published_at = -math.inf
        # The next publish at the frame's end (a precise timer: a coarse one may be 5 % late).
        self._publish_timer = QTimer(self)
        self._publish_timer.setSingleShot(True)
        self._publish_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._publish_timer.timeout.connect(self._publish)
        self._startup_notice: str | None = None
        self._took_over = took_over
        self.epoch = journal.epoch()
        """This desk's epoch: 1, or one more at each takeover by a standby desk."""
        fenced = self.fenced_note = journal.desk_note("fenced")
        self._fenced = None if fenced is None else fenced_words(fenced)
        self._board = self._stale(self._board)

        self._thread = QThread(self)
        self._thread.setObjectName("voteboard-journal")
        self._writer = _Writer(Session(journal, self._state), journal)
        self._writer.moveToThread(self._thread)
        self._to_writer.connect(self._writer.run_pending)
        self._agenda_to_writer.connect(self._writer.save_agenda)
        self._note_to_writer.connect(self._writer.note_desk)
        self._finish.connect(self._writer.finish)
        self._lost.connect(self._writer.stop_if_lost)
        self._writer.done.connect(self._done)
        self._writer.agenda_failed.connect(self.failed)
        self._writer.checkpoint_signed.connect(self._take_checkpoint)
        self._thread.start()

        # The journal's file is watched, not only written: deleted, replaced or unmounted, the
        # desk says so at once, before the next ballot is refused.
        self._journal = journal
        self._place_lost = False
        self._place_watch = QTimer(self)
        self._place_watch.setInterval(PLACE_WATCH_MS)
        self._place_watch.timeout.connect(self._watch_place)
        self._place_watch.start()

        self._countdown = QTimer(self)
        self._countdown.setSingleShot(True)
        self._countdown.timeout.connect(self._countdown_ends)
        self.simulation = SimulatedDelegations(self, rate=rate, seed=seed)
        self.simulation.set_enabled(simulate)
        self._restarted()

    # ---- what the windows read ------------------------------------------------------------

    @property
    def state(self) -> AssemblyState:
        return self._state

    @property
    def board(self) -> Board:
        return self._board

    @property
    def agenda(self) -> list[VoteSpec]:
        return list(self._agenda)

    @property
    def vote(self) -> VoteState | None:
        """The vote the desk is working on: the current one, or the last one."""
        return self._state.current_vote or self._state.last_vote

    @property
    def urn_problems(self) -> list[str]:
        """What stopped an open secret ballot from being countable when the desk started (its
        key lost with the runtime folder)."""
        return list(self._urn_problems)

    @property
    def snapshot_problem(self) -> str | None:
        """Why the journal's signed snapshot of the state was set aside at start (it was
        altered outside voteboard), if it was: the state was folded from every event."""
        return self._snapshot_problem

    @property
    def checkpoint(self) -> Checkpoint | None:
        """The journal's newest signed checkpoint: what a record made now carries."""
        return self._checkpoint

    @Slot(object)
    def _take_checkpoint(self, checkpoint: Checkpoint | None) -> None:
        self._checkpoint = checkpoint
        self.checkpoint_changed.emit(checkpoint)

    @Slot()
    def _watch_place(self) -> None:
        problem = self._journal.place_problem()
        if problem is not None and not self._place_lost:
            self._place_lost = True
            self._place_watch.stop()
            self._lost.emit()  # the journal's thread saves what its log holds
            self.failed.emit(problem)

    @property
    def fenced(self) -> str | None:
        """Why this desk acts no more (another desk took over the journal), or None."""
        return self._fenced

    def fence(self, epoch: int, desk: str) -> None:
        """Another desk took over the journal at `epoch`: this desk takes no command from now
        on, and its journal remembers it (a restart stays fenced)."""
        note: dict[str, object] = {"epoch": epoch, "desk": desk, "at": utc_now().isoformat()}
        self._fenced = fenced_words(note)
        self.fenced_note = note
        self.simulation.set_enabled(False)
        self._countdown.stop()
        self._note_to_writer.emit(("fenced", note))
        self._board = self._stale(self._board)
        self.board_changed.emit(self._board)
        self.fenced_changed.emit(self._fenced)

    def _stale(self, board: Board) -> Board:
        """A board of a desk that was taken over: it says it is not the hall's any more."""
        if self._fenced is None:
            return board
        where = self.fenced_note.get("desk") if self.fenced_note else ""
        note = f"Not current: another desk{f' at {where}' if where else ''} took over the vote"
        return board.model_copy(update={"note": note})

    def feed_standby(self, durable: Durable | None) -> None:
        """The endpoint that feeds a standby desk: told of every durable write, and the
        consoles' acknowledgements go through it (None: acknowledged at once)."""
        self._writer.on_durable = durable

    def standby_address(self) -> str | None:
        """The standby desk's address as the journal last heard it, or None."""
        note = self._journal.desk_note("standby")
        return None if note is None else str(note.get("address") or "") or None

    def note_standby(self, address: str) -> None:
        """Keeps the standby desk's address in the journal: a restart asks it for its epoch."""
        self._note_to_writer.emit(("standby", {"address": address}))

    @property
    def busy(self) -> bool:
        return self._busy is not None

    def can(self, action: str) -> bool:
        """Whether an action of the life of a vote is possible now (and none is under way)."""
        if self.busy:
            return False
        return possible(self._state.current_vote, action)

    # ---- commands ---------------------------------------------------------------------------

    def submit(
        self, command: Command, origin: Origin = Origin.OPERATOR, on_done: Done | None = None
    ) -> bool:
        """Sends a command to the journal's thread. A change of phase is refused (False) while
        another is on its way: a double click never sends one twice. `on_done` is told, in
        the journal's thread, the outcome once the command is durable (None) or refused (the
        reason).

        A ballot (never a change of phase) may be sent from another thread: the endpoint's
        consoles' ballots go straight to the journal's thread, and their new state comes
        back to the GUI thread like any other."""
        if self._fenced is not None:
            if origin is Origin.OPERATOR:
                self.refused.emit(self._fenced)
            if on_done is not None:
                on_done(self._fenced)
            return False
        phase_change = isinstance(command, PrepareVote | PhaseCommand)
        if phase_change:
            if self._busy is not None:
                return False
            self._busy = command
            self.busy_changed.emit(True)
        with self._counting:
            self._in_flight += 1
        self._writer.put(command, origin, on_done)
        self._to_writer.emit()
        return True

    def now(self) -> dt.datetime:
        return utc_now()

    def prepare(self, spec: VoteSpec, *, unusual_symbol: bool = False) -> bool:
        """Prepares a vote; `unusual_symbol` once the officer confirmed a symbol that is not of
        the UN's form (the core refuses it otherwise, `symbols.symbol_problem`)."""
        command = PrepareVote(
            at=self.now(), vote=new_vote_id(), spec=spec, unusual_symbol=unusual_symbol
        )
        return self.submit(command)

    def phase(self, action: str, reason: str = "") -> bool:
        return self.submit(phase_command(action, self.now(), reason))

    def cast(
        self, member: str, choice: Choice, *, by_secretariat: bool, origin: Origin = Origin.OPERATOR
    ) -> bool:
        command = CastBallot(
            at=self.now(), member=member, choice=choice, by_secretariat=by_secretariat
        )
        return self.submit(command, origin)

    def withdraw_right(self, member: str) -> bool:
        return self.submit(WithdrawRight(at=self.now(), member=member))

    def restore_right(self, member: str) -> bool:
        return self.submit(RestoreRight(at=self.now(), member=member))

    def correct(self, member: str, intended: Choice | None, note: str = "") -> bool:
        vote = self.vote
        return self.submit(
            RecordCorrection(
                at=self.now(),
                member=member,
                intended=intended,
                vote=vote.id if vote is not None else None,
                note=note,
            )
        )

    def draw_roll_call(self) -> bool:
        """Draws by lot the member called first (any member: the call goes round the roster)."""
        return self.submit(DrawRollCall(at=self.now(), first=secrets.choice(self.roster.codes)))

    def start_countdown(self, seconds: int) -> bool:
        return self.submit(StartCountdown(at=self.now(), seconds=seconds))

    def stop_countdown(self) -> bool:
        return self.submit(StopCountdown(at=self.now()))

    def set_agenda(self, specs: Sequence[VoteSpec]) -> None:
        self._agenda = list(specs)
        self._agenda_to_writer.emit(list(specs))
        self.agenda_changed.emit(list(specs))

    # ---- results from the journal's thread ----------------------------------------------------

    @Slot(object, object)
    def _done(self, outcome: CommandOutcome, state: AssemblyState) -> None:
        with self._counting:
            self._in_flight -= 1
        if outcome.command is self._busy:
            if outcome.error is not None:
                self._end_busy()  # refused: nothing to publish
            else:
                self._busy_done = True
        if outcome.origin is Origin.OPERATOR:
            self.done.emit(outcome.command, outcome.error)
        if outcome.fatal:
            self.failed.emit(outcome.error or "")
        elif outcome.error is not None:
            if outcome.origin is Origin.OPERATOR:
                self.refused.emit(outcome.error)
            elif outcome.origin is Origin.COUNTDOWN:
                vote = state.current_vote
                if vote is not None and vote.closes_at is not None:  # not stopped meanwhile
                    self.notice.emit(f"The countdown could not close the vote: {outcome.error}")
        else:
            if outcome.origin is Origin.COUNTDOWN and isinstance(outcome.command, CloseVote):
                self.notice.emit("The countdown ran out: the vote was closed automatically")
            self._next_state = state
            self._queue_publish()

    def _queue_publish(self) -> None:
        """A burst of ballots is published once, at most once a frame (1/60 s): the screens
        show all of it, and their repaints never fall behind the ballots. A ballot after a
        quiet frame is published at once (once the commands already come back are taken in
        with it); one within a frame of the last publish, at that frame's end, never before."""
        if self._publish_queued:
            return
        self._publish_queued = True
        wait = self._published_at + FRAME_S - time.monotonic()
        self._publish_timer.start(0 if wait <= 0 else math.ceil(wait * 1000))

    @Slot()
    def _publish(self) -> None:
        self._publish_queued = False
        state = self._state = self._next_state
        self._board = self._stale(hall_board(state, dt.date.today()))
        self._follow_countdown(state.current_vote)
        if self._busy_done:
            self._end_busy()  # the change of phase is in the state shown: the next may go
        # The frame is counted from the moment the screens are told, not from the timer.
        self._published_at = time.monotonic()
        # The boards first (the hall's screens, the network's), then the desk's panels.
        self.board_changed.emit(self._board)
        self.state_changed.emit(state)

    def _end_busy(self) -> None:
        self._busy, self._busy_done = None, False
        self.busy_changed.emit(False)

    def wait_idle(self) -> bool:
        """True when every command sent has come back (for a quiet shutdown and the tests)."""
        return not self._in_flight and not self._publish_queued

    # ---- the countdown ------------------------------------------------------------------------

    def _follow_countdown(self, vote: VoteState | None) -> None:
        if vote is None or vote.closes_at is None or vote.phase is not Phase.OPEN:
            self._countdown.stop()
            return
        remaining = (vote.closes_at - self.now()).total_seconds()
        self._countdown.start(max(0, round(remaining * 1000)))

    @Slot()
    def _countdown_ends(self) -> None:
        vote = self._state.current_vote
        if vote is None or vote.phase is not Phase.OPEN or vote.closes_at is None:
            return
        now = self.now()
        if now < vote.closes_at:  # a timer may fire a millisecond early: wait for the end
            self._countdown.start(max(1, math.ceil((vote.closes_at - now).total_seconds() * 1000)))
            return
        # The rules refuse this close if the countdown was stopped meanwhile (a Stop clicked
        # at the last moment is already in the journal's queue, before this close).
        self.submit(CloseVote(at=now, automatic=True), Origin.COUNTDOWN)

    # ---- a start after a crash ----------------------------------------------------------------

    def _restarted(self) -> None:
        vote = self._state.current_vote
        if vote is None or vote.phase not in (Phase.OPEN, Phase.PAUSED):
            return
        ballots = len(vote.voted)
        what = "The primary desk" if self._took_over else "voteboard"
        message = (
            f"{what} stopped while {vote.spec.symbol} was {PHASE_WORDS[vote.phase]}. "
            f"The vote is back as the journal holds it: {PHASE_WORDS[vote.phase]}, with "
            f"{ballots} ballot{'s' if ballots != 1 else ''}."
        )
        if vote.closes_at is not None:
            self.submit(StopCountdown(at=self.now()), Origin.RESTART)
            message += " Its countdown was stopped: start it again if it is still wanted."
        for problem in self._urn_problems:
            message += f" {problem}."
        self._startup_notice = message

    def startup_notice(self) -> str | None:
        """What the operator must be told at start (a vote interrupted by a crash), once."""
        message, self._startup_notice = self._startup_notice, None
        return message

    # ---- the end ------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stops the simulation and the countdown, lets the journal's thread finish what it
        was given, and closes the journal."""
        self.simulation.set_enabled(False)
        self._countdown.stop()
        self._place_watch.stop()
        if self._thread.isRunning():
            self._finish.emit()
            self._thread.wait()


def fenced_words(note: dict[str, object]) -> str:
    """What a fenced desk says of itself."""
    desk = note.get("desk") or ""
    where = f" at {desk}" if desk else ""
    return (
        f"The desk{where} took over this journal (epoch {note.get('epoch')}): this desk takes "
        "no command any more, the vote goes on there (to make this machine its standby, start "
        "it with --standby-of and a new journal)"
    )


class SimulatedDelegations(QObject):
    """Delegations that vote after an open like real ones: each ballot goes through the
    controller as a console's would. Paused with the vote, stopped by a close."""

    def __init__(self, controller: Controller, *, rate: float, seed: int | None) -> None:
        super().__init__(controller)
        self._controller = controller
        self._rate = rate
        self._seed = seed
        self._enabled = False
        self._vote: str | None = None
        self._plan: list[PlannedBallot] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)
        controller.state_changed.connect(self._follow)

    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def remaining(self) -> int:
        return len(self._plan)

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = enabled
        if not enabled:
            self._timer.stop()
            self._plan, self._vote = [], None
        else:
            self._follow(self._controller.state)

    @Slot(object)
    def _follow(self, state: AssemblyState) -> None:
        vote = state.current_vote
        if not self._enabled or vote is None or vote.phase is not Phase.OPEN:
            self._timer.stop()
            if vote is None or vote.phase not in (Phase.OPEN, Phase.PAUSED):
                self._plan, self._vote = [], None
            return
        if vote.id != self._vote:
            self._vote = vote.id
            seed = self._seed if self._seed is not None else secrets.randbits(32)
            plan = plan_ballots(
                self._controller.roster,
                seed=seed,
                ineligible=vote.ineligible,
                changes=vote.spec.mode is Mode.RECORDED,
            )
            self._plan = [b for b in plan if b.member not in vote.voted]
        if self._plan and not self._timer.isActive():
            self._timer.start(round(self._plan[0].delay / self._rate * 1000))

    @Slot()
    def _next(self) -> None:
        if not self._plan:
            return
        ballot = self._plan.pop(0)
        self._controller.cast(
            ballot.member, ballot.choice, by_secretariat=False, origin=Origin.SIMULATION
        )
        if self._plan:
            self._timer.start(round(self._plan[0].delay / self._rate * 1000))
