//! The analytics tables for Kotlin and Swift (`Model.analyticsTables`): the core's session gives
//! them (`Session::analytics_tables`), in clear or in the form for analysts; this only turns a
//! table into records of typed lists, which an app hands to its own data frame,
//! database table or CSV writer.

use crate::errors::KooperacjeError;
use crate::model::Model;
use chrono::{DateTime, NaiveDate, Utc};
use kooperacje::analytics::{ColumnData, Table};

/// The values of a column, one typed list with `null` for a missing value: the core's column types
/// (and the Arrow types Python's tables have).
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ColumnValues {
    /// Text: ids, enum codes, names of institutions and services.
    Utf8 {
        /// One per row.
        values: Vec<Option<String>>,
    },
    /// Whole numbers: counts, days, numbers.
    Int64 {
        /// One per row.
        values: Vec<Option<i64>>,
    },
    /// Real numbers.
    Float64 {
        /// One per row.
        values: Vec<Option<f64>>,
    },
    /// Flags.
    Bool {
        /// One per row.
        values: Vec<Option<bool>>,
    },
    /// Calendar days.
    Date {
        /// One per row.
        values: Vec<Option<NaiveDate>>,
    },
    /// Instants (UTC).
    Timestamp {
        /// One per row.
        values: Vec<Option<DateTime<Utc>>>,
    },
    /// Lists of text, such as the codes of a service's areas.
    Utf8List {
        /// One per row.
        values: Vec<Option<Vec<String>>>,
    },
}

/// One column of an analytics table.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AnalyticsColumn {
    /// snake_case English name, unique in its table (`zzk_id`, `days_active`, …).
    pub name: String,
    /// What the column means and how it is computed, for the people reading the data.
    pub description: String,
    /// The values, one per row.
    pub values: ColumnValues,
}

/// An analytics table: named columns of equal length.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AnalyticsTable {
    /// What the rows are: `zzks`, `tasks`, `services`, `partnerships` or `events`.
    pub name: String,
    /// The number of rows.
    pub rows: u64,
    /// The columns, in display order.
    pub columns: Vec<AnalyticsColumn>,
}

impl From<Table> for AnalyticsTable {
    fn from(table: Table) -> Self {
        AnalyticsTable {
            name: table.name.to_owned(),
            rows: table.len() as u64,
            columns: table
                .columns
                .into_iter()
                .map(|c| AnalyticsColumn {
                    name: c.name.into_owned(),
                    description: c.description.into_owned(),
                    values: match c.data {
                        ColumnData::Utf8(values) => ColumnValues::Utf8 { values },
                        ColumnData::Int64(values) => ColumnValues::Int64 { values },
                        ColumnData::Float64(values) => ColumnValues::Float64 { values },
                        ColumnData::Bool(values) => ColumnValues::Bool { values },
                        ColumnData::Date(values) => ColumnValues::Date { values },
                        ColumnData::Timestamp(values) => ColumnValues::Timestamp { values },
                        ColumnData::Utf8List(values) => ColumnValues::Utf8List { values },
                    },
                })
                .collect(),
        }
    }
}

#[uniffi::export]
impl Model {
    /// The model's analytics tables as of a day: `zzks`, `tasks`, `services`, `partnerships`, and
    /// `events` when the model keeps its events (not one made with `keepEvents = false`). With
    /// `pseudonymiseKey` (the host's secret, at least 16 bytes, else `PSEUDONYM_KEY_INVALID`),
    /// their form for analysts: every id of a case or a worker replaced by its keyed pseudonym
    /// (the one `pseudonym` gives), registry numbers left out, days to the month.
    pub fn analytics_tables(
        &self,
        as_of: NaiveDate,
        pseudonymise_key: Option<Vec<u8>>,
    ) -> Result<Vec<AnalyticsTable>, KooperacjeError> {
        self.with(|session| {
            Ok(session
                .analytics_tables(as_of, pseudonymise_key.as_deref())?
                .into_iter()
                .map(AnalyticsTable::from)
                .collect())
        })
    }
}
