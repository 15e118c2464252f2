"""Plain Danish text for the CLI's human output (the --json output is the stable one)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pydantic import TypeAdapter

from api.reports.contract_views import LOCAL
from domain.budget import format_kroner
from domain.cadence import Frequency
from domain.vocabulary import CONTRACT_FACT, CONTRACT_STATUS, FUNDER

_ACTION = {
    "created": "oprettet",
    "revised": "revideret",
    "contacts": "kontaktpersoner registreret",
    "unchanged": "uændret",
}
_KIND = {"added": "+", "removed": "-", "changed": "~"}
_FREQUENCY: TypeAdapter[Any] = TypeAdapter(Frequency)


def import_line(row: dict[str, Any]) -> str:
    line = f"{row['file']}: {row['key']} {_ACTION[row['action']]}"
    lines = row.get("lines") or []
    return line + "".join(f"\n  {_KIND[change['kind']]} {change['text']}" for change in lines)


def contract_list(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "Ingen kontrakter endnu. Indlæs en med 'forum import contracts/'."
    return "\n".join(
        f"{r['key']:40} {CONTRACT_STATUS[r['status']]:13} {r['urban_area']} · {r['focus_area']}"
        + (" (eksempel)" if r["example"] else "")
        for r in rows
    )


def contract(v: dict[str, Any]) -> str:
    parties = {p["key"]: p["name"] for p in v["parties"]}
    out = [
        v["title"],
        f"Nøgle: {v['key']} · status: {CONTRACT_STATUS[v['status']]} · version {v['terms_version']}",
        f"Byområde: {v['urban_area']} · indsatsområde: {v['focus_area']} · periode: {_period(v['period'])}",
        f"Koordinering: {v['coordinating_forum']} · revision: {v['revising_forum']}",
    ]
    if v["effective"] or v["known_at"]:
        known = dk_moment(v["known_at"]) if v["known_at"] else "nu"
        out.append(f"Som gældende pr. {_dk(v['effective']) or 'seneste'}, som kendt pr. {known}")
    out.append("\nParter:")
    for p in v["parties"]:
        units = f" (enheder: {', '.join(u['name'] for u in p['units'])})" if p["units"] else ""
        out.append(f"  - {p['name']} [{p['key']}]{units}")
    out.append("\nKontaktpersoner:")
    out += [
        f"  - {c['name'] or '(ingen registreret)'}, {c['role']} ({parties.get(c['party'], c['party'])}) "
        f"{c['email'] or ''} [id: {c['person'] or '–'}]"
        for c in v["contacts"]
    ]
    out.append("\nHelhedsplaner og økonomisk ramme:")
    for p in v["plans"]:
        shares = ", ".join(
            f"{FUNDER[f['funder']]} {str(f['percent']).replace('.', ',')} %" for f in p["budget_frame"]["funders"]
        )
        out.append(f"  - {p['name']}: {format_kroner(p['budget_frame']['total'])}" + (f" ({shares})" if shares else ""))
    for a in v["activities"]:
        out.append(f"\nAktivitet: {a['name']} [{a['key']}]")
        for c in a["cadences"]:
            conveners = ", ".join(parties.get(k, k) for k in c["conveners"])
            out.append(f"  Møde: {c['name']} – {_frequency(c['frequency'])}, indkalder: {conveners}")
        for r in a["responsibilities"]:
            out.append(
                f"  Ansvar ({parties.get(r['party'], r['party'])}, {_frequency(r['schedule'])}): "
                + _short(r["description"])
            )
    if v["goals"]:
        out.append("\nMål:")
        out += [f"  - {_short(g['text'])}" for g in v["goals"]]
    return "\n".join(out)


def history(rows: list[dict[str, Any]]) -> str:
    out = []
    for r in rows:
        draft_change = r["kind"] == "revised" and r.get("decision") is None
        what = "kladden ændret" if draft_change else CONTRACT_FACT[r["kind"]]
        line = f"{dk_moment(r['recorded_at'])}  {r['actor']:20} {what}"
        if r.get("effective_from"):
            line += f", gældende fra {_dk(r['effective_from'])}"
        if r.get("decision"):
            line += f" – beslutning: {decision(r['decision'])}"
        line += "".join(f"\n{'':20}{change['text']}" for change in r.get("lines", []))
        out.append(line)
    return "\n".join(out)


def decision(d: dict[str, Any]) -> str:
    """'Boligsocialt Forum Amager 24.11.2016 (punkt 3)'."""
    text = str(d["decided_by"]) + (f" {_dk(d['decided_on'])}" if d.get("decided_on") else "")
    return text + (f" ({d['reference']})" if d.get("reference") else "")


def diff(v: dict[str, Any]) -> str:
    if not v["lines"]:
        return f"Ingen forskelle mellem {_point(v['from'])} og {_point(v['to'])}."
    head = f"Ændringer fra {_point(v['from'])} til {_point(v['to'])}:"
    return "\n".join([head, *(f"  {_KIND[line['kind']]} {line['text']}" for line in v["lines"])])


def _point(point: str) -> str:
    return f"version {point[1:]}" if point.startswith("v") else _dk(point)


def _frequency(f: dict[str, Any]) -> str:
    if f["kind"] == "convene":
        return f"indkalder til '{f['cadence']}'"
    return str(_FREQUENCY.validate_python(f).describe())


def _period(p: dict[str, Any]) -> str:
    return f"{_dk(p['start'])}–{_dk(p['end']) if p['end'] else ''}"


def dk_day(iso: str | None) -> str:
    """'2015-03-12' as '12.03.2015' (nothing stays nothing)."""
    return date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else ""


_dk = dk_day


def dk_moment(iso: str) -> str:
    """A recorded time in Danish time, marked as such: '01.06.2015 kl. 14:00 (dansk tid)'; naive means UTC."""
    moment = datetime.fromisoformat(iso)
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL).strftime("%d.%m.%Y kl. %H:%M") + " (dansk tid)"


def _short(s: str, n: int = 110) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
