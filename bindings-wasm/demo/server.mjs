// A tiny static server for the demo page, on localhost only: `/` is demo/, `/pkg/` the built
// package, `/fixtures/` the scenario fixtures (the demo's PZK). `node demo/server.mjs [port]`
// prints the address; the browser test starts it on a free port, and tests/consumer-chromium.mjs
// serves a consumer project's directory with it (other `roots`).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOTS = {
  '/pkg/': path.resolve(HERE, '..', 'pkg'),
  '/fixtures/': path.resolve(HERE, '..', '..', 'tests', 'scenarios', 'fixtures'),
  '/': HERE,
};
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

function resolve(urlPath, roots) {
  for (const [prefix, dir] of Object.entries(roots)) {
    if (urlPath.startsWith(prefix)) {
      const rel = decodeURIComponent(urlPath.slice(prefix.length)) || 'index.html';
      const file = path.resolve(dir, rel);
      return file.startsWith(dir + path.sep) ? file : null;
    }
  }
  return null;
}

/** Serves `roots` (URL prefix → directory, the first that matches) on `port` of 127.0.0.1 (0: a
 * free one); resolves to the listening server. A missing /favicon.ico, which a browser asks for
 * by itself, is "204 No Content", not an error on the page's console. */
export function serve(port = 0, roots = ROOTS) {
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url, 'http://localhost').pathname;
    const file = resolve(urlPath, roots);
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      if (urlPath === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(port, '127.0.0.1', () => done(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 8080));
  console.log(`http://127.0.0.1:${server.address().port}/`);
}
