"""The board in a language, as the screens choose it: the names of the catalog shipped with
voteboard and, for a board that stands alone, the members in the language's own collation
(Qt's `QCollator`, with ICU's rules for each language)."""

from __future__ import annotations

import functools

from PySide6.QtCore import QCollator, QLocale

from voteboard.core.languages import Language
from voteboard.core.wording import OrderKey, Translation
from voteboard.resources import un_names

_LOCALES = {
    Language.AR: "ar",
    Language.ZH: "zh_CN",
    Language.EN: "en_US",
    Language.ES: "es_ES",
    Language.FR: "fr_FR",
    Language.RU: "ru_RU",
}


def collation_key(language: Language) -> OrderKey:
    """A sort key on names in the language's alphabetical order (Chinese: by pinyin)."""
    collator = QCollator(QLocale(_LOCALES[language]))
    collator.setNumericMode(True)
    return functools.cmp_to_key(collator.compare)


@functools.cache
def translation(language: Language = Language.EN, *, by_language: bool = False) -> Translation:
    """The translation of boards into a language: the UN's order (English alphabetical, so
    that a light stays where delegates expect it), or with `by_language` the language's own."""
    order = collation_key(language) if by_language else None
    return Translation(language, un_names(), order)
