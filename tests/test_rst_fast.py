"""The fast RST reader gives exactly the Page (and diagnostics) docutils gives.

docutils is the reference reader of RST; ``readers/rst_fast.py`` reads the constructs API
pages are made of without docutils' block parser and hands anything else back. These
tests compare the two readers on every RST page of the shared corpus and on random
pages, and check that the fast path really is the one taken on real pages.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.page import Page, Table
from generator.readers.rst import read_rst
from generator.readers.rst_fast import attempt, read_fast
from tests.conftest import CORPUS, corpus_path

# --- every RST page of the corpus -------------------------------------------------------------


def _difference(slow: Page, fast: Page) -> str:
    """Where two Pages first differ, briefly."""
    for name in ("title", "line", "anchors", "metadata", "names"):
        if getattr(slow, name) != getattr(fast, name):
            return f"{name}: {getattr(slow, name)!r} != {getattr(fast, name)!r}"[:300]
    if len(slow.sections) != len(fast.sections):
        return f"{len(slow.sections)} sections != {len(fast.sections)}"
    for a, b in zip(slow.sections, fast.sections, strict=True):
        if a == b:
            continue
        for x, y in zip(a.blocks, b.blocks, strict=False):
            if x != y:
                return f"section {a.heading!r}: {x!r:.300} != {y!r:.300}"
        return f"section {a.heading!r}: {a!r:.300} != {b!r:.300}"
    return "equal"


def _compare(path: Path) -> tuple[str, str | None, str | None]:
    """(page, why docutils read it or None, the difference or None)."""
    relative = path.relative_to(CORPUS).as_posix()
    text = path.read_bytes().decode("utf-8-sig")
    fast = attempt(text, relative)
    if isinstance(fast, str):
        # the page goes to docutils whole: read_rst must then be docutils' own reading
        assert read_rst(text, relative) == read_rst(text, relative, fast=False)
        return relative, fast, None
    slow, diagnostics = read_rst(text, relative, fast=False)
    if diagnostics:
        return relative, None, f"docutils reports {diagnostics[0]} but the fast path read it"
    return relative, None, None if slow == fast else _difference(slow, fast)


def _corpus_pages() -> list[Path]:
    corpus_path("otc-modelarts-rst")
    return sorted(CORPUS.glob("**/*.rst"))


def test_every_rst_page_of_the_corpus_reads_the_same_with_both_readers() -> None:
    pages = _corpus_pages()
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = list(pool.map(_compare, pages, chunksize=16))
    differences = [f"{page}: {diff}" for page, _, diff in results if diff]
    assert not differences, "\n".join(differences[:20])
    by_docutils = {page: why for page, why, _ in results if why is not None}
    modelarts = [page for page, _, _ in results if page.startswith("otc-modelarts-rst/")]
    # the fast path is the one real pages take (else the speed is gone, silently)
    assert len(pages) > 2900
    assert len(by_docutils) <= 0.05 * len(pages), sorted(by_docutils.items())[:20]
    assert sum(1 for p in modelarts if p in by_docutils) <= 0.03 * len(modelarts), \
        sorted((p, w) for p, w in by_docutils.items() if p.startswith("otc-modelarts-rst/"))
    assert not [w for w in by_docutils.values() if w.startswith("internal:")], by_docutils


# --- what goes to docutils, and that it still reads right ---------------------------------------

SPANNING = """Title
=====

.. table:: **Table 1** Spans

   +-----+-----+
   | a   | b   |
   +=====+=====+
   | both cell |
   +-----+-----+
   | c   | d   |
   +-----+-----+
"""

PLAIN = SPANNING.replace("| both cell |", "| e   | f   |")


def test_a_table_with_a_span_is_read_by_docutils_and_read_right() -> None:
    assert attempt(SPANNING, "x.rst") == "grid table span or misaligned border"
    page, diagnostics = read_rst(SPANNING, "x.rst")
    assert diagnostics == []
    [(_, table)] = page.all_tables()
    assert isinstance(table, Table) and table.caption == "Table 1 Spans"
    assert [[c.text for c in row] for row in table.rows] == [["both cell"], ["c", "d"]]
    assert read_fast(PLAIN, "x.rst") == read_rst(PLAIN, "x.rst", fast=False)[0]


def test_what_docutils_reports_on_is_read_by_docutils() -> None:
    broken = "Title\n=====\n\nSome *emphasis without an end.\n"
    assert read_fast(broken, "x.rst") is None
    _, diagnostics = read_rst(broken, "x.rst")
    assert [d.code for d in diagnostics] == ["rst-warning"]
    assert diagnostics[0].source.line == 4


def test_an_unknown_target_keeps_its_warning() -> None:
    text = "Title\n=====\n\nThe field_ is read as written.\n"
    assert read_fast(text, "x.rst") is None
    page, diagnostics = read_rst(text, "x.rst")
    assert [d.code for d in diagnostics] == ["rst-unknown-target"]
    assert page.sections[0].blocks[0].text == "The field_ is read as written."  # type: ignore[union-attr]


# --- random pages -----------------------------------------------------------------------------
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=4 * EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# words a page is made of, and (less often) ones that test docutils' rules at the edges
PLAIN_WORDS = ["word", "Options:", "project_id", "**bold**", "*em*", "``lit``", "GET",
               ":ref:`Table 3 <anchor_x>`", ":ref:`anchor_x`", "`link <https://e.org/x>`__",
               "https://e.org/z", "a\\_b", "(**x**)", "**Status code: 200**", "Integer",
               "`title`", ":literal:`x`", "Table", "2.", "mid.", "x::", "été"]
EDGE_WORDS = ["name_", "a__b", "`named <https://e.org/y>`_", "mail@e.org", "\\*", "|sub|",
              "[1]_", "e\u0301", "::", "**", "*", "`", "-", "#.", "i.", "A.", "_`t`", "中文",
              "Ａ", "表 1"]
WORDS = st.sampled_from(PLAIN_WORDS * 4 + EDGE_WORDS)


@st.composite
def _text(draw: st.DrawFn, lines: int = 3) -> list[str]:
    count = draw(st.integers(1, lines))
    return [" ".join(draw(st.lists(WORDS, min_size=1, max_size=5))) for _ in range(count)]


@st.composite
def _cell(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["text", "text", "list", "enum", "empty", "code", "note",
                                 "target"]))
    if kind == "text":
        return draw(_text())
    if kind == "list":
        items = draw(st.lists(_text(2), min_size=1, max_size=3))
        out: list[str] = []
        for item in items:
            out += ["-  " + item[0], *["   " + line for line in item[1:]], ""]
        return out[:-1] if draw(st.booleans()) else out
    if kind == "enum":
        marks = draw(st.sampled_from([["1.", "2.", "3."], ["#.", "#."], ["a)", "b)"],
                                      ["2.", "3."], ["1.", "3."]]))
        return [f"{m} {' '.join(draw(_text(1)))}" for m in marks]
    if kind == "code":
        return [".. code-block::", "", "   {\"a\": 1}", "   " + draw(WORDS)]
    if kind == "note":
        return [".. note::", "", *["   " + line for line in draw(_text())]]
    if kind == "target":
        return [".. _cell_anchor:", "", *draw(_text(1))]
    return []


def _grid(rows: list[list[list[str]]], header: bool, damage: int | None) -> list[str]:
    columns = max(len(r) for r in rows)
    rows = [r + [[]] * (columns - len(r)) for r in rows]
    widths = [max([len(line) for r in rows for line in r[c]] + [1]) + 2 for c in range(columns)]
    rule = "+" + "+".join("-" * w for w in widths) + "+"
    out = [rule]
    for index, row in enumerate(rows):
        height = max(len(cell) for cell in row) or 1
        for n in range(height):
            out.append("|" + "|".join(f" {(cell[n] if n < len(cell) else ''):<{w - 1}}"
                                      for cell, w in zip(row, widths, strict=True)) + "|")
        out.append(rule.replace("-", "=") if header and index == 0 and len(rows) > 1 else rule)
    if damage is not None and len(out) > 2:
        line = damage % (len(out) - 2) + 1
        out[line] = out[line][:-2] + "+" + out[line][-1:]  # a corner where a border was
    return out


def _simple(rows: list[list[str]], header: bool) -> list[str]:
    columns = max(len(r) for r in rows)
    rows = [r + ["x"] * (columns - len(r)) for r in rows]
    widths = [max(len(r[c]) for r in rows) for c in range(columns)]
    rule = "  ".join("=" * w for w in widths)
    body = ["  ".join(f"{cell:<{w}}" for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in rows]
    return [rule, body[0], rule, *body[1:], rule] if header else [rule, *body, rule]


@st.composite
def _block(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["title", "title", "para", "para", "list", "grid", "grid",
                                 "simple", "target", "code", "note", "fields", "raw"]))
    if kind == "title":
        text = " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))
        char = draw(st.sampled_from("=-~^"))
        length = len(text) + draw(st.sampled_from([0, 0, 0, 1, 3, -1]))
        over = [char * length] if draw(st.integers(0, 5)) == 0 else []
        return [*over, text, char * max(length, 1)]
    if kind == "para":
        return draw(_text())
    if kind == "list":
        return draw(_cell().filter(lambda c: bool(c)))
    if kind == "grid":
        rows = draw(st.lists(st.lists(_cell(), min_size=1, max_size=3), min_size=1, max_size=4))
        table = _grid(rows, draw(st.booleans()), draw(st.none() | st.integers(0, 50)))
        if draw(st.booleans()):
            caption = " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))
            return [f".. table:: {caption}", "", *["   " + line for line in table]]
        return table
    if kind == "simple":
        rows = draw(st.lists(st.lists(st.sampled_from(["a", "b_c", "**d**", "e f", "-"]),
                                      min_size=1, max_size=3), min_size=1, max_size=4))
        table = _simple(rows, draw(st.booleans()))
        return [".. table:: Simple", "", *["   " + line for line in table]]
    if kind == "target":
        return [f".. _{draw(st.sampled_from(['anchor_x', 'Anchor X', 'Title', 'x']))}:"]
    if kind == "code":
        language = draw(st.sampled_from(["", " json", " json", " text extra"]))
        return [f".. code-block::{language}", "",
                "   {", "      \"a\": 1", "   }"]
    if kind == "note":
        return [".. note::", "", *["   " + line for line in draw(_cell())]]
    if kind == "fields":
        return [":original_name: Page.html", f":other: {draw(WORDS)}"]
    return [draw(st.sampled_from(["   indented", "----", "::", ".. comment", "..",
                                  ".. |sub| replace:: x", "Term", ".. toctree::",
                                  ".. toctree::\n   :maxdepth: 1\n\n   a", "* star item"]))]


@FUZZ
@given(st.lists(_block(), min_size=1, max_size=10), st.lists(st.booleans(), max_size=10))
def test_random_pages_read_the_same_with_both_readers(blocks: list[list[str]],
                                                      tight: list[bool]) -> None:
    parts = []
    for index, block in enumerate(blocks):
        parts.append("\n".join(block))
        parts.append("\n" if index < len(tight) and tight[index] else "\n\n")
    text = "".join(parts)
    assert read_rst(text, "fuzz.rst") == read_rst(text, "fuzz.rst", fast=False), text


def test_random_pages_mostly_take_the_fast_path() -> None:
    """The property above is only worth as much as the pages the fast path reads."""
    taken = []

    @FUZZ
    @given(st.lists(_block(), min_size=1, max_size=6))
    def sample(blocks: list[list[str]]) -> None:
        taken.append(read_fast("\n\n".join("\n".join(b) for b in blocks) + "\n", "f.rst")
                     is not None)

    sample()
    assert sum(taken) >= 0.3 * len(taken), f"{sum(taken)} of {len(taken)}"


@pytest.mark.parametrize("name", ["000_3bc375401fd43fef.txt", "003_b156da82060895ae.txt"])
def test_the_seed_pages_take_the_fast_path(name: str) -> None:
    text = corpus_path("seeds", name).read_text(encoding="utf-8")
    assert read_fast(text, name) == read_rst(text, name, fast=False)[0]
