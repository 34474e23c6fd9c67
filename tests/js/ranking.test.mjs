/* The answers a citizen gets on the bundled Blora directory: which agencies' cards come, in what order,
   or the honest "not found"; and the emergency numbers put before them. Queries from
   tests/relevance/queries.yaml and tests/test_browser.py (and a few of the same kind), chosen so that each way a word can match or
   weigh is used: exact, stem, prefix while typing, typo, synonym, everyday, outside, place, region. */
import { it } from "./harness.mjs";
import assert from "node:assert/strict";
import { open, shared } from "./page.mjs";


/* query → the cards that must come first, in this order ([] = "not found", no card at all). */
const FIRST = [
  ["puskesmas", ["dinkes"]],                          // exact word
  ["Bappeda", ["bappeda"]], ["BKD", ["bkd"]],          // an agency's short name alone
  ["perizinan", ["dpmptsp", "kesbangpol"]],            // by stem: perizinan ~ izin
  ["pelayanan kependudukan", ["dindukcapil"]],
  ["ngurus ktp", ["dindukcapil"]],                     // informal prefix ng- (ngurus ~ urus)
  ["puskes", ["dinkes"]],                              // the last word as a prefix while typing
  ["jemba", ["dpupr"]],
  ["jem", ["dpupr"]],                                  // three letters are enough for a prefix (jembatan)
  ["jemba rusak", []],                                 // ... of the last word only: one before it is typed
  ["musholla rusak", ["setda"]],                       // me- only where that makes a known word: not memusholla
  ["cegah stun", ["dinkes"]],                         // stunting being typed, not satuan respelt
  ["kependudukn", ["dindukcapil"]],                    // a vowel left out (respelt)
  ["puskemas", ["dinkes"]],                            // a consonant left out: one typo, not respelt
  ["puskesmus", ["dinkes"]],                           // one letter wrong: one typo
  ["puskesmsa", ["dinkes"]],                           // two letters swapped
  ["puskesamas", ["dinkes"]],                          // one letter too many, where a swap would not do
  ["sawha", ["distanpan"]],                            // five letters are enough for a typo (sawah)
  ["puskesmxy", []], ["puskesxms", []], ["puskesaxs", []],  // two letters wrong are not one slip
  ["e-ktp", ["dindukcapil"]], ["KK", ["dindukcapil"]],  // synonyms and abbreviations
  ["kantor pu", ["dpupr"]], ["perkim", ["disperkim"]],  // ... an agency's everyday name
  ["wong cacat ora oleh bantuan", ["dinsos"]],
  ["perawat rsud ruang anak ramah", ["rsud"]],        // the agency the query names is the one it addresses
  ["surat terbuka buat bupati soal petani", ["bupati"]],
  ["pak wakil bupati tolong jalan desa", ["wakil-bupati", "dpupr"]],  // ... wakil bupati names the deputy, not the bupati
  ["aduan di lapor ga dibales", ["diskominfo"]],       // LAPOR!, the national channel, is named by a stop word
  ["trotoar ambles bahaya buat pejalan kaki", ["dpupr"]],  // kaki is an everyday word: a pedestrian is no kaki lima
  ["jalan berlubang", ["dpupr", "disperkim"]],
  ["demam berdarah", ["dinkes"]],
  ["ktp blora", ["dindukcapil"]],                      // the region's name says nothing
  ["kabupaten blora", []],                             // ... alone, nothing at all
  ["kecamatan blora", ["kecamatan-blora"]],            // ... except in the kecamatan's own name
  ["kec blora", ["kecamatan-blora"]],
  ["camat blora", ["kecamatan-blora"]],                // ... or the camat's
  ["kelurahan di cepu", ["kecamatan-cepu"]],           // a kelurahan works under its kecamatan
  ["limbah minyak sumur tua cepu mencemari sawah", ["dlh"]],  // a place says where, not what
  ["kantor camat randublatung tutup", ["kecamatan-randublatung"]],  // ... unless the office is meant
  ["sampah menumpuk di banjarejo", ["dlh"]],            // ... DLH, not the kecamatan named beside (the first place)
  ["randublatung", ["kecamatan-randublatung"]],        // ... or nothing else is said
  ["banjarejo", ["kecamatan-banjarejo"]],              // ... the first place of the list too
  ["randublatung subuh", ["kecamatan-randublatung"]],  // ... nothing the directory knows: subuh it never uses
  ["bidan desa jarang ada di tempat", ["dinkes"]],     // the rarer word weighs more: bidan, not desa
  ["bphtb jual beli rumah bayarnya dimana", ["dppkad"]],  // the tax named decides, not the words around it
  ["galian proyek dibiarkan terbuka bahaya", ["dpupr"]],  // two words side by side in one service count more
  ["penggalian proyek dibiarkan terbuka bahaya", ["dpupr"]],  // ... the first matched by its stem (galian)
  ["kader posyandunya", ["dinkes"]], ["seleksi perangkatnya", ["dispermades"]],  // ... or the second
  ["punk pengemis", ["satpol-pp"]],                   // ... or one word apart (anak punk dan pengemis)
  ["kawasan rokoknya", ["dinkes"]],                    // ... the second matched by its stem (kawasan tanpa rokok)
  ["bank sampah di desa", ["dlh"]],                    // one outside word against stronger evidence
  ["polisi tidur", ["dishub"]],                        // an outside word inside a longer synonym phrase
  ["polisi tidurnya terlalu tinggi", ["dishub"]],      // ... whose last word has an ending (-nya)
  ["kartu keluarganya hilang", ["dindukcapil"]],       // a synonym phrase with an ending is still its concept (kartu keluarga)
  ["polisi minta uang di jalan rusak", []],            // ... not one beside it (jalan rusak)
  ["iuran bpjs kesehatan nunggak mau dicicil", []],    // ... nor one that overlaps it (bpjs kesehatan)
  ["jalan rusak tapi polisi diam saja", []],           // ... nor one after it
  ["jalan rusak tapi polisinya diam saja", []],        // ... an outside word with an ending (-nya) too
  ["registrasi sim card gagal", ["dindukcapil"]],     // one outside word in a service's keyword phrase (Dukcapil's "sim card")
  ["adik saya pmi, paspornya ditahan majikan", ["disnakertrans"]],  // ... with an ending (migrant workers' "paspor ditahan majikan")
  ["perpanjang sim", []],                              // ... not alone (the driving licence: the police)
  ["spbu takarannya kurang", ["disperindag"]],         // ... in either order (metrology's "takaran SPBU")
  ["bbm di spbu langka", []],                          // ... and only beside that word (fuel supply: Pertamina)
  ["sampah di tps numpuk", ["dlh"]],                   // TPS: the waste site; a polling station's complaint names more (KPU, pemilu)
  ["@bpbdblora banjri setinggi lutut", ["bpbd"]],      // a post tags an agency's own X handle: a name, not an unknown word
  ["@BPBDBlora", ["bpbd"]],                           // ... the handle alone names it
  ["jembatan di tengah hutan putus", ["dpupr"]],       // the forest is where, not whose (Perhutani's: its land, below)
  ["gelandangan tidur di depan stasiun", ["dinsos"]],  // ... as is a body named as a landmark (depan, dekat, samping …)
  ["utang tetangga ga dibayar", []],                   // a private debt is a court's (or the police's), not an agency's
  ["hutang tetangga 5 juta ga dibalikin", []],         // ... however spelt
  ["hutang pbb belum lunas", ["dppkad"]],              // ... but a debt the directory names is its matter (phrases only)
  ["arisan pkk", ["dispermades"]], ["bumdes utang", ["dispermades"]],
  ["desa saya rawan narkoba", []],                     // what a place is prone to, when no emergency number answers it, is the matter
  ["the government should lower fuel prices", []],    // fuel is Pertamina's, in English too
  ["pesanggem lahan hutan diusir mandor", []],
  ["kejar paket c", ["disdik"]],
  ["kdrt, lapor ke mana selain polisi", ["dp3ap2kb"]], // an outside body ruled out is dropped
  ["selain polisi, kdrt lapor ke mana", ["dp3ap2kb"]], // ... the body alone, not the word after it
  ["bukankah polisi yang menindak balap liar", []],    // bukankah (isn't it) names the police, it rules nothing out
  ["anak saya bukan pelaku, polisi salah tangkap", []],  // ... only the one right after selain, kecuali, bukan
  ["perlintasan kereta api tanpa palang, kereta apinya ngebut", ["dishub"]],  // ... said again, it is the same phrase's
  ["perlintasan kereta api tanpa palang, kereta api ngebut", ["dishub"]],
  ["paket belum datang", []], ["paket alamat salah", []],  // a courier's parcel: paket b, paket a only whole
  ["zonasi ppdb sma", []],                             // an outside body outweighs two directory words
  ["jalan rusak di bojonegoro arah padangan", []],     // a neighbouring region named (site.yaml's nearby) is outside
  ["rsud rembang pelayanannya buruk", []],             // ... even with the agency's own short name
  ["rsud blora nolak pasien, akhirnya dibawa ke bojonegoro", ["rsud"]],  // ... unless this region is named too
  ["pasar ngawen becek", ["disperindag"]],             // a place of the region that begins like one (ngawi) is not it
  // More than three words the directory never uses tell no more against it: a long story's details
  ["kerupuk di pasar kayaknya pake boraks, renyah ga wajar, tolong dicek", ["dinkes"]],
  ["penerbangan jakarta semarang delay", []],          // ... but three of them and a weak word still do
  ["akte lahir anak tapi buku nikah ortu hilang", ["dindukcapil"]],  // ... an outside phrase of two words weighs as one
  ["akta kelahiran, ortu ga punya buku nikah", ["dindukcapil"]],
  ["anak 15 thn mau dinikahkan 17 agustus", ["dp3ap2kb"]],  // a number is a detail, never against (agustus is)
  ["sekolah", ["disdik", "dishub"]], ["kesehatan", ["dinkes", "dinakkan"]],
  ["jalan rusak", ["dpupr", "disperkim"]],
  ["KDRT", ["dp3ap2kb"]],
  ["sampah dibakar", ["dlh"]],
  ["akta kelahiran anak", ["dindukcapil"]],
  ["lost my id card in blora, how to replace", ["dindukcapil"]],
  ["wong edan ngamuk", ["dinsos"]], ["omahe kelebon banyu", ["bpbd"]],  // Javanese (odgj, banjir)
  ["susuk kb kadaluwarso", ["dp3ap2kb"]],              // an implant's everyday name
  ["dalan rusak ora didandani wis pirang taun", ["dpupr"]],
  ["pelayanan kantor lambat", []],                    // only everyday words
  ["jalam rusak parah", ["dpupr"]],                     // an everyday word (jalan) weighs half when reached by a typo too: not rawat jalan
  ["kebijakan", []],                                   // a word only in descriptions is no evidence
  ["kartu hilang", []],                                // which card?
  ["paspor hilang", []],                               // a body outside the regency
  ["paspor", []],
  ["sertifikat tanah belum jadi", []],                 // an outside phrase whose words the directory uses
  ["sertifikat tanahnya belum jadi", []],              // ... its last word with an ending
  ["tagihan listrik pln", []],
  ["skck buat lamar kerja", []], ["uang palsu", []],   // the police's
  ["surat pengantar skck kecamatan jepon", ["kecamatan-jepon"]],  // ... but the letter for it is the kecamatan's
  ["mau laporin tetangga", []],                        // a verb of complaining in any form is a stop word
  ["camat", []],                                       // a word sixteen agencies share
  ["tolong saya", []],                                 // stop words only
  ["qwzx", []],                                        // a word the directory never uses
  ["e", []],                                           // a letter alone ("gendheng e": Javanese -e written apart)
  ["subuh", []],
  ["rmh", []],                                         // vowels left out: rumah, an everyday word, not ramah
  ["gj", []],                                          // two letters are too few to be read as gaji
  ["batu", []],                                        // four letters are too few for a typo of bantu
  ["sapik", []],                                       // ... and a word of four, sapi, too short to be slipped on
  ["sapii", ["dinakkan"]],                             // ... but a last letter typed twice is read once (sapi)
  ["ktpp ilang", ["dindukcapil"]],
  ["ppbd sd kapan dibuka", ["disdik"]],                // four letters: two after the first swapped (ppdb)
  ["street lights broken", ["disperkim"]],             // an English plural read singular: the phrase street light
  ["dukcapli ngantri lama dipanggil", ["dindukcapil"]],  // an unknown word that stems to an everyday one (antri) is not against
  ["bolos di jiken jepon sambong kunduran", ["bkd"]],  // places left out are not unknown words against the answer
  ["perdagangan orang, sodara dijual ke luar negeri", ["dp3ap2kb"]],  // the first sure one of the best three comes first
  ["spmb sma negeri zonasi", []],                      // a one-word alias (spmb: ppdb) is one piece of evidence, not two
  ["jual narkoba", []], ["pinjam kur di bri", []], ["harga emas di pegadaian", []],  // outside bodies by class
  ["pelatihan jualan online di shopee buat umkm", ["dinkop-umkm"]],  // ... but a shop on a marketplace is a business
  ["akun gojek diblokir", []], ["bsu belum cair", []], ["mobile jkn error", []],
  ["njng", []],                                        // a shortened word keeps its first letter: not anjing
  ["kain", []],                                        // five letters ending in -in are no Jakartan -in: not kakan (pakan)
  ["salin", ["dinarpus", "dinkes"]],                   // ... but a word: the stem of salinan (copies) and persalinan, not salkan
];

for (const [query, first] of FIRST) {
  it(`${JSON.stringify(query)} → ${first.length ? first.join(", ") : "not found"}`, async () => {
    const page = await shared();
    const seen = await page.ask(query);
    assert.deepEqual(seen.cards.slice(0, first.length), first, `cards: ${seen.cards}`);
    // two letters or fewer, typed, get no verdict yet (page.test.mjs): no card is what counts
    assert.equal(seen.notFound, first.length === 0 && query.trim().length > 2);
    if (!first.length) assert.deepEqual(seen.cards, []);
  });
}

/* A link or an e-mail address in a complaint is where to look, not what about: its words (instagram, com,
   foto, jpg, gmail) count neither for nor against any agency, and the post keeps it. */
const LINKED = [
  ["jalan rusak parah", "jalan rusak parah, foto: https://instagram.com/p/abc"],
  ["jalan rusak", "jalan rusak https://example.com/foto.jpg"],
  ["jalan rusak", "jalan rusak, foto di instagram.com/p/abc"],       // a link without its scheme
  ["jalan rusak", "jalan rusak www.example.com/foto"],
  ["jalan rusak", "jalan rusak HTTP://EXAMPLE.COM"],
  ["jalan rusak parah, balas ke", "jalan rusak parah, balas ke warga.cepu@gmail.com"],
  ["ktp hilang", "https://x.com/warga/status/1 ktp hilang"],          // first or last
];
for (const [plain, linked] of LINKED) {
  it(`${JSON.stringify(linked)} is answered as ${JSON.stringify(plain)}`, async () => {
    const page = await shared();
    const without = await page.ask(plain);
    assert.notEqual(without.cards.length, 0);
    const seen = await page.ask(linked);
    assert.deepEqual(seen, without);
    const url = new URL(page.out.querySelector("ol > li a.button").getAttribute("href"));
    assert.equal(url.searchParams.get("text").endsWith(": " + linked), true);
  });
}

it("a link alone says nothing the directory knows, whatever its words", async () => {
  const page = await shared();
  assert.deepEqual((await page.ask("https://example.com/jalan-rusak/ktp-hilang")).cards, []);
  assert.equal(page.seen().notFound, true);
  assert.deepEqual((await page.ask("jalan.rusak@example.com")).cards, []);
  // A word that only looks like a link is still a word: a full stop without a space after it.
  assert.deepEqual((await page.ask("jalan rusak.tolong")).cards.slice(0, 1), ["dpupr"]);
});

it("an empty query shows nothing at all", async () => {
  const page = await shared();
  await page.ask("ktp");
  const seen = await page.ask("   ");
  assert.equal(page.out.childNodes.length, 0);
  assert.deepEqual(seen, { cards: [], notFound: false, phones: [], help: "" });
});

it("at most eight cards, counted in the help line", async () => {
  const page = await shared();
  const seen = await page.ask("kantor kecamatan jepon cepu blora kunduran todanan japah ngawen kradenan jiken");
  assert.equal(seen.cards.length, 8);  // nine kecamatan named, each as likely
  assert.equal(seen.help, "8 instansi cocok.");
});

it("a card after the first only from a fifth of the first's score: no agency on one word in common", async () => {
  const page = await shared();
  assert.deepEqual((await page.ask("KTP hilang")).cards, ["dindukcapil"]);  // not the library's lost books
  assert.deepEqual((await page.ask("pelayanan kependudukan")).cards, ["dindukcapil", "dp3ap2kb"]);
  // A second right answer stays: street lights are Disperkim's or Dishub's.
  assert.deepEqual((await page.ask("lampu jalan mati")).cards.slice(0, 2), ["disperkim", "dishub"]);
});

it("the count says when the first answer is not clearly ahead", async () => {
  const page = await shared();
  assert.equal((await page.ask("KTP hilang")).help, "1 instansi cocok.");
  assert.equal((await page.ask("jalan")).help, "6 instansi cocok. Beberapa instansi mungkin cocok; pilih yang paling sesuai.");
  assert.equal((await page.ask("randublatung")).help, "1 instansi cocok.");  // alone is clearly first
  // Clearly first only with BM25F's length normalisation (without it DPUPR's lead falls under AHEAD).
  assert.equal((await page.ask("jembatan mau ambruk tolong diperbaiki")).help, "3 instansi cocok.");
});

it("an outside word that is itself a synonym phrase still names a body outside the regency", async () => {
  // polisi made a synonym of "aparat" (no bundled group holds an outside phrase whole): its span is its own
  const page = open({ index: (i) => ({ ...i, synonyms: [...i.synonyms, ["aparat", "polisi"]] }) });
  assert.deepEqual((await page.ask("polisi")).cards, []);  // not Satpol PP, whose name holds polisi
  assert.deepEqual((await page.ask("lapor ke polisi")).cards, []);  // ... wherever in the query
  assert.deepEqual((await page.ask("satpol pp")).cards.slice(0, 1), ["satpol-pp"]);
});

it("an outside phrase is found as written when a word of it ends like a particle (pemerintah: -tah)", async () => {
  // "pemerintah provinsi" added to the served index's outside bodies (no bundled outside phrase has such a
  // word): the query names the province's government, so the regency has no answer
  const page = open({ index: (i) => ({ ...i, outside: i.outside + ",pemerintah provinsi" }) });  // front-coded: one more at the end
  assert.deepEqual((await page.ask("jalan rusak itu urusan pemerintah provinsi")).cards, []);
  assert.deepEqual((await page.ask("bantuan pemerintah provinsi belum cair")).cards, []);
  assert.deepEqual((await page.ask("jalan rusak")).cards.slice(0, 1), ["dpupr"]);
});

it("jembatan rusak: DPUPR and Dishub, not the agencies that match only \"rusak\"", async () => {
  const page = await shared();
  // Those (DLH, Disdik, Dukcapil …) score under a fifth of DPUPR's. The tie-break by number of services
  // is the next test's, on an index made for it.
  assert.deepEqual((await page.ask("jembatan rusak")).cards, ["dpupr", "dishub"]);
});

it("agencies with the same score come in order of their number of services, the more specific first", async () => {
  // Two agencies made for it, whose fields weigh the same: "zeta-dua" has one more service, with no
  // words, and comes first in the index; the tie goes to "zeta-satu", which has fewer.
  const page = open({
    index: (i) => {
      const row = (slug) => [slug, "Unit Zeta", "", ...i.agencies[0].slice(3)];
      return { ...i, agencies: [...i.agencies, row("zeta-dua"), row("zeta-satu")],
               docs: [...i.docs, [["Layanan zeta", "zetakata", ""], ["Lain", "", ""]], [["Layanan zeta", "zetakata", ""]]] };
    },
  });
  assert.deepEqual((await page.ask("zetakata")).cards, ["zeta-satu", "zeta-dua"]);
});

/* query → the emergency numbers shown before any card, and the first card ("" = not found). */
const EMERGENCY = [
  ["rumah saya terbakar", ["113"], "satpol-pp"],        // an emergency word
  ["kebakaran sampah di TPA", ["113"], "dlh"],
  ["ada yang tenggelam di sungai", ["115"], "dlh"],
  ["KDRT", ["129"], "dp3ap2kb"],
  ["saya dikdrt suami", ["129"], "dp3ap2kb"],          // a word of four letters is read by its stem too (di- + kdrt)
  ["kecelakaan motor", ["119"], ""],
  ["gawat darurat", ["112"], "rsud"],                   // a phrase of two words
  ["sampah dibakar", [], "dlh"],                        // the same stem in an everyday phrase
  ["tetangga bakar sampah tiap sore", [], "dlh"],
  ["gudang dibakar orang", ["113"], "satpol-pp"],        // ... outside such a phrase, the stem counts
  ["guru cabul", ["129"], "dp3ap2kb"],                 // ... a synonym of one word too (cabul ~ pencabulan)
  ["kosa kata bahasa jawa", [], ""],                    // a word of four letters is not read by its stem: kosa, not diperkosa
  ["demam berdarah", [], "dinkes"],
  ["stok darah habis", [], ""],                         // ... or in a body outside the regency's phrase (PMI)
  ["donor darahnya dimana", [], ""],
  ["cuci darah di rsud antre berapa lama", [], "rsud"],  // ... dialysis and a date of birth are synonym phrases
  ["tanggal lahir di akta beda sama ijazah", [], "dindukcapil"],
  ["pendarahan hebat", ["119"], "rsud"],                // ... the emergency word itself always counts
  ["akta kelahiran anak", [], "dindukcapil"],
  ["KTP hilang", [], "dindukcapil"],
  ["korsleting listriknya", ["113"], ""],               // a phrase whose last word has an ending (-nya)
  ["ibu saya dipukuli suaminya", ["129"], "dp3ap2kb"],
  ["membakar sampahnya", [], "dlh"],                    // ... an everyday phrase too: not a fire
  ["tumpukan sampah membakar rumah warga", ["113"], "dlh"],  // ... only in its own order: sampah membakar is a fire
  ["pohon tumbang menabrak mobil", ["119"], "bpbd"],    // the word after an everyday phrase (pohon tumbang) is not in it
  ["debu gilingan batu kapur bikin warga sesak napas", ["119"], "dlh"],  // an emergency's words are the site's: not unknown, not against
  ["sesak napas", ["119"], ""],                         // ... nor respelt (napas is no plural of napa) or slipped on (sesak, not sesat)
  ["my house is on fire", ["113"], "satpol-pp"],        // English: fire is a fire, not a prefix of fired
  ["i was fired from my job", [], "disnakertrans"],
  ["rumahku kobong", ["113"], "satpol-pp"],             // Javanese
  ["mau bunuh diri", ["119"], ""],                      // a life in danger by its own hand: the number, no agency's card
  ["ada yang gantung diri", ["119"], ""],               // ... not a suspension bridge (jembatan gantung), not a building (mendirikan)
  ["istri dipukuli", ["129"], "dp3ap2kb"], ["suami mukul saya", ["129"], "dp3ap2kb"],
  ["anak hilang", ["110"], ""],
  ["begal di jalan hutan malam hari", ["110"], ""],       // a robbery: the police's number, no agency's card
  ["lampu jalan mati, gelap rawan begal", ["110"], "disperkim"],  // ... but what a dark street is prone to (rawan) is no body's matter: the lamp is
];

for (const [query, phones, first] of EMERGENCY) {
  it(`${JSON.stringify(query)} calls ${phones.length ? phones.join(", ") : "no number"}`, async () => {
    const page = await shared();
    const seen = await page.ask(query);
    assert.deepEqual(seen.phones, phones);
    assert.equal(seen.cards[0] || "", first);
    if (phones.length) assert.equal(page.out.firstChild.className, "emergency");
  });
}

/* Respelling (docs/search.md): a word the search does not know is read as the known word it stands for,
   so each of these queries gets exactly the answer of the query as the index spells it. */
const RESPELT = [
  ["kartu kluarga hilang", "kartu keluarga hilang"],  // vowels left out, before the synonyms are read
  ["ktpne ilang", "ktp ilang"],             // a Javanese -ne dropped
  ["sampahe numpuk", "sampah numpuk"],      // a Javanese -e dropped
  ["dipukulin suami", "dipukulkan suami"],  // a Jakartan -in read as -kan
  ["cariin dokter", "carikan dokter"],      // ... in a word of six letters or more
  ["pinjmn", "pinjaman"],                   // "in" inside a word is not the Jakartan -in
  ["kart keluarga", "kartu keluarga"],      // a word before the last is not being typed: respelt
  ["psr", "pasar"],                         // of the same length, the first in alphabetical order, not pasir
  ["pjk", "pajak"],                         // ... whatever order the index lists them in (pojok first)
  ["suami mukul istri", "suami memukul istri"],  // a spoken m- verb read with me- (mukul: memukul)
];

for (const [written, spelt] of RESPELT) {
  it(`${JSON.stringify(written)} is answered as ${JSON.stringify(spelt)}`, async () => {
    const page = await shared();
    const seen = await page.ask(written);
    assert.deepEqual(seen, await page.ask(spelt));
  });
}

/* Vowels left out (docs/search.md, "respelling"): a word is read as the known word it shortens when only
   vowels, "a" among them, are missing, and not when it drops a consonant or holds a letter the known
   word lacks. */
it("a word with only its vowels left out is read as the known word, and no other", async () => {
  const page = await shared();
  assert.deepEqual(await page.ask("bpt"), await page.ask("bupati"));
  // "a" and "u" left out ("ambulans" also calls 119: the emergency words are looked for as typed)
  assert.deepEqual((await page.ask("amblns")).cards, (await page.ask("ambulans")).cards);
  assert.deepEqual((await page.ask("bptx")).cards, []);  // an x bupati does not have
  // the shortest known word it shortens: darah, not daerah (an everyday word, which would find nothing)
  assert.deepEqual((await page.ask("drh")).cards, (await page.ask("darah")).cards);
});

it("the Javanese -e and -ne are dropped only at the end of a word, and only when a known word is left", async () => {
  const page = await shared();
  assert.deepEqual(await page.ask("ktpe"), await page.ask("ktp"));  // too short to be read as a typo instead
  assert.deepEqual((await page.ask("ektpx")).cards, []);  // a letter after a known word is not -e
  assert.deepEqual((await page.ask("nelayanzz")).cards, []);  // "ne" inside a word is not its end
});

it("one letter of the next word, still being typed, matches nothing yet", async () => {
  const page = await shared();
  assert.deepEqual((await page.ask("ktp h")).cards, ["dindukcapil"]);  // not every word that begins with h
});

it("a word written twice counts once; every stop word and region word is left out, the first of each list too", async () => {
  const page = await shared();
  assert.deepEqual(await page.ask("kebakaran kebakaran"), await page.ask("kebakaran"));
  assert.deepEqual(await page.ask("lost a ktp"), await page.ask("lost ktp"));  // "a"
  assert.deepEqual(await page.ask("ktp kabupaten"), await page.ask("ktp"));  // the region's words, the first too
});

it("an agency's X handle that is also an everyday or short name's word takes nothing from the others", async () => {
  // Dinas Kesehatan's handle made "sampah" (DLH's word), BKD's "BKD" (its own short name)
  const handles = (i) => ({ ...i, agencies: i.agencies.map((a) => (a[0] === "dinkes" ? [...a.slice(0, 4), "sampah", ...a.slice(5)]
    : a[0] === "bkd" ? [...a.slice(0, 4), "BKD", ...a.slice(5)] : a)) });
  const page = await shared("blora handles", { index: handles });
  assert.deepEqual((await page.ask("BKD gaji telat")).cards[0], "bkd");
  assert.ok((await page.ask("sampah menumpuk")).cards.includes("dlh"));
  assert.deepEqual((await page.ask("@sampah")).cards[0], "dinkes");  // the tagged account first
});
