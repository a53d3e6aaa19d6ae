"""The words of the PDF record of a vote and of a delegation's console, in the six languages.

Typed Python data, as the board's `Words` (core/languages.py, whose docstring says why): a
language without a text, or a text whose placeholders differ from the English one, fails the
type check or the test of the catalog, not a printed record. The record's words are those of the
voting annex of the General Assembly's verbatim records in each language ("In favour:",
«Votent pour :», «Votos a favor:», «Голосовали за:», 赞成：, المؤيدون:), and its result is stated
as they state it ("Adopted by 143 votes to 5, with 35 abstentions"); English is word for word
what ui/record.py and ui/console.py printed before the other five languages came.

A count is worded in the plural form its number takes in the language (`Counted`: 1 vote, 143
votes; 21 голосом, 143 голосами; صوت واحد, 5 أصوات, 143 صوتا), chosen by the language's rule
(`Plural`, after the CLDR's plural rules for whole numbers). Digits are 0 to 9 in every language,
Arabic included, as the UN's Arabic documents write them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from voteboard.core.languages import Language
from voteboard.core.model import Choice, Light
from voteboard.core.tally import Result

Category = Literal["one", "two", "few", "many", "other"]
"""A plural form, as the CLDR names them."""
Plural = Callable[[int], Category]
"""A language's rule: the plural form a count takes."""


def _english(count: int) -> Category:
    return "one" if count == 1 else "other"


def _french(count: int) -> Category:
    return "one" if count in (0, 1) else "other"  # 0 and 1 take the singular in French


def _russian(count: int) -> Category:
    if count % 10 == 1 and count % 100 != 11:
        return "one"  # 1, 21, 101: голос, голосом
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return "few"  # 2, 3, 4, 22: голоса
    return "many"  # 0, 5 to 20, 25: голосов


def _arabic(count: int) -> Category:
    if count == 1:
        return "one"
    if count == 2:
        return "two"
    if 3 <= count % 100 <= 10:
        return "few"  # 5 أصوات, 103 أصوات
    if 11 <= count % 100 <= 99:
        return "many"  # 35 عضوا, 143 صوتا
    return "other"  # 100, 101, 200: 100 صوت


def _chinese(_count: int) -> Category:
    return "other"  # Chinese has one form: 143票, 1票


@dataclass(frozen=True)
class Counted:
    """A count with its words, in each plural form of a language (`{n}` is the count). A form
    left out is worded as `other`; `none` is said for 0 where the language says it apart ("no
    abstentions", «sans abstention»)."""

    other: str
    one: str | None = None
    two: str | None = None
    few: str | None = None
    many: str | None = None
    none: str | None = None

    def words(self, count: int, plural: Plural) -> str:
        """The count in words, in the form the language's rule gives it."""
        if count == 0 and self.none is not None:
            return self.none.format(n=count)
        form: str | None = getattr(self, plural(count))
        return (form or self.other).format(n=count)


@dataclass(frozen=True)
class Meeting:
    """The session and the meeting under a record's symbol, worded from their numbers: the
    sources give them in English ("Eleventh emergency special session", "14th plenary
    meeting"). `sessions` by the kind of session ('' a regular session, `ES` an emergency
    special one, `S` a special one)."""

    sessions: Mapping[str, Counted]
    meeting: Counted
    plenary: str
    """A plenary meeting whose number the source does not give."""
    verbatim_record: str


@dataclass(frozen=True)
class RecordWords:
    """Every text of the PDF record of a vote, in one language. `{...}` are the values put in."""

    plural: Plural
    organisation: str
    assembly: str
    weekdays: tuple[str, ...]
    """Monday first, as the date line writes them."""
    dated: str
    """The date line: the weekday and the day (`day_words`)."""
    meeting: Meeting | None
    """None in English: the sources' own words are printed."""
    recorded_vote: str
    secret_ballot: str
    final: str
    provisional_result: str
    cancelled: str
    not_ended: str
    sentence: str
    """A statement ended as the language ends it ("{text}.", "{text}。")."""
    took_part: str
    secret_note: str
    series: str
    """Between the names of a list ("Afghanistan, Albania"; 阿富汗、阿尔巴尼亚)."""
    comma: str
    """Between a meeting and its record's symbol."""
    lists: Mapping[Light, str]
    """The headings of the lists: in favour, against, abstaining, non-voting, without the right
    to vote."""
    counted_heading: str
    named: Counted
    """Where the official count is not the list's length: how many the list names."""
    nobody: str
    result: str
    cancelled_result: str
    verbs: Mapping[Result, str]
    """Adopted, rejected: the result stated by `outcome` (a vote without quorum has none)."""
    provisional: str
    outcome: Mapping[Result, str]
    votes: Counted
    """The votes in favour, as `outcome` puts them."""
    against: Counted
    abstentions: Counted
    membership: str
    without_right: Counted
    corrections: str
    corrections_note: str
    correction: str
    intended: Mapping[Choice | None, str]
    correction_note: str
    no_checkpoint: str
    head_title: str
    head_check: str
    """How to check a journal against the record; `{command}` is printed as it is typed."""
    head_label: str
    journal_label: str
    signature_label: str
    key_label: str
    pdf_title: str
    page: str


@dataclass(frozen=True)
class ConsoleWords:
    """Every text of a delegation's console, in one language (the board's words aside: the
    mode and the phase banner are the board's, `Language.words`)."""

    plural: Plural
    window_title: str
    buttons: Mapping[Choice, str]
    chosen: Mapping[Choice, str]
    """A choice as the console names it in a sentence ("Your ballot: YES")."""
    confirm: str
    cast_it: str
    back: str
    connecting: str
    connected: str
    reconnecting: str
    refused: str
    replaced: str
    replaced_here: str
    """What the console says once another one was connected for its seat."""
    sending: str
    recorded: str
    no_vote: str
    ineligible: str
    not_open: str
    not_voted: str
    did_not_vote: str
    secret_cast: str
    own_ballot: str
    may_change: str
    seat_name: str
    vote_line: str


_NBSP = "\u00a0"
"""French puts a non-breaking space before a colon, a semicolon and a question mark, and
inside its quotation marks."""

_EN_RECORD = RecordWords(
    plural=_english,
    organisation="United Nations",
    assembly="General Assembly",
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    dated="{weekday}, {day}",
    meeting=None,
    recorded_vote="Recorded vote",
    secret_ballot="Secret ballot",
    final="This result is final: it was locked at the end of the vote",
    provisional_result="Provisional result: voting closed, the result is not yet locked",
    cancelled="The vote was cancelled",
    not_ended="Voting has not ended: this is not a result",
    sentence="{text}.",
    took_part="Members that took part in the ballot",
    secret_note="A secret ballot: no member's choice is recorded, only who took part.",
    series=", ",
    comma=", ",
    lists={
        Light.YES: "In favour",
        Light.NO: "Against",
        Light.ABSTAIN: "Abstaining",
        Light.NONE: "Non-voting",
        Light.INELIGIBLE: "Without the right to vote (Article 19 of the Charter)",
    },
    counted_heading="{heading}: {count}",
    named=Counted(other=" ({n} named)"),
    nobody="None",
    result="Result",
    cancelled_result="None: the vote was cancelled, and no list of votes is recorded.",
    verbs={Result.ADOPTED: "Adopted", Result.REJECTED: "Rejected"},
    provisional=" (provisional)",
    outcome={
        Result.ADOPTED: "{verb} by {yes} to {no}, {abstain}.",
        Result.REJECTED: "{verb} by {yes} to {no}, {abstain}.",
    },
    votes=Counted(other="{n} votes", one="{n} vote"),
    against=Counted(other="{n}", none="none"),
    abstentions=Counted(
        other="with {n} abstentions", one="with {n} abstention", none="with no abstentions"
    ),
    membership="Total membership: {members}; non-voting: {non_voting}{without_right}.",
    without_right=Counted(other=", of whom {n} without the right to vote"),
    corrections="Corrections",
    corrections_note="Corrections are recorded; they do not change the result.",
    correction=(
        "The delegation of {name} informed the Secretariat that it had intended {intended}{note}."
    ),
    intended={
        Choice.YES: "to vote in favour",
        Choice.NO: "to vote against",
        Choice.ABSTAIN: "to abstain",
        None: "not to vote",
    },
    correction_note=' (note: "{note}")',
    no_checkpoint=(
        "The journal had no signed checkpoint yet when this record was made: it carries no head "
        "to check a journal against."
    ),
    head_title="The journal's head, signed by the hall.",
    head_check=(
        "To check a journal against this record: {command} (the hash below), or --head with "
        "this file."
    ),
    head_label="Head (event:hash)",
    journal_label="Journal (the signed text is voteboard-head:1:JOURNAL:EVENT:HASH)",
    signature_label="Signature (Ed25519, base64, in two lines)",
    key_label="Hall key fingerprint (SHA-256 of its DER form)",
    pdf_title="{symbol}: record of the vote",
    page="Page {number} of {pages}",
)

_FR_RECORD = RecordWords(
    plural=_french,
    organisation="Nations Unies",
    assembly="Assemblée générale",
    weekdays=("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"),
    dated="{weekday} {day}",
    meeting=Meeting(
        sessions={
            "": Counted(other="{n}e session", one="{n}re session"),
            "ES": Counted(
                other="{n}e session extraordinaire d’urgence",
                one="{n}re session extraordinaire d’urgence",
            ),
            "S": Counted(other="{n}e session extraordinaire", one="{n}re session extraordinaire"),
        },
        meeting=Counted(other="{n}e séance plénière", one="{n}re séance plénière"),
        plenary="Séance plénière",
        verbatim_record="Procès-verbal {record}",
    ),
    recorded_vote="Vote enregistré",
    secret_ballot="Scrutin secret",
    final=f"Ce résultat est définitif{_NBSP}: il a été arrêté à la fin du vote",
    provisional_result=(
        f"Résultat provisoire{_NBSP}: le vote est clos, le résultat n’est pas encore arrêté"
    ),
    cancelled="Le vote a été annulé",
    not_ended=f"Le vote n’est pas terminé{_NBSP}: ceci n’est pas un résultat",
    sentence="{text}.",
    took_part="Membres ayant pris part au scrutin",
    secret_note=(
        f"Scrutin secret{_NBSP}: le choix d’aucun membre n’est enregistré, seulement les "
        "membres qui y ont pris part."
    ),
    series=", ",
    comma=", ",
    lists={
        Light.YES: "Votent pour",
        Light.NO: "Votent contre",
        Light.ABSTAIN: "S’abstiennent",
        Light.NONE: "Non-votants",
        Light.INELIGIBLE: "Privés du droit de vote (Article 19 de la Charte)",
    },
    counted_heading=f"{{heading}}{_NBSP}: {{count}}",
    named=Counted(other=" ({n} nommés)", one=" ({n} nommé)"),
    nobody="Aucun",
    result="Résultat",
    cancelled_result=(
        f"Aucun{_NBSP}: le vote a été annulé, et aucune liste des votes n’est enregistrée."
    ),
    verbs={Result.ADOPTED: "Adopté", Result.REJECTED: "Rejeté"},
    provisional=" (à titre provisoire)",
    outcome={
        Result.ADOPTED: "{verb} par {yes} contre {no}, {abstain}.",
        Result.REJECTED: "{verb} par {yes} contre {no}, {abstain}.",
    },
    votes=Counted(other="{n} voix"),
    against=Counted(other="{n}", none="zéro"),
    abstentions=Counted(
        other="avec {n} abstentions", one="avec {n} abstention", none="sans abstention"
    ),
    membership=(
        f"Nombre total de membres{_NBSP}: {{members}}{_NBSP}; non-votants{_NBSP}: "
        "{non_voting}{without_right}."
    ),
    without_right=Counted(
        other=", dont {n} privés du droit de vote", one=", dont {n} privé du droit de vote"
    ),
    corrections="Rectifications",
    corrections_note=(
        f"Les rectifications sont consignées{_NBSP}; elles ne modifient pas le résultat."
    ),
    correction=(
        f"{{name}}{_NBSP}: la délégation a informé le Secrétariat qu’elle avait eu l’intention "
        "{intended}{note}."
    ),
    intended={
        Choice.YES: "de voter pour",
        Choice.NO: "de voter contre",
        Choice.ABSTAIN: "de s’abstenir",
        None: "de ne pas participer au vote",
    },
    correction_note=f" (note{_NBSP}: «{_NBSP}{{note}}{_NBSP}»)",
    no_checkpoint=(
        "Le journal n’avait encore aucun point de contrôle signé lorsque ce relevé a été établi"
        f"{_NBSP}: il ne porte aucune tête à laquelle comparer un journal."
    ),
    head_title="La tête du journal, signée par la salle.",
    head_check=(
        f"Pour vérifier un journal au regard de ce relevé{_NBSP}: {{command}} (l’empreinte "
        "ci-dessous), ou --head avec ce fichier."
    ),
    head_label="Tête (événement:empreinte)",
    journal_label="Journal (le texte signé est voteboard-head:1:JOURNAL:EVENT:HASH)",
    signature_label="Signature (Ed25519, base64, sur deux lignes)",
    key_label="Empreinte de la clé de la salle (SHA-256 de sa forme DER)",
    pdf_title=f"{{symbol}}{_NBSP}: relevé du vote",
    page="Page {number} sur {pages}",
)

_ES_RECORD = RecordWords(
    plural=_english,  # Spanish counts as English does: 1 voto, 0 votos, 2 votos
    organisation="Naciones Unidas",
    assembly="Asamblea General",
    weekdays=("Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"),
    dated="{weekday} {day}",
    meeting=Meeting(
        sessions={
            "": Counted(other="{n}.º período de sesiones"),
            "ES": Counted(other="{n}.º período extraordinario de sesiones de emergencia"),
            "S": Counted(other="{n}.º período extraordinario de sesiones"),
        },
        meeting=Counted(other="{n}.ª sesión plenaria"),
        plenary="Sesión plenaria",
        verbatim_record="Acta literal {record}",
    ),
    recorded_vote="Votación registrada",
    secret_ballot="Votación secreta",
    final="Este resultado es definitivo: quedó fijado al término de la votación",
    provisional_result=(
        "Resultado provisional: la votación se ha cerrado, el resultado aún no ha quedado fijado"
    ),
    cancelled="La votación fue anulada",
    not_ended="La votación no ha terminado: esto no es un resultado",
    sentence="{text}.",
    took_part="Miembros que participaron en la votación",
    secret_note=(
        "Votación secreta: no se registra la opción de ningún miembro, solo quiénes participaron."
    ),
    series=", ",
    comma=", ",
    lists={
        Light.YES: "Votos a favor",
        Light.NO: "Votos en contra",
        Light.ABSTAIN: "Abstenciones",
        Light.NONE: "No votantes",
        Light.INELIGIBLE: "Sin derecho de voto (Artículo 19 de la Carta)",
    },
    counted_heading="{heading}: {count}",
    named=Counted(other=" ({n} nombrados)", one=" ({n} nombrado)"),
    nobody="Ninguno",
    result="Resultado",
    cancelled_result=("Ninguno: la votación fue anulada y no se registra ninguna lista de votos."),
    verbs={Result.ADOPTED: "Queda aprobado", Result.REJECTED: "Queda rechazado"},
    provisional=" (con carácter provisional)",
    outcome={
        Result.ADOPTED: "{verb} por {yes} contra {no} {abstain}.",
        Result.REJECTED: "{verb} por {yes} contra {no} {abstain}.",
    },
    votes=Counted(other="{n} votos", one="{n} voto"),
    against=Counted(other="{n}", none="ninguno"),
    abstentions=Counted(
        other="y {n} abstenciones", one="y {n} abstención", none="y ninguna abstención"
    ),
    membership="Total de miembros: {members}; no votantes: {non_voting}{without_right}.",
    without_right=Counted(other=", de los cuales {n} sin derecho de voto"),
    corrections="Correcciones",
    corrections_note="Las correcciones quedan registradas; no modifican el resultado.",
    correction=(
        "{name}: la delegación informó a la Secretaría de que había tenido la intención "
        "{intended}{note}."
    ),
    intended={
        Choice.YES: "de votar a favor",
        Choice.NO: "de votar en contra",
        Choice.ABSTAIN: "de abstenerse",
        None: "de no votar",
    },
    correction_note=" (nota: «{note}»)",
    no_checkpoint=(
        "El diario aún no tenía ningún punto de control firmado cuando se generó esta acta: no "
        "lleva ninguna cabeza con la que cotejar un diario."
    ),
    head_title="La cabeza del diario, firmada por la sala.",
    head_check=(
        "Para cotejar un diario con esta acta: {command} (el hash indicado abajo), o --head con "
        "este archivo."
    ),
    head_label="Cabeza (evento:hash)",
    journal_label="Diario (el texto firmado es voteboard-head:1:JOURNAL:EVENT:HASH)",
    signature_label="Firma (Ed25519, base64, en dos líneas)",
    key_label="Huella de la clave de la sala (SHA-256 de su forma DER)",
    pdf_title="{symbol}: acta de la votación",
    page="Página {number} de {pages}",
)

_RU_RECORD = RecordWords(
    plural=_russian,
    organisation="Организация Объединенных Наций",
    assembly="Генеральная Ассамблея",
    weekdays=(
        "Понедельник",
        "Вторник",
        "Среда",
        "Четверг",
        "Пятница",
        "Суббота",
        "Воскресенье",
    ),
    dated="{weekday}, {day}",
    meeting=Meeting(
        sessions={
            "": Counted(other="{n}-я сессия"),
            "ES": Counted(other="{n}-я чрезвычайная специальная сессия"),
            "S": Counted(other="{n}-я специальная сессия"),
        },
        meeting=Counted(other="{n}-е пленарное заседание"),
        plenary="Пленарное заседание",
        verbatim_record="Стенографический отчет {record}",
    ),
    recorded_vote="Заносимое в отчет о заседании голосование",
    secret_ballot="Тайное голосование",
    final="Результат окончательный: он зафиксирован по окончании голосования",
    provisional_result=(
        "Предварительный результат: голосование закрыто, результат еще не зафиксирован"
    ),
    cancelled="Голосование отменено",
    not_ended="Голосование не завершено: это не результат",
    sentence="{text}.",
    took_part="Члены, принявшие участие в голосовании",
    secret_note=(
        "Тайное голосование: выбор членов не записывается, записывается только, кто принял участие."
    ),
    series=", ",
    comma=", ",
    lists={
        Light.YES: "Голосовали за",
        Light.NO: "Голосовали против",
        Light.ABSTAIN: "Воздержались",
        Light.NONE: "Не голосовали",
        Light.INELIGIBLE: "Лишены права голоса (статья 19 Устава)",
    },
    counted_heading="{heading}: {count}",
    named=Counted(
        one=" (в списке {n} член)",
        few=" (в списке {n} члена)",
        many=" (в списке {n} членов)",
        other=" (в списке {n} членов)",
    ),
    nobody="Нет",
    result="Результат",
    cancelled_result="Нет: голосование отменено, списки голосов не записываются.",
    verbs={Result.ADOPTED: "Принят", Result.REJECTED: "Отклонен"},
    provisional=" (предварительно)",
    outcome={
        Result.ADOPTED: "{verb} {yes} против {no} {abstain}.",
        Result.REJECTED: "{verb} {yes} против {no} {abstain}.",
    },
    votes=Counted(one="{n} голосом", other="{n} голосами"),
    against=Counted(other="{n}"),
    abstentions=Counted(
        one="при {n} воздержавшемся",
        other="при {n} воздержавшихся",
        none="при отсутствии воздержавшихся",
    ),
    membership="Всего членов: {members}; не голосовали: {non_voting}{without_right}.",
    without_right=Counted(
        one=", из них {n} член без права голоса",
        few=", из них {n} члена без права голоса",
        many=", из них {n} членов без права голоса",
        other=", из них {n} членов без права голоса",
    ),
    corrections="Исправления",
    corrections_note="Исправления записываются; они не меняют результата.",
    correction=(
        "{name}: делегация уведомила Секретариат о том, что намеревалась {intended}{note}."
    ),
    intended={
        Choice.YES: "голосовать за",
        Choice.NO: "голосовать против",
        Choice.ABSTAIN: "воздержаться",
        None: "не участвовать в голосовании",
    },
    correction_note=" (примечание: «{note}»)",
    no_checkpoint=(
        "Когда составлялся этот документ, в журнале еще не было подписанной контрольной точки: "
        "в нем нет головной записи, с которой можно сверить журнал."
    ),
    head_title="Головная запись журнала, подписанная залом.",
    head_check=(
        "Чтобы сверить журнал с этим документом: {command} (хеш приведен ниже) или --head с этим "
        "файлом."
    ),
    head_label="Головная запись (событие:хеш)",
    journal_label="Журнал (подписанный текст: voteboard-head:1:JOURNAL:EVENT:HASH)",
    signature_label="Подпись (Ed25519, base64, в две строки)",
    key_label="Отпечаток ключа зала (SHA-256 его формы DER)",
    pdf_title="{symbol}: запись о голосовании",
    page="Страница {number} из {pages}",
)

_ZH_RECORD = RecordWords(
    plural=_chinese,
    organisation="联合国",
    assembly="大会",
    weekdays=("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    dated="{day}{weekday}",
    meeting=Meeting(
        sessions={
            "": Counted(other="第{n}届会议"),
            "ES": Counted(other="第{n}届紧急特别会议"),
            "S": Counted(other="第{n}届特别会议"),
        },
        meeting=Counted(other="第{n}次全体会议"),
        plenary="全体会议",
        verbatim_record="逐字记录 {record}",
    ),
    recorded_vote="记录表决",
    secret_ballot="无记名投票",
    final="本结果为最终结果：表决结束时已锁定",
    provisional_result="临时结果：表决已结束，结果尚未锁定",
    cancelled="表决已取消",
    not_ended="表决尚未结束：这不是结果",
    sentence="{text}。",
    took_part="参加投票的会员国",
    secret_note="无记名投票：不记录任何会员国的选择，只记录哪些会员国参加了投票。",
    series="、",
    comma="，",
    lists={
        Light.YES: "赞成",
        Light.NO: "反对",
        Light.ABSTAIN: "弃权",
        Light.NONE: "未参加表决",
        Light.INELIGIBLE: "无表决权（《宪章》第十九条）",
    },
    counted_heading="{heading}：{count}",
    named=Counted(other="（列名 {n} 个）"),
    nobody="无",
    result="结果",
    cancelled_result="无：表决已取消，不记录投票名单。",
    verbs={Result.ADOPTED: "获得通过", Result.REJECTED: "被否决"},
    provisional="（临时结果）",
    outcome={
        Result.ADOPTED: "以{yes}、{no}、{abstain}{verb}。",
        Result.REJECTED: "以{yes}、{no}、{abstain}{verb}。",
    },
    votes=Counted(other="{n}票赞成"),
    against=Counted(other="{n}票反对"),
    abstentions=Counted(other="{n}票弃权"),
    membership="会员国总数：{members}；未参加表决：{non_voting}{without_right}。",
    without_right=Counted(other="，其中 {n} 个无表决权"),
    corrections="更正",
    corrections_note="更正已记录在案；更正不改变表决结果。",
    correction="{name}：该国代表团通知秘书处，它原打算{intended}{note}。",
    intended={
        Choice.YES: "投赞成票",
        Choice.NO: "投反对票",
        Choice.ABSTAIN: "投弃权票",
        None: "不参加表决",
    },
    correction_note="（说明：“{note}”）",
    no_checkpoint="生成本记录时，日志尚无已签名的检查点：本记录不含可用于核对日志的链头。",
    head_title="日志的链头，由会场签名。",
    head_check="用本记录核对日志：{command}（哈希值见下），或对本文件使用 --head。",
    head_label="链头（事件:哈希值）",
    journal_label="日志（签名文本为 voteboard-head:1:JOURNAL:EVENT:HASH）",
    signature_label="签名（Ed25519，base64，分两行）",
    key_label="会场密钥指纹（其 DER 形式的 SHA-256）",
    pdf_title="{symbol}：表决记录",
    page="第 {number} 页，共 {pages} 页",
)

_AR_VOTES = Counted(
    one="صوت واحد",
    two="صوتين",
    few="{n} أصوات",
    many="{n} صوتا",
    other="{n} صوت",
    none="لا شيء",
)
"""Votes as `outcome` counts them in Arabic: بأغلبية 143 صوتا مقابل 5 أصوات."""

_AR_RECORD = RecordWords(
    plural=_arabic,
    organisation="الأمم المتحدة",
    assembly="الجمعية العامة",
    weekdays=("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
    dated="{weekday}، {day}",
    meeting=Meeting(
        sessions={
            "": Counted(other="الدورة {n}"),
            "ES": Counted(other="الدورة الاستثنائية الطارئة {n}"),
            "S": Counted(other="الدورة الاستثنائية {n}"),
        },
        meeting=Counted(other="الجلسة العامة {n}"),
        plenary="جلسة عامة",
        verbatim_record="المحضر الحرفي {record}",
    ),
    recorded_vote="تصويت مسجل",
    secret_ballot="اقتراع سري",
    final="هذه النتيجة نهائية: ثُبتت عند انتهاء التصويت",
    provisional_result="نتيجة مؤقتة: أُقفل باب التصويت، ولم تُثبت النتيجة بعد",
    cancelled="أُلغي التصويت",
    not_ended="لم ينته التصويت: هذه ليست نتيجة",
    sentence="{text}.",
    took_part="الأعضاء الذين شاركوا في الاقتراع",
    secret_note="اقتراع سري: لا يُسجل خيار أي عضو، بل يُسجل من شارك فقط.",
    series="، ",
    comma="، ",
    lists={
        Light.YES: "المؤيدون",
        Light.NO: "المعارضون",
        Light.ABSTAIN: "الممتنعون",
        Light.NONE: "غير المصوتين",
        Light.INELIGIBLE: "المحرومون من حق التصويت (المادة 19 من الميثاق)",
    },
    counted_heading="{heading}: {count}",
    named=Counted(other=" (المذكورون بالاسم: {n})"),
    nobody="لا أحد",
    result="النتيجة",
    cancelled_result="لا شيء: أُلغي التصويت، ولا تُسجل أي قائمة بالأصوات.",
    verbs={Result.ADOPTED: "اعتُمد", Result.REJECTED: "رُفض"},
    provisional=" (بصفة مؤقتة)",
    outcome={
        Result.ADOPTED: "{verb} بأغلبية {yes} مقابل {no}، {abstain}.",
        Result.REJECTED: "{verb} بتأييد {yes} مقابل {no}، {abstain}.",
    },
    votes=_AR_VOTES,
    against=_AR_VOTES,
    abstentions=Counted(
        one="وامتناع عضو واحد عن التصويت",
        two="وامتناع عضوين عن التصويت",
        few="وامتناع {n} أعضاء عن التصويت",
        many="وامتناع {n} عضوا عن التصويت",
        other="وامتناع {n} عضو عن التصويت",
        none="دون امتناع أي عضو عن التصويت",
    ),
    membership="مجموع الأعضاء: {members}؛ غير المصوتين: {non_voting}{without_right}.",
    without_right=Counted(
        one="، منهم عضو واحد محروم من حق التصويت",
        two="، منهم عضوان محرومان من حق التصويت",
        other="، منهم {n} محرومون من حق التصويت",
    ),
    corrections="التصويبات",
    corrections_note="تُسجل التصويبات، ولا تغير النتيجة.",
    correction="{name}: أبلغ الوفد الأمانة العامة بأنه كان ينوي {intended}{note}.",
    intended={
        Choice.YES: "التصويت مؤيدا",
        Choice.NO: "التصويت معارضا",
        Choice.ABSTAIN: "الامتناع عن التصويت",
        None: "عدم التصويت",
    },
    correction_note=" (ملاحظة: «{note}»)",
    no_checkpoint=(
        "لم يكن في السجل بعدُ أي نقطة تحقق موقعة عند إعداد هذه الوثيقة: فهي لا تحمل رأسا "
        "يمكن مقارنة سجل به."
    ),
    head_title="رأس السجل، موقعا من القاعة.",
    head_check=(
        "للتحقق من سجل بمقارنته بهذه الوثيقة: {command} (قيمة التجزئة الواردة أدناه)، أو "
        "الخيار نفسه مع هذا الملف."
    ),
    head_label="الرأس (الحدث:قيمة التجزئة)",
    journal_label="السجل (النص الموقع هو voteboard-head:1:JOURNAL:EVENT:HASH)",
    signature_label="التوقيع (Ed25519، base64، في سطرين)",
    key_label="بصمة مفتاح القاعة (SHA-256 لشكله DER)",
    pdf_title="{symbol}: سجل التصويت",
    page="الصفحة {number} من {pages}",
)

RECORD_WORDS: Mapping[Language, RecordWords] = {
    Language.AR: _AR_RECORD,
    Language.ZH: _ZH_RECORD,
    Language.EN: _EN_RECORD,
    Language.ES: _ES_RECORD,
    Language.FR: _FR_RECORD,
    Language.RU: _RU_RECORD,
}

_EN_CONSOLE = ConsoleWords(
    plural=_english,
    window_title="voteboard: console of {seat}",
    buttons={Choice.YES: "Yes", Choice.NO: "No", Choice.ABSTAIN: "Abstain"},
    chosen={Choice.YES: "YES", Choice.NO: "NO", Choice.ABSTAIN: "ABSTAIN"},
    confirm="Cast {choice} in this secret ballot? It cannot be changed once cast.",
    cast_it="Cast it",
    back="Back",
    connecting="Connecting to the control desk…",
    connected="Connected to the control desk",
    reconnecting="Connection lost: reconnecting…",
    refused="Refused by the control desk",
    replaced="This seat's console was opened elsewhere",
    replaced_here="Another console was connected for this seat: this one is closed.",
    sending="Sending your ballot…",
    recorded="Your ballot is recorded",
    no_vote="No vote in progress",
    ineligible="No right to vote in this vote (Article 19 of the Charter)",
    not_open="Voting has not opened yet",
    not_voted="You have not voted",
    did_not_vote="You did not vote",
    secret_cast="Your ballot has been cast. It is secret: this console does not show it.",
    own_ballot="Your ballot: {choice}, recorded{change}",
    may_change=": you may change it until voting closes",
    seat_name="{name} ({seat})",
    vote_line="{symbol}   ·   {mode}",
)

_FR_CONSOLE = ConsoleWords(
    plural=_french,
    window_title=f"voteboard{_NBSP}: console de {{seat}}",
    buttons={Choice.YES: "Pour", Choice.NO: "Contre", Choice.ABSTAIN: "Abstention"},
    chosen={Choice.YES: "POUR", Choice.NO: "CONTRE", Choice.ABSTAIN: "ABSTENTION"},
    confirm=(
        f"Voter «{_NBSP}{{choice}}{_NBSP}» dans ce scrutin secret{_NBSP}? Ce vote ne pourra "
        "plus être modifié."
    ),
    cast_it="Voter",
    back="Retour",
    connecting="Connexion au poste de contrôle…",
    connected="Connecté au poste de contrôle",
    reconnecting=f"Connexion perdue{_NBSP}: reconnexion…",
    refused="Refusé par le poste de contrôle",
    replaced="La console de ce siège a été ouverte ailleurs",
    replaced_here=(f"Une autre console a été connectée pour ce siège{_NBSP}: celle-ci est fermée."),
    sending="Envoi de votre vote…",
    recorded="Votre vote est enregistré",
    no_vote="Aucun vote en cours",
    ineligible="Pas de droit de vote dans ce vote (Article 19 de la Charte)",
    not_open="Le vote n’est pas encore ouvert",
    not_voted="Vous n’avez pas encore voté",
    did_not_vote="Vous n’avez pas voté",
    secret_cast=(f"Votre vote a été déposé. Il est secret{_NBSP}: cette console ne l’affiche pas."),
    own_ballot=f"Votre vote{_NBSP}: {{choice}}, enregistré{{change}}",
    may_change=f"{_NBSP}; vous pouvez le modifier jusqu’à la clôture du vote",
    seat_name="{name} ({seat})",
    vote_line="{symbol}   ·   {mode}",
)

_ES_CONSOLE = ConsoleWords(
    plural=_english,
    window_title="voteboard: consola de {seat}",
    buttons={Choice.YES: "Sí", Choice.NO: "No", Choice.ABSTAIN: "Abstención"},
    chosen={Choice.YES: "SÍ", Choice.NO: "NO", Choice.ABSTAIN: "ABSTENCIÓN"},
    confirm="¿Emitir «{choice}» en esta votación secreta? No podrá cambiarse una vez emitido.",
    cast_it="Emitir",
    back="Volver",
    connecting="Conectando con el puesto de control…",
    connected="Conectado al puesto de control",
    reconnecting="Conexión perdida: reconectando…",
    refused="Rechazado por el puesto de control",
    replaced="La consola de este escaño se abrió en otro lugar",
    replaced_here="Se conectó otra consola para este escaño: esta queda cerrada.",
    sending="Enviando su voto…",
    recorded="Su voto ha quedado registrado",
    no_vote="Ninguna votación en curso",
    ineligible="Sin derecho de voto en esta votación (Artículo 19 de la Carta)",
    not_open="La votación aún no se ha abierto",
    not_voted="No ha votado",
    did_not_vote="No votó",
    secret_cast="Su voto ha sido emitido. Es secreto: esta consola no lo muestra.",
    own_ballot="Su voto: {choice}, registrado{change}",
    may_change="; puede cambiarlo hasta que se cierre la votación",
    seat_name="{name} ({seat})",
    vote_line="{symbol}   ·   {mode}",
)

_RU_CONSOLE = ConsoleWords(
    plural=_russian,
    window_title="voteboard: пульт делегации {seat}",
    buttons={Choice.YES: "За", Choice.NO: "Против", Choice.ABSTAIN: "Воздержаться"},
    chosen={Choice.YES: "ЗА", Choice.NO: "ПРОТИВ", Choice.ABSTAIN: "ВОЗДЕРЖАТЬСЯ"},
    confirm=(
        "Подать голос «{choice}» в этом тайном голосовании? После подачи его нельзя изменить."
    ),
    cast_it="Подать голос",
    back="Назад",
    connecting="Подключение к пульту управления…",
    connected="Подключено к пульту управления",
    reconnecting="Связь потеряна: повторное подключение…",
    refused="Пульт управления отказал в подключении",
    replaced="Пульт этого места открыт на другом устройстве",
    replaced_here="Для этого места подключен другой пульт: этот закрыт.",
    sending="Отправка вашего голоса…",
    recorded="Ваш голос записан",
    no_vote="Голосование не проводится",
    ineligible="Нет права голоса в этом голосовании (статья 19 Устава)",
    not_open="Голосование еще не открыто",
    not_voted="Вы еще не проголосовали",
    did_not_vote="Вы не голосовали",
    secret_cast="Ваш голос подан. Голосование тайное: этот пульт его не показывает.",
    own_ballot="Ваш голос: {choice}, записан{change}",
    may_change="; его можно изменить до закрытия голосования",
    seat_name="{name} ({seat})",
    vote_line="{symbol}   ·   {mode}",
)

_ZH_CONSOLE = ConsoleWords(
    plural=_chinese,
    window_title="voteboard：{seat} 的表决终端",
    buttons={Choice.YES: "赞成", Choice.NO: "反对", Choice.ABSTAIN: "弃权"},
    chosen={Choice.YES: "赞成", Choice.NO: "反对", Choice.ABSTAIN: "弃权"},
    confirm="在本次无记名投票中投“{choice}”票？投出后不能更改。",
    cast_it="投票",
    back="返回",
    connecting="正在连接控制台…",
    connected="已连接控制台",
    reconnecting="连接中断：正在重新连接…",
    refused="控制台拒绝连接",
    replaced="本席位的终端已在别处打开",
    replaced_here="本席位已连接另一台终端：本终端已关闭。",
    sending="正在发送您的投票…",
    recorded="您的投票已记录",
    no_vote="目前没有表决",
    ineligible="本次表决无表决权（《宪章》第十九条）",
    not_open="表决尚未开始",
    not_voted="您尚未投票",
    did_not_vote="您未投票",
    secret_cast="您的票已投出。本次为无记名投票：本终端不显示您的选择。",
    own_ballot="您的投票：{choice}，已记录{change}",
    may_change="；表决结束前可以更改",
    seat_name="{name}（{seat}）",
    vote_line="{symbol}   ·   {mode}",
)

_AR_CONSOLE = ConsoleWords(
    plural=_arabic,
    window_title="voteboard: وحدة التصويت الخاصة بـ {seat}",
    buttons={Choice.YES: "نعم", Choice.NO: "لا", Choice.ABSTAIN: "امتناع"},
    chosen={Choice.YES: "نعم", Choice.NO: "لا", Choice.ABSTAIN: "امتناع"},
    confirm="هل تدلي بصوت «{choice}» في هذا الاقتراع السري؟ لا يمكن تغييره بعد الإدلاء به.",
    cast_it="الإدلاء بالصوت",
    back="رجوع",
    connecting="جارٍ الاتصال بمنصة التحكم…",
    connected="متصل بمنصة التحكم",
    reconnecting="انقطع الاتصال: جارٍ إعادة الاتصال…",
    refused="رفضت منصة التحكم الاتصال",
    replaced="فُتحت وحدة التصويت الخاصة بهذا المقعد في مكان آخر",
    replaced_here="وُصلت وحدة تصويت أخرى بهذا المقعد: أُغلقت هذه الوحدة.",
    sending="جارٍ إرسال صوتك…",
    recorded="سُجل صوتك",
    no_vote="لا يجري أي تصويت",
    ineligible="لا حق لك في التصويت في هذا التصويت (المادة 19 من الميثاق)",
    not_open="لم يُفتح باب التصويت بعد",
    not_voted="لم تصوت بعد",
    did_not_vote="لم تصوت",
    secret_cast="أُدلي بصوتك. وهو سري: لا تعرضه وحدة التصويت هذه.",
    own_ballot="صوتك: {choice}، مسجل{change}",
    may_change="؛ يمكنك تغييره إلى أن يُقفل باب التصويت",
    seat_name="{name} ({seat})",
    vote_line="{symbol}   ·   {mode}",
)

CONSOLE_WORDS: Mapping[Language, ConsoleWords] = {
    Language.AR: _AR_CONSOLE,
    Language.ZH: _ZH_CONSOLE,
    Language.EN: _EN_CONSOLE,
    Language.ES: _ES_CONSOLE,
    Language.FR: _FR_CONSOLE,
    Language.RU: _RU_CONSOLE,
}


def record_words(language: Language) -> RecordWords:
    """The record's words in a language."""
    return RECORD_WORDS[language]


def console_words(language: Language) -> ConsoleWords:
    """The console's words in a language."""
    return CONSOLE_WORDS[language]


def weekday_words(day_of_week: int, language: Language) -> str:
    """A day of the week (0 Monday, as `date.weekday()`) as the record's date line writes it."""
    return RECORD_WORDS[language].weekdays[day_of_week]


def texts_of(value: object, where: str = "") -> Iterator[tuple[str, str]]:
    """Every text of a catalog (or of a part of it), as (where, text): `lists[yes]`,
    `votes.one`. A form left out (None) and a language's plural rule are not texts."""
    if isinstance(value, str):
        yield where, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name != "plural":
                name = f"{where}.{field.name}" if where else field.name
                yield from texts_of(getattr(value, field.name), name)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from texts_of(item, f"{where}[{key}]")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from texts_of(item, f"{where}[{i}]")


def all_record_words(language: Language) -> tuple[str, ...]:
    """Every text of the record's and the console's catalogs in a language, placeholders
    included (for the Chinese font's cut and the test that every glyph is in the fonts
    shipped)."""
    return tuple(
        text
        for catalog in (RECORD_WORDS[language], CONSOLE_WORDS[language])
        for _, text in texts_of(catalog)
    )
