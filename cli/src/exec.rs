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

use crate::commands::Ctx;
use crate::failure::Failure;
use kooperacje::session::Session;
use kooperacje::{CommandEnvelope, Error, EventEnvelope};
use kooperacje_cli::escape;
use kooperacje_cli::sheet::FileError;
use kooperacje_store::{Loaded, Store};
use serde_json::json;
use std::fs::File;
use std::io::{BufRead, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::ExitCode;

/// Where the commands' events go.
enum Target {
    /// The database, with the state loaded from it.
    Database(Box<(Store, Loaded)>),
    /// An event log (JSON lines) and the session loaded from it.
    Log { file: File, session: Box<Session> },
}

impl Target {
    fn execute(&mut self, cmd: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Failure> {
        match self {
            Target::Database(db) => {
                let (store, loaded) = &mut **db;
                Ok(store.execute(loaded, cmd)?)
            }
            Target::Log { file, session } => {
                // Decided first; the state changes only once the events are in the file.
                let events = session.decide(cmd)?;
                let mut lines = String::new();
                for e in &events {
                    lines.push_str(&serde_json::to_string(e).map_err(Error::from)?);
                    lines.push('\n');
                }
                let written = file
                    .metadata()
                    .map_err(|e| Failure::Write(e.to_string()))?
                    .len();
                let appended = file
                    .write_all(lines.as_bytes())
                    .and_then(|()| file.sync_data());
                if let Err(e) = appended {
                    // A torn line would make the whole log unreadable: cut what this command
                    // wrote, leaving the log as it was.
                    let _ = file.set_len(written);
                    return Err(Failure::Write(e.to_string()));
                }
                session.apply_all(events.clone()).map_err(|r| r.error)?;
                Ok(events)
            }
        }
    }
}

/// Opens the log for appending and loads it, all or none. A log whose last line has no line feed
/// gets one first, so the next event does not run into it.
fn open_log(path: &Path) -> Result<Target, Failure> {
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| Failure::Write(format!("{}: {e}", path.display())))?;
    let mut text = Vec::new();
    file.read_to_end(&mut text)
        .map_err(|e| Failure::Write(format!("{}: {e}", path.display())))?;
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
    if text.last().is_some_and(|b| *b != b'\n') {
        file.seek(SeekFrom::End(0))
            .and_then(|_| file.write_all(b"\n"))
            .map_err(|e| Failure::Write(e.to_string()))?;
    }
    Ok(Target::Log {
        file,
        session: Box::new(session),
    })
}

/// One answer: the command's events, or its error, with the number of its line.
fn answer(line: usize, result: &Result<Vec<EventEnvelope>, Failure>) -> serde_json::Value {
    match result {
        Ok(events) => json!({ "ok": true, "line": line, "events": events }),
        Err(f) => {
            let mut answer = f.to_json();
            answer["line"] = json!(line);
            answer
        }
    }
}

/// Runs `exec`: reads `input` to its end and answers on `output`. The exit code is 0 when every
/// command was accepted, 1 when one was refused, 3 when the storage failed (or the highest of
/// these); a target that cannot be opened is one error line and its own exit code.
pub fn exec(
    ctx: &Ctx,
    log: Option<&Path>,
    input: impl BufRead,
    mut output: impl Write,
) -> ExitCode {
    let target = match log {
        Some(path) => open_log(path),
        None => ctx
            .open(false)
            .and_then(|store| Ok((ctx.load(&store)?, store)))
            .map(|(loaded, store)| Target::Database(Box::new((store, loaded)))),
    };
    // Everything exec writes is a JSON line on standard output, a host's one channel: so is a
    // target that cannot be opened, without a line number (no command was read).
    let mut say = |value: &serde_json::Value| {
        let text = escape::json(&value.to_string()).into_owned();
        writeln!(output, "{text}").and_then(|()| output.flush())
    };
    let mut target = match target {
        Ok(t) => t,
        Err(f) => {
            let _ = say(&f.to_json());
            return ExitCode::from(f.exit_code());
        }
    };
    let mut worst = 0u8;
    for (i, line) in input.split(b'\n').enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                let f = Failure::Write(format!("standard input: {e}"));
                let _ = say(&f.to_json());
                return ExitCode::from(worst.max(f.exit_code()));
            }
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let result = std::str::from_utf8(&line)
            .map_err(|e| Error::Json(format!("the line is not UTF-8 text: {e}")))
            .and_then(|text| {
                serde_json::from_str::<CommandEnvelope>(text)
                    .map_err(|e| Error::Json(format!("command: {e}")))
            })
            .map_err(Failure::from)
            .and_then(|cmd| target.execute(&cmd));
        if let Err(f) = &result {
            worst = worst.max(f.exit_code());
        }
        // A host that closed the pipe has stopped listening: stop too.
        if say(&answer(i + 1, &result)).is_err() {
            break;
        }
    }
    ExitCode::from(worst)
}
