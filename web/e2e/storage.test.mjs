// The page without its storage: localStorage forbidden (a sandboxed iframe,
// some private modes, a strict browser setting: reading the property throws
// a SecurityError) or full (every setItem throws QuotaExceededError). The
// page only remembers the language there, so it must load, elect a leader
// and switch languages all the same, with no error anywhere.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clean, DIST, launch, leaderOf, state, until, watch } from './browser.mjs';
import { serveDirectory } from './static-server.mjs';

/** Runs in the page before its own scripts: reading localStorage throws. */
function forbidStorage() {
  const refuse = {
    configurable: true,
    get() {
      throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied for this document.", 'SecurityError');
    },
  };
  Object.defineProperty(Window.prototype, 'localStorage', refuse);
  Object.defineProperty(window, 'localStorage', refuse);
}

/** Runs in the page before its own scripts: storage reads work, writes do not. */
function fillStorage() {
  Storage.prototype.setItem = function setItem() {
    throw new DOMException("Failed to execute 'setItem' on 'Storage': Setting the value exceeded the quota.", 'QuotaExceededError');
  };
}

describe('the page without working storage', () => {
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

  /** Opens the page with `init` run first, in a context of its own. */
  async function openWith(init, url) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(init);
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('.stage svg .server', { timeout: 15_000 });
    return { context, page, problems };
  }

  function cleanHere(problems) {
    clean(problems);
    for (const url of problems.requests) {
      assert.ok(url.startsWith(site.origin + '/'), `a request to another origin: ${url}`);
    }
  }

  /** What every case checks: a leader, both languages, still no leader lost. */
  async function works(page) {
    await leaderOf(page);
    assert.equal((await state(page)).lang, 'en');
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await until(page, (s) => s.lang === 'zh');
    assert.match(await page.locator('.tour-start').textContent(), /\p{Script=Han}/u, 'the page reads in Chinese');
    // The G key switches back, through the same path.
    await page.keyboard.press('g');
    await until(page, (s) => s.lang === 'en');
    assert.equal(await page.locator('.tour-start').textContent(), 'Take the tour');
    const s = await state(page);
    assert.ok(s.invariants.every((i) => i.ok), 'every invariant holds');
    // And the playground goes on: a write commits everywhere.
    await page.evaluate(() => window.raftlab.act({ write: { command: 'set st 1' } }));
    await until(page, (s) => s.servers.every((x) => x.stateMachine.st === '1'));
  }

  test('localStorage forbidden (SecurityError on access): the page loads, elects, switches language', async () => {
    const { context, page, problems } = await openWith(forbidStorage, `${site.url}?speed=1&seed=1&lang=en`);
    assert.equal(
      await page.evaluate(() => {
        try {
          void window.localStorage;
          return 'readable';
        } catch (e) {
          return e.name;
        }
      }),
      'SecurityError',
      'the init script took effect',
    );
    await works(page);
    // With nothing remembered, a reload without ?lang= starts from the browser's language.
    await page.goto(`${site.url}?speed=1&seed=1`, { waitUntil: 'load' });
    await page.waitForSelector('.stage svg .server');
    await leaderOf(page);
    cleanHere(problems);
    await context.close();
  });

  test('localStorage full (QuotaExceededError on setItem): the page loads, elects, switches language', async () => {
    const { context, page, problems } = await openWith(fillStorage, `${site.url}?speed=1&seed=1&lang=en`);
    assert.equal(
      await page.evaluate(() => {
        try {
          localStorage.setItem('probe', '1');
          return 'stored';
        } catch (e) {
          return e.name;
        }
      }),
      'QuotaExceededError',
      'the init script took effect',
    );
    await works(page);
    // The choice could not be saved: a reload falls back to the browser's language.
    await page.goto(`${site.url}?speed=1&seed=1`, { waitUntil: 'load' });
    await page.waitForSelector('.stage svg .server');
    await leaderOf(page);
    assert.equal((await state(page)).lang, 'en', 'nothing was remembered');
    cleanHere(problems);
    await context.close();
  });

  test('with storage that works, the language is remembered (the same path, for contrast)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = { console: [], exceptions: [] };
    page.on('console', (m) => m.type() === 'error' && problems.console.push(m.text()));
    page.on('pageerror', (e) => problems.exceptions.push(String(e)));
    await page.goto(`${site.url}?speed=1&seed=1&lang=en`);
    await page.waitForSelector('.stage svg .server');
    await page.getByRole('button', { name: '中文', exact: true }).click();
    await until(page, (s) => s.lang === 'zh');
    await page.goto(`${site.url}?speed=1&seed=1`);
    await page.waitForSelector('.stage svg .server');
    assert.equal((await state(page)).lang, 'zh', 'remembered');
    assert.deepEqual(problems, { console: [], exceptions: [] });
    await context.close();
  });
});
