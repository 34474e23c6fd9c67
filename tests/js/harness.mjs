/* The same test files run under node:test (`make test`, through tests/test_search_js.py) and under
   mocha (StrykerJS's mocha runner loads them into its own process, where mocha has defined `it`). */
const node = typeof globalThis.it === "function" ? null : await import("node:test");
export const it = node ? node.it : globalThis.it;
