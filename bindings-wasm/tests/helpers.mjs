// Shared helpers of the package's tests: where things are, the built package (Node build), the
// scenario files, JSON Pointers, and the canonical JSON text every language's runner writes.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PKG_DIR = path.resolve(HERE, '..', 'pkg');
export const ROOT = path.resolve(HERE, '..', '..');
export const SCENARIOS = path.join(ROOT, 'tests', 'scenarios');
export const TARGET = path.join(ROOT, 'target');
/** The Node build with the tests' panic trigger and the basket sheet (`build.sh --test-hooks`;
 * never in pkg/). */
export const TEST_HOOKS_ENTRY = path.join(TARGET, 'wasm-test-hooks', 'node', 'kooperacje.js');

/** Debian's Chromium (or $CHROMIUM_PATH), headless, driven by playwright-core: the browser of the
 * demo's test and of package-test.sh's bundle (tests/consumer-chromium.mjs). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** The built package's Node entry (CommonJS), as `require('kooperacje')` gives it in Node, or
 * with `entry` "basket" as `require('kooperacje/basket')` does. */
export function loadPackage(entry = '') {
  const require = createRequire(import.meta.url);
  return require(path.join(PKG_DIR, entry, 'node', 'kooperacje.js'));
}

export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Every scenario file, in name order (fixtures live in a subdirectory). */
export function scenarioFiles() {
  return fs
    .readdirSync(SCENARIOS)
    .filter((f) => f.endsWith('.json') && fs.statSync(path.join(SCENARIOS, f)).isFile())
    .sort()
    .map((f) => path.join(SCENARIOS, f));
}

/** The commands of a fixture, its own `given` first (depth first), as the README says. */
export function fixtureCommands(name, depth = 0) {
  if (depth >= 8) throw new Error(`fixture nesting too deep at ${name}`);
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) {
    throw new Error(`fixture name ${JSON.stringify(name)} is not a plain file name`);
  }
  const data = readJson(path.join(SCENARIOS, 'fixtures', `${name}.json`));
  for (const key of Object.keys(data)) {
    if (!['description', 'given', 'commands'].includes(key)) {
      throw new Error(`fixture ${name}: unknown key ${key}`);
    }
  }
  const out = [];
  for (const inner of data.given ?? []) out.push(...fixtureCommands(inner, depth + 1));
  out.push(...data.commands);
  return out;
}

/** RFC 6901 JSON Pointer: `{found, value}`. */
export function resolvePointer(document, pointer) {
  if (pointer === '') return { found: true, value: document };
  if (!pointer.startsWith('/')) throw new Error(`not a JSON Pointer: ${pointer}`);
  let node = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= node.length) return { found: false };
      node = node[Number(token)];
    } else if (node !== null && typeof node === 'object') {
      if (!Object.hasOwn(node, token)) return { found: false };
      node = node[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: node };
}

function byCodePoint(a, b) {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The canonical text of a result: two-space indentation, members sorted by name (by code
 * point), non-ASCII as it is, a final newline — byte for byte what the Python runner writes with
 * `json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n"`.
 */
export function canonicalText(value) {
  return `${canonical(value, '')}\n`;
}

function canonical(v, indent) {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isInteger(v)) {
      throw new Error(`a non-integer number ${v} has no agreed canonical form`);
    }
    return JSON.stringify(v);
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + canonical(x, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(v).sort(byCodePoint);
  if (keys.length === 0) return '{}';
  const members = keys.map((k) => `${inner}${JSON.stringify(k)}: ${canonical(v[k], inner)}`);
  return `{\n${members.join(',\n')}\n${indent}}`;
}

/** Methods wasm-bindgen writes into every class to manage the Rust object's memory: `free` (also
 * `Symbol.dispose`) drops it, `__destroy_into_raw` and `__wrap` pass its pointer. No body of the
 * library runs in them. */
const MEMORY_MANAGEMENT = new Set(['free', '__destroy_into_raw', '__wrap']);

const isClass = (f) => /^class\b/.test(Function.prototype.toString.call(f));

/** The parameter names of a function, method, getter or class constructor of the glue. */
export function parameterNames(f, isConstructor = false) {
  const source = Function.prototype.toString.call(f);
  const at = isConstructor ? source.search(/\bconstructor\s*\(/) : 0;
  if (at < 0) return [];
  const list = source.slice(at).match(/\(([^)]*)\)/)[1];
  return list.split(',').map((p) => p.trim().replace(/=.*$/, '').trim()).filter(Boolean);
}

/** Every entry point of a package: `{name, cls, member, kind}` — every exported function, and every
 * constructor, static method, method, getter and setter of every exported class — but those named
 * in `skip`. Found in the built package, not listed, so one added later is tested without a
 * change to the tests. */
export function entryPoints(k, skip = []) {
  const out = [];
  for (const name of Object.keys(k).sort()) {
    const value = k[name];
    if (typeof value !== 'function' || skip.includes(name)) continue;
    if (!isClass(value)) {
      out.push({ name, kind: 'function', member: name });
      continue;
    }
    out.push({ name: `new ${name}`, kind: 'constructor', cls: name });
    for (const member of Object.getOwnPropertyNames(value).sort()) {
      if (['length', 'name', 'prototype'].includes(member) || MEMORY_MANAGEMENT.has(member)) continue;
      out.push({ name: `${name}.${member}`, kind: 'static', cls: name, member });
    }
    for (const member of Object.getOwnPropertyNames(value.prototype).sort()) {
      if (member === 'constructor' || MEMORY_MANAGEMENT.has(member)) continue;
      const d = Object.getOwnPropertyDescriptor(value.prototype, member);
      if (d.get) out.push({ name: `${name}#${member}`, kind: 'getter', cls: name, member });
      if (d.set) out.push({ name: `${name}#${member}=`, kind: 'setter', cls: name, member });
      if (typeof d.value === 'function') out.push({ name: `${name}#${member}()`, kind: 'method', cls: name, member });
    }
  }
  return out;
}
