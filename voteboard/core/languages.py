"""The six official languages of the United Nations, and the board's words in each.

The words are those of the General Assembly's own records where it has them ("In favour",
"Against", "Abstaining"; «Pour», «Contre»; «За», «Против», «Воздержались»; 赞成, 反对, 弃权;
المؤيدون, المعارضون, الممتنعون), written in capitals on the board as in English. Digits are
the digits 0 to 9 in every language, Arabic included: the UN's Arabic documents write them so.

The catalog is Python data, typed field by field: a language without a word, or a word whose
placeholders differ from the English one, fails the type check or the test of the catalog, not a
hall screen. The core knows no files, so no gettext catalog is read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from voteboard.core.model import Light, Majority, Phase
from voteboard.core.tally import Result


class Language(StrEnum):
    """An official language of the United Nations, by its ISO 639-1 code."""

    AR = "ar"
    ZH = "zh"
    EN = "en"
    ES = "es"
    FR = "fr"
    RU = "ru"

    @property
    def right_to_left(self) -> bool:
        """Arabic is written from right to left: its board is mirrored."""
        return self is Language.AR

    @property
    def words(self) -> Words:
        return WORDS[self]


@dataclass(frozen=True)
class Words:
    """Every word the board draws, in one language. `{...}` are the values put in."""

    own_name: str
    """The language's name in itself (for the choosers)."""
    recorded_vote: str
    secret_ballot: str
    no_vote_in_progress: str
    phases: Mapping[Phase, str]
    closes_in: str
    closes_in_time: str
    suspended_at: str
    members: str
    without_a_vote: str
    waiting: str
    cancelled: str
    no_result: str
    voted_of: str
    totals: str
    rules: Mapping[Majority, str]
    required: str
    result: str
    equally_divided: str
    results: Mapping[Result, str]
    no_quorum: str
    provisional: str
    so_far: str
    source_outcome: str
    reveal: str
    letters: Mapping[Light, str]
    spoken: Mapping[Light, str]
    """Each light in words, as a screen reader says a member's light on the web page."""
    months: tuple[str, ...]
    date: str
    connecting: str
    """A web page or remote board before its first board (the address is not shown)."""
    link_lost: str
    """The board shown is no longer live: the link to the desk was lost at {time}."""
    first_day: str = "{day}"
    """How the first day of a month is written ("1er" in French)."""


_EN = Words(
    own_name="English",
    recorded_vote="RECORDED VOTE",
    secret_ballot="SECRET BALLOT",
    no_vote_in_progress="NO VOTE IN PROGRESS",
    phases={
        Phase.PREPARED: "VOTE PREPARED",
        Phase.OPEN: "VOTING OPEN",
        Phase.PAUSED: "VOTING SUSPENDED",
        Phase.CLOSED: "VOTING CLOSED",
        Phase.LOCKED: "FINAL RESULT",
        Phase.CANCELLED: "VOTE CANCELLED",
    },
    closes_in="CLOSES IN",
    closes_in_time="CLOSES IN {time}",
    suspended_at="SUSPENDED AT {time}",
    members="{count} MEMBERS",
    without_a_vote="{count} WITHOUT A VOTE",
    waiting="Waiting for the next vote",
    cancelled="VOTE CANCELLED",
    no_result="The vote has no result",
    voted_of="VOTED {voted} OF {members}",
    totals="YES {yes}    NO {no}    ABSTENTIONS {abstain}    NON-VOTING {non_voting}",
    rules={
        Majority.SIMPLE: "a simple majority of {pv} present and voting",
        Majority.TWO_THIRDS: "two-thirds of {pv} present and voting",
        Majority.MEMBERS: "a majority of the {members} members",
    },
    required="Required: {rule} = {required}. {why}",
    result="Yes {yes}: {result}",
    equally_divided="Yes {yes}, No {no}: equally divided, {result}",
    results={
        Result.ADOPTED: "ADOPTED",
        Result.REJECTED: "REJECTED",
        Result.NO_QUORUM: "NO QUORUM",
    },
    no_quorum="Quorum: {quorum} needed, {taking_part} took part: {result}, the vote is not valid",
    provisional="(PROVISIONAL)",
    so_far="SO FAR: PRESENT AND VOTING {pv}    REQUIRED MAJORITY {required}",
    source_outcome=(
        "Majority not given by the source, which records it {result}: "
        "{yes} in favour, {no} against, {abstain} abstaining"
    ),
    reveal="Reveal in board order, not the order of voting ({shown} of {count})",
    letters={Light.YES: "Y", Light.NO: "N", Light.ABSTAIN: "A"},
    spoken={
        Light.YES: "yes",
        Light.NO: "no",
        Light.ABSTAIN: "abstention",
        Light.VOTED: "voted",
        Light.NONE: "not voted",
        Light.INELIGIBLE: "without a vote",
    },
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    date="{day} {month} {year}",
    connecting="Connecting to the control desk",
    link_lost="Connection to the control desk lost at {time}: reconnecting",
)

_NBSP = "\u00a0"
"""French puts a (non-breaking) space before a colon; the board never breaks a line there."""

_FR = Words(
    own_name="Français",
    recorded_vote="VOTE ENREGISTRÉ",
    secret_ballot="SCRUTIN SECRET",
    no_vote_in_progress="AUCUN VOTE EN COURS",
    phases={
        Phase.PREPARED: "VOTE EN PRÉPARATION",
        Phase.OPEN: "VOTE OUVERT",
        Phase.PAUSED: "VOTE SUSPENDU",
        Phase.CLOSED: "VOTE CLOS",
        Phase.LOCKED: "RÉSULTAT DÉFINITIF",
        Phase.CANCELLED: "VOTE ANNULÉ",
    },
    closes_in="CLÔTURE DANS",
    closes_in_time="CLÔTURE DANS {time}",
    suspended_at="SUSPENDU À {time}",
    members="{count} MEMBRES",
    without_a_vote="{count} SANS DROIT DE VOTE",
    waiting="En attente du prochain vote",
    cancelled="VOTE ANNULÉ",
    no_result="Le vote n’a pas de résultat",
    voted_of=f"ONT VOTÉ{_NBSP}: {{voted}} SUR {{members}}",
    totals="POUR {yes}    CONTRE {no}    ABSTENTIONS {abstain}    NON-VOTANTS {non_voting}",
    rules={
        Majority.SIMPLE: "la majorité simple des {pv} présents et votants",
        Majority.TWO_THIRDS: "les deux tiers des {pv} présents et votants",
        Majority.MEMBERS: "la majorité des {members} membres",
    },
    required=f"Majorité requise{_NBSP}: {{rule}} = {{required}}. {{why}}",
    result=f"Pour {{yes}}{_NBSP}: {{result}}",
    equally_divided=f"Pour {{yes}}, contre {{no}}{_NBSP}: partage égal des voix, {{result}}",
    results={
        Result.ADOPTED: "ADOPTÉ",
        Result.REJECTED: "REJETÉ",
        Result.NO_QUORUM: "QUORUM NON ATTEINT",
    },
    no_quorum=(
        f"Quorum{_NBSP}: {{quorum}} requis, {{taking_part}} votants{_NBSP}: {{result}}, "
        "le vote n’est pas valable"
    ),
    provisional="(PROVISOIRE)",
    so_far=f"À CE STADE{_NBSP}: PRÉSENTS ET VOTANTS {{pv}}    MAJORITÉ REQUISE {{required}}",
    source_outcome=(
        f"Majorité non indiquée par la source, qui le donne {{result}}{_NBSP}: "
        "{yes} pour, {no} contre, {abstain} abstentions"
    ),
    reveal="Dévoilement dans l’ordre du tableau, non dans l’ordre du vote ({shown} sur {count})",
    letters={Light.YES: "P", Light.NO: "C", Light.ABSTAIN: "A"},
    spoken={
        Light.YES: "pour",
        Light.NO: "contre",
        Light.ABSTAIN: "abstention",
        Light.VOTED: "a voté",
        Light.NONE: "n’a pas voté",
        Light.INELIGIBLE: "sans droit de vote",
    },
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    date="{day} {month} {year}",
    connecting="Connexion au pupitre de contrôle en cours",
    link_lost=f"Liaison avec le pupitre de contrôle perdue à {{time}}{_NBSP}: reconnexion en cours",
    first_day="1er",
)

_ES = Words(
    own_name="Español",
    recorded_vote="VOTACIÓN REGISTRADA",
    secret_ballot="VOTACIÓN SECRETA",
    no_vote_in_progress="NINGUNA VOTACIÓN EN CURSO",
    phases={
        Phase.PREPARED: "VOTACIÓN PREPARADA",
        Phase.OPEN: "VOTACIÓN ABIERTA",
        Phase.PAUSED: "VOTACIÓN SUSPENDIDA",
        Phase.CLOSED: "VOTACIÓN CERRADA",
        Phase.LOCKED: "RESULTADO DEFINITIVO",
        Phase.CANCELLED: "VOTACIÓN ANULADA",
    },
    closes_in="SE CIERRA EN",
    closes_in_time="SE CIERRA EN {time}",
    suspended_at="SUSPENDIDA A LOS {time}",
    members="{count} MIEMBROS",
    without_a_vote="{count} SIN DERECHO DE VOTO",
    waiting="En espera de la próxima votación",
    cancelled="VOTACIÓN ANULADA",
    no_result="La votación no tiene resultado",
    voted_of="HAN VOTADO {voted} DE {members}",
    totals=(
        "A FAVOR {yes}    EN CONTRA {no}    ABSTENCIONES {abstain}    NO VOTANTES {non_voting}"
    ),
    rules={
        Majority.SIMPLE: "mayoría simple de los {pv} presentes y votantes",
        Majority.TWO_THIRDS: "dos tercios de los {pv} presentes y votantes",
        Majority.MEMBERS: "mayoría de los {members} miembros",
    },
    required="Mayoría requerida: {rule} = {required}. {why}",
    result="A favor {yes}: {result}",
    equally_divided="A favor {yes}, en contra {no}: empate, {result}",
    results={
        Result.ADOPTED: "APROBADO",
        Result.REJECTED: "RECHAZADO",
        Result.NO_QUORUM: "SIN QUÓRUM",
    },
    no_quorum=(
        "Quórum: se requieren {quorum}, participaron {taking_part}: {result}, "
        "la votación no es válida"
    ),
    provisional="(PROVISIONAL)",
    so_far="HASTA AHORA: PRESENTES Y VOTANTES {pv}    MAYORÍA REQUERIDA {required}",
    source_outcome=(
        "Mayoría no indicada por la fuente, que lo registra como {result}: "
        "{yes} a favor, {no} en contra, {abstain} abstenciones"
    ),
    reveal="Presentación en el orden del tablero, no en el de la votación ({shown} de {count})",
    letters={Light.YES: "S", Light.NO: "N", Light.ABSTAIN: "A"},
    spoken={
        Light.YES: "a favor",
        Light.NO: "en contra",
        Light.ABSTAIN: "abstención",
        Light.VOTED: "ha votado",
        Light.NONE: "no ha votado",
        Light.INELIGIBLE: "sin derecho de voto",
    },
    months=(
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    date="{day} de {month} de {year}",
    connecting="Conectando con la mesa de control",
    link_lost="Conexión con la mesa de control perdida a las {time}: reconectando",
)

_RU = Words(
    own_name="Русский",
    recorded_vote="ЗАНОСИМОЕ В ОТЧЕТ ГОЛОСОВАНИЕ",
    secret_ballot="ТАЙНОЕ ГОЛОСОВАНИЕ",
    no_vote_in_progress="ГОЛОСОВАНИЕ НЕ ПРОВОДИТСЯ",
    phases={
        Phase.PREPARED: "ГОЛОСОВАНИЕ ПОДГОТОВЛЕНО",
        Phase.OPEN: "ГОЛОСОВАНИЕ ОТКРЫТО",
        Phase.PAUSED: "ГОЛОСОВАНИЕ ПРИОСТАНОВЛЕНО",
        Phase.CLOSED: "ГОЛОСОВАНИЕ ЗАКРЫТО",
        Phase.LOCKED: "ОКОНЧАТЕЛЬНЫЙ РЕЗУЛЬТАТ",
        Phase.CANCELLED: "ГОЛОСОВАНИЕ ОТМЕНЕНО",
    },
    closes_in="ЗАКРЫТИЕ ЧЕРЕЗ",
    closes_in_time="ЗАКРЫТИЕ ЧЕРЕЗ {time}",
    suspended_at="ПРИОСТАНОВЛЕНО: {time}",
    members="ЧЛЕНОВ: {count}",
    without_a_vote="БЕЗ ПРАВА ГОЛОСА: {count}",
    waiting="Ожидание следующего голосования",
    cancelled="ГОЛОСОВАНИЕ ОТМЕНЕНО",
    no_result="Голосование не имеет результата",
    voted_of="ПРОГОЛОСОВАЛИ {voted} ИЗ {members}",
    totals="ЗА {yes}    ПРОТИВ {no}    ВОЗДЕРЖАЛИСЬ {abstain}    НЕ ГОЛОСОВАЛИ {non_voting}",
    rules={
        Majority.SIMPLE: "простое большинство из {pv} присутствующих и участвующих в голосовании",
        Majority.TWO_THIRDS: "две трети из {pv} присутствующих и участвующих в голосовании",
        Majority.MEMBERS: "большинство из {members} членов",
    },
    required="Требуемое большинство: {rule} = {required}. {why}",
    result="За {yes}: {result}",
    equally_divided="За {yes}, против {no}: голоса разделились поровну, {result}",
    results={
        Result.ADOPTED: "ПРИНЯТО",
        Result.REJECTED: "ОТКЛОНЕНО",
        Result.NO_QUORUM: "НЕТ КВОРУМА",
    },
    no_quorum=(
        "Кворум: требуется {quorum}, участвовали {taking_part}: {result}, "
        "голосование недействительно"
    ),
    provisional="(ПРЕДВАРИТЕЛЬНО)",
    so_far=(
        "ПОКА: ПРИСУТСТВУЮТ И УЧАСТВУЮТ В ГОЛОСОВАНИИ {pv}    ТРЕБУЕМОЕ БОЛЬШИНСТВО {required}"
    ),
    source_outcome=(
        "Требуемое большинство источником не указано; по его данным {result}: "
        "за {yes}, против {no}, воздержались {abstain}"
    ),
    reveal="Показ в порядке табло, а не в порядке голосования ({shown} из {count})",
    letters={Light.YES: "З", Light.NO: "П", Light.ABSTAIN: "В"},
    spoken={
        Light.YES: "за",
        Light.NO: "против",
        Light.ABSTAIN: "воздержался",
        Light.VOTED: "проголосовал",
        Light.NONE: "не голосовал",
        Light.INELIGIBLE: "без права голоса",
    },
    months=(
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
    date="{day} {month} {year} года",
    connecting="Подключение к пульту управления",
    link_lost="Связь с пультом управления потеряна в {time}: переподключение",
)

_ZH = Words(
    own_name="中文",
    recorded_vote="记录表决",
    secret_ballot="无记名投票",
    no_vote_in_progress="目前没有表决",
    phases={
        Phase.PREPARED: "表决已准备",
        Phase.OPEN: "表决进行中",
        Phase.PAUSED: "表决暂停",
        Phase.CLOSED: "表决结束",
        Phase.LOCKED: "最终结果",
        Phase.CANCELLED: "表决取消",
    },
    closes_in="即将截止",
    closes_in_time="{time} 后截止",
    suspended_at="暂停于 {time}",
    members="{count} 个会员国",
    without_a_vote="{count} 个会员国无表决权",
    waiting="等待下一次表决",
    cancelled="表决取消",
    no_result="本次表决没有结果",
    voted_of="已投票 {voted} / {members}",
    totals="赞成 {yes}    反对 {no}    弃权 {abstain}    未参加表决 {non_voting}",
    rules={
        Majority.SIMPLE: "出席并参加表决的 {pv} 个会员国的简单多数",
        Majority.TWO_THIRDS: "出席并参加表决的 {pv} 个会员国的三分之二",
        Majority.MEMBERS: "{members} 个会员国的过半数",
    },
    required="所需多数：{rule} = {required}。{why}",
    result="赞成 {yes}：{result}",
    equally_divided="赞成 {yes}，反对 {no}：票数相等，{result}",
    results={
        Result.ADOPTED: "通过",
        Result.REJECTED: "未通过",
        Result.NO_QUORUM: "不足法定人数",
    },
    no_quorum="法定人数：需要 {quorum}，参加 {taking_part}：{result}，表决无效",
    provisional="（临时结果）",
    so_far="目前：出席并参加表决 {pv}    所需多数 {required}",
    source_outcome="来源未说明所需多数，记录为{result}：赞成 {yes}，反对 {no}，弃权 {abstain}",
    reveal="按表决板顺序显示，并非投票顺序（{shown} / {count}）",
    letters={Light.YES: "赞", Light.NO: "反", Light.ABSTAIN: "弃"},
    spoken={
        Light.YES: "赞成",
        Light.NO: "反对",
        Light.ABSTAIN: "弃权",
        Light.VOTED: "已投票",
        Light.NONE: "未投票",
        Light.INELIGIBLE: "无表决权",
    },
    months=tuple(str(n) for n in range(1, 13)),
    date="{year}年{month}月{day}日",
    connecting="正在连接控制台",
    link_lost="与控制台的连接已于{time}中断：正在重新连接",
)

_AR = Words(
    own_name="العربية",
    recorded_vote="تصويت مسجل",
    secret_ballot="اقتراع سري",
    no_vote_in_progress="لا يجري أي تصويت",
    phases={
        Phase.PREPARED: "التصويت قيد الإعداد",
        Phase.OPEN: "باب التصويت مفتوح",
        Phase.PAUSED: "التصويت معلق",
        Phase.CLOSED: "أقفل باب التصويت",
        Phase.LOCKED: "النتيجة النهائية",
        Phase.CANCELLED: "ألغي التصويت",
    },
    closes_in="يقفل باب التصويت بعد",
    closes_in_time="يقفل باب التصويت بعد {time}",
    suspended_at="علق عند {time}",
    members="عدد الأعضاء {count}",
    without_a_vote="{count} بلا حق في التصويت",
    waiting="في انتظار التصويت التالي",
    cancelled="ألغي التصويت",
    no_result="لا نتيجة لهذا التصويت",
    voted_of="صوت {voted} من {members}",
    totals="المؤيدون {yes}    المعارضون {no}    الممتنعون {abstain}    غير المصوتين {non_voting}",
    rules={
        Majority.SIMPLE: "الأغلبية البسيطة للحاضرين المصوتين وعددهم {pv}",
        Majority.TWO_THIRDS: "أغلبية ثلثي الحاضرين المصوتين وعددهم {pv}",
        Majority.MEMBERS: "أغلبية الأعضاء وعددهم {members}",
    },
    required="الأغلبية المطلوبة: {rule} = {required}. {why}",
    result="المؤيدون {yes}: {result}",
    equally_divided="المؤيدون {yes}، المعارضون {no}: تعادل الأصوات، {result}",
    results={
        Result.ADOPTED: "اعتمد",
        Result.REJECTED: "رفض",
        Result.NO_QUORUM: "لم يكتمل النصاب",
    },
    no_quorum="النصاب: المطلوب {quorum}، شارك {taking_part}: {result}، التصويت باطل",
    provisional="(نتيجة مؤقتة)",
    so_far="حتى الآن: الحاضرون المصوتون {pv}    الأغلبية المطلوبة {required}",
    source_outcome=(
        "لم يذكر المصدر الأغلبية المطلوبة، وهو يسجل النتيجة {result}: "
        "{yes} مؤيدون، {no} معارضون، {abstain} ممتنعون"
    ),
    reveal="عرض بترتيب اللوحة لا بترتيب التصويت ({shown} من {count})",
    # The board's shape and colour carry the choice; Arabic has no one letter for each (the
    # three words begin alike), so the letters stay those of the English board.
    letters={Light.YES: "Y", Light.NO: "N", Light.ABSTAIN: "A"},
    spoken={
        Light.YES: "مؤيد",
        Light.NO: "معارض",
        Light.ABSTAIN: "ممتنع",
        Light.VOTED: "صوت",
        Light.NONE: "لم يصوت",
        Light.INELIGIBLE: "بلا حق في التصويت",
    },
    months=(
        "كانون الثاني/يناير",
        "شباط/فبراير",
        "آذار/مارس",
        "نيسان/أبريل",
        "أيار/مايو",
        "حزيران/يونيه",
        "تموز/يوليه",
        "آب/أغسطس",
        "أيلول/سبتمبر",
        "تشرين الأول/أكتوبر",
        "تشرين الثاني/نوفمبر",
        "كانون الأول/ديسمبر",
    ),
    date="{day} {month} {year}",
    connecting="جارٍ الاتصال بمكتب التحكم",
    link_lost="انقطع الاتصال بمكتب التحكم في {time}: جارٍ إعادة الاتصال",
)

WORDS: Mapping[Language, Words] = {
    Language.AR: _AR,
    Language.ZH: _ZH,
    Language.EN: _EN,
    Language.ES: _ES,
    Language.FR: _FR,
    Language.RU: _RU,
}


def language_of(code: str) -> Language:
    """The language of a code (`ar`, `zh`, ...); ValueError names the six."""
    try:
        return Language(code.strip().lower())
    except ValueError:
        known = ", ".join(language.value for language in Language)
        raise ValueError(f"{code!r} is not one of the six languages ({known})") from None


def day_words(day: dt.date, language: Language) -> str:
    """A day as the language's UN documents write it: 12 October 2022, 12 octobre 2022,
    12 de octubre de 2022, 12 октября 2022 года, 2022年10月12日, 12 تشرين الأول/أكتوبر 2022."""
    words = language.words
    shown = words.first_day if day.day == 1 else str(day.day)
    return words.date.format(
        day=shown.format(day=day.day), month=words.months[day.month - 1], year=day.year
    )


def all_words(language: Language) -> tuple[str, ...]:
    """Every text of the catalog in a language, placeholders included (for the font's cut and
    the test that every glyph is in the fonts shipped)."""
    words = language.words
    texts: list[str] = []
    for value in vars(words).values():
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, tuple):
            texts.extend(value)
        else:
            texts.extend(value.values())
    return tuple(texts)
