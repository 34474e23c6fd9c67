"""The worker pool (this process and forked workers): every job's result comes back once, and a
worker held up by slow jobs takes fewer of them (the targets alternate page, poster: fixed shares gave
one worker every page)."""

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


def test_later_jobs_come_back_once_and_only_after_every_other_result(tmp_path):
    # Their results are spooled until the workers have exited (a worker alive while they arrive counts
    # in its resident memory all this process then holds).
    jobs = [partial(pow, n, 2) for n in range(3 * BATCH)]
    here = [partial(pow, n, 3) for n in range(2)]
    later = [partial(pow, n, 5) for n in range(3 * BATCH + 5)]
    results = list(run_all(jobs, 2, here, later, str(tmp_path)))
    first_later = next(k for k, (i, _) in enumerate(results) if i >= len(jobs) + len(here))
    assert all(i >= len(jobs) + len(here) for i, _ in results[first_later:])
    assert dict(results) == {**{i: i * i for i in range(len(jobs))},
                             **{len(jobs) + i: i ** 3 for i in range(len(here))},
                             **{len(jobs) + len(here) + i: i ** 5 for i in range(len(later))}}
    assert len(results) == len(jobs) + len(here) + len(later)
    assert list(tmp_path.iterdir()) == []  # the spools are unnamed files, gone once closed


def test_a_worker_held_up_by_slow_jobs_leaves_the_rest_to_the_other():
    # The first batch is slow, every other job instant: the worker that took most of the slow jobs (a
    # batch of them; this process takes one job at a time) is still on them when the other has taken
    # all the rest. With shares fixed in advance each took half.
    slow = BATCH
    jobs = [partial(_pid_after, 0.15 if i < slow else 0) for i in range(8 * BATCH)]
    ran_by = dict(run_all(jobs, 2))
    counts = Counter(ran_by.values())
    assert os.getpid() in counts and len(counts) == 2, "this process and the forked worker both ran jobs"
    held_up = Counter(ran_by[i] for i in range(slow)).most_common(1)[0][0]
    assert counts[held_up] <= BATCH + 1  # its slow batch, and at most one instant job after it


def test_one_worker_means_this_process_alone():
    ran_by = dict(run_all([partial(_pid_after, 0)] * (3 * BATCH), 1))
    assert set(ran_by.values()) == {os.getpid()} and len(ran_by) == 3 * BATCH


def test_a_failing_job_fails_the_run():
    with pytest.raises(ValueError, match="a job failed"):
        dict(run_all([partial(pow, 2, 2)] * 20 + [_fails], 2))


def _big_result(folder: str) -> bytes:
    with open(f"{folder}/{os.getpid()}", "w") as fh:
        fh.write("")
    return b"x" * 4_000_000  # more than a pipe holds (widened too): the worker waits on it until read


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
        "results = run_all([partial(t._big_result, sys.argv[2])] * 40, 3)\n"
        "next(results)\n"
        "while len(os.listdir(sys.argv[2])) < 3:  # both forked workers have started on a job\n"
        "    import time; time.sleep(0.01)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    # Not captured: the workers inherit the output pipes, and waiting for them to close is what this tests.
    run = subprocess.Popen([sys.executable, "-c", script, str(ROOT), str(tmp_path)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert run.wait(timeout=60) == -9
    workers = [int(p.name) for p in tmp_path.iterdir() if int(p.name) != run.pid]
    assert len(workers) == 2  # the forked ones (this process ran a job too)

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
