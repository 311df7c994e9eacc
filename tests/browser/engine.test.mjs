// The self-assessment engine's features in real headless Chromium, on the
// default assessment: notes on the result (in order, the urgent one right
// after the crisis lines and before booking), safety that stays once shown;
// and on tests/fixtures/engine: round/min/max/abs, `{bmi:1}` and
// `{answer.height}` in text, a note's listed reasons; a date typed by
// keyboard and counted in months, "Prefer not to say", a 40-option checklist.
//
// Run by scripts/test after `cargo build`; needs chromium and npm ci.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { REPO, buildSite, serve, launchBrowser } from './gates-support.mjs';
import { assertAxeClean } from './page-support.mjs';

let out, server, browser, engineOut, engineServer;

before(async () => {
  out = buildSite(REPO);
  server = await serve(out);
  engineOut = buildSite(path.join(REPO, 'tests', 'fixtures', 'engine'));
  engineServer = await serve(engineOut);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await engineServer?.close();
  for (const dir of [out, engineOut]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(site = server) {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  await page.goto(`${site.origin}/assessment/`, { waitUntil: 'networkidle' });
  return { context, page, errors };
}

/** The id of the step on screen. */
const onScreen = (page) => page.evaluate(() => [...document.querySelectorAll('.a-step')].find((s) => !s.hidden)?.id);

/** Chooses `option` of the question on screen and continues. */
async function pick(page, question, options) {
  assert.equal(await onScreen(page), `step-${question}`);
  for (const o of [].concat(options)) await page.check(`#${question}-${o}`);
  await page.click('#a-continue button');
}

const PHQ = ['phq1', 'phq2', 'phq3', 'phq4', 'phq5', 'phq6', 'phq7', 'phq8', 'phq9'];

/** From the start through item 9, with `phq` the nine answers. */
async function throughPhq(page, phq) {
  await page.click('#a-start');
  await pick(page, 'age', 'adult');
  await pick(page, 'region', 'oregon');
  await pick(page, 'antidepressants', 'two_or_more');
  for (let i = 0; i < 9; i++) await pick(page, PHQ[i], phq[i]);
}

async function toResult(page) {
  await pick(page, 'never_ketamine', 'none');
  await pick(page, 'cautions', 'none');
  assert.equal(await onScreen(page), 'a-summary');
  await page.click('#a-finish');
}

/** The visible notes, and the order of the result's parts from the top. */
async function layout(page) {
  return page.evaluate(() => {
    const y = (e) => (e && e.checkVisibility() ? e.getBoundingClientRect().top : null);
    const notes = [...document.querySelectorAll('.a-note')].filter((n) => n.checkVisibility());
    return {
      notes: notes.map((n) => n.id),
      crisis: y(document.getElementById('a-crisis-first')),
      noteTops: notes.map(y),
      book: y(document.getElementById('a-book')),
      credit: y(document.getElementById('a-credit')),
      text: notes.map((n) => n.innerText).join('\n'),
    };
  });
}

const SEVERE_ITEM9 = ['nearly_every_day', 'nearly_every_day', 'nearly_every_day', 'nearly_every_day', 'nearly_every_day', 'more_than_half', 'several_days', 'more_than_half', 'more_than_half'];

test('notes: a total of 22 with item 9 shows the score, the self-harm note after the crisis lines, and see a doctor soon, all before booking', async () => {
  const { context, page, errors } = await open();
  await throughPhq(page, SEVERE_ITEM9);
  assert.equal(await onScreen(page), 'outcome-crisis');
  await page.click('[data-continue="crisis"]');
  await toResult(page);
  assert.equal(await onScreen(page), 'outcome-safety_first');
  const l = await layout(page);
  assert.deepEqual(l.notes, ['note-self_harm', 'note-phq9_score', 'note-score_20_or_more']);
  assert.ok(l.crisis !== null && l.noteTops[0] > l.crisis, 'the urgent note follows the crisis lines');
  assert.match(l.text, /You told us about thoughts of hurting yourself/);
  assert.match(l.text, /Your PHQ-9 score: 22 out of 27\n+This is in the severe range\./);
  assert.match(l.text, /At 20 or more, the PHQ-9[’']s authors advise starting treatment at once/);
  assert.equal(l.book, null, 'safety_first offers a call, not a booking');
  assert.ok(l.credit > Math.max(...l.noteTops), 'the credit closes the result');
  assert.deepEqual(errors, []);
  await context.close();
});

test('notes: a moderate total without item 9 shows only the score note, before booking, and no crisis lines', async () => {
  const { context, page } = await open();
  await throughPhq(page, [...Array(6).fill('more_than_half'), ...Array(3).fill('not_at_all')]);
  await toResult(page);
  assert.equal(await onScreen(page), 'outcome-good_fit');
  const l = await layout(page);
  assert.deepEqual(l.notes, ['note-phq9_score']);
  assert.match(l.text, /12 out of 27\n+This is in the moderate range\./);
  assert.equal(l.crisis, null);
  assert.ok(l.book > l.noteTops[0], 'the note comes before booking');
  // Start again: the notes of the last person are gone with the result.
  await page.click('#a-restart');
  assert.deepEqual((await layout(page)).notes, []);
  await context.close();
});

const ITEM9_ONLY = [...Array(8).fill('not_at_all'), 'several_days'];

/** Whether the crisis lines lead the result on screen, and the "changed" line shows. */
async function crisisHelp(page) {
  return page.evaluate(() => {
    const first = document.getElementById('a-crisis-first');
    const step = [...document.querySelectorAll('.a-outcome')].find((s) => !s.hidden);
    return {
      lines: !!first && step.contains(first) && first.checkVisibility() && !!first.querySelector('a[href="tel:988"]'),
      changed: document.getElementById('a-safety-changed').checkVisibility(),
    };
  });
}

test('safety is sticky: Change from the summary after the safety screen keeps the crisis help, and the summary says the answer was changed', async () => {
  const { context, page, errors } = await open();
  await throughPhq(page, ITEM9_ONLY);
  assert.equal(await onScreen(page), 'outcome-crisis');
  await page.click('[data-continue="crisis"]');
  await pick(page, 'never_ketamine', 'none');
  await pick(page, 'cautions', 'none');
  assert.equal(await onScreen(page), 'a-summary');
  assert.equal(await page.locator('.a-changed').count(), 0, 'nothing changed yet');
  await page.click('[data-change="11"]');
  await pick(page, 'phq9', 'not_at_all');
  assert.equal(await onScreen(page), 'a-summary', 'Change returns to the summary');
  const row = await page.locator('.a-summary-row', { has: page.locator('.a-changed') }).innerText();
  assert.match(row, /better off dead[\s\S]*Not at all[\s\S]*You changed this answer after we showed you where to get help\./);
  await page.click('#a-finish');
  assert.equal(await onScreen(page), 'outcome-few_symptoms', 'the new answer counts for the result');
  assert.deepEqual(await crisisHelp(page), { lines: true, changed: true }, 'the crisis help stays on the result');
  assert.match(await page.locator('#a-your-answers').innerText(), /You changed this answer/, 'the printout says so too');
  // Start again forgets it.
  await page.click('#a-restart');
  await throughPhq(page, Array(9).fill('not_at_all'));
  await pick(page, 'never_ketamine', 'none');
  await pick(page, 'cautions', 'none');
  await page.click('#a-finish');
  assert.deepEqual(await crisisHelp(page), { lines: false, changed: false });
  assert.deepEqual(errors, []);
  await context.close();
});

test('safety is sticky: Back from the safety screen to item 9 and a new answer keep the crisis help on the result', async () => {
  const { context, page } = await open();
  await throughPhq(page, ITEM9_ONLY);
  assert.equal(await onScreen(page), 'outcome-crisis');
  await page.click('#a-back');
  await page.waitForFunction(() => !document.getElementById('step-phq9').hidden);
  await pick(page, 'phq9', 'not_at_all');
  await pick(page, 'never_ketamine', 'none');
  await pick(page, 'cautions', 'none');
  assert.equal(await page.locator('.a-changed').count(), 1);
  await page.click('#a-finish');
  assert.deepEqual(await crisisHelp(page), { lines: true, changed: true });
  await context.close();
});

/** Skips the optional date and checklist at the end of the engine fixture. */
async function lastQuestions(page) {
  await page.click('#step-last_dose [data-skip]');
  await page.click('#step-meds [data-skip]');
  assert.equal(await onScreen(page), 'a-summary');
}

/** The medical screen of tests/fixtures/engine, answered. */
async function screen(page, height, weight, history, bp = null) {
  await page.click('#a-start');
  await page.fill('#age-input', '40');
  await page.click('#a-continue button');
  await page.fill('#height-input', String(height));
  await page.click('#a-continue button');
  await page.fill('#weight-input', String(weight));
  await page.click('#a-continue button');
  if (bp) {
    await page.fill('#systolic-input', String(bp[0]));
    await page.click('#a-continue button');
    await page.fill('#diastolic-input', String(bp[1]));
    await page.click('#a-continue button');
  } else {
    await page.click('#step-systolic [data-skip]');
  }
  await pick(page, 'history', history);
  assert.equal(await onScreen(page), 'step-anything_else');
  await page.click('#a-continue button');
  await pick(page, 'smoke', 'no');
  await lastQuestions(page);
  await page.click('#a-finish');
  assert.equal(await onScreen(page), 'outcome-done');
  return page.evaluate(() => ({
    body: document.querySelector('#outcome-done').innerText,
    notes: [...document.querySelectorAll('.a-note')].filter((n) => n.checkVisibility()).map((n) => n.innerText),
    answers: document.querySelector('#a-your-answers').innerText,
  }));
}

test('numbers: round() gives a BMI of 24.9 for 61 in and 132 lb, shown with {bmi:1}; answers repeat in later text', async () => {
  const { context, page, errors } = await open(engineServer);
  const r = await screen(page, 61, 132, 'none');
  assert.match(r.body, /Your BMI is 24\.9\. You told us you are 61 inches tall; history: None of these \(High blood pressure; Heart disease\)\./);
  assert.deepEqual(r.notes, [], 'no review below 35 without a history');
  // The summary shows a number with its unit, as the field did.
  assert.match(r.answers, /\n61 inches\n/);
  assert.match(r.answers, /\n132 pounds\n/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('notes list the reasons that hold: BMI 36.2, blood pressure 162/101 and high blood pressure, not heart disease', async () => {
  const { context, page } = await open(engineServer);
  const r = await screen(page, 66, 224, 'bp', [162, 101]);
  assert.match(r.body, /Your BMI is 36\.2\./);
  assert.equal(r.notes.length, 1);
  assert.match(r.notes[0], /^Our physician will review\n+A physician looks at these answers before your visit:\n+BMI 36\.2\nBlood pressure 162\/101\nHigh blood pressure$/);
  await context.close();
});

test('numbers: a minimum alone is named alone, decimals follow `step`, and the unit is announced with the field', async () => {
  const { context, page, errors } = await open(engineServer);
  await page.click('#a-start');
  const error = async (value) => {
    await page.fill('#age-input, #weight-input >> visible=true', value);
    await page.click('#a-continue button');
    return page.evaluate(() => (document.getElementById('a-errors').hidden ? null : document.getElementById('a-error-link').textContent));
  };
  const age = page.locator('#age-input');
  assert.equal(await page.evaluate(() => document.getElementById(document.getElementById('age-input').getAttribute('aria-describedby')).textContent), 'years');
  assert.equal(await age.getAttribute('inputmode'), 'numeric');
  // Progress is a polite live region, and the heading is described by it.
  const progress = await page.evaluate(() => ({
    live: document.getElementById('a-progress').getAttribute('aria-live'),
    text: document.getElementById('a-progress').textContent,
    describes: document.querySelector('#step-age h1').getAttribute('aria-describedby'),
  }));
  assert.deepEqual(progress, { live: 'polite', text: 'Question 1 of about 9', describes: 'a-progress' });
  assert.equal(await error('12'), 'Enter a number of 18 or more', 'not "from 18 to undefined"');
  assert.equal(await error('40.5'), 'Enter a whole number, like 42');
  assert.equal(await error('40'), null);
  await page.fill('#height-input', '70');
  await page.click('#a-continue button');
  assert.equal(await page.locator('#weight-input').getAttribute('inputmode'), 'decimal');
  assert.equal(await error('150.55'), 'Enter a number with at most 1 decimal, like 150.5');
  assert.equal(await error('800'), 'Enter a number from 60 to 700');
  assert.equal(await error('150.5'), null);
  // The question's own rule: a diastolic above the systolic is refused.
  await page.fill('#systolic-input', '120');
  await page.click('#a-continue button');
  await page.fill('#diastolic-input', '130');
  await page.click('#a-continue button');
  assert.equal(await page.locator('#a-error-link').textContent(), 'The lower number must be lower than the upper number');
  assert.equal(await page.locator('#diastolic-input').getAttribute('aria-invalid'), 'true');
  await page.fill('#diastolic-input', '80');
  await page.click('#a-continue button');
  await pick(page, 'history', 'none');
  await page.click('#a-continue button');
  await pick(page, 'smoke', 'no');
  await lastQuestions(page);
  await page.click('#a-finish');
  assert.match(await page.locator('#outcome-done').innerText(), /Your BMI is 21\.6\./, '150.5 lb at 70 in');
  assert.deepEqual(errors, []);
  await context.close();
});

test('free text: length-limited, no spellcheck, shown in the summary and the printout, never sent', async () => {
  const { context, page, errors } = await open(engineServer);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.click('#a-start');
  for (const [id, v] of [['age', '40'], ['height', '70'], ['weight', '150']]) {
    await page.fill(`#${id}-input`, v);
    await page.click('#a-continue button');
  }
  await page.click('#step-systolic [data-skip]');
  await pick(page, 'history', 'none');
  const box = page.locator('#anything_else-input');
  assert.deepEqual(
    await box.evaluate((t) => [t.tagName, t.maxLength, t.spellcheck, t.getAttribute('autocomplete')]),
    ['TEXTAREA', 300, false, 'off'],
  );
  await box.fill('  I get migraines before storms.  ');
  await page.click('#a-continue button');
  await pick(page, 'smoke', 'no');
  await lastQuestions(page);
  assert.match(await page.locator('#a-summary-list').innerText(), /anything else[\s\S]*I get migraines before storms\./);
  await page.click('#a-finish');
  assert.match(await page.locator('#a-your-answers').innerText(), /I get migraines before storms\./, 'in the printout');
  assert.deepEqual(requests, [], 'nothing sent');
  assert.equal(page.url(), `${engineServer.origin}/assessment/`, 'nothing in the address');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Through the engine fixture's first questions to `smoke`. */
async function toSmoke(page) {
  await page.click('#a-start');
  for (const [id, v] of [['age', '40'], ['height', '61'], ['weight', '132']]) {
    await page.fill(`#${id}-input`, v);
    await page.click('#a-continue button');
  }
  await page.click('#step-systolic [data-skip]');
  await pick(page, 'history', 'none');
  await page.click('#a-continue button');
  assert.equal(await onScreen(page), 'step-smoke');
}

/** The device's date `months` months back (the day clamped), as the date input's parts. */
function monthsBack(months) {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - months, 1);
  const last = new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate();
  d.setDate(Math.min(now.getDate(), last));
  return d;
}

const pad = (n) => String(n).padStart(2, '0');

test('a date typed by keyboard: a future date is refused, one a month back shows the note, and the summary reads it as a date', async () => {
  const { context, page, errors } = await open(engineServer);
  await toSmoke(page);
  await pick(page, 'smoke', 'no');
  assert.equal(await onScreen(page), 'step-last_dose');
  const input = page.locator('#last_dose-input');
  assert.equal(await input.getAttribute('type'), 'date');
  const now = new Date();
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  assert.equal(await input.getAttribute('max'), today, '`not_after: today` is the device\'s today');
  // A US-English date input takes month, day and year in turn.
  const type = async (d) => {
    await input.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type(`${pad(d.getMonth() + 1)}${pad(d.getDate())}${d.getFullYear()}`);
  };
  await type(new Date(now.getFullYear() + 1, 0, 15));
  await page.click('#a-continue button');
  assert.equal(await page.locator('#a-error-link').textContent(), 'Enter a date that is today or in the past');
  const back = monthsBack(1);
  await type(back);
  assert.equal(await input.inputValue(), `${back.getFullYear()}-${pad(back.getMonth() + 1)}-${pad(back.getDate())}`);
  await page.click('#a-continue button');
  await page.click('#step-meds [data-skip]');
  assert.equal(await onScreen(page), 'a-summary');
  const long = back.toLocaleDateString('en', { dateStyle: 'long' });
  assert.match(await page.locator('#a-summary-list').innerText(), new RegExp(`last ketamine treatment\\?\\s+${long}`));
  await page.click('#a-finish');
  const notes = await page.evaluate(() => [...document.querySelectorAll('.a-note')].filter((n) => n.checkVisibility()).map((n) => n.id));
  assert.deepEqual(notes, ['note-recent_treatment'], 'one month back is within 3 months');
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Prefer not to say" is a choice: no smoking note, and the summary and printout say "Prefer not to say"', async () => {
  const { context, page, errors } = await open(engineServer);
  await toSmoke(page);
  const decline = page.locator('#step-smoke [data-decline]');
  assert.equal(await decline.textContent(), 'Prefer not to say');
  await decline.click();
  assert.equal(await onScreen(page), 'step-last_dose');
  await lastQuestions(page);
  assert.match(await page.locator('#a-summary-list').innerText(), /Do you smoke\?\s+Prefer not to say/);
  await page.click('#a-finish');
  assert.match(await page.locator('#a-your-answers').innerText(), /Do you smoke\?\s+Prefer not to say/, 'in the printout');
  const notes = await page.evaluate(() => [...document.querySelectorAll('.a-note')].filter((n) => n.checkVisibility()).map((n) => n.id));
  assert.deepEqual(notes, [], 'declined is not "yes"');
  // Change it to Yes: the smoking note shows.
  await page.click('#a-restart');
  await toSmoke(page);
  await pick(page, 'smoke', 'yes');
  await lastQuestions(page);
  await page.click('#a-finish');
  assert.match(await page.locator('#a-notes').innerText(), /Our physician will talk with you about smoking/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a checklist of 41 options: the 33rd and the 40th count like the first, and the note lists them', async () => {
  const { context, page, errors } = await open(engineServer);
  await toSmoke(page);
  await pick(page, 'smoke', 'no');
  await page.click('#step-last_dose [data-skip]');
  assert.equal(await page.locator('#step-meds input[type=checkbox]').count(), 41);
  await pick(page, 'meds', ['m01', 'm33', 'm40']);
  assert.equal(await onScreen(page), 'a-summary');
  assert.match(await page.locator('#a-summary-list').innerText(), /Medicine 1; Medicine 33; Medicine 40/);
  await page.click('#a-finish');
  const note = await page.locator('#note-medicines').innerText();
  assert.match(note, /^We will go through your medicines\n+Medicine 1\nMedicine 33\nMedicine 40$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('axe-core: no violation on a date question, its error, a question with "Prefer not to say" and the 41-option checklist', { timeout: 120_000 }, async () => {
  const scan = assertAxeClean;
  const { context, page } = await open(engineServer);
  await toSmoke(page);
  await scan(page, 'a question with "Prefer not to say"');
  await page.click('#step-smoke [data-decline]');
  await scan(page, 'a date question');
  await page.fill('#last_dose-input', '2999-01-01');
  await page.click('#a-continue button');
  await scan(page, 'a date error');
  await page.fill('#last_dose-input', '2020-01-01');
  await page.click('#a-continue button');
  await scan(page, 'the 41-option checklist');
  await context.close();
});
