"""The "Vedhæft dokument" form: a refused upload shows the page again with the Danish reason and writes nothing;
the contract page lists what is attached; only readers of the contract download."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from tests import document_samples as sample
from tests.web.conftest import Web, form_token, hidden_version
from tests.web.facts import KEY

PAGE = f"/kontrakter/{KEY}/dokumenter"


def upload(client: TestClient, fact: str, name: str, content: bytes, csrf: bool = True) -> httpx.Response:
    shown = client.get(PAGE, params={"fakta": fact})
    assert shown.status_code == 200, shown.text
    fields = {"fakta": fact, "vedroerende": "underskrevet kontrakt", "version": hidden_version(shown.text, PAGE)}
    if csrf:
        fields["csrf"] = form_token(shown.text)
    return client.post(PAGE, data=fields, files={"fil": (name, content, "application/pdf")})


def test_a_coordinator_attaches_the_signed_contract_and_the_contract_page_lists_it(web: Web) -> None:
    client = web.login("koordinator")
    saved = upload(client, "contract:", "kontrakt.pdf", sample.PDF)
    assert saved.status_code == 303, saved.text
    assert "Dokumentet er vedhæftet." in client.get(saved.headers["location"]).text  # once the views include it
    contract = client.get(f"/kontrakter/{KEY}").text
    assert "kontrakt.pdf" in contract and "underskrevet kontrakt" in contract
    link = contract[contract.index(f"{PAGE}/") :].split('"')[0]
    downloaded = client.get(link)
    assert downloaded.content == sample.PDF and downloaded.headers["content-type"] == "application/pdf"
    assert downloaded.headers["content-disposition"].startswith('attachment; filename="kontrakt.pdf"')
    audit = client.get(f"/kontrakter/{KEY}/historik", params={"min_position": 10**6}).text
    assert "Dokument vedhæftet" in audit and f'href="{link}" download>Hent dokumentet' in audit


def test_a_refused_upload_shows_the_reason_and_writes_nothing(web: Web) -> None:
    client = web.login("koordinator")
    refused = upload(client, "contract:", "kontrakt.pdf", sample.PNG)
    assert refused.status_code == 415 and "passer ikke til indholdet, som er PNG" in refused.text
    assert upload(client, "contract:", "kontrakt.pdf", sample.PDF, csrf=False).status_code == 403
    assert "Ingen dokumenter vedhæftet." in client.get(PAGE).text


def test_a_party_may_attach_only_to_its_own_facts_and_a_reader_gets_no_form(web: Web) -> None:
    party = web.login("sof-tovholder")
    choices = party.get(PAGE).text
    assert "Kontrakten (fx den underskrevne kontrakt)" not in choices and "sof-kontaktliste-og-dagsorden" in choices
    assert upload(party, "contract:", "kontrakt.pdf", sample.PDF).status_code == 403
    reader = web.login("revisor").get(PAGE).text
    assert 'enctype="multipart/form-data"' not in reader and "Du kan ikke vedhæfte dokumenter" in reader
