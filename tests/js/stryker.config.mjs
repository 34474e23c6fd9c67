// StrykerJS over static/search.js with the Node tests of this folder (make mutation-js; docs/quality.md).
// Run from the repository root: tests/js/node_modules/.bin/stryker run tests/js/stryker.config.mjs
// The tests are written for node:test and run here under mocha (tests/js/harness.mjs): mocha runs in
// Stryker's own worker process, so a mutant costs only the tests that reach it, not a new node.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export default {
  mutate: ["static/search.js"],
  testRunner: "mocha",
  // The cheap files first (ranking shares one page per mutant, page opens one per test), since a mutant
  // stops at its first failing test.
  mochaOptions: {
    spec: ["tests/js/text.test.mjs", "tests/js/ranking.test.mjs", "tests/js/page.test.mjs",
      "tests/js/relevance.test.mjs"],
  },
  // A rerun after a change of the tests or the script tests again only the mutants it may affect.
  incremental: true,
  incrementalFile: ".cache/stryker/incremental.json",
  plugins: [require.resolve("@stryker-mutator/mocha-runner")],
  coverageAnalysis: "perTest",
  concurrency: 2,
  // The first run of every test, instrumented and with coverage per test, took over StrykerJS's default
  // 5 minutes on a busy shared machine.
  dryRunTimeoutMinutes: 30,
  // The sandbox holds only the script and these tests; the built fixture stays outside it
  // (AKUNRESMI_JS_FIXTURE), and the node_modules folders are linked in.
  ignorePatterns: ["/*", "!/static", "/static/*", "!/static/search.js", "!/tests", "/tests/*", "!/tests/js",
    "/tests/js/*", "!/tests/js/*.mjs", "!/tests/js/package.json"],
  tempDirName: ".stryker-tmp",
  // event-recorder: one file per mutant as it is tested (.cache/stryker/events), readable mid-run.
  reporters: ["clear-text", "progress-append-only", "json", "event-recorder"],
  eventReporter: { baseDir: ".cache/stryker/events" },
  jsonReporter: { fileName: ".cache/stryker/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
};
