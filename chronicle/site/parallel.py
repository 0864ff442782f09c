"""Produce and write a build's tasks, in two processes when the work is worth it.

The model is built once, then the process forks (the child shares it, copy-on-write):
each process renders and writes its share of the files into the staging folder. Groups
of tasks that share work (a place's pages reuse rendered events) stay in one process;
single tasks are pulled from a shared queue as each process becomes free (estimated
costs are rough: a static split left one process idle for seconds).
"""

from __future__ import annotations

import os
import pickle
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from chronicle.errors import ChronicleError
from chronicle.site.plan import Output, files_of
from chronicle.site.state import BodyRecord
from chronicle.site.theme import template_error
from chronicle.site.timing import phase
from chronicle.site.write import StagedSite, safe_join

# Work to render (in `Output.cost` units, ~0.25 ms each) before a second process is worth
# its start: counted in cost, not files, as an edit of one title re-renders only 14 files,
# but among them the timeline, the exports and the country's page (~4 s in one process).
PARALLEL_MIN = 1500


class Written:
    """What writing tasks did: files written, files linked from the current site because
    their bytes were unchanged, and where each rendered entry page holds its body."""

    def __init__(self) -> None:
        self.written = 0
        self.linked = 0
        self.bodies: dict[str, BodyRecord] = {}

    def add(self, other: Written) -> None:
        self.written += other.written
        self.linked += other.linked
        self.bodies.update(other.bodies)


def write_tasks(tasks: Iterable[Output], site: StagedSite, old_dir: Path | None) -> Written:
    """Produce and write `tasks`; a file whose bytes equal the current site's is linked
    from it instead of written."""
    done = Written()
    for task in tasks:
        for relative, data, body in files_of(task):
            if body is not None:
                done.bodies[relative] = body
            if old_dir is not None:
                old = safe_join(old_dir, relative)
                try:
                    if old.stat().st_size == len(data) and old.read_bytes() == data:
                        site.link_from(old_dir, relative)
                        done.linked += 1
                        continue
                except OSError:
                    pass
            site.write_bytes(relative, data)
            done.written += 1
    return done


def _share(tasks: list[Output], n: int) -> tuple[list[list[Output]], list[list[Output]]]:
    """`n` fixed shares of similar cost, each group whole in one share, and the single
    tasks in chunks, most costly first, for the processes to take as they become free."""
    shares: list[list[Output]] = [[] for _ in range(n)]
    load = [0.0] * n
    groups: dict[int, list[Output]] = {}
    for task in tasks:
        groups.setdefault(task.group, []).append(task)
    singles = sorted(groups.pop(0, []), key=lambda t: -t.cost)
    for _, members in sorted(groups.items(), key=lambda kv: -sum(t.cost for t in kv[1])):
        i = load.index(min(load))
        shares[i] += members
        load[i] += sum(t.cost for t in members)
    size = max(8, len(singles) // 2000)
    return shares, [singles[i : i + size] for i in range(0, len(singles), size)]


def _queue(count: int) -> int:
    """A pipe holding the numbers 0..count-1 (4 bytes each; pipe reads of that size are
    atomic, so two processes never take the same one); returns its read end, which does
    not block: an empty pipe means the work is done."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"".join(i.to_bytes(4, "little") for i in range(count)))
    os.close(write_end)
    os.set_blocking(read_end, False)
    return read_end


def _pulled(
    fixed: list[Output], chunks: list[list[Output]], queue: int, between: Callable[[], None]
) -> Iterator[Output]:
    yield from fixed
    between()  # the groups are done: what they shared can go
    while True:
        try:
            data = os.read(queue, 4)
        except BlockingIOError:
            return
        if len(data) < 4:
            return
        yield from chunks[int.from_bytes(data, "little")]


def render_all(
    tasks: list[Output],
    site: StagedSite,
    old_dir: Path | None,
    jobs: int,
    between: Callable[[], None] = lambda: None,
) -> Written:
    """Produce and write `tasks`, in two processes when worth it."""
    if jobs < 2 or sum(t.cost for t in tasks) < PARALLEL_MIN or not hasattr(os, "fork"):
        return write_tasks(tasks, site, old_dir)
    shares, chunks = _share(tasks, 2)
    queue = _queue(len(chunks))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: the second share
        os.close(read_end)
        started = time.perf_counter()
        code = 0
        try:
            done = write_tasks(_pulled(shares[1], chunks, queue, between), site, old_dir)
            outcome: object = ("ok", (done.written, done.linked, done.bodies))
            phase("worker done", started)
        except BaseException as exc:  # noqa: BLE001 - sent to the parent
            outcome = ("error", _portable(exc))
            code = 1
        try:
            with os.fdopen(write_end, "wb") as handle:
                # Plain values and exceptions, between a process and its own fork.
                pickle.dump(outcome, handle)
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        started = time.perf_counter()
        mine = write_tasks(_pulled(shares[0], chunks, queue, between), site, old_dir)
        phase("parent share done", started)
    except BaseException:
        _stop(pid)
        os.close(read_end)
        raise
    finally:
        os.close(queue)
    with os.fdopen(read_end, "rb") as handle:
        data = handle.read()
    _, status = os.waitpid(pid, 0)
    try:
        kind, value = pickle.loads(data)
    except Exception:
        raise ChronicleError(
            f"a rendering process ended without a result (status {status})"
        ) from None
    if kind == "error":
        raise value
    theirs = Written()
    theirs.written, theirs.linked, theirs.bodies = value
    mine.add(theirs)
    return mine


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except OSError:
        pass


def _portable(exc: BaseException) -> BaseException:
    """The exception as the parent can raise it: ChronicleErrors and OS errors as they
    are; anything else as a ChronicleError naming the template file and line."""
    if isinstance(exc, ChronicleError | OSError):
        return exc
    return template_error(exc) or ChronicleError(
        f"internal error while rendering: {type(exc).__name__}: {exc}"
    )
