// Membership as a student changes it from the page: a removed server is
// drawn as removed and stops once it learns of its removal; a change of
// several voters goes through joint consensus, with both majorities named
// over the stage while C_old,new is in force.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clean, OUT, leaderOf, open, servedDist, state, until } from './browser.mjs';

describe('membership', () => {
  const served = servedDist();

  test('a removed follower is drawn as removed and stops for good', async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?speed=1&seed=4`, { width: 1366, height: 768 });
    const leader = await leaderOf(page);
    const gone = [1, 2, 3, 4, 5].find((id) => id !== leader);
    // Through the server's own menu, as a student does it.
    await page.locator(`.stage .server[data-server="${gone}"]`).click();
    await page.getByRole('menuitem', { name: 'Remove it', exact: true }).click();
    let s = await until(page, (s, id) => s.servers.find((x) => x.id === id).halted === 'removed', gone);
    const removed = s.servers.find((x) => x.id === gone);
    assert.equal(removed.member, 'none');
    assert.equal(removed.alive, false);
    for (const other of s.servers.filter((x) => x.id !== gone)) assert.equal(other.member, 'voter');
    const el = page.locator(`.stage .server[data-server="${gone}"]`);
    assert.equal(await el.getAttribute('data-removed'), 'true');
    assert.equal(await el.getAttribute('data-role'), 'removed');
    assert.match(await page.locator(`[data-role-label="${gone}"]`).textContent(), /removed/);
    await page.screenshot({ path: `${OUT}/membership-removed.png` });
    // It stays stopped: its term does not move, and it cannot be restarted.
    const term = removed.term;
    await page.waitForTimeout(1500);
    s = await state(page);
    assert.equal(s.servers.find((x) => x.id === gone).term, term);
    assert.ok(s.leader !== null && s.leader !== gone, 'the cluster carries on');
    const refused = await page.evaluate((id) => window.raftlab.act({ restart: { server: id } }), gone);
    assert.equal(refused.ok, false);
    assert.match(refused.error, /removed/);
    clean(problems);
    await page.close();
  });

  test('several voters changed at once go through joint consensus, both majorities shown', async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?speed=0.05&nodes=3&seed=4`, { width: 1366, height: 768 });
    // A leader whose no-op has committed: it may change the configuration.
    await until(page, (s) => s.servers.some((x) => x.role === 'leader' && x.commitIndex >= 1), undefined, 30_000);
    await page.evaluate(() => window.raftlab.pause());
    await page.locator('[data-tab="membership"]').click();
    const panel = page.locator('.membership');
    await panel.locator('[data-voter="2"]').uncheck();
    await panel.locator('[data-voter="3"]').uncheck();
    await panel.locator('.new-servers input').fill('2');
    await panel.locator('.new-servers input').dispatchEvent('change');
    assert.equal(await panel.locator('[data-change-steps]').getAttribute('data-change-steps'), '4');
    assert.match(await panel.locator('.hint').textContent(), /joint consensus/);
    await panel.getByRole('button', { name: 'Change the configuration', exact: true }).click();
    // Right after the leader appends C_old,new, the joint configuration is in force.
    const banner = page.locator('.config-banner[data-joint="true"]');
    await banner.waitFor();
    const text = await banner.textContent();
    assert.match(text, /C_old = S1 S2 S3 \(2 of 3\)/);
    assert.match(text, /C_new = S1 S4 S5 \(2 of 3\)/);
    assert.equal(await page.locator('[data-role-label="1"]').getAttribute('data-half'), 'both');
    assert.equal(await page.locator('[data-role-label="2"]').getAttribute('data-half'), 'old');
    assert.equal(await page.locator('[data-role-label="4"]').getAttribute('data-half'), 'new');
    await page.screenshot({ path: `${OUT}/membership-joint.png` });
    // Played on, the leader leaves the joint configuration: C_new alone.
    await page.evaluate(() => window.raftlab.setSpeed(1));
    await page.evaluate(() => window.raftlab.play());
    const s = await until(page, (s) => s.servers.filter((x) => x.member === 'voter').map((x) => x.id).join() === '1,4,5', undefined, 20_000);
    assert.equal(await page.locator('.config-banner').count(), 0, 'no banner once C_new alone is in force');
    assert.ok([2, 3].every((id) => s.servers.find((x) => x.id === id).member === 'none'));
    clean(problems);
    await page.close();
  });
});
