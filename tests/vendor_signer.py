"""The vendor's own AK/SK signer (``huaweicloudsdkcore``, a dev dependency), as a judge of
what our clients sent: the Authorization header it computes for a request as it arrived."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from tests.loopback import Received

# what the vendor's transport (requests) adds after signing: never signed by either
TRANSPORT_HEADERS = {"connection", "accept-encoding", "content-length"}


def vendor_authorization(seen: Received, ak: str, sk: str, *, project_id: bool = False) -> str:
    """The Authorization header huaweicloudsdkcore computes for the request as it
    arrived: the vendor's credentials add the security token (and with ``project_id``
    the ``X-Project-Id``, as ``BasicCredentials(ak, sk, project_id)`` does), its Signer
    signs."""
    from huaweicloudsdkcore import sdk_request as vendor_request
    from huaweicloudsdkcore.auth import credentials as vendor_credentials

    path, _, query = seen.target.partition("?")
    added = {"x-security-token", "x-project-id"} if project_id else {"x-security-token"}
    headers = {name: value for name, value in seen.headers.items()
               if name.lower() not in TRANSPORT_HEADERS | added | {"authorization"}}
    request: Any = vendor_request.SdkRequest(
        method=seen.method, schema="http", host=seen.headers["Host"], resource_path=path,
        query_params=parse_qsl(query, keep_blank_values=True), header_params=headers,
        body=seen.body or None)
    credentials: Any = vendor_credentials.BasicCredentials(
        ak, sk, seen.headers["X-Project-Id"] if project_id else None)
    if "X-Security-Token" in seen.headers:
        credentials = credentials.with_security_token(seen.headers["X-Security-Token"])
    signed = credentials.sign_request(request)
    return str(signed.header_params["Authorization"])
