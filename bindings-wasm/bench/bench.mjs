// kooperacje (the wasm package, in Node) against the ZZK lifecycle written with XState 5
// (lifecycle_xstate.mjs), on the same work:
//
// 1. cost per transition: FAMILIES families x the 21 commands of the core's sample lifecycle,
//    through `model.execute(object)`, `model.executeJson(text)` and the XState peer (best of 3);
// 2. bulk replay: the core's sample municipality of BULK families (JSON lines, ~13.6 events per
//    family) into a registry of the ZZKs, by kooperacje (`Replay`, chunks of 1 MiB, then the
//    registry and indicators) and by the peer (readline + JSON.parse + one actor per family).
//    Both must give the same number of ZZKs in each stage, else the run fails.
//
// Prints the figures and the ratios (target: kooperacje >= 5x faster); never asserts timings.
// Usage: node bench/bench.mjs LIFECYCLE.json MUNICIPALITY.jsonl (scripts/bench-wasm makes them).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { Registry, commandEvent, replayJsonl } from './lifecycle_xstate.mjs';

const require = createRequire(import.meta.url);
const k = require('../pkg/node/kooperacje.js');
const xstateVersion = JSON.parse(fs.readFileSync(new URL('../node_modules/xstate/package.json', import.meta.url))).version;
const REPEATS = 3;
const TARGET = 5;
const AS_OF = '2026-12-31';

const [lifecycleFile, municipalityFile] = process.argv.slice(2);
const { partnership, families } = JSON.parse(fs.readFileSync(lifecycleFile, 'utf8'));

function fail(message) {
  console.error(`\n!!! MISMATCH: ${message}`);
  process.exit(1);
}

const row = (label, figure) => console.log(`  ${label.padEnd(38)}${figure}`);
const best = (run) => Math.min(...Array.from({ length: REPEATS }, run));

function operatingModel() {
  const model = new k.Model({ keepEvents: false });
  for (const c of partnership) model.execute(c);
  return model;
}

function runExecute() {
  const model = operatingModel();
  const t = performance.now();
  for (const c of families) model.execute(c);
  const ms = performance.now() - t;
  model.free();
  return ms;
}

const texts = families.map((c) => JSON.stringify(c));
function runExecuteJson() {
  const model = operatingModel();
  const t = performance.now();
  for (const c of texts) model.executeJson(c);
  const ms = performance.now() - t;
  model.free();
  return ms;
}

const peerEvents = families.map(commandEvent);
function runPeer() {
  const registry = new Registry();
  const t = performance.now();
  for (const e of peerEvents) registry.handle(e);
  const ms = performance.now() - t;
  const stages = new Set(registry.rows().map((r) => r.stage));
  if (stages.size !== 1 || !stages.has('closed')) fail(`the peer did not close every family: ${[...stages]}`);
  return ms;
}

console.log(`kooperacje ${k.version()} (wasm) against XState ${xstateVersion} (Node ${process.version})`);

const n = families.length;
const executeUs = (best(runExecute) / n) * 1e3;
const jsonUs = (best(runExecuteJson) / n) * 1e3;
const peerUs = (best(runPeer) / n) * 1e3;
console.log(`\nCost per transition: ${n / 21} families x 21 commands = ${n} commands (best of ${REPEATS})`);
row('kooperacje, model.execute(object)', `${executeUs.toFixed(2).padStart(8)} µs/command`);
row('kooperacje, model.executeJson(text)', `${jsonUs.toFixed(2).padStart(8)} µs/command`);
row('XState peer, actor.send', `${peerUs.toFixed(2).padStart(8)} µs/command`);
row('peer / kooperacje execute', `${(peerUs / executeUs).toFixed(1).padStart(8)}x`);
row('peer / kooperacje executeJson', `${(peerUs / jsonUs).toFixed(1).padStart(8)}x`);

async function ours() {
  const t = performance.now();
  const replay = new k.Replay({ keepEvents: false });
  for await (const chunk of fs.createReadStream(municipalityFile, { highWaterMark: 1 << 20 })) replay.push(chunk);
  const events = replay.count;
  const model = replay.finish();
  const registry = model.registry('pzk-sample');
  const indicators = model.indicators('pzk-sample', AS_OF);
  const seconds = (performance.now() - t) / 1e3;
  const stages = Object.fromEntries(Object.entries(indicators.zzks_by_stage).filter(([, v]) => v > 0).sort());
  return { seconds, events, stages, zzks: model.zzkIds().length, appointed: registry.length };
}

async function theirs() {
  const t = performance.now();
  const registry = await replayJsonl(municipalityFile);
  const rows = registry.rows();
  const seconds = (performance.now() - t) / 1e3;
  const stages = {};
  for (const r of rows) stages[r.stage] = (stages[r.stage] ?? 0) + 1;
  return {
    seconds,
    stages: Object.fromEntries(Object.entries(stages).sort()),
    zzks: rows.length,
    appointed: rows.filter((r) => r.appointed_on !== null).length,
  };
}

const a = await ours();
const b = await theirs();
const rate = (s) => `${s.toFixed(2).padStart(8)} s ${Math.round(a.events / s).toLocaleString('en').padStart(12)} events/s`;
console.log(`\nBulk replay: ${a.zzks.toLocaleString('en')} families, ${a.events.toLocaleString('en')} events (JSON lines) into a registry`);
row('kooperacje Replay + registry', rate(a.seconds));
row('XState peer (readline + actors)', rate(b.seconds));
const ratio = b.seconds / a.seconds;
row('peer / kooperacje', `${ratio.toFixed(1).padStart(8)}x (target ≥ ${TARGET}x: ${ratio >= TARGET ? 'met' : 'NOT met'})`);
if (a.zzks !== b.zzks) fail(`kooperacje has ${a.zzks} ZZKs, the peer ${b.zzks}`);
if (a.appointed !== b.appointed) fail(`appointed: kooperacje ${a.appointed}, the peer ${b.appointed}`);
if (JSON.stringify(a.stages) !== JSON.stringify(b.stages)) {
  fail(`stage counts differ:\n  kooperacje ${JSON.stringify(a.stages)}\n  peer       ${JSON.stringify(b.stages)}`);
}
console.log(`  check: ${a.zzks.toLocaleString('en')} ZZKs each (${a.appointed.toLocaleString('en')} appointed), the same stage counts: ${JSON.stringify(a.stages)}`);
