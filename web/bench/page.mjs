// The page's performance figures (issue 7, items 4 and 6), measured in
// headless Chromium against the release build in dist/. Prints one line per
// figure, `bench NAME: VALUE UNIT`, which `cargo xtask bench` collects;
// details that explain a figure go to stderr. See bench/README.md.
//
//   node web/bench/page.mjs                      memory after 60 s: page/memory-1min
//   RAFTLAB_BENCH_LONG=1 node web/bench/page.mjs memory after 5 min: page/memory-5min
//
// RAFTLAB_DIST and CHROMIUM_PATH work as in the browser tests (e2e/browser.mjs).

import os from 'node:os';
import { DIST, launch } from '../e2e/browser.mjs';
import { serveDirectory } from '../e2e/static-server.mjs';

const LONG = process.env.RAFTLAB_BENCH_LONG === '1';

/** Client load for the frame and memory runs. At the default 10-20 ms
 * latency a 9-server cluster has only about 12 messages in flight even at
 * 100 writes/s (messages are delivered faster than they are sent), so the
 * latency is raised to 60-120 ms, still well inside the 150 ms minimum
 * election timeout: about 48 messages in flight at 9 servers. */
const CLIENT_RATE = 30; // writes per second
const LATENCY = { min_ms: 60, max_ms: 120 };
const WARM_UP_MS = 3_000;
const WINDOW_MS = 10_000;
/** Windows per cluster size; each figure is the median over them, since one
 * window on a shared machine can catch a busy neighbour. */
const WINDOWS = 3;
const FIRST_FRAME_LOADS = 5;
const PAUSED_MS = 2_000;
const MEMORY_MS = LONG ? 5 * 60_000 : 60_000;

/** Runs in every page before its own scripts. Counts the animation frames
 * the app asks for (and times their callbacks), notes when the stage first
 * exists and is painted, and keeps the wasm module's WebAssembly.Memory. */
function instrument() {
  const raw = window.requestAnimationFrame.bind(window);
  const bench = {
    requests: 0, // requestAnimationFrame calls by the page
    callbacks: 0, // of those, how many ran
    recording: false,
    frames: [], // [timestamp, callback ms] while recording
    firstStage: null, // performance.now() when .stage svg .server first exists
    firstPaint: null, // ... and after the frame that shows it was painted
    memory: null, // the wasm module's WebAssembly.Memory
    instantiated: null, // performance.now() when the wasm module was instantiated
  };
  window.__bench = bench;
  window.requestAnimationFrame = function requestAnimationFrame(callback) {
    bench.requests += 1;
    return raw((ts) => {
      bench.callbacks += 1;
      const start = performance.now();
      try {
        callback(ts);
      } finally {
        if (bench.recording) bench.frames.push([ts, performance.now() - start]);
      }
    });
  };
  // The wasm module's memory: from the instance wasm-bindgen's glue creates,
  // or from the event Trunk's loader sends once it is running.
  const keep = (exports) => {
    if (!bench.memory && exports?.memory instanceof WebAssembly.Memory) bench.memory = exports.memory;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      bench.instantiated ??= performance.now();
      keep((result.instance ?? result).exports);
      return result;
    };
  }
  addEventListener('TrunkApplicationStarted', (e) => keep(e.detail?.wasm));
  new MutationObserver((_, observer) => {
    if (!document.querySelector('.stage svg .server')) return;
    observer.disconnect();
    bench.firstStage = performance.now();
    // The next frame paints it; a task posted from that frame runs after the paint.
    raw(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        bench.firstPaint = performance.now();
      };
      channel.port2.postMessage(0);
    });
  }).observe(document, { childList: true, subtree: true });
}

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

function figure(name, value, unit) {
  console.log(`bench ${name}: ${Number(value.toFixed(3))} ${unit}`);
}

function note(text) {
  console.error(`  ${text}`);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  return s[Math.min(s.length, Math.max(1, Math.ceil(p * s.length))) - 1];
}

const browser = await launch();
const site = await serveDirectory(DIST, '/');

/** A fresh page (its own browser context: empty cache, no compiled code kept). */
async function freshPage(query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${site.url}${query}`, { waitUntil: 'load' });
  await page.waitForSelector('.stage svg .server', { timeout: 30_000 });
  return { page, context, errors };
}

/** A playing page with a leader, the load above, and WARM_UP_MS of it behind. */
async function loadedPage(nodes) {
  const opened = await freshPage(`?nodes=${nodes}&seed=1&speed=1`);
  const { page } = opened;
  await page.waitForFunction(() => window.raftlab?.state().leader != null, undefined, { timeout: 30_000, polling: 100 });
  const answers = await page.evaluate(
    ([latency, rate]) => [
      window.raftlab.act({ set_latency: latency }),
      window.raftlab.act({ set_client_rate: { rate } }),
    ],
    [LATENCY, CLIENT_RATE],
  );
  for (const a of answers) if (!a?.ok) throw new Error(`act refused: ${JSON.stringify(a)}`);
  await page.waitForTimeout(WARM_UP_MS);
  return opened;
}

/** Starts `perf()`'s statistics over. The runtime clears them (and forgets
 * the last frame's time) on `visibilitychange`; the API has no reset, so the
 * event is dispatched by hand. The page stays visible and keeps playing. */
const RESET_STATS = 'visibilitychange';

// 1. Navigation to the first stage frame, median of fresh loads.
async function firstFrame() {
  const painted = [];
  const inserted = [];
  for (let i = 0; i < FIRST_FRAME_LOADS; i += 1) {
    const { page, context } = await freshPage('?seed=1');
    await page.waitForFunction(() => window.__bench.firstPaint !== null, undefined, { polling: 50 });
    const t = await page.evaluate(() => {
      const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
      return {
        html: performance.getEntriesByType('navigation')[0]?.responseEnd,
        wasm: wasm?.responseEnd,
        instantiated: window.__bench.instantiated,
        stage: window.__bench.firstStage,
        paint: window.__bench.firstPaint,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      };
    });
    inserted.push(t.stage);
    painted.push(t.paint);
    const ms = (x) => (x == null ? '?' : `${x.toFixed(1)} ms`);
    note(
      `load ${i + 1}: HTML ${ms(t.html)}, wasm downloaded ${ms(t.wasm)}, instantiated ${ms(t.instantiated)}, ` +
        `stage in the DOM ${ms(t.stage)}, painted ${ms(t.paint)} (first contentful paint ${ms(t.fcp)})`,
    );
    await context.close();
  }
  note(`median stage in the DOM ${median(inserted).toFixed(1)} ms; the figure is the painted frame`);
  figure('page/first-frame', median(painted), 'ms');
}

// 2. Frame intervals and work over three 10 s windows under load; for 9 servers
// also 3., nothing done while paused.
/** One WINDOW_MS window of a loaded page: perf() and the messages in flight. */
async function frameWindow(page, nodes, w) {
  const run = await page.evaluate(
    async ([reset, windowMs]) => {
      const bench = window.__bench;
      const flight = [];
      document.dispatchEvent(new Event(reset));
      bench.frames = [];
      bench.recording = true;
      const sampler = setInterval(() => flight.push(window.raftlab.perf().messagesInFlight), 250);
      await new Promise((r) => setTimeout(r, windowMs));
      clearInterval(sampler);
      bench.recording = false;
      const perf = window.raftlab.perf();
      // perf() counts view.messages; check it is what state() shows.
      const check = [window.raftlab.state().messages.length, window.raftlab.perf().messagesInFlight];
      return { perf, flight, check, frames: bench.frames, state: window.raftlab.state() };
    },
    [RESET_STATS, WINDOW_MS],
  );
  const { perf, flight, check, frames: raf } = run;
  if (check[0] !== check[1]) throw new Error(`state().messages.length ${check[0]} != perf().messagesInFlight ${check[1]}`);
  if (perf.servers !== nodes) throw new Error(`perf() reports ${perf.servers} servers, expected ${nodes}`);
  const meanFlight = flight.reduce((a, b) => a + b, 0) / flight.length;
  const intervals = raf.slice(1).map(([ts], i) => ts - raf[i][0]);
  note(
    `${nodes} servers, window ${w + 1}: perf() covered ${perf.frameInterval.count} intervals / ${perf.work.count} frames of work ` +
      `(rAF callbacks in the window: ${raf.length}); frame max ${perf.frameInterval.max} ms; ` +
      `work p50 ${perf.work.p50} p99 ${perf.work.p99} max ${perf.work.max} ms; simulation p50 ${perf.simulation.p50} p95 ${perf.simulation.p95} ms`,
  );
  note(
    `${nodes} servers, window ${w + 1}, measured around the app's rAF callbacks: interval p50 ${percentile(intervals, 0.5).toFixed(1)} ` +
      `p95 ${percentile(intervals, 0.95).toFixed(1)} ms; callback (synchronous part) p95 ${percentile(raf.map((f) => f[1]), 0.95).toFixed(2)} ms`,
  );
  note(`${nodes} servers, window ${w + 1}: messages in flight min ${Math.min(...flight)} max ${Math.max(...flight)} mean ${meanFlight.toFixed(1)} (${flight.length} samples); leader S${run.state.leader}, virtual time ${(run.state.time / 1e6).toFixed(1)} s`);
  note(`${nodes} servers, window ${w + 1}: load average ${load()}`);
  if (perf.frameInterval.count >= 600 && raf.length > 601) note('warning: perf() keeps 600 frames; the window had more, so its figures cover only the last 600');
  if (nodes === 9 && meanFlight < 30) note('warning: fewer than 30 messages in flight on average');
  return { perf, meanFlight };
}

async function frames(nodes) {
  const { page, context, errors } = await loadedPage(nodes);
  const windows = [];
  for (let w = 0; w < WINDOWS; w += 1) windows.push(await frameWindow(page, nodes, w));
  const mid = (pick) => median(windows.map(pick));
  note(`${nodes} servers: work p95 per window ${windows.map((w) => w.perf.work.p95).join(', ')} ms; the figures are medians over the ${WINDOWS} windows`);
  figure(`page/${nodes}/messages-in-flight`, mid((w) => w.meanFlight), 'messages');
  figure(`page/${nodes}/frame-p50`, mid((w) => w.perf.frameInterval.p50), 'ms');
  figure(`page/${nodes}/frame-p95`, mid((w) => w.perf.frameInterval.p95), 'ms');
  figure(`page/${nodes}/frame-p99`, mid((w) => w.perf.frameInterval.p99), 'ms');
  figure(`page/${nodes}/work-p95`, mid((w) => w.perf.work.p95), 'ms');

  if (nodes === 9) {
    const paused = await page.evaluate(
      async ([reset, ms]) => {
        const bench = window.__bench;
        window.raftlab.pause();
        // A frame asked for before the pause may still come (and do nothing).
        await new Promise((r) => setTimeout(r, 100));
        document.dispatchEvent(new Event(reset));
        const before = { requests: bench.requests, callbacks: bench.callbacks, work: window.raftlab.perf().work.count };
        const time = window.raftlab.state().time;
        await new Promise((r) => setTimeout(r, ms));
        return {
          requests: bench.requests - before.requests,
          callbacks: bench.callbacks - before.callbacks,
          work: window.raftlab.perf().work.count - before.work,
          playing: window.raftlab.state().playing,
          advanced: window.raftlab.state().time - time,
        };
      },
      [RESET_STATS, PAUSED_MS],
    );
    note(`paused ${PAUSED_MS} ms: ${paused.work} frames of work, ${paused.requests} animation frames requested, ${paused.callbacks} run; playing=${paused.playing}, virtual time advanced ${paused.advanced} us`);
    figure('page/paused-work-frames', paused.work, 'frames');
    figure('page/paused-frame-requests', paused.requests, 'frames');
  }
  if (errors.length) note(`page errors: ${errors.join('; ')}`);
  await context.close();
}

// 4. Memory after a long run at real-time speed under load (9 servers).
async function memory() {
  const { page, context, errors } = await loadedPage(9);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const sample = async (gc) => {
    if (gc) await cdp.send('HeapProfiler.collectGarbage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const inPage = await page.evaluate(() => ({
      wasm: window.__bench.memory?.buffer.byteLength ?? null,
      time: window.raftlab.state().time,
      messages: window.raftlab.perf().messagesInFlight,
    }));
    const { embedderHeapUsedSize } = await cdp.send('Runtime.getHeapUsage');
    return { js: metrics.JSHeapUsedSize, nodes: metrics.Nodes, blink: embedderHeapUsedSize, ...inPage };
  };
  const mb = (bytes) => bytes / (1024 * 1024);
  const start = await sample(true);
  if (start.wasm === null) throw new Error('the wasm memory was not reachable');
  note(`memory at the start: JS heap ${mb(start.js).toFixed(1)} MB, wasm ${mb(start.wasm).toFixed(1)} MB, ${start.nodes} DOM nodes`);
  const step = 60_000;
  for (let waited = 0; waited < MEMORY_MS; ) {
    const ms = Math.min(step, MEMORY_MS - waited);
    await page.waitForTimeout(ms);
    waited += ms;
    const s = await sample(false);
    note(`after ${waited / 1000} s: JS heap ${mb(s.js).toFixed(1)} MB (before GC), wasm ${mb(s.wasm).toFixed(1)} MB, ${s.nodes} DOM nodes, virtual time ${(s.time / 1e6).toFixed(0)} s, ${s.messages} messages in flight`);
  }
  const end = await sample(true);
  note(`at the end, after a GC: JS heap ${mb(end.js).toFixed(1)} MB (CDP Performance.getMetrics JSHeapUsedSize) + wasm linear memory ${mb(end.wasm).toFixed(1)} MB (WebAssembly.Memory buffer.byteLength)`);
  note(`not in the figure: Blink's own heap (DOM, styles; CDP Runtime.getHeapUsage embedderHeapUsedSize) ${mb(end.blink).toFixed(1)} MB, ${end.nodes} DOM nodes`);
  if (errors.length) note(`page errors: ${errors.join('; ')}`);
  figure(LONG ? 'page/memory-5min' : 'page/memory-1min', mb(end.js + end.wasm), 'MB');
  await context.close();
}

// 5. A tour step waiting for Next: the main thread's busy share (CDP
// Performance.getMetrics TaskDuration over wall time), over the first 5 s
// after the step played out (the Next button pulses three times) and over
// the 10 s after that (everything still).
async function tourWait() {
  const { page, context, errors } = await freshPage('?speed=1&lang=en#tour/election/2');
  await page.waitForFunction(() => window.raftlab?.state().tour?.done === true, undefined, { timeout: 30_000, polling: 100 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async (ms) => {
    const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const [t0, w0] = [await task(), performance.now()];
    await page.waitForTimeout(ms);
    const [t1, w1] = [await task(), performance.now()];
    return (100 * (t1 - t0) * 1000) / (w1 - w0);
  };
  const pulsing = await busy(5_000);
  const still = await busy(10_000);
  note(`a tour step waiting for Next: main thread busy ${pulsing.toFixed(2)} % in its first 5 s, ${still.toFixed(2)} % in the 10 s after`);
  figure('page/tour-wait-busy-first-5s', pulsing, '%');
  figure('page/tour-wait-busy', still, '%');
  if (errors.length) note(`page errors: ${errors.join('; ')}`);
  await context.close();
}


// 6. A classroom network (issue 18): navigation to the first stage frame
// with the network emulated at 1.6 Mbps down, 750 kbps up and 150 ms round
// trip, the cache off, every file served gzipped as a static host would.
const CLASSROOM = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const CLASSROOM_LOADS = 3;

async function classroom() {
  const zipped = await serveDirectory(DIST, '/', { gzip: true });
  const painted = [];
  try {
    for (let i = 0; i < CLASSROOM_LOADS; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(instrument);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', CLASSROOM);
      await page.goto(`${zipped.url}?seed=1`, { waitUntil: 'load', timeout: 60_000 });
      await page.waitForFunction(() => window.__bench.firstPaint !== null, undefined, { polling: 50, timeout: 60_000 });
      const t = await page.evaluate(() => {
        const files = performance.getEntriesByType('resource').map((r) => ({
          name: r.name.split('/').pop(),
          start: r.startTime,
          end: r.responseEnd,
          bytes: r.transferSize,
        }));
        return {
          html: performance.getEntriesByType('navigation')[0]?.responseEnd,
          files,
          instantiated: window.__bench.instantiated,
          stage: window.__bench.firstStage,
          paint: window.__bench.firstPaint,
        };
      });
      const wasm = t.files.find((f) => f.name.endsWith('.wasm'));
      painted.push(t.paint);
      note(
        `classroom load ${i + 1}: HTML ${t.html.toFixed(0)} ms; ` +
          t.files.map((f) => `${f.name} ${f.start.toFixed(0)}-${f.end.toFixed(0)} ms (${f.bytes} B)`).join(', ') +
          `; wasm instantiated ${t.instantiated?.toFixed(0)} ms (compile after download: ${(t.instantiated - (wasm?.end ?? 0)).toFixed(0)} ms); ` +
          `stage in the DOM ${t.stage.toFixed(0)} ms, painted ${t.paint.toFixed(0)} ms`,
      );
      await context.close();
    }
  } finally {
    await zipped.close();
  }
  figure('page/classroom-first-frame', median(painted), 'ms');
}

// 7. The main thread's whole cost per frame at 9 servers under load
// (issue 18): Chromium's own TaskDuration and ScriptDuration over a window,
// divided by the frames the app drew; then the same with the CPU throttled
// 4x (a slow laptop), with its frame rate and frame p95.
async function mainThread() {
  const { page, context, errors } = await loadedPage(9);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const window_ = async () => {
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    await page.evaluate(() => {
      window.__bench.frames = [];
      window.__bench.recording = true;
    });
    const before = await metrics();
    await page.waitForTimeout(WINDOW_MS);
    const after = await metrics();
    const raf = await page.evaluate(() => {
      window.__bench.recording = false;
      return window.__bench.frames;
    });
    const n = Math.max(1, raf.length);
    const intervals = raf.slice(1).map(([ts], i) => ts - raf[i][0]);
    return {
      fps: (1000 * raf.length) / WINDOW_MS,
      p95: percentile(intervals, 0.95),
      task: (1000 * (after.TaskDuration - before.TaskDuration)) / n,
      script: (1000 * (after.ScriptDuration - before.ScriptDuration)) / n,
      layout: (1000 * (after.LayoutDuration - before.LayoutDuration)) / n,
      style: (1000 * (after.RecalcStyleDuration - before.RecalcStyleDuration)) / n,
    };
  };
  const say = (what, w) =>
    note(
      `${what}: ${w.fps.toFixed(1)} frames/s, frame p95 ${w.p95.toFixed(1)} ms; per frame: task ${w.task.toFixed(2)} ms, ` +
        `script ${w.script.toFixed(2)} ms, style ${w.style.toFixed(2)} ms, layout ${w.layout.toFixed(2)} ms`,
    );
  const normal = await window_();
  say('9 servers', normal);
  figure('page/9/task-per-frame', normal.task, 'ms');
  figure('page/9/script-per-frame', normal.script, 'ms');
  // The same with the space-time diagram open (issue 20): the panel module
  // replays the run and draws the window every frame.
  await page.locator('[data-tab="spacetime"]').click();
  await page.locator('[data-spacetime] [data-arrow]').first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(2_000);
  const open = await window_();
  const work = await page.evaluate(() => window.raftlab.perf().work);
  say('9 servers, space-time diagram open', open);
  note(`  the app's own work per frame with it open (perf()): p50 ${work.p50} ms, p95 ${work.p95} ms over ${work.count} frames`);
  figure('page/9/spacetime-task-per-frame', open.task, 'ms');
  figure('page/9/spacetime-frame-p95', open.p95, 'ms');
  figure('page/9/spacetime-work-p95', work.p95, 'ms');
  await page.locator('[data-tab="client"]').click();
  await page.waitForTimeout(1_000);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.waitForTimeout(2_000);
  const slow = await window_();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  say('9 servers, CPU throttled 4x', slow);
  figure('page/9/throttled-fps', slow.fps, 'frames/s');
  figure('page/9/throttled-frame-p95', slow.p95, 'ms');
  figure('page/9/throttled-task-per-frame', slow.task, 'ms');
  if (errors.length) note(`page errors: ${errors.join('; ')}`);
  await context.close();
}

try {
  console.error(`page bench: ${site.url} serving ${DIST}; ${os.cpus().length} CPUs, load average ${load()}`);
  // `node bench/page.mjs tour-wait` (or classroom, main-thread) measures that alone.
  const only = process.argv[2];
  if (!only || only === 'tour-wait') await tourWait();
  if (!only || only === 'classroom') await classroom();
  if (!only || only === 'main-thread') await mainThread();
  if (!only) {
    await firstFrame();
    await frames(9);
    await frames(5);
    await memory();
  }
  console.error(`  load average at the end ${load()}`);
} finally {
  await browser.close();
  await site.close();
}
