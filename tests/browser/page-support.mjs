// What the self-assessment's browser tests share once a page is open: the
// axe-core check (WCAG 2.2 A/AA and best practice, no violation allowed),
// the step on screen, and answering with the keyboard only. The set-up
// (build, serve, launch Chromium) is in gates-support.mjs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { REPO } from './gates-support.mjs';

const AXE = fs.readFileSync(path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Runs axe-core on the page as it is now and asserts it finds nothing;
 * `label` names the state in the failure message. */
export async function assertAxeClean(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe violations on ${label}`);
}

/** The id and text of the step on screen, how many are shown, and whether
 * its heading has focus. */
export async function onScreen(page) {
  return page.evaluate(() => {
    const step = [...document.querySelectorAll('.a-step')].filter((s) => !s.hidden);
    const h1 = step[0]?.querySelector('h1');
    return { count: step.length, id: step[0]?.id, heading: h1?.textContent.trim(), focused: document.activeElement === h1 };
  });
}

/** Presses Tab until the element matching `selector` has focus. */
export async function tabTo(page, selector) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Chooses `options` of `question` with the keyboard only: Tab into the
 * options, arrow keys within a radio group, Space on a checkbox; then Tab
 * to Continue and Enter. */
export async function chooseAndContinue(page, question, options) {
  for (const option of [].concat(options)) {
    const target = `#${question}-${option}`;
    const radio = await page.evaluate((s) => document.querySelector(s).type === 'radio', target);
    if (radio) {
      await tabTo(page, `input[name="${question}"]`);
      for (let i = 0; i < 20 && !(await page.evaluate((s) => document.activeElement === document.querySelector(s), target)); i++) {
        await page.keyboard.press('ArrowDown');
      }
    } else {
      await tabTo(page, target);
    }
    if (!(await page.evaluate((s) => document.querySelector(s).checked, target))) await page.keyboard.press('Space');
    assert.ok(await page.isChecked(target), `${target} is checked`);
  }
  await tabTo(page, '#a-continue button');
  await page.keyboard.press('Enter');
}
