"""Simulated delegations: who votes, what, in which order, and who changes its mind.

A plan is data, made from a seed or from the choices of a real vote; whoever runs it (the
`simulate` command, the control window's simulated delegations) paces it and sends each
ballot through the same session as a real one.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from voteboard.core.model import Choice
from voteboard.core.roster import Roster

_WEIGHTS = {Choice.YES: 0.62, Choice.NO: 0.08, Choice.ABSTAIN: 0.30}


@dataclass(frozen=True)
class PlannedBallot:
    """One ballot of a simulated vote: who, what, and how long after the previous one."""

    member: str
    choice: Choice
    delay: float
    """Seconds after the previous ballot, at a rate of one ballot per second."""


def plan_ballots(
    roster: Roster,
    *,
    seed: int,
    ineligible: Collection[str] = (),
    choices: Mapping[str, Choice] | None = None,
    changes: bool = True,
    absent: float = 0.05,
) -> list[PlannedBallot]:
    """The ballots of a simulated vote, in order.

    With `choices` (a real vote's), members vote as they did there and the others do not
    vote; without, a few stay away and the rest choose at random. With `changes`, a few
    first press another button and correct themselves later (recorded mode).
    """
    rng = random.Random(seed)
    final: dict[str, Choice] = {}
    for member in roster:
        if member.code in ineligible:
            continue
        if choices is not None:
            if member.code in choices:
                final[member.code] = choices[member.code]
        elif rng.random() >= absent:
            final[member.code] = rng.choices(list(_WEIGHTS), weights=list(_WEIGHTS.values()))[0]
    order = list(final)
    rng.shuffle(order)
    keyed: list[tuple[float, PlannedBallot]] = []
    for index, code in enumerate(order):
        first = _first_choice(rng, final[code], changes)
        keyed.append((index, PlannedBallot(code, first, rng.expovariate(1.0))))
        if first is not final[code]:
            later = rng.uniform(index + 0.5, len(order))
            keyed.append((later, PlannedBallot(code, final[code], rng.expovariate(1.0))))
    keyed.sort(key=lambda pair: pair[0])
    return [ballot for _, ballot in keyed]


def _first_choice(rng: random.Random, final: Choice, changes: bool) -> Choice:
    if changes and rng.random() < 0.04:
        return rng.choice([c for c in Choice if c is not final])
    return final
