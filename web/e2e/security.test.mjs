// The page's defences: a strict Content-Security-Policy (scripts from its own
// site only, or by hash in the single file), no eval, no text of a visitor's
// or a tour's ever read as HTML, and nothing sent to another origin.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DIST, launch, open, until } from './browser.mjs';
import { serveDirectory } from './static-server.mjs';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const TOUR = JSON.stringify({
  name: 'hostile',
  chapters: [{ id: 'a', title: HOSTILE, steps: [{ caption: { en: HOSTILE, zh: HOSTILE }, run_ms: 100 }] }],
});

/** Injects an inline script and reports whether it ran and whether the policy objected. */
const inject = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        let violated = false;
        document.addEventListener('securitypolicyviolation', () => { violated = true; });
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true;';
        document.body.append(s);
        setTimeout(() => resolve({ ran: window.__injected === true, violated }), 200);
      }),
  );

describe('security', () => {
  let browser;
  let site;

  before(async () => {
    browser = await launch();
    site = await serveDirectory(DIST, '/', { extra: { 'tours/hostile.json': TOUR } });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('dist/index.html carries a strict policy, and it blocks an injected inline script', async () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
    assert.ok(policy, 'a policy meta tag');
    assert.match(policy, /default-src 'self'/);
    const scripts = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    assert.equal(scripts, "script-src 'self' 'wasm-unsafe-eval'", 'scripts from the site only');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script in the page');

    const { page, problems } = await open(browser, `${site.url}?speed=1&seed=1`);
    await until(page, (s) => s.leader !== null);
    const { ran, violated } = await inject(page);
    assert.equal(ran, false, 'the injected script did not run');
    assert.equal(violated, true, 'the policy reported it');
    assert.ok(problems.requests.every((u) => u.startsWith(site.origin)), 'nothing left the origin');
    assert.deepEqual(problems.exceptions, []);
    await page.close();
  });

  test('the single file allows exactly its own script, by hash', async () => {
    const file = join(DIST, 'raftlab.html');
    const html = readFileSync(file, 'utf8');
    const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
    assert.match(policy, /default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
    const { page, problems } = await open(browser, pathToFileURL(file).href);
    const { ran } = await inject(page);
    assert.equal(ran, false);
    assert.deepEqual(problems.exceptions, []);
    await page.close();
  });

  test('no eval or Function constructor in the page\'s own scripts', () => {
    for (const name of readdirSync(DIST).filter((n) => n.endsWith('.js'))) {
      const js = readFileSync(join(DIST, name), 'utf8');
      assert.doesNotMatch(js, /\beval\s*\(|new Function\s*\(/, name);
    }
  });

  test('text from a tour or a visitor is shown as text, never read as HTML', async () => {
    const { page, problems } = await open(browser, `${site.url}?tour=tours/hostile.json&speed=1`);
    await until(page, (s) => s.tour !== null);
    assert.equal(await page.locator('.tour-bar .caption').textContent(), HOSTILE);
    await page.locator('#client-command').fill(`set x ${HOSTILE}`);
    await page.locator('#client-command').press('Enter');
    await page.waitForTimeout(300);
    assert.equal(await page.locator('img').count(), 0, 'no element was made from the text');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(problems.exceptions, []);
    await page.close();
  });
});
