//! The core's analytics tables as Arrow data, handed to Python through the Arrow PyCapsule
//! interface (`__arrow_c_stream__`), so pyarrow, polars, pandas and DuckDB take the columns as
//! they are, without a row-by-row copy.
//!
//! Loading many logs: each log (a JSON-lines file, a database of the `kooperacje` command, a
//! list of events, a `Model`) is replayed into its own state, because ids are only unique within
//! one municipality's log; the tables of all logs are concatenated with a `source` column. The
//! GIL is released while logs are read, decoded and replayed, and a large log is decoded on
//! several threads.
//!
//! Two forms (see the core's `analytics` module): the tables in clear, for the OPS itself, and,
//! with `pseudonymise_key`, the form for analysts, which the core's `analytics::Pseudonymiser`
//! makes — ids of cases and workers as the same keyed pseudonyms as the analyst's views, no
//! registry numbers, days to the month.

use crate::convert::date_arg;
use crate::errors::{domain, guard, malformed, store};
use crate::model::{events_from, Model};
use crate::pickle::{self, Canonical};
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::ffi::FFI_ArrowSchema;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch,
    RecordBatchIterator, StringArray, TimestampMicrosecondArray,
};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use chrono::NaiveDate;
use kooperacje::analytics::{self, Column, ColumnData, Pseudonymiser, Table};
use kooperacje::{Error, EventEnvelope, Loader, State};
use kooperacje_store::{OpenOptions, Store, StoreError};
use pyo3::exceptions::{PyImportError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyDict, PyList, PyString, PyTuple, PyType};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The names of the tables, in the order they are returned.
const TABLES: &[&str] = &["zzks", "tasks", "services", "partnerships", "events"];

/// One of the analytics tables: columns of equal length, readable by any Arrow consumer.
#[pyclass(module = "kooperacje._native", name = "Table", frozen)]
pub struct PyTable {
    table: Arc<Table>,
}

fn data_type(data: &ColumnData) -> DataType {
    match data {
        ColumnData::Utf8(_) => DataType::Utf8,
        ColumnData::Int64(_) => DataType::Int64,
        ColumnData::Float64(_) => DataType::Float64,
        ColumnData::Bool(_) => DataType::Boolean,
        ColumnData::Date(_) => DataType::Date32,
        ColumnData::Timestamp(_) => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        ColumnData::Utf8List(_) => {
            DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))
        }
    }
}

fn array(data: &ColumnData) -> ArrayRef {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    match data {
        ColumnData::Utf8(v) => Arc::new(v.iter().map(|s| s.as_deref()).collect::<StringArray>()),
        ColumnData::Int64(v) => Arc::new(v.iter().copied().collect::<Int64Array>()),
        ColumnData::Float64(v) => Arc::new(v.iter().copied().collect::<Float64Array>()),
        ColumnData::Bool(v) => Arc::new(v.iter().copied().collect::<BooleanArray>()),
        ColumnData::Date(v) => Arc::new(
            v.iter()
                .map(|d| d.map(|d| (d - epoch).num_days() as i32))
                .collect::<Date32Array>(),
        ),
        ColumnData::Timestamp(v) => Arc::new(
            v.iter()
                .map(|t| t.map(|t| t.timestamp_micros()))
                .collect::<TimestampMicrosecondArray>()
                .with_timezone("UTC"),
        ),
        ColumnData::Utf8List(v) => {
            let mut builder = ListBuilder::new(StringBuilder::new());
            for item in v {
                match item {
                    Some(values) => {
                        for s in values {
                            builder.values().append_value(s);
                        }
                        builder.append(true);
                    }
                    None => builder.append(false),
                }
            }
            Arc::new(builder.finish())
        }
    }
}

impl PyTable {
    fn schema(&self) -> Schema {
        let fields: Vec<Field> = self
            .table
            .columns
            .iter()
            .map(|c| {
                Field::new(c.name.as_ref(), data_type(&c.data), true).with_metadata(HashMap::from(
                    [("description".to_owned(), c.description.to_string())],
                ))
            })
            .collect();
        Schema::new(fields).with_metadata(HashMap::from([(
            "kooperacje.table".to_owned(),
            self.table.name.to_owned(),
        )]))
    }

    fn batch(&self) -> Result<RecordBatch, arrow_schema::ArrowError> {
        let columns: Vec<ArrayRef> = self.table.columns.iter().map(|c| array(&c.data)).collect();
        RecordBatch::try_new(Arc::new(self.schema()), columns)
    }
}

/// The values of a column as a Python list (dates as `datetime.date`, times as aware
/// `datetime.datetime`, null as `None`).
fn values<'py>(py: Python<'py>, data: &ColumnData) -> PyResult<Bound<'py, PyList>> {
    match data {
        ColumnData::Utf8(v) => PyList::new(py, v),
        ColumnData::Int64(v) => PyList::new(py, v),
        ColumnData::Float64(v) => PyList::new(py, v),
        ColumnData::Bool(v) => PyList::new(py, v),
        ColumnData::Date(v) => PyList::new(py, v),
        ColumnData::Timestamp(v) => PyList::new(py, v),
        ColumnData::Utf8List(v) => PyList::new(py, v),
    }
}

/// The column data of the core's type `kind` (its `ColumnData::type_name`) from the list
/// [`values`] gives: the way back, for unpickling.
fn column_data(py: Python<'_>, kind: &str, values: &Bound<'_, PyAny>) -> PyResult<ColumnData> {
    let Some(empty) = ColumnData::empty(kind) else {
        return Err(malformed(
            py,
            format!("a pickled table: no column type {kind:?}"),
        ));
    };
    let data = match empty {
        ColumnData::Utf8(_) => values.extract().map(ColumnData::Utf8),
        ColumnData::Int64(_) => values.extract().map(ColumnData::Int64),
        ColumnData::Float64(_) => values.extract().map(ColumnData::Float64),
        ColumnData::Bool(_) => values.extract().map(ColumnData::Bool),
        ColumnData::Date(_) => values.extract().map(ColumnData::Date),
        ColumnData::Timestamp(_) => values.extract().map(ColumnData::Timestamp),
        ColumnData::Utf8List(_) => values.extract().map(ColumnData::Utf8List),
    };
    data.map_err(|e| malformed(py, format!("a pickled table: a {kind} column: {e}")))
}

/// A pickled column: `(name, description, type, values)`.
type PickledColumn<'py> = (String, String, String, Bound<'py, PyAny>);

/// A table pickles as `(name, [(column, description, type, values), …])`: its typed columns as
/// Python lists, so floats, dates and times come back exactly.
impl Canonical for PyTable {
    fn canonical<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let columns = PyList::empty(py);
        for c in &self.table.columns {
            let column = (
                c.name.as_ref(),
                c.description.as_ref(),
                c.data.type_name(),
                values(py, &c.data)?,
            );
            columns.append(column)?;
        }
        Ok((self.table.name, columns).into_pyobject(py)?.into_any())
    }

    fn from_canonical(py: Python<'_>, form: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bad = || {
            malformed(
                py,
                "a pickled Table is (name, [(column, description, type, values), …])",
            )
        };
        let (name, columns): (String, Vec<PickledColumn<'_>>) =
            form.extract().map_err(|_| bad())?;
        let name = TABLES
            .iter()
            .find(|t| **t == name)
            .ok_or_else(|| malformed(py, format!("a pickled table: no table {name:?}")))?;
        let mut table = Table::new(name);
        for (column, description, kind, values) in columns {
            let data = column_data(py, &kind, &values)?;
            if table.columns.first().is_some_and(|c| c.len() != data.len()) {
                return Err(malformed(
                    py,
                    format!("a pickled table: column {column:?} has another length"),
                ));
            }
            table.columns.push(Column::new(column, description, data));
        }
        Ok(PyTable {
            table: Arc::new(table),
        })
    }
}

/// An optional library of the analytics stack, or an `ImportError` naming the extra that
/// installs it (`pip install 'kooperacje[polars]'`).
fn optional<'py>(
    py: Python<'py>,
    module: &str,
    extra: &str,
    method: &str,
) -> PyResult<Bound<'py, PyModule>> {
    py.import(module).map_err(|e| {
        if e.is_instance_of::<PyImportError>(py) {
            let err = PyImportError::new_err(format!(
                "Table.{method}() needs {module}, which is not installed: \
                 pip install 'kooperacje[{extra}]' \
                 (Table.{method}() wymaga pakietu {module}: pip install 'kooperacje[{extra}]')"
            ));
            err.set_cause(py, Some(e));
            err
        } else {
            e
        }
    })
}

#[pymethods]
impl PyTable {
    /// What the rows are: `"zzks"`, `"tasks"`, `"services"`, `"partnerships"` or `"events"`.
    #[getter]
    fn name(&self, py: Python<'_>) -> PyResult<&'static str> {
        guard(py, || Ok(self.table.name))
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self, py: Python<'_>) -> PyResult<usize> {
        guard(py, || Ok(self.table.len()))
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        guard(py, || {
            Ok(self
                .table
                .columns
                .iter()
                .map(|c| c.name.to_string())
                .collect())
        })
    }

    /// What each column means and how it is computed, by column name.
    #[getter]
    fn descriptions(&self, py: Python<'_>) -> PyResult<Vec<(String, String)>> {
        guard(py, || {
            Ok(self
                .table
                .columns
                .iter()
                .map(|c| (c.name.to_string(), c.description.to_string()))
                .collect())
        })
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        guard(py, || Ok(self.table.len()))
    }

    /// The Arrow C stream of the table (Arrow PyCapsule interface). `requested_schema` is
    /// accepted and ignored: the table has one schema.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        guard(py, || {
            let batch = self
                .batch()
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            let schema = batch.schema();
            let reader = RecordBatchIterator::new(vec![Ok(batch)], schema);
            let stream = FFI_ArrowArrayStream::new(Box::new(reader));
            PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
        })
    }

    /// The Arrow C schema of the table (Arrow PyCapsule interface).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        guard(py, || {
            let schema = FFI_ArrowSchema::try_from(&self.schema())
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            PyCapsule::new_with_value(py, schema, c"arrow_schema")
        })
    }

    /// The columns as a dict of lists (dates as `datetime.date`, times as aware
    /// `datetime.datetime`): for a quick look without any Arrow library.
    fn to_pydict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let out = PyDict::new(py);
            for c in &self.table.columns {
                out.set_item(c.name.as_ref(), values(py, &c.data)?)?;
            }
            Ok(out)
        })
    }

    /// The table as a `pyarrow.Table` (needs pyarrow: the extra `kooperacje[arrow]`).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        guard(py, || {
            optional(py, "pyarrow", "arrow", "to_pyarrow")?.call_method1("table", (slf,))
        })
    }

    /// The table as a `polars.DataFrame` (needs polars: the extra `kooperacje[polars]`).
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        guard(py, || {
            optional(py, "polars", "polars", "to_polars")?.call_method1("DataFrame", (slf,))
        })
    }

    /// The table as a `pandas.DataFrame`, dates as `datetime64` (needs pandas and pyarrow: the
    /// extra `kooperacje[pandas]`).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        guard(py, || {
            optional(py, "pandas", "pandas", "to_pandas")?;
            let pyarrow = optional(py, "pyarrow", "pandas", "to_pandas")?;
            pyarrow
                .call_method1("table", (slf,))?
                .call_method0("to_pandas")
        })
    }

    /// Pickles (and copies) the table as its typed columns.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyAny>,))> {
        pickle::reduce(slf)
    }

    /// The table rebuilt from its pickled form (`__reduce__`).
    #[classmethod]
    fn _from_canonical<'py>(
        cls: &Bound<'py, PyType>,
        form: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        pickle::rebuild::<Self>(cls, form)
    }

    /// Equal tables: the same name, columns, types and values.
    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        guard(py, || {
            Ok(match other.cast::<PyTable>() {
                Ok(o) => *o.get().table == *self.table,
                Err(_) => false,
            })
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || {
            Ok(format!(
                "Table({:?}, {} rows, {} columns)",
                self.table.name,
                self.table.len(),
                self.table.columns.len()
            ))
        })
    }
}

/// One log to load, read from Python before the GIL is released.
enum Log {
    /// A JSON-lines file of events.
    Lines(PathBuf),
    /// A database of the `kooperacje` command.
    Database(PathBuf),
    /// Events already decoded (from dicts, texts, `Event`s or a `Model`).
    Events(Vec<EventEnvelope>),
    /// The state of a `Model` that keeps no events: every table but the events table.
    Snapshot(Box<State>),
}

/// Why a log could not be loaded: which source, and the error.
enum LoadError {
    Domain(Error, Option<usize>),
    Store(StoreError),
    Io(String),
}

fn is_database(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map(|_| &head == b"SQLite format 3\0")
        .unwrap_or(false)
}

/// Whether a file is named like a database (`.db`, `.sqlite`, `.sqlite3`).
fn database_name(path: &std::path::Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("db" | "sqlite" | "sqlite3")
    )
}

/// Lowers the calling thread's priority (Linux: its nice value to 19), for work nobody waits for,
/// such as freeing the state of a load: a load right after it gets the cores first.
fn background() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority take plain integers and touch no memory of ours; on Linux,
    // PRIO_PROCESS with a thread id sets that thread's nice value only.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 19);
    }
}

/// How many threads a large load uses: one per core, at most four.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// A JSON-lines file is read in blocks of about this many bytes (cut after the last whole line),
/// each decoded by one of the decoder threads.
const BLOCK: u64 = 1 << 20;
/// Files smaller than this are decoded and applied by one thread: threads would cost more than
/// they save.
const SMALL_FILE: u64 = 4 << 20;
/// States with more ZZKs and events than this are freed on a thread of their own.
const SMALL: usize = 20_000;

/// A log's state and, when the events table is wanted, its events.
struct Replayed {
    state: State,
    events: Vec<EventEnvelope>,
}

/// A log being replayed: its state so far (in a [`Loader`]) and the events kept.
#[derive(Default)]
struct Replaying {
    loader: Loader,
    events: Vec<EventEnvelope>,
}

impl Replaying {
    /// Admits and applies the next events of the log, the first of which is at `first`. Leaves
    /// `events` empty, with its capacity, to be filled again.
    fn take(
        &mut self,
        first: usize,
        events: &mut Vec<EventEnvelope>,
        keep: bool,
    ) -> Result<(), LoadError> {
        for (i, env) in events.drain(..).enumerate() {
            let applied = if keep {
                let applied = self.loader.admit_and_apply(&env);
                self.events.push(env);
                applied
            } else {
                self.loader.admit_and_apply_owned(env)
            };
            applied.map_err(|e| LoadError::Domain(e, Some(first + i)))?;
        }
        Ok(())
    }

    fn finish(self) -> Replayed {
        Replayed {
            state: self.loader.finish(),
            events: self.events,
        }
    }
}

/// Decodes a block of lines into `out` (given empty); blank lines are skipped and not counted.
/// An error is the index (among the block's non-blank lines) of the first bad line, and why.
/// The block is checked for UTF-8 once, and cut into lines with `memchr`: one check per line and
/// a byte-by-byte search for line ends cost as much as a tenth of the decoding.
fn decode_block(block: &[u8], out: &mut Vec<EventEnvelope>) -> Result<(), (usize, Error)> {
    out.reserve(block.len() / 160);
    // The block up to its first byte that is not UTF-8, if any: the line holding that byte is
    // the bad one, and the lines before it are decoded (and may be bad) first.
    let text = match std::str::from_utf8(block) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&block[..e.valid_up_to()]).unwrap_or_default(),
    };
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', block).chain(std::iter::once(block.len())) {
        let index = out.len();
        let line = match text.get(start..end) {
            Some(line) => line,
            None => {
                let e = std::str::from_utf8(&block[start..end]).err();
                let why = e.map_or_else(String::new, |e| format!(": {e}"));
                return Err((index, Error::Json(format!("the line is not UTF-8{why}"))));
            }
        };
        start = end + 1;
        let line = line.trim();
        if !line.is_empty() {
            out.push(State::decode_event(line).map_err(|e| (index, e))?);
        }
    }
    Ok(())
}

/// Reads a JSON-lines file and replays it: this thread reads the file in blocks of whole lines,
/// which decoder threads decode while this thread admits and applies them in file order (the
/// core's [`kooperacje::pipeline`], which the store's replay uses too). The first bad line, in
/// file order, is the error, with its index among the non-blank lines.
fn replay_lines(path: &std::path::Path, keep: bool) -> Result<Replayed, LoadError> {
    use std::io::Read;
    let io = |e: std::io::Error| LoadError::Io(format!("{}: {e}", path.display()));
    let mut file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let workers = match threads() {
        1 => 0,
        _ if size < SMALL_FILE => 0,
        n => n,
    };
    let mut out = Replaying::default();
    let (mut carry, mut at_end, mut first) = (Vec::new(), false, 0);
    kooperacje::pipeline::replay_in_order(
        workers,
        |block: &mut Vec<u8>| {
            block.clear();
            block.append(&mut carry);
            while !at_end {
                block.reserve(BLOCK as usize);
                if (&mut file).take(BLOCK).read_to_end(block).map_err(io)? == 0 {
                    at_end = true;
                } else if let Some(cut) = memchr::memrchr(b'\n', block) {
                    carry.extend_from_slice(&block[cut + 1..]);
                    block.truncate(cut + 1);
                    break;
                }
                // Otherwise a line longer than a block: read on until it ends.
            }
            Ok(!block.is_empty())
        },
        |block, events| decode_block(block, events),
        |decoded| match decoded {
            Ok(events) => {
                let count = events.len();
                out.take(first, events, keep)?;
                first += count;
                Ok(())
            }
            Err((index, e)) => Err(LoadError::Domain(e, Some(first + index))),
        },
    )?;
    Ok(out.finish())
}

fn replay(mut events: Vec<EventEnvelope>, keep: bool) -> Result<Replayed, LoadError> {
    let mut out = Replaying::default();
    out.take(0, &mut events, keep)?;
    Ok(out.finish())
}

/// The tables of one log, each with its `source` column (in the form for analysts when a
/// pseudonymiser is given).
fn tables_of(
    log: Log,
    source: &str,
    as_of: NaiveDate,
    wanted: &[&str],
    pseudonymiser: Option<&Pseudonymiser<'_>>,
) -> Result<Vec<Table>, LoadError> {
    let keep = wanted.contains(&"events");
    let replayed = match log {
        Log::Lines(path) => replay_lines(&path, keep)?,
        Log::Database(path) => {
            // Read-only: an analyst's load never creates, migrates or writes a database.
            let db = Store::open(&path, &OpenOptions::for_reading()).map_err(LoadError::Store)?;
            if keep {
                replay(db.events().map_err(LoadError::Store)?, true)?
            } else {
                // The store's own replay decodes on several threads and admits nothing it
                // has not checked when it was written.
                let loaded = db.load(|_, _| {}).map_err(LoadError::Store)?;
                Replayed {
                    state: loaded.state,
                    events: Vec::new(),
                }
            }
        }
        Log::Events(events) => replay(events, keep)?,
        Log::Snapshot(state) => {
            if keep {
                return Err(LoadError::Domain(
                    Error::Json(
                        "the events table needs the events, and a Model made with \
                         keep_events=False keeps none; load its log instead"
                            .into(),
                    ),
                    None,
                ));
            }
            Replayed {
                state: *state,
                events: Vec::new(),
            }
        }
    };
    let state = &replayed.state;
    let mut out = Vec::with_capacity(wanted.len());
    for name in wanted {
        let table = form(table(name, state, &replayed.events, as_of), pseudonymiser);
        out.push(table.with_source(source));
    }
    // Freeing a large state takes a good part of a second (hundreds of thousands of small
    // allocations): it happens on a thread of its own, after the tables are handed back.
    if replayed.events.len() + state.zzks.len() > SMALL {
        std::thread::spawn(move || {
            background();
            drop(replayed)
        });
    }
    Ok(out)
}

fn log_from(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Log> {
    if let Ok(model) = obj.cast::<Model>() {
        let model = model.borrow();
        let session = &model.session;
        return Ok(if session.keeps_events() {
            Log::Events(session.events().to_vec())
        } else {
            Log::Snapshot(Box::new(session.state().clone()))
        });
    }
    if obj.cast::<PyString>().is_ok() || obj.hasattr("__fspath__")? {
        let path: PathBuf = obj.extract()?;
        if !path.exists() {
            let database = database_name(&path);
            return Err(store(
                py,
                &if database {
                    StoreError::Missing { path }
                } else {
                    StoreError::Io(format!("{}: no such file", path.display()))
                },
            ));
        }
        // A 0-byte file named like a database is an empty (lost?) database, `STORE_EMPTY`, not
        // an empty JSON-lines log.
        let empty_database =
            database_name(&path) && std::fs::metadata(&path).is_ok_and(|m| m.len() == 0);
        return Ok(if is_database(&path) || empty_database {
            Log::Database(path)
        } else {
            Log::Lines(path)
        });
    }
    Ok(Log::Events(events_from(py, obj)?))
}

/// The form of a table: as it is, or for analysts.
fn form(table: Table, pseudonymiser: Option<&Pseudonymiser<'_>>) -> Table {
    match pseudonymiser {
        Some(p) => p.table(table),
        None => table,
    }
}

/// Loads logs and returns their tables: `sources` is a list of `(name, log)` pairs, where a log
/// is a path (JSON lines or a database), an iterable of events, or a `Model`. With
/// `pseudonymise_key`, the tables' form for analysts.
#[pyfunction]
#[pyo3(signature = (sources, as_of, tables = None, pseudonymise_key = None))]
pub fn load_tables<'py>(
    py: Python<'py>,
    sources: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    tables: Option<Vec<String>>,
    pseudonymise_key: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let as_of = date_arg(as_of, "as_of").map_err(|e| domain(py, &e))?;
        // The key is checked before any log is read: a bad one must not cost a load.
        let key: Option<Vec<u8>> = match pseudonymise_key {
            None => None,
            Some(k) => match k.cast::<PyBytes>() {
                Ok(b) => Some(b.as_bytes().to_vec()),
                Err(_) => {
                    return Err(malformed(
                        py,
                        "pseudonymise_key: expected bytes (the host's secret key)",
                    ))
                }
            },
        };
        let pseudonymiser = key
            .as_deref()
            .map(Pseudonymiser::new)
            .transpose()
            .map_err(|e| domain(py, &e))?;
        let pseudonymiser = pseudonymiser.as_ref();
        let wanted: Vec<&str> = match &tables {
            None => TABLES.to_vec(),
            Some(names) => {
                let mut out = Vec::new();
                for n in names {
                    match TABLES.iter().find(|t| **t == n.as_str()) {
                        Some(t) => out.push(*t),
                        None => {
                            return Err(malformed(
                                py,
                                format!("no table {n:?}; the tables are {}", TABLES.join(", ")),
                            ))
                        }
                    }
                }
                out
            }
        };
        let mut logs = Vec::new();
        for item in sources.try_iter()? {
            let item = item?;
            let pair = item
                .cast::<PyTuple>()
                .map_err(|_| malformed(py, "each source is a (name, log) pair"))?;
            if pair.len() != 2 {
                return Err(malformed(py, "each source is a (name, log) pair"));
            }
            let name: String = pair.get_item(0)?.str()?.to_string();
            logs.push((name.clone(), log_from(py, &pair.get_item(1)?)?));
        }
        let loaded: Result<Vec<Vec<Table>>, (String, LoadError)> = py.detach(|| {
            logs.into_iter()
                .map(|(name, log)| {
                    tables_of(log, &name, as_of, &wanted, pseudonymiser)
                        .map_err(|e| (name.clone(), e))
                })
                .collect()
        });
        let loaded = loaded.map_err(|(name, e)| {
            let err = match e {
                LoadError::Domain(e, index) => {
                    let err = domain(py, &e);
                    if let Some(i) = index {
                        let _ = err.value(py).setattr("index", i);
                    }
                    err
                }
                LoadError::Store(e) => store(py, &e),
                LoadError::Io(m) => store(py, &StoreError::Io(m)),
            };
            let _ = err.value(py).setattr("source", name);
            err
        })?;
        let out = PyDict::new(py);
        for (i, name) in wanted.iter().enumerate() {
            let mut all: Option<Table> = None;
            for tables in &loaded {
                let table = tables[i].clone();
                match &mut all {
                    None => all = Some(table),
                    Some(acc) => acc
                        .append(table)
                        .map_err(|e| domain(py, &Error::Internal(e.to_string())))?,
                }
            }
            let table = match all {
                Some(t) => t,
                None => empty(name, as_of, pseudonymiser),
            };
            out.set_item(
                *name,
                PyTable {
                    table: Arc::new(table),
                },
            )?;
        }
        Ok(out)
    })
}

/// The table of no logs: the columns of an empty state's table (in the same form), with `source`.
fn empty(name: &str, as_of: NaiveDate, pseudonymiser: Option<&Pseudonymiser<'_>>) -> Table {
    form(table(name, &State::new(), &[], as_of), pseudonymiser).with_source("")
}

/// One of the core's tables by name (one of [`TABLES`]).
fn table(name: &str, state: &State, events: &[EventEnvelope], as_of: NaiveDate) -> Table {
    match name {
        "zzks" => zzks_table(state, as_of),
        "tasks" => analytics::tasks(state, as_of),
        "services" => analytics::services(state),
        "partnerships" => analytics::partnerships(state, as_of),
        _ => analytics::events(events),
    }
}

/// The ZZK table, the largest: for many ZZKs built in parts on every core and joined in order.
fn zzks_table(state: &State, as_of: NaiveDate) -> Table {
    let parts = threads();
    if state.zzks.len() < SMALL || parts == 1 {
        return analytics::zzks(state, as_of);
    }
    let zzks: Vec<&kooperacje::Zzk> = state.zzks.values().map(|z| &**z).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = zzks
            .chunks(zzks.len().div_ceil(parts))
            .map(|part| s.spawn(move || analytics::zzks_for(state, as_of, part.iter().copied())))
            .collect();
        let mut whole = Table::new("zzks");
        for handle in handles {
            // A panic in a part is raised again here, where the caller's guard reports it.
            let part = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            // The parts come from one function, so they have the same columns: this cannot fail.
            let _ = whole.append(part);
        }
        whole
    })
}
