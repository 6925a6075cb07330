// The monkey: random clicks, keys, drags, typing, resizes and language
// switches at random times, all over the page, for RAFTLAB_MONKEY_SECONDS
// (20 by default; `cargo xtask soak` runs 120). After every action nothing
// may have gone wrong (console error, exception, failed or foreign request,
// panic banner, broken invariant), and at the end the page must still do
// what it is asked: Play/Pause, heal, and commit a write everywhere.
//
// The choices come from a seeded PRNG; the seed is printed, and
// RAFTLAB_MONKEY_SEED=N repeats the same choices (timing still varies a
// little, as it does for a person).
//
// The unsafe "what if" switches are what they say: with one on, a broken
// invariant is the expected lesson, not a bug. So the monkey never reaches
// them: the four checkboxes are made inert (no click, no focus, no Space),
// the scenarios named "...-unsafe" are disabled in the menu (so neither a
// click nor an arrow key on the focused menu loads one), and the tour it is
// served is the real one without the chapters that switch one on. After
// every action it checks that the run's settings have no unsafe switch on.

import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DIST, OUT, launch, state, until, watch } from './browser.mjs';
import { serveDirectory } from './static-server.mjs';

const SECONDS = Number(process.env.RAFTLAB_MONKEY_SECONDS ?? 20);
const SEED = process.env.RAFTLAB_MONKEY_SEED ? Number(process.env.RAFTLAB_MONKEY_SEED) >>> 0 : randomInt(1, 2 ** 31);

const UNSAFE_IDS = [
  'set-commit-prior', 'set-skip-check', 'set-forget-vote', 'set-equal-timeouts',
  'set-skip-conf-wait', 'set-skip-read-wait', 'set-prevote-no-lease', 'set-removed-campaigns',
];

/** The real tour, without the chapters that turn an unsafe switch on. */
const TOUR = JSON.parse(readFileSync(new URL('../tours/raft.json', import.meta.url), 'utf8'));
const switchesOn = (settings) => Object.values(settings?.unsafe ?? {}).some(Boolean);
const SAFE_TOUR = {
  ...TOUR,
  chapters: TOUR.chapters.filter((c) => !switchesOn(c.settings) && !c.steps.some((s) => switchesOn(s.settings))),
};
const LEFT_OUT = TOUR.chapters.filter((c) => !SAFE_TOUR.chapters.includes(c)).map((c) => c.id);

/** sfc32: a small PRNG with a 32-bit seed, the same in every Node. */
function prng(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  const random = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** One of `table`'s keys, each as likely as its weight. */
    weighted: (table) => {
      const entries = Object.entries(table);
      let r = next() * entries.reduce((n, [, w]) => n + w, 0);
      for (const [k, w] of entries) {
        r -= w;
        if (r < 0) return k;
      }
      return entries.at(-1)[0];
    },
  };
  return random;
}

/** Runs in the page before its scripts, and after every change to the DOM. */
function keepUnsafeOutOfReach(ids) {
  const guard = () => {
    for (const id of ids) {
      const input = document.getElementById(id);
      const field = input?.closest('fieldset') ?? input?.closest('label');
      if (field && !field.inert) field.inert = true;
      if (input && !input.inert) input.inert = true;
    }
    for (const option of document.querySelectorAll('option')) {
      if (/unsafe/i.test(option.value) && !option.disabled) option.disabled = true;
    }
  };
  new MutationObserver(guard).observe(document, { subtree: true, childList: true });
  document.addEventListener('DOMContentLoaded', guard);
}

/** Keys the page documents (crates/raft-app/src/state/shortcuts.rs), with Shift where it matters. */
const SHORTCUTS = [
  ' ', 'k', 'K', '.', '>', '-', '_', '[', '+', '=', ']', 'ArrowLeft', 'Shift+ArrowLeft', 'ArrowRight', 'Shift+ArrowRight',
  'Home', 'End', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'c', 'C', 'p', 't', 'w', 'l', 'x', 'a', 'i', 's', 'h',
  'm', 'd', 'Delete', '/', 'g', 'f', 'n', 'Escape', '?', 'Enter', 'Tab', 'Shift+Tab',
];
/** Keys that are not shortcuts, or only near one. No Alt/Ctrl/Meta: those are the browser's. */
const OTHER_KEYS = [
  'q', 'z', '0', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Backspace', 'Insert', 'F2', 'Shift+?', 'Shift+C',
  'é', '中', 'ß', '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', ';', "'", '"', ',', '<', '`', '~', '|', '\\',
];

/** Text typed into the client command box: commands, near misses, and hostile text. */
const TEXTS = [
  'set x 1', 'get x', 'del x', 'set k v', 'x=3', 'set z 7', 'GET x', 'Set A b', 'set a b c', 'set', 'get', 'del',
  '', '   ', '=', 'a=b=c', '=v', 'k=', 'set x\u00a01',
  '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg onload=alert(1)>', "set x <b>bold</b>",
  'set <i>k</i> <img src=x onerror=alert(2)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}', "'; DROP TABLE log; --",
  'set \u202eevil \u202dok', 'set 中文 值', 'set 🙂 🚀', 'set k\u0000 v', '%3Cscript%3E', '&lt;b&gt;', 'set x ' + 'a'.repeat(400),
  'get ' + 'k'.repeat(1000), 'null', 'undefined', 'NaN', '__proto__=1', 'set __proto__ x', 'set constructor prototype',
];

/** What the page shows to click. Selects, ranges and text fields have their own actions. */
const CLICKABLE = [
  'button', 'a[href]', 'input[type=checkbox]', 'input[type=number]', 'summary', '[role=button]', '[role=menuitem]',
  '[role=menuitemcheckbox]', '[role=tab]', '[data-msg]', '.stage [data-link] .hit', '.stage [data-link]', '.logs .cell',
  '[tabindex]', 'label', '.feed li', '.legend li', 'h2',
].join(', ');

/** Where clicks go, by weight: a click picks a group, then one of its
 * elements (any clickable thing when the group has none showing). */
const CLICK_GROUPS = {
  stage: ['.stage .server, .stage [data-msg], .stage [data-link] .hit, .stage [data-link]', 8],
  open: ['[role=menu] button, [role=dialog] button, .inspector button, .toast-slot button, .notices button, .share-link input', 8],
  buttons: ['button, summary, a[href^="#"]', 8],
  fields: ['input[type=checkbox], input[type=number], label', 2],
  anything: [CLICKABLE, 4],
};

describe('the monkey', () => {
  let browser;
  let site;

  before(async () => {
    browser = await launch();
    site = await serveDirectory(DIST, '/', { extra: { 'tours/raft.json': JSON.stringify(SAFE_TOUR, null, 2) } });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test(`random actions for ${SECONDS} s break nothing`, { timeout: SECONDS * 1000 + 180_000 }, async () => {
    const random = prng(SEED);
    console.log(`monkey: seed ${SEED} (RAFTLAB_MONKEY_SEED=${SEED} repeats it), ${SECONDS} s; tour chapters left out: ${LEFT_OUT.join(', ')}`);
    const width = random.int(320, 1600);
    const height = random.int(480, 1000);
    const lang = random.pick(['en', 'zh']);
    const url = `${site.url}?speed=1&seed=${random.int(1, 999)}&lang=${lang}`;

    // Like browser.mjs's open(), with the guard in place before the page's scripts run.
    const context = await browser.newContext({ viewport: { width, height } });
    await context.addInitScript(keepUnsafeOutOfReach, UNSAFE_IDS);
    const page = await context.newPage();
    const problems = { ...watch(page), dialogs: [], navigations: [] };
    page.on('dialog', (d) => {
      problems.dialogs.push(`${d.type()}: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    const start = new URL(url);
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      const now = new URL(frame.url());
      if (now.origin !== start.origin || now.pathname !== start.pathname) problems.navigations.push(frame.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('.stage svg .server', { timeout: 15_000 });
    // A click on something covered (a dialog's backdrop over the field) waits
    // for it to be uncovered; the monkey moves on instead.
    page.setDefaultTimeout(2_500);

    const log = [];
    const began = Date.now();
    let actions = 0;
    let skipped = 0;
    const note = (what) => log.push(`#${actions} ${((Date.now() - began) / 1000).toFixed(2)}s ${what}`);

    function report(why) {
      const text = [
        `monkey: ${why}`,
        `seed ${SEED} (RAFTLAB_MONKEY_SEED=${SEED}), ${actions} actions in ${((Date.now() - began) / 1000).toFixed(1)} s, start ${url} at ${width}x${height}`,
        'the last actions:',
        ...log.slice(-40),
      ].join('\n');
      writeFileSync(`${OUT}monkey-log.txt`, [text, '', 'every action:', ...log].join('\n'));
      return text;
    }

    /** Runs `f`, failing if the page takes longer than `ms` to answer. */
    async function within(ms, what, f) {
      let timer;
      const late = new Promise((_, reject) => {
        timer = setTimeout(async () => {
          // Is the page itself stuck, or only what was asked of it?
          const alive = await Promise.race([
            page.evaluate(() => 'answers').catch((e) => `fails: ${e.message}`),
            new Promise((resolve) => setTimeout(() => resolve('does not answer even 1 + 1'), 5_000)),
          ]);
          reject(new Error(report(`no answer within ${ms} ms to ${what}; the page ${alive}`)));
        }, ms);
      });
      try {
        return await Promise.race([f(), late]);
      } finally {
        clearTimeout(timer);
      }
    }

    /** After every action: nothing went wrong, and no unsafe switch is on. */
    async function check(when) {
      const probe = await within(15_000, `checking after ${when}`, () =>
        page.evaluate((ids) => {
          const s = window.raftlab.state();
          return {
            banner: document.querySelector('.panic-banner')?.textContent ?? null,
            broken: s.invariants.filter((i) => !i.ok),
            unsafe: s.settings.unsafe,
            checked: ids.filter((id) => document.getElementById(id)?.checked),
            injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror]').length,
            tour: s.tour,
            scenario: s.scenario,
          };
        }, UNSAFE_IDS),
      );
      const foreign = problems.requests.filter((u) => !u.startsWith(site.origin + '/') && !u.startsWith('data:'));
      const fail = (why) => {
        throw new Error(report(`${why} (after ${when})`));
      };
      if (Object.values(probe.unsafe).some(Boolean) || probe.checked.length) {
        fail(`an unsafe switch got turned on: ${JSON.stringify(probe.unsafe)} ${probe.checked}; tour ${JSON.stringify(probe.tour)}, scenario ${probe.scenario}`);
      }
      if (problems.console.length) fail(`console error: ${problems.console.join(' | ')}`);
      if (problems.exceptions.length) fail(`exception: ${problems.exceptions.join(' | ')}`);
      if (problems.failed.length) fail(`failed request: ${problems.failed.join(' | ')}`);
      if (foreign.length) fail(`request to another origin: ${foreign.join(' | ')}`);
      if (problems.dialogs.length) fail(`a dialog opened (injected script?): ${problems.dialogs.join(' | ')}`);
      if (problems.navigations.length) fail(`the page navigated away: ${problems.navigations.join(' | ')}`);
      if (probe.banner !== null) fail(`the panic banner: ${probe.banner}`);
      if (probe.injected) fail('typed HTML became elements');
      if (probe.broken.length) {
        fail(`invariant broken with every unsafe switch off: ${JSON.stringify(probe.broken)}; tour ${JSON.stringify(probe.tour)}, scenario ${probe.scenario}`);
      }
    }

    /** A random visible element matching `selector`, scrolled into view, and a
     * point in it where a click lands on it (or on something over it that is
     * fair game). Null if there is none. */
    function target(selector, opts = {}) {
      return page.evaluate(
        ([selector, r, { center }]) => {
          const FORBID = 'fieldset.unsafe, [inert], .panic-banner, option[disabled]';
          const visible = (el) => {
            if (el.closest(FORBID) || el.disabled) return false;
            if (el.matches('a[href]')) {
              const href = el.getAttribute('href') ?? '';
              if (!href.startsWith('#') || el.target) return false; // a link away ends the visit
            }
            const b = el.getBoundingClientRect();
            if (b.width < 2 || b.height < 2) return false;
            const style = getComputedStyle(el);
            return style.visibility !== 'hidden' && style.display !== 'none' && style.pointerEvents !== 'none';
          };
          const all = [...document.querySelectorAll(selector)].filter(visible);
          if (!all.length) return null;
          const el = all[Math.floor(r[0] * all.length)];
          const before = el.getBoundingClientRect();
          if (before.bottom < 0 || before.top > innerHeight || before.right < 0 || before.left > innerWidth) {
            el.scrollIntoView({ block: 'center', inline: 'center' });
          }
          const b = el.getBoundingClientRect();
          const fx = center ? 0.5 : 0.15 + 0.7 * r[1];
          const fy = center ? 0.5 : 0.15 + 0.7 * r[2];
          const x = Math.min(Math.max(b.left + b.width * fx, 1), innerWidth - 1);
          const y = Math.min(Math.max(b.top + b.height * fy, 1), innerHeight - 1);
          const hit = document.elementFromPoint(x, y);
          if (!hit || hit.closest(FORBID)) return null;
          const name = (e) => {
            const cls = typeof e.className === 'string' ? e.className : e.className?.baseVal ?? '';
            const label = e.getAttribute('aria-label') ?? e.textContent ?? '';
            return `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${cls ? '.' + cls.trim().split(/\s+/).join('.') : ''}> "${label.trim().slice(0, 40)}"`;
          };
          return { x, y, what: name(el), hit: hit === el || el.contains(hit) ? '' : ` (hit ${name(hit)})` };
        },
        [selector, [random.next(), random.next(), random.next()], opts],
      );
    }

    async function clickSomething(selector, opts = {}) {
      const group = selector ? null : random.weighted(Object.fromEntries(Object.entries(CLICK_GROUPS).map(([k, [, w]]) => [k, w])));
      const t = (await target(selector ?? CLICK_GROUPS[group][0], opts)) ?? (group ? await target(CLICKABLE, opts) : null);
      if (!t) return null;
      const shift = random.chance(0.12);
      if (shift) await page.keyboard.down('Shift');
      await page.mouse.click(t.x, t.y, { clickCount: random.chance(0.05) ? 2 : 1 });
      if (shift) await page.keyboard.up('Shift');
      return `${shift ? 'shift-' : ''}click ${t.what}${t.hit}`;
    }

    async function pressKey() {
      const key = random.chance(0.75) ? random.pick(SHORTCUTS) : random.pick(OTHER_KEYS);
      const times = random.chance(0.15) ? random.int(2, 6) : 1;
      // press() knows the keys of a US keyboard; other characters arrive as typed.
      const typed = key.length === 1 && !/[\x20-\x7e]/.test(key);
      for (let i = 0; i < times; i++) await (typed ? page.keyboard.type(key) : page.keyboard.press(key));
      return `key ${JSON.stringify(key)}${times > 1 ? ` x${times}` : ''}`;
    }

    async function moveRange() {
      const which = random.pick(['.transport input[type=range]', '.scrubber input[type=range]']);
      const range = page.locator(which).first();
      if (!(await range.isVisible())) return null;
      if (random.chance(0.5)) {
        const r = random.next();
        const value = await range.evaluate((input, r) => {
          const min = Number(input.min || 0);
          const max = Number(input.max || 100);
          input.value = String(min + r * (max - min));
          input.dispatchEvent(new Event('input', { bubbles: true }));
          input.dispatchEvent(new Event('change', { bubbles: true }));
          return input.value;
        }, r);
        return `set ${which} to ${value}`;
      }
      await range.scrollIntoViewIfNeeded();
      const box = await range.boundingBox();
      if (!box) return null;
      const y = box.y + box.height / 2;
      const from = box.x + box.width * random.next();
      const to = box.x + box.width * random.next();
      await page.mouse.move(from, y);
      await page.mouse.down();
      await page.mouse.move(to, y, { steps: random.int(1, 12) });
      await page.mouse.up();
      return `drag ${which} from ${Math.round(from - box.x)} to ${Math.round(to - box.x)} of ${Math.round(box.width)} px`;
    }

    function randomText() {
      const chars = 'abcxyz019 =<>&"\'/\\%#;{}[]()中文é🙂\t';
      let s = '';
      for (let n = random.int(0, 24); n > 0; n--) s += chars[random.int(0, chars.length - 1)] ?? 'a';
      return s;
    }

    async function typeCommand() {
      const box = page.locator('#client-command');
      if (!(await box.isVisible())) return null;
      const text = random.chance(0.7) ? random.pick(TEXTS) : randomText();
      await box.scrollIntoViewIfNeeded();
      if (random.chance(0.5) || text.length > 60) {
        await box.fill(text);
      } else {
        await box.click();
        await page.keyboard.press('Control+A');
        await page.keyboard.type(text);
      }
      const send = random.chance(0.85);
      if (send) await page.keyboard.press('Enter');
      if (random.chance(0.4)) await page.keyboard.press('Escape');
      return `type ${JSON.stringify(text.length > 60 ? text.slice(0, 60) + '…' : text)}${send ? ' + Enter' : ''}`;
    }

    async function chooseOption() {
      const r = [random.next(), random.next()];
      return page.evaluate((r) => {
        const selects = [...document.querySelectorAll('select')].filter((s) => !s.disabled && s.getBoundingClientRect().width > 0 && !s.closest('[inert]'));
        if (!selects.length) return null;
        const select = selects[Math.floor(r[0] * selects.length)];
        const options = [...select.options].filter((o) => !o.disabled && !/unsafe/i.test(o.value));
        if (!options.length) return null;
        const option = options[Math.floor(r[1] * options.length)];
        select.scrollIntoView({ block: 'nearest' });
        select.focus();
        select.value = option.value;
        select.dispatchEvent(new Event('input', { bubbles: true }));
        select.dispatchEvent(new Event('change', { bubbles: true }));
        return `choose "${option.textContent.trim().slice(0, 40)}" (${option.value}) in <select aria-label="${select.getAttribute('aria-label') ?? ''}">`;
      }, r);
    }

    /** A settings field, with a value in its range (an extreme run is still a run). */
    async function setNumber() {
      const fields = {
        'set-nodes': () => random.int(1, 9),
        'set-seed': () => random.int(0, 1e6),
        'set-election-min': () => random.int(150, 600),
        'set-election-max': () => random.int(300, 1200),
        'set-heartbeat': () => random.int(20, 100),
        'set-latency-min': () => random.int(0, 100),
        'set-latency-max': () => random.int(0, 400),
        'set-loss': () => random.int(0, 40),
        'set-duplicate': () => random.int(0, 30),
        'set-client-rate': () => random.int(0, 10),
      };
      const id = random.pick(Object.keys(fields));
      const field = page.locator(`#${id}`);
      if (!(await field.isVisible())) return null;
      // Now and then, text a number field refuses.
      const value = random.chance(0.1) ? random.pick(['', 'abc', '1e999', '-', '0x10']) : String(fields[id]());
      await field.evaluate((input, value) => {
        input.focus();
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, value);
      return `set #${id} to ${JSON.stringify(value)}`;
    }

    async function tourAction() {
      const s = await state(page);
      if (!s.tour) {
        const t = await clickSomething('.tour-start', { center: true });
        return t ?? clickSomething('.tour-bar button');
      }
      const what = random.weighted({ next: 6, back: 3, chapter: 1, link: 1, arrows: 2, exit: 0.5, resume: 1, server: 1 });
      switch (what) {
        case 'next':
          return clickSomething('.tour-next', { center: true });
        case 'back':
          return clickSomething('.tour-back', { center: true });
        case 'chapter': {
          const r = random.next();
          return page.evaluate((r) => {
            const select = document.querySelector('.tour-where select');
            if (!select || select.disabled) return null;
            const option = select.options[Math.floor(r * select.options.length)];
            select.value = option.value;
            select.dispatchEvent(new Event('change', { bubbles: true }));
            return `tour chapter "${option.textContent.trim()}"`;
          }, r);
        }
        case 'link':
          return clickSomething('.tour-step', { center: true });
        case 'arrows': {
          const key = random.pick(['ArrowRight', 'ArrowLeft']);
          await page.keyboard.press(key);
          return `key ${key} in the tour`;
        }
        case 'exit':
          return clickSomething('.tour-exit', { center: true });
        case 'resume':
          return clickSomething('.tour-resume, .tour-next', { center: true });
        default:
          return clickSomething('.stage .server');
      }
    }

    async function switchLanguage() {
      if (random.chance(0.6)) {
        const t = await clickSomething('.lang-switch button[aria-pressed="false"]', { center: true });
        if (t) return t;
      }
      await page.keyboard.press('Escape');
      await page.keyboard.press('g');
      return 'key Escape, "g"';
    }

    async function resize() {
      const size = { width: random.int(320, 1600), height: random.int(360, 1100) };
      await page.setViewportSize(size);
      return `resize to ${size.width}x${size.height}`;
    }

    async function scroll() {
      const dy = random.int(-900, 900);
      await page.mouse.move(random.int(0, 300), random.int(0, 300));
      await page.mouse.wheel(0, dy);
      return `scroll ${dy}`;
    }

    async function pause() {
      const ms = random.int(300, 1500);
      await page.waitForTimeout(ms);
      return `wait ${ms} ms`;
    }

    const ACTIONS = {
      click: [32, () => clickSomething()],
      key: [20, pressKey],
      range: [8, moveRange],
      type: [6, typeCommand],
      select: [4, chooseOption],
      number: [3, setNumber],
      tour: [8, tourAction],
      lang: [3, switchLanguage],
      resize: [3, resize],
      scroll: [3, scroll],
      escape: [3, async () => (await page.keyboard.press('Escape'), 'key Escape')],
      wait: [2, pause],
    };
    const weights = Object.fromEntries(Object.entries(ACTIONS).map(([k, [w]]) => [k, w]));
    const counts = {};

    await check('loading');
    const deadline = began + SECONDS * 1000;
    while (Date.now() < deadline) {
      const kind = random.weighted(weights);
      let gaveUp = null;
      const what = await within(20_000, `action ${kind}`, () =>
        ACTIONS[kind][1]().catch((e) => {
          // Covered by a dialog, gone before the click: a person moves on too.
          gaveUp = `(${kind} gave up: ${String(e.message).split('\n')[0]})`;
          return null;
        }),
      );
      if (what) {
        actions += 1;
        counts[kind] = (counts[kind] ?? 0) + 1;
        note(what);
      } else {
        skipped += 1;
        if (gaveUp) note(gaveUp);
      }
      const r = random.next();
      const gap = r < 0.7 ? random.int(0, 50) : r < 0.95 ? random.int(50, 300) : random.int(300, 1200);
      await page.waitForTimeout(gap);
      await check(what ?? kind);
    }
    const seconds = (Date.now() - began) / 1000;
    await page.screenshot({ path: `${OUT}raftlab-monkey.png` });

    // The end: still responsive. Close what is open, leave the tour, go to
    // real time, and check that Play/Pause answers.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    let s = await state(page);
    if (s.tour) {
      await page.locator('.tour-exit').click({ timeout: 5_000 });
      s = await until(page, (s) => s.tour === null, undefined, 10_000);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(() => window.raftlab.setSpeed(1));
    const play = page.locator('.transport .play');
    for (const _ of [1, 2]) {
      const was = (await state(page)).playing;
      await play.click();
      await until(page, (s, was) => s.playing !== was, was, 5_000);
    }
    if (!(await state(page)).playing) await play.click();
    await until(page, (s) => s.playing, undefined, 5_000);

    // Heal every fault the monkey left behind, then one write must reach
    // every server of the configuration.
    const act = (a) => page.evaluate((a) => window.raftlab.act(a), a);
    const fixes = ['heal', { set_loss: { p: 0 } }, { set_duplicate: { p: 0 } }, { set_reorder: { p: 0 } }, { set_latency: { min_ms: 10, max_ms: 20 } }];
    s = await state(page);
    for (const x of s.servers) {
      if (!x.alive) fixes.push({ restart: { server: x.id } });
      if (x.paused) fixes.push({ resume: { server: x.id } });
    }
    const answers = [];
    for (const a of fixes) answers.push(`${JSON.stringify(a)} -> ${JSON.stringify(await act(a))}`);
    s = await until(page, (s) => s.leader !== null, undefined, 20_000).catch(async () => {
      throw new Error(report(`no leader within 20 s of healing: ${answers.join('; ')}; state ${JSON.stringify(await state(page))}`));
    });
    const written = await act({ write: { command: 'set z 9' } });
    assert.deepEqual(written, { ok: true }, `the write was refused: ${JSON.stringify(written)}`);
    s = await until(
      page,
      (s) => {
        const leader = s.servers.find((x) => x.id === s.leader);
        if (!leader) return false;
        const members = new Set([...leader.voters, ...leader.learners]);
        return s.servers.filter((x) => x.alive && members.has(x.id)).every((x) => x.stateMachine.z === '9');
      },
      undefined,
      20_000,
    ).catch(async () => {
      const now = await state(page);
      throw new Error(report(`set z 9 did not reach every server within 20 s: ${answers.join('; ')}; servers ${JSON.stringify(now.servers.map((x) => ({ id: x.id, role: x.role, alive: x.alive, term: x.term, commit: x.commitIndex, z: x.stateMachine.z, voters: x.voters, learners: x.learners, member: x.member, paused: x.paused, halted: x.halted, progress: x.progress, timer: [x.electionDeadline, x.electionTimeout] })))}; cut links ${JSON.stringify(now.cutLinks)}; messages in flight ${now.messages.length}; network ${now.settings.network}; time ${now.time}`));
    });
    await check('the final write');
    assert.ok(s.invariants.every((i) => i.ok), 'every invariant holds');

    const summary = Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ');
    writeFileSync(`${OUT}monkey-log.txt`, [`seed ${SEED}, ${actions} actions in ${seconds.toFixed(1)} s (${summary}; ${skipped} found nothing to do or gave up)`, ...log].join('\n'));
    console.log(`monkey: ${actions} actions in ${seconds.toFixed(1)} s, seed ${SEED} (${summary}; ${skipped} found nothing to do or gave up)`);
    assert.ok(actions > SECONDS, `the monkey was too slow: ${actions} actions in ${seconds.toFixed(1)} s`);
    await context.close();
  });
});
