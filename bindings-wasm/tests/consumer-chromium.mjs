// Opens a page of a consumer project in Chromium (package-test.sh: the esbuild bundle of the
// package README's bundler guide) and prints what the page logged to its console, one message a
// line, for the caller to compare with the README's expected output.
//
//   node tests/consumer-chromium.mjs DIR PAGE LINES
//
// DIR is served on localhost by demo/server.mjs (`.wasm` as application/wasm, as the guide asks),
// PAGE is opened, and the script waits for LINES messages of type `log`. It fails (exit 1, the
// reason on stderr) on a page error, a console warning or error, a request that failed or was not
// found, no `.wasm` fetched, or fewer messages than LINES within 20 s. Chromium as in
// browser.test.mjs (helpers.mjs: Debian's /usr/bin/chromium, or $CHROMIUM_PATH).
import path from 'node:path';
import { serve } from '../demo/server.mjs';
import { launchChromium } from './helpers.mjs';

const [dir, page, lines] = process.argv.slice(2);
if (!dir || !page || !/^[1-9][0-9]*$/.test(lines ?? '')) {
  console.error('usage: node tests/consumer-chromium.mjs DIR PAGE LINES');
  process.exit(2);
}
const wanted = Number(lines);
const root = path.resolve(dir);
const server = await serve(0, { '/': root });

const problems = [];
const logged = [];
const wasmFetched = [];
const browser = await launchChromium();
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (err) => problems.push(`page error: ${err}`));
  tab.on('console', (msg) => {
    if (msg.type() === 'log') logged.push(msg.text());
    else if (msg.type() === 'warning' || msg.type() === 'error') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  tab.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  tab.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.status()}: ${res.url()}`);
    else if (res.url().endsWith('.wasm')) wasmFetched.push(res.url());
  });
  await tab.goto(`http://127.0.0.1:${server.address().port}/${page}`);
  const deadline = Date.now() + 20000;
  while (logged.length < wanted && problems.length === 0 && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 50));
  }
} finally {
  await browser.close();
  server.close();
}
if (logged.length < wanted) problems.push(`${logged.length} console messages of ${wanted}`);
if (wasmFetched.length === 0) problems.push('no .wasm was fetched');
else console.error(`# fetched ${wasmFetched.map((u) => new URL(u).pathname).join(', ')}`);
for (const line of logged) console.log(line);
for (const problem of problems) console.error(problem);
process.exit(problems.length === 0 ? 0 : 1);
