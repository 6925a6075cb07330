// Launching Debian's Chromium with playwright-core, and opening a page while
// recording everything that would make it fail a student: console errors,
// uncaught exceptions, failed requests, and every URL it asked for.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serveDirectory } from './static-server.mjs';

/** The flags DEVELOPERS.md explains: no sandbox as root, no GPU, and no
 * background traffic to Google's services (the network here is closed). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the release build is: `cargo xtask test` says, else ../../dist. */
export const DIST = process.env.RAFTLAB_DIST ?? fileURLToPath(new URL('../../dist/', import.meta.url));

/** Where the tests leave screenshots for a person to look at. */
export const OUT = fileURLToPath(new URL('./out/', import.meta.url));
mkdirSync(OUT, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/**
 * Opens `url` in a fresh page of `browser` and waits for the stage to draw.
 * Returns the page and what went wrong while loading.
 */
export async function open(browser, url, { width = 1280, height = 800 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems = watch(page);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.stage svg .server', { timeout: 15_000 });
  return { page, problems };
}

/**
 * Records what goes wrong on `page` from now on: console errors, uncaught
 * exceptions, failed requests (and HTTP errors), and every URL requested.
 */
export function watch(page) {
  const problems = { console: [], exceptions: [], failed: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.console.push(message.text());
  });
  page.on('pageerror', (error) => problems.exceptions.push(String(error)));
  page.on('requestfailed', (request) =>
    problems.failed.push(`${request.url()}: ${request.failure()?.errorText}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.failed.push(`${response.url()}: HTTP ${response.status()}`);
  });
  page.on('request', (request) => problems.requests.push(request.url()));
  return problems;
}

/** Asserts that a page showed no console error, no exception and no failed request. */
export function clean(problems) {
  assert.deepEqual(problems.console, [], 'no console errors');
  assert.deepEqual(problems.exceptions, [], 'no exceptions');
  assert.deepEqual(problems.failed, [], 'no failed requests');
}

/** The names drawn on the stage, in order: ["S1", "S2", ...]. */
export function serverNames(page) {
  return page.locator('.stage svg .server .name').allTextContents();
}

/** The page's state as `window.raftlab.state()` returns it. */
export function state(page) {
  return page.evaluate(() => window.raftlab.state());
}

/** Waits until `predicate(state)` holds; `predicate` runs in the page. */
export async function until(page, predicate, arg, timeout = 15_000) {
  // Built here as a function, not handed over as a string: Playwright runs
  // a function through the DevTools protocol, while a string would be
  // evaluated by the page, which its Content-Security-Policy forbids.
  const check = new Function(
    'arg',
    `const s = window.raftlab && window.raftlab.state(); return !!s && (${predicate.toString()})(s, arg);`,
  );
  await page.waitForFunction(check, arg ?? null, { timeout, polling: 50 });
  return state(page);
}

/** The live leader's id, waiting for one. */
export async function leaderOf(page, timeout = 15_000) {
  const s = await until(page, (s) => s.leader !== null, undefined, timeout);
  return s.leader;
}

/** A server's log as [index, term] pairs, from the page's log panel. */
export function logCells(page, id) {
  return page
    .locator(`.logs .cell[data-server="${id}"]`)
    .evaluateAll((cells) => cells.map((c) => [Number(c.dataset.index), Number(c.dataset.term), c.dataset.committed === 'true']));
}

/**
 * For a describe block: a browser, and dist/ served on loopback, made
 * before its tests and closed after them. Tests read `.browser` and `.site`.
 */
export function servedDist() {
  const served = {};
  before(async () => {
    served.browser = await launch();
    served.site = await serveDirectory(DIST, '/');
  });
  after(async () => {
    await served.browser?.close();
    await served.site?.close();
  });
  return served;
}
