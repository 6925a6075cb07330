// The end of raft-panels.js: `cargo xtask panels` appends this to the
// wasm-bindgen glue of raftlab's second module (the panels a student opens
// on demand), which defines `raftlabPanelsModule`. The page adds
// raft-panels.js the first time one of those panels opens; this hands the
// module to it as `window[Symbol.for('raftlab:raft-panels.js')]()`, which
// fetches and starts the wasm beside this script once, then resolves to the
// module's exports (raft-app's browser/lazy.rs). The single file carries
// the wasm in a data block instead, and this script inside its own.
(() => {
  const block = document.querySelector('script[type="application/wasm-base64"][data-panels]');
  const wasm = block
    ? Uint8Array.from(atob(block.textContent.trim()), (c) => c.charCodeAt(0))
    : new URL('raft-panels_bg.wasm', document.currentScript.src);
  let ready;
  window[Symbol.for('raftlab:raft-panels.js')] = () =>
    (ready ??= raftlabPanelsModule({ module_or_path: wasm }).then(() => raftlabPanelsModule));
})();
