// dist/raftlab.html: the whole playground in one file, opened from disk with
// no server, as a teacher would from a USB stick or course notes.

import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DIST, OUT, launch, open, serverNames } from './browser.mjs';

const SINGLE = join(DIST, 'raftlab.html');

describe('dist/raftlab.html opened as file://', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('exists and carries the wasm inside', () => {
    assert.ok(existsSync(SINGLE), `${SINGLE} exists`);
    assert.ok(statSync(SINGLE).size > 50_000, 'big enough to hold the wasm module');
  });

  test('draws the cluster without a single request beyond the file', async () => {
    const url = `${pathToFileURL(SINGLE).href}?nodes=3&seed=1`;
    const { page, problems } = await open(browser, url);
    assert.deepEqual(await serverNames(page), ['S1', 'S2', 'S3']);
    assert.ok(await page.locator('[data-log-grid]').isVisible());
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.exceptions, []);
    assert.deepEqual(problems.failed, []);
    const fetched = problems.requests.filter((u) => !u.startsWith('data:'));
    assert.deepEqual(fetched, [url], 'only the file itself');
    // The styles are inline too: the stage has its card background.
    const background = await page.locator('.stage').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, 'rgb(255, 255, 255)');
    await page.screenshot({ path: `${OUT}raftlab-single-file.png` });
    await page.close();
  });

  test('takes the guided tour from disk: the tours travel inside the file', async () => {
    const url = `${pathToFileURL(SINGLE).href}?lang=zh#tour/election/2`;
    const { page, problems } = await open(browser, url);
    await page.waitForFunction(() => {
      const s = window.raftlab.state();
      return s.tour && s.tour.chapter === 'election' && s.tour.step === 2;
    });
    assert.match(await page.locator('.tour-bar .caption').textContent(), /S1/);
    // ?lang=zh: the Chinese texts travel inside the file too.
    assert.match(await page.locator('.subtitle').textContent(), /共识算法/);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.failed, []);
    assert.deepEqual(problems.requests.filter((u) => !u.startsWith('data:')), [url.split('#')[0]], 'nothing fetched');
    await page.close();
  });

  test('loads a scenario from disk: the scenarios travel inside the file', async () => {
    const url = `${pathToFileURL(SINGLE).href}?scenario=leader-crash&lang=en`;
    const { page, problems } = await open(browser, url);
    assert.equal(await page.locator('[data-scenario-caption="leader-crash"] h2').textContent(), 'The leader crashes');
    await page.getByLabel('Scenario').selectOption('split-vote');
    await page.waitForFunction(() => window.raftlab.state().scenario === 'split-vote');
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.failed, []);
    assert.deepEqual(problems.requests.filter((u) => !u.startsWith('data:')), [url], 'nothing fetched');
    await page.close();
  });

  test('shows the notice for a bad parameter, from disk too', async () => {
    const { page } = await open(browser, `${pathToFileURL(SINGLE).href}?nodes=banana`);
    assert.ok(await page.locator('.notices').isVisible());
    assert.equal((await serverNames(page)).length, 5);
    await page.close();
  });
});
