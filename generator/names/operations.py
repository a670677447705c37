"""An operation's name from what its page says, when the page does not name it.

A name is a verb and a noun. The verb is the action word the path ends with
(``/retype``, ``/batch-delete``), else the title's action word read through the
vocabulary of its language, else the method's; a read is ``Show`` for one thing and
``List`` for many, as the path says (an item, or a collection) and then the title.
The noun is the resource the path names (``/cloudvolumes/{volume_id}`` → ``Volume``),
after the literal words that qualify it (``/workload/queues``), after its parent
resource when the title names that too ("Listing Topics of a Kafka Instance").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.names.routes import GENERIC_ACTIONS, LISTING_WORDS, RouteReader, Segment
from generator.names.vocabulary import ACQUIRE, ENGLISH, READ, Vocabulary, vocabulary_for
from generator.names.words import base_form, is_plural, pascal, plural, singular, split_words

_METHOD_VERBS = {"GET": READ, "HEAD": READ, "POST": "Create", "PUT": "Update",
                 "PATCH": "Update", "DELETE": "Delete"}
_PARENTHESES = re.compile(r"\s*[(（][^()（）]*[)）]\s*")
# words of a title's object phrase that end the noun it is about
_PREPOSITIONS = frozenset({"of", "for", "in", "on", "to", "from", "by", "with", "about",
                           "under", "within", "that", "which", "and", "or", "when", "at",
                           "using", "through", "via", "into", "as", "based", "whose"})
_DETERMINERS = frozenset({"a", "an", "the", "all", "specified", "specific", "details",
                          "detail", "information", "info", "given", "one", "multiple"})
# path words that are nouns though a verb has their spelling
_PATH_NOUNS = frozenset({"list", "set", "tag", "log", "record", "filter", "search", "backup",
                         "report", "schedule", "test", "sign", "issue", "request", "trigger",
                         "count", "handle", "block", "load", "mark", "run", "merge", "call",
                         "login", "logout", "ping", "query", "view", "show", "get", "read",
                         "describe", "detail", "rotate", "clone"})


@dataclass(frozen=True)
class TitleAction:
    """What a title says is done: a verb (:data:`READ`, ``Create``, ``Start``...; ``""``
    when the title opens with no verb), whether to many at once, and (English) the
    words after the verb."""

    verb: str
    batch: bool
    object_words: tuple[str, ...]


def derive_name(title: str, method: str, path: str, reader: RouteReader, *,
                with_parent: bool = False) -> str:
    """A name for the operation ``method path`` whose page is titled ``title``;
    ``with_parent``: the parent resource named even where the title does not name it
    (``ListVolumeTags`` for ``/volumes/{volume_id}/tags``), to tell two names apart."""
    vocabulary = vocabulary_for(title)
    action = title_action(title, vocabulary)
    route = reader.read(path)
    segments = [s for s in route.segments
                if s.item or "".join(s.words).lower() not in GENERIC_ACTIONS]
    many = False
    while segments and not segments[-1].item and \
            "".join(segments[-1].words).lower() in LISTING_WORDS:
        many = True  # /cloudvolumes/detail: the listing of cloudvolumes
        segments.pop()
    if not route.segments and not route.version and path.strip("/") == "":
        many = True  # the root of an API lists its versions
    path_verb, path_batch, segments = _path_action(segments, method)

    verb = path_verb or action.verb or _METHOD_VERBS.get(method.upper(), "Call")
    if verb in (READ, ACQUIRE) and method.upper() in ("PUT", "PATCH", "DELETE"):
        verb = _METHOD_VERBS[method.upper()]  # "Showing Original Logs" by PUT sets them
    if verb == ACQUIRE:
        # "Obtaining a Token" by POST makes one; by GET it reads one
        verb = "Create" if method.upper() in ("POST", "PUT") and not many else READ
    if verb == READ:
        verb = "Show" if route.names_item and not many else (
            "List" if many or _reads_many(action, vocabulary, segments, title) else "Show")
    noun = _noun(segments, verb, reader, action, with_parent)
    if not noun:
        noun = _title_noun(action, verb) or (["Versions"] if verb == "List" else ["Version"])
    batch = action.batch or path_batch
    noun = [part for word in noun for part in _as_titled(word, title)]
    return pascal(_dedupe((["Batch"] if batch else []) + split_words(verb) + noun))


def _as_titled(word: str, title: str) -> list[str]:
    """A path's glued word as the title writes it apart: ``recordsets`` of "Querying
    a Record Set" → Record Sets; else the word."""
    target = singular(word).lower()
    written = re.findall(r"[A-Za-z][A-Za-z0-9]*", title)
    for size in (2, 3):
        for start in range(len(written) - size + 1):
            run = written[start:start + size]
            if singular("".join(run)).lower() == target:
                last = plural(run[-1]) if is_plural(word) else singular(run[-1])
                return [*run[:-1], last]
    return [word]


def title_action(title: str, vocabulary: Vocabulary) -> TitleAction:
    text = _PARENTHESES.sub(" ", title).strip()
    if vocabulary.language != "en":
        return _opening_action(text, vocabulary)
    words = text.replace("/", " ").split()
    batch = False
    if words and words[0].lower() == "batch":
        batch, words = True, words[1:]
    if not words:
        return TitleAction("", batch, ())
    base = base_form(words[0].strip(",.:"), vocabulary.verbs)
    if not base:
        return TitleAction("", batch, tuple(words))
    verb = _verb_named(base, vocabulary)
    rest = words[1:]
    # "Adding or Deleting Tags", "Binding and Unbinding an EIP": both verbs
    other = base_form(rest[1].strip(",.:"), vocabulary.verbs) if len(rest) > 2 \
        and rest[0].lower() in ("or", "and") else ""
    if other and _verb_named(other, vocabulary) not in (verb, READ, ACQUIRE) \
            and verb not in (READ, ACQUIRE):
        verb, rest = f"{verb}Or{_verb_named(other, vocabulary)}", rest[2:]
    # "Adding Tags in Batches", "... in a Batch"
    tail = [w.lower() for w in rest[-3:]]
    if tail[-1:] in (["batches"], ["batch"]) and ("in" in tail[:-1]):
        batch, rest = True, rest[: len(rest) - (3 if tail[-2:-1] == ["a"] else 2)]
    return TitleAction(verb, batch, tuple(rest))


def _verb_named(base: str, vocabulary: Vocabulary) -> str:
    return vocabulary.synonyms.get(base, base[:1].upper() + base[1:])


def _opening_action(text: str, vocabulary: Vocabulary) -> TitleAction:
    """A title that opens with its verb, maybe after a short phrase (为云硬盘添加标签):
    the earliest verb of the vocabulary in it."""
    best: tuple[int, str] | None = None
    for pattern, verb in vocabulary.openings:
        found = pattern.search(text)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), verb)
    batch = bool(vocabulary.batch.search(text[: best[0] + 1] if best else text))
    return TitleAction(best[1] if best else "", batch, ())


def _path_action(segments: list[Segment], method: str) -> tuple[str, bool, list[Segment]]:
    """The action a POST, PUT or DELETE path ends with (``/retype``, ``/batch-delete``,
    ``/associatepolicy``, ``/errorlog-download``, ``/detachvolume/{volume_id}``), and
    the segments without it. A GET's path names what it reads (``/restore-time``),
    never an action."""
    if not segments or not segments[-1].words or method.upper() in ("GET", "HEAD"):
        return "", False, segments
    last = segments[-1]
    words = [w.lower() for w in last.words]
    batch = words[0] == "batch"
    if batch:
        words = words[1:]
    if not words:
        return "", False, segments
    verb, rest = words[0], words[1:]
    if not _is_path_verb(verb):
        split = _glued_verb(verb)  # "associatepolicy" → associate + policy
        if split is not None:
            verb, rest = split[0], [split[1], *rest]
        elif len(words) == 2 and _is_path_verb(words[1]) and not last.item:
            verb, rest = words[1], words[:1]  # "errorlog-download"
        else:
            return "", False, segments
    if len(rest) > 2 or (last.item and not rest):
        return "", False, segments
    kept = segments[:-1] + ([Segment("-".join(rest), last.item)] if rest else [])
    named = ENGLISH.synonyms.get(verb, "")
    if named in ("", READ, ACQUIRE):
        named = verb[:1].upper() + verb[1:]
    return named, batch, kept


def _is_path_verb(word: str) -> bool:
    return word in ENGLISH.verbs and word not in _PATH_NOUNS


def _glued_verb(word: str) -> tuple[str, str] | None:
    """``associatepolicy`` → (associate, policy); not ``connections`` (connect + a
    suffix: one word)."""
    for size in range(len(word) - 2, 4, -1):
        head, tail = word[:size], word[size:]
        if head in ENGLISH.verbs and head not in _PATH_NOUNS and tail not in _SUFFIXES:
            return head, tail
    return None


# what makes a noun of a verb: "connect-ions", "creat-ors", "deploy-ments"
_SUFFIXES = frozenset({"ion", "ions", "ed", "ing", "ings", "er", "ers", "ment", "ments",
                       "s", "es", "ation", "ations", "or", "ors", "ance", "ence", "able",
                       "ive", "ity", "al", "ure", "ures", "ant", "ants", "age",
                       "up", "down", "out", "in", "over", "off", "on"})


def _reads_many(action: TitleAction, vocabulary: Vocabulary, segments: list[Segment],
                title: str) -> bool:
    if vocabulary.many.search(_PARENTHESES.sub(" ", title)):
        return True
    if vocabulary.language == "en" and action.object_words:
        head = _head_noun(action.object_words)
        if head:
            return is_plural(head)
    if segments and segments[-1].literal and segments[-1].words:
        return is_plural(segments[-1].words[-1])
    return False


def _head_noun(words: tuple[str, ...]) -> str:
    """The noun a title's object phrase is about: its last word before a preposition
    ("the Disk Usage Status of Topics" → Status)."""
    head = ""
    for word in words:
        clean = word.strip(",.:;'\"").lower()
        if clean in _PREPOSITIONS:
            if head:
                break
            continue
        if clean not in _DETERMINERS:
            head = word.strip(",.:;'\"")
    return head


def _noun(segments: list[Segment], verb: str, reader: RouteReader,
          action: TitleAction, with_parent: bool = False) -> list[str]:
    if not segments:
        return []
    target = segments[-1]
    one = verb != "List"
    if not target.literal or (one and (target.item or is_plural(target.words[-1]))):
        words = reader.item_noun(target)
    elif one:
        words = target.words
    else:
        item = reader.item_noun(target) if target.literal in reader.item_nouns else \
            target.words
        words = [*item[:-1], plural(item[-1])] if item else target.words
    # the literal word right before the target qualifies it (/workload/queues,
    # /cloudservers/tags): the nearest one, as the thing it belongs to
    qualifier: list[str] = []
    index = len(segments) - 2
    if index >= 0 and not segments[index].item and segments[index].literal:
        qualifier = reader.item_noun(segments[index])
        index -= 1
        while index >= 0 and not segments[index].item:
            index -= 1
    parent: list[str] = []
    if not qualifier and index >= 0 and segments[index].item and (
            with_parent or _title_names(action, segments[index], words, reader)):
        parent = reader.item_noun(segments[index])
    return parent + qualifier + words


def _title_names(action: TitleAction, segment: Segment, target: list[str],
                 reader: RouteReader) -> bool:
    """Whether the title's object names the parent resource too, beside the target
    ("Listing Topics of a Kafka Instance"): then the name says it."""
    wanted = {w.lower() for w in reader.item_noun(segment)}
    said = [singular(w.strip(",.:;")).lower() for w in action.object_words]
    for word in (singular(w).lower() for w in target):
        if word in said:
            said.remove(word)
    return bool(wanted) and wanted <= set(said)


def _title_noun(action: TitleAction, verb: str) -> list[str]:
    """The title's object as the noun (the path names none: ``GET /``), without an
    acronym that names the service before "API" ("Listing All DNS API Versions")."""
    words = [w for w in action.object_words if w.lower() not in _DETERMINERS
             and w.lower() not in _PREPOSITIONS and w.lower() not in ("list", "lists")]
    words = [w for index, w in enumerate(words)
             if not (w.isupper() and index + 1 < len(words)
                     and words[index + 1].upper() in ("API", "APIS"))]
    words = [w for part in words for w in split_words(part)][:3]
    if not words:
        return []
    return [*words[:-1], plural(words[-1]) if verb == "List" else singular(words[-1])]


def _dedupe(words: list[str]) -> list[str]:
    """``Server`` + ``Server Password`` → ``ServerPassword``: a word said twice in a
    row is said once."""
    out: list[str] = []
    for word in words:
        if out and singular(out[-1]).lower() == singular(word).lower():
            out[-1] = word
            continue
        out.append(word)
    return out
