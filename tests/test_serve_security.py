"""The dev server over real HTTP: it binds 127.0.0.1 and never serves a file outside output/."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT, free_port

SECRET = "RAHASIA-DI-LUAR-OUTPUT"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """`build.py serve` on a temporary content tree, with a secret file beside output/."""
    base = tmp_path_factory.mktemp("serve")
    from test_bad_input import write_content  # the same small content tree

    write_content(base / "content")
    (base / "secret.txt").write_text(SECRET, encoding="utf-8")
    (base / "outside").mkdir()
    (base / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", "content", "--out",
                             "output", "--port", str(port), "--no-browser"], cwd=base,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1795824000"})
    try:
        _wait_until_listening(port, proc)
        # Links planted inside output/ after the first build, as a careless deploy script might.
        (base / "output" / "leak.txt").symlink_to(base / "secret.txt")
        (base / "output" / "outside").symlink_to(base / "outside")
        yield base, port
    finally:
        proc.kill()
        proc.wait(timeout=30)


def _wait_until_listening(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90  # a generous bound, not a speed assertion
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"serve exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("serve did not start listening")


def get(port: int, raw_path: str) -> tuple[int, bytes, dict[str, str]]:
    """Send the path exactly as written: no client-side normalisation of dots or escapes."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", raw_path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def get_raw(port: int, raw_path: bytes) -> bytes:
    """For request lines http.client refuses to send (backslashes, control characters)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"GET " + raw_path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def traversal_paths(base: Path) -> list[str]:
    absolute = str(base / "secret.txt")
    return [
        "/../secret.txt", "/../../secret.txt", "/./../secret.txt", "/static/../../secret.txt",
        "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt", "/..%2Fsecret.txt", "/static%2f..%2f..%2fsecret.txt", "/%2e%2e%5csecret.txt",
        "/..%5csecret.txt", "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/%c0%ae%c0%ae/secret.txt",
        "/..;/secret.txt", "/..%00/secret.txt", "/secret.txt%00.html", "/" + absolute, "//" + absolute.lstrip("/"),
        "/" + quote(absolute, safe=""), "/%2f" + quote(absolute.lstrip("/"), safe=""),
        "/leak.txt", "/outside/secret.txt", "/outside/", "/outside", "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd", "//etc/passwd", "/%2fetc%2fpasswd",
        "/proc/self/environ", "/../" + base.name + "/secret.txt",
    ]


def test_the_server_serves_the_site(server):
    """The refusals below mean something only if ordinary files are served."""
    base, port = server
    status, body, headers = get(port, "/")
    assert status == 200 and b"Akun Resmi Uji" in body
    status, body, _ = get(port, "/static/style.css")
    assert status == 200 and body == (base / "output" / "static" / "style.css").read_bytes()
    status, body, _ = get(port, "/akun/humas/")
    assert status == 200 and b"Bagian Humas" in body


@pytest.mark.parametrize("index", range(34))
def test_no_path_reaches_a_file_outside_output(server, index):
    base, port = server
    paths = traversal_paths(base)
    assert len(paths) == 34
    status, body, headers = get(port, paths[index])
    assert SECRET.encode() not in body, paths[index]
    assert b"root:x:0:0" not in body and b"PATH=" not in body, paths[index]
    assert status in (301, 302, 400, 404), (paths[index], status)
    location = headers.get("Location", "")
    assert not location.startswith(("//", "/\\")), (paths[index], location)


@pytest.mark.parametrize("raw", [b"/..\\secret.txt", b"/..\\..\\secret.txt", b"/static\\..\\..\\secret.txt",
                                 b"\\..\\secret.txt", b"/%5c..%5csecret.txt", b"/\\akun", b"//akun",
                                 b"/\\/akun/humas", b"http://127.0.0.1/../secret.txt"])
def test_backslashes_and_odd_request_lines_stay_inside(server, raw):
    _, port = server
    response = get_raw(port, raw)
    assert SECRET.encode() not in response
    head = response.split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"location:"):
            target = line.split(b":", 1)[1].strip()
            assert not target.startswith((b"//", b"/\\")), target  # no redirect to another host


def test_binds_to_loopback_only_by_default(server):
    _, port = server
    listening = _listening_addresses(port)
    assert listening == {"127.0.0.1"}, listening


def test_cannot_be_reached_from_another_address_of_this_machine(server):
    _, port = server
    other = _non_loopback_address()
    if other is None:
        pytest.skip("this machine has no network address besides loopback (127.0.0.1), so a connection "
                    "from another address cannot be tried here")
    with pytest.raises(OSError):
        socket.create_connection((other, port), timeout=2).close()


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket in LISTEN state on the port, from the kernel's own tables."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(_decode_address(address, width))
    return found


def _decode_address(hex_address: str, width: int) -> str:
    raw = bytes.fromhex(hex_address)
    if width == 8:
        return socket.inet_ntop(socket.AF_INET, raw[::-1])
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    return socket.inet_ntop(socket.AF_INET6, words)


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET: no packet is sent for a UDP connect
            address = sock.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_the_kernel_table_shows_a_listener_on_every_address():
    """The check above can fail: a socket listening on all addresses is read as 0.0.0.0, not 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("0.0.0.0", 0))
        sock.listen()
        assert _listening_addresses(sock.getsockname()[1]) == {"0.0.0.0"}


BUILT = {"index.html": b"home", "akun/humas/index.html": b"humas", "static/style.css": b"css", "404.html": b"404"}


@pytest.mark.parametrize("url_path, found", [
    ("", "index.html"), ("index.html", "index.html"), ("akun/humas/", "akun/humas/index.html"),
    ("akun/humas", "akun/humas/index.html"), ("akun//humas/./", "akun/humas/index.html"),
    ("static/style.css", "static/style.css"), ("static\\style.css", "static/style.css"),
    ("akun/", None), ("static/", None), ("akun/humas/../../index.html", None), ("../index.html", None),
    ("akun/humas/index.html\x00", None), ("akun/bkd/", None), (".akunresmi-output", None),
])
def test_a_url_names_only_a_file_the_build_made(url_path, found):
    from akunresmi.commands.serve import built_file

    assert built_file(BUILT, url_path) == found
