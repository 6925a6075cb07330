// You are the network (issue 20, part 2): in the manual network nothing
// arrives and no timer fires until the learner says so; the Network tab
// lists what waits and delivers it in any order, and Share replays the
// choices exactly.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clean, OUT, open, servedDist, state } from './browser.mjs';

describe('the network by hand', () => {
  const served = servedDist();

  test('two messages delivered in the reverse of their natural order are replayed by Share', { timeout: 90_000 }, async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?seed=3&speed=1&network=manual&lang=en`, { width: 1440, height: 900 });
    await page.waitForFunction(() => window.raftlab.state().time > 600_000);
    let s = await state(page);
    assert.equal(s.settings.network, 'manual');
    assert.ok(s.servers.every((x) => x.role === 'follower' && x.term === 0), 'no timer fired by itself');
    assert.equal(s.messages.length, 0);

    await page.locator('[data-tab="network"]').click();
    await page.locator('.network[data-network-mode="manual"]').waitFor();
    // Fire S1's election timeout: its RequestVotes wait on their links.
    await page.locator('[data-timer="1"] .net-fire').click();
    await page.locator('[data-pending]').first().waitFor();
    const waiting = await page.locator('[data-pending]').evaluateAll((ls) => ls.map((l) => Number(l.dataset.pending)));
    assert.equal(waiting.length, 4, 'a RequestVote to each of the other four');
    // Deliver the last one first, then the first one.
    const [first, last] = [Math.min(...waiting), Math.max(...waiting)];
    await page.locator(`[data-pending="${last}"] .net-deliver`).click();
    await page.waitForFunction((id) => !document.querySelector(`[data-pending="${id}"]`), last);
    await page.locator(`[data-pending="${first}"] .net-deliver`).click();
    await page.waitForFunction((id) => !document.querySelector(`[data-pending="${id}"]`), first);
    await page.evaluate(() => window.raftlab.pause());
    s = await state(page);
    const voted = s.servers.filter((x) => x.votedFor === 1).map((x) => x.id).sort();
    assert.equal(voted.length, 3, `S1 and the two who heard it: ${voted}`);
    const replies = s.messages.map((m) => [m.id, m.kind, m.from, m.to]).sort();
    assert.equal(replies.filter((r) => r[1] === 'RequestVoteReply').length, 2, 'two answers wait');
    await page.screenshot({ path: `${OUT}network-manual.png` });

    // The Share link replays the very same choices.
    const link = await page.evaluate(() => window.raftlab.share());
    const again = await open(served.browser, link, { width: 1440, height: 900 });
    await again.page.waitForFunction((t) => window.raftlab.state().time >= t, s.time);
    await again.page.evaluate((t) => { window.raftlab.pause(); window.raftlab.seek(t); }, s.time);
    const r = await state(again.page);
    assert.equal(r.settings.network, 'manual');
    assert.deepEqual(r.servers.map((x) => [x.id, x.role, x.term, x.votedFor]), s.servers.map((x) => [x.id, x.role, x.term, x.votedFor]));
    assert.deepEqual(r.messages.map((m) => [m.id, m.kind, m.from, m.to]).sort(), replies);
    clean(again.problems);
    await again.page.close();
    clean(problems);
    await page.close();
  });

  test('the automatic network is the default, and ?network= says what it takes', async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?seed=3&network=sometimes&lang=zh`);
    assert.equal((await state(page)).settings.network, 'auto');
    assert.match(await page.locator('.notices').textContent(), /\?network=sometimes 不是 manual 或 auto/);
    await page.locator('[data-tab="network"]').click();
    await page.locator('.network[data-network-mode="auto"]').waitFor();
    // Switching by hand is an action of the run.
    await page.locator('[data-network="manual"]').click();
    await page.locator('.network[data-network-mode="manual"]').waitFor();
    await page.waitForFunction(() => window.raftlab.state().actions === 1);
    clean(problems);
    await page.close();
  });
});
