// Every public page type of the demo site is valid HTML (Nu Html Checker, errors only) and has no
// serious or critical accessibility violation (axe-core in Chromium, phone and desktop widths).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

import { demoArticles } from './demo.mjs';
import { pageTypes, repoRoot, useSite, viewportFor, widths } from './helpers.mjs';

const vnuJar = path.join(repoRoot, 'node_modules/vnu-jar/build/dist/vnu.jar');
const axeScript = path.join(repoRoot, 'node_modules/axe-core/axe.min.js');

let pages;
const site = useSite({
  async setup({ baseUrl }) {
    const story = (await demoArticles()).find((a) => a.hasReadMore);
    pages = await pageTypes(baseUrl, `/${story.slug}/`);
  },
});

describe('Nu Html Checker', () => {
  test('every page type is valid HTML and the stylesheet valid CSS', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-vnu-'));
    try {
      const fileToPage = new Map();
      for (const [i, { name, path: pagePath, status }] of pages.entries()) {
        const res = await fetch(`${site.baseUrl}${pagePath}`);
        assert.equal(res.status, status, `${pagePath} status`);
        const file = path.join(dir, `${i}-${name.replaceAll(' ', '-')}.html`);
        await fs.writeFile(file, await res.text());
        fileToPage.set(`file:${file}`, pagePath);
      }
      // The theme's stylesheet, as the home page links it.
      const home = await (await fetch(`${site.baseUrl}/`)).text();
      const css = /<link rel="stylesheet" href="([^"]+)"/.exec(home)?.[1];
      assert.ok(css, 'the home page links a stylesheet');
      const cssRes = await fetch(`${site.baseUrl}${css}`);
      assert.equal(cssRes.status, 200, `${css} status`);
      const cssFile = path.join(dir, 'site.css');
      await fs.writeFile(cssFile, await cssRes.text());
      fileToPage.set(`file:${cssFile}`, css);

      const files = [...fileToPage.keys()].map((u) => u.slice('file:'.length));
      // vnu exits 1 when it reports errors and writes its JSON report to stderr.
      const { stderr, code } = await promisify(execFile)(
        'java', ['-jar', vnuJar, '--errors-only', '--also-check-css', '--format', 'json', ...files],
        { maxBuffer: 64 * 1024 * 1024 },
      ).then((r) => ({ ...r, code: 0 }), (e) => ({ stderr: e.stderr ?? '', code: e.code, e }));
      let report;
      try {
        report = JSON.parse(stderr);
      } catch {
        assert.fail(`vnu did not answer JSON (exit ${code}):\n${stderr}`);
      }
      const errors = report.messages
        .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
        .map((m) => `${fileToPage.get(m.url) ?? m.url}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}: ` +
          `${m.message}${m.extract ? `\n    ${m.extract.replaceAll('\n', ' ')}` : ''}`);
      assert.deepEqual(errors, [], `Nu Html Checker errors:\n${errors.join('\n')}`);
      assert.equal(code, 0, `vnu exit code (stderr: ${stderr})`);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

for (const width of widths) {
  describe(`axe-core at ${width} px`, () => {
    test('no serious or critical violations on any page type', async (t) => {
      // The site's CSP (script-src 'self') refuses the injected axe script; bypass it for axe only.
      const context = await site.browser.newContext({ viewport: viewportFor(width), bypassCSP: true });
      try {
        const page = await context.newPage();
        for (const { name, path: pagePath, status } of pages) {
          await t.test(`${name} ${pagePath}`, async () => {
            const res = await page.goto(`${site.baseUrl}${pagePath}`);
            assert.equal(res.status(), status);
            await page.addScriptTag({ path: axeScript });
            const results = await page.evaluate(() =>
              window.axe.run(document, { resultTypes: ['violations'] }));
            const bad = results.violations
              .filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n` +
                v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`)
                  .join('\n'));
            assert.deepEqual(bad, [], `axe violations on ${pagePath} at ${width} px:\n` +
              bad.join('\n'));
          });
        }
      } finally {
        await context.close();
      }
    });
  });
}
