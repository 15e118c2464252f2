"""The given/when/then helper itself: it fails, and says why, when a command does something else."""

from __future__ import annotations

from datetime import date

import pytest

from domain.contract import Contract
from domain.errors import RuleError, TermsError
from tests.unit.scenario import expect, given
from tests.unit.test_contract import lille, signed


def test_then_names_the_attribute_that_differs() -> None:
    with pytest.raises(AssertionError, match=r"Contract.Signed.signed_on: expected datetime.date\(2000, 1, 1\)"):
        given(*lille(["a"], {"d1": "a"})).when(signed()).then(expect(Contract.Signed, signed_on=date(2000, 1, 1)))


def test_then_fails_on_an_event_of_another_class_or_an_extra_event() -> None:
    with pytest.raises(AssertionError, match=r"expected Contract\.Ended, got Contract\.Signed"):
        given(*lille(["a"], {"d1": "a"})).when(signed()).then(expect(Contract.Ended))
    with pytest.raises(AssertionError, match=r"expected \[\], got \['Contract.Signed'\]"):
        given(*lille(["a"], {"d1": "a"})).when(signed()).then_nothing()


def test_then_fails_when_the_command_was_refused_and_refused_when_it_was_not() -> None:
    with pytest.raises(AssertionError, match="the command was refused: ContractAlreadySignedError"):
        given(*lille(["a"], {"d1": "a"}, signed())).when(signed()).then(expect(Contract.Signed))
    with pytest.raises(AssertionError, match=r"expected RuleError, but the command recorded \['Contract.Signed'\]"):
        given(*lille(["a"], {"d1": "a"})).when(signed()).refused(RuleError)


def test_refused_fails_on_another_error_class() -> None:
    with pytest.raises(AssertionError, match="expected TermsError, got ContractAlreadySignedError"):
        given(*lille(["a"], {"d1": "a"}, signed())).when(signed()).refused(TermsError)
