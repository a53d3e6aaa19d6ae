"""The rules of a vote, without Qt, files or SQLite (DESIGN §8): the roster, the phases and
their commands, ballots, the tally and its majorities, the events with `decide` and `evolve`,
the board as data, the clock and the desk's rules."""
