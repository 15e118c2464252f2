"""Sending e-mail over SMTP (plain, STARTTLS or TLS); an unreachable server is an outage (503), not a crash."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

TIMEOUT = 15  # seconds: a mail server that does not answer is reported, not waited on forever


class MailNotConfiguredError(Exception):
    """No mail server in the settings."""

    def __init__(self) -> None:
        super().__init__("Der er ikke sat en mailserver op (FORUM_SMTP_HOST), så der kan ikke sendes e-mail.")


class MailUnavailableError(Exception):
    """The mail server could not be reached or refused the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"E-mailen kunne ikke sendes (mailserveren svarer ikke: {reason}). Prøv igen om lidt.")


@dataclass(frozen=True)
class Mailer:
    """An SMTP server and the sender address; ``host`` None means no mail is configured."""

    host: str | None
    port: int = 25
    sender: str = "forum-tracker@localhost"
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    security: str = "none"  # none | starttls | tls (FORUM_SMTP_SECURITY; FORUM_SMTP_STARTTLS=true means starttls)

    @property
    def configured(self) -> bool:
        return bool(self.host)

    def send(self, to: str, subject: str, body: str) -> None:
        """Send a UTF-8 plain-text message to one address."""
        message = self.message(to, subject)
        message.set_content(body, charset="utf-8")
        self.deliver(message)

    def message(self, to: str, subject: str) -> EmailMessage:
        """A message from the sender to one address, dated and with an id; the caller adds the content."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        return message

    def deliver(self, message: EmailMessage) -> None:
        """Hand a composed message to the mail server."""
        with self._connected() as smtp:
            try:
                smtp.send_message(message)
            except (OSError, smtplib.SMTPException) as e:
                raise MailUnavailableError(type(e).__name__) from e

    def check(self) -> None:
        """Connect, greet and sign in without sending: a run finds an outage before it records anything."""
        with self._connected() as smtp:
            try:
                smtp.noop()
            except (OSError, smtplib.SMTPException) as e:
                raise MailUnavailableError(type(e).__name__) from e

    @contextmanager
    def _connected(self) -> Iterator[smtplib.SMTP]:
        if not self.host:
            raise MailNotConfiguredError()
        security = "starttls" if self.starttls else self.security
        try:
            if security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=TIMEOUT, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
            with smtp:
                if security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                yield smtp
        except (OSError, smtplib.SMTPException) as e:
            raise MailUnavailableError(type(e).__name__) from e
