// The ZZK lifecycle as a JavaScript developer would write it without kooperacje: a state machine
// of XState 5 over the ZZK stages the sample lifecycle goes through (need reported … active ⇄
// suspended … closed), with the events named after the commands and the guards of the Python
// peer (bindings-python/bench/lifecycle_transitions.py):
//
// - every act is dated no earlier than the last one of the same ZZK; days it reports (interview,
//   meeting) have happened by then and not before the case opened; days it plans (first meeting,
//   review, end of monitoring, consent validity) are not in the past;
// - work with the family needs a consent in force: given, not withdrawn, not lapsed;
// - a suspended ZZK takes no work: the work events leave only from the working stages, so XState
//   itself ignores them there, and the registry reports that as a refusal, as kooperacje does;
// - closure needs the end-of-work evaluation recorded first.
//
// Two ways in: commands (the core's command objects, turned into an XState event by
// `commandEvent`) and recorded events (JSON lines, replayed by `replayJsonl` into one actor per
// family), ending in a registry of the ZZKs. Only the ZZK lifecycle is modelled: the PZK's own
// stream (registration, basket, members) is skipped, whereas kooperacje replays and checks it too.
import fs from 'node:fs';
import readline from 'node:readline';
import { and, assign, createActor, setup } from 'xstate';

const TEAM = ['partners_invited', 'consultation_held', 'first_meeting_invited', 'active'];
const CONSENTED = ['consent_obtained', 'appointed', ...TEAM, 'suspended'];
/** Events of the PZK's own stream that name a ZZK: the registry entry written with an
 * appointment (event schema 2). Not a step of the family's lifecycle. */
const PZK_EVENTS_OF_A_ZZK = new Set(['zzk_registered']);
const ORDER = ['datesInOrder'];
const WORK = ['datesInOrder', 'consentInForce'];

// [event, sources, target (null: stay), guards, actions]
const TRANSITIONS = [
  ['report_need', ['new'], 'need_reported', ORDER, ['recordNeed']],
  ['establish_helping_relationship', ['need_reported'], 'helping_relationship', ORDER, []],
  ['record_initial_diagnosis', ['helping_relationship'], 'initial_diagnosis', ORDER, []],
  ['record_grounds', ['initial_diagnosis'], 'grounds_recorded', ORDER, []],
  ['propose_zzk_work', ['grounds_recorded'], 'proposed', ORDER, []],
  ['give_consent', ['proposed'], 'consent_obtained', ORDER, ['recordConsent']],
  ['withdraw_consent', CONSENTED, null, [...ORDER, 'consentOnRecord'], ['recordWithdrawal']],
  ['appoint_zzk', ['consent_obtained'], 'appointed', WORK, ['recordAppointment']],
  ['add_zzk_member', ['appointed'], 'partners_invited', [...WORK, 'newMember'], ['recordMember']],
  ['add_zzk_member', TEAM, null, [...WORK, 'newMember'], ['recordMember']],
  ['hold_zzk_meeting', ['partners_invited'], 'consultation_held', [...WORK, 'consultationMeeting'], []],
  ['invite_to_first_meeting', ['partners_invited', 'consultation_held'], 'first_meeting_invited', WORK, []],
  ['hold_zzk_meeting', ['first_meeting_invited'], 'active', [...WORK, 'firstMeeting'], ['recordPlan']],
  ['hold_zzk_meeting', ['active'], null, [...WORK, 'followUpMeeting'], []],
  // The event log records the plan of the first meeting as an event of its own.
  ['adopt_plan', ['active'], null, WORK, ['recordPlan']],
  ['add_basket_item', ['active'], null, [...WORK, 'taskInPlan'], ['recordBasketItem']],
  ['record_monitoring', ['active'], null, [...WORK, 'tasksInPlan'], []],
  ['suspend_zzk', ['active'], 'suspended', ORDER, ['recordSuspension']],
  ['resume_zzk', ['suspended'], 'active', WORK, []],
  ['record_end_of_work_evaluation', ['active'], null, WORK, ['recordEvaluation']],
  ['record_family_evaluation', ['active'], null, [...WORK, 'pastHeldOn'], ['recordEffects']],
  ['close_zzk', ['active'], 'post_support_monitoring', [...ORDER, 'evaluated'], ['recordClosure']],
  ['end_post_support_monitoring', ['post_support_monitoring'], 'closed', ORDER, []],
];

/** The XState event each recorded ZZK event replays. */
export const EVENT_TRIGGERS = {
  need_reported: 'report_need',
  helping_relationship_established: 'establish_helping_relationship',
  initial_diagnosis_recorded: 'record_initial_diagnosis',
  grounds_recorded: 'record_grounds',
  zzk_work_proposed: 'propose_zzk_work',
  consent_given: 'give_consent',
  consent_withdrawn: 'withdraw_consent',
  zzk_appointed: 'appoint_zzk',
  zzk_member_added: 'add_zzk_member',
  zzk_meeting_held: 'hold_zzk_meeting',
  invited_to_first_meeting: 'invite_to_first_meeting',
  plan_adopted: 'adopt_plan',
  basket_item_added: 'add_basket_item',
  monitoring_recorded: 'record_monitoring',
  zzk_suspended: 'suspend_zzk',
  zzk_resumed: 'resume_zzk',
  end_of_work_evaluation_recorded: 'record_end_of_work_evaluation',
  family_evaluation_recorded: 'record_family_evaluation',
  zzk_closed: 'close_zzk',
  post_support_monitoring_ended: 'end_post_support_monitoring',
};

/** Day fields reporting something that has happened by the act. */
const PAST_DAYS = ['interview_on', 'held_on'];
/** Day fields planning something no earlier than the act. */
const FUTURE_DAYS = ['planned_on', 'review_on', 'monitor_until', 'valid_until'];

const day = (ms) => new Date(ms).toISOString().slice(0, 10);

const inForce = (c, today) =>
  c.givenOn <= today && c.withdrawnOn === null && (c.validUntil === null || today <= c.validUntil);

const STAGES = ['new', 'need_reported', 'helping_relationship', 'initial_diagnosis', 'grounds_recorded',
  'proposed', 'consent_obtained', 'appointed', ...TEAM, 'suspended', 'post_support_monitoring', 'closed'];

function statesConfig() {
  const states = Object.fromEntries(STAGES.map((s) => [s, { on: {} }]));
  for (const [event, sources, target, guards, actions] of TRANSITIONS) {
    for (const source of sources) {
      const on = states[source].on;
      on[event] ??= [];
      on[event].push({
        ...(target ? { target } : {}),
        guard: guards.length === 1 ? guards[0] : and(guards),
        actions: [...actions, 'stamp'],
      });
    }
  }
  return states;
}

/** One family's ZZK: the machine, with the data the guards need and the registry reports. */
export const familyMachine = setup({
  guards: {
    datesInOrder: ({ context, event }) => {
      if (event.at < context.lastAt) return false;
      const today = day(event.at);
      for (const name of PAST_DAYS) {
        const d = event[name];
        if (d != null && !(context.openedOn <= d && d <= today)) return false;
      }
      for (const name of FUTURE_DAYS) {
        const d = event[name];
        if (d != null && d < today) return false;
      }
      return true;
    },
    consentInForce: ({ context, event }) => {
      const today = day(event.at);
      for (const c of context.consents.values()) if (inForce(c, today)) return true;
      return false;
    },
    consentOnRecord: ({ context, event }) => {
      const c = context.consents.get(event.consent_id);
      return c !== undefined && c.withdrawnOn === null;
    },
    newMember: ({ context, event }) => !context.members.has(event.zzk_member_id),
    consultationMeeting: ({ event }) => event.kind === 'consultation',
    firstMeeting: ({ event }) => event.kind === 'first',
    followUpMeeting: ({ event }) => event.kind === 'follow_up',
    taskInPlan: ({ context, event }) => context.tasks.has(event.task_id),
    tasksInPlan: ({ context, event }) => event.entries.every((e) => context.tasks.has(e.task_id)),
    evaluated: ({ context }) => context.evaluatedOn !== null && context.effectsOn !== null,
    pastHeldOn: ({ context, event }) =>
      context.appointedOn !== null && context.appointedOn <= event.held_on && event.held_on <= day(event.at),
  },
  actions: {
    stamp: assign({ lastAt: ({ event }) => event.at }),
    recordNeed: assign({
      partnershipId: ({ event }) => event.partnership_id,
      openedOn: ({ event }) => day(event.at),
    }),
    recordConsent: ({ context, event }) => {
      context.consents.set(event.consent_id, { givenOn: day(event.at), validUntil: event.valid_until ?? null, withdrawnOn: null });
    },
    recordWithdrawal: ({ context, event }) => {
      context.consents.get(event.consent_id).withdrawnOn = day(event.at);
    },
    recordAppointment: assign({ appointedOn: ({ event }) => day(event.at) }),
    recordMember: ({ context, event }) => { context.members.add(event.zzk_member_id); },
    recordPlan: assign({
      tasks: ({ context, event }) => (event.plan ? new Set(event.plan.tasks.map((t) => t.task_id)) : context.tasks),
    }),
    recordBasketItem: assign({ basketItems: ({ context }) => context.basketItems + 1 }),
    recordSuspension: assign({ suspensions: ({ context }) => context.suspensions + 1 }),
    recordEvaluation: assign({ evaluatedOn: ({ event }) => day(event.at) }),
    recordEffects: assign({ effectsOn: ({ event }) => event.held_on }),
    recordClosure: assign({ closedOn: ({ event }) => day(event.at) }),
  },
}).createMachine({
  id: 'zzk',
  initial: 'new',
  context: ({ input }) => ({
    zzkId: input.zzkId, partnershipId: '', lastAt: -Infinity, openedOn: '0000-01-01',
    consents: new Map(), appointedOn: null, members: new Set(), tasks: new Set(),
    basketItems: 0, suspensions: 0, evaluatedOn: null, effectsOn: null, closedOn: null,
  }),
  states: statesConfig(),
});

export class RefusedError extends Error {}

/** The families of one municipality by ZZK id, one actor each. */
export class Registry {
  families = new Map();

  /** Sends `event` to the family of `event.zzk_id` (a new one for a need report). */
  handle(event) {
    let actor = this.families.get(event.zzk_id);
    if (actor === undefined) {
      actor = createActor(familyMachine, { input: { zzkId: event.zzk_id } }).start();
    }
    const before = actor.getSnapshot();
    actor.send(event);
    if (actor.getSnapshot() === before) {
      throw new RefusedError(`${event.type} refused for ${event.zzk_id} in stage ${before.value}`);
    }
    this.families.set(event.zzk_id, actor);
  }

  /** The registry: one row per ZZK. */
  rows() {
    const out = [];
    for (const actor of this.families.values()) {
      const { value, context: c } = actor.getSnapshot();
      out.push({ zzk_id: c.zzkId, partnership_id: c.partnershipId, stage: value, appointed_on: c.appointedOn,
        closed_on: c.closedOn, suspensions: c.suspensions, members: c.members.size });
    }
    return out;
  }
}

/** A command object of the core as the XState event to send (`at` in epoch milliseconds). */
export function commandEvent(envelope) {
  const { type, ...fields } = envelope.command;
  return { ...fields, type, at: Date.parse(envelope.at) };
}

/** Replays a JSON-lines event log into per-family actors, checking every event with the guards. */
export async function replayJsonl(file) {
  const registry = new Registry();
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const envelope = JSON.parse(line);
    const fields = envelope.event;
    const trigger = EVENT_TRIGGERS[fields.type];
    if (trigger === undefined) {
      if ('zzk_id' in fields && !PZK_EVENTS_OF_A_ZZK.has(fields.type)) throw new Error(`a ZZK event outside the lifecycle: ${fields.type}`);
      continue; // the PZK's own stream
    }
    fields.type = trigger;
    fields.at = Date.parse(envelope.at);
    registry.handle(fields);
  }
  return registry;
}
