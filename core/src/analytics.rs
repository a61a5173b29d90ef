//! Analytics tables — columnar read models for data analysts (*analityka*).
//!
//! The host loads one or many event logs, replays each into its own [`State`], and asks for the
//! tables here: [`zzks`], [`tasks`], [`services`], [`partnerships`] and [`events`]. The core defines
//! which columns a table has and how each is computed; the Python and JavaScript bindings only turn
//! a [`Table`] into an Arrow table (or a DataFrame), so every language gets the same numbers. There
//! is no Arrow dependency here: a [`Column`] is a plain vector of optional values.
//!
//! Like the rest of the library these are pure functions: no I/O and no clock. Every measure that
//! depends on "today" takes an explicit `as_of` date from the caller.
//!
//! ## No personal data
//!
//! The tables must be safe to hand to analysts, so they are **pseudonymised by construction**
//! (DOMAIN.md: "analytics exports are pseudonymised (no names, no PESEL)"). They hold only:
//! ids, stable enum codes, dates and times, counts and flags, and the names of institutions and
//! services (public information, not personal data). They never hold a client's name, PESEL,
//! address or phone number, the people of a household or their representative, notes, minutes,
//! situation descriptions or diagnoses, titles of goals or tasks, reasons, roles, answers of
//! questionnaires, or any other free text — free text may always hold personal data, whatever the
//! field is meant for. A new column must keep to this rule.
//!
//! ## Two forms: for the OPS, and for analysts
//!
//! The tables as built here hold ids in clear — ZZK ids (which a host may well make from a case
//! file's signature), registry numbers, the accounts of the workers who issued commands — and
//! exact days. That is the form for the OPS itself, which keeps the registry anyway (*kierownik
//! OPS*, *pracownik ds. sieci*), and for the host's own checks. For analysts, who may see only
//! pseudonymised data (DOMAIN.md; the analyst's role in `access`), a [`Pseudonymiser`] gives the
//! other form (feature `privacy`): the same tables with every id of a case or a worker replaced by
//! its keyed pseudonym — the very pseudonym `access::pseudonym` gives the analyst's views, so a
//! table and a view can be joined — registry numbers left out, and days to the month, as in the
//! analyst's views.
//!
//! ## Conventions
//!
//! - Column names are snake_case English; an enum-valued column holds the enum's stable `code()`
//!   (e.g. `"suspended"`), never a label — bindings may add labels.
//! - Columns built from an enum (`days_<stage>`, `members_<sector>`, …) follow the enum's `ALL`
//!   order, so the same table has the same columns for every state and tables of many logs can be
//!   concatenated with [`Table::append`].
//! - A count is never null; a null means "does not apply" or "not known" (e.g. `appointed_on` of a
//!   case never appointed).

use crate::basket::{self, Provider, ServiceStatus};
use crate::classification::Sector;
use crate::consent;
use crate::event::{Event, EventEnvelope, StreamRef};
use crate::id_map::IdMap;
use crate::ids::*;
use crate::partnership::{MemberStatus, Partnership};
use crate::plan::{BasketItemKind, Responsible, TaskStatus};
use crate::reports::{self, OverdueKind};
use crate::state::State;
use crate::zzk::{Seat, Zzk, ZzkStage};
use chrono::{DateTime, NaiveDate, Utc};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

// ---------------------------------------------------------------------------------------------
// Columnar representation
// ---------------------------------------------------------------------------------------------

/// A table: named columns of equal length. Its JSON form is column-oriented,
/// `{"name": …, "columns": [{"name", "description", "type", "values"}, …]}`, which a binding turns
/// into an Arrow table without reshaping rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// What the rows are: `"zzks"`, `"tasks"`, `"services"`, `"partnerships"` or `"events"`.
    pub name: &'static str,
    /// The columns, in display order.
    pub columns: Vec<Column>,
}

/// One column of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// snake_case English name, unique in its table. Owned for names built from enum codes
    /// (`days_active`), borrowed for fixed ones.
    pub name: Cow<'static, str>,
    /// What the column means and how it is computed, for the people reading the data.
    pub description: Cow<'static, str>,
    /// The values, one per row.
    pub data: ColumnData,
}

/// The values of a column: one typed vector, `None` for null. The variants are the Arrow types
/// the bindings map them to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "values", rename_all = "snake_case")]
pub enum ColumnData {
    /// Text (ids, enum codes, institution and service names) — Arrow `Utf8`.
    Utf8(Vec<Option<String>>),
    /// Whole numbers (counts, days, numbers) — Arrow `Int64`.
    Int64(Vec<Option<i64>>),
    /// Real numbers — Arrow `Float64`.
    Float64(Vec<Option<f64>>),
    /// Flags — Arrow `Boolean`.
    Bool(Vec<Option<bool>>),
    /// Calendar dates — Arrow `Date32`.
    Date(Vec<Option<NaiveDate>>),
    /// Instants in UTC — Arrow `Timestamp(µs, "UTC")`.
    Timestamp(Vec<Option<DateTime<Utc>>>),
    /// Lists of text (e.g. area codes) — Arrow `List<Utf8>`.
    Utf8List(Vec<Option<Vec<String>>>),
}

/// Why two tables cannot be concatenated by [`Table::append`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    /// The tables hold different things.
    #[error("cannot append table {found} to table {expected}")]
    NameDiffers {
        /// The name of the table appended to.
        expected: String,
        /// The name of the table appended.
        found: String,
    },
    /// The tables have different columns (or the same ones in another order).
    #[error("the tables have different columns: {expected:?} and {found:?}")]
    ColumnsDiffer {
        /// The column names of the table appended to.
        expected: Vec<String>,
        /// The column names of the table appended.
        found: Vec<String>,
    },
    /// A column has one type in one table and another type in the other.
    #[error("column {column} is {expected} in one table and {found} in the other")]
    TypeDiffers {
        /// The column.
        column: String,
        /// Its type in the table appended to.
        expected: &'static str,
        /// Its type in the table appended.
        found: &'static str,
    },
}

impl ColumnData {
    /// Number of values (rows).
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Utf8(v) => v.len(),
            ColumnData::Int64(v) => v.len(),
            ColumnData::Float64(v) => v.len(),
            ColumnData::Bool(v) => v.len(),
            ColumnData::Date(v) => v.len(),
            ColumnData::Timestamp(v) => v.len(),
            ColumnData::Utf8List(v) => v.len(),
        }
    }

    /// Whether the column has no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The type's name in the JSON form (`"utf8"`, `"int64"`, `"float64"`, `"bool"`, `"date"`,
    /// `"timestamp"`, `"utf8_list"`), so bindings can pick the Arrow type without inspecting values.
    pub fn type_name(&self) -> &'static str {
        match self {
            ColumnData::Utf8(_) => "utf8",
            ColumnData::Int64(_) => "int64",
            ColumnData::Float64(_) => "float64",
            ColumnData::Bool(_) => "bool",
            ColumnData::Date(_) => "date",
            ColumnData::Timestamp(_) => "timestamp",
            ColumnData::Utf8List(_) => "utf8_list",
        }
    }

    /// An empty column of the type `type_name` names (see [`ColumnData::type_name`]), for a
    /// binding that reads a column back by its type's name (a pickled table): `None` for a name
    /// no type has.
    pub fn empty(type_name: &str) -> Option<ColumnData> {
        [
            ColumnData::Utf8(Vec::new()),
            ColumnData::Int64(Vec::new()),
            ColumnData::Float64(Vec::new()),
            ColumnData::Bool(Vec::new()),
            ColumnData::Date(Vec::new()),
            ColumnData::Timestamp(Vec::new()),
            ColumnData::Utf8List(Vec::new()),
        ]
        .into_iter()
        .find(|c| c.type_name() == type_name)
    }

    /// Appends the values of a column of the same type; hands `other` back if the type differs.
    fn extend(&mut self, other: ColumnData) -> Result<(), ColumnData> {
        match (self, other) {
            (ColumnData::Utf8(a), ColumnData::Utf8(b)) => a.extend(b),
            (ColumnData::Int64(a), ColumnData::Int64(b)) => a.extend(b),
            (ColumnData::Float64(a), ColumnData::Float64(b)) => a.extend(b),
            (ColumnData::Bool(a), ColumnData::Bool(b)) => a.extend(b),
            (ColumnData::Date(a), ColumnData::Date(b)) => a.extend(b),
            (ColumnData::Timestamp(a), ColumnData::Timestamp(b)) => a.extend(b),
            (ColumnData::Utf8List(a), ColumnData::Utf8List(b)) => a.extend(b),
            (_, other) => return Err(other),
        }
        Ok(())
    }
}

impl Column {
    /// A column from its name, description and values.
    pub fn new(
        name: impl Into<Cow<'static, str>>,
        description: impl Into<Cow<'static, str>>,
        data: ColumnData,
    ) -> Self {
        Self {
            name: name.into(),
            description: description.into(),
            data,
        }
    }

    /// Number of values (rows).
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the column has no values.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

/// The JSON form of a column: `{"name", "description", "type", "values"}` — flat, so a reader
/// need not know serde's enum layout.
impl Serialize for Column {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Column", 4)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("description", &self.description)?;
        s.serialize_field("type", self.data.type_name())?;
        match &self.data {
            ColumnData::Utf8(v) => s.serialize_field("values", v)?,
            ColumnData::Int64(v) => s.serialize_field("values", v)?,
            ColumnData::Float64(v) => s.serialize_field("values", v)?,
            ColumnData::Bool(v) => s.serialize_field("values", v)?,
            ColumnData::Date(v) => s.serialize_field("values", v)?,
            ColumnData::Timestamp(v) => s.serialize_field("values", v)?,
            ColumnData::Utf8List(v) => s.serialize_field("values", v)?,
        }
        s.end()
    }
}

impl Table {
    /// An empty table with no columns: a start for [`Table::append`], which takes the columns of
    /// the first table appended to it.
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            columns: Vec::new(),
        }
    }

    /// Number of rows (the length of the first column; 0 without columns).
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The column of that name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column names, in order.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_ref()).collect()
    }

    /// Appends the rows of a table of the same shape (same name, same columns in the same order,
    /// same types): bindings load many logs and combine their tables into one. On a mismatch
    /// nothing is changed. A table without columns (see [`Table::new`]) takes `other` as it is.
    pub fn append(&mut self, other: Table) -> Result<(), ShapeError> {
        if self.name != other.name {
            return Err(ShapeError::NameDiffers {
                expected: self.name.to_owned(),
                found: other.name.to_owned(),
            });
        }
        if self.columns.is_empty() {
            self.columns = other.columns;
            return Ok(());
        }
        let same_names = self.columns.len() == other.columns.len()
            && self
                .columns
                .iter()
                .zip(&other.columns)
                .all(|(a, b)| a.name == b.name);
        if !same_names {
            let names = |t: &Table| t.columns.iter().map(|c| c.name.to_string()).collect();
            return Err(ShapeError::ColumnsDiffer {
                expected: names(self),
                found: names(&other),
            });
        }
        // Check every type before changing anything, so a failed append leaves the table whole.
        if let Some((a, b)) = self
            .columns
            .iter()
            .zip(&other.columns)
            .find(|(a, b)| a.data.type_name() != b.data.type_name())
        {
            return Err(ShapeError::TypeDiffers {
                column: a.name.to_string(),
                expected: a.data.type_name(),
                found: b.data.type_name(),
            });
        }
        for (a, b) in self.columns.iter_mut().zip(other.columns) {
            // Types were checked above; a mismatch here cannot happen, and would be ignored.
            let _ = a.data.extend(b.data);
        }
        Ok(())
    }

    /// The same table with a first column `source` holding `source` in every row: the name of the
    /// log the rows came from, so that rows of many logs stay apart after [`Table::append`]. An
    /// existing `source` column is replaced.
    pub fn with_source(mut self, source: &str) -> Table {
        self.columns.retain(|c| c.name != "source");
        let rows = self.len();
        self.columns.insert(
            0,
            Column::new(
                "source",
                "The log (event store, file) the row was computed from.",
                ColumnData::Utf8(vec![Some(source.to_owned()); rows]),
            ),
        );
        self
    }

    /// The column-oriented JSON form (see [`Table`]), for the wasm binding.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

// ---------------------------------------------------------------------------------------------
// Building columns from rows
// ---------------------------------------------------------------------------------------------

/// Fills one column's vector with the value of one row.
type Cell<'a, R> = Box<dyn Fn(&R, &mut ColumnData) + 'a>;

/// The builder's method for each kind of column: `name(Variant, value type, |v| stored value)`
/// defines `name(column name, description, |row| value)`, which adds a column of that variant
/// whose cell pushes the row's value.
macro_rules! column_kinds {
    ($($method:ident($variant:ident, $value:ty, |$v:ident| $stored:expr);)+) => {$(
        fn $method(
            &mut self,
            name: impl Into<Cow<'static, str>>,
            description: impl Into<Cow<'static, str>>,
            f: impl Fn(&R) -> $value + 'a,
        ) {
            let data = ColumnData::$variant(Vec::with_capacity(self.rows.len()));
            let cell = move |row: &R, data: &mut ColumnData| {
                if let ColumnData::$variant(values) = data {
                    let $v = f(row);
                    values.push($stored);
                }
            };
            self.push(name, description, data, Box::new(cell));
        }
    )+};
}

/// Collects the columns of one table, then fills them row by row: each row (a ZZK, a task…) is
/// read once for all its columns, while it is in the cache, instead of once per column — on
/// 100,000 ZZKs with 60 columns that is the difference between reading the state once and sixty
/// times. Every column gets exactly one value per row, so all have the same length.
struct Builder<'a, R> {
    name: &'static str,
    rows: &'a [R],
    columns: Vec<(Column, Cell<'a, R>)>,
}

impl<'a, R> Builder<'a, R> {
    fn new(name: &'static str, rows: &'a [R]) -> Self {
        Self {
            name,
            rows,
            columns: Vec::new(),
        }
    }

    fn push(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        description: impl Into<Cow<'static, str>>,
        data: ColumnData,
        cell: Cell<'a, R>,
    ) {
        self.columns
            .push((Column::new(name, description, data), cell));
    }

    column_kinds! {
        text(Utf8, Option<String>, |v| v);
        int(Int64, Option<i64>, |v| v);
        flag(Bool, bool, |v| Some(v));
        date(Date, Option<NaiveDate>, |v| v);
        timestamp(Timestamp, Option<DateTime<Utc>>, |v| v);
        list(Utf8List, Option<Vec<String>>, |v| v);
    }

    fn count(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        description: impl Into<Cow<'static, str>>,
        f: impl Fn(&R) -> usize + 'a,
    ) {
        self.int(name, description, move |r| Some(to_i64(f(r))));
    }

    fn finish(self) -> Table {
        let (mut columns, cells): (Vec<Column>, Vec<Cell<'a, R>>) =
            self.columns.into_iter().unzip();
        for row in self.rows {
            for (column, cell) in columns.iter_mut().zip(&cells) {
                cell(row, &mut column.data);
            }
        }
        Table {
            name: self.name,
            columns,
        }
    }
}

/// A count as Int64 (saturating: no state holds 2⁶³ things, but no panic either way).
fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

fn code(s: &str) -> Option<String> {
    Some(s.to_owned())
}

/// The tasks of a ZZK that the overdue report lists as past their deadline. The tables reuse the
/// report's rule ([`reports::overdue_in_zzk`]: an open task, deadline before `as_of`, plan in
/// force — not while the ZZK is suspended, in ordinary social work or finished) instead of
/// restating it.
fn overdue_tasks(state: &State, z: &Zzk, as_of: NaiveDate) -> BTreeSet<String> {
    reports::overdue_in_zzk(state, z, as_of)
        .into_iter()
        .filter(|item| item.kind == OverdueKind::TaskDeadline)
        .map(|item| item.subject)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// zzks
// ---------------------------------------------------------------------------------------------

/// Days spent in each stage of a ZZK, from its `stage_history`, as of a date. Every stage of
/// [`ZzkStage::ALL`] is present (0 when never entered).
///
/// Each stage lasts from the day it was entered until the day of the next change; the current
/// stage lasts until `as_of`, except `closed`, which is terminal and counts 0 (the work ended at
/// closure). Periods are cut at `as_of`, so a date before some changes gives the durations as they
/// stood then. Days are calendar days: a stage entered and left on the same day counts 0; a
/// negative span (a change dated after `as_of`) counts 0. A stage entered several times (e.g.
/// `active` around a suspension) sums its periods.
///
/// This differs from [`Zzk::days_per_stage`], which lets the `closed` stage run until `as_of`
/// and does not cut periods at `as_of`.
pub fn days_in_stages(zzk: &Zzk, as_of: NaiveDate) -> IdMap<ZzkStage, i64> {
    ZzkStage::ALL
        .iter()
        .copied()
        .zip(stage_days(zzk, as_of))
        .collect()
}

/// [`days_in_stages`] as an array in the order of [`ZzkStage::ALL`]: the table builds one per ZZK,
/// so no map is allocated per row.
fn stage_days(zzk: &Zzk, as_of: NaiveDate) -> [i64; ZzkStage::ALL.len()] {
    let mut out = [0i64; ZzkStage::ALL.len()];
    let history = &zzk.stage_history;
    for (i, change) in history.iter().enumerate() {
        let end = match history.get(i + 1) {
            Some(next) => next.on,
            None if change.stage == ZzkStage::Closed => change.on,
            None => as_of,
        };
        let days = days_between(change.on, end.min(as_of)).max(0);
        if let Some(slot) = ZzkStage::ALL
            .iter()
            .position(|s| *s == change.stage)
            .and_then(|i| out.get_mut(i))
        {
            *slot = slot.saturating_add(days);
        }
    }
    out
}

/// Days a ZZK has spent suspended as of a date: the sum over its suspensions, each from the day it
/// began until it was resumed — or, while still open, until the ZZK was closed (a ZZK may be closed
/// while suspended) or else `as_of`. Periods are cut at `as_of`; negative spans count 0.
pub fn suspended_days(zzk: &Zzk, as_of: NaiveDate) -> i64 {
    let closed_on = zzk.closure.as_ref().map(|c| c.closed_on);
    zzk.suspensions
        .iter()
        .map(|s| {
            let end = s.resumed_on.or(closed_on).unwrap_or(as_of).min(as_of);
            days_between(s.suspended_on, end).max(0)
        })
        .fold(0i64, i64::saturating_add)
}

struct ZzkRow<'a> {
    zzk: &'a Zzk,
    /// Days per stage, in the order of [`ZzkStage::ALL`].
    days: [i64; ZzkStage::ALL.len()],
    suspended_days: i64,
    members: usize,
    /// Current members per sector, in the order of [`Sector::ALL`].
    by_sector: [usize; Sector::ALL.len()],
    tasks_overdue: usize,
}

/// One row per ZZK (*zadaniowy zespół kooperacyjny*) of every PZK, appointed or not — a case
/// enters the table with its reported need — with its stages, durations, team and plan measures
/// as of `as_of`. Ordered by ZZK id.
///
/// Columns: `partnership_id`, `zzk_id`, `registry_number`, `client_kind`, `stage`, `opened_on`,
/// `appointed_on`, `appointment_phase`, `closed_on`, `closure_reason`, one `days_<stage>` per
/// [`ZzkStage::ALL`] (see [`days_in_stages`]), `suspensions`, `suspension_days` (see
/// [`suspended_days`]), `members`, one `members_<sector>` per [`Sector::ALL`], `guests`,
/// `sectors`, `meetings`, `consents`, `consent_refusals`, `consent_in_force`, `has_plan`,
/// `goals`, `tasks`, `tasks_done`, `tasks_overdue`, `basket_items`, `basket_items_removed`,
/// `unmet_needs`, `projects`, `monitoring_records`, `ordinary_work_periods`,
/// `post_support_observations`.
pub fn zzks(state: &State, as_of: NaiveDate) -> Table {
    zzks_for(state, as_of, state.zzks.values().map(|z| &**z))
}

/// The [`zzks`] table for the given ZZKs of `state` only, in the order given: a host can build a
/// large table in parts (on several threads) and join them in order with [`Table::append`].
pub fn zzks_for<'a>(
    state: &'a State,
    as_of: NaiveDate,
    zzks: impl IntoIterator<Item = &'a Zzk>,
) -> Table {
    let rows: Vec<ZzkRow> = zzks.into_iter().map(|z| zzk_row(state, z, as_of)).collect();
    let mut b = Builder::new("zzks", &rows);
    zzk_case_columns(&mut b);
    zzk_duration_columns(&mut b);
    zzk_team_columns(&mut b);
    zzk_consent_and_plan_columns(&mut b, as_of);
    zzk_basket_and_work_columns(&mut b);
    b.finish()
}

/// The measures of one ZZK that take more than a field to read, computed once per row: days per
/// stage and suspended, tasks overdue, and its current members, in all and by the sector of their
/// institution.
fn zzk_row<'a>(state: &State, z: &'a Zzk, as_of: NaiveDate) -> ZzkRow<'a> {
    let partnership = state.partnerships.get(&z.partnership_id);
    let mut members = 0;
    let mut by_sector = [0usize; Sector::ALL.len()];
    for m in z.members.values().filter(|m| m.is_current_member()) {
        members += 1;
        // The sector of the member's institution, as the registry (reports::registry) counts it.
        if let (Seat::Member { member_id }, Some(p)) = (&m.seat, partnership) {
            if let Some(count) = p.members.get(member_id).and_then(|inst| {
                let i = Sector::ALL.iter().position(|s| *s == inst.profile.sector)?;
                by_sector.get_mut(i)
            }) {
                *count += 1;
            }
        }
    }
    ZzkRow {
        zzk: z,
        days: stage_days(z, as_of),
        suspended_days: suspended_days(z, as_of),
        members,
        by_sector,
        tasks_overdue: reports::overdue_task_count(z, as_of),
    }
}

/// Which case the row is and where it stands: its PZK, id and registry number, whom it supports,
/// its stage, and the days it opened, was appointed and was closed.
fn zzk_case_columns(b: &mut Builder<'_, ZzkRow<'_>>) {
    b.text("partnership_id", "The PZK the ZZK works within.", |r| {
        code(r.zzk.partnership_id.as_str())
    });
    b.text(
        "zzk_id",
        "The ZZK (the case, from the reported need on).",
        |r| code(r.zzk.id.as_str()),
    );
    b.int(
        "registry_number",
        "Number in the PZK's ZZK registry (rejestr ZZK); null if never appointed.",
        |r| {
            r.zzk
                .appointment
                .as_ref()
                .map(|a| i64::from(a.registry_number))
        },
    );
    b.text(
        "client_kind",
        "Who is supported: person, family or group.",
        |r| code(r.zzk.client.kind.code()),
    );
    b.text("stage", "Current stage (ZzkStage code).", |r| {
        code(r.zzk.stage.code())
    });
    b.date(
        "opened_on",
        "Day the need was reported (first stage change).",
        |r| r.zzk.stage_history.first().map(|c| c.on),
    );
    b.date(
        "appointed_on",
        "Day of the decision to appoint the ZZK; null if never appointed.",
        |r| r.zzk.appointment.as_ref().map(|a| a.appointed_on),
    );
    b.text(
        "appointment_phase",
        "Phase of social work at which the ZZK was appointed (SocialWorkPhase code); null if never appointed.",
        |r| r.zzk.appointment.as_ref().and_then(|a| code(a.phase.code())),
    );
    b.date("closed_on", "Day work was closed; null while open.", |r| {
        r.zzk.closure.as_ref().map(|c| c.closed_on)
    });
    b.text(
        "closure_reason",
        "Why work was closed (ClosureReason code); null while open.",
        |r| r.zzk.closure.as_ref().and_then(|c| code(c.reason.code())),
    );
}

/// How long the case has spent in each stage and suspended.
fn zzk_duration_columns(b: &mut Builder<'_, ZzkRow<'_>>) {
    for (i, stage) in ZzkStage::ALL.iter().enumerate() {
        b.int(
            format!("days_{}", stage.code()),
            format!(
                "Days spent in stage {} ({}) as of the report date: each stage lasts until the next change, \
                 the current one until the report date; the terminal closed stage counts 0.",
                stage.code(),
                crate::labels::Labelled::label_pl(stage)
            ),
            move |r| r.days.get(i).copied(),
        );
    }
    b.count("suspensions", "Number of suspensions so far.", |r| {
        r.zzk.suspensions.len()
    });
    b.int(
        "suspension_days",
        "Days suspended, summed over the suspensions; an open one counts until closure or the report date.",
        |r| Some(r.suspended_days),
    );
}

/// The team: its members, by sector, its guests, and the meetings it held.
fn zzk_team_columns(b: &mut Builder<'_, ZzkRow<'_>>) {
    b.count(
        "members",
        "Current members (workers of PZK member institutions who have not left; guests excluded).",
        |r| r.members,
    );
    for (i, sector) in Sector::ALL.iter().enumerate() {
        b.count(
            format!("members_{}", sector.code()),
            format!(
                "Current members whose institution is in the {} sector ({}).",
                sector.code(),
                crate::labels::Labelled::label_pl(sector)
            ),
            move |r| r.by_sector.get(i).copied().unwrap_or(0),
        );
    }
    b.count(
        "guests",
        "Current guests (outside specialists who have not left).",
        |r| {
            r.zzk
                .members
                .values()
                .filter(|m| m.left_on.is_none() && matches!(m.seat, Seat::Guest { .. }))
                .count()
        },
    );
    b.list(
        "sectors",
        "Distinct sectors (Sector codes) of the current members' institutions.",
        |r| {
            let present = Sector::ALL.iter().zip(r.by_sector).filter(|(_, n)| *n > 0);
            Some(present.map(|(s, _)| s.code().to_owned()).collect())
        },
    );
    b.count("meetings", "ZZK meetings held.", |r| r.zzk.meetings.len());
}

/// The family's consents and the individual plan, with the tasks overdue on `as_of`.
fn zzk_consent_and_plan_columns(b: &mut Builder<'_, ZzkRow<'_>>, as_of: NaiveDate) {
    b.count(
        "consents",
        "Consent records given (withdrawn ones included).",
        |r| r.zzk.consents.len(),
    );
    b.count("consent_refusals", "Refusals of consent.", |r| {
        r.zzk.consent_refusals.len()
    });
    b.flag(
        "consent_in_force",
        "Consent to ZZK work is in force on the report date (given, not lapsed, not withdrawn).",
        move |r| consent::has_consent(r.zzk, as_of),
    );
    b.flag("has_plan", "An individual plan has been adopted.", |r| {
        r.zzk.plan.is_some()
    });
    b.count(
        "goals",
        "Specific goals of the plan (0 without a plan).",
        |r| r.zzk.plan.as_ref().map_or(0, |p| p.goals.len()),
    );
    b.count("tasks", "Tasks of the plan (0 without a plan).", |r| {
        r.zzk.plan.as_ref().map_or(0, |p| p.tasks.len())
    });
    b.count("tasks_done", "Tasks whose latest status is done.", |r| {
        r.zzk.plan.as_ref().map_or(0, |p| {
            p.tasks
                .values()
                .filter(|t| t.status == TaskStatus::Done)
                .count()
        })
    });
    b.count(
        "tasks_overdue",
        "Tasks overdue on the report date, as the overdue report counts them: open (planned or in progress), \
         deadline before the report date, and the plan in force (not while suspended, in ordinary social work or closed).",
        |r| r.tasks_overdue,
    );
}

/// The individual basket and the other records of the work: projects, monitoring, ordinary
/// social work and post-support observations.
fn zzk_basket_and_work_columns(b: &mut Builder<'_, ZzkRow<'_>>) {
    b.count(
        "basket_items",
        "Items the individual basket has had: local-basket services and unmet needs, removed ones included.",
        |r| r.zzk.basket.len(),
    );
    b.count(
        "basket_items_removed",
        "Items removed from the individual basket.",
        |r| {
            r.zzk
                .basket
                .values()
                .filter(|i| i.removed_on.is_some())
                .count()
        },
    );
    b.count(
        "unmet_needs",
        "Needs the local basket could not meet, recorded in the individual basket (each filed a request).",
        |r| {
            r.zzk
                .basket
                .values()
                .filter(|i| matches!(i.kind, BasketItemKind::UnmetNeed { .. }))
                .count()
        },
    );
    b.count("projects", "Social-work projects started.", |r| {
        r.zzk.projects.len()
    });
    b.count("monitoring_records", "Monthly monitoring records.", |r| {
        r.zzk.monitoring.len()
    });
    b.count(
        "ordinary_work_periods",
        "Periods of ordinary OPS social work outside the ZZK form.",
        |r| r.zzk.ordinary_work.len(),
    );
    b.count(
        "post_support_observations",
        "Observations recorded during post-support monitoring.",
        |r| r.zzk.post_support.len(),
    );
}

// ---------------------------------------------------------------------------------------------
// tasks
// ---------------------------------------------------------------------------------------------

struct TaskRow<'a> {
    zzk: &'a Zzk,
    task_id: &'a TaskId,
    task: &'a crate::plan::Task,
    overdue: bool,
}

/// The stable code of who is responsible for a task — the `kind` tag of [`Responsible`] in JSON.
fn responsible_kind(r: &Responsible) -> &'static str {
    match r {
        Responsible::Member { .. } => "member",
        Responsible::Family => "family",
        Responsible::SocialWorker => "social_worker",
    }
}

/// One row per task of the individual plan of every ZZK, ordered by ZZK and task id — without
/// task titles, which are free text.
///
/// Columns: `partnership_id`, `zzk_id`, `task_id`, `goal_id`, `responsible_kind` (`member`,
/// `family`, `social_worker`), `responsible_id` (the ZZK membership id for a member, else null),
/// `deadline`, `added_on`, `status`, `done`, `overdue`, `days_to_deadline`.
pub fn tasks(state: &State, as_of: NaiveDate) -> Table {
    let rows: Vec<TaskRow> = state
        .zzks
        .values()
        .filter_map(|z| z.plan.as_ref().map(|p| (z, p)))
        .flat_map(|(z, p)| {
            let late = overdue_tasks(state, z, as_of);
            p.tasks.iter().map(move |(task_id, task)| TaskRow {
                zzk: z,
                task_id,
                task,
                overdue: late.contains(task_id.as_str()),
            })
        })
        .collect();

    let mut b = Builder::new("tasks", &rows);
    b.text("partnership_id", "The PZK of the ZZK.", |r| {
        code(r.zzk.partnership_id.as_str())
    });
    b.text("zzk_id", "The ZZK whose plan holds the task.", |r| {
        code(r.zzk.id.as_str())
    });
    b.text("task_id", "The task.", |r| code(r.task_id.as_str()));
    b.text("goal_id", "The specific goal the task serves.", |r| {
        code(r.task.goal_id.as_str())
    });
    b.text(
        "responsible_kind",
        "Who is responsible: member (a ZZK member), family (the person/family themselves) or social_worker.",
        |r| code(responsible_kind(&r.task.responsible)),
    );
    b.text(
        "responsible_id",
        "The ZZK membership responsible, when a member is; null otherwise.",
        |r| match &r.task.responsible {
            Responsible::Member { zzk_member_id } => code(zzk_member_id.as_str()),
            _ => None,
        },
    );
    b.date("deadline", "The task's deadline (termin).", |r| {
        Some(r.task.deadline)
    });
    b.date("added_on", "Day the task entered the plan.", |r| {
        Some(r.task.added_on)
    });
    b.text(
        "status",
        "Latest status from monitoring (TaskStatus code).",
        |r| code(r.task.status.code()),
    );
    b.flag("done", "The latest status is done.", |r| {
        r.task.status == TaskStatus::Done
    });
    b.flag(
        "overdue",
        "Overdue on the report date, as the overdue report decides: open, deadline before the report date, \
         and the ZZK's plan in force (not while suspended, in ordinary social work or closed).",
        |r| r.overdue,
    );
    b.int(
        "days_to_deadline",
        "Days from the report date to the deadline; negative when the deadline has passed.",
        |r| Some(days_between(as_of, r.task.deadline)),
    );
    b.finish()
}

// ---------------------------------------------------------------------------------------------
// services
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Usage<'a> {
    items: usize,
    current: usize,
    zzks: BTreeSet<&'a ZzkId>,
}

struct ServiceRow<'a> {
    partnership: &'a Partnership,
    service_id: &'a ServiceId,
    service: &'a basket::Service,
    usage: Option<&'a Usage<'a>>,
}

/// One row per service of the local basket (*lokalny koszyk usług*) of every PZK, ordered by PZK
/// and service id, with how often the ZZKs of that PZK put it in an individual basket.
///
/// Columns: `partnership_id`, `service_id`, `name`, `provider_kind` (`member`/`external`),
/// `provider_member_id` (null for an external provider), `provider_name` (the member institution's
/// name, or the external provider's), `provider_sector`, `provider_ministry`, `kind`, `origin`,
/// `status`, `areas`, `components`, `target_persons`, `target_families`, `target_groups`,
/// `age_min`, `age_max`, `version`, `verified_on`, `added_at`, `last_changed_at`,
/// `used_in_baskets`, `in_baskets_now`, `families`.
///
/// Descriptions, access conditions and the contact person are left out: they are free text.
pub fn services(state: &State) -> Table {
    let usage = service_usage(state);
    let rows: Vec<ServiceRow> = state
        .partnerships
        .values()
        .flat_map(|p| {
            let usage = &usage;
            p.basket
                .services
                .iter()
                .map(move |(service_id, service)| ServiceRow {
                    partnership: p,
                    service_id,
                    service,
                    usage: usage.get(&(&p.id, service_id)),
                })
        })
        .collect();

    let mut b = Builder::new("services", &rows);
    b.text(
        "partnership_id",
        "The PZK whose basket holds the service.",
        |r| code(r.partnership.id.as_str()),
    );
    b.text("service_id", "The service.", |r| {
        code(r.service_id.as_str())
    });
    b.text("name", "The service's name (nazwa usługi).", |r| {
        Some(r.service.input.name.clone())
    });
    service_provider_columns(&mut b);
    service_offer_columns(&mut b);
    service_record_columns(&mut b);
    service_use_columns(&mut b);
    b.finish()
}

/// How the ZZKs of each PZK have used each service of its basket: the individual-basket items
/// that refer to it, those not removed, and the ZZKs they belong to.
fn service_usage(state: &State) -> HashMap<(&PartnershipId, &ServiceId), Usage<'_>> {
    let mut usage: HashMap<(&PartnershipId, &ServiceId), Usage> = HashMap::new();
    for z in state.zzks.values() {
        for item in z.basket.values() {
            if let BasketItemKind::Service { service_id, .. } = &item.kind {
                let u = usage.entry((&z.partnership_id, service_id)).or_default();
                u.items += 1;
                u.current += usize::from(item.removed_on.is_none());
                u.zzks.insert(&z.id);
            }
        }
    }
    usage
}

/// Who provides the service: a member institution or an external provider, with its name,
/// sector and ministry.
fn service_provider_columns(b: &mut Builder<'_, ServiceRow<'_>>) {
    b.text(
        "provider_kind",
        "member (a PZK member institution) or external (adjacent-area or self-help provider).",
        |r| match &r.service.input.provider {
            Provider::Member { .. } => code("member"),
            Provider::External { .. } => code("external"),
        },
    );
    b.text(
        "provider_member_id",
        "The PZK member providing the service; null for an external provider.",
        |r| match &r.service.input.provider {
            Provider::Member { member_id } => code(member_id.as_str()),
            Provider::External { .. } => None,
        },
    );
    b.text(
        "provider_name",
        "The provider institution's name: the member's registered name, or the external provider's.",
        |r| match &r.service.input.provider {
            Provider::Member { member_id } => r
                .partnership
                .members
                .get(member_id)
                .map(|m| m.profile.name.clone()),
            Provider::External { name, .. } => Some(name.clone()),
        },
    );
    b.text(
        "provider_sector",
        "The provider's sector (Sector code), from the member's profile or the external provider's data; null if unknown.",
        |r| {
            basket::provider_class(&r.service.input.provider, &r.partnership.members)
                .1
                .and_then(|s| code(s.code()))
        },
    );
    b.text(
        "provider_ministry",
        "The provider's ministry (Ministry code); null if unknown.",
        |r| {
            basket::provider_class(&r.service.input.provider, &r.partnership.members)
                .0
                .and_then(|m| code(m.code()))
        },
    );
}

/// What the service is and whom it serves: kind, origin, status, areas, components and target.
fn service_offer_columns(b: &mut Builder<'_, ServiceRow<'_>>) {
    b.text("kind", "simple or composite (ServiceKind code).", |r| {
        code(r.service.input.kind.code())
    });
    b.text(
        "origin",
        "partner, adjacent_area or self_help (ServiceOrigin code).",
        |r| code(r.service.input.origin.code()),
    );
    b.text("status", "Current status (ServiceStatus code).", |r| {
        code(r.service.status.code())
    });
    b.list("areas", "Areas of support (Area codes).", |r| {
        Some(
            r.service
                .input
                .areas
                .iter()
                .map(|a| a.code().to_owned())
                .collect(),
        )
    });
    b.count(
        "components",
        "Linked actions of a composite service (0 for a simple one).",
        |r| r.service.input.components.len(),
    );
    b.flag("target_persons", "Serves persons.", |r| {
        r.service.input.target.persons
    });
    b.flag("target_families", "Serves families.", |r| {
        r.service.input.target.families
    });
    b.flag("target_groups", "Serves groups.", |r| {
        r.service.input.target.groups
    });
    b.int("age_min", "Lowest age served; null if not limited.", |r| {
        r.service.input.target.age_min.map(i64::from)
    });
    b.int("age_max", "Highest age served; null if not limited.", |r| {
        r.service.input.target.age_max.map(i64::from)
    });
}

/// The service's record in the basket: its version and the days it was verified, added and
/// last changed.
fn service_record_columns(b: &mut Builder<'_, ServiceRow<'_>>) {
    b.int(
        "version",
        "Current version (1 when added; each revision, status change or verification adds 1).",
        |r| Some(i64::from(r.service.version)),
    );
    b.date(
        "verified_on",
        "Day of the latest verification (data ostatniej weryfikacji).",
        |r| Some(r.service.input.verified_on),
    );
    b.timestamp(
        "added_at",
        "When the service was added to the basket.",
        |r| r.service.history.first().map(|c| c.at),
    );
    b.timestamp(
        "last_changed_at",
        "When the service last changed (added, revised, status changed or verified).",
        |r| r.service.history.last().map(|c| c.at),
    );
}

/// How the PZK's ZZKs use the service in their individual baskets.
fn service_use_columns(b: &mut Builder<'_, ServiceRow<'_>>) {
    b.count(
        "used_in_baskets",
        "Individual-basket items of this PZK's ZZKs that refer to the service, removed ones included.",
        |r| r.usage.map_or(0, |u| u.items),
    );
    b.count("in_baskets_now", "Of those, items not removed.", |r| {
        r.usage.map_or(0, |u| u.current)
    });
    b.count(
        "families",
        "Distinct ZZKs (people, families, groups) whose individual basket has referred to the service.",
        |r| r.usage.map_or(0, |u| u.zzks.len()),
    );
}

// ---------------------------------------------------------------------------------------------
// partnerships
// ---------------------------------------------------------------------------------------------

struct PartnershipRow<'a> {
    partnership: &'a Partnership,
    indicators: reports::Indicators,
}

/// One row per PZK (*partnerski zespół kooperacyjny*) with its monitoring indicators as of
/// `as_of`, as [`reports::indicators`] computes them. Ordered by PZK id.
///
/// Columns: `partnership_id`, `name`, `stage`, `authorised_on`, `operating_since`, one
/// `members_<status>` per [`MemberStatus::ALL`], one `members_<sector>` per [`Sector::ALL`]
/// (active members only: participating or declared), one `zzks_<stage>` per [`ZzkStage::ALL`],
/// `zzks_ever_appointed`, `composition_requests_{filed,accepted,rejected,pending}`,
/// `basket_requests_{filed,accepted,rejected,pending}`, `consultations`, `conflicts_raised`,
/// `conflicts_resolved`, `refusals_reported`, one `services_<status>` per [`ServiceStatus::ALL`],
/// `stale_services`, `meetings_held`.
///
/// The count of ZZKs ever appointed is `zzks_ever_appointed`, because `zzks_appointed` is the
/// count of ZZKs now in the `appointed` stage.
pub fn partnerships(state: &State, as_of: NaiveDate) -> Table {
    let rows: Vec<PartnershipRow> = state
        .partnerships
        .values()
        .filter_map(|p| {
            reports::indicators(state, &p.id, as_of).map(|indicators| PartnershipRow {
                partnership: p,
                indicators,
            })
        })
        .collect();

    let mut b = Builder::new("partnerships", &rows);
    b.text("partnership_id", "The PZK.", |r| {
        code(r.partnership.id.as_str())
    });
    b.text("name", "The PZK's name.", |r| {
        Some(r.partnership.name.clone())
    });
    b.text("stage", "Current stage (PzkStage code).", |r| {
        code(r.indicators.stage.code())
    });
    b.date(
        "authorised_on",
        "Day of the mayor's authorisation; null before it.",
        |r| {
            r.partnership
                .authorisation
                .as_ref()
                .map(|a| a.authorised_on)
        },
    );
    b.date(
        "operating_since",
        "Day stage 3 (operating) began; null before it.",
        |r| r.partnership.operating_since,
    );
    partnership_member_columns(&mut b);
    partnership_zzk_columns(&mut b);
    partnership_request_columns(&mut b);
    partnership_cooperation_columns(&mut b);
    partnership_basket_columns(&mut b);
    b.count("meetings_held", "PZK meetings held.", |r| {
        r.indicators.meetings_held
    });
    b.finish()
}

/// The PZK's member institutions: by status, and the active ones by sector.
fn partnership_member_columns(b: &mut Builder<'_, PartnershipRow<'_>>) {
    for status in MemberStatus::ALL {
        let status = *status;
        b.count(
            format!("members_{}", status.code()),
            format!(
                "Member institutions with status {} ({}).",
                status.code(),
                crate::labels::Labelled::label_pl(&status)
            ),
            move |r| {
                r.indicators
                    .members_by_status
                    .get(&status)
                    .copied()
                    .unwrap_or(0)
            },
        );
    }
    for sector in Sector::ALL {
        let sector = *sector;
        b.count(
            format!("members_{}", sector.code()),
            format!(
                "Active member institutions (participating or declared) in the {} sector ({}).",
                sector.code(),
                crate::labels::Labelled::label_pl(&sector)
            ),
            move |r| {
                r.indicators
                    .members_by_sector
                    .get(&sector)
                    .copied()
                    .unwrap_or(0)
            },
        );
    }
}

/// The PZK's ZZKs (cases): by their stage now, and how many were ever appointed.
fn partnership_zzk_columns(b: &mut Builder<'_, PartnershipRow<'_>>) {
    for stage in ZzkStage::ALL {
        let stage = *stage;
        b.count(
            format!("zzks_{}", stage.code()),
            format!(
                "ZZKs (cases) now in stage {} ({}).",
                stage.code(),
                crate::labels::Labelled::label_pl(&stage)
            ),
            move |r| r.indicators.zzks_by_stage.get(&stage).copied().unwrap_or(0),
        );
    }
    b.count(
        "zzks_ever_appointed",
        "ZZKs appointed so far, whatever their stage now.",
        |r| r.indicators.zzks_appointed,
    );
}

/// Requests to extend the PZK's composition and its local basket: filed, accepted, rejected and
/// pending.
fn partnership_request_columns(b: &mut Builder<'_, PartnershipRow<'_>>) {
    type Counts = fn(&reports::Indicators) -> &reports::RequestCounts;
    let request_kinds: [(&str, &str, Counts); 2] = [
        (
            "composition_requests",
            "to extend the PZK's composition",
            |i| &i.composition_requests,
        ),
        ("basket_requests", "to extend the local basket", |i| {
            &i.basket_requests
        }),
    ];
    for (prefix, what, pick) in request_kinds {
        b.count(
            format!("{prefix}_filed"),
            format!("Requests {what}: filed."),
            move |r| pick(&r.indicators).filed,
        );
        b.count(
            format!("{prefix}_accepted"),
            format!("Requests {what}: accepted."),
            move |r| pick(&r.indicators).accepted,
        );
        b.count(
            format!("{prefix}_rejected"),
            format!("Requests {what}: rejected."),
            move |r| pick(&r.indicators).rejected,
        );
        b.count(
            format!("{prefix}_pending"),
            format!("Requests {what}: pending."),
            move |r| pick(&r.indicators).pending,
        );
    }
}

/// Cooperation within the PZK: consultations given to ZZKs, conflicts raised for mediation and
/// resolved, refusals to cooperate reported.
fn partnership_cooperation_columns(b: &mut Builder<'_, PartnershipRow<'_>>) {
    b.count(
        "consultations",
        "Consultations given to ZZKs by the network coordinator.",
        |r| r.indicators.consultations,
    );
    b.count(
        "conflicts_raised",
        "Problems or conflicts raised for mediation.",
        |r| r.indicators.conflicts_raised,
    );
    b.count("conflicts_resolved", "Of those, resolved.", |r| {
        r.indicators.conflicts_resolved
    });
    b.count(
        "refusals_reported",
        "Refusals to cooperate by partners' workers, reported.",
        |r| r.indicators.refusals_reported,
    );
}

/// The local basket: services by status, and those overdue for verification.
fn partnership_basket_columns(b: &mut Builder<'_, PartnershipRow<'_>>) {
    for status in ServiceStatus::ALL {
        let status = *status;
        b.count(
            format!("services_{}", status.code()),
            format!(
                "Basket services with status {} ({}).",
                status.code(),
                crate::labels::Labelled::label_pl(&status)
            ),
            move |r| {
                r.indicators
                    .services_by_status
                    .get(&status)
                    .copied()
                    .unwrap_or(0)
            },
        );
    }
    b.count(
        "stale_services",
        "Services not withdrawn and not verified within the rules' verification period, as of the report date.",
        |r| r.indicators.stale_services,
    );
}

// ---------------------------------------------------------------------------------------------
// events
// ---------------------------------------------------------------------------------------------

/// The stable code of an event's type: its `type` tag in JSON (e.g. `"zzk_suspended"`), read
/// without serialising the event's body.
pub fn event_type(event: &Event) -> &'static str {
    event.type_code()
}

/// Builds the events table one event at a time, so a binding can stream a large log (or a log
/// read in chunks) without holding a slice of it. Each event's PZK is known for PZK events; for a
/// ZZK event it comes from the ZZK's opening `need_reported` event seen earlier (or from the state
/// given to [`EventsTable::resume`]), else it is null.
#[derive(Debug, Clone, Default)]
pub struct EventsTable {
    next_seq: i64,
    zzk_partnership: HashMap<ZzkId, PartnershipId>,
    seq: Vec<Option<i64>>,
    stream_kind: Vec<Option<String>>,
    partnership_id: Vec<Option<String>>,
    zzk_id: Vec<Option<String>>,
    event_type: Vec<Option<String>>,
    at: Vec<Option<DateTime<Utc>>>,
    actor: Vec<Option<String>>,
    schema: Vec<Option<i64>>,
}

impl EventsTable {
    /// An empty builder for a log read from its start (the first event is `seq` 0).
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder for the rest of a log whose first `next_seq` events were folded into `state`:
    /// numbering continues at `next_seq`, and ZZKs opened earlier are known to belong to their PZK.
    pub fn resume(state: &State, next_seq: i64) -> Self {
        Self {
            next_seq,
            zzk_partnership: state
                .zzks
                .values()
                .map(|z| (z.id.clone(), z.partnership_id.clone()))
                .collect(),
            ..Self::default()
        }
    }

    /// Adds the next event of the log.
    pub fn push(&mut self, env: &EventEnvelope) {
        let (kind, pid, zid) = match env.event.stream_ref() {
            StreamRef::Partnership(pid) => ("partnership", Some(pid.to_string()), None),
            StreamRef::Zzk(zid) => {
                if let Event::NeedReported { partnership_id, .. } = &env.event {
                    // The first opening counts, as in `State::apply`, which ignores a second one.
                    self.zzk_partnership
                        .entry(zid.clone())
                        .or_insert_with(|| partnership_id.clone());
                }
                let pid = self.zzk_partnership.get(zid).map(ToString::to_string);
                ("zzk", pid, Some(zid.to_string()))
            }
        };
        self.seq.push(Some(self.next_seq));
        self.next_seq = self.next_seq.saturating_add(1);
        self.stream_kind.push(code(kind));
        self.partnership_id.push(pid);
        self.zzk_id.push(zid);
        self.event_type.push(code(event_type(&env.event)));
        self.at.push(Some(env.at));
        self.actor.push(code(env.actor.as_str()));
        self.schema.push(Some(i64::from(env.schema)));
    }

    /// Adds several events, in order.
    pub fn extend<'a>(&mut self, events: impl IntoIterator<Item = &'a EventEnvelope>) {
        for e in events {
            self.push(e);
        }
    }

    /// Number of rows so far.
    pub fn len(&self) -> usize {
        self.seq.len()
    }

    /// Whether no event has been added.
    pub fn is_empty(&self) -> bool {
        self.seq.is_empty()
    }

    /// The table.
    pub fn finish(self) -> Table {
        Table {
            name: "events",
            columns: vec![
                Column::new(
                    "seq",
                    "Position of the event in its log, from 0.",
                    ColumnData::Int64(self.seq),
                ),
                Column::new(
                    "stream_kind",
                    "partnership (a PZK and its basket) or zzk (one ZZK).",
                    ColumnData::Utf8(self.stream_kind),
                ),
                Column::new(
                    "partnership_id",
                    "The PZK; for a ZZK event the ZZK's PZK (null if the log does not show it).",
                    ColumnData::Utf8(self.partnership_id),
                ),
                Column::new(
                    "zzk_id",
                    "The ZZK; null for a PZK event.",
                    ColumnData::Utf8(self.zzk_id),
                ),
                Column::new(
                    "type",
                    "The event type (its type tag in JSON).",
                    ColumnData::Utf8(self.event_type),
                ),
                Column::new(
                    "at",
                    "When it happened (the time of the command).",
                    ColumnData::Timestamp(self.at),
                ),
                Column::new(
                    "actor",
                    "The user account that issued the command.",
                    ColumnData::Utf8(self.actor),
                ),
                Column::new(
                    "schema",
                    "Version of the event's JSON form.",
                    ColumnData::Int64(self.schema),
                ),
            ],
        }
    }
}

/// One row per event of a log, in order — its stream, type, time and author, never its body.
///
/// Columns: `seq`, `stream_kind`, `partnership_id`, `zzk_id`, `type`, `at`, `actor`, `schema`.
/// See [`EventsTable`] to build it incrementally.
pub fn events(events: &[EventEnvelope]) -> Table {
    let mut b = EventsTable::new();
    b.extend(events);
    b.finish()
}

/// The four tables of a state as of a date — [`zzks`], [`tasks`], [`services`], [`partnerships`]
/// — for a binding that loads them all at once (the events table needs the log itself).
pub fn state_tables(state: &State, as_of: NaiveDate) -> Vec<Table> {
    vec![
        zzks(state, as_of),
        tasks(state, as_of),
        services(state),
        partnerships(state, as_of),
    ]
}

// ---------------------------------------------------------------------------------------------
// The form for analysts
// ---------------------------------------------------------------------------------------------

/// Text columns whose values are ids of a case or of a worker, and the kind of pseudonym each
/// takes (`access::pseudonym`'s `kind`): the same kind as the analyst's views use for the same id,
/// so a table joins a view. A task, goal or membership id is pseudonymised too: a host may make it
/// from the ZZK's id.
#[cfg(feature = "privacy")]
const PSEUDONYMISED: &[(&str, &str)] = &[
    ("zzk_id", "zzk"),
    ("task_id", "task"),
    ("goal_id", "goal"),
    ("responsible_id", "zzk_member"),
    ("actor", "actor"),
];

/// Columns left out of the form for analysts: the registry number is how the registry's keepers
/// name a case, so next to a pseudonym it would undo it.
#[cfg(feature = "privacy")]
const LEFT_OUT: &[&str] = &["registry_number"];

/// Text columns that hold no one's personal data — enum codes, and the ids and names of PZKs,
/// institutions and services, which are public — kept as they are in the form for analysts.
/// Any other text column is left out of it: a text column added later reaches analysts only once
/// it is named here or in [`PSEUDONYMISED`].
#[cfg(feature = "privacy")]
const PUBLIC_TEXT: &[&str] = &[
    "source",
    "partnership_id",
    "name",
    "client_kind",
    "stage",
    "appointment_phase",
    "closure_reason",
    "sectors",
    "responsible_kind",
    "status",
    "service_id",
    "provider_kind",
    "provider_member_id",
    "provider_name",
    "provider_sector",
    "provider_ministry",
    "kind",
    "origin",
    "areas",
    "stream_kind",
    "type",
];

/// Turns the analytics tables into their form for analysts (see the module's "Two forms"): every
/// id of a case or a worker becomes its keyed pseudonym (`access::pseudonym`, with the same key
/// and kind as the analyst's views), registry numbers are left out, every day and time becomes the
/// first day of its month (`access::coarse_day`), and a text column not known to be free of
/// personal data is left out. Counts, flags and durations (`days_<stage>`, `days_to_deadline`) are
/// kept: they are what analysts measure.
///
/// The key is the host's secret, as for `access::read`: whoever holds it can recompute every
/// pseudonym, so it is kept out of the analysts' reach.
#[cfg(feature = "privacy")]
#[derive(Debug, Clone, Copy)]
pub struct Pseudonymiser<'k> {
    key: crate::access::PseudonymKey<'k>,
}

#[cfg(feature = "privacy")]
impl<'k> Pseudonymiser<'k> {
    /// A pseudonymiser with the host's key (at least `PseudonymKey::MIN_LEN` bytes, else
    /// `PSEUDONYM_KEY_INVALID`).
    pub fn new(key: &'k [u8]) -> Result<Self, crate::Error> {
        Ok(Self {
            key: crate::access::PseudonymKey::new(key)?,
        })
    }

    /// The form for analysts of a table. Tables of many logs pseudonymised with one key can be
    /// joined with [`Table::append`] as the tables in clear can.
    pub fn table(&self, table: Table) -> Table {
        let columns = table
            .columns
            .into_iter()
            .filter_map(|c| self.column(c))
            .collect();
        Table {
            name: table.name,
            columns,
        }
    }

    fn column(&self, column: Column) -> Option<Column> {
        let name = column.name.as_ref();
        if LEFT_OUT.contains(&name) {
            return None;
        }
        let pseudonym_kind = PSEUDONYMISED
            .iter()
            .find(|(c, _)| *c == name)
            .map(|(_, kind)| *kind);
        let (data, note) = match column.data {
            ColumnData::Utf8(values) => match pseudonym_kind {
                Some(kind) => (
                    ColumnData::Utf8(
                        values
                            .into_iter()
                            .map(|v| v.map(|id| crate::access::pseudonym(&self.key, kind, &id)))
                            .collect(),
                    ),
                    Some("A keyed pseudonym (ps-…), the same as in the analyst's views."),
                ),
                None if PUBLIC_TEXT.contains(&name) => (ColumnData::Utf8(values), None),
                None => return None,
            },
            ColumnData::Utf8List(values) if PUBLIC_TEXT.contains(&name) => {
                (ColumnData::Utf8List(values), None)
            }
            ColumnData::Utf8List(_) => return None,
            ColumnData::Date(values) => (
                ColumnData::Date(
                    values
                        .into_iter()
                        .map(|d| d.map(crate::access::coarse_day))
                        .collect(),
                ),
                Some("To the month: the first day of the month."),
            ),
            ColumnData::Timestamp(values) => (
                ColumnData::Timestamp(values.into_iter().map(|t| t.map(coarse_time)).collect()),
                Some("To the month: the first day of the month, 00:00 UTC."),
            ),
            data @ (ColumnData::Int64(_) | ColumnData::Float64(_) | ColumnData::Bool(_)) => {
                (data, None)
            }
        };
        let description = match note {
            Some(note) => Cow::Owned(format!("{} {note}", column.description)),
            None => column.description,
        };
        Some(Column {
            name: column.name,
            description,
            data,
        })
    }
}

/// An instant as analysts see it: the first day of its month (in UTC), at midnight.
#[cfg(feature = "privacy")]
fn coarse_time(t: DateTime<Utc>) -> DateTime<Utc> {
    crate::access::coarse_day(t.date_naive())
        .and_hms_opt(0, 0, 0)
        .map_or(t, |midnight| midnight.and_utc())
}
