// A scenario explains itself: loading one (from the URL or the menu) shows
// its title and description over the stage, in the page's language, until
// closed; the checker's sentences read in Chinese in Chinese mode.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { clean, OUT, open, servedDist, state, until } from './browser.mjs';

/** A shipped scenario's file, as the page has it. */
function scenario(name) {
  return JSON.parse(readFileSync(new URL(`../../crates/raft-sim/scenarios/${name}.json`, import.meta.url), 'utf8'));
}

/** The caption's title and description as shown, or null when there is none. */
async function caption(page) {
  const el = page.locator('[data-scenario-caption]');
  if ((await el.count()) === 0) return null;
  return {
    name: await el.getAttribute('data-scenario-caption'),
    title: (await el.locator('h2').textContent()).trim(),
    description: (await el.locator('p').textContent()).trim(),
  };
}

function overlaps(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The caption covers no server and no log cell. */
async function coversNothing(page) {
  const box = await page.locator('[data-scenario-caption]').boundingBox();
  assert.ok(box && box.height > 0, 'the caption is on screen');
  for (const el of await page.locator('.stage svg .server, .logs .cell').all()) {
    const other = await el.boundingBox();
    if (other) assert.ok(!overlaps(box, other), `the caption covers ${await el.evaluate((e) => e.outerHTML.slice(0, 80))}`);
  }
}

describe('scenario captions', () => {
  const served = servedDist();

  test('a scenario from the URL is captioned in English, then in Chinese, until closed', async () => {
    const crash = scenario('leader-crash');
    const { page, problems } = await open(served.browser, `${served.site.url}?scenario=leader-crash&lang=en&speed=1`, { width: 1366, height: 768 });
    assert.deepEqual(await caption(page), { name: 'leader-crash', title: crash.title, description: crash.description });
    await coversNothing(page);
    // Switching the language switches the caption's words.
    await page.locator('button[lang="zh"]').click();
    // The Chinese texts are fetched on the first switch; the page switches once they are in.
    await until(page, (s) => s.lang === 'zh');
    assert.deepEqual(await caption(page), { name: 'leader-crash', title: crash.title_zh, description: crash.description_zh });
    await page.locator('[data-scenario-caption] .close').click();
    assert.equal(await caption(page), null, 'closed');
    assert.equal((await state(page)).scenario, 'leader-crash', 'the run goes on');

    // The menu, in Chinese, lists Chinese titles and captions what it loads.
    const split = scenario('split-vote');
    const menu = page.getByLabel('场景');
    assert.equal((await menu.locator('option[value="split-vote"]').textContent()).trim(), split.title_zh);
    await menu.selectOption('split-vote');
    await until(page, (s) => s.scenario === 'split-vote');
    assert.deepEqual(await caption(page), { name: 'split-vote', title: split.title_zh, description: split.description_zh });
    // Loading another replaces it.
    await menu.selectOption('log-replication');
    await until(page, (s) => s.scenario === 'log-replication');
    assert.equal((await caption(page)).title, scenario('log-replication').title_zh);
    clean(problems);
    await page.close();
  });

  test("a scenario's file is fetched only when one is named or chosen, and a missing one says so", async () => {
    // A plain visit fetches no scenario; the menu lists them all the same.
    const plain = await open(served.browser, `${served.site.url}?lang=en&seed=1`);
    assert.deepEqual(plain.problems.requests.filter((u) => u.includes('/scenarios/')), []);
    assert.equal(await plain.page.locator('.scenario-pick option[value]:not([value=""])').count(), 22);
    clean(plain.problems);
    await plain.page.close();

    // The URL's scenario cannot be fetched: a notice, and a plain run instead.
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.route('**/scenarios/leader-crash.json', (route) => route.fulfill({ status: 404, body: 'not here' }));
    await page.goto(`${served.site.url}?scenario=leader-crash&lang=en`);
    await page.waitForSelector('.stage svg .server');
    assert.equal(
      (await page.locator('.notice[data-param="scenario"]').textContent()).trim(),
      'The scenario scenarios/leader-crash.json could not be loaded (HTTP 404); starting a plain run.',
    );
    const s = await until(page, (s) => s.time > 0);
    assert.equal(s.scenario, null);
    // From the menu: an error toast, and the run goes on.
    await page.getByLabel('Scenario').selectOption('leader-crash');
    await page.waitForSelector('.toast.error');
    assert.match(await page.locator('.toast.error').textContent(), /The scenario scenarios\/leader-crash\.json could not be loaded: HTTP 404/);
    assert.equal(await page.locator('.panic-banner').count(), 0);
    await until(page, (s) => s.playing && s.scenario === null);
    await page.close();
  });

  test("an unsafe scenario's violation reads in Chinese in Chinese mode", async () => {
    const unsafe = scenario('figure-8-unsafe');
    const { page, problems } = await open(served.browser, `${served.site.url}?scenario=figure-8-unsafe&lang=zh&speed=1`, { width: 1366, height: 768 });
    assert.deepEqual(await caption(page), { name: 'figure-8-unsafe', title: unsafe.title_zh, description: unsafe.description_zh });
    await coversNothing(page);
    await until(page, (s) => s.invariants.some((i) => i.name === 'StateMachineSafety' && !i.ok), undefined, 30_000);
    await page.evaluate(() => window.raftlab.pause());
    await page.locator('[data-tab="safety"]').click();
    const sentence = (await page.locator('li[data-invariant="StateMachineSafety"] .violation').textContent()).trim();
    // The two state machines and what each applied at index 2, in Chinese.
    assert.equal(sentence, 'S5 在索引 2 应用了 空操作条目（任期 2），而 S1 在同一索引应用的是 x = 2（任期 1）');
    const line = (await page.locator('.invariants-line .violation').textContent()).trim();
    assert.match(line, /^新领导人 S5（任期 4）的日志缺少已提交的条目 2@1$/);
    await page.screenshot({ path: `${OUT}raftlab-scenario-zh.png` });
    clean(problems);
    await page.close();
  });
});
