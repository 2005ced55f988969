// The newsroom in Chromium: the first admin signs in, writes an article with the editor's
// toolbar, previews it, links another story with the Read More picker, uploads a featured image,
// publishes, and readers see it on the home page, in Latest News and on its tag page; a
// contributor cannot publish; a scheduled article goes live on time; well-known XSS payloads typed
// into every field of an article, an author profile and the site settings never run on any public
// or admin page.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

import { demoArticles } from './demo.mjs';
import {
  datelineBin, repoRoot, saveScreenshot, useSite, viewportFor, watchErrors, weatherText, widths,
} from './helpers.mjs';
import path from 'node:path';

const admin = { name: 'Hina Qureshi', email: 'hina@example.com', password: 'monsoon harbour lantern' };
const contributor = { name: 'Omar Farooq', email: 'omar@example.com', password: 'quiet river anchor' };
const kSiteZone = 'Asia/Karachi';  // demo/site.yaml

const site = useSite();

// Adds an account the way an operator would: on the command line, while the server runs.
async function addUser(who, role) {
  const child = promisify(execFile)(datelineBin, ['--db', site.server.dbPath, 'user', 'add',
    '--email', who.email, '--name', who.name, '--role', role, '--password-stdin']);
  child.child.stdin.end(`${who.password}\n`);
  await child;
}

// A small RGB PNG, encoded here so no binary fixture is needed.
function pngBytes(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;  // bit depth
  ihdr[9] = 2;  // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = (x * 255) / width;
      row[2 + x * 3] = (y * 255) / height;
      row[3 + x * 3] = 128;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// "YYYY-MM-DDTHH:MM:SS" of `date` on the site's wall clock.
function siteLocal(date) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: kSiteZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

async function signIn(page, who) {
  await page.goto(`${site.baseUrl}/admin/sign-in`);
  await page.fill('#sign-in-email', who.email);
  await page.fill('#sign-in-password', who.password);
  await Promise.all([page.waitForURL(`${site.baseUrl}/admin`), page.click('main button[type=submit]')]);
}

// Types into the Markdown editor (EasyMDE's CodeMirror) at the end of its text.
async function typeInEditor(page, text) {
  await page.click('.CodeMirror');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

const editorValue = (page) => page.locator('#body').inputValue();

// Opens a new article, fills the plain fields and the body.
async function newArticle(page, { title, dateline = 'Lahore', body, tags = '' }) {
  await page.goto(`${site.baseUrl}/admin/articles/new`);
  await page.fill('#title', title);
  await page.fill('#dateline', dateline);
  if (tags) await page.fill('#tags', tags);
  await page.waitForSelector('.CodeMirror');
  await typeInEditor(page, body);
}

async function submitWith(page, action) {
  await Promise.all([
    page.waitForNavigation(),
    page.click(`button[name=action][value=${action}]`),
  ]);
}

async function fetchText(path) {
  const res = await fetch(`${site.baseUrl}${path}`);
  return { status: res.status, text: await res.text() };
}

// Polls until `path` answers 200 and contains `text` (bounded).
async function waitForPublic(path, text, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, text: body } = await fetchText(path);
    if (status === 200 && body.includes(text)) return body;
    if (Date.now() > deadline) assert.fail(`${path} did not show "${text}" within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Well-known payloads; each that ran would set window.__xss or open a dialog.
const xssPayloads = [
  '<script>window.__xss=1</script>',
  '"><img src=x onerror="window.__xss=2">',
  "'><svg onload=window.__xss=3>",
  'javascript:window.__xss=4',
  '<a href="javascript:window.__xss=5">x</a>',
  '{{7*7}}<iframe src="javascript:window.__xss=6"></iframe>',
];

// Opens each path (or [path, status]) in a tab and returns what ran there or was injected: a
// dialog, the __xss flag, an inline event handler, a javascript: address or an inline script other
// than JSON-LD. The tabs bypass the site's Content-Security-Policy, so only escaping keeps a
// payload inert.
async function xssFindings(state, paths) {
  const probe = await site.browser.newContext({
    viewport: { width: 1280, height: 900 }, bypassCSP: true, storageState: state,
  });
  const fired = [];
  try {
    for (const entry of paths) {
      const [path, status] = Array.isArray(entry) ? entry : [entry, 200];
      const url = path.startsWith('http') ? path : `${site.baseUrl}${path}`;
      const tab = await probe.newPage();
      tab.on('dialog', (d) => { fired.push(`dialog on ${url}: ${d.message()}`); d.dismiss(); });
      const res = await tab.goto(url);
      assert.equal(res.status(), status, url);
      await tab.waitForLoadState('load');
      fired.push(...(await tab.evaluate(injectedHere)).map((f) => `${f} on ${url}`));
      await tab.close();
    }
  } finally {
    await probe.close();
  }
  return fired;
}

// Runs in the page: what a payload would have left behind.
function injectedHere() {
  const found = [];
  if (window.__xss !== undefined) found.push(`payload ${window.__xss} ran`);
  for (const el of document.querySelectorAll('*')) {
    for (const { name, value } of el.attributes) {
      if (/^on/i.test(name)) found.push(`<${el.localName} ${name}>`);
      const isUrl = /^(href|src|action|formaction|xlink:href)$/i.test(name);
      if (isUrl && /^\s*javascript:/i.test(value)) {
        found.push(`<${el.localName} ${name}="${value}">`);
      }
    }
  }
  for (const script of document.querySelectorAll('script')) {
    if (!script.src && script.type !== 'application/ld+json') found.push('an inline <script>');
  }
  return found;
}

describe('newsroom', () => {
  let context;
  let page;
  let errors;
  const headline = 'Harbour cranes return after the storm';
  let linked;  // the demo article the Read More link points to

  test('the first admin is created on first visit and signed in', async () => {
    context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    errors = watchErrors(page);
    await page.goto(`${site.baseUrl}/admin`);
    await page.fill('#setup-name', admin.name);
    await page.fill('#setup-email', admin.email);
    await page.fill('#setup-password', admin.password);
    await page.fill('#setup-password_confirm', admin.password);
    await Promise.all([page.waitForURL(`${site.baseUrl}/admin`), page.click('main button[type=submit]')]);
    assert.match(await page.locator('h1').textContent(), new RegExp(admin.name));
    // Signing out and in again works with the same password.
    await Promise.all([page.waitForNavigation(), page.click('.admin-signout button')]);
    await signIn(page, admin);
  });

  test('writing with the toolbar, previewing and linking another story', async () => {
    linked = (await demoArticles()).find((a) => a.title && a.title.split(' ').length > 3);
    await newArticle(page, {
      title: headline,
      body: 'Cranes were back at work on Monday',
      tags: 'Port News, Weather',
    });
    // Bold the last word with the toolbar.
    await page.keyboard.down('Shift');
    for (let i = 0; i < 'Monday'.length; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.up('Shift');
    await page.locator('.editor-toolbar').getByRole('button', { name: /bold/i }).click();
    assert.match(await editorValue(page), /\*\*Monday\*\*/);

    // The Read More picker searches published stories and inserts the paragraph.
    await page.locator('.editor-toolbar').getByRole('button', { name: /read more/i }).click();
    await page.locator('#read-more-dialog').waitFor({ state: 'visible' });
    const word = linked.title.split(' ').find((w) => w.length > 5) ?? linked.title.split(' ')[0];
    await page.fill('#read-more-query', word);
    const choice = page.locator('#read-more-results button').filter({ hasText: linked.title });
    await choice.first().waitFor({ timeout: 10_000 });
    await choice.first().click();
    await page.locator('#read-more-dialog').waitFor({ state: 'hidden' });
    const value = await editorValue(page);
    assert.match(value, /Read More: \[/);
    assert.ok(value.includes(`/${linked.slug}/`), `the link points at /${linked.slug}/:\n${value}`);

    // Preview is rendered by the server: bold text, the dateline and the Read More card.
    await page.locator('.editor-toolbar').getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.locator('.editor-preview-active, .editor-preview-active-side').first();
    await preview.locator('strong', { hasText: 'Monday' }).waitFor({ timeout: 10_000 });
    assert.match(await preview.textContent(), /Lahore \(TDI\)/);
    assert.ok((await preview.textContent()).includes(linked.title));
    await page.locator('.editor-toolbar').getByRole('button', { name: 'Preview', exact: true }).click();
  });

  test('uploading a featured image and publishing', async () => {
    await page.click('#image-pick');
    await page.locator('#media-dialog').waitFor({ state: 'visible' });
    // Opening the picker lists the library: here, nothing uploaded yet (not an error message).
    await page.locator('#media-results li').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('#media-results[aria-busy]'));
    const listed = await page.locator('#media-results').textContent();
    assert.ok(listed.includes('The media library is empty.') ||
      (await page.locator('#media-results .admin-media-choice').count()) > 0, listed);
    await page.setInputFiles('#media-file', {
      name: 'cranes.png', mimeType: 'image/png', buffer: pngBytes(900, 500),
    });
    await page.fill('#media-alt', 'Two yellow cranes against a grey sky');
    await page.fill('#media-caption', 'The east quay on Monday.');
    await page.click('#media-upload');
    await page.locator('#media-dialog').waitFor({ state: 'hidden', timeout: 20_000 });
    assert.ok(await page.locator('#image-preview').isVisible());
    assert.notEqual(await page.locator('#image-media-id').inputValue(), '');
    assert.equal(await page.locator('#image-alt').inputValue(), 'Two yellow cranes against a grey sky');

    await submitWith(page, 'save');
    assert.match(await page.locator('.admin-notice').textContent(), /Saved/);
    await submitWith(page, 'publish');
    assert.match(await page.locator('.admin-notice').textContent(), /Published/);
    await saveScreenshot(page, 'admin-editor.png', 1400);
  });

  test('readers see it on the home page, in Latest News and on its tag page', async () => {
    const slug = 'harbour-cranes-return-after-the-storm';
    const article = await waitForPublic(`/${slug}/`, headline);
    assert.match(article, /<picture>[\s\S]*srcset="[^"]*\.webp/);
    assert.ok(article.includes('alt="Two yellow cranes against a grey sky"'));
    assert.ok(article.includes(`href="/${linked.slug}/"`));
    await waitForPublic('/', headline);
    await waitForPublic('/tag/port-news/', headline);
    // Latest News on another article's page.
    const other = await fetchText(`/${linked.slug}/`);
    const latest = /Latest News[\s\S]*?<\/section>/.exec(other.text)?.[0] ?? '';
    assert.ok(latest.includes(headline), 'Latest News lists the new article');
    const reader = await context.newPage();
    await reader.goto(`${site.baseUrl}/`);
    assert.ok(await reader.getByText(headline).first().isVisible());
    await reader.close();
  });

  test('a scheduled article goes live on time without anyone asking for it', async () => {
    const title = 'Evening bulletin goes out on schedule';
    await newArticle(page, { title, body: 'The bulletin was scheduled in advance.' });
    await submitWith(page, 'save');
    const when = new Date(Date.now() + 4_000);
    await page.locator('#publish-at').evaluate((el, v) => {
      el.step = 1;
      el.value = v;
    }, siteLocal(when));
    await submitWith(page, 'schedule');
    assert.match(await page.locator('.admin-notice').textContent(), /Scheduled/);
    assert.equal((await fetchText('/evening-bulletin-goes-out-on-schedule/')).status, 404);
    await waitForPublic('/evening-bulletin-goes-out-on-schedule/', title, 20_000);
    assert.ok(Date.now() >= when.getTime() - 1_000, 'not published before its time');
    await waitForPublic('/', title);
  });

  test('a contributor can write and submit but not publish', async () => {
    await addUser(contributor, 'contributor');
    const c = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await c.newPage();
    await signIn(p, contributor);
    await newArticle(p, { title: 'Contributor copy for review', body: 'Draft text.' });
    assert.equal(await p.locator('button[name=action][value=publish]').count(), 0);
    await submitWith(p, 'submit');
    assert.match(await p.locator('.admin-notice').textContent(), /Submitted for review/);
    // Forging the publish button's request is refused on the server.
    const status = await p.evaluate(async () => {
      const form = document.getElementById('article-form');
      const data = new URLSearchParams(new FormData(form));
      data.set('action', 'publish');
      const res = await fetch(form.getAttribute('action'), { method: 'POST', body: data });
      return res.status;
    });
    assert.equal(status, 403);
    assert.equal((await fetchText('/contributor-copy-for-review/')).status, 404);
    await c.close();
  });

  test('XSS payloads in every field never run on public or admin pages', async () => {
    const payloads = xssPayloads;
    const p = payloads.join(' ');
    const title = `XSS probe ${payloads[1]}`;
    await newArticle(page, {
      title,
      dateline: `Quetta ${payloads[0]}`,
      tags: `probe, ${payloads[2].replaceAll(',', ' ')}`,
      body: `Body ${p}\n\n[link](javascript:window.__xss=7)\n\n<img src=x onerror=window.__xss=8>`,
    });
    await page.fill('#excerpt', `Excerpt ${p}`);
    await page.fill('#seo-title', `SEO ${payloads[0]}`);
    await page.fill('#seo-description', `SEO ${p}`);
    await page.fill('#image-caption', `Caption ${p}`);
    await page.fill('#slug', payloads[1]);
    await submitWith(page, 'save');
    // A hostile slug is refused with a message, the rest kept for correction.
    assert.match(await page.locator('.admin-error-summary').textContent(), /lowercase letters/);
    await page.fill('#slug', 'xss-probe');
    await submitWith(page, 'save');
    await submitWith(page, 'publish');
    const editUrl = page.url().replace(/\?.*$/, '');

    const fired = await xssFindings(await context.storageState(), ['/xss-probe/', '/',
      '/tag/probe/', '/search?q=probe', '/feed.xml', '/admin/articles', editUrl,
      `${editUrl}/revisions`, '/admin/media']);
    assert.deepEqual(fired, []);
    const article = (await fetchText('/xss-probe/')).text;
    assert.ok(!article.includes('<script>window.__xss'), 'script tags are escaped or removed');
    assert.ok(!/href="javascript:/i.test(article), 'no javascript: links');
  });

  test('XSS payloads in an author\'s name and bio never run on public or admin pages', async () => {
    const state = await context.storageState();
    // The name is also written into the article's JSON-LD <script> and the author feed.
    const name = `Zoya ${xssPayloads[1]} </script><script>window.__xss=9</script>`;
    const bio = `${xssPayloads.join(' ')}\n\nMore </p><img src=x onerror=alert(10)>`;
    await page.goto(`${site.baseUrl}/admin/authors`);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Zoya Hashmi', exact: true }).click(),
    ]);
    const editUrl = page.url().replace(/\?.*$/, '');
    const slug = await page.inputValue('#slug');
    const original = {
      name: await page.inputValue('#name'),
      bio: await page.inputValue('#bio'),
      photo: await page.inputValue('#photo'),
    };
    await page.fill('#name', name);
    await page.fill('#bio', bio);
    // The image uploaded with the featured image above: the photo's alt text is the name.
    await page.selectOption('#photo', { index: 1 });
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert.match(await page.locator('.admin-notice').textContent(), /Saved/);
    assert.equal(await page.inputValue('#name'), name);

    const authorPage = await waitForPublic(`/author/${slug}/`, 'Zoya &quot;&gt;&lt;img');
    const story = /<h3 class="card-title"><a href="([^"]+)"/.exec(authorPage)?.[1];
    assert.ok(story, 'the author page lists an article');
    await waitForPublic(story, 'Zoya &quot;&gt;&lt;img');

    // The hostile name comes back intact as text and as the photo's alt text.
    const reader = await context.newPage();
    for (const [path, heading] of [[`/author/${slug}/`, 'h1'], [story, '.author-box-name']]) {
      await reader.goto(`${site.baseUrl}${path}`);
      assert.equal((await reader.locator(heading).textContent()).trim(), name, path);
      assert.equal(await reader.locator('.author-photo img').getAttribute('alt'), name, path);
      assert.match(await reader.locator('.author-photo img').getAttribute('srcset'), /\.jpg 320w/);
    }
    await reader.close();

    // Everyone's own profile takes a bio too.
    await page.goto(`${site.baseUrl}/admin/profile`);
    await page.fill('#bio', `Profile ${xssPayloads.join(' ')}`);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert.match(await page.locator('.admin-notice').textContent(), /Saved/);

    const fired = await xssFindings(state, [`/author/${slug}/`, story, `/author/${slug}/feed.xml`,
      '/', '/xss-probe/', `/search?q=${encodeURIComponent('Zoya')}`, '/admin/authors', editUrl,
      '/admin/profile', '/admin/articles']);
    assert.deepEqual(fired, []);

    await page.goto(editUrl);
    await page.fill('#name', original.name);
    await page.fill('#bio', original.bio);
    await page.selectOption('#photo', original.photo);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert.match(await page.locator('.admin-notice').textContent(), /Saved/);
  });

  test('XSS payloads in the site settings never run on public or admin pages', async () => {
    const state = await context.storageState();
    const fired = [];
    // The settings form is driven in a tab that bypasses the Content-Security-Policy too, so the
    // form shown again with what was typed is probed as well.
    const probe = await site.browser.newContext({
      viewport: { width: 1280, height: 900 }, bypassCSP: true, storageState: state,
    });
    const tab = await probe.newPage();
    tab.on('dialog', (d) => { fired.push(`dialog on ${tab.url()}: ${d.message()}`); d.dismiss(); });
    const submit = async () => {
      await Promise.all([
        tab.waitForNavigation(),
        tab.locator('main button[type=submit]:not([name])').first().click(),
      ]);
      fired.push(...(await tab.evaluate(injectedHere)).map((f) => `${f} on ${tab.url()}`));
    };
    await tab.goto(`${site.baseUrl}/admin/settings`);
    const text = ['site_name', 'short_name', 'tagline', 'weather_city', 'language', 'timezone',
      'url_pattern'];
    const original = {};
    for (const f of text) original[f] = await tab.inputValue(`#${f}`);
    const rows = await tab.locator('input[name=nav_label]').count();
    const menu = [];
    for (let n = 1; n <= rows; n++) {
      menu.push([await tab.inputValue(`#nav-${n}-label`), await tab.inputValue(`#nav-${n}-url`)]);
    }
    const blank = menu.findIndex(([label, url]) => !label && !url) + 1;
    assert.ok(blank > 0, 'the menu has a blank row to add a link');

    // Every text field at once; the ones with strict rules are refused and shown again.
    const hostile = {
      site_name: `TDI ${xssPayloads[0]}${xssPayloads[1]}`,
      short_name: '<svg/onload=alert()>',  // as long as the field allows
      tagline: `${xssPayloads[2]} ${xssPayloads[4]} ${xssPayloads[5]}`,
      weather_city: `Quetta ${xssPayloads[1]}`,
    };
    for (const [f, v] of Object.entries(hostile)) await tab.fill(`#${f}`, v);
    await tab.fill('#language', 'en"><svg onload=alert(20)>');
    await tab.fill('#timezone', '<script>window.__xss=21</script>');
    await tab.fill('#url_pattern', '/{slug}/"><script>window.__xss=22</script>/');
    const navLabel = '<img src=x onerror=alert(23)>';
    await tab.fill(`#nav-${blank}-label`, navLabel);
    await tab.fill(`#nav-${blank}-url`, 'javascript:alert(24)');
    await submit();
    const summary = await tab.locator('.admin-error-summary').textContent();
    for (const field of ['language', 'time zone', 'URL pattern', 'local path']) {
      assert.match(summary, new RegExp(field, 'i'), `the summary names the ${field} problem`);
    }
    assert.equal(await tab.inputValue('#site_name'), hostile.site_name);
    assert.equal(await tab.inputValue(`#nav-${blank}-url`), 'javascript:alert(24)');
    // An address that would break out of the href is refused as well.
    await tab.fill('#language', original.language);
    await tab.fill('#timezone', original.timezone);
    await tab.fill('#url_pattern', original.url_pattern);
    await tab.fill(`#nav-${blank}-url`, '/tag/probe/" onmouseover="alert(25)');
    await submit();
    assert.match(await tab.locator('.admin-error-summary').textContent(), /local path/);
    await tab.fill(`#nav-${blank}-url`, '/tag/probe/');
    await submit();
    assert.match(await tab.locator('.admin-notice').textContent(), /Settings saved/);
    for (const [f, v] of Object.entries(hostile)) assert.equal(await tab.inputValue(`#${f}`), v, f);

    // The weather city shows in the top bar once the provider has answered for it.
    await waitForPublic('/', '14.9 C Quetta &quot;&gt;&lt;img');
    await waitForPublic('/', 'TDI &lt;script&gt;');
    const reader = await probe.newPage();
    await reader.goto(`${site.baseUrl}/`);
    assert.equal((await reader.locator('.brand').textContent()).trim(), hostile.site_name);
    assert.equal((await reader.locator('.tagline').textContent()).trim(), hostile.tagline);
    const weather = await reader.locator('.topbar .weather').textContent();
    assert.ok(weather.includes(hostile.weather_city), weather);
    assert.ok(await reader.locator('.sections-nav a', { hasText: navLabel }).isVisible());
    await reader.goto(`${site.baseUrl}/xss-probe/`);
    // The short name closes each dateline.
    assert.ok((await reader.locator('.article-body').textContent()).includes(hostile.short_name));
    await reader.close();

    fired.push(...await xssFindings(state, ['/', '/page/2/', '/xss-probe/', `/${linked.slug}/`,
      '/tag/probe/', '/author/zoya-hashmi/', '/search?q=probe', ['/no-such-page/', 404],
      '/feed.xml', '/tag/probe/feed.xml', '/admin', '/admin/settings', '/admin/articles',
      '/admin/authors', '/admin/media']));
    assert.deepEqual(fired, []);

    // Put everything back for the tests that follow.
    await tab.goto(`${site.baseUrl}/admin/settings`);
    for (const f of text) await tab.fill(`#${f}`, original[f]);
    for (const [i, [label, url]] of menu.entries()) {
      await tab.fill(`#nav-${i + 1}-label`, label);
      await tab.fill(`#nav-${i + 1}-url`, url);
    }
    await submit();
    assert.match(await tab.locator('.admin-notice').textContent(), /Settings saved/);
    await probe.close();
    await waitForPublic('/', weatherText);
  });

  test('back-office pages have no serious or critical accessibility violations', async (t) => {
    const axeScript = path.join(repoRoot, 'node_modules/axe-core/axe.min.js');
    const state = await context.storageState();
    for (const width of widths) {
      const c = await site.browser.newContext({
        viewport: viewportFor(width), bypassCSP: true, storageState: state,
      });
      const p = await c.newPage();
      await p.goto(`${site.baseUrl}/admin/articles`);
      const firstEdit = await p.locator('.admin-table a[href^="/admin/articles/"]').first()
        .getAttribute('href');
      for (const pagePath of ['/admin', '/admin/articles', '/admin/articles/new', firstEdit,
        `${firstEdit}/revisions`, '/admin/media', '/admin/users']) {
        await t.test(`${pagePath} at ${width} px`, async () => {
          const res = await p.goto(`${site.baseUrl}${pagePath}`);
          assert.equal(res.status(), 200, pagePath);
          await p.addScriptTag({ path: axeScript });
          const results = await p.evaluate(() =>
            window.axe.run(document, { resultTypes: ['violations'] }));
          const bad = results.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.impact} ${v.id}: ${v.help}\n` +
              v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`)
                .join('\n'));
          assert.deepEqual(bad, [], `axe violations on ${pagePath} at ${width} px:\n` +
            bad.join('\n'));
        });
      }
      await c.close();
    }
  });

  test('nothing in the back office errored in the browser', async () => {
    const real = errors.filter((e) => !/favicon/.test(e));
    assert.deepEqual(real, []);
    await context.close();
  });
});
