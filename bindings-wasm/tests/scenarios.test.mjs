// Every file of tests/scenarios/ through the package's JavaScript API, checked against the same
// expected events, errors and state as the Rust runner, and against the Rust runner's own results
// (target/conformance/rust/, written by `KOOPERACJE_CONFORMANCE_OUT=target/conformance/rust
// cargo test -p kooperacje --test scenarios`, which scripts/test runs first). No rule is copied
// here: the model decides; this file only drives it and compares.
//
// Each scenario runs twice: through `model.execute` with the command objects exactly as written,
// and through `model.run(at, actor, command)` with `at` as a `Date`. Both must give the same
// canonical result, which is written to target/conformance/node/NAME.json in the form the Python
// runner writes (byte for byte, for the cross-language comparison).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  TARGET, canonicalText, fixtureCommands, loadPackage, readJson, resolvePointer, scenarioFiles,
} from './helpers.mjs';

const k = loadPackage();
const SCENARIO_KEYS = new Set(['name', 'description', 'given', 'steps']);
const STEP_KEYS = new Set(['command', 'expect', 'state']);
const RUST_DIR = path.join(TARGET, 'conformance', 'rust');
const PYTHON_DIR = path.join(TARGET, 'conformance', 'python');
const NODE_DIR = process.env.KOOPERACJE_CONFORMANCE_OUT_NODE ?? path.join(TARGET, 'conformance', 'node');

const runners = {
  execute: (model, command) => model.execute(command),
  // A time a Date cannot hold (a leap second, :60) goes as the text a caller would have, for the
  // core to refuse.
  run: (model, command) => {
    const at = new Date(command.at);
    return model.run(Number.isNaN(at.getTime()) ? command.at : at, command.actor, command.command);
  },
};

/** Runs one scenario file: `{result, failures}`, as tests/scenarios/README.md describes. */
export function runScenario(file, runner) {
  const scenario = readJson(file);
  const failures = [];
  for (const key of Object.keys(scenario)) assert.ok(SCENARIO_KEYS.has(key), `unknown key ${key}`);
  assert.equal(scenario.name, path.basename(file, '.json'));
  const model = new k.Model();
  for (const name of scenario.given ?? []) {
    fixtureCommands(name).forEach((command, i) => {
      try {
        runner(model, command);
      } catch (err) {
        failures.push(`fixture ${name} command ${i + 1}: ${err.code ?? err}`);
      }
    });
  }
  const steps = [];
  scenario.steps.forEach((step, index) => {
    const n = index + 1;
    for (const key of Object.keys(step)) assert.ok(STEP_KEYS.has(key), `step ${n}: unknown key ${key}`);
    const expect = step.expect;
    const before = model.stateJson();
    try {
      const bodies = runner(model, step.command).map((e) => e.event);
      steps.push({ events: bodies });
      if (expect && 'error' in expect) failures.push(`step ${n}: expected error ${expect.error}, got events`);
      if (expect && 'events' in expect) {
        try {
          assert.deepStrictEqual(bodies, expect.events);
        } catch {
          failures.push(`step ${n}: events differ: ${JSON.stringify(bodies)} != ${JSON.stringify(expect.events)}`);
        }
      }
    } catch (err) {
      if (!k.isKooperacjeError(err)) throw err;
      steps.push({ error: err.code });
      if (!expect || expect.error !== err.code) failures.push(`step ${n}: unexpected error ${err.code}: ${err.message}`);
      if (model.stateJson() !== before) failures.push(`step ${n}: a rejected command changed the state`);
    }
    const state = model.toJSON();
    for (const [pointer, value] of Object.entries(step.state ?? {})) {
      const found = resolvePointer(state, pointer);
      if (!found.found) {
        failures.push(`step ${n}: nothing at ${pointer}`);
      } else {
        try {
          assert.deepStrictEqual(found.value, value);
        } catch {
          failures.push(`step ${n}: ${pointer} is ${JSON.stringify(found.value)}, expected ${JSON.stringify(value)}`);
        }
      }
    }
  });
  const result = { name: scenario.name, steps, state: model.toJSON() };
  model.free();
  return { result, failures };
}

const FILES = scenarioFiles();

test('there are at least 20 scenario files', () => {
  assert.ok(FILES.length >= 20, `only ${FILES.length}`);
});

for (const file of FILES) {
  const name = path.basename(file, '.json');
  test(`scenario ${name}`, () => {
    const { result, failures } = runScenario(file, runners.execute);
    assert.deepEqual(failures, []);
    const typed = runScenario(file, runners.run);
    assert.deepEqual(typed.failures, []);
    assert.deepStrictEqual(typed.result, result, 'model.run and model.execute disagree');

    const rustFile = path.join(RUST_DIR, `${name}.json`);
    assert.ok(
      fs.existsSync(rustFile),
      `${rustFile} is missing: run KOOPERACJE_CONFORMANCE_OUT=target/conformance/rust cargo test -p kooperacje --test scenarios`,
    );
    assert.deepStrictEqual(result, readJson(rustFile), 'the JavaScript API and the Rust runner disagree');

    fs.mkdirSync(NODE_DIR, { recursive: true });
    fs.writeFileSync(path.join(NODE_DIR, `${name}.json`), canonicalText(result), 'utf8');
  });
}

test('the results are byte-identical to the Python runner\'s, where it has run', (t) => {
  if (!fs.existsSync(PYTHON_DIR)) {
    t.skip('no target/conformance/python (the Python tests have not run)');
    return;
  }
  let compared = 0;
  for (const file of FILES) {
    const name = path.basename(file, '.json');
    const theirs = path.join(PYTHON_DIR, `${name}.json`);
    if (!fs.existsSync(theirs)) continue;
    const { result } = runScenario(file, runners.execute);
    assert.equal(canonicalText(result), fs.readFileSync(theirs, 'utf8'), name);
    compared += 1;
  }
  t.diagnostic(`${compared} files compared byte for byte`);
});

test('a wrong expectation in a scenario is reported (the runner can fail)', () => {
  const file = FILES[0];
  const scenario = readJson(file);
  const step = scenario.steps.find((s) => s.expect && 'error' in s.expect);
  step.expect = { error: 'SOMETHING_ELSE' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kooperacje-scenario-'));
  const broken = path.join(dir, path.basename(file));
  fs.writeFileSync(broken, JSON.stringify(scenario));
  const { failures } = runScenario(broken, runners.execute);
  assert.ok(failures.some((f) => f.includes('unexpected error')), failures.join('\n'));
  fs.rmSync(dir, { recursive: true });
});

test('the canonical text matches Python\'s json.dumps(indent=2, sort_keys=True, ensure_ascii=False)', () => {
  // Written by hand from Python's documented behaviour, independent of the code under test.
  const value = { b: [1, {}, []], a: 'zażółć "gęślą"\n\u0001', 'ą': null, A: true };
  const expected = '{\n  "A": true,\n  "a": "zażółć \\"gęślą\\"\\n\\u0001",\n  "b": [\n    1,\n    {},\n    []\n  ],\n  "ą": null\n}\n';
  assert.equal(canonicalText(value), expected);
});
