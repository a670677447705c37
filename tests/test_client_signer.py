"""AkSkAuth signs exactly as the vendor's SDK does.

Requests of every shape (methods, paths with escapes, query strings with repeated and
empty values, bodies JSON and not, extra headers, temporary credentials) go through
httpx with our ``AkSkAuth`` to a real server on 127.0.0.1. For each request as it
arrived there, the vendor's own code (``huaweicloudsdkcore``: its credentials and
``Signer``, installed for the tests only) signs the same method, path, query, headers
and body, and the two ``Authorization`` headers must be identical.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests import vendor_signer as signer
from tests.conftest import generated_modelarts
from tests.loopback import Answer, Loopback, Received, loopback

pytest.importorskip(
    "huaweicloudsdkcore.auth.credentials",
    reason="huaweicloudsdkcore (the vendor's signer) is a dev dependency: pip install -e '.[dev]'",
)

AK, SK = "HPUAQ7RSMLN4ACZAWB0U", "k3OaQ8wGvUe7HhC0L1pC2rxZpgJr5fQYvDq8iS1Z"
TOKEN = "gQpjbi1ub3J0aC00U2VjdXJpdHlUb2tlbg+/=="  # as temporary credentials come

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]
PATHS = [
    "/v2/p1/datasets",
    "/v2/p1/datasets/",  # a trailing slash
    "/",
    "/v2/p1/datasets/" + quote("a/b", safe=""),  # an escaped slash inside a segment
    "/v2/p1/datasets/" + quote("d 1+2", safe=""),
    "/v2/p1/names/" + quote("éü名", safe=""),
    "/v2/p1/raw/" + quote("~-._!*'();:@&=$,%41", safe=""),
    "/v1/a//b/c",
]
QUERIES: list[Any] = [
    None,
    [("limit", "10"), ("offset", "0")],
    [("tag", "b"), ("tag", "a"), ("tag", ""), ("tag", "a")],  # repeated, one empty
    [("marker", ""), ("name", "")],  # empty values
    [("b", "2"), ("a", "3"), ("a", "1"), ("A", "0"), ("_", "x")],  # order by name, value
    [("name", "x y+z"), ("é", "~!*()'"), ("a&b", "c=d"), ("q", "50%")],  # escapes
    "flag&x=1",  # a name without a value, as a raw query string
]
BODIES: list[tuple[bytes | None, str | None]] = [
    ('{"name": "ds", "labels": [{"name": "ü"}]}'.encode(), "application/json"),
    (b"{}", "application/json;charset=UTF-8"),
    (b"plain text body\n", "text/plain"),  # not JSON: UNSIGNED-PAYLOAD
    (bytes(range(256)), "application/octet-stream"),
    (b"", "application/json"),
    (b"", "text/plain"),  # no body: the empty hash, whatever the content type
    (None, None),
]
HEADER_SETS: list[dict[str, str]] = [
    {},
    {"X-Project-Id": "0123456789abcdef"},
    {"X-Custom": "inner  spaces\tand tab", "User-Agent": "my-app/1.0"},
    {"X_Underscored": "not signed", "X-Language": "en-us"},
    {"Accept": "application/json", "X-Client-Request-Id": "r-1"},
]


def _cases() -> Iterator[dict[str, Any]]:
    for number, (method, path, query) in enumerate(itertools.product(METHODS, PATHS, QUERIES)):
        body, content_type = BODIES[number % len(BODIES)]
        if method in ("GET", "HEAD", "DELETE"):
            body, content_type = None, None
        headers = dict(HEADER_SETS[number % len(HEADER_SETS)])
        if content_type:
            headers["Content-Type"] = content_type
        url = path + ("?" + query if isinstance(query, str) else "")
        yield {"method": method, "url": url, "params": query if isinstance(query, list) else None,
               "headers": headers, "content": body, "temporary": number % 3 == 0}


CASES = list(_cases())




modelarts = generated_modelarts()  # its AkSkAuth is the code users get


def _auth(temporary: bool) -> Any:
    return modelarts.AkSkAuth(AK, SK, security_token=TOKEN if temporary else None)


def vendor_authorization(seen: Received, *, project_id: bool = False) -> str:
    return signer.vendor_authorization(seen, AK, SK, project_id=project_id)


def _ok(seen: Received) -> Answer:
    return Answer(200, {"ok": True})


def _send_all(server: Loopback, cases: list[dict[str, Any]]) -> None:
    clients = {temporary: httpx.Client(base_url=server.base_url, auth=_auth(temporary))
               for temporary in (False, True)}
    for case in cases:
        response = clients[case["temporary"]].request(
            case["method"], case["url"], params=case["params"], headers=case["headers"],
            content=case["content"])
        assert response.status_code == 200
    for client in clients.values():
        client.close()


def _compare(received: list[Received]) -> int:
    for seen in received:
        ours = seen.headers["Authorization"]
        assert ours.startswith(f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")
        assert ours == vendor_authorization(seen), (seen.method, seen.target, seen.headers)
    return len(received)


def test_every_request_is_signed_as_the_vendor_signs_it() -> None:
    with loopback(_ok) as server:
        _send_all(server, CASES)
    compared = _compare(server.received)
    assert compared == len(CASES) == 336
    # the cases really hold what they claim, as the server received them
    targets = {seen.target for seen in server.received}
    assert "/v2/p1/datasets/a%2Fb" in targets
    assert any("tag=b&tag=a&tag=&tag=a" in t for t in targets)
    assert any(t.endswith("?flag&x=1") for t in targets)
    unsigned = [s for s in server.received if s.headers.get("X-Sdk-Content-Sha256")]
    assert unsigned and all(s.headers["Content-Type"].startswith(("text/", "application/oct"))
                            for s in unsigned)
    for seen in server.received:
        signed = re.search(r"SignedHeaders=([^,]+)", seen.headers["Authorization"])
        assert signed is not None
        names = signed.group(1).split(";")
        assert {"host", "x-sdk-date"} <= set(names) and names == sorted(names)
        assert not {"x_underscored", "connection", "content-length"} & set(names)
        assert ("x-security-token" in names) == ("X-Security-Token" in seen.headers)


def test_the_async_flow_signs_the_same() -> None:
    cases = CASES[::4]

    async def send_all(server: Loopback) -> None:
        clients = {temporary: httpx.AsyncClient(base_url=server.base_url, auth=_auth(temporary))
                   for temporary in (False, True)}
        for case in cases:
            response = await clients[case["temporary"]].request(
                case["method"], case["url"], params=case["params"], headers=case["headers"],
                content=case["content"])
            assert response.status_code == 200
        for client in clients.values():
            await client.aclose()

    with loopback(_ok) as server:
        asyncio.run(send_all(server))
    compared = _compare(server.received)
    assert compared == len(cases) == 84


def test_temporary_credentials_send_and_sign_the_security_token() -> None:
    with loopback(_ok) as server, httpx.Client(base_url=server.base_url,
                                               auth=_auth(True)) as client:
        client.get("/v3/p1/vaults", params={"limit": 5})
    [seen] = server.received
    assert seen.headers["X-Security-Token"] == TOKEN
    assert "x-security-token" in seen.headers["Authorization"]
    assert seen.headers["Authorization"] == vendor_authorization(seen)


def test_the_date_is_now_in_utc_unless_the_request_has_one() -> None:
    auth = _auth(False)
    fresh = httpx.Request("GET", "https://ecs.eu-de.otc.t-systems.com/v1/p/cloudservers")
    auth.sign(fresh)
    stamped = datetime.strptime(fresh.headers["X-Sdk-Date"], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=UTC)
    assert abs(datetime.now(UTC) - stamped) < timedelta(seconds=60)
    given = httpx.Request("GET", "https://ecs.eu-de.otc.t-systems.com/v1/p/cloudservers",
                          headers={"X-Sdk-Date": "20240102T030405Z"})
    auth.sign(given)
    assert given.headers["X-Sdk-Date"] == "20240102T030405Z"
    # a known answer: the same request signed twice with the same date is the same
    again = httpx.Request("GET", "https://ecs.eu-de.otc.t-systems.com/v1/p/cloudservers",
                          headers={"X-Sdk-Date": "20240102T030405Z"})
    auth.sign(again)
    assert again.headers["Authorization"] == given.headers["Authorization"]
    assert SK not in repr(auth)


def test_the_generated_client_signs_its_calls() -> None:
    m = modelarts.models

    def answer(seen: Received) -> Answer:
        if seen.method == "POST":
            return Answer(200, {"task_id": "t1"})
        return Answer(200, {"tasks": [], "total_count": 0})

    with loopback(answer) as server, modelarts.Client(
        server.base_url, project_id="p1",
        auth=modelarts.AkSkAuth(AK, SK, security_token=TOKEN, project_id="p1")
    ) as client:
        client.export_task("d 1", m.ExportTaskRequestBody(path="/obs/", export_type=3))
        client.list_tasks("d1", limit=10, offset=0, type_=m.ListTasksType.AUTO_LABEL)
    post, get = server.received
    assert post.path == "/v2/p1/datasets/d%201/export-tasks"
    assert get.query == {"limit": ["10"], "offset": ["0"], "type": ["auto-label"]}
    for seen in (post, get):
        assert seen.headers["X-Project-Id"] == "p1"
        assert seen.headers["X-Security-Token"] == TOKEN
        assert seen.headers["Authorization"] == vendor_authorization(seen, project_id=True)
