"""Paginators, one per paging style of the corpus' list operations, each generated from
a real page of the corpus and walked (sync and async) against a real server on
127.0.0.1 that pages for real: it holds 23 items, slices them the way that operation's
docs say, and gives at most 10 a page whatever is asked (as a busy region may), so a
paginator that took "fewer than I asked" for the end would lose items."""

from __future__ import annotations

import asyncio
import copy
import inspect
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pydantic
import pytest

from generator.build import build_dir
from generator.codegen import generate_package, generation_diagnostics
from generator.codegen.pagination import paging
from tests.conftest import corpus_path
from tests.loopback import Answer, Received, install, loopback

TOTAL = 23
CAP = 10  # the most items the server gives a page


@dataclass(frozen=True)
class Case:
    docs: str  # docs set under ../shared/corpus
    page: str  # the list operation's page
    method: str  # the generated method
    style: str  # how the server pages, as the page documents it
    position: str  # the query parameter holding the offset, page number or marker
    size: str  # the query parameter holding the page size
    items: str  # the response's list
    first: int = 0  # the first offset or page number
    next_at: str = ""  # marker: where the server names the next marker


CASES = [
    Case("otc-services/cloud-backup-recovery", "cbr_apis/vaults/querying_the_vault_list.rst",
         "list_vault", "offset", "offset", "limit", "vaults"),
    Case("otc-services/auto-scaling", "apis/as_groups/querying_as_groups.rst",
         "list_scaling_groups",
         "offset", "start_number", "limit", "scaling_groups"),
    Case("otc-services/web-application-firewall-dedicated",
         "apis/managing_websites_protected_in_dedicated_mode/"
         "querying_domain_names_protected_by_dedicated_waf_engines.rst",
         "list_premium_host", "page", "page", "pagesize", "items", first=1),
    # "offset: Start page of the paging list. The default value is 0."
    Case("otc-modelarts-rst",
         "historical_apis/data_management_old_version/querying_the_dataset_list.rst",
         "list_datasets", "page", "offset", "limit", "datasets", first=0),
    # "offset: Specifies the page offset, such as 1, 2, 3, or 4. The parameter value is 1
    # by default": a page number from 1 (issue 23: it was walked as an item offset)
    Case("otc-services/relational-database-service",
         "api_v3_recommended/log_information_queries/querying_database_slow_logs.rst",
         "list_slow_logs", "page", "offset", "limit", "slow_log_list", first=1),
    Case("otc-services/enterprise-router",
         "apis/enterprise_routers/querying_enterprise_routers.rst", "list_enterprise_routers",
         "marker", "marker", "limit", "instances", next_at="page_info.next_marker"),
    Case("otc-services/elastic-volume-service",
         "openstack_cinder_apis_recommended/disk_management/querying_details_about_all_disks.rst",
         "list_volumes", "marker", "marker", "limit", "volumes", next_at="volumes_links"),
    Case("otc-services/image-management-service",
         "native_openstack_apis/image_native_openstack_apis/"
         "querying_images_native_openstack_api.rst",
         "list_images", "marker", "marker", "limit", "images", next_at="next"),
    Case("otc-services/image-management-service", "ims_apis/image/querying_images.rst",
         "list_cloudimages", "marker", "marker", "limit", "images", next_at="last id"),
]


@dataclass
class Generated:
    package: ModuleType
    document: dict[str, Any]
    template: dict[str, Any]  # an item as the page's own response example shows one


@pytest.fixture(scope="module", params=CASES, ids=lambda c: c.method)
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[Case, Generated]:
    case: Case = request.param
    result = build_dir(corpus_path(case.docs), [case.page], title=case.method)
    assert result.document is not None, result.spec_errors
    service = f"paged-{case.method}".replace("_", "-")
    package = install(result.document, service, tmp_path_factory.mktemp(service))
    template = _valid_part(package, case, _example_item(result.document, case))
    return case, Generated(package, result.document, template)


def _method(package: ModuleType, case: Case) -> str:
    """The client method of the case's page (found by the doc file its docstring names:
    operation names change, pages stay)."""
    found = [name for name, function in vars(package.Client).items()
             if callable(function) and not name.startswith(("_", "iter_"))
             and f"documented at {case.page}:" in " ".join((function.__doc__ or "").split())]
    assert len(found) == 1, (case.page, found)
    return found[0]


def _example_item(document: dict[str, Any], case: Case) -> dict[str, Any]:
    for item in document["paths"].values():
        for operation in item.values():
            for code, response in operation.get("responses", {}).items():
                media = response.get("content", {}).get("application/json", {})
                for example in media.get("examples", {}).values():
                    listed = example["value"].get(case.items) if isinstance(
                        example["value"], dict) else None
                    if str(code).startswith("2") and listed:
                        return dict(listed[0])
    return {}


def _valid_part(package: ModuleType, case: Case, item: dict[str, Any]) -> dict[str, Any]:
    """The example item less the fields its own schema rejects (the docs' examples do
    not always match their tables; that is issue 16's business, not paging's)."""
    hints = typing.get_type_hints(getattr(package.Client, _method(package, case)),
                                  vars(package.client))
    model = hints["return"]
    while True:
        try:
            model.model_validate({case.items: [item]})
            return item
        except pydantic.ValidationError as error:
            bad = {e["loc"][2] for e in error.errors() if len(e["loc"]) > 2}
            if not bad:
                raise
            item = {k: v for k, v in item.items() if k not in bad}


def _items(template: dict[str, Any]) -> list[dict[str, Any]]:
    made = []
    for number in range(TOTAL):
        item = copy.deepcopy(template)
        item["id"] = f"item-{number:02d}"
        item["test_seq"] = number
        made.append(item)
    return made


def _handler(case: Case, items: list[dict[str, Any]]) -> Any:
    """A server that pages as ``case`` documents, at most CAP items a page."""

    def answer(seen: Received) -> Answer:
        query = {k: v[0] for k, v in seen.query.items()}
        size = min(int(query.get(case.size, "10")), CAP)
        if case.style == "offset":
            start = int(query.get(case.position, case.first)) - case.first
        elif case.style == "page":
            start = (int(query.get(case.position, case.first)) - case.first) * size
        else:
            marker = query.get(case.position)
            start = 0 if not marker else [i["id"] for i in items].index(marker) + 1
        page = items[start:start + size]
        body: dict[str, Any] = {case.items: page}
        more = start + size < len(items)
        if case.style == "marker" and page:
            following = f"/v2/p1/things?{urlencode({'limit': size, 'marker': page[-1]['id']})}"
            if case.next_at == "page_info.next_marker":
                body["page_info"] = {"next_marker": page[-1]["id"] if more else None,
                                     "current_count": len(page)}
            elif case.next_at == "volumes_links":  # only "next" names the next page
                here = f"/v2/p1/things?{urlencode({'limit': size, 'marker': page[0]['id']})}"
                body["volumes_links"] = [{"rel": "self", "href": "https://evs.internal" + here}]
                if more:
                    body["volumes_links"].append({"rel": "next",
                                                  "href": "https://evs.internal" + following})
            elif case.next_at == "next" and more:
                body["next"] = following
        return Answer(200, body)

    return answer


def _scope(package: ModuleType) -> dict[str, str]:
    """``project_id`` for the services whose paths start with one."""
    accepted = inspect.signature(package.Client).parameters
    return {"project_id": "p1"} if "project_id" in accepted else {}


def _required(function: Any) -> tuple[list[str], dict[str, str]]:
    """A value for every argument the call requires (a path's ids, a query's dates)."""
    needed = [p for p in inspect.signature(function).parameters.values()
              if p.default is inspect.Parameter.empty]
    return ([f"{p.name}-1" for p in needed if p.kind is not p.KEYWORD_ONLY],
            {p.name: f"{p.name}-1" for p in needed if p.kind is p.KEYWORD_ONLY})


def _sequence(package: ModuleType, items: list[Any]) -> list[int]:
    return [package.paging.field(item, "test_seq") for item in items]


def test_the_paging_style_is_the_one_the_page_documents(generated: tuple[Case, Generated]
                                                         ) -> None:
    case, made = generated
    iterator = getattr(made.package.Client, f"iter_{_method(made.package, case)}")
    source = Path(made.package.__file__).with_name("client.py").read_text(encoding="utf-8")
    assert re.search(rf'Pager\(\s*"{case.style}"', source)
    doc = iterator.__doc__
    assert f"``{case.items}``" in doc and f"``{case.position}``" in doc


def test_sync_iterator_yields_every_item_once(generated: tuple[Case, Generated]) -> None:
    case, made = generated
    items = _items(made.template)
    with loopback(_handler(case, items)) as server, made.package.Client(
            server.base_url, **_scope(made.package)) as client:
        iterate = getattr(client, f"iter_{_method(made.package, case)}")
        walked = list(iterate(*_required(iterate)[0], **_required(iterate)[1]))
    assert _sequence(made.package, walked) == list(range(TOTAL))
    # 10 + 10 + 3: the paginator asked for 100 a page, the server gave 10
    assert len(server.received) == 3
    first = server.received[0].query
    assert first[case.size] == ["100"]
    if case.style == "marker":
        assert case.position not in first
        assert [r.query[case.position] for r in server.received[1:]] == [["item-09"],
                                                                          ["item-19"]]
    else:
        step = {"offset": CAP, "page": 1}[case.style]
        assert [int(r.query[case.position][0]) for r in server.received] == [
            case.first, case.first + step, case.first + 2 * step]


def test_async_iterator_and_a_page_size_of_its_own(generated: tuple[Case, Generated]) -> None:
    case, made = generated
    items = _items(made.template)[:20]  # the last page is full: one more request, empty

    async def walk(base_url: str) -> list[Any]:
        async with made.package.AsyncClient(base_url, **_scope(made.package)) as client:
            iterate = getattr(client, f"iter_{_method(made.package, case)}")
            positional, keywords = _required(iterate)
            return [item async for item in iterate(*positional, page_size=5, **keywords)]

    with loopback(_handler(case, items)) as server:
        walked = asyncio.run(walk(server.base_url))
    assert _sequence(made.package, walked) == list(range(20))
    assert {r.query[case.size][0] for r in server.received} == {"5"}
    # 4 full pages; the ones that name the next marker say when to stop
    told = case.style == "marker" and case.next_at != "last id"
    assert len(server.received) == (4 if told else 5)


def test_a_position_the_docs_do_not_explain_gets_a_diagnostic_not_a_guess() -> None:
    # WAF: "page: Page." says neither where pages start nor anything else
    page = "apis/certificate_management/querying_the_certificate_list.rst"
    result = build_dir(corpus_path("otc-services/web-application-firewall-dedicated"), [page],
                       title="waf")
    assert result.document is not None
    [said] = generation_diagnostics(result.document)
    assert (said.code, said.source.path) == ("paging-unclear", page)
    assert "page (\"Page.\") is a page number, but the docs do not say whether the first " \
           "page is 0 or 1" in said.message
    source = generate_package(result.document, "waf-certificates")["waf_certificates/client.py"]
    assert "def iter_" not in source and "def list_certificates" in source


@pytest.mark.parametrize(("description", "default", "style", "first"), [
    ("Start page of the paging list. Default value: 0", None, "page", 0),
    ("Specifies the page offset, such as 1, 2, 3, or 4.", None, "page", 1),
    ("offset indicates the page number (the start page number is 1).", None, "page", 1),
    ("Page offset, which starts from 0 (page number minus 1).", None, "page", 0),
    ("Index offset. If offset is set to N, the query starts from the N+1 piece of data.",
     None, "offset", 0),
    ("偏移量，表示查询该偏移量后面的所有的云硬盘。", None, "offset", 0),
    ("分页查询时数据的页数，查询值最小为1。", None, "page", 1),
    ("Offset value. The value must be a positive integer.", 1, "offset", 1),
])
def test_what_the_position_counts_is_read_from_its_description(
        description: str, default: int | None, style: str, first: int) -> None:
    schema: dict[str, Any] = {"type": "integer", **({"default": default} if default else {})}
    parameters = [{"name": "offset", "in": "query", "description": description,
                   "schema": schema},
                  {"name": "limit", "in": "query", "schema": {"type": "integer"}}]
    response = {"properties": {"items": {"type": "array", "items": {"type": "object"}}}}
    found = paging(parameters, response, lambda s: s or {}, lambda s: "Any")
    assert found is not None and (found.style, found.first) == (style, first)
