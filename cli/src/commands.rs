//! The subcommands. Each opens the store, asks the core, and returns an [`Output`] with a text
//! and a JSON form; `main` picks one and maps failures to exit codes.

use crate::failure::Failure;
use crate::Global;
use chrono::{DateTime, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use kooperacje::basket::BasketQuery;
use kooperacje::monitoring::Period;
use kooperacje::{
    reports, ActorId, Area, BasketHit, ClientKind, CommandEnvelope, Labelled, Lang, Ministry,
    Partnership, PartnershipId, Sector, State, ValidationError,
};
use kooperacje_cli::i18n::{self, tr};
use kooperacje_cli::sheet::{self, Format, RowError};
use kooperacje_cli::{escape, render, story};
use kooperacje_formats::{Export, Imported, Report};
use kooperacje_store::{
    Anchor, Batch, ChainKey, Loaded, OpenOptions, PersonEntry, Store, StoreError,
};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// What a successful command prints.
pub struct Output {
    text: String,
    json: serde_json::Value,
}

/// The options every command shares.
pub struct Ctx {
    db: PathBuf,
    lang: Lang,
    json: bool,
    lock_timeout: Duration,
    chain_key_file: Option<PathBuf>,
}

type Result<T> = std::result::Result<T, Failure>;

impl Ctx {
    /// From the global options.
    pub fn new(g: &Global) -> Ctx {
        Ctx {
            db: g.db.clone(),
            lang: g.lang.into(),
            json: g.json,
            lock_timeout: Duration::from_millis(g.lock_timeout),
            chain_key_file: g
                .chain_key_file
                .clone()
                .filter(|p| !p.as_os_str().is_empty()),
        }
    }

    /// A count with its noun, in the run's language (`5 zdarzeń`, `1 234 zdarzenia`).
    fn n(&self, n: impl TryInto<u64>, noun: i18n::Noun) -> String {
        i18n::count(self.lang, n.try_into().unwrap_or(u64::MAX), noun)
    }

    fn t(&self, pl: &str, en: &str) -> String {
        match self.lang {
            Lang::Pl => pl.to_owned(),
            Lang::En => en.to_owned(),
        }
    }

    /// Opens the database to write (and with `create`, creates it).
    pub(crate) fn open(&self, create: bool) -> Result<Store> {
        Ok(Store::open(
            &self.db,
            &OpenOptions {
                create,
                busy_timeout: self.lock_timeout,
                chain_key: self.chain_key()?,
                ..OpenOptions::default()
            },
        )?)
    }

    /// Opens the database only to read: never created, migrated or written; an empty file is
    /// `STORE_EMPTY`, not an empty log.
    fn open_read(&self) -> Result<Store> {
        Ok(Store::open(
            &self.db,
            &OpenOptions {
                busy_timeout: self.lock_timeout,
                chain_key: self.chain_key()?,
                ..OpenOptions::for_reading()
            },
        )?)
    }

    fn chain_key(&self) -> Result<Option<ChainKey>> {
        Ok(self
            .chain_key_file
            .as_deref()
            .map(ChainKey::from_file)
            .transpose()?)
    }

    /// The cheap look at the head before a replay or a report (no walk): warnings on standard
    /// error in text mode, and as the `warnings` list of the JSON.
    fn head_warnings(&self, store: &Store) -> Result<serde_json::Value> {
        let warnings = store.check_head()?;
        if !self.json {
            for w in &warnings {
                eprintln!(
                    "{}: [{}] {}",
                    self.t("ostrzeżenie", "warning"),
                    w.code(),
                    w.message(self.lang)
                );
            }
        }
        Ok(warnings.iter().map(|w| w.to_json()).collect())
    }

    /// A progress bar on standard error, drawn only for a person at a terminal: `total` steps
    /// from the start (the store reports its progress only every 65 536 events, so a bar that
    /// waited for its first report sat at 0/0), the numbers as the language writes them
    /// (1 234 567), in colour unless `NO_COLOR` is set.
    fn bar(&self, pl: &str, en: &str, total: u64) -> ProgressBar {
        if self.json || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(total);
        let lang = self.lang;
        let template = if i18n::colour(true) {
            "{msg} [{bar:40.cyan/blue}] {done}/{total} ({rate}, {eta})"
        } else {
            "{msg} [{bar:40}] {done}/{total} ({rate}, {eta})"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            let style = style
                .with_key(
                    "done",
                    move |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = w.write_str(&i18n::number(lang, s.pos()));
                    },
                )
                .with_key(
                    "total",
                    move |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = w.write_str(&i18n::number(lang, s.len().unwrap_or(0)));
                    },
                )
                .with_key(
                    "rate",
                    move |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let rate = s.per_sec();
                        let rate = if rate.is_finite() {
                            rate.round() as u64
                        } else {
                            0
                        };
                        let _ = write!(w, "{}/s", i18n::number(lang, rate));
                    },
                );
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(self.t(pl, en));
        bar
    }

    pub(crate) fn load(&self, store: &Store) -> Result<Loaded> {
        let bar = self.bar("Odtwarzanie stanu", "Rebuilding the state", store.head()?);
        let loaded = store.load(|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })?;
        bar.finish_and_clear();
        Ok(loaded)
    }

    /// Prints the outcome and gives the exit code. Text for a person is printed with its control
    /// characters escaped, whatever command made it (values with line feeds are escaped where
    /// they are put into a message; the lines the CLI makes stay), JSON with them as JSON escapes.
    /// A closed standard output or error (`| head`) loses the message, not the exit code.
    pub fn finish(&self, result: Result<Output>) -> ExitCode {
        let json = |value: &serde_json::Value| escape::json(&format!("{value:#}")).into_owned();
        match result {
            Ok(out) => {
                let mut stdout = std::io::stdout().lock();
                let _ = if self.json && !out.json.is_null() {
                    writeln!(stdout, "{}", json(&out.json))
                } else {
                    write!(stdout, "{}", escape::controls_keeping_lines(&out.text))
                };
                ExitCode::SUCCESS
            }
            Err(f) => {
                let _ = if self.json {
                    writeln!(std::io::stdout().lock(), "{}", json(&f.to_json()))
                } else {
                    write!(
                        std::io::stderr().lock(),
                        "{}",
                        escape::controls_keeping_lines(&f.render(self.lang))
                    )
                };
                ExitCode::from(f.exit_code())
            }
        }
    }
}

/// A command of the CLI's own (the demo's story, a basket import's changes) with the id derived
/// from it: the CLI has no ids of its own to give, and a derived one still makes a retried append
/// recognisable (see `kooperacje_store::idempotency`).
fn with_derived_id(cmd: CommandEnvelope) -> CommandEnvelope {
    CommandEnvelope {
        command_id: Some(kooperacje_store::derive_command_id(&cmd)),
        ..cmd
    }
}

/// Bytes written to standard output as they are (a completion script, a man page): not text for
/// a person, whose control characters would be escaped.
pub fn write_stdout(bytes: &[u8]) -> Result<Output> {
    std::io::stdout()
        .lock()
        .write_all(bytes)
        .map_err(|e| Failure::Write(e.to_string()))?;
    Ok(Output {
        text: String::new(),
        json: serde_json::Value::Null,
    })
}

fn usage(en: String, pl: String) -> Failure {
    Failure::Usage { en, pl }
}

/// The PZK a command is about: the one named, or the only one there is.
fn partnership(state: &State, named: Option<String>) -> Result<&Partnership> {
    if let Some(id) = named {
        return state
            .partnerships
            .get(&PartnershipId::new(id.clone()))
            .ok_or_else(|| {
                Failure::Domain(
                    ValidationError::not_found(kooperacje::Entity::Partnership, &id).into(),
                )
            });
    }
    let mut all = state.partnerships.values();
    match (all.next(), all.next()) {
        (Some(p), None) => Ok(p),
        (None, _) => Err(Failure::Domain(
            ValidationError::not_found(kooperacje::Entity::Partnership, "*").into(),
        )),
        (Some(_), Some(_)) => {
            let ids: Vec<&str> = state.partnerships.keys().map(|k| k.as_str()).collect();
            Err(usage(
                format!(
                    "the database holds several PZKs; choose one with --partnership ({})",
                    ids.join(", ")
                ),
                format!(
                    "w bazie jest kilka PZK; wybierz jedno opcją --partnership ({})",
                    ids.join(", ")
                ),
            ))
        }
    }
}

/// `init`.
pub fn init(ctx: &Ctx) -> Result<Output> {
    let store = ctx.open(true)?;
    // Whether this run made the database (not whether the file was there): of several `init`s
    // at once on a new path exactly one did, and an empty file is made a database too.
    let existed = !store.created();
    let version = store.schema_version()?;
    let events = store.head()?;
    let text = if existed {
        let events = ctx.n(events, i18n::EVENTS);
        ctx.t(
            &format!(
                "Baza {} już istnieje (schemat {version}, {events}).\n",
                ctx.db.display()
            ),
            &format!(
                "Database {} already exists (schema {version}, {events}).\n",
                ctx.db.display()
            ),
        )
    } else {
        ctx.t(
            &format!("Utworzono bazę {} (schemat {version}).\n", ctx.db.display()),
            &format!(
                "Created database {} (schema {version}).\n",
                ctx.db.display()
            ),
        )
    };
    let keyed_from = store.keyed_from()?;
    let mut text = text;
    if let Some(from) = keyed_from {
        text.push_str(&ctx.t(
            &format!("Dziennik jest chroniony kluczem łańcucha od zdarzenia nr {from}.\n"),
            &format!("The log is keyed with the chain key from event #{from} on.\n"),
        ));
    }
    Ok(Output {
        text,
        json: json!({"ok": true, "db": ctx.db, "created": !existed, "schema_version": version,
                     "events": events, "keyed_from": keyed_from}),
    })
}

/// `demo`: the story, persisted, then the three reports.
pub fn demo(ctx: &Ctx, as_of: Option<NaiveDate>) -> Result<Output> {
    let mut store = ctx.open(true)?;
    let mut loaded = ctx.load(&store)?;
    let pid = PartnershipId::from(story::PARTNERSHIP);
    let stored = if loaded.state.partnerships.contains_key(&pid) {
        0
    } else {
        let mut batch = Batch::new(&loaded);
        let commands: Vec<CommandEnvelope> =
            story::commands().into_iter().map(with_derived_id).collect();
        for cmd in &commands {
            batch.execute(cmd)?;
        }
        let n = batch.events().len();
        store.commit(&mut loaded, batch)?;
        let at = commands.last().map(|c| c.at).unwrap_or_default();
        for person in story::people() {
            store.put_person(&person, at)?;
        }
        n
    };
    let as_of = as_of.unwrap_or_else(story::default_as_of);
    let state = &loaded.state;
    let registry = reports::registry(state, &pid, None);
    let indicators = reports::indicators(state, &pid, as_of);
    let overdue = reports::overdue(state, as_of);
    let mut text = if stored > 0 {
        ctx.t(
            &format!(
                "Zapisano {} w bazie {}.\n",
                ctx.n(stored, i18n::EVENTS),
                ctx.db.display()
            ),
            &format!(
                "Stored {} in {}.\n",
                ctx.n(stored, i18n::EVENTS),
                ctx.db.display()
            ),
        )
    } else {
        ctx.t(
            &format!(
                "Historia demonstracyjna jest już w bazie {}; nic nie dopisano.\n",
                ctx.db.display()
            ),
            &format!(
                "The demo story is already in {}; nothing was added.\n",
                ctx.db.display()
            ),
        )
    };
    let name = state
        .partnerships
        .get(&pid)
        .map(|p| p.name.as_str())
        .unwrap_or_default();
    render::registry(&mut text, ctx.lang, &registry);
    if let Some(i) = &indicators {
        render::indicators(&mut text, ctx.lang, name, i);
    }
    render::overdue(&mut text, ctx.lang, state, as_of, &overdue);
    Ok(Output {
        text,
        json: json!({
            "ok": true,
            "db": ctx.db,
            "stored_events": stored,
            "events": loaded.head,
            "partnership_id": pid,
            "as_of": as_of,
            "registry": registry,
            "indicators": indicators,
            "overdue": overdue,
        }),
    })
}

/// `registry`.
pub fn registry(ctx: &Ctx, named: Option<String>, as_of: Option<NaiveDate>) -> Result<Output> {
    let store = ctx.open_read()?;
    let warnings = ctx.head_warnings(&store)?;
    let loaded = ctx.load(&store)?;
    let p = partnership(&loaded.state, named)?;
    let rows = reports::registry(&loaded.state, &p.id, as_of);
    let mut text = String::new();
    render::registry(&mut text, ctx.lang, &rows);
    Ok(Output {
        text,
        json: json!({"ok": true, "partnership_id": p.id, "registry": rows, "warnings": warnings}),
    })
}

/// `report monitoring`.
pub fn monitoring(ctx: &Ctx, period: &str, named: Option<String>) -> Result<Output> {
    // Read once, as every host reads a report month: a bad one is the core's BAD_PERIOD.
    let period = Period::parse(period).map_err(kooperacje::Error::from)?;
    let store = ctx.open_read()?;
    let warnings = ctx.head_warnings(&store)?;
    let loaded = ctx.load(&store)?;
    let p = partnership(&loaded.state, named)?;
    let rows = reports::monitoring(&loaded.state, &p.id, &period);
    let mut text = String::new();
    render::monitoring(&mut text, ctx.lang, &loaded.state, &period.0, &rows);
    Ok(Output {
        text,
        json: json!({"ok": true, "partnership_id": p.id, "period": period, "rows": rows,
                     "warnings": warnings}),
    })
}

/// `report overdue`.
pub fn overdue(ctx: &Ctx, as_of: Option<NaiveDate>) -> Result<Output> {
    let as_of = as_of.unwrap_or_else(|| Utc::now().date_naive());
    let store = ctx.open_read()?;
    let warnings = ctx.head_warnings(&store)?;
    let loaded = ctx.load(&store)?;
    let items = reports::overdue(&loaded.state, as_of);
    let mut text = String::new();
    render::overdue(&mut text, ctx.lang, &loaded.state, as_of, &items);
    Ok(Output {
        text,
        json: json!({"ok": true, "as_of": as_of, "overdue": items, "warnings": warnings}),
    })
}

/// `replay`.
pub fn replay(ctx: &Ctx) -> Result<Output> {
    let store = ctx.open_read()?;
    let warnings = ctx.head_warnings(&store)?;
    let started = Instant::now();
    let loaded = ctx.load(&store)?;
    let seconds = started.elapsed().as_secs_f64();
    let s = &loaded.state;
    let services: usize = s
        .partnerships
        .values()
        .map(|p| p.basket.services.len())
        .sum();
    let rate = if seconds > 0.0 {
        loaded.head as f64 / seconds
    } else {
        0.0
    };
    let mut text = String::new();
    render::summary(
        &mut text,
        &ctx.t(
            "Odtworzenie stanu z bazy",
            "State rebuilt from the database",
        ),
        &[
            (
                &ctx.t("Zdarzenia", "Events"),
                i18n::number(ctx.lang, loaded.head),
            ),
            (
                &ctx.t("Partnerstwa (PZK)", "Partnerships (PZK)"),
                i18n::number(ctx.lang, s.partnerships.len() as u64),
            ),
            (
                &ctx.t("Zespoły (ZZK)", "Teams (ZZK)"),
                i18n::number(ctx.lang, s.zzks.len() as u64),
            ),
            (
                &ctx.t("Usługi w koszykach", "Basket services"),
                i18n::number(ctx.lang, services as u64),
            ),
            (
                &ctx.t("Czas", "Time"),
                match ctx.lang {
                    Lang::Pl => format!("{seconds:.3} s").replace('.', ","),
                    Lang::En => format!("{seconds:.3} s"),
                },
            ),
            (
                &ctx.t("Zdarzeń na sekundę", "Events per second"),
                i18n::number(ctx.lang, rate.round() as u64),
            ),
        ],
    );
    Ok(Output {
        text,
        json: json!({
            "ok": true, "events": loaded.head, "partnerships": s.partnerships.len(),
            "zzks": s.zzks.len(), "services": services, "seconds": seconds,
            "events_per_second": rate, "warnings": warnings,
        }),
    })
}

/// `verify`, with `--anchor`s: the whole chain (with the chain key, its keyed part too), and
/// that the log still passes through every anchor given.
pub fn verify(ctx: &Ctx, anchor_args: &[String]) -> Result<Output> {
    let anchors = anchors_from(anchor_args)?;
    let store = ctx.open_read()?;
    let v = verified(ctx, &store, &anchors)?;
    let mut text = ctx.t(
        &format!(
            "Łańcuch skrótów nienaruszony: {}.\nSkrót ostatniego: {}\n",
            ctx.n(v.events, i18n::EVENTS),
            v.head_hash
        ),
        &format!(
            "Hash chain intact: {}.\nLast hash: {}\n",
            ctx.n(v.events, i18n::EVENTS),
            v.head_hash
        ),
    );
    if let Some(from) = v.keyed_from {
        text.push_str(&ctx.t(
            &format!("Zdarzenia od nr {from} sprawdzono kluczem łańcucha.\n"),
            &format!("Events from #{from} on were checked with the chain key.\n"),
        ));
    }
    for a in &v.anchors {
        text.push_str(&ctx.t(
            &format!("Dziennik przedłuża kotwicę {a}.\n"),
            &format!("The log extends the anchor {a}.\n"),
        ));
    }
    Ok(Output {
        text,
        json: json!({"ok": true, "verification": v}),
    })
}

/// The walk, with a progress bar; a broken link, a missed anchor or a keyed part left unchecked
/// (no key) is a failure.
fn verified(
    ctx: &Ctx,
    store: &Store,
    anchors: &[Anchor],
) -> Result<kooperacje_store::Verification> {
    let bar = ctx.bar("Sprawdzanie łańcucha", "Checking the chain", store.head()?);
    let v = store.verify_anchored(anchors, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    if v.broken.is_some() {
        return Err(Failure::Broken(Box::new(v)));
    }
    if !v.ok() {
        return Err(Failure::Unverified(Box::new(v)));
    }
    Ok(v)
}

/// The anchors of `--anchor`: each an anchor's text, or a file with anchors in it.
fn anchors_from(args: &[String]) -> Result<Vec<Anchor>> {
    let mut out = Vec::new();
    for arg in args {
        if let Some(a) = Anchor::parse(arg) {
            out.push(a);
            continue;
        }
        let path = Path::new(arg);
        if !path.is_file() {
            return Err(usage(
                format!("--anchor: \"{arg}\" is neither an anchor (kooperacje-anchor:v1:SEQ:HASH, or a hash) nor a file"),
                format!("--anchor: „{arg}” nie jest ani kotwicą (kooperacje-anchor:v1:NR:SKRÓT albo skrót), ani plikiem"),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Failure::Write(e.to_string()))?;
        let text = String::from_utf8_lossy(&bytes);
        let found = match Anchor::find_all(&text) {
            found if found.is_empty() => Anchor::parse(&text).into_iter().collect(),
            found => found,
        };
        if found.is_empty() {
            return Err(usage(
                format!("--anchor: no kooperacje anchor in {}", path.display()),
                format!(
                    "--anchor: w pliku {} nie ma kotwicy kooperacje",
                    path.display()
                ),
            ));
        }
        out.extend(found);
    }
    Ok(out)
}

/// `anchor`: verifies the log (an anchor of a changed log would vouch for the change), then
/// prints its head as one line, alone on standard output, so it can be appended to a file.
pub fn anchor(ctx: &Ctx) -> Result<Output> {
    let store = ctx.open_read()?;
    let v = verified(ctx, &store, &[])?;
    let anchor = store.anchor()?;
    Ok(Output {
        text: format!("{anchor}\n"),
        json: json!({"ok": true, "anchor": anchor, "seq": anchor.seq,
                     "hash": kooperacje_store::chain::hex(&anchor.hash), "verification": v}),
    })
}

/// Refuses to write an output file that is the database (or its `-wal`, `-shm` or `-journal`)
/// under any name — the same canonical path, or on Unix the same file through a hard link — and,
/// without `--force`, one that is an SQLite database: an export must never destroy a database.
/// The output may not exist yet: then its directory is made canonical and its name joined.
fn check_output(ctx: &Ctx, out: &Path, force: bool) -> Result<()> {
    let target = canonical(out);
    let db = canonical(&ctx.db);
    let is_db = ["", "-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        let p = PathBuf::from(p);
        p == target || same_file(&p, out)
    });
    if is_db {
        return Err(usage(
            format!(
                "refusing to write {}: it is the database {} (or its -wal/-shm file); choose another output file",
                out.display(),
                ctx.db.display()
            ),
            format!(
                "odmowa zapisu do {}: to baza danych {} (albo jej plik -wal/-shm); wybierz inny plik wyjściowy",
                out.display(),
                ctx.db.display()
            ),
        ));
    }
    if !force && is_sqlite(out) {
        return Err(usage(
            format!(
                "refusing to overwrite {}: it is an SQLite database; choose another file, or add --force to overwrite it",
                out.display()
            ),
            format!(
                "odmowa nadpisania {}: to baza danych SQLite; wybierz inny plik albo dodaj --force, aby go nadpisać",
                out.display()
            ),
        ));
    }
    Ok(())
}

/// The canonical path, or for a file not there yet its directory's canonical path and its name.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_owned()),
    }
}

/// Whether two paths are one existing file (a hard link is another name for it).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Whether a file starts with SQLite's header.
fn is_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|_| &head == b"SQLite format 3\0")
}

/// `events export`.
pub fn events_export(ctx: &Ctx, output: Option<PathBuf>, force: bool) -> Result<Output> {
    if let Some(path) = &output {
        check_output(ctx, path, force)?;
    }
    let store = ctx.open_read()?;
    let mut count = 0u64;
    let write_all = |w: &mut dyn Write, count: &mut u64| -> Result<()> {
        store.for_each_body(|_, body| {
            *count += 1;
            writeln!(w, "{body}").map_err(|e| StoreError::Io(e.to_string()))
        })?;
        w.flush().map_err(|e| Failure::Write(e.to_string()))
    };
    match &output {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write_all(&mut out, &mut count)?;
            // The events are the output; nothing else goes to standard output.
            return Ok(Output {
                text: String::new(),
                json: serde_json::Value::Null,
            });
        }
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| Failure::Write(e.to_string()))?;
            let mut out = std::io::BufWriter::new(file);
            write_all(&mut out, &mut count)?;
        }
    }
    let path = output.unwrap_or_default();
    Ok(Output {
        text: ctx.t(
            &format!(
                "Zapisano {} w {}.\n",
                ctx.n(count, i18n::EVENTS),
                path.display()
            ),
            &format!(
                "Wrote {} to {}.\n",
                ctx.n(count, i18n::EVENTS),
                path.display()
            ),
        ),
        json: json!({"ok": true, "events": count, "file": path}),
    })
}

fn input_file(path: &Path) -> Result<()> {
    if path.is_file() {
        Ok(())
    } else {
        Err(usage(
            format!("no such file: {}", path.display()),
            format!("nie ma pliku {}", path.display()),
        ))
    }
}

/// `events import`.
pub fn events_import(ctx: &Ctx, file: &Path, skip_invalid: bool) -> Result<Output> {
    input_file(file)?;
    let text = std::fs::read(file).map_err(|e| Failure::Write(e.to_string()))?;
    let text = String::from_utf8(text).map_err(|_| {
        Failure::File(sheet::FileError {
            message: "the file is not UTF-8 text".into(),
            message_pl: "plik nie jest tekstem w kodowaniu UTF-8".into(),
        })
    })?;
    let mut store = ctx.open(true)?;
    let mut loaded = ctx.load(&store)?;
    let mut batch = Batch::new(&loaded);
    let mut errors = Vec::new();
    // Events already in the database (an import repeated, a line repeated) are not added again.
    let mut already = 0usize;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let outcome = State::decode_event(line)
            .map_err(kooperacje_store::StoreError::from)
            .and_then(|e| batch.admit_new(&store, e));
        match outcome {
            Ok(true) => {}
            Ok(false) => already += 1,
            Err(e) => errors.push(RowError {
                row: i + 1,
                code: e.code().into(),
                message: e.message(Lang::En),
                message_pl: e.message_pl(),
            }),
        }
    }
    if !errors.is_empty() && !skip_invalid {
        return Err(Failure::Rows { errors });
    }
    let imported = batch.events().len();
    if imported > 0 {
        store.commit(&mut loaded, batch)?;
    }
    let mut out = imported_output(
        ctx,
        ctx.n(imported, i18n::EVENTS),
        &errors,
        json!({"events": imported, "already_present": already}),
    );
    if already > 0 {
        out.text.push_str(&ctx.t(
            &format!(
                "Pominięto zdarzenia, które już są w bazie: {}.\n",
                i18n::number(ctx.lang, already as u64)
            ),
            &format!(
                "Skipped {} already in the database.\n",
                ctx.n(already, i18n::EVENTS)
            ),
        ));
    }
    Ok(out)
}

/// What an import says: `what` imported (a count with its noun), and each row skipped.
fn imported_output(
    ctx: &Ctx,
    what: String,
    skipped: &[RowError],
    mut json: serde_json::Value,
) -> Output {
    let mut text = ctx.t(
        &format!("Zaimportowano: {what}.\n"),
        &format!("Imported {what}.\n"),
    );
    if !skipped.is_empty() {
        let rows = ctx.n(skipped.len(), i18n::ROWS);
        text.push_str(&ctx.t(
            &format!("Pominięto błędne wiersze ({rows}):\n"),
            &format!(
                "Skipped {} invalid {}:\n",
                skipped.len(),
                i18n::noun_for(ctx.lang, skipped.len() as u64, i18n::ROWS)
            ),
        ));
        for e in skipped {
            text.push_str(&format!(
                "  {} {}: [{}] {}\n",
                ctx.t("wiersz", "row"),
                e.row,
                e.code,
                escape::controls(e.message(ctx.lang))
            ));
        }
    }
    json["ok"] = json!(true);
    json["skipped"] = json!(skipped);
    Output { text, json }
}

fn sheet_format(path: &Path, given: Option<Format>) -> Result<Format> {
    given.or_else(|| Format::from_path(path)).ok_or_else(|| {
        usage(
            format!(
                "cannot tell the format of {}: use .xlsx, .csv or .json (or --format)",
                path.display()
            ),
            format!(
                "nie wiadomo, jaki format ma {}: użyj .xlsx, .csv lub .json (albo --format)",
                path.display()
            ),
        )
    })
}

/// `basket export`.
pub fn basket_export(
    ctx: &Ctx,
    file: &Path,
    format: Option<Format>,
    as_hsds: bool,
    named: Option<String>,
    force: bool,
) -> Result<Output> {
    let format = if as_hsds {
        None
    } else {
        Some(sheet_format(file, format)?)
    };
    check_output(ctx, file, force)?;
    let store = ctx.open_read()?;
    let loaded = ctx.load(&store)?;
    let p = partnership(&loaded.state, named)?;
    let what = format.map_or(Export::Hsds, Export::Sheet);
    let bytes = kooperacje_formats::export(p, what).map_err(Failure::Write)?;
    std::fs::write(file, bytes).map_err(|e| Failure::Write(e.to_string()))?;
    let n = p.basket.services.len();
    Ok(Output {
        text: ctx.t(
            &format!(
                "Zapisano koszyk {} ({}) w {}.\n",
                p.id,
                ctx.n(n, i18n::SERVICES),
                file.display()
            ),
            &format!(
                "Wrote the basket of {} ({}) to {}.\n",
                p.id,
                ctx.n(n, i18n::SERVICES),
                file.display()
            ),
        ),
        json: json!({"ok": true, "partnership_id": p.id, "services": n, "file": file,
                     "format": if as_hsds { "hsds" } else { "sheet" }}),
    })
}

/// The conditions of `basket search` as typed: each value of a closed list named by its code or
/// its Polish or English name.
#[derive(clap::Args)]
pub struct SearchConditions {
    /// Words that must all occur in the service.
    #[arg(value_name = tr("SŁOWA", "WORDS"), help = tr(
        "Słowa, które muszą wystąpić w nazwie usługi, jej opisie, warunkach dostępu, \
         składnikach albo nazwie realizatora spoza partnerstwa (wielkość liter i polskie \
         znaki nie mają znaczenia).",
        "Words that must all occur in the service's name, description, access conditions, \
         components or outside provider's name (case and Polish letters do not matter)."
    ))]
    pub text: Vec<String>,
    /// The area of support.
    #[arg(long, value_name = tr("OBSZAR", "AREA"), help = tr(
        "Obszar wsparcia (np. „edukacja i wychowanie”, education).",
        "The area of support (e.g. \"edukacja i wychowanie\", education)."
    ))]
    pub area: Option<String>,
    /// Who the service is for.
    #[arg(long, value_name = tr("ODBIORCA", "CLIENT"), help = tr(
        "Dla kogo jest usługa (np. rodzina, family).",
        "Who the service is for (e.g. rodzina, family)."
    ))]
    pub target: Option<String>,
    /// The age of the person served.
    #[arg(long, value_name = tr("WIEK", "AGE"), help = tr(
        "Wiek osoby, której usługa ma służyć.",
        "The age of the person served."
    ))]
    pub age: Option<u8>,
    /// The provider's ministry.
    #[arg(long, value_name = tr("RESORT", "MINISTRY"), help = tr(
        "Resort realizatora.",
        "The provider's ministry."
    ))]
    pub ministry: Option<String>,
    /// The provider's sector.
    #[arg(long, value_name = tr("SEKTOR", "SECTOR"), help = tr(
        "Sektor realizatora.",
        "The provider's sector."
    ))]
    pub sector: Option<String>,
    /// Inactive services too.
    #[arg(long, help = tr(
        "Także usługi nieaktywne (zawieszone, wycofane).",
        "Services that are not active too (suspended, withdrawn)."
    ))]
    pub all: bool,
}

/// The value of a closed list an option names, or a usage error that lists the codes.
fn named<T: Labelled + Copy + std::fmt::Display>(
    all: &[T],
    option: &str,
    text: Option<&str>,
) -> Result<Option<T>> {
    let Some(text) = text else { return Ok(None) };
    kooperacje::labels::find(all, text)
        .map(Some)
        .ok_or_else(|| {
            let codes = all
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            usage(
                format!("--{option}: unknown value \"{text}\"; one of: {codes}"),
                format!("--{option}: nieznana wartość „{text}”; jedna z: {codes}"),
            )
        })
}

/// `basket search`.
pub fn basket_search(ctx: &Ctx, search: &SearchConditions, pzk: Option<String>) -> Result<Output> {
    let query = BasketQuery {
        text: (!search.text.is_empty()).then(|| search.text.join(" ")),
        area: named(Area::ALL, "area", search.area.as_deref())?,
        target: named(ClientKind::ALL, "target", search.target.as_deref())?,
        age: search.age,
        ministry: named(Ministry::ALL, "ministry", search.ministry.as_deref())?,
        sector: named(Sector::ALL, "sector", search.sector.as_deref())?,
        include_inactive: search.all,
    };
    let store = ctx.open_read()?;
    let warnings = ctx.head_warnings(&store)?;
    let loaded = ctx.load(&store)?;
    let p = partnership(&loaded.state, pzk)?;
    let hits = BasketHit::search(p, &query);
    let mut text = String::new();
    render::basket_hits(&mut text, ctx.lang, p, &hits);
    Ok(Output {
        text,
        json: json!({"ok": true, "partnership_id": p.id, "hits": hits, "warnings": warnings}),
    })
}

/// `basket import`.
pub fn basket_import(
    ctx: &Ctx,
    file: &Path,
    named: Option<String>,
    skip_invalid: bool,
    actor: &str,
) -> Result<Output> {
    input_file(file)?;
    let format = sheet_format(file, None)?;
    let raw = sheet::read(file, format).map_err(Failure::File)?;
    let mut store = ctx.open(false)?;
    let mut loaded = ctx.load(&store)?;
    let p = partnership(&loaded.state, named)?;
    let (rows, refused) = sheet::parse_sheet(p, &raw);
    let at: DateTime<Utc> = Utc::now().max(p.last_at);
    let reason = format!(
        "import: {}",
        file.file_name().and_then(|n| n.to_str()).unwrap_or("plik")
    );
    let Imported { report, events } =
        kooperacje_formats::reconcile(p, rows, refused, &reason, |command| {
            with_derived_id(CommandEnvelope {
                at,
                actor: ActorId::new(actor),
                command_id: None,
                command,
            })
        });
    if !report.skipped.is_empty() && !skip_invalid {
        return Err(Failure::Rows {
            errors: report.skipped,
        });
    }
    if !events.is_empty() {
        let mut batch = Batch::new(&loaded);
        for event in events {
            batch.admit(event)?;
        }
        store.commit(&mut loaded, batch)?;
    }
    let Report {
        partnership_id,
        added,
        revised,
        status_changed,
        unchanged,
        skipped,
    } = report;
    let mut out = imported_output(
        ctx,
        ctx.n(
            added + revised + status_changed,
            i18n::Noun {
                pl: ("zmiana w koszyku", "zmiany w koszyku", "zmian w koszyku"),
                en: ("basket change", "basket changes"),
            },
        ),
        &skipped,
        json!({"partnership_id": partnership_id, "added": added, "revised": revised,
               "status_changed": status_changed, "unchanged": unchanged}),
    );
    out.text.push_str(&ctx.t(
        &format!("  dodane: {added}, zmienione: {revised}, zmiana statusu: {status_changed}, bez zmian: {unchanged}\n"),
        &format!("  added: {added}, revised: {revised}, status changed: {status_changed}, unchanged: {unchanged}\n"),
    ));
    Ok(out)
}

/// `person show`.
pub fn person_show(ctx: &Ctx, id: &str) -> Result<Output> {
    let store = ctx.open_read()?;
    let entry = store.person(&id.into())?;
    let (state, record) = match entry {
        None => {
            return Err(Failure::Domain(
                ValidationError::not_found(kooperacje::Entity::Person, id).into(),
            ))
        }
        // The state's code (in JSON) and its words for a person (in text).
        Some(PersonEntry::Present(r)) => (("present", "zapisane", "present"), Some(r)),
        Some(PersonEntry::Pseudonymised(r)) => (
            ("pseudonymised", "spseudonimizowane", "pseudonymised"),
            Some(r),
        ),
        Some(PersonEntry::Erased) => (("erased", "usunięte", "erased"), None),
    };
    let text = match &record {
        Some(r) => {
            let mut text = String::new();
            render::summary(
                &mut text,
                &format!("{} {id}", ctx.t("Osoba", "Person")),
                &[
                    (&ctx.t("Imię", "Given name"), r.given_name.clone()),
                    (&ctx.t("Nazwisko", "Family name"), r.family_name.clone()),
                    (
                        &ctx.t("Rok urodzenia", "Year of birth"),
                        r.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                    ),
                    (
                        &ctx.t("Adres", "Address"),
                        r.address.clone().unwrap_or_default(),
                    ),
                    (&ctx.t("Stan danych", "State"), ctx.t(state.1, state.2)),
                ],
            );
            text
        }
        None => ctx.t(
            &format!("Dane osoby {id} zostały usunięte.\n"),
            &format!("The data of {id} was erased.\n"),
        ),
    };
    Ok(Output {
        text,
        json: json!({"ok": true, "id": id, "state": state.0, "record": record}),
    })
}

/// `person erase`.
///
/// Erasure cannot be undone: without `yes` the command asks on a terminal, and refuses (a usage
/// error, nothing erased) when its input is not one, so a script erases only when it says so.
pub fn person_erase(ctx: &Ctx, id: &str, pseudonym: Option<&str>, yes: bool) -> Result<Output> {
    if !yes && !confirmed(ctx, id, pseudonym)? {
        return Ok(Output {
            text: ctx.t(
                "Anulowano: niczego nie usunięto.\n",
                "Cancelled: nothing was erased.\n",
            ),
            json: json!({"ok": true, "id": id, "redaction": null, "cancelled": true}),
        });
    }
    let mut store = ctx.open(false)?;
    let done = store
        .erase_person(&id.into(), pseudonym, Utc::now())?
        .ok_or_else(|| {
            Failure::Domain(ValidationError::not_found(kooperacje::Entity::Person, id).into())
        })?;
    let (pl, en) = match done {
        kooperacje::person::Redaction::Erased => ("usunięto", "erased"),
        kooperacje::person::Redaction::Pseudonymised => ("spseudonimizowano", "pseudonymised"),
    };
    Ok(Output {
        text: ctx.t(
            &format!("Dane osoby {id}: {pl}. Dziennik zdarzeń pozostał nienaruszony.\n"),
            &format!("Data of {id}: {en}. The event log is untouched.\n"),
        ),
        json: json!({"ok": true, "id": id, "redaction": done}),
    })
}

/// Whether the person at the terminal confirms the erasure of `id` (`t`, `tak`, `y` or `yes`);
/// without a terminal to ask on, a usage error.
fn confirmed(ctx: &Ctx, id: &str, pseudonym: Option<&str>) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Err(usage(
            format!(
                "erasing the data of {id} cannot be undone: confirm it with --yes (the input is \
                 not a terminal, so the command cannot ask); nothing was erased"
            ),
            format!(
                "usunięcia danych osoby {id} nie można cofnąć: potwierdź je opcją --yes (wejście \
                 nie jest terminalem, więc polecenie nie może zapytać); niczego nie usunięto"
            ),
        ));
    }
    let question = match pseudonym {
        None => ctx.t(
            &format!("Usunąć nieodwracalnie dane osoby {id}? [t/N] "),
            &format!("Erase the data of {id} for good? [y/N] "),
        ),
        Some(p) => ctx.t(
            &format!(
                "Nieodwracalnie zastąpić dane osoby {id} pseudonimem „{p}” (PESEL, adres i \
                 telefon zostaną usunięte)? [t/N] "
            ),
            &format!(
                "Replace the data of {id} by the pseudonym \"{p}\" for good (PESEL, address and \
                 phone are dropped)? [y/N] "
            ),
        ),
    };
    let mut stderr = std::io::stderr().lock();
    let _ = write!(stderr, "{}", escape::controls(&question));
    let _ = stderr.flush();
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return Ok(false);
    }
    let answer = answer.trim().to_lowercase();
    Ok(["t", "tak", "y", "yes"].contains(&answer.as_str()))
}

/// `note erase`.
pub fn note_erase(ctx: &Ctx, id: &str) -> Result<Output> {
    let mut store = ctx.open(false)?;
    if !store.erase_note(&id.into(), Utc::now())? {
        return Err(Failure::Domain(
            ValidationError::not_found(kooperacje::Entity::Note, id).into(),
        ));
    }
    Ok(Output {
        text: ctx.t(
            &format!("Notatka {id}: usunięto. Dziennik zdarzeń pozostał nienaruszony.\n"),
            &format!("Note {id}: erased. The event log is untouched.\n"),
        ),
        json: json!({"ok": true, "id": id, "redaction": kooperacje::person::Redaction::Erased}),
    })
}
