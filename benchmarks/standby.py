"""The standby desk (the two-desks issue): what it costs a console's acknowledgement, from the
console's ballot to its `ack`, printing JSON.

    QT_QPA_PLATFORM=offscreen python benchmarks/standby.py [--rounds 5]

Three configurations, side by side in one run:

- `alone`: a primary desk with no standby;
- `standby_waited_for`: a standby attached, every acknowledgement waiting until the standby
  keeps the ballot too (the default, `HallLink(wait_for_standby=True)`);
- `standby_not_waited_for`: a standby attached, fed the same rows, but the acknowledgements
  not waiting for it (`wait_for_standby=False`).

Three processes, on one machine (so they share its cores): this one, the primary (the
controller on a real journal file and its endpoint, `HallLink`, on a loopback socket, without
a control window); the consoles (the 193 seats' connections on one asyncio loop, `Fleet`, in
`network.py --consoles`), which cast their ballots at random moments within one second; and
the standby (a `Follower` writing its own journal, in this script's `--child-standby` mode
with a runtime folder of its own). A round is one recorded vote on a fresh journal in a fresh
folder, the standby (if any) following before the consoles vote; rounds go through the three
configurations in turn, the order rotated each round, with the same ballots at the same
moments in a round. A ballot's latency is the console's reception of its `ack` minus its
sending (both in the consoles' process, `time.monotonic`). Every answer must be an `ack`. The
states the primary gave its standby while voting (with whether acks waited for it) are kept:
one detached (`behind`, when it did not keep a ballot within `STANDBY_WAIT_S`, or `lost`) is
counted per round; so are the events the standby's journal lacks once it had up to 5 s to
catch up after the last ack. The machine's CPU time (busy, idle, iowait, steal, in seconds)
over the voting tells a run disturbed by other work.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

# Folders of mode 700 of this process's own (a child makes its own), gone at its end.
os.environ["VOTEBOARD_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="voteboard-bench-runtime-")
os.environ["VOTEBOARD_CONFIG_DIR"] = tempfile.mkdtemp(prefix="voteboard-bench-config-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from measure import ROOT, Child, emit, figures, machine, wait  # beside this one
from PySide6.QtWidgets import QApplication

from voteboard.core.model import Mode, VoteSpec
from voteboard.core.roles import Role
from voteboard.journal.archive import open_journal
from voteboard.net.protocol import Hello
from voteboard.net.standby import STANDBY_WAIT_S, Follower, FollowStatus, StandbyState
from voteboard.ui.controller import Controller
from voteboard.ui.network import HallLink

CONFIGS = ("alone", "standby_waited_for", "standby_not_waited_for")
SEED = 7
HERE = str(Path(__file__).resolve())
for _folder in ("VOTEBOARD_RUNTIME_DIR", "VOTEBOARD_CONFIG_DIR"):
    atexit.register(shutil.rmtree, os.environ[_folder], ignore_errors=True)
CONSOLES = str(ROOT / "benchmarks" / "network.py")


def child_standby(url: str, key_file: str, journal: str) -> None:
    """The standby desk: follows the primary at `url` into `journal`; (told to stop) says the
    last event it holds and the states it went through."""
    hello = Hello(role=Role.STANDBY, key=json.loads(Path(key_file).read_text())["standby"])
    states: list[str] = []

    def status(s: FollowStatus) -> None:  # in the follower's loop
        if not states or states[-1] != s.state:
            states.append(str(s.state) + (f" ({s.reason})" if s.reason else ""))

    follower = Follower(url, hello, Path(journal), on_events=lambda *_: None, on_status=status)
    follower.start()
    sys.stdin.readline()
    kept = follower.stop()
    emit({"seq": kept.head[0] if kept is not None else 0, "states": states})
    if kept is not None:
        kept.close()


def in_step(link: HallLink) -> bool:
    """Whether the standby follows the primary, holding every event it has."""
    return link.standby.state is StandbyState.FOLLOWING and not link.standby.behind


def connected(link: HallLink, count: int) -> bool:
    """Whether `count` consoles are connected."""
    consoles = link.connections["consoles"]
    return isinstance(consoles, list) and len(consoles) == count


def run(config: str, seed: int) -> dict[str, Any]:
    """One round: a recorded vote of 193 consoles within a second, on a fresh journal."""
    children: list[Child] = []
    with tempfile.TemporaryDirectory() as folder:
        journal = open_journal(Path(folder) / "primary.sqlite")
        holders = [(m.code, Role.CONSOLE) for m in journal.roster]
        at = dt.datetime.now(dt.UTC).isoformat()
        keys = journal.issue_keys([*holders, ("standby", Role.STANDBY)], at=at)
        for name, wanted in (("standby", {"standby"}), ("consoles", {h for h, _ in holders})):
            file = Path(folder) / f"{name}.json"
            file.touch(mode=0o600)
            file.write_text(json.dumps({h: k for h, k in keys.items() if h in wanted}))
        controller = Controller(journal)
        link = HallLink(controller, wait_for_standby=config != "standby_not_waited_for")
        states: list[str] = []
        link.standby_changed.connect(lambda s: states.append(f"{s.state}, waits={s.waits}"))
        link.start()
        try:
            controller.prepare(VoteSpec(symbol="A/80/L.91", title="A vote", mode=Mode.RECORDED))
            if not wait(lambda: controller.can("open")) or not controller.phase("open"):
                raise RuntimeError("the vote was not prepared")
            wait(lambda: not controller.busy and controller.wait_idle())
            if config != "alone":
                arguments = [HERE, "--child-standby", link.url, f"{folder}/standby.json"]
                children.append(Child("standby", [*arguments, f"{folder}/standby.sqlite"]))
                if not wait(lambda: in_step(link), 30000):
                    raise RuntimeError(f"the standby is not following: {link.standby}")
            arguments = [CONSOLES, "--consoles", link.url, f"{folder}/consoles.json", str(seed)]
            fleet = Child("consoles", arguments)
            children.append(fleet)
            fleet.key("ready")
            if not wait(lambda: connected(link, len(holders)), 30000):
                raise RuntimeError(f"not all connected: {link.connections}")
            states.clear()
            machine_before = machine()
            fleet.say("go")
            cast = fleet.key("answers")
            machine_after = machine()
            QApplication.processEvents()
            seen = sorted(set(states))
            standby = None
            if config != "alone":
                wait(lambda: in_step(link), 5000)
                children[0].say("stop")
                standby = children[0].key("seq")
            wait(controller.wait_idle)
            head = journal.head[0]
        finally:
            for child in children:
                child.end()
            link.stop()
            controller.shutdown()
    ticks = os.sysconf("SC_CLK_TCK")
    used = [(b - a) / ticks for a, b in zip(machine_before, machine_after, strict=True)]
    sent, answered = cast["sent_at"], cast["answered_at"]
    return {
        "config": config,
        "ack_s": [answered[c] - sent[c] for c in sent if answered.get(c) is not None],
        "answers": cast["answers"],
        "standby_states_while_voting": seen,
        "standby_events_missing_at_the_end": None if standby is None else head - standby["seq"],
        "standby_own_states": None if standby is None else standby["states"],
        "machine_s": dict(zip(("busy", "idle", "iowait", "steal"), used, strict=True)),
    }


def summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    answers = sum((Counter(r["answers"]) for r in rounds), Counter())
    return {
        "ack_ms": figures([x for r in rounds for x in r["ack_s"]]),
        "p99_of_each_round_ms": [figures(r["ack_s"]).get("p99") for r in rounds],
        "answers": dict(answers),
        "all_acks": set(answers) == {"ack"},
        "standby_states_while_voting_per_round": [r["standby_states_while_voting"] for r in rounds],
        "standby_detached_rounds": sum(
            any(s.startswith(("behind", "lost")) for s in r["standby_states_while_voting"])
            for r in rounds
        ),
        "standby_events_missing_at_the_end_per_round": [
            r["standby_events_missing_at_the_end"] for r in rounds
        ],
        "standby_own_states_per_round": [r["standby_own_states"] for r in rounds],
        "machine_s_while_voting": {
            k: round(sum(r["machine_s"][k] for r in rounds), 2) for k in rounds[0]["machine_s"]
        },
    }


def main(argv: list[str]) -> int:
    match argv:
        case ["--child-standby", url, key_file, journal]:
            child_standby(url, key_file, journal)
            return 0
        case []:
            count = 5
        case ["--rounds", n] if n.isdigit() and int(n) > 0:
            count = int(n)
        case _:
            print(__doc__, file=sys.stderr)
            return 2
    app = QApplication.instance() or QApplication(sys.argv)
    assert app is not None
    start = time.monotonic()
    rounds = []
    for r in range(count):
        order = CONFIGS[r % 3 :] + CONFIGS[: r % 3]
        rounds += [run(config, SEED + r) for config in order]
    result = {
        "measures": "a console's ballot to its ack, 193 consoles within 1 s, recorded vote",
        "processes": "primary desk (this process, no window); 193 consoles (one asyncio loop); "
        "the standby (a Follower, a process of its own); all on this machine",
        "cpus": os.cpu_count(),
        "standby_wait_s": STANDBY_WAIT_S,
        "rounds_each": count,
        "order": [r["config"] for r in rounds],
        "seconds": round(time.monotonic() - start, 1),
        **{c: summary([r for r in rounds if r["config"] == c]) for c in CONFIGS},
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
