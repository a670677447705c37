"""The words API pages use for their parts, one table per language.

Extraction recognises sections, captions and columns by these labels only;
adding a language is adding a :class:`Labels` value here.
"""

from __future__ import annotations

import enum
import re
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
    GENERIC = "generic"  # captioned just "Parameters": the section says what it is


class Column(enum.Enum):
    NAME = "name"
    REQUIRED = "required"
    TYPE = "type"
    DESCRIPTION = "description"
    STATUS = "status"


@dataclass(frozen=True)
class Labels:
    language: str
    sections: dict[str, SectionRole]
    captions: dict[str, TableRole]
    columns: dict[str, Column]
    yes: frozenset[str]
    no: frozenset[str]
    # a caption's numbering, dropped before the caption is looked up ("Table 3")
    caption_number: re.Pattern[str]
    # what a sub-table caption adds to the object's name ("**config** parameters")
    caption_suffix: re.Pattern[str]
    # a paragraph that opens the part of a response for one status code
    status_intro: re.Pattern[str]
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

    def section_role(self, heading: str) -> SectionRole | None:
        return self.sections.get(_fold(heading))

    def caption_text(self, caption: str) -> str:
        return self.caption_number.sub("", caption).strip()

    def table_role(self, caption: str) -> TableRole | None:
        return self.captions.get(_fold(self.caption_text(caption)))

    def column(self, header: str) -> Column | None:
        return self.columns.get(_fold(header))

    def object_name(self, caption: str) -> str:
        return self.caption_suffix.sub("", self.caption_text(caption)).strip()

    def type_text(self, cell: str) -> str:
        for word, english in self.type_words:
            cell = cell.replace(word, english)
        return cell

    def score(self, headings: list[str]) -> int:
        """How many of a page's headings this language names: picks a page's language."""
        return sum(1 for h in headings if self.section_role(h) is not None)

    def status_of(self, paragraph: str) -> str | None:
        match = self.status_intro.match(paragraph.strip())
        return match.group(1) if match else None


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


_Role = TypeVar("_Role", SectionRole, TableRole, Column)


def _roles(role_names: dict[_Role, tuple[str, ...]]) -> dict[str, _Role]:
    return {_fold(name): role for role, names in role_names.items() for name in names}


# a number as docs write it: "3,600" has a thousands separator, "[0,1]" a list comma
_NUMBER = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|-?\d+(?:\.\d+)?"

ENGLISH = Labels(
    language="en",
    sections=_roles({
        SectionRole.FUNCTION: ("Function", "Functions", "Description"),
        SectionRole.URI: ("URI",),
        SectionRole.REQUEST: ("Request Parameters", "Request Parameter", "Request Body",
                              "Request", "Request Message"),
        SectionRole.RESPONSE: ("Response Parameters", "Response Parameter", "Response Body",
                               "Response", "Response Message"),
        SectionRole.REQUEST_EXAMPLE: ("Example Requests", "Example Request", "Request Example",
                                      "Request Examples", "Sample Request", "Sample Requests"),
        SectionRole.RESPONSE_EXAMPLE: ("Example Responses", "Example Response",
                                       "Response Example", "Response Examples",
                                       "Sample Response", "Sample Responses"),
        SectionRole.STATUS_CODES: ("Status Codes", "Status Code"),
        SectionRole.ERROR_CODES: ("Error Codes", "Error Code"),
    }),
    captions=_roles({
        TableRole.PATH: ("Path Parameters", "Path Parameter", "URI Parameters",
                         "URI Parameter"),
        TableRole.QUERY: ("Query Parameters", "Query Parameter"),
        TableRole.HEADER: ("Request header parameters", "Request header parameter",
                           "Header Parameters", "Request Header"),
        TableRole.REQUEST_BODY: ("Request body parameters", "Request body parameter",
                                 "Request Body", "Request Parameters"),
        TableRole.RESPONSE_BODY: ("Response body parameters", "Response body parameter",
                                  "Response Body", "Response Parameters"),
        TableRole.GENERIC: ("Parameters", "Parameter description", ""),
    }),
    columns=_roles({
        Column.NAME: ("Parameter", "Name", "Parameter Name", "Field"),
        Column.REQUIRED: ("Mandatory", "Required"),
        Column.TYPE: ("Type", "Parameter Type", "Data Type"),
        Column.DESCRIPTION: ("Description",),
        Column.STATUS: ("Status Code", "Status code", "Code"),
    }),
    yes=frozenset({"yes", "true", "mandatory", "required"}),
    no=frozenset({"no", "false", "optional"}),
    caption_number=re.compile(r"^Table\s+\d+\s*", re.IGNORECASE),
    caption_suffix=re.compile(r"\s+(parameters?|parameter description|fields?)$", re.IGNORECASE),
    status_intro=re.compile(r"^Status code\s*:?\s*:?\s*(\d{3})\s*$", re.IGNORECASE),
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
)

CHINESE = Labels(
    language="zh",
    sections=_roles({
        SectionRole.FUNCTION: ("功能介绍",),
        SectionRole.URI: ("URI",),
        SectionRole.REQUEST: ("请求参数", "请求消息"),
        SectionRole.RESPONSE: ("响应参数", "响应消息"),
        SectionRole.REQUEST_EXAMPLE: ("请求示例",),
        SectionRole.RESPONSE_EXAMPLE: ("响应示例",),
        SectionRole.STATUS_CODES: ("状态码",),
        SectionRole.ERROR_CODES: ("错误码",),
    }),
    captions=_roles({
        TableRole.PATH: ("路径参数",),
        TableRole.QUERY: ("Query参数", "查询参数", "查询检索参数说明", "查询检索参数",
                          "query请求参数"),
        TableRole.HEADER: ("请求Header参数", "请求头参数", "Header参数"),
        TableRole.REQUEST_BODY: ("请求Body参数", "请求参数"),
        TableRole.RESPONSE_BODY: ("响应Body参数", "响应参数"),
        TableRole.GENERIC: ("参数说明", ""),
    }),
    columns=_roles({
        Column.NAME: ("参数", "名称", "参数名称", "参数名"),
        Column.REQUIRED: ("是否必选", "必选"),
        Column.TYPE: ("参数类型", "类型"),
        Column.DESCRIPTION: ("描述", "说明"),
        Column.STATUS: ("状态码",),
    }),
    yes=frozenset({"是", "yes", "true"}),
    no=frozenset({"否", "no", "false"}),
    caption_number=re.compile(r"^表\s*\d+\s*"),
    caption_suffix=re.compile(r"\s*(属性列表|定义数据结构说明|字段数据结构说明|数据结构说明|参数说明"
                              r"|参数列表|参数|结构)$"),
    status_intro=re.compile(r"^状态码\s*[:：]\s*(\d{3})\s*$"),
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
    type_words=(("结构体数组", " array"), ("结构数组", " array"), ("结构体", " object"),
                ("结构", " object"), ("对象", " object"), ("数组", " array"),
                ("字符串", "String"), ("整型", "Integer"), ("布尔", "Boolean")),
)

LANGUAGES: tuple[Labels, ...] = (ENGLISH, CHINESE)


def labels_for(headings: list[str]) -> Labels:
    """The language whose section words a page's headings use (English on a tie)."""
    return max(LANGUAGES, key=lambda labels: labels.score(headings))
