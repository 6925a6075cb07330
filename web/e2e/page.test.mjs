// The release build of the page, served over HTTP as a static host would.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIST, OUT, launch, open, serverNames } from './browser.mjs';
import { serveDirectory } from './static-server.mjs';

describe('the page, served from dist/', () => {
  let browser;
  let site;

  before(async () => {
    browser = await launch();
    site = await serveDirectory(DIST, '/');
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('loads with no console error, no failed request and no other origin', async () => {
    const { page, problems } = await open(browser, site.url);
    assert.equal(await page.title(), 'raftlab');
    assert.equal(await page.locator('h1').textContent(), 'raftlab');
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.exceptions, []);
    assert.deepEqual(problems.failed, []);
    const foreign = problems.requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== site.origin);
    assert.deepEqual(foreign, []);
    assert.ok(problems.requests.some((url) => url.endsWith('.wasm')), 'the wasm module was loaded');

    assert.deepEqual(await serverNames(page), ['S1', 'S2', 'S3', 'S4', 'S5']);
    assert.equal(await page.locator('.notices').count(), 0, 'no notice without URL parameters');
    const label = await page.locator('.stage .server').first().getAttribute('aria-label');
    assert.match(label, /^S1, (follower|candidate|leader), term \d+$/);
    await page.locator('[data-tab="legend"]').click();
    // The panel module that draws it is fetched on this first click.
    await page.locator('.legend').waitFor();
    assert.ok(await page.locator('.legend').isVisible(), 'the legend is a tab away');
    assert.deepEqual(problems.failed, [], 'the panel module loads');
    assert.ok(await page.locator('.legend li').count() > 25, 'the legend explains every symbol');
    // The panels' styles came with the module, once, before the page's own
    // (so the dark theme and presentation mode still override them).
    const styles = await page.evaluate(() => ({
      count: document.querySelectorAll('style[data-raftlab-panels]').length,
      first: document.head.firstElementChild.matches('style[data-raftlab-panels]'),
      columns: getComputedStyle(document.querySelector('.legend li')).display,
    }));
    assert.deepEqual(styles, { count: 1, first: true, columns: 'grid' });

    await page.screenshot({ path: `${OUT}raftlab-load.png` });
    await page.close();
  });

  test('a panel whose module cannot be loaded says why, and opening it again loads it', async () => {
    const { page, problems } = await open(browser, `${site.url}?seed=1&lang=en`);
    await page.route('**/raft-panels.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.locator('[data-tab="legend"]').click();
    await page.locator('.panel-error').waitFor();
    assert.match(await page.locator('.panel-error').textContent(), /could not be loaded \(cannot load .*raft-panels\.js\)/);
    assert.equal(await page.locator('.legend').count(), 0);
    await page.unroute('**/raft-panels.js');
    await page.locator('[data-tab="client"]').click();
    await page.locator('[data-tab="legend"]').click();
    await page.locator('.legend').waitFor();
    assert.equal(await page.locator('.panel-error').count(), 0);
    // Tabs come and go; each leaves no panel behind.
    for (const tab of ['server', 'client', 'events', 'settings', 'legend']) await page.locator(`[data-tab="${tab}"]`).click();
    await page.locator('.legend').waitFor();
    assert.equal(await page.locator('.panel-module').count(), 1);
    assert.deepEqual(problems.exceptions, []);
    await page.close();
  });

  test('?nodes=7 draws 7 servers on a circle', async () => {
    const { page, problems } = await open(browser, `${site.url}?nodes=7&seed=1`);
    assert.deepEqual(await serverNames(page), ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7']);
    assert.equal(await page.locator('.notices').count(), 0);
    // Every server is the same distance from the centre of the stage.
    const centres = await page.locator('.stage .server .disc').evaluateAll((discs) =>
      discs.map((disc) => {
        const box = disc.getBoundingClientRect();
        return [box.x + box.width / 2, box.y + box.height / 2];
      }),
    );
    const cx = centres.reduce((sum, [x]) => sum + x, 0) / centres.length;
    const cy = centres.reduce((sum, [, y]) => sum + y, 0) / centres.length;
    const radii = centres.map(([x, y]) => Math.hypot(x - cx, y - cy));
    for (const r of radii) assert.ok(Math.abs(r - radii[0]) < 1, `radii ${radii}`);
    assert.ok(radii[0] > 100, 'a real circle, not a heap');
    assert.deepEqual(problems.console, []);
    await page.screenshot({ path: `${OUT}raftlab-nodes-7.png` });
    await page.close();
  });

  test('?nodes=banana shows a notice and falls back to 5 servers', async () => {
    const { page, problems } = await open(browser, `${site.url}?nodes=banana`);
    const notice = page.locator('.notices');
    assert.ok(await notice.isVisible(), 'the notice is visible');
    const text = await notice.textContent();
    assert.match(text, /\?nodes=banana is not a number: a cluster here has 1 to 9 servers; using 5\./);
    assert.equal((await serverNames(page)).length, 5);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.exceptions, []);
    await page.screenshot({ path: `${OUT}raftlab-nodes-banana.png` });
    await page.close();
  });

  test('out-of-range and hostile values never break the page', async () => {
    const cases = ['0', '10', '-1', '1e3', '%F0%9F%8D%8C', '<b>9</b>', 'x'.repeat(2000)];
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    for (const value of cases) {
      await page.goto(`${site.url}?nodes=${value}`);
      await page.waitForSelector('.stage svg .server');
      assert.equal((await serverNames(page)).length, 5, value.slice(0, 20));
      assert.ok(await page.locator('.notices').isVisible(), value.slice(0, 20));
      assert.equal(await page.locator('.notices b').count(), 0, 'markup in the URL stays text');
    }
    await page.goto(`${site.url}?nodes=1`);
    await page.waitForSelector('.stage svg .server');
    assert.deepEqual(await serverNames(page), ['S1']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the stage scales down to a phone screen', async () => {
    const { page } = await open(browser, `${site.url}?nodes=9&seed=1`, { width: 360, height: 780 });
    const svg = await page.locator('.stage svg').boundingBox();
    assert.ok(svg.width <= 360 && svg.width > 250, `svg width ${svg.width}`);
    for (const disc of await page.locator('.stage .server .disc').all()) {
      const box = await disc.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 360, `server inside the screen: ${JSON.stringify(box)}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no sideways scrolling');
    await page.close();
  });
});

describe('the site, served from a sub-path', () => {
  test('works under /courses/raft/playground/ with relative URLs only', async () => {
    const browser = await launch();
    const site = await serveDirectory(DIST, '/courses/raft/playground/');
    try {
      const { page, problems } = await open(browser, `${site.url}?nodes=3&seed=1`);
      assert.deepEqual(await serverNames(page), ['S1', 'S2', 'S3']);
      assert.deepEqual(problems.failed, []);
      assert.deepEqual(problems.console, []);
      const outside = site.requests.filter((path) => !path.startsWith('/courses/raft/playground/'));
      assert.deepEqual(outside, [], 'every request stays under the sub-path');
    } finally {
      await browser.close();
      await site.close();
    }
  });
});
