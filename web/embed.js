// raftlab's script embed. One line in a page of course notes,
//
//   <script type="module" src="https://example.org/raftlab/embed.js"></script>
//
// mounts an independent playground into every element with `data-raftlab`.
// Each reads its own attributes, the URL parameters of the same name:
// data-scenario, data-nodes, data-seed, data-speed, data-lang,
// data-controls (none | minimal | full), data-tour, data-autoplay,
// data-prevote, data-checkquorum. A playground lives in a shadow root, so
// the notes' styles and raftlab's never mix. Its element gets a `raftlab`
// property (the same API as window.raftlab) and fires `raftlab` events
// (event.detail: {type: "leader" | "committed" | "violation", ...}).

const base = new URL('.', import.meta.url);

async function start() {
  // The build's file names carry content hashes; the site's own index.html
  // names them, so this file never goes stale.
  const response = await fetch(new URL('index.html', base));
  if (!response.ok) throw new Error(`raftlab: cannot read ${base}index.html (HTTP ${response.status})`);
  const index = await response.text();
  const named = (pattern, what) => {
    const found = index.match(pattern);
    if (!found) throw new Error(`raftlab: ${base}index.html names no ${what}`);
    return new URL(found[1], base).href;
  };
  const glue = named(/href="([^"]*raft-app-[^"/]*\.js)"/, 'script');
  const wasm = named(/href="([^"]*raft-app-[^"/]*_bg\.wasm)"/, 'WebAssembly module');
  const css = named(/href="([^"]*style-[^"/]*\.css)"/, 'stylesheet');

  // The module must not draw a whole page of its own here.
  window.raftlabManualMount = true;
  const raftlab = await import(glue);
  await raftlab.default({ module_or_path: wasm });
  for (const element of document.querySelectorAll('[data-raftlab]')) {
    if (!element.shadowRoot) raftlab.mount(element, css);
  }
}

start().catch((error) => {
  for (const element of document.querySelectorAll('[data-raftlab]')) {
    if (!element.shadowRoot) element.textContent = String(error.message ?? error);
  }
  throw error;
});
