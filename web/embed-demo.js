// The embedding demo's own script: drives the iframe through postMessage
// and shows what it answers and what it reports.

const frame = document.getElementById('election-frame');
const log = document.getElementById('election-log');
const lines = [];
let next = 1;

function show(line) {
  lines.push(line);
  log.textContent = lines.slice(-6).join('\n');
}

function send(request) {
  const message = { ...request, id: next++ };
  // Same origin here; a page elsewhere names the playground's origin instead.
  frame.contentWindow.postMessage(message, location.origin);
}

window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== location.origin) return;
  const data = event.data;
  if (!data || typeof data !== 'object' || !('raftlab' in data)) return;
  if (data.raftlab === 'event') {
    const what = data.type === 'leader' ? `S${data.leader} leads term ${data.term}`
      : data.type === 'committed' ? `committed up to entry ${data.index}`
      : `${data.invariant} violated: ${data.message}`;
    show(`event: ${what}`);
  } else if (data.raftlab === 'reply') {
    const result = data.ok
      ? (typeof data.result === 'object' ? `leader ${data.result.leader ?? 'none'}, time ${data.result.time} µs` : JSON.stringify(data.result))
      : `refused: ${data.error}`;
    show(`reply #${data.id}: ${result}`);
  }
});

for (const button of document.querySelectorAll('[data-send]')) {
  button.addEventListener('click', () => {
    const what = button.dataset.send;
    if (what === 'isolate-leader') send({ raftlab: 'act', action: 'isolate_leader' });
    else send({ raftlab: what });
  });
}

// Script mounts report through DOM events on their element.
for (const element of document.querySelectorAll('[data-raftlab]')) {
  element.addEventListener('raftlab', (event) => {
    if (event.detail.type === 'violation') element.dataset.violation = event.detail.invariant;
  });
}
