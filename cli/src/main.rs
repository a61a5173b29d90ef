//! `kooperacje` — the command-line tool of the Kooperacje 3D library: an SQLite event store an OPS
//! can use from day one, reports, import and export.
//!
//! Exit codes: 0 success; 1 a domain or validation error (a rule, a bad import row, a bad file);
//! 2 usage (an output file that is the database itself, or another SQLite file without --force);
//! 3 storage (missing, empty, locked, full, corrupt, foreign, older or newer database; a broken
//! hash chain, a missed anchor, a keyed log verified without its key); 4 an erasure written but
//! not complete yet (another program reading the database keeps old copies of the data in the
//! file until it finishes; erase again then).

mod commands;
mod exec;
mod failure;

use chrono::NaiveDate;
use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use kooperacje::Lang;
use std::path::PathBuf;
use std::process::ExitCode;

/// Kooperacje 3D: partnerstwa (PZK), zespoły zadaniowe (ZZK), koszyk usług — baza zdarzeń,
/// raporty, import i eksport.
#[derive(Parser)]
#[command(name = "kooperacje", version, about)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Args, Clone)]
pub struct Global {
    /// The database file.
    #[arg(
        long,
        global = true,
        env = "KOOPERACJE_DB",
        default_value = "kooperacje.db"
    )]
    pub db: PathBuf,
    /// Language of the output: Polish (default) or English.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Pl)]
    pub lang: LangArg,
    /// Print one JSON object on standard output instead of text (errors too).
    #[arg(long, global = true)]
    pub json: bool,
    /// How long to wait for another process's lock on the database, in milliseconds (at most
    /// 600000, ten minutes).
    #[arg(
        long,
        global = true,
        env = "KOOPERACJE_LOCK_TIMEOUT",
        default_value_t = 5000,
        value_name = "MS",
        value_parser = clap::value_parser!(u64).range(0..=MAX_LOCK_TIMEOUT_MS)
    )]
    pub lock_timeout: u64,
    /// The chain key, kept outside the database: a file of at least 32 random bytes, or of 64+
    /// hexadecimal digits. Commands that write link new events with HMAC-SHA-256 under it (and
    /// key a log not keyed yet); `verify` and the head check of replays and reports use it.
    #[arg(
        long,
        global = true,
        env = "KOOPERACJE_CHAIN_KEY_FILE",
        value_name = "PATH"
    )]
    pub chain_key_file: Option<PathBuf>,
}

/// The longest `--lock-timeout`: ten minutes. SQLite takes at most `i32::MAX` milliseconds (the
/// store's `busy_timeout` panicked beyond that, exit 101 and no JSON); waiting longer than this
/// for another process is a hung process, not a busy one.
const MAX_LOCK_TIMEOUT_MS: u64 = 600_000;

#[derive(Subcommand)]
enum Command {
    /// Creates an empty database (or reports on an existing one).
    Init,
    /// Plays the story of a PZK and three families into the database, then prints the ZZK
    /// registry, the PZK indicators and the overdue report.
    Demo {
        /// Date of the overdue report and the indicators (default: the end of the story).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// The ZZK registry (rejestr ZZK) of a PZK.
    Registry {
        /// The PZK (default: the only one in the database).
        #[arg(long)]
        partnership: Option<String>,
        /// The date to show the registry on (default: the day of the latest event), so that a
        /// ZZK whose consent has lapsed since shows as suspended.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// Reports.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Rebuilds the whole state from the events and says what it holds.
    Replay,
    /// Walks the hash chain of the event log and names the first broken link.
    Verify {
        /// Also check that the log still extends this anchor: `kooperacje-anchor:v1:SEQ:HASH`
        /// (as `kooperacje anchor` prints it), a bare hash, or a file (minutes, an e-mail) with
        /// anchors in it — each is checked. May be given several times.
        #[arg(long, value_name = "FILE|ANCHOR")]
        anchor: Vec<String>,
    },
    /// Verifies the log, then prints its head (sequence number and hash) as one line for filing
    /// elsewhere — in a PZK meeting's minutes, say — for `verify --anchor` to check later.
    Anchor,
    /// Events: export and import in the JSON lines form host systems store.
    #[command(subcommand)]
    Events(EventsCommand),
    /// The local basket of services (lokalny koszyk usług): Excel, CSV, JSON and HSDS 3.0.
    #[command(subcommand)]
    Basket(BasketCommand),
    /// Personal data, kept apart from the events.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Notes (free texts: situation descriptions, diagnoses, minutes), kept apart from the events.
    #[command(subcommand)]
    Note(NoteCommand),
    /// Executes commands read as JSON lines on standard input, answering each with one JSON line:
    /// for hosts that cannot load the library.
    ///
    /// Each line is a command envelope, decided by the core and stored on its own, in order,
    /// against the database or, with --log, an event log. Each is answered at once (flushed):
    /// `{"ok":true,"line":N,"events":[...]}` with its events, or
    /// `{"ok":false,"line":N,"exit_code":C,"error":{"code","kind","message","message_pl",...}}`;
    /// a bad line changes nothing and the next is read. Blank lines are skipped. Exit code 0 if
    /// every command was accepted, 1 if one was refused, 3 if the storage failed.
    Exec {
        /// Append to this event log (JSON lines, as `events export` writes it) instead of the
        /// database: created when missing, never truncated or rewritten. Not with --db.
        #[arg(long, value_name = "FILE.jsonl")]
        log: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// The monthly monitoring of the ZZKs' plans.
    Monitoring {
        /// The month.
        #[arg(long, value_name = "YYYY-MM")]
        period: String,
        /// The PZK (default: the only one in the database).
        #[arg(long)]
        partnership: Option<String>,
    },
    /// What is overdue: consents, plans, reviews, tasks, services to verify.
    Overdue {
        /// The date to judge by (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
}

#[derive(Subcommand)]
enum EventsCommand {
    /// Writes every event, one canonical JSON object per line.
    Export {
        /// The format (JSON lines is the only one).
        #[arg(long, value_enum, default_value_t = EventFormat::Jsonl)]
        format: EventFormat,
        /// The file to write (default: standard output). Never the database itself.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Overwrite the output file even if it is an SQLite database (never this database).
        #[arg(long)]
        force: bool,
    },
    /// Appends events from a JSON lines file, each checked by the core first. Any bad line and
    /// nothing is imported.
    Import {
        /// The file.
        file: PathBuf,
        /// Import the good lines and report the bad ones.
        #[arg(long)]
        skip_invalid: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum EventFormat {
    /// JSON lines.
    Jsonl,
}

#[derive(Subcommand)]
enum BasketCommand {
    /// Writes the basket to a file: .xlsx, .csv or .json by its name, or HSDS 3.0 JSON.
    Export {
        /// The file.
        file: PathBuf,
        /// The format (default: from the file name).
        #[arg(long, value_enum)]
        format: Option<BasketFormat>,
        /// The PZK (default: the only one in the database).
        #[arg(long)]
        partnership: Option<String>,
        /// Overwrite the file even if it is an SQLite database (never this database).
        #[arg(long)]
        force: bool,
    },
    /// Reads a basket sheet and adds, revises or changes the status of its services. Any bad
    /// row and nothing is imported.
    Import {
        /// The file (.xlsx, .csv or .json).
        file: PathBuf,
        /// The PZK (default: the only one in the database).
        #[arg(long)]
        partnership: Option<String>,
        /// Import the good rows and report the bad ones.
        #[arg(long)]
        skip_invalid: bool,
        /// Who imports (recorded with every change): the PZK's OPS head, a network coordinator,
        /// or the representative of the member that provides every service changed.
        #[arg(long)]
        actor: String,
    },
    /// Searches the basket: the services that match every condition given, in id order (active
    /// ones only, unless --all). A value is named by its code or its Polish or English name.
    Search {
        /// The conditions.
        #[command(flatten)]
        search: commands::SearchConditions,
        /// The PZK (default: the only one in the database).
        #[arg(long)]
        partnership: Option<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BasketFormat {
    /// Excel.
    Xlsx,
    /// CSV (semicolons, UTF-8).
    Csv,
    /// JSON rows.
    Json,
    /// Open Referral HSDS 3.0 JSON.
    Hsds,
}

#[derive(Subcommand)]
enum PersonCommand {
    /// Shows what the database holds about a person.
    Show {
        /// The person's id (as in the events).
        id: String,
    },
    /// Erases a person's data, or with --pseudonym replaces the name and drops PESEL, address
    /// and phone. The event log is untouched and still verifies.
    Erase {
        /// The person's id.
        id: String,
        /// Keep a record under this pseudonym instead of erasing it.
        #[arg(long)]
        pseudonym: Option<String>,
    },
}

#[derive(Subcommand)]
enum NoteCommand {
    /// Erases a note's text. The event log is untouched and still verifies.
    Erase {
        /// The note's id (as in the events).
        id: String,
    },
}

/// Polski or English.
#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// Polski.
    Pl,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Pl => Lang::Pl,
            LangArg::En => Lang::En,
        }
    }
}

fn main() -> ExitCode {
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        // Help and the version, as clap prints them.
        Err(e) if !e.use_stderr() => e.exit(),
        // A usage error: clap's message, which quotes what was typed, with its control
        // characters escaped (as every message of the CLI has them).
        Err(e) => {
            let text = e.render().to_string();
            let text = kooperacje_cli::escape::controls_keeping_lines(&text);
            let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let g = cli.global;
    let ctx = commands::Ctx::new(&g);
    let result = match cli.command {
        Command::Init => commands::init(&ctx),
        Command::Demo { as_of } => commands::demo(&ctx, as_of),
        Command::Registry { partnership, as_of } => commands::registry(&ctx, partnership, as_of),
        Command::Report(ReportCommand::Monitoring {
            period,
            partnership,
        }) => commands::monitoring(&ctx, &period, partnership),
        Command::Report(ReportCommand::Overdue { as_of }) => commands::overdue(&ctx, as_of),
        Command::Replay => commands::replay(&ctx),
        Command::Verify { anchor } => commands::verify(&ctx, &anchor),
        Command::Anchor => commands::anchor(&ctx),
        Command::Events(EventsCommand::Export {
            format: _,
            output,
            force,
        }) => commands::events_export(&ctx, output, force),
        Command::Events(EventsCommand::Import { file, skip_invalid }) => {
            commands::events_import(&ctx, &file, skip_invalid)
        }
        Command::Basket(BasketCommand::Export {
            file,
            format,
            partnership,
            force,
        }) => {
            use kooperacje_cli::sheet::Format;
            let (sheet, hsds) = match format {
                None => (None, false),
                Some(BasketFormat::Hsds) => (None, true),
                Some(BasketFormat::Xlsx) => (Some(Format::Xlsx), false),
                Some(BasketFormat::Csv) => (Some(Format::Csv), false),
                Some(BasketFormat::Json) => (Some(Format::Json), false),
            };
            commands::basket_export(&ctx, &file, sheet, hsds, partnership, force)
        }
        Command::Basket(BasketCommand::Import {
            file,
            partnership,
            skip_invalid,
            actor,
        }) => commands::basket_import(&ctx, &file, partnership, skip_invalid, &actor),
        Command::Basket(BasketCommand::Search {
            search,
            partnership,
        }) => commands::basket_search(&ctx, &search, partnership),
        Command::Person(PersonCommand::Show { id }) => commands::person_show(&ctx, &id),
        Command::Person(PersonCommand::Erase { id, pseudonym }) => {
            commands::person_erase(&ctx, &id, pseudonym.as_deref())
        }
        Command::Note(NoteCommand::Erase { id }) => commands::note_erase(&ctx, &id),
        Command::Exec { log } => {
            // The database and a log are two places to store in: naming both is a mistake (the
            // database's default, or KOOPERACJE_DB in the environment, is not naming it).
            let db_given = matches.value_source("db") == Some(ValueSource::CommandLine);
            if log.is_some() && db_given {
                return ctx.finish(Err(failure::Failure::Usage {
                    en: "exec stores in the database (--db) or in an event log (--log), not both"
                        .into(),
                    pl: "exec zapisuje w bazie (--db) albo w dzienniku zdarzeń (--log), nie w obu"
                        .into(),
                }));
            }
            return exec::exec(
                &ctx,
                log.as_deref(),
                std::io::stdin().lock(),
                std::io::stdout(),
            );
        }
    };
    ctx.finish(result)
}

#[cfg(test)]
mod tests {
    /// clap checks a definition (unique names and groups, valid defaults) only when a command is
    /// parsed: this checks every subcommand's at once, so a clash fails here, not in a user's hands.
    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
