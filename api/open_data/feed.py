"""The open-data packages (OCDS 1.1 in spirit): the contract list, a page of releases, a record, the schema."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from domain.errors import ContractNotFoundError, RuleError
from projections import open_data, open_data_plans
from projections.open_data_record import compiled
from projections.plan_record import PlanRecord
from projections.record_shape import Record
from projections.terms_cache import terms_on

SCHEMA_PATH = Path(__file__).with_name("schema.json")
PUBLISHER = {"name": "forum-tracker"}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema every package answers to (shipped as api/open_data/schema.json)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _package(uri: str) -> dict[str, Any]:
    return {"uri": uri, "publishedDate": datetime.now(UTC).isoformat(), "publisher": PUBLISHER}


def contract_list(records: list[Record], base: str, uri: str) -> dict[str, Any]:
    """Every published contract with the addresses of its releases and its record."""
    shown = [
        {
            "ocid": open_data.ocid(str(r["key"])),
            "key": r["key"],
            "title": _title(r),
            "releases": f"{base}/open-data/contracts/{r['key']}/releases",
            "record": f"{base}/open-data/contracts/{r['key']}/record",
        }
        for r in records
        if open_data.is_public(r)
    ]
    return {**_package(uri), "contracts": shown, "links": {"next": None}}


def release_package(record: Record, uri: str, after: str | None, limit: int) -> dict[str, Any]:
    """A page of the contract's releases, oldest first; ``links.next`` continues after the last one."""
    published(record)
    try:
        shown, following = open_data.page(open_data.releases(record), after, limit)
    except ValueError:
        raise ReleaseNotFoundError(str(record["key"]), str(after)) from None
    next_uri = f"{uri}?after={following}&limit={limit}" if following else None
    return {**_package(uri), "version": "1.1", "releases": shown, "links": {"next": next_uri}}


def record_package(record: Record, uri: str, as_of: date) -> dict[str, Any]:
    """The contract's record: its releases' ids and the compiled release (the latest state)."""
    published(record)
    return {**_package(uri), "version": "1.1", "records": [compiled(record, as_of)]}


def published(record: Record) -> None:
    """A contract not (yet) signed is not published: it is answered as unknown (404), not as forbidden."""
    if not open_data.is_public(record):
        raise ContractNotFoundError(str(record["key"]))


def _title(record: Record) -> str:
    return terms_on(record, None).title


class ReleaseNotFoundError(RuleError):
    """A page continues only after a release the contract's feed holds."""

    def __init__(self, key: str, after: str) -> None:
        self.key, self.after = key, after
        super().__init__(f"'after' skal være id'et på en udgivelse i feedet for '{key}' (ikke '{after}').")


def plan_list(keys: list[str], names: dict[str, str], base: str, uri: str) -> dict[str, Any]:
    """Every registered plan with the addresses of its releases and its record."""
    shown = [
        {
            "ocid": open_data_plans.plan_ocid(key),
            "key": key,
            "title": names[key],
            "releases": f"{base}/open-data/plans/{key}/releases",
            "record": f"{base}/open-data/plans/{key}/record",
        }
        for key in keys
    ]
    return {**_package(uri), "plans": shown, "links": {"next": None}}


def plan_release_package(key: str, events: list[Any], uri: str, after: str | None, limit: int) -> dict[str, Any]:
    """A page of the plan's releases, oldest first; ``links.next`` continues after the last one."""
    try:
        shown, following = open_data.page(open_data_plans.plan_releases(key, events), after, limit)
    except ValueError:
        raise ReleaseNotFoundError(key, str(after)) from None
    next_uri = f"{uri}?after={following}&limit={limit}" if following else None
    return {**_package(uri), "version": "1.1", "releases": shown, "links": {"next": next_uri}}


def plan_record_package(record: PlanRecord, events: list[Any], uri: str, as_of: date) -> dict[str, Any]:
    """The plan's record: its releases' ids and the compiled release."""
    releases = open_data_plans.plan_releases(record["key"], events)
    return {**_package(uri), "version": "1.1", "records": [open_data_plans.plan_compiled(record, releases, as_of)]}
