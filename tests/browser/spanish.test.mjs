// The Spanish self-assessment, /es/assessment/, in real headless Chromium:
// run end to end with the keyboard only (Tab, arrow keys, Space, Enter),
// axe-core at 0 on every step and the result, the page in Spanish
// (`<html lang="es-US">`, the script's messages from i18n/es.yaml), the
// PHQ-9 kept in English and marked so, and the language link round trip.
//
// Run by scripts/test after `cargo build`; needs chromium and npm ci.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startSite, stopSite } from './gates-support.mjs';
import { assertAxeClean, chooseAndContinue, onScreen, tabTo } from './page-support.mjs';

const axe = assertAxeClean;

let out, server, browser;

before(async () => {
  ({ out, server, browser } = await startSite());
});

after(() => stopSite({ out, server, browser }));

async function open(url = '/es/assessment/') {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(`${server.origin}${url}`, { waitUntil: 'networkidle' });
  const requests = [];
  page.on('request', (req) => requests.push(req.url()));
  return { context, page, requests, errors };
}

/** Answers the question on screen with the keyboard only, then checks axe. */
async function answer(page, question, options) {
  const shown = await onScreen(page);
  assert.equal(shown.id, `step-${question}`, `expected ${question}, found ${shown.id} (${shown.heading})`);
  assert.ok(shown.focused, `focus is on the heading of ${question}`);
  await axe(page, `question ${question}`);
  await chooseAndContinue(page, question, options);
}

const PHQ = ['phq1', 'phq2', 'phq3', 'phq4', 'phq5', 'phq6', 'phq7', 'phq8', 'phq9'];

test('keyboard only: the Spanish assessment from the intro to a result, axe at 0 on every step', { timeout: 240_000 }, async () => {
  const { context, page, requests, errors } = await open();
  assert.equal(await page.getAttribute('html', 'lang'), 'es-US');
  await axe(page, 'the intro');
  const intro = await page.locator('#a-intro').innerText();
  // It says plainly that the PHQ-9 is in English, and offers a call or the English version.
  assert.match(intro, /Nueve preguntas están en inglés/);
  assert.match(intro, /\(555\) 010-0142/);
  assert.equal(await page.getAttribute('#a-intro a[href="/assessment/"]', 'href'), '/assessment/');
  await tabTo(page, '#a-start');
  assert.equal(await page.textContent('#a-start'), 'Empezar la autoevaluación');
  await page.keyboard.press('Enter');

  // An error, in Spanish, from the script's table.
  assert.equal((await onScreen(page)).id, 'step-age');
  await tabTo(page, '#a-continue button');
  await page.keyboard.press('Enter');
  assert.equal(await page.textContent('#a-error-link'), 'Elija una respuesta');
  assert.match(await page.title(), /^Error: ¿Cuántos años tiene\? – /);
  await axe(page, 'an error');
  await page.evaluate(() => document.querySelector('#step-age h1').focus());

  await answer(page, 'age', 'adult');
  assert.match(await page.textContent('#a-progress'), /^Pregunta 2 de unas \d+$/);
  await answer(page, 'region', 'oregon');
  await answer(page, 'antidepressants', 'two_or_more');
  // The PHQ-9 as published, in English, marked as English for screen readers.
  assert.equal(await page.getAttribute('#step-phq1', 'lang'), 'en-US');
  assert.equal(await page.textContent('#step-phq1 legend h1'), 'Little interest or pleasure in doing things');
  for (let i = 0; i < 9; i++) await answer(page, PHQ[i], i < 6 ? 'more_than_half' : 'not_at_all');
  await answer(page, 'never_ketamine', 'none');
  await answer(page, 'cautions', 'none');

  let shown = await onScreen(page);
  assert.equal(shown.id, 'a-summary');
  assert.equal(shown.heading, 'Revise sus respuestas');
  await axe(page, 'the summary');
  await tabTo(page, '#a-finish');
  await page.keyboard.press('Enter');

  shown = await onScreen(page);
  assert.equal(shown.id, 'outcome-good_fit');
  assert.ok(shown.focused);
  assert.equal(shown.heading, 'Tiene sentido que hable con nosotros');
  assert.match(await page.title(), /^Su resultado – /);
  const text = await page.evaluate(() => ['#outcome-good_fit', '#a-notes', '#a-result-extra'].map((s) => document.querySelector(s).innerText).join('\n'));
  assert.match(text, /Su puntaje del PHQ-9: 12 de 27\n+Está en el rango moderado\./);
  assert.match(text, /Próximos pasos/);
  await axe(page, 'the result');
  assert.deepEqual(requests, [], 'no request after the page loaded');
  assert.deepEqual(errors, [], 'no console error');
  await context.close();
});

test('keyboard only: item 9 interrupts with the Spanish crisis lines (988, press 2, AYUDA)', { timeout: 120_000 }, async () => {
  const { context, page } = await open();
  await tabTo(page, '#a-start');
  await page.keyboard.press('Enter');
  await answer(page, 'age', 'adult');
  await answer(page, 'region', 'washington');
  await answer(page, 'antidepressants', 'one');
  for (let i = 0; i < 9; i++) await answer(page, PHQ[i], i < 8 ? 'not_at_all' : 'several_days');
  const shown = await onScreen(page);
  assert.equal(shown.id, 'outcome-crisis');
  assert.equal(shown.heading, 'Por favor, hable con alguien ahora');
  assert.match(await page.title(), /^Por favor, lea esto – /);
  const body = await page.locator('#outcome-crisis').innerText();
  assert.match(body, /988/);
  assert.match(body, /marque 2/);
  assert.match(body, /AYUDA/);
  assert.match(body, /988lineadevida\.org/);
  assert.match(body, /911/);
  await axe(page, 'the crisis step');
  await tabTo(page, '[data-continue="crisis"]');
  assert.match(await page.textContent('[data-continue="crisis"]'), /^Estoy a salvo ahora mismo/);
  await page.keyboard.press('Enter');
  assert.equal((await onScreen(page)).id, 'step-never_ketamine');
  await context.close();
});

test('the language link: es → en → es lands on the same page', async () => {
  const { context, page } = await open();
  await tabTo(page, 'a.language-link');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${server.origin}/assessment/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en-US');
  await tabTo(page, 'a.language-link');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${server.origin}/es/assessment/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'es-US');
  // The Spanish home's button leads to the Spanish assessment.
  await page.goto(`${server.origin}/es/`);
  assert.equal(await page.getAttribute('.hero-actions a', 'href'), '/es/assessment/');
  assert.doesNotMatch(await page.textContent('.hero-actions a'), /inglés/);
  await context.close();
});
