"""Who may do what to a contract (domain/permissions.py): pure rules, asked with the Amager terms."""

from __future__ import annotations

import pytest

from domain.errors import NotConvenerError, NotOnPlanError, NotPartyError, NotResponsibleError, RoleNotPermittedError
from domain.permissions import (
    Actor,
    acting,
    may_book,
    may_convene,
    may_fulfil,
    may_read,
    may_read_audit,
    may_revise,
    may_waive,
    require_book,
    require_convene,
    require_fulfil,
    require_read,
)
from domain.terms import ContractTerms
from tests.conftest import AMAGER, contract_file

KEY = "amager-udsatte-grupper-2013"
COORDINATOR = Actor("ann", "coordinator")
SOF = Actor("karen", "party", "sof")  # convenes the network meetings, party to the contract
BOLIG = Actor("bo", "party", "3b")  # stands behind the plan Urbanplanen
STRANGER = Actor("ole", "party", "nobody")
AUDITOR = Actor("revisor", "auditor")
READER = Actor("læser", "reader")


@pytest.fixture(scope="module")
def terms() -> ContractTerms:
    return contract_file(AMAGER).terms()


def test_a_party_reads_only_contracts_it_is_party_to(terms: ContractTerms) -> None:
    assert may_read(SOF, terms) and may_read(READER, terms) and may_read(AUDITOR, terms)
    assert not may_read(STRANGER, terms)
    with pytest.raises(NotPartyError):
        require_read(STRANGER, terms, KEY)


def test_a_party_records_only_the_meetings_of_cadences_it_convenes(terms: ContractTerms) -> None:
    assert may_convene(SOF, terms, "netvaerksmoede") and may_convene(COORDINATOR, terms, "netvaerksmoede")
    assert not may_convene(BOLIG, terms, "netvaerksmoede")
    with pytest.raises(NotConvenerError):
        require_convene(BOLIG, terms, KEY, "netvaerksmoede")


def test_only_the_responsible_party_or_a_coordinator_fulfils_an_obligation(terms: ContractTerms) -> None:
    assert may_fulfil(SOF, terms, "sof-indkalde-netvaerksmoede")
    assert may_fulfil(COORDINATOR, terms, "sof-indkalde-netvaerksmoede")
    assert not may_fulfil(BOLIG, terms, "sof-indkalde-netvaerksmoede")
    with pytest.raises(NotResponsibleError):
        require_fulfil(BOLIG, terms, KEY, "sof-indkalde-netvaerksmoede")


def test_a_party_books_only_on_plans_it_stands_behind(terms: ContractTerms) -> None:
    assert may_book(BOLIG, terms, "urbanplanen") and not may_book(SOF, terms, "urbanplanen")
    with pytest.raises(NotOnPlanError):
        require_book(SOF, terms, KEY, "urbanplanen")


def test_auditors_and_readers_record_nothing_and_only_auditors_read_the_audit_log(terms: ContractTerms) -> None:
    for actor in (AUDITOR, READER):
        assert not may_convene(actor, terms, "netvaerksmoede") and not may_book(actor, terms, "urbanplanen")
        with pytest.raises(RoleNotPermittedError):
            require_fulfil(actor, terms, KEY, "sof-indkalde-netvaerksmoede")
    assert may_read_audit(AUDITOR) and may_read_audit(COORDINATOR)
    assert not may_read_audit(READER) and not may_read_audit(SOF)


def test_only_a_coordinator_revises_and_waives() -> None:
    assert may_revise(COORDINATOR) and may_waive(COORDINATOR)
    assert not any(may_revise(a) or may_waive(a) for a in (SOF, AUDITOR, READER))


def test_a_bare_name_acts_as_a_local_coordinator() -> None:
    assert acting("lokal") == Actor("lokal", "coordinator", None)
    assert acting(SOF) is SOF
