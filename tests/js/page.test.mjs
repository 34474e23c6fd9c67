/* What the results look like and how the page behaves: cards that say why and post to the right
   account, the not-found answer with its next steps, the query in the address, Enter and the keys,
   and a national build's province account (its index fields put onto the bundled index). */
import { it } from "./harness.mjs";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";
import { BASE, FIXTURE, fixture, open, settle, shared } from "./page.mjs";

const TEXT = fixture("blora/search-index.json").text;

/* The text of the post an X intent link prepares. */
function post(a) {
  const url = new URL(a.getAttribute("href"));
  assert.equal(url.origin + url.pathname, "https://x.com/intent/post");
  assert.equal(a.rel, "noopener noreferrer");
  assert.equal(a.className, "button");
  return url.searchParams.get("text");
}
/* The first card for a query, on a page shared by the tests that only read cards (one per site and index). */
async function firstCard(query, options = {}) {
  const page = await shared(`${options.site || "blora"} ${options.index ? options.index.name : ""}`, options);
  await page.ask(query);
  return { page, card: page.out.querySelector("ol > li") };
}

it("an active account's card: name, badge, when checked, the service, why, and a post to it", async () => {
  const { card } = await firstCard("banjir");
  const name = card.querySelector(":scope > a");
  assert.equal(name.textContent, "Badan Penanggulangan Bencana Daerah");
  assert.equal(name.getAttribute("href"), "akun/bpbd/");
  const badge = card.querySelector(".badge");
  assert.equal(badge.className, "badge badge-active");
  assert.equal(badge.textContent, "Aktif");
  assert.equal(card.querySelector(".checked").textContent, "diperiksa 10 Maret 2016 · perlu diperiksa ulang");
  assert.equal(card.querySelector(".checked .stale").textContent, " · perlu diperiksa ulang");
  assert.match(card.querySelector(".svc").textContent, /^Layanan: \S/);
  assert.equal(card.querySelector("p.reason").textContent, TEXT.route_reason_active);
  const button = card.querySelector("a.button");
  assert.equal(button.textContent, "Laporkan lewat X ke @BPBDBlora");
  assert.equal(post(button), "@BPBDBlora Mohon bantuan, saya ingin melaporkan: banjir");
  assert.equal(card.textContent.startsWith("Badan Penanggulangan Bencana Daerah Aktif diperiksa"), true);
  // Only the elements the stylesheet styles carry a class: no class="undefined" or class="" elsewhere.
  assert.equal(card.hasAttribute("class"), false);
  assert.equal(card.parentElement.hasAttribute("class"), false);
});

it("a card found by the agency's name names no service; found by a service, it names that one", async () => {
  assert.equal((await firstCard("bappeda")).card.querySelector(".svc"), null);
  assert.equal((await firstCard("musrenbang")).card.querySelector(".svc").textContent, "Layanan: Perencanaan pembangunan");
});

it("a dormant account's card leads to the fallback and tells it which agency", async () => {
  const { card } = await firstCard("PNS");
  assert.equal(card.querySelector(".badge").textContent, "Tidak aktif");
  const reason = card.querySelector("p.reason");
  assert.equal(reason.textContent, TEXT.route_reason_dormant + " Bagian Hubungan Masyarakat Sekretariat Daerah Kabupaten Blora");
  assert.equal(reason.querySelector("a").getAttribute("href"), "akun/humas/");
  const button = card.querySelector("a.button");
  assert.equal(button.textContent, "Laporkan lewat X ke @HumasBlora");
  assert.equal(post(button), "@HumasBlora Mohon bantuan, saya ingin melaporkan soal Badan Kepegawaian Daerah: PNS");
});

it("an agency without an account shows no date; a leader's badge says so", async () => {
  const { card } = await firstCard("demam berdarah");
  assert.equal(card.querySelector(".badge").textContent, "Belum ada akun");
  assert.equal(card.querySelector(".checked"), null);
  assert.equal(card.querySelector("p.reason").textContent.startsWith(TEXT.route_reason_missing + " "), true);
  const leader = open();
  await leader.ask("wakil bupati");
  const li = leader.out.querySelector("ol > li:has(> a[href='akun/wakil-bupati/'])");
  assert.equal(li.querySelector(".badge").className, "badge badge-leader");
  assert.equal(li.querySelector(".badge").textContent, TEXT.search_badge_leader);
});

it("a recently checked account is not marked stale; superseded and dormant-fallback cards say why", async () => {
  for (const [query, slug, reason, badge] of [["humas", "humas", "active", "Aktif"],
    ["arsip", "kantor-lama", "superseded", "Sudah tidak ada"], ["zeta", "dinas-zeta", "fallback_dormant", "Belum ada akun"]]) {
    const { card } = await firstCard(query, { site: "uji" });
    assert.equal(card.querySelector(":scope > a").getAttribute("href"), `akun/${slug}/`);
    assert.equal(card.querySelector(".badge").textContent, badge);
    assert.equal(card.querySelector("p.reason").textContent.startsWith(fixture("uji/search-index.json").text[`route_reason_${reason}`]), true);
    assert.match(post(card.querySelector("a.button")), /^@HumasUji /);
  }
  const { card } = await firstCard("humas", { site: "uji" });
  assert.equal(card.querySelector(".checked").textContent, "diperiksa 1 Oktober 2026");
  assert.equal(card.querySelector(".stale"), null);
});

it("an active account that has not posted for long: the card says so, as its page does", async () => {
  const { card } = await firstCard("gamelan", { site: "uji" });
  assert.equal(card.querySelector(":scope > a").getAttribute("href"), "akun/dinas-sepi/");
  assert.equal(card.querySelector(".badge").textContent, "Aktif");
  const html = readFileSync(path.join(FIXTURE, "uji", "akun", "dinas-sepi", "index.html"), "utf8");
  const onPage = new JSDOM(html).window.document.querySelector(".status-details p.warn").textContent;
  assert.match(onPage, /lama tidak mengunggah apa pun; mungkin tidak aktif lagi/);
  const warn = card.querySelectorAll("p.warn");
  assert.deepEqual(Array.from(warn, (p) => p.textContent), [onPage]);
  assert.equal(card.querySelector("p.reason + p.warn"), warn[0]);  // after why, before the button
  assert.equal(warn[0].nextElementSibling.className, "button");
  // One that posts, or whose post date nobody recorded, gets no such line.
  assert.equal((await firstCard("humas", { site: "uji" })).card.querySelector(".warn"), null);
  assert.equal((await firstCard("banjir")).card.querySelector(".warn"), null);
});

it("a post fits in 280 characters: the complaint is shortened, never the names", async () => {
  const long = "PNS kepegawaian " + "berbelit".repeat(40);
  const { card } = await firstCard(long);
  const text = post(card.querySelector("a.button"));
  assert.equal(xCount(text), 280);
  assert.equal(text.startsWith("@HumasBlora Mohon bantuan, saya ingin melaporkan soal Badan Kepegawaian Daerah: PNS kepegawaian berbelit"), true);
  assert.equal(text.endsWith("berbelit".slice(0, 3) + "\u2026") || text.endsWith("\u2026"), true);
  // A complaint that fits exactly is left whole.
  const head = "@HumasBlora Mohon bantuan, saya ingin melaporkan soal Badan Kepegawaian Daerah: ";
  const exact = "PNS " + "x".repeat(280 - head.length - 4);
  const fits = await firstCard(exact);
  assert.equal(post(fits.card.querySelector("a.button")), head + exact);
  const over = await firstCard(exact + "y");
  const cut = post(over.card.querySelector("a.button"));
  assert.equal(cut, head + exact.slice(0, -2) + "\u2026");  // X counts the ellipsis as two
  assert.equal(xCount(cut), 280);
});

/* The length of a post as X counts it (twitter-text's configuration v3): a link is 23 whatever its length,
   an emoji (a whole sequence) 2, a code point in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F or
   U+2032–U+2037 1, any other 2 ("…" too). */
function xCount(text) {
  let n = 0;
  const rest = text.normalize("NFC").replace(/https?:\/\/\S+|\b[\w.-]+\.(?:com|id|org|net|ly|co)\b\S*/gi, () => {
    n += 23;
    return "";
  });
  for (const { segment } of new Intl.Segmenter("id", { granularity: "grapheme" }).segment(rest)) {
    if (/\p{Extended_Pictographic}/u.test(segment)) { n += 2; continue; }
    for (const c of segment) {
      const x = c.codePointAt(0);
      n += x <= 0x10ff || (x >= 0x2000 && x <= 0x200d) || (x >= 0x2010 && x <= 0x201f) || (x >= 0x2032 && x <= 0x2037) ? 1 : 2;
    }
  }
  return n;
}

/* The audit's complaints: emoji, whose characters are pairs of UTF-16 units, beyond what a post holds. */
const EMOJI = [
  "ktp saya hilang waktu banjir kemarin \u{1F62D} sudah datang ke kantor dukcapil dua kali tapi disuruh balik terus " +
  "karena blangko habis katanya \u{1F621}\u{1F621} padahal butuh buat daftar kerja minggu depan \u{1F64F}\u{1F64F}\u{1F64F} " +
  "tolong dibantu pak, sudah capek bolak balik dari kecamatan jati \u{1F62D}\u{1F62D}\u{1F62D}",
  "ktp hilang, tolong dibantu " + "\u{1F64F}".repeat(110),
  "ktp hilang, tolong dibantu " + "\u{1F469}\u{200D}\u{1F467}\u{FE0F} ".repeat(60),  // sequences of several code points
];

it("a long complaint with emoji: cards, and a post cut between characters that X counts within 280", async () => {
  for (const query of EMOJI) {
    const page = open();
    const seen = await page.ask(query);
    assert.deepEqual(page.errors, []);
    assert.equal(seen.cards[0], "dindukcapil", query);
    for (const a of page.out.querySelectorAll("a.button")) {
      const text = post(a);
      assert.equal(text.isWellFormed(), true);  // no half of a pair left at the cut
      assert.ok(xCount(text) <= 280, `${xCount(text)}: ${text}`);
      const kept = text.slice(text.indexOf(": ") + 2, -1);
      assert.equal(text.endsWith("\u2026") && query.startsWith(kept), true, text);
      if (query !== EMOJI[2]) assert.ok(xCount(text) >= 280 - 2, `${xCount(text)}: ${text}`);  // cut no more than it must be
    }
  }
  // The audit's second complaint on its own card: 27 + 2 × 110 = 247 as X counts it, 54 of the head before
  // it; 54 + 27 + 2 × 98 + 2 ("…") = 279, and a 99th emoji would make 281.
  const page = open();
  await page.ask(EMOJI[1]);
  const text = post(page.out.querySelector("ol > li a.button"));
  assert.equal(text, "@dukcapil_blora Mohon bantuan, saya ingin melaporkan: " + EMOJI[1].slice(0, 27 + 2 * 98) + "\u2026");
});

it("a link is kept whole or left out, never cut, and a short one counts as X counts it (23)", async () => {
  const head = "@HumasBlora Mohon bantuan, saya ingin melaporkan soal Badan Kepegawaian Daerah: ";
  const link = "https://contoh.go.id/" + "foto".repeat(20);
  for (const query of ["PNS " + "x".repeat(280 - head.length - 4 - 23 - 1) + " " + link + " lagi",
    "PNS " + "x".repeat(150) + " " + link]) {
    const text = post((await firstCard(query)).card.querySelector("a.button"));
    assert.ok(xCount(text) <= 280 && text.endsWith("\u2026"), text);
    assert.equal(text.includes(link) || !text.includes("https://contoh"), true, text);
  }
  // 280 characters with a link of 10, which X counts as 23: over, and the link is left out.
  const short = "PNS " + "x".repeat(280 - head.length - 4 - 10 - 1) + " bit.ly/abc";
  assert.equal((head + short).length, 280);
  const text = post((await firstCard(short)).card.querySelector("a.button"));
  assert.ok(xCount(text) <= 280, text);
  assert.equal(text, head + short.slice(0, -10) + "\u2026");
});

it("a card that cannot be made leaves the others, and its agency's name, in place", async () => {
  // Disperkim's date made unreadable (a value that throws when read as text): its card cannot be made.
  const date = { toString() { throw new Error("unreadable"); } };
  const broken = (i) => ({ ...i, agencies: i.agencies.map((a) => (a[0] === "disperkim" ? [...a.slice(0, 7), date, 1] : a)) });
  const page = open({ index: broken });
  const seen = await page.ask("jalan rusak");
  assert.deepEqual(seen.cards.slice(0, 2), ["dpupr", "disperkim"]);
  const cards = page.out.querySelectorAll("ol > li");
  assert.equal(cards[1].querySelector(":scope > a").textContent, "Dinas Perumahan dan Kawasan Permukiman");
  assert.ok(cards[0].querySelector("a.button") && cards[2].querySelector("a.button"));
});

it("an emergency: a call button with the number, then who answers, before any card", async () => {
  const page = open();
  await page.ask("rumah saya terbakar");
  const p = page.out.firstChild;
  assert.equal(p.className, "emergency");
  assert.equal(p.textContent, "Darurat? Telepon 113 Pemadam kebakaran");
  const call = p.querySelector("a");
  assert.equal(call.textContent, "Darurat? Telepon 113");
  assert.equal(call.getAttribute("href"), "tel:113");
  assert.equal(call.className, "button");
  assert.equal(page.out.querySelector("p.emergency ~ ol > li > a").getAttribute("href"), "akun/satpol-pp/");
});

it("a card leads to the agency whose account takes its complaints, the first of the index too", async () => {
  // BKD's complaints made to go to Bappeda, the first agency of the index (0 is an agency, -1 none)
  const first = (i) => ({ ...i, agencies: i.agencies.map((a) => (a[0] === "bkd" ? [...a.slice(0, 5), 0, ...a.slice(6)] : a)) });
  const { card } = await firstCard("PNS", { index: first });
  assert.equal(card.querySelector(":scope > a").getAttribute("href"), "akun/bkd/");
  assert.equal(card.querySelector("p.reason a").getAttribute("href"), "akun/bappeda/");
});

it("not found: says so, offers to ask the fallback account and the national channel", async () => {
  const page = open();
  const seen = await page.ask("tagihan listrik pln");
  assert.deepEqual(seen.cards, []);
  const box = page.out.querySelector(".not-found");
  assert.deepEqual(Array.from(box.querySelectorAll(":scope > p"), (p) => [p.className, p.textContent]),
    [["help", TEXT.search_not_found], ["", TEXT.search_next_step]]);
  const links = box.querySelectorAll("ul > li > a");
  assert.equal(links.length, 2);
  assert.equal(links[0].textContent, "Tanyakan lewat X ke @HumasBlora");
  assert.equal(post(links[0]), "@HumasBlora Mohon bantuan, saya ingin melaporkan: tagihan listrik pln");
  assert.equal(links[1].textContent, "LAPOR!");
  assert.equal(links[1].getAttribute("href"), "https://www.lapor.go.id");
});

/* A regency of the national build whose own fallback takes no complaints: routes end at -1 and the
   province's account (`up`: name, handle, page, region) takes over (docs/national.md). */
const UP = ["Pemerintah Provinsi Jawa Tengah", "humasjateng", "../provinsi-jawa-tengah/", "Provinsi Jawa Tengah"];
const NATIONAL_TEXT = fixture("national.json").text;  // a region's posts say where the citizen lives
function national(index) {
  const f = index.fallback;
  return { ...index, up: UP, text: { ...index.text, ...NATIONAL_TEXT }, agencies: index.agencies.map((a) => (a[5] === f ? [...a.slice(0, 5), -1, ...a.slice(6)] : a)) };
}

it("national: a card with no target in the regency leads to the province's account", async () => {
  const { card } = await firstCard("PNS", { index: national });
  const link = card.querySelector("p.reason a");
  assert.equal(link.textContent, "Pemerintah Provinsi Jawa Tengah (Provinsi Jawa Tengah)");
  assert.equal(link.getAttribute("href"), "../provinsi-jawa-tengah/");
  assert.equal(card.querySelector("p.reason").textContent, TEXT.route_reason_dormant + " Pemerintah Provinsi Jawa Tengah (Provinsi Jawa Tengah)");
  assert.equal(post(card.querySelector("a.button")),
    "@humasjateng Mohon bantuan, saya ingin melaporkan soal Badan Kepegawaian Daerah di Kabupaten Blora: PNS");
});

it("national: not found offers the province's account when the regency's fallback takes none", async () => {
  const page = open({ index: national });
  await page.ask("qwzx");
  const links = page.out.querySelectorAll(".not-found li > a");
  assert.equal(links.length, 2);
  assert.equal(links[0].textContent, "Tanyakan lewat X ke @humasjateng");
  assert.equal(post(links[0]), "@humasjateng Mohon bantuan, saya warga Kabupaten Blora, ingin melaporkan: qwzx");
});

it("no account at all: the card and the not-found answer point to the national channel only", async () => {
  const orphan = function orphan(index) { const n = national(index); delete n.up; return n; };
  const { page, card } = await firstCard("PNS", { index: orphan });
  assert.equal(card.querySelector("a.button"), null);
  const p = card.querySelector(":scope > p:not(.reason)");
  assert.equal(p.textContent, TEXT.search_no_target + " LAPOR!");
  assert.equal(p.hasAttribute("class"), false);
  assert.equal(p.querySelector("a").getAttribute("href"), "https://www.lapor.go.id");
  await page.ask("qwzx");
  assert.deepEqual(Array.from(page.out.querySelectorAll(".not-found li > a"), (a) => a.textContent), ["LAPOR!"]);
  // Without a national channel either, the card says nothing more and Enter moves to the answer itself.
  const bare = open({ index: (i) => ({ ...orphan(i), lapor: [] }) });
  const seen = await bare.ask("PNS");
  assert.equal(seen.cards[0], "bkd");
  assert.equal(bare.out.querySelector("ol > li").querySelectorAll("a").length, 1);
  await bare.ask("qwzx");
  assert.equal(bare.out.querySelectorAll(".not-found li").length, 0);
  bare.input.focus();
  assert.equal(bare.submit().defaultPrevented, true);
  assert.equal(bare.document.activeElement, bare.out);
  assert.equal(bare.out.tabIndex, -1);
  await bare.ask("kecelakaan motor");  // no next step but the emergency number: Enter moves to it
  bare.input.focus();
  bare.submit();
  assert.equal(bare.document.activeElement.getAttribute("href"), "tel:119");
});

it("the query lives in the address: typed, shared, cleared, and brought back by Back", async () => {
  const page = open({ url: "?q=banjir%20besar" });
  await settle();
  assert.equal(page.input.value, "banjir besar");
  assert.equal(page.seen().cards[0], "bpbd");
  await page.ask("sampah & air");
  assert.equal(page.window.location.search, "?q=sampah%20%26%20air");
  assert.equal(page.window.location.pathname, new URL(BASE).pathname);
  await page.ask("sampah & air ");  // the address follows every keystroke
  assert.equal(page.window.location.search, "?q=sampah%20%26%20air%20");
  const before = page.replaced.length;
  page.input.dispatchEvent(new page.window.Event("input"));  // the same text again: no new entry
  assert.equal(page.replaced.length, before);
  await page.ask("  ");
  assert.equal(page.window.location.search, "");
  assert.equal(page.window.location.href, BASE);
  // Back to an address with a query: the box and the answer follow it.
  page.window.history.pushState(null, "", "?q=puskesmas");
  page.window.dispatchEvent(new page.window.PopStateEvent("popstate"));
  await settle();
  assert.equal(page.input.value, "puskesmas");
  assert.deepEqual(page.seen().cards, ["dinkes"]);
  page.window.history.pushState(null, "", "?x=1");
  page.window.dispatchEvent(new page.window.PopStateEvent("popstate"));
  await settle();
  assert.equal(page.input.value, "");
  assert.equal(page.out.childNodes.length, 0);
});

it("two letters typed on the way to a word get no verdict; Enter on them does (found by review: \"kt\")", async () => {
  const page = open({});
  await settle();
  let seen = await page.ask("kt");
  assert.equal(seen.notFound, false);
  assert.deepEqual(seen.cards, []);
  page.submit();
  await settle();
  assert.equal(page.seen().notFound, true);
  seen = await page.ask("ktx");
  assert.equal(seen.notFound, true);  // three letters: said as before
  assert.deepEqual((await page.ask("kk")).cards, ["dindukcapil"]);  // a two-letter word found is shown
});

it("an address without q= shows nothing; a value the browser restored is searched", async () => {
  const plain = open({ url: "?utm=x" });
  await settle();
  assert.equal(plain.out.childNodes.length, 0);
  assert.equal(plain.requests.length, 0);  // the index is fetched only when needed
  const restored = open({ value: "sampah" });
  await settle();
  assert.equal(restored.seen().cards[0], "dlh");
});

it("the index is fetched once, when the box gets focus", async () => {
  const page = open();
  assert.deepEqual(page.requests, []);
  page.input.focus();
  page.input.blur();
  page.input.focus();
  await settle();
  assert.deepEqual(page.requests, [page.input.form.dataset.index]);
  await page.ask("ktp");
  assert.equal(page.requests.length, 1);
});

it("Enter opens the first card only when it is clearly ahead", async () => {
  const page = open();
  await page.ask("KTP hilang");
  page.input.focus();
  assert.equal(page.submit().defaultPrevented, true);
  assert.deepEqual(page.opened, ["akun/dindukcapil/"]);
  await page.ask("jalan");  // roads and street lighting both fit: Enter moves to the first card
  page.input.focus();
  page.submit();
  assert.deepEqual(page.opened, ["akun/dindukcapil/"]);
  assert.equal(page.document.activeElement.getAttribute("href"), "akun/dpupr/");
  assert.equal(page.out.hasAttribute("tabindex"), false);  // only the answer itself is made focusable
  await page.ask("qwzx");  // not found: Enter moves to the first next step
  page.input.focus();
  page.submit();
  assert.equal(page.opened.length, 1);
  assert.equal(page.document.activeElement, page.out.querySelector(".not-found a"));
  await page.ask("kecelakaan motor");  // an emergency: Enter moves to the phone number, before the next step
  page.input.focus();
  page.submit();
  assert.equal(page.document.activeElement.getAttribute("href"), "tel:119");
  await page.ask("rumah saya terbakar");  // even when the first card is clearly ahead, no page is opened
  page.input.focus();
  page.submit();
  assert.equal(page.document.activeElement.getAttribute("href"), "tel:113");
  await page.ask("");
  page.input.focus();
  page.submit();
  assert.equal(page.document.activeElement, page.input);
  assert.equal(page.opened.length, 1);
});

it("Enter before the index has loaded waits for it, then answers as Enter does", async () => {
  const page = open();
  page.input.value = "KTP hilang";  // typed and sent before the index came (a slow network)
  assert.equal(page.submit().defaultPrevented, true);  // not the topic index, which drops the query
  assert.deepEqual(page.opened, []);
  await settle();
  assert.deepEqual(page.requests, [page.input.form.dataset.index]);
  assert.equal(page.seen().cards[0], "dindukcapil");
  assert.deepEqual(page.opened, ["akun/dindukcapil/"]);
  const unsure = open();
  unsure.input.value = "jalan";
  unsure.submit();
  await settle();
  assert.equal(unsure.document.activeElement.getAttribute("href"), "akun/dpupr/");
  // An index that cannot be had: the form is sent as without the script, to the topic index.
  const offline = open();
  const sent = [];
  offline.input.form.submit = () => sent.push(offline.input.value);
  offline.window.fetch = () => Promise.reject(new TypeError("Failed to fetch"));
  offline.input.value = "KTP hilang";
  assert.equal(offline.submit().defaultPrevented, true);
  await settle();
  assert.deepEqual(sent, ["KTP hilang"]);
});

it("arrow keys walk the cards and back to the box, Escape returns to it, / jumps to it", async () => {
  const page = open();
  await page.ask("jalan rusak");
  const cards = Array.from(page.out.querySelectorAll("ol > li > a:first-child"));
  page.input.focus();
  assert.equal(page.key(page.input, "ArrowDown").defaultPrevented, true);
  assert.equal(page.document.activeElement, cards[0]);
  page.key(page.document.activeElement, "ArrowDown");
  assert.equal(page.document.activeElement, cards[1]);
  page.key(page.document.activeElement, "ArrowUp");
  assert.equal(page.document.activeElement, cards[0]);
  page.key(page.document.activeElement, "ArrowUp");
  assert.equal(page.document.activeElement, page.input);
  cards[cards.length - 1].focus();
  page.key(cards[cards.length - 1], "ArrowDown");  // the last card stays
  assert.equal(page.document.activeElement, cards[cards.length - 1]);
  assert.deepEqual(page.errors, []);  // ... without an error thrown (no card after the last to focus)
  page.key(page.document.activeElement, "Escape");
  assert.equal(page.document.activeElement, page.input);
  assert.equal(page.key(page.input, "a").defaultPrevented, false);  // other keys type
  cards[2].focus();
  assert.equal(page.key(cards[2], "Tab").defaultPrevented, false);
  assert.equal(page.document.activeElement, cards[2]);
  // Not found: the arrows walk the next steps; with nothing shown they do nothing.
  await page.ask("qwzx");
  page.input.focus();
  page.key(page.input, "ArrowDown");
  assert.equal(page.document.activeElement, page.out.querySelector(".not-found li > a"));
  await page.ask("");
  page.input.focus();
  assert.equal(page.key(page.input, "ArrowDown").defaultPrevented, false);
  assert.equal(page.document.activeElement, page.input);
  // "/" anywhere but in a text field jumps to the box.
  page.input.blur();
  assert.equal(page.key(page.document.body, "/").defaultPrevented, true);
  assert.equal(page.document.activeElement, page.input);
  assert.equal(page.key(page.input, "/").defaultPrevented, false);
  const area = page.document.body.appendChild(page.document.createElement("textarea"));
  area.focus();
  assert.equal(page.key(area, "/").defaultPrevented, false);
  assert.equal(page.document.activeElement, area);
});

it("a page without the search form, or a browser without fetch: the words are there, nothing breaks", async () => {
  const bare = open({ html: "<!doctype html><p>Tidak ada formulir</p>" });
  assert.deepEqual(Array.from(bare.window.akunResmiText.stems("pelayanan")), ["layan", "pelayan"]);
  const old = open({ fetch: false });
  old.input.value = "ktp";
  old.input.dispatchEvent(new old.window.Event("input"));
  old.input.focus();
  await settle();
  assert.equal(old.out.childNodes.length, 0);
  assert.deepEqual(old.errors, []);
  assert.equal(bare.window.location.search, "");
});
