// The demo page: the package's browser build driving a PZK, its basket and one family's ZZK.
// Every decision is the library's; this file only issues commands and shows what comes back.
import init, { Model, label, isKooperacjeError } from '/pkg/web/kooperacje.js';

const $ = (id) => document.getElementById(id);
const PZK = 'pzk-1';
// The family's social worker, as the fixture `consenting_family` names the case manager: only
// they (or the OPS head) may act on the ZZK (docs/roles.md).
const SOCIAL_WORKER = 'sw-ewa';

async function fixture(name) {
  const data = await (await fetch(`/fixtures/${name}.json`)).json();
  const commands = [];
  for (const inner of data.given ?? []) commands.push(...(await fixture(inner)));
  return commands.concat(data.commands);
}

let model;
/** The family's ZZK: the one the scenario fixture `consenting_family` reports (its ids are the fixture's). */
let ZZK;
let clock = Date.parse('2026-05-04T09:00:00Z');
let meetings = 1;

/** An id in the form of the host's own sequence: `mt-0002`. */
const numbered = (prefix, n) => `${prefix}-${String(n).padStart(4, '0')}`;

/** The next moment of the story (a day later) and its calendar day. */
function tick() {
  clock += 24 * 3600 * 1000;
  const at = new Date(clock);
  return { at, day: at.toISOString().slice(0, 10) };
}

function show() {
  const ids = model.zzkIds();
  if (ids.includes(ZZK)) {
    const zzk = model.zzk(ZZK);
    $('stage').textContent = label('ZzkStage', zzk.stage);
    $('stage').dataset.code = zzk.stage;
  }
  $('events').textContent = String(model.eventCount);
}

/** Runs an action; a refusal shows the library's Polish message and its code. */
function act(what, action) {
  $('error').textContent = '';
  try {
    const events = action();
    const li = document.createElement('li');
    li.textContent = `${what}: ${events.map((e) => e.event.type).join(', ')}`;
    $('history').append(li);
  } catch (err) {
    if (!isKooperacjeError(err)) throw err;
    $('error').textContent = `${err.messagePl} (${err.code})`;
    $('error').dataset.code = err.code;
  }
  show();
}

const runAll = (commands) => commands.flatMap((c) => model.execute(c));

async function main() {
  await init();
  model = new Model();
  runAll(await fixture('operating_pzk'));
  const family = await fixture('consenting_family');
  ZZK = family.find((c) => c.command.type === 'report_need').command.zzk_id;
  const familyOnly = family.filter((c) => c.command.zzk_id === ZZK);
  // active_zzk builds on consenting_family: its own commands start with the appointment.
  const team = await fixture('active_zzk');
  const teamOnly = team.slice(team.findIndex((c) => c.command.type === 'appoint_zzk'));

  $('search').onclick = () => {
    const hits = model.searchBasket(PZK, { text: $('query').value });
    $('services').replaceChildren(...hits.map((h) => {
      const li = document.createElement('li');
      li.textContent = `${h.service.name} — ${label('ServiceOrigin', h.service.origin)}`;
      return li;
    }));
    if (hits.length === 0) $('services').innerHTML = '<li>Brak usług spełniających kryteria</li>';
  };
  $('consent').onclick = () => act('Zgoda rodziny', () => runAll(familyOnly));
  $('appoint').onclick = () => act('Powołanie ZZK', () => runAll(teamOnly));
  $('meeting').onclick = () => act('Spotkanie kontrolne', () => {
    const { at, day } = tick();
    meetings += 1;
    return model.run(at, SOCIAL_WORKER, {
      type: 'hold_zzk_meeting', zzk_id: ZZK, meeting_id: numbered('mt', meetings), kind: 'follow_up',
      held_on: day, family_present: true, representative_present: false,
      attending: ['zm-pedagog', 'zm-nurse'], remote: false, minutes: numbered('nt', meetings),
      assessment: null, plan: null, project: null,
    });
  });
  $('suspend').onclick = () => act('Zawieszenie', () => {
    const { at } = tick();
    return model.run(at, SOCIAL_WORKER, {
      type: 'suspend_zzk', zzk_id: ZZK, ground: 'crisis', review_on: '2026-06-15', details: null,
    });
  });
  $('resume').onclick = () => act('Powrót', () => {
    const { at } = tick();
    return model.run(at, SOCIAL_WORKER, { type: 'resume_zzk', zzk_id: ZZK, ground: 'cause_ended' });
  });
  $('overdue').onclick = () => {
    const rows = model.overdue($('asof').value);
    $('overdue-rows').replaceChildren(...rows.map((item) => {
      const tr = document.createElement('tr');
      for (const text of [label('OverdueKind', item.kind), item.zzk_id ?? item.partnership_id, item.due, String(item.days_overdue)]) {
        const td = document.createElement('td');
        td.textContent = `${text}${text === item.zzk_id ? ` · ${item.subject}` : ''}`;
        tr.append(td);
      }
      tr.dataset.kind = item.kind;
      return tr;
    }));
  };
  show();
  $('status').textContent = `Gotowe: ${model.partnership(PZK).name}, ${Object.keys(model.partnership(PZK).basket.services).length} usług w koszyku`;
}

main().catch((err) => {
  $('status').textContent = `Błąd: ${err.messagePl ?? err.message}`;
});
