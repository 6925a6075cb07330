// A lecture hall (issue 15): presentation mode's sizes, the dark theme that
// follows the system and is remembered, and the exports for slides: a
// standalone SVG showing what the page shows, a PNG at 2x, and an animation
// rendered from virtual time, byte-identical across two exports.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { clean, DIST, OUT, leaderOf, open, servedDist, state, until } from './browser.mjs';

/** Rendered sizes, in screen pixels: an SVG text's font size times the
 * stage's scale; an HTML text's computed size. */
function sizes(page) {
  return page.evaluate(() => {
    const svgPx = (e) => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a;
    const all = (selector, f) => [...document.querySelectorAll(selector)].map(f);
    return {
      badges: all('.stage [data-term-badge] text', svgPx),
      roles: all('.stage [data-role-label]', svgPx),
      caption: all('.tour-bar .caption', (e) => parseFloat(getComputedStyle(e).fontSize)),
      present: window.raftlab.state().present,
      theme: window.raftlab.state().theme,
      stageFill: getComputedStyle(document.querySelector('.stage')).backgroundColor,
    };
  });
}

/** Relative luminance of an rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function large(s, what) {
  assert.ok(s.badges.length > 0 && s.roles.length > 0, what);
  for (const px of [...s.badges, ...s.roles]) assert.ok(px >= 24, `${what}: a stage label is ${px.toFixed(1)} px`);
  for (const px of s.caption) assert.ok(px >= 28, `${what}: the caption is ${px} px`);
}

describe('presentation mode and the dark theme', () => {
  const served = servedDist();

  for (const scheme of ['light', 'dark']) {
    for (const lang of ['en', 'zh']) {
      test(`?present=1 at 1920x1080, ${scheme}, ${lang}: labels at least 24 px, the caption at least 28 px`, async () => {
        const page = await served.browser.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: scheme });
        await page.goto(`${served.site.url}?present=1&lang=${lang}&speed=1#tour/election/3`);
        await page.waitForSelector('.stage svg .server');
        await until(page, (s) => s.tour && s.tour.step === 3 && s.tour.done, undefined, 30_000);
        const s = await sizes(page);
        assert.equal(s.present, true);
        assert.equal(s.theme, scheme);
        large(s, `${scheme} ${lang}`);
        assert.equal(await page.locator('.panel-tabs').count(), 0, 'the panels are reduced to the watch set');
        assert.equal(await page.locator('[data-log-grid] .log-body .log-row').count(), 5, 'the logs stay');
        await page.screenshot({ path: `${OUT}present-${scheme}-${lang}.png` });
        await page.close();
      });
    }
  }

  test('F switches presentation mode, and the ? help shows the key', async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?lang=en`, { width: 1920, height: 1080 });
    await page.keyboard.press('f');
    await until(page, (s) => s.present);
    assert.ok(await page.locator('.page.present').isVisible());
    await page.keyboard.press('?');
    const help = page.getByRole('dialog');
    await help.waitFor();
    assert.match(await help.textContent(), /F.*presentation mode/s);
    await page.keyboard.press('Escape');
    await page.keyboard.press('f');
    await until(page, (s) => !s.present);
    clean(problems);
    await page.close();
  });

  test('the dark theme follows prefers-color-scheme, switches by hand and is remembered', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    await page.goto(`${served.site.url}?lang=en`);
    await page.waitForSelector('.stage svg .server');
    let s = await sizes(page);
    assert.equal(s.theme, 'dark');
    assert.ok(luminance(s.stageFill) < 0.05, `a dark stage: ${s.stageFill}`);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await page.screenshot({ path: `${OUT}theme-dark.png` });
    // The system changes its mind: the page follows.
    await page.emulateMedia({ colorScheme: 'light' });
    await until(page, (s) => s.theme === 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await until(page, (s) => s.theme === 'dark');
    // By hand: light, kept across a reload although the system prefers dark.
    await page.getByRole('button', { name: 'Light theme' }).click();
    await until(page, (s) => s.theme === 'light');
    await page.reload();
    await page.waitForSelector('.stage svg .server');
    s = await sizes(page);
    assert.equal(s.theme, 'light');
    assert.ok(luminance(s.stageFill) > 0.8, `a light stage: ${s.stageFill}`);
    // And from outside: ?theme= and the root's data-theme.
    await page.goto(`${served.site.url}?theme=dark`);
    await page.waitForSelector('.stage svg .server');
    assert.equal((await state(page)).theme, 'dark');
    assert.equal(await page.locator('.page').getAttribute('data-theme'), 'dark');
    await page.close();
  });

  test('the single offline file does presentation mode, in Chinese and dark', async () => {
    const page = await served.browser.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${pathToFileURL(join(DIST, 'raftlab.html')).href}?present=1&lang=zh#tour/election/3`);
    await page.waitForSelector('.stage svg .server');
    await until(page, (s) => s.tour && s.tour.step === 3 && s.tour.done, undefined, 30_000);
    const s = await sizes(page);
    assert.equal(s.theme, 'dark');
    large(s, 'single file');
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe('export for slides', () => {
  const served = servedDist();

  test('the exported SVG opens alone and shows the same servers and messages', async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?seed=2&speed=1&lang=en`);
    await leaderOf(page);
    await page.evaluate(() => window.raftlab.pause());
    await page.evaluate(() => window.raftlab.act({ write: { command: 'set x 1' } }));
    // Step, paused, until at least three messages are drawn in flight.
    await page.waitForFunction(
      () => document.querySelectorAll('.stage .msg[data-id]').length >= 3 || (window.raftlab.step(), false),
      undefined,
      { polling: 50, timeout: 15_000 },
    );
    // The page makes the SVG itself: the text, at once, of this very instant.
    const shown = await page.evaluate(() => ({
      servers: [...document.querySelectorAll('.stage .server')].map((e) => [e.dataset.server, e.dataset.role, e.dataset.term]),
      messages: [...document.querySelectorAll('.stage .msg[data-id]')].map((e) => e.dataset.id).sort(),
      svg: window.raftlab.exportSvg(),
      withLogs: window.raftlab.exportSvg({ logs: true }),
      loaded: !!window[Symbol.for('raftlab:raft-export.js')],
      noops: document.querySelectorAll('[data-log-grid] .cell.entry.noop').length,
    }));
    assert.equal(typeof shown.svg, 'string', 'exportSvg answers the text itself');
    assert.equal(typeof shown.withLogs, 'string');
    assert.equal(shown.loaded, false, 'an SVG needs no export module');
    assert.ok(shown.messages.length >= 3);
    for (const [what, svg] of [['stage', shown.svg], ['stage and logs', shown.withLogs]]) {
      assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, what);
      assert.doesNotMatch(svg, /href=|url\((?!#)|<link|@import|<script/i, `${what}: no external reference`);
    }
    // Opened on its own, with no stylesheet: the same servers and messages.
    const alone = await served.browser.newPage({ viewport: { width: 800, height: 1000 } });
    await alone.setContent(shown.svg);
    const seen = await alone.evaluate(() => ({
      servers: [...document.querySelectorAll('[data-server]')].filter((e) => e.dataset.role).map((e) => [e.dataset.server, e.dataset.role, e.dataset.term]),
      messages: [...document.querySelectorAll('[data-id]')].map((e) => e.dataset.id).sort(),
      sheets: document.styleSheets.length,
    }));
    assert.equal(seen.sheets, 0, 'no stylesheet');
    assert.deepEqual(seen.servers, shown.servers);
    assert.deepEqual(seen.messages, shown.messages);
    await alone.screenshot({ path: `${OUT}export-alone.png` });
    await alone.setContent(shown.withLogs);
    assert.ok((await alone.locator('text').allTextContents()).includes('S1'));
    // The no-op's notch (a non-colour cue) comes along: one per no-op entry.
    assert.equal(await alone.locator('[data-noop]').count(), shown.noops);
    assert.ok(shown.noops > 0);
    await alone.screenshot({ path: `${OUT}export-alone-logs.png` });
    await alone.close();

    // The PNG is twice the stage's 600 units.
    const png = await page.evaluate(async () => {
      const blob = await window.raftlab.exportPng();
      const bitmap = await createImageBitmap(blob);
      return { type: blob.type, width: bitmap.width, height: bitmap.height };
    });
    assert.deepEqual(png, { type: 'image/png', width: 1200, height: 1200 });
    clean(problems);
    await page.close();
  });

  test('the exported log grid keeps its non-colour cues: snapshot hatching', async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?lang=en#tour/snapshots/3`, { width: 1440, height: 900 });
    await until(page, (s) => s.tour && s.tour.done, undefined, 60_000);
    const snaps = await page.locator('[data-log-grid] .cell.snap').count();
    assert.ok(snaps > 0, 'the chapter folds entries into a snapshot');
    const svg = await page.evaluate(() => window.raftlab.exportSvg({ logs: true }));
    const alone = await served.browser.newPage({ viewport: { width: 800, height: 1000 } });
    await alone.setContent(svg);
    assert.equal(await alone.locator('pattern#raftlab-snap line').count(), 1, 'one hatching pattern');
    assert.equal(await alone.locator('rect[style*="url(#raftlab-snap)"]').count(), snaps);
    await alone.screenshot({ path: `${OUT}export-alone-snapshot.png` });
    await alone.close();
    clean(problems);
    await page.close();
  });

  test('an animation of 5 s of a seeded run is the same bytes twice, and the menu downloads it', { timeout: 180_000 }, async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?seed=4&speed=1&lang=en`);
    await until(page, (s) => s.time > 6_000_000, undefined, 30_000);
    const digest = () =>
      page.evaluate(async () => {
        const blob = await window.raftlab.exportAnimation({ from: 1_000_000, to: 6_000_000, fps: 10, speed: 1, format: 'apng' });
        const bytes = new Uint8Array(await blob.arrayBuffer());
        const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        const text = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
        return { type: blob.type, size: bytes.length, hash: [...hash].map((b) => b.toString(16).padStart(2, '0')).join(''), animated: text.includes('acTL') };
      });
    const first = await digest();
    const second = await digest();
    assert.equal(first.type, 'image/png');
    assert.ok(first.animated, 'an animated PNG');
    assert.ok(first.size > 10_000, `${first.size} bytes`);
    assert.deepEqual(second, first, 'byte-identical');
    // Bad requests are refused with a reason, and nothing breaks.
    const refused = await page.evaluate(() =>
      window.raftlab.exportAnimation({ from: 0, to: 600_000_000, fps: 30, speed: 0.01 }).then(() => 'made', (e) => String(e)),
    );
    assert.match(refused, /too many/);
    // The menu: a download.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.locator('.export-menu summary').click();
        await page.locator('[data-export="svg"]').click();
      })(),
    ]);
    assert.match(download.suggestedFilename(), /^raftlab-\d+ms\.svg$/);
    clean(problems);
    await page.close();
  });

  test('an export module that cannot be loaded is a clear refusal, and a later export loads it', async () => {
    const { page, problems } = await open(served.browser, `${served.site.url}?seed=2&speed=1&lang=en`);
    await page.route('**/raft-export.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
    const refused = await page.evaluate(() => window.raftlab.exportPng().then(() => 'made', (e) => String(e)));
    assert.match(refused, /export module \(raft-export\.js\) could not be loaded/);
    assert.ok((await state(page)).time >= 0, 'the page goes on');
    // The SVG is the page's own: it does not need the module.
    assert.match(await page.evaluate(() => window.raftlab.exportSvg()), /^<svg [^>]*data-export="raftlab"/);
    await page.unroute('**/raft-export.js');
    const png = await page.evaluate(async () => (await window.raftlab.exportPng()).type);
    assert.equal(png, 'image/png');
    assert.deepEqual(problems.exceptions, []);
    await page.close();
  });

  test('downloads work from the single offline file, the animation included', { timeout: 120_000 }, async () => {
    const page = await served.browser.newPage({ acceptDownloads: true });
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${pathToFileURL(join(DIST, 'raftlab.html')).href}?seed=4&speed=1&lang=en`);
    await page.waitForSelector('.stage svg .server');
    await until(page, (s) => s.time > 2_000_000);
    for (const kind of ['png', 'animation']) {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 90_000 }),
        (async () => {
          await page.locator('.export-menu summary').click();
          await page.locator(`[data-export="${kind}"]`).click();
        })(),
      ]);
      assert.match(download.suggestedFilename(), /\.png$/);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
});
