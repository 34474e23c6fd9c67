"""Making many targets on every core: forked workers, each handed its share when it is started.

Nothing is handed over through module state: a forked process starts with its parent's memory, so
the targets (closures over the build's facts and templates) reach the workers as they are, and
only the finished files travel back, a batch at a time, through a pipe.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from .targets import Files, Target

POOL_THRESHOLD = 300  # below this many targets to make, starting workers costs more than it saves
BATCH = 16


def default_workers() -> int:
    return min(os.cpu_count() or 1, 8) if "fork" in multiprocessing.get_all_start_methods() else 1


def make_all(targets: list[Target], workers: int, threshold: int = POOL_THRESHOLD) -> Iterator[tuple[Target, Files]]:
    """Each target with its files. When many are alike (per agency), forked workers make those while
    this process makes the rest (the lists, whose caches it keeps warm for the next build). A national
    build hands whole regions over (a lower threshold: each is a site's worth of work)."""
    spread = [t for t in targets if t.spread]
    if workers < 2 or len(spread) < threshold:
        for target in targets:
            yield target, target.make()
        return
    yield from _in_workers(spread, workers, [t for t in targets if not t.spread])


def _work(targets: list[Target], share: range, conn: Connection) -> None:
    try:
        batch: list[tuple[int, Files]] = []
        for i in share:
            batch.append((i, targets[i].make()))
            if len(batch) == BATCH:
                conn.send(batch)
                batch = []
        conn.send(batch)
        conn.send(None)
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        conn.send(exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _picklable(exc: BaseException) -> bool:
    import pickle  # noqa: PLC0415

    try:
        pickle.loads(pickle.dumps(exc))
        return True
    except Exception:  # noqa: BLE001
        return False


def _in_workers(targets: list[Target], workers: int, own: list[Target]) -> Iterator[tuple[Target, Files]]:
    ctx = multiprocessing.get_context("fork")
    procs, conns = [], []
    for n in range(workers):
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_work, args=(targets, range(n, len(targets), workers), send), daemon=True)
        proc.start()
        send.close()
        procs.append(proc)
        conns.append(receive)
    try:
        waiting = list(conns)
        for target in own:  # meanwhile, here; draining the pipes between, so no worker waits long
            yield from _received(targets, waiting, timeout=0)
            yield target, target.make()
        while waiting:
            yield from _received(targets, waiting, timeout=None)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()
        for conn in conns:
            conn.close()


def _received(targets: list[Target], waiting: list[Connection], timeout: float | None) -> Iterator[tuple[Target, Files]]:
    """What the workers have sent so far (with timeout None: at least one message)."""
    for conn in wait(waiting, timeout):
        message = conn.recv()
        if message is None:
            waiting.remove(conn)
        elif isinstance(message, BaseException):
            raise message
        else:
            for i, files in message:
                yield targets[i], files
