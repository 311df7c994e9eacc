// The quality gates of issue 6 / DESIGN.md "Quality bars", run by scripts/test
// on the default site (or on tests/fixtures/good while the repo has no
// content/; PAMPHLET_GATES_ROOT=DIR picks another site, PAMPHLET_GATES_SITE=DIR
// checks an already built folder):
//   1. axe-core, WCAG 2.2 AA + best-practice, at 1280 and 375 px: no violation
//      (and colour contrast in dark mode);
//   2. the Nu HTML Checker over every page and stylesheet: no error;
//   3. privacy and robustness with the CSP enforced: only local requests, no
//      cookie, no web storage, no CSP violation, no console error, no
//      horizontal scroll at 320 px;
//   4. every page with its CSS, JS and images under 60 KB;
//   5. `pamphlet check --deny-warnings` passes;
//   6. screenshots (375 px; light, dark, print) in target/screenshots/.
// One browser, pages scanned one after the other; every failure names the
// page and the element.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  PAMPHLET,
  REPO,
  buildSite,
  fileFor,
  launchBrowser,
  listFiles,
  listPages,
  runVnu,
  serve,
  siteRoot,
} from './gates-support.mjs';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const AXE_SOURCE = fs.readFileSync(path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const WEIGHT_LIMIT = 60 * 1024;
// `pamphlet check --today`: a fixed date so the gate never depends on the clock.
const CHECK_TODAY = process.env.PAMPHLET_GATES_TODAY || '2026-11-24';
const SHOTS = path.join(REPO, 'target', 'screenshots');
const PAGE_TIMEOUT = 30_000;

const { root, isDefault } = siteRoot();
let dir; // the built site
let server;
let browser;
let pages; // [{ file, urlPath }]

const url = (urlPath) => server.origin + urlPath;
const log = (...lines) => console.log(lines.join('\n'));

before(async () => {
  if (!isDefault && !process.env.PAMPHLET_GATES_SITE) log(`gates: checking ${path.relative(REPO, root) || '.'} (the repo has no site.yaml + content/ yet)`);
  // PAMPHLET_GATES_SITE=DIR checks an already built folder as it is.
  dir = process.env.PAMPHLET_GATES_SITE ? path.resolve(process.env.PAMPHLET_GATES_SITE) : buildSite(root);
  pages = listPages(dir);
  server = await serve(dir);
  browser = await launchBrowser();
  log(`gates: ${pages.length} pages built into ${dir}, served at ${server.origin}`);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir && !process.env.PAMPHLET_GATES_SITE) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

async function goto(page, urlPath) {
  const response = await page.goto(url(urlPath), { waitUntil: 'load', timeout: PAGE_TIMEOUT });
  assert.ok(response, `${urlPath}: no response`);
  assert.equal(response.status(), 200, `${urlPath}: HTTP ${response.status()}`);
  return response;
}

// A page with scripts may fetch or store something after load: give it until
// the network is quiet (bounded). Pages without scripts are done at load.
async function settle(page) {
  if (await page.evaluate(() => [...document.scripts].some((s) => s.src))) {
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  }
}

test('the built site has every kind of page the gates must see', () => {
  const paths = pages.map((p) => p.urlPath);
  const missing = [];
  for (const must of ['/', '/404.html', '/articles/']) if (!paths.includes(must)) missing.push(must);
  if (!paths.some((p) => /^\/articles\/(?!page\/)[^/]+\/$/.test(p))) missing.push('/articles/<an article>/');
  // A site with content/assessment.yaml must publish its assessment page.
  const hasAssessment = fs.existsSync(path.join(root, 'content', 'assessment.yaml'));
  if (hasAssessment && !paths.includes('/assessment/')) missing.push('/assessment/');
  // ...and its review sheet for the clinician (unlisted, but gated like every page).
  if (hasAssessment && !paths.includes('/assessment/review/')) missing.push('/assessment/review/');
  assert.deepEqual(missing, [], `pages missing from the build: ${missing.join(', ')}\nbuilt: ${paths.join(' ')}`);
  // The walk must have found the pagination pages the list links to.
  for (const p of pages) {
    const html = fs.readFileSync(p.file, 'utf8');
    for (const [, href] of html.matchAll(/href="(\/[^"#?]*\/page\/\d+\/)"/g)) {
      assert.ok(paths.includes(href), `${p.urlPath} links to ${href}, which was not built`);
    }
  }
});

// ---------------------------------------------------------------- 1. axe-core

function formatAxe(urlPath, label, results) {
  return results.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${urlPath} [${label}] ${v.id} (${v.impact}): ${v.help}\n` +
        `    target: ${n.target.join(' ')}\n` +
        `    html:   ${n.html.replace(/\s+/g, ' ').slice(0, 200)}\n` +
        `    ${(n.failureSummary || '').split('\n').slice(0, 3).join(' / ')}\n` +
        `    ${v.helpUrl}`,
    ),
  );
}

// axe is evaluated through the DevTools protocol, which the page's CSP does not
// block, so the page is scanned exactly as a patient gets it (CSP enforced).
async function runAxe(page, options) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(`${AXE_SOURCE}\n;0`);
  return page.evaluate((opts) => window.axe.run(document, opts), options);
}

test('axe-core: no WCAG 2.2 AA or best-practice violation on any page at 1280 and 375 px', { timeout: 15 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const violations = [];
  const incomplete = new Map(); // rule → { help, where: [] }
  try {
    for (const { urlPath } of pages) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await goto(page, urlPath);
      for (const width of [1280, 375]) {
        if (width !== 1280) await page.setViewportSize({ width, height: 800 });
        const r = await runAxe(page, {
          runOnly: { type: 'tag', values: AXE_TAGS },
          resultTypes: ['violations', 'incomplete'],
        });
        violations.push(...formatAxe(urlPath, `${width}px`, r.violations));
        for (const v of r.incomplete) {
          const entry = incomplete.get(v.id) || { help: v.help, where: [] };
          for (const n of v.nodes) entry.where.push(`${urlPath} ${width}px ${n.target.join(' ')}`);
          incomplete.set(v.id, entry);
        }
      }
    }
  } finally {
    await context.close();
  }
  if (incomplete.size) {
    log('axe "incomplete" results (for a person to review; not gated):');
    for (const [id, { help, where }] of incomplete) {
      log(`  ${id}: ${help} — ${where.length} element(s), e.g. ${where.slice(0, 3).join('; ')}`);
    }
  }
  assert.equal(violations.length, 0, `${violations.length} axe violation(s):\n${violations.join('\n')}`);
});

test('axe-core: text contrast holds in dark mode on every page', { timeout: 10 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
  const page = await context.newPage();
  const violations = [];
  try {
    for (const { urlPath } of pages) {
      await goto(page, urlPath);
      const r = await runAxe(page, {
        runOnly: { type: 'rule', values: ['color-contrast', 'link-in-text-block'] },
        resultTypes: ['violations'],
      });
      violations.push(...formatAxe(urlPath, 'dark, 375px', r.violations));
    }
  } finally {
    await context.close();
  }
  assert.equal(violations.length, 0, `${violations.length} dark-mode contrast violation(s):\n${violations.join('\n')}`);
});

// ------------------------------------------------------ 2. Nu HTML Checker

test('Nu HTML Checker: no error in any page or stylesheet', { timeout: 10 * 60_000 }, async () => {
  const files = [...pages.map((p) => p.file), ...listFiles(dir, '.css')];
  const messages = await runVnu(files);
  const where = (m) =>
    `${path.relative(dir, m.file || dir) || m.url}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}`;
  const show = (m) => `${where(m)}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\s+/g, ' ').trim()}` : ''}`;
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  const warnings = messages.filter((m) => m.type === 'info' && m.subType === 'warning');
  const infos = messages.filter((m) => m.type === 'info' && m.subType !== 'warning');
  log(`vnu: ${files.length} files, ${errors.length} error(s), ${warnings.length} warning(s), ${infos.length} info message(s)`);
  // Warnings are listed once per message with the files they occur in. Two
  // are artifacts of checking files from disk, not problems a browser has (the
  // privacy test checks the real CSP in Chromium): vnu resolves 'self' against
  // a file: URL, and it counts a JSON-LD data block as an inline script.
  const groups = new Map();
  for (const m of warnings) {
    const key = m.message.replace(/\s+/g, ' ');
    groups.set(key, [...(groups.get(key) || []), where(m)]);
  }
  for (const [message, at] of groups) {
    const artifact = /^(Resource violates Content Security Policy \(meta tag\): external stylesheet “\/|Inline script violates Content Security Policy)/.test(message);
    log(`vnu warning${artifact ? ' (artifact of checking files, see the test)' : ''}: ${message}\n  ${at.length} place(s): ${at.slice(0, 6).join(', ')}${at.length > 6 ? ', ...' : ''}`);
  }
  assert.equal(errors.length, 0, `${errors.length} Nu HTML Checker error(s):\n${errors.map(show).join('\n')}`);
});

// ---------------------------------------- 3. privacy, CSP, console, 320 px

// Registered by the driver before any page script runs: records the CSP
// violations the page reports (inline scripts and styles, other hosts).
const CSP_LISTENER = () => {
  window.__gatesCsp = [];
  window.addEventListener(
    'securitypolicyviolation',
    (e) => window.__gatesCsp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample || ''}`),
    true,
  );
};

test('privacy: only local requests, no cookie, no web storage, CSP holds, no console error, no sideways scroll at 320 px', { timeout: 10 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  await context.addInitScript(CSP_LISTENER);
  const page = await context.newPage();
  const problems = [];
  let current = '';
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(server.origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) {
      problems.push(`${current}: request to another host: ${req.method()} ${u} (${req.resourceType()})`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${current}: HTTP ${res.status()} for ${res.url()}`);
  });
  page.on('requestfailed', (req) => problems.push(`${current}: request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content.Security.Policy/i.test(msg.text())) {
      const loc = msg.location();
      problems.push(`${current}: console ${msg.type()}: ${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`${current}: uncaught ${err.name}: ${err.message}`));
  try {
    for (const { urlPath } of pages) {
      current = urlPath;
      await goto(page, urlPath);
      // Let scripts that run after load (the assessment) settle.
      await settle(page);
      const state = await page.evaluate(async () => {
        const root = document.documentElement;
        const wide = [];
        if (root.scrollWidth > root.clientWidth) {
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > root.clientWidth + 0.5 && wide.length < 5) {
              const cls = el.getAttribute('class');
              wide.push(`<${el.localName}${el.id ? `#${el.id}` : ''}${cls ? `.${cls.trim().split(/\s+/).join('.')}` : ''}> right edge at ${Math.round(r.right)}px`);
            }
          }
        }
        let idb = [];
        try {
          idb = (await indexedDB.databases()).map((d) => d.name);
        } catch (e) {
          idb = [`(could not list: ${e.message})`];
        }
        let cacheNames = [];
        try {
          cacheNames = 'caches' in window ? await caches.keys() : [];
        } catch {}
        const workers = navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0;
        return {
          scrollWidth: root.scrollWidth,
          clientWidth: root.clientWidth,
          wide,
          local: localStorage.length,
          session: sessionStorage.length,
          idb,
          cacheNames,
          workers,
          cookie: document.cookie,
          csp: window.__gatesCsp || [],
        };
      });
      const at = urlPath;
      if (state.scrollWidth > state.clientWidth) {
        problems.push(`${at}: scrolls sideways at 320 px (scrollWidth ${state.scrollWidth} > ${state.clientWidth}); too wide: ${state.wide.join(', ') || '(no single element)'}`);
      }
      if (state.local) problems.push(`${at}: localStorage has ${state.local} item(s)`);
      if (state.session) problems.push(`${at}: sessionStorage has ${state.session} item(s)`);
      if (state.idb.length) problems.push(`${at}: IndexedDB database(s): ${state.idb.join(', ')}`);
      if (state.cacheNames.length) problems.push(`${at}: Cache Storage: ${state.cacheNames.join(', ')}`);
      if (state.workers) problems.push(`${at}: registers ${state.workers} service worker(s)`);
      if (state.cookie) problems.push(`${at}: document.cookie = ${state.cookie}`);
      for (const v of state.csp) problems.push(`${at}: CSP violation: ${v}`);
      const cookies = await context.cookies();
      if (cookies.length) problems.push(`${at}: cookies set: ${cookies.map((c) => `${c.name} (${c.domain})`).join(', ')}`);
      await context.clearCookies();
    }
    // The CSP must actually be in force, or "no violation" would mean nothing.
    await goto(page, '/');
    const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.content || '');
    if (!/default-src 'self'/.test(csp) || /unsafe-(inline|eval)/.test(csp)) {
      problems.push(`/: the Content-Security-Policy is "${csp}"; DESIGN.md asks for default-src 'self' without unsafe-inline or unsafe-eval`);
    }
  } finally {
    await context.close();
  }
  assert.equal(problems.length, 0, `${problems.length} problem(s):\n${problems.join('\n')}`);
});

// ------------------------------------------------------------ 4. page weight

test('page weight: every page with its CSS, JS and images is under 60 KB', { timeout: 10 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const loaded = new Set();
  page.on('request', (req) => {
    if (req.url().startsWith(server.origin + '/')) loaded.add(new URL(req.url()).pathname);
  });
  const weights = [];
  try {
    for (const { urlPath } of pages) {
      loaded.clear();
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await goto(page, urlPath);
        await settle(page);
        // Also what a reader would load by scrolling (lazy images) or that
        // the page declares without loading at this width.
        const declared = await page.evaluate(() => {
          const out = [];
          for (const el of document.querySelectorAll('img')) out.push(el.currentSrc || el.src);
          for (const el of document.querySelectorAll('script[src]')) out.push(el.src);
          for (const el of document.querySelectorAll('link[href]')) {
            if (/\b(stylesheet|icon|preload|modulepreload|manifest)\b/i.test(el.rel)) out.push(el.href);
          }
          for (const el of document.querySelectorAll('video[poster]')) out.push(el.poster);
          return out;
        });
        for (const u of declared) if (u.startsWith(server.origin + '/')) loaded.add(new URL(u).pathname);
      }
      loaded.add(urlPath);
      const parts = [];
      for (const p of loaded) {
        const file = fileFor(dir, p);
        if (file) parts.push({ p, bytes: fs.statSync(file).size });
      }
      const total = parts.reduce((s, x) => s + x.bytes, 0);
      weights.push({ urlPath, total, parts });
    }
  } finally {
    await context.close();
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  weights.sort((a, b) => b.total - a.total);
  log(`page weight (HTML + same-origin CSS/JS/images, uncompressed), heaviest first:`);
  for (const w of weights) log(`  ${kb(w.total).padStart(9)}  ${w.urlPath}`);
  const heavy = weights.filter((w) => w.total >= WEIGHT_LIMIT);
  assert.equal(
    heavy.length,
    0,
    `${heavy.length} page(s) at or over 60 KB:\n` +
      heavy.map((w) => `${w.urlPath}: ${kb(w.total)} = ${w.parts.map((x) => `${x.p} ${kb(x.bytes)}`).join(' + ')}`).join('\n'),
  );
});

// ------------------------------------------------------- 5. pamphlet check

const hasCheck = (() => {
  try {
    return /^\s+check\s/m.test(execFileSync(PAMPHLET, ['--help'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
})();

test(`pamphlet check --deny-warnings --today ${CHECK_TODAY} passes`, {
  skip: !hasCheck
    ? 'pamphlet check not built yet'
    : !isDefault && !process.env.PAMPHLET_GATES_ROOT
      ? 'the repo has no default site (content/) yet'
      : false,
}, () => {
  const r = spawnSync(PAMPHLET, ['--root', root, 'check', '--deny-warnings', '--today', CHECK_TODAY], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, `pamphlet check exited with ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
});

// --------------------------------------------------------- 6. screenshots

// WCAG relative luminance and contrast of two computed "rgb(...)" colours.
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return { ratio: (hi + 0.05) / (lo + 0.05), bgLum: lum(b) };
}

test('screenshots of the home page, an article and the assessment at 375 px (light, dark, print)', { timeout: 5 * 60_000 }, async () => {
  const paths = pages.map((p) => p.urlPath);
  // The longest article: it shows the most kinds of content (tables, callouts, sources).
  const article = pages
    .filter((p) => /^\/articles\/(?!page\/)[^/]+\/$/.test(p.urlPath))
    .sort((a, b) => fs.statSync(b.file).size - fs.statSync(a.file).size)[0]?.urlPath;
  const targets = [
    ['home', '/'],
    ['article', article],
    ['assessment', paths.includes('/assessment/') ? '/assessment/' : null],
  ];
  fs.mkdirSync(SHOTS, { recursive: true });
  const problems = [];
  const written = [];
  for (const mode of ['light', 'dark', 'print']) {
    const context = await browser.newContext({
      viewport: { width: 375, height: 800 },
      colorScheme: mode === 'dark' ? 'dark' : 'light',
    });
    const page = await context.newPage();
    if (mode === 'print') await page.emulateMedia({ media: 'print' });
    try {
      for (const [name, urlPath] of targets) {
        if (!urlPath) {
          if (mode === 'light') log(`screenshots: no ${name} page in this site, skipped`);
          continue;
        }
        await goto(page, urlPath);
        const file = path.join(SHOTS, `${name}-375-${mode}.png`);
        await page.screenshot({ path: file, fullPage: true });
        written.push(path.relative(REPO, file));
        const colors = await page.evaluate(() => {
          const cs = (el) => getComputedStyle(el);
          let bg = cs(document.body).backgroundColor;
          if (/rgba\(0, 0, 0, 0\)|transparent/.test(bg)) bg = cs(document.documentElement).backgroundColor;
          if (/rgba\(0, 0, 0, 0\)|transparent/.test(bg)) bg = 'rgb(255, 255, 255)';
          const main = document.querySelector('main');
          return { bg, text: cs(main || document.body).color, mainShown: !!main && main.getBoundingClientRect().height > 0 };
        });
        const { ratio, bgLum } = contrast(colors.text, colors.bg);
        if (ratio < 4.5) problems.push(`${urlPath} (${mode}): body text ${colors.text} on ${colors.bg} has contrast ${ratio.toFixed(2)} < 4.5`);
        if (mode === 'dark' && bgLum > 0.2) problems.push(`${urlPath} (dark): background ${colors.bg} is not dark; dark mode does not apply`);
        if (mode === 'print' && bgLum < 0.8) problems.push(`${urlPath} (print): background ${colors.bg} would print dark`);
        if (!colors.mainShown) problems.push(`${urlPath} (${mode}): <main> is not shown`);
      }
    } finally {
      await context.close();
    }
  }
  for (const f of written) assert.ok(fs.statSync(path.join(REPO, f)).size > 1000, `${f} is empty`);
  log(`screenshots written: ${written.join(' ')}`);
  assert.equal(problems.length, 0, problems.join('\n'));
});
