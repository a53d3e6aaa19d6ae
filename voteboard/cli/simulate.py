"""`voteboard simulate`: a scripted vote without a screen, for tests and load."""

from __future__ import annotations

import argparse
import secrets
import sys

from voteboard.cli.common import find
from voteboard.cli.errors import UserError
from voteboard.core.delegations import PlannedBallot
from voteboard.core.history import ImportedVote
from voteboard.core.model import Choice, Majority, Mode, Phase, VoteSpec
from voteboard.core.session import new_vote_id
from voteboard.core.state import VoteState
from voteboard.core.symbols import preparation_problem, symbol_problem
from voteboard.journal.archive import open_journal, read_journal
from voteboard.journal.simulation import simulate_vote


def simulate(args: argparse.Namespace) -> int:
    """`voteboard simulate`: a vote prepared, opened and voted by simulated delegations without a
    screen, closed or locked at the end if asked. Refused, with nothing written, while the journal's
    current vote is open or suspended."""
    # Everything is checked before the journal is opened to write: a refusal creates nothing.
    with read_journal(args.journal) as look:
        state = look.state()
        current = state.current_vote
        if current is not None and current.phase in (Phase.OPEN, Phase.PAUSED):
            raise UserError(
                f"{current.spec.symbol} ({current.id}) is still {current.phase.value} in this "
                "journal; close or cancel it first"
            )
        choices = None
        if args.choices_from is not None:
            choices = choices_of(find(look, state, args.choices_from))
    if args.seed is not None and args.mode == "secret":
        print(
            f"voteboard simulate: --seed {args.seed}: anyone who knows the seed can reproduce "
            "every choice of this secret ballot (for tests only)",
            file=sys.stderr,
        )
    # Without --seed the plan comes from the system's randomness, never from the clock: the
    # moment of a vote's opening must not tell its choices.
    seed = args.seed if args.seed is not None else secrets.randbits(64)
    vote_id = new_vote_id()
    spec = VoteSpec(
        symbol=args.symbol if args.symbol is not None else f"A/SIM/{vote_id[2:]}",
        title=args.title,
        mode=Mode(args.mode),
        majority=Majority(args.majority),
    )
    problem = preparation_problem(spec.symbol, spec.title)
    if problem is not None:
        raise UserError(problem)
    unusual = symbol_problem(spec.symbol) if args.symbol is not None else None
    if unusual is not None:
        # The command line is the officer here: the symbol typed is the symbol meant.
        print(f"voteboard simulate: note: {unusual}: taken as given", file=sys.stderr)
    recorded = spec.mode is Mode.RECORDED

    def opened(vote: VoteState) -> None:
        retake = f", a retake of {vote.retake_of}" if vote.retake_of else ""
        print(f"{spec.symbol}: vote {vote_id} open{retake}", file=sys.stderr, flush=True)

    def cast(ballot: PlannedBallot) -> None:
        print(f"{ballot.member} {ballot.choice.value if recorded else 'voted'}", flush=True)

    with open_journal(args.journal) as journal:
        outcome = simulate_vote(
            journal,
            spec,
            vote_id=vote_id,
            seed=seed,
            choices=choices,
            rate=args.rate,
            close=args.close,
            lock=args.lock,
            opened=opened,
            cast=cast,
        )
    if outcome is not None:
        print(f"{spec.symbol}: {outcome.arithmetic}", file=sys.stderr)
    return 0


def choices_of(vote: VoteState | ImportedVote) -> dict[str, Choice]:
    """The choices the members made in a vote, for `--choices-from`; refused for a secret ballot,
    whose choices nobody knows."""
    if isinstance(vote, ImportedVote):
        return vote.choices()
    if vote.secret:
        raise UserError(f"{vote.spec.symbol} was a secret ballot: its choices are not known")
    return dict(vote.ballots)
