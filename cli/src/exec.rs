//! `exec`: command envelopes as JSON lines on standard input, one JSON line answered per command,
//! for hosts that cannot load a native library (old Delphi or VB6 systems, shell scripts, any
//! language with pipes).
//!
//! Each command is decided and stored on its own, in order: a line that is not a command, or a
//! command the rules refuse, gets its error (code, kind, English and Polish messages, and the line
//! number) and changes nothing, and the next line is read as if it had not been there. Answers
//! are written and flushed one by one, so a host that writes a command and waits for its answer
//! can drive the process interactively through two pipes.
//!
//! Against the database (`--db`), each command goes through the store's own loop
//! ([`kooperacje_store::Store::execute`]: catch up, decide, append under the database lock;
//! idempotent for a command with an id). Against an event log (`--log FILE`), the log is loaded
//! into the core's host session all or none, and each accepted command's events are appended to
//! the file and synced before its answer is written: the file is never truncated or rewritten.
//!
//! The CLI decides nothing itself: the core decides, the store or the file keeps, and this module
//! only turns lines into commands and results into lines.

use crate::commands::Ctx;
use crate::failure::Failure;
use kooperacje::session::Session;
use kooperacje::{CommandEnvelope, Error, EventEnvelope};
use kooperacje_cli::escape;
use kooperacje_cli::sheet::FileError;
use kooperacje_store::{Loaded, Store};
use std::fs::File;
use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::ExitCode;

/// Where the commands' events go.
enum Target {
    /// The database, with the state loaded from it.
    Database(Box<(Store, Loaded)>),
    /// An event log (JSON lines) and the session loaded from it.
    Log(Box<Log>),
}

/// An event log open for appending, and the state of what it holds.
struct Log {
    file: File,
    session: Session,
    /// The file's last line has no line feed yet: the first event appended starts with one.
    unterminated: bool,
}

impl Log {
    /// Opens the log for appending (creating it when missing) and loads it, all or none.
    fn open(path: &Path) -> Result<Log, Failure> {
        let io = |e: std::io::Error| Failure::Write(format!("{}: {e}", path.display()));
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(io)?;
        let mut text = Vec::new();
        file.read_to_end(&mut text).map_err(io)?;
        let mut session = Session::new(false);
        session.load_jsonl_bytes(&text).map_err(|r| {
            let line = r.line.unwrap_or(0);
            Failure::File(FileError {
                message: format!("{}: line {line}: {}", path.display(), r.error),
                message_pl: format!(
                    "{}: wiersz {line}: {}",
                    path.display(),
                    r.error.message_pl()
                ),
            })
        })?;
        Ok(Log {
            file,
            session,
            unterminated: text.last().is_some_and(|b| *b != b'\n'),
        })
    }

    /// Decides the command, appends its events to the file (synced), then applies them. A refused
    /// command writes nothing; a write that fails, or events the state then does not take, are
    /// cut off the file again, leaving it and the state as they were.
    fn execute(&mut self, cmd: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Failure> {
        let events = self.session.decide(cmd)?;
        let mut lines = String::new();
        if self.unterminated {
            lines.push('\n');
        }
        for e in &events {
            lines.push_str(&serde_json::to_string(e).map_err(Error::from)?);
            lines.push('\n');
        }
        let before = self
            .file
            .metadata()
            .map_err(|e| Failure::Write(e.to_string()))?
            .len();
        let written = self
            .file
            .write_all(lines.as_bytes())
            .and_then(|()| self.file.sync_data());
        let applied = match written {
            Ok(()) => self
                .session
                .apply_all(events.clone())
                .map_err(|r| Failure::Domain(r.error)),
            Err(e) => Err(Failure::Write(e.to_string())),
        };
        if let Err(f) = applied {
            // A torn line would make the whole log unreadable: cut what this command wrote.
            let _ = self
                .file
                .set_len(before)
                .and_then(|()| self.file.sync_data());
            return Err(f);
        }
        self.unterminated = false;
        Ok(events)
    }
}

impl Target {
    fn execute(&mut self, cmd: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Failure> {
        match self {
            Target::Database(db) => {
                let (store, loaded) = &mut **db;
                Ok(store.execute(loaded, cmd)?)
            }
            Target::Log(log) => log.execute(cmd),
        }
    }
}

/// A command from one line of input.
fn command(line: &[u8]) -> Result<CommandEnvelope, Failure> {
    let text = std::str::from_utf8(line)
        .map_err(|e| Error::Json(format!("the line is not UTF-8 text: {e}")))?;
    Ok(serde_json::from_str(text).map_err(|e| Error::Json(format!("command: {e}")))?)
}

/// The events as the core serialises them: the canonical JSON `events export` writes and a host
/// stores, byte for byte.
fn canonical(events: &[EventEnvelope]) -> Result<Vec<String>, Failure> {
    events
        .iter()
        .map(|e| serde_json::to_string(e).map_err(|e| Failure::Domain(Error::from(e))))
        .collect()
}

/// One answer line, without its line feed: `{"ok":true,"line":N,"events":[…]}` with the events'
/// canonical JSON, or `{"ok":false,"line":N,"exit_code":C,"error":{…}}` with the error as every
/// `--json` error of the CLI has it. `line` is left out for a failure before any line was read.
fn answer(line: Option<usize>, result: &Result<Vec<String>, Failure>) -> String {
    let line = line.map(|n| format!("\"line\":{n},")).unwrap_or_default();
    match result {
        Ok(events) => format!("{{\"ok\":true,{line}\"events\":[{}]}}", events.join(",")),
        Err(f) => answer_failure(&line, f),
    }
}

fn answer_failure(line: &str, f: &Failure) -> String {
    let json = f.to_json();
    // The error's messages quote what users gave: control characters as JSON escapes.
    let error = escape::json(&json["error"].to_string()).into_owned();
    format!(
        "{{\"ok\":false,{line}\"exit_code\":{},\"error\":{error}}}",
        f.exit_code()
    )
}

/// Runs `exec`: reads `input` to its end and answers on `output`. The exit code is 0 when every
/// command was accepted, 1 when one was refused, 3 when the storage failed (the highest of
/// these); a target that cannot be opened is one error line and its own exit code.
pub fn exec(
    ctx: &Ctx,
    log: Option<&Path>,
    input: impl BufRead,
    mut output: impl Write,
) -> ExitCode {
    let target = match log {
        Some(path) => Log::open(path).map(|log| Target::Log(Box::new(log))),
        None => ctx
            .open(false)
            .and_then(|store| Ok((ctx.load(&store)?, store)))
            .map(|(loaded, store)| Target::Database(Box::new((store, loaded)))),
    };
    // Everything exec writes is a JSON line on standard output, a host's one channel, flushed at
    // once: so is a target that cannot be opened, without a line number (no command was read).
    let mut say = |text: String| writeln!(output, "{text}").and_then(|()| output.flush());
    let mut target = match target {
        Ok(t) => t,
        Err(f) => {
            let code = f.exit_code();
            let _ = say(answer(None, &Err(f)));
            return ExitCode::from(code);
        }
    };
    let mut worst = 0u8;
    for (i, line) in input.split(b'\n').enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                let f = Failure::Write(format!("standard input: {e}"));
                worst = worst.max(f.exit_code());
                let _ = say(answer(None, &Err(f)));
                break;
            }
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let result = command(&line)
            .and_then(|cmd| target.execute(&cmd))
            .and_then(|events| canonical(&events));
        if let Err(f) = &result {
            worst = worst.max(f.exit_code());
        }
        // A host that closed the pipe has stopped listening: stop too.
        if say(answer(Some(i + 1), &result)).is_err() {
            break;
        }
    }
    ExitCode::from(worst)
}
