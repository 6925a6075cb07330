// raftlab in a real mdBook, as a course author uses it: the example book in
// example/ is built by mdBook with raftlab in its src/raftlab/ folder (same
// origin), and again with raftlab on other origins, with and without an
// Access-Control-Allow-Origin header. In headless Chromium every playground
// must draw its servers and elect a leader, or say in its place why it
// cannot load; keys a playground handles must not reach the book, and the
// book's own keys, themes, search and print page must keep working.
//
// `cargo xtask test mdbook` runs it (mdBook on PATH, after `cargo xtask dist`).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { DIST, OUT, launch } from '../e2e/browser.mjs';
import { serveDirectory } from '../e2e/static-server.mjs';

const EXAMPLE = fileURLToPath(new URL('./example/', import.meta.url));
const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const BOOKS = join(OUT, 'mdbook');
/** mdBook's content column is 750 px wide; a laptop screen. */
const VIEWPORT = { width: 1366, height: 768 };

/**
 * Copies the example book to BOOKS/name, points its chapters at raftlab
 * (`raftlab` is a URL ending in /raftlab/, or null for a copy of dist/ in
 * src/raftlab/), lets `edit` change a file, and builds it with mdBook.
 */
function makeBook(name, raftlab, edit = (_file, text) => text) {
  const dir = join(BOOKS, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  const files = ['book.toml', ...readdirSync(join(EXAMPLE, 'src')).filter((f) => f.endsWith('.md')).map((f) => `src/${f}`)];
  for (const file of files) {
    let text = readFileSync(join(EXAMPLE, file), 'utf8');
    if (raftlab) text = text.replaceAll('src="raftlab/', `src="${raftlab}`);
    writeFileSync(join(dir, file), edit(file, text));
  }
  if (!raftlab) cpSync(DIST, join(dir, 'src/raftlab'), { recursive: true });
  execFileSync('mdbook', ['build', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Opens a page of a book and records what the console says (errors and
 * warnings, a sandbox warning included), uncaught exceptions and failed
 * requests, from the page and its frames.
 */
async function openBook(context, url) {
  const page = await context.newPage();
  const problems = { console: [], exceptions: [], failed: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.console.push(message.text());
  });
  page.on('pageerror', (error) => problems.exceptions.push(String(error)));
  page.on('requestfailed', (request) => problems.failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.failed.push(`${response.url()}: HTTP ${response.status()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

/** Chromium's note on raftlab's own page (Trunk's integrity hash on the
 * preloaded wasm), the same in any host: not what this test is about. */
const PRELOAD_NOTE = /^The `integrity` attribute is currently ignored for preload destinations/;

function clean(problems) {
  const said = problems.console.filter((line) => !PRELOAD_NOTE.test(line));
  assert.deepEqual(said, [], 'no console error or warning');
  assert.deepEqual(problems.exceptions, [], 'no exception');
  assert.deepEqual(problems.failed, [], 'no failed request');
}

/**
 * Waits until every script mount on the page either drew a stage or shows
 * a notice, and returns what each did: 'stage' or the notice's text. A
 * mount that stays empty fails the test.
 */
async function mounts(page) {
  const count = await page.locator('[data-raftlab]').count();
  assert.ok(count > 0, 'the page has script mounts');
  try {
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-raftlab]')].every(
          (el) => el.shadowRoot?.querySelector('.stage .server, .raftlab-failed') && el.getBoundingClientRect().height > 40,
        ),
      undefined,
      { timeout: 20_000, polling: 100 },
    );
  } catch {
    const sizes = await page.locator('[data-raftlab]').evaluateAll((els) => els.map((el) => `${el.getBoundingClientRect().height}px, shadow root: ${!!el.shadowRoot}`));
    assert.fail(`a mount stayed empty without a message: ${sizes.join('; ')}`);
  }
  return page.locator('[data-raftlab]').evaluateAll((els) =>
    els.map((el) => (el.shadowRoot.querySelector('.stage .server') ? 'stage' : el.shadowRoot.querySelector('.raftlab-failed').textContent)),
  );
}

/** Every mount draws five servers and elects a leader. */
async function mountsRun(page) {
  assert.deepEqual(new Set(await mounts(page)), new Set(['stage']), 'every mount drew its stage');
  for (const mount of await page.locator('[data-raftlab]').all()) {
    assert.equal(await mount.locator('.stage .server').count(), 5);
  }
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-raftlab]')].every((el) => el.raftlab?.state().leader != null),
    undefined,
    { timeout: 20_000, polling: 100 },
  );
}

/** raftlab's iframes (mdBook has one of its own, for the table of contents). */
const PLAYGROUND_FRAME = 'iframe[src*="raftlab/index.html"]';

/** Every raftlab iframe on the page draws five servers and elects a leader. */
async function framesRun(page) {
  const frames = await page.locator(PLAYGROUND_FRAME).count();
  assert.ok(frames > 0, 'the page has a raftlab iframe');
  for (let i = 0; i < frames; i++) {
    const frame = page.frameLocator(PLAYGROUND_FRAME).nth(i);
    await frame.locator('.stage .server').first().waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator('.stage .server').count(), 5);
    const inside = await (await page.locator(PLAYGROUND_FRAME).nth(i).elementHandle()).contentFrame();
    await inside.waitForFunction(() => window.raftlab?.state().leader != null, undefined, { timeout: 20_000, polling: 100 });
    // The whole compact playground shows: nothing to scroll inside the frame.
    const overflow = await inside.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    assert.ok(overflow <= 0, `the frame's page is ${overflow} px taller than the frame`);
    // And the frame fits the book's column.
    const [frameBox, column] = await page.evaluate(
      ([selector, i]) => {
        const f = document.querySelectorAll(selector)[i].getBoundingClientRect();
        const main = document.querySelector('#mdbook-content main').getBoundingClientRect();
        return [f.right, main.right];
      },
      [PLAYGROUND_FRAME, i],
    );
    assert.ok(frameBox <= column + 0.5, `the frame ends at ${frameBox} px, the column at ${column} px`);
  }
}

describe('raftlab in an mdBook', () => {
  let browser;
  let books;
  let withCors;
  let withoutCors;

  before(async () => {
    browser = await launch();
    books = await serveDirectory(BOOKS, '/');
    withCors = await serveDirectory(DIST, '/raftlab/', { headers: { 'access-control-allow-origin': '*' } });
    withoutCors = await serveDirectory(DIST, '/raftlab/');
    makeBook('same-origin', null);
    makeBook('cors', `${withCors.url}`);
    makeBook('no-cors', `${withoutCors.url}`);
    // A course author's first try: the script in book.toml's additional-js.
    makeBook('additional-js', null, (file, text) =>
      file === 'book.toml'
        ? `${text}\n[output.html]\nadditional-js = ["src/raftlab/embed.js"]\n`
        : text.replace(/<script src="raftlab\/embed\.js"><\/script>\n/, ''),
    );
  });

  after(async () => {
    await browser?.close();
    await books?.close();
    await withCors?.close();
    await withoutCors?.close();
  });

  test("the README's snippets are the example book's", () => {
    const readme = readFileSync(README, 'utf8');
    const snippets = [...readme.matchAll(/```html\n([\s\S]*?)```/g)].map((m) => m[1].replaceAll('https://YOUR-SITE/raftlab/', 'raftlab/'));
    const chapters = readdirSync(join(EXAMPLE, 'src'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => readFileSync(join(EXAMPLE, 'src', f), 'utf8'))
      .join('\n');
    const iframe = snippets.find((s) => s.startsWith('<iframe'));
    assert.ok(iframe, 'the README has an iframe snippet');
    assert.ok(chapters.includes(iframe), `the example book has the README's iframe:\n${iframe}`);
    const script = snippets.find((s) => s.includes('data-raftlab'));
    assert.ok(script, 'the README has a script mount snippet');
    for (const line of script.split('\n').filter((l) => l.trim())) {
      assert.ok(chapters.includes(line.trim()), `the example book has the README's line:\n${line}`);
    }
  });

  test('raftlab in the book (light theme): the iframe and both mounts run, with no console noise', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const election = await openBook(context, `${books.url}same-origin/book/election.html`);
    await framesRun(election.page);
    await election.page.screenshot({ path: join(OUT, 'mdbook-light-iframe.png') });
    clean(election.problems);

    const partitions = await openBook(context, `${books.url}same-origin/book/partitions.html`);
    await mountsRun(partitions.page);
    const langs = await partitions.page.locator('[data-raftlab]').evaluateAll((els) => els.map((el) => el.raftlab.state().lang));
    assert.deepEqual(langs, ['en', 'zh'], 'two languages');
    await partitions.page.screenshot({ path: join(OUT, 'mdbook-light-mounts.png') });
    clean(partitions.problems);
    await context.close();
  });

  test("navy theme: each playground follows the book's dark look, back to light with the book, and no book style reaches into a mount", async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript(() => localStorage.setItem('mdbook-theme', 'navy'));
    const { page, problems } = await openBook(context, `${books.url}same-origin/book/partitions.html`);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('navy')), true, 'the book is navy');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), 'dark', 'the book asks for dark controls');
    await mountsRun(page);
    const lookOf = (n) =>
      page.locator('[data-raftlab]').nth(n).evaluate((el) => {
        const root = el.shadowRoot;
        const style = (selector) => getComputedStyle(root.querySelector(selector));
        return {
          theme: root.querySelector('.page').dataset.theme,
          scheme: style('.page').colorScheme,
          slider: style('input[type="range"]').colorScheme,
          background: style('.page').backgroundColor,
          ink: style('.page').color,
          font: style('.page').fontFamily,
          button: style('.transport button').fontSize,
        };
      });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-raftlab]')].every((el) => el.shadowRoot.querySelector('.page')?.dataset.theme === 'dark'),
    );
    const mounts = await page.locator('[data-raftlab]').count();
    for (let n = 0; n < mounts; n++) {
      const look = await lookOf(n);
      assert.equal(look.theme, 'dark', `playground ${n + 1} follows the navy book`);
      assert.equal(look.scheme, 'dark', 'dark form controls');
      assert.equal(look.slider, 'dark', 'the speed slider is drawn dark');
      assert.equal(look.background, 'rgb(15, 19, 25)', "raftlab's own dark card");
      assert.equal(look.ink, 'rgb(232, 236, 242)', "raftlab's dark ink, not the book's");
      assert.match(look.font, /^system-ui/, "raftlab's font, not the book's");
    }
    const look = await lookOf(0);
    await page.screenshot({ path: join(OUT, 'mdbook-navy-mounts.png') });
    // The reader picks mdBook's light theme: the playgrounds follow at once.
    await page.evaluate(() => {
      document.documentElement.classList.remove('navy');
      document.documentElement.classList.add('light');
    });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-raftlab]')].every((el) => el.shadowRoot.querySelector('.page').dataset.theme === 'light'),
    );
    const light = await lookOf(0);
    assert.equal(light.scheme, 'light');
    assert.equal(light.background, 'rgb(243, 244, 247)', 'a light card with the light book');
    assert.equal(light.ink, 'rgb(29, 36, 48)', "raftlab's ink, not the book's");
    // The same control in raftlab's own page, for sizes: the book's root
    // font size (10 px) must not shrink the playground.
    const own = await context.newPage();
    await own.setViewportSize(VIEWPORT);
    await own.goto(`${books.url}same-origin/book/raftlab/index.html?embed=1`);
    await own.waitForSelector('.transport button');
    const ownButton = await own.evaluate(() => getComputedStyle(document.querySelector('.transport button')).fontSize);
    assert.equal(look.button, ownButton, 'controls are as large as in raftlab\'s own page');
    await own.close();
    clean(problems);

    const election = await openBook(context, `${books.url}same-origin/book/election.html`);
    await framesRun(election.page);
    await election.page.screenshot({ path: join(OUT, 'mdbook-navy-iframe.png') });
    clean(election.problems);
    await context.close();
  });

  test("keys a playground handles stay in it; the book's keys work once focus leaves", async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const { page, problems } = await openBook(context, `${books.url}same-origin/book/partitions.html`);
    await mountsRun(page);
    const url = page.url();
    const mount = page.locator('[data-raftlab]').first();
    const searchShown = () => page.evaluate(() => !document.getElementById('mdbook-search-wrapper').classList.contains('hidden'));
    const bookHelpShown = () => page.evaluate(() => getComputedStyle(document.getElementById('mdbook-help-container')).display !== 'none');

    const raftlab = () => mount.evaluate((el) => el.raftlab.state());
    await mount.locator('.stage .server').first().focus();
    // `s` splits the cluster (there is a leader); mdBook would open its search.
    await page.keyboard.press('s');
    assert.ok((await raftlab()).cutLinks.length > 0, 'raftlab split the cluster');
    await page.waitForTimeout(200);
    assert.equal(await searchShown(), false, "`s` did not open the book's search");
    // raftlab steps through time on the arrows; mdBook turns the page.
    const before = (await raftlab()).time;
    await page.keyboard.press('ArrowLeft');
    assert.ok((await raftlab()).time < before, 'raftlab went back in time');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(400);
    assert.equal(page.url(), url, 'the arrows did not turn the page');
    // `?` opens raftlab's help and not the book's.
    await page.keyboard.press('?');
    await mount.getByRole('dialog').waitFor();
    assert.equal(await bookHelpShown(), false, "`?` did not open the book's help");
    await page.keyboard.press('Escape');
    await mount.getByRole('dialog').waitFor({ state: 'detached' });

    // Focus leaves the playground: the book's keys are the book's again.
    await page.locator('#mdbook-content main p').first().click();
    await page.keyboard.press('s');
    await page.waitForFunction(() => !document.getElementById('mdbook-search-wrapper').classList.contains('hidden'));
    await page.keyboard.press('Escape');
    await page.locator('#mdbook-content main p').first().click();
    await Promise.all([page.waitForURL(/election\.html/), page.keyboard.press('ArrowLeft')]);
    clean(problems);
    await context.close();
  });

  test("the book's search and print page work with playgrounds in it", async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const search = await openBook(context, `${books.url}same-origin/book/election.html`);
    await search.page.locator('#mdbook-search-toggle').click();
    // mdBook searches on keyup.
    await search.page.locator('#mdbook-searchbar').pressSequentially('majority');
    await search.page.locator('#mdbook-searchresults li a').first().waitFor();
    const found = await search.page.locator('#mdbook-searchresults li a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(found.some((href) => href.startsWith('election.html')) && found.some((href) => href.startsWith('partitions.html')), found.join(', '));
    clean(search.problems);

    // The print page holds every chapter: one iframe and two mounts, and
    // the script line once per chapter that has it.
    const print = await openBook(context, `${books.url}same-origin/book/print.html`);
    await framesRun(print.page);
    await mountsRun(print.page);
    await print.page.screenshot({ path: join(OUT, 'mdbook-print.png'), fullPage: true });
    clean(print.problems);
    await context.close();
  });

  test('raftlab on another origin that sends Access-Control-Allow-Origin: the iframe and the mounts run', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript(() => localStorage.setItem('mdbook-theme', 'navy'));
    const election = await openBook(context, `${books.url}cors/book/election.html`);
    await framesRun(election.page);
    clean(election.problems);
    const partitions = await openBook(context, `${books.url}cors/book/partitions.html`);
    await mountsRun(partitions.page);
    await partitions.page.screenshot({ path: join(OUT, 'mdbook-cors-mounts.png') });
    clean(partitions.problems);
    await context.close();
  });

  test('raftlab on another origin without that header: the iframe runs, and each mount says why it cannot and what fixes it', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const election = await openBook(context, `${books.url}no-cors/book/election.html`);
    await framesRun(election.page);
    clean(election.problems);

    const { page, problems } = await openBook(context, `${books.url}no-cors/book/partitions.html`);
    const said = await mounts(page);
    assert.equal(said.length, 2);
    assert.match(said[0], /Access-Control-Allow-Origin/);
    assert.match(said[0], /src\/raftlab\//, 'and the other way: a copy in the book');
    assert.match(said[1], /Access-Control-Allow-Origin/);
    assert.match(said[1], /讲义/, 'in the mount\'s language');
    await page.screenshot({ path: join(OUT, 'mdbook-no-cors-mounts.png') });
    // The browser's own CORS report, and raftlab's one line; nothing else.
    assert.equal(problems.exceptions.length, 0, problems.exceptions.join('\n'));
    assert.ok(
      problems.console.every((line) => /CORS|Access-Control-Allow-Origin|Failed to load resource/.test(line)),
      problems.console.join('\n'),
    );
    await context.close();
  });

  test("embed.js in additional-js: each mount says to load it from raftlab's folder", async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const { page } = await openBook(context, `${books.url}additional-js/book/partitions.html`);
    const said = await mounts(page);
    assert.match(said[0], /additional-js/);
    assert.match(said[0], /<script src="raftlab\/embed\.js"><\/script>/);
    await context.close();
  });
});
