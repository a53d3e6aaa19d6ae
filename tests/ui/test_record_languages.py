"""The PDF record of a vote in the six languages, as its reader sees it: the annex's headings and
the result stated as the verbatim records of each language state them, the counts, the members
under their official names in the language, the day as the language writes it; Arabic from right
to left (its headings flush with the right margin, the head's table mirrored), Chinese and Arabic
drawn by their fonts, the headings as large on the page as in English; a secret ballot's record
never shows a choice; the signed head's values as they are typed, in every language.

poppler reads the PDFs back (`pdftotext` gives the text in logical order, Arabic in presentation
forms, which NFKC folds back to letters; `-bbox-layout` the lines' boxes) and draws them
(`pdftoppm`), and the drawn pages are measured: a heading must be drawn at its size, not only be
found in the text. The catalogs themselves are checked first (core/record_words.py)."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import string
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.clock import TickingClock
from voteboard.core.board import Board, board_of_record, board_of_vote
from voteboard.core.commands import (
    CastBallot,
    CloseVote,
    LockVote,
    OpenVote,
    PrepareVote,
    RecordCorrection,
    WithdrawRight,
)
from voteboard.core.languages import Language
from voteboard.core.model import Choice, Light, Majority, Mode, VoteSpec
from voteboard.core.names import LocalName, MemberNames, Names
from voteboard.core.record_words import (
    CONSOLE_WORDS,
    RECORD_WORDS,
    Counted,
    all_record_words,
    texts_of,
)
from voteboard.core.session import MemoryStore, Session
from voteboard.core.state import AssemblyState
from voteboard.journal.store import Checkpoint
from voteboard.resources import shipped_votes, un_names, un_roster

_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None
SHIPPED_FONTS = ("DejaVuSansCondensed", "NotoSansArabic", "NotoSansCJKscvoteboard")
needs_poppler = pytest.mark.skipif(not _POPPLER, reason="needs poppler's pdftotext and pdftoppm")
LANGUAGES = list(Language)
_MARGIN = 20 / 25.4 * 72  # the page's left and right margins, 20 mm, in points
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# ---- the catalogs ------------------------------------------------------------------------------


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _counted_paths(catalog: object) -> set[str]:
    """The paths of a catalog's counts: their forms differ from language to language."""
    return {
        where.rsplit(".", 1)[0]
        for where, _ in texts_of(catalog)
        if where.rsplit(".", 1)[-1] in {f for f in Counted.__dataclass_fields__}
    }


@pytest.mark.parametrize("catalogs", [RECORD_WORDS, CONSOLE_WORDS], ids=["record", "console"])
@pytest.mark.parametrize("language", LANGUAGES, ids=str)
def test_every_language_has_every_text_with_the_english_placeholders(
    catalogs: dict[Language, object], language: Language
) -> None:
    english = dict(texts_of(catalogs[Language.EN]))
    other = dict(texts_of(catalogs[language]))
    counts = _counted_paths(catalogs[Language.EN])
    plain = {k: v for k, v in other.items() if k.rsplit(".", 1)[0] not in counts}
    if language is not Language.EN:  # English prints the sources' own words for the meeting
        plain = {k: v for k, v in plain.items() if not k.startswith("meeting.")}
    assert plain.keys() == {k for k in english if k.rsplit(".", 1)[0] not in counts}
    for key, text in plain.items():
        assert text, (language, key)
        assert _fields(text) == _fields(english[key]), (language, key, text)
    for key, text in other.items():
        if key.rsplit(".", 1)[0] in counts or key.startswith("meeting."):
            assert _fields(text) <= {"n", "record"}, (language, key, text)
    for path in counts:  # a count has its `other` form in every language
        assert f"{path}.other" in other, (language, path)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang is not Language.EN])
def test_the_texts_are_translated(language: Language) -> None:
    """No text left in English by mistake (a text without letters aside)."""
    english = set(all_record_words(Language.EN))
    same = {
        text
        for text in all_record_words(language)
        if text in english and any(c.isalpha() for c in re.sub(r"\{\w+\}", "", text))
    }
    assert same <= {"No", "NO"}, same  # Spanish says No as English does
    meeting = RECORD_WORDS[language].meeting
    assert meeting is not None
    assert set(meeting.sessions) == {"", "ES", "S"}


def test_all_record_words_holds_every_text_of_both_catalogs() -> None:
    chinese = set(all_record_words(Language.ZH))
    for text in (
        "记录表决",
        "赞成",
        "星期三",
        "{n}票弃权",
        "第{n}次全体会议",
        "无记名投票",
        "弃权",
    ):
        assert text in chinese
    assert "在本次无记名投票中投“{choice}”票？投出后不能更改。" in chinese  # the console's
    arabic = set(all_record_words(Language.AR))
    assert {"صوت واحد", "{n} أصوات", "{n} صوتا", "الأربعاء", "نعم"} <= arabic


@pytest.mark.parametrize(
    ("language", "count", "votes", "abstentions"),
    [
        (Language.EN, 1, "1 vote", "with 1 abstention"),
        (Language.EN, 0, "0 votes", "with no abstentions"),
        (Language.FR, 1, "1 voix", "avec 1 abstention"),
        (Language.FR, 0, "0 voix", "sans abstention"),
        (Language.ES, 1, "1 voto", "y 1 abstención"),
        (Language.RU, 1, "1 голосом", "при 1 воздержавшемся"),
        (Language.RU, 21, "21 голосом", "при 21 воздержавшемся"),
        (Language.RU, 11, "11 голосами", "при 11 воздержавшихся"),
        (Language.RU, 0, "0 голосами", "при отсутствии воздержавшихся"),
        (Language.AR, 1, "صوت واحد", "وامتناع عضو واحد عن التصويت"),
        (Language.AR, 2, "صوتين", "وامتناع عضوين عن التصويت"),
        (Language.AR, 5, "5 أصوات", "وامتناع 5 أعضاء عن التصويت"),
        (Language.AR, 143, "143 صوتا", "وامتناع 143 عضوا عن التصويت"),
        (Language.AR, 100, "100 صوت", "وامتناع 100 عضو عن التصويت"),
        (Language.ZH, 1, "1票赞成", "1票弃权"),
    ],
)
def test_a_count_takes_the_plural_form_of_its_language(
    language: Language, count: int, votes: str, abstentions: str
) -> None:
    words = RECORD_WORDS[language]
    assert words.votes.words(count, words.plural) == votes
    assert words.abstentions.words(count, words.plural) == abstentions


def test_russian_counts_members_in_its_three_forms() -> None:
    words = RECORD_WORDS[Language.RU]
    said = {n: words.without_right.words(n, words.plural) for n in (1, 2, 5, 12, 22, 101)}
    assert said == {
        1: ", из них 1 член без права голоса",
        2: ", из них 2 члена без права голоса",
        5: ", из них 5 членов без права голоса",
        12: ", из них 12 членов без права голоса",
        22: ", из них 22 члена без права голоса",
        101: ", из них 101 член без права голоса",
    }


# ---- reading the PDFs back -----------------------------------------------------------------------


def plain(text: str) -> str:
    """Text as it reads: Arabic presentation forms folded back to letters (NFKC), without the
    direction marks pdftotext adds or Arabic's vowel marks (which it may set apart from their
    letter), one space between words."""
    # An Arabic vowel mark's presentation form folds to a space and the mark: out first.
    text = re.sub("[\ufc5e-\ufc63\ufe70-\ufe7f]", "", text)
    folded = _BIDI.sub("", unicodedata.normalize("NFKC", text))
    folded = re.sub(r"\s+(?=[\u064b-\u0652])", "", folded)  # a mark poppler set apart
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    return " ".join(folded.split())


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _words(text: str) -> list[str]:
    """The Arabic words of a text, in order."""
    return re.findall(r"[\u0621-\u064a\u0671-\u06d3]+", plain(text))  # letters, not "،"


def _others(text: str) -> set[str]:
    """The numbers and Latin words of a text (pdftotext moves them about an Arabic line)."""
    return set(re.findall(r"[0-9A-Za-z]+", plain(text)))


def says(text: str, phrase: str, language: Language) -> bool:
    """Whether the PDF's text says `phrase`. Chinese lines break anywhere (their breaks are
    dropped). pdftotext does not keep the order of an Arabic line's words around its digits,
    Latin words and punctuation: there all the words of `phrase` must be on one line, or on two
    lines in a row (a long sentence), or, for a phrase of letters alone, in order in the text
    (a name)."""
    if language is Language.ZH:
        return re.sub(r"\s", "", plain(phrase)) in re.sub(r"\s", "", plain(text))
    if language is not Language.AR:
        return plain(phrase) in plain(text)
    wanted, others = Counter(_words(phrase)), _others(phrase)
    if not others:
        found, n = _words(text), len(_words(phrase))
        if any(found[i : i + n] == _words(phrase) for i in range(len(found) - n + 1)):
            return True
    rows = [line for line in text.splitlines() if line.strip()]
    windows = [*rows, *(f"{a} {b}" for a, b in itertools.pairwise(rows))]
    return any(
        not wanted - Counter(_words(window)) and others <= _others(window) for window in windows
    )


@dataclass(frozen=True)
class Line:
    """A line of a page as poppler lays it out, in points from the page's top left."""

    text: str
    page: int
    left: float
    top: float
    right: float
    bottom: float


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
_LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
    re.DOTALL,
)
_WORD = re.compile(r"<word [^>]*>(.*?)</word>")


def lines(pdf: Path) -> list[Line]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for number, (_width, _height, body) in enumerate(_PAGE.findall(out)):
        for x0, y0, x1, y1, words in _LINE.findall(body):
            text = " ".join(html.unescape(w) for w in _WORD.findall(words))
            found.append(Line(text, number, float(x0), float(y0), float(x1), float(y1)))
    return found


def _letters(text: str) -> list[str]:
    return sorted(c for c in plain(text) if not c.isspace())


def line_of(found: list[Line], phrase: str) -> Line:
    """The line that holds exactly the letters of `phrase` (an Arabic line's glyphs may come
    in the order they are drawn)."""
    wanted = _letters(phrase)
    matches = [line for line in found if _letters(line.text) == wanted]
    assert matches, f"no line reads {phrase!r}"
    return matches[0]


def drawn(pdf: Path, folder: Path, dpi: int) -> list[object]:
    """The pages as pdftoppm draws them."""
    from PySide6.QtGui import QImage

    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "page")], check=True)
    return [QImage(str(f)) for f in sorted(folder.glob("page-*.png"))]


def ink(image: object, line: Line, dpi: int) -> tuple[int, int, int, int] | None:
    """The box of the dark pixels of a line (left, top, right, bottom, in pixels), searched
    from margin to margin within the line's band."""
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    scale = dpi / 72
    y0, y1 = int((line.top - 1) * scale), int((line.bottom + 1) * scale)
    x0, x1 = int((_MARGIN - 2) * scale), int(image.width() - (_MARGIN - 2) * scale)
    xs, ys = [], []
    for y in range(max(0, y0), min(image.height(), y1 + 1)):
        for x in range(x0, x1):
            if image.pixelColor(x, y).lightnessF() < 0.5:
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


# ---- the records -------------------------------------------------------------------------------

CHECKPOINT = Checkpoint(
    seq=1234,
    hash="ff00" * 16,  # "ff" must not print as a ligature (U+FB00), in Arabic either
    text="voteboard-head:1:" + "0f1e" * 8 + ":1234:" + "ff00" * 16,
    signature="QUJDRGVm" * 11,
    hall_key="be" * 32,
)
THREE = {
    # Afghanistan, the United Kingdom and Bolivia under their official names (UNSD M49).
    Language.EN: (
        "Afghanistan",
        "United Kingdom of Great Britain and Northern Ireland",
        "Bolivia (Plurinational State of)",
    ),
    Language.FR: (
        "Afghanistan",
        "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord",
        "Bolivie (État plurinational de)",
    ),
    Language.ES: (
        "Afganistán",
        "Reino Unido de Gran Bretaña e Irlanda del Norte",
        "Bolivia (Estado Plurinacional de)",
    ),
    Language.RU: (
        "Афганистан",
        "Соединенное Королевство Великобритании и Северной Ирландии",
        "Боливия (Многонациональное Государство)",
    ),
    Language.ZH: ("阿富汗", "大不列颠及北爱尔兰联合王国", "多民族玻利维亚国"),
    Language.AR: (
        "أفغانستان",
        "المملكة المتحدة لبريطانيا العظمى وآيرلندا الشمالية",
        "دولة بوليفيا المتعددة القوميات",
    ),
}
NAMES = Names(
    about="three members, by hand, for the test",
    languages={
        language: {
            code: MemberNames(today=LocalName(name=name))
            for code, name in zip(("AFG", "GBR", "BOL"), three, strict=True)
        }
        for language, three in THREE.items()
        if language is not Language.EN
    },
)


@dataclass(frozen=True)
class Said:
    """What a record of A/RES/ES-11/4 says in a language."""

    organisation: str
    session: str
    meeting: str
    day: str
    mode: str
    secret: str
    lists: tuple[str, str, str, str]
    result: str
    page: str


SAID = {
    Language.EN: Said(
        "United Nations",
        "Eleventh emergency special session",
        "14th plenary meeting, A/ES-11/PV.14",
        "Wednesday, 12 October 2022",
        "Recorded vote",
        "Secret ballot",
        ("In favour: 143", "Against: 5", "Abstaining: 35", "Non-voting: 10"),
        "Adopted by 143 votes to 5, with 35 abstentions.",
        "Page 1 of 2",
    ),
    Language.FR: Said(
        "Nations Unies",
        "11e session extraordinaire d’urgence",
        "14e séance plénière, A/ES-11/PV.14",
        "Mercredi 12 octobre 2022",
        "Vote enregistré",
        "Scrutin secret",
        ("Votent pour : 143", "Votent contre : 5", "S’abstiennent : 35", "Non-votants : 10"),
        "Adopté par 143 voix contre 5, avec 35 abstentions.",
        "Page 1 sur 2",
    ),
    Language.ES: Said(
        "Naciones Unidas",
        "11.º período extraordinario de sesiones de emergencia",
        "14.ª sesión plenaria, A/ES-11/PV.14",
        "Miércoles 12 de octubre de 2022",
        "Votación registrada",
        "Votación secreta",
        ("Votos a favor: 143", "Votos en contra: 5", "Abstenciones: 35", "No votantes: 10"),
        "Queda aprobado por 143 votos contra 5 y 35 abstenciones.",
        "Página 1 de 2",
    ),
    Language.RU: Said(
        "Организация Объединенных Наций",
        "11-я чрезвычайная специальная сессия",
        "14-е пленарное заседание, A/ES-11/PV.14",
        "Среда, 12 октября 2022 года",
        "Заносимое в отчет о заседании голосование",
        "Тайное голосование",
        ("Голосовали за: 143", "Голосовали против: 5", "Воздержались: 35", "Не голосовали: 10"),
        "Принят 143 голосами против 5 при 35 воздержавшихся.",
        "Страница 1 из 2",
    ),
    Language.ZH: Said(
        "联合国",
        "第11届紧急特别会议",
        "第14次全体会议，A/ES-11/PV.14",
        "2022年10月12日星期三",
        "记录表决",
        "无记名投票",
        ("赞成：143", "反对：5", "弃权：35", "未参加表决：10"),
        "以143票赞成、5票反对、35票弃权获得通过。",
        "第 1 页，共 2 页",
    ),
    Language.AR: Said(
        "الأمم المتحدة",
        "الدورة الاستثنائية الطارئة 11",
        "الجلسة العامة 14، A/ES-11/PV.14",
        "الأربعاء، 12 تشرين الأول/أكتوبر 2022",
        "تصويت مسجل",
        "اقتراع سري",
        ("المؤيدون: 143", "المعارضون: 5", "الممتنعون: 35", "غير المصوتين: 10"),
        "اعتُمد بأغلبية 143 صوتا مقابل 5 أصوات، وامتناع 35 عضوا عن التصويت.",
        "الصفحة 1 من 2",
    ),
}


@pytest.fixture(scope="module")
def es_11_4_pdfs(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> dict[Language, Path]:
    """The record of A/RES/ES-11/4, as `voteboard export` makes it, in each language."""
    from voteboard.ui.record import write_pdf

    vote = next(v for v in shipped_votes() if v.symbol == "A/RES/ES-11/4")
    roster = un_roster()
    board = board_of_record(vote, roster)
    session, meeting = vote.heading()
    folder = tmp_path_factory.mktemp("records")
    pdfs = {}
    for language in LANGUAGES:
        pdf = folder / f"es-11-4-{language}.pdf"
        write_pdf(
            board,
            pdf,
            roster,
            CHECKPOINT,
            session=session,
            meeting=meeting,
            language=language,
            names=NAMES,
        )
        pdfs[language] = pdf
    return pdfs


@needs_poppler
@pytest.mark.parametrize("language", LANGUAGES, ids=str)
def test_the_record_of_es_11_4_reads_like_the_verbatim_record_in_each_language(
    es_11_4_pdfs: dict[Language, Path], language: Language
) -> None:
    text = pdf_text(es_11_4_pdfs[language])
    said = SAID[language]
    for phrase in (said.organisation, said.session, said.meeting, said.day, said.mode):
        assert says(text, phrase, language), phrase
    for heading in said.lists:
        assert says(text, heading, language), heading
    assert says(text, said.result, language), said.result
    assert says(text, said.page, language), said.page
    for name in THREE[language]:
        assert says(text, name, language), name
    assert not says(text, said.secret, language)
    if language is not Language.EN:  # nothing of the English record left
        for english in ("In favour", "Abstaining", "Adopted by", "Total membership", "Page 1 of"):
            assert english not in text, english
    # What was recorded stays as it was written: the symbol, the title, the signed head.
    assert "A/RES/ES-11/4" in text
    assert "Territorial integrity of Ukraine" in plain(text)
    words = plain(text).split()
    half = len(CHECKPOINT.signature) // 2
    for value in (
        f"{CHECKPOINT.seq}:{CHECKPOINT.hash}",
        CHECKPOINT.signature[:half],
        CHECKPOINT.signature[half:],
        CHECKPOINT.hall_key,
        "0f1e" * 8,
    ):
        assert value in words, value
    assert "voteboard verify --head 1234:HASH" in plain(text)  # on one line, as it is typed
    if language is not Language.AR:  # Arabic names "the same option" rather than --head again
        assert plain(text).count("--head") == 2
    assert not re.search("[\ufb00-\ufb06]", text)  # no ligature in a value
    # Every glyph from a font voteboard ships (pdffonts): none borrowed from the machine,
    # which a hall's machine may not have (it failed against a CJK cut without these words).
    fonts = subprocess.run(
        ["pdffonts", str(es_11_4_pdfs[language])], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    embedded = [line.split()[0].split("+")[-1] for line in fonts if line.strip()]
    assert embedded
    assert all(name.startswith(SHIPPED_FONTS) for name in embedded), embedded


@needs_poppler
def test_the_members_names_are_the_shipped_catalogs_by_default(
    qapp: object, tmp_path: Path
) -> None:
    from voteboard.ui.record import write_pdf

    vote = next(v for v in shipped_votes() if v.symbol == "A/RES/ES-11/4")
    roster = un_roster()
    pdf = tmp_path / "fr.pdf"
    write_pdf(board_of_record(vote, roster), pdf, roster, language=Language.FR)
    text = pdf_text(pdf)
    names = un_names()
    for code in ("ALB", "DEU", "GBR", "BLR", "DZA"):
        local = names.names_of(code, Language.FR)
        assert local is not None
        assert says(text, local.on(vote.date).name, Language.FR), code
    assert "Albania" not in text
    assert says(text, "Le journal n’avait encore aucun point de contrôle signé", Language.FR)


@needs_poppler
def test_the_arabic_record_reads_from_right_to_left(
    es_11_4_pdfs: dict[Language, Path], tmp_path: Path
) -> None:
    arabic, english = lines(es_11_4_pdfs[Language.AR]), lines(es_11_4_pdfs[Language.EN])
    width = 595.0
    right = width - _MARGIN
    said = SAID[Language.AR]
    for phrase in (said.organisation, said.mode, said.lists[0], said.lists[3]):
        line = line_of(arabic, phrase)
        assert abs(line.right - right) < 1, f"{phrase!r} ends at {line.right}, not the margin"
        assert line.left > width / 2, f"{phrase!r} starts at {line.left}"
    # The head's table mirrored: the symbol at the left, the organisation at the right.
    symbol = next(line for line in arabic if line.text == "A/RES/ES-11/4" and line.top < 100)
    assert abs(symbol.left - _MARGIN) < 1
    # The names run from the right margin, indented there; the values of the signed head
    # stay left to right, whole.
    names = line_of(arabic, said.lists[0])
    after = next(line for line in arabic if line.page == 0 and line.top > names.bottom)
    assert 15 < right - after.right < 24  # the names' indent (18 pt in English), at the right
    # Drawn: the heading's ink is at the right of the page, the English one's at the left.
    dpi = 50
    page = drawn(es_11_4_pdfs[Language.AR], tmp_path / "ar", dpi)[0]
    box = ink(page, line_of(arabic, said.mode), dpi)
    assert box is not None
    assert box[0] > page.width() / 2  # type: ignore[attr-defined]
    assert abs(box[2] - right * dpi / 72) <= 2
    page = drawn(es_11_4_pdfs[Language.EN], tmp_path / "en", dpi)[0]
    box = ink(page, line_of(english, "Recorded vote"), dpi)
    assert box is not None
    assert box[2] < page.width() / 2  # type: ignore[attr-defined]
    assert abs(box[0] - _MARGIN * dpi / 72) <= 2


@needs_poppler
@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang is not Language.EN])
def test_the_headings_are_drawn_at_the_size_of_the_english_ones(
    es_11_4_pdfs: dict[Language, Path], language: Language, tmp_path: Path
) -> None:
    """Each heading's ink, measured on the drawn page, is as tall as the English heading's
    (within what the scripts' letters differ by), and as much taller than the names as in
    English: a heading drawn at 1.4 pt, or at the size of the names, is seen."""
    dpi = 100
    heights = {}
    for lang in (Language.EN, language):
        found = lines(es_11_4_pdfs[lang])
        page = drawn(es_11_4_pdfs[lang], tmp_path / str(lang), dpi)[0]
        said = SAID[lang]
        boxes = [ink(page, line_of(found, phrase), dpi) for phrase in (said.mode, said.lists[0])]
        assert all(boxes)
        names = line_of(found, said.lists[0])
        body = next(line for line in found if line.page == 0 and line.top > names.bottom)
        heights[lang] = (
            [box[3] - box[1] + 1 for box in boxes if box],
            names.bottom - names.top,
            body.bottom - body.top,
        )
    (english, english_line, english_body), (other, other_line, other_body) = (
        heights[Language.EN],
        heights[language],
    )
    for ours, theirs in zip(other, english, strict=True):
        assert 0.75 * theirs <= ours <= 1.6 * theirs, f"{ours} px against {theirs} px in English"
    # 12 pt against 10 pt, as in English (poppler's line boxes scale with the font's size).
    assert abs(other_line / other_body - english_line / english_body) < 0.05


# ---- votes run here: secret ballots, corrections, Article 19 ----------------------------------


def _session() -> Session:
    return Session(MemoryStore(), AssemblyState.initial(un_roster()), clock=TickingClock())


def secret_ballot(closed: bool) -> Board:
    """A secret ballot: 60 in favour, 20 against, 10 abstaining, open or closed (provisional)."""
    session = _session()
    spec = VoteSpec(
        symbol="A/78/L.99",
        title="Question put to a secret ballot",
        mode=Mode.SECRET,
        majority=Majority.SIMPLE,
    )
    session.execute(PrepareVote(at=session.clock(), vote="s1", spec=spec))
    session.execute(OpenVote(at=session.clock()))
    codes = un_roster().codes
    for i, code in enumerate(codes[:90]):
        choice = Choice.YES if i < 60 else Choice.NO if i < 80 else Choice.ABSTAIN
        session.execute(CastBallot(at=session.clock(), member=code, choice=choice))
    if closed:
        session.execute(CloseVote(at=session.clock()))
    return board_of_vote(session.state.votes["s1"], un_roster())


SECRET_RESULT = {
    Language.EN: "Adopted (provisional) by 60 votes to 20, with 10 abstentions.",
    Language.FR: "Adopté (à titre provisoire) par 60 voix contre 20, avec 10 abstentions.",
    Language.ES: (
        "Queda aprobado (con carácter provisional) por 60 votos contra 20 y 10 abstenciones."
    ),
    Language.RU: "Принят (предварительно) 60 голосами против 20 при 10 воздержавшихся.",
    Language.ZH: "以60票赞成、20票反对、10票弃权获得通过（临时结果）。",
    Language.AR: "اعتُمد (بصفة مؤقتة) بأغلبية 60 صوتا مقابل 20 صوتا، وامتناع 10 أعضاء عن التصويت.",
}


@needs_poppler
@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
@pytest.mark.parametrize("language", LANGUAGES, ids=str)
def test_a_secret_ballots_record_names_who_took_part_never_a_choice(
    qapp: object, tmp_path: Path, language: Language, closed: bool
) -> None:
    from voteboard.ui.record import record_html, write_pdf

    board = secret_ballot(closed)
    pdf = tmp_path / "secret.pdf"
    write_pdf(board, pdf, un_roster(), language=language, names=NAMES)
    text = pdf_text(pdf)
    words = RECORD_WORDS[language]
    said = SAID[language]
    assert says(text, said.secret, language)
    assert not says(text, said.mode, language)
    took_part = words.counted_heading.format(heading=words.took_part, count=90)
    assert says(text, took_part, language), took_part
    assert says(text, words.secret_note, language)
    status = words.provisional_result if closed else words.not_ended
    assert says(text, status, language), status
    # No list of a choice, and no member named after the list of those that took part (a
    # name beside a choice), in what the PDF is made from.
    made = record_html(board, un_roster(), language=language, names=NAMES)
    for light in (Light.YES, Light.NO, Light.ABSTAIN):
        heading = words.counted_heading.format(heading=words.lists[light], count="").strip()
        assert html.escape(heading) not in made, heading
    listed, after = made.split(html.escape(words.secret_note))
    for name in (THREE[language][0], THREE[language][2]):  # Afghanistan and Bolivia voted
        assert html.escape(name) in listed
        assert html.escape(name) not in after
    if closed:
        assert says(text, SECRET_RESULT[language], language), SECRET_RESULT[language]
    else:
        assert not says(text, SECRET_RESULT[language], language)


CORRECTED = {
    Language.EN: (
        "The delegation of Kenya informed the Secretariat that it had intended to vote against "
        '(note: "pressed the wrong button").',
        "Total membership: 193; non-voting: 151, of whom 1 without the right to vote.",
    ),
    Language.FR: (
        "Kenya : la délégation a informé le Secrétariat qu’elle avait eu l’intention de voter "
        "contre (note : « pressed the wrong button »).",
        "Nombre total de membres : 193 ; non-votants : 151, dont 1 privé du droit de vote.",
    ),
    Language.RU: (
        "Кения: делегация уведомила Секретариат о том, что намеревалась голосовать против "
        "(примечание: «pressed the wrong button»).",
        "Всего членов: 193; не голосовали: 151, из них 1 член без права голоса.",
    ),
    Language.AR: (
        "كينيا: أبلغ الوفد الأمانة العامة بأنه كان ينوي التصويت معارضا",
        "مجموع الأعضاء: 193؛ غير المصوتين: 151، منهم عضو واحد محروم من حق التصويت.",
    ),
}


@needs_poppler
@pytest.mark.parametrize("language", list(CORRECTED), ids=str)
def test_corrections_and_article_19_are_worded_in_the_language(
    qapp: object, tmp_path: Path, language: Language
) -> None:
    from voteboard.ui.record import write_pdf

    session = _session()
    session.execute(WithdrawRight(at=session.clock(), member="AFG"))
    spec = VoteSpec(symbol="A/ES-11/L.5", title="Territorial integrity of Ukraine")
    session.execute(PrepareVote(at=session.clock(), vote="v1", spec=spec))
    session.execute(OpenVote(at=session.clock()))
    for code, choice in (("KEN", Choice.YES), ("UKR", Choice.YES), ("IND", Choice.ABSTAIN)):
        session.execute(CastBallot(at=session.clock(), member=code, choice=choice))
    for code in un_roster().codes[:40]:
        if code not in ("AFG", "KEN", "IND", "UKR"):
            session.execute(CastBallot(at=session.clock(), member=code, choice=Choice.NO))
    session.execute(CloseVote(at=session.clock()))
    session.execute(LockVote(at=session.clock()))
    note = "pressed the wrong button"
    session.execute(
        RecordCorrection(at=session.clock(), member="KEN", intended=Choice.NO, note=note)
    )
    board = board_of_vote(session.state.votes["v1"], un_roster())
    pdf = tmp_path / "corrected.pdf"
    write_pdf(board, pdf, un_roster(), language=language)  # the shipped names
    text = pdf_text(pdf)
    correction, membership = CORRECTED[language]
    if language is not Language.EN:
        kenya = un_names().names_of("KEN", language)
        assert kenya is not None
        correction = correction.replace(THREE_KENYA[language], kenya.today.name)
    assert says(text, correction, language), correction
    assert says(text, membership, language), membership
    assert says(text, RECORD_WORDS[language].corrections_note, language)


THREE_KENYA = {Language.FR: "Kenya", Language.RU: "Кения", Language.AR: "كينيا"}
"""Kenya as the expected sentences name it (the shipped catalog's name is put in its place)."""
