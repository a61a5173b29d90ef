// Arguments of the wrong type: every entry point answers with the package's typed error, never
// with a trap (issue 16, item 10). wasm-bindgen's glue copies a string argument into the module's
// memory by its `length` and its characters, so a number, an object or a boolean passed where a
// string is declared reached Rust as a pointer and a length of garbage: `RuntimeError: memory
// access out of bounds`, or a string that was never passed.
//
// The entry points are found in the built package, as panics.test.mjs finds them, and the type
// of each parameter is read from the package's own TypeScript declarations, so an entry point or
// a parameter added later is tested without a change here:
// - a parameter declared as text (`string`, a string literal, an alias of either such as `ZzkId`,
//   `IsoDate` or `EnumName`, or `Uint8Array`, for bytes) must refuse a number, an object and a
//   boolean — and `null` and `undefined` unless it is optional — with a typed error;
// - any parameter, given any of them, must answer with a value or a typed error, never a trap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PKG_DIR, entryPoints, fixtureCommands, parameterNames } from './helpers.mjs';

const require = createRequire(import.meta.url);
const ENTRY = path.join(PKG_DIR, 'node', 'kooperacje.js');

/** The Node build of the package, instantiated anew (a trap may leave an instance broken). */
function freshPackage() {
  delete require.cache[require.resolve(ENTRY)];
  const k = require(ENTRY);
  delete require.cache[require.resolve(ENTRY)];
  return k;
}

const BAD = [
  ['a number', 42],
  ['an object', { id: 'zzk-kowalscy' }],
  ['a boolean', true],
  ['null', null],
  ['undefined', undefined],
];

// ---- The declarations ----

const stripComments = (s) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

/** Splits at the commas (or bars) that are not inside brackets. */
function splitTop(text, separator) {
  const out = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if ('<([{'.includes(ch)) depth += 1;
    if ('>)]}'.includes(ch)) depth -= 1;
    if (ch === separator && depth === 0) {
      out.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** The parameters of a declaration `name(…)` found at `at` in `source`: `{name, optional, parts}`. */
function declaredParameters(source, at) {
  let depth = 0;
  const open = source.indexOf('(', at);
  let close = open;
  for (; close < source.length; close++) {
    if (source[close] === '(') depth += 1;
    if (source[close] === ')') depth -= 1;
    if (depth === 0) break;
  }
  return splitTop(source.slice(open + 1, close), ',').map((p) => {
    const colon = p.indexOf(':');
    const name = p.slice(0, colon).trim();
    return {
      name: name.replace(/\?$/, ''),
      optional: name.endsWith('?'),
      parts: splitTop(p.slice(colon + 1).trim(), '|'),
    };
  });
}

/** Every declaration of the package's `.d.ts`, by entry point name (as `entryPoints` names them). */
function declarations() {
  const source = stripComments(fs.readFileSync(path.join(PKG_DIR, 'node', 'kooperacje.d.ts'), 'utf8'));
  const out = new Map();
  for (const m of source.matchAll(/export function (\w+)\s*\(/g)) {
    out.set(m[1], declaredParameters(source, m.index + m[0].length - 1));
  }
  for (const m of source.matchAll(/export class (\w+)\s*\{/g)) {
    const cls = m[1];
    const bodyStart = m.index + m[0].length;
    const body = source.slice(bodyStart, source.indexOf('\n}', bodyStart));
    for (const member of body.matchAll(/^\s*(static\s+)?(\w+)\s*\(/gm)) {
      const at = member.index + member[0].length - 1;
      const name = member[2] === 'constructor' ? `new ${cls}` : member[1] ? `${cls}.${member[2]}` : `${cls}#${member[2]}()`;
      out.set(name, declaredParameters(body, at));
    }
  }
  return out;
}

/** The package's type aliases (`export type ZzkId = string;`), from its generated types. */
function aliases() {
  const source = stripComments(fs.readFileSync(path.join(PKG_DIR, 'types.d.ts'), 'utf8'));
  const out = new Map();
  for (const m of source.matchAll(/^export type (\w+) = ([^;{]+);/gm)) out.set(m[1], m[2].trim());
  return out;
}

const ALIASES = aliases();

/** Whether a part of a declared type is text: a string, a string literal, an alias of text, the
 * keys of a type (`keyof X`), or bytes. */
function isText(part, seen = new Set()) {
  if (part === 'string' || part === 'Uint8Array' || /^"[^"]*"$/.test(part) || /^keyof \w+$/.test(part)) return true;
  const rhs = ALIASES.get(part);
  if (rhs === undefined || seen.has(part)) return false;
  seen.add(part);
  return splitTop(rhs, '|').every((p) => isText(p, seen));
}

const NULLISH = new Set(['null', 'undefined']);

/** `{text, optional}`: whether the parameter takes only text, and whether it may be left out. */
function kindOf(parameter) {
  const parts = parameter.parts.filter((p) => !NULLISH.has(p));
  return {
    text: parts.length > 0 && parts.every((p) => isText(p)),
    optional: parameter.optional || parameter.parts.some((p) => NULLISH.has(p)),
  };
}

// ---- Calls ----

const SUSPEND = {
  type: 'suspend_zzk', zzk_id: 'zzk-kowalscy', ground: 'crisis', review_on: '2026-10-01', details: null,
};
const ENVELOPE = { at: '2026-09-01T09:00:00Z', actor: 'sw-ewa', command: SUSPEND };

/** A value each parameter takes, by entry point, then by parameter name: with these, every call
 * succeeds (checked below), so a refusal is the bad argument's. */
const BY_ENTRY = {
  'Model#execute()': { command: ENVELOPE },
  'Model#decide()': { command: ENVELOPE },
  'Model#executeJson()': { command: JSON.stringify(ENVELOPE) },
  'Model#run()': { command: SUSPEND },
  'Model#partnership()': { id: 'pzk-1' },
  'Model#zzk()': { id: 'zzk-kowalscy' },
};
const BY_NAME = {
  options: undefined,
  events: [],
  jsonl: '',
  at: '2026-09-01T09:00:00Z',
  actor: 'sw-ewa',
  partnership_id: 'pzk-1',
  partnershipId: 'pzk-1',
  query: {},
  asOf: '2026-05-04',
  period: '2026-05',
  enumName: 'ZzkStage',
  code: 'active',
  lang: 'pl',
  chunk: new Uint8Array(0),
  value: new Error('not a package error'),
};

function plausible(entry, name) {
  const own = BY_ENTRY[entry.name];
  if (own && name in own) return own[name];
  assert.ok(name in BY_NAME, `${entry.name}: no value for its parameter "${name}": add one to BY_NAME or BY_ENTRY`);
  return BY_NAME[name];
}

/** The function of an entry point and what to call it on, on package `k`. */
function target(k, entry) {
  const Class = entry.cls && k[entry.cls];
  const receiver = () => {
    if (entry.cls === 'Model') {
      const model = new k.Model();
      for (const command of fixtureCommands('active_zzk')) model.execute(command);
      return model;
    }
    if (entry.cls === 'Replay') return new k.Replay();
    return assert.fail(`no object of ${entry.cls} to call ${entry.name} on: add one here`);
  };
  switch (entry.kind) {
    case 'function':
      return { f: k[entry.member], call: (args) => k[entry.member](...args) };
    case 'constructor':
      return { f: Class, isConstructor: true, call: (args) => new Class(...args) };
    case 'static':
      return { f: Class[entry.member], call: (args) => Class[entry.member](...args) };
    case 'method':
      return { f: Class.prototype[entry.member], call: (args) => receiver()[entry.member](...args) };
    default:
      return null;
  }
}

/** Runs `f`: `{error}` or `{value}`. */
function attempt(f) {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

function assertTyped(k, error, what) {
  assert.ok(!(error instanceof WebAssembly.RuntimeError), `${what}: the module trapped: ${error}`);
  assert.ok(k.isKooperacjeError(error), `${what}: not a package error: ${error?.name}: ${error?.message}`);
}

const DECLARED = declarations();
const ENTRY_POINTS = entryPoints(freshPackage()).filter((e) => !['getter', 'setter'].includes(e.kind));

test('every entry point is declared, and the text parameters are found', () => {
  const k = freshPackage();
  let text = 0;
  for (const entry of ENTRY_POINTS) {
    const { f, isConstructor } = target(k, entry);
    const names = parameterNames(f, isConstructor);
    const declared = DECLARED.get(entry.name);
    assert.ok(declared, `${entry.name} is not in kooperacje.d.ts`);
    assert.deepEqual(declared.map((p) => p.name), names, `${entry.name}: the declaration names other parameters`);
    text += declared.filter((p) => kindOf(p).text).length;
  }
  // partnership, zzk, registry, indicators, searchBasket, monitoring (2), executeJson, run's actor,
  // label (3), applyJsonl, fromJsonl, push: the test must not pass by finding none.
  assert.ok(text >= 15, `only ${text} text parameters found`);
});

for (const entry of ENTRY_POINTS) {
  test(`${entry.name}: an argument of the wrong type is a typed error, never a trap`, () => {
    const k = freshPackage();
    const { f, isConstructor, call } = target(k, entry);
    const declared = DECLARED.get(entry.name) ?? [];
    const names = parameterNames(f, isConstructor);
    const good = names.map((n) => plausible(entry, n));
    const control = attempt(() => call(good));
    assert.equal(control.error, undefined, `${entry.name} with good arguments: ${control.error}`);
    names.forEach((name, i) => {
      const kind = kindOf(declared[i]);
      for (const [label, bad] of BAD) {
        const args = [...good];
        args[i] = bad;
        const what = `${entry.name}: ${name} = ${label}`;
        const { error } = attempt(() => call(args));
        const mayPass = !kind.text || (kind.optional && (bad === null || bad === undefined));
        if (error === undefined) {
          assert.ok(mayPass, `${what} (declared ${declared[i].parts.join(' | ')}) was taken`);
          continue;
        }
        assertTyped(k, error, what);
        if (kind.text) assert.equal(error.code, 'MALFORMED_JSON', `${what}: ${error.message}`);
      }
    });
    // Whatever happened, the instance answers.
    assert.ok(k.catalogue().enums.ZzkStage.length > 5);
  });
}

test('Replay: finish gives the model once; after it, a call is a typed error', () => {
  const k = freshPackage();
  const replay = new k.Replay();
  // The first event of a PZK, as a line.
  const line = `${JSON.stringify(new k.Model().decide(fixtureCommands('operating_pzk')[0])[0])}\n`;
  replay.push(new TextEncoder().encode(line));
  const model = replay.finish();
  assert.equal(model.eventCount, 1);
  for (const [what, f] of [
    ['finish() again', () => replay.finish()],
    ['push() after finish()', () => replay.push(new TextEncoder().encode(line))],
  ]) {
    const { error } = attempt(f);
    assert.ok(error !== undefined, `${what} did not throw`);
    assertTyped(k, error, what);
    assert.equal(error.code, 'REPLAY_ALREADY_FINISHED', `${what}: ${error.code}: ${error.message}`);
    assert.equal(error.name, 'ConflictError');
    assert.match(error.message, /finish/, `${what}: ${error.message}`);
    assert.match(error.messagePl, /zakończone/, `${what}: ${error.messagePl}`);
  }
  // The count stays what it was, the model it gave is whole, and the replay can still be freed.
  assert.equal(replay.count, 1);
  assert.equal(model.eventCount, 1);
  assert.deepEqual(model.partnershipIds(), ['pzk-1']);
  replay.free();
});
