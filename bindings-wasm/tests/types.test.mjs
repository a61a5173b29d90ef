// The TypeScript declarations: `tsc --noEmit --strict` accepts the example that uses the package
// (resolved as `kooperacje` through its package.json `exports` and `types`), and rejects copies of
// it with a deliberate type error, so this check can fail. The project sets no `lib`: the
// package's declarations compile with the default lib of any `target` from ES2015, as a user's
// would (they name the one lib they need beyond it, esnext.disposable, themselves; see build.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HERE, PKG_DIR } from './helpers.mjs';

const TSC = path.resolve(HERE, '..', 'node_modules', 'typescript', 'bin', 'tsc');
const EXAMPLE = path.resolve(HERE, '..', 'examples', 'example.ts');

/** The targets whose default lib the package's declarations must compile with. */
const TARGETS = ['es2015', 'es2020', 'es2022', 'esnext'];

/** A project with the package installed as `kooperacje` and `source` as its one file, compiled
 * for `target` with its default lib (no `lib` setting). */
function check(source, target = 'es2022') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kooperacje-ts-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(PKG_DIR, path.join(dir, 'node_modules', 'kooperacje'), 'dir');
  fs.writeFileSync(path.join(dir, 'example.ts'), source);
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type": "module"}');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      types: [],
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
    },
    files: ['example.ts'],
  }));
  const run = spawnSync(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const source = fs.readFileSync(EXAMPLE, 'utf8');

for (const target of TARGETS) {
  test(`tsc --strict accepts the example (and the package's own declarations), target ${target}, default lib`, () => {
    const { status, output } = check(source, target);
    assert.equal(status, 0, output);
  });
}

const BROKEN = [
  ['an unknown suspension ground', 'ground: "crisis",', 'ground: "vacation",', /TS2322.*"vacation"/],
  ['a misspelt error code', 'e.code;', 'e.code === "ZZK_NOT_FOUN" ? e.code : e.code;', /TS2367/],
  ['a missing field of a command', 'review_on: "2026-06-01",', '', /TS2741.*review_on/],
  ['a field of another event', 'const name: string = first.event.name;', 'const name: string = first.event.zzk_id;', /TS2339.*zzk_id/],
];

for (const [what, from, to, expected] of BROKEN) {
  test(`tsc rejects the example with ${what}`, () => {
    assert.ok(source.includes(from), `the example no longer contains ${from}`);
    const { status, output } = check(source.replace(from, to));
    assert.notEqual(status, 0, 'tsc accepted a broken example');
    assert.match(output, expected);
  });
}

// The basket sheet's functions (src/basket.rs), from the entry point `kooperacje/basket`: their
// declarations are written by hand there, so they are checked here, with one deliberate error to
// show the check can fail.
const BASKET = `import { Model, basketExport, basketImport } from "kooperacje/basket";
import type { BasketImportReport, ZzkStage } from "kooperacje/basket";
const model = new Model();
const csv: string | Uint8Array = basketExport(model, "pzk-1", "csv");
const report: BasketImportReport = basketImport(model, "pzk-1", csv, "csv", {
  at: new Date(), actor: "ops-head", skipInvalid: true,
});
const changed: number = report.added + report.revised + report.status_changed;
const firstCode: string = report.skipped[0]?.code ?? "";
const stage: ZzkStage = "appointed";
export { changed, firstCode, stage };
`;

test('tsc --strict accepts the basket sheet functions of kooperacje/basket, and rejects an unknown format', () => {
  const good = check(BASKET);
  assert.equal(good.status, 0, good.output);
  const bad = check(BASKET.replace('basketExport(model, "pzk-1", "csv")', 'basketExport(model, "pzk-1", "ods")'));
  assert.notEqual(bad.status, 0, 'tsc accepted an unknown format');
  assert.match(bad.output, /TS2345.*"ods"/);
});

test('tsc --strict finds no basket sheet functions in the main entry point', () => {
  const main = check(BASKET.replaceAll('"kooperacje/basket"', '"kooperacje"'));
  assert.notEqual(main.status, 0, 'the main entry point declares basketExport');
  // TS2305, or TS2614 (the same, with a hint at the default export `init`) from an ES module.
  assert.match(main.output, /TS(2305|2614): Module '"kooperacje"' has no exported member 'basketExport'/);
});
