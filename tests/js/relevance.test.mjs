/* The whole relevance set (tests/relevance/queries.yaml) as `make eval` measures it in Chromium, held
   to the floor tests/test_relevance.py holds the search to. */
import { it } from "./harness.mjs";
import assert from "node:assert/strict";
import { fixture, open, settle } from "./page.mjs";

it("the whole relevance set keeps the measured figures", async () => {
  const { floor, queries } = fixture("relevance.json");
  const page = open();
  await settle();
  const handled = [], unhandled = [];
  for (const { q, accept } of queries) {
    const { cards } = await page.ask(q);
    if (accept.length) handled.push(cards.findIndex((slug) => accept.includes(slug)) + 1);
    else unhandled.push(cards.length === 0);
  }
  const n = handled.length;
  const figures = {
    "success@1": handled.filter((r) => r === 1).length / n,
    "success@3": handled.filter((r) => r >= 1 && r <= 3).length / n,
    mrr: handled.reduce((s, r) => s + (r ? 1 / r : 0), 0) / n,
    not_found_precision: unhandled.filter(Boolean).length / unhandled.length,
  };
  const below = Object.keys(floor).filter((k) => figures[k] < floor[k]);
  assert.deepEqual(below, [], JSON.stringify(figures));
  assert.ok(n >= 200 && unhandled.length >= 20);
});
