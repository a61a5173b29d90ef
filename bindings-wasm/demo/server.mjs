// A tiny static server for the demo page, on localhost only: `/` is demo/, `/pkg/` the built
// package, `/fixtures/` the scenario fixtures (the demo's PZK). `node demo/server.mjs [port]`
// prints the address; the browser test starts it on a free port.
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

function resolve(urlPath) {
  for (const [prefix, dir] of Object.entries(ROOTS)) {
    if (urlPath.startsWith(prefix)) {
      const rel = decodeURIComponent(urlPath.slice(prefix.length)) || 'index.html';
      const file = path.resolve(dir, rel);
      return file.startsWith(dir + path.sep) ? file : null;
    }
  }
  return null;
}

export function serve(port = 0) {
  const server = http.createServer((req, res) => {
    const file = resolve(new URL(req.url, 'http://localhost').pathname);
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
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
