"""Making many targets (or parsing many files) on every core: this process and forked workers, each
taking the next jobs from a shared counter until none is left.

Nothing is handed over through module state: a forked process starts with its parent's memory, so
the targets (closures over the build's facts and templates) reach the workers as they are, and
only the finished files travel back, a batch at a time, through a pipe. Only the counter is shared:
handed fixed shares, the worker that got every agency page (the targets alternate page, poster) ran
on alone for a tenth of a 20,000-agency build after the other had made every poster.

This process is one of the workers (with `workers` 2, one is forked): it takes one job at a time and
reads the pipes between. A forked worker's resident memory counts everything this process held when
it was forked, so each one fewer is a copy of the directory fewer in the memory summed over the
process tree (some 300 MB at 20,000 agencies); and what this process makes is not pickled.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
import time
from functools import partial
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterator, Sequence, TypeVar

if TYPE_CHECKING:
    from .targets import Files, Target

R = TypeVar("R")
POOL_THRESHOLD = 300  # below this many targets to make, starting workers costs more than it saves
BATCH = 16
HOLD = 0.05  # seconds a worker holds finished results before it sends them, short of a whole batch
PIPE_SIZE = 1 << 20  # Linux's default largest pipe for an ordinary user


def default_workers() -> int:
    return min(os.cpu_count() or 1, 8) if "fork" in multiprocessing.get_all_start_methods() else 1


class Calls(Sequence[Callable[[], R]]):
    """`fn` of each item, as jobs made when taken: 40,000 callables made beforehand were megabytes in
    the resident memory of this process and of every worker forked from it."""

    def __init__(self, fn: Callable[[Any], R], items: Sequence[Any]):
        self.fn, self.items = fn, items

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> Callable[[], R]:  # type: ignore[override]
        return partial(self.fn, self.items[i])


def _made(target: Target) -> Files:
    return target.make()


def make_all(targets: list[Target], workers: int, threshold: int = POOL_THRESHOLD,
             later: Sequence[Callable[[], R]] = (), took: Callable[[int, R], None] | None = None,
             spool: str | None = None, make: Callable[[Target], Files] = _made) -> Iterator[tuple[Target, Files]]:
    """Each target with its files, made by `make`. When many are spread (per agency, and the list pages),
    the pool makes those, after this process has made the rest (the static files, the content pages; the
    exports and the search index, joined from per-agency parts it keeps for the next build). A national
    build hands whole regions over (a lower threshold: each is a site's worth of work). `later`: jobs
    made after the targets, in the same pool, each result handed to `took` (with the job's index) once
    every target is given and every worker has exited (see run_all, which spools them in `spool`)."""
    spread = [t for t in targets if t.spread]
    if workers < 2 or len(spread) + len(later) < threshold:
        for target in targets:
            yield target, make(target)
        for i, job in enumerate(later):
            took(i, job())  # type: ignore[misc]
        return
    own = [t for t in targets if not t.spread]
    every = spread + own
    for i, made in run_all(Calls(make, spread), workers, Calls(make, own), later, spool):
        if i < len(every):
            yield every[i], made
        else:
            took(i - len(every), made)  # type: ignore[misc]


def run_all(jobs: Sequence[Callable[[], R]], workers: int, here: Sequence[Callable[[], R]] = (),
            later: Sequence[Callable[[], R]] = (), spool: str | None = None) -> Iterator[tuple[int, R]]:
    """(index, result) of every job, in no particular order: `jobs` run in `workers` processes, this one
    and workers - 1 forked, each taking the next ones from a shared counter; this one first runs `here`
    (indexed after the jobs), and reads what the others sent between any two jobs of its own. A result
    made elsewhere must pickle; the jobs themselves never do (the workers start with them).

    `later` (indexed after `here`) are taken from the same counter once `jobs` are all taken, and their
    results, made by any process, are given only after every forked worker has exited: until then each
    process writes them to a temporary file of its own (in the folder `spool`). A forked worker's
    resident memory counts all this process held when it was forked; results held here while it lives
    are counted beside it (the export rows and index parts of 20,000 agencies: some 200 MB)."""
    ctx = multiprocessing.get_context("fork")
    every = _Joined(jobs, later)
    spooled = len(jobs)  # a job at this index or after is one of `later`
    shift = len(here)  # a later job's index in the counter, to the index it is given under
    procs, conns, spools = [], [], []
    own = None
    taken = ctx.Value("q", 0)  # how many jobs have been taken so far
    try:
        for _ in range(workers - 1):  # this process is one of the workers
            receive, send = ctx.Pipe(duplex=False)
            _widen(send)
            spools.append(tempfile.TemporaryFile(dir=spool) if later else None)
            # The worker closes the reading ends it inherits (its own and the earlier workers'): were one
            # open there, a worker whose build was killed would wait on its full pipe for ever.
            proc = ctx.Process(target=_work, args=(every, spooled, taken, send, [*conns, receive], spools[-1]),
                               daemon=True)
            proc.start()
            send.close()
            procs.append(proc)
            conns.append(receive)
        own = tempfile.TemporaryFile(dir=spool) if later else None
        waiting = list(conns)
        for i, job in enumerate(here, start=len(jobs)):  # draining the pipes between, so no worker waits long
            yield from _received(waiting, timeout=0)
            yield i, job()
        while True:  # then the jobs, one at a time, as long as there are any, reading the pipes between
            yield from _received(waiting, timeout=0)
            first = _take(taken, 1)
            if first >= len(every):
                break
            if first < spooled:
                yield first, every[first]()
            else:
                pickle.dump([(first, every[first]())], own)  # type: ignore[arg-type]
        while waiting:
            yield from _received(waiting, timeout=None)
        for proc in procs:
            proc.join()
        for fh in (*spools, own):
            if fh is not None:
                yield from ((i + shift, result) for i, result in _spooled(fh))
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()
        for conn in conns:
            conn.close()
        for fh in (*spools, own):
            if fh is not None:
                fh.close()


class _Joined(Sequence[Callable[[], R]]):
    """Two lists of jobs as one, indexed one after the other."""

    def __init__(self, first: Sequence[Callable[[], R]], then: Sequence[Callable[[], R]]):
        self.first, self.then = first, then

    def __len__(self) -> int:
        return len(self.first) + len(self.then)

    def __getitem__(self, i: int) -> Callable[[], R]:  # type: ignore[override]
        return self.first[i] if i < len(self.first) else self.then[i - len(self.first)]


def _spooled(fh: BinaryIO) -> Iterator[tuple[int, Any]]:
    """The results written to a spool file, batch by batch."""
    fh.flush()
    fh.seek(0)
    while True:
        try:
            batch = pickle.load(fh)
        except EOFError:
            return
        yield from batch


def _work(jobs: Sequence[Callable[[], R]], spooled: int, taken: Any, conn: Connection, inherited: list[Connection],
          spool: BinaryIO | None) -> None:
    """Take the next BATCH jobs until none is left, sending each batch's results as it is done (those of
    jobs from `spooled` on written to `spool` instead, for the parent to read once this process exits)."""
    for reading in inherited:
        reading.close()
    try:
        while True:
            first = _take(taken, BATCH)
            if first >= len(jobs):
                break
            batch: list[tuple[int, R]] = []
            since = time.monotonic()
            for i in range(first, min(first + BATCH, len(jobs))):
                batch.append((i, jobs[i]()))
                # A long job's result (a list page: megabytes) goes at once, not held with a batch of them.
                if time.monotonic() - since > HOLD:
                    _send(batch, spooled, conn, spool)
                    batch, since = [], time.monotonic()
            _send(batch, spooled, conn, spool)
        if spool is not None:
            spool.flush()
        conn.send(None)
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        conn.send(exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _send(batch: list[tuple[int, R]], spooled: int, conn: Connection, spool: BinaryIO | None) -> None:
    """Results to the parent: through the pipe, or those of later jobs (from `spooled` on) to the spool."""
    sent = [item for item in batch if item[0] < spooled]
    if len(sent) < len(batch):
        pickle.dump(batch[len(sent):], spool)  # type: ignore[arg-type]  # the later jobs come last
    if sent:
        conn.send(sent)


def _take(taken: Any, count: int) -> int:
    """The index of the first of the next `count` jobs, which the caller now owns."""
    with taken.get_lock():
        first = taken.value
        taken.value = first + count
    return first


def _widen(conn: Connection) -> None:
    """Room in the pipe for a few batches of pages, so a worker does not wait while this process,
    between reading the pipes, makes a job of its own (Linux; elsewhere the pipe stays as it is)."""
    try:
        import fcntl  # noqa: PLC0415 - POSIX only

        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, PIPE_SIZE)  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        pass


def _picklable(exc: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(exc))
        return True
    except Exception:  # noqa: BLE001
        return False


def _received(waiting: list[Connection], timeout: float | None) -> Iterator[tuple[int, Any]]:
    """What the workers have sent so far (with timeout None: at least one message)."""
    for conn in wait(waiting, timeout):
        message = conn.recv()
        if message is None:
            waiting.remove(conn)
        elif isinstance(message, BaseException):
            raise message
        else:
            yield from message
