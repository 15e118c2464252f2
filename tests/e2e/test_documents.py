"""Documents over real HTTP: attach (201), refuse too large (413), unknown content (415), bad fields (422) and a
stale If-Match (412) writing nothing, and download with the recorded type and name, never sniffed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from tests import document_samples as sample
from tests.conftest import store_url
from tests.e2e.conftest import KEY, Api, Forum, add_users, caught_up, served

LIMIT = 3 * 1024 * 1024  # more than the 2 MB any other body may be
DOCUMENTS = f"/contracts/{KEY}/documents"


@pytest.fixture
def documents_api(store: dict[str, str], forum: Forum, tmp_path: Path) -> Iterator[tuple[Api, Path]]:
    """The API with a small document limit and the documents kept in a folder of the test's own."""
    forum("import", str(Path(__file__).parents[2] / "contracts"))
    url, schema = store_url(store)
    folder = tmp_path / "dokumenter"
    settings = Settings(database_url=url, postgres_schema=schema, pool_size=2, documents_dir=folder,
                        document_max_bytes=LIMIT)  # fmt: skip
    tokens = add_users(store)
    with served(create_app(settings)) as base:
        api = Api(base, tokens)
        caught_up(api, store)
        yield api, folder


def attach(http: httpx.Client, name: str, content: bytes, version: str = '"0"', **fields: str) -> httpx.Response:
    data = {"fact": "contract"} | fields
    return http.post(DOCUMENTS, data=data, files={"file": (name, content, "application/octet-stream")},
                     headers={"If-Match": version})  # fmt: skip


def test_a_document_is_attached_listed_and_downloaded_as_recorded(documents_api: tuple[Api, Path]) -> None:
    api, folder = documents_api
    name = "Underskrevet kontrakt – Ø.pdf"
    with api.client("coordinator") as http:
        made = attach(http, name, sample.PDF, concerning="underskrevet kontrakt")
        assert made.status_code == 201, made.text
        sha256 = hashlib.sha256(sample.PDF).hexdigest()
        assert made.json()["sha256"] == sha256 and made.headers["ETag"] == '"2"'
        assert made.headers["Location"] == f"{DOCUMENTS}/{sha256}"
        listed = http.get(DOCUMENTS)
        assert listed.headers["ETag"] == '"2"'
        assert [(d["file_name"], d["media_type"], d["size"]) for d in listed.json()["documents"]] == [
            (name, "application/pdf", len(sample.PDF))
        ]
    with api.client("reader") as http:
        got = http.get(made.headers["Location"])
    assert got.status_code == 200 and got.content == sample.PDF
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["Content-Disposition"] == (
        'attachment; filename="Underskrevet kontrakt _ _.pdf"; '
        "filename*=UTF-8''Underskrevet%20kontrakt%20%E2%80%93%20%C3%98.pdf"
    )
    assert (folder / sha256[:2] / sha256).read_bytes() == sample.PDF
    (folder / sha256[:2] / sha256).write_bytes(sample.PDF.replace(b"Catalog", b"Katalog"))
    with api.client("reader") as http:
        altered = http.get(made.headers["Location"])
    assert altered.status_code == 404 and "er ændret i dokumentmappen" in altered.json()["detail"]


@pytest.mark.parametrize(
    ("name", "content", "fields", "status", "rule"),
    [
        ("for-stort.txt", b"x" * (LIMIT + 1), {}, 413, "document-too-large"),
        ("langt-for-stort.txt", b"x" * (LIMIT + 1024 * 1024), {}, 413, None),  # refused by the body limit
        ("program.pdf", sample.EXE, {}, 415, "document-type-refused"),
        ("billede.pdf", sample.PNG, {}, 415, "document-name-mismatch"),
        ("tom.txt", b"", {}, 422, "document-empty"),
        ("referat.pdf", sample.PDF, {"fact": "budget"}, 422, "unknown-fact-kind"),
        ("referat.pdf", sample.PDF, {"fact": "duty", "subject": "findes-ikke"}, 404, "responsibility-not-found"),
    ],
    ids=[
        "just_over_the_limit",
        "far_over_the_limit_by_the_body_limit",
        "a_program",
        "a_png_named_pdf",
        "an_empty_file",
        "an_unknown_fact",
        "an_unknown_duty",
    ],
)
def test_a_refused_upload_is_a_danish_problem_and_writes_nothing(
    documents_api: tuple[Api, Path], name: str, content: bytes, fields: dict[str, str], status: int, rule: str | None
) -> None:
    api, folder = documents_api
    with api.client("coordinator") as http:
        refused = attach(http, name, content, **fields)
        assert refused.status_code == status, refused.text
        assert refused.headers["Content-Type"] == "application/problem+json"
        assert refused.json().get("rule") == rule and refused.json()["detail"]
        assert http.get(DOCUMENTS).json()["documents"] == []
    assert not folder.exists() or not any(folder.rglob("*"))


def test_a_stale_or_missing_version_and_a_missing_file_are_refused(documents_api: tuple[Api, Path]) -> None:
    api, _ = documents_api
    with api.client("coordinator") as http:
        assert attach(http, "a.txt", sample.TEXT).status_code == 201
        assert attach(http, "b.pdf", sample.PDF, version='"0"').status_code == 412
        no_version = http.post(DOCUMENTS, data={"fact": "contract"}, files={"file": ("b.pdf", sample.PDF)})
        assert no_version.status_code == 428
        no_file = http.post(DOCUMENTS, data={"fact": "contract"}, headers={"If-Match": '"2"'})
        assert no_file.status_code == 422 and "file" in no_file.text
        again = attach(http, "a-igen.txt", sample.TEXT, version='"2"')
        assert again.status_code == 409 and again.json()["rule"] == "document-already-attached"
        assert len(http.get(DOCUMENTS).json()["documents"]) == 1


def test_a_document_is_read_only_by_those_who_read_the_contract(documents_api: tuple[Api, Path]) -> None:
    api, _ = documents_api
    with api.client("party") as http:  # SOF convenes the network meetings, and attaches a duty's evidence
        made = attach(http, "liste.txt", sample.TEXT, fact="duty", subject="sof-kontaktliste-og-dagsorden")
        assert made.status_code == 201, made.text
    with api.client(None) as http:
        assert http.get(made.headers["Location"]).status_code == 401
    with api.client("coordinator") as http:
        unknown = http.get(f"{DOCUMENTS}/{'0' * 64}")
        assert unknown.status_code == 404 and unknown.headers["Content-Type"] == "application/problem+json"
        assert http.get(f"{DOCUMENTS}/ikke-en-hash").status_code == 422


def test_an_upload_may_be_larger_than_any_other_body_up_to_the_document_limit(documents_api: tuple[Api, Path]) -> None:
    api, _ = documents_api
    with api.client("coordinator") as http:
        made = attach(http, "stor.txt", b"Referat\n" * (LIMIT // 8))
        assert made.status_code == 201, made.text
        assert made.json()["size"] == LIMIT
        too_large_elsewhere = http.post("/contracts", json={"key": "x" * (LIMIT - 100)})
        assert too_large_elsewhere.status_code == 413


def test_an_upload_retried_with_its_idempotency_key_lands_once(documents_api: tuple[Api, Path]) -> None:
    api, _ = documents_api
    sent = {"If-Match": '"0"', "Idempotency-Key": "upload-1"}
    with api.client("coordinator") as http:
        answers = [
            http.post(DOCUMENTS, data={"fact": "contract"}, files={"file": ("a.txt", sample.TEXT)}, headers=sent)
            for _ in range(2)
        ]
        assert [a.status_code for a in answers] == [201, 201] and answers[0].json() == answers[1].json()
        assert len(http.get(DOCUMENTS).json()["documents"]) == 1
