"""English words as identifiers: splitting, singular and plural, PascalCase.

Small rules, not a dictionary: names are made from the docs' own words (a path's
segments, a title's object), and these rules only change their form.
"""

from __future__ import annotations

import re

# camelCase and acronym boundaries: "flavorRef" → flavor Ref, "VPCEndpoint" → VPC Endpoint;
# an acronym's plural is one word ("APIs", "VPCsList" → VPCs List)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])(?![A-Z]s(?![a-z]))")
_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")


def split_words(text: str) -> list[str]:
    """The words of an identifier or a phrase: ``cloud-volumes``, ``route_tables``,
    ``flavorRef``, ``Route Tables`` → their words, case kept."""
    words: list[str] = []
    for chunk in _NOT_WORD.split(text):
        if chunk:
            words.extend(w for w in _CAMEL.split(chunk) if w)
    return words


def pascal(words: list[str]) -> str:
    """``["route", "tables"]`` → ``RouteTables``; an all-capitals word of up to five
    letters stays one (``VPC``), so names read as the docs spell them."""
    out = []
    for word in words:
        if word.isupper() and len(word) <= 5:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:].lower() if not _mixed(word) else
                       word[:1].upper() + word[1:])
    return "".join(out)


def _mixed(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)


# words whose plural does not follow the rules below, or that are their own plural
_ACRONYM_PLURAL = re.compile(r"[A-Z][A-Z0-9]+s")
_IRREGULAR_PLURAL = {"person": "people", "child": "children", "index": "indexes",
                     "matrix": "matrices", "schema": "schemas", "datum": "data"}
_IRREGULAR_SINGULAR = {v: k for k, v in _IRREGULAR_PLURAL.items()} | {"data": "data"}
_UNCOUNTED = frozenset({
    "information", "info", "metadata", "data", "status", "statistics", "settings",
    "details", "detail", "equipment", "software", "series", "news", "usage", "access",
    "config", "configuration", "quota", "audit", "analysis", "traffic", "bandwidth",
    "storage", "security", "health", "performance", "progress", "ops", "dns", "https",
    "aksk", "os", "ids", "sms", "fps", "qos", "tps", "iops", "bps", "alias",
})


def singular(word: str) -> str:
    """``volumes`` → ``volume``, ``policies`` → ``policy``, ``addresses`` → ``address``;
    a word that is no plural stays as it is."""
    if _ACRONYM_PLURAL.fullmatch(word):  # APIs, IPs, URLs
        return word[:-1]
    lower = word.lower()
    if lower in _UNCOUNTED or len(lower) <= 3:
        return word
    if lower in _IRREGULAR_SINGULAR:
        return _same_case(word, _IRREGULAR_SINGULAR[lower])
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + _same_case(word[-3:], "y")
    if lower.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if lower.endswith("ses") and lower[-4] not in "aeiou":  # "responses" → "response"
        return word[:-1]
    if lower.endswith(("ss", "us", "is", "ous")):
        return word
    if lower.endswith("s"):
        return word[:-1]
    return word


def plural(word: str) -> str:
    """``volume`` → ``volumes``, ``policy`` → ``policies``; a plural stays plural."""
    lower = word.lower()
    if lower in _UNCOUNTED or singular(word) != word:
        return word
    if word.isupper() and len(word) > 1:  # API → APIs
        return word + "s"
    if lower in _IRREGULAR_PLURAL:
        return _same_case(word, _IRREGULAR_PLURAL[lower])
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        return word[:-1] + _same_case(word[-1], "ies")
    if lower.endswith("is") and len(lower) > 4:  # diagnosis → diagnoses
        return word[:-2] + _same_case(word[-2:], "es")
    if lower.endswith(("s", "sh", "ch", "x", "z")):
        return word + _same_case(word[-1], "es")
    return word + _same_case(word[-1], "s")


def is_plural(word: str) -> bool:
    return singular(word).lower() != word.lower() or word.lower() in ("data",)


def _same_case(model: str, text: str) -> str:
    return text.upper() if model.isupper() else text


def base_form(word: str, verbs: frozenset[str]) -> str:
    """A verb as its base form: ``Creating`` → ``create``, ``Stopping`` → ``stop``,
    ``Queries`` → ``query``; ``verbs`` are the known base forms, which decide between
    the candidates a suffix allows (``creat`` + e, ``stopp`` − p)."""
    lower = word.lower()
    if lower in verbs:
        return lower
    candidates: list[str] = []
    if lower.endswith("ing") and len(lower) > 5:
        stem = lower[:-3]
        candidates += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
    if lower.endswith("ies"):
        candidates.append(lower[:-3] + "y")
    if lower.endswith("es"):
        candidates.append(lower[:-2])
    if lower.endswith("s"):
        candidates.append(lower[:-1])
    if lower.endswith("ed"):
        candidates += [lower[:-2], lower[:-1]]
    for candidate in candidates:
        if candidate in verbs:
            return candidate
    if lower.endswith("ing") and len(lower) > 6 and lower not in _ADJECTIVES:
        return _gerund_stem(lower[:-3])
    return ""


# -ing words that titles use as adjectives ("Missing Column", "Pending Tasks")
_ADJECTIVES = frozenset({"missing", "pending", "existing", "remaining", "running", "ongoing",
                         "incoming", "outgoing", "following", "matching", "corresponding",
                         "upcoming", "trending", "billing", "routing", "logging", "tracing",
                         "streaming", "computing", "networking", "monitoring", "pricing"})


# a verb's base form ends in "e" after these ("reserv-ing", "produc-ing", "chang-ing")
_E_AFTER = ("v", "z", "c", "ang", "eng", "rg", "bl", "pl", "gl", "tl", "dl", "ur", "at",
            "ut", "ag", "iz", "ys", "ak", "ok", "id", "ud", "od", "ir", "ar", "as", "us", "os")


def _gerund_stem(stem: str) -> str:
    """The base form of a verb the vocabulary does not know, by spelling rules."""
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
        return stem[:-1]  # stopping → stop
    if stem.endswith(_E_AFTER) and not stem.endswith(("ing", "eat", "oat", "ear")):
        return stem + "e"
    return stem
