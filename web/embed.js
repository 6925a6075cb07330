// raftlab's script embed. One line in a page of course notes,
//
//   <script src="https://example.org/raftlab/embed.js"></script>
//
// mounts an independent playground into every element with `data-raftlab`.
// Each reads its own attributes, the URL parameters of the same name:
// data-scenario, data-nodes, data-seed, data-speed, data-lang,
// data-controls (none | minimal | full), data-tour, data-autoplay,
// data-prevote, data-checkquorum. A playground lives in a shadow root, so
// the notes' styles and raftlab's never mix. Its element gets a `raftlab`
// property (the same API as window.raftlab) and fires `raftlab` events
// (event.detail: {type: "leader" | "committed" | "violation", ...}).
//
// This is a classic script (it also runs as a module): a classic script
// loads from any origin, so when raftlab itself cannot load (a host without
// CORS, a missing file, a page that forbids WebAssembly) it still runs and
// says why, and how to fix it, in every mount. raftlab's other files are
// found next to it, through its own index.html.

(() => {
  const script = document.currentScript ?? moduleScript();
  // One load per copy of raftlab, however often the script is included
  // (mdBook's print page repeats every chapter's script line).
  const loads = (window[Symbol.for('raftlab.embed')] ??= new Map());

  function run() {
    const mounts = [...document.querySelectorAll('[data-raftlab]')];
    if (mounts.length === 0) return;
    if (!script) {
      showAll(mounts, failure('noScript'));
      return;
    }
    const base = new URL('.', script.src).href;
    if (!loads.has(base)) {
      const loading = load(base, script.src);
      // Once in the console too, for whoever looks there first.
      loading.catch((error) => console.error(error.message ?? error));
      loads.set(base, loading);
    }
    loads.get(base).then(
      ({ raftlab, css, sheet }) => {
        for (const element of document.querySelectorAll('[data-raftlab]')) {
          if (!element.shadowRoot) raftlab.mount(element, css, sheet);
        }
        followHost();
      },
      (error) => showAll(mounts, error.raftlab ?? failure('other', { what: String(error.message ?? error) })),
    );
  }

  // A module has no document.currentScript: the last module script named
  // embed.js is this one.
  function moduleScript() {
    const named = [...document.querySelectorAll('script[type="module"][src]')].filter((s) =>
      /\/embed\.js([?#]|$)/.test(s.src),
    );
    return named.at(-1) ?? null;
  }

  async function load(base, src) {
    const index = new URL('index.html', base);
    if (location.protocol === 'file:') throw failed('file');
    let response;
    try {
      response = await fetch(index);
    } catch {
      // fetch says no more than "failed"; from another origin, a host that
      // served embed.js but refuses the fetch sends no CORS header.
      throw failed(index.origin === location.origin ? 'unreachable' : 'cors', { url: index.href, origin: index.origin });
    }
    if (!response.ok) {
      const renamed = !/\/embed\.js([?#]|$)/.test(src);
      throw failed(renamed ? 'renamed' : 'missing', { url: index.href, status: response.status, base });
    }
    const text = await response.text();
    // The build's file names carry content hashes; index.html names them,
    // so this file never goes stale.
    const named = (pattern) => {
      const found = text.match(pattern);
      if (!found) throw failed('notRaftlab', { url: index.href, base });
      return new URL(found[1], base).href;
    };
    const glue = named(/href="([^"]*raft-app-[^"/]*\.js)"/);
    const wasm = named(/href="([^"]*raft-app-[^"/]*_bg\.wasm)"/);
    const css = named(/href="([^"]*style-[^"/]*\.css)"/);
    const sheet = await mountSheet(css, base);

    // The module must not draw a whole page of its own here.
    window.raftlabManualMount = true;
    let raftlab;
    try {
      raftlab = await import(glue);
    } catch (error) {
      throw failed('script', { url: glue, origin: index.origin, what: String(error.message ?? error) });
    }
    let module;
    try {
      module = await fetch(wasm);
    } catch {
      throw failed('unreachable', { url: wasm });
    }
    if (!module.ok) throw failed('missing', { url: wasm, status: module.status, base });
    try {
      await raftlab.default({ module_or_path: module });
    } catch (error) {
      const what = String(error.message ?? error);
      throw failed(/Content.Security.Policy|unsafe-eval/i.test(what) ? 'csp' : 'other', { what });
    }
    return { raftlab, css, sheet };
  }

  // raftlab's stylesheet as one CSSStyleSheet that every mount adopts, its
  // rem lengths turned into pixels of the browser's default font size: in
  // a shadow root rem is the host page's root font size (mdBook's is
  // 10 px), which would shrink the playground's text and controls.
  async function mountSheet(url, base) {
    let response;
    try {
      response = await fetch(url);
    } catch {
      throw failed('unreachable', { url });
    }
    if (!response.ok) throw failed('missing', { url, status: response.status, base });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(await response.text());
    const px = defaultFontSize();
    // The browser parsed the rules; its serialization writes a length as
    // a number followed by its unit.
    const rem = /(?<![\w.-])(-?\d*\.?\d+)rem\b/g;
    const rewrite = (rules) => {
      for (const rule of rules) {
        if (rule.style?.cssText.includes('rem')) {
          rule.style.cssText = rule.style.cssText.replace(rem, (_, n) => `${Number(n) * px}px`);
        }
        if (rule.cssRules) rewrite(rule.cssRules);
      }
    };
    rewrite(sheet.cssRules);
    return sheet;
  }

  // The user's default font size (`medium`), which rem means in raftlab's
  // own page.
  function defaultFontSize() {
    const probe = document.createElement('div');
    probe.style.fontSize = 'medium';
    document.body.append(probe);
    const px = parseFloat(getComputedStyle(probe).fontSize);
    probe.remove();
    return px > 0 ? px : 16;
  }

  // An error that carries what the notice in each mount will say.
  function failed(cause, facts) {
    const what = failure(cause, facts);
    const error = new Error(`raftlab: ${say('en', what).join(' ')}`);
    error.raftlab = what;
    return error;
  }

  function failure(cause, facts = {}) {
    return { cause, facts };
  }

  // What went wrong and what fixes it, in the languages of the playground.
  const TEXT = {
    en: {
      title: 'raftlab could not start.',
      noScript: () => ['embed.js cannot tell where it was loaded from.', 'Load it with <script src=".../raftlab/embed.js"></script>.'],
      file: () => [
        'This page was opened from disk (file://), where the browser does not let it load raftlab.',
        'Serve the notes over HTTP (mdbook serve, or python3 -m http.server), or link to raftlab.html, which opens from disk.',
      ],
      cors: (f) => [
        `The server at ${f.origin} does not let other sites load raftlab: it sends no Access-Control-Allow-Origin header.`,
        `Make it send "Access-Control-Allow-Origin: *" with raftlab's files, copy raftlab's files next to these notes (in mdBook: into src/raftlab/), or embed raftlab with an iframe, which needs neither.`,
      ],
      unreachable: (f) => [`${f.url} could not be reached.`, "Check that raftlab's files are on the server, and reload."],
      missing: (f) => [
        `${f.url} answered HTTP ${f.status}.`,
        `Copy all of raftlab's dist/ folder (index.html, embed.js, and the .js, .wasm and .css files) to ${f.base}.`,
      ],
      renamed: (f) => [
        `${f.url} answered HTTP ${f.status}: embed.js was loaded from a copy away from raftlab's other files (mdBook's additional-js makes such a copy).`,
        'Load it from raftlab\'s own folder instead: <script src="raftlab/embed.js"></script> in each chapter with playgrounds.',
      ],
      notRaftlab: (f) => [`${f.url} is not raftlab's index.html.`, `Copy all of raftlab's dist/ folder to ${f.base}.`],
      script: (f) => [
        `raftlab's script ${f.url} did not load (${f.what}).`,
        `If this page has a Content-Security-Policy, it must allow scripts from ${f.origin}.`,
      ],
      csp: () => [
        "This page's Content-Security-Policy does not allow WebAssembly.",
        "Add 'wasm-unsafe-eval' to its script-src.",
      ],
      other: (f) => [`${f.what}`, 'Reload the page; if it happens again, use a current browser.'],
    },
    zh: {
      title: 'raftlab 无法启动。',
      noScript: () => ['embed.js 无法确定自己从哪里加载。', '请用 <script src=".../raftlab/embed.js"></script> 加载它。'],
      file: () => [
        '此页面是从磁盘打开的（file://），浏览器不允许它加载 raftlab。',
        '请通过 HTTP 提供讲义（mdbook serve 或 python3 -m http.server），或链接到可直接从磁盘打开的 raftlab.html。',
      ],
      cors: (f) => [
        `${f.origin} 上的服务器不允许其他网站加载 raftlab：它没有发送 Access-Control-Allow-Origin 响应头。`,
        '请让它为 raftlab 的文件发送 "Access-Control-Allow-Origin: *"，或把 raftlab 的文件复制到讲义旁边（mdBook 中：复制到 src/raftlab/），或改用 iframe 嵌入（两者都不需要）。',
      ],
      unreachable: (f) => [`无法访问 ${f.url}。`, '请确认 raftlab 的文件在服务器上，然后重新加载。'],
      missing: (f) => [
        `${f.url} 返回 HTTP ${f.status}。`,
        `请把 raftlab 的整个 dist/ 文件夹（index.html、embed.js 以及 .js、.wasm、.css 文件）复制到 ${f.base}。`,
      ],
      renamed: (f) => [
        `${f.url} 返回 HTTP ${f.status}：embed.js 是从 raftlab 其他文件之外的副本加载的（mdBook 的 additional-js 会生成这样的副本）。`,
        '请从 raftlab 自己的文件夹加载：在每个含有演示的章节中写 <script src="raftlab/embed.js"></script>。',
      ],
      notRaftlab: (f) => [`${f.url} 不是 raftlab 的 index.html。`, `请把 raftlab 的整个 dist/ 文件夹复制到 ${f.base}。`],
      script: (f) => [`raftlab 的脚本 ${f.url} 没有加载（${f.what}）。`, `如果此页面有 Content-Security-Policy，它必须允许来自 ${f.origin} 的脚本。`],
      csp: () => ['此页面的 Content-Security-Policy 不允许 WebAssembly。', "请在其 script-src 中加入 'wasm-unsafe-eval'。"],
      other: (f) => [`${f.what}`, '请重新加载页面；如果再次发生，请使用较新的浏览器。'],
    },
  };

  function say(lang, { cause, facts }) {
    const text = TEXT[lang] ?? TEXT.en;
    return text[cause](facts);
  }

  // A playground without data-theme follows the host page's look: mdBook's
  // theme class on <html> (coal, navy and ayu are dark; light and rust are
  // light), else the system's preference. The host element carries the
  // look it got (data-look), so its card is drawn in it too.
  const DARK_BOOKS = ['coal', 'navy', 'ayu'];
  const LIGHT_BOOKS = ['light', 'rust'];
  let following = false;
  function hostTheme() {
    const classes = document.documentElement.classList;
    if (DARK_BOOKS.some((t) => classes.contains(t))) return 'dark';
    if (LIGHT_BOOKS.some((t) => classes.contains(t))) return 'light';
    return 'auto';
  }
  function followHost() {
    // A playground's API appears once it has drawn its first frame; until
    // then, try again each frame (for at most about five seconds).
    const apply = (tries = 300) => {
      let waiting = false;
      for (const element of document.querySelectorAll('[data-raftlab]')) {
        if (!element.raftlab?.setTheme) {
          waiting ||= Boolean(element.shadowRoot) && !element.shadowRoot.querySelector('.raftlab-failed');
          continue;
        }
        const look = element.raftlab.setTheme(element.dataset.theme || hostTheme());
        if (look) element.dataset.look = look;
      }
      if (waiting && tries > 0) requestAnimationFrame(() => apply(tries - 1));
    };
    apply();
    if (following) return;
    following = true;
    new MutationObserver(() => apply()).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => apply());
  }

  // A short notice in place of each playground, in its own shadow root so
  // the notes' styles cannot hide it.
  function showAll(mounts, what) {
    for (const element of mounts) {
      if (element.shadowRoot) continue;
      const lang = element.dataset.lang === 'zh' ? 'zh' : 'en';
      const [cause, fix] = say(lang, what);
      let root;
      try {
        root = element.attachShadow({ mode: 'open' });
      } catch {
        element.textContent = `${TEXT[lang].title} ${cause} ${fix}`;
        continue;
      }
      const box = document.createElement('div');
      box.setAttribute('role', 'alert');
      box.className = 'raftlab-failed';
      Object.assign(box.style, {
        all: 'initial',
        display: 'block',
        colorScheme: 'light',
        font: '15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif',
        color: '#1d2430',
        background: '#fff4e2',
        border: '1px solid #e0a040',
        borderRadius: '8px',
        padding: '12px 16px',
      });
      const title = document.createElement('strong');
      title.style.color = '#8a4b00';
      title.textContent = TEXT[lang].title;
      const lines = [cause, fix].map((line) => {
        const p = document.createElement('p');
        p.style.margin = '6px 0 0';
        p.textContent = line;
        return p;
      });
      box.append(title, ...lines);
      root.append(box);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
})();
