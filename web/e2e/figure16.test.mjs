// The paper's Figure 16 in the page: the tour chapter opens the panel, the
// panel runs the trials and draws one curve per timeout range, and a click
// on a trial loads that very run on the stage.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clean, OUT, open, servedDist, state, until } from './browser.mjs';

/** Waits until the panel has run every range (11 curves, no progress bar). */
async function finished(page) {
  await page.waitForFunction(
    () => !document.querySelector('.f16-progress') && document.querySelectorAll('.figure16 g[data-range]').length >= 11,
    null,
    { timeout: 90_000 },
  );
}

describe('Figure 16', () => {
  const served = servedDist();

  test('the chapter opens the panel, which draws one curve per range beside the paper', { timeout: 150_000 }, async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?lang=en#tour/figure-16/4`, { width: 1440, height: 900 });
    await page.locator('.figure16').waitFor();
    assert.equal(await page.locator('[data-tab="figure16"]').getAttribute('aria-selected'), 'true', 'the step opened its tab');
    // The progress bar shows while the trials run, a few at a time.
    await page.locator('.f16-progress progress').waitFor();
    await finished(page);
    const ranges = async (graph) =>
      page.locator(`.f16-graph[data-graph="${graph}"] svg > g[data-range]`).evaluateAll((gs) => gs.map((g) => g.dataset.range));
    assert.deepEqual(await ranges('top'), ['150–150', '150–151', '150–155', '150–175', '150–200', '150–300']);
    assert.deepEqual(await ranges('bottom'), ['12–24', '25–50', '50–100', '100–200', '150–300']);
    for (const g of await page.locator('.figure16 svg > g[data-range]').all()) {
      assert.equal(await g.locator('polyline.curve').count(), 1, 'each range is one curve');
    }
    // Without randomness no trial elects a leader within 12 s: no points.
    assert.equal(await page.locator('g[data-range="150–150"] circle.pt').count(), 0);
    assert.equal(await page.locator('g[data-range="150–300"] circle.pt').first().isVisible(), true);
    // The table puts the paper's figures beside ours.
    const row = page.locator('.f16-table tr[data-range="150–155"]');
    assert.match(await row.textContent(), /median 287/);
    assert.match(await page.locator('.f16-table tr[data-range="150–150"]').textContent(), /100%.*consistently over 10 s/);
    await page.screenshot({ path: `${OUT}raftlab-figure16-en.png` });

    // A point no other covers: a click loads that trial's run on the stage.
    const hit = await page.evaluate(() => {
      for (const c of document.querySelectorAll('.figure16 g[data-range="150–155"] circle.pt')) {
        const r = c.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        if (top === c) return { range: c.dataset.range, trial: Number(c.dataset.trial) };
      }
      return null;
    });
    assert.ok(hit, 'a point of 150–155 can be clicked');
    await page.locator(`g[data-range="150–155"] circle.pt[data-trial="${hit.trial}"]`).click();
    await until(page, (s) => s.settings.election_timeout_ms[0] === 150 && s.settings.election_timeout_ms[1] === 155);
    const s = await state(page);
    assert.equal(s.settings.nodes, 5);
    assert.deepEqual(s.settings.persist_ms, [5, 8], 'the paper setup: a disk in the model');
    assert.equal(s.actions, 2, 'S1 made to time out, then the leader crashed');
    assert.ok(s.tour && s.tour.chapter === 'figure-16', 'the tour stays, off script');
    assert.match(await page.locator('.toast').first().textContent(), new RegExp(`Trial ${hit.trial + 1} of 150–155 ms: the leader S1 crashes at`));
    // Played on, a new leader is elected after the crash.
    await page.evaluate(() => window.raftlab.setSpeed(1));
    await until(page, (s) => s.servers.some((x) => x.id === 1 && !x.alive) && s.leader && s.leader !== 1, undefined, 30_000);
    clean(problems);
    await page.close();
  });

  test('a server writing to disk shows it on the stage and names it in its state panel', async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?seed=1&lang=en&speed=0.05`, { width: 1440, height: 900 });
    const s = await until(page, (s) => s.leader != null, undefined, 30_000);
    assert.ok(s.settings.persist_ms[1] > 0, 'the default model has a disk');
    // A follower's state: selected on the stage (its menu closed again).
    const follower = s.leader === 1 ? 2 : 1;
    await page.locator(`.stage .server[data-server="${follower}"]`).click();
    await page.keyboard.press('Escape');
    await page.locator('[data-tab="server"]').click();
    await page.locator(`.figure2[data-server-state="${follower}"]`).waitFor();
    // The follower appends the leader's entry to its log on disk: a disk on
    // its circle, and its panel says what is written and when it is done.
    // A write lasts a few frames: caught as the line appears, with the stage.
    const seen = page.evaluate(
      (f) =>
        new Promise((resolve, reject) => {
          const look = () => {
            const line = document.querySelector('.figure2 [data-disk-write]');
            if (!line) return;
            observer.disconnect();
            resolve({ text: line.textContent, disk: !!document.querySelector(`.stage .server[data-server="${f}"] .disk`) });
          };
          const observer = new MutationObserver(look);
          observer.observe(document, { subtree: true, childList: true });
          look();
          setTimeout(() => reject(new Error('no disk write shown within 30 s')), 30_000);
        }),
      follower,
    );
    await page.evaluate(() => window.raftlab.act({ write: { command: 'set d 1' } }));
    const { text, disk } = await seen;
    assert.match(text, /writing to disk: .*entries \d+–\d+ \(done at \d+(\.\d+)? s\)/);
    assert.ok(disk, 'the same server has a disk drawn on the stage');
    clean(problems);
    await page.close();
  });

  test('the panel speaks Chinese, and takes a range of the learner’s own', { timeout: 150_000 }, async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?lang=zh&seed=1`, { width: 1366, height: 768 });
    await page.locator('[data-tab="figure16"]').click();
    await page.locator('.figure16').waitFor();
    assert.match(await page.locator('#f16-title').textContent(), /图 16/);
    await finished(page);
    assert.match(await page.locator('.f16-table tr[data-range="150–155"]').textContent(), /中位数 287/);
    // A range that is not one: a clear message, nothing runs.
    await page.locator('[data-field="timeout-min"]').fill('300');
    await page.locator('[data-field="timeout-max"]').fill('200');
    await page.locator('[data-field="timeout-max"]').dispatchEvent('change');
    await page.locator('[data-field="timeout-min"]').dispatchEvent('change');
    await page.locator('.f16-yours button[type="submit"]').click();
    const alert = page.locator('.f16-yours [role="alert"]');
    await alert.waitFor();
    const reversed = await alert.textContent();
    // One the simulator would refuse (a 1 ms minimum leaves no room for a
    // heartbeat): its own reason, not trials that all "find no leader".
    await page.locator('[data-field="timeout-min"]').fill('1');
    await page.locator('[data-field="timeout-min"]').dispatchEvent('change');
    await page.locator('[data-field="timeout-max"]').fill('5');
    await page.locator('[data-field="timeout-max"]').dispatchEvent('change');
    await page.locator('.f16-yours button[type="submit"]').click();
    await until(page, (s, before) => document.querySelector('.f16-yours [role="alert"]')?.textContent !== before, reversed);
    assert.notEqual(await alert.textContent(), reversed, 'each refusal says its own reason');
    assert.equal(await page.locator('g[data-range="yours"]').count(), 0, 'nothing ran');
    // 200–400 ms at 10–12 ms latency: drawn as its own curve on the top graph.
    await page.locator('[data-field="timeout-min"]').fill('200');
    await page.locator('[data-field="timeout-min"]').dispatchEvent('change');
    await page.locator('[data-field="timeout-max"]').fill('400');
    await page.locator('[data-field="timeout-max"]').dispatchEvent('change');
    await page.locator('[data-field="latency-min"]').fill('10');
    await page.locator('[data-field="latency-min"]').dispatchEvent('change');
    await page.locator('[data-field="latency-max"]').fill('12');
    await page.locator('[data-field="latency-max"]').dispatchEvent('change');
    await page.locator('.f16-yours button[type="submit"]').click();
    await page.locator('.f16-graph[data-graph="top"] g[data-range="yours"] polyline').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.f16-yours [role="alert"]').count(), 0);
    assert.match(await page.locator('.f16-key li.yours').textContent(), /200–400 毫秒，延迟 10–12 毫秒/);
    assert.ok((await page.locator('g[data-range="yours"] circle.pt').count()) > 90, 'nearly every trial elects within 12 s');
    await page.screenshot({ path: `${OUT}raftlab-figure16-zh.png` });
    // A click in the panel is the panel's alone: the page's own listeners
    // (the language switch, say) do not run for it.
    const before = await state(page);
    await page.locator('g[data-range="yours"] circle.pt').last().dispatchEvent('click');
    await until(page, (s) => s.settings.election_timeout_ms[0] === 200);
    const after = await state(page);
    assert.equal(after.lang, 'zh', 'the page still speaks Chinese');
    assert.equal(after.theme, before.theme);
    assert.equal(after.present, before.present);
    assert.deepEqual(after.settings.latency_ms, [10, 12]);
    assert.match(await page.locator('.toast').first().textContent(), /200–400 毫秒的第 \d+ 次试验/);
    clean(problems);
    await page.close();
  });
});
