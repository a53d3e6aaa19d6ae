"""The words of a vote as values: what a quorum and a vote's id may be, whoever writes them."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from voteboard.core.commands import PrepareVote
from voteboard.core.model import VoteSpec


@pytest.mark.parametrize("quorum", ["97", "1_41", 97.0, 1e3, True, 0, 251])
def test_a_quorum_is_a_number_of_members_never_text_or_a_float(quorum: object) -> None:
    with pytest.raises(ValidationError):
        VoteSpec.model_validate({"symbol": "A/1", "quorum": quorum})


def test_a_quorum_is_read_back_from_the_journal_as_written() -> None:
    spec = VoteSpec(symbol="A/1", quorum=97)
    assert VoteSpec.model_validate_json(spec.model_dump_json()) == spec


@pytest.mark.parametrize("vote", ["../../x", "a/b", "", " v1", "v\x00", "x" * 65])
def test_a_vote_id_names_a_key_file_and_never_a_path(vote: str) -> None:
    spec = VoteSpec(symbol="A/1", title="T")
    with pytest.raises(ValidationError):
        PrepareVote(at=dt.datetime.now(dt.UTC), vote=vote, spec=spec)
    assert PrepareVote(at=dt.datetime.now(dt.UTC), vote="v-3f9c2a41b7d0", spec=spec)
