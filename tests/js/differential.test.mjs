// Rust versus JavaScript: the shipped static/js/assessment.js must make of
// every generated answer set exactly what the Rust evaluator made of it.
// The cases come from `cargo test --test engine` (target/differential/*.json),
// which scripts/test runs first. ops.json also carries the one table of node
// kinds and operators that Rust emits (src/questionnaire/ops.rs): the script
// must name exactly those kinds and agree with Rust on every operator.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

import { walk } from './walk.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CASES = path.join(REPO, 'target', 'differential');

/** Loads the browser script as node would see a CommonJS module. */
function loadEngine() {
  const source = fs.readFileSync(path.join(REPO, 'static', 'js', 'assessment.js'), 'utf8');
  const module = { exports: {} };
  vm.runInNewContext(source, { module, exports: module.exports });
  return module.exports;
}

const engine = loadEngine();
const run = (m, answers, continuePast) => walk(engine, m, answers, continuePast);

test('the script is small, dependency-free and touches no storage or network', () => {
  const source = fs.readFileSync(path.join(REPO, 'static', 'js', 'assessment.js'), 'utf8');
  // The build strips the comments and indentation of the built-in script
  // (src/render/compact.rs); the page-weight gate measures what ships.
  // The binding limit is the page-weight gate (tests/browser/gates.test.mjs).
  assert.ok(Buffer.byteLength(source) < 27 * 1024, `assessment.js is ${Buffer.byteLength(source)} bytes; the budget is 27 KB with its comments`);
  for (const forbidden of ['localStorage', 'sessionStorage', 'indexedDB', 'document.cookie', 'fetch(', 'XMLHttpRequest', 'eval(', 'new Function', 'innerHTML', 'import(']) {
    assert.ok(!source.includes(forbidden), `assessment.js must not use ${forbidden}`);
  }
});

for (const name of ['default', 'fixture', 'engine']) {
  test(`Rust and JavaScript agree on every generated case (${name})`, () => {
    const file = path.join(CASES, `${name}.json`);
    assert.ok(fs.existsSync(file), `${file} is missing: run \`cargo test --test engine\` first`);
    const { model, cases } = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.ok(cases.length >= 1000);
    let mismatches = 0;
    const outcomes = new Set();
    for (const [i, c] of cases.entries()) {
      // Each case runs on its own fixed day, on both sides.
      model.today = c.today;
      const walk = run(model, c.answers, c.continue_past);
      // Through JSON: the script runs in its own realm, with its own Array.
      const actual = JSON.parse(JSON.stringify({
        outcome: walk.outcome,
        fired: walk.fired,
        path: walk.path,
        missing: walk.missing,
        answers: walk.answers,
        scores: engine.scoreValues(model, walk.answers),
        notes: engine.notes(model, walk.answers),
        valid: model.questions.map((q) => (q.validate ? engine.truth(model, q.validate, walk.answers) : null)),
        reasons: (model.notes || []).map((n) => (n.reasons || []).map((r) => engine.truth(model, r, walk.answers))),
      }));
      if (walk.outcome !== null) outcomes.add(walk.outcome);
      try {
        assert.deepEqual(actual, c.expected);
      } catch (error) {
        mismatches++;
        if (mismatches <= 3) console.error(`case ${i}: answers ${JSON.stringify(c.answers)}\n${error.message}`);
      }
    }
    assert.equal(mismatches, 0, `${mismatches} of ${cases.length} cases differ between Rust and JavaScript`);
    assert.equal(outcomes.size, model.outcomes.length, 'the cases reach every outcome');
  });
}

/** The quoted `case` labels of the function `name` in the browser script. */
function caseLabels(source, name) {
  const start = source.indexOf(`function ${name}(`);
  assert.ok(start >= 0, `assessment.js has a function ${name}`);
  const next = source.indexOf('\n  function ', start + 1);
  const body = source.slice(start, next < 0 ? undefined : next);
  return new Set([...body.matchAll(/case '([^']+)':/g)].map((m) => m[1]));
}

test('the script handles exactly the node kinds and operators Rust emits (the ops table)', () => {
  const file = path.join(CASES, 'ops.json');
  assert.ok(fs.existsSync(file), `${file} is missing: run \`cargo test --test engine\` first`);
  const { table, models, cases } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const source = fs.readFileSync(path.join(REPO, 'static', 'js', 'assessment.js'), 'utf8');
  const conditions = new Set(table.condition_kinds);
  const numbers = new Set(table.kinds.filter((k) => !conditions.has(k)));
  // truth() names every condition kind and the comparisons, nothing else;
  // num() names every number kind, nothing else.
  const truthLabels = caseLabels(source, 'truth');
  const cmp = new Set(table.cmp);
  assert.deepEqual(
    [...truthLabels].filter((l) => !cmp.has(l)).sort(),
    [...conditions].sort(),
    'the condition kinds in truth()',
  );
  for (const label of truthLabels) {
    assert.ok(conditions.has(label) || cmp.has(label), `truth() handles '${label}', which Rust never emits`);
  }
  assert.deepEqual([...caseLabels(source, 'num')].sort(), [...numbers].sort(), 'the number kinds in num()');

  // Every operator and kind, on generated answers, gives what Rust gave.
  const seen = { kinds: new Set(), cmp: new Set(), arith: new Set(), since: new Set() };
  let mismatches = 0;
  for (const [i, c] of cases.entries()) {
    const model = models[c.model];
    model.today = c.today;
    const actual = c.condition ? engine.truth(model, c.expr, c.answers) : engine.num(model, c.expr, c.answers);
    seen.kinds.add(c.expr.k);
    if (c.expr.k === 'cmp') seen.cmp.add(c.expr.op);
    if (c.expr.k === 'arith') seen.arith.add(c.expr.op);
    if (c.expr.k === 'since') seen.since.add(c.expr.unit);
    if (c.expr.a && c.expr.a.k === 'since') seen.since.add(c.expr.a.unit);
    if (JSON.stringify(actual) !== JSON.stringify(c.expected)) {
      mismatches++;
      if (mismatches <= 3) console.error(`case ${i}: ${JSON.stringify(c.expr)} on ${JSON.stringify(c.answers)}: JS ${actual}, Rust ${c.expected}`);
    }
  }
  assert.equal(mismatches, 0, `${mismatches} of ${cases.length} operator cases differ`);
  assert.deepEqual([...seen.kinds].sort(), [...table.kinds].sort(), 'the cases cover every kind');
  assert.deepEqual([...seen.cmp].sort(), [...table.cmp].sort(), 'the cases cover every comparison');
  assert.deepEqual([...seen.arith].sort(), [...table.arith].sort(), 'the cases cover every arithmetic operator');
  assert.deepEqual([...seen.since].sort(), [...table.since].sort(), 'the cases cover days_since and months_since');
});

test('months and days are counted alike in JavaScript and Rust at month ends and leap days', () => {
  // The same figures as src/questionnaire/dates.rs's unit test.
  const cases = [
    ['months', '2025-01-31', '2025-02-28', 1],
    ['months', '2024-01-31', '2024-02-28', 0],
    ['months', '2024-01-31', '2024-02-29', 1],
    ['months', '2024-03-15', '2024-04-14', 0],
    ['months', '2024-03-15', '2024-04-15', 1],
    ['months', '2023-11-30', '2026-11-30', 36],
    ['months', '2024-02-29', '2025-02-28', 12],
    ['months', '2026-12-30', '2026-11-30', -1],
    ['months', '2026-08-31', '2026-11-30', 3],
    ['months', '2026-08-31', '2026-11-29', 2],
    ['days', '2024-02-28', '2024-03-01', 2],
    ['days', '2026-12-01', '2026-11-30', -1],
  ];
  for (const [unit, date, today, want] of cases) {
    const got = engine.num({ today, questions: [] }, { k: 'since', unit, q: 0 }, [date]);
    assert.equal(got, want, `${unit} from ${date} to ${today}`);
  }
});
