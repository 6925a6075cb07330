// Embedding in course notes: the compact layout for iframes and its
// controls, the demo page with an iframe and two script mounts, the
// postMessage API (round trip, events, origin check), and a tour in the
// single file opened from disk.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { clean, DIST, OUT, launch, open, state, until, watch } from './browser.mjs';
import { serveDirectory } from './static-server.mjs';

/** A page of notes with two mounts (one in Chinese) and `head` in its head. */
const notes = (script, head = '') =>
  `<!doctype html><meta charset="utf-8"><title>notes</title><link rel="icon" href="data:,">${head}` +
  `<div data-raftlab data-controls="minimal"></div><div data-raftlab data-lang="zh"></div>${script}`;

/** The README's iframe snippet, exactly as a teacher copies it. */
const README_IFRAME = (() => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const snippet = readme.match(/<iframe[\s\S]*?<\/iframe>/);
  assert.ok(snippet, 'the README shows an iframe snippet');
  return snippet[0];
})();

/** What each mount on the page shows once it settled: 'stage' or its notice. */
async function mountsSay(page) {
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-raftlab]')].every((el) => el.shadowRoot?.querySelector('.stage .server, .raftlab-failed')),
    undefined,
    { timeout: 15_000 },
  );
  return page.locator('[data-raftlab]').evaluateAll((els) =>
    els.map((el) => (el.shadowRoot.querySelector('.stage .server') ? 'stage' : el.shadowRoot.querySelector('.raftlab-failed').textContent)),
  );
}

describe('embedding', () => {
  let browser;
  let site;
  let other;

  before(async () => {
    browser = await launch();
    const embed = readFileSync(join(DIST, 'embed.js'));
    site = await serveDirectory(DIST, '/', {
      extra: {
        'module.html': notes('<script type="module" src="embed.js"></script>'),
        // The script twice, as mdBook's print page repeats a chapter's line.
        'twice.html': notes('<script src="embed.js"></script><script src="embed.js"></script>'),
        'strict.html': notes('<script src="embed.js"></script>', `<meta http-equiv="Content-Security-Policy" content="script-src 'self'">`),
        // embed.js copied away from raftlab's other files.
        'elsewhere/embed.js': embed,
        'elsewhere/notes.html': notes('<script src="embed.js"></script>'),
        // Two full mounts: each opens panels (the panel module's styles).
        'full.html':
          '<!doctype html><meta charset="utf-8"><title>notes</title><link rel="icon" href="data:,">' +
          '<div data-raftlab data-controls="full"></div><div data-raftlab data-controls="full"></div><script src="embed.js"></script>',
        // Notes in a folder of their own, loading raftlab from its folder.
        'chapter/notes.html': notes('<script src="../embed.js"></script>'),
        // The README's snippet with its placeholder site replaced by this one.
        'readme-iframe.html':
          '<!doctype html><meta charset="utf-8"><title>notes</title><link rel="icon" href="data:,">' +
          '<p>A chapter of course notes.</p>' +
          README_IFRAME.replace('https://YOUR-SITE/raftlab/', '/'),
      },
    });
    // A page of notes on another origin, framing the playground.
    other = await serveDirectory(DIST, '/', {
      extra: {
        'notes.html': '<!doctype html><title>notes</title><link rel="icon" href="data:,"><iframe id="f"></iframe>',
      },
    });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await other?.close();
  });

  test('?embed=1 is compact from 320 px, and ?controls= chooses what shows', async () => {
    const none = await open(browser, `${site.url}?embed=1&controls=none&scenario=leader-election`, { width: 320, height: 360 });
    assert.equal(await none.page.locator('.masthead').count(), 0, 'no page chrome');
    assert.equal(await none.page.locator('.transport').count(), 0);
    assert.equal(await none.page.locator('.stage .server').count(), 5);
    assert.equal(await none.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), false, 'no sideways scrolling');
    await none.page.screenshot({ path: `${OUT}raftlab-embed-320.png` });
    clean(none.problems);
    await none.page.close();

    const minimal = await open(browser, `${site.url}?embed=1&scenario=split-vote&autoplay=0`, { width: 480, height: 480 });
    assert.equal(await minimal.page.locator('.transport').count(), 1, 'minimal is the default');
    assert.equal(await minimal.page.locator('.scrubber').count(), 1);
    assert.equal(await minimal.page.locator('.invariants-line').count(), 1, 'the checker in one line');
    assert.equal(await minimal.page.locator('.logs').count(), 0);
    assert.equal((await state(minimal.page)).playing, false, '?autoplay=0 opens paused');
    clean(minimal.problems);
    await minimal.page.close();

    const full = await open(browser, `${site.url}?embed=1&controls=full&seed=1`, { width: 700, height: 900 });
    assert.equal(await full.page.locator('.masthead').count(), 0);
    assert.equal(await full.page.locator('.logs').count(), 1);
    // The other panels are tabs, as on the page (drawn by the panel module,
    // which the first click fetches).
    await full.page.locator('[data-tab="settings"]').click();
    await full.page.locator('.settings').waitFor();
    assert.equal(await full.page.locator('.settings').count(), 1);
    clean(full.problems);
    await full.page.close();

    const bad = await open(browser, `${site.url}?embed=1&controls=everything`);
    assert.match(await bad.page.locator('.notices').textContent(), /controls=everything/);
    assert.equal(await bad.page.locator('.transport').count(), 1, 'falls back to minimal');
    await bad.page.close();
  });

  test("the README's iframe snippet shows the whole cluster and its controls in a 700 px page", async () => {
    const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
    const problems = watch(page);
    await page.goto(`${site.url}readme-iframe.html`, { waitUntil: 'load' });
    const frame = page.frameLocator('iframe');
    await frame.locator('.stage .server').first().waitFor();
    const box = await page.locator('iframe').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 700, `the frame fits the page's width: ${JSON.stringify(box)}`);
    const inside = async (locator, what) => {
      const n = await locator.count();
      assert.ok(n > 0, `${what} is in the frame`);
      for (let i = 0; i < n; i++) {
        const b = await locator.nth(i).boundingBox();
        assert.ok(b, `${what} ${i + 1} is drawn`);
        assert.ok(
          b.x >= box.x - 0.5 && b.y >= box.y - 0.5 && b.x + b.width <= box.x + box.width + 0.5 && b.y + b.height <= box.y + box.height + 0.5,
          `${what} ${i + 1} lies inside the frame: ${JSON.stringify(b)} in ${JSON.stringify(box)}`,
        );
      }
      return n;
    };
    assert.equal(await inside(frame.locator('.stage .server'), 'server'), 5, 'every server of leader-election');
    // controls=minimal asks for the transport, the scrubber and the checker's line.
    await inside(frame.locator('.transport'), 'the transport');
    await inside(frame.locator('.scrubber'), 'the scrubber');
    await inside(frame.locator('.invariants-line'), "the checker's line");
    const scrolls = await frame.locator('html').evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    assert.equal(scrolls, false, 'nothing inside the frame needs scrolling');
    await page.screenshot({ path: `${OUT}raftlab-readme-iframe-700.png` });
    clean(problems);
    await page.close();
  });

  test('the demo page of notes runs three independent playgrounds: an iframe and two script mounts', async () => {
    // Playwright's selectors see into open shadow roots, so the mounts count.
    const { page, problems } = await open(browser, `${site.url}embed-demo.html`, { width: 1000, height: 900 });
    const frame = page.frameLocator('#election-frame');
    await frame.locator('.stage .server').first().waitFor();
    assert.equal(await frame.locator('.stage .server').count(), 5);
    const mounts = page.locator('[data-raftlab]');
    assert.equal(await mounts.count(), 2);
    for (const i of [0, 1]) {
      const mount = mounts.nth(i);
      assert.equal(await mount.evaluate((el) => el.shadowRoot !== null), true, 'in a shadow root');
      await mount.locator('.stage .server').first().waitFor();
      assert.equal(await mount.locator('.stage .server').count(), 5);
      assert.equal(await mount.locator('.masthead').count(), 0);
    }
    // Each has its own API and its own run.
    const leaders = await page.waitForFunction(() => {
      const els = [...document.querySelectorAll('[data-raftlab]')];
      const s = els.map((el) => el.raftlab && el.raftlab.state());
      return s.every((x) => x && x.leader !== null) && s.map((x) => x.scenario);
    }, undefined, { timeout: 20_000 });
    assert.deepEqual(await leaders.jsonValue(), ['minority-partition', 'figure-8-unsafe']);
    // A mount's share link opens raftlab's own page, not the notes.
    const shared = await page.evaluate(() => document.querySelector('[data-raftlab]').raftlab.share());
    assert.ok(shared.startsWith(`${site.origin}/index.html?run=`), shared);
    // The notes' styles and the playground's do not mix.
    const noteFont = await page.evaluate(() => getComputedStyle(document.querySelector('h2')).fontFamily);
    assert.match(noteFont, /Georgia/);
    // The Figure 8 mount reports the violation to the page through a DOM event.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-raftlab]')[1].dataset.violation,
      undefined,
      { timeout: 30_000 },
    );
    assert.ok(problems.requests.every((u) => u.startsWith(site.origin)), 'nothing left the origin');
    await page.screenshot({ path: `${OUT}raftlab-embed-demo.png`, fullPage: true });
    clean(problems);
    await page.close();
  });

  test("a mount's panels are styled: the panel module puts its styles in each mount's shadow root, once", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const problems = watch(page);
    await page.goto(`${site.url}full.html`);
    assert.deepEqual(await mountsSay(page), ['stage', 'stage']);
    const mounts = page.locator('[data-raftlab]');
    for (const i of [0, 1]) {
      // Twice in each: the second panel finds the styles there already.
      for (const tab of ['settings', 'events', 'settings']) {
        await mounts.nth(i).locator(`[data-tab="${tab}"]`).click();
        await mounts.nth(i).locator(tab === 'settings' ? '.settings .fields' : '.feed').waitFor();
      }
    }
    const looks = await mounts.evaluateAll((els) =>
      els.map((el) => ({
        styles: el.shadowRoot.querySelectorAll('style[data-raftlab-panels]').length,
        first: el.shadowRoot.firstElementChild.matches('style[data-raftlab-panels]'),
        fields: getComputedStyle(el.shadowRoot.querySelector('.settings .fields')).display,
      })),
    );
    assert.deepEqual(looks, [
      { styles: 1, first: true, fields: 'grid' },
      { styles: 1, first: true, fields: 'grid' },
    ]);
    assert.equal(await page.evaluate(() => document.querySelectorAll('style[data-raftlab-panels]').length), 0, 'nothing in the notes themselves');
    clean(problems);
    await page.close();
  });

  test('embed.js runs as a module and as a classic script included twice', async () => {
    for (const name of ['module.html', 'twice.html']) {
      const page = await browser.newPage();
      const problems = watch(page);
      await page.goto(`${site.url}${name}`);
      assert.deepEqual(await mountsSay(page), ['stage', 'stage'], name);
      const langs = await page.locator('[data-raftlab]').evaluateAll((els) => els.map((el) => el.raftlab.state().lang));
      assert.deepEqual(langs, ['en', 'zh']);
      clean(problems);
      await page.close();
    }
  });

  test('a mount in notes elsewhere exports: the export module comes from beside raftlab, not the notes', async () => {
    const page = await browser.newPage();
    const problems = watch(page);
    await page.goto(`${site.url}chapter/notes.html`);
    assert.deepEqual(await mountsSay(page), ['stage', 'stage']);
    // Each mount's SVG is its own stage's; a PNG needs the export module.
    const svgs = await page.locator('[data-raftlab]').evaluateAll((els) => els.map((el) => el.raftlab.exportSvg()));
    for (const svg of svgs) assert.match(svg, /^<svg [^>]*data-export="raftlab"/);
    const pngs = await page.locator('[data-raftlab]').evaluateAll((els) => Promise.all(els.map(async (el) => (await el.raftlab.exportPng()).type)));
    assert.deepEqual(pngs, ['image/png', 'image/png']);
    assert.ok(problems.requests.some((url) => url === `${site.url}raft-export.js`), 'the module beside raftlab');
    clean(problems);
    await page.close();
  });

  test('where raftlab cannot load, each mount says why and what fixes it', async () => {
    const cases = [
      ['a copy of embed.js away from raftlab', `${site.url}elsewhere/notes.html`, /elsewhere\/index\.html answered HTTP 404.*Copy all of raftlab's dist\/ folder/s, /返回 HTTP 404/],
      ['a policy without wasm-unsafe-eval', `${site.url}strict.html`, /does not allow WebAssembly.*'wasm-unsafe-eval'/s, /不允许 WebAssembly/],
    ];
    // A page of notes opened from disk, loading raftlab from disk.
    const fromDisk = join(OUT, 'embed-from-disk.html');
    writeFileSync(fromDisk, notes(`<script src="${pathToFileURL(join(DIST, 'embed.js')).href}"></script>`));
    cases.push(['notes opened from disk', pathToFileURL(fromDisk).href, /opened from disk.*raftlab\.html/s, /从磁盘打开/]);
    for (const [what, url, english, chinese] of cases) {
      const page = await browser.newPage();
      await page.goto(url);
      const [en, zh] = await mountsSay(page);
      assert.match(en, english, what);
      assert.match(zh, chinese, what);
      const height = await page.locator('[data-raftlab]').first().evaluate((el) => el.getBoundingClientRect().height);
      assert.ok(height > 40, `${what}: the notice shows (${height} px)`);
      await page.close();
    }
  });

  test('postMessage: a parent drives the iframe, gets answers and events; other origins are ignored', async () => {
    const { page, problems } = await open(browser, `${site.url}embed-demo.html`, { width: 1000, height: 900 });
    const frame = page.frameLocator('#election-frame');
    await frame.locator('.stage .server').first().waitFor();
    const log = page.locator('#election-log');
    // Events arrive by themselves: a leader is elected, entries commit.
    await page.waitForFunction(() => /event: S\d leads term \d/.test(document.getElementById('election-log').textContent), undefined, { timeout: 20_000 });
    await page.locator('.drive [data-send="pause"]').click();
    await page.waitForFunction(() => /reply #\d+: \d+/.test(document.getElementById('election-log').textContent));
    await page.locator('.drive [data-send="state"]').click();
    await page.waitForFunction(() => /reply #\d+: leader \d/.test(document.getElementById('election-log').textContent));
    // A round trip by hand, with an action, and a refusal with its reason.
    const answers = await page.evaluate(async () => {
      const frame = document.getElementById('election-frame').contentWindow;
      const ask = (message) =>
        new Promise((resolve) => {
          const id = Math.random();
          const on = (e) => {
            if (e.source === frame && e.data && e.data.raftlab === 'reply' && e.data.id === id) {
              window.removeEventListener('message', on);
              resolve(e.data);
            }
          };
          window.addEventListener('message', on);
          frame.postMessage({ ...message, id }, location.origin);
        });
      return [
        await ask({ raftlab: 'act', action: { crash: { server: 1 } } }),
        await ask({ raftlab: 'state' }),
        await ask({ raftlab: 'act', action: { crash: { server: 99 } } }),
        await ask({ raftlab: 'explode' }),
      ];
    });
    assert.equal(answers[0].ok, true);
    assert.equal(answers[1].result.servers.find((s) => s.id === 1).alive, false);
    assert.equal(answers[2].ok, false);
    assert.match(answers[2].error, /S99/);
    assert.match(answers[3].error, /unknown request/);
    assert.match(await log.textContent(), /reply/);
    clean(problems);
    await page.close();

    // The same playground framed by a page of another origin: ignored unless
    // the playground's URL names that origin with ?parent=.
    for (const [query, answered] of [['', false], [`&parent=${other.origin}`, true]]) {
      const notes = await browser.newPage();
      await notes.goto(`${other.url}notes.html`);
      const src = `${site.url}?embed=1${query}`;
      const reply = await notes.evaluate(async (src) => {
        const f = document.getElementById('f');
        await new Promise((r) => { f.onload = r; f.src = src; });
        // Give the module time to start.
        await new Promise((r) => setTimeout(r, 1500));
        return new Promise((resolve) => {
          window.addEventListener('message', (e) => {
            if (e.data && e.data.raftlab === 'reply') resolve(e.data);
          });
          f.contentWindow.postMessage({ raftlab: 'pause', id: 1 }, '*');
          setTimeout(() => resolve(null), 1500);
        });
      }, src);
      assert.equal(reply !== null, answered, `answered with ${query || 'no ?parent='}`);
      await notes.close();
    }
  });
});
