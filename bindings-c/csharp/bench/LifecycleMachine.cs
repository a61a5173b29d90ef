// SPDX-License-Identifier: EUPL-1.2
//
// The ZZK lifecycle as a C# developer would write it without kooperacje: the peer of Bench.cs.
// A plain state machine (a stage enum and a transition table) over the ZZK stages the sample
// lifecycle goes through (need reported … active ⇄ suspended … closed), with the triggers named
// after the commands and the guards of the other languages' peers
// (bindings-python/bench/lifecycle_transitions.py, bindings-wasm/bench/lifecycle_xstate.mjs):
//
// - every act is dated no earlier than the last one of the same ZZK; days it reports (interview,
//   meeting) have happened by then and not before the case opened; days it plans (first meeting,
//   review, end of monitoring, consent validity) are not in the past;
// - work with the family needs a consent in force: given, not withdrawn, not lapsed;
// - a suspended ZZK takes no work: the work triggers leave only from the working stages, so the
//   table has no transition for them there and the machine refuses them, as kooperacje does;
// - closure needs the end-of-work evaluation (and the family's evaluation) recorded first.
//
// Two ways in: commands (the core's command envelopes, see Act.FromCommand) and recorded events
// (JSON lines, replayed by Registry.ReplayJsonl into one Family per ZZK), both parsed with
// Json.NET (Newtonsoft.Json, what a .NET developer reaches for, and in Debian), ending in a
// registry of the ZZKs. Only the ZZK lifecycle is modelled: the PZK's own stream (registration,
// basket, members) is skipped, whereas kooperacje replays and checks it too.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Newtonsoft.Json.Linq;

namespace Kooperacje.Bench
{
    /// <summary>A family's stage: <see cref="New"/> before its need is reported (not a ZZK
    /// stage), then the ZZK stages the sample lifecycle goes through.</summary>
    public enum Stage
    {
        New, NeedReported, HelpingRelationship, InitialDiagnosis, GroundsRecorded, Proposed,
        ConsentObtained, Appointed, PartnersInvited, ConsultationHeld, FirstMeetingInvited, Active,
        Suspended, PostSupportMonitoring, Closed,
    }

    /// <summary>A guard: whether the act may happen to the family now.</summary>
    public delegate bool Guard(Family family, Act act);

    /// <summary>What a transition records on the family.</summary>
    public delegate void Effect(Family family, Act act);

    /// <summary>The machine refused an act (no transition from the stage, or a guard said no).</summary>
    public sealed class RefusedException : Exception
    {
        /// <summary>A refusal with its reason.</summary>
        public RefusedException(string message) : base(message) { }
    }

    /// <summary>One trigger with its fields: a command or a recorded event, at a time (UTC).</summary>
    public sealed class Act
    {
        /// <summary>The trigger: the command's type, or the one a recorded event replays.</summary>
        public readonly string Trigger;
        /// <summary>When the act happened.</summary>
        public readonly DateTime At;
        /// <summary>The day of <see cref="At"/>.</summary>
        public readonly DateTime Today;
        /// <summary>The command's or event's fields, as parsed.</summary>
        public readonly JObject Fields;

        private Act(string trigger, DateTime at, JObject fields)
        {
            Trigger = trigger;
            At = at;
            Today = at.Date;
            Fields = fields;
        }

        /// <summary>The trigger each recorded ZZK event replays.</summary>
        public static readonly Dictionary<string, string> EventTriggers = new Dictionary<string, string>
        {
            { "need_reported", "report_need" },
            { "helping_relationship_established", "establish_helping_relationship" },
            { "initial_diagnosis_recorded", "record_initial_diagnosis" },
            { "grounds_recorded", "record_grounds" },
            { "zzk_work_proposed", "propose_zzk_work" },
            { "consent_given", "give_consent" },
            { "consent_withdrawn", "withdraw_consent" },
            { "zzk_appointed", "appoint_zzk" },
            { "zzk_member_added", "add_zzk_member" },
            { "zzk_meeting_held", "hold_zzk_meeting" },
            { "invited_to_first_meeting", "invite_to_first_meeting" },
            { "plan_adopted", "adopt_plan" },
            { "basket_item_added", "add_basket_item" },
            { "monitoring_recorded", "record_monitoring" },
            { "zzk_suspended", "suspend_zzk" },
            { "zzk_resumed", "resume_zzk" },
            { "end_of_work_evaluation_recorded", "record_end_of_work_evaluation" },
            { "family_evaluation_recorded", "record_family_evaluation" },
            { "zzk_closed", "close_zzk" },
            { "post_support_monitoring_ended", "end_post_support_monitoring" },
        };

        /// <summary>Events of the PZK's own stream that name a ZZK: the registry entry written
        /// with an appointment (event schema 2). Not a step of the family's lifecycle.</summary>
        private static readonly HashSet<string> PzkEventsOfAZzk = new HashSet<string> { "zzk_registered" };

        /// <summary>A command envelope of the core (<c>{"at", "actor", "command": {"type", …}}</c>).</summary>
        public static Act FromCommand(JObject envelope)
        {
            var fields = (JObject)envelope["command"];
            return new Act((string)fields["type"], Time(envelope["at"]), fields);
        }

        /// <summary>A recorded event (one JSON line), or null for the PZK's own stream.</summary>
        /// <exception cref="InvalidDataException">A ZZK event the lifecycle does not know.</exception>
        public static Act FromEvent(string line)
        {
            var envelope = JObject.Parse(line);
            var fields = (JObject)envelope["event"];
            var type = (string)fields["type"];
            string trigger;
            if (!EventTriggers.TryGetValue(type, out trigger))
            {
                if (fields["zzk_id"] != null && !PzkEventsOfAZzk.Contains(type))
                    throw new InvalidDataException("a ZZK event outside the lifecycle: " + type);
                return null;
            }
            return new Act(trigger, Time(envelope["at"]), fields);
        }

        /// <summary>A time in UTC (Json.NET has usually read it as a date already).</summary>
        private static DateTime Time(JToken token)
        {
            if (token.Type == JTokenType.Date) return ((DateTime)token).ToUniversalTime();
            return DateTime.Parse((string)token, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }

        /// <summary>The day in field <paramref name="name"/> (<c>YYYY-MM-DD</c>), null when absent.</summary>
        public DateTime? Day(string name)
        {
            var token = Fields[name];
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token.Type == JTokenType.Date) return ((DateTime)token).Date;
            return DateTime.ParseExact((string)token, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        /// <summary>The text in field <paramref name="name"/>.</summary>
        public string Text(string name)
        {
            return (string)Fields[name];
        }
    }

    /// <summary>A consent record: in force from the day given until withdrawn or past its validity.</summary>
    public sealed class Consent
    {
        /// <summary>The day it was given.</summary>
        public DateTime GivenOn;
        /// <summary>The last day it covers, if limited.</summary>
        public DateTime? ValidUntil;
        /// <summary>The day it was withdrawn, if it was.</summary>
        public DateTime? WithdrawnOn;

        /// <summary>Whether it covers work on <paramref name="day"/>.</summary>
        public bool InForce(DateTime day)
        {
            return GivenOn <= day && WithdrawnOn == null && (ValidUntil == null || day <= ValidUntil.Value);
        }
    }

    /// <summary>One family's ZZK: its stage, with the data the guards need and the registry reports.</summary>
    public sealed class Family
    {
        /// <summary>The ZZK (or case) id.</summary>
        public readonly string ZzkId;
        /// <summary>Where the family stands.</summary>
        public Stage Stage = Stage.New;
        /// <summary>The PZK the need was reported to.</summary>
        public string PartnershipId = "";
        /// <summary>The time of the last act, which the next one may not precede.</summary>
        public DateTime LastAt = DateTime.MinValue;
        /// <summary>The day the case opened (the need reported).</summary>
        public DateTime OpenedOn = DateTime.MinValue;
        /// <summary>The consents on record by id.</summary>
        public readonly Dictionary<string, Consent> Consents = new Dictionary<string, Consent>();
        /// <summary>The day the ZZK was appointed, if it was.</summary>
        public DateTime? AppointedOn;
        /// <summary>The team's member ids.</summary>
        public readonly HashSet<string> Members = new HashSet<string>();
        /// <summary>The task ids of the plan in force.</summary>
        public HashSet<string> Tasks = new HashSet<string>();
        /// <summary>Basket items given to the family.</summary>
        public int BasketItems;
        /// <summary>How many times the ZZK was suspended.</summary>
        public int Suspensions;
        /// <summary>The day of the end-of-work evaluation, if recorded.</summary>
        public DateTime? EvaluatedOn;
        /// <summary>The day of the evaluation of the effects with the family, if recorded.</summary>
        public DateTime? EffectsOn;
        /// <summary>The day the ZZK closed, if it did.</summary>
        public DateTime? ClosedOn;

        /// <summary>A family before its need is reported.</summary>
        public Family(string zzkId)
        {
            ZzkId = zzkId;
        }
    }

    /// <summary>One row of the transition table.</summary>
    public sealed class Transition
    {
        /// <summary>The trigger it answers.</summary>
        public readonly string Trigger;
        /// <summary>The stages it leaves from.</summary>
        public readonly Stage[] Sources;
        /// <summary>The stage it goes to; null: the family stays where it is.</summary>
        public readonly Stage? Target;
        /// <summary>All must pass.</summary>
        public readonly Guard[] Guards;
        /// <summary>Run in order once the transition is taken.</summary>
        public readonly Effect[] Effects;

        /// <summary>A row of the table.</summary>
        public Transition(string trigger, Stage[] sources, Stage? target, Guard[] guards, params Effect[] effects)
        {
            Trigger = trigger;
            Sources = sources;
            Target = target;
            Guards = guards;
            Effects = effects;
        }
    }

    /// <summary>The ZZK lifecycle: the transition table and the guards, one machine for every
    /// family (each <see cref="Family"/> carries its own stage).</summary>
    public static class LifecycleMachine
    {
        /// <summary>The stages' codes as kooperacje names them (snake_case), by <see cref="Stage"/>.</summary>
        public static readonly string[] StageCodes =
        {
            "new", "need_reported", "helping_relationship", "initial_diagnosis", "grounds_recorded",
            "proposed", "consent_obtained", "appointed", "partners_invited", "consultation_held",
            "first_meeting_invited", "active", "suspended", "post_support_monitoring", "closed",
        };

        private static readonly Stage[] Team = { Stage.PartnersInvited, Stage.ConsultationHeld, Stage.FirstMeetingInvited, Stage.Active };
        private static readonly Stage[] Consented =
        {
            Stage.ConsentObtained, Stage.Appointed, Stage.PartnersInvited, Stage.ConsultationHeld,
            Stage.FirstMeetingInvited, Stage.Active, Stage.Suspended,
        };

        /// <summary>Day fields reporting something that has happened by the act.</summary>
        private static readonly string[] PastDays = { "interview_on", "held_on" };
        /// <summary>Day fields planning something no earlier than the act.</summary>
        private static readonly string[] FutureDays = { "planned_on", "review_on", "monitor_until", "valid_until" };

        private static Stage[] From(params Stage[] stages) { return stages; }
        private static Guard[] When(params Guard[] guards) { return guards; }

        private static readonly Guard[] Order = { DatesInOrder };
        private static readonly Guard[] Work = { DatesInOrder, ConsentInForce };

        /// <summary>The transition table.</summary>
        public static readonly Transition[] Table =
        {
            new Transition("report_need", From(Stage.New), Stage.NeedReported, Order, RecordNeed),
            new Transition("establish_helping_relationship", From(Stage.NeedReported), Stage.HelpingRelationship, Order),
            new Transition("record_initial_diagnosis", From(Stage.HelpingRelationship), Stage.InitialDiagnosis, Order),
            new Transition("record_grounds", From(Stage.InitialDiagnosis), Stage.GroundsRecorded, Order),
            new Transition("propose_zzk_work", From(Stage.GroundsRecorded), Stage.Proposed, Order),
            new Transition("give_consent", From(Stage.Proposed), Stage.ConsentObtained, Order, RecordConsent),
            new Transition("withdraw_consent", Consented, null, When(DatesInOrder, ConsentOnRecord), RecordWithdrawal),
            new Transition("appoint_zzk", From(Stage.ConsentObtained), Stage.Appointed, Work, RecordAppointment),
            new Transition("add_zzk_member", From(Stage.Appointed), Stage.PartnersInvited, When(DatesInOrder, ConsentInForce, NewMember), RecordMember),
            new Transition("add_zzk_member", Team, null, When(DatesInOrder, ConsentInForce, NewMember), RecordMember),
            new Transition("hold_zzk_meeting", From(Stage.PartnersInvited), Stage.ConsultationHeld, When(DatesInOrder, ConsentInForce, ConsultationMeeting)),
            new Transition("invite_to_first_meeting", From(Stage.PartnersInvited, Stage.ConsultationHeld), Stage.FirstMeetingInvited, Work),
            new Transition("hold_zzk_meeting", From(Stage.FirstMeetingInvited), Stage.Active, When(DatesInOrder, ConsentInForce, FirstMeeting), RecordPlan),
            new Transition("hold_zzk_meeting", From(Stage.Active), null, When(DatesInOrder, ConsentInForce, FollowUpMeeting)),
            // The event log records the plan of the first meeting as an event of its own.
            new Transition("adopt_plan", From(Stage.Active), null, Work, RecordPlan),
            new Transition("add_basket_item", From(Stage.Active), null, When(DatesInOrder, ConsentInForce, TaskInPlan), RecordBasketItem),
            new Transition("record_monitoring", From(Stage.Active), null, When(DatesInOrder, ConsentInForce, TasksInPlan)),
            new Transition("suspend_zzk", From(Stage.Active), Stage.Suspended, Order, RecordSuspension),
            new Transition("resume_zzk", From(Stage.Suspended), Stage.Active, Work),
            new Transition("record_end_of_work_evaluation", From(Stage.Active), null, Work, RecordEvaluation),
            new Transition("record_family_evaluation", From(Stage.Active), null, When(DatesInOrder, ConsentInForce, PastHeldOn), RecordEffects),
            new Transition("close_zzk", From(Stage.Active), Stage.PostSupportMonitoring, When(DatesInOrder, Evaluated), RecordClosure),
            new Transition("end_post_support_monitoring", From(Stage.PostSupportMonitoring), Stage.Closed, Order),
        };

        /// <summary>The table indexed once: by trigger, then by source stage, the candidate rows in order.</summary>
        private static readonly Dictionary<string, Transition[][]> ByTrigger = Index();

        private static Dictionary<string, Transition[][]> Index()
        {
            var index = new Dictionary<string, Transition[][]>();
            foreach (var t in Table)
            {
                Transition[][] byStage;
                if (!index.TryGetValue(t.Trigger, out byStage))
                    index[t.Trigger] = byStage = new Transition[StageCodes.Length][];
                foreach (var source in t.Sources)
                {
                    var rows = byStage[(int)source] ?? new Transition[0];
                    Array.Resize(ref rows, rows.Length + 1);
                    rows[rows.Length - 1] = t;
                    byStage[(int)source] = rows;
                }
            }
            return index;
        }

        /// <summary>Takes the first transition of the act's trigger from the family's stage
        /// whose guards all pass, and records it on the family.</summary>
        /// <exception cref="RefusedException">None does.</exception>
        public static void Fire(Family family, Act act)
        {
            Transition[][] byStage;
            var rows = ByTrigger.TryGetValue(act.Trigger, out byStage) ? byStage[(int)family.Stage] : null;
            if (rows != null)
            {
                foreach (var t in rows)
                {
                    if (!Passes(t.Guards, family, act)) continue;
                    if (t.Target.HasValue) family.Stage = t.Target.Value;
                    foreach (var effect in t.Effects) effect(family, act);
                    family.LastAt = act.At;
                    return;
                }
            }
            throw new RefusedException(act.Trigger + " refused for " + family.ZzkId + " in stage " + StageCodes[(int)family.Stage]);
        }

        private static bool Passes(Guard[] guards, Family family, Act act)
        {
            foreach (var guard in guards)
                if (!guard(family, act)) return false;
            return true;
        }

        // Guards.

        /// <summary>The act is not earlier than the last one; the days it reports have happened
        /// by then (not before the case opened) and the days it plans are not in the past.</summary>
        private static bool DatesInOrder(Family family, Act act)
        {
            if (act.At < family.LastAt) return false;
            foreach (var name in PastDays)
            {
                var day = act.Day(name);
                if (day != null && !(family.OpenedOn <= day.Value && day.Value <= act.Today)) return false;
            }
            foreach (var name in FutureDays)
            {
                var day = act.Day(name);
                if (day != null && day.Value < act.Today) return false;
            }
            return true;
        }

        /// <summary>A consent on record covers the day of the act.</summary>
        private static bool ConsentInForce(Family family, Act act)
        {
            foreach (var consent in family.Consents.Values)
                if (consent.InForce(act.Today)) return true;
            return false;
        }

        /// <summary>The consent to withdraw was given and is not withdrawn yet.</summary>
        private static bool ConsentOnRecord(Family family, Act act)
        {
            Consent consent;
            return family.Consents.TryGetValue(act.Text("consent_id"), out consent) && consent.WithdrawnOn == null;
        }

        private static bool NewMember(Family family, Act act) { return !family.Members.Contains(act.Text("zzk_member_id")); }
        private static bool ConsultationMeeting(Family family, Act act) { return act.Text("kind") == "consultation"; }
        private static bool FirstMeeting(Family family, Act act) { return act.Text("kind") == "first"; }
        private static bool FollowUpMeeting(Family family, Act act) { return act.Text("kind") == "follow_up"; }
        private static bool TaskInPlan(Family family, Act act) { return family.Tasks.Contains(act.Text("task_id")); }

        /// <summary>Every monitored task is in the plan.</summary>
        private static bool TasksInPlan(Family family, Act act)
        {
            foreach (var entry in (JArray)act.Fields["entries"])
                if (!family.Tasks.Contains((string)entry["task_id"])) return false;
            return true;
        }

        /// <summary>The end-of-work survey and the evaluation of the effects with the family are
        /// recorded (closure comes after both).</summary>
        private static bool Evaluated(Family family, Act act)
        {
            return family.EvaluatedOn != null && family.EffectsOn != null;
        }

        /// <summary>The evaluation with the family was held by the act, not before the appointment.</summary>
        private static bool PastHeldOn(Family family, Act act)
        {
            var heldOn = act.Day("held_on");
            return family.AppointedOn != null && heldOn != null && family.AppointedOn.Value <= heldOn.Value && heldOn.Value <= act.Today;
        }

        // Effects.

        private static void RecordNeed(Family family, Act act)
        {
            family.PartnershipId = act.Text("partnership_id");
            family.OpenedOn = act.Today;
        }

        private static void RecordConsent(Family family, Act act)
        {
            family.Consents[act.Text("consent_id")] = new Consent { GivenOn = act.Today, ValidUntil = act.Day("valid_until") };
        }

        private static void RecordWithdrawal(Family family, Act act) { family.Consents[act.Text("consent_id")].WithdrawnOn = act.Today; }
        private static void RecordAppointment(Family family, Act act) { family.AppointedOn = act.Today; }
        private static void RecordMember(Family family, Act act) { family.Members.Add(act.Text("zzk_member_id")); }

        /// <summary>The plan's tasks become the ones basket items and monitoring may name.</summary>
        private static void RecordPlan(Family family, Act act)
        {
            var plan = act.Fields["plan"] as JObject;
            if (plan == null) return;
            var tasks = new HashSet<string>();
            foreach (var task in (JArray)plan["tasks"]) tasks.Add((string)task["task_id"]);
            family.Tasks = tasks;
        }

        private static void RecordBasketItem(Family family, Act act) { family.BasketItems++; }
        private static void RecordSuspension(Family family, Act act) { family.Suspensions++; }
        private static void RecordEvaluation(Family family, Act act) { family.EvaluatedOn = act.Today; }
        private static void RecordEffects(Family family, Act act) { family.EffectsOn = act.Day("held_on"); }
        private static void RecordClosure(Family family, Act act) { family.ClosedOn = act.Today; }
    }

    /// <summary>The families of one municipality by ZZK id, driven through <see cref="LifecycleMachine"/>.</summary>
    public sealed class Registry
    {
        /// <summary>The families by ZZK id.</summary>
        public readonly Dictionary<string, Family> Families = new Dictionary<string, Family>();

        /// <summary>Runs the act on the family of its <c>zzk_id</c> (a new one for a need report).</summary>
        /// <exception cref="RefusedException">The family's stage or a guard does not allow it.</exception>
        public void Handle(Act act)
        {
            var zzkId = act.Text("zzk_id");
            Family family;
            if (!Families.TryGetValue(zzkId, out family))
            {
                family = new Family(zzkId); // in Stage.New, from which only report_need leaves
                LifecycleMachine.Fire(family, act);
                Families.Add(zzkId, family);
                return;
            }
            LifecycleMachine.Fire(family, act);
        }

        /// <summary>Replays a JSON-lines event log into per-family machines, checking every event
        /// with the guards.</summary>
        public static Registry ReplayJsonl(string path)
        {
            var registry = new Registry();
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length == 0) continue;
                var act = Act.FromEvent(line);
                if (act != null) registry.Handle(act);
            }
            return registry;
        }

        /// <summary>The registry: one row per ZZK (and case not yet appointed).</summary>
        public List<RegistryRow> Rows()
        {
            var rows = new List<RegistryRow>(Families.Count);
            foreach (var f in Families.Values)
            {
                rows.Add(new RegistryRow
                {
                    ZzkId = f.ZzkId,
                    PartnershipId = f.PartnershipId,
                    Stage = LifecycleMachine.StageCodes[(int)f.Stage],
                    AppointedOn = f.AppointedOn,
                    ClosedOn = f.ClosedOn,
                    Suspensions = f.Suspensions,
                    Members = f.Members.Count,
                });
            }
            return rows;
        }
    }

    /// <summary>One ZZK of the registry.</summary>
    public sealed class RegistryRow
    {
        /// <summary>The ZZK (or case) id.</summary>
        public string ZzkId;
        /// <summary>Its PZK.</summary>
        public string PartnershipId;
        /// <summary>Its stage's code.</summary>
        public string Stage;
        /// <summary>The day it was appointed, if it was.</summary>
        public DateTime? AppointedOn;
        /// <summary>The day it closed, if it did.</summary>
        public DateTime? ClosedOn;
        /// <summary>How many times it was suspended.</summary>
        public int Suspensions;
        /// <summary>The size of its team.</summary>
        public int Members;
    }
}
