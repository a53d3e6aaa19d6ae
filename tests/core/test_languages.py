"""The board's words in the six languages: a catalog complete in each, whose placeholders are
the English ones, and a board worded again from its numbers that says in English word for word
what the tally says."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voteboard.core.board import board_of_record
from voteboard.core.history import ImportedVote
from voteboard.core.languages import WORDS, Language, Words, all_words, day_words, language_of
from voteboard.core.model import Light, Majority, Phase
from voteboard.core.names import LocalName, MemberNames, Names
from voteboard.core.roster import Roster
from voteboard.core.tally import Tally, decide_outcome
from voteboard.core.wording import Translation, arithmetic, footer_texts, header_texts, so_far
from voteboard.resources import shipped_votes
from voteboard.resources import un_roster as shipped_roster


@pytest.fixture
def un_roster() -> Roster:
    return shipped_roster()


@pytest.fixture
def es_11_4() -> ImportedVote:
    return next(v for v in shipped_votes() if v.symbol == "A/RES/ES-11/4")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _texts(words: Words) -> dict[str, str]:
    texts: dict[str, str] = {}
    for key, value in vars(words).items():
        if isinstance(value, str):
            texts[key] = value
        elif isinstance(value, tuple):
            texts.update({f"{key}[{i}]": v for i, v in enumerate(value)})
        else:
            texts.update({f"{key}[{k}]": v for k, v in value.items()})
    return texts


@pytest.mark.parametrize("language", list(Language))
def test_every_language_has_every_word_with_the_english_placeholders(language: Language) -> None:
    english, other = _texts(WORDS[Language.EN]), _texts(WORDS[language])
    assert english.keys() == other.keys()
    for key, text in other.items():
        assert text, (language, key)
        assert text.strip() == text, (language, key)
        if key not in ("date", "first_day"):  # the order of day, month and year is the language's
            assert _fields(text) == _fields(english[key]), (language, key, text)
    assert _fields(other["date"]) == {"day", "month", "year"}
    assert len(WORDS[language].months) == 12
    # Each light's letter is one character, and the three differ.
    letters = list(WORDS[language].letters.values())
    assert len(set(letters)) == 3
    assert all(len(letter) == 1 for letter in letters)
    # Each light has its words for a screen reader, and no two lights are said alike.
    spoken = WORDS[language].spoken
    assert set(spoken) == set(Light)
    assert len(set(spoken.values())) == len(Light)


@pytest.mark.parametrize("language", [lang for lang in Language if lang is not Language.EN])
def test_the_words_are_translated(language: Language) -> None:
    """No board word left in English by mistake (symbols and digits aside)."""
    english = set(all_words(Language.EN))

    def worded(text: str) -> bool:
        return (
            len([c for c in string.Formatter().parse(text) if any(ch.isalpha() for ch in c[0])]) > 0
            and len(text) > 1
        )

    same = [t for t in all_words(language) if t in english and worded(t)]
    # "ABSTENTIONS" and "(PROVISIONAL)" are French and Spanish as well as English, and
    # "abstention" French.
    assert set(same) <= {"ABSTENTIONS", "(PROVISIONAL)", "abstention"}, same


def test_days_are_written_as_each_language_writes_them() -> None:
    day = dt.date(2022, 10, 12)
    assert day_words(day, Language.EN) == "12 October 2022"
    assert day_words(day, Language.FR) == "12 octobre 2022"
    assert day_words(dt.date(2022, 10, 1), Language.FR) == "1er octobre 2022"
    assert day_words(day, Language.ES) == "12 de octubre de 2022"
    assert day_words(day, Language.RU) == "12 октября 2022 года"
    assert day_words(day, Language.ZH) == "2022年10月12日"
    assert day_words(day, Language.AR) == "12 تشرين الأول/أكتوبر 2022"


def test_a_language_code_is_checked() -> None:
    assert language_of(" AR ") is Language.AR
    with pytest.raises(ValueError, match="ar, zh, en, es, fr, ru"):
        language_of("de")


@given(
    yes=st.integers(0, 200),
    no=st.integers(0, 200),
    abstain=st.integers(0, 200),
    majority=st.sampled_from(list(Majority)),
    quorum=st.none() | st.integers(0, 300),
)
def test_the_english_arithmetic_worded_again_is_the_tallys(
    yes: int, no: int, abstain: int, majority: Majority, quorum: int | None
) -> None:
    """The translation words the arithmetic from the board's numbers: in English, it must be
    exactly what core/tally.py wrote, for every tally and rule (else the other five languages
    are worded from a wrong reading of the board)."""
    from voteboard.core.board import Board, BoardOutcome, BoardTotals, BoardVote
    from voteboard.core.model import Mode

    members = max(yes + no + abstain, 1)
    tally = Tally(
        yes=yes, no=no, abstain=abstain, non_voting=members - yes - no - abstain, members=members
    )
    outcome = decide_outcome(tally, majority, quorum)
    board = Board(
        vote=BoardVote(
            id="v", symbol="S", title="", date=None, mode=Mode.RECORDED, majority=majority
        ),
        phase=Phase.LOCKED,
        members=(),
        totals=BoardTotals(yes=yes, no=no, abstain=abstain, non_voting=0, members=members),
        outcome=BoardOutcome(
            result=outcome.result,
            present_and_voting=outcome.present_and_voting,
            required=outcome.required,
        ),
        arithmetic=outcome.arithmetic,
        quorum=quorum,
    )
    assert arithmetic(board, Language.EN.words) == outcome.arithmetic
    for language in Language:
        worded = arithmetic(board, language.words)
        if quorum is not None and outcome.result.value == "no-quorum":
            assert str(quorum) in worded
        else:
            assert str(outcome.required) in worded
            assert str(yes) in worded


def test_a_board_in_french_names_the_members_and_words_the_result(
    un_roster: Roster, es_11_4: ImportedVote
) -> None:
    board = board_of_record(es_11_4, un_roster)
    names = Names(
        languages={
            Language.FR: {
                "AFG": MemberNames(today=LocalName(name="Afghanistan")),
                "GBR": MemberNames(
                    today=LocalName(
                        name="Royaume-Uni de Grande-Bretagne et d’Irlande du Nord",
                        label="Royaume-Uni",
                    )
                ),
                "TUR": MemberNames(
                    today=LocalName(name="Türkiye"),
                    former=(LocalName(name="Turquie", until=dt.date(2022, 6, 1)),),
                ),
            }
        }
    )
    french = Translation(Language.FR, names)(board)
    by_code = {m.code: m for m in french.members}
    assert by_code["GBR"].name == "Royaume-Uni"
    assert by_code["TUR"].name == "Türkiye"
    assert by_code["USA"].name == board.members[[m.code for m in board.members].index("USA")].name
    assert [m.light for m in french.members] == [m.light for m in board.members]
    assert french.model_dump(exclude={"members"}) == board.model_dump(exclude={"members"})
    assert footer_texts(french)[0] == "POUR 143    CONTRE 5    ABSTENTIONS 35    NON-VOTANTS 10"
    assert footer_texts(french)[1].endswith("= 99. Pour 143\u00a0: ADOPTÉ")
    assert header_texts(french, None)[2] == "RÉSULTAT DÉFINITIF"
    # The name of the day: a board of 2020 says Turquie.
    old = board.model_copy(
        update={"vote": board.vote.model_copy(update={"date": dt.date(2020, 1, 1)})}
    )
    assert {m.code: m.name for m in Translation(Language.FR, names)(old).members}[
        "TUR"
    ] == "Turquie"


def test_ordering_by_a_language_moves_the_members_not_their_lights(
    un_roster: Roster, es_11_4: ImportedVote
) -> None:
    board = board_of_record(es_11_4, un_roster)

    def key(name: str) -> tuple[int, str]:
        return (len(name), name)

    by_length = Translation(Language.EN, None, order=key)(board)
    expected = sorted(board.members, key=lambda m: key(m.name))
    assert [m.code for m in by_length.members] == [m.code for m in expected]
    assert [m.code for m in by_length.members] != [m.code for m in board.members]
    backwards = by_length
    assert {m.code: m.light for m in backwards.members} == {m.code: m.light for m in board.members}


def test_so_far_is_worded_from_the_totals() -> None:
    from voteboard.core.board import Board, BoardTotals, BoardVote
    from voteboard.core.model import Mode

    board = Board(
        vote=BoardVote(
            id="v",
            symbol="S",
            title="",
            date=None,
            mode=Mode.RECORDED,
            majority=Majority.TWO_THIRDS,
        ),
        phase=Phase.OPEN,
        members=(),
        totals=BoardTotals(yes=3, no=1, abstain=0, non_voting=189, members=193),
        outcome=None,
        so_far="SO FAR: PRESENT AND VOTING 4    REQUIRED MAJORITY 3",
    )
    assert so_far(board, Language.EN.words) == board.so_far
    assert so_far(board, Language.RU.words) == (
        "ПОКА: ПРИСУТСТВУЮТ И УЧАСТВУЮТ В ГОЛОСОВАНИИ 4    ТРЕБУЕМОЕ БОЛЬШИНСТВО 3"
    )


def test_a_comparisons_mark_points_from_the_first_light_in_arabic(
    un_roster: Roster, es_11_4: ImportedVote
) -> None:
    from voteboard.core.compare import MARK

    board = board_of_record(es_11_4, un_roster)
    marked = tuple(
        m.model_copy(update={"name": m.name + MARK + "Y"}) if m.code == "AGO" else m
        for m in board.members
    )
    names = Names(languages={Language.AR: {"AGO": MemberNames(today=LocalName(name="أنغولا"))}})
    arabic = Translation(Language.AR, names)(board.model_copy(update={"members": marked}))
    assert {m.code: m.name for m in arabic.members}["AGO"] == "أنغولا  → Y"
    french = Translation(Language.FR, Names())(board.model_copy(update={"members": marked}))
    assert {m.code: m.name for m in french.members}["AGO"].endswith("  ← Y")
