//! Bounds: what every field of a command **and of an event** must keep, whatever the rule.
//!
//! A command is decided against the rules of its concept; an event from outside (an import,
//! another system's log) is not decided again, only admitted. Both pass through the same bounds
//! first, so that a log cannot carry what no command could have produced:
//!
//! - its time in [`crate::dates::EARLIEST`]..=[`crate::dates::LATEST`], and not a leap second;
//! - every date within [`crate::dates::HORIZON_YEARS`] of that time, either way;
//! - every id in the strict opaque form of [`check_id`] (no free text, no PESEL);
//! - every text within the limit of its field ([`crate::text::limit`]).
//!
//! The fields are not listed here: each command and event variant visits its own fields from its
//! one declaration (the `commands!` and `events!` macros), and each nested type below visits its
//! fields by destructuring itself completely, so a new field or variant is visited without anyone
//! remembering to add it, and a field of a type without bounds does not compile.

use crate::basket::{Provider, ServiceInput, TargetGroups};
use crate::classification::InstitutionProfile;
use crate::command::CommandEnvelope;
use crate::consent::{ConsentParty, ConsentScope};
use crate::dates::{within, EARLIEST, HORIZON_YEARS, LATEST};
use crate::error::ValidationError;
use crate::evaluation::{EndOfWorkSurvey, FamilyEvaluation};
use crate::event::EventEnvelope;
use crate::household::BirthYear;
use crate::id_map::IdMap;
use crate::ids::MAX_ID_LEN;
use crate::monitoring::{MonitoringEntry, Period};
use crate::partnership::RulesOfProcedure;
use crate::plan::{
    GoalEvaluation, GoalInput, PlanChange, PlanInput, ProjectInput, Responsible, TaskInput,
};
use crate::zzk::{ClientInput, SuspensionReviewOutcome};
use chrono::{DateTime, Months, NaiveDate, Timelike, Utc};

/// The first bound a walk found broken; the walk goes on but keeps only the first.
pub(crate) struct Walk {
    earliest: NaiveDate,
    latest: NaiveDate,
    /// Whether the form of schema 2 holds: strict ids, and no PESEL in texts. Events of schema 1,
    /// written before it, keep the looser form of their time (see [`check_id_v1`]).
    strict: bool,
    error: Option<ValidationError>,
}

impl Walk {
    fn new(at: DateTime<Utc>, strict: bool) -> Result<Walk, ValidationError> {
        check_time("at", at)?;
        let day = at.date_naive();
        let horizon = Months::new(HORIZON_YEARS * 12);
        // `at` is within 2000–2099, so neither bound can overflow; the fallbacks are never used.
        Ok(Walk {
            earliest: day.checked_sub_months(horizon).unwrap_or(EARLIEST),
            latest: day.checked_add_months(horizon).unwrap_or(LATEST),
            strict,
            error: None,
        })
    }

    fn fail(&mut self, e: ValidationError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    fn finish(self) -> Result<(), ValidationError> {
        self.error.map_or(Ok(()), Err)
    }

    fn text(&mut self, field: &'static str, text: &str, max: usize) {
        let mut checked = crate::text::optional(field, text, max);
        if self.strict && checked.is_ok() {
            checked = refuse_pesel(field, text);
        }
        if let Err(e) = checked {
            self.fail(e);
        }
    }

    pub(crate) fn id(&mut self, field: &'static str, id: &str) {
        let checked = if self.strict {
            check_id(field, id)
        } else {
            check_id_v1(field, id)
        };
        if let Err(e) = checked {
            self.fail(e);
        }
    }
}

/// Checks a command's envelope and every field of the command against the bounds.
pub(crate) fn check_command(cmd: &CommandEnvelope) -> Result<(), ValidationError> {
    let mut walk = Walk::new(cmd.at, true)?;
    walk.id("actor", cmd.actor.as_str());
    if let Some(id) = &cmd.command_id {
        walk.id("command_id", id.as_str());
    }
    cmd.command.bounds(&mut walk);
    walk.finish()
}

/// Checks an event's envelope and every field of the event against the bounds: the same as
/// [`check_command`], except that an event of schema 1 keeps the form of its time (looser ids,
/// texts not searched for a PESEL), so that logs stored before schema 2 stay valid.
pub(crate) fn check_event(env: &EventEnvelope) -> Result<(), ValidationError> {
    let mut walk = Walk::new(env.at, env.schema >= 2)?;
    walk.id("actor", env.actor.as_str());
    if let Some(id) = &env.command_id {
        walk.id("command_id", id.as_str());
    }
    env.event.bounds(&mut walk);
    walk.finish()
}

/// A time of a command or an event: within the years any command may be dated, and not a leap
/// second. Python's `datetime`, JavaScript's `Date` and Java's `Instant` cannot hold one, so a
/// host would fail to read back what it stored. A leap second read from JSON text is already the
/// next instant (see `decode::without_leap_second`); one made in Rust is refused here.
pub(crate) fn check_time(field: &'static str, at: DateTime<Utc>) -> Result<(), ValidationError> {
    if at.nanosecond() >= 1_000_000_000 {
        return Err(ValidationError::LeapSecond { field });
    }
    within(field, at.date_naive(), EARLIEST, LATEST)
}

/// Checks a host-provided id: 1–64 characters, each an ASCII letter or digit or one of `-_.:`,
/// and no PESEL inside.
///
/// An id is stored in the immutable log and cannot be erased, so it must be an opaque key of a
/// record the host keeps apart (a database sequence, a UUID, a case number), never text about the
/// family: the strict form keeps free text (`"Pobyt w szpitalu psychiatrycznym"`) out of the
/// log, and a run of exactly eleven digits that is a valid PESEL — the one personal number every
/// Pole has — is refused wherever it stands in the id (**\[decision\]**: a UUID's groups have 8, 4
/// and 12 digits, so they are never taken for one).
pub(crate) fn check_id(field: &'static str, id: &str) -> Result<(), ValidationError> {
    let allowed = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':');
    if id.is_empty() || id.len() > MAX_ID_LEN || !id.bytes().all(allowed) {
        return Err(ValidationError::InvalidId { field });
    }
    refuse_pesel(field, id)
}

/// Refuses a text that holds a PESEL: a run of exactly eleven digits with a valid control digit
/// and birth date. **\[decision\]** texts are checked as ids are: a PESEL typed into a reason or a
/// title would otherwise go into the permanent log. Other Polish numbers have other lengths (a
/// phone 9 digits, NIP 10, REGON 9 or 14, an account number 26), so they are never taken for one.
fn refuse_pesel(field: &'static str, text: &str) -> Result<(), ValidationError> {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let run = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if run == 11 && crate::validate::pesel(field, &text[start..start + 11]).is_ok() {
            return Err(ValidationError::ContainsPesel { field });
        }
        start += run.max(1);
    }
    Ok(())
}

/// The id form of schema 1 (before the strict form): 1–64 bytes, no control characters, no
/// surrounding spaces. Events of that schema, already stored, stay valid under it.
fn check_id_v1(field: &'static str, id: &str) -> Result<(), ValidationError> {
    if id.is_empty() || id.len() > MAX_ID_LEN || id.trim() != id || id.chars().any(char::is_control)
    {
        return Err(ValidationError::InvalidId { field });
    }
    Ok(())
}

/// A value with bounds: it reports the first one it breaks to the walk.
pub(crate) trait Bounded {
    /// Visits the value, named `field`.
    fn bounds(&self, field: &'static str, walk: &mut Walk);

    /// Visits the value as the key of a map named `field` (a questionnaire's question has the
    /// limit of a short text while its answer has that of a long one).
    fn key_bounds(&self, field: &'static str, walk: &mut Walk) {
        self.bounds(field, walk);
    }
}

impl Bounded for String {
    fn bounds(&self, field: &'static str, walk: &mut Walk) {
        walk.text(field, self, crate::text::limit(field));
    }

    fn key_bounds(&self, field: &'static str, walk: &mut Walk) {
        walk.text(field, self, crate::text::key_limit(field));
    }
}

impl Bounded for NaiveDate {
    fn bounds(&self, field: &'static str, walk: &mut Walk) {
        if let Err(e) = within(field, *self, walk.earliest, walk.latest) {
            walk.fail(e);
        }
    }
}

impl<T: Bounded> Bounded for Option<T> {
    fn bounds(&self, field: &'static str, walk: &mut Walk) {
        if let Some(v) = self {
            v.bounds(field, walk);
        }
    }
}

impl<T: Bounded> Bounded for Vec<T> {
    fn bounds(&self, field: &'static str, walk: &mut Walk) {
        for v in self {
            v.bounds(field, walk);
        }
    }
}

impl<K: Bounded + Ord, V: Bounded> Bounded for IdMap<K, V> {
    fn bounds(&self, field: &'static str, walk: &mut Walk) {
        for (k, v) in self {
            k.key_bounds(field, walk);
            v.bounds(field, walk);
        }
    }
}

/// Values whose type is its bound: numbers whose ranges the rules check, and flags.
macro_rules! unbounded {
    ($($t:ty),+ $(,)?) => {$(
        impl Bounded for $t {
            fn bounds(&self, _: &'static str, _: &mut Walk) {}
        }
    )+};
}
unbounded!(bool, u8, u16, u32, i32);

impl Bounded for Period {
    fn bounds(&self, field: &'static str, walk: &mut Walk) {
        match self.first_day() {
            Some(day) => day.bounds(field, walk),
            None => walk.fail(ValidationError::BadPeriod {
                period: crate::text::shortened(&self.0),
            }),
        }
    }
}

/// Visits each field of a struct by destructuring it whole: a new field that is not visited does
/// not compile.
macro_rules! bounded_struct {
    ($($t:ident { $($field:ident),* $(,)? }),+ $(,)?) => {$(
        impl Bounded for $t {
            fn bounds(&self, _: &'static str, walk: &mut Walk) {
                let $t { $($field),* } = self;
                $( Bounded::bounds($field, stringify!($field), walk); )*
            }
        }
    )+};
}

bounded_struct!(
    InstitutionProfile {
        name,
        areas,
        ministry,
        sector,
        level
    },
    ServiceInput {
        name,
        description,
        kind,
        components,
        provider,
        origin,
        areas,
        target,
        access_conditions,
        contact_person,
        verified_on,
    },
    TargetGroups {
        persons,
        families,
        groups,
        age_min,
        age_max
    },
    RulesOfProcedure {
        meeting_cadence_months,
        basket_verification_months,
        evaluation_cadence_months,
        monitoring_period_months,
        minutes_approved_at_next_meeting,
        minutes_read_out,
    },
    ConsentScope {
        zzk_work,
        share_with,
        evaluation,
        share_with_guests
    },
    ConsentParty { person, capacity },
    EndOfWorkSurvey {
        most_valuable,
        weak_points,
        suggestions,
        form
    },
    FamilyEvaluation {
        situation_changes,
        family_gains,
        continuation,
        teamwork,
        family_answers
    },
    MonitoringEntry {
        task_id,
        status,
        info
    },
    GoalInput { goal_id, title },
    TaskInput {
        task_id,
        goal_id,
        title,
        responsible,
        deadline
    },
    PlanInput {
        case_number,
        situation,
        problems,
        main_goal,
        goals,
        tasks
    },
    GoalEvaluation {
        goal_id,
        achievement,
        reasons
    },
    ProjectInput {
        project_id,
        title,
        planned_end
    },
    ClientInput {
        kind,
        household,
        group_kind,
        birth_years
    },
    BirthYear { person, year },
);

impl Bounded for PlanChange {
    fn bounds(&self, _: &'static str, walk: &mut Walk) {
        match self {
            PlanChange::MainGoal { main_goal } => main_goal.bounds("main_goal", walk),
            PlanChange::RenameGoal { goal_id, title } => {
                goal_id.bounds("goal_id", walk);
                title.bounds("title", walk);
            }
            PlanChange::DropGoal { goal_id, reason } => {
                goal_id.bounds("goal_id", walk);
                reason.bounds("reason", walk);
            }
            PlanChange::RenameTask { task_id, title } => {
                task_id.bounds("task_id", walk);
                title.bounds("title", walk);
            }
            PlanChange::DropTask { task_id, reason } => {
                task_id.bounds("task_id", walk);
                reason.bounds("reason", walk);
            }
            PlanChange::Problems { problems } => problems.bounds("problems", walk),
        }
    }
}

impl Bounded for SuspensionReviewOutcome {
    fn bounds(&self, _: &'static str, walk: &mut Walk) {
        match self {
            SuspensionReviewOutcome::KeepSuspended { next_review_on } => {
                next_review_on.bounds("next_review_on", walk)
            }
            SuspensionReviewOutcome::Resume { ground } => ground.bounds("ground", walk),
        }
    }
}

impl Bounded for Provider {
    fn bounds(&self, _: &'static str, walk: &mut Walk) {
        match self {
            Provider::Member { member_id } => member_id.bounds("member_id", walk),
            Provider::External {
                name,
                sector,
                ministry,
            } => {
                name.bounds("name", walk);
                sector.bounds("sector", walk);
                ministry.bounds("ministry", walk);
            }
        }
    }
}

impl Bounded for Responsible {
    fn bounds(&self, _: &'static str, walk: &mut Walk) {
        match self {
            Responsible::Member { zzk_member_id } => zzk_member_id.bounds("zzk_member_id", walk),
            Responsible::Family | Responsible::SocialWorker => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_opaque_keys() {
        for ok in [
            "zzk-000123",
            "a",
            "OPS.5120.21.2026",
            "urn:uuid:550e8400-e29b-41d4-a716-446655440000",
            "case_7",
            &"x".repeat(64),
        ] {
            assert_eq!(check_id("id", ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "Pobyt w szpitalu psychiatrycznym",
            "zzk-wiśniewscy",
            "tab\there",
            "semi;colon",
            "slash/es",
            &"x".repeat(65),
        ] {
            assert_eq!(
                check_id("id", bad),
                Err(ValidationError::InvalidId { field: "id" }),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn an_id_holding_a_pesel_is_refused() {
        // 44051401359 is the PESEL of the standard example (1944-05-14, control digit 9).
        for bad in ["44051401359", "person-44051401359", "44051401359:x"] {
            assert_eq!(
                check_id("person", bad),
                Err(ValidationError::ContainsPesel { field: "person" }),
                "{bad}"
            );
        }
        // Eleven digits that are no PESEL (wrong control digit), and longer or shorter runs.
        for ok in [
            "44051401358",
            "440514013590",
            "4405140135",
            "p-12345678901x",
        ] {
            assert_eq!(check_id("person", ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn a_leap_second_is_refused() {
        let leap = NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 1_000)
            .unwrap()
            .and_utc();
        assert_eq!(
            check_time("at", leap),
            Err(ValidationError::LeapSecond { field: "at" })
        );
    }
}
