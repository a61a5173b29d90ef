//! Monitoring of ZZK work: per period (monthly by default), per task, information on progress —
//! from partners' monthly information or a monitoring meeting (sibling model's annex 7). Monitoring
//! is not control: it records progress and feeds the overdue list.

use crate::consent::KeyDecision;
use crate::error::{Error, PlanError, ValidationError, ZzkError};
use crate::event::Event;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::plan::TaskStatus;
use crate::require::must_exist;
use crate::state::Ctx;
use crate::text;
use crate::zzk::Zzk;
use crate::Entity;
use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

labelled_enum! {
    /// Źródło informacji monitoringowej.
    pub enum MonitoringSource {
        /// Comiesięczna informacja od partnerów.
        PartnerInformation = "partner_information" => ("Informacja od partnerów", "Partners' information"),
        /// Spotkanie monitorujące.
        MonitoringMeeting = "monitoring_meeting" => ("Spotkanie monitorujące", "Monitoring meeting"),
    }
}

/// A calendar month, `YYYY-MM`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Period(pub String);

impl Period {
    /// The month containing a date.
    pub fn of(date: NaiveDate) -> Self {
        Period(format!("{:04}-{:02}", date.year(), date.month()))
    }

    /// A month given as text (`"2026-05"`), read once: `BAD_PERIOD` for anything else. Every
    /// host reads a report month this way, so a bad month is the same error everywhere.
    pub fn parse(text: &str) -> Result<Period, ValidationError> {
        let period = Period(text.to_owned());
        match period.first_day() {
            Some(_) => Ok(period),
            None => Err(ValidationError::BadPeriod {
                period: text.to_owned(),
            }),
        }
    }

    /// Its first day, if well formed.
    pub fn first_day(&self) -> Option<NaiveDate> {
        let (y, m) = self.0.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
    }
}

/// Progress of one task in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct MonitoringEntry {
    /// The task.
    pub task_id: TaskId,
    /// Its status at the end of the period.
    pub status: TaskStatus,
    /// Short information on progress.
    #[serde(default)]
    pub info: Option<String>,
}

/// A monitoring record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MonitoringRecord {
    /// The period.
    pub period: Period,
    /// Source.
    pub source: MonitoringSource,
    /// Per-task progress.
    pub entries: Vec<MonitoringEntry>,
    /// The social-work project monitored, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<ProjectId>,
    /// When recorded.
    pub recorded_on: NaiveDate,
}

/// Decides a monitoring record.
pub(crate) fn decide(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Monitoring,
) -> Result<Vec<Event>, Error> {
    let crate::command::route::Monitoring::RecordMonitoring {
        period,
        source,
        entries,
        project_id,
        ..
    } = cmd;
    if !zzk.stage.is_appointed_and_open() {
        return Err(ZzkError::WrongStage { stage: zzk.stage }.into());
    }
    // A ZZK that works by a social-work project is monitored by it (issue 18); the plan's tasks,
    // when there are entries for them, need the plan.
    if let Some(id) = project_id {
        let project = must_exist(&zzk.projects, id, Entity::Project)?;
        if project.ended_on.is_some() {
            return Err(PlanError::NoProjectRunning.into());
        }
    }
    let plan = match (&zzk.plan, project_id) {
        (Some(plan), _) => Some(plan),
        (None, Some(_)) => None,
        (None, None) => return Err(PlanError::PlanMissing.into()),
    };
    let first = period.first_day().ok_or(ValidationError::BadPeriod {
        period: period.0.clone(),
    })?;
    ctx.not_in_future("period", first)?;
    if entries.is_empty() && project_id.is_none() {
        return Err(ValidationError::EmptyList { field: "entries" }.into());
    }
    for e in entries {
        let plan = plan.ok_or(PlanError::PlanMissing)?;
        let task = must_exist(&plan.tasks, &e.task_id, Entity::Task)?;
        // A dropped task stays on record, out of the work; only a plan change drops one.
        if task.status == TaskStatus::Dropped {
            return Err(PlanError::TaskClosed.into());
        }
        if e.status == TaskStatus::Dropped {
            return Err(PlanError::DropNeedsPlanChange.into());
        }
        if let Some(info) = &e.info {
            text::optional("info", info, text::MAX_LONG)?;
        }
    }
    // What the partners say of the family's tasks is its information (issue 18).
    crate::consent::require(zzk, ctx.today(), KeyDecision::UseFamilyInformation, None)?;
    Ok(vec![Event::MonitoringRecorded {
        zzk_id: zzk.id.clone(),
        period: period.clone(),
        source: *source,
        entries: entries.clone(),
        project_id: project_id.clone(),
    }])
}

/// Applies a monitoring record: task statuses follow the latest information.
pub(crate) fn apply(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Monitoring) {
    let crate::event::route::Monitoring::MonitoringRecorded {
        period,
        source,
        entries,
        project_id,
        ..
    } = e;
    if let Some(plan) = z.plan.as_mut() {
        for e in &entries {
            if let Some(t) = plan.tasks.get_mut(&e.task_id) {
                t.status = e.status;
            }
        }
    }
    z.monitoring.push(MonitoringRecord {
        period,
        source,
        entries,
        project_id,
        recorded_on: on,
    });
}
