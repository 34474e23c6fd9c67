"""A file given in pieces (akunresmi/pieces.py) is written, compared and kept exactly as its bytes
joined would be: the exports come this way, each agency's rows between separators, never joined in
the process that writes the site."""

from __future__ import annotations

import io
import os

import pytest

from akunresmi.build.write import Staging, WriteStats
from akunresmi.pieces import Pieces, as_bytes, pieces, same_as_file, separated, write_into
from test_write_swap import listing

ROWS = [b'{"slug":"bkd"}', b'{"slug":"dinkes"}', b"", b'{"slug":"humas"}']


@pytest.mark.parametrize("items", [[], [b"a"], ROWS, [b"", b""]])
def test_separated_pieces_join_to_what_join_gives(items):
    assert b"".join(separated(items, b",")) == b",".join(items)
    assert bytes(pieces([b"[", *separated(items, b","), b"]"])) == b"[" + b",".join(items) + b"]"


def test_separated_lists_of_pieces_as_the_exports_nest_them():
    fields = [[b'"a":', b"1"], [b'"b":', b"[", b"2", b"]"]]
    flat = [part for field in separated(fields, [b","]) for part in field]
    assert b"".join(flat) == b'"a":1,"b":[2]'


def test_pieces_measure_compare_and_convert_as_their_bytes():
    data = pieces([b"ab", b"", b"cde"])
    assert len(data) == 5
    assert bytes(data) == as_bytes(data) == b"abcde" and type(as_bytes(data)) is bytes  # joined, not the pieces
    assert data == b"abcde" and b"abcde" == data and data == pieces([b"abc", b"de"])
    assert data == pieces(data.parts) and pieces([b"ab", b"", b"cde"]) == data  # the same parts, other objects
    assert data != b"abcdf" and data != b"abcd" and data != pieces([b"abcdef"])
    assert as_bytes(b"xy") == b"xy"
    with pytest.raises(TypeError):
        hash(data)  # equal to bytes of another hash: never a key


@pytest.mark.parametrize("data", [b"abcde", pieces([b"ab", b"", b"cde"])])
def test_written_pieces_are_the_bytes(data):
    fh = io.BytesIO()
    write_into(fh, data)
    assert fh.getvalue() == b"abcde"


@pytest.mark.parametrize("held, same", [
    (b"abcde", True),
    (b"abcdX", False),  # the last piece differs
    (b"Xbcde", False),  # the first
    (b"abcd", False),  # shorter
    (b"abcdef", False),  # longer: everything given matched, and more follows
])
def test_a_file_is_the_same_only_when_every_byte_matches(held, same):
    data = pieces([b"ab", b"", b"cd", b"e"])
    assert same_as_file(io.BytesIO(held), data) is same
    assert same_as_file(io.BytesIO(held), b"abcde") is same


def test_staging_writes_pieces_and_links_them_when_the_output_holds_the_same_bytes(tmp_path):
    out = tmp_path / "output"
    export = pieces([b"<urlset>\n", *separated(ROWS, b"\n"), b"</urlset>\n"])
    with Staging(out) as staging:
        staging.put("sitemap.xml", export)
        staging.put("index.html", b"home")
        staging.commit()
    assert (out / "sitemap.xml").read_bytes() == bytes(export)
    first = os.stat(out / "sitemap.xml").st_ino

    with Staging(out) as staging:  # the same pieces again: linked, not written
        staging.put("sitemap.xml", pieces([bytes(export)]))
        staging.put("index.html", b"home")
        staging.commit()
    assert staging.stats == WriteStats(2, 0, 2)
    assert os.stat(out / "sitemap.xml").st_ino == first

    changed = pieces([*export.parts[:-1], b"</urlset>\r\n"])  # one byte more, at the very end
    with Staging(out) as staging:
        staging.put("sitemap.xml", changed)
        staging.put("index.html", b"home")
        staging.commit()
    assert staging.stats == WriteStats(2, 1, 1)
    assert listing(out)["sitemap.xml"] == bytes(changed)


def test_pieces_of_a_file_that_shrank_are_written_not_linked(tmp_path):
    out = tmp_path / "output"
    with Staging(out) as staging:
        staging.put("data.csv", b"a,b\r\n1,2\r\n")
        staging.commit()
    with Staging(out) as staging:
        staging.put("data.csv", Pieces((b"a,b\r\n",)))
        staging.commit()
    assert staging.stats == WriteStats(1, 1, 0)
    assert (out / "data.csv").read_bytes() == b"a,b\r\n"


class _CountingFile:
    """A file that counts the writes it is given (each one a system call on a file without a buffer)."""

    def __init__(self) -> None:
        self.data, self.writes = bytearray(), 0

    def write(self, data: bytes) -> int:
        self.writes += 1
        self.data += data
        return len(data)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def getvalue(self) -> bytes:
        return bytes(self.data)


def test_pieces_are_written_a_megabyte_at_a_time_as_their_bytes_joined():
    """Written one by one, 240,000 pieces of exports went through an 8 KB buffer: a system call per 8 KB."""
    from akunresmi.pieces import CHUNK

    parts = [bytes([i % 251]) * (i % 700) for i in range(12_000)] + [b"x" * (3 * CHUNK), b"", b"tail"]
    data = pieces(parts)
    fh = _CountingFile()
    write_into(fh, data)
    assert fh.getvalue() == b"".join(parts)
    assert fh.writes <= len(data) // CHUNK + 1
    small = _CountingFile()
    write_into(small, b"whole")
    assert small.getvalue() == b"whole" and small.writes == 1
