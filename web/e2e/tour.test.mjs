// The guided tour as a class uses it: every chapter from start to end in
// both languages, deep links, Back, taking over and returning, the keyboard,
// and tour files with errors. Runs at ?speed=1 so the whole tour takes about
// a minute; the page's own speeds are for people.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { clean, DIST, OUT, launch, open, state, until } from './browser.mjs';
import { serveDirectory } from './static-server.mjs';

const TOUR = JSON.parse(readFileSync(new URL('../tours/raft.json', import.meta.url), 'utf8'));
const caption = (chapter, step, lang) => {
  const c = TOUR.chapters.find((c) => c.id === chapter).steps[step - 1].caption;
  return (lang === 'zh' ? c.zh : c.en) || c.en || c.zh;
};

// A teacher's own tour, dropped into the site's tours/ folder.
const WEEK3 = JSON.stringify({
  name: 'week-3',
  title: { en: 'Week 3', zh: '第三周' },
  chapters: [
    { id: 'warm-up', title: 'Warm-up', steps: [{ caption: { en: 'A leader is elected.', zh: '选出一个领导者。' }, run_ms: 1500, expect: [{ leader: 'any' }] }] },
    { id: 'crash', title: 'Crash', steps: [{ caption: { en: 'Our second chapter.', zh: '第二章。' }, run_ms: 500 }] },
  ],
});

const BROKEN = '{\n  "name": "broken",\n  "chapters": [ { "id": "a", "title": "A", "steps": [ { "caption": "x" } ] } ]\n}\n';

/** Waits for the tour to show `chapter`/`step` and to have played it out. */
const played = (page, chapter, step, timeout = 30_000) =>
  until(page, (s, [c, n]) => s.tour && s.tour.chapter === c && s.tour.step === n && s.tour.done, [chapter, step], timeout);

/** What a picture is made of: everything drawn, not the page's own settings. */
function picture(s) {
  return { time: s.time, leader: s.leader, servers: s.servers, messages: s.messages, cutLinks: s.cutLinks, invariants: s.invariants };
}

describe('the guided tour', () => {
  let browser;
  let site;

  before(async () => {
    browser = await launch();
    site = await serveDirectory(DIST, '/', { extra: { 'tours/broken.json': BROKEN, 'tours/week-3.json': WEEK3 } });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  async function wholeTour(lang) {
    const { page, problems } = await open(browser, `${site.url}?tour=raft&lang=${lang}&speed=1`);
    let steps = 0;
    for (const chapter of TOUR.chapters) {
      for (let n = 1; n <= chapter.steps.length; n++) {
        await played(page, chapter.id, n);
        assert.equal(await page.locator('.tour-bar .caption').textContent(), caption(chapter.id, n, lang));
        steps += 1;
        if (chapter.id === 'partition' && n === 3) {
          await page.screenshot({ path: `${OUT}raftlab-tour-${lang}.png` });
        }
        const next = page.locator('.tour-next');
        if (await next.isDisabled()) break;
        await next.click();
      }
    }
    assert.equal(steps, TOUR.chapters.reduce((n, c) => n + c.steps.length, 0), 'every step was shown');
    const s = await state(page);
    assert.equal(s.tour.chapter, TOUR.chapters.at(-1).id);
    clean(problems);
    await page.close();
  }

  test('every chapter plays from start to end, in English and in Chinese', { timeout: 240_000 }, async () => {
    await Promise.all([wholeTour('en'), wholeTour('zh')]);
  });

  test('deep links land on their step, from the address, ?tour=CHAPTER and a changed fragment', async () => {
    const { page, problems } = await open(browser, `${site.url}?lang=en#tour/partition/3`);
    await until(page, (s) => s.tour && s.tour.chapter === 'partition' && s.tour.step === 3);
    assert.equal(await page.locator('.tour-bar .caption').textContent(), caption('partition', 3, 'en'));
    assert.match(await page.locator('.tour-step').textContent(), /Step 3 of 5/);
    const chapterIndex = TOUR.chapters.findIndex((c) => c.id === 'partition');
    assert.equal(await page.locator('.tour-where select').inputValue(), String(chapterIndex));
    // Following a link inside the page moves the tour.
    await page.evaluate(() => { location.hash = '#tour/election/2'; });
    await until(page, (s) => s.tour.chapter === 'election' && s.tour.step === 2);
    assert.equal(await page.locator('.tour-bar .caption').textContent(), caption('election', 2, 'en'));
    clean(problems);
    await page.close();

    const byParam = await open(browser, `${site.url}?tour=figure-8&lang=zh`);
    await until(byParam.page, (s) => s.tour && s.tour.chapter === 'figure-8' && s.tour.step === 1);
    assert.equal(await byParam.page.locator('.tour-bar .caption').textContent(), caption('figure-8', 1, 'zh'));
    assert.equal(await byParam.page.evaluate(() => location.hash), '#tour/figure-8/1', 'the step shows its link');
    clean(byParam.problems);
    await byParam.page.close();
  });

  test("a teacher's tour in tours/ opens by its name, and ?chapter= opens a chapter", async () => {
    const { page, problems } = await open(browser, `${site.url}?tour=week-3&lang=zh&speed=1`);
    await until(page, (s) => s.tour && s.tour.chapter === 'warm-up' && s.tour.step === 1);
    assert.equal(await page.locator('.tour-bar .caption').textContent(), '选出一个领导者。');
    assert.ok(problems.requests.some((u) => u.endsWith('/tours/week-3.json')), 'the file was read');
    clean(problems);
    await page.close();

    const atChapter = await open(browser, `${site.url}?tour=week-3&chapter=crash&lang=en`);
    await until(atChapter.page, (s) => s.tour && s.tour.chapter === 'crash' && s.tour.step === 1);
    assert.equal(await atChapter.page.locator('.tour-bar .caption').textContent(), 'Our second chapter.');
    clean(atChapter.problems);
    await atChapter.page.close();

    // Without ?tour=, ?chapter= is a chapter of the main tour.
    const main = await open(browser, `${site.url}?chapter=log-repair&lang=en`);
    await until(main.page, (s) => s.tour && s.tour.chapter === 'log-repair' && s.tour.step === 1);
    assert.equal(await main.page.locator('.tour-bar .caption').textContent(), caption('log-repair', 1, 'en'));
    assert.equal(await main.page.evaluate(() => location.hash), '#tour/log-repair/1');
    clean(main.problems);
    await main.page.close();

    // A chapter the tour lacks, or a tour that is not there, says so.
    const lacking = await open(browser, `${site.url}?tour=week-3&chapter=figure-8&lang=en`);
    await lacking.page.locator('.toast.error').waitFor();
    assert.match(await lacking.page.locator('.toast.error').textContent(), /no chapter "figure-8"; starting at its beginning/);
    await until(lacking.page, (s) => s.tour && s.tour.chapter === 'warm-up');
    await lacking.page.close();
    const none = await open(browser, `${site.url}?tour=week-9`);
    await none.page.locator('.notices').waitFor();
    assert.match(await none.page.locator('.notices').textContent(), /week-9\.json.*HTTP 404/);
    await none.page.close();
  });

  test('Back restores exactly the picture shown before', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1#tour/leader-crash/2`);
    let s = await played(page, 'leader-crash', 2);
    const before = picture(s);
    await page.locator('.tour-next').click();
    s = await played(page, 'leader-crash', 3);
    assert.notDeepEqual(picture(s), before, 'the next step looks different');
    await page.locator('.tour-back').click();
    s = await played(page, 'leader-crash', 2);
    assert.deepEqual(picture(s), before);
    // Back across a chapter boundary lands on the last step of the one before.
    await page.goto(`${site.url}?speed=1#tour/partition/1`);
    await played(page, 'partition', 1);
    await page.locator('.tour-back').click();
    await played(page, 'leader-crash', TOUR.chapters.find((c) => c.id === 'leader-crash').steps.length);
    clean(problems);
    await page.close();
  });

  test('the learner can take over, then return to the script', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1#tour/replication/1`);
    await played(page, 'replication', 1);
    await page.locator('.stage .server[data-server="3"]').click();
    await page.getByRole('menuitem', { name: 'Crash', exact: true }).click();
    let s = await until(page, (s) => s.tour.offScript);
    assert.equal(s.servers.find((x) => x.id === 3).alive, false);
    await page.locator('.tour-bar.off-script').waitFor();
    await page.getByRole('button', { name: 'Back to the script' }).click();
    s = await played(page, 'replication', 1);
    assert.equal(s.tour.offScript, false);
    assert.ok(s.servers.every((x) => x.alive), 'the scripted run is back');
    clean(problems);
    await page.close();
  });

  test('the arrow keys go back and forth, and Leave the tour keeps the playground', async () => {
    const { page, problems } = await open(browser, `${site.url}?speed=1#tour/heartbeats/1`);
    await played(page, 'heartbeats', 1);
    await page.keyboard.press('ArrowRight');
    await until(page, (s) => s.tour.step === 2);
    await page.keyboard.press('ArrowLeft');
    await until(page, (s) => s.tour.step === 1);
    await page.getByRole('button', { name: 'Leave the tour' }).click();
    const s = await until(page, (s) => s.tour === null);
    assert.equal(s.servers.length, 5);
    assert.equal(await page.locator('.tour-bar').count(), 0);
    await page.getByRole('button', { name: 'Take the tour' }).click();
    await until(page, (s, first) => s.tour && s.tour.chapter === first && s.tour.step === 1, TOUR.chapters[0].id);
    clean(problems);
    await page.close();
  });

  test('a tour file with an error says where and what, and the page keeps working', async () => {
    const { page, problems } = await open(browser, `${site.url}?tour=tours/broken.json&speed=1`);
    const notice = page.locator('.notices');
    await notice.waitFor();
    const text = await notice.textContent();
    assert.match(text, /tours\/broken\.json/);
    // In the page, a wrong value is placed by chapter and step (the browser's
    // JSON.parse names line and column only for a syntax error).
    assert.match(text, /chapter 1: step 1: missing field `run_ms`/);
    await until(page, (s) => s.leader !== null);
    clean(problems);
    await page.close();

    const away = await open(browser, `${site.url}?tour=https://evil.example/t.json`);
    await away.page.locator('.notices').waitFor();
    assert.match(await away.page.locator('.notices').textContent(), /must come from this site/);
    assert.ok(away.problems.requests.every((u) => u.startsWith(site.origin)), 'nothing left the origin');
    clean(away.problems);
    await away.page.close();

    const missing = await open(browser, `${site.url}?tour=tours/none.json`);
    await missing.page.locator('.notices').waitFor();
    assert.match(await missing.page.locator('.notices').textContent(), /none\.json.*HTTP 404/);
    await missing.page.close();
  });
});
