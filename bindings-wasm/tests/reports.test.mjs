// Reports on a date: the registry read on a later day shows a ZZK whose consent has lapsed since as
// suspended (issue 18), with the ground and the days, before any command records the lapse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureCommands, loadPackage } from './helpers.mjs';

const k = loadPackage();

function withShortConsent() {
  const model = new k.Model();
  for (const command of fixtureCommands('active_zzk')) model.execute(command);
  const at = '2026-05-04T09:00:00Z';
  model.execute({
    at,
    actor: 'sw-ewa',
    command: {
      type: 'give_consent', zzk_id: 'zzk-kowalscy', consent_id: 'cons-short', given_by: 'jan-k',
      capacity: 'adult_family_member', form: 'written',
      scope: { zzk_work: true, share_with: ['school'] }, valid_until: '2026-05-31',
    },
  });
  model.execute({
    at,
    actor: 'sw-ewa',
    command: { type: 'withdraw_consent', zzk_id: 'zzk-kowalscy', consent_id: 'cons-kow-1', review_on: '2026-05-20' },
  });
  return model;
}

test('the registry on a date after a lapse of consent shows the ZZK suspended', () => {
  const model = withShortConsent();
  const [recorded] = model.registry('pzk-1');
  assert.equal(recorded.stage, 'active');
  assert.equal(recorded.suspended_since, null);
  assert.equal(recorded.days_suspended, 0);
  assert.equal(model.registry('pzk-1', '2026-05-31')[0].stage, 'active');
  const [after] = model.registry('pzk-1', '2026-06-10');
  assert.equal(after.stage, 'suspended');
  assert.equal(after.suspension_ground, 'consent_withdrawn');
  assert.equal(after.suspended_since, '2026-06-01');
  assert.equal(after.days_suspended, 9);
  // A Date is its local calendar day, as in every report.
  assert.deepEqual(model.registry('pzk-1', new Date(2026, 5, 10)), [after]);
  assert.throws(() => model.registry('pzk-1', '10.06.2026'), (err) => err.code === 'MALFORMED_JSON');
});
