// A tiny static file server for the browser tests: serves a directory (the
// release build in dist/) under a URL prefix on 127.0.0.1, on a free port.
// No dependency, and `close()` stops it for good.

import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Serves `root` at http://127.0.0.1:PORT`prefix` (prefix starts and ends
 * with "/"). Resolves to { origin, url, requests, close }, where `requests`
 * lists every path asked for. `extra` maps paths below the prefix to file
 * contents served as if they were in `root` (a broken tour, an embed page);
 * `headers` are sent with every file (a CORS header, a policy). With `gzip`,
 * files are sent gzipped to a browser that accepts it, as a static host
 * does (the page bench's classroom network).
 */
export async function serveDirectory(root, prefix = '/', { extra = {}, headers = {}, gzip = false } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('outside the served prefix');
      return;
    }
    let relative = path.slice(prefix.length) || 'index.html';
    if (relative.endsWith('/')) relative += 'index.html';
    if (Object.hasOwn(extra, relative)) {
      res.writeHead(200, {
        'content-type': TYPES[extname(relative)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : extra[relative]);
      return;
    }
    const file = normalize(join(root, relative));
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const zipped = gzip && type !== 'image/png' && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      if (zipped) body = gzipSync(body);
      res.writeHead(200, {
        'content-type': type,
        'cache-control': 'no-store',
        ...(zipped ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: origin + prefix,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
