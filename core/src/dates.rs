//! Dates in range: the outer bounds every command's dates must keep, whatever the command.
//!
//! The rules of each command already order its dates (a meeting is not held in the future, a
//! deadline is not before the day it is set: `DATE_IN_FUTURE`, `DATE_OUT_OF_ORDER`). What they do
//! not catch is a date that is in order but absurd — a diagnostic interview in 1900, a consent
//! valid until 2999, a typo of the century — which would sit in a family's file and in every
//! report (overdue lists, days in each stage) for years. So, before any rule of the command:
//!
//! - the command's time (`at`) lies in [`EARLIEST`]..=[`LATEST`]: the library has no clock, and a
//!   host's clock or import that is decades off is refused rather than recorded;
//! - every date the command carries lies within [`HORIZON_YEARS`] years of the command's day,
//!   either way. **[decision]** DOMAIN.md sets no bound; ten years is far enough back to record a
//!   past act late and far enough ahead for any plan, consent validity, review or post-support
//!   monitoring of a ZZK, whose work is planned in months, and still refuses a wrong century.
//!
//! A date outside is refused with `DATE_OUT_OF_RANGE` (kind `invalid`), naming the field and the
//! bounds, and nothing changes.

use crate::command::{Command, CommandEnvelope};
use crate::error::ValidationError;
use crate::plan::PlanInput;
use chrono::{Months, NaiveDate};

/// The earliest day a command's time may fall on.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The latest day a command's time may fall on.
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2099, 12, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// How many years before or after the command's day a date in it may lie.
pub const HORIZON_YEARS: u32 = 10;

/// Checks the command's time and every date in it against the bounds above.
pub(crate) fn check(cmd: &CommandEnvelope) -> Result<(), ValidationError> {
    let day = cmd.at.date_naive();
    within("at", day, EARLIEST, LATEST)?;
    let horizon = Months::new(HORIZON_YEARS * 12);
    // `at` is within 2000–2099, so neither bound can overflow; the fallbacks are never used.
    let earliest = day.checked_sub_months(horizon).unwrap_or(EARLIEST);
    let latest = day.checked_add_months(horizon).unwrap_or(LATEST);
    let mut result = Ok(());
    dates(&cmd.command, &mut |field, date| {
        if result.is_ok() {
            result = within(field, date, earliest, latest);
        }
    });
    result
}

fn within(
    field: &'static str,
    date: NaiveDate,
    earliest: NaiveDate,
    latest: NaiveDate,
) -> Result<(), ValidationError> {
    if date < earliest || date > latest {
        return Err(ValidationError::DateOutOfRange {
            field,
            date,
            earliest,
            latest,
        });
    }
    Ok(())
}

/// Calls `f` with every date a command carries and the name of its field. A command with a new
/// date field must be added here; `core/tests/date_limits.rs` fails until it is.
fn dates(cmd: &Command, f: &mut impl FnMut(&'static str, NaiveDate)) {
    use Command as C;
    let plan = |plan: &PlanInput, f: &mut dyn FnMut(&'static str, NaiveDate)| {
        for task in &plan.tasks {
            f("deadline", task.deadline);
        }
    };
    match cmd {
        C::RecordMayorAuthorisation { authorised_on, .. } => f("authorised_on", *authorised_on),
        C::HoldPzkMeeting { held_on, .. } => f("held_on", *held_on),
        C::AddService { service, .. } | C::ReviseService { service, .. } => {
            f("verified_on", service.verified_on)
        }
        C::VerifyService { verified_on, .. } => f("verified_on", *verified_on),
        C::RecordInitialDiagnosis { interview_on, .. } => f("interview_on", *interview_on),
        C::GiveConsent {
            valid_until: Some(d),
            ..
        } => f("valid_until", *d),
        C::WithdrawConsent { review_on, .. } | C::SuspendZzk { review_on, .. } => {
            f("review_on", *review_on)
        }
        C::InviteToFirstMeeting { planned_on, .. } => f("planned_on", *planned_on),
        C::HoldZzkMeeting {
            held_on,
            plan: p,
            project,
            ..
        } => {
            f("held_on", *held_on);
            if let Some(p) = p {
                plan(p, f);
            }
            if let Some(project) = project {
                f("planned_end", project.planned_end);
            }
        }
        C::AdoptPlan { plan: p, .. } => plan(p, f),
        C::AddTask { deadline, .. } | C::ChangeTask { deadline, .. } => f("deadline", *deadline),
        C::EvaluatePlan {
            next_evaluation_on: Some(d),
            ..
        } => f("next_evaluation_on", *d),
        C::StartSocialWorkProject { project, .. } => f("planned_end", project.planned_end),
        C::CloseZzk {
            monitor_until: Some(d),
            ..
        } => f("monitor_until", *d),
        _ => {}
    }
}
