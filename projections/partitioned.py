"""A rebuild split by contract: N processes, each replaying the views for its share of the contracts.

Every event belongs to one contract (its route, see routing.py), and every view row is about one
contract, so the contracts can be replayed apart. Partition k of N owns the contracts whose id's
number is k modulo N; an event that is about no contract goes by its own aggregate's id (for a
contract's own events that is the same). Each process reads every stored event up to the head
the rebuild started at, but decodes, folds and writes only its own; it derives its own
contracts' question rows at the end.

Exactly once: the routes are stored up to that head before any partition starts, so every
process routes alike. While the partitions run, the views are marked *being rebuilt* (an
unreachable position and version -1): a follower applies nothing to them, and a crash leaves
them to be rebuilt from zero at the next start (a version that differs resets a view). Once every
partition has finished, one transaction sets every view to the head; a failed partition resets
the views instead. Events appended meanwhile are then applied as by any catch-up.

With 8 cores: 8 partitions, each reading the whole log (cheap: ≈10 % of a replay) and doing an
eighth of the decoding, folding, writing and deriving; PostgreSQL takes the 8 writers' COPYs
and upserts on its own backends, so a machine with ≥ 8 cores for Python and a few for
PostgreSQL scales until the read of the log (each process's) or the database's writes dominate.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from multiprocessing.sharedctypes import Synchronized
from typing import TYPE_CHECKING

from projections import question_tables, routing
from projections.database import StoredRow, ViewDatabase

if TYPE_CHECKING:
    from projections.runner import Projector
    from projections.shell import Shell, View

REBUILDING_POSITION = 2**62  # a follower skips pages for a view this far ahead
REBUILDING_VERSION = -1  # no code has it: the next start resets the view
MAX_WORKERS = 8


def reached(position: int) -> int:
    """The position a view has reached: a view marked as being rebuilt has reached none yet."""
    return 0 if position >= REBUILDING_POSITION else position


def default_workers(cores: int) -> int:
    """One partition per core, at most ``MAX_WORKERS`` (more processes than cores only take turns)."""
    return max(1, min(cores, MAX_WORKERS))


def _number(text: str) -> int:
    return int(text.replace("-", ""), 16)


class Partition:
    """Which stored events and contracts partition ``index`` of ``count`` owns."""

    def __init__(self, index: int, count: int, moved: dict[int, int]):
        self.index, self.count = index, count
        self.moved = moved  # aggregates whose contract lies in another partition than their own id

    @classmethod
    def load(cls, db: ViewDatabase, index: int, count: int) -> Partition:
        rows = db.fetchall(f"SELECT aggregate_id, contract_id FROM {routing.ROUTES.TABLE}")
        moved: dict[int, int] = {}
        for aggregate_id, contract_id in rows:
            own, contract = _number(aggregate_id), _number(contract_id) % count
            if own % count != contract:
                moved[own] = contract
        return cls(index, count, moved)

    def owns(self, row: StoredRow) -> bool:
        number: int = row[1].int
        return self.moved.get(number, number % self.count) == self.index

    def owns_contract(self, contract_id: str) -> bool:
        return _number(contract_id) % self.count == self.index


def replay(
    shell: Shell,
    events: ViewDatabase,
    table: str,
    partition: Partition,
    head: int,
    page_size: int,
    report: Callable[[int], None],
    reader: Executor,
    between_pages: Callable[[], None] = lambda: None,
) -> int:
    """Apply the partition's events up to ``head`` to the shell's views; returns the events read."""
    from projections.runner import cyclic_gc_paused  # the runner imports this module

    def read(start: int) -> list[StoredRow]:
        rows = events.read_events(table, start, page_size)
        return rows if not rows or rows[-1][0] <= head else [r for r in rows if r[0] <= head]

    read_all = 0
    page = read(1)
    while page:
        full = len(page) == page_size and page[-1][0] < head
        ahead = reader.submit(read, page[-1][0] + 1) if full else None
        owns = partition.owns
        mine = [row for row in page if owns(row)]
        if mine:
            with cyclic_gc_paused():
                shell.apply_partition(mine)
        between_pages()
        read_all += len(page)
        report(len(page))
        page = ahead.result() if ahead is not None else []
    if any(v.NAME == question_tables.NAME for v in shell.views):
        with cyclic_gc_paused():
            question_tables.derive_owned(shell.db, partition.owns_contract, head)
    return read_all


def rebuild(projector: Projector, views: list[View], count: int, progress: Callable[[int], None] | None) -> int:
    """Replay ``views`` (already reset) in ``count`` partitions; returns the events applied."""
    db, head = projector.db, projector.head()
    routing.Router(db).store_to(projector._events, projector._table, projector.shell.mapper, head)
    _mark(db, views, REBUILDING_POSITION, lambda v: REBUILDING_VERSION)
    shell = projector._shell_of(views)
    try:
        applied = _Workers(projector, views, head, count).run(
            lambda report: replay(
                shell,
                projector._events,
                projector._table,
                Partition.load(db, 0, count),
                head,
                projector.page_size,
                report,
                projector._reader,
            ),
            progress,
        )
    except BaseException:
        for view in views:  # what the partitions committed is incomplete: start again from zero
            projector.shell.rebuild(view)
        raise
    _mark(db, views, head, lambda v: v.VERSION)
    return applied


def _mark(db: ViewDatabase, views: list[View], position: int, version: Callable[[View], int]) -> None:
    """Set the views' tracked position and version in one transaction (and the derived rows' position)."""
    with db.transaction():
        for view in views:
            sql = "UPDATE projection_tracking SET position = ?, version = ? WHERE view = ?"
            db.execute(sql, (position, version(view), view.NAME))
            if view.NAME == question_tables.NAME:
                sql = "UPDATE projection_tracking SET position = ? WHERE view = ?"
                db.execute(sql, (position, question_tables.DERIVED))


class _Workers:
    """Partitions 1..N-1 in forked processes while this one replays partition 0; progress is the slowest's."""

    def __init__(self, projector: Projector, views: list[View], head: int, count: int):
        context = multiprocessing.get_context("fork")  # a fork starts at once: nothing is imported again
        self.counters: list[Synchronized[int]] = [context.Value("q", 0) for _ in range(1, count)]
        names = [v.NAME for v in views]
        self.processes = [
            context.Process(
                target=_work,
                args=(projector, names, Partition(index, count, {}), head, counter),
                daemon=True,
            )
            for index, counter in zip(range(1, count), self.counters, strict=True)
        ]
        self.own = self.reported = 0
        self.progress: Callable[[int], None] | None = None

    def run(self, own_work: Callable[[Callable[[int], None]], int], progress: Callable[[int], None] | None) -> int:
        """Start the workers, do ``own_work``, wait for them; raise if any failed."""
        self.progress = progress
        gc.freeze()  # the inherited objects stay shared: the child's collector does not touch (copy) them
        for process in self.processes:
            process.start()
        gc.unfreeze()
        try:
            applied = own_work(self._report)
        finally:
            for process in self.processes:
                while process.is_alive():
                    process.join(0.1)
                    self._report(0)
        failed = [str(i + 1) for i, p in enumerate(self.processes) if p.exitcode != 0]
        if failed:
            raise RuntimeError(f"Genopbygningen af del {', '.join(failed)} fejlede (se fejlen ovenfor).")
        return max([applied, *(c.value for c in self.counters)])

    def _report(self, applied: int) -> None:
        self.own += applied
        done = min([self.own, *(c.value for c in self.counters)])
        if self.progress is not None and done > self.reported:
            self.progress(done - self.reported)
            self.reported = done


def _work(projector: Projector, names: list[str], partition: Partition, head: int, counter: Synchronized[int]) -> None:
    """A partition's process: its own connections (never the parent's); the parent's mapper and views."""
    from projections.runner import die_with_parent, exit_if_orphaned
    from projections.shell import VIEWS, Shell

    def count(applied: int) -> None:
        with counter.get_lock():
            counter.value += applied

    parent = os.getppid()
    die_with_parent(parent)
    env = projector.env
    db, events = ViewDatabase(env), ViewDatabase(env)
    db.rebuilding = True  # the parent holds the views' exclusive lock for us
    shell = Shell(db, projector.tracker.mapper, [VIEWS[n] for n in names])
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="partition-read")
    loaded = Partition.load(db, partition.index, partition.count)
    try:
        replay(
            shell, events, projector._table, loaded, head, projector.page_size, count, reader,
            lambda: exit_if_orphaned(parent),
        )  # fmt: skip
    finally:
        reader.shutdown()
        events.close()
        db.close()
