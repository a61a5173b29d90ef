<?php
// SPDX-License-Identifier: EUPL-1.2
//
// The ZZK lifecycle as a PHP developer would write it without kooperacje: the peer of bench.php.
// A plain class (a stage enum and a transition table of first-class callables) over the ZZK
// stages the sample lifecycle goes through (need reported … active ⇄ suspended … closed), with
// the triggers named after the commands and the guards of the other languages' peers
// (bindings-python/bench/lifecycle_transitions.py, bindings-wasm/bench/lifecycle_xstate.mjs,
// bindings-c/csharp/bench/LifecycleMachine.cs):
//
// - every act is dated no earlier than the last one of the same ZZK; days it reports (interview,
//   meeting) have happened by then and not before the case opened; days it plans (first meeting,
//   review, end of monitoring, consent validity) are not in the past;
// - work with the family needs a consent in force: given, not withdrawn, not lapsed;
// - a suspended ZZK takes no work: the work triggers leave only from the working stages, so the
//   table has no transition for them there and the machine refuses them, as kooperacje does;
// - closure needs the end-of-work evaluation (and the family's evaluation) recorded first.
//
// Two ways in: commands (the core's command envelopes, Act::fromCommand) and recorded events
// (JSON lines, json_decode'd one by one and replayed by Registry::replayJsonl into one Family per
// ZZK), ending in a registry of the ZZKs. Times are DateTimeImmutable; days stay `Y-m-d` texts,
// which compare in order. Only the ZZK lifecycle is modelled: the PZK's own stream
// (registration, basket, members) is skipped, whereas kooperacje replays and checks it too.

declare(strict_types=1);

namespace Kooperacje\Bench;

/** A family's stage: New before its need is reported (not a ZZK stage), then the ZZK stages. */
enum Stage: string
{
    case New = 'new';
    case NeedReported = 'need_reported';
    case HelpingRelationship = 'helping_relationship';
    case InitialDiagnosis = 'initial_diagnosis';
    case GroundsRecorded = 'grounds_recorded';
    case Proposed = 'proposed';
    case ConsentObtained = 'consent_obtained';
    case Appointed = 'appointed';
    case PartnersInvited = 'partners_invited';
    case ConsultationHeld = 'consultation_held';
    case FirstMeetingInvited = 'first_meeting_invited';
    case Active = 'active';
    case Suspended = 'suspended';
    case PostSupportMonitoring = 'post_support_monitoring';
    case Closed = 'closed';
}

/** The machine refused an act (no transition from the stage, or a guard said no). */
final class RefusedException extends \RuntimeException
{
}

/** One trigger with its fields: a command or a recorded event, at a time. */
final class Act
{
    /** The trigger each recorded ZZK event replays. */
    public const EVENT_TRIGGERS = [
        'need_reported' => 'report_need',
        'helping_relationship_established' => 'establish_helping_relationship',
        'initial_diagnosis_recorded' => 'record_initial_diagnosis',
        'grounds_recorded' => 'record_grounds',
        'zzk_work_proposed' => 'propose_zzk_work',
        'consent_given' => 'give_consent',
        'consent_withdrawn' => 'withdraw_consent',
        'zzk_appointed' => 'appoint_zzk',
        'zzk_member_added' => 'add_zzk_member',
        'zzk_meeting_held' => 'hold_zzk_meeting',
        'invited_to_first_meeting' => 'invite_to_first_meeting',
        'plan_adopted' => 'adopt_plan',
        'basket_item_added' => 'add_basket_item',
        'monitoring_recorded' => 'record_monitoring',
        'zzk_suspended' => 'suspend_zzk',
        'zzk_resumed' => 'resume_zzk',
        'end_of_work_evaluation_recorded' => 'record_end_of_work_evaluation',
        'family_evaluation_recorded' => 'record_family_evaluation',
        'zzk_closed' => 'close_zzk',
        'post_support_monitoring_ended' => 'end_post_support_monitoring',
    ];

    /** Events of the PZK's own stream that name a ZZK: the registry entry written with an
     * appointment (event schema 2). Not a step of the family's lifecycle. */
    private const PZK_EVENTS_OF_A_ZZK = ['zzk_registered' => true];

    /** The day of the act (`Y-m-d`, UTC). */
    public readonly string $today;

    /** @param array<string, mixed> $fields the command's or event's fields, as decoded */
    public function __construct(
        public readonly string $trigger,
        public readonly \DateTimeImmutable $at,
        public readonly array $fields,
    ) {
        $this->today = $at->format('Y-m-d');
    }

    /** A command envelope of the core (`{"at", "actor", "command": {"type", …}}`), decoded. */
    public static function fromCommand(array $envelope): self
    {
        $fields = $envelope['command'];
        return new self($fields['type'], new \DateTimeImmutable($envelope['at']), $fields);
    }

    /** A recorded event (one JSON line), or null for the PZK's own stream.
     * @throws \UnexpectedValueException a ZZK event the lifecycle does not know */
    public static function fromEvent(string $line): ?self
    {
        $envelope = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
        $fields = $envelope['event'];
        $trigger = self::EVENT_TRIGGERS[$fields['type']] ?? null;
        if ($trigger === null) {
            if (isset($fields['zzk_id']) && !isset(self::PZK_EVENTS_OF_A_ZZK[$fields['type']])) {
                throw new \UnexpectedValueException("a ZZK event outside the lifecycle: {$fields['type']}");
            }
            return null;
        }
        return new self($trigger, new \DateTimeImmutable($envelope['at']), $fields);
    }
}

/** A consent record: in force from the day given until withdrawn or past its validity. */
final class Consent
{
    public ?string $withdrawnOn = null;

    public function __construct(public readonly string $givenOn, public readonly ?string $validUntil)
    {
    }

    /** Whether it covers work on $day. */
    public function inForce(string $day): bool
    {
        return $this->givenOn <= $day && $this->withdrawnOn === null
            && ($this->validUntil === null || $day <= $this->validUntil);
    }
}

/** One family's ZZK: its stage, with the data the guards need and the registry reports. */
final class Family
{
    public Stage $stage = Stage::New;
    public string $partnershipId = '';
    /** The time of the last act, which the next one may not precede. */
    public ?\DateTimeImmutable $lastAt = null;
    /** The day the case opened (the need reported). */
    public string $openedOn = '0000-01-01';
    /** @var array<string, Consent> by consent id */
    public array $consents = [];
    public ?string $appointedOn = null;
    /** @var array<string, true> the team's member ids */
    public array $members = [];
    /** @var array<string, true> the task ids of the plan in force */
    public array $tasks = [];
    public int $basketItems = 0;
    public int $suspensions = 0;
    public ?string $evaluatedOn = null;
    public ?string $effectsOn = null;
    public ?string $closedOn = null;

    public function __construct(public readonly string $zzkId)
    {
    }
}

/** The ZZK lifecycle: the transition table and the guards, one machine for every family (each
 * Family carries its own stage). */
final class LifecycleMachine
{
    /** Day fields reporting something that has happened by the act. */
    private const PAST_DAYS = ['interview_on', 'held_on'];
    /** Day fields planning something no earlier than the act. */
    private const FUTURE_DAYS = ['planned_on', 'review_on', 'monitor_until', 'valid_until'];

    /** @var array<string, array<string, list<array{?Stage, list<\Closure>, list<\Closure>}>>>
     * trigger => source stage => the candidate transitions in order: [target, guards, effects] */
    private array $table = [];

    public function __construct()
    {
        $team = [Stage::PartnersInvited, Stage::ConsultationHeld, Stage::FirstMeetingInvited, Stage::Active];
        $consented = [Stage::ConsentObtained, Stage::Appointed, ...$team, Stage::Suspended];
        $inOrder = self::datesInOrder(...);
        $consent = self::consentInForce(...);
        $order = [$inOrder];
        $work = [$inOrder, $consent];
        // [trigger, sources, target (null: stay), guards, effects]
        $rows = [
            ['report_need', [Stage::New], Stage::NeedReported, $order, [self::recordNeed(...)]],
            ['establish_helping_relationship', [Stage::NeedReported], Stage::HelpingRelationship, $order, []],
            ['record_initial_diagnosis', [Stage::HelpingRelationship], Stage::InitialDiagnosis, $order, []],
            ['record_grounds', [Stage::InitialDiagnosis], Stage::GroundsRecorded, $order, []],
            ['propose_zzk_work', [Stage::GroundsRecorded], Stage::Proposed, $order, []],
            ['give_consent', [Stage::Proposed], Stage::ConsentObtained, $order, [self::recordConsent(...)]],
            ['withdraw_consent', $consented, null, [$inOrder, self::consentOnRecord(...)], [self::recordWithdrawal(...)]],
            ['appoint_zzk', [Stage::ConsentObtained], Stage::Appointed, $work, [self::recordAppointment(...)]],
            ['add_zzk_member', [Stage::Appointed], Stage::PartnersInvited, [...$work, self::newMember(...)], [self::recordMember(...)]],
            ['add_zzk_member', $team, null, [...$work, self::newMember(...)], [self::recordMember(...)]],
            ['hold_zzk_meeting', [Stage::PartnersInvited], Stage::ConsultationHeld, [...$work, self::meetingOf('consultation')], []],
            ['invite_to_first_meeting', [Stage::PartnersInvited, Stage::ConsultationHeld], Stage::FirstMeetingInvited, $work, []],
            ['hold_zzk_meeting', [Stage::FirstMeetingInvited], Stage::Active, [...$work, self::meetingOf('first')], [self::recordPlan(...)]],
            ['hold_zzk_meeting', [Stage::Active], null, [...$work, self::meetingOf('follow_up')], []],
            // The event log records the plan of the first meeting as an event of its own.
            ['adopt_plan', [Stage::Active], null, $work, [self::recordPlan(...)]],
            ['add_basket_item', [Stage::Active], null, [...$work, self::taskInPlan(...)], [self::recordBasketItem(...)]],
            ['record_monitoring', [Stage::Active], null, [...$work, self::tasksInPlan(...)], []],
            ['suspend_zzk', [Stage::Active], Stage::Suspended, $order, [self::recordSuspension(...)]],
            ['resume_zzk', [Stage::Suspended], Stage::Active, $work, []],
            ['record_end_of_work_evaluation', [Stage::Active], null, $work, [self::recordEvaluation(...)]],
            ['record_family_evaluation', [Stage::Active], null, [...$work, self::pastHeldOn(...)], [self::recordEffects(...)]],
            ['close_zzk', [Stage::Active], Stage::PostSupportMonitoring, [$inOrder, self::evaluated(...)], [self::recordClosure(...)]],
            ['end_post_support_monitoring', [Stage::PostSupportMonitoring], Stage::Closed, $order, []],
        ];
        foreach ($rows as [$trigger, $sources, $target, $guards, $effects]) {
            foreach ($sources as $source) {
                $this->table[$trigger][$source->value][] = [$target, $guards, $effects];
            }
        }
    }

    /** Takes the first transition of the act's trigger from the family's stage whose guards
     * all pass, and records it on the family.
     * @throws RefusedException none does */
    public function fire(Family $family, Act $act): void
    {
        foreach ($this->table[$act->trigger][$family->stage->value] ?? [] as [$target, $guards, $effects]) {
            foreach ($guards as $guard) {
                if (!$guard($family, $act)) {
                    continue 2;
                }
            }
            if ($target !== null) {
                $family->stage = $target;
            }
            foreach ($effects as $effect) {
                $effect($family, $act);
            }
            $family->lastAt = $act->at;
            return;
        }
        throw new RefusedException("{$act->trigger} refused for {$family->zzkId} in stage {$family->stage->value}");
    }

    // Guards.

    /** The act is not earlier than the last one; the days it reports have happened by then (not
     * before the case opened) and the days it plans are not in the past. */
    private static function datesInOrder(Family $family, Act $act): bool
    {
        if ($family->lastAt !== null && $act->at < $family->lastAt) {
            return false;
        }
        foreach (self::PAST_DAYS as $name) {
            $day = $act->fields[$name] ?? null;
            if ($day !== null && !($family->openedOn <= $day && $day <= $act->today)) {
                return false;
            }
        }
        foreach (self::FUTURE_DAYS as $name) {
            $day = $act->fields[$name] ?? null;
            if ($day !== null && $day < $act->today) {
                return false;
            }
        }
        return true;
    }

    /** A consent on record covers the day of the act. */
    private static function consentInForce(Family $family, Act $act): bool
    {
        foreach ($family->consents as $consent) {
            if ($consent->inForce($act->today)) {
                return true;
            }
        }
        return false;
    }

    /** The consent to withdraw was given and is not withdrawn yet. */
    private static function consentOnRecord(Family $family, Act $act): bool
    {
        $consent = $family->consents[$act->fields['consent_id']] ?? null;
        return $consent !== null && $consent->withdrawnOn === null;
    }

    private static function newMember(Family $family, Act $act): bool
    {
        return !isset($family->members[$act->fields['zzk_member_id']]);
    }

    /** A guard: the meeting is of this kind (consultation, first, follow_up). */
    private static function meetingOf(string $kind): \Closure
    {
        return static fn (Family $family, Act $act): bool => $act->fields['kind'] === $kind;
    }

    private static function taskInPlan(Family $family, Act $act): bool
    {
        return isset($family->tasks[$act->fields['task_id']]);
    }

    /** Every monitored task is in the plan. */
    private static function tasksInPlan(Family $family, Act $act): bool
    {
        foreach ($act->fields['entries'] as $entry) {
            if (!isset($family->tasks[$entry['task_id']])) {
                return false;
            }
        }
        return true;
    }

    /** The end-of-work survey and the evaluation of the effects with the family are recorded
     * (closure comes after both). */
    private static function evaluated(Family $family, Act $act): bool
    {
        return $family->evaluatedOn !== null && $family->effectsOn !== null;
    }

    /** The evaluation with the family was held by the act, not before the appointment. */
    private static function pastHeldOn(Family $family, Act $act): bool
    {
        $heldOn = $act->fields['held_on'];
        return $family->appointedOn !== null && $family->appointedOn <= $heldOn && $heldOn <= $act->today;
    }

    // Effects.

    private static function recordNeed(Family $family, Act $act): void
    {
        $family->partnershipId = $act->fields['partnership_id'];
        $family->openedOn = $act->today;
    }

    private static function recordConsent(Family $family, Act $act): void
    {
        $family->consents[$act->fields['consent_id']] = new Consent($act->today, $act->fields['valid_until'] ?? null);
    }

    private static function recordWithdrawal(Family $family, Act $act): void
    {
        $family->consents[$act->fields['consent_id']]->withdrawnOn = $act->today;
    }

    private static function recordAppointment(Family $family, Act $act): void
    {
        $family->appointedOn = $act->today;
    }

    private static function recordMember(Family $family, Act $act): void
    {
        $family->members[$act->fields['zzk_member_id']] = true;
    }

    /** The plan's tasks become the ones basket items and monitoring may name. */
    private static function recordPlan(Family $family, Act $act): void
    {
        $plan = $act->fields['plan'] ?? null;
        if ($plan !== null) {
            $family->tasks = array_fill_keys(array_column($plan['tasks'], 'task_id'), true);
        }
    }

    private static function recordBasketItem(Family $family, Act $act): void
    {
        $family->basketItems++;
    }

    private static function recordSuspension(Family $family, Act $act): void
    {
        $family->suspensions++;
    }

    private static function recordEvaluation(Family $family, Act $act): void
    {
        $family->evaluatedOn = $act->today;
    }

    private static function recordEffects(Family $family, Act $act): void
    {
        $family->effectsOn = $act->fields['held_on'];
    }

    private static function recordClosure(Family $family, Act $act): void
    {
        $family->closedOn = $act->today;
    }
}

/** The families of one municipality by ZZK id, driven through one LifecycleMachine. */
final class Registry
{
    /** @var array<string, Family> */
    public array $families = [];
    private readonly LifecycleMachine $machine;

    public function __construct()
    {
        $this->machine = new LifecycleMachine();
    }

    /** Runs the act on the family of its `zzk_id` (a new one for a need report).
     * @throws RefusedException the family's stage or a guard does not allow it */
    public function handle(Act $act): void
    {
        $zzkId = $act->fields['zzk_id'];
        $family = $this->families[$zzkId] ?? null;
        if ($family === null) {
            $family = new Family($zzkId); // in Stage::New, from which only report_need leaves
            $this->machine->fire($family, $act);
            $this->families[$zzkId] = $family;
            return;
        }
        $this->machine->fire($family, $act);
    }

    /** Replays a JSON-lines event log into per-family machines, checking every event with the
     * guards. */
    public static function replayJsonl(string $path): self
    {
        $registry = new self();
        $file = fopen($path, 'rb') ?: throw new \RuntimeException("cannot open $path");
        try {
            while (($line = fgets($file)) !== false) {
                if ($line === "\n") {
                    continue;
                }
                $act = Act::fromEvent($line);
                if ($act !== null) {
                    $registry->handle($act);
                }
            }
        } finally {
            fclose($file);
        }
        return $registry;
    }

    /** The registry: one row per ZZK (and case not yet appointed).
     * @return list<array{zzk_id: string, partnership_id: string, stage: string, appointed_on: ?string,
     *   closed_on: ?string, suspensions: int, members: int}> */
    public function rows(): array
    {
        $rows = [];
        foreach ($this->families as $f) {
            $rows[] = [
                'zzk_id' => $f->zzkId,
                'partnership_id' => $f->partnershipId,
                'stage' => $f->stage->value,
                'appointed_on' => $f->appointedOn,
                'closed_on' => $f->closedOn,
                'suspensions' => $f->suspensions,
                'members' => count($f->members),
            ];
        }
        return $rows;
    }
}
