// The demo site's machine-readable outputs, checked with independent parsers and no browser: the
// RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds of the site, a category, a tag and an author (parsed
// by rss-parser); feed autodiscovery links; robots.txt and the sitemaps (well-formed per xmllint,
// urlsets valid against the sitemaps.org XSD shipped by the npm package "sitemap", the index and
// the Google News sitemap valid against the schemas in schemas/, every URL answering 200; a second
// server with articles of the last hours fills the news sitemap); and the JSON-LD, Open Graph and
// Twitter metadata of an article and the home page.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import Parser from 'rss-parser';

import { demoSite } from './demo.mjs';
import { datelineBin, repoRoot, startDateline, startWeatherStub, useSite } from './helpers.mjs';

const execFileAsync = promisify(execFile);
const sitemapXsd = path.join(repoRoot, 'node_modules/sitemap/schema/sitemap.xsd');
// Dateline's own schemas for what sitemaps.org's XSD does not cover (see the comments in each):
// the sitemap index, and a urlset whose <url>s carry Google News <news:news> elements.
const sitemapIndexXsd = path.join(repoRoot, 'tests/browser/schemas/sitemap-index.xsd');
const newsSitemapXsd = path.join(repoRoot, 'tests/browser/schemas/sitemap-news-urlset.xsd');

// A Business story with tags and a byline, and the demo's category, tag and author used for the
// per-section feeds (all present in demo/articles).
const articlePath = '/petrol-and-diesel-prices-raised-as-rupee-slides/';
const category = { slug: 'business', name: 'Business' };
const tagSlug = 'energy';
const authorSlug = 'farhan-qadir';

let demo;
const site = useSite({
  browser: false,
  async setup() {
    demo = await demoSite();
  },
});

const url = (p) => new URL(p, site.baseUrl).href;

async function get(p, { status = 200 } = {}) {
  const res = await fetch(url(p), { redirect: 'manual' });
  const body = await res.text();
  assert.equal(res.status, status, `${p} answered ${res.status}`);
  return { res, body };
}

// Statuses of absolute URLs already fetched, so each linked page is requested once.
const statusCache = new Map();
async function assertAnswers200(href, what) {
  assert.match(href, /^http:\/\/127\.0\.0\.1:\d+\//, `${what}: absolute http URL on the site`);
  if (!statusCache.has(href)) {
    const res = await fetch(href, { redirect: 'manual' });
    await res.arrayBuffer();
    statusCache.set(href, res.status);
  }
  assert.equal(statusCache.get(href), 200, `${what}: ${href} answered ${statusCache.get(href)}`);
}

const assertDate = (value, what) => {
  assert.ok(typeof value === 'string' && value.length > 0, `${what}: present`);
  assert.ok(!Number.isNaN(Date.parse(value)), `${what}: "${value}" parses as a date`);
};
const assertIsoDate = (value, what) => {
  assertDate(value, what);
  assert.match(value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
    `${what}: "${value}" is an RFC 3339 date-time`);
};

const decodeHtml = (s) => s
  .replace(/<[^>]*>/g, '')
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
  .replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&apos;', "'")
  .replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')
  .trim();

const headOf = (html) => {
  const m = /<head[^>]*>([\s\S]*?)<\/head>/i.exec(html);
  assert.ok(m, 'page has a <head>');
  return m[1];
};
const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? decodeHtml(m[1]) : null;
};
const tags = (html, name) => html.match(new RegExp(`<${name}\\b[^>]*>`, 'gi')) ?? [];

// --- Feeds -------------------------------------------------------------------------------------

const parser = new Parser();
const xmlFeeds = [
  { name: 'site RSS', path: '/feed.xml', kind: 'rss' },
  { name: 'site Atom', path: '/feed.atom', kind: 'atom' },
  { name: 'category RSS', path: `/category/${category.slug}/feed.xml`, kind: 'rss',
    category: true },
  { name: 'tag Atom', path: `/tag/${tagSlug}/feed.atom`, kind: 'atom' },
  { name: 'author RSS', path: `/author/${authorSlug}/feed.xml`, kind: 'rss' },
];
const jsonFeeds = [
  { name: 'site JSON Feed', path: '/feed.json' },
  { name: 'category JSON Feed', path: `/category/${category.slug}/feed.json` },
  { name: 'tag JSON Feed', path: `/tag/${tagSlug}/feed.json` },
  { name: 'author JSON Feed', path: `/author/${authorSlug}/feed.json` },
];

describe('feeds', () => {
  for (const feed of xmlFeeds) {
    test(`${feed.name} ${feed.path}`, async () => {
      const { res, body } = await get(feed.path);
      assert.match(res.headers.get('content-type') ?? '',
        feed.kind === 'rss' ? /xml/ : /atom\+xml|xml/, 'XML content type');
      assert.match(body, feed.kind === 'rss' ? /<rss\b[^>]*version="2\.0"/ :
        /<feed\b[^>]*xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/, `${feed.kind} root element`);
      const parsed = await parser.parseString(body);
      assert.ok(parsed.title.includes(demo.siteName),
        `feed title "${parsed.title}" names "${demo.siteName}"`);
      assert.ok(parsed.items.length >= 1, 'at least one item');
      const ids = new Set();
      for (const [i, item] of parsed.items.entries()) {
        const what = `${feed.path} item ${i}`;
        assert.ok((item.title ?? '').trim().length > 0, `${what}: title`);
        assert.ok(item.link, `${what}: link`);
        await assertAnswers200(item.link, `${what} link`);
        const id = feed.kind === 'rss' ? (item.guid ?? '') : (item.id ?? '');
        assert.ok(String(id).trim().length > 0, `${what}: ${feed.kind === 'rss' ? 'guid' : 'id'}`);
        assert.ok(!ids.has(id), `${what}: id ${id} is unique`);
        ids.add(id);
        assertDate(item.isoDate, `${what} isoDate`);
        assertDate(feed.kind === 'rss' ? item.pubDate : (item.pubDate ?? item.isoDate),
          `${what} pubDate`);
        if (feed.category) {
          assert.ok((item.categories ?? []).includes(category.name),
            `${what}: <category>${category.name}</category> (has ${item.categories})`);
          const { body: page } = await get(new URL(item.link).pathname);
          const kicker = /<p class="kicker story-kicker">([\s\S]*?)<\/p>/.exec(page);
          assert.ok(kicker, `${item.link}: has a category kicker`);
          assert.match(kicker[1], new RegExp(`href="/category/${category.slug}/"`),
            `${item.link}: article is in ${category.name}`);
        }
      }
    });
  }

  for (const feed of jsonFeeds) {
    test(`${feed.name} ${feed.path}`, async () => {
      const { res, body } = await get(feed.path);
      assert.match(res.headers.get('content-type') ?? '', /json/, 'JSON content type');
      const parsed = JSON.parse(body);
      assert.equal(parsed.version, 'https://jsonfeed.org/version/1.1');
      assert.ok(parsed.title.includes(demo.siteName), `feed title "${parsed.title}"`);
      assert.equal(parsed.feed_url, url(feed.path), 'feed_url is the feed itself');
      assert.ok(Array.isArray(parsed.items) && parsed.items.length >= 1, 'at least one item');
      const ids = new Set();
      for (const [i, item] of parsed.items.entries()) {
        const what = `${feed.path} item ${i}`;
        assert.ok(typeof item.id === 'string' && item.id.length > 0, `${what}: id`);
        assert.ok(!ids.has(item.id), `${what}: id ${item.id} is unique`);
        ids.add(item.id);
        assert.ok(typeof item.title === 'string' && item.title.trim().length > 0,
          `${what}: title`);
        await assertAnswers200(item.url, `${what} url`);
        assertIsoDate(item.date_published, `${what} date_published`);
      }
    });
  }

  test('the same article has the same id in RSS, Atom and JSON Feed', async () => {
    const rss = await parser.parseString((await get('/feed.xml')).body);
    const atom = await parser.parseString((await get('/feed.atom')).body);
    const json = JSON.parse((await get('/feed.json')).body);
    const byLink = (items, key, idKey) => new Map(items.map((it) => [it[key], it[idKey]]));
    const rssIds = byLink(rss.items, 'link', 'guid');
    const atomIds = byLink(atom.items, 'link', 'id');
    for (const item of json.items) {
      assert.equal(rssIds.get(item.url), item.id, `RSS guid of ${item.url}`);
      assert.equal(atomIds.get(item.url), item.id, `Atom id of ${item.url}`);
    }
  });

  for (const [name, p] of [['home', '/'], ['article', articlePath], ['tag', `/tag/${tagSlug}/`]]) {
    test(`${name} page ${p} has feed autodiscovery links`, async () => {
      const head = headOf((await get(p)).body);
      const alternates = tags(head, 'link').filter((t) => attr(t, 'rel') === 'alternate');
      const byType = (type) => alternates.find((t) => attr(t, 'type') === type);
      const rss = byType('application/rss+xml');
      assert.ok(rss, 'RSS autodiscovery link in <head>');
      assert.equal(attr(rss, 'href'), url('/feed.xml'));
      assert.ok((attr(rss, 'title') ?? '').includes(demo.siteName), 'RSS link has a title');
      assert.equal(attr(byType('application/atom+xml') ?? '', 'href'), url('/feed.atom'));
      assert.equal(attr(byType('application/feed+json') ?? '', 'href'), url('/feed.json'));
    });
  }
});

// --- robots.txt and sitemaps -------------------------------------------------------------------

// Runs xmllint on `xml` (optionally against `schema`), writing it as `name` under `dir`; returns
// { ok, output }.
async function xmllintIn(dir, name, xml, schema) {
  const file = path.join(dir, name);
  await fs.writeFile(file, xml);
  const args = ['--noout', ...(schema ? ['--schema', schema] : []), file];
  try {
    const { stderr } = await execFileAsync('xmllint', args, { maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, output: stderr };
  } catch (e) {
    return { ok: false, output: `${e.stderr ?? ''}${e.message}` };
  }
}
const locs = (xml) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => decodeHtml(m[1]));

describe('sitemaps', () => {
  let tmp;
  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-sitemaps-'));
  });
  after(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });
  const xmllint = (name, xml, schema) => xmllintIn(tmp, name, xml, schema);

  test('robots.txt names /sitemap.xml', async () => {
    const { body } = await get('/robots.txt');
    const sitemaps = [...body.matchAll(/^Sitemap:\s*(\S+)\s*$/gim)].map((m) => m[1]);
    assert.ok(sitemaps.includes(url('/sitemap.xml')), `Sitemap lines: ${sitemaps}`);
  });

  test('sitemap index and its sitemaps', async () => {
    await fs.access(sitemapXsd);
    const { body: index } = await get('/sitemap.xml');
    const lint = await xmllint('sitemap.xml', index, sitemapIndexXsd);
    assert.ok(lint.ok, `sitemap.xml is a valid sitemap index:\n${lint.output}`);
    assert.match(index, /<sitemapindex xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/,
      'a sitemaps.org sitemap index');
    const maps = locs(index);
    assert.ok(maps.length >= 2, `index lists sitemaps: ${maps}`);
    assert.ok(maps.includes(url('/sitemap-articles-1.xml')), 'index lists sitemap-articles-1.xml');
    for (const loc of maps) {
      await assertAnswers200(loc, 'sitemap index <loc>');
      const name = new URL(loc).pathname.slice(1);
      const { res, body } = await get(new URL(loc).pathname);
      assert.match(res.headers.get('content-type') ?? '', /xml/, `${name}: XML content type`);
      const wellFormed = await xmllint(name, body);
      assert.ok(wellFormed.ok, `${name} is well-formed XML:\n${wellFormed.output}`);
      assert.match(body, /<urlset\b[^>]*xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9"/,
        `${name}: a sitemaps.org urlset`);
      const valid = await xmllint(name, body,
        name === 'sitemap-news.xml' ? newsSitemapXsd : sitemapXsd);
      assert.ok(valid.ok, `${name} is valid against sitemaps.org's sitemap.xsd:\n${valid.output}`);
      assert.ok(locs(body).length >= 1, `${name} lists URLs`);
    }
  });

  test('every URL of sitemap-pages.xml and sitemap-articles-1.xml answers 200', async () => {
    for (const name of ['sitemap-pages.xml', 'sitemap-articles-1.xml']) {
      const { body } = await get(`/${name}`);
      const urls = locs(body);
      assert.ok(urls.length >= 1, `${name} lists URLs`);
      for (const loc of urls) await assertAnswers200(loc, `${name} <loc>`);
      for (const m of body.matchAll(/<lastmod>([^<]*)<\/lastmod>/g)) {
        assertIsoDate(m[1], `${name} <lastmod>`);
      }
    }
    const articles = locs((await get('/sitemap-articles-1.xml')).body);
    assert.ok(articles.includes(url(articlePath)), `sitemap-articles-1.xml lists ${articlePath}`);
  });

  test('sitemap-news.xml is well-formed and its URLs answer 200', async () => {
    const { body } = await get('/sitemap-news.xml');
    const lint = await xmllint('sitemap-news.xml', body);
    assert.ok(lint.ok, `sitemap-news.xml is well-formed XML:\n${lint.output}`);
    assert.match(body, /xmlns:news="http:\/\/www\.google\.com\/schemas\/sitemap-news\/0\.9"/);
    for (const loc of locs(body)) await assertAnswers200(loc, 'sitemap-news.xml <loc>');
    // Valid only while it lists an article (see below); the demo's are too old for it.
    if (locs(body).length >= 1) {
      const valid = await xmllint('sitemap-news.xml', body, newsSitemapXsd);
      assert.ok(valid.ok, `sitemap-news.xml is a valid news sitemap:\n${valid.output}`);
    }
  });

  // The news sitemap lists only articles of the last 48 hours; an empty <urlset> is invalid
  // (<url> has minOccurs=1), so the index names it only while it has articles. The demo's
  // articles are dated November 2025.
  test('the sitemap index names sitemap-news.xml only when it lists articles', async () => {
    const { body: index } = await get('/sitemap.xml');
    const { body: news } = await get('/sitemap-news.xml');
    const listed = locs(index).some((loc) => loc.endsWith('/sitemap-news.xml'));
    assert.equal(listed, locs(news).length >= 1,
      `sitemap-news.xml has ${locs(news).length} URLs but the index ${listed ? 'lists' : 'omits'} it`);
  });
});

// A site whose articles were published in the last hours, so its news sitemap lists them: the demo's
// articles are too old for it. Made with `dateline init` and `dateline import`, then served.
describe('news sitemap of a site with fresh articles', () => {
  const siteName = 'The Fresh Ledger & Gazette';
  const hour = 3600 * 1000;
  const now = Date.now();
  const w3c = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, '+00:00');
  const fresh = [
    { slug: 'port-strike-ends-after-talks', title: 'Port strike ends after talks & a new offer',
      date: now - 1 * hour },
    { slug: 'wheat-prices-steady', title: 'Wheat prices steady <for now>', date: now - 5 * hour },
  ];
  const old = { slug: 'last-weeks-budget-story', title: 'Last week\'s budget story',
    date: now - 7 * 24 * hour };
  let tmp;
  let weather;
  let server;
  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-news-sitemap-'));
    weather = await startWeatherStub();
    server = await startDateline({
      weatherUrl: weather.url,
      async prepare(dbPath, dir) {
        const run = (...args) => execFileAsync(datelineBin, ['--db', dbPath, ...args]);
        await run('init', '--site-name', siteName, '--short-name', 'FLG', '--timezone', 'UTC');
        const stories = path.join(dir, 'stories');
        await fs.mkdir(stories);
        for (const a of [...fresh, old]) {
          await fs.writeFile(path.join(stories, `${a.slug}.md`), [
            '---', `title: ${JSON.stringify(a.title)}`, `slug: ${a.slug}`, `date: ${w3c(a.date)}`,
            'author: Sana Iqbal', 'category: Business', 'tags: [trade]', '---',
            'The story, in one paragraph.', ''].join('\n'));
        }
        await run('import', stories);
      },
    });
  });
  after(async () => {
    await server?.stop();
    await weather?.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });
  const fetchText = async (p) => {
    const res = await fetch(new URL(p, server.baseUrl), { redirect: 'manual' });
    assert.equal(res.status, 200, `${p} answered ${res.status}`);
    return res.text();
  };
  const xmllint = (name, xml, schema) => xmllintIn(tmp, name, xml, schema);
  const fails = async (name, xml, schema, why) => {
    const r = await xmllint(name, xml, schema);
    assert.ok(!r.ok, `${name} (${why}) must fail to validate`);
    assert.match(r.output, /fails to validate/, `${name}: rejected by the schema, not unreadable`);
  };

  test('the index lists sitemap-news.xml and is a valid sitemap index', async () => {
    const index = await fetchText('/sitemap.xml');
    const valid = await xmllint('sitemap.xml', index, sitemapIndexXsd);
    assert.ok(valid.ok, `sitemap.xml is a valid sitemap index:\n${valid.output}`);
    // The schema also knows <urlset> (it includes sitemap.xsd): the root is checked here.
    assert.match(index, /<sitemapindex xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
    assert.ok(locs(index).includes(new URL('/sitemap-news.xml', server.baseUrl).href),
      `index lists sitemap-news.xml: ${locs(index)}`);
  });

  test('sitemap-news.xml lists the fresh articles and is valid', async () => {
    const news = await fetchText('/sitemap-news.xml');
    const valid = await xmllint('sitemap-news.xml', news, newsSitemapXsd);
    assert.ok(valid.ok, `sitemap-news.xml is a valid Google News sitemap:\n${valid.output}`);
    const urls = locs(news).map((loc) => new URL(loc).pathname);
    assert.deepEqual(urls.sort(), fresh.map((a) => `/${a.slug}/`).sort(),
      'exactly the articles of the last 48 hours');
    assert.ok(urls.length <= 1000, 'Google News reads at most 1,000 URLs');
    const entries = [...news.matchAll(/<news:news>([\s\S]*?)<\/news:news>/g)].map((m) => m[1]);
    assert.equal(entries.length, fresh.length, 'one <news:news> per <url>');
    const text = (xml, tag) => decodeHtml(new RegExp(`<news:${tag}>([^<]*)</news:${tag}>`)
      .exec(xml)?.[1] ?? '');
    for (const e of entries) assert.equal(text(e, 'name'), siteName, 'news:name is the site name');
    assert.deepEqual(entries.map((e) => text(e, 'title')).sort(),
      fresh.map((a) => a.title).sort(), 'news:title is the headline');
    for (const e of entries) {
      const date = Date.parse(text(e, 'publication_date'));
      assert.ok(fresh.some((a) => Math.abs(a.date - date) < 1000),
        `publication_date ${text(e, 'publication_date')} is an article's date`);
    }
  });

  test('the news schema rejects what Google would', async () => {
    const news = await fetchText('/sitemap-news.xml');
    const broken = (from, to) => {
      const out = news.replace(from, to);
      assert.notEqual(out, news, `the sitemap has ${from}`);
      return out;
    };
    await fails('no-title.xml', broken(/<news:title>[^<]*<\/news:title>/, ''), newsSitemapXsd,
      'a <news:news> without <news:title>');
    await fails('empty-title.xml', broken(/<news:title>[^<]*</, '<news:title> <'),
      newsSitemapXsd, 'an empty title');
    await fails('no-name.xml', broken(/<news:name>[^<]*<\/news:name>/, ''), newsSitemapXsd,
      'a publication without a name');
    await fails('language.xml', broken(/<news:language>[^<]*</, '<news:language>English<'),
      newsSitemapXsd, 'a language that is not an ISO 639 code');
    await fails('date.xml', broken(/<news:publication_date>[^<]*</,
      '<news:publication_date>28 November 2026<'), newsSitemapXsd, 'a date that is not W3C');
    await fails('date-no-zone.xml', broken(/<news:publication_date>([^<T]*)T[^<]*</,
      '<news:publication_date>$1T10:30:00<'), newsSitemapXsd, 'a time without a time zone');
    await fails('keywords.xml', broken(/<\/news:title>/,
      '</news:title><news:keywords>trade</news:keywords>'), newsSitemapXsd,
      'a tag Google no longer reads');
    await fails('order.xml', broken(
      /(<news:publication>[\s\S]*?<\/news:publication>)(<news:publication_date>[^<]*<\/news:publication_date>)/,
      '$2$1'), newsSitemapXsd, 'children out of order');
    await fails('foreign.xml', broken(/<\/news:news>/, '</news:news><x:y xmlns:x="urn:example"/>'),
      newsSitemapXsd, 'an element no loaded schema declares (strict wildcard)');
    // sitemaps.org's schema alone cannot vouch for <news:news>: its wildcard is strict.
    await fails('news-without-news-schema.xml', news, sitemapXsd, 'no news schema loaded');
    // Valid forms the site does not emit: a date alone, and minutes without seconds.
    for (const [name, date] of [['day.xml', '2026-11-28'],
      ['minutes.xml', '2026-11-28T10:30+05:00']]) {
      const r = await xmllint(name, broken(/<news:publication_date>[^<]*</,
        `<news:publication_date>${date}<`), newsSitemapXsd);
      assert.ok(r.ok, `${date} is a W3C Datetime Google accepts:\n${r.output}`);
    }
  });

  test('the sitemap index schema rejects what the protocol forbids', async () => {
    const index = await fetchText('/sitemap.xml');
    const broken = (from, to) => {
      const out = index.replace(from, to);
      assert.notEqual(out, index, `the index has ${from}`);
      return out;
    };
    await fails('no-loc.xml', broken(/<loc>[^<]*<\/loc>/, ''), sitemapIndexXsd,
      'a <sitemap> without <loc>');
    await fails('relative-loc.xml', broken(/<loc>[^<]*</, '<loc>/x.xml<'), sitemapIndexXsd,
      'a <loc> shorter than a URL');
    await fails('lastmod.xml', broken(/<\/loc>/, '</loc><lastmod>yesterday</lastmod>'),
      sitemapIndexXsd, 'a <lastmod> that is not a W3C date');
    await fails('url.xml', broken(/<\/loc>/, '</loc><changefreq>daily</changefreq>'),
      sitemapIndexXsd, 'a urlset child in an index entry');
    await fails('empty.xml', broken(/<sitemap>[\s\S]*<\/sitemap>\n?/, ''), sitemapIndexXsd,
      'an index without sitemaps');
    const entry = '<sitemap><loc>https://news.example.com/s.xml</loc></sitemap>\n';
    const head = index.slice(0, index.indexOf('<sitemap>'));
    const tooMany = (n) => `${head}${entry.repeat(n)}</sitemapindex>\n`;
    const atLimit = await xmllint('50000.xml', tooMany(50000), sitemapIndexXsd);
    assert.ok(atLimit.ok, `50,000 sitemaps are allowed:\n${atLimit.output.slice(0, 2000)}`);
    await fails('50001.xml', tooMany(50001), sitemapIndexXsd, 'more than 50,000 sitemaps');
  });
});

// --- Structured data and social metadata --------------------------------------------------------

const jsonLd = (html) => [...html.matchAll(
  /<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m, i) => {
  try {
    return JSON.parse(m[1]);
  } catch (e) {
    throw new Error(`JSON-LD block ${i} does not parse: ${e.message}\n${m[1]}`);
  }
});
const ofType = (blocks, type) => blocks.filter((b) => b['@type'] === type);

describe('structured data', () => {
  test(`article ${articlePath}: NewsArticle and BreadcrumbList`, async () => {
    const { body: html } = await get(articlePath);
    const blocks = jsonLd(html);
    assert.ok(blocks.length >= 2, `JSON-LD blocks: ${blocks.length}`);
    for (const b of blocks) assert.equal(b['@context'], 'https://schema.org');

    const h1 = decodeHtml(/<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
    const byline = /<p class="byline-author">[\s\S]*?<a href="(\/author\/([a-z0-9-]+)\/)" rel="author">([\s\S]*?)<\/a>/
      .exec(html);
    assert.ok(byline, 'byline author link');
    const kicker = /<p class="kicker story-kicker"><a href="\/category\/[a-z0-9-]+\/">([\s\S]*?)<\/a>/
      .exec(html);
    assert.ok(kicker, 'category kicker');
    const tagNames = [...html.matchAll(/<a href="\/tag\/[a-z0-9-]+\/" rel="tag">([\s\S]*?)<\/a>/g)]
      .map((m) => decodeHtml(m[1]));
    assert.ok(tagNames.length >= 1, 'the article shows its tags');

    const articles = ofType(blocks, 'NewsArticle');
    assert.equal(articles.length, 1, 'exactly one NewsArticle');
    const a = articles[0];
    assert.equal(a.headline, h1, 'headline is the <h1>');
    assertIsoDate(a.datePublished, 'datePublished');
    assertIsoDate(a.dateModified, 'dateModified');
    assert.ok(Date.parse(a.dateModified) >= Date.parse(a.datePublished), 'modified >= published');
    assert.ok(Array.isArray(a.author) && a.author.length >= 1, 'author is a non-empty array');
    assert.equal(a.author[0]['@type'], 'Person');
    assert.equal(a.author[0].name, decodeHtml(byline[3]), 'author name is the byline');
    assert.ok(a.author[0].url.endsWith(`/author/${byline[2]}/`), `author url ${a.author[0].url}`);
    assert.equal(a.author[0].url, url(byline[1]));
    assert.equal(a.publisher?.name, demo.siteName, 'publisher name');
    assert.ok(a.publisher?.logo?.url, 'publisher logo.url');
    await assertAnswers200(a.publisher.logo.url, 'publisher logo');
    assert.equal(a.articleSection, decodeHtml(kicker[1]), 'articleSection is the shown category');
    assert.equal(a.articleSection, category.name);
    assert.deepEqual(a.keywords, tagNames, 'keywords are the shown tags');
    assert.equal(a.url, url(articlePath));
    assert.equal(a.mainEntityOfPage?.['@id'], url(articlePath));

    const crumbs = ofType(blocks, 'BreadcrumbList');
    assert.equal(crumbs.length, 1, 'exactly one BreadcrumbList');
    const items = crumbs[0].itemListElement;
    assert.ok(Array.isArray(items) && items.length >= 2, 'breadcrumb has items');
    items.forEach((item, i) => {
      assert.equal(item['@type'], 'ListItem');
      assert.equal(item.position, i + 1, `breadcrumb item ${i} position`);
      assert.ok(item.name, `breadcrumb item ${i} name`);
    });
    assert.equal(items.at(-1).item, url(articlePath), 'breadcrumb ends at the article');
    for (const item of items) await assertAnswers200(item.item, `breadcrumb ${item.name}`);
  });

  test(`article ${articlePath}: Open Graph, Twitter card, canonical`, async () => {
    const head = headOf((await get(articlePath)).body);
    const metas = tags(head, 'meta');
    const meta = (key, value) => metas.find((t) => attr(t, key) === value);
    const canonical = tags(head, 'link').find((t) => attr(t, 'rel') === 'canonical');
    assert.ok(canonical, '<link rel=canonical>');
    assert.equal(attr(canonical, 'href'), url(articlePath));
    const ogTitle = meta('property', 'og:title');
    assert.ok(ogTitle && attr(ogTitle, 'content'), 'og:title');
    const ogUrl = meta('property', 'og:url');
    assert.ok(ogUrl, 'og:url');
    assert.equal(attr(ogUrl, 'content'), attr(canonical, 'href'), 'og:url is the canonical URL');
    const card = meta('name', 'twitter:card');
    assert.ok(card, 'twitter:card');
    assert.match(attr(card, 'content'), /^(summary|summary_large_image)$/);
  });

  test('home page: WebSite with a SearchAction', async () => {
    const { body: html } = await get('/');
    const sites = ofType(jsonLd(html), 'WebSite');
    assert.equal(sites.length, 1, 'exactly one WebSite');
    const w = sites[0];
    assert.equal(w.name, demo.siteName);
    assert.equal(w.potentialAction?.['@type'], 'SearchAction');
    const target = w.potentialAction.target;
    const template = typeof target === 'string' ? target : target?.urlTemplate;
    assert.ok(template?.includes('{search_term_string}'), `urlTemplate ${template}`);
    assert.match(w.potentialAction['query-input'] ?? '', /name=search_term_string/);
    const search = template.replace('{search_term_string}', 'cricket');
    await assertAnswers200(search, 'search URL from the urlTemplate');
  });
});
