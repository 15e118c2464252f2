"""The Danish words for the model's codes: states, funders, event names and one-line event summaries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.money import format_kroner

CONTRACT_STATUS = {"drafted": "kladde", "signed": "underskrevet", "ended": "afsluttet"}
OBLIGATION_STATE = {
    "met": "opfyldt",
    "due_soon": "snart forfalden",
    "overdue": "forfalden",
    "waived": "frafaldet",
    "open": "åben",
    "partly_met": "delvist opfyldt",
    "not_met": "ikke opfyldt",
    "as_needed": "efter behov",
}
ATTESTATION_STATUS = {"met": "opfyldt", "partly_met": "delvist opfyldt", "not_met": "ikke opfyldt"}
REMINDER_KIND = {"digest": "påmindelse", "escalation": "eskalering"}
REMINDER_FREQUENCY = {"daily": "hver dag", "weekly": "hver uge"}
WINDOW_STATE = {"met": "afholdt", "overdue": "forfalden", "open": "kommende"}
DIRECTION = {"decrease": "skal falde", "increase": "skal stige", "maintain": "skal fastholdes"}  # an indicator
MEETING_STATE = {"scheduled": "planlagt", "held": "afholdt", "cancelled": "aflyst"}
PROPOSAL_STATE = {
    "drafted": "kladde",
    "submitted": "indsendt",
    "discussed": "drøftet",
    "adopted": "vedtaget",
    "rejected": "afvist",
    "withdrawn": "trukket tilbage",
}
# The idea card's headings (seed 003), by the card's field.
CARD_FIELD = {
    "goal": "Mål",
    "idea": "Idéen",
    "change_driver": "Forandringsdriver",
    "resident_benefit": "Gevinst for beboeren",
    "impact_measurement": "Effektmåling",
    "key_actors": "Nøgleaktører",
    "key_actor_contributions": "Bidrag og gevinster for nøgleaktører",
    "preconditions": "Forudsætninger",
    "inspiration": "Inspirationskilder",
}
DECISION_STANDING = {"registered": "i beslutningsregistret", "legacy": "ikke i beslutningsregistret"}
FUNDER = {
    "lbf": "Landsbyggefonden",
    "municipality": "Kommunen",
    "housing_organisations": "Boligorganisationerne",
}
AGGREGATE = {
    "Contract": "Kontrakt",
    "Meeting": "Møde",
    "ObligationLog": "Forpligtelse",
    "AttestationLog": "Løbende forpligtelse",
    "Ledger": "Regnskab",
    "IndicatorLog": "Indikator",
    "ContactPersons": "Kontaktpersoner",
    "ReminderLog": "Påmindelser",
    "DocumentRegister": "Dokumenter",
}
# Event type: (its title on the audit pages, its word in the exported change log).
_EVENTS = {
    "Drafted": ("Kontrakt oprettet", "oprettet"),
    "Signed": ("Kontrakt underskrevet", "underskrevet"),
    "Revised": ("Kontrakt revideret", "revideret"),
    "Ended": ("Kontrakt afsluttet", "afsluttet"),
    "Scheduled": ("Møde planlagt", "planlagt"),
    "Held": ("Møde afholdt", "afholdt"),
    "Moved": ("Møde flyttet", "flyttet"),
    "Cancelled": ("Møde aflyst", "aflyst"),
    "Opened": ("Registrering åbnet", "åbnet"),
    "Fulfilled": ("Forpligtelse opfyldt", "opfyldt"),
    "Waived": ("Forpligtelse frafaldet", "frafaldet"),
    "WaiverWithdrawn": ("Frafald tilbagekaldt", "tilbagekaldt frafald"),
    "Attested": ("Forpligtelse erklæret", "erklæret"),
    "Evidenced": ("Forpligtelse dokumenteret", "dokumenteret"),
    "ExpenseBooked": ("Udgift bogført", "udgift bogført"),
    "ExpenseCorrected": ("Udgift rettet", "udgift rettet"),
    "ExpenseReversed": ("Udgift tilbageført", "udgift tilbageført"),
    "Measured": ("Måling registreret", "målt"),
    "Corrected": ("Måling rettet", "rettet"),
    "PersonRecorded": ("Kontaktperson registreret", "kontaktperson registreret"),
    "PersonErased": ("Kontaktpersons oplysninger slettet", "kontaktperson slettet"),
    "RemindersConsented": ("Samtykke til påmindelser", "samtykke til påmindelser"),
    "RemindersWithdrawn": ("Påmindelser afmeldt", "påmindelser afmeldt"),
    "Planned": ("Påmindelse planlagt", "påmindelse planlagt"),
    "Sent": ("Påmindelse sendt", "påmindelse sendt"),
    "DocumentAttached": ("Dokument vedhæftet", "dokument vedhæftet"),
}
EVENT_TITLE = {event: title for event, (title, _) in _EVENTS.items()}
EVENT_WORD = {event: word for event, (_, word) in _EVENTS.items()}
# A contract's history: what each kind of fact did to it.
CONTRACT_FACT = {kind: EVENT_WORD[kind.capitalize()] for kind in ("drafted", "revised", "signed", "ended")}


def dk_date(day: date) -> str:
    """'12.03.2015': as strftime('%d.%m.%Y'), a quarter of the time (the audit log makes one per event)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def dk_percent(value: float | None) -> str:
    """A percentage as pages and the command line show it: 92.0 -> '92,0 %', 100 -> '100,0 %'; none -> '–'."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",") + " %"


def overdue_count(count: int) -> str:
    """A count with the glossary's word for overdue, in number: '1 forfalden', '0 forfaldne', '104 forfaldne'."""
    return f"{count} {'forfalden' if count == 1 else 'forfaldne'}"


_dk = dk_date

# One line of Danish about an event, by its stored name (topic without 'forum:').
SUMMARIES: dict[str, Callable[[Any], str]] = {
    "Contract.Drafted": lambda e: f"{e.actor} oprettede kontrakten '{e.key}'",
    "Contract.Signed": lambda e: f"{e.actor} registrerede kontrakten underskrevet {_dk(e.signed_on)}",
    "Contract.Revised": lambda e: (
        f"{e.actor} registrerede revision gældende fra {_dk(e.effective_from)} "
        f"({len(e.changes) + len(e.removed)} ændrede felter)"
    ),
    "Contract.Ended": lambda e: f"{e.actor} registrerede kontrakten afsluttet {_dk(e.ended_on)}",
    "ObligationLog.Opened": lambda e: f"{e.actor} åbnede registreringen af forpligtelsen '{e.responsibility}'",
    "ObligationLog.Fulfilled": lambda e: (
        f"{e.actor} registrerede forpligtelse med frist {_dk(e.due)} opfyldt {_dk(e.fulfilled_on)}"
        if e.due
        else f"{e.actor} registrerede forpligtelse opfyldt {_dk(e.fulfilled_on)}"
    ),
    "ObligationLog.Waived": lambda e: f"{e.actor} frafaldt forpligtelse med frist {_dk(e.due)} ({e.reason})",
    "ObligationLog.WaiverWithdrawn": lambda e: (
        f"{e.actor} tilbagekaldte frafaldet af forpligtelse med frist {_dk(e.due)} ({e.reason})"
    ),
    "AttestationLog.Opened": lambda e: f"{e.actor} åbnede erklæringerne for forpligtelsen '{e.responsibility}'",
    "AttestationLog.Attested": lambda e: (
        f"{e.actor} erklærede forpligtelsen for {e.period} {ATTESTATION_STATUS.get(e.status, e.status)}"
    ),
    "AttestationLog.Evidenced": lambda e: f"{e.actor} registrerede dokumentation {_dk(e.evidenced_on)}: {e.evidence}",
    "ContactPersons.Opened": lambda e: f"{e.actor} åbnede registret over kontaktpersoner",
    "ContactPersons.PersonRecorded": lambda e: f"{e.actor} registrerede kontaktperson {e.person} ({e.contact})",
    "ContactPersons.PersonErased": lambda e: f"{e.actor} slettede kontaktperson {e.person}s oplysninger ({e.reason})",
    "ContactPersons.RemindersConsented": lambda e: (
        f"{e.actor} registrerede kontaktperson {e.person}s samtykke til påmindelser "
        f"{REMINDER_FREQUENCY.get(e.frequency, e.frequency)}"
    ),
    "ContactPersons.RemindersWithdrawn": lambda e: f"{e.actor} afmeldte påmindelser til kontaktperson {e.person}",
    "ReminderLog.Opened": lambda e: f"{e.actor} åbnede loggen over påmindelser til {e.recipient}",
    "ReminderLog.Planned": lambda e: f"{e.actor} planlagde {_reminder(e)} om {_deadlines(e.occurrences)}",
    "ReminderLog.Sent": lambda e: f"{e.actor} sendte {_reminder(e)}",
    "Ledger.Opened": lambda e: f"{e.actor} åbnede regnskabet for '{e.plan}'",
    "Ledger.ExpenseBooked": lambda e: f"{e.actor} bogførte {format_kroner(e.amount_ore)} {_dk(e.booked_on)}: {e.text}",
    "Ledger.ExpenseCorrected": lambda e: (
        f"{e.actor} rettede postering {e.corrects} ned med {format_kroner(e.amount_ore)} {_dk(e.booked_on)}"
        f" ({e.reason})"
    ),
    "Ledger.ExpenseReversed": lambda e: (
        f"{e.actor} tilbageførte postering {e.reverses}"
        + (f" ({format_kroner(e.amount_ore)})" if e.amount_ore is not None else "")
        + f" {_dk(e.booked_on)} ({e.reason})"
    ),
    "IndicatorLog.Opened": lambda e: f"{e.actor} åbnede målingerne af indikatoren '{e.indicator}'",
    "IndicatorLog.Measured": lambda e: f"{e.actor} registrerede måling for {e.period}: {e.value}",
    "IndicatorLog.Corrected": lambda e: f"{e.actor} rettede måling for {e.period}: {e.value}",
    "Meeting.Scheduled": lambda e: f"{e.actor} planlagde møde ({e.cadence}) {_dk(e.on)}",
    "Meeting.Held": lambda e: f"{e.actor} registrerede møde afholdt {_dk(e.held_on)}",
    "Meeting.Moved": lambda e: f"{e.actor} flyttede mødet til {_dk(e.to)}",
    "Meeting.Cancelled": lambda e: f"{e.actor} aflyste mødet ({e.reason})",
    "DocumentRegister.Opened": lambda e: f"{e.actor} åbnede kontraktens dokumenter",
    "DocumentRegister.DocumentAttached": lambda e: (
        f"{e.actor} vedhæftede dokumentet '{e.file_name}' ({e.size} bytes, SHA-256 {e.sha256})"
    ),
}


def _reminder(event: Any) -> str:
    """'påmindelse til user:sofie (2014-W21)'."""
    return f"{REMINDER_KIND.get(event.kind, event.kind)} til {event.recipient} ({event.period})"


def _deadlines(occurrences: list[str]) -> str:
    return f"{len(occurrences)} {'frist' if len(occurrences) == 1 else 'frister'}: {', '.join(occurrences)}"


def summarise(name: str) -> Callable[[Any], str]:
    """How to summarise events stored as ``name`` ('Meeting.Held'); unknown ones by actor and class."""
    return SUMMARIES.get(name, _unknown)


def _unknown(event: Any) -> str:
    return f"{event.actor}: {type(event).__name__}"


# --- the words for terms in a change ("Fordeling, Urbanplanen, Praksisnetværk: 500.000,00 kr. tilføjet")

CHANGE_KIND = {"added": "tilføjet", "removed": "fjernet", "changed": "ændret"}
# A keyed collection's item, by the collection's name in the terms.
TERM_ITEM = {
    "parties": "Part",
    "units": "Enhed",
    "contacts": "Kontaktperson",
    "plans": "Helhedsplan",
    "funders": "Finansiering",
    "allocations": "Fordeling",
    "activities": "Aktivitet",
    "responsibilities": "Ansvar",
    "cadences": "Mødekadence",
    "goals": "Mål",
    "indicators": "Indikator",
}
# A field of the terms, by its path inside its item (or in the contract itself).
TERM_FIELD = {
    "title": "titel",
    "urban_area": "byområde",
    "focus_area": "indsatsområde",
    "period.start": "periodens start",
    "period.end": "periodens slut",
    "coordinating_forum": "koordinerende forum",
    "revising_forum": "reviderende forum",
    "overall_goals": "overordnede mål",
    "example": "eksempel",
    "name": "navn",
    "kind": "type",
    "members": "medlemmer",
    "party": "part",
    "unit": "enhed",
    "role": "rolle",
    "email": "e-mail",
    "leadership": "på ledelsesniveau",
    "parties": "parter",
    "budget_frame.total": "budgetramme",
    "percent": "andel",
    "amount": "beløb",
    "purpose": "formål",
    "focus_points": "fokuspunkter",
    "staff_functions": "medarbejderfunktioner",
    "contacts": "kontaktpersoner",
    "locations": "lokaliteter",
    "anchoring": "forankring",
    "revision_body": "revisionsinstans",
    "description": "beskrivelse",
    "conveners": "indkaldere",
    "convener_units": "indkaldende enheder",
    "participants": "deltagere",
    "location": "lokalitet",
    "starts": "tidligst fra",
    "text": "tekst",
    "activity": "aktivitet",
    "direction": "retning",
    "baseline": "udgangspunkt",
    "target": "målsætning",
}
TERM_VALUE = {
    "housing_organisation": "boligorganisation",
    "municipal_administration": "forvaltning",
    "other": "anden",
    "decrease": "fald",
    "increase": "stigning",
    "maintain": "fastholdes",
}
# plans: a helhedsplan's status and who approves a use of its regulation account
PLAN_STATUS = {"prequalified": "prækvalifikation", "approved": "godkendt", "active": "aktiv", "closed": "afsluttet"}
APPROVER = {"municipality": "Kommunen", "lbf": "Landsbyggefonden"}

# webnav: the plural of each obligation state, for counts ("104 forfaldne"; one: the singular above)
OBLIGATION_STATE_PLURAL = {
    "met": "opfyldte",
    "due_soon": "snart forfaldne",
    "overdue": "forfaldne",
    "waived": "frafaldne",
    "open": "åbne",
}

# webnav: a form field's name as its label reads, for the summary of a refused form's errors
FORM_FIELD = {
    "activity": "Aktivitet",
    "agenda": "Dagsorden",
    "agreements": "Aftaler",
    "amount": "Beløb",
    "attendees": "Deltagere",
    "attested_on": "Erklæret den",
    "booked_on": "Dato",
    "cadence": "Mødekadence",
    "change": "Ændring",
    "decided_by": "Besluttet af",
    "decided_on": "Besluttet den",
    "decisions": "Beslutninger",
    "document": "Dokumentation",
    "due": "Frist",
    "effective_from": "Gælder fra",
    "ended_on": "Afsluttet den",
    "entry": "Postering",
    "evidence": "Dokumentation",
    "evidenced_on": "Dato",
    "frequency": "Hyppighed",
    "fulfilled_on": "Opfyldt den",
    "funder": "Finansieringskilde",
    "held_on": "Afholdt den",
    "location": "Sted",
    "measured_on": "Målt den",
    "number": "Nummer",
    "on": "Dato",
    "period": "Periode",
    "plan": "Helhedsplan",
    "reason": "Begrundelse",
    "reference": "Reference",
    "signed_on": "Underskrevet den",
    "source": "Kilde",
    "status": "Status",
    "text": "Tekst",
    "to": "Ny dato",
    "total": "I alt",
    "value": "Værdi",
    "voucher": "Bilagsnummer",
}
