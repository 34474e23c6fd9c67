"""The worker pool: every job's result comes back once, and a worker held up by slow jobs takes
fewer of them (the targets alternate page, poster: fixed shares gave one worker every page)."""

from __future__ import annotations

import os
import time
from collections import Counter
from functools import partial

import pytest

from akunresmi.build.pool import BATCH, run_all


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _fails() -> int:
    raise ValueError("a job failed")


def test_every_job_comes_back_once_with_its_own_result():
    jobs = [partial(pow, n, 2) for n in range(5 * BATCH + 3)]
    here = [partial(pow, n, 3) for n in range(4)]
    results = dict(run_all(jobs, 2, here))
    assert results == {**{i: i * i for i in range(len(jobs))},
                       **{len(jobs) + i: i ** 3 for i in range(len(here))}}


def test_a_worker_held_up_by_slow_jobs_leaves_the_rest_to_the_other():
    # The first batch is slow, every other job instant: the worker that took the first batch is still
    # on it when the other has taken all the rest. With shares fixed in advance each took half.
    slow = BATCH
    jobs = [partial(_pid_after, 0.15 if i < slow else 0) for i in range(8 * BATCH)]
    ran_by = dict(run_all(jobs, 2))
    counts = Counter(ran_by.values())
    assert len(counts) == 2, "both workers ran jobs"
    held_up = ran_by[0]
    assert {ran_by[i] for i in range(slow)} == {held_up}
    assert counts[held_up] == slow


def test_a_failing_job_fails_the_run():
    with pytest.raises(ValueError, match="a job failed"):
        dict(run_all([partial(pow, 2, 2)] * 20 + [_fails], 2))


def _big_result(folder: str) -> bytes:
    with open(f"{folder}/{os.getpid()}", "w") as fh:
        fh.write("")
    return b"x" * 1_000_000  # more than a pipe holds: the worker waits on its pipe until read


def test_the_workers_of_a_killed_build_exit_instead_of_waiting_on_their_pipes_for_ever(tmp_path):
    """A build killed while its workers wait to send (the atomic-output test kills one) must not leave
    them behind: each worker must not hold a reading end of a pipe, its own or another's."""
    import subprocess
    import sys

    from conftest import ROOT

    script = (
        "import os, signal, sys\n"
        "from functools import partial\n"
        "sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests']\n"
        "from akunresmi.build.pool import run_all\n"
        "import test_pool as t\n"
        "results = run_all([partial(t._big_result, sys.argv[2])] * 40, 2)\n"
        "next(results)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    # Not captured: the workers inherit the output pipes, and waiting for them to close is what this tests.
    run = subprocess.run([sys.executable, "-c", script, str(ROOT), str(tmp_path)], cwd=ROOT, timeout=60,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert run.returncode == -9
    workers = [int(p.name) for p in tmp_path.iterdir()]
    assert len(workers) == 2

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:  # do not leave them behind on a failure either
        os.kill(pid, 9)
    assert left == []
