// The basket sheet and the HSDS export from JavaScript (basketExport, basketImport): the
// conformance sheet (tests/formats/basket_sheet.csv) imported into the scenarios' pzk-1, exports,
// refusals. The canonical result is written to target/conformance/node/basket_sheet.json, which
// must be byte-identical to the Rust reference (scripts/test compares them). The functions are in
// the package's entry point `kooperacje/basket` (its own module, with the crate feature `basket`),
// not in the main one, which stays within its size budget (package.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, TARGET, canonicalText, fixtureCommands, loadPackage } from './helpers.mjs';

const k = loadPackage('basket');
const SHEET = fs.readFileSync(path.join(ROOT, 'tests', 'formats', 'basket_sheet.csv'));
const OPTIONS = { at: new Date('2026-03-10T10:00:00Z'), actor: 'ops-head' };
const NODE_DIR = process.env.KOOPERACJE_CONFORMANCE_OUT_NODE ?? path.join(TARGET, 'conformance', 'node');

function operatingPzk() {
  const model = new k.Model();
  for (const command of fixtureCommands('operating_pzk')) model.execute(command);
  return model;
}

test('the conformance sheet adds, revises, changes status and reports each bad row', () => {
  const model = operatingPzk();
  const before = model.eventCount;
  const report = k.basketImport(model, 'pzk-1', new Uint8Array(SHEET), 'csv', { ...OPTIONS, skipInvalid: true });
  // Rows 3 and 5 revise (5 also withdraws), 4 changes a status, 7 adds, 2 and 6 are unchanged.
  assert.deepEqual(
    [report.added, report.revised, report.status_changed, report.unchanged],
    [1, 2, 1, 2],
  );
  assert.deepEqual(report.skipped.map((e) => [e.row, e.code]), [
    [8, 'UNKNOWN_AREA'], [8, 'BAD_DATE'], [9, 'DUPLICATE_SERVICE'], [10, 'MEMBER_NOT_FOUND'],
    [11, 'DATE_IN_FUTURE'], [13, 'BAD_NUMBER'], [13, 'UNKNOWN_VALUE'],
  ]);
  // An addition, two revisions and two changes of status, kept like any command's events.
  assert.equal(model.eventCount, before + 5);
  const rows = JSON.parse(k.basketExport(model, 'pzk-1', 'json'));
  const byId = Object.fromEntries(rows.map((r) => [r.service_id, r]));
  assert.equal(byId['svc-poradnictwo-rodzinne'].description, '=1+1 to nie formuła, tylko opis');
  assert.equal(byId['svc-parents'].status, 'Wycofana');
  const hsds = JSON.parse(k.basketExport(model, 'pzk-1', 'hsds'));

  const again = k.basketImport(model, 'pzk-1', SHEET.toString('utf8'), 'csv', { ...OPTIONS, skipInvalid: true });
  assert.deepEqual([again.added, again.revised, again.status_changed, again.unchanged], [0, 0, 0, 6]);

  fs.mkdirSync(NODE_DIR, { recursive: true });
  fs.writeFileSync(path.join(NODE_DIR, 'basket_sheet.json'), canonicalText({ report, sheet: rows, hsds }), 'utf8');
});

test('bad rows without leave to skip them change nothing', () => {
  const model = operatingPzk();
  const before = JSON.stringify(model.toJSON());
  assert.throws(() => k.basketImport(model, 'pzk-1', SHEET, 'csv', OPTIONS), (e) => {
    assert.equal(e.name, 'ValidationError');
    assert.equal(e.code, 'INVALID_ROWS');
    assert.ok(e.messagePl.includes('wiersz 8: [BAD_DATE]'), e.messagePl);
    return true;
  });
  assert.equal(JSON.stringify(model.toJSON()), before);
});

test('csv and json read back what they wrote as unchanged', () => {
  for (const format of ['csv', 'json']) {
    const model = operatingPzk();
    const data = k.basketExport(model, 'pzk-1', format);
    assert.equal(typeof data, 'string');
    const report = k.basketImport(model, 'pzk-1', data, format, OPTIONS);
    assert.equal(report.unchanged, 5, format);
    assert.deepEqual(report.skipped, [], format);
  }
});

test('refusals have codes; Excel is not in this package', () => {
  const model = operatingPzk();
  const code = (f) => {
    try {
      f();
    } catch (e) {
      return e.code;
    }
    return 'no error';
  };
  assert.equal(code(() => k.basketExport(model, 'pzk-1', 'ods')), 'UNKNOWN_FORMAT');
  assert.equal(code(() => k.basketExport(model, 'pzk-none', 'csv')), 'PARTNERSHIP_NOT_FOUND');
  assert.equal(code(() => k.basketExport(model, 'pzk-1', 'xlsx')), 'BAD_FILE');
  assert.equal(code(() => k.basketImport(model, 'pzk-1', '[1, 2]', 'json', OPTIONS)), 'BAD_FILE');
  assert.equal(code(() => k.basketImport(model, 'pzk-1', '', 'csv', { actor: 'x' })), 'MALFORMED_JSON');
});
