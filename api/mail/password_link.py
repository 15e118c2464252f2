"""The e-mail with a link to choose a password: after "Glemt adgangskode?" or when a coordinator invites."""

from __future__ import annotations

from urllib.parse import urlencode

from api.mail.sending import Mailer

PATH = "/log-ind/ny-adgangskode"


def password_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{PATH}?{urlencode({'token': token})}"


def send_password_link(mailer: Mailer, to: str, name: str, link: str, valid_for: str, invited: bool = False) -> None:
    """Send the link; an invitation says so, a reset says what to do if it was not asked for."""
    if invited:
        subject = "Du er oprettet som bruger af forum-tracker"
        opening = "Du er oprettet som bruger af forum-tracker. Vælg din adgangskode her:"
        closing = "Du logger ind med denne e-mailadresse og adgangskoden."
    else:
        subject = "Vælg en ny adgangskode til forum-tracker"
        opening = "Der er bedt om et link til at vælge en ny adgangskode til forum-tracker for denne e-mailadresse:"
        closing = "Har du ikke bedt om det, kan du se bort fra denne e-mail; din adgangskode er uændret."
    body = (
        f"Hej {name}\n\n{opening}\n\n{link}\n\n"
        f"Linket virker én gang og udløber om {valid_for}. {closing}\n\nforum-tracker\n"
    )
    mailer.send(to, subject, body)
