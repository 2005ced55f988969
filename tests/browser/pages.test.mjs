// Every public page type of the demo site in Chromium, phone and desktop widths: the right status,
// the shared chrome (top bar, masthead, sections, footer), a single h1, each page's own content,
// no sideways scrolling and no errors. Also the site search box and the home page's pagination.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoArticles, demoSite } from './demo.mjs';
import {
  horizontalOverflow, pageTypes, reloadUntilText, saveScreenshot, useSite, viewportFor,
  watchErrors, weatherText, widths,
} from './helpers.mjs';

let pages;
let demo;
const site = useSite({
  async setup({ baseUrl }) {
    demo = await demoSite();
    const story = (await demoArticles()).find((a) => a.hasReadMore);
    pages = await pageTypes(baseUrl, `/${story.slug}/`);
  },
});

const text = async (locator) => ((await locator.textContent()) ?? '').trim();

async function assertVisible(locator, what) {
  assert.ok(await locator.count() > 0, `${what}: not in the page`);
  assert.ok(await locator.first().isVisible(), `${what}: not visible`);
}

// Each card or result has a visible headline linking to a local article.
async function assertHeadlineLinks(links, what) {
  const n = await links.count();
  assert.ok(n >= 1, `${what}: at least one`);
  for (let i = 0; i < n; ++i) {
    const link = links.nth(i);
    assert.ok((await text(link)).length > 10, `${what} ${i}: has a headline`);
    assert.match(await link.getAttribute('href'), /^\/[a-z0-9-/]+\/$/, `${what} ${i}: local URL`);
  }
  assert.ok(await links.first().isVisible(), `${what}: visible`);
}

// What every page shares: head, top bar, masthead, sections menu, one h1, footer.
async function assertChrome(page) {
  assert.ok((await page.title()).includes(demo.siteName), `<title> names the site`);
  await assertVisible(page.locator('.topbar time'), 'top bar date');
  assert.match(await text(page.locator('.topbar time')),
    /^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}$/);
  await assertVisible(page.locator('.masthead .brand'), 'brand');
  assert.equal(await text(page.locator('.masthead .brand')), demo.siteName);
  await assertVisible(page.locator('.site-search input[name="q"]'), 'site search box');
  const nav = page.locator('.sections-nav a');
  assert.ok(await nav.count() >= 1, 'sections menu has links');
  await assertVisible(nav, 'sections menu');
  assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
  assert.ok((await text(page.locator('h1'))).length > 0, 'h1 has text');
  assert.equal(await page.locator('main').count(), 1, 'one main landmark');
  await assertVisible(page.locator('footer.site-footer'), 'footer');
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  assert.ok(scrollWidth <= innerWidth, `scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
}

const checks = {
  async home(page) {
    await assertHeadlineLinks(page.locator('.lead-story .lead-title a'), 'lead story');
    await assertHeadlineLinks(page.locator('.home-latest .card-title a'), 'Latest News');
    assert.equal(await text(page.locator('.home-latest h2')), 'Latest News');
    await assertHeadlineLinks(page.locator('.trending li a'), 'Trending Now');
    assert.equal(await text(page.locator('.trending h2')), 'Trending Now');
    const sections = page.locator('.home-section');
    assert.ok(await sections.count() >= 1, 'category sections');
    for (let i = 0; i < await sections.count(); ++i) {
      const heading = sections.nth(i).locator('h2 a');
      assert.match(await heading.getAttribute('href'), /^\/category\/[a-z0-9-]+\/$/);
      await assertHeadlineLinks(sections.nth(i).locator('.card-title a'), `section ${i}`);
    }
    assert.equal(await page.locator('.pagination a[rel="next"]').getAttribute('href'), '/page/2/');
  },
  async 'home page 2'(page) {
    assert.match(await text(page.locator('h1')), /page 2/i);
    await assertHeadlineLinks(page.locator('.card-title a'), 'cards');
    assert.equal(await page.locator('.pagination a[rel="prev"]').getAttribute('href'), '/');
  },
  async article(page) {
    await assertVisible(page.locator('.article-body p'), 'article body');
  },
  async tag(page) {
    assert.equal(await text(page.locator('.eyebrow')), 'Tag');
    await assertHeadlineLinks(page.locator('.card-grid .card-title a'), 'tag cards');
  },
  async category(page) {
    assert.equal(await text(page.locator('.eyebrow')), 'Category');
    await assertHeadlineLinks(page.locator('.card-grid .card-title a'), 'category cards');
    assert.equal(await page.locator('.sections-nav a[aria-current="page"]').count(), 1,
      'the sections menu marks the current category');
  },
  async author(page) {
    assert.equal(await text(page.locator('.eyebrow')), 'Author');
    assert.ok((await text(page.locator('.author-intro-bio'))).length > 20, 'author bio');
    const count = /^(\d+) posts?$/.exec(await text(page.locator('.author-intro-count')));
    assert.ok(count, 'author post count');
    const cards = page.locator('.card-grid .card-title a');
    await assertHeadlineLinks(cards, 'author cards');
    if (await page.locator('.pagination').count() === 0) {
      assert.equal(await cards.count(), Number(count[1]), 'one card per post');
    }
  },
  async search(page) {
    assert.equal(await page.locator('#search-page-q').inputValue(), 'cricket');
    const m = /^(\d+) results? for “cricket”$/.exec(await text(page.locator('.search-message')));
    assert.ok(m, 'result count message');
    const results = page.locator('.results .result-title a');
    await assertHeadlineLinks(results, 'results');
    if (await page.locator('.pagination').count() === 0) {
      assert.equal(await results.count(), Number(m[1]));
    }
  },
  async 'empty search'(page) {
    assert.ok((await text(page.locator('.search-message'))).length > 0, 'a hint to type something');
    assert.equal(await page.locator('.results .result').count(), 0);
  },
  async 'not found'(page) {
    assert.equal(await text(page.locator('h1')), 'Page not found');
    await assertVisible(page.locator('main form[role="search"] input[name="q"]'), 'search form');
    await assertHeadlineLinks(page.locator('.page-latest .card-title a'), 'Latest News');
  },
};

for (const width of widths) {
  describe(`pages at ${width} px`, () => {
    let context;
    let page;
    let errors;

    before(async () => {
      context = await site.browser.newContext({ viewport: viewportFor(width) });
      page = await context.newPage();
      errors = watchErrors(page);
      await reloadUntilText(page, `${site.baseUrl}/`, '.topbar .weather', weatherText);
    });
    after(() => context?.close());

    test('home screenshot', async () => {
      await page.goto(`${site.baseUrl}/`);
      await saveScreenshot(page, `home-${width}.png`);
    });

    test('every page type answers its status and shows its parts', async (t) => {
      assert.equal(pages.length, Object.keys(checks).length);
      for (const { name, path, status } of pages) {
        await t.test(`${name} ${path}`, async () => {
          const res = await page.goto(`${site.baseUrl}${path}`);
          assert.equal(res.status(), status);
          assert.match(res.headers()['content-type'], /^text\/html/);
          await assertChrome(page);
          await checks[name](page);
        });
      }
    });

    test('the site search box finds articles', async () => {
      await page.goto(`${site.baseUrl}/`);
      await page.locator('.site-search input[name="q"]').fill('cricket');
      await Promise.all([page.waitForURL(/\/search\?q=cricket$/),
        page.locator('.site-search input[name="q"]').press('Enter')]);
      await checks.search(page);
    });

    test('Older and Newer page through the home page', async () => {
      await page.goto(`${site.baseUrl}/`);
      await Promise.all([page.waitForURL(/\/page\/2\/$/),
        page.locator('.pagination a[rel="next"]').click()]);
      await checks['home page 2'](page);
      await Promise.all([page.waitForURL((u) => u.pathname === '/'),
        page.locator('.pagination a[rel="prev"]').click()]);
      await assertVisible(page.locator('.lead-story'), 'lead story');
    });

    test('the first Tab reaches a visible skip link to the main content', async () => {
      await page.goto(`${site.baseUrl}/`);
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      assert.equal(await focused.getAttribute('href'), '#main');
      assert.ok(await focused.isVisible(), 'the focused skip link is visible');
      const box = await focused.boundingBox();
      assert.ok(box && box.y >= 0 && box.x >= 0 && box.width > 1 && box.height > 1,
        `skip link is on screen: ${JSON.stringify(box)}`);
      await page.keyboard.press('Enter');
      assert.equal(new URL(page.url()).hash, '#main');
    });

    test('no console or page errors', () => {
      assert.deepEqual(errors, []);
    });
  });
}
