// No panic leaves the package as anything but an `InternalError` with code `INTERNAL_ERROR`, from
// every entry point. The entry points are found in the built package, not listed: every exported
// function, and every constructor, static method, method and getter of every exported class, so
// one added later is tested without a change here. For each, the trigger of the tests' build of
// the module (`__armPanicForTests`: only in target/wasm-test-hooks/node/, which
// `build.sh --test-hooks` builds beside pkg/ as scripts/test does, with the API of the larger entry
// point `kooperacje/basket`; never in pkg/) is armed, which
// makes the next guarded call panic inside `errors::guard`; the call must throw `INTERNAL_ERROR`
// (thrown by the panic hook; not the `RuntimeError: unreachable` of a trap), and the instance must
// then be poisoned: every later call throws `INTERNAL_ERROR` too.
//
// A panic poisons its instance, so every entry point gets a fresh one: the Node build loaded anew
// (a new WebAssembly.Instance with its own memory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import {
  TEST_HOOKS_ENTRY as ENTRY, entryPoints as allEntryPoints, fixtureCommands, loadPackage, parameterNames,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
const ARM = '__armPanicForTests';

/** Every entry point of a package but the trigger. */
const entryPoints = (k) => allEntryPoints(k, [ARM]);

/** The Node build, instantiated anew. */
function freshPackage() {
  delete require.cache[require.resolve(ENTRY)];
  const k = require(ENTRY);
  delete require.cache[require.resolve(ENTRY)];
  return k;
}

/** A plausible value for each parameter name of the entry points (wasm-bindgen converts strings
 * and byte arrays before the Rust function runs, so those must have their type; the rest is
 * decoded inside the guard, after the trigger). */
const ARGUMENTS = {
  options: undefined,
  command: '{}',
  at: '2026-05-04T09:00:00Z',
  actor: 'sw-ewa',
  events: [],
  jsonl: '',
  id: 'zzk-kowalscy',
  partnershipId: 'pzk-1',
  partnership_id: 'pzk-1',
  query: {},
  asOf: '2026-05-04',
  period: '2026-05',
  enumName: 'ZzkStage',
  code: 'active',
  lang: 'pl',
  chunk: new Uint8Array(0),
  value: new Error('not a package error'),
  data: '',
  format: 'csv',
};

/** The arguments of an entry point; a `model` is one of package `k` (wasm-bindgen checks that). */
function argumentsFor(entry, f, isConstructor = false, k = undefined) {
  return parameterNames(f, isConstructor).map((p) => {
    if (p === 'model' && k) return instanceOf(k, 'Model');
    assert.ok(p in ARGUMENTS, `${entry.name}: no plausible value for its parameter "${p}": add one to ARGUMENTS`);
    return ARGUMENTS[p];
  });
}

/** An object of an exported class to call its methods on, made before the trigger is armed. */
function instanceOf(k, cls) {
  if (cls === 'Model') {
    const model = new k.Model();
    for (const command of fixtureCommands('active_zzk')) model.execute(command);
    return model;
  }
  if (cls === 'Replay') return new k.Replay();
  assert.fail(`no instance of ${cls} to test its methods with: add one to instanceOf`);
}

/** The call of one entry point on package `k`, with plausible arguments. */
function callOf(k, entry) {
  const Class = entry.cls && k[entry.cls];
  switch (entry.kind) {
    case 'function': {
      const args = argumentsFor(entry, k[entry.member], false, k);
      return () => k[entry.member](...args);
    }
    case 'constructor': {
      const args = argumentsFor(entry, Class, true);
      return () => new Class(...args);
    }
    case 'static': {
      const args = argumentsFor(entry, Class[entry.member]);
      return () => Class[entry.member](...args);
    }
    case 'getter': {
      const obj = instanceOf(k, entry.cls);
      return () => obj[entry.member];
    }
    case 'setter': {
      const obj = instanceOf(k, entry.cls);
      return () => { obj[entry.member] = undefined; };
    }
    case 'method': {
      const obj = instanceOf(k, entry.cls);
      const args = argumentsFor(entry, Class.prototype[entry.member]);
      return () => obj[entry.member](...args);
    }
  }
  assert.fail(`${entry.name}: unknown kind ${entry.kind}`);
}

/** Runs `f` with console.error captured (where a panic hook would print; this one does not). */
function quietly(f) {
  const original = console.error;
  const logged = [];
  console.error = (...args) => logged.push(args.map(String).join(' '));
  try {
    return { result: f(), logged };
  } catch (error) {
    return { error, logged };
  } finally {
    console.error = original;
  }
}

assert.ok(fs.existsSync(ENTRY), `${ENTRY} missing: build it with bash bindings-wasm/build.sh --test-hooks`);
const probe = freshPackage();
const ENTRY_POINTS = entryPoints(probe);

test('the tests\' build has the trigger and the published API; the package has no trigger', () => {
  assert.equal(typeof probe[ARM], 'function', `${ARM} missing from ${ENTRY}`);
  const published = loadPackage('basket');
  assert.equal(published[ARM], undefined, 'the trigger is in pkg/basket/');
  assert.equal(loadPackage()[ARM], undefined, 'the trigger is in pkg/');
  assert.deepEqual(Object.keys(probe).filter((n) => n !== ARM).sort(), Object.keys(published).sort());
  const members = (k) => entryPoints(k).map((e) => e.name);
  assert.deepEqual(members(probe), members(published), 'the same classes with the same members');
  const names = new Set(ENTRY_POINTS.map((e) => e.name));
  for (const name of ['catalogue', 'label', 'isKooperacjeError', 'version', 'new Model', 'Model.fromJsonl',
    'Model#execute()', 'Model#eventCount', 'new Replay', 'Replay#push()', 'Replay#count',
    'basketExport', 'basketImport']) {
    assert.ok(names.has(name), `${name} not found among ${[...names].join(', ')}`);
  }
  assert.ok(names.size >= 30, `only ${names.size} entry points`);
});

test('the trigger fires once, in the next guarded call, and can be disarmed', () => {
  const k = freshPackage();
  assert.equal(k[ARM](), false);
  assert.equal(k[ARM](false), true);
  assert.ok(k.catalogue().enums.ZzkStage.length > 5, 'a disarmed trigger does nothing');
  k[ARM]();
  const { error } = quietly(() => k.catalogue());
  assert.equal(error?.code, 'INTERNAL_ERROR');
  assert.equal(k[ARM](false), false, 'used up by the call that panicked');
});

for (const entry of ENTRY_POINTS) {
  test(`a panic in ${entry.name} throws INTERNAL_ERROR and poisons the instance`, () => {
    const k = freshPackage();
    const call = callOf(k, entry);
    k[ARM]();
    const { error, result, logged } = quietly(call);
    if (error === undefined) {
      assert.fail(`${entry.name} returned ${String(result)} instead of throwing INTERNAL_ERROR: its body does not run inside errors::guard`);
    }
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `${entry.name}: the module trapped: ${error}`);
    assert.ok(error instanceof Error, `${entry.name}: not an Error: ${error}`);
    assert.equal(error.code, 'INTERNAL_ERROR', `${entry.name}: ${error.name}: ${error.message}`);
    assert.equal(error.name, 'InternalError');
    assert.match(error.message, /a panic requested by a test/);
    assert.match(error.messagePl, /Błąd wewnętrzny/);
    assert.ok(k.isKooperacjeError(error), 'a poisoned instance still tells its errors');
    // The panic is the caller's error, not a message on the host's console (issue 16).
    assert.deepEqual(logged, [], 'a caught panic prints nothing');
    // Poisoned: a later call of the same instance refuses; a fresh instance works.
    const later = quietly(() => k.catalogue()).error;
    assert.equal(later?.code, 'INTERNAL_ERROR');
    assert.match(later.message, /earlier call panicked/);
    assert.ok(freshPackage().catalogue().enums.ZzkStage.length > 5);
  });
}
