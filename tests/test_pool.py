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
