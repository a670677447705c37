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

    def status_of(self, paragraph: str) -> str | None:
        match = self.status_intro.match(paragraph.strip())
        return match.group(1) if match else None


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


_Role = TypeVar("_Role", SectionRole, TableRole, Column)


def _roles(role_names: dict[_Role, tuple[str, ...]]) -> dict[str, _Role]:
    return {_fold(name): role for role, names in role_names.items() for name in names}


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
)

LANGUAGES: tuple[Labels, ...] = (ENGLISH,)
