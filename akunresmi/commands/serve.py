"""Live preview: serve output/ on 127.0.0.1, rebuild on every save, reload the browser.

The server knows nothing about the site: it calls the one Builder (which remembers every target
between saves and makes again only those whose inputs changed), keeps serving the last good build
when content is wrong, and shows the mistakes in the browser until the file is fixed. livereload
provides the browser side (livereload.js and its WebSocket protocol); file events come from
watchfiles (inotify), so a save is rebuilt within milliseconds instead of livereload's polling.
Pages are answered from the last good build in memory, as Hugo's server does; output/ is brought up
to date behind it by a thread of its own (build/write.py's OutputWriter), so a save is served once it
is rendered, not once its files are on disk.
"""

from __future__ import annotations

import errno
import json
import logging
import mimetypes
import os
import signal
import socket
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httpserver, ioloop, netutil, web

from ..content.errors import ContentErrors
from ..model import Directory
from ..i18n import Catalogue
from ..build.builder import BuildOptions, Builder
from ..site.render import make_environment
from ..build.write import OutputWriter, check_output_folder, write_site
from ..pieces import FileData, as_bytes
from .cli import UsageError

log = logging.getLogger(__name__)
SNIPPET_CONTEXT = 2


@dataclass
class PreviewState:
    """What the server shows: the last good build, held in memory, and the mistakes of the last build
    if it failed (or of the last write of output/)."""

    options: BuildOptions
    cat: Catalogue
    port: int
    builder: Builder  # or a NationalBuilder: both read() and render()
    watch: list[Path] = field(default_factory=list)
    files: dict[str, FileData] = field(default_factory=dict)  # the last good build: what is served
    writer: OutputWriter | None = None
    errors: ContentErrors | None = None
    failure: str | None = None  # a template or code failure: not the editor's mistake
    write_failure: str | None = None  # output/ could not be written: until a later build is
    last_seconds: float = 0.0
    builds: int = 0
    # The path the built site's own absolute links start with (site.yaml's base URL, e.g. "/akun-resmi/"):
    # 404.html links that way, since GitHub Pages serves it at any depth, so the preview answers there too.
    base_path: str = "/"

    @property
    def broken(self) -> bool:
        return self.errors is not None or self.failure is not None or self.write_failure is not None

    @property
    def shown_failure(self) -> str | None:
        return self.failure or self.write_failure


def rebuild(state: PreviewState) -> None:
    """Rebuild what changed; on a mistake keep the last good build and remember the errors. The new
    build is served at once and written to output/ behind it (`state.writer`); without a writer (the
    first build, before the server answers) it is written here."""
    started = time.perf_counter()
    try:
        directory = state.builder.read()
        files = state.builder.render(directory, joined=False)
        if state.writer is None:
            write_site(files, state.options.out)
    except ContentErrors as exc:
        state.errors, state.failure = exc, None
        for error in exc.errors:
            print(error.format(state.cat), file=sys.stderr, flush=True)
        return
    except (jinja2.TemplateError, OSError) as exc:
        state.errors, state.failure = None, f"{type(exc).__name__}: {exc}"
        log.exception("build failed")
        return
    state.files, state.errors, state.failure = files, None, None
    state.base_path = (directory.site if isinstance(directory, Directory) else directory.settings).base_path
    state.last_seconds = time.perf_counter() - started
    state.builds += 1
    note = (state.builder.parsed, state.last_seconds)
    if state.writer is None:
        _written(state, len(files), note)
    else:
        state.writer.put(files, note)


def _written(state: PreviewState, changed: int, note: object) -> None:
    parsed, seconds = note  # type: ignore[misc]
    print(state.cat.error("serve_rebuilt", files=changed, parsed=parsed, ms=f"{seconds * 1000:.0f}"), flush=True)


def _write_failed(state: PreviewState, exc: Exception) -> None:
    """output/ could not be written (a full disk, files we did not write): the preview says so until a
    later build is written (each is then written whole)."""
    state.write_failure = f"{type(exc).__name__}: {exc}"
    LiveReloadHandler.reload_waiters("*")


def _write_done(state: PreviewState) -> None:
    if state.write_failure is not None:
        state.write_failure = None
        LiveReloadHandler.reload_waiters("*")


def _output_writer(state: PreviewState, loop: ioloop.IOLoop) -> OutputWriter:
    """The thread that writes each build served into output/; what it says reaches the server's state
    through the loop (the state is the loop's alone), and the console directly."""
    def written(changed: int, note: object) -> None:
        _written(state, changed, note)
        loop.add_callback(_write_done, state)

    def failed(exc: Exception, note: object) -> None:
        log.error("writing %s failed: %s", state.options.out, exc)  # also when Ctrl+C stopped the loop
        loop.add_callback(_write_failed, state, exc)

    return OutputWriter(state.options.out, state.files if state.builds else None, written, failed)


def error_page(state: PreviewState) -> bytes:
    """The mistakes as a readable page: file, line, the offending lines of YAML and the hint."""
    errors = []
    for error in state.errors.errors if state.errors else ():
        # A block to copy (a mapping's example, on the lines after the hint's first) keeps its lines and
        # indentation: shown as the YAML snippet is.
        hint, _, block = (error.hint(state.cat) or "").partition("\n")
        errors.append({"location": f"{error.path}:{error.line}:{error.col}", "message": error.message(state.cat),
                       "hint": hint.rstrip(), "block": block, "lines": source_lines(Path(error.path), error.line)})
    env = make_environment(state.options.templates)
    html = env.get_template("error.html").render(t=state.cat.site, lang=state.cat.language, errors=errors,
                                                 failure=state.shown_failure)
    return html.encode("utf-8")


def source_lines(path: Path, line: int) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    first = max(line - 1 - SNIPPET_CONTEXT, 0)
    return [{"number": n + 1, "text": text[n], "current": n + 1 == line}
            for n in range(first, min(line + SNIPPET_CONTEXT, len(text)))]


def built_file(files: dict[str, FileData], url_path: str) -> str | None:
    """The built file a URL path names (a folder's index.html for a folder), or None: no '..', no
    absolute paths. Only what the build made can be named, so nothing outside output/ is served."""
    parts = [p for p in url_path.replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p == ".." or "\x00" in p for p in parts):
        return None
    rel = "/".join(parts)
    if rel in files:
        return rel
    index = f"{rel}/index.html" if rel else "index.html"
    return index if index in files else None


class OutputHandler(web.RequestHandler):
    """Serves the last good build and nothing else; HTML gets the livereload script."""

    def initialize(self, state: PreviewState) -> None:
        self.state = state

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    def get(self, path: str) -> None:
        is_page = path == "" or path.endswith("/") or path.endswith(".html")
        if self.state.broken and is_page:
            self.send_html(error_page(self.state), 500)
            return
        files = self.state.files
        found = built_file(files, path)
        base = self.state.base_path
        if found is None and base != "/" and ("/" + path).startswith(base):
            found = built_file(files, ("/" + path)[len(base):])
        if found is None:
            self.send_html(as_bytes(files.get("404.html", b"Not found")), 404)
            return
        name = found.rpartition("/")[2]
        if name == "index.html" and path and not path.endswith(("/", ".html")):
            # Leading slashes or backslashes would make "//host/": a redirect to another site.
            self.redirect("/" + path.lstrip("/\\") + "/")
            return
        data = as_bytes(files[found])  # an export is kept as its pieces until asked for
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if ctype == "text/html":
            self.send_html(data, 200)
            return
        self.set_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") or
                                                  ctype.endswith(("json", "javascript", "xml")) else ""))
        self.finish(data)

    def send_html(self, data: bytes, status: int) -> None:
        script = f'<script src="/livereload.js?port={self.state.port}"></script>'.encode()
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(data.replace(b"</head>", script + b"</head>", 1))


class _ReloadHandler(LiveReloadHandler):
    """livereload's handler counts a page among those a save reloads only once the page sends `info`, its
    second message. The page takes itself for connected as soon as the server answers its `hello`, so a
    save between that answer and the `info` (a loaded machine, a save right after opening the page)
    reloaded nobody. Counted from its `hello`, the page gets the reload after that answer, on the same
    socket, which is all livereload.js needs to act on it."""

    def on_message(self, message: str | bytes) -> None:
        try:
            said = json.loads(message)
        except ValueError:
            said = None
        if isinstance(said, dict) and said.get("command") == "hello":
            LiveReloadHandler.waiters.add(self)
        super().on_message(message)


class _NoWatcher:
    """livereload's handler logs the watcher's last file; our watcher lives elsewhere."""

    filepath = None


def watch_paths(state: PreviewState) -> tuple[list[Path], dict[Path, set[str]]]:
    """The folders to watch with everything in them, and the single files to watch (national.yaml), as
    the folder each is in and the names wanted there. A file is watched through its folder: a watch on
    the file itself follows its inode, which a save that writes a new file and renames it over the old
    one (sed -i, vim, gedit, git checkout) replaces, and every later save would go unseen."""
    options = state.options
    folders: list[Path] = []
    files: dict[Path, set[str]] = {}
    for path in state.watch or [options.content, options.templates, options.static]:
        path = Path(os.path.abspath(path))
        if path.is_dir():
            folders.append(path)
        elif path.parent.is_dir():
            files.setdefault(path.parent, set()).add(path.name)
    return folders, files


def watch_loop(state: PreviewState, loop: ioloop.IOLoop, stop: threading.Event, watching: threading.Event) -> None:
    """Turn file events into rebuilds on the server's loop; the builder finds what they changed. Folders
    are watched with all they hold; a single file's folder only for that file, without what lies below
    it (national.yaml's folder holds output/ and the preview's own files)."""
    folders, files = watch_paths(state)
    wanted = {str(folder / name) for folder, names in files.items() for name in names}
    watches: list[tuple[list[Path], dict[str, Any]]] = []
    if folders:
        watches.append((folders, {}))
    if files:
        watches.append((sorted(files), {"recursive": False, "watch_filter": lambda _change, path: path in wanted}))
    running = [threading.Event() for _ in watches]
    for i, (paths, how) in enumerate(watches[1:], 1):
        threading.Thread(target=_watch, args=(state, loop, stop, paths, how, running[i], running, watching),
                         daemon=True).start()
    if watches:
        _watch(state, loop, stop, watches[0][0], watches[0][1], running[0], running, watching)


def _watch(state: PreviewState, loop: ioloop.IOLoop, stop: threading.Event, paths: list[Path],
           how: dict[str, Any], running: threading.Event, every: list[threading.Event],
           watching: threading.Event) -> None:
    # The first batch (empty, after rust_timeout) proves the watcher is running: only then (every
    # watcher's) is the preview announced as ready, so a save made right after "ready" is never missed.
    # A batch ends after 2 ms without a new event (at most 30 ms): a save is one write of a few KB, or a
    # write and a rename, microseconds apart; at 5 ms the watcher alone took 10 ms of a save's 60 (1,000
    # agencies).
    for changes in watchfiles.watch(*paths, debounce=30, step=2, stop_event=stop, raise_interrupt=False,
                                    rust_timeout=300, yield_on_timeout=True, **how):
        running.set()
        if all(event.is_set() for event in every):
            watching.set()
        if changes:
            loop.add_callback(_rebuild_and_reload, state, [Path(path) for _change, path in changes])


def _rebuild_and_reload(state: PreviewState, paths: list[Path]) -> None:
    state.builder.saw(paths)
    rebuild(state)
    LiveReloadHandler.reload_waiters("*")


def make_app(state: PreviewState) -> web.Application:
    LiveReloadHandler.watcher = _NoWatcher()
    return web.Application([
        (r"/livereload", _ReloadHandler),
        (r"/livereload.js", LiveReloadJSHandler),
        (r"/(.*)", OutputHandler, {"state": state}),
    ])


def listening_sockets(host: str, port: int, cat: Catalogue) -> list[socket.socket]:
    """The preview's sockets, or a UsageError saying in one line why the port or address cannot be used."""
    try:
        return netutil.bind_sockets(port, address=host)
    except socket.gaierror:  # a name that does not resolve
        raise UsageError(cat.error("serve_address_unavailable", host=host)) from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            other = port + 1 if port < 65535 else 8000
            raise UsageError(cat.error("serve_port_in_use", port=port, other=other)) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise UsageError(cat.error("serve_address_unavailable", host=host)) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise UsageError(cat.error("serve_port_forbidden", port=port)) from None
        raise UsageError(cat.error("serve_cannot_listen", host=host, port=port,
                                   reason=exc.strerror or exc)) from None


def serve(options: BuildOptions, *, host: str, port: int, open_browser: bool, cat: Catalogue,
          builder: Any = None, watch: list[Path] | None = None) -> int:
    """Build, then serve and rebuild until interrupted. A national preview brings its own builder and
    the paths to watch (national.yaml, every region's folder, templates, static)."""
    check_output_folder(options.out)  # before the first build: a folder of someone else's files is refused
    for sock in listening_sockets(host, port, cat):  # and a port in use, before building for nothing; it
        sock.close()  # listens only once built, so that a connection accepted is answered from the first build
    state = PreviewState(options, cat, port, builder or Builder(options, keep=True), watch or [])
    loop = ioloop.IOLoop.current()
    # The watcher runs before the first build, so every save after the build began is reported (its
    # rebuild waits for the loop): only then may the builder trust its reports (follow_watcher).
    stop, watching = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch_loop, args=(state, loop, stop, watching), daemon=True)
    watcher.start()
    if watching.wait(timeout=30):
        state.builder.follow_watcher()
    rebuild(state)
    state.writer = _output_writer(state, loop)
    app = make_app(state)
    try:
        sockets = listening_sockets(host, port, cat)  # taken by another program during the build: said alike
    except UsageError:
        stop.set()
        state.writer.close()
        raise
    server = httpserver.HTTPServer(app)
    server.add_sockets(sockets)
    url = f"http://{host}:{port}/"
    print(cat.error("serve_ready", url=url), flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    # Ctrl+C stops the loop between two callbacks, whichever thread the kernel hands the signal to: one
    # taken by the watcher's or the writer's thread used to raise nothing here, and the server slept on in
    # its poll for ever. asyncio's handler wakes the loop through its own pipe. Once the loop is stopped,
    # a second Ctrl+C interrupts the writing of the last build as before.
    loop.asyncio_loop.add_signal_handler(signal.SIGINT, loop.stop)
    try:
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        loop.asyncio_loop.remove_signal_handler(signal.SIGINT)
        stop.set()
        server.stop()
        state.writer.close()  # what was served is on disk before the command returns
    return 0
