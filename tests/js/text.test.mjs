/* search.js reduces a query's words exactly as akunresmi/site/textnorm.py reduced the index: the
   answers of the Python side (tests/js/fixture.py) on the tricky words, the whole bundled vocabulary
   and every synonym group. */
import { it } from "./harness.mjs";
import assert from "node:assert/strict";
import { fixture, open } from "./page.mjs";

const vectors = fixture("vectors.json");
/* The script's functions, from a page of their own in each test (under StrykerJS, with the mutant). */
const words = () => open().window.akunResmiText;

function differences(cases, f) {
  return cases.filter(([input, want]) => JSON.stringify(f(input)) !== JSON.stringify(want))
    .map(([input, want]) => `${JSON.stringify(input)}: python ${JSON.stringify(want)}, search.js ${JSON.stringify(f(input))}`);
}

it("normalise folds case, accents, ligatures and punctuation like textnorm.normalise", () => {
  const text = words();
  assert.deepEqual(differences(vectors.normalise, (t) => text.normalise(t)), []);
  assert.ok(vectors.normalise.length > 40);
});

it("stems gives the same stems as textnorm.stems for every word of the bundled directory", () => {
  const text = words();
  // Plain arrays of this realm: the script's arrays come from the page's own realm.
  const stems = (w) => Array.from(text.stems(text.normalise(w).split(" ")[0]));
  assert.deepEqual(differences(vectors.stems, stems), []);
  assert.ok(vectors.stems.length > 500);
});

it("expand adds the concepts of the synonym phrases like textnorm.expand", () => {
  const text = words();
  const expand = (t) => Array.from(text.expand(text.normalise(t), vectors.table));
  assert.deepEqual(differences(vectors.expand, expand), []);
  assert.ok(vectors.expand.length > 100);
});

it("table pairs each synonym phrase with its concept, longest first, like textnorm.synonym_table", () => {
  const text = words();
  const groups = fixture("blora/search-index.json").synonyms;
  assert.deepEqual(JSON.parse(JSON.stringify(text.table(groups))), vectors.table);
});

it("table breaks ties like textnorm.synonym_table: by phrase, then by concept, each pair once", () => {
  const text = words();
  // The same phrases in two groups, in either order; a member written twice; "ab" + "c" spelling "a" + "bc".
  const groups = [["kk", "kartu keluarga", "Kartu  Keluarga", "kartu kk"], ["kartu", "kartu keluarga", "kartu kk"],
    ["pajak", "pajak bumi"], ["pbb", "pajak bumi"], ["ab", "zz", "yy"], ["bc", "a"], ["c", "ab"]];
  // textnorm.synonym_table(groups), by the Python side
  assert.deepEqual(JSON.parse(JSON.stringify(text.table(groups))), [["kartu keluarga", "kartu"], ["kartu keluarga", "kk"],
    ["pajak bumi", "pajak"], ["pajak bumi", "pbb"], ["kartu kk", "kartu"], ["kartu kk", "kk"], ["ab", "c"], ["yy", "ab"],
    ["zz", "ab"], ["a", "bc"]]);
});
