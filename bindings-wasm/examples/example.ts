// An example of the package's TypeScript API, checked by `tsc --noEmit --strict` in the tests
// (bindings-wasm/tests/types.test.mjs), which also checks that a deliberate type error in a copy
// of this file fails. In Node: `import { Model } from "kooperacje"`; in a browser or bundler, the
// same import plus `await init()` first.
import {
  Model,
  isKooperacjeError,
  label,
  type CommandEnvelope,
  type CommandOf,
  type EventEnvelope,
  type EventOf,
  type KooperacjeError,
  type OverdueItem,
  type ZzkStage,
} from "kooperacje";

const model = new Model();

// A command as the core's JSON form; every field is typed from the Rust types.
const register: CommandEnvelope = {
  at: "2026-01-05T09:00:00Z",
  actor: "ops-head",
  command: {
    type: "register_partnership",
    partnership_id: "pzk-1",
    name: "PZK Miasto",
    coverage: "cała gmina",
    ops_member_id: "ops",
    ops_profile: {
      name: "MOPS",
      areas: ["social_assistance"],
      ministry: "family_social_policy",
      sector: "public",
      level: "gmina",
    },
  },
};
const events: EventEnvelope[] = model.execute(register);
const first = events[0];
if (first !== undefined && first.event.type === "partnership_registered") {
  // Narrowed by its type: the event's own fields.
  const name: string = first.event.name;
  console.log(`zarejestrowano: ${name}`);
}

// A command of one type, with the time as a Date.
const suspend: CommandOf<"suspend_zzk"> = {
  type: "suspend_zzk",
  zzk_id: "zzk-2026-0001",
  ground: "crisis",
  review_on: "2026-06-01",
  details: null,
};
try {
  model.run(new Date("2026-05-04T09:00:00Z"), "u-0012", suspend);
} catch (err: unknown) {
  if (isKooperacjeError(err)) {
    const e: KooperacjeError = err;
    if (e.name === "NotFoundError") {
      // Narrowing on the name narrows the code to the not-found codes.
      const code: `${string}NOT_FOUND` = e.code;
      console.log(code, e.messagePl);
    }
  }
}

const stage: ZzkStage = "suspended";
console.log(label("ZzkStage", stage), label("ZzkStage", stage, "en"));

const overdue: OverdueItem[] = model.overdue("2026-10-01");
for (const item of overdue) console.log(item.kind, item.days_overdue);

const suspended = (e: EventEnvelope): e is EventEnvelope & { event: EventOf<"zzk_suspended"> } =>
  e.event.type === "zzk_suspended";
console.log(model.events.filter(suspended).map((e) => e.event.review_on));
model.free();
