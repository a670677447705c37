"""The README's walk-through runs as written, against a server on 127.0.0.1 that answers
with the docs' own examples: it signs, pages and handles the error it says it does."""

from __future__ import annotations

import contextlib
import io
import re
from typing import Any

import pytest

from tests.conftest import PROJECT
from tests.loopback import Answer, Received, loopback

ENDPOINT = "https://modelarts.eu-de.otc.t-systems.com"
ERROR = {"error_code": "ModelArts.4352", "error_msg": "The dataset does not exist."}


def walkthrough() -> str:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- walkthrough:.*?-->\n```python\n(.*?)```", readme, re.DOTALL)
    assert found, "the README has no walk-through block"
    return found.group(1)


def test_the_readme_walkthrough_runs(seed_spec: dict[str, Any],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    listed = seed_spec["paths"]["/v2/{project_id}/datasets/{dataset_id}/tasks"]["get"]
    example = next(iter(listed["responses"]["200"]["content"]["application/json"]
                        ["examples"].values()))["value"]

    def answer(seen: Received) -> Answer:
        if seen.path.endswith("/tasks"):
            page, size = int(seen.query["offset"][0]), int(seen.query["limit"][0])
            return Answer(200, {**example, "tasks": example["tasks"][page * size:][:size]})
        return Answer(404, ERROR, {"X-Request-Id": "5f4b1c3e"})

    monkeypatch.setenv("OS_PROJECT_ID", "p1")
    monkeypatch.setenv("OTC_ACCESS_KEY", "AK1")
    monkeypatch.setenv("OTC_SECRET_KEY", "SK1")
    monkeypatch.syspath_prepend(str(PROJECT / "generated" / "python" / "modelarts"))
    output = io.StringIO()
    with loopback(answer) as server, contextlib.redirect_stdout(output):
        exec(compile(walkthrough().replace(ENDPOINT, server.base_url), "README.md", "exec"),
             {"__name__": "walkthrough"})
    assert output.getvalue().splitlines() == [
        "14cyxyu6UXaNT3lrPFl 3",
        "5QPy73VwnwHi5NqvbcP 3",
        "404 ModelArts.4352 The dataset does not exist.",
        f"GET {server.base_url}/v2/p1/datasets/dataset-id/tasks/no-such-task 5f4b1c3e",
    ]
    assert [s.path for s in server.received] == [
        "/v2/p1/datasets/dataset-id/tasks"] * 2 + [
        "/v2/p1/datasets/dataset-id/tasks/no-such-task"]
    assert all(s.headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=AK1, ")
               for s in server.received)
    assert server.received[0].query["type"] == ["auto-label"]
