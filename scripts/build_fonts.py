"""Builds the fonts voteboard ships for Arabic and Chinese (assets/fonts/, read by ui/theme.py).

Run by a maintainer, with the dev dependencies (fontTools) and two Debian packages:
    apt-get install fonts-noto-core fonts-noto-cjk
    python scripts/build_fonts.py
Noto Sans Arabic (fonts-noto-core) is copied unmodified: its two files are 250 kB each. Noto
Sans CJK SC (fonts-noto-cjk; the SC face of NotoSansCJK-Regular.ttc and -Bold.ttc, 20 MB each)
is cut down with fontTools' subsetter to the characters voteboard draws in Chinese and renamed
"Noto Sans CJK SC voteboard" (the OFL reserves "Source" for a Modified Version of Noto CJK; the
new name has no "Source"), so that a machine with the whole font installed cannot stand in for
it unseen. Two runs give byte-identical files: the fonts keep the Debian files' timestamps.

The characters are every text of the catalog in Chinese (`all_words`, with the digits and the
colon its placeholders are filled with), the days of every month, every Chinese name and label
of the members (`un_names()`), the PDF record's and the console's words
(`all_record_words`), and any wide (CJK) character of the other five languages'
texts. All of a Chinese text's characters are kept, its ASCII digits and punctuation included,
so that a change of the order of the families (DejaVu first) cannot leave one undrawn.

    python scripts/build_fonts.py --check
compares those characters with the shipped fonts' cmaps and exits 1 naming the missing ones (a
word added to the catalog, a name changed, without the font cut again), or when the shipped
fonts hold more than those characters and a margin (a stale cut). It reads only the shipped
files: CI runs it through tests/ui/test_glyphs.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import string
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from voteboard.core.languages import Language, all_words, day_words
from voteboard.core.record_words import all_record_words

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "assets" / "fonts"

ARABIC_PACKAGE = "fonts-noto-core"
ARABIC = {
    "NotoSansArabic-Regular.ttf": Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf"),
    "NotoSansArabic-Bold.ttf": Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf"),
}
CJK_PACKAGE = "fonts-noto-cjk"
CJK_SOURCE_FAMILY = "Noto Sans CJK SC"
CJK_FAMILY = "Noto Sans CJK SC voteboard"
"""ui/theme.py's CJK_FAMILY (the test of the glyphs checks they agree)."""
CJK_POSTSCRIPT = "NotoSansCJKscvoteboard"
CJK = {
    # style: (the Debian collection, the shipped file)
    "Regular": (
        Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
        "NotoSansCJKsc-voteboard-Regular.otf",
    ),
    "Bold": (
        Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
        "NotoSansCJKsc-voteboard-Bold.otf",
    ),
}
MARGIN = 16
"""How many characters the shipped cut may hold beyond those needed before --check calls it
stale (a word taken out of the catalog leaves its characters until the next cut)."""

FILL = "1234567890"
"""What a placeholder is filled with: counts and numbers are digits in every language."""
TIME = "12:34"
"""A {time}: minutes and seconds (core/wording.py)."""

Note = Callable[[str], None]


def filled(text: str) -> str:
    """A catalog text with its placeholders filled as the board fills them: digits, or a time."""
    parts: list[str] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(text):
        parts.append(literal)
        if field is not None:
            parts.append(TIME if field == "time" else FILL)
    return "".join(parts)


def _days() -> Iterator[dt.date]:
    """A first and a later day of every month (French writes the first day otherwise)."""
    for month in range(1, 13):
        yield dt.date(2022, month, 1)
        yield dt.date(2022, month, 12)


def _names(language: Language) -> Iterator[str]:
    """Every member's name and label in a language: the catalog's, and the roster's English."""
    from voteboard import resources

    if language is Language.EN:
        roster = resources.un_roster()
        for member in (*roster.members, *roster.former_members):
            yield member.name
            if member.label:
                yield member.label
            for former in member.former:
                yield former.name
                if former.label:
                    yield former.label
        return
    yield from resources.un_names().texts(language)


def texts(language: Language) -> list[str]:
    """Every string voteboard draws in a language, its placeholders filled."""
    result = [filled(text) for text in all_words(language)]
    result.extend(day_words(day, language) for day in _days())
    result.extend(_names(language))
    result.extend(filled(text) for text in all_record_words(language))
    return result


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def needed_characters() -> set[str]:
    """The characters the CJK cut must hold: all of every Chinese text's (but control
    characters), the digits, and the wide characters of the other languages' texts."""
    chars = set(string.digits)
    for language in Language:
        keep = (lambda _c: True) if language is Language.ZH else _wide
        for text in texts(language):
            chars.update(c for c in text if keep(c))
    return {c for c in chars if unicodedata.category(c) != "Cc"}


def _fonttools() -> Any:
    try:
        from fontTools import subset, ttLib  # type: ignore[import-untyped]
    except ImportError:
        raise SystemExit(
            "fontTools is missing: install voteboard's dev dependencies (pip install -e '.[dev]')"
        ) from None
    return subset, ttLib


def _source(path: Path, package: str) -> Path:
    if not path.is_file():
        raise SystemExit(
            f"{path} is missing: install Debian's {package} (apt-get install {package})"
        )
    return path


def _face(ttlib: Any, collection: Path, style: str) -> Any:
    """The SC face of a Noto Sans CJK collection, found by its name table."""
    faces = ttlib.TTCollection(str(collection), lazy=True)
    for index, face in enumerate(faces.fonts):
        name = face["name"]
        if name.getDebugName(1) == CJK_SOURCE_FAMILY and name.getDebugName(2) == style:
            return ttlib.TTFont(str(collection), fontNumber=index, recalcTimestamp=False)
    raise SystemExit(f"{collection} has no face {CJK_SOURCE_FAMILY} {style}")


def _rename(font: Any, style: str) -> None:
    """The family, full, unique and PostScript names, in the name table and in the CFF."""
    postscript = f"{CJK_POSTSCRIPT}-{style}"
    version = f"{font['head'].fontRevision:.3f}"
    family_names = {1, 4, 16, 18, 21}
    for record in font["name"].names:
        text = record.toUnicode()
        if record.nameID in family_names:
            text = text.replace(CJK_SOURCE_FAMILY, CJK_FAMILY)
        elif record.nameID == 3:
            text = f"{version};voteboard;{postscript}"
        elif record.nameID == 5:
            text = f"{text}; subset for voteboard"
        elif record.nameID == 6:
            text = postscript
        record.string = text
    for record in font["name"].names:
        text = record.toUnicode()
        if record.nameID in family_names | {3, 6} and "voteboard" not in text:
            raise SystemExit(f"name {record.nameID} of the {style} cut is still {text!r}")
        if record.nameID in family_names | {3, 6} and "Source" in text:
            raise SystemExit(f"name {record.nameID} {text!r} holds the Reserved Font Name")
    cff = font["CFF "].cff
    old = cff.fontNames[0]
    cff.fontNames = [postscript]
    top = cff[0]
    top.FamilyName = CJK_FAMILY
    top.FullName = f"{CJK_FAMILY} {style}"
    for fd in getattr(top, "FDArray", ()):
        fd.FontName = postscript + fd.FontName.removeprefix(old)


def _cut(chars: set[str], style: str) -> Path:
    subset, ttlib = _fonttools()
    collection, shipped = CJK[style]
    font = _face(ttlib, _source(collection, CJK_PACKAGE), style)
    cmap = font.getBestCmap()
    absent = sorted(c for c in chars if ord(c) not in cmap)
    if absent:
        raise SystemExit(
            f"{CJK_SOURCE_FAMILY} {style} has no glyph for {_listed(absent)}: nothing shipped "
            "draws them"
        )
    options = subset.Options()
    options.name_IDs = ["*"]  # the copyright, the trademark, the licence and its address
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(map(ord, chars)))
    subsetter.subset(font)
    _rename(font, style)
    out = FONTS / shipped
    font.save(str(out))
    return out


def _listed(chars: Iterable[str]) -> str:
    return ", ".join(f"{c!r} U+{ord(c):04X}" for c in sorted(chars))


def shipped_characters() -> dict[str, set[str]]:
    """The characters of each shipped CJK cut's cmap, by file."""
    _subset, ttlib = _fonttools()
    result: dict[str, set[str]] = {}
    for _collection, shipped in CJK.values():
        with ttlib.TTFont(str(FONTS / shipped), lazy=True) as font:
            result[shipped] = {chr(code) for code in font.getBestCmap()}
    return result


def check(note: Note = print) -> int:
    """1 (said) where the shipped cuts miss a needed character or hold a stale surplus."""
    needed = needed_characters()
    failed = False
    for shipped, chars in shipped_characters().items():
        missing = needed - chars
        extra = chars - needed
        if missing:
            failed = True
            print(f"{shipped} lacks {len(missing)} characters: {_listed(missing)}")
        if len(extra) > MARGIN:
            failed = True
            print(f"{shipped} holds {len(extra)} characters no text needs (stale cut)")
    if failed:
        print("cut the fonts again: python scripts/build_fonts.py")
        return 1
    print(f"{len(needed)} characters, all in the shipped cuts")
    return 0


def build() -> int:
    for shipped, path in ARABIC.items():
        shutil.copyfile(_source(path, ARABIC_PACKAGE), FONTS / shipped)
        print(f"{shipped}: {(FONTS / shipped).stat().st_size:,} bytes (unmodified)")
    chars = needed_characters()
    han = sum(1 for c in chars if _wide(c))
    print(f"{len(chars)} characters for {CJK_FAMILY} ({han} wide, {len(chars) - han} others)")
    for style in CJK:
        out = _cut(chars, style)
        print(f"{out.name}: {out.stat().st_size:,} bytes")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare the characters needed with the shipped fonts; exit 1 naming missing ones",
    )
    args = parser.parse_args(argv)
    return check() if args.check else build()


if __name__ == "__main__":
    sys.exit(main())
