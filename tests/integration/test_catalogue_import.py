"""The catalogue and the terms that check against it import in either order (a fresh interpreter each)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("first", ["domain.catalogue", "projections.open_data_record", "domain.terms"])
def test_a_module_that_reads_the_catalogue_can_be_imported_first(first: str) -> None:
    imported = subprocess.run([sys.executable, "-c", f"import {first}"], cwd=ROOT, capture_output=True, text=True)

    assert imported.returncode == 0, imported.stderr
