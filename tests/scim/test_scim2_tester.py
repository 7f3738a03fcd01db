"""scim2-tester, the SCIM conformance checker, run against the service: every check passes."""

from __future__ import annotations

from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import Status, check_server


def test_scim2_tester_finds_no_failure(wsgi_scim_client: WSGISCIMClient) -> None:
    results = check_server(wsgi_scim_client)

    failures = [
        f"{result.title} [{result.resource_type}]: {result.reason}"
        for result in results
        if result.status not in {Status.SUCCESS, Status.SKIPPED}
    ]
    assert failures == [], "\n".join(failures)
    assert sum(result.status == Status.SUCCESS for result in results) > 40
