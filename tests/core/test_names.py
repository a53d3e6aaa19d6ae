# ruff: noqa: RUF001, RUF002, RUF003
# The names are written as each language writes them (Cyrillic, Arabic, Chinese).
"""The members' names in the five languages other than English (assets/names-un.json): a name
for every member in each, clean of the M49 tables' placeholders, labels that fit the board's
cells, names of the day on the roster's days, and gaps that say exactly which are not known."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from voteboard.core.languages import Language
from voteboard.core.names import LocalName, Names
from voteboard.core.roster import Member, Roster
from voteboard.resources import asset_path, un_names, un_roster

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
LANGUAGES = [language for language in Language if language is not Language.EN]


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_un_names", ROOT / "scripts" / "build_un_names.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT: Any = _load_script()


@pytest.fixture(scope="module")
def names() -> Names:
    return un_names()


@pytest.fixture(scope="module")
def roster() -> Roster:
    return un_roster()


def _everyone(roster: Roster) -> list[Member]:
    return [*roster.members, *roster.former_members]


def _width(text: str) -> int:
    """A board cell's measure: a Chinese character is as wide as two Latin letters."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _locals(names: Names, language: Language) -> list[tuple[str, LocalName]]:
    return [
        (code, local)
        for code, member in names.languages[language].items()
        for local in (member.today, *member.former)
    ]


def test_the_asset_validates_and_names_its_source(names: Names) -> None:
    assert set(names.languages) == set(LANGUAGES)
    assert set(names.gaps) == set(LANGUAGES)
    assert "M49" in names.about
    assert "25c1991" in names.about
    assert "scripts/build_un_names.py" in names.about


def test_every_member_and_former_member_has_a_name_today_in_each_language(
    names: Names, roster: Roster
) -> None:
    codes = {m.code for m in _everyone(roster)}
    assert len(codes) == 193 + 5
    for language in LANGUAGES:
        assert set(names.languages[language]) == codes
        for code in codes:
            member = names.names_of(code, language)
            assert member is not None
            assert member.today.name
            assert member.today.until is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_name_carries_a_placeholder_or_stray_spaces(names: Names, language: Language) -> None:
    for code, local in _locals(names, language):
        for text in filter(None, (local.name, local.label)):
            assert "_" not in text, (code, text)
            # The UN's Arabic writes two names with a spaced hyphen (غينيا - بيساو): a hyphen of
            # the name. A placeholder is the `-` of an index form, within brackets.
            if " - " in text:
                assert (language, code) in {(Language.AR, "GNB"), (Language.AR, "TLS")}, text
            assert not re.search(r"\([^)]*(?: - |_)[^)]*\)", text), (code, text)
            assert text == text.strip(), (code, text)
            assert "  " not in text, (code, text)
            assert not any(unicodedata.category(c).startswith("C") for c in text), (code, text)


def test_the_arabic_index_forms_are_written_out(names: Names) -> None:
    def arabic(code: str) -> str:
        member = names.names_of(code, Language.AR)
        assert member is not None
        return member.today.name

    assert arabic("NLD") == "مملكة هولندا"
    assert arabic("BOL") == "دولة بوليفيا المتعددة القوميات"
    assert arabic("IRN") == "جمهورية إيران الإسلامية"
    assert arabic("FSM") == "ولايات ميكرونيزيا الموحدة"
    assert arabic("VEN") == "جمهورية فنزويلا البوليفارية"
    assert arabic("GNB") == "غينيا - بيساو"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_language_writes_its_apostrophes_one_way(names: Names, language: Language) -> None:
    """As its M49 table does (French and Spanish ’, Russian '): nothing is normalised, and a
    curated name follows the table."""
    written = "".join(text for _, local in _locals(names, language) for text in names_texts(local))
    assert not ("'" in written and "’" in written)
    if language is Language.FR:
        assert "'" not in written
    if language is Language.RU:
        assert "ё" not in written.lower()  # the UN's Russian writes е


def names_texts(local: LocalName) -> tuple[str, ...]:
    return (local.name, local.label) if local.label else (local.name,)


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_are_shorter_and_fit_the_cell_of_the_english_board(
    names: Names, roster: Roster, language: Language
) -> None:
    """The board's cells are made for the English board: no board label is wider than its
    widest (27, United Republic of Cameroon), a Chinese character counting two."""
    bound = max(_width(label) for member in _everyone(roster) for _, _, label in member.names())
    assert bound == SCRIPT.english_board_width(SCRIPT.read_roster())
    assert bound <= 40
    for code, local in _locals(names, language):
        if local.label is not None:
            assert _width(local.label) < _width(local.name), (code, local)
        assert _width(local.board_label) <= bound, (code, local.board_label)


def test_a_label_in_every_language_where_the_english_roster_has_one(
    names: Names, roster: Roster
) -> None:
    for member in roster.members:
        if member.label is None:
            continue
        for language in LANGUAGES:
            local = names.names_of(member.code, language)
            assert local is not None
            # None only where the name is as short as a label would be (Сент-Винсент и Гренадины).
            assert local.today.label is not None or _width(local.today.name) <= _width(
                member.label
            ), (member.code, language)


def test_the_short_forms_of_the_united_kingdom_and_the_ussr(names: Names, roster: Roster) -> None:
    def label(code: str, language: Language, day: date | None = None) -> str | None:
        return names.label_on(code, language, day)

    assert label("GBR", Language.FR) == "Royaume-Uni"
    assert label("GBR", Language.ES) == "Reino Unido"
    assert label("GBR", Language.RU) == "Соединенное Королевство"
    assert label("GBR", Language.ZH) == "英国"
    assert label("GBR", Language.AR) == "المملكة المتحدة"
    ussr = date(1980, 1, 1)
    russia = roster.get("RUS")
    assert russia is not None
    assert names.name_on(russia, Language.RU, ussr) == (
        "Союз Советских Социалистических Республик",
        "СССР",
    )
    assert label("RUS", Language.FR, ussr) == "URSS"
    assert label("RUS", Language.ES, ussr) == "URSS"
    assert label("RUS", Language.ZH, ussr) == "苏联"
    assert label("RUS", Language.AR, ussr) == "الاتحاد السوفياتي"
    assert label("RUS", Language.RU) == "Российская Федерация"


def test_turkey_is_turquie_in_2000_and_turkiye_today(names: Names, roster: Roster) -> None:
    turkey = roster.get("TUR")
    assert turkey is not None
    assert names.name_on(turkey, Language.FR, date(2000, 1, 1)) == ("Turquie", "Turquie")
    assert names.name_on(turkey, Language.FR, None) == ("Türkiye", "Türkiye")
    assert names.name_on(turkey, Language.FR, date(2022, 6, 1)) == ("Türkiye", "Türkiye")
    assert names.name_on(turkey, Language.ES, date(2000, 1, 1))[0] == "Turquía"
    # Unchanged in Russian, Chinese and Arabic: no name of the day is needed there.
    for language, name in (
        (Language.RU, "Турция"),
        (Language.ZH, "土耳其"),
        (Language.AR, "تركيا"),
    ):
        member = names.names_of("TUR", language)
        assert member is not None
        assert member.former == ()
        assert names.name_on(turkey, language, date(2000, 1, 1))[0] == name


def test_english_is_the_rosters(names: Names, roster: Roster) -> None:
    turkey = roster.get("TUR")
    assert turkey is not None
    assert names.name_on(turkey, Language.EN, date(2000, 1, 1)) == ("Turkey", "Turkey")
    assert names.name_on(turkey, Language.EN, None) == ("Türkiye", "Türkiye")
    assert names.label_on("GBR", Language.EN, None) is None


def test_a_member_unknown_to_the_catalog_keeps_its_roster_name(names: Names) -> None:
    stranger = Member(code="XXX", name="Xland")
    for language in Language:
        assert names.name_on(stranger, language, date(2000, 1, 1)) == ("Xland", "Xland")
        assert names.label_on("XXX", language, None) is None


def test_a_board_of_1970_shows_the_former_members_and_the_names_of_the_day(
    names: Names, roster: Roster
) -> None:
    day = date(1970, 1, 1)
    czechoslovakia = roster.known("CSK")
    assert czechoslovakia is not None
    expected = {
        Language.AR: "تشيكوسلوفاكيا",
        Language.ES: "Checoslovaquia",
        Language.FR: "Tchécoslovaquie",
        Language.RU: "Чехословакия",
        Language.ZH: "捷克斯洛伐克",
    }
    for language, name in expected.items():
        assert names.name_on(czechoslovakia, language, day) == (name, name)
    cambodia = roster.get("KHM")
    assert cambodia is not None
    assert names.name_on(cambodia, Language.RU, date(1965, 1, 1))[0] == "Камбоджа"
    assert names.name_on(cambodia, Language.RU, date(1972, 1, 1))[0] == "Кхмерская Республика"
    assert names.name_on(cambodia, Language.RU, date(1980, 1, 1))[0] == "Демократическая Кампучия"
    assert names.name_on(cambodia, Language.RU, None)[0] == "Камбоджа"


def test_every_name_of_the_day_ends_on_a_day_of_the_english_roster(
    names: Names, roster: Roster
) -> None:
    for member in _everyone(roster):
        days = {former.until for former in member.former}
        for language in LANGUAGES:
            local = names.names_of(member.code, language)
            assert local is not None
            untils = [former.until for former in local.former if former.until is not None]
            assert len(untils) == len(local.former), (member.code, language)
            assert all(until in days for until in untils), (member.code, language, untils)
            assert untils == sorted(untils), (member.code, language)
            assert len(set(untils)) == len(untils)


_GAP = re.compile(r"(?P<code>[A-Z]{3}) until (?P<until>\d{4}-\d{2}-\d{2}) \((?P<name>.+)\)")


def test_the_gaps_are_exactly_the_names_of_the_day_not_known(names: Names, roster: Roster) -> None:
    """For every English name of the day and every language, exactly one of: the language's
    name of that day is in the asset (ending on that day); it is the same as the next name in
    the language (Turkey, Турция: none is needed); or it is not known, and listed in `gaps`."""
    for language in LANGUAGES:
        gaps = set(names.gaps[language])
        assert len(gaps) == len(names.gaps[language])
        for entry in gaps:
            match = _GAP.fullmatch(entry)
            assert match is not None, entry
            member = roster.known(match["code"])
            assert member is not None
            assert (date.fromisoformat(match["until"]), match["name"]) in {
                (f.until, f.name) for f in member.former
            }
        for member in _everyone(roster):
            local = names.names_of(member.code, language)
            assert local is not None
            held = {f.until: f for f in local.former}
            curated = {until: known for until, _, known in SCRIPT.FORMER.get(member.code, [])}
            for former in member.former:
                gap = f"{member.code} until {former.until.isoformat()} ({former.name})"
                known = curated[former.until.isoformat()].get(language.value)
                if known is None:
                    assert gap in gaps
                    assert former.until not in held
                    continue
                assert gap not in gaps
                name = known if isinstance(known, str) else known[0]
                if former.until in held:
                    assert held[former.until].name == name
                else:
                    # Unchanged: the name in force from that day is the same.
                    assert local.on(former.until).name == name, (member.code, language, name)


def test_the_gaps_of_this_build(names: Names) -> None:
    """What is not known with confidence (the board shows the next name known then)."""
    assert names.gaps[Language.RU] == ("PHL until 1947-01-01 (Philippine Republic)",)
    assert names.gaps[Language.ZH] == ("PHL until 1947-01-01 (Philippine Republic)",)
    assert "MYS until 1963-09-16 (Federation of Malaya)" in names.gaps[Language.FR]
    assert "TZA until 1964-04-26 (Tanganyika)" in names.gaps[Language.AR]


def test_the_script_reproduces_the_asset_byte_for_byte() -> None:
    if not (DATA / "un-names").is_dir():
        pytest.skip(f"{DATA / 'un-names'} is absent")
    built = SCRIPT.build(DATA)
    assert built.encode("utf-8") == asset_path("names-un.json").read_bytes()
    assert SCRIPT.build(DATA) == built
