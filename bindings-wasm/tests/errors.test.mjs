// Errors: JavaScript `Error`s with the core's stable code, kind, area and Polish message; a
// rejected command or a bad list of events changes nothing; garbage of every kind gives a typed
// error and never traps the module; a panic (a bug) throws INTERNAL_ERROR and poisons the
// instance instead of letting it answer from a half-changed state (every entry point: panics.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { HERE, TEST_HOOKS_ENTRY, fixtureCommands, loadPackage } from './helpers.mjs';

const k = loadPackage();

function operatingModel() {
  const model = new k.Model();
  for (const command of fixtureCommands('active_zzk')) model.execute(command);
  return model;
}

/** Calls `f`, which must throw a package error; returns it. */
function refusal(f) {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof Error, `not an Error: ${err}`);
    assert.ok(!(err instanceof WebAssembly.RuntimeError), `the module trapped: ${err}`);
    assert.ok(k.isKooperacjeError(err), `not a package error: ${err?.name}: ${err?.message}`);
    return err;
  }
  assert.fail('expected an error');
}

const CATALOGUE = new Map(k.errorCodes().map((e) => [e.code, e]));

function checkShape(err) {
  const info = CATALOGUE.get(err.code);
  assert.ok(info, `unknown code ${err.code}`);
  assert.equal(err.kind, info.kind);
  assert.equal(err.area, info.area);
  assert.equal(err.name, info.name);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0);
  assert.equal(typeof err.messagePl, 'string');
  assert.ok(err.messagePl.length > 0);
  assert.ok(typeof err.stack === 'string');
}

test('a rule refusal is a StageError with the code, a Polish message and no change', () => {
  const model = operatingModel();
  const suspend = {
    at: '2026-05-04T09:00:00Z', actor: 'sw-ewa',
    command: { type: 'suspend_zzk', zzk_id: 'zzk-kowalscy', ground: 'crisis', review_on: '2026-06-01', details: null },
  };
  model.execute(suspend);
  const before = model.stateJson();
  const err = refusal(() => model.execute({ ...suspend, at: '2026-05-05T09:00:00Z' }));
  checkShape(err);
  assert.equal(err.name, 'StageError');
  assert.equal(err.code, 'ZZK_SUSPENDED');
  assert.match(err.messagePl, /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]|ZZK/);
  assert.notEqual(err.messagePl, err.message);
  assert.equal(model.stateJson(), before);
});

test('a command from someone without the role is a ForbiddenError and changes nothing', () => {
  const model = operatingModel();
  const before = model.stateJson();
  const err = refusal(() => model.execute({
    at: '2026-05-04T09:00:00Z', actor: 'sw-tomasz',
    command: { type: 'suspend_zzk', zzk_id: 'zzk-kowalscy', ground: 'crisis', review_on: '2026-06-01', details: null },
  }));
  checkShape(err);
  assert.equal(err.name, 'ForbiddenError');
  assert.equal(err.kind, 'forbidden');
  assert.equal(err.code, 'ACTOR_NOT_PERMITTED');
  assert.match(err.messagePl, /sw-tomasz/);
  assert.equal(model.stateJson(), before);
});

test('an unknown id is a NotFoundError; narrowing by name gives the not-found codes', () => {
  const model = operatingModel();
  const err = refusal(() => model.zzk('zzk-nobody'));
  checkShape(err);
  assert.equal(err.name, 'NotFoundError');
  assert.equal(err.code, 'ZZK_NOT_FOUND');
  assert.ok(err.messagePl.includes('zzk-nobody'));
  const err2 = refusal(() => model.indicators('pzk-nobody', '2026-05-01'));
  assert.equal(err2.code, 'PARTNERSHIP_NOT_FOUND');
  // Every report of one PZK throws for an unknown one, as indicators() does (an empty registry
  // would look like a PZK without ZZKs).
  for (const call of [
    () => model.registry('pzk-nobody'),
    () => model.monitoring('pzk-nobody', '2026-05'),
    () => model.searchBasket('pzk-nobody', {}),
  ]) {
    const err3 = refusal(call);
    checkShape(err3);
    assert.equal(err3.name, 'NotFoundError');
    assert.equal(err3.code, 'PARTNERSHIP_NOT_FOUND');
  }
});

test('a bad report month is BAD_PERIOD, as in a command and in every language', () => {
  const model = operatingModel();
  for (const month of ['2026-13', 'May', '2026-5', '']) {
    const err = refusal(() => model.monitoring('pzk-1', month));
    checkShape(err);
    assert.equal(err.name, 'ValidationError');
    assert.equal(err.code, 'BAD_PERIOD');
  }
  assert.deepEqual(model.monitoring('pzk-1', '2026-05'), []);
});

test('a consent refusal is a ConsentError', () => {
  const model = operatingModel();
  model.execute({
    at: '2026-05-04T09:00:00Z', actor: 'sw-ewa',
    command: { type: 'withdraw_consent', zzk_id: 'zzk-kowalscy', consent_id: 'cons-kow-1', review_on: '2026-06-01' },
  });
  const before = model.stateJson();
  const err = refusal(() => model.execute({
    at: '2026-05-05T09:00:00Z', actor: 'sw-ewa',
    command: { type: 'resume_zzk', zzk_id: 'zzk-kowalscy', ground: 'cause_ended' },
  }));
  checkShape(err);
  assert.equal(err.name, 'ConsentError');
  assert.equal(err.code, 'CONSENT_MISSING');
  assert.equal(model.stateJson(), before);
});

test('apply is all or none and names the failing event', () => {
  const source = operatingModel();
  const events = source.events;
  assert.ok(events.length > 10);
  const target = new k.Model();
  const bad = [...events.slice(0, 5), { ...events[5], at: '2020-01-01T00:00:00Z' }, ...events.slice(6)];
  const err = refusal(() => target.apply(bad));
  checkShape(err);
  assert.equal(err.code, 'TIME_OUT_OF_ORDER');
  assert.equal(err.index, 5);
  assert.equal(target.stateJson(), new k.Model().stateJson());
  assert.equal(target.eventCount, 0);
  assert.equal(target.apply(events.map((e) => JSON.stringify(e))), events.length);
  assert.equal(target.stateJson(), source.stateJson());
});

test('JSON lines: the error names the line; a valid log replays to the same state', () => {
  const source = operatingModel();
  const jsonl = source.eventsJsonl();
  const lines = jsonl.trimEnd().split('\n');
  const broken = [...lines.slice(0, 3), '', '{"schema": 1, "at": ', ...lines.slice(3)].join('\n');
  const err = refusal(() => k.Model.fromJsonl(broken));
  assert.equal(err.code, 'MALFORMED_JSON');
  assert.equal(err.line, 5);
  assert.equal(err.index, 3);
  const model = k.Model.fromJsonl(new TextEncoder().encode(jsonl));
  assert.equal(model.stateJson(), source.stateJson());
  const replay = new k.Replay({ keepEvents: false });
  const bytes = new TextEncoder().encode(jsonl);
  for (let i = 0; i < bytes.length; i += 97) replay.push(bytes.subarray(i, i + 97));
  assert.equal(replay.count, lines.length);
  const replayed = replay.finish();
  assert.equal(replayed.stateJson(), source.stateJson());
  assert.equal(replayed.eventCount, 0);
});

test('a future schema version of an event is refused', () => {
  const source = operatingModel();
  const [first] = source.events;
  const err = refusal(() => k.Model.fromEvents([{ ...first, schema: 99 }]));
  assert.equal(err.code, 'UNSUPPORTED_SCHEMA');
  assert.equal(err.name, 'DecodeError');
});

test('every error code is in errorCodes() and the catalogue, with one name per kind', () => {
  const catalogue = k.catalogue();
  assert.deepEqual(
    catalogue.errors.map((e) => e.code),
    [...CATALOGUE.keys()],
  );
  const names = new Map();
  for (const e of CATALOGUE.values()) {
    if (names.has(e.kind)) assert.equal(names.get(e.kind), e.name);
    names.set(e.kind, e.name);
  }
  assert.equal(new Set(names.values()).size, names.size);
  assert.equal(k.label('ZzkStage', 'suspended'), catalogue.enums.ZzkStage.find((v) => v.code === 'suspended').pl);
  assert.equal(k.label('ZzkStage', 'suspended', 'en'), catalogue.enums.ZzkStage.find((v) => v.code === 'suspended').en);
  assert.equal(refusal(() => k.label('ZzkStage', 'nonsense')).code, 'MALFORMED_JSON');
});

test('isKooperacjeError tells the package\'s errors from others', () => {
  assert.equal(k.isKooperacjeError(new Error('x')), false);
  assert.equal(k.isKooperacjeError({ code: 'ZZK_NOT_FOUND' }), false);
  assert.equal(k.isKooperacjeError(Object.assign(new Error('x'), { code: 'NOT_A_CODE' })), false);
  assert.equal(k.isKooperacjeError(undefined), false);
  assert.equal(k.isKooperacjeError(refusal(() => new k.Model().zzk('x'))), true);
});

// ---- Garbage never traps ----

const cyclic = {};
cyclic.self = cyclic;
const deep = [];
let node = deep;
for (let i = 0; i < 10000; i++) {
  const next = [];
  node.push(next);
  node = next;
}
const GARBAGE = [
  undefined, null, true, 0, -1, 1e308, NaN, Infinity, 10n, Symbol('s'), () => 1, 'x', '', '{', '[]',
  '{"at":', '\u0000', '\ud800', 'null', [], [1, 2], {}, { at: 1 }, cyclic, deep,
  { toJSON() { throw new Error('no'); } },
  new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }),
  new Date(NaN), new Date(8.64e15), new Map([[1, 2]]), new Uint8Array([0xff, 0xfe, 0x0a, 0x7b]),
  { at: '2026-01-05T09:00:00Z', actor: 'a', command: { type: 'nope' } },
  { at: '2026-01-05T09:00:00Z', actor: '', command: { type: 'start_operating', partnership_id: 'p' } },
  { at: '9999999-01-05T09:00:00Z', actor: 'a', command: { type: 'start_operating', partnership_id: 'p' } },
  { at: '2026-01-05T09:00:00Z', actor: 'a'.repeat(100000), command: { type: 'start_operating', partnership_id: 'p' } },
  { schema: 1, at: '2026-01-05T09:00:00Z', actor: 'a', event: { type: 'zzk_closed' } },
  { schema: 4294967296, at: '2026-01-05T09:00:00Z', actor: 'a', event: {} },
  'x'.repeat(1 << 20),
];

/** A short, safe description of a garbage value (some cannot be turned into a string). */
function show(g) {
  try {
    return `${typeof g} ${String(g).slice(0, 40)}`;
  } catch {
    return typeof g;
  }
}

function text(g) {
  try {
    return typeof g === 'string' ? g : JSON.stringify(g) ?? 'undefined';
  } catch {
    return '{"broken":';
  }
}

test('garbage of every kind gives a typed error or a value, and never traps the module', () => {
  const model = operatingModel();
  const reference = model.stateJson();
  const calls = [
    (g) => model.execute(g),
    (g) => model.decide(g),
    (g) => model.run(g, 'sw', { type: 'start_operating', partnership_id: 'pzk-1' }),
    (g) => model.run('2026-09-01T00:00:00Z', 'sw', g),
    (g) => model.executeJson(text(g)),
    (g) => model.apply(g),
    (g) => model.apply([g]),
    (g) => model.applyJsonl(g),
    (g) => model.indicators('pzk-1', g),
    (g) => model.overdue(g),
    (g) => model.searchBasket('pzk-1', g),
    (g) => model.monitoring('pzk-1', typeof g === 'string' ? g : '2026-13'),
    (g) => new k.Model(g),
    (g) => k.Model.fromEvents(g),
    (g) => k.Model.fromJsonl(g),
    (g) => k.label('ZzkStage', 'active', g),
    (g) => {
      const replay = new k.Replay();
      replay.push(g instanceof Uint8Array ? g : new TextEncoder().encode(text(g)));
      replay.finish();
    },
  ];
  let typed = 0;
  for (const call of calls) {
    for (const g of GARBAGE) {
      try {
        call(g);
      } catch (err) {
        assert.ok(!(err instanceof WebAssembly.RuntimeError), `trapped on ${show(g)}: ${err}`);
        if (err instanceof TypeError && /BigInt|Symbol|symbol/.test(err.message)) continue; // thrown by the glue before the call
        assert.ok(k.isKooperacjeError(err), `${show(g)}: ${err?.name}: ${err?.message}`);
        checkShape(err);
        typed += 1;
      }
    }
  }
  assert.ok(typed > calls.length * 10, `only ${typed} typed errors`);
  // The model still works and nothing changed it.
  assert.equal(model.stateJson(), reference);
  model.execute({
    at: '2026-09-01T09:00:00Z', actor: 'sw-ewa',
    command: { type: 'suspend_zzk', zzk_id: 'zzk-kowalscy', ground: 'crisis', review_on: '2026-10-01', details: null },
  });
  assert.equal(model.zzk('zzk-kowalscy').stage, 'suspended');
});

test('a panic ends the call with INTERNAL_ERROR and poisons the instance: later calls fail with it too', () => {
  // In a child process: the poisoned instance must not be this file's. The trigger of the tests'
  // build of the module (`__armPanicForTests`, build.sh --test-hooks) makes the next guarded call
  // panic in its guard.
  const script = `
    const k = require(${JSON.stringify(TEST_HOOKS_ENTRY)});
    const out = {};
    const original = console.error;
    console.error = (...args) => { out.logged = String(args[0]).slice(0, 200); };
    k.__armPanicForTests();
    try { new k.Model(); } catch (e) {
      out.first = { trapped: e instanceof WebAssembly.RuntimeError, name: e.name, code: e.code, message: e.message, ok: k.isKooperacjeError(e) };
    }
    console.error = original;
    try { new k.Model(); } catch (e) { out.second = { name: e.name, code: e.code, pl: e.messagePl, ok: k.isKooperacjeError(e) }; }
    process.stdout.write(JSON.stringify(out));
  `;
  const child = spawnSync(process.execPath, ['-e', script], { cwd: HERE, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const out = JSON.parse(child.stdout);
  assert.equal(out.first.trapped, false, 'a panic throws an error, not the RuntimeError of a trap');
  assert.equal(out.first.name, 'InternalError');
  assert.equal(out.first.code, 'INTERNAL_ERROR');
  assert.equal(out.first.ok, true);
  assert.match(out.first.message, /the library panicked: a panic requested by a test/);
  assert.equal(out.logged, undefined, 'the panic is the error thrown, not a line on the console');
  assert.equal(out.second.name, 'InternalError');
  assert.equal(out.second.code, 'INTERNAL_ERROR');
  assert.equal(out.second.ok, true);
  assert.match(out.second.pl, /Błąd wewnętrzny/);
});
