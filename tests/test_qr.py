"""Every poster's QR code, read back by a real decoder (zxing-cpp), opens that agency's own page."""

from __future__ import annotations

import re

from akunresmi.build.pipeline import BuildOptions, read_content, render_directory
from conftest import ROOT
from akunresmi.site.posters import QR_MASK
from qrdecode import codes_in_svg

BASE = "https://contoh.go.id/direktori/"
POSTER = re.compile(r"^akun/([a-z0-9-]+)/poster/index\.html$")


def test_every_poster_qr_code_decodes_to_its_agency_page(tmp_path):
    options = BuildOptions(ROOT / "content", tmp_path / "out", base_url=BASE)
    files = render_directory(read_content(options), options)
    posters = {m.group(1): files[p].decode("utf-8") for p in files if (m := POSTER.match(p))}
    assert len(posters) == len(list((ROOT / "content" / "agencies").glob("*.yaml")))
    for slug, page in posters.items():
        svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
        codes = codes_in_svg(svg)
        assert [code.text for code in codes] == [f"{BASE}akun/{slug}/"], slug
        # the fixed mask, not one searched for per poster (four fifths of the encoder's time)
        assert codes[0].extra["DataMask"] == QR_MASK, slug
