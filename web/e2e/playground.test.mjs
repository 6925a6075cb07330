// The playground as a student uses it: elections, crashes, partitions,
// client writes, the timeline, the keyboard, share links. Runs at ?speed=1
// (real time) so a test takes seconds; the page's JS API (window.raftlab)
// reads the state, while the actions go through the page's own controls.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clean, DIST, OUT, launch, leaderOf, logCells, open, state, until } from './browser.mjs';
import { serveDirectory } from './static-server.mjs';

const server = (page, id) => page.locator(`.stage .server[data-server="${id}"]`);
const menuItem = (page, name) => page.getByRole('menuitem', { name, exact: true });
const find = (s, id) => s.servers.find((x) => x.id === id);

/** What a picture is made of: everything but the page's own settings. */
function picture(s) {
  return {
    time: s.time,
    leader: s.leader,
    servers: s.servers,
    messages: s.messages,
    cutLinks: s.cutLinks,
    invariants: s.invariants,
  };
}

/** The stage as drawn: each server's hooks, and the messages on it. */
function drawn(page) {
  return page.evaluate(() => ({
    servers: [...document.querySelectorAll('.stage .server')].map((e) => [
      e.dataset.server,
      e.dataset.role,
      e.dataset.term,
      e.dataset.alive,
    ]),
    messages: [...document.querySelectorAll('.stage [data-msg]')].map((e) => e.getAttribute('transform')).sort(),
    cells: [...document.querySelectorAll('.logs .cell[data-index]')].map((c) => c.title),
  }));
}

/** Moves the timeline scrubber as a drag does: set its value, fire input. */
async function scrub(page, micros) {
  await page.locator('.scrubber input[type="range"]').evaluate((input, t) => {
    input.value = String(t);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, micros);
}

/** Logs converged: every server holds the same entries, all committed. */
const converged = (s) => {
  const logs = s.servers.map((x) => JSON.stringify(x.log.map((e) => [e.index, e.term])));
  return (
    s.servers.every((x) => x.alive) &&
    logs.every((l) => l === logs[0]) &&
    s.servers.every((x) => x.commitIndex === x.lastIndex)
  );
};

describe('the playground', () => {
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

  test('a leader is elected at ?speed=1, and the stage carries its test hooks', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1&seed=1`);
    const leader = await leaderOf(page);
    const el = server(page, leader);
    await page.waitForSelector(`.stage .server[data-server="${leader}"][data-role="leader"]`);
    assert.match(await el.getAttribute('aria-label'), new RegExp(`^S${leader}, leader, term \\d+$`));
    assert.equal(await el.getAttribute('role'), 'button');
    assert.equal(await el.getAttribute('data-alive'), 'true');
    assert.match(await el.getAttribute('data-term'), /^[1-9]\d*$/);
    assert.equal(await page.locator('.stage [data-link]').count(), 10, 'every pair of servers has a link');
    assert.equal(await page.locator('.stage [data-link="1-2"]').getAttribute('data-cut'), 'false');
    // Messages fly with their kind and ends; log cells carry index, term, commit.
    const msg = page.locator('.stage [data-msg]').first();
    await msg.waitFor();
    assert.match(await msg.getAttribute('data-msg'), /^[A-Za-z]+$/);
    assert.match(await msg.getAttribute('data-from'), /^(\d|C\d)$/);
    assert.match(await msg.getAttribute('aria-label'), / from (S|C)\d to (S|C)\d/);
    await page.waitForSelector('.logs .cell[data-server][data-index="1"][data-term][data-committed="true"]');
    clean(problems);
    await page.close();
  });

  test('crashing the leader elects another in a higher term; a restart brings it back as a follower, log intact', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1&seed=3`);
    const old = await leaderOf(page);
    await page.locator('#client-command').fill('set x 1');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    let s = await until(page, (s) => s.servers.every((x) => x.stateMachine.x === '1'));
    const oldTerm = find(s, old).term;
    const oldLog = find(s, old).log.map((e) => [e.index, e.term]);

    await server(page, old).click();
    await menuItem(page, 'Crash').click();
    assert.equal(await server(page, old).getAttribute('data-alive'), 'false');
    s = await until(
      page,
      (s, [old, term]) => s.leader !== null && s.leader !== old && s.servers.find((x) => x.id === s.leader).term > term,
      [old, oldTerm],
    );
    assert.match(await server(page, s.leader).getAttribute('aria-label'), /leader/);
    assert.match(await server(page, old).getAttribute('aria-label'), /crashed/);
    await page.screenshot({ path: `${OUT}raftlab-crash.png` });

    await server(page, old).click();
    await menuItem(page, 'Restart').click();
    s = await until(page, (s, old) => {
      const x = s.servers.find((x) => x.id === old);
      // It rebuilds its state machine once the leader tells it the commit index.
      return x.alive && x.role === 'follower' && x.leader !== null && x.stateMachine.x === '1';
    }, old);
    const back = find(s, old);
    for (const [index, term] of oldLog) {
      assert.ok(
        back.log.some((e) => e.index === index && e.term === term),
        `entry ${index} (term ${term}) survived the crash`,
      );
    }
    assert.ok(back.term > oldTerm, 'it learned the new term');
    assert.equal(back.stateMachine.x, '1', 'its state machine was rebuilt from the log');
    clean(problems);
    await page.close();
  });

  test('cutting the leader off: a second leader in a higher term, the old one cannot commit; healing converges every log', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1&seed=5`);
    const old = await leaderOf(page);
    let s = await until(page, (s) => s.servers.every((x) => x.commitIndex >= 1));
    const oldTerm = find(s, old).term;
    // Time stands still while the links are cut one by one, so the leader is
    // cut off from all of them at once (cut slowly, it may hear of an election first).
    await page.getByRole('button', { name: 'Pause time' }).click();
    for (const other of s.servers.map((x) => x.id).filter((id) => id !== old)) {
      const [a, b] = old < other ? [old, other] : [other, old];
      const link = page.locator(`.stage [data-link="${a}-${b}"]`);
      // Time stands still, so a message may sit on the link and take a real
      // click (it opens the message); the link's own handler gets this one.
      await link.locator('.hit').first().dispatchEvent('click');
      assert.equal(await link.getAttribute('data-cut'), 'true', `link ${a}-${b} cut`);
      assert.equal(await link.getAttribute('data-cut-ab'), 'true', 'both ways');
      assert.equal(await link.getAttribute('data-cut-ba'), 'true', 'both ways');
    }
    // Shift-click cuts one way, toward the end clicked; a click restores.
    const spare = page.locator('.stage [data-link="1-2"]').filter({ hasNot: page.locator(`[data-end="${old}"]`) });
    if ((await spare.count()) === 1) {
      await spare.locator('.hit[data-end="2"]').dispatchEvent('click', { shiftKey: true });
      assert.equal(await spare.getAttribute('data-cut-ab'), 'true', 'S1 -> S2 cut');
      assert.equal(await spare.getAttribute('data-cut-ba'), 'false', 'S2 -> S1 still works');
      await spare.locator('.hit[data-end="2"]').dispatchEvent('click');
      assert.equal(await spare.getAttribute('data-cut'), 'false');
    }
    await page.getByRole('button', { name: 'Play' }).click();
    s = await until(
      page,
      (s, [old, term]) =>
        s.leader !== null && s.leader !== old && s.servers.find((x) => x.id === s.leader).term > term &&
        s.servers.find((x) => x.id === old).role === 'leader',
      [old, oldTerm],
    );
    assert.equal(await page.locator('.stage .server[data-role="leader"]').count(), 2, 'two leaders, in different terms');
    const oldCommit = find(s, old).commitIndex;

    // A client write sent to the old leader: it appends it, and cannot commit it.
    await server(page, old).click();
    await menuItem(page, 'Client write to it').click();
    await page.locator('#client-command').fill('set y 7');
    await page.locator('#client-command').press('Enter');
    s = await until(page, (s, old) => s.servers.find((x) => x.id === old).log.some((e) => e.command === 'set y 7'), old);
    await page.waitForTimeout(700);
    s = await state(page);
    const stale = find(s, old);
    const entry = stale.log.find((e) => e.command === 'set y 7');
    assert.equal(entry.term, oldTerm);
    assert.equal(entry.committed, false);
    assert.equal(stale.commitIndex, oldCommit, 'the old leader commits nothing');
    assert.equal(
      await page.locator(`.logs .cell[data-server="${old}"][data-index="${entry.index}"]`).getAttribute('data-committed'),
      'false',
    );
    await page.screenshot({ path: `${OUT}raftlab-partition.png` });

    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Heal all' }).click();
    s = await until(page, (s) => {
      const logs = s.servers.map((x) => JSON.stringify(x.log.map((e) => [e.index, e.term])));
      return logs.every((l) => l === logs[0]) && s.servers.every((x) => x.commitIndex === x.lastIndex) &&
        s.servers.every((x) => x.stateMachine.y === '7');
    });
    assert.equal(find(s, old).role, 'follower');
    assert.ok(
      !find(s, old).log.some((e) => e.index === entry.index && e.term === oldTerm),
      'the stale entry was replaced by the new leader\'s',
    );
    assert.ok(s.invariants.every((i) => i.ok), 'no invariant broke');
    clean(problems);
    await page.close();
  });

  test('a client write commits and shows in every state machine', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1&seed=2`);
    await leaderOf(page);
    await page.locator('#client-command').fill('set x 42');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await until(page, (s) => s.servers.every((x) => x.stateMachine.x === '42'));
    await page.locator('[data-tab="machines"]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-kv-server] tr[data-key="x"] td').length === 5);
    const shown = await page.locator('[data-kv-server] tr[data-key="x"] td').allTextContents();
    assert.deepEqual(shown, ['42', '42', '42', '42', '42']);
    const s = await state(page);
    const entry = find(s, s.leader).log.find((e) => e.command === 'set x 42');
    for (const x of s.servers) {
      assert.equal(
        await page.locator(`.logs .cell[data-server="${x.id}"][data-index="${entry.index}"]`).getAttribute('data-committed'),
        'true',
      );
    }
    // A read answers with the committed value.
    await page.locator('[data-tab="client"]').click();
    await page.locator('#client-command').fill('get x');
    await page.locator('#client-command').press('Enter');
    await page.getByText('get x → 42').waitFor();
    clean(problems);
    await page.close();
  });

  test('scrubbing back shows the earlier picture, forward again the later one', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1&seed=8`);
    const first = await leaderOf(page);
    await page.getByRole('button', { name: 'Pause time' }).click();
    let s = await state(page);
    const t1 = Math.floor(s.time / 1000) * 1000;
    await scrub(page, t1);
    const early = picture(await state(page));
    const earlyDrawn = await drawn(page);
    assert.equal(early.time, t1);

    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(300);
    await page.evaluate((id) => window.raftlab.act({ crash: { server: id } }), first);
    await until(page, (s, first) => s.leader !== null && s.leader !== first, first);
    await page.getByRole('button', { name: 'Pause time' }).click();
    s = await state(page);
    const t2 = Math.floor(s.time / 1000) * 1000;
    await scrub(page, t2);
    const late = picture(await state(page));
    const lateDrawn = await drawn(page);
    assert.notDeepEqual(earlyDrawn.servers, lateDrawn.servers);

    await scrub(page, t1);
    assert.deepEqual(picture(await state(page)), early, 'back: the same state');
    assert.deepEqual(await drawn(page), earlyDrawn, 'back: the same picture');
    assert.equal(await server(page, first).getAttribute('data-role'), 'leader');
    await scrub(page, t2);
    assert.deepEqual(picture(await state(page)), late, 'forward: the same state');
    assert.deepEqual(await drawn(page), lateDrawn, 'forward: the same picture');
    // Acting in the past forks: the crash that followed is forgotten.
    await scrub(page, t1);
    await page.evaluate(() => window.raftlab.act({ write: { command: 'set fork 1' } }));
    s = await state(page);
    assert.equal(s.horizon, s.time, 'the old future is gone');
    await page.getByText('You acted in the past').waitFor();
    clean(problems);
    await page.close();
  });

  test('all of it with the keyboard alone', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1&seed=7`);
    const old = await leaderOf(page);
    let s = await state(page);
    const oldTerm = find(s, old).term;
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');

    // A digit selects a server and opens its menu; the first action has the focus.
    await page.keyboard.press(String(old));
    await page.getByRole('menu').waitFor();
    assert.equal(await focused(), 'Crash');
    await page.keyboard.press('Enter');
    s = await until(
      page,
      (s, [old, term]) => s.leader !== null && s.leader !== old && s.servers.find((x) => x.id === s.leader).term > term,
      [old, oldTerm],
    );
    await page.keyboard.press(String(old));
    await page.getByRole('menuitem', { name: 'Restart' }).waitFor();
    assert.equal(await focused(), 'Restart');
    await page.keyboard.press('Enter');
    await until(page, (s, old) => s.servers.find((x) => x.id === old).role === 'follower', old);

    // Cut one of the new leader's links from its menu, then isolate it with I.
    const lead = (await state(page)).leader;
    const other = lead === 1 ? 2 : 1;
    await page.keyboard.press(String(lead));
    await page.getByRole('menu').waitFor();
    const cutBoth = page.locator(`.menu li[data-peer="${other}"] .link-both`);
    for (let i = 0; i < 40 && !(await cutBoth.evaluate((b) => b === document.activeElement)); i += 1) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    const [a, b] = lead < other ? [lead, other] : [other, lead];
    assert.equal(await page.locator(`.stage [data-link="${a}-${b}"]`).getAttribute('data-cut'), 'true');
    await page.keyboard.press('Escape');
    await page.keyboard.press('i');
    const leadTerm = find(await state(page), lead).term;
    s = await until(
      page,
      (s, [lead, term]) => s.leader !== null && s.leader !== lead && s.servers.find((x) => x.id === s.leader).term > term,
      [lead, leadTerm],
    );

    // A client write to the isolated leader, typed.
    await page.keyboard.press(String(lead));
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('w');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'client-command');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('set k 9');
    await page.keyboard.press('Enter');
    await until(page, (s, lead) => s.servers.find((x) => x.id === lead).log.some((e) => e.command === 'set k 9' && !e.committed), lead);
    // Escape leaves the field; H heals; the logs converge.
    await page.keyboard.press('Escape');
    await page.keyboard.press('h');
    await until(page, (s) => {
      const logs = s.servers.map((x) => JSON.stringify(x.log.map((e) => [e.index, e.term])));
      return logs.every((l) => l === logs[0]) && s.servers.every((x) => x.stateMachine.k === '9');
    });

    // Space pauses, arrows scrub, End returns to the latest moment.
    await page.keyboard.press(' ');
    s = await state(page);
    assert.equal(s.playing, false);
    const now = s.time;
    const before = await drawn(page);
    for (let i = 0; i < 10; i += 1) await page.keyboard.press('ArrowLeft');
    assert.equal((await state(page)).time, now - 1_000_000);
    await page.keyboard.press('End');
    assert.equal((await state(page)).time, now);
    assert.deepEqual(await drawn(page), before);
    await page.keyboard.press('.');
    assert.ok((await state(page)).time > now, 'a step moves to the next event');

    // ? shows the shortcuts; Escape closes them.
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /isolate the leader/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    clean(problems);
    await page.close();
  });

  test('the Share link reproduces the run', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1&seed=11`);
    await leaderOf(page);
    await page.evaluate(() => window.raftlab.act({ write: { command: 'set s 1' } }));
    await page.waitForTimeout(300);
    await page.evaluate(() => window.raftlab.act({ crash: { server: 2 } }));
    await page.evaluate(() => window.raftlab.act({ cut_link: { from: 3, to: 4, one_way: true } }));
    await page.waitForTimeout(400);
    await page.getByRole('button', { name: 'Pause time' }).click();
    await page.getByRole('button', { name: 'Share' }).click();
    const link = await page.locator('#share-link').inputValue();
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/\?run=[A-Za-z0-9_-]+&t=\d+&speed=1&lang=en$/);
    const here = await state(page);

    const { page: other, problems: otherProblems } = await open(browser, link);
    const there = await state(other);
    assert.equal(there.playing, false, 'a shared moment opens paused');
    assert.deepEqual(picture(there), picture(here));
    assert.deepEqual(await drawn(other), await drawn(page));
    // And the two runs go on identically.
    const later = here.time + 1_500_000;
    await page.evaluate((t) => window.raftlab.seek(t), later);
    await other.evaluate((t) => window.raftlab.seek(t), later);
    assert.deepEqual(picture(await state(other)), picture(await state(page)));
    clean(problems);
    clean(otherProblems);
    await page.close();
    await other.close();
  });

  test('a visit without ?seed= starts from a random seed, and its Share link replays it', async () => {
    const first = await open(browser, `${site.url}?speed=1`);
    const second = await open(browser, `${site.url}?speed=1`);
    const a = await state(first.page);
    const b = await state(second.page);
    assert.notEqual(a.settings.seed, b.settings.seed, 'two fresh visits, two seeds');
    for (const { page, problems } of [first, second]) {
      const seed = (await state(page)).settings.seed;
      assert.ok(Number.isSafeInteger(seed) && seed >= 0, `a seed the page shows exactly: ${seed}`);
      // The seed is shown in the settings panel.
      await page.locator('[data-tab="settings"]').click();
      assert.equal(Number(await page.locator('#set-seed').inputValue()), seed);
      await leaderOf(page);
      await page.getByRole('button', { name: 'Pause time' }).click();
      await page.getByRole('button', { name: 'Share' }).click();
      const link = await page.locator('#share-link').inputValue();
      const here = await state(page);
      const { page: other, problems: otherProblems } = await open(browser, link);
      const there = await state(other);
      assert.equal(there.settings.seed, seed, 'the link keeps the seed');
      assert.deepEqual(picture(there), picture(here));
      const later = here.time + 2_000_000;
      await page.evaluate((t) => window.raftlab.seek(t), later);
      await other.evaluate((t) => window.raftlab.seek(t), later);
      assert.deepEqual(picture(await state(other)), picture(await state(page)));
      clean(problems);
      clean(otherProblems);
      await page.close();
      await other.close();
    }
  });

  test('the URL sets the start and bad values fall back with notices', async () => {
    const { page, problems } = await open(browser, `${site.url}?nodes=3&seed=4&prevote=1&checkquorum=1&speed=0.5`);
    const s = await state(page);
    assert.equal(s.servers.length, 3);
    assert.equal(s.settings.seed, 4);
    assert.equal(s.settings.pre_vote, true);
    assert.equal(s.settings.check_quorum, true);
    assert.equal(s.speed, 0.5);
    assert.equal(await page.locator('.notices').count(), 0);
    clean(problems);
    await page.close();

    const bad = await open(browser, `${site.url}?speed=fast&seed=-2&scenario=nope&prevote=maybe&lang=xx&run=%%%`);
    const notices = await bad.page.locator('.notices .notice').allTextContents();
    assert.equal(notices.length, 6, notices.join('\n'));
    const sb = await state(bad.page);
    assert.equal(sb.servers.length, 5);
    assert.equal(sb.speed, 0.05, 'the default speed');
    clean(bad.problems);
    await bad.page.close();

    const scenario = await open(browser, `${site.url}?scenario=leader-crash&speed=1`);
    const sc = await until(scenario.page, (s) => s.time > 1_200_000);
    assert.equal(sc.scenario, 'leader-crash');
    assert.equal(sc.servers.find((x) => x.id === 1).alive, false, 'the scenario crashed S1 at 1 s');
    clean(scenario.problems);
    await scenario.page.close();
  });

  test('the language switch, the scenario menu and the settings', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1&seed=1`);
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh');
    assert.match(await page.locator('.subtitle').textContent(), /共识算法/);
    assert.match(await server(page, 1).getAttribute('aria-label'), /^S1，.+，任期 \d+$/);
    await page.getByRole('button', { name: 'English' }).click();
    // Remembered: a reload without ?lang= keeps the choice.
    await page.getByRole('button', { name: '中文' }).click();
    await page.reload();
    await page.waitForSelector('.stage .server');
    assert.equal((await state(page)).lang, 'zh');
    await page.getByRole('button', { name: 'English' }).click();

    await page.getByLabel('Scenario').selectOption('split-vote');
    await until(page, (s) => s.scenario === 'split-vote');
    // A new run redraws the settings panel; type into the new one.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.locator('[data-tab="settings"]').click();
    await page.locator('#set-nodes').fill('7');
    await page.locator('#set-nodes').dispatchEvent('change');
    await page.getByRole('button', { name: 'Restart with these settings' }).click();
    let s = await until(page, (s) => s.servers.length === 7);
    assert.equal(s.scenario, null);
    await page.locator('#set-loss').fill('20');
    await page.locator('#set-loss').dispatchEvent('change');
    s = await until(page, (s) => s.settings.loss === 0.2);
    clean(problems);
    await page.close();
  });

  test('messages can be inspected and dropped, and the JS API answers', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1&seed=1`);
    await leaderOf(page);
    await page.evaluate(() => window.raftlab.pause());
    await page.evaluate(() => window.raftlab.act({ write: { command: 'set m 1' } }));
    await until(page, (s) => s.messages.length >= 1);
    await page.keyboard.press('m');
    const fields = page.locator('.inspector dl.fields');
    await fields.waitFor();
    const id = Number(await fields.getAttribute('data-inspected'));
    assert.match(await fields.textContent(), /from.*to.*sent at/s);
    assert.ok((await state(page)).messages.some((m) => m.id === id));
    await page.getByRole('button', { name: 'Drop it' }).click();
    assert.ok((await state(page)).messages.every((m) => m.id !== id), 'the dropped message is gone');
    // Clicking a message on the stage inspects it.
    while ((await state(page)).messages.length === 0) await page.keyboard.press('.');
    // A message that no other one covers (two can cross on a link).
    const clicked = await page.evaluate(() => {
      for (const g of document.querySelectorAll('.stage [data-msg]')) {
        const r = g.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        if (top && g.contains(top)) return g.getAttribute('data-id');
      }
      return null;
    });
    assert.ok(clicked, 'a message on the stage can be clicked');
    await page.locator(`.stage [data-msg][data-id="${clicked}"]`).click();
    // The inspector is drawn by the panel module, a moment after the click.
    await page.locator(`.inspector dl.fields[data-inspected="${clicked}"]`).waitFor();
    assert.equal(await fields.getAttribute('data-inspected'), clicked);
    const refused = await page.evaluate(() => window.raftlab.act({ restart: { server: 1 } }));
    assert.equal(refused.ok, false);
    assert.match(refused.error, /already running/);
    const nonsense = await page.evaluate(() => window.raftlab.act({ explode: {} }));
    assert.equal(nonsense.ok, false);
    assert.equal(await page.evaluate(() => window.raftlab.setSpeed(50)), 1);
    assert.equal(await page.evaluate(() => window.raftlab.seek(123_000)), 123_000);
    const perf = await page.evaluate(() => window.raftlab.perf());
    for (const key of ['frameInterval', 'work']) {
      assert.ok(['p50', 'p95', 'p99'].every((p) => typeof perf[key][p] === 'number'), key);
    }
    await page.screenshot({ path: `${OUT}raftlab-inspector.png` });
    clean(problems);
    await page.close();
  });

  test('a failure shows a banner with Reset and logs how to reproduce it', async () => {
    const { page } = await open(browser, `${site.url}?speed=1&seed=13`);
    const logged = [];
    page.on('console', (m) => logged.push(m.text()));
    await leaderOf(page);
    await page.evaluate(() => {
      try {
        window.raftlab.debugPanic();
      } catch {
        // The failure surfaces here too; the banner is what matters.
      }
    });
    const banner = page.getByRole('alert').filter({ hasText: 'Something went wrong' });
    await banner.waitFor();
    assert.ok(logged.some((l) => l.includes('seed=13') && l.includes('input log=')), logged.join('\n'));
    const again = await banner.getByRole('link', { name: /Open the same run again/ }).getAttribute('href');
    assert.match(again, /\?run=[A-Za-z0-9_-]+&t=\d+/, 'the banner links to the same run');
    await banner.getByRole('link', { name: 'Reset' }).click();
    await page.waitForURL(/\?lang=en$/);
    await page.waitForSelector('.stage .server');
    assert.equal(await page.locator('.panic-banner').count(), 0);
    await page.close();
  });
});

describe('screenshots of the main states, for a person to look at', () => {
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

  /** Pauses mid-flight of the first AppendEntries that carries entries. */
  async function midAppend(page) {
    for (let i = 0; i < 400; i += 1) {
      const s = await state(page);
      const m = s.messages.find((m) => m.kind === 'AppendEntries' && m.entries > 0);
      if (m) {
        await page.evaluate((t) => window.raftlab.seek(t), Math.round((m.sentAt + m.deliverAt) / 2));
        return;
      }
      await page.evaluate(() => window.raftlab.step());
    }
    assert.fail('no AppendEntries with entries came');
  }

  test('the README picture: a leader replicating a write, messages in flight', async () => {
    const { page, problems } = await open(browser, `${site.url}?seed=2&speed=1`, { width: 1440, height: 900 });
    await leaderOf(page);
    for (const command of ['set x 1', 'set y 2']) {
      await page.locator('#client-command').fill(command);
      await page.locator('#client-command').press('Enter');
      await until(page, (s, key) => s.servers.every((x) => key in x.stateMachine), command.split(' ')[1]);
    }
    await page.evaluate(() => window.raftlab.pause());
    await page.evaluate(() => window.raftlab.setSpeed(0.05));
    await page.locator('#client-command').fill('set z 3');
    await page.locator('#client-command').press('Enter');
    await midAppend(page);
    await page.locator('.transport .play').focus();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${OUT}raftlab.png` });
    await page.screenshot({ path: `${OUT}raftlab-full.png`, fullPage: true });
    clean(problems);
    await page.close();
  });

  test('a server menu, an election under way, a violation, a phone', async () => {
    const menu = await open(browser, `${site.url}?seed=4&speed=1`);
    const leader = await leaderOf(menu.page);
    await menu.page.evaluate(() => window.raftlab.pause());
    const follower = leader === 1 ? 2 : 1;
    await server(menu.page, follower).click();
    await menu.page.getByRole('menu').waitFor();
    await menu.page.screenshot({ path: `${OUT}raftlab-menu.png` });
    clean(menu.problems);
    await menu.page.close();

    // At the default (slow) speed an election lasts long enough to catch.
    const vote = await open(browser, `${site.url}?seed=6&nodes=7`);
    await until(
      vote.page,
      (s) => s.servers.some((x) => x.role === 'candidate') && s.messages.some((m) => m.kind === 'RequestVoteReply'),
      undefined,
      30_000,
    );
    await vote.page.evaluate(() => window.raftlab.pause());
    await vote.page.screenshot({ path: `${OUT}raftlab-election.png` });
    clean(vote.problems);
    await vote.page.close();

    const unsafe = await open(browser, `${site.url}?scenario=figure-8-unsafe&speed=1`);
    const s = await until(unsafe.page, (s) => s.invariants.some((i) => !i.ok), undefined, 30_000);
    await unsafe.page.evaluate(() => window.raftlab.pause());
    assert.ok(s.invariants.some((i) => !i.ok && i.message));
    await unsafe.page.locator('[data-tab="safety"]').click();
    await unsafe.page.locator('.invariants li.broken').first().waitFor();
    await unsafe.page.screenshot({ path: `${OUT}raftlab-violation.png` });
    clean(unsafe.problems);
    await unsafe.page.close();

    const phone = await open(browser, `${site.url}?seed=2&speed=1`, { width: 360, height: 780 });
    await leaderOf(phone.page);
    await phone.page.evaluate(() => window.raftlab.pause());
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no sideways scrolling at 360 px');
    await phone.page.screenshot({ path: `${OUT}raftlab-phone.png`, fullPage: true });
    clean(phone.problems);
    await phone.page.close();
  });
});
