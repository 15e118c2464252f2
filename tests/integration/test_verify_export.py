"""`forum verify --export DIR`: an auditor checks the log without the database and without the project,
with the standalone verifier the export carries; any change to the exported history is named."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from persistence import chain
from tests.integration import tampering
from tests.integration.tampering import forum

sealed_store = tampering.sealed_store  # the fixture


def _exported(tmp_path: Path) -> Path:
    folder = tmp_path / "udtraek"
    code, output = forum("verify", "--export", str(folder))
    assert code == 0, output
    return folder


def _auditor(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The verifier run as an auditor would: its own process, isolated from the project (python -I), elsewhere."""
    return subprocess.run(
        [sys.executable, "-I", str(folder / "verify_export.py"), str(folder), *args],
        capture_output=True,
        text=True,
        cwd=folder.parent,
        check=False,
        timeout=600,
    )


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_the_standalone_verifier_imports_only_the_standard_library_and_cryptography() -> None:
    tree = ast.parse(Path(chain.__file__).read_text(encoding="utf-8"))
    modules = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}

    assert modules - set(sys.stdlib_module_names) == {"cryptography"}


def test_an_export_verifies_without_the_database(sealed_store: dict[str, str], tmp_path: Path) -> None:
    folder = _exported(tmp_path)
    manifest = json.loads((folder / chain.MANIFEST).read_text())
    public_key = forum("verify", "--public-key")[1].strip()

    done = _auditor(folder, "--public-key", public_key)

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"Loggen er intakt: {manifest['counts'][chain.EVENTS]} hændelser")
    assert manifest["public_key"] == public_key


def test_a_changed_event_in_an_export_is_named_by_the_standalone_verifier(
    sealed_store: dict[str, str], tmp_path: Path
) -> None:
    folder = _exported(tmp_path)
    events = _lines(folder / chain.EVENTS)
    victim = next(e for e in events if e["topic"] == "forum:Ledger.ExpenseBooked")
    state = json.loads(chain.base64.b64decode(str(victim["state"])))
    victim["state"] = chain.base64.b64encode(json.dumps(state | {"amount_ore": 1}).encode()).decode()
    _write(folder / chain.EVENTS, events)

    done = _auditor(folder)

    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"Position {victim['position']}: ændret – aggregat {victim['originator_id']} version {victim['version']}: "
        "indholdet svarer ikke til seglet"
    )


def test_rewritten_seals_do_not_pass_the_signed_checkpoint(sealed_store: dict[str, str], tmp_path: Path) -> None:
    """An attacker who changes an event and recomputes every seal after it still lacks the signing key."""
    folder = _exported(tmp_path)
    events, seals = _lines(folder / chain.EVENTS), _lines(folder / chain.SEALS)
    index = next(i for i, e in enumerate(events) if e["topic"] == "forum:Ledger.ExpenseBooked")
    events[index]["topic"] = "forum:Ledger.ExpenseReversed"
    previous = bytes.fromhex(str(seals[index - 1]["chain"])) if index else chain.GENESIS
    for event, seal in zip(events[index:], seals[index:], strict=True):
        content = chain.content_hash(
            str(event["originator_id"]), int(str(event["version"])), str(event["topic"]),
            chain.base64.b64decode(str(event["state"])),
        )  # fmt: skip
        previous = chain.link(previous, int(str(seal["position"])), content)
        seal["content"], seal["chain"] = content.hex(), previous.hex()
    _write(folder / chain.EVENTS, events)
    _write(folder / chain.SEALS, seals)

    done = _auditor(folder)

    assert done.returncode == 1
    assert "kontrolpunkt ugyldigt" in done.stdout.splitlines()[0]
    assert "ændret" not in done.stdout  # the seals agree with the forged events: only the signature tells


def test_an_export_checked_against_another_key_fails(sealed_store: dict[str, str], tmp_path: Path) -> None:
    folder = _exported(tmp_path)

    done = _auditor(folder, "--public-key", "00" * 32)

    assert done.returncode == 1
    assert "underskrevet med en anden nøgle end den betroede" in done.stdout
