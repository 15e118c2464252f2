"""Forum use cases: register a forum from its file (members, meetings, decisions), record a meeting or a decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Mapper

from domain.forum import Forum, ForumNotFoundError, forum_key
from domain.forum_errors import DecisionChangedError
from domain.forum_file import ForumFile
from domain.permissions import Actor, acting, require_administer
from domain.use_cases.records import Outcome, Records, current, use_case


@dataclass(frozen=True)
class ForumImported:
    key: str
    action: str  # "created" | "updated" | "unchanged"
    outcome: Outcome


class ForumUseCases(Records):
    """The fora and their decision registers."""

    recorder: ApplicationRecorder
    mapper: Mapper[UUID]

    @use_case
    def import_forum(self, file: ForumFile, actor: Actor | str) -> ForumImported:
        """Register the forum of a file, or record what the file adds: members, leavings, meetings, decisions."""
        who = acting(actor)
        require_administer(who, "registrere fora")
        forum = self._deciding_forum(file.name, "write")
        created = forum is None
        if forum is None:
            forum = Forum.register(file.name, file.urban_area, file.register_from, who.name)
        _add_from_file(forum, file, who.name)
        if not forum.pending_events:
            return ForumImported(forum.key, "unchanged", Outcome(forum.version, None))
        outcome = self._save(forum, subject=forum)
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
        """Every forum's key, in the order they were registered."""
        return [e.key for e in self._created(Forum.Registered.TOPIC)]

    def _created(self, topic: str) -> list[Any]:
        """The creation events of one kind of aggregate, in the order they were recorded."""
        found: list[Any] = []
        start, page = 1, 500
        while True:
            notifications = self.recorder.select_notifications(start=start, limit=page, topics=[topic])
            found += [self.mapper.to_domain_event(n) for n in notifications]
            if len(notifications) < page:
                return found
            start = notifications[-1].id + 1

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
