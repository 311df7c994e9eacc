// The patient's view on a phone (issue 13) and "answers never leave the
// device" (issue 9), in real headless Chromium at 375 px:
//   - without JavaScript the assessment form cannot be sent: no request, URL
//     or history entry carries an answer; with JavaScript neither;
//   - Start again forgets the previous person (memory and DOM);
//   - crisis lines are tel:/sms: tap targets on every page, behind the
//     header's "Need help now?", first on the crisis screen (before the
//     continue action) and first on a result after a safety screen;
//   - Start on the first screen, whole-row answer targets, the reduced
//     header, stop screens without "Your answers" or Print, the no-JS text
//     only when the script really failed, check-your-answers context;
//   - axe-core 0 on the new states, light and dark.
// The outcome ids of the default assessment are not assumed: results are
// found as the step on screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { REPO, startSite, stopSite, listPages } from './gates-support.mjs';
import { assertAxeClean } from './page-support.mjs';

const axe = assertAxeClean;
const PHONE = { width: 375, height: 667 };
const MIN_TARGET = 44;

let out, server, browser;

before(async () => {
  ({ out, server, browser } = await startSite());
});

after(() => stopSite({ out, server, browser }));

async function open(urlPath = '/assessment/', options = {}) {
  const context = await browser.newContext({ viewport: PHONE, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(server.origin + urlPath, { waitUntil: 'networkidle' });
  return { context, page, errors };
}

/** The step on screen: its id and whether it is an outcome. */
const onScreen = (page) => page.evaluate(() => {
  const s = [...document.querySelectorAll('.a-step')].filter((x) => !x.hidden);
  return { count: s.length, id: s[0]?.id, outcome: s[0]?.classList.contains('a-outcome') };
});

/** Picks an option by its input id and continues (pointer, like a thumb). */
async function pick(page, id) {
  await page.click(`label:has(#${id})`);
  await page.click('#a-continue button');
}

const PHQ = ['phq1', 'phq2', 'phq3', 'phq4', 'phq5', 'phq6', 'phq7', 'phq8', 'phq9'];

/** From the intro to the PHQ-9 item 9 answer; returns nothing. */
async function toItem9(page, item9 = 'nearly_every_day', rest = 'more_than_half') {
  await page.click('#a-start');
  await pick(page, 'age-adult');
  await pick(page, 'region-oregon');
  await pick(page, 'antidepressants-two_or_more');
  for (const q of PHQ.slice(0, 8)) await pick(page, `${q}-${rest}`);
  await pick(page, `phq9-${item9}`);
}

/** Answers every question after the PHQ-9 with its "none" option, to the summary. */
async function toSummary(page) {
  for (let i = 0; i < 10 && (await onScreen(page)).id?.startsWith('step-'); i++) {
    const none = await page.evaluate(() => {
      const s = [...document.querySelectorAll('.a-step')].find((x) => !x.hidden);
      return (s.querySelector('[data-exclusive]') || s.querySelector('input')).id;
    });
    await pick(page, none);
  }
  assert.equal((await onScreen(page)).id, 'a-summary');
}

/** The boxes of the visible elements matching `selector` inside `scope`. */
const boxes = (page, selector) => page.$$eval(selector, (els) => els
  .filter((e) => e.getClientRects().length)
  .map((e) => { const r = e.getBoundingClientRect(); return { text: e.textContent.trim(), href: e.getAttribute('href'), top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width, height: r.height }; }));

test('without JavaScript the form cannot be sent: Enter, every button and a forced submit leave URL, history and requests free of answers', async () => {
  const { context, page } = await open('/assessment/', { javaScriptEnabled: false });
  const start = page.url();
  const historyLength = await page.evaluate(() => history.length);
  const requests = [];
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()} ${r.postData() || ''}`));
  page.on('framenavigated', (f) => requests.push(`navigated ${f.url()}`));
  // Every control is disabled: nothing to type into or press.
  const enabled = await page.$$eval('#a-form input, #a-form button', (els) => els.filter((e) => !e.matches(':disabled')).length);
  assert.equal(enabled, 0, 'no enabled control in the no-JS form');
  for (const input of await page.$$('#a-form input')) {
    await input.focus().catch(() => {});
    await page.keyboard.press('Enter');
    await input.click({ force: true, timeout: 500 }).catch(() => {});
  }
  for (const button of await page.$$('button')) await button.click({ force: true, timeout: 500 }).catch(() => {});
  // Even a submit forced from outside sends nothing: method="dialog".
  await page.evaluate(() => { document.getElementById('a-form').requestSubmit(); });
  await page.waitForTimeout(300);
  assert.equal(page.url(), start, 'the URL never changes');
  assert.equal(await page.evaluate(() => history.length), historyLength, 'no history entry');
  assert.deepEqual(requests.filter((r) => /[?&](age|region|phq\d|cautions)=|phq9/.test(r) || r.startsWith('navigated') || r.startsWith('POST')), []);
  await context.close();
});

test('with JavaScript no answer reaches a URL, request or history entry, Enter included', async () => {
  const { context, page } = await open();
  const start = page.url();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.click('#a-start');
  await page.click('label:has(#age-adult)');
  await page.focus('#age-adult');
  await page.keyboard.press('Enter');
  assert.equal((await onScreen(page)).id, 'step-region', 'Enter on an answer continues');
  await toSummaryFromRegion(page);
  const states = [];
  for (let i = 0; i < 3; i++) { states.push(await page.evaluate(() => JSON.stringify(history.state))); await page.goBack(); }
  assert.equal(page.url(), start);
  for (const s of states) assert.match(s, /^\{"step":"[a-z_:0-9]+","depth":\d+,"run":\d+\}$/, `history state ${s} holds a step id only`);
  assert.deepEqual(requests, []);
  await context.close();
});

async function toSummaryFromRegion(page) {
  await pick(page, 'region-oregon');
  await pick(page, 'antidepressants-two_or_more');
  for (const q of PHQ.slice(0, 8)) await pick(page, `${q}-more_than_half`);
  await pick(page, 'phq9-not_at_all');
  await toSummary(page);
}

test('Start again forgets the previous person: a stop screen after it shows none of the earlier answers, in the DOM or on screen', async () => {
  const { context, page } = await open();
  await toItem9(page);
  await page.click('[data-continue]');
  await toSummary(page);
  await page.click('#a-finish');
  assert.ok((await onScreen(page)).outcome, 'a result');
  assert.match(await page.locator('#a-your-answers').innerText(), /Nearly every day/);
  await page.click('#a-restart');
  assert.equal((await onScreen(page)).id, 'a-intro');
  await page.click('#a-start');
  await pick(page, 'age-under_18');
  const shown = await onScreen(page);
  assert.ok(shown.outcome, `a stop screen (${shown.id})`);
  const state = await page.evaluate(() => ({
    lists: [...document.querySelectorAll('dl')].map((d) => d.textContent).join(''),
    checked: [...document.querySelectorAll('input:checked')].map((i) => i.id),
    scores: [...document.querySelectorAll('[data-score], [data-band]')].map((s) => s.textContent).join(''),
    visible: document.body.innerText,
    crisisFirst: !document.getElementById('a-crisis-first').hidden,
    errors: document.querySelectorAll('.a-error-message').length,
  }));
  assert.equal(state.lists, '', 'no summary or answer list holds anything');
  assert.deepEqual(state.checked, ['age-under_18'], 'only the new answer is checked');
  assert.equal(state.scores, '', 'no score from the earlier run');
  assert.equal(state.crisisFirst, false, 'the earlier safety answer does not follow the next person');
  assert.equal(state.errors, 0);
  for (const earlier of ['Oregon', 'Depression or low mood', 'Two or more', 'Nearly every day', 'More than half the days', 'None of these']) {
    assert.ok(!state.visible.includes(earlier), `"${earlier}" from the earlier run is not on screen`);
  }
  // The browser's Back button cannot bring the earlier run back either.
  await page.goBack();
  await page.goBack();
  const back = await onScreen(page);
  assert.ok(back.id === 'a-intro' || back.id === 'step-age', `Back stays in the new run (${back.id})`);
  await context.close();
});

test('every page: "Need help now?" in the header leads to tel: and sms: tap targets, and the footer links privacy and the disclaimer', { timeout: 240_000 }, async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  for (const { urlPath } of listPages(out)) {
    await page.goto(server.origin + urlPath);
    const help = await boxes(page, '.site-header a[href="#crisis"]');
    assert.equal(help.length, 1, `${urlPath}: one "Need help now?" link in the header`);
    // Spanish pages (under /es/) say it, and link their own pages, in Spanish.
    const prefix = urlPath.startsWith('/es/') ? '/es' : '';
    assert.equal(help[0].text, prefix ? '¿Necesita ayuda ahora?' : 'Need help now?');
    assert.ok(help[0].bottom <= 120, `${urlPath}: the help link is in the first 120 px (${help[0].bottom})`);
    assert.ok(help[0].height >= MIN_TARGET && help[0].width >= MIN_TARGET, `${urlPath}: help link ${help[0].width}x${help[0].height}`);
    const taps = await boxes(page, '#crisis a.tap');
    const hrefs = taps.map((t) => t.href);
    for (const href of ['tel:988', 'sms:988', 'tel:911', 'tel:711']) assert.ok(hrefs.includes(href), `${urlPath}: ${href} in the crisis help (${hrefs})`);
    for (const t of taps) assert.ok(t.height >= MIN_TARGET && t.width >= MIN_TARGET, `${urlPath}: ${t.text} is ${t.width}x${t.height}`);
    const footer = await page.$$eval('footer a', (as) => as.map((a) => a.getAttribute('href')));
    for (const href of ['/privacy/', '/disclaimer/']) assert.ok(footer.includes(prefix + href), `${urlPath}: footer links ${prefix + href}`);
    if (fs.existsSync(path.join(out, 'accessibility', 'index.html'))) assert.ok(footer.includes(prefix + '/accessibility/'), `${urlPath}: footer links the accessibility statement`);
    const header = await page.$eval('.site-header', (h) => h.getBoundingClientRect().height);
    assert.ok(header <= 110, `${urlPath}: the header is one compact row (${header} px)`);
  }
  // Tapping it lands on the tap targets.
  await page.goto(server.origin + '/');
  await page.click('.help-now');
  const top = await page.$eval('#crisis-lines', (l) => l.getBoundingClientRect().top);
  assert.ok(top >= 0 && top < PHONE.height, `the crisis lines are on screen after the tap (top ${top})`);
  await context.close();
});

test('the crisis screen: call and text tap targets come first, before the clearly secondary continue action', async () => {
  const { context, page } = await open();
  await toItem9(page, 'several_days', 'not_at_all');
  const shown = await onScreen(page);
  const order = await page.evaluate((id) => {
    const step = document.getElementById(id);
    const cont = step.querySelector('[data-continue]');
    const links = [...step.querySelectorAll('a[href^="tel:"], a[href^="sms:"]')];
    const body = step.querySelector('.prose');
    return {
      hrefs: links.map((a) => a.getAttribute('href')),
      beforeContinue: links.every((a) => a.compareDocumentPosition(cont) & Node.DOCUMENT_POSITION_FOLLOWING),
      beforeBody: links.slice(0, 2).every((a) => a.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING),
      continueIsButton: cont.classList.contains('button') || cont.classList.contains('button-primary'),
    };
  }, shown.id);
  for (const href of ['tel:988', 'sms:988', 'tel:911']) assert.ok(order.hrefs.includes(href), `${href} on the crisis screen`);
  assert.ok(order.beforeContinue, 'every call/text link comes before "continue"');
  assert.ok(order.beforeBody, 'the 988 links come before the body text');
  assert.equal(order.continueIsButton, false, 'continue is not styled as a button');
  const taps = await boxes(page, `#${shown.id} a.tap`);
  assert.ok(taps[0].top < PHONE.height, `the first tap target is on the first screen (${taps[0].top})`);
  for (const t of taps) assert.ok(t.height >= 48 && t.width >= 100, `${t.text}: ${t.width}x${t.height}`);
  // The keyboard reaches "Call 988" before anything else in the step.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), 'tel:988');
  await axe(page, 'the crisis screen');
  await context.close();
});

test('a result after a safety screen shows the crisis lines first, before booking and the credit', async () => {
  const { context, page } = await open();
  await toItem9(page);
  await page.click('[data-continue]');
  await toSummary(page);
  await page.click('#a-finish');
  const shown = await onScreen(page);
  assert.ok(shown.outcome, 'a result');
  const layout = await page.evaluate((id) => {
    const step = document.getElementById(id);
    const first = step.querySelector('#a-crisis-first');
    const y = (e) => e ? e.getBoundingClientRect().top + scrollY : Infinity;
    const after = [...step.querySelectorAll('.prose, .button-primary, .a-credit, h2')].filter((e) => !first.contains(e));
    const book = step.querySelector('a.button-primary');
    return { inside: !!first && !first.hidden, top: y(first), others: after.map(y), tel: !!first?.querySelector('a[href="tel:988"]'), book: y(book), credit: y(document.getElementById('a-credit')) };
  }, shown.id);
  if (layout.book !== Infinity) assert.ok(layout.credit > layout.book, 'the credit comes after booking');
  assert.ok(layout.inside && layout.tel, 'the crisis lines are in the result');
  assert.ok(layout.others.every((t) => t > layout.top), 'nothing but the heading comes before them');
  assert.ok(layout.top < PHONE.height, `they start on the first screen (${layout.top})`);
  await axe(page, 'a result after a safety screen');
  await page.emulateMedia({ colorScheme: 'dark' });
  await axe(page, 'a result after a safety screen, dark');
  await context.close();
});

test('Start is on the first screen; answers are whole-row targets of at least 44 px; the header is reduced while answering', async () => {
  const { context, page } = await open();
  const startBox = await page.$eval('#a-start', (b) => b.getBoundingClientRect().bottom);
  assert.ok(startBox <= PHONE.height, `Start ends at ${startBox} px, within ${PHONE.height}`);
  assert.equal(await page.isVisible('.menu-link'), true, 'the intro keeps the site menu');
  await page.click('#a-start');
  const rows = await boxes(page, '#step-age fieldset label');
  const width = await page.$eval('#step-age fieldset', (f) => f.getBoundingClientRect().width);
  for (const r of rows) {
    assert.ok(r.height >= MIN_TARGET, `${r.text} row is ${r.height} px tall`);
    assert.ok(r.width >= width - 1, `${r.text} row fills the width (${r.width} of ${width})`);
  }
  // A tap on the empty right end of a row picks that answer.
  const row = await page.$('label:has(#age-adult)');
  const box = await row.boundingBox();
  await page.mouse.click(box.x + box.width - 8, box.y + box.height / 2);
  assert.equal(await page.isChecked('#age-adult'), true);
  const header = await page.evaluate(() => ({
    nav: !!document.querySelector('.header-nav')?.getClientRects().length,
    menu: !!document.querySelector('.menu-link')?.getClientRects().length,
    leave: document.getElementById('a-leave').getClientRects().length > 0,
    help: document.querySelector('.help-now').getClientRects().length > 0,
    name: document.querySelector('.site-name').getClientRects().length > 0,
  }));
  assert.deepEqual(header, { nav: false, menu: false, leave: true, help: true, name: true });
  await axe(page, 'a question with the reduced header');
  await page.emulateMedia({ colorScheme: 'dark' });
  await axe(page, 'a question, dark');
  await context.close();
});

test('stop screens have no "Your answers" and no Print; check-your-answers keeps the question context', async () => {
  const { context, page } = await open();
  await page.click('#a-start');
  await pick(page, 'age-under_18');
  const stop = await page.evaluate(() => ({
    answers: [...document.querySelectorAll('h2')].some((h) => h.getClientRects().length && /Your answers/.test(h.textContent)),
    print: document.getElementById('a-print').getClientRects().length > 0,
    restart: document.getElementById('a-restart').getClientRects().length > 0,
  }));
  assert.deepEqual(stop, { answers: false, print: false, restart: true });
  await axe(page, 'a stop screen');
  await page.click('#a-restart');
  await page.click('#a-start');
  await pick(page, 'age-adult');
  await toSummaryFromRegion(page);
  const summary = await page.locator('#a-summary-list').innerText();
  assert.match(summary, /Over the last 2 weeks/, 'the PHQ-9 stem is kept');
  assert.match(summary, /None of these \([^)]*;[^)]*\)/, '"None of these" says what "these" were');
  await context.close();
});

test('the no-JavaScript notice stays hidden while the script loads slowly, and shows if it never arrives', async () => {
  for (const [label, handle, expectVisible] of [
    ['slow', async (route) => { await new Promise((r) => setTimeout(r, 2500)); await route.continue(); }, false],
    ['failed', (route) => route.abort(), true],
  ]) {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.route('**/assessment.js', handle);
    await page.goto(server.origin + '/assessment/', { waitUntil: 'commit' });
    await page.waitForTimeout(1200);
    assert.equal(await page.isVisible('#a-nojs'), false, `${label}: the notice is hidden at 1.2 s`);
    await page.waitForTimeout(4000);
    assert.equal(await page.isVisible('#a-nojs'), expectVisible, `${label}: notice visible at 5 s is ${expectVisible}`);
    if (!expectVisible) assert.equal(await page.isVisible('#a-start'), true, `${label}: the script ran`);
    await context.close();
  }
  // With scripting off it shows at once.
  const { context, page } = await open('/assessment/', { javaScriptEnabled: false });
  assert.equal(await page.isVisible('#a-nojs'), true);
  await context.close();
});

test('home, article and tag pages at 375 px: the home h1 says what the clinic offers, an article starts with the article, tags read as words', async () => {
  const { context, page } = await open('/');
  const home = await page.evaluate(() => ({ h1: document.querySelector('h1').textContent, name: document.querySelector('.site-name').textContent.trim(), cta: document.querySelector('main a[href="/assessment/"]').getBoundingClientRect().bottom }));
  assert.notEqual(home.h1, home.name, 'the home h1 is not just the clinic name');
  assert.ok(home.cta <= PHONE.height, `the self-assessment link is on the first screen (${home.cta})`);
  await page.goto(server.origin + '/articles/safety/');
  const article = await page.evaluate(() => ({
    firstText: document.querySelector('.prose > p, .prose > ul').getBoundingClientRect().top,
    review: document.getElementById('review')?.getBoundingClientRect().top,
    tags: [...document.querySelectorAll('.tags a')].map((a) => a.textContent),
  }));
  assert.ok(article.firstText < PHONE.height, `the article text starts on the first screen (${article.firstText})`);
  assert.ok(article.review > article.firstText, 'the full review box comes after the text starts');
  for (const t of article.tags) assert.doesNotMatch(t, /-/, `tag "${t}" is shown as words, not a slug`);
  await page.goto(server.origin + '/tags/');
  for (const t of await page.$$eval('.tag-list a', (as) => as.map((a) => a.textContent))) assert.doesNotMatch(t, /^[a-z]+-[a-z-]+ /, `tag index shows "${t}"`);
  await context.close();
});

test('the page title never names an outcome, so browser history cannot tell the next user what was answered', async () => {
  const { context, page } = await open();
  await toItem9(page);
  assert.match(await page.title(), /^Please read this – /);
  const titles = await page.evaluate(() => [...document.querySelectorAll('.a-outcome h1')].map((h) => h.textContent.trim()));
  for (const t of titles) assert.ok(!(await page.title()).includes(t), `the title does not include "${t}"`);
  await page.click('[data-continue]');
  await toSummary(page);
  await page.click('#a-finish');
  assert.match(await page.title(), /^Your result – /);
  await context.close();
});
