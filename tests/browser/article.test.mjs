// An article page of the demo site in Chromium, phone and desktop widths: every part a reader
// expects is there, visible and filled with real content; nothing errors; nothing scrolls sideways.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoArticles, demoSite } from './demo.mjs';
import {
  horizontalOverflow, reloadUntilText, saveScreenshot, useSite, viewportFor, watchErrors,
  weatherText, widths,
} from './helpers.mjs';

let story;  // the demo article under test: one with a Read More card
let shortName;
const site = useSite({
  async setup() {
    const articles = await demoArticles();
    story = articles.find((a) => a.hasReadMore && a.dateline && a.author && a.tags?.length);
    assert.ok(story, 'the demo has an article with a Read More card, a dateline, author and tags');
    ({ shortName } = await demoSite());
  },
});

// The element is rendered, has a box and is not hidden.
async function assertVisible(locator, what) {
  assert.ok(await locator.count() > 0, `${what}: not in the page`);
  const first = locator.first();
  assert.ok(await first.isVisible(), `${what}: not visible`);
  const box = await first.boundingBox();
  assert.ok(box && box.width > 0 && box.height > 0, `${what}: has no size`);
}

// The rail section whose h2 reads `heading`.
const railSection = (page, heading) =>
  page.locator('section').filter({ has: page.locator('h2', { hasText: heading }) });

for (const width of widths) {
  describe(`article page at ${width} px`, () => {
    let context;
    let page;
    let errors;

    before(async () => {
      context = await site.browser.newContext({ viewport: viewportFor(width) });
      page = await context.newPage();
      errors = watchErrors(page);
      await reloadUntilText(page, `${site.baseUrl}/${story.slug}/`, '.topbar .weather', weatherText);
    });
    after(() => context?.close());

    test('top bar shows the long date and the weather', async () => {
      const date = page.locator('.topbar time');
      await assertVisible(date, 'top bar date');
      assert.match(await date.textContent(), /^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}$/);
      await assertVisible(page.locator('.topbar .weather'), 'weather');
      assert.equal((await page.locator('.topbar .weather').textContent()).trim(), weatherText);
    });

    test('the single h1 is the headline', async () => {
      assert.equal(await page.locator('h1').count(), 1);
      await assertVisible(page.locator('h1'), 'h1');
      assert.equal((await page.locator('h1').textContent()).trim(), story.title);
      assert.equal(await page.title().then((t) => t.startsWith(story.title)), true,
        `<title> starts with the headline: ${await page.title()}`);
    });

    test('the story opens with the dateline', async () => {
      const first = page.locator('.article-body > p').first();
      await assertVisible(first, 'first paragraph');
      const text = (await first.textContent()).trim();
      assert.ok(text.startsWith(`${story.dateline} (${shortName}):`),
        `first paragraph starts with "${story.dateline} (${shortName}):": ${text.slice(0, 80)}`);
      assert.ok(text.length > 80, 'the first paragraph has real text after the dateline');
    });

    test('byline names the author and the date', async () => {
      const author = page.locator('.byline a[rel="author"]');
      await assertVisible(author, 'byline author');
      assert.equal((await author.textContent()).trim(), story.author);
      assert.match(await author.getAttribute('href'), /^\/author\/[a-z0-9-]+\/$/);
      const time = page.locator('.byline time').first();
      await assertVisible(time, 'byline date');
      assert.match((await time.textContent()).trim(), /^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
      assert.match(await time.getAttribute('datetime'), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    });

    test('body has paragraphs and a Read More card to another article', async () => {
      const paragraphs = page.locator('.article-body > p');
      assert.ok(await paragraphs.count() >= 3, 'the body has several paragraphs');
      const card = page.locator('.article-body .read-more');
      await assertVisible(card, 'Read More card');
      const link = card.locator('a');
      assert.equal(await link.count(), 1);
      const text = (await link.textContent()).trim();
      assert.ok(text.length > 10, `card link has a headline: "${text}"`);
      assert.notEqual(text, story.title);
      const href = await link.getAttribute('href');
      assert.match(href, /^\/[a-z0-9-/]+\/$/, 'the card links to a local canonical URL');
    });

    test('tags link to tag pages', async () => {
      const tags = page.locator('.tags a');
      await assertVisible(tags, 'tags');
      assert.equal(await tags.count(), story.tags.length);
      for (let i = 0; i < await tags.count(); ++i) {
        assert.match(await tags.nth(i).getAttribute('href'), /^\/tag\/[a-z0-9-]+\/$/);
        assert.ok((await tags.nth(i).textContent()).trim().length > 0);
      }
      const names = await tags.allTextContents();
      assert.deepEqual(names.map((n) => n.trim().toLowerCase()).sort(),
        story.tags.map((n) => n.toLowerCase()).sort());
    });

    test('author box shows the name, bio and a post count link', async () => {
      const box = page.locator('.author-box');
      await assertVisible(box, 'author box');
      assert.equal((await box.locator('h2').textContent()).trim(), story.author);
      assert.ok((await box.locator('.author-box-bio').textContent()).trim().length > 20, 'bio');
      const posts = box.locator('a', { hasText: /posts?$/ });
      await assertVisible(posts, 'author posts link');
      assert.match((await posts.textContent()).trim(), /^\d+ posts?$/);
      assert.match(await posts.getAttribute('href'), /^\/author\/[a-z0-9-]+\/$/);
    });

    for (const heading of ['Trending Now', 'Latest News', 'Related News']) {
      test(`"${heading}" has links`, async () => {
        const section = railSection(page, heading);
        assert.equal(await section.count(), 1, `one "${heading}" section`);
        await assertVisible(section.locator('h2'), `${heading} heading`);
        assert.equal((await section.locator('h2').textContent()).trim(), heading);
        const links = section.locator('a');
        assert.ok(await links.count() >= 1, `${heading} has links`);
        await assertVisible(links, `${heading} link`);
        for (const text of await links.allTextContents()) assert.ok(text.trim().length > 0);
      });
    }

    test('no sideways scrolling', async () => {
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      assert.ok(scrollWidth <= innerWidth, `scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
    });

    test('screenshot', async () => {
      await saveScreenshot(page, `article-${width}.png`);
    });

    test('the Read More card leads to the article it names', async () => {
      const link = page.locator('.article-body .read-more a');
      const text = (await link.textContent()).trim();
      await Promise.all([page.waitForURL((u) => u.pathname !== `/${story.slug}/`), link.click()]);
      assert.equal((await page.locator('h1').textContent()).trim(), text);
      assert.equal(await page.locator('h1').count(), 1);
    });

    test('no console or page errors', async () => {
      assert.deepEqual(errors, []);
    });
  });
}
