"""The words API pages use for their parts, one table per language.

Extraction decides a section's or a table's role from structure first (where it
sits, its header row, what links to it) and from these words second. Words are
compared folded: without case, numbering ("Table 3", "表 3"), punctuation or
filler words, so "Parameters in the request body", "Request body parameter" and
"request body parameters description" read alike. Adding a language is adding a
:class:`Labels` value here.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar


class SectionRole(enum.Enum):
    FUNCTION = "function"
    URI = "uri"
    REQUEST = "request"
    RESPONSE = "response"
    REQUEST_EXAMPLE = "request-example"
    RESPONSE_EXAMPLE = "response-example"
    STATUS_CODES = "status-codes"
    ERROR_CODES = "error-codes"


class TableRole(enum.Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    REQUEST_BODY = "request-body"
    RESPONSE_BODY = "response-body"
    RESPONSE_HEADER = "response-header"
    URI = "uri"  # URI parameters: path or query, as the path template says
    GENERIC = "generic"  # "Parameters", "Parameter description": the section says what it is


class Column(enum.Enum):
    NAME = "name"
    REQUIRED = "required"
    TYPE = "type"
    DESCRIPTION = "description"
    STATUS = "status"


@dataclass(frozen=True)
class CaptionReading:
    """What a caption (or the pseudo-heading above a table) says: a role from its
    words, and the caption without numbering and filler words, which may name the
    object the table describes ("volume" in "volume field data structure description")."""

    role: TableRole | None
    name: str


# A rule is (words, role): every word present (as a word in Latin script, as a
# substring in CJK) gives the role.
_R = TypeVar("_R", SectionRole, TableRole, Column)


@dataclass(frozen=True)
class Labels:
    language: str
    # headings, folded, that name a section's role outright
    sections: dict[str, SectionRole]
    # then word rules, first match wins ("Example Request" before "Request")
    section_rules: tuple[tuple[tuple[str, ...], SectionRole], ...]
    # caption word rules, first match wins; a caption of filler words only is GENERIC
    caption_rules: tuple[tuple[tuple[str, ...], TableRole], ...]
    # words that say nothing of a caption's role or object ("parameters", "description")
    caption_filler: tuple[str, ...]
    # header cells, folded, then word rules
    columns: dict[str, Column]
    column_rules: tuple[tuple[tuple[str, ...], Column], ...]
    yes: frozenset[str]
    no: frozenset[str]
    # a caption's numbering, dropped before the caption is read ("Table 3")
    caption_number: re.Pattern[str]
    # a paragraph that opens the part of a response for one status code
    status_intro: re.Pattern[str]
    # a pseudo-heading that opens a response body for failures ("Abnormal response")
    error_response: re.Pattern[str]
    # a mention of a numbered table in prose ("see Table 3", "详细请参见表3")
    table_mention: re.Pattern[str]
    # the URI section written as a list: "PATH: /v1/..." and "Method: POST"
    path_label: re.Pattern[str]
    method_label: re.Pattern[str]
    # a pseudo-heading that introduces an example, not the API's own request line
    example_lead: re.Pattern[str]
    # a page title or folder that marks an API deprecated, and a sentence that says so
    deprecated_name: re.Pattern[str]
    deprecated_text: re.Pattern[str]
    # what introduces a list of a field's values ("The options are as follows:")
    enum_intro: re.Pattern[str]
    # a sentence of inline values ("The value can be **a** or **b**.")
    enum_inline: re.Pattern[str]
    # the words that join inline values
    enum_joiners: frozenset[str]
    # a numeric range ("The value ranges from 1 to 100", "The value range is [0,1]")
    value_range: re.Pattern[str] = re.compile(r"(?!)")
    # a length range ("1 to 64 characters")
    length_range: re.Pattern[str] = re.compile(r"(?!)")
    # a default ("The default value is 10"); the value must end the clause
    default_value: re.Pattern[str] = re.compile(r"(?!)")
    # an option that is the default ("- DIR: Export data to OBS. (Default value)")
    default_marker: re.Pattern[str] = re.compile(r"(?!)")
    # the characters a string may hold ("consisting of only digits, letters, ...")
    charset_phrase: re.Pattern[str] = re.compile(r"(?!)")
    # the words of such a phrase and the characters they allow; the joiners say nothing
    charset_words: tuple[tuple[str, str], ...] = ()
    charset_joiners: frozenset[str] = frozenset()
    # Type-cell words of this language and the English ones the grammar knows
    # ("String数组" → "String array")
    type_words: tuple[tuple[str, str], ...] = ()
    # a prose Type cell that states the type in a sentence ("The structure is Map<...>")
    type_sentence: re.Pattern[str] = re.compile(r"(?!)")
    # a pseudo-heading that opens the response for success, with no code ("Normal
    # response", "正常响应")
    normal_response: re.Pattern[str] = re.compile(r"(?!)")
    # words before a value that turn it into what the value must not be ("do not use
    # only digits", "不能为纯数字")
    negation: re.Pattern[str] = re.compile(r"(?!)")
    # the subject of a sentence that states a limit ("The file name" in "The file name
    # contains only letters"), its filler words, and the subjects that are the value itself
    sentence_subject: re.Pattern[str] = re.compile(r"(?!)")
    subject_filler: frozenset[str] = frozenset()
    # a condition that opens a sentence, before its subject ("When ..., ", "If ..., ")
    condition: re.Pattern[str] = re.compile(r"(?!)")
    generic_subjects: frozenset[str] = frozenset()
    # a row name that stands for any key the caller chooses ("Customized key", "自定义key")
    placeholder_key: re.Pattern[str] = re.compile(r"(?!)")
    # the language this one's pages mix in (Chinese pages write "Parameter", "Status code")
    fallback: Labels | None = None

    # --- sections --------------------------------------------------------------------------
    def section_role(self, heading: str) -> SectionRole | None:
        folded = fold(heading)
        if folded in self.sections:
            return self.sections[folded]
        role = _first_rule(self.section_rules, folded)
        if role is None and self.fallback is not None:
            return self.fallback.section_role(heading)
        return role

    def score(self, headings: list[str]) -> int:
        """How many of a page's headings this language names outright: picks a page's
        language."""
        return sum(1 for h in headings if fold(h) in self.sections)

    # --- captions --------------------------------------------------------------------------
    def caption_text(self, caption: str) -> str:
        return self.caption_number.sub("", caption).strip()

    def read_caption(self, caption: str) -> CaptionReading:
        if self.fallback is not None and caption.isascii():
            return self.fallback.read_caption(caption)
        text = fold(self.caption_text(caption))
        role = _first_rule(self.caption_rules, text)
        name = self.object_name(caption)
        if role is None and not name and text:
            role = TableRole.GENERIC
        return CaptionReading(role, name)

    def table_role(self, caption: str) -> TableRole | None:
        return self.read_caption(caption).role

    def object_name(self, caption: str) -> str:
        """The object a caption names: its words without numbering and filler, as
        written ("**attachments** field description" → "attachments")."""
        text = self.caption_text(caption).replace("*", "").replace("`", "")
        for filler in self.caption_filler:
            text = _remove(text, filler)
        words = [w.strip(" :：,，.。()（）") for w in text.split()]
        return " ".join(w for w in words if w)

    # --- columns ---------------------------------------------------------------------------
    def column(self, header: str) -> Column | None:
        folded = fold(header)
        if folded in self.columns:
            return self.columns[folded]
        column = _first_rule(self.column_rules, folded)
        if column is None and self.fallback is not None:
            return self.fallback.column(header)
        return column

    def is_yes(self, text: str) -> bool | None:
        """True for "Yes", False for "No" (and empty), also with a remark after the word
        ("No (query parameter)"); None for anything else."""
        folded = fold(text)
        first = folded.split(" ", 1)[0]
        if folded in self.yes or first in self.yes:
            return True
        if folded in self.no or first in self.no or not folded:
            return False
        return self.fallback.is_yes(text) if self.fallback is not None else None

    # --- paragraphs ------------------------------------------------------------------------
    def status_of(self, paragraph: str) -> str | None:
        match = self.status_intro.match(" ".join(paragraph.split()))
        if match is None and self.fallback is not None:
            return self.fallback.status_of(paragraph)
        return match.group("code") if match else None

    def is_error_response(self, paragraph: str) -> bool:
        """A label for the response to failures: "Abnormal response", also captioned
        ("异常响应要素说明": the abnormal response's element description)."""
        return self._labels_response(self.error_response, paragraph)

    def is_normal_response(self, paragraph: str) -> bool:
        """A label for the response to success with no code ("正常响应要素说明")."""
        return self._labels_response(self.normal_response, paragraph)

    def _labels_response(self, pattern: re.Pattern[str], paragraph: str) -> bool:
        text = " ".join(paragraph.split())
        if len(text) > 60:
            return False  # a sentence about responses, not a label
        return bool(pattern.match(text) or pattern.match(self.object_name(text)))

    def is_placeholder_key(self, name: str) -> bool:
        """Whether a row's name stands for keys the caller chooses, not one key:
        a template (``{Customized_key}``, ``${key}``, ``<operator>``) or words that say so."""
        text = " ".join(name.split())
        if _PLACEHOLDER_SYNTAX.fullmatch(text) or self.placeholder_key.fullmatch(text):
            return True
        return self.fallback.is_placeholder_key(name) if self.fallback is not None else False

    def mentioned_table(self, text: str) -> int | None:
        """The number of the table a sentence refers to ("For details, see Table 3")."""
        match = self.table_mention.search(text)
        return int(match.group(1)) if match else None

    def caption_number_of(self, caption: str) -> int | None:
        match = self.caption_number.match(caption.strip())
        digits = re.search(r"\d+", match.group(0)) if match else None
        return int(digits.group(0)) if digits else None

    def type_text(self, cell: str) -> str:
        match = self.type_sentence.search(cell)
        if match:
            cell = match.group("type")
        for word, english in self.type_words:
            cell = cell.replace(word, english)
        return cell


def fold(text: str) -> str:
    """Text as labels compare it: lower case, punctuation and numbering spaced out."""
    text = re.sub(r"[*`:：()（）\[\]【】,，.。;；\"“”'‘’!?？]+", " ", text.lower())
    return " ".join(text.split())


def _has(text: str, word: str) -> bool:
    if word.isascii():
        return re.search(r"(?<![a-z0-9_\-])" + re.escape(word) + r"(?![a-z0-9_\-])",
                         text) is not None
    return word in text


def _remove(text: str, word: str) -> str:
    if word.isascii():
        return re.sub(r"(?<![A-Za-z0-9_])" + re.escape(word) + r"(?![A-Za-z0-9_])", " ", text,
                      flags=re.IGNORECASE)
    return text.replace(word, " ")


def _first_rule(rules: tuple[tuple[tuple[str, ...], _R], ...], text: str) -> _R | None:
    for words, role in rules:
        if all(_has(text, w) for w in words):
            return role
    return None


def _exact(role_names: dict[_R, tuple[str, ...]]) -> dict[str, _R]:
    return {fold(name): role for role, names in role_names.items() for name in names}


# a name written as a template variable: `{key}`, `${key}`, `<key>`
_PLACEHOLDER_SYNTAX = re.compile(r"\$?\{[^{}\s]+\}|<[A-Za-z_][^<>\s]*>")
# a number as docs write it: "3,600" has a thousands separator, "[0,1]" a list comma
_NUMBER = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|-?\d+(?:\.\d+)?"
_METHODS = "GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS"

ENGLISH = Labels(
    language="en",
    sections=_exact({
        SectionRole.FUNCTION: ("Function", "Functions", "Description", "API Description"),
        SectionRole.URI: ("URI", "URI format"),
        SectionRole.REQUEST: ("Request Parameters", "Request Parameter", "Request Body",
                              "Request", "Requests", "Request Message", "(Optional) Request Body",
                              "Request Header"),
        SectionRole.RESPONSE: ("Response Parameters", "Response Parameter", "Response Body",
                               "Response", "Responses", "Response Message", "Normal Response",
                               "(Optional) Response Body", "Response Header"),
        SectionRole.REQUEST_EXAMPLE: ("Example Requests", "Example Request", "Request Example",
                                      "Request Examples", "Sample Request", "Sample Requests"),
        SectionRole.RESPONSE_EXAMPLE: ("Example Responses", "Example Response",
                                       "Response Example", "Response Examples",
                                       "Sample Response", "Sample Responses"),
        SectionRole.STATUS_CODES: ("Status Codes", "Status Code", "Returned Values",
                                   "Returned Value", "Return Values", "Return Value"),
        SectionRole.ERROR_CODES: ("Error Codes", "Error Code"),
    }),
    section_rules=(
        (("example", "request"), SectionRole.REQUEST_EXAMPLE),
        (("sample", "request"), SectionRole.REQUEST_EXAMPLE),
        (("example", "response"), SectionRole.RESPONSE_EXAMPLE),
        (("sample", "response"), SectionRole.RESPONSE_EXAMPLE),
        (("status", "code"), SectionRole.STATUS_CODES),
        (("status", "codes"), SectionRole.STATUS_CODES),
        (("error", "codes"), SectionRole.ERROR_CODES),
        (("request", "parameters"), SectionRole.REQUEST),
        (("request", "body"), SectionRole.REQUEST),
        (("response", "parameters"), SectionRole.RESPONSE),
        (("response", "body"), SectionRole.RESPONSE),
        (("abnormal", "response"), SectionRole.RESPONSE),
    ),
    caption_rules=(
        (("response", "header"), TableRole.RESPONSE_HEADER),
        (("response", "headers"), TableRole.RESPONSE_HEADER),
        (("header",), TableRole.HEADER),
        (("headers",), TableRole.HEADER),
        (("path",), TableRole.PATH),
        (("query",), TableRole.QUERY),
        (("querying",), TableRole.QUERY),
        (("uri",), TableRole.URI),
        (("url",), TableRole.URI),
        (("request",), TableRole.REQUEST_BODY),
        (("response",), TableRole.RESPONSE_BODY),
        (("normal", "response"), TableRole.RESPONSE_BODY),
    ),
    caption_filler=("data structure description", "data structure", "structure description",
                    "parameter description", "parameters description", "field description",
                    "description of the", "description of", "parameters in the",
                    "parameter in the", "parameters of the", "parameters",
                    "parameter", "descriptions", "description", "fields", "field",
                    "structure", "objects", "object", "attributes", "attribute", "list", "the",
                    "of", "in", "for", "details", "info"),
    columns=_exact({
        Column.NAME: ("Parameter", "Name", "Parameter Name", "Field", "Attribute",
                      "Response Item", "Key", "Parameters"),
        Column.REQUIRED: ("Mandatory", "Required", "Mandatory or Not", "Optional/Mandatory",
                          "Mandatory/Optional", "Is Mandatory"),
        Column.TYPE: ("Type", "Parameter Type", "Data Type", "Value Type"),
        Column.DESCRIPTION: ("Description", "Remarks", "Meaning"),
        Column.STATUS: ("Status Code", "Code", "Returned Value", "Returned Values",
                        "Return Value", "HTTP Status Code"),
    }),
    column_rules=(
        (("mandatory",), Column.REQUIRED),
        (("required",), Column.REQUIRED),
        (("status", "code"), Column.STATUS),
        (("type",), Column.TYPE),
        (("description",), Column.DESCRIPTION),
        (("parameter",), Column.NAME),
        (("name",), Column.NAME),
    ),
    yes=frozenset({"yes", "true", "mandatory", "required", "y"}),
    no=frozenset({"no", "false", "optional", "n"}),
    caption_number=re.compile(r"^\**Table\s*\d+\**\s*[:.]?\s*", re.IGNORECASE),
    status_intro=re.compile(
        r"^\**(?:HTTP\s+)?(?:status\s+code|response\s+code)\s*(?:is\s*)?[:：]?\s*\**\s*[:：]?\s*"
        r"\**(?P<code>[1-5]\d\d)\**(?:\s+[A-Za-z ]{0,40})?\s*[:：.]?\s*$", re.IGNORECASE),
    error_response=re.compile(r"^(?:abnormal|error|failed|failure)\s+response\s*[:：]?$",
                              re.IGNORECASE),
    normal_response=re.compile(r"^(?:normal|successful|success)\s+response\s*[:：]?$",
                               re.IGNORECASE),
    # words apart, as prose: "customFields" or "custom_key" is a key of that name
    placeholder_key=re.compile(r"(?:custom(?:ized)?|user[ -]defined) "
                               r"(?:key|name|field|tag key)s?", re.IGNORECASE),
    negation=re.compile(r"\b(?:not|cannot|can't|don't|doesn't|never|no|nor|neither)\b",
                        re.IGNORECASE),
    sentence_subject=re.compile(
        r"^(?P<subject>(?:[A-Za-z][\w.\-]*,?\s+){1,6}?)(?:can|cannot|must|should|may|will"
        r"|contains?|consists?|is|are|has|have|ranges?|supports?|allows?|only)\b",
        re.IGNORECASE),
    condition=re.compile(r"^(?:when|if|for|in|after|before|once)\b[^,]{0,120},\s*",
                         re.IGNORECASE),
    subject_filler=frozenset({"the", "a", "an", "each", "all", "both", "this", "that", "its",
                              "these", "those", "and", "or", "of", "specified", "entered",
                              "value", "values"}),
    generic_subjects=frozenset({"it", "they", "parameter", "field", "length", "string",
                                "input", "content", "text", "name", "character",
                                "characters", "default"}),
    table_mention=re.compile(r"\bTable\s*(\d+)\b", re.IGNORECASE),
    path_label=re.compile(r"^(?:PATH|URI|URL)\s*[:：]\s*(?P<target>\S+)\s*$", re.IGNORECASE),
    method_label=re.compile(rf"^(?:Method|HTTP Method|Request Method)\s*[:：]\s*"
                            rf"(?P<method>{_METHODS})\s*$", re.IGNORECASE),
    example_lead=re.compile(r"\b(?:example|examples|sample|e\.g\.)\b", re.IGNORECASE),
    deprecated_name=re.compile(r"(?<![a-z])(?:deprecated|discarded|obsolete|abandoned)(?![a-z])",
                               re.IGNORECASE),
    deprecated_text=re.compile(
        r"\b(?:this|the)\s+(?:API|interface)\s+(?:is|has been|will be|was)\s+"
        r"(?:deprecated|discarded|obsolete|abandoned|no longer (?:maintained|supported))",
        re.IGNORECASE),
    enum_intro=re.compile(
        r"(The options are as follows|The options are|Options|Possible values are as follows"
        r"|Possible values|Enumerated values|Enumeration values|The value can be"
        r"|The values are as follows|Value options|Valid values)\s*:", re.IGNORECASE),
    enum_inline=re.compile(r"(?:The value can be|Possible values are|Options are)\s+([^.]*)\.",
                           re.IGNORECASE),
    enum_joiners=frozenset({"or", "and", ","}),
    value_range=re.compile(
        r"(?:value ranges? from|ranges? from|value range is|value range:|range:|range is)"
        rf"\s*[\[(]?\s*({_NUMBER})\s*(?:to|~|,|-)\s*({_NUMBER})\s*[\])]?",
        re.IGNORECASE),
    length_range=re.compile(r"\b(\d+)\s*(?:to|-|~)\s*(\d+)\s*characters", re.IGNORECASE),
    default_value=re.compile(
        r"(?:default value is|default value:|defaults to|default:)\s*\(?([^\s,;()]+?)\)?"
        r"(?=\s*(?:[.,;)]\s|[.,;)]?$|\.$|$))", re.IGNORECASE),
    default_marker=re.compile(r"\(?\bdefault(?: value)?\b\)?", re.IGNORECASE),
    charset_phrase=re.compile(
        r"(?:consist(?:s|ing)? of only|contain(?:s|ing)? only|Only) ([^.]*?)"
        r"(?: are allowed|\.|$)", re.IGNORECASE),
    charset_words=(("uppercase letters", "A-Z"), ("lowercase letters", "a-z"),
                   ("letters", "A-Za-z"), ("digits", "0-9"), ("underscores (_)", "_"),
                   ("underscores", "_"), ("hyphens (-)", "\\-"), ("hyphens", "\\-"),
                   ("periods (.)", "."), ("periods", "."), ("spaces", " ")),
    charset_joiners=frozenset({"and", "or", ",", ""}),
    type_sentence=re.compile(r"^The (?:structure|type|value) is (?P<type>\S.*?)\.?$",
                             re.IGNORECASE),
)

CHINESE = Labels(
    language="zh",
    sections=_exact({
        SectionRole.FUNCTION: ("功能介绍", "功能描述", "接口说明"),
        SectionRole.URI: ("URI",),
        SectionRole.REQUEST: ("请求参数", "请求消息", "请求", "请求消息体（可选）", "请求消息头"),
        SectionRole.RESPONSE: ("响应参数", "响应消息", "响应", "响应消息体（可选）", "响应消息头"),
        SectionRole.REQUEST_EXAMPLE: ("请求示例", "请求样例"),
        SectionRole.RESPONSE_EXAMPLE: ("响应示例", "响应样例", "返回示例"),
        SectionRole.STATUS_CODES: ("状态码", "返回值"),
        SectionRole.ERROR_CODES: ("错误码",),
    }),
    section_rules=(
        (("请求示例",), SectionRole.REQUEST_EXAMPLE),
        (("请求样例",), SectionRole.REQUEST_EXAMPLE),
        (("响应示例",), SectionRole.RESPONSE_EXAMPLE),
        (("响应样例",), SectionRole.RESPONSE_EXAMPLE),
        (("状态码",), SectionRole.STATUS_CODES),
        (("错误码",), SectionRole.ERROR_CODES),
        (("请求参数",), SectionRole.REQUEST),
        (("请求消息",), SectionRole.REQUEST),
        (("响应参数",), SectionRole.RESPONSE),
        (("响应消息",), SectionRole.RESPONSE),
    ),
    caption_rules=(
        (("响应header",), TableRole.RESPONSE_HEADER),
        (("响应头",), TableRole.RESPONSE_HEADER),
        (("响应消息头",), TableRole.RESPONSE_HEADER),
        (("header",), TableRole.HEADER),
        (("消息头",), TableRole.HEADER),
        (("请求头",), TableRole.HEADER),
        (("路径",), TableRole.PATH),
        (("query",), TableRole.QUERY),
        (("查询",), TableRole.QUERY),
        (("检索",), TableRole.QUERY),
        (("uri",), TableRole.URI),
        (("请求",), TableRole.REQUEST_BODY),
        (("响应",), TableRole.RESPONSE_BODY),
        (("返回",), TableRole.RESPONSE_BODY),
    ),
    caption_filler=("字段数据结构说明", "定义数据结构说明", "数据结构说明", "参数数据结构说明",
                    "要素说明", "要素",
                    "属性列表说明", "属性列表", "对象参数说明", "参数说明", "参数列表", "参数信息",
                    "字段说明", "结构说明", "数据结构", "参数", "说明", "字段", "结构体", "结构",
                    "对象", "属性", "列表", "定义", "信息", "描述", "的"),
    columns=_exact({
        Column.NAME: ("参数", "名称", "参数名称", "参数名", "属性", "字段", "字段名"),
        Column.REQUIRED: ("是否必选", "必选", "是否为必选", "是否必填", "必填"),
        Column.TYPE: ("参数类型", "类型", "数据类型"),
        Column.DESCRIPTION: ("描述", "说明", "备注", "含义"),
        Column.STATUS: ("状态码", "返回值", "HTTP状态码"),
    }),
    column_rules=(
        (("必选",), Column.REQUIRED),
        (("必填",), Column.REQUIRED),
        (("状态码",), Column.STATUS),
        (("类型",), Column.TYPE),
        (("描述",), Column.DESCRIPTION),
        (("说明",), Column.DESCRIPTION),
        (("参数",), Column.NAME),
        (("名称",), Column.NAME),
    ),
    yes=frozenset({"是", "yes", "true", "必选"}),
    no=frozenset({"否", "no", "false", "可选"}),
    caption_number=re.compile(r"^\**表\s*\d+\**\s*"),
    status_intro=re.compile(
        r"^\**(?:HTTP)?状态码\s*(?:为|是|[:：])?\s*\**(?P<code>[1-5]\d\d)\**\s*(?:时)?\s*[:：]?\s*$"),
    error_response=re.compile(r"^(?:异常响应|错误响应|失败响应)\s*[:：]?$"),
    normal_response=re.compile(r"^(?:正常响应|成功响应)\s*[:：]?$"),
    placeholder_key=re.compile(r"(?:用户)?自定义(?:的)?(?:key|键|标签键|字段|字段名|参数名)?",
                               re.IGNORECASE),
    negation=re.compile(r"不能|不可|不得|不允许|禁止|不支持|不要|勿"),
    table_mention=re.compile(r"表\s*(\d+)"),
    path_label=re.compile(r"^(?:PATH|URI|URL|路径)\s*[:：]\s*(?P<target>\S+)\s*$", re.IGNORECASE),
    method_label=re.compile(rf"^(?:方法|请求方法|Method)\s*[:：]\s*(?P<method>{_METHODS})\s*$",
                            re.IGNORECASE),
    example_lead=re.compile(r"示例|样例|例如|举例|使用方式"),
    deprecated_name=re.compile(r"废弃|即将下线|已下线|停止维护"),
    deprecated_text=re.compile(r"(?:该|本|此)(?:接口|API)(?:已|将|即将)?(?:废弃|下线|停止维护|不再维护)"),
    enum_intro=re.compile(r"(可选值如下|可选值|取值如下|取值范围如下|枚举值|取值为|取值)\s*[:：]"),
    enum_inline=re.compile(r"(?:取值为|可选值为)\s*([^。]*)。"),
    enum_joiners=frozenset({"或", "和", "、", ",", "，"}),
    value_range=re.compile(r"取值范围[为是：:]?\s*[\[(（]?\s*(-?\d+(?:\.\d+)?)\s*(?:~|-|到|至|,|，)"
                           r"\s*(-?\d+(?:\.\d+)?)"),
    length_range=re.compile(r"(\d+)\s*(?:~|-|到|至)\s*(\d+)\s*个?字符"),
    default_value=re.compile(r"默认值?[为是：:]\s*[\"“]?([^\s,;，。；）)\"”]+)"),
    default_marker=re.compile(r"默认"),
    charset_phrase=re.compile(r"只能(?:包含|由)([^。，,；]*?)(?:组成|。|，|$)"),
    charset_words=(("大写字母", "A-Z"), ("小写字母", "a-z"), ("字母", "A-Za-z"), ("数字", "0-9"),
                   ("下划线", "_"), ("中划线", "\\-"), ("连字符", "\\-"), ("点", ".")),
    charset_joiners=frozenset({"和", "、", "或", ",", "，", ""}),
    # longest first: "结构数组" is an array of objects before "结构" is an object
    type_words=(("结构体数组", " array"), ("结构数组", " array"), ("对象数组", " array"),
                ("结构体", " object"), ("结构", " object"), ("对象", " object"),
                ("数组", " array"), ("字符串", "String"), ("整型", "Integer"),
                ("布尔", "Boolean")),
    type_sentence=re.compile(r"^(?:结构|类型)(?:为|是)(?P<type>\S.*?)。?$"),
    fallback=ENGLISH,
)

LANGUAGES: tuple[Labels, ...] = (ENGLISH, CHINESE)


def labels_for(headings: list[str], header_cells: Sequence[str] = ()) -> Labels:
    """The language whose section words a page's headings use; on a tie (a data-structure
    page has no API headings), the language of its tables' header rows; else English."""
    best = max(LANGUAGES, key=lambda labels: labels.score(headings))
    if best.score(headings) or not header_cells:
        return best
    return max(LANGUAGES, key=lambda labels: sum(
        1 for cell in header_cells if fold(cell) in labels.columns))
