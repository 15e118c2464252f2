"""The reminder e-mails in Danish, plain text and HTML: a party's digest of deadlines, an escalation to coordinators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from html import escape
from typing import Any

from api.mail.sending import Mailer
from domain.vocabulary import dk_date
from projections.due_soon import ContractDue, Dispatch, Recipient

HOW_OFTEN = {"daily": "hver dag", "weekly": "hver uge"}


@dataclass(frozen=True)
class Letter:
    """One e-mail: a recipient's digest or escalation for a period, with a part per contract."""

    recipient: Recipient
    period: str
    kind: str = "digest"
    parts: tuple[Dispatch, ...] = ()  # one per contract


@dataclass(frozen=True)
class Links:
    base_url: str
    unsubscribe: str

    def contract(self, key: str) -> str:
        return f"{self.base_url.rstrip('/')}/kontrakter/{key}"

    def choice(self) -> str:
        """Where a signed-in user chooses how often (a contact person asks the coordinator)."""
        return f"{self.base_url.rstrip('/')}/paamindelser"

    def duty(self, key: str, responsibility: str) -> str:
        return f"{self.contract(key)}/forpligtelser/{responsibility}"


def letters(dispatches: list[Dispatch]) -> list[Letter]:
    """The dispatches grouped into e-mails, in the order they were selected."""
    grouped: dict[tuple[str, str, str], list[Dispatch]] = {}
    for d in dispatches:
        grouped.setdefault((d.recipient.ref, d.kind, d.period), []).append(d)
    return [Letter(p[0].recipient, p[0].period, kind=p[0].kind, parts=tuple(p)) for p in grouped.values()]


def compose(
    mailer: Mailer, letter: Letter, contracts: dict[str, ContractDue], as_of: date, links: Links, days: int
) -> EmailMessage:
    """The e-mail: subject, plain text and HTML alternatives, and the List-Unsubscribe headers."""
    sections = [(contracts[p.contract], p.rows) for p in letter.parts if p.rows and p.contract in contracts]
    subject, intro = _headline(letter, sections, as_of, days)
    message = mailer.message(letter.recipient.email, subject)
    message.policy = message.policy.clone(max_line_length=998)  # the link's header stays one unencoded line
    message["List-Unsubscribe"] = f"<{links.unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    how_often = HOW_OFTEN.get(letter.recipient.frequency, "") if letter.kind == "digest" else "når en frist eskaleres"
    closing = f"Du får denne e-mail {how_often}. Afmeld påmindelser og eskaleringer: {links.unsubscribe}"
    if _is_user(letter):
        closing += f"\nVælg hvor ofte: {links.choice()}"
    message.set_content(_text(letter, intro, sections, links, closing), charset="utf-8")
    message.add_alternative(_html(letter, intro, sections, links, how_often), subtype="html", charset="utf-8")
    return message


def _headline(letter: Letter, sections: list[Any], as_of: date, days: int) -> tuple[str, str]:
    """The subject and the first paragraph."""
    count = sum(len(rows) for _, rows in sections)
    if letter.kind == "escalation":
        overdue = "forfalden" if count == 1 else "forfaldne"
        return (
            f"Eskalering: {count} {_frister(count)} {overdue} i længere end eskaleringsgrænsen",
            f"Disse frister er pr. {dk_date(as_of)} forfaldne i længere end kontraktens eskaleringsgrænse og "
            "eskaleres derfor til kontraktens koordinatorer.",
        )
    party = _party_name(letter.recipient, sections)
    return (
        f"Påmindelse: {count} {_frister(count)} for {party} pr. {dk_date(as_of)}",
        f"Her er {party}s frister pr. {dk_date(as_of)}: hvad der er forfaldent, og hvad der har frist "
        f"inden for de næste {days} dage.",
    )


def _is_user(letter: Letter) -> bool:
    return letter.recipient.ref.startswith("user:")


def _frister(count: int) -> str:
    return "frist" if count == 1 else "frister"


def _party_name(recipient: Recipient, sections: list[tuple[ContractDue, tuple[dict[str, Any], ...]]]) -> str:
    party = recipient.party or ""
    return next((due.names[party] for due, _ in sections if party in due.names), party)


def _groups(letter: Letter, due: ContractDue, rows: tuple[dict[str, Any], ...]) -> list[tuple[str, list[Any]]]:
    if letter.kind == "escalation":
        return [(f"Forfaldne i mere end {due.escalation_days} dage", list(rows))]
    overdue = [r for r in rows if r["state"] == "overdue"]
    coming = [r for r in rows if r["state"] != "overdue"]
    return [(title, group) for title, group in (("Forfaldne", overdue), ("Kommende frister", coming)) if group]


def _line(due: ContractDue, row: dict[str, Any], escalation: bool) -> str:
    """'Frist 31.03.2026 (5 dage over fristen): Kontaktliste – ansvarlig: 3B'."""
    days = row["days_overdue"]
    late = f" ({days} {'dag' if days == 1 else 'dage'} over fristen)" if row["state"] == "overdue" else ""
    period = f", periode {row['period']}" if row.get("period") else ""
    who = f" – ansvarlig: {due.names.get(row['party'], row['party'])}" if escalation else ""
    return f"Frist {dk_date(date.fromisoformat(row['due']))}{late}{period}: {row['description']}{who}"


def _text(letter: Letter, intro: str, sections: list[Any], links: Links, closing: str) -> str:
    lines = [f"Hej {letter.recipient.name}", "", intro, ""]
    for due, rows in sections:
        lines += [f"{due.title} ({due.key})", links.contract(due.key), ""]
        for title, group in _groups(letter, due, rows):
            lines.append(f"{title}:")
            for row in group:
                lines += [f"- {_line(due, row, letter.kind == 'escalation')}",
                          f"  {links.duty(due.key, row['responsibility'])}"]  # fmt: skip
            lines.append("")
    return "\n".join([*lines, closing, "", "Venlig hilsen", "forum-tracker", ""])


def _html(letter: Letter, intro: str, sections: list[Any], links: Links, how_often: str) -> str:
    parts = [f"<p>Hej {escape(letter.recipient.name)}</p>", f"<p>{escape(intro)}</p>"]
    for due, rows in sections:
        parts.append(f'<h2><a href="{escape(links.contract(due.key))}">{escape(due.title)}</a></h2>')
        for title, group in _groups(letter, due, rows):
            items = "".join(
                f'<li><a href="{escape(links.duty(due.key, r["responsibility"]))}">'
                f"{escape(_line(due, r, letter.kind == 'escalation'))}</a></li>"
                for r in group
            )
            parts.append(f"<h3>{escape(title)}</h3><ul>{items}</ul>")
    parts.append(
        f'<p>Du får denne e-mail {escape(how_often)}. <a href="{escape(links.unsubscribe)}">'
        "Afmeld påmindelser og eskaleringer</a>."
        + (
            f' <a href="{escape(links.choice())}">Vælg hvor ofte</a>.'
            if letter.recipient.ref.startswith("user:")
            else ""
        )
        + "</p><p>Venlig hilsen<br>forum-tracker</p>"
    )
    return f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"></head><body>{"".join(parts)}</body></html>\n'
