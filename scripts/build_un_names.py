# ruff: noqa: RUF001, RUF002
# The names are written as each language writes them: Cyrillic letters that look Latin, and the
# full-width brackets of Chinese, are meant.
"""Builds assets/names-un.json: the members' names in Arabic, Chinese, Spanish, French and
Russian (English is the roster's own, assets/roster-un.json).

Run by a maintainer when the roster or the tables change (the product reads only the asset):
    python scripts/build_un_names.py ../shared/data
It reads the UN Statistics Division's M49 overview in the five languages
(`un-names/m49-{ar,cn,es,fr,ru}.csv`, `Country or Area` by `ISO-alpha3 Code`) and takes each
member's official short name from it, stripped of stray spaces and otherwise as written, but for
the Arabic index forms with a placeholder (`هولندا (مملكة _)`), written out as the name reads
(`مملكة هولندا`). What the tables do not hold is curated here:

- the board label of a name too long for a cell: in every language where the English roster
  has one, and wherever a name is wider than the widest English board label (a Chinese
  character counts two), the short form the UN itself uses;
- the names of the day, on the English roster's days (`until`), where the UN's form in the
  language is known with confidence; where it is not, the name is left out and listed in
  `gaps` (the board shows the next name known then: today's, for the last);
- the names of the former members (Czechoslovakia, ...), which M49 does not list.

Chinese names of the day are today's UN Chinese (simplified) forms of those names, not the forms
of the Chinese documents of before 1971; Arabic ones likewise (Arabic has been a language of the
General Assembly since 1973). A name of the day the same as the next one in a language (Turkey
is Турция before and after 2022) needs no entry and has none. The build checks its tables
against the roster (the same former names, on the same days) and fails on any name it cannot
account for. It prints per language the members, labels, former names and gaps, the longest
board label, and the characters that Chinese needs.
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROSTER = ROOT / "assets" / "roster-un.json"
TARGET = ROOT / "assets" / "names-un.json"

LANGUAGES = {"ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh": "cn"}
"""Each language's code, and the suffix of its M49 table (Chinese is `cn` there)."""

ABOUT = (
    "The official short names of the Member States of the United Nations in Arabic, Chinese, "
    "Spanish, French and Russian (English is the roster's, roster-un.json): the UN Statistics "
    "Division's M49 overview in each language, as committed in the GitHub repository "
    "datasets/country-codes at commit 25c1991 (25 September 2024, folder tmp/), with the Arabic "
    "index forms that carry a placeholder written out as the name reads (هولندا (مملكة _): "
    "مملكة هولندا). The board labels, the names of the day before today's (on the English "
    "roster's days), and the names of the former members are curated in "
    "scripts/build_un_names.py. `gaps` lists, per language, the names of the day whose form in "
    "that language is not known with confidence: the board shows the next name known then "
    "(today's, for the last)."
)

# The Arabic tables write five names as an index entry with a placeholder for the name itself
# (`_`, or `-` between the words before and after it): the name is the entry read out, as the
# UN's Arabic documents write it. The table's text is checked, so that a new version of it fails
# here rather than passing its placeholders to the board.
RESOLVED: dict[tuple[str, str], tuple[str, str]] = {
    ("ar", "BOL"): ("بوليفيا (دولة - المتعددة القوميات)", "دولة بوليفيا المتعددة القوميات"),
    ("ar", "FSM"): ("ميكرونيزيا (ولايات - الموحدة)", "ولايات ميكرونيزيا الموحدة"),
    ("ar", "IRN"): ("إيران (جمهورية - الإسلامية)", "جمهورية إيران الإسلامية"),
    ("ar", "NLD"): ("هولندا (مملكة _)", "مملكة هولندا"),
    ("ar", "VEN"): ("فنزويلا (جمهورية - البوليفارية)", "جمهورية فنزويلا البوليفارية"),
}

SPACED_HYPHENS = {("ar", "GNB"), ("ar", "TLS")}
"""Names the UN's Arabic writes with a spaced hyphen (غينيا - بيساو, تيمور - ليشتي): a hyphen
of the name, not a placeholder."""

# The board labels of today's names. Every member the English roster labels has an entry in
# each language: None where the name is already as short as the label would be (the Russian
# Сент-Винсент и Гренадины has no "the" to leave out). The Russian ОАЭ, Сирия and ЦАР are the
# short forms of UN News in Russian, for the three names wider than the English board's widest.
LABELS: dict[str, dict[str, str | None]] = {
    "BOL": {"ar": "بوليفيا", "es": "Bolivia", "fr": "Bolivie", "ru": "Боливия", "zh": "玻利维亚"},
    "COD": {
        "ar": "الكونغو الديمقراطية",
        "es": "RD del Congo",
        "fr": "RD Congo",
        "ru": "ДР Конго",
        "zh": "刚果（金）",
    },
    "FSM": {
        "ar": "ميكرونيزيا",
        "es": "Micronesia",
        "fr": "Micronésie",
        "ru": "Микронезия",
        "zh": "密克罗尼西亚",
    },
    "GBR": {
        "ar": "المملكة المتحدة",
        "es": "Reino Unido",
        "fr": "Royaume-Uni",
        "ru": "Соединенное Королевство",
        "zh": "英国",
    },
    "IRN": {"ar": "إيران", "es": "Irán", "fr": "Iran", "ru": "Иран", "zh": "伊朗"},
    "LAO": {"ar": "لاوس", "es": "RDP Lao", "fr": "RDP lao", "ru": "Лаосская НДР", "zh": "老挝"},
    "NLD": {
        "ar": "هولندا",
        "es": "Países Bajos",
        "fr": "Pays-Bas",
        "ru": "Нидерланды",
        "zh": "荷兰",
    },
    "PRK": {
        "ar": "كوريا الشعبية الديمقراطية",
        "es": "RPD de Corea",
        "fr": "RPD de Corée",
        "ru": "КНДР",
        "zh": "朝鲜",
    },
    "TZA": {
        "ar": "تنزانيا",
        "es": "Tanzanía",
        "fr": "Tanzanie",
        "ru": "Танзания",
        "zh": "坦桑尼亚",
    },
    "USA": {
        "ar": "الولايات المتحدة",
        "es": "Estados Unidos",
        "fr": "États-Unis",
        "ru": "Соединенные Штаты",
        "zh": "美国",
    },
    "VCT": {
        "ar": None,
        "es": "San Vicente y Granadinas",
        "fr": "Saint-Vincent-et-Grenadines",
        "ru": None,
        "zh": None,
    },
    "VEN": {
        "ar": "فنزويلا",
        "es": "Venezuela",
        "fr": "Venezuela",
        "ru": "Венесуэла",
        "zh": "委内瑞拉",
    },
    # Not labelled in English, but wider in Russian than the English board's widest.
    "ARE": {"ru": "ОАЭ"},
    "CAF": {"ru": "ЦАР"},
    "SYR": {"ru": "Сирия"},
}

Local = str | tuple[str, str]
"""A name in a language, or a (name, board label)."""

# The names of the day before today's, oldest first, as the English roster has them: (until,
# English name, the name in each language where its form is known). A language left out is a
# gap. The Russian names are written as the UN's Russian writes them, without ё.
FORMER: dict[str, list[tuple[str, str, dict[str, Local]]]] = {
    "BEN": [
        (
            "1975-11-30",
            "Dahomey",
            {"ar": "داهومي", "es": "Dahomey", "fr": "Dahomey", "ru": "Дагомея", "zh": "达荷美"},
        )
    ],
    "BFA": [
        (
            "1984-08-04",
            "Upper Volta",
            {
                "ar": "فولتا العليا",
                "es": "Alto Volta",
                "fr": "Haute-Volta",
                "ru": "Верхняя Вольта",
                "zh": "上沃尔特",
            },
        )
    ],
    "BLR": [
        (
            "1991-09-19",
            "Byelorussian Soviet Socialist Republic",
            {
                "ar": ("جمهورية بيلوروسيا الاشتراكية السوفياتية", "بيلوروسيا"),
                "es": ("República Socialista Soviética de Bielorrusia", "RSS de Bielorrusia"),
                "fr": ("République socialiste soviétique de Biélorussie", "RSS de Biélorussie"),
                "ru": ("Белорусская Советская Социалистическая Республика", "Белорусская ССР"),
                "zh": ("白俄罗斯苏维埃社会主义共和国", "白俄罗斯"),
            },
        )
    ],
    "BOL": [
        (
            "2009-06-30",
            "Bolivia",
            {"ar": "بوليفيا", "es": "Bolivia", "fr": "Bolivie", "ru": "Боливия", "zh": "玻利维亚"},
        )
    ],
    "CAF": [
        (
            "1976-12-04",
            "Central African Republic",
            {
                "ar": "جمهورية أفريقيا الوسطى",
                "es": "República Centroafricana",
                "fr": "République centrafricaine",
                "ru": ("Центральноафриканская Республика", "ЦАР"),
                "zh": "中非共和国",
            },
        ),
        (
            "1979-09-21",
            "Central African Empire",
            {
                "ar": "إمبراطورية أفريقيا الوسطى",
                "es": "Imperio Centroafricano",
                "fr": "Empire centrafricain",
                "ru": ("Центральноафриканская Империя", "ЦАИ"),
                "zh": "中非帝国",
            },
        ),
    ],
    "CIV": [
        (
            "1986-09-20",
            "Ivory Coast",
            {
                "ar": "ساحل العاج",
                "es": "Costa de Marfil",
                "fr": "Côte d’Ivoire",
                "ru": "Берег Слоновой Кости",
                "zh": "象牙海岸",
            },
        )
    ],
    "CMR": [
        (
            "1974-01-01",
            "Cameroon",
            {"ar": "الكاميرون", "es": "Camerún", "fr": "Cameroun", "ru": "Камерун", "zh": "喀麦隆"},
        ),
        (
            "1984-02-04",
            "United Republic of Cameroon",
            {
                "ar": "جمهورية الكاميرون المتحدة",
                "es": "República Unida del Camerún",
                "fr": "République-Unie du Cameroun",
                "ru": ("Объединенная Республика Камерун", "Камерун"),
                "zh": "喀麦隆联合共和国",
            },
        ),
    ],
    "COD": [
        (
            "1971-11-09",
            "Congo (Leopoldville)",
            {
                "ar": "الكونغو (ليوبولدفيل)",
                "es": "Congo (Leopoldville)",
                "fr": "Congo (Léopoldville)",
                "ru": "Конго (Леопольдвиль)",
                "zh": "刚果（利奥波德维尔）",
            },
        ),
        (
            "1997-05-17",
            "Zaire",
            {"ar": "زائير", "es": "Zaire", "fr": "Zaïre", "ru": "Заир", "zh": "扎伊尔"},
        ),
    ],
    "COG": [
        (
            "1971-11-09",
            "Congo (Brazzaville)",
            {
                "ar": "الكونغو (برازافيل)",
                "es": "Congo (Brazzaville)",
                "fr": "Congo (Brazzaville)",
                "ru": "Конго (Браззавиль)",
                "zh": "刚果（布拉柴维尔）",
            },
        )
    ],
    "CPV": [
        (
            "2013-10-24",
            "Cape Verde",
            {
                "ar": "الرأس الأخضر",
                "es": "Cabo Verde",
                "fr": "Cap-Vert",
                "ru": "Кабо-Верде",
                "zh": "佛得角",
            },
        )
    ],
    "CZE": [
        (
            "2016-05-17",
            "Czech Republic",
            {
                "ar": "الجمهورية التشيكية",
                "es": "República Checa",
                "fr": "République tchèque",
                "ru": "Чешская Республика",
                "zh": "捷克共和国",
            },
        )
    ],
    "DEU": [
        (
            "1990-10-03",
            "Germany, Federal Republic of",
            {
                "ar": ("جمهورية ألمانيا الاتحادية", "ألمانيا الاتحادية"),
                "es": ("República Federal de Alemania", "RFA"),
                "fr": ("République fédérale d’Allemagne", "RFA"),
                "ru": ("Федеративная Республика Германия", "ФРГ"),
                "zh": ("德意志联邦共和国", "联邦德国"),
            },
        )
    ],
    "EGY": [
        (
            "1958-02-21",
            "Egypt",
            {"ar": "مصر", "es": "Egipto", "fr": "Égypte", "ru": "Египет", "zh": "埃及"},
        ),
        (
            "1971-09-02",
            "United Arab Republic",
            {
                "ar": "الجمهورية العربية المتحدة",
                "es": "República Árabe Unida",
                "fr": "République arabe unie",
                "ru": ("Объединенная Арабская Республика", "ОАР"),
                "zh": "阿拉伯联合共和国",
            },
        ),
    ],
    "IRN": [
        (
            "1981-11-11",
            "Iran",
            {"ar": "إيران", "es": "Irán", "fr": "Iran", "ru": "Иран", "zh": "伊朗"},
        )
    ],
    "KHM": [
        (
            "1970-10-09",
            "Cambodia",
            {"ar": "كمبوديا", "es": "Camboya", "fr": "Cambodge", "ru": "Камбоджа", "zh": "柬埔寨"},
        ),
        (
            "1975-11-01",
            "Khmer Republic",
            {
                "es": "República Khmer",
                "fr": "République khmère",
                "ru": "Кхмерская Республика",
                "zh": "高棉共和国",
            },
        ),
        (
            "1976-01-05",
            "Cambodia",
            {"ar": "كمبوديا", "es": "Camboya", "fr": "Cambodge", "ru": "Камбоджа", "zh": "柬埔寨"},
        ),
        (
            "1990-09-18",
            "Democratic Kampuchea",
            {
                "ar": "كمبوتشيا الديمقراطية",
                "es": "Kampuchea Democrática",
                "fr": "Kampuchea démocratique",
                "ru": "Демократическая Кампучия",
                "zh": "民主柬埔寨",
            },
        ),
    ],
    "LAO": [
        (
            "1976-01-01",
            "Laos",
            {"ar": "لاوس", "es": "Laos", "fr": "Laos", "ru": "Лаос", "zh": "老挝"},
        )
    ],
    "LBY": [
        (
            "1970-12-07",
            "Libya",
            {"ar": "ليبيا", "es": "Libia", "fr": "Libye", "ru": "Ливия", "zh": "利比亚"},
        ),
        (
            "1976-10-21",
            "Libyan Arab Republic",
            {
                "ar": "الجمهورية العربية الليبية",
                "es": "República Árabe Libia",
                "fr": "République arabe libyenne",
                "ru": ("Ливийская Арабская Республика", "Ливия"),
                "zh": "阿拉伯利比亚共和国",
            },
        ),
        (
            "2011-09-16",
            "Libyan Arab Jamahiriya",
            {
                "ar": "الجماهيرية العربية الليبية",
                "es": "Jamahiriya Árabe Libia",
                "fr": "Jamahiriya arabe libyenne",
                "ru": ("Ливийская Арабская Джамахирия", "Ливия"),
                "zh": "阿拉伯利比亚民众国",
            },
        ),
    ],
    "LKA": [
        (
            "1972-05-22",
            "Ceylon",
            {"ar": "سيلان", "es": "Ceilán", "fr": "Ceylan", "ru": "Цейлон", "zh": "锡兰"},
        )
    ],
    "MDV": [
        (
            "1968-11-07",
            "Maldive Islands",
            {
                "ar": "جزر ملديف",
                "es": "Islas Maldivas",
                "fr": "Îles Maldives",
                "ru": "Мальдивские Острова",
                "zh": "马尔代夫群岛",
            },
        )
    ],
    "MKD": [
        (
            "2019-07-25",
            "The former Yugoslav Republic of Macedonia",
            {
                "ar": ("جمهورية مقدونيا اليوغوسلافية السابقة", "مقدونيا"),
                "es": ("ex República Yugoslava de Macedonia", "ERY de Macedonia"),
                "fr": ("ex-République yougoslave de Macédoine", "ERY de Macédoine"),
                "ru": ("бывшая югославская Республика Македония", "БЮР Македония"),
                "zh": ("前南斯拉夫的马其顿共和国", "前南马其顿"),
            },
        )
    ],
    "MMR": [
        (
            "1989-06-18",
            "Burma",
            {"ar": "بورما", "es": "Birmania", "fr": "Birmanie", "ru": "Бирма", "zh": "缅甸"},
        )
    ],
    "MYS": [
        (
            "1963-09-16",
            "Federation of Malaya",
            {"ar": "اتحاد الملايو", "ru": "Малайская Федерация", "zh": "马来亚联合邦"},
        )
    ],
    "NLD": [
        (
            "2023-11-02",
            "Netherlands",
            {
                "ar": "هولندا",
                "es": "Países Bajos",
                "fr": "Pays-Bas",
                "ru": "Нидерланды",
                "zh": "荷兰",
            },
        )
    ],
    "PHL": [("1947-01-01", "Philippine Republic", {})],
    "RUS": [
        (
            "1991-12-24",
            "Union of Soviet Socialist Republics",
            {
                "ar": ("اتحاد الجمهوريات الاشتراكية السوفياتية", "الاتحاد السوفياتي"),
                "es": ("Unión de Repúblicas Socialistas Soviéticas", "URSS"),
                "fr": ("Union des Républiques socialistes soviétiques", "URSS"),
                "ru": ("Союз Советских Социалистических Республик", "СССР"),
                "zh": ("苏维埃社会主义共和国联盟", "苏联"),
            },
        )
    ],
    "SRB": [
        (
            "2006-06-03",
            "Serbia and Montenegro",
            {
                "ar": "صربيا والجبل الأسود",
                "es": "Serbia y Montenegro",
                "fr": "Serbie-et-Monténégro",
                "ru": "Сербия и Черногория",
                "zh": "塞尔维亚和黑山",
            },
        )
    ],
    "SUR": [
        (
            "1977-11-04",
            "Surinam",
            {"ar": "سورينام", "es": "Surinam", "fr": "Surinam", "ru": "Суринам", "zh": "苏里南"},
        )
    ],
    "SWZ": [
        (
            "2018-04-19",
            "Swaziland",
            {
                "ar": "سوازيلند",
                "es": "Swazilandia",
                "fr": "Swaziland",
                "ru": "Свазиленд",
                "zh": "斯威士兰",
            },
        )
    ],
    "SYR": [
        (
            "1971-09-21",
            "Syria",
            {"ar": "سوريا", "es": "Siria", "fr": "Syrie", "ru": "Сирия", "zh": "叙利亚"},
        )
    ],
    "THA": [
        (
            "1949-10-20",
            "Siam",
            {"ar": "سيام", "es": "Siam", "fr": "Siam", "ru": "Сиам", "zh": "暹罗"},
        )
    ],
    "TUR": [
        (
            "2022-06-01",
            "Turkey",
            {"ar": "تركيا", "es": "Turquía", "fr": "Turquie", "ru": "Турция", "zh": "土耳其"},
        )
    ],
    "TZA": [
        (
            "1964-04-26",
            "Tanganyika",
            {"es": "Tanganyika", "fr": "Tanganyika", "ru": "Танганьика", "zh": "坦噶尼喀"},
        ),
        (
            "1964-11-01",
            "United Republic of Tanganyika and Zanzibar",
            {
                "es": ("República Unida de Tanganyika y Zanzíbar", "Tanganyika y Zanzíbar"),
                "fr": ("République-Unie du Tanganyika et de Zanzibar", "Tanganyika et Zanzibar"),
                "ru": ("Объединенная Республика Танганьики и Занзибара", "Танганьика и Занзибар"),
                "zh": ("坦噶尼喀和桑给巴尔联合共和国", "坦噶尼喀和桑给巴尔"),
            },
        ),
    ],
    "UKR": [
        (
            "1991-08-24",
            "Ukrainian Soviet Socialist Republic",
            {
                "ar": ("جمهورية أوكرانيا الاشتراكية السوفياتية", "أوكرانيا"),
                "es": ("República Socialista Soviética de Ucrania", "RSS de Ucrania"),
                "fr": ("République socialiste soviétique d’Ukraine", "RSS d’Ukraine"),
                "ru": ("Украинская Советская Социалистическая Республика", "Украинская ССР"),
                "zh": ("乌克兰苏维埃社会主义共和国", "乌克兰"),
            },
        )
    ],
    "VEN": [
        (
            "2004-12-01",
            "Venezuela",
            {
                "ar": "فنزويلا",
                "es": "Venezuela",
                "fr": "Venezuela",
                "ru": "Венесуэла",
                "zh": "委内瑞拉",
            },
        )
    ],
    "ZAF": [
        (
            "1961-05-31",
            "Union of South Africa",
            {
                "ar": "اتحاد جنوب أفريقيا",
                "es": "Unión Sudafricana",
                "fr": "Union sud-africaine",
                "ru": "Южно-Африканский Союз",
                "zh": "南非联邦",
            },
        )
    ],
    # A former member's names of the day.
    "YMD": [
        (
            "1971-09-21",
            "Southern Yemen",
            {"es": "Yemen Meridional", "fr": "Yémen du Sud", "ru": "Южный Йемен", "zh": "南也门"},
        )
    ],
}

# The former members' last names, which M49 does not list: (English name, names by language).
FORMER_MEMBERS: dict[str, tuple[str, dict[str, Local]]] = {
    "CSK": (
        "Czechoslovakia",
        {
            "ar": "تشيكوسلوفاكيا",
            "es": "Checoslovaquia",
            "fr": "Tchécoslovaquie",
            "ru": "Чехословакия",
            "zh": "捷克斯洛伐克",
        },
    ),
    "DDR": (
        "German Democratic Republic",
        {
            "ar": "جمهورية ألمانيا الديمقراطية",
            "es": ("República Democrática Alemana", "RDA"),
            "fr": ("République démocratique allemande", "RDA"),
            "ru": ("Германская Демократическая Республика", "ГДР"),
            "zh": "德意志民主共和国",
        },
    ),
    "YMD": (
        "Democratic Yemen",
        {
            "ar": "اليمن الديمقراطية",
            "es": "Yemen Democrático",
            "fr": "Yémen démocratique",
            "ru": "Демократический Йемен",
            "zh": "民主也门",
        },
    ),
    "YUG": (
        "Yugoslavia",
        {
            "ar": "يوغوسلافيا",
            "es": "Yugoslavia",
            "fr": "Yougoslavie",
            "ru": "Югославия",
            "zh": "南斯拉夫",
        },
    ),
    "ZZB": (
        "Zanzibar",
        {"ar": "زنجبار", "es": "Zanzíbar", "fr": "Zanzibar", "ru": "Занзибар", "zh": "桑给巴尔"},
    ),
}


class BuildError(Exception):
    """A table or the roster that this build cannot account for."""


def width(text: str) -> int:
    """A text's width in a board's cell, in Latin letters: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def gap_entry(code: str, until: str, english: str) -> str:
    """How `gaps` names a name of the day not known in a language."""
    return f"{code} until {until} ({english})"


def read_roster(path: Path = ROSTER) -> dict[str, object]:
    document: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return document


def english_board_width(roster: dict[str, object]) -> int:
    """The widest English board label, today's or of a day: the width a cell is made for."""
    widths = []
    for member in _entries(roster):
        for entry in (member, *_former(member)):
            widths.append(width(str(entry.get("label") or entry["name"])))
    return max(widths)


def _entries(roster: dict[str, object]) -> list[dict[str, object]]:
    members = roster["members"]
    former = roster.get("former_members", [])
    assert isinstance(members, list)
    assert isinstance(former, list)
    return [*members, *former]


def _former(member: dict[str, object]) -> list[dict[str, object]]:
    former = member.get("former", [])
    assert isinstance(former, list)
    return former


def read_m49(data: Path, language: str) -> dict[str, str]:
    """A language's M49 names by ISO code, stripped of stray spaces."""
    path = data / "un-names" / f"m49-{LANGUAGES[language]}.csv"
    names: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names[row["ISO-alpha3 Code"].strip()] = row["Country or Area"].strip()
    return names


def official(language: str, code: str, m49: dict[str, str]) -> str:
    """A member's official short name in a language, from its M49 table."""
    if code not in m49:
        raise BuildError(f"m49-{LANGUAGES[language]}.csv has no row for the member {code}")
    name = m49[code]
    resolved = RESOLVED.get((language, code))
    if resolved is not None:
        written, name = resolved
        if m49[code] != written:
            raise BuildError(
                f"m49-{LANGUAGES[language]}.csv writes {code} {m49[code]!r}, "
                f"where this build resolves {written!r}: check the new form"
            )
    check_text(language, code, name)
    return name


def check_text(language: str, code: str, text: str) -> None:
    """Fails on a placeholder, stray or doubled spaces, or a control character."""
    problems = []
    if "_" in text:
        problems.append("a placeholder _")
    if " - " in text and (language, code) not in SPACED_HYPHENS:
        problems.append("a placeholder -")
    if text != text.strip() or "  " in text:
        problems.append("stray spaces")
    if any(unicodedata.category(c).startswith("C") for c in text):
        problems.append("a control character")
    if problems:
        raise BuildError(f"{language} {code} {text!r}: {', '.join(problems)}")


def local(value: Local) -> dict[str, str]:
    name, label = (value, None) if isinstance(value, str) else value
    return {"name": name} | ({"label": label} if label else {})


def check_local(language: str, code: str, entry: dict[str, str], bound: int) -> None:
    """A name and its label: clean, a label shorter than the name, and a board label that fits
    the cell made for the English board."""
    check_text(language, code, entry["name"])
    label = entry.get("label")
    if label is not None:
        check_text(language, code, label)
        if width(label) >= width(entry["name"]):
            raise BuildError(f"{language} {code}: the label {label!r} is not shorter than its name")
    shown = label or entry["name"]
    if width(shown) > bound:
        raise BuildError(
            f"{language} {code}: {shown!r} is {width(shown)} wide, the English board's widest "
            f"{bound}: it needs a label"
        )


def check_tables(roster: dict[str, object]) -> None:
    """The curated tables hold the roster's former names, on its days, its former members, and
    a label in every language for each name the English roster labels."""
    former_members = roster.get("former_members", [])
    assert isinstance(former_members, list)
    named = {str(m["code"]): str(m["name"]) for m in former_members}
    curated_members = {code: english for code, (english, _) in FORMER_MEMBERS.items()}
    if named != curated_members:
        raise BuildError(f"the roster's former members {named}, this build's {curated_members}")
    codes = set()
    for member in _entries(roster):
        code = str(member["code"])
        codes.add(code)
        english = [(str(f["until"]), str(f["name"])) for f in _former(member)]
        curated = [(until, name) for until, name, _ in FORMER.get(code, [])]
        if english != curated:
            raise BuildError(f"{code}: the roster's former names {english}, this build's {curated}")
        if "label" in member and set(LABELS.get(code, {})) != set(LANGUAGES):
            raise BuildError(f"{code} has an English label: it needs one in each language")
    for table in (LABELS, FORMER):
        unknown = set(table) - codes
        if unknown:
            raise BuildError(f"not on the roster: {sorted(unknown)}")


def member_names(
    language: str,
    code: str,
    today: dict[str, str],
    former: list[tuple[str, str, dict[str, Local]]],
    gaps: list[str],
) -> list[dict[str, str]]:
    """A member's names of the day in a language, oldest first: those that differ from the next
    name known (a gap is left out, and listed)."""
    entries: list[dict[str, str]] = []
    following = today
    for until, english, by_language in reversed(former):
        if language not in by_language:
            gaps.append(gap_entry(code, until, english))
            continue
        entry = local(by_language[language])
        if entry != following:
            entries.append(entry | {"until": until})
            following = entry
    return entries[::-1]


def build(data: Path, roster: dict[str, object] | None = None) -> str:
    """The asset's text: the same bytes for the same tables and roster."""
    roster = read_roster() if roster is None else roster
    check_tables(roster)
    bound = english_board_width(roster)
    languages: dict[str, dict[str, object]] = {}
    gaps: dict[str, list[str]] = {}
    for language in LANGUAGES:
        m49 = read_m49(data, language)
        by_code: dict[str, object] = {}
        missing: list[str] = []
        for member in _entries(roster):
            code = str(member["code"])
            if code in FORMER_MEMBERS:
                today = local(FORMER_MEMBERS[code][1][language])
            else:
                name = official(language, code, m49)
                label = LABELS.get(code, {}).get(language)
                today = {"name": name} | ({"label": label} if label else {})
            former = member_names(language, code, today, FORMER.get(code, []), missing)
            for entry in (today, *former):
                check_local(language, code, entry, bound)
            by_code[code] = {"today": today} | ({"former": former} if former else {})
        languages[language] = by_code
        gaps[language] = sorted(missing)
    check_apostrophes(languages)
    document = {"about": ABOUT, "gaps": gaps, "languages": languages}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def texts(by_code: dict[str, object]) -> list[tuple[str, dict[str, str]]]:
    """Every (code, name entry) of a language, today's and of the day."""
    found = []
    for code, names in by_code.items():
        assert isinstance(names, dict)
        for entry in (names["today"], *names.get("former", [])):
            found.append((code, entry))
    return found


def check_apostrophes(languages: dict[str, dict[str, object]]) -> None:
    """A language writes its apostrophes one way (French and Spanish ’, as M49 and the UN's
    documents do; Russian ', as its M49 table does): a curated name follows its table."""
    for language, by_code in languages.items():
        written = "".join(e["name"] + e.get("label", "") for _, e in texts(by_code))
        if "'" in written and "’" in written:
            raise BuildError(f"{language} writes both ' and ’")


def report(text: str, roster: dict[str, object]) -> None:
    document = json.loads(text)
    print(f"English board labels are at most {english_board_width(roster)} wide")
    for language, by_code in document["languages"].items():
        entries = texts(by_code)
        labels = sum(1 for _, e in entries if "label" in e)
        former = sum(len(n.get("former", [])) for n in by_code.values())
        longest = max((e.get("label") or e["name"] for _, e in entries), key=width)
        print(
            f"{language}: {len(by_code)} members, {labels} labels, {former} former names, "
            f"{len(document['gaps'][language])} gaps; longest board label {longest!r} "
            f"({len(longest)} characters, {width(longest)} wide)"
        )
    chinese = {
        c
        for _, e in texts(document["languages"]["zh"])
        for c in e["name"] + e.get("label", "")
        if not c.isspace()
    }
    han = {c for c in chinese if unicodedata.east_asian_width(c) == "W"}
    print(f"zh needs {len(chinese)} distinct characters ({len(han)} wide)")


def main(data: Path, target: Path = TARGET) -> int:
    roster = read_roster()
    try:
        text = build(data, roster)
    except BuildError as exc:
        print(f"build_un_names: {exc}", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT))
    from voteboard.core.names import Names

    Names.model_validate_json(text)
    target.write_text(text, encoding="utf-8")
    print(f"{target.name} written")
    report(text, roster)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
