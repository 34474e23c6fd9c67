"""The live preview for Humas, over real HTTP: a save shows up by itself, a mistake shows an error
page instead of killing the server, and fixing the file brings the site back.

Each test starts the real `build.py serve` on a free port of 127.0.0.1 against a small content tree.
Waits poll with a generous deadline; they bound a hang, they do not assert speed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from conftest import ROOT, Content, edit_same_size, free_port

DEADLINE = 60.0
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Server:
    base: str
    out: Path
    log: Path
    proc: subprocess.Popen

    def get(self, path: str) -> tuple[int, str]:
        try:
            with NO_PROXY.open(self.base + path, timeout=10) as resp:
                return resp.status, resp.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            return 0, ""  # not listening yet

    def console(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, path: str, predicate, what: str) -> tuple[int, str]:
        deadline = time.monotonic() + DEADLINE
        status, body = 0, ""
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the server died:\n{self.console()}"
            status, body = self.get(path)
            if predicate(status, body):
                return status, body
            time.sleep(0.05)
        pytest.fail(f"{what}: last answer {status}\n{body[:2000]}\nconsole:\n{self.console()}")

    def wait_for_console(self, pattern: str, after: int = 0) -> re.Match:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            found = re.search(pattern, self.console()[after:])
            if found:
                return found
            time.sleep(0.05)
        pytest.fail(f"console never printed {pattern!r}:\n{self.console()}")


@contextlib.contextmanager
def running_server(cwd: Path, *args: str):
    """`build.py serve ARGS --out output` in cwd on a free port, once it says it is ready."""
    port = free_port()
    log = cwd / "serve.log"
    with log.open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", *args, "--out", "output",
                                 "--port", str(port), "--no-browser"], cwd=cwd,
                                stdout=sink, stderr=subprocess.STDOUT,
                                env={**os.environ, "SOURCE_DATE_EPOCH": "1795824000"})
    srv = Server(f"http://127.0.0.1:{port}/", cwd / "output", log, proc)
    try:
        srv.wait_for("", lambda status, _: status == 200, "the server never answered")
        srv.wait_for_console(r"Pratinjau siap")
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def server(content: Content, tmp_path: Path):
    with running_server(tmp_path, "--content", "content") as srv:
        yield srv


def _edit(content: Content, slug: str, old: str, new: str) -> None:
    path = content.root / "agencies" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_save_shows_up_and_only_that_file_is_parsed_again(server: Server, content: Content):
    before = {p: p.stat().st_mtime_ns for p in (server.out / "akun").glob("*/index.html")}
    mark = len(server.console())
    _edit(content, "dindukcapil", "Perekaman dan pencetakan KTP-el.", "Layanan KTP-el keliling tiap Sabtu.")
    server.wait_for("akun/dindukcapil/", lambda s, body: "KTP-el keliling tiap Sabtu" in body,
                    "the edit never reached the agency page")
    rebuilt = server.wait_for_console(r"Dibangun ulang: (\d+) berkas dibaca, (\d+) berkas berubah", mark)
    assert rebuilt.group(1) == "1"  # the other agency files were not parsed again
    rewritten = {p.parent.name for p, stamp in before.items() if p.stat().st_mtime_ns != stamp}
    assert rewritten == {"dindukcapil"}  # other agencies' pages were left alone
    status, home = server.get("")
    assert status == 200 and "/livereload.js?port=" in home


def test_pages_are_served_from_the_build_and_output_follows(server: Server, content: Content):
    """The server answers from the build it holds: a file put into output/ by hand is not served, one
    deleted there still is, and the folder is brought up to date behind each save."""
    (server.out / "planted.html").write_text("<p>not built</p>", encoding="utf-8")
    (server.out / "akun" / "bkd" / "index.html").unlink()
    assert server.get("planted.html")[0] == 404
    status, page = server.get("akun/bkd/")
    assert status == 200 and "Badan Kepegawaian Daerah" in page
    mark = len(server.console())
    _edit(content, "dinkes", "Dinas Kesehatan", "Dinas Kesehatan Terpadu")
    server.wait_for("akun/dinkes/", lambda s, body: "Dinas Kesehatan Terpadu" in body, "the edit was never served")
    status, data = server.get("data/agencies.json")  # kept as its rows until asked for, then whole
    assert status == 200 and "Dinas Kesehatan Terpadu" in {a["name"] for a in json.loads(data)["agencies"]}
    server.wait_for_console(r"Dibangun ulang: 1 berkas dibaca", mark)  # printed once output/ is written
    assert "Dinas Kesehatan Terpadu" in (server.out / "akun" / "dinkes" / "index.html").read_text(encoding="utf-8")
    assert "Dinas Kesehatan Terpadu" in (server.out / "index.html").read_text(encoding="utf-8")


def test_the_not_found_page_of_the_preview_has_its_stylesheet_and_working_links(server: Server):
    """404.html carries site.yaml's base path in its links (GitHub Pages serves it at any depth): the
    preview, served at its root, answers under that path too, so the page is styled and its links work."""
    status, page = server.get("tidak/ada/")
    assert status == 404
    links = re.findall(r'(?:href|src)="(/akun-resmi/[^"]*)"', page)
    assert "/akun-resmi/static/style.css" in links and "/akun-resmi/status/" in links
    for link in links:
        assert server.get(link.lstrip("/"))[0] == 200, link
    assert server.get("akun-resmi/tidak-ada/")[0] == 404


def test_ctrl_c_leaves_output_as_the_last_build_served(content: Content, tmp_path: Path):
    with running_server(tmp_path, "--content", "content") as server:
        _edit(content, "dinkes", "Dinas Kesehatan", "Dinas Kesehatan Baru")
        server.wait_for("akun/dinkes/", lambda s, body: "Dinas Kesehatan Baru" in body, "the edit was never served")
        server.proc.send_signal(signal.SIGINT)
        assert server.proc.wait(timeout=DEADLINE) == 0
    assert "Dinas Kesehatan Baru" in (tmp_path / "output" / "akun" / "dinkes" / "index.html").read_text(encoding="utf-8")
    assert not list((tmp_path / "output").rglob(".*.tmp"))  # no half-written file left behind


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc to name the server's threads")
def test_ctrl_c_stops_the_server_whichever_of_its_threads_takes_it(content: Content, tmp_path: Path):
    """The kernel may hand a process's SIGINT to any of its threads. Taken by the watcher's or the
    writer's thread, it used to leave the main thread asleep in its poll: the server never stopped (a
    hang seen once in every few runs of the whole suite). Each thread but the main one is tried."""
    with running_server(tmp_path, "--content", "content") as server:
        others = sorted(int(t.name) for t in Path(f"/proc/{server.proc.pid}/task").iterdir()
                        if int(t.name) != server.proc.pid)
        assert others, "the server runs a watcher and a writer thread"
        os.kill(others[0], signal.SIGINT)  # a thread's id: the signal goes to that thread first
        assert server.proc.wait(timeout=15) == 0
    assert (tmp_path / "output" / "index.html").is_file()


def test_an_edit_that_keeps_the_size_shows_up(server: Server, content: Content):
    """Only the modification time tells this edit apart: size and inode stay the same."""
    edit_same_size(content.root / "agencies" / "dinkes.yaml", "Dinas Kesehatan", "Dinas KESEHATAN")
    server.wait_for("akun/dinkes/", lambda s, body: "Dinas KESEHATAN" in body, "the same-size edit was missed")


def test_a_new_agency_file_appears_and_a_deleted_one_goes(server: Server, content: Content):
    content.agency("dinsos", "name: Dinas Sosial Uji\nkind: dinas\nservices: [Bantuan sosial]\n")
    server.wait_for("", lambda s, body: "Dinas Sosial Uji" in body, "the new agency never reached the home page")
    assert server.get("akun/dinsos/")[0] == 200
    content.remove("dinsos")
    server.wait_for("", lambda s, body: s == 200 and "Dinas Sosial Uji" not in body, "the agency never went")
    assert server.get("akun/dinsos/")[0] == 404


def test_a_mistake_shows_the_error_page_and_fixing_it_brings_the_site_back(server: Server, content: Content):
    mark = len(server.console())
    _edit(content, "dinkes", "kind: dinas", "kind: dinas\ntwiter: DinkesUji")
    status, page = server.wait_for("", lambda s, _: s == 500, "no error page after the mistake")
    assert "Ada kesalahan di berkas konten" in page
    assert "content/agencies/dinkes.yaml:3:1" in page
    assert "kolom tidak dikenal: &#39;twiter&#39;" in page or "kolom tidak dikenal: 'twiter'" in page
    assert "Maksud Anda" in page and "twitter" in page
    assert re.search(r"3 \| twiter: DinkesUji", page)  # the offending line of YAML, numbered
    assert server.get("akun/humas/")[0] == 500  # every page says so, not only the edited one
    assert server.get("static/style.css")[0] == 200  # …while the error page's own stylesheet loads
    server.wait_for_console(r"content/agencies/dinkes\.yaml:3:1: error: [^\n]*'twiter'\n"
                            r"  petunjuk: Maksud Anda .twitter.", mark)  # the console says the same
    assert "Traceback" not in server.console()

    _edit(content, "dinkes", "twiter: DinkesUji", "")
    status, page = server.wait_for("", lambda s, _: s == 200, "the site never came back after the fix")
    assert "Dinas Kesehatan" in page
    assert server.proc.poll() is None


def test_the_error_page_shows_a_block_to_copy_with_its_lines_and_indentation(tmp_path, monkeypatch):
    """national.yaml's `regions` written as a list: the hint's example is a block (regions:, then its line
    indented), shown in a <pre> as the YAML snippet is, not run together in the hint's paragraph."""
    from types import SimpleNamespace

    from akunresmi.commands.serve import error_page
    from akunresmi.content.errors import ContentErrors
    from akunresmi.content.national import read_national
    from akunresmi.i18n import load_catalogue

    national = tmp_path / "national.yaml"
    national.write_text('title: Uji Nasional\nlanguage: id\nbase_url: "https://contoh.github.io/n/"\n'
                        'regions: ["33.16"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the page reads the offending lines from the file, as the server does
    with pytest.raises(ContentErrors) as caught:
        read_national(national)
    state = SimpleNamespace(errors=caught.value, cat=load_catalogue("id"), shown_failure=None,
                            options=SimpleNamespace(templates=ROOT / "templates"))
    page = error_page(state).decode("utf-8")
    assert 'Contoh bentuknya (ganti dengan data Anda sendiri):</p><pre class="snippet">regions:\n  &#34;33.16&#34;: &#34;content&#34;</pre>' in page, page
    assert '<span class="current">   4 | regions: [&#34;33.16&#34;]</span>' in page


# A field name made of markup: the error page shows it in the message and in the numbered YAML line.
HOSTILE_KEY = "<img src=x onerror=window.__xss=1>"
HOSTILE_ESCAPED = "&lt;img src=x onerror=window.__xss=1&gt;"


def _plant_markup(server: Server, content: Content) -> str:
    _edit(content, "dinkes", "kind: dinas", f"kind: dinas\n{HOSTILE_KEY}: ya")
    return server.wait_for("", lambda s, _: s == 500, "no error page for the unknown field")[1]


def test_markup_from_a_content_file_is_escaped_on_the_error_page(server: Server, content: Content):
    page = _plant_markup(server, content)
    assert "<img" not in page
    assert re.search(r"kolom tidak dikenal: (&#39;|')" + re.escape(HOSTILE_ESCAPED), page)  # the message
    assert re.search(r"3 \| " + re.escape(HOSTILE_ESCAPED) + ": ya", page)  # the YAML snippet


@pytest.mark.browser
def test_markup_from_a_content_file_never_runs_in_the_editors_browser(server: Server, content: Content, chromium):
    _plant_markup(server, content)
    page = chromium.new_page()
    page.goto(server.base)  # waits for the load event, after any image error handler would have run
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("main img").count() == 0
    shown = page.inner_text("main")
    assert shown.count(HOSTILE_KEY) == 2, shown  # the message and the YAML line, as text
    page.close()


def test_broken_yaml_syntax_keeps_the_server_alive(server: Server, content: Content):
    path = content.root / "agencies" / "bkd.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text("name: [BKD\nkind: badan\n", encoding="utf-8")
    status, page = server.wait_for("akun/bkd/", lambda s, _: s == 500, "no error page for broken YAML")
    assert "content/agencies/bkd.yaml:" in page
    path.write_text(good, encoding="utf-8")
    server.wait_for("akun/bkd/", lambda s, body: s == 200 and "Badan Kepegawaian Daerah" in body,
                    "the site never came back")


def test_a_page_that_has_had_its_hello_answered_is_reloaded_by_the_next_save(server: Server, content: Content):
    """livereload.js takes itself for connected once the server answers its hello, and sends `info` only
    after: a save in between must reload it too (the race the browser test below can lose on a loaded
    machine, made certain here by never sending `info`)."""
    async def reload_after_hello() -> dict:
        socket = await websocket_connect(server.base.replace("http://", "ws://") + "livereload")
        try:
            await socket.write_message(json.dumps(
                {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
            answer = json.loads(await asyncio.wait_for(socket.read_message(), DEADLINE))
            assert answer["command"] == "hello"
            _edit(content, "dindukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Dukcapil Baru")
            return json.loads(await asyncio.wait_for(socket.read_message(), DEADLINE))
        finally:
            socket.close()

    # In a thread of its own: the session's browser (Playwright's sync API) keeps an event loop running in this one.
    said: list[dict] = []
    talk = threading.Thread(target=lambda: said.append(asyncio.run(reload_after_hello())))
    talk.start()
    talk.join(DEADLINE * 3)
    assert said, "no reload came after the hello"
    said = said[0]
    assert said["command"] == "reload"
    status, body = server.get("akun/dindukcapil/")  # the reload finds the edit already served
    assert status == 200 and "Dinas Dukcapil Baru" in body


@pytest.mark.browser
def test_the_browser_reloads_by_itself_after_a_save(server: Server, content: Content, chromium):
    """livereload.js runs under the site's Content-Security-Policy and reloads the open page."""
    page = chromium.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(server.base + "akun/dindukcapil/")
    # Connected, not only loaded: the server reloads the pages that have said hello, and a save made
    # before the handshake (a loaded machine) would reload nobody.
    page.wait_for_function("() => window.LiveReload !== undefined && window.LiveReload.connector.protocol >= 6",
                           timeout=DEADLINE * 1000)
    page.evaluate("() => { window.__sameDocument = true; }")
    _edit(content, "dindukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Dukcapil Baru")
    page.wait_for_function("() => document.querySelector('h1').textContent.includes('Dinas Dukcapil Baru')",
                           timeout=DEADLINE * 1000)
    assert page.evaluate("() => window.__sameDocument === undefined")  # a real reload, done by the page itself
    assert violations == []
    page.close()
