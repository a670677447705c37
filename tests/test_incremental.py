"""Issue 8: the build is parallel, incremental and shows progress, and none of that
changes what it writes. Runs on a copy of two folders of the real ModelArts RST
reference (36 pages), so a page can be edited without touching the corpus."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import cache as cache_keys
from generator.build import build_dir
from generator.cache import BuildCache
from generator.cli import main
from generator.emit.serialize import dumps
from generator.extract import docset

from .conftest import PROJECT, corpus_path

FOLDERS = ("training_management", "service_management")
EDITED = "training_management/querying_a_training_job_list.rst"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "modelarts"
    for folder in FOLDERS:
        shutil.copytree(corpus_path("otc-modelarts-rst", folder), root / folder)
    assert (root / EDITED).is_file()
    return root


def _build(docs: Path, cache: BuildCache | None = None, jobs: int = 1) -> str:
    result = build_dir(docs, ["**/*.rst"], title="ModelArts", jobs=jobs, cache=cache,
                       keep_pages=cache is None)
    assert result.document is not None, result.spec_errors
    return dumps(result.document, "yaml")


def _edit(docs: Path) -> None:
    """A real kind of doc change: a description is reworded (with a word of the same
    length, so that the grid tables stay aligned)."""
    page = docs / EDITED
    text = page.read_text(encoding="utf-8")
    assert "Number of records" in text
    page.write_text(text.replace("Number of records", "Amount of records"), encoding="utf-8")


def test_output_is_byte_identical_whatever_the_worker_count(docs: Path) -> None:
    one = _build(docs, jobs=1)
    two = _build(docs, jobs=2)
    assert one == two
    assert "/v2/{project_id}/training-jobs" in one


def test_a_warm_build_reads_no_page_and_gives_the_same_document(
        docs: Path, tmp_path: Path) -> None:
    fresh = _build(docs)
    cache = BuildCache(tmp_path / "cache")
    assert _build(docs, cache) == fresh
    assert (cache.hits, cache.misses) == (0, 36)

    warm = BuildCache(tmp_path / "cache")
    result = build_dir(docs, ["**/*.rst"], title="ModelArts", cache=warm, keep_pages=False)
    assert result.from_cache and result.api is None
    assert (warm.hits, warm.misses) == (0, 0)  # one file for the whole build
    assert result.document is not None and dumps(result.document, "yaml") == fresh


def test_after_one_page_changes_only_that_page_is_read_again(
        docs: Path, tmp_path: Path) -> None:
    _build(docs, BuildCache(tmp_path / "cache"))
    _edit(docs)
    cache = BuildCache(tmp_path / "cache")
    incremental = _build(docs, cache)
    assert (cache.hits, cache.misses) == (35, 1)
    assert "Amount of records" in incremental
    assert incremental == _build(docs)  # the same as a build without any cache


def test_a_paragraph_added_to_one_page_extracts_that_page_alone(
        docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer adds a paragraph: the blocks after it, and the anchors on them, move.
    Only pages whose links land where they no longer land are extracted again (none
    here: the edited page's anchors keep their names), not the whole set."""
    _build(docs, BuildCache(tmp_path / "cache"))
    page = docs / EDITED
    text = page.read_text(encoding="utf-8")
    label = ".. _en-us_topic_0000002341058374__en-us_topic_0000002055164090_request_filter:"
    assert label in text  # a labelled table's: the paragraph moves the table and its label
    page.write_text(text.replace(label, "A paragraph a writer adds.\n\n" + label),
                    encoding="utf-8")
    extracted: list[str] = []
    real = docset.extract_page

    def counted(page: Any, *args: Any, **kwargs: Any) -> Any:
        extracted.append(page.path)
        return real(page, *args, **kwargs)
    monkeypatch.setattr(docset, "extract_page", counted)
    incremental = _build(docs, BuildCache(tmp_path / "cache"))
    assert extracted == [EDITED]
    monkeypatch.undo()
    assert incremental == _build(docs)


_LINKING_PAGE = """Creating a Thing
================

URI
---

POST /v1/things

Request Parameters
------------------

.. table:: **Table 1** Request body parameters

   +-----------+-----------+--------+-------------------------------------------+
   | Parameter | Mandatory | Type   | Description                               |
   +===========+===========+========+===========================================+
   | spec      | Yes       | Object | See :ref:`Table 2 <thing_spec>`.          |
   +-----------+-----------+--------+-------------------------------------------+
"""

_DEFINING_PAGE = """Data Structures
===============

{label}.. table:: **Table 2** Details of a thing

   +-----------+-----------+--------+-------------------------------------------+
   | Parameter | Mandatory | Type   | Description                               |
   +===========+===========+========+===========================================+
   | size      | Yes       | Integer| The size.                                 |
   +-----------+-----------+--------+-------------------------------------------+
"""


def test_a_link_lands_on_a_label_defined_later_on_another_page(tmp_path: Path) -> None:
    """A Sphinx label is global. A page whose link landed nowhere is extracted again
    when another page, one its link never reached, defines the label: its recalled
    extraction read the link as dangling."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "creating.rst").write_text(_LINKING_PAGE, encoding="utf-8")
    (docs / "structures.rst").write_text(_DEFINING_PAGE.format(label=""), encoding="utf-8")
    cache_dir = tmp_path / "cache"
    before = build_dir(docs, ["*.rst"], title="T", cache=BuildCache(cache_dir))
    assert before.document is not None
    assert _spec_fields(before.document) == set()  # the link lands nowhere: an open object
    (docs / "structures.rst").write_text(
        _DEFINING_PAGE.format(label=".. _thing_spec:\n\n"), encoding="utf-8")
    after = build_dir(docs, ["*.rst"], title="T", cache=BuildCache(cache_dir))
    fresh = build_dir(docs, ["*.rst"], title="T")
    assert after.document is not None and fresh.document is not None
    assert _spec_fields(after.document) == {"size"}
    assert dumps(after.document, "yaml") == dumps(fresh.document, "yaml")


def _spec_fields(document: dict[str, Any]) -> set[str]:
    """The fields of the request body's ``spec`` object of ``POST /v1/things``."""
    schemas = document["components"]["schemas"]

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref")
        if ref:
            return resolve(schemas[ref.rsplit("/", 1)[-1]])
        return resolve(node["allOf"][0]) if len(node.get("allOf", ())) == 1 else node
    body = document["paths"]["/v1/things"]["post"]["requestBody"]["content"]["application/json"]
    spec = resolve(resolve(body["schema"])["properties"]["spec"])
    return set(spec.get("properties", {}))


def test_pages_whose_files_look_unchanged_are_not_read(
        docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stat fast path: a page whose size, mtime, ctime and inode are as the last
    build recorded is not read; any write to a page (even one that keeps its size and
    puts its mtime back) makes it read again."""
    from generator import build

    monkeypatch.setattr(build, "_RACY_NS", 0)  # the files here are seconds old
    _build(docs, BuildCache(tmp_path / "cache"))
    opened: list[str] = []
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        opened.append(self.relative_to(docs).as_posix())
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    warm = BuildCache(tmp_path / "cache")
    result = build_dir(docs, ["**/*.rst"], title="ModelArts", cache=warm, keep_pages=False)
    assert result.from_cache and opened == []

    page = docs / EDITED
    before = page.stat()
    _edit(docs)  # same length
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size
    assert page.stat().st_mtime_ns == before.st_mtime_ns
    incremental = _build(docs, BuildCache(tmp_path / "cache"))
    assert opened == [EDITED]
    assert "Amount of records" in incremental
    monkeypatch.setattr(Path, "read_bytes", real_read_bytes)
    assert incremental == _build(docs)


def test_a_page_changed_just_after_a_build_is_read_whatever_its_stat(
        docs: Path, tmp_path: Path) -> None:
    """A file written within the file system's clock tick of the last build may show the
    same mtime after another write: such recent files are always hashed."""
    _build(docs, BuildCache(tmp_path / "cache"))
    page = docs / EDITED
    before = page.stat()
    _edit(docs)
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    incremental = _build(docs, BuildCache(tmp_path / "cache"))
    assert "Amount of records" in incremental


def test_a_page_change_reaches_the_operations_of_pages_that_link_to_it(
        tmp_path: Path) -> None:
    """Extraction is cached per page, but a page's operations may hold the tables of the
    pages its links land on: the request body of "modifying an AS group" (as_06_0104)
    links to the ipv6_bandwidth table of the "creating" page, which it has no copy of.
    Rewording a row there (same length: a grid table) changes that operation too.
    (ModelArts' modify-instance page, the example before, links to the create page's
    tables only by mistake: it now reads its own copies.)"""
    docs = tmp_path / "as_groups"
    shutil.copytree(corpus_path("otc-services", "auto-scaling", "apis", "as_groups"), docs)
    cache_dir = tmp_path / "cache"
    build_dir(docs, ["**/*.rst"], title="AS", cache=BuildCache(cache_dir), keep_pages=False)
    linked = docs / "creating_an_as_group.rst"
    text = linked.read_text(encoding="utf-8")
    old, new = "Specifies the ID of the shared bandwidth of an IPv6 address.", \
        "Specifies the ID of the common bandwidth of an IPv6 address."
    assert old in text
    linked.write_text(text.replace(old, new), encoding="utf-8")
    cache = BuildCache(cache_dir)
    result = build_dir(docs, ["**/*.rst"], title="AS", cache=cache, keep_pages=False)
    assert result.api is not None and (cache.hits, cache.misses) == (6, 1)
    linking = next(op for op in result.api.operations if op.page_id == "as_06_0104")
    assert linking.source.path == "modifying_an_as_group.rst"
    assert new in repr(linking)
    fresh = build_dir(docs, ["**/*.rst"], title="AS")
    assert fresh.api is not None
    assert linking == next(op for op in fresh.api.operations
                           if op.page_id == "as_06_0104")
    assert result.document is not None and fresh.document is not None
    assert dumps(result.document, "yaml") == dumps(fresh.document, "yaml")


def test_the_cache_is_keyed_by_the_tools_own_version_and_the_options(
        docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(docs, BuildCache(tmp_path / "cache"))

    # a build with other options is not the cached build (its pages still are)
    cache = BuildCache(tmp_path / "cache")
    retitled = build_dir(docs, ["**/*.rst"], title="Other title", cache=cache,
                         keep_pages=False)
    assert not retitled.from_cache and (cache.hits, cache.misses) == (36, 0)
    assert retitled.document is not None
    assert retitled.document["info"]["title"] == "Other title"

    # another version of the tool (its source or its libraries) starts afresh
    monkeypatch.setattr(cache_keys, "fingerprint", lambda: "another version of the tool")
    cache = BuildCache(tmp_path / "cache")
    _build(docs, cache)
    assert (cache.hits, cache.misses) == (0, 36)


def test_fingerprint_covers_the_client_templates() -> None:
    templates = Path(cache_keys.__file__).parent / "codegen" / "templates"
    assert any(templates.glob("*.jinja"))
    # every file shipped in the package is hashed: a template edit must start afresh
    hashed = [p for p in Path(cache_keys.__file__).parent.rglob("*")
              if p.is_file() and p.suffix in (".py", ".jinja", ".txt")]
    assert templates / "client.py.jinja" in hashed


def test_a_damaged_cache_entry_is_a_miss_not_an_error(docs: Path, tmp_path: Path) -> None:
    fresh = _build(docs, BuildCache(tmp_path / "cache"))
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file() and entry.parent.parent.name != "valid":
            entry.write_bytes(b"\x80\x05 not a pickle")
    cache = BuildCache(tmp_path / "cache")
    assert _build(docs, cache) == fresh
    assert cache.misses == 36


def test_a_page_that_crashes_a_worker_stops_no_other_page(
        docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug of the tool on one page, in a pool of workers: that page gives an
    internal-error diagnostic naming it, and every other operation is built."""
    import generator.readers as readers

    whole = build_dir(docs, ["**/*.rst"], title="ModelArts")
    real = readers.read_page

    def failing(data: bytes, path: str):  # type: ignore[no-untyped-def]
        if path == EDITED:
            raise RecursionError("maximum recursion depth exceeded")
        return real(data, path)

    monkeypatch.setattr(readers, "read_page", failing)  # workers are forked: they see it
    result = build_dir(docs, ["**/*.rst"], title="ModelArts", jobs=2)
    crashed = [d for d in result.diagnostics if d.code == "internal-error"]
    assert [(d.source.path, d.source.line) for d in crashed] == [(EDITED, 1)]
    assert "RecursionError" in crashed[0].message
    assert result.document is not None
    assert result.operations == whole.operations - 1


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_unchanged_outputs_are_not_rewritten(docs: Path, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    args = ("build", str(docs), "-o", str(spec), "--cache-dir", str(tmp_path / "c"))
    assert _cli(*args, cwd=PROJECT).returncode in (0, 1)
    os.utime(spec, (1_000_000_000, 1_000_000_000))
    assert _cli(*args, cwd=PROJECT).returncode in (0, 1)
    assert spec.stat().st_mtime == 1_000_000_000  # nothing changed: not written
    _edit(docs)
    assert _cli(*args, cwd=PROJECT).returncode in (0, 1)
    assert spec.stat().st_mtime != 1_000_000_000
    assert "Amount of records" in spec.read_text(encoding="utf-8")


def _run_on_a_terminal(argv: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``argv`` with stderr on a pseudo-terminal; its exit status and what it drew."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    drawn = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    return process.wait(timeout=60), drawn.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(docs: Path, tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "generator.cli", "build", str(docs), "-o",
            str(tmp_path / "spec.yaml"), "--no-cache", "-j", "2"]
    status, drawn = _run_on_a_terminal(argv, PROJECT)
    assert status in (0, 1)
    assert "\r" in drawn and "36/36 pages" in drawn and "modelarts [" in drawn

    status, quiet = _run_on_a_terminal([*argv, "--quiet"], PROJECT)
    assert status in (0, 1) and "pages" not in quiet and "\r" not in quiet

    piped = _cli(*argv[3:], cwd=PROJECT)  # stderr is a pipe, not a terminal
    assert "\r" not in piped.stderr and "36 pages" in piped.stderr


def test_generate_builds_every_service_of_a_config_file(docs: Path, tmp_path: Path) -> None:
    """One command for many docs sets; a set whose page is broken stops no other."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.rst").write_text("Bad\n===\n\n.. list-table::\n   :header-rows: 9\n\n"
                                    "   * - a\n", encoding="utf-8")
    shutil.copy(docs / EDITED, broken / "list.rst")
    config = tmp_path / "sets.toml"
    config.write_text(
        '[[tool.docs2openapi.services]]\nname = "broken"\nsource = "broken"\n'
        'client = false\n\n'
        '[[tool.docs2openapi.services]]\nname = "modelarts"\nsource = "modelarts"\n'
        'include = ["**/*.rst"]\nclient = false\n', encoding="utf-8")
    out = tmp_path / "out"
    done = _cli("generate", "--config", str(config), "--out", str(out), "--no-cache",
                cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"{broken / 'bad.rst'}:" in done.stderr
    assert "/v2/{project_id}/training-jobs" in (out / "spec" / "modelarts.yaml").read_text()
    assert "operationId: ListTrainingJobs" in (out / "spec" / "broken.yaml").read_text()
    # the summary table: a row per set, then the total
    table = done.stderr[done.stderr.index("docs set"):].splitlines()
    assert table[0].split() == ["docs", "set", "pages", "operations", "errors", "warnings",
                                "seconds", "result"]
    broken_row, modelarts_row, total = (line.split() for line in table[1:])
    assert broken_row[:3] == ["broken", "2", "1"] and int(broken_row[3]) >= 1
    assert broken_row[-3:] == ["written,", "with", "errors"]
    assert modelarts_row[:2] == ["modelarts", "36"] and modelarts_row[-1] == "ok"
    assert total[:2] == ["total", "38"] and total[-2:] == ["1/2", "ok"]


def test_a_docs_set_that_breaks_the_tool_stops_no_other(docs: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    import generator.cli as cli

    real = cli.build_dir

    def build_dir(source: Path, *args: object, **kwargs: object) -> object:
        if source.name == "first":
            raise ValueError("a bug in the tool")
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "build_dir", build_dir)
    first = tmp_path / "first"
    shutil.copytree(docs, first)
    config = tmp_path / "sets.toml"
    config.write_text(
        '[[tool.docs2openapi.services]]\nname = "first"\nsource = "first"\nclient = false\n\n'
        f'[[tool.docs2openapi.services]]\nname = "second"\nsource = "{docs}"\n'
        'client = false\n', encoding="utf-8")
    status = main(["generate", "--config", str(config), "--out", str(tmp_path / "out"),
                   "--no-cache", "-j", "1"])
    assert status == 3
    err = capsys.readouterr().err
    assert "first: the tool failed on this docs set: ValueError: a bug in the tool" in err
    assert (tmp_path / "out" / "spec" / "second.yaml").is_file()
    rows = {line.split()[0]: line.split() for line in err.splitlines()[-3:]}
    assert rows["first"][1:3] == ["36", "0"] and rows["first"][-2:] == ["failed:", "ValueError"]
    assert rows["second"][-1] == "ok"


def test_cli_keeps_pages_and_builds_in_the_cache_dir(docs: Path, tmp_path: Path) -> None:
    code = main(["build", str(docs), "-o", str(tmp_path / "a.yaml"), "-q",
                 "--cache-dir", str(tmp_path / "cache")])
    assert code in (0, 1)
    assert any((tmp_path / "cache" / "pages").rglob("*"))
    assert any((tmp_path / "cache" / "builds").rglob("*"))


def test_validation_shared_among_workers_finds_what_whole_validation_finds(
        corpus_build: Any) -> None:
    """The corpus document, broken in a path item, a schema and the skeleton: the
    fragments validated in two workers give exactly the errors of one whole run."""
    import copy

    from generator.validate import spec_errors, spec_errors_since

    document = copy.deepcopy(corpus_build.document)
    assert spec_errors_since(document, lambda _: set(), jobs=2)[0] == []
    operation = document["paths"]["/v2/{project_id}/training-job-searches"]["post"]
    operation["responses"]["200"] = {"content": {}}  # no description
    document["components"]["schemas"]["RunningTask"]["type"] = "objekt"
    document["info"]["version"] = 2
    errors, valid = spec_errors_since(document, lambda _: set(), jobs=2)
    assert [str(e) for e in errors] == spec_errors(document) and valid == []
    for where in ("info/version", "training-job-searches/post/responses/200",
                  "components/schemas/RunningTask"):
        assert any(where in str(error) for error in errors), where



def test_diff_of_docs_folders_reuses_the_build_cache(docs: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A diff reads no page that a build (or an earlier diff) already read."""
    cache = tmp_path / "cache"
    assert main(["build", str(docs), "-o", str(tmp_path / "a.yaml"), "-q",
                 "--cache-dir", str(cache)]) in (0, 1)
    pages = [p for p in (cache / "pages").rglob("*") if p.is_file()]
    changed = tmp_path / "changed" / docs.name
    shutil.copytree(docs, changed)
    edited = changed / EDITED
    edited.write_text(edited.read_text(encoding="utf-8").replace(
        "Number of records", "Amount of records"), encoding="utf-8")
    capsys.readouterr()
    assert main(["diff", str(docs), str(changed), "--format", "json",
                 "--cache-dir", str(cache)]) == 0
    first = capsys.readouterr().out
    # only the edited page was read: every other page came from the build's cache
    assert len([p for p in (cache / "pages").rglob("*") if p.is_file()]) == len(pages) + 1
    assert main(["diff", str(docs), str(changed), "--format", "json", "--no-cache"]) == 0
    assert capsys.readouterr().out == first


def test_library_versions_in_the_fingerprint_are_what_importlib_metadata_says() -> None:
    from importlib import metadata

    versions = cache_keys.installed_versions(cache_keys._LIBRARIES)
    for name in cache_keys._LIBRARIES:
        assert versions.get(name) == metadata.version(name), name


def _spec() -> dict[str, Any]:
    from generator.emit.serialize import loads
    return loads((PROJECT / "spec" / "modelarts.yaml").read_text(encoding="utf-8"))


def test_reworded_prose_does_not_make_a_fragment_new_for_validation() -> None:
    """Fragments are hashed for validation without the prose no validator reads, so a
    reworded row validates nothing again; what a validator does read still counts."""
    import copy

    from generator.validate import fragment_hashes, spec_errors_since

    document = _spec()
    before = set(fragment_hashes(document))
    path = next(iter(document["paths"]))
    operation = next(iter(document["paths"][path].values()))
    schema_name, schema = next((n, s) for n, s in document["components"]["schemas"].items()
                               if s.get("properties"))

    reworded = copy.deepcopy(document)
    reworded["paths"][path][next(iter(document["paths"][path]))]["description"] = \
        f"{operation.get('description', '')} Reworded."
    field = next(iter(schema["properties"]))
    reworded["components"]["schemas"][schema_name]["properties"][field]["description"] = \
        "Another wording of the row."
    reworded["components"]["schemas"][schema_name]["x-source"] = {"file": "other.rst",
                                                                  "line": 9999}
    assert set(fragment_hashes(reworded)) == before

    # a description that is not a string is a change a validator sees
    broken = copy.deepcopy(document)
    broken["paths"][path][next(iter(document["paths"][path]))]["description"] = 3
    assert set(fragment_hashes(broken)) != before
    errors, _ = spec_errors_since(broken, lambda hashes: set(hashes) & before)
    assert any("3 is not of type 'string'" in e.message and e.where[:2] == ("paths", path)
               for e in errors)

    # a property that happens to be called "description" is a schema, not prose
    named = copy.deepcopy(document)
    named["components"]["schemas"][schema_name]["properties"]["description"] = \
        {"type": "string"}
    other = copy.deepcopy(named)
    other["components"]["schemas"][schema_name]["properties"]["description"] = \
        {"type": "integer"}
    assert set(fragment_hashes(named)) != set(fragment_hashes(other))


def test_example_verdicts_are_reused_only_while_what_decides_them_is_unchanged() -> None:
    import copy

    from generator.validate import check_examples, example_key

    document = _spec()
    schemas = document["components"]["schemas"]
    # a real response example whose schema refers to component schemas
    media = next(m for item in document["paths"].values() for op in item.values()
                 for response in op.get("responses", {}).values()
                 for m in response.get("content", {}).values()
                 if m.get("examples") and "$ref" in m.get("schema", {}))
    value = next(iter(media["examples"].values()))["value"]
    name = media["schema"]["$ref"].rsplit("/", 1)[1]
    key = example_key(media["schema"], value, schemas)
    assert key is not None

    def changed(change: Any) -> str | None:
        mine = copy.deepcopy(schemas)
        change(mine[name])
        return example_key(media["schema"], value, mine)

    field = next(f for f, p in schemas[name]["properties"].items()
                 if "description" in p and "x-source" in p)
    assert changed(lambda s: s["properties"][field].update(description="Reworded.")) == key
    assert changed(lambda s: s["properties"][field].update(
        {"x-source": {"file": "a.rst", "line": 1}})) == key
    assert changed(lambda s: s.update(required=["no_such_field"])) != key
    assert changed(lambda s: s.update(additionalProperties=False)) != key
    # jsonschema quotes a oneOf's schemas in its message: there the prose counts
    assert changed(lambda s: s.update(oneOf=[{"description": "a"}])) != \
        changed(lambda s: s.update(oneOf=[{"description": "b"}]))
    assert example_key(media["schema"], {"another": "value"}, schemas) != key

    # verdicts from an earlier run give the checks a fresh run gives
    seen: dict[str, Any] = {}
    fresh = check_examples(document, {}, seen)
    assert seen and check_examples(document, seen) == fresh == check_examples(document)


def test_a_cached_build_reports_what_a_fresh_build_reports(docs: Path, tmp_path: Path) -> None:
    """Example checks, diagnostics and coverage of an incremental build are a fresh
    build's, whatever came from the cache."""
    build_dir(docs, ["**/*.rst"], title="ModelArts", cache=BuildCache(tmp_path / "cache"),
              keep_pages=False)
    _edit(docs)
    incremental = build_dir(docs, ["**/*.rst"], title="ModelArts",
                            cache=BuildCache(tmp_path / "cache"), keep_pages=False)
    fresh = build_dir(docs, ["**/*.rst"], title="ModelArts", keep_pages=False)
    assert not incremental.from_cache and incremental.examples
    assert incremental.examples == fresh.examples
    assert incremental.diagnostics == fresh.diagnostics
    assert incremental.coverage == fresh.coverage


def test_a_link_to_a_page_as_a_whole_does_not_tie_the_linking_page_to_its_content(
        docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Thirteen training pages say "see Querying the Training Job List" for a job ID, a
    link to the edited page's label at its title: the link shows nothing of the page's
    content, so rewording a row there re-extracts that page alone, and the spec is the
    one a build without the cache writes."""
    from generator.extract import docset

    _build(docs, BuildCache(tmp_path / "cache"))
    extracted: list[str] = []
    real = docset.extract_page

    def extract_page(page: Any, *args: Any) -> Any:
        extracted.append(page.path)
        return real(page, *args)

    monkeypatch.setattr(docset, "extract_page", extract_page)
    _edit(docs)
    incremental = _build(docs, BuildCache(tmp_path / "cache"))
    assert extracted == [EDITED]
    linking = docs / "training_management" / "deleting_a_training_job.rst"
    assert "<listtrainingjobs>`" in linking.read_text(encoding="utf-8")
    assert "Amount of records" in incremental
    monkeypatch.setattr(docset, "extract_page", real)
    assert incremental == _build(docs)


def test_a_live_build_reuses_fragments_and_writes_what_a_fresh_build_writes(docs: Path) -> None:
    """serve's build: the cache in memory, and the fragments of each emission reused
    while the IR they came from is unchanged. After each edit (prose reworded, a field's
    type changed, the page put back), the document, the diagnostics and the example
    checks are those of a build without any cache; an operation the edit did not touch
    is the very object of the build before. The served site is, file for file, what
    ``publish`` writes for the fresh build's document, and the published view of an
    untouched operation is the view of the build before."""
    from generator.publish import publish
    from generator.serve.live import BuildOptions, LiveBuild

    page = docs / EDITED
    original = page.read_text(encoding="utf-8")
    assert original.count("| Integer ") >= 2
    live = LiveBuild(BuildOptions(docs, ("**/*.rst",), "ModelArts"))
    version = live.rebuild()
    before = version.result.document
    plan = version.plan()
    assert before is not None and plan is not None
    untouched_url = "operations/ListServices.html"
    untouched_view = next(op for op in plan.site.operations if op.url == untouched_url)
    edited_urls = {op.url for op in plan.site.operations if op.source_file == EDITED}
    assert edited_urls
    for text in (original.replace("Number of records", "Amount of records"),
                 original.replace("| Integer ", "| String  ", 2), original):
        page.write_text(text, encoding="utf-8")
        version = live.rebuild([EDITED])
        result = version.result
        fresh = build_dir(docs, ["**/*.rst"], title="ModelArts", keep_pages=False)
        assert result.document is not None and fresh.document is not None
        assert dumps(result.document, "yaml") == dumps(fresh.document, "yaml")
        assert result.diagnostics == fresh.diagnostics
        assert result.examples == fresh.examples
        untouched = result.document["paths"]["/v1/{project_id}/services"]
        assert untouched["get"] is before["paths"]["/v1/{project_id}/services"]["get"]
        before = result.document
        plan = version.plan()
        assert plan is not None
        site = publish(fresh.document)
        assert list(plan.paths) == list(site)
        for path, written in site.items():
            assert plan.render(path) == written, path
        views = {op.url: op for op in plan.site.operations}
        assert views[untouched_url] is untouched_view
        assert all(views[url].source_file == EDITED for url in edited_urls)
    assert "Amount of records" not in dumps(before, "yaml")
