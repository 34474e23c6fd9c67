/* A built home page in jsdom with the real static/search.js, as a citizen's browser runs it: the page's
   own HTML, a fetch that serves the built search-index.json, and the script read from the repository
   unchanged (under StrykerJS, the mutated copy in its sandbox). No browser, no server. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { JSDOM, VirtualConsole } from "jsdom";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
// AKUNRESMI_SEARCH_JS: another copy of the script, to measure a change against the one before it.
const SCRIPT = readFileSync(process.env.AKUNRESMI_SEARCH_JS || path.join(ROOT, "static", "search.js"), "utf8");
// Where the built site is served from, as on GitHub Pages: the script must keep links relative.
export const BASE = "https://contoh.github.io/akun-resmi/";

/* The folder tests/js/fixture.py writes: given by AKUNRESMI_JS_FIXTURE (make, pytest), or built here. */
function fixtureDir() {
  if (process.env.AKUNRESMI_JS_FIXTURE) return process.env.AKUNRESMI_JS_FIXTURE;
  const dir = mkdtempSync(path.join(os.tmpdir(), "search-js-"));
  const venv = path.join(ROOT, ".venv", "bin", "python");
  const made = spawnSync(existsSync(venv) ? venv : "python3", [path.join(HERE, "fixture.py"), dir], { stdio: "inherit" });
  if (made.status !== 0) throw new Error("tests/js/fixture.py failed");
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
export const FIXTURE = fixtureDir();
export function fixture(name) {
  return JSON.parse(readFileSync(path.join(FIXTURE, name), "utf8"));
}

/* Settles the script's promises (fetch, json, then show): two turns of the event loop. */
export function settle() {
  return new Promise((resolve) => setTimeout(() => setTimeout(resolve, 0), 0));
}

/* One page for many queries. Under StrykerJS a page must run the script with the mutant being tested,
   and in its first run (no mutant active) each test must run the whole script itself, so that Stryker
   sees every test that reaches a line; otherwise one page serves all. */
const sharedPages = new Map();
export async function shared(name = "home", options = {}) {
  const ns = globalThis[process.env.STRYKER_NAMESPACE || "__stryker__"];
  const mutant = ns ? ns.activeMutant : null;
  const known = sharedPages.get(name);
  if (!known || mutant === undefined || known.mutant !== mutant) {
    sharedPages.set(name, { mutant, page: open(options) });
    await settle();
  }
  return sharedPages.get(name).page;
}

/**
 * Opens the home page of a fixture site with the script running.
 * site: "blora" (the bundled content) or "uji" (the small site); url: what follows BASE ("?q=…");
 * index: changes the served index (a national build's fields); fetch: false for a browser without it;
 * html: another page; value: what the browser restored into the box before the script ran.
 */
export function open({ site = "blora", url = "", index = (x) => x, fetch = true, html, value } = {}) {
  const dir = path.join(FIXTURE, site);
  const errors = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("jsdomError", (e) => errors.push(e));
  const dom = new JSDOM(html ?? readFileSync(path.join(dir, "index.html"), "utf8"),
    { url: BASE + url, runScripts: "outside-only", virtualConsole });
  const { window } = dom;
  const { document } = window;
  const requests = [], opened = [], replaced = [];
  if (fetch) {
    window.fetch = (href) => {
      requests.push(href);
      const rel = new URL(href, window.location.href).pathname.slice(new URL(BASE).pathname.length);
      const data = index(JSON.parse(readFileSync(path.join(dir, rel), "utf8")));
      return Promise.resolve({ json: () => Promise.resolve(data) });
    };
  }
  // Following a link: recorded, not navigated (jsdom cannot navigate).
  document.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest("a");
    if (a) { opened.push(a.getAttribute("href")); e.preventDefault(); }
  });
  const replaceState = window.history.replaceState.bind(window.history);
  window.history.replaceState = (state, title, href) => { replaced.push(href); replaceState(state, title, href); };
  const input = document.querySelector("form.search input");
  if (input && value !== undefined) input.value = value;
  // Under StrykerJS the instrumented script looks for its switch on its own global object, which here
  // is the page's window: hand it the one Stryker's hook made in this process.
  const ns = process.env.STRYKER_NAMESPACE || "__stryker__";
  if (globalThis[ns]) {
    if (globalThis[ns].activeMutant === undefined && process.env.__STRYKER_ACTIVE_MUTANT__) {
      globalThis[ns].activeMutant = process.env.__STRYKER_ACTIVE_MUTANT__;
    }
    window[ns] = globalThis[ns];
  }
  window.eval(SCRIPT);
  const out = document.getElementById("hasil");

  /* What the citizen sees in the results. */
  function seen() {
    const all = (sel) => Array.from(out ? out.querySelectorAll(sel) : []);
    return {
      cards: all("ol > li > a:first-child").map((a) => a.getAttribute("href").split("/").slice(-2)[0]),
      notFound: all(".not-found").length > 0,
      phones: all("a[href^='tel:']").map((a) => a.getAttribute("href").slice(4)),
      help: all(":scope > p.help").map((p) => p.textContent).join(""),
    };
  }
  /* Types a query (the whole text at once, as a paste) and waits for the answer. */
  async function ask(query) {
    input.value = query;
    input.dispatchEvent(new window.Event("input"));
    await settle();
    return seen();
  }
  function key(target, name) {
    const e = new window.KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true });
    target.dispatchEvent(e);
    return e;
  }
  function submit() {
    const e = new window.Event("submit", { bubbles: true, cancelable: true });
    input.form.dispatchEvent(e);
    return e;
  }
  return { window, document, input, out, ask, seen, key, submit, requests, opened, replaced, errors };
}
