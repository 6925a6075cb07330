// The Chinese texts are a data file (i18n/zh.json): an English page never
// fetches it; a Chinese page fetches it before its first render, so its
// first frame reads in Chinese; switching at runtime fetches it once; a
// file that cannot be fetched leaves the page in English and says why.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clean, open, servedDist, state, until, watch } from './browser.mjs';

const ZH = '/i18n/zh.json';
const fetchedTexts = (problems) => problems.requests.filter((u) => u.includes(ZH));

describe('the Chinese texts', () => {
  const served = servedDist();

  test('an English page fetches none; the first switch fetches them once', async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?lang=en&seed=1`);
    assert.deepEqual(fetchedTexts(problems), []);
    assert.equal(await page.locator('.tour-start').textContent(), 'Take the tour');
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await until(page, (s) => s.lang === 'zh');
    assert.match(await page.locator('.subtitle').textContent(), /共识算法/);
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await until(page, (s) => s.lang === 'en');
    // The G key switches through the same path; the texts are in already.
    await page.keyboard.press('g');
    await until(page, (s) => s.lang === 'zh');
    assert.equal(fetchedTexts(problems).length, 1, 'fetched once');
    clean(problems);
    await page.close();
  });

  test('?lang=zh draws its first frame in Chinese', async () => {
    const page = await served.browser.newPage();
    const problems = watch(page);
    // The first subtitle the page ever shows, recorded as it appears.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const subtitle = document.querySelector('.subtitle');
        if (subtitle) {
          window.firstSubtitle = subtitle.textContent;
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${served.site.url}?lang=zh&seed=1`);
    await page.waitForSelector('.stage svg .server');
    assert.match(await page.evaluate(() => window.firstSubtitle), /共识算法/);
    assert.equal((await state(page)).lang, 'zh');
    clean(problems);
    await page.close();
  });

  test('texts that cannot be fetched leave the page in English, and say why', async () => {
    const page = await served.browser.newPage();
    await page.route(`**${ZH}`, (route) => route.fulfill({ status: 404, body: 'not here' }));
    await page.goto(`${served.site.url}?lang=zh&seed=1`);
    await page.waitForSelector('.stage svg .server');
    assert.equal((await state(page)).lang, 'en');
    assert.equal(
      (await page.locator('.notice[data-param="lang"]').textContent()).trim(),
      'The Chinese texts could not be loaded (HTTP 404); showing English.',
    );
    // Switching later: an error toast, and the page stays in English.
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await page.waitForSelector('.toast.error');
    assert.match(await page.locator('.toast.error').textContent(), /The Chinese texts could not be loaded: HTTP 404/);
    assert.equal((await state(page)).lang, 'en');
    assert.equal(await page.locator('.panic-banner').count(), 0);
    await page.close();
  });
});
