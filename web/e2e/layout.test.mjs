// One screen holds what a student must watch (issue 15): the stage, every
// server's log, the transport and the timeline fit without scrolling on a
// laptop and a projector, in the playground and in a tour; the stage grows
// on large screens; a phone shows the tour bar and the stage in its first
// screen; labels never overlap; nothing scrolls when the client box is used.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clean, DIST, OUT, launch, leaderOf, open, state, until } from './browser.mjs';
import { serveDirectory } from './static-server.mjs';

const SIZES = [
  [1366, 768],
  [1440, 900],
  [1920, 1080],
];

/** Boxes of what must be on screen, and the page's scroll extent. */
function watchSet(page) {
  return page.evaluate(() => {
    const box = (e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, what: e.dataset.server ?? e.dataset.index ?? e.className?.baseVal ?? e.className };
    };
    const all = (selector) => [...document.querySelectorAll(selector)].map(box);
    return {
      viewport: { width: innerWidth, height: innerHeight },
      scroll: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight },
      servers: all('.stage .server .disc'),
      labels: all('.stage [data-role-label], .stage [data-term-badge]'),
      cells: all('[data-log-grid] .cell'),
      rows: document.querySelectorAll('[data-log-grid] .log-body .log-row').length,
      transport: all('[data-transport]'),
      scrubber: all('[data-scrubber]'),
      stage: all('[data-stage]'),
      tour: all('.tour-bar'),
    };
  });
}

function inside(boxes, viewport, what) {
  assert.ok(boxes.length > 0, `${what}: something to check`);
  for (const b of boxes) {
    assert.ok(
      b.left >= -0.5 && b.top >= -0.5 && b.right <= viewport.width + 0.5 && b.bottom <= viewport.height + 0.5,
      `${what} ${b.what} inside ${viewport.width}x${viewport.height}: ${JSON.stringify(b)}`,
    );
  }
}

function checkWatchSet(w, servers, tour) {
  assert.ok(w.scroll.height <= w.viewport.height, `no vertical scrolling: ${w.scroll.height} > ${w.viewport.height}`);
  assert.ok(w.scroll.width <= w.viewport.width, `no sideways scrolling: ${w.scroll.width} > ${w.viewport.width}`);
  assert.equal(w.servers.length, servers, 'every server is drawn');
  inside(w.servers, w.viewport, 'server');
  inside(w.labels, w.viewport, 'label');
  assert.equal(w.rows, servers, 'a log row for every server');
  assert.equal(w.cells.length % servers, 0);
  inside(w.cells, w.viewport, 'log cell');
  inside(w.transport, w.viewport, 'transport');
  inside(w.scrubber, w.viewport, 'scrubber');
  if (tour) inside(w.tour, w.viewport, 'tour bar');
}

/** Axis-aligned boxes that overlap by more than `slack` pixels both ways. */
function overlaps(boxes, slack = 1.5) {
  const hits = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > slack && y > slack) hits.push(`${a.what} / ${b.what}`);
    }
  }
  return hits;
}

/** Every label on the stage: names, term badges, role labels, tallies, clients. */
function stageLabels(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.stage .server .name, .stage [data-term-badge] rect, .stage [data-role-label], .stage .votes, .stage .client text, .stage .lost-count')].map((e, i) => {
      const r = e.getBoundingClientRect();
      const who = e.closest('[data-server], [data-label-for], [data-client]');
      const id = e.classList.contains('lost-count') ? i : who?.dataset.server ?? who?.dataset.labelFor ?? `C${who?.dataset.client}`;
      const kind = e.classList.contains('lost-count') ? 'lost count' : e.classList.contains('name') ? 'name' : e.dataset.roleLabel ? 'role' : e.classList.contains('votes') ? 'votes' : e.tagName === 'rect' ? 'term' : 'client';
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, what: `${kind} of ${id}` };
    }),
  );
}

describe('the watch set on one screen', () => {
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

  for (const [width, height] of SIZES) {
    test(`playground and tour at ${width}x${height}: stage, logs, transport and timeline fit`, async () => {
      const { page, problems } = await open(browser, `${site.url}?seed=2&speed=1&lang=en`, { width, height });
      await leaderOf(page);
      await page.waitForSelector('[data-log-grid] .cell');
      checkWatchSet(await watchSet(page), 5, false);
      if (width === 1366) await page.screenshot({ path: `${OUT}layout-playground-${width}.png` });

      await page.goto(`${site.url}?speed=1&lang=en#tour/replication/2`);
      await until(page, (s) => s.tour && s.tour.chapter === 'replication' && s.tour.step === 2 && s.tour.done, undefined, 30_000);
      await page.waitForSelector('[data-log-grid] .cell');
      const w = await watchSet(page);
      checkWatchSet(w, 5, true);
      if (width === 1366) await page.screenshot({ path: `${OUT}layout-tour-${width}.png` });
      clean(problems);
      await page.close();
    });
  }

  test('the stage grows on large screens: at 3840x2160 it is at least half the width', async () => {
    const big = await open(browser, `${site.url}?seed=2`, { width: 3840, height: 2160 });
    const { stage } = await watchSet(big.page);
    assert.ok(stage[0].right - stage[0].left >= 1920, `stage ${stage[0].right - stage[0].left} px wide`);
    const hd = await open(browser, `${site.url}?seed=2`, { width: 1920, height: 1080 });
    const hdStage = (await watchSet(hd.page)).stage[0];
    assert.ok(hdStage.bottom - hdStage.top > 800, `at 1920x1080 the stage is ${hdStage.bottom - hdStage.top} px high`);
    clean(big.problems);
    clean(hd.problems);
    await big.page.close();
    await hd.page.close();
  });

  test('a phone in the tour: the tour bar fits 360 px and the stage is in the first screen', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1&lang=en#tour/election/2`, { width: 360, height: 740 });
    await until(page, (s) => s.tour && s.tour.step === 2);
    const w = await watchSet(page);
    assert.ok(w.scroll.width <= 360, `no sideways scrolling: ${w.scroll.width}`);
    const bar = await page.locator('.tour-bar').boundingBox();
    const picker = await page.locator('.tour-where select').boundingBox();
    for (const [what, b] of [['tour bar', bar], ['chapter picker', picker]]) {
      assert.ok(b.x >= 0 && b.x + b.width <= 360, `${what} inside 360 px: ${JSON.stringify(b)}`);
    }
    const stage = w.stage[0];
    assert.ok(stage.top >= 0 && stage.bottom <= 740, `the stage in the first screen: ${JSON.stringify(stage)}`);
    await page.screenshot({ path: `${OUT}layout-phone-tour.png` });
    await page.locator('.tour-bar').screenshot({ path: `${OUT}layout-phone-tour-bar.png` });
    clean(problems);
    await page.close();
  });

  test('W and the client box send without scrolling anything', async () => {
    const { page, problems } = await open(browser, `${site.url}?seed=3&speed=1&lang=en`, { width: 1440, height: 900 });
    const leader = await leaderOf(page);
    await page.locator('[data-tab="legend"]').click();
    await page.keyboard.press(String(leader));
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('w');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'client-command');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('set w 5');
    await page.keyboard.press('Enter');
    await until(page, (s) => s.servers.every((x) => x.stateMachine.w === '5'));
    const scrolled = await page.evaluate(() => [window.scrollY, document.scrollingElement.scrollTop]);
    assert.deepEqual(scrolled, [0, 0], 'the page never scrolled');
    checkWatchSet(await watchSet(page), 5, false);
    clean(problems);
    await page.close();
  });

  test('every panel opens beside the watch set at 1366x768 and 9 servers, and nothing scrolls', async () => {
    const { page, problems } = await open(browser, `${site.url}?nodes=9&seed=3&speed=1&lang=en`, { width: 1366, height: 768 });
    await leaderOf(page);
    const tabs = await page.locator('[data-tab]').evaluateAll((ts) => ts.map((t) => t.dataset.tab));
    assert.ok(tabs.length >= 10, tabs.join(' '));
    for (const tab of tabs) {
      await page.locator(`[data-tab="${tab}"]`).click();
      await page.waitForTimeout(300);
      // A wheel over the stage must not move the page either.
      await page.mouse.move(300, 300);
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(100);
      const w = await watchSet(page);
      assert.deepEqual(await page.evaluate(() => [window.scrollY, document.scrollingElement.scrollTop]), [0, 0], `${tab}: the page never scrolled`);
      assert.ok(w.scroll.height <= w.viewport.height, `${tab}: no vertical scrolling: ${w.scroll.height} > ${w.viewport.height}`);
      inside(w.servers, w.viewport, `${tab}: server`);
      inside(w.cells, w.viewport, `${tab}: log cell`);
    }
    clean(problems);
    await page.close();
  });

  test('no two labels overlap on the stage: 9 servers, terms above 100', async () => {
    const { page, problems } = await open(browser, `${site.url}?nodes=9&seed=3&speed=1&lang=en`, { width: 1366, height: 768 });
    await leaderOf(page);
    await page.evaluate(() => window.raftlab.pause());
    // Each forced timeout starts an election in a higher term, which its
    // RequestVotes carry to everyone within a few tens of milliseconds.
    await page.evaluate(() => {
      for (let i = 0; i < 110; i++) {
        window.raftlab.act({ timeout: { server: (i % 9) + 1 } });
        window.raftlab.seek(window.raftlab.state().time + 40_000);
      }
    });
    await page.evaluate(() => window.raftlab.play());
    const s = await until(page, (s) => s.leader !== null && s.servers.every((x) => x.term > 100), undefined, 30_000);
    await page.evaluate(() => window.raftlab.pause());
    assert.ok(s.servers.every((x) => x.term > 100));
    for (const lang of ['en', 'zh']) {
      await page.evaluate((l) => window.raftlab.setLang(l), lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      const labels = await stageLabels(page);
      assert.ok(labels.length >= 9 * 3, `${labels.length} labels`);
      assert.deepEqual(overlaps(labels), [], `no overlaps (${lang})`);
      // "term 123" fits its badge.
      const fits = await page.evaluate(() =>
        [...document.querySelectorAll('.stage [data-term-badge]')].every((g) => {
          const t = g.querySelector('text').getBBox();
          const r = g.querySelector('rect').getBBox();
          return t.x >= r.x && t.x + t.width <= r.x + r.width;
        }),
      );
      assert.ok(fits, `every term fits its badge (${lang})`);
      await page.screenshot({ path: `${OUT}layout-nine-${lang}.png` });
    }
    clean(problems);
    await page.close();
  });

  for (const width of [1024, 1366]) {
    test(`at ${width} px no text runs into another`, async () => {
      const { page, problems } = await open(browser, `${site.url}?seed=2&speed=1&lang=en`, { width, height: 768 });
      await leaderOf(page);
      await page.locator('[data-tab="server"]').click();
      await page.locator('.figure2 dd').first().waitFor();
      for (const lang of ['en', 'zh']) {
        await page.evaluate((l) => window.raftlab.setLang(l), lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        const texts = await page.evaluate(() =>
          [...document.querySelectorAll('.figure2 dt, .figure2 dd, .figure2 th, .figure2 td, .masthead button, .masthead select, .transport > *, .panel-tabs .tab, .log-row .who')].map((e) => {
            const r = e.getBoundingClientRect();
            return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, what: `${e.tagName} ${e.textContent.trim().slice(0, 20)}` };
          }),
        );
        assert.deepEqual(overlaps(texts.filter((b) => b.right > b.left)), [], lang);
        const labels = await stageLabels(page);
        assert.deepEqual(overlaps(labels), [], `stage labels (${lang})`);
      }
      await page.screenshot({ path: `${OUT}layout-${width}-server.png` });
      clean(problems);
      await page.close();
    });
  }

  test('a link that loses many messages shows one mark and a count, not a pile', async () => {
    const { page, problems } = await open(browser, `${site.url}?seed=5&speed=0.2&lang=en`);
    await leaderOf(page);
    await page.evaluate(() => window.raftlab.act('isolate_leader'));
    await page.waitForSelector('.stage .lost-count', { timeout: 15_000 });
    const marks = await page.evaluate(() => [...document.querySelectorAll('.stage .dropped')].map((d) => Number(d.dataset.lost)));
    const links = (await state(page)).servers.length - 1;
    assert.ok(marks.length <= 2 * links, `at most one mark per link and direction: ${marks.length}`);
    assert.ok(marks.some((n) => n > 1), `a count shows: ${marks}`);
    // The counts are labels: above the messages, clear of each other and of
    // every other label, all the while the links lose messages.
    for (let i = 0; i < 12; i++) {
      const labels = await stageLabels(page);
      assert.deepEqual(overlaps(labels), [], `sample ${i}`);
      // Counts and marks of one and the same frame.
      const [counts, marks] = await page.evaluate(() => {
        const boxes = (selector, what) =>
          [...document.querySelectorAll(selector)].map((c) => c.getBoundingClientRect()).map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom, what }));
        return [boxes('.stage .lost-count', 'count'), boxes('.stage .dropped .lost-cross', 'mark')];
      });
      const covered = overlaps([...counts, ...marks]).filter((pair) => pair.includes('count') && pair.includes('mark'));
      assert.deepEqual(covered, [], `sample ${i}: no count on a mark`);
      await page.waitForTimeout(150);
    }
    // Lost messages fade: a second after healing, none is left.
    await page.evaluate(() => window.raftlab.act('heal'));
    await page.waitForTimeout(1200);
    assert.equal(await page.locator('.stage .dropped').count(), 0);
    clean(problems);
    await page.close();
  });
});
