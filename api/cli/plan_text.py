"""What `forum plans` prints for a person: a plan with its contracts and budget, the co-financing, in Danish."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.money import format_kroner

FUNDER_NAMES = {"lbf": "Landsbyggefonden", "municipality": "Kommunen", "housing_organisations": "Boligorganisationerne",
                None: "Uden kilde (ikke fordelt)"}  # fmt: skip
APPROVER_NAMES = {"municipality": "kommunen", "lbf": "Landsbyggefonden"}


def dk(iso: str | None) -> str:
    return f"{date.fromisoformat(iso):%d.%m.%Y}" if iso else "–"


def period(p: dict[str, Any]) -> str:
    return f"{dk(p['start'])}–{dk(p.get('end'))}"


def plan_list_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "Ingen helhedsplaner endnu. Indlæs dem med 'forum import contracts/'."
    return "\n".join(
        f"{r['key']:34} {r['status_name']:17} {period(r['period'])}  {r['name']}"
        + f" ({r['contracts']} kontrakt{'' if r['contracts'] == 1 else 'er'})"
        + (" (eksempel)" if r["example"] else "")
        for r in rows
    )


def plan_text(view: dict[str, Any]) -> str:
    terms, budget = view["terms"], view["budget"]
    status = view["status"]
    lines = [
        f"{terms['name']} ({view['key']})" + (" – EKSEMPEL" if terms.get("example") else ""),
        f"Periode: {period(terms['period'])} · Program: {terms.get('programme') or '–'}",
        f"Status pr. {dk(view['as_of'])}: "
        + (f"{status['name']} (siden {dk(status['on'])})" if status else "ikke registreret"),
        *_lineage_lines(view["lineage"]),
        "Indsatsområder:",
        *(f"  {a['name']}: " + (", ".join(a["contracts"]) or "ingen kontrakt registreret")
          + (f"; målgrupper: {', '.join(a['target_groups'])}" if a["target_groups"] else "")
          + "".join(f"\n    aktivitet: {x['name']}" for x in a["activities"])
          for a in view["focus_areas"]),
        "Kontrakter og budget (ramme / bevilget / forbrugt / tilbage):",
        *(f"  {c['key']}: {_money(c['budget'])}"
          + "".join(f"\n    aktivitet: {a['name']}" for a in c["activities"]) for c in view["contracts"]),
        f"  I alt: {_money(budget | {'frame': budget['contract_frames']})}",
        f"Planens ramme: {format_kroner(budget['plan_frame'])}"
        + ("" if budget["frame_given"] else " (kontrakternes rammer lagt sammen)")
        + f"; tilbage: {format_kroner(budget['remaining'])}",
    ]  # fmt: skip
    return "\n".join(lines)


def _money(b: dict[str, Any]) -> str:
    return (
        " / ".join(format_kroner(b[k]) for k in ("frame", "allocated", "spent"))
        + " / "
        + format_kroner(b["frame"] - b["spent"])
    )


def _lineage_lines(lineage: dict[str, list[dict[str, Any]]]) -> list[str]:
    def named(link: dict[str, Any]) -> str:
        return f"{link['name']} ({period(link['period'])})" if link["recorded"] else f"{link['key']} (ikke registreret)"

    return [
        f"Forgængere: {', '.join(named(x) for x in lineage['predecessors']) or '–'}",
        f"Efterfølgere: {', '.join(named(x) for x in lineage['successors']) or '–'}",
    ]


def cofinancing_text(view: dict[str, Any]) -> str:
    account = view["regulation_account"]
    lines = [f"Medfinansiering pr. {dk(view['as_of'])} (indbetalt / forbrugt / overført / saldo):"]
    for r in [*view["funders"], {"funder": "I alt", **view["total"]}]:
        name = FUNDER_NAMES.get(r["funder"], r["funder"])
        amounts = " / ".join(format_kroner(r[k]) for k in ("paid", "spent", "transferred", "balance"))
        lines.append(f"  {name}: {amounts}")
    lines.append(
        f"Reguleringskonto: overført {format_kroner(account['transferred'])}, brugt {format_kroner(account['used'])}, "
        f"saldo {format_kroner(account['balance'])}"
    )
    for use in account["uses"]:
        state = "brugt " + dk(use["used_on"]) if use["used"] else ("godkendt" if use["approved"] else "afventer")
        lines.append(f"  Anvendelse {use['use']}: {format_kroner(use['amount_ore'])} – {use['purpose']} ({state})")
        for a in use["approvals"]:
            d = a["decision"]
            lines.append(
                f"    godkendt af {APPROVER_NAMES[a['approver']]}: {a['approved_by']} {dk(a['approved_on'])} "
                f"({a['reference']}); forummets beslutning: {d['decided_by']} {dk(d['decided_on'])}, {d['reference']}"
            )
    return "\n".join(lines)
