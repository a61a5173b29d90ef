//! The core's types as uniffi types (feature `uniffi`), for the mobile bindings
//! (`bindings-mobile/`, Kotlin and Swift): records and enums are derived on the types themselves
//! (`cfg_attr` lines next to their serde derives), so no binding declares a type again. What cannot
//! be derived is declared here as a uniffi *custom type*, a type that crosses the boundary as a
//! simpler one:
//!
//! - every id (`ZzkId`, `MemberId`, …) as a string, as in JSON (declared with the id, in `ids.rs`);
//! - [`Timestamp`] (an instant, `DateTime<Utc>`) as uniffi's timestamp: `java.time.Instant` in
//!   Kotlin, `Date` in Swift;
//! - [`Day`] (a calendar day, `NaiveDate`) as its ISO 8601 text `YYYY-MM-DD`, which the Kotlin
//!   bindings turn into `java.time.LocalDate` (configured in `bindings-mobile/uniffi.toml`); Swift
//!   has no calendar-day type, so there it stays the text;
//! - the few ordered maps ([`GoalAchievements`], [`Answers`], [`Situation`] and the reports'
//!   counts by status, sector or stage) as uniffi maps (`Map` in Kotlin, `Dictionary` in Swift);
//!   the order is restored on the way in;
//! - [`Count`] (a `usize`, which uniffi does not know) as an unsigned 64-bit number;
//! - a basket's [`Service`] as a [`ServiceRecord`] of the same fields (the search index is the
//!   basket's, not the service's); a search hit, [`crate::session::BasketHit`], carries one.

use crate::basket::{Service, ServiceChange, ServiceInput, ServiceStatus};
use crate::classification::Sector;
use crate::evaluation::{Achievement, PzkGoal};
use crate::id_map::IdMap;
use crate::ids::*;
use crate::monitoring::Period;
use crate::partnership::MemberStatus;
use crate::plan::SituationArea;
use crate::zzk::{ClosureReason, ZzkStage};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::time::SystemTime;

/// An instant (UTC), e.g. the `at` of a command: a timestamp in the foreign language.
pub type Timestamp = DateTime<Utc>;

/// A calendar day (`YYYY-MM-DD`), e.g. a deadline or the day a meeting was held.
pub type Day = NaiveDate;

/// A PZK evaluation's achievement per specific goal.
pub type GoalAchievements = IdMap<PzkGoal, Achievement>;

/// A questionnaire's answers by question.
pub type Answers = IdMap<String, String>;

/// An individual plan's situation notes by area.
pub type Situation = IdMap<SituationArea, NoteRef>;

/// A number of things in a report.
pub type Count = usize;

/// Counts by sector (reports).
pub type SectorCounts = IdMap<Sector, usize>;

/// Counts by member status (reports).
pub type MemberStatusCounts = IdMap<MemberStatus, usize>;

/// Counts by ZZK stage (reports).
pub type ZzkStageCounts = IdMap<ZzkStage, usize>;

/// Counts by service status (reports).
pub type ServiceStatusCounts = IdMap<ServiceStatus, usize>;

/// Counts by closure reason (reports).
pub type ClosureReasonCounts = IdMap<ClosureReason, usize>;

uniffi::custom_type!(Count, u64, {
    remote,
    lower: |n| n as u64,
    try_lift: |n| Ok(usize::try_from(n)?),
});

/// Ordered maps of the core as uniffi maps.
macro_rules! maps {
    ($($name:ident: $key:ty => $value:ty),+ $(,)?) => {$(
        uniffi::custom_type!($name, HashMap<$key, $value>, {
            remote,
            lower: |map| map.into_iter().collect(),
            try_lift: |map| Ok(map.into_iter().collect()),
        });
    )+};
}

maps!(
    GoalAchievements: PzkGoal => Achievement,
    Answers: String => String,
    Situation: SituationArea => NoteRef,
    SectorCounts: Sector => Count,
    MemberStatusCounts: MemberStatus => Count,
    ZzkStageCounts: ZzkStage => Count,
    ServiceStatusCounts: ServiceStatus => Count,
    ClosureReasonCounts: ClosureReason => Count,
);

uniffi::custom_type!(Timestamp, SystemTime, {
    remote,
    lower: |at| SystemTime::from(at),
    try_lift: |at| Ok(DateTime::<Utc>::from(at)),
});

uniffi::custom_type!(Day, String, {
    remote,
    lower: |day| day.format("%Y-%m-%d").to_string(),
    try_lift: |text| NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|e| uniffi::deps::anyhow::anyhow!("{text:?} is not a day YYYY-MM-DD: {e}")),
});

uniffi::custom_type!(Period, String, {
    lower: |period| period.0,
    try_lift: |text| Ok(Period(text)),
});

/// A service of a PZK's local basket as Kotlin and Swift see it (`Service` there is another name
/// for it): what the core's [`Service`] holds.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ServiceRecord {
    /// The current description.
    pub input: ServiceInput,
    /// Dostępna, czasowo niedostępna or wycofana.
    pub status: ServiceStatus,
    /// Current version (1 when added).
    pub version: u32,
    /// Every change: who, when, why.
    pub history: Vec<ServiceChange>,
}

uniffi::custom_type!(Service, ServiceRecord, {
    lower: |s| ServiceRecord {
        input: s.input,
        status: s.status,
        version: s.version,
        history: s.history,
    },
    try_lift: |r| Ok(Service::from_parts(r.input, r.status, r.version, r.history)),
});
