"""What may reach the hall wall: a vote's document symbol and the text of its title.

A UN document symbol is a few components separated by '/': the series (`A` for the General
Assembly), sometimes a subsidiary organ, the session, the kind of document and its number,
then any modifications. The board accepts this small grammar of the General Assembly's
symbols (DESIGN §1), written exactly as the UN writes them:

    symbol      = "A/" ( ["HRC/"] resolution | [organ "/"] document )
    organ       = "C.1" ... "C.6" | "SPC" | "HRC"       Main Committees, Special Political
                                                        Committee, Human Rights Council
    resolution  = ("RES" | "DEC") "/" ( session "/" number [part]
                                      | number [part] [" "] "(" old-session ")" [part] )
    document    = [session "/"] ["L."] number { "/" modification }    (up to three)
    modification= ("Rev" | "Add" | "Corr" | "Amend") "." number
    session     = number | "ES-" number | "S-" number       (regular, emergency special, special)
    old-session = roman | ("ES-" | "S-") (roman | number)   (until 1975: 3379 (XXX), 3362 (S-VII))
    part        = [" "] piece | "[" piece "]"                (250 B, 254 A-C, 116[B-IX], 208[III])
    piece       = letter ["-" (letter | roman)] | roman      (a resolution's parts and sections)
    number      = 1 to 99999, without leading zeros

For example `A/ES-11/L.5`, `A/78/L.1/Rev.1`, `A/C.1/78/L.10`, `A/77/L.3/Add.1`, `A/RES/77/1`,
`A/RES/ES-11/4`, `A/RES/75/250 B`, `A/RES/2758(XXVI)`, `A/HRC/52/L.1`, `A/HRC/RES/52/1`, and
the serial numbers used before 1976 (`A/9631`, `A/L.590`). Anything else is unusual: another
organ's symbol, a typing mistake, an assembly of its own; it goes on the wall only when the
officer confirms it.

Whatever the symbol, its text and the title's must show what they hold: control characters,
direction overrides, embeddings and isolates, and invisible characters are refused, because
they could make the hall wall show other text than the one that was checked and recorded.
"""

from __future__ import annotations

import re
import unicodedata

from voteboard.core.model import Refused

EXAMPLES = "such as A/ES-11/L.5 or A/RES/77/1"

_NUMBER = r"[1-9][0-9]{0,4}"
_SESSION = rf"(?:{_NUMBER}|ES-{_NUMBER}|S-{_NUMBER})"
_ROMAN = r"(?=[XVI])X{0,3}(?:IX|IV|V?I{0,3})"
_OLD_SESSION = rf"(?:{_ROMAN}|(?:ES|S)-(?:{_ROMAN}|{_NUMBER}))"
_PIECE = rf"(?:[A-Z](?:-(?:[A-Z]|{_ROMAN}))?|{_ROMAN})"
_PART = rf"(?: ?{_PIECE}|\[{_PIECE}\])"
_RESOLUTION = (
    rf"(?:RES|DEC)/(?:{_SESSION}/{_NUMBER}{_PART}?"
    rf"|{_NUMBER}{_PART}? ?\({_OLD_SESSION}\){_PART}?)"
)
_MODIFICATION = rf"/(?:Rev|Add|Corr|Amend)\.{_NUMBER}"
_DOCUMENT = rf"(?:{_SESSION}/)?(?:L\.)?{_NUMBER}(?:{_MODIFICATION}){{0,3}}"
_ORGAN = r"(?:C\.[1-6]|SPC|HRC)"
UN_SYMBOL = re.compile(rf"A/(?:(?:HRC/)?{_RESOLUTION}|(?:{_ORGAN}/)?{_DOCUMENT})")
"""The General Assembly's document symbols (the grammar above); use with `fullmatch`."""

_MIXED_CASE = {"REV": "Rev", "ADD": "Add", "CORR": "Corr", "AMEND": "Amend"}
_WORD = re.compile(r"[A-Za-z]+")

_NAMES = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x00": "a null character",
    "\u00ad": "a soft hyphen",
    "\u061c": "an Arabic letter mark",
    "\u200b": "a zero width space",
    "\u200c": "a zero width non-joiner",
    "\u200d": "a zero width joiner",
    "\u200e": "a left-to-right mark",
    "\u200f": "a right-to-left mark",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
    "\u202a": "a left-to-right embedding",
    "\u202b": "a right-to-left embedding",
    "\u202c": "a pop directional formatting",
    "\u202d": "a left-to-right override",
    "\u202e": "a right-to-left override",
    "\u2060": "a word joiner",
    "\u2066": "a left-to-right isolate",
    "\u2067": "a right-to-left isolate",
    "\u2068": "a first strong isolate",
    "\u2069": "a pop directional isolate",
    "\ufeff": "a zero width no-break space",
}
_INVISIBLE_PIECE = frozenset("\u115f\u1160\u3164\uffa0")
"""Hangul fillers: letters by their category, blank on the screen."""
_JOINERS = frozenset("\u200c\u200d")
"""Needed between letters in Persian and the Indic scripts; refused anywhere else."""
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


class UnusualSymbol(Refused):
    """A preparation refused only because its symbol is not of the UN's form: the officer may
    confirm the symbol and prepare the vote again (`PrepareVote.unusual_symbol`)."""

    def __init__(self, message: str, symbol: str) -> None:
        super().__init__(message)
        self.symbol = symbol


def text_problem(field: str, text: str, *, joiners: bool | None = None) -> str | None:
    """None when `text` shows what it holds; else a sentence naming the character and where it
    is (its position, from 1). `field` names the text in the sentence ("title").

    Refused: control characters (tab and line breaks included), direction embeddings,
    overrides, isolates and marks, and every other invisible format character, line and
    paragraph separators, private-use, unassigned and surrogate code points, and the blank
    Hangul fillers. With `joiners` (by default, in every field but the symbol), a zero width
    joiner or non-joiner between two letters is allowed, as Persian and the Indic scripts need."""
    if joiners is None:
        joiners = field != "symbol"
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category not in _REFUSED_CATEGORIES and char not in _INVISIBLE_PIECE:
            continue
        if joiners and char in _JOINERS and _between_letters(text, index):
            continue
        return (
            f"the {field} has {_describe(char, category)} at character {index + 1}: it could "
            "make the hall board show other text than the one checked"
        )
    return None


def symbol_problem(symbol: str) -> str | None:
    """None when `symbol` has one of the UN forms of the module's grammar; else a sentence
    saying what is unusual about it."""
    if not symbol.strip():
        return "the symbol is empty"
    problem = text_problem("symbol", symbol)
    if problem is not None:
        return problem
    if UN_SYMBOL.fullmatch(symbol):
        return None
    if symbol != symbol.strip():
        return f"'{symbol}' has spaces before or after it"
    written = _as_the_un_writes(symbol)
    if written != symbol and UN_SYMBOL.fullmatch(written):
        return f"'{symbol}' is not written as the UN writes its symbols: {written}"
    foreign = next(((i, c) for i, c in enumerate(symbol) if not c.isascii()), None)
    if foreign is not None:
        index, char = foreign
        name = unicodedata.name(char, f"U+{ord(char):04X}").lower()
        return (
            f"'{symbol}' is not a UN document symbol: it has '{char}' ({name}) at character "
            f"{index + 1}, which UN symbols never use"
        )
    if not symbol.startswith("A/") and "/" in symbol:
        return (
            f"'{symbol}' is not a General Assembly document symbol (these begin with A/, "
            f"{EXAMPLES})"
        )
    return f"'{symbol}' is not a UN document symbol ({EXAMPLES})"


def preparation_problem(symbol: str, title: str) -> str | None:
    """What forbids preparing a vote whatever the officer confirms: no title, or a symbol or
    title that does not show what it holds (`text_problem`). None when nothing does."""
    if not symbol.strip():
        return "a vote needs its document symbol"
    if not title.strip():
        return "a vote needs its title, which the hall reads under the symbol"
    return text_problem("symbol", symbol) or text_problem("title", title)


def same_symbol(one: str, other: str) -> bool:
    """Whether two symbols name the same document: compared without regard to case, as the
    command line and the archive look symbols up."""
    return one.casefold() == other.casefold()


_UNSPELT = re.compile(r"[\s\[\]]+")


def symbol_key(symbol: str) -> str:
    """The symbol as the sources' spellings of it agree: without case, spaces or brackets
    (`A/RES/75/250 B`, DGACM's, and `A/RES/75/250B`, the Digital Library's, are one
    resolution; so are `A/RES/620(VII)[A]` and `A/RES/620(VII) A`)."""
    return _UNSPELT.sub("", symbol).upper()


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_CODE = re.compile(r"(?:ES|S)-[0-9]{1,3}|[0-9]{1,3}")
_MODERN_SESSION = re.compile(r"A/(?:RES/)?((?:ES-|S-)?[0-9]{1,3})/")
_OLD_SESSION_OF = re.compile(r"\(((?:ES-|S-)?)([IVXLC]+)\)")


def _roman(text: str) -> int:
    values = [_ROMAN_VALUES[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def session_code(symbol: str, session: str = "") -> str:
    """The session as the UN Digital Library writes it: `75`, `ES-11`, `S-32` (from 1976 the
    symbol says it, `A/RES/ES-11/4`, and so does a draft's, `A/ES-11/L.5`; before, in Roman
    numerals, `A/RES/2758(XXVI)`: 26). A session already written so is kept; '' when neither
    tells."""
    if _CODE.fullmatch(session.strip()):
        return session.strip()
    key = symbol_key(symbol)
    if match := _MODERN_SESSION.match(key):
        return match[1]
    if match := _OLD_SESSION_OF.search(key):
        return f"{match[1]}{_roman(match[2])}"
    return ""


def _as_the_un_writes(symbol: str) -> str:
    """The symbol with its known words in the UN's case and no spaces around its slashes."""
    spaced = re.sub(r"\s*/\s*", "/", symbol)
    return _WORD.sub(lambda m: _MIXED_CASE.get(m.group().upper(), m.group().upper()), spaced)


def _between_letters(text: str, index: int) -> bool:
    if index == 0 or index == len(text) - 1:
        return False
    return all(unicodedata.category(c)[0] in "LM" for c in (text[index - 1], text[index + 1]))


def _describe(char: str, category: str) -> str:
    code = f"U+{ord(char):04X}"
    known = _NAMES.get(char)
    if known is not None:
        return f"{known} ({code})"
    if category == "Cc":
        return f"a control character ({code})"
    if category == "Co":
        return f"a private-use character ({code})"
    if category == "Cn":
        return f"an unassigned character ({code})"
    if category == "Cs":
        return f"a lone surrogate ({code})"
    name = unicodedata.name(char, "").lower()
    return f"an invisible character{', ' + name if name else ''} ({code})"


_UNITS = (
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
)
_TEENS = (
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENTHS = (
    "",
    "",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
)


def ordinal_words(number: int) -> str:
    """1 to 99 as the UN writes a session's number: "seventy-fifth", "eleventh"."""
    if not 1 <= number <= 99:
        return f"{number}th"
    tens, units = divmod(number, 10)
    if tens == 0:
        return _UNITS[units]
    if tens == 1:
        return _TEENS[units]
    if units == 0:
        return _TENTHS[tens]
    return f"{_TENS[tens]}-{_UNITS[units]}"


def session_words(code: str) -> str:
    """A session's code in the words of the UN's records: `26` "Twenty-sixth session",
    `ES-11` "Eleventh emergency special session", `S-32` "Thirty-second special session";
    '' for a code that is none of these."""
    kind, _, number = code.rpartition("-")
    if not number.isdigit():
        return ""
    words = ordinal_words(int(number)).capitalize()
    named = {"": "session", "ES": "emergency special session", "S": "special session"}
    return f"{words} {named[kind]}" if kind in named else ""
