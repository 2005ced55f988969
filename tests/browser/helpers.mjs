// Shared fixtures of the browser tests: a stub weather provider, a real `dateline serve --demo` on
// port 0 with its database in a temp dir, and Debian's Chromium driven through playwright-core.
// `useSite()` wires them into node:test's before/after hooks of the calling test file.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const datelineBin = path.resolve(
  process.env.DATELINE_BIN ?? path.join(repoRoot, 'build/debug/src/cli/dateline'));
export const chromiumPath = process.env.DATELINE_CHROMIUM ?? '/usr/bin/chromium';
// Where the tests save their screenshots: test-results/screenshots (git-ignored) unless
// DATELINE_SCREENSHOT_DIR says; DATELINE_SCREENSHOT_DIR=docs/screenshots refreshes the README's.
export const screenshotDir = path.resolve(
  process.env.DATELINE_SCREENSHOT_DIR ?? path.join(repoRoot, 'test-results/screenshots'));

// What the stub weather provider answers, and what the top bar must then show.
export const weatherReading = {
  current: { time: '2025-11-27T14:00', temperature_2m: 14.9, weather_code: 2 },
};
export const weatherText = '14.9 C Islamabad';

export const widths = [390, 1280];
export const viewportFor = (width) => ({ width, height: width < 600 ? 844 : 900 });

const kStartTimeoutMs = 30_000;
const kStopGraceMs = 5_000;

// An Open-Meteo stand-in on 127.0.0.1:0 answering /v1/forecast with `weatherReading`.
export async function startWeatherStub() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    if (new URL(req.url, 'http://stub').pathname !== '/v1/forecast') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(weatherReading));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// Starts `dateline --db <tmp>/site.db serve --demo --listen 127.0.0.1:0` and waits (bounded) for
// its "listening addr=... port=N" log line. Returns { baseUrl, stop, output }. With `prepare`, the
// database is made by `await prepare(dbPath, dir)` first and served without `--demo`.
export async function startDateline({ weatherUrl, prepare }) {
  await fs.access(datelineBin).catch(() => {
    throw new Error(`dateline binary not found at ${datelineBin}; build it or set DATELINE_BIN`);
  });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-browser-'));
  if (prepare) {
    await prepare(path.join(dir, 'site.db'), dir).catch(async (e) => {
      await fs.rm(dir, { recursive: true, force: true });
      throw e;
    });
  }
  const args = ['--db', path.join(dir, 'site.db'), 'serve', ...(prepare ? [] : ['--demo']),
    '--listen', '127.0.0.1:0', '--weather-url', weatherUrl, '--no-access-log'];
  const child = spawn(datelineBin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ error }));
  });
  child.stdout.setEncoding('utf8').on('data', (d) => { output.stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { output.stderr += d; });

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`dateline did not report its port within ${kStartTimeoutMs} ms\n` +
        `stdout:\n${output.stdout}\nstderr:\n${output.stderr}`));
    }, kStartTimeoutMs);
    const onData = () => {
      const m = /listening addr=\S+ port=(\d+)/.exec(output.stdout);
      if (m) {
        cleanup();
        resolve(Number(m[1]));
      }
    };
    const onExit = (code, signal) => {
      cleanup();
      reject(new Error(`dateline exited early (code=${code} signal=${signal})\n` +
        `stdout:\n${output.stdout}\nstderr:\n${output.stderr}`));
    };
    const onError = (error) => {
      cleanup();
      reject(new Error(`cannot run ${datelineBin}: ${error.message}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  }).catch(async (e) => {
    child.kill('SIGKILL');
    await fs.rm(dir, { recursive: true, force: true });
    throw e;
  });

  let stopped = null;
  const stop = () => {
    stopped ??= (async () => {
      let status;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), kStopGraceMs);
        status = await exited;
        clearTimeout(timer);
      } else {
        status = await exited;
      }
      await fs.rm(dir, { recursive: true, force: true });
      return status;
    })();
    return stopped;
  };
  return { baseUrl: `http://127.0.0.1:${port}`, port, output, stop, dbPath: path.join(dir, 'site.db') };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--disable-sync'],
  });
}

// Registers before/after hooks that start the weather stub, the server and Chromium, then run
// `setup(site)`, and stop them all again. The returned object is filled in by the time the tests
// run. Test files put their own one-time setup in `setup`, not in another file-level before():
// node 20 runs file-level before hooks concurrently.
export function useSite({ browser: wantBrowser = true, setup } = {}) {
  const site = { baseUrl: '', browser: null, weather: null, server: null };
  before(async () => {
    site.weather = await startWeatherStub();
    site.server = await startDateline({ weatherUrl: site.weather.url });
    site.baseUrl = site.server.baseUrl;
    if (wantBrowser) site.browser = await launchBrowser();
    await setup?.(site);
  });
  after(async () => {
    await site.browser?.close();
    const status = await site.server?.stop();
    await site.weather?.close();
    const stderr = site.server?.output.stderr ?? '';
    // A sanitizer report means the server hit a real memory or UB bug while we browsed.
    if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(stderr)) {
      throw new Error(`dateline reported a sanitizer error (exit ${JSON.stringify(status)}):\n` +
        stderr);
    }
  });
  return site;
}

// Records console errors, page errors and failed requests of a page, for `assert.deepEqual(x, [])`.
// A page that answers an error status on purpose (the 404 page) makes Chromium log "Failed to load
// resource" for the document itself; that one message is not an error of the page.
export function watchErrors(page) {
  const errors = [];
  const errorDocuments = new Set();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (msg.text().startsWith('Failed to load resource') &&
        errorDocuments.has(msg.location().url)) {
      return;
    }
    errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) =>
    errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  page.on('response', (res) => {
    if (res.status() < 400) return;
    // Documents are checked by the tests, which know which status each page must answer.
    if (res.request().resourceType() === 'document') {
      errorDocuments.add(res.url());
    } else {
      errors.push(`http ${res.status()}: ${res.url()}`);
    }
  });
  return errors;
}

// Loads `url` until `selector`'s text contains `text` (the weather arrives in the background).
export async function reloadUntilText(page, url, selector, text, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    const loc = page.locator(selector);
    const seen = (await loc.count()) > 0 ? await loc.first().textContent() : '';
    if (seen.includes(text)) return seen;
    if (Date.now() > deadline) {
      throw new Error(`${selector} never showed "${text}" within ${timeoutMs} ms (last: "${seen}")`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

// True when the page scrolls sideways (the layout is wider than the viewport).
export function horizontalOverflow(page) {
  return page.evaluate(() => {
    const el = document.scrollingElement;
    return { scrollWidth: el.scrollWidth, innerWidth: window.innerWidth };
  });
}

// Saves a screenshot of the top of the page (at most maxHeight px) under docs/screenshots/.
export async function saveScreenshot(page, name, maxHeight = 2400) {
  await fs.mkdir(screenshotDir, { recursive: true });
  const { width, height } = await page.evaluate(() => ({
    width: document.documentElement.clientWidth,
    height: document.scrollingElement.scrollHeight,
  }));
  const file = path.join(screenshotDir, name);
  await page.screenshot({
    path: file,
    fullPage: true,
    animations: 'disabled',
    clip: { x: 0, y: 0, width, height: Math.min(height, maxHeight) },
  });
  return file;
}

// The demo's pages of every type, found by following links from an article page. Each entry is
// { name, path, status } with the HTTP status the page must answer.
export async function pageTypes(baseUrl, articlePath) {
  const res = await fetch(new URL(articlePath, baseUrl));
  if (res.status !== 200) throw new Error(`${articlePath} answered ${res.status}`);
  const html = await res.text();
  const first = (re, what) => {
    const m = re.exec(html);
    if (!m) throw new Error(`${articlePath} has no ${what} link`);
    return m[1];
  };
  return [
    { name: 'home', path: '/', status: 200 },
    { name: 'home page 2', path: '/page/2/', status: 200 },
    { name: 'article', path: new URL(res.url).pathname, status: 200 },
    { name: 'tag', path: first(/href="(\/tag\/[^"]+\/)"/, 'tag'), status: 200 },
    { name: 'category', path: first(/href="(\/category\/[^"]+\/)"/, 'category'), status: 200 },
    { name: 'author', path: first(/href="(\/author\/[^"]+\/)"/, 'author'), status: 200 },
    { name: 'search', path: '/search?q=cricket', status: 200 },
    { name: 'empty search', path: '/search?q=', status: 200 },
    { name: 'not found', path: '/no-such-page-here/', status: 404 },
  ];
}
