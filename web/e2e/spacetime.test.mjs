// The space-time diagram (issue 20, part 1): its arrows are the messages the
// simulation sent and delivered, its lanes the servers, a click on an arrow
// takes the page to that message in flight, a click on the lanes moves the
// page in time.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clean, OUT, open, servedDist, state } from './browser.mjs';

describe('space-time diagram', () => {
  const served = servedDist();

  test("a 3-second window's arrows are exactly the messages the simulation sent and delivered in it", { timeout: 120_000 }, async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?seed=2&speed=1&lang=en`, { width: 1440, height: 900 });
    await page.waitForFunction(() => window.raftlab.state().time > 1_200_000, undefined, { timeout: 20_000 });
    await page.evaluate(() => window.raftlab.pause());
    // Step event by event for 3 s of virtual time, writing down every message
    // seen in flight (each is, between its send and its arrival).
    const seen = await page.evaluate(() => {
      const start = window.raftlab.state().time;
      const messages = {};
      for (;;) {
        const s = window.raftlab.state();
        for (const m of s.messages) {
          messages[m.id] = { from: String(m.from), to: String(m.to), kind: m.kind, sent: m.sentAt, deliver: m.deliverAt, lost: m.lostAt };
        }
        if (s.time >= start + 3_000_000) return { start, end: s.time, messages };
        window.raftlab.step();
      }
    });
    // The diagram's 5-second window ends where the page is.
    await page.locator('[data-tab="spacetime"]').click();
    await page.locator('[data-spacetime] [data-arrow]').first().waitFor();
    await page.locator('.st-window', { hasText: '5 s' }).click();
    await page.waitForFunction(() => document.querySelector('[data-spacetime]').dataset.from !== undefined);
    const drawn = await page.locator('[data-spacetime]').evaluate((d) => ({
      to: Number(d.dataset.to),
      lanes: [...d.querySelectorAll('[data-lane]')].map((l) => l.dataset.lane),
      arrows: [...d.querySelectorAll('[data-arrow]')].map((a) => ({
        id: a.dataset.id,
        from: a.dataset.from,
        to: a.dataset.to,
        kind: a.dataset.kind,
        sent: Number(a.dataset.sent),
        delivered: a.dataset.delivered === '' ? null : Number(a.dataset.delivered),
      })),
    }));
    assert.equal(drawn.to, seen.end, 'the window ends at the page\'s time');
    assert.deepEqual(drawn.lanes, ['1', '2', '3', '4', '5']);
    const inWindow = (sent) => sent >= seen.start && sent <= seen.end;
    // Sent and delivered within the window: the same messages, endpoints and times.
    const expected = Object.entries(seen.messages)
      .filter(([, m]) => inWindow(m.sent) && m.deliver <= seen.end && m.lost == null)
      .map(([id, m]) => ({ id, from: m.from, to: m.to, kind: m.kind, sent: m.sent, delivered: m.deliver }))
      .sort((a, b) => a.id - b.id);
    const arrived = drawn.arrows.filter((a) => inWindow(a.sent) && a.delivered !== null).sort((a, b) => a.id - b.id);
    assert.ok(expected.length > 100, `${expected.length} messages in 3 s`);
    assert.deepEqual(arrived, expected);
    // Still on their way at the window's end: drawn as such.
    const flying = Object.entries(seen.messages).filter(([, m]) => m.deliver > seen.end).map(([id]) => id).sort();
    const drawnFlying = drawn.arrows.filter((a) => a.delivered === null).map((a) => a.id).sort();
    assert.deepEqual(drawnFlying, flying);
    await page.screenshot({ path: `${OUT}spacetime.png` });

    // Pointing at a message still in flight lights it on the stage.
    const flyingId = drawnFlying[0];
    await page.locator(`[data-arrow][data-id="${flyingId}"]`).dispatchEvent('mouseenter');
    await page.waitForFunction((id) => document.querySelector(`.stage .msg[data-id="${id}"]`)?.classList.contains('spotlit'), flyingId);
    await page.locator(`[data-arrow][data-id="${flyingId}"]`).dispatchEvent('mouseleave');
    await page.waitForFunction((id) => !document.querySelector(`.stage .msg[data-id="${id}"]`)?.classList.contains('spotlit'), flyingId);

    // A click on an arrow: the page goes to just after its send and shows it.
    const first = expected[Math.floor(expected.length / 2)];
    await page.locator(`[data-arrow][data-id="${first.id}"] .hit`).dispatchEvent('click');
    await page.locator('[data-inspected]').waitFor();
    const after = await state(page);
    assert.equal(after.time, first.sent + 1);
    assert.equal(await page.locator('[data-inspected]').getAttribute('data-inspected'), first.id);

    // A click on the lanes moves the page in time (here: back).
    await page.locator('[data-tab="spacetime"]').click();
    const box = await page.locator('.st-diagram').boundingBox();
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.waitForFunction((t) => window.raftlab.state().time < t, after.time);
    clean(problems);
    await page.close();
  });

  test('after a crash, the lost messages end at the crashed server and its lane has a gap', { timeout: 60_000 }, async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?seed=2&speed=1&lang=zh`, { width: 1366, height: 768 });
    await page.waitForFunction(() => window.raftlab.state().leader !== null, undefined, { timeout: 20_000 });
    const leader = (await state(page)).leader;
    await page.evaluate((s) => window.raftlab.act({ crash: { server: s } }), leader);
    await page.waitForFunction((t) => window.raftlab.state().leader !== null && window.raftlab.state().time > t, (await state(page)).time + 1_000_000, { timeout: 20_000 });
    await page.evaluate(() => window.raftlab.pause());
    await page.locator('[data-tab="spacetime"]').click();
    await page.locator('[data-spacetime] [data-arrow]').first().waitFor();
    const seen = await page.locator('[data-spacetime]').evaluate((d, s) => ({
      title: d.querySelector('h2').textContent,
      crossed: d.querySelectorAll(`[data-arrow][data-to="${s}"].lost`).length,
      crash: d.querySelectorAll('.st-crash').length,
      elected: [...d.querySelectorAll('.st-elected text')].map((t) => t.textContent),
    }), String(leader));
    assert.equal(seen.title, '时空图');
    assert.ok(seen.crossed > 0, 'messages to the crashed server end in a cross');
    assert.equal(seen.crash, 1);
    assert.ok(seen.elected.some((t) => t.includes('领导人')), JSON.stringify(seen.elected));
    await page.screenshot({ path: `${OUT}spacetime-crash-zh.png` });
    clean(problems);
    await page.close();
  });
});
