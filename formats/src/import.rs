//! What a basket sheet changes in a PZK's local basket (lokalny koszyk usług): each good row is
//! reconciled with the service of the same id, as an addition, a revision, a change of status (or
//! both of the last two), or nothing; the core decides every resulting command, and a row it
//! refuses is reported like a bad one. Every host runs this one function, so the same sheet gives
//! the same events and the same row-by-row report everywhere.

use crate::sheet::{self, FileError, Format, Layout, RowError, ServiceRow};
use kooperacje::basket::ServiceStatus;
use kooperacje::{
    Command, CommandEnvelope, Error, EventEnvelope, Lang, Partnership, PartnershipId, ServiceId,
    State, ValidationError,
};

/// What a good row does to the basket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// A new service (with its status changed too, if the row's is not "active").
    Added,
    /// A service whose description changed (with its status too, if that differs).
    Revised,
    /// A service whose status alone changed.
    StatusChanged,
    /// A service exactly as the basket has it.
    Unchanged,
}

/// A good row's commands: none for an unchanged service, at most two.
#[derive(Debug, Clone, PartialEq)]
pub struct RowPlan {
    /// The sheet's row number.
    pub row: usize,
    /// The service it describes.
    pub service_id: ServiceId,
    /// What it does.
    pub change: Change,
    /// The basket commands, in order.
    pub commands: Vec<Command>,
}

/// The commands of each good row, against the basket as it is: the rows name distinct services
/// ([`sheet::parse`] refuses a second row of a service), so no row depends on another. The rows
/// are taken by value: each service's description moves into its command, uncopied.
pub fn plan(p: &Partnership, rows: Vec<ServiceRow>, reason: &str) -> Vec<RowPlan> {
    rows.into_iter()
        .map(|row| {
            let existing = p.basket.services.get(&row.service_id);
            let current = existing.map_or(ServiceStatus::Active, |s| s.status);
            let status_differs = current != row.status;
            let (change, description) = match existing {
                None => (Change::Added, Some(true)),
                Some(s) if s.input != row.input => (Change::Revised, Some(false)),
                Some(_) if status_differs => (Change::StatusChanged, None),
                Some(_) => (Change::Unchanged, None),
            };
            let mut commands = Vec::new();
            let (partnership_id, service_id) = (p.id.clone(), row.service_id.clone());
            match description {
                Some(true) => commands.push(Command::AddService {
                    partnership_id: partnership_id.clone(),
                    service_id: service_id.clone(),
                    service: row.input,
                    reason: reason.to_owned(),
                }),
                Some(false) => commands.push(Command::ReviseService {
                    partnership_id: partnership_id.clone(),
                    service_id: service_id.clone(),
                    service: row.input,
                    reason: reason.to_owned(),
                }),
                None => {}
            }
            if status_differs {
                commands.push(Command::ChangeServiceStatus {
                    partnership_id,
                    service_id,
                    status: row.status,
                    reason: reason.to_owned(),
                });
            }
            RowPlan {
                row: row.row,
                service_id: row.service_id,
                change,
                commands,
            }
        })
        .collect()
}

/// The row-by-row report of an import: how many services each kind of change touched, and every
/// row refused, by row number (by the sheet's checks or by the core).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// The PZK.
    pub partnership_id: PartnershipId,
    /// Services added.
    pub added: usize,
    /// Services revised.
    pub revised: usize,
    /// Services whose status alone changed.
    pub status_changed: usize,
    /// Services as they were.
    pub unchanged: usize,
    /// The rows refused, by row number; several reasons of one row one by one.
    pub skipped: Vec<RowError>,
}

impl Report {
    /// The number of services changed.
    pub fn changed(&self) -> usize {
        self.added + self.revised + self.status_changed
    }

    /// The report as JSON, the same text in every language.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// What an import produces: the report and the events to record, all of which follow the state
/// the import started from. A host applies the events all or none (or, with rows refused and no
/// leave to skip them, not at all).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The report.
    pub report: Report,
    /// The events of the rows taken, in row order.
    pub events: Vec<EventEnvelope>,
}

/// Decides the good rows' commands ([`plan`]) one row at a time, all or nothing for each row,
/// against a copy of this one PZK (a basket command reads nothing else): the events of the rows
/// the core accepts, and the report with the rows it refuses added to `refused` (the rows the
/// sheet's checks refused). `envelope` makes each command's envelope (its time, author and, for
/// a host that gives them, its id).
pub fn reconcile(
    p: &Partnership,
    rows: Vec<ServiceRow>,
    refused: Vec<RowError>,
    reason: &str,
    mut envelope: impl FnMut(Command) -> CommandEnvelope,
) -> Imported {
    let mut report = Report {
        partnership_id: p.id.clone(),
        added: 0,
        revised: 0,
        status_changed: 0,
        unchanged: 0,
        skipped: refused,
    };
    let copy = || {
        let mut state = State::new();
        state.partnerships.insert(p.id.clone(), p.clone());
        state
    };
    let mut state = copy();
    let mut events: Vec<EventEnvelope> = Vec::new();
    // The rows come from one sheet: where its columns were is the same for all.
    let layout = rows.first().map(|r| r.layout.clone()).unwrap_or_default();
    for row in plan(p, rows, reason) {
        let before = events.len();
        let mut refusal = None;
        let mut done = 0;
        for command in row.commands {
            match state.execute(&envelope(command)) {
                Ok(produced) => {
                    events.extend(produced);
                    done += 1;
                }
                Err(e) => {
                    refusal = Some(e);
                    break;
                }
            }
        }
        match refusal {
            None => match row.change {
                Change::Added => report.added += 1,
                Change::Revised => report.revised += 1,
                Change::StatusChanged => report.status_changed += 1,
                Change::Unchanged => report.unchanged += 1,
            },
            Some(e) => {
                // A refused command changes nothing, so only a row refused after its first
                // command went through needs undoing. Today's rules never do that (a change of
                // status after an addition or revision of the same service is always accepted),
                // so it is done the simple way, by starting again from the copy; no row pays for
                // a copy of its own.
                if done > 0 {
                    events.truncate(before);
                    state = copy();
                    for e in &events {
                        state.apply(e);
                    }
                }
                report.skipped.push(refused_by_core(row.row, &e, &layout));
            }
        }
    }
    report.skipped.sort_by_key(|e| e.row);
    Imported { report, events }
}

/// A row the core refused, with the core's code and messages; when the core names a field of
/// the service that is a column of the sheet, the messages start with its place, as the sheet's
/// own refusals do (`R11: Data ostatniej weryfikacji: …`).
fn refused_by_core(row: usize, e: &Error, layout: &Layout) -> RowError {
    let (mut message, mut message_pl) = (e.message(Lang::En), e.message_pl());
    if let Some(column) = column_of(e) {
        let (at_en, at_pl) = layout.place(column, row);
        message = format!("{at_en}: {message}");
        message_pl = format!("{at_pl}: {message_pl}");
    }
    RowError {
        row,
        code: e.code().into(),
        message,
        message_pl,
    }
}

/// The column of the sheet whose value the core refused: the field its error names
/// (`verified_on`; `provider.name` is the provider's column, `components[1]` the components'),
/// if that is a column's key.
fn column_of(e: &Error) -> Option<usize> {
    let error = serde_json::to_value(e).ok()?;
    let field = error.get("detail")?.get("field")?.as_str()?;
    let key = field.split(['.', '[']).next()?;
    sheet::COLUMNS.iter().position(|c| c.0 == key)
}

/// Why an in-memory import ([`import`]) changes nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// The file is no basket sheet (code `BAD_FILE`).
    File(FileError),
    /// The PZK does not exist (the core's `PARTNERSHIP_NOT_FOUND`).
    Domain(Error),
    /// Some rows are refused and the host did not ask to skip them (code `INVALID_ROWS`); the
    /// report says which.
    Rows(Report),
}

impl ImportError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::File(_) => crate::Code::BadFile.code(),
            ImportError::Domain(e) => e.code(),
            ImportError::Rows(_) => crate::Code::InvalidRows.code(),
        }
    }

    /// What sort of refusal: the core's error's own, or `invalid` for the file and its rows.
    pub fn kind(&self) -> kooperacje::error::ErrorKind {
        match self {
            ImportError::File(_) => crate::Code::BadFile.kind(),
            ImportError::Domain(e) => e.kind(),
            ImportError::Rows(_) => crate::Code::InvalidRows.kind(),
        }
    }

    /// Which part refused: the core's error's own area, or `basket`.
    pub fn area(&self) -> &'static str {
        match self {
            ImportError::File(_) => crate::Code::BadFile.area(),
            ImportError::Domain(e) => e.area(),
            ImportError::Rows(_) => crate::Code::InvalidRows.area(),
        }
    }

    /// The message in a language; for refused rows, one line per reason, by row.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImportError::File(e) => match lang {
                Lang::Pl => e.message_pl.clone(),
                Lang::En => e.message.clone(),
            },
            ImportError::Domain(e) => match lang {
                Lang::Pl => e.message_pl(),
                Lang::En => e.message(Lang::En),
            },
            ImportError::Rows(report) => {
                let mut text = crate::Code::InvalidRows.message(lang);
                for e in &report.skipped {
                    let row = match lang {
                        Lang::Pl => "wiersz",
                        Lang::En => "row",
                    };
                    text.push_str(&format!(
                        "\n{row} {}: [{}] {}",
                        e.row,
                        e.code,
                        e.message(lang)
                    ));
                }
                text
            }
        }
    }
}

/// How an in-memory import ([`import`]) makes its commands, and whether it skips bad rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// When every command is made.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who makes them.
    pub actor: kooperacje::ActorId,
    /// The reason each change records in the service's history (the CLI's is `import: FILE`).
    pub reason: String,
    /// Whether the good rows are imported when some are refused (else nothing is).
    pub skip_invalid: bool,
}

/// A whole import for a host that keeps its state in memory: reads the sheet's bytes, checks the
/// rows against the PZK `pid` of `state`, and reconciles them ([`reconcile`]) with every command
/// made as `options` say (no command ids). With rows refused and `options.skip_invalid` false,
/// nothing is to change: [`ImportError::Rows`]. The state is not touched: the host applies the
/// events.
pub fn import(
    state: &State,
    pid: &PartnershipId,
    bytes: &[u8],
    format: Format,
    options: &Options,
) -> Result<Imported, ImportError> {
    let p = state.partnerships.get(pid).ok_or_else(|| {
        ImportError::Domain(
            ValidationError::not_found(kooperacje::Entity::Partnership, pid.as_str()).into(),
        )
    })?;
    let read = sheet::read_sheet(bytes, format).map_err(ImportError::File)?;
    let (rows, refused) = sheet::parse_sheet(p, &read);
    let imported = reconcile(p, rows, refused, &options.reason, |command| {
        CommandEnvelope {
            at: options.at,
            actor: options.actor.clone(),
            command_id: None,
            command,
        }
    });
    if !imported.report.skipped.is_empty() && !options.skip_invalid {
        return Err(ImportError::Rows(imported.report));
    }
    Ok(imported)
}
