// The default self-assessment in real headless Chromium: every outcome
// reached with the keyboard only, the crisis interrupt, Back and the
// browser's Back button, Change from the summary, GOV.UK-style errors,
// privacy (no request, cookie or storage after load), axe-core on every kind
// of step, and the page without JavaScript.
//
// Run by scripts/test after `cargo build`; needs chromium and npm ci.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { REPO, buildSite, serve, startSite, stopSite } from './gates-support.mjs';
import { assertAxeClean, chooseAndContinue, onScreen, tabTo } from './page-support.mjs';

let out, server, browser;

before(async () => {
  ({ out, server, browser } = await startSite());
});

after(() => stopSite({ out, server, browser }));

/** A fresh page on the assessment, recording every request made after load. */
async function open(options = {}) {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  // networkidle: the favicon and the like are fetched before recording starts.
  await page.goto(`${server.origin}/assessment/`, { waitUntil: 'networkidle' });
  const requests = [];
  page.on('request', (req) => requests.push(req.url()));
  return { context, page, requests, errors };
}

/** Answers the question on screen with the keyboard only: Tab into the
 * options, arrow keys within a radio group, Space on a checkbox, then Tab to
 * Continue and Enter. */
async function answer(page, question, options, { focusCheck = true } = {}) {
  const shown = await onScreen(page);
  assert.equal(shown.id, `step-${question}`, `expected question ${question}, found ${shown.id} (${shown.heading})`);
  if (focusCheck) assert.ok(shown.focused, `focus is on the heading of ${question}`);
  await chooseAndContinue(page, question, options);
}

async function start(page) {
  await tabTo(page, '#a-start');
  await page.keyboard.press('Enter');
}

const PHQ = ['phq1', 'phq2', 'phq3', 'phq4', 'phq5', 'phq6', 'phq7', 'phq8', 'phq9'];

/** Answers from the start to the end of the PHQ-9. */
async function throughPhq(page, { antidepressants = 'two_or_more', phq = Array(9).fill('more_than_half') } = {}) {
  await start(page);
  await answer(page, 'age', 'adult');
  await answer(page, 'region', 'oregon');
  await answer(page, 'antidepressants', antidepressants);
  for (let i = 0; i < 9; i++) await answer(page, PHQ[i], phq[i]);
}

async function finish(page, never = 'none', cautions = 'none') {
  await answer(page, 'never_ketamine', never);
  await answer(page, 'cautions', cautions);
  assert.equal((await onScreen(page)).id, 'a-summary');
  await tabTo(page, '#a-finish');
  await page.keyboard.press('Enter');
  return onScreen(page);
}

const NO_ITEM9 = [...Array(6).fill('more_than_half'), ...Array(3).fill('not_at_all')]; // total 12 (moderate)
const SEVERE = [...Array(8).fill('more_than_half'), 'not_at_all']; // total 16 (moderately severe)

test('keyboard only: each outcome of the default assessment is reached', { timeout: 180_000 }, async () => {
  const cases = [
    { name: 'under_18', run: async (p) => { await start(p); await answer(p, 'age', 'under_18'); } },
    { name: 'outside_area', run: async (p) => { await start(p); await answer(p, 'age', 'adult'); await answer(p, 'region', 'elsewhere'); } },
    { name: 'crisis', run: async (p) => throughPhq(p, { phq: Array(9).fill('several_days') }) },
    { name: 'not_suitable', run: async (p) => { await throughPhq(p, { phq: NO_ITEM9 }); await finish(p, ['aneurysm', 'allergy']); } },
    { name: 'physician_first', run: async (p) => { await throughPhq(p, { phq: NO_ITEM9 }); await finish(p, 'none', ['blood_pressure']); } },
    { name: 'safety_first', run: async (p) => { await throughPhq(p, { phq: [...Array(8).fill('not_at_all'), 'nearly_every_day'] }); await p.click('[data-continue="crisis"]'); await finish(p); } },
    { name: 'few_symptoms', run: async (p) => { await throughPhq(p, { phq: Array(9).fill('not_at_all') }); await finish(p); } },
    { name: 'first_treatments', run: async (p) => { await throughPhq(p, { antidepressants: 'none', phq: NO_ITEM9 }); await finish(p); } },
    { name: 'good_fit', run: async (p) => { await throughPhq(p, { phq: NO_ITEM9 }); await finish(p); } },
  ];
  for (const c of cases) {
    const { context, page, requests, errors } = await open();
    await c.run(page);
    const shown = await onScreen(page);
    assert.equal(shown.count, 1, `${c.name}: exactly one step on screen`);
    assert.equal(shown.id, `outcome-${c.name}`, `${c.name}: reached ${shown.id}`);
    assert.ok(shown.focused, `${c.name}: focus moved to the outcome heading`);
    // An outcome's title never names the outcome: browser history keeps it.
    assert.match(await page.title(), /^(Your result|Please read this) – /);
    assert.deepEqual(requests, [], `${c.name}: no request after the page loaded`);
    assert.deepEqual(errors, [], `${c.name}: no console error`);
    await context.close();
  }
});

test('good fit: the result shows the PHQ-9 total and band, severity advice, not-a-diagnosis, next steps, and only the answers on the path', async () => {
  const { context, page } = await open();
  await throughPhq(page, { phq: SEVERE });
  await finish(page);
  const text = await page.evaluate(() => ['#outcome-good_fit', '#a-notes', '#a-result-extra'].map((s) => document.querySelector(s).innerText).join('\n'));
  assert.match(text, /Your PHQ-9 score: 16 out of 27\n+This is in the moderately severe range\./);
  assert.match(text, /Please see a doctor soon\n+At 15 to 19, the PHQ-9[’']s authors advise starting treatment without delay\./);
  const notes = await page.$$eval('.a-note', (n) => n.filter((x) => x.checkVisibility()).map((x) => x.id));
  assert.deepEqual(notes, ['note-phq9_score', 'note-score_15_to_19'], 'the score and the severity advice, nothing about self-harm');
  assert.match(text, /screening tool, not a diagnosis/);
  assert.match(text, /Book a consultation/);
  assert.match(text, /\(555\) 010-0142/);
  assert.match(text, /Kroenke/);
  assert.doesNotMatch(text, /If you need help now/, 'no crisis reminder when no safety screen was shown');
  const rows = await page.$$eval('#a-your-answers .a-summary-row', (r) => r.length);
  assert.equal(rows, 14);
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => ({
    questions: getComputedStyle(document.querySelector('.a-questions')).display,
    result: getComputedStyle(document.querySelector('#outcome-good_fit')).display,
  }));
  assert.equal(printed.questions, 'none');
  assert.notEqual(printed.result, 'none');
  await context.close();
});

test('crisis: item 9 interrupts at once with the crisis line in full; "I am safe" continues and the result keeps the crisis line', async () => {
  const { context, page, requests } = await open();
  await throughPhq(page, { phq: [...Array(8).fill('not_at_all'), 'several_days'] });
  let shown = await onScreen(page);
  assert.equal(shown.id, 'outcome-crisis');
  assert.ok(shown.focused);
  const body = await page.locator('#outcome-crisis').innerText();
  assert.match(body, /call or text 988/i);
  assert.match(body, /call 911/i);
  assert.equal(await page.locator('#a-result-extra').isVisible(), false);
  await tabTo(page, '[data-continue="crisis"]');
  await page.keyboard.press('Enter');
  shown = await onScreen(page);
  assert.equal(shown.id, 'step-never_ketamine', 'continuing goes on to the next question');
  const result = await finish(page);
  assert.equal(result.id, 'outcome-safety_first', 'the result leads with safety, not "few signs of depression"');
  assert.equal(await page.locator('#outcome-safety_first #a-crisis-first').isVisible(), true);
  assert.match(await page.locator('#a-crisis-first').innerText(), /988/);
  assert.deepEqual(requests, []);
  await context.close();
});

test('Back link and the browser Back button return to the previous question as it was answered', async () => {
  const { context, page } = await open();
  await start(page);
  await answer(page, 'age', 'adult');
  await answer(page, 'region', 'washington');
  assert.equal((await onScreen(page)).id, 'step-antidepressants');
  await page.click('#a-back');
  assert.equal((await onScreen(page)).id, 'step-region');
  assert.equal(await page.isChecked('#region-washington'), true);
  await page.goBack();
  assert.equal((await onScreen(page)).id, 'step-age');
  assert.equal(await page.isChecked('#age-adult'), true);
  await page.goForward();
  assert.equal((await onScreen(page)).id, 'step-region');
  const state = await page.evaluate(() => JSON.stringify(history.state));
  assert.equal(state, '{"step":"q:region","depth":2,"run":0}', 'history holds the step id and run number only, never answers');
  await context.close();
});

test('Change from the summary returns to the summary, and the new answer changes the result', async () => {
  const { context, page } = await open();
  await throughPhq(page, { phq: NO_ITEM9 });
  await answer(page, 'never_ketamine', 'none');
  await answer(page, 'cautions', 'none');
  assert.equal((await onScreen(page)).id, 'a-summary');
  const summary = await page.locator('#a-summary-list').innerText();
  assert.match(summary, /How many antidepressant medicines have you tried\?\s*Two or more/);
  await page.click('[data-change="2"]');
  await answer(page, 'antidepressants', 'none');
  assert.equal((await onScreen(page)).id, 'a-summary', 'back to the summary, not the next question');
  assert.match(await page.locator('#a-summary-list').innerText(), /have you tried\?\s*None/);
  await page.click('#a-finish');
  assert.equal((await onScreen(page)).id, 'outcome-first_treatments');
  await context.close();
});

test('Continue with no answer: an error summary takes focus, the question shows the message, the title says Error', async () => {
  const { context, page } = await open();
  await start(page);
  await tabTo(page, '#a-continue button');
  await page.keyboard.press('Enter');
  const state = await page.evaluate(() => ({
    summaryVisible: !document.getElementById('a-errors').hidden,
    focused: document.activeElement.id,
    inline: document.getElementById('age-error')?.textContent,
    invalid: document.querySelector('#step-age fieldset').getAttribute('aria-invalid'),
    describedBy: document.querySelector('#step-age fieldset').getAttribute('aria-describedby'),
  }));
  assert.deepEqual(state, { summaryVisible: true, focused: 'a-errors', inline: 'Error: Select an answer', invalid: 'true', describedBy: 'age-error' });
  assert.match(await page.title(), /^Error: How old are you\?/);
  await page.click('#a-error-link');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'age-under_18');
  await answer(page, 'age', 'adult', { focusCheck: false });
  assert.equal((await onScreen(page)).id, 'step-region');
  assert.equal(await page.evaluate(() => document.getElementById('age-error')), null, 'the error is gone once answered');
  await context.close();
});

test('privacy: no cookie, no web storage, no IndexedDB after a whole run', async () => {
  const { context, page, requests } = await open();
  await throughPhq(page, { phq: NO_ITEM9 });
  await finish(page);
  const stored = await page.evaluate(async () => ({
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    idb: (await indexedDB.databases()).length,
  }));
  assert.deepEqual(stored, { cookie: '', local: 0, session: 0, idb: 0 });
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(requests, []);
  await context.close();
});

test('axe-core: no violation on the intro, a question, an error, the summary, the crisis step and a result', { timeout: 120_000 }, async () => {
  const scan = assertAxeClean;
  const { context, page } = await open();
  await scan(page, 'the intro');
  await start(page);
  await scan(page, 'the first question');
  await page.click('#a-continue button');
  await scan(page, 'an error');
  await answer(page, 'age', 'adult', { focusCheck: false });
  await answer(page, 'region', 'oregon');
  await answer(page, 'antidepressants', 'one');
  for (const q of PHQ.slice(0, 8)) await answer(page, q, 'several_days');
  await answer(page, 'phq9', 'nearly_every_day');
  await scan(page, 'the crisis step');
  await page.click('[data-continue="crisis"]');
  await answer(page, 'never_ketamine', 'none');
  await scan(page, 'a multi question');
  await answer(page, 'cautions', 'none');
  await scan(page, 'the summary');
  await page.click('#a-finish');
  await scan(page, 'the result');
  await context.close();
});

test('without JavaScript the page lists the questions, the phone number and the crisis line', async () => {
  const { context, page } = await open({ javaScriptEnabled: false });
  const text = await page.locator('main').innerText();
  assert.match(text, /needs JavaScript/);
  assert.match(text, /How old are you\?/);
  assert.match(text, /Thoughts that you would be better off dead/);
  assert.match(text, /\(555\) 010-0142/);
  assert.match(await page.locator('footer').innerText(), /988/);
  assert.equal(await page.locator('#a-continue').isVisible(), false, 'no button that cannot work');
  await context.close();
});

// A questionnaire with a follow-up question: answers to it must stop counting
// once a changed answer hides it.
const BRANCHING = `title: Branching test
questions:
  - id: medicines
    text: Do you take any medicines?
    type: yes_no
  - id: which
    text: Which of these do you take?
    type: multi
    show_if: "medicines == 'yes'"
    options:
      - { id: maoi, label: An MAOI antidepressant, score: 1 }
      - { id: other, label: Something else, score: 0 }
scores:
  flagged: "score(which)"
outcomes:
  - id: ask_first
    when: "flagged >= 1"
    title: Talk with our physician first
    body: One of your medicines needs a check.
  - id: fit
    when: "true"
    title: It makes sense to talk
    body: Nothing stands out.
tests:
  - answers: { medicines: yes, which: [maoi] }
    expect: ask_first
  - answers: { medicines: no }
    expect: fit
reviewed_by: Dr. Test Reviewer
last_reviewed: 2026-01-05
`;

test('answers to a question hidden by a changed answer stop counting: summary, result and printout', async () => {
  const root = fs.mkdtempSync(path.join(REPO, 'target', 'branching-'));
  fs.cpSync(path.join(REPO, 'tests', 'fixtures', 'good'), root, { recursive: true });
  fs.writeFileSync(path.join(root, 'content', 'assessment.yaml'), BRANCHING);
  const site = buildSite(root);
  const local = await serve(site);
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(`${local.origin}/assessment/`, { waitUntil: 'networkidle' });
    await start(page);
    await answer(page, 'medicines', 'yes');
    await answer(page, 'which', 'maoi');
    assert.equal((await onScreen(page)).id, 'a-summary');
    assert.match(await page.locator('#a-summary-list').innerText(), /An MAOI antidepressant/);
    await page.click('[data-change="0"]');
    await answer(page, 'medicines', 'no');
    assert.equal((await onScreen(page)).id, 'a-summary');
    const summary = await page.locator('#a-summary-list').innerText();
    assert.doesNotMatch(summary, /Which of these|MAOI/, 'the hidden question is not in the summary');
    await page.click('#a-finish');
    assert.equal((await onScreen(page)).id, 'outcome-fit', 'the hidden answer does not count in the result');
    assert.doesNotMatch(await page.locator('#a-your-answers').innerText(), /MAOI/, 'nor in the printout');
    // Saying yes again brings the question back, with the earlier answer kept.
    await page.click('#a-back');
    await page.click('[data-change="0"]');
    await answer(page, 'medicines', 'yes');
    assert.equal((await onScreen(page)).id, 'a-summary');
    await page.click('#a-finish');
    assert.equal((await onScreen(page)).id, 'outcome-ask_first');
  } finally {
    await context.close();
    await local.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
});
