// The npm package as built in pkg/ (package-test.sh tests the packed tarball, installed, with its
// README and LICENSE): package.json (name, version, types, exports), each module once, `require` and
// `import` of `kooperacje` in Node through `exports`, the browser build (initialised by hand in
// Node here; the browser test loads it in Chromium), the size budget of the module, and the second
// entry point `kooperacje/basket` (the same API and the basket sheet, in its own module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PKG_DIR, ROOT, entryPoints, loadPackage } from './helpers.mjs';

/** 300 KiB: the budget of the gzipped module (issue 5). */
const BUDGET = 300 * 1024;
/** 400 KiB: the budget of the gzipped module of `kooperacje/basket`, which a host loads only to
 * read or write a basket sheet (362 KiB when the entry point was made). */
const BASKET_BUDGET = 400 * 1024;

const pkg = JSON.parse(fs.readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8'));

function workspaceVersion() {
  const cargo = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const section = cargo.slice(cargo.indexOf('[workspace.package]'));
  return section.match(/^version = "([^"]+)"/m)[1];
}

test('package.json: name, version, types and every file its exports name', () => {
  assert.equal(pkg.name, 'kooperacje');
  assert.equal(pkg.version, workspaceVersion());
  assert.equal(loadPackage().version(), pkg.version);
  assert.ok(fs.existsSync(path.join(PKG_DIR, pkg.types)), pkg.types);
  const targets = [];
  const walk = (node) => {
    if (typeof node === 'string') targets.push(node);
    else for (const value of Object.values(node)) walk(value);
  };
  walk(pkg.exports);
  assert.ok(targets.length >= 10);
  for (const target of targets) assert.ok(fs.existsSync(path.join(PKG_DIR, target)), target);
  // Every set of conditions that ends in a file names its types first (TypeScript takes the
  // first condition that matches); Node's has them for `import` and for `require`.
  const leaves = [];
  const conditions = (node, where) => {
    if ('default' in node && typeof node.default === 'string') leaves.push([where, node]);
    else for (const [condition, inner] of Object.entries(node)) conditions(inner, `${where} ${condition}`);
  };
  for (const name of ['.', './basket']) conditions(pkg.exports[name], name);
  assert.equal(leaves.length, 10);
  for (const [where, entry] of leaves) assert.equal(Object.keys(entry)[0], 'types', `"types" must come first under ${where}`);
  assert.deepEqual(Object.keys(pkg.exports['.'].node), ['import', 'require']);
});

test('every file of the package is 0644 and every directory 0755, as npm packs them', () => {
  const odd = [];
  let files = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      const mode = fs.statSync(file).mode & 0o777;
      const wanted = entry.isDirectory() ? 0o755 : 0o644;
      if (mode !== wanted) odd.push(`${path.relative(PKG_DIR, file)}: ${mode.toString(8)}`);
      if (entry.isDirectory()) walk(file);
      else files += 1;
    }
  };
  const root = fs.statSync(PKG_DIR).mode & 0o777;
  if (root !== 0o755) odd.push(`pkg/: ${root.toString(8)}`);
  walk(PKG_DIR);
  assert.ok(files >= 9, `${files} files`);
  assert.deepEqual(odd, []);
});

test('each module is in the package once, in web/: the Node builds load it from there', () => {
  const wasm = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.wasm')) wasm.push(path.relative(PKG_DIR, file));
    }
  };
  walk(PKG_DIR);
  assert.deepEqual(wasm.sort(), [path.join('basket', 'web', 'kooperacje_bg.wasm'), path.join('web', 'kooperacje_bg.wasm')]);
  for (const entry of ['', 'basket']) {
    const glue = fs.readFileSync(path.join(PKG_DIR, entry, 'node', 'kooperacje.js'), 'utf8');
    assert.match(glue, /^const wasmPath = `\$\{__dirname\}\/\.\.\/web\/kooperacje_bg\.wasm`;$/m, `${entry} node glue`);
  }
});

test('Node resolves `kooperacje` through exports, by require and by import', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kooperacje-pkg-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(PKG_DIR, path.join(dir, 'node_modules', 'kooperacje'), 'dir');
  const probe = 'const m = new k.Model(); process.stdout.write(k.version() + " " + m.stateJson())';
  const cjs = spawnSync(process.execPath, ['-e', `const k = require("kooperacje"); ${probe}`], { cwd: dir, encoding: 'utf8' });
  assert.equal(cjs.status, 0, cjs.stderr);
  assert.equal(cjs.stdout, `${pkg.version} {"partnerships":{},"zzks":{}}`);
  const esm = spawnSync(process.execPath, ['--input-type=module', '-e', `import * as k from "kooperacje"; ${probe}`], { cwd: dir, encoding: 'utf8' });
  assert.equal(esm.status, 0, esm.stderr);
  assert.equal(esm.stdout, cjs.stdout);
  // `import` gets the instance `require` gets, and the web build's `init` and `initSync`, idle.
  const same = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import init, { initSync, Model } from "kooperacje";
    import { createRequire } from "node:module";
    const required = createRequire(process.cwd() + "/")("kooperacje");
    process.stdout.write([await init(), initSync(), Model === required.Model, required.default].join(" "));`], { cwd: dir, encoding: 'utf8' });
  assert.equal(same.status, 0, same.stderr);
  assert.equal(same.stdout, '  true ');
  const named = spawnSync(process.execPath, ['--input-type=module', '-e', 'import { Model, catalogue } from "kooperacje"; new Model(); process.stdout.write(String(catalogue().enums.ZzkStage.length))'], { cwd: dir, encoding: 'utf8' });
  assert.equal(named.status, 0, named.stderr);
  assert.ok(Number(named.stdout) > 5);
  const basketProbe = 'const m = new k.Model(); process.stdout.write(typeof k.basketExport + " " + m.stateJson())';
  for (const args of [
    ['-e', `const k = require("kooperacje/basket"); ${basketProbe}`],
    ['--input-type=module', '-e', `import * as k from "kooperacje/basket"; ${basketProbe}`],
  ]) {
    const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'function {"partnerships":{},"zzks":{}}');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('kooperacje/basket has the whole API of the package and the basket sheet; the package has not', () => {
  const main = loadPackage();
  const basket = loadPackage('basket');
  const names = (k) => entryPoints(k).map((e) => e.name);
  const extra = names(basket).filter((name) => !names(main).includes(name));
  assert.deepEqual(extra, ['basketExport', 'basketImport']);
  assert.deepEqual(names(main).filter((name) => !names(basket).includes(name)), []);
  assert.equal(main.basketExport, undefined);
  // Each entry point is its own module: a model of one is not a model of the other.
  assert.throws(() => basket.basketExport(new main.Model(), 'pzk-1', 'csv'));
});

test('the browser build works once initialised with the module\'s bytes', async () => {
  const web = await import(pathToFileURL(path.join(PKG_DIR, 'web', 'kooperacje.js')).href);
  web.initSync({ module: fs.readFileSync(path.join(PKG_DIR, 'web', 'kooperacje_bg.wasm')) });
  const model = new web.Model();
  assert.equal(model.stateJson(), loadPackage().Model.prototype.stateJson.call(new (loadPackage().Model)()));
  assert.throws(() => model.zzk('x'), (e) => e.code === 'ZZK_NOT_FOUND' && web.isKooperacjeError(e));
});

for (const [entry, budget] of [['', BUDGET], ['basket', BASKET_BUDGET]]) {
  const file = path.join(entry, 'web', 'kooperacje_bg.wasm');
  test(`the module ${file} is within its size budget (gzipped)`, (t) => {
    const bytes = fs.readFileSync(path.join(PKG_DIR, file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    const line = `${file}: ${bytes.length} bytes, ${gz} bytes gzipped (${(gz / 1024).toFixed(1)} KiB of ${budget / 1024} KiB)`;
    t.diagnostic(line);
    console.log(`# size: ${line}`);
    assert.ok(gz <= budget, line);
  });
}
