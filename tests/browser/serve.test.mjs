// `pamphlet serve` in a real browser (issue 5): a page open in headless
// Chromium reloads by itself after its Markdown is edited, shows the error
// overlay (naming the file) when the front matter breaks, and drops it once
// fixed, all with the page's Content-Security-Policy enforced and no
// violation. The server runs on 127.0.0.1 against a temp copy of the default
// site (or tests/fixtures/good while the repo has none; see siteRoot()).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { PAMPHLET, REPO, launchBrowser, siteRoot } from './gates-support.mjs';

const AXE_SOURCE = fs.readFileSync(path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const WAIT = 15_000;

let site; // the temp copy
let server; // { child, origin, output() }
let browser;

/** Copies the parts of a site that serve reads into a fresh temp folder. */
function copySite(from) {
  const to = fs.mkdtempSync(path.join(os.tmpdir(), 'pamphlet-serve-'));
  for (const name of ['site.yaml', 'content', 'templates', 'static']) {
    const source = path.join(from, name);
    if (fs.existsSync(source)) fs.cpSync(source, path.join(to, name), { recursive: true });
  }
  return to;
}

/** Starts `pamphlet serve --port 0` and resolves once it prints its URL. */
function startServer(root) {
  if (!fs.existsSync(PAMPHLET)) throw new Error(`${PAMPHLET} is missing: run \`cargo build\` first (scripts/test does)`);
  const child = spawn(PAMPHLET, ['serve', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pamphlet serve printed no URL:\n${out}`)), 30_000);
    const check = () => {
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ child, origin: `http://127.0.0.1:${m[1]}`, output: () => out });
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pamphlet serve exited (${code}):\n${out}`));
    });
  });
}

/** The first published article: its file and URL path. */
function anArticle(root) {
  const dir = path.join(root, 'content', 'articles');
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.md')) continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    if (/^draft:\s*true/m.test(text)) continue;
    return { file: path.join(dir, name), relative: `content/articles/${name}`, urlPath: `/articles/${name.slice(0, -3)}/`, text };
  }
  throw new Error(`no published article in ${dir}`);
}

before(async () => {
  site = copySite(siteRoot().root);
  server = await startServer(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGINT');
    await exited;
  }
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

test('an open page reloads after an edit, shows build errors in an overlay, and clears it once fixed', { timeout: 120_000 }, async () => {
  const article = anArticle(site);
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  await context.addInitScript(() => {
    window.__csp = [];
    window.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`), true);
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content.Security.Policy/i.test(msg.text())) problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught ${err.name}: ${err.message}`));
  page.on('request', (req) => {
    if (!req.url().startsWith(server.origin + '/')) problems.push(`request to another host: ${req.url()}`);
  });

  const response = await page.goto(server.origin + article.urlPath, { waitUntil: 'load' });
  assert.equal(response.status(), 200);
  // The reload script is a file of its own, and the page is listening.
  assert.equal(await page.locator('script[src^="/__pamphlet/live.js"]').count(), 1);
  await page.locator('html[data-pamphlet-live="connected"]').waitFor({ state: 'attached', timeout: WAIT });

  // A second page the edit does not change: it must not reload.
  const other = await page.context().newPage();
  await other.goto(`${server.origin}/tags/`, { waitUntil: 'load' });
  await other.locator('html[data-pamphlet-live="connected"]').waitFor({ state: 'attached', timeout: WAIT });
  await other.evaluate(() => {
    window.__notReloaded = true;
  });

  // 1. Edit the article: the page reloads by itself and shows the new text.
  await page.evaluate(() => {
    window.__notReloaded = true;
  });
  const marker = `Edited live at ${Date.now()}`;
  const reloaded = page.waitForEvent('load', { timeout: WAIT });
  fs.writeFileSync(article.file, `${article.text.trimEnd()}\n\n${marker}\n`);
  await reloaded;
  await page.locator('main', { hasText: marker }).waitFor({ timeout: WAIT });
  assert.equal(await page.evaluate(() => window.__notReloaded), undefined, 'the page was reloaded');
  assert.equal(await other.evaluate(() => window.__notReloaded), true, 'a page the edit did not change stayed');
  await other.close();

  // 2. Break the front matter: the overlay names the file, the page stays.
  const broken = article.text.replace(/^title:/m, 'titel:');
  assert.notEqual(broken, article.text);
  fs.writeFileSync(article.file, broken);
  const overlay = page.locator('#pamphlet-overlay');
  await overlay.waitFor({ state: 'visible', timeout: WAIT });
  assert.equal(await overlay.getAttribute('role'), 'alertdialog');
  const text = await overlay.innerText();
  assert.match(text, new RegExp(article.relative.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.match(text, /titel/);
  assert.match(text, /line 2/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pamphlet-overlay', 'the overlay takes focus');
  assert.ok(await page.locator('main', { hasText: marker }).count(), 'the last good page stays underneath');
  fs.mkdirSync(path.join(REPO, 'target', 'screenshots'), { recursive: true });
  await page.screenshot({ path: path.join(REPO, 'target', 'screenshots', 'serve-overlay.png') });
  // The overlay itself meets WCAG 2.2 AA.
  await page.evaluate(`${AXE_SOURCE}\n;0`);
  const axe = await page.evaluate(() =>
    window.axe.run('#pamphlet-overlay', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } }),
  );
  assert.deepEqual(
    axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    [],
  );

  // In dark mode too, and on a 320 px phone without sideways scrolling.
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(() => window.axe.run('#pamphlet-overlay', { runOnly: { type: 'tag', values: ['wcag2aa'] } }));
  assert.deepEqual(dark.violations.map((v) => `dark: ${v.id}: ${v.help}`), []);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 320, height: 640 });
  const wide = await page.evaluate(() => {
    const box = document.querySelector('.pamphlet-overlay__box').getBoundingClientRect();
    return box.right > document.documentElement.clientWidth + 0.5 ? box.right : 0;
  });
  assert.equal(wide, 0, 'the overlay fits a 320 px screen');
  await page.setViewportSize({ width: 1000, height: 800 });

  // Escape hides the overlay; the next save that still fails brings it back.
  await page.keyboard.press('Escape');
  await overlay.waitFor({ state: 'detached', timeout: WAIT });
  fs.writeFileSync(article.file, broken.replace(/^titel:/m, 'tittle:'));
  await overlay.waitFor({ state: 'visible', timeout: WAIT });
  assert.match(await overlay.innerText(), /tittle/);

  // 3. Fix it: the overlay goes and the page shows the good build.
  fs.writeFileSync(article.file, article.text);
  await overlay.waitFor({ state: 'detached', timeout: WAIT });
  await page.locator('main').waitFor({ timeout: WAIT });
  assert.equal(await page.locator('main', { hasText: marker }).count(), 0, 'the page shows the fixed file');

  const csp = await page.evaluate(() => window.__csp);
  assert.deepEqual(csp, [], 'no CSP violation');
  assert.deepEqual(problems, []);
  assert.doesNotMatch(server.output(), /panicked/);
  assert.ok(!fs.existsSync(path.join(site, 'public')), 'serve never writes public/');
  await context.close();
});
