// Rust versus JavaScript, in Spanish: the default site's /es/assessment/
// carries the questionnaire built with the Spanish texts. Its logic must be
// the English page's (only the band labels, shown as text, differ), and the
// shipped script must make of every generated answer set, run on the
// Spanish questionnaire, what the Rust evaluator made of it in English:
// the same outcome, scores and notes.
//
// The cases come from `cargo test --test engine` (target/differential/
// default.json); the pages from `pamphlet build` (target/debug/pamphlet).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

import { REPO, buildSite } from '../browser/gates-support.mjs';
import { walk } from './walk.mjs';

/** The browser script at `file`, as node would see a CommonJS module. */
function loadEngine(file) {
  const source = fs.readFileSync(file, 'utf8');
  const module = { exports: {} };
  vm.runInNewContext(source, { module, exports: module.exports });
  return module.exports;
}

/** The JSON of the page's `<script type="application/json" id="…">`. */
function block(file, id) {
  const html = fs.readFileSync(file, 'utf8');
  const open = `<script type="application/json" id="${id}">`;
  const start = html.indexOf(open);
  assert.ok(start >= 0, `${file} has #${id}`);
  const end = html.indexOf('</script>', start);
  return JSON.parse(html.slice(start + open.length, end));
}

/** The model without the texts it carries (band labels, messages). */
function logic(model) {
  const copy = JSON.parse(JSON.stringify(model));
  delete copy.strings; // the script's messages, in the page's language
  for (const s of copy.scores) for (const b of s.bands) delete b.label;
  return copy;
}

test('the Spanish questionnaire has the English logic and gives the same results for every generated case', () => {
  const file = path.join(REPO, 'target', 'differential', 'default.json');
  assert.ok(fs.existsSync(file), `${file} is missing: run \`cargo test --test engine\` first`);
  const { cases } = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.ok(cases.length >= 1000);
  const site = buildSite(REPO);
  try {
    const en = block(path.join(site, 'assessment', 'index.html'), 'assessment-data');
    const es = block(path.join(site, 'es', 'assessment', 'index.html'), 'assessment-data');
    assert.deepEqual(logic(es), logic(en), 'one questionnaire: the same logic in both languages');
    assert.deepEqual(es.scores[0].bands.map((b) => b.label), ['mínimo', 'leve', 'moderado', 'moderadamente grave', 'grave']);
    // The script as the site ships it: the build compacts the built-in one
    // (src/render/compact.rs), so this also shows compacting changed nothing.
    const shipped = path.join(site, 'js', 'assessment.js');
    assert.ok(fs.statSync(shipped).size < fs.statSync(path.join(REPO, 'static', 'js', 'assessment.js')).size, 'the shipped script is the compacted one');
    const engine = loadEngine(shipped);
    let mismatches = 0;
    const outcomes = new Set();
    for (const [i, c] of cases.entries()) {
      es.today = c.today;
      const run = walk(engine, es, c.answers, c.continue_past);
      const actual = JSON.parse(JSON.stringify({
        outcome: run.outcome,
        fired: run.fired,
        path: run.path,
        missing: run.missing,
        answers: run.answers,
        scores: engine.scoreValues(es, run.answers),
        notes: engine.notes(es, run.answers),
        valid: es.questions.map((q) => (q.validate ? engine.truth(es, q.validate, run.answers) : null)),
        reasons: (es.notes || []).map((n) => (n.reasons || []).map((r) => engine.truth(es, r, run.answers))),
      }));
      if (run.outcome !== null) outcomes.add(run.outcome);
      try {
        assert.deepEqual(actual, c.expected);
      } catch (error) {
        mismatches++;
        if (mismatches <= 3) console.error(`case ${i}: answers ${JSON.stringify(c.answers)}\n${error.message}`);
      }
    }
    assert.equal(mismatches, 0, `${mismatches} of ${cases.length} cases differ between Rust (English) and JavaScript (Spanish)`);
    assert.equal(outcomes.size, es.outcomes.length, 'the cases reach every outcome');
    // The band a score falls in is the same band, named in Spanish.
    const s = es.scores.findIndex((x) => x.id === 'phq9_total');
    assert.equal(engine.band(es, s, 12), 'moderado');
    assert.equal(engine.band(en, s, 12), 'moderate');
  } finally {
    fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
});
