"""Schemathesis against the app's own OpenAPI over real HTTP, as the coordinator: no 5xx, and every
response conforms to the schema (status codes, content types, bodies).

Bounded for `make test` (FUZZ_EXAMPLES, default 10 per operation); `make fuzz` runs a larger
campaign (see the README).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tests.e2e.conftest import Api

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # the schema, not the store, is under test
def test_no_server_errors_and_responses_match_the_schema(api: Api) -> None:
    schema = schemathesis.openapi.from_url(f"{api.url}/openapi.json")
    headers = {"Authorization": f"Bearer {api.tokens['coordinator']}"}
    failures: dict[str, str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            # Domain rules may refuse schema-valid input (a contract that does not exist, a date outside
            # the period): that is a 4xx by design, so positive_data_acceptance does not apply.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            run()
        except (Exception, BaseExceptionGroup) as e:  # collect every operation's failure, then report them together
            failures[operation.label] = str(e)[:2000]

    assert len(operations) >= 35
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
