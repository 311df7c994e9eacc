// Helpers for the quality gates (tests/browser/gates.test.mjs): build a site
// into a temp folder, serve a folder on 127.0.0.1, list its pages, launch
// Debian's Chromium with playwright-core, and run the Nu HTML Checker.
// Everything here stays on the local machine: the server listens on 127.0.0.1
// only and the browser resolves no other host name.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PAMPHLET = path.join(REPO, 'target', 'debug', 'pamphlet');

/** The site the gates check: the default site at the repo root once it has
 * site.yaml and content/, else the small fixture. PAMPHLET_GATES_ROOT
 * overrides. Returns { root, isDefault }. */
export function siteRoot() {
  if (process.env.PAMPHLET_GATES_ROOT) {
    return { root: path.resolve(REPO, process.env.PAMPHLET_GATES_ROOT), isDefault: false };
  }
  if (fs.existsSync(path.join(REPO, 'site.yaml')) && fs.existsSync(path.join(REPO, 'content'))) {
    return { root: REPO, isDefault: true };
  }
  return { root: path.join(REPO, 'tests', 'fixtures', 'good'), isDefault: false };
}

/** Builds the site at `root` into a new temp folder; returns its path. */
export function buildSite(root) {
  if (!fs.existsSync(PAMPHLET)) {
    throw new Error(`${PAMPHLET} is missing: run \`cargo build\` first (scripts/test does)`);
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pamphlet-gates-'));
  const dir = path.join(out, 'site');
  try {
    execFileSync(PAMPHLET, ['--root', root, 'build', '--out', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (e) {
    throw new Error(`pamphlet build failed (exit ${e.status}):\n${e.stdout}${e.stderr}`);
  }
  return dir;
}

/** Every .html file under `dir`, as { file, urlPath } sorted by URL path:
 * `a/index.html` is served as `/a/`, anything else by its own name. */
export function listPages(dir) {
  const pages = [];
  const walk = (sub) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.html')) {
        const urlPath = '/' + (entry.name === 'index.html' ? rel.slice(0, -'index.html'.length) : rel);
        pages.push({ file: path.join(dir, rel), urlPath });
      }
    }
  };
  walk('');
  return pages.sort((a, b) => a.urlPath.localeCompare(b.urlPath));
}

/** Every file under `dir` with the given extension (".css", ".js"...). */
export function listFiles(dir, ext) {
  const files = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(ext)) files.push(p);
    }
  };
  walk(dir);
  return files.sort();
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
};

/** The file a URL path maps to in `dir` the way a static host serves it
 * (`/a/` → `a/index.html`), or null if there is none. */
export function fileFor(dir, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath.split(/[?#]/)[0]);
  } catch {
    return null;
  }
  const file = path.join(dir, path.normalize(rel));
  if (file !== dir && !file.startsWith(dir + path.sep)) return null;
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (stat.isDirectory()) {
    const index = path.join(file, 'index.html');
    return fs.existsSync(index) ? index : null;
  }
  return file;
}

/** Serves `dir` on 127.0.0.1 (a random port) like a plain static host: a
 * folder URL serves its index.html, a missing file gets /404.html with status
 * 404. Returns { origin, close() }. */
export async function serve(dir) {
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url, 'http://127.0.0.1').pathname;
    let file = fileFor(dir, urlPath);
    if (file && !urlPath.endsWith('/') && fs.statSync(path.join(dir, decodeURIComponent(urlPath))).isDirectory()) {
      res.writeHead(301, { Location: urlPath + '/' });
      res.end();
      return;
    }
    let status = 200;
    if (!file) {
      status = 404;
      file = fileFor(dir, '/404.html');
    }
    const body = file ? fs.readFileSync(file) : Buffer.from('not found');
    res.writeHead(status, {
      'Content-Type': (file && TYPES[path.extname(file)]) || 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** The Chromium binary: $CHROMIUM, else Debian's. */
export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const p of ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (fs.existsSync(p)) return p;
  }
  throw new Error('Chromium not found: install it with `apt-get install chromium` (scripts/test does) or set CHROMIUM');
}

/** Launches headless Chromium that can resolve no host name at all (the
 * local server is reached by IP), so a page can never reach another host even
 * if it tries; the test still sees the attempt as a request. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
    timeout: 60_000,
  });
}

/** What most browser test files start with: the site at `root` built into
 * a temp folder, served on 127.0.0.1, and Chromium launched. Returns
 * { out, server, browser }; give it to `stopSite` after the tests. */
export async function startSite(root = REPO) {
  const out = buildSite(root);
  const server = await serve(out);
  const browser = await launchBrowser();
  return { out, server, browser };
}

/** Closes what `startSite` opened (as far as it got) and removes the temp
 * folder the site was built into. */
export async function stopSite({ out, server, browser } = {}) {
  await browser?.close();
  await server?.close();
  if (out) fs.rmSync(path.dirname(out), { recursive: true, force: true });
}

export const VNU_JAR = path.join(REPO, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

/** Runs the Nu HTML Checker once over `files` (HTML, and CSS with
 * --also-check-css). Returns its JSON messages, each with a `file` path. */
export function runVnu(files) {
  if (!fs.existsSync(VNU_JAR)) throw new Error(`${VNU_JAR} is missing: run \`npm ci --ignore-scripts\``);
  return new Promise((resolve, reject) => {
    execFile(
      'java',
      ['-Xss8m', '-jar', VNU_JAR, '--format', 'json', '--stdout', '--exit-zero-always', '--also-check-css', ...files],
      { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`vnu failed: ${err.message}\n${stderr}`));
        let parsed;
        try {
          parsed = JSON.parse(stdout);
        } catch (e) {
          return reject(new Error(`vnu printed no JSON (${e.message}):\n${stdout.slice(0, 2000)}\n${stderr}`));
        }
        resolve(
          parsed.messages.map((m) => ({
            ...m,
            file: m.url ? fileURLToPath(m.url) : undefined,
          })),
        );
      },
    );
  });
}
