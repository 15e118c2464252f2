"""Forum use cases: register a forum from its file (members, meetings, decisions), record a meeting or a decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.application import EventSourcedLog
from eventsourcing.domain import DomainEvent
from eventsourcing.utils import register_topic

from domain.forum import Forum, ForumNotFoundError, forum_key
from domain.forum_errors import DecisionChangedError
from domain.forum_file import ForumFile
from domain.permissions import Actor, acting, require_administer
from domain.use_cases.records import Outcome, Records, current, use_case


class ForumRegistered(DomainEvent):
    """An entry in the log of all fora, written with each new forum."""

    TOPIC = "forum:forum-ForumRegistered"
    key: str
    forum_id: UUID


register_topic(ForumRegistered.TOPIC, ForumRegistered)


@dataclass(frozen=True)
class ForumImported:
    key: str
    action: str  # "created" | "updated" | "unchanged"
    outcome: Outcome


class ForumUseCases(Records):
    """The fora and their decision registers."""

    forum_log: EventSourcedLog[ForumRegistered]

    @use_case
    def import_forum(self, file: ForumFile, actor: Actor | str) -> ForumImported:
        """Register the forum of a file, or record what the file adds: members, leavings, meetings, decisions."""
        who = acting(actor)
        require_administer(who, "registrere fora")
        forum = self._deciding_forum(file.name, "write")
        entries = []
        if forum is None:
            forum = Forum.register(file.name, file.urban_area, file.register_from, who.name)
            entries.append(self.forum_log.trigger_event(key=forum.key, forum_id=forum.id))
        created = bool(entries)
        _add_from_file(forum, file, who.name)
        if not forum.pending_events:
            return ForumImported(forum.key, "unchanged", Outcome(forum.version, None))
        outcome = self._save(forum, *entries, subject=forum)
        return ForumImported(forum.key, "created" if created else "updated", outcome)

    @use_case
    def record_forum_decision(
        self, key: str, decided_on: date, reference: str, text: str, actor: Actor | str,
        expected_version: int | None = None,
    ) -> tuple[str, Outcome]:  # fmt: skip
        """Enter a decision of the forum in its register."""
        who = acting(actor)
        require_administer(who, "registrere forummets beslutninger")
        forum = current(self._forum(key, "write"), expected_version)
        number = forum.decide(decided_on, reference, text, who.name)
        return number, self._save(forum, subject=forum)

    @use_case
    def record_forum_meeting(
        self, key: str, held_on: date, agenda: list[str], actor: Actor | str, expected_version: int | None = None
    ) -> Outcome:
        """Record a meeting of the forum with its agenda."""
        who = acting(actor)
        require_administer(who, "registrere forummets møder")
        forum = current(self._forum(key, "write"), expected_version)
        forum.hold_meeting(held_on, agenda, who.name)
        return self._save(forum, subject=forum)

    def get_forum(self, key: str) -> Forum:
        """A forum by key or name, as stored now."""
        return self._forum(key, "read")

    def forum_keys(self) -> list[str]:
        return [e.key for e in self.forum_log.get()]

    def _forum(self, key: str, use: str) -> Forum:
        forum = self._deciding_forum(key, "write" if use == "write" else "read")
        if forum is None:
            raise ForumNotFoundError(forum_key(key) or key)
        return forum


def _add_from_file(forum: Forum, file: ForumFile, actor: str) -> None:
    """What the file holds that the forum does not yet: a recorded fact is never changed by a file."""
    for m in file.members:
        if m.party not in forum.members:
            forum.join(m.party, m.name, m.joined_on, actor)
        if m.left_on is not None and forum.members[m.party].left_on is None:
            forum.leave(m.party, m.left_on, actor)
    for meeting in file.meetings:
        if meeting.held_on not in forum.meetings:
            forum.hold_meeting(meeting.held_on, list(meeting.agenda), actor)
    for d in file.decisions:
        found = forum.find(d.decided_on, d.reference)
        if found is None:
            forum.decide(d.decided_on, d.reference, d.text, actor)
        elif found.text.strip() != d.text.strip():
            raise DecisionChangedError(forum.name, found.number)
