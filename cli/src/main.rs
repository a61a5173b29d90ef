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
mod usage;

use chrono::NaiveDate;
use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use kooperacje::Lang;
use kooperacje_cli::i18n::tr;
use std::path::PathBuf;
use std::process::ExitCode;

/// The command line. Every text of the help is declared with both its languages,
/// `tr("polski", "English")`, and chosen by `--lang` before clap builds the command (`usage.rs`
/// gives clap's own words and errors the same language).
#[derive(Parser)]
#[command(
    name = "kooperacje",
    version,
    about = tr(
        "Kooperacje 3D: partnerstwa (PZK), zespoły zadaniowe (ZZK), koszyk usług — baza zdarzeń, \
         raporty, import i eksport.",
        "Kooperacje 3D: partnerships (PZK), task teams (ZZK), the basket of services — an event \
         store, reports, import and export."
    )
)]
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
        default_value = "kooperacje.db",
        value_name = tr("PLIK", "FILE"),
        help = tr("Plik bazy danych.", "The database file.")
    )]
    pub db: PathBuf,
    /// Language of the output.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = LangArg::Pl,
        value_name = tr("JĘZYK", "LANG"),
        help = tr(
            "Język komunikatów i pomocy: polski (domyślnie) albo angielski.",
            "Language of the output and the help: Polish (default) or English."
        )
    )]
    pub lang: LangArg,
    /// JSON output.
    #[arg(
        long,
        global = true,
        help = tr(
            "Wypisuje jeden obiekt JSON na standardowe wyjście zamiast tekstu (także błędy).",
            "Print one JSON object on standard output instead of text (errors too)."
        )
    )]
    pub json: bool,
    /// The lock timeout in milliseconds.
    #[arg(
        long,
        global = true,
        env = "KOOPERACJE_LOCK_TIMEOUT",
        default_value_t = 5000,
        value_name = "MS",
        value_parser = clap::value_parser!(u64).range(0..=MAX_LOCK_TIMEOUT_MS),
        help = tr(
            "Jak długo czekać na blokadę bazy trzymaną przez inny proces, w milisekundach \
             (najwyżej 600000, dziesięć minut).",
            "How long to wait for another process's lock on the database, in milliseconds (at \
             most 600000, ten minutes)."
        )
    )]
    pub lock_timeout: u64,
    /// The chain key file.
    #[arg(
        long,
        global = true,
        env = "KOOPERACJE_CHAIN_KEY_FILE",
        value_name = tr("ŚCIEŻKA", "PATH"),
        help = tr(
            "Klucz łańcucha, trzymany poza bazą: plik z co najmniej 32 losowymi bajtami albo \
             z 64+ cyframi szesnastkowymi. Polecenia zapisujące wiążą nim nowe zdarzenia \
             (HMAC-SHA-256); sprawdzają go `verify` i kontrola głowy dziennika przy odtwarzaniu \
             i raportach.",
            "The chain key, kept outside the database: a file of at least 32 random bytes, or of \
             64+ hexadecimal digits. Commands that write link new events with HMAC-SHA-256 under \
             it (and key a log not keyed yet); `verify` and the head check of replays and \
             reports use it."
        )
    )]
    pub chain_key_file: Option<PathBuf>,
}

/// The longest `--lock-timeout`: ten minutes. SQLite takes at most `i32::MAX` milliseconds (the
/// store's `busy_timeout` panicked beyond that, exit 101 and no JSON); waiting longer than this
/// for another process is a hung process, not a busy one.
const MAX_LOCK_TIMEOUT_MS: u64 = 600_000;

#[derive(Subcommand)]
enum Command {
    #[command(about = tr(
        "Tworzy pustą bazę (albo opisuje istniejącą).",
        "Creates an empty database (or reports on an existing one)."
    ))]
    Init,
    #[command(about = tr(
        "Zapisuje w bazie historię PZK i trzech rodzin, potem wypisuje rejestr ZZK, wskaźniki \
         PZK i zaległości.",
        "Plays the story of a PZK and three families into the database, then prints the ZZK \
         registry, the PZK indicators and the overdue report."
    ))]
    Demo {
        #[arg(long, value_name = tr("RRRR-MM-DD", "YYYY-MM-DD"), help = tr(
            "Dzień raportu zaległości i wskaźników (domyślnie: koniec historii).",
            "Date of the overdue report and the indicators (default: the end of the story)."
        ))]
        as_of: Option<NaiveDate>,
    },
    #[command(about = tr("Rejestr ZZK partnerstwa (PZK).", "The ZZK registry (rejestr ZZK) of a PZK."))]
    Registry {
        #[arg(long, value_name = "PZK", help = HELP_PARTNERSHIP())]
        partnership: Option<String>,
        #[arg(long, value_name = tr("RRRR-MM-DD", "YYYY-MM-DD"), help = tr(
            "Dzień, na który pokazać rejestr (domyślnie: dzień ostatniego zdarzenia), tak by ZZK, \
             którego zgoda wygasła, był pokazany jako zawieszony.",
            "The date to show the registry on (default: the day of the latest event), so that a \
             ZZK whose consent has lapsed since shows as suspended."
        ))]
        as_of: Option<NaiveDate>,
    },
    #[command(subcommand, about = tr("Raporty.", "Reports."))]
    Report(ReportCommand),
    #[command(about = tr(
        "Odtwarza cały stan ze zdarzeń i mówi, co zawiera.",
        "Rebuilds the whole state from the events and says what it holds."
    ))]
    Replay,
    #[command(about = tr(
        "Sprawdza łańcuch skrótów dziennika zdarzeń i wskazuje pierwsze zerwane ogniwo.",
        "Walks the hash chain of the event log and names the first broken link."
    ))]
    Verify {
        #[arg(long, value_name = tr("PLIK|KOTWICA", "FILE|ANCHOR"), help = tr(
            "Sprawdza też, czy dziennik nadal przedłuża tę kotwicę: `kooperacje-anchor:v1:NR:SKRÓT` \
             (jak wypisuje ją `kooperacje anchor`), sam skrót albo plik (protokół, e-mail) \
             z kotwicami — sprawdzana jest każda. Można podać wiele razy.",
            "Also check that the log still extends this anchor: `kooperacje-anchor:v1:SEQ:HASH` \
             (as `kooperacje anchor` prints it), a bare hash, or a file (minutes, an e-mail) with \
             anchors in it — each is checked. May be given several times."
        ))]
        anchor: Vec<String>,
    },
    #[command(about = tr(
        "Sprawdza dziennik, potem wypisuje jego głowę (numer i skrót) w jednym wierszu do \
         złożenia gdzie indziej — np. w protokole spotkania PZK — by `verify --anchor` sprawdziło \
         ją później.",
        "Verifies the log, then prints its head (sequence number and hash) as one line for \
         filing elsewhere — in a PZK meeting's minutes, say — for `verify --anchor` to check later."
    ))]
    Anchor,
    #[command(subcommand, about = tr(
        "Zdarzenia: eksport i import w postaci JSON lines, w jakiej przechowują je systemy.",
        "Events: export and import in the JSON lines form host systems store."
    ))]
    Events(EventsCommand),
    #[command(subcommand, about = tr(
        "Lokalny koszyk usług: Excel, CSV, JSON i HSDS 3.0.",
        "The local basket of services (lokalny koszyk usług): Excel, CSV, JSON and HSDS 3.0."
    ))]
    Basket(BasketCommand),
    #[command(subcommand, about = tr(
        "Dane osobowe, przechowywane osobno od zdarzeń.",
        "Personal data, kept apart from the events."
    ))]
    Person(PersonCommand),
    #[command(subcommand, about = tr(
        "Notatki (teksty swobodne: opisy sytuacji, diagnozy, protokoły), przechowywane osobno \
         od zdarzeń.",
        "Notes (free texts: situation descriptions, diagnoses, minutes), kept apart from the events."
    ))]
    Note(NoteCommand),
    #[command(
        about = tr(
            "Wykonuje polecenia czytane jako JSON lines ze standardowego wejścia, na każde \
             odpowiadając jednym wierszem JSON: dla systemów, które nie mogą załadować biblioteki.",
            "Executes commands read as JSON lines on standard input, answering each with one \
             JSON line: for hosts that cannot load the library."
        ),
        long_about = tr(
            "Wykonuje polecenia czytane jako JSON lines ze standardowego wejścia, na każde \
             odpowiadając jednym wierszem JSON: dla systemów, które nie mogą załadować biblioteki.\n\n\
             Każdy wiersz to koperta polecenia, rozstrzygana przez rdzeń i zapisywana osobno, po \
             kolei, w bazie albo, z --log, w dzienniku zdarzeń. Odpowiedź przychodzi od razu: \
             `{\"ok\":true,\"line\":N,\"events\":[...]}` z jego zdarzeniami albo \
             `{\"ok\":false,\"line\":N,\"exit_code\":C,\"error\":{\"code\",\"kind\",\"message\",\"message_pl\",...}}`; \
             zły wiersz niczego nie zmienia i czytany jest następny. Puste wiersze są pomijane. \
             Kod wyjścia 0, gdy przyjęto każde polecenie, 1, gdy któreś odrzucono, 3, gdy zawiódł \
             zapis.",
            "Executes commands read as JSON lines on standard input, answering each with one \
             JSON line: for hosts that cannot load the library.\n\n\
             Each line is a command envelope, decided by the core and stored on its own, in order, \
             against the database or, with --log, an event log. Each is answered at once (flushed): \
             `{\"ok\":true,\"line\":N,\"events\":[...]}` with its events, or \
             `{\"ok\":false,\"line\":N,\"exit_code\":C,\"error\":{\"code\",\"kind\",\"message\",\"message_pl\",...}}`; \
             a bad line changes nothing and the next is read. Blank lines are skipped. Exit code 0 \
             if every command was accepted, 1 if one was refused, 3 if the storage failed."
        )
    )]
    Exec {
        #[arg(long, value_name = tr("PLIK.jsonl", "FILE.jsonl"), help = tr(
            "Dopisuje do tego dziennika zdarzeń (JSON lines, jak zapisuje go `events export`) \
             zamiast do bazy: tworzony, gdy go brak, nigdy nie obcinany ani nadpisywany. Nie \
             razem z --db.",
            "Append to this event log (JSON lines, as `events export` writes it) instead of the \
             database: created when missing, never truncated or rewritten. Not with --db."
        ))]
        log: Option<PathBuf>,
    },
    #[command(about = tr(
        "Wypisuje skrypt uzupełniania poleceń dla powłoki (bash, zsh, fish).",
        "Prints the shell completion script for a shell (bash, zsh, fish)."
    ))]
    Completions {
        #[arg(value_enum, value_name = tr("POWŁOKA", "SHELL"), help = tr("Powłoka.", "The shell."))]
        shell: usage::Shell,
    },
    #[command(about = tr(
        "Wypisuje stronę podręcznika (man, roff) tego polecenia.",
        "Prints the manual page (man, roff) of this command."
    ))]
    Man,
    #[command(about = tr(
        "Wyświetla pomoc polecenia (np. kooperacje help report overdue), jak --help.",
        "Prints the help of a command (e.g. kooperacje help report overdue), as --help does."
    ))]
    Help {
        #[arg(value_name = tr("POLECENIE", "COMMAND"), help = tr(
            "Polecenie i jego podpolecenia (domyślnie: całe kooperacje).",
            "The command and its subcommands (default: kooperacje as a whole)."
        ))]
        command: Vec<String>,
    },
}

/// "The PZK (default: the only one in the database)", which several commands take.
#[allow(non_snake_case)]
fn HELP_PARTNERSHIP() -> &'static str {
    tr(
        "Partnerstwo (PZK) (domyślnie: jedyne w bazie).",
        "The PZK (default: the only one in the database).",
    )
}

#[derive(Subcommand)]
enum ReportCommand {
    #[command(about = tr(
        "Miesięczny monitoring realizacji planów ZZK.",
        "The monthly monitoring of the ZZKs' plans."
    ))]
    Monitoring {
        #[arg(long, value_name = tr("RRRR-MM", "YYYY-MM"), help = tr("Miesiąc.", "The month."))]
        period: String,
        #[arg(long, value_name = "PZK", help = HELP_PARTNERSHIP())]
        partnership: Option<String>,
    },
    #[command(about = tr(
        "Zaległości: zgody, plany, przeglądy, zadania, usługi do weryfikacji.",
        "What is overdue: consents, plans, reviews, tasks, services to verify."
    ))]
    Overdue {
        #[arg(long, value_name = tr("RRRR-MM-DD", "YYYY-MM-DD"), help = tr(
            "Dzień, na który oceniać (domyślnie: dziś).",
            "The date to judge by (default: today)."
        ))]
        as_of: Option<NaiveDate>,
    },
}

#[derive(Subcommand)]
enum EventsCommand {
    #[command(about = tr(
        "Wypisuje wszystkie zdarzenia, po jednym kanonicznym obiekcie JSON w wierszu.",
        "Writes every event, one canonical JSON object per line."
    ))]
    Export {
        #[arg(long, value_enum, default_value_t = EventFormat::Jsonl, help = tr(
            "Format (jedyny to JSON lines).",
            "The format (JSON lines is the only one)."
        ))]
        format: EventFormat,
        #[arg(long, short, value_name = tr("PLIK", "FILE"), help = tr(
            "Plik do zapisania (domyślnie: standardowe wyjście). Nigdy sama baza.",
            "The file to write (default: standard output). Never the database itself."
        ))]
        output: Option<PathBuf>,
        #[arg(long, help = HELP_FORCE())]
        force: bool,
    },
    #[command(about = tr(
        "Dopisuje zdarzenia z pliku JSON lines, każde najpierw sprawdzone przez rdzeń. Jeden zły \
         wiersz i nic nie jest importowane.",
        "Appends events from a JSON lines file, each checked by the core first. Any bad line and \
         nothing is imported."
    ))]
    Import {
        #[arg(value_name = tr("PLIK", "FILE"), help = tr("Plik.", "The file."))]
        file: PathBuf,
        #[arg(long, help = tr(
            "Importuje dobre wiersze, a o złych informuje.",
            "Import the good lines and report the bad ones."
        ))]
        skip_invalid: bool,
    },
}

/// "Overwrite the output file even if it is an SQLite database".
#[allow(non_snake_case)]
fn HELP_FORCE() -> &'static str {
    tr(
        "Nadpisuje plik, nawet jeśli jest bazą SQLite (nigdy tej bazy).",
        "Overwrite the file even if it is an SQLite database (never this database).",
    )
}

#[derive(Clone, Copy, ValueEnum)]
enum EventFormat {
    #[value(help = "JSON lines")]
    Jsonl,
}

#[derive(Subcommand)]
enum BasketCommand {
    #[command(about = tr(
        "Zapisuje koszyk do pliku: .xlsx, .csv albo .json wg nazwy, albo HSDS 3.0 JSON.",
        "Writes the basket to a file: .xlsx, .csv or .json by its name, or HSDS 3.0 JSON."
    ))]
    Export {
        #[arg(value_name = tr("PLIK", "FILE"), help = tr("Plik.", "The file."))]
        file: PathBuf,
        #[arg(long, value_enum, help = tr(
            "Format (domyślnie: wg nazwy pliku).",
            "The format (default: from the file name)."
        ))]
        format: Option<BasketFormat>,
        #[arg(long, value_name = "PZK", help = HELP_PARTNERSHIP())]
        partnership: Option<String>,
        #[arg(long, help = HELP_FORCE())]
        force: bool,
    },
    #[command(about = tr(
        "Czyta arkusz koszyka i dodaje usługi, zmienia je albo ich status. Jeden zły wiersz i nic \
         nie jest importowane.",
        "Reads a basket sheet and adds, revises or changes the status of its services. Any bad \
         row and nothing is imported."
    ))]
    Import {
        #[arg(value_name = tr("PLIK", "FILE"), help = tr(
            "Plik (.xlsx, .csv albo .json).",
            "The file (.xlsx, .csv or .json)."
        ))]
        file: PathBuf,
        #[arg(long, value_name = "PZK", help = HELP_PARTNERSHIP())]
        partnership: Option<String>,
        #[arg(long, help = tr(
            "Importuje dobre wiersze, a o złych informuje.",
            "Import the good rows and report the bad ones."
        ))]
        skip_invalid: bool,
        #[arg(long, value_name = tr("UŻYTKOWNIK", "USER"), help = tr(
            "Kto importuje (zapisywane przy każdej zmianie): kierownik OPS partnerstwa, \
             koordynator sieci albo przedstawiciel członka, który realizuje każdą zmienianą usługę.",
            "Who imports (recorded with every change): the PZK's OPS head, a network coordinator, \
             or the representative of the member that provides every service changed."
        ))]
        actor: String,
    },
    #[command(about = tr(
        "Przeszukuje koszyk: usługi spełniające każdy podany warunek, w kolejności id (tylko \
         aktywne, chyba że --all). Wartość można podać kodem albo nazwą polską lub angielską.",
        "Searches the basket: the services that match every condition given, in id order \
         (active ones only, unless --all). A value is named by its code or its Polish or \
         English name."
    ))]
    Search {
        #[command(flatten)]
        search: commands::SearchConditions,
        #[arg(long, value_name = "PZK", help = HELP_PARTNERSHIP())]
        partnership: Option<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BasketFormat {
    #[value(help = "Excel")]
    Xlsx,
    #[value(help = tr("CSV (średniki, UTF-8)", "CSV (semicolons, UTF-8)"))]
    Csv,
    #[value(help = tr("wiersze JSON", "JSON rows"))]
    Json,
    #[value(help = "Open Referral HSDS 3.0 JSON")]
    Hsds,
}

#[derive(Subcommand)]
enum PersonCommand {
    #[command(about = tr(
        "Pokazuje, co baza przechowuje o osobie.",
        "Shows what the database holds about a person."
    ))]
    Show {
        #[arg(value_name = "ID", help = tr(
            "Identyfikator osoby (jak w zdarzeniach).",
            "The person's id (as in the events)."
        ))]
        id: String,
    },
    #[command(about = tr(
        "Usuwa dane osoby albo, z --pseudonym, zastępuje imię i nazwisko pseudonimem i usuwa \
         PESEL, adres i telefon. Dziennik zdarzeń zostaje nietknięty i nadal przechodzi \
         weryfikację. Nieodwracalne: na terminalu pyta o potwierdzenie (--yes je pomija).",
        "Erases a person's data, or with --pseudonym replaces the name and drops PESEL, address \
         and phone. The event log is untouched and still verifies. Irreversible: asks for \
         confirmation on a terminal (--yes skips it)."
    ))]
    Erase {
        #[arg(value_name = "ID", help = tr("Identyfikator osoby.", "The person's id."))]
        id: String,
        #[arg(long, value_name = tr("PSEUDONIM", "PSEUDONYM"), help = tr(
            "Zachowuje wpis pod tym pseudonimem zamiast go usuwać.",
            "Keep a record under this pseudonym instead of erasing it."
        ))]
        pseudonym: Option<String>,
        #[arg(long, short, help = tr(
            "Bez pytania o potwierdzenie (w skryptach: bez niego, gdy wejście nie jest \
             terminalem, polecenie odmawia).",
            "Without asking for confirmation (in scripts: without it, when the input is not a \
             terminal, the command refuses)."
        ))]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum NoteCommand {
    #[command(about = tr(
        "Usuwa tekst notatki. Dziennik zdarzeń zostaje nietknięty i nadal przechodzi weryfikację.",
        "Erases a note's text. The event log is untouched and still verifies."
    ))]
    Erase {
        #[arg(value_name = "ID", help = tr(
            "Identyfikator notatki (jak w zdarzeniach).",
            "The note's id (as in the events)."
        ))]
        id: String,
    },
}

/// Polski or English.
#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// Polski.
    #[value(help = tr("polski", "Polish"))]
    Pl,
    /// English.
    #[value(help = tr("angielski", "English"))]
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
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    kooperacje_cli::i18n::set_lang(kooperacje_cli::i18n::lang_of_args(&args));
    let json = kooperacje_cli::i18n::json_in_args(&args);
    let parsed = command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        // The help, the version, or a usage error, in the run's language.
        Err(e) => return usage::finish(e, json, &usage::command_path(&command(), &args)),
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
        Command::Person(PersonCommand::Erase { id, pseudonym, yes }) => {
            commands::person_erase(&ctx, &id, pseudonym.as_deref(), yes)
        }
        Command::Note(NoteCommand::Erase { id }) => commands::note_erase(&ctx, &id),
        Command::Completions { shell } => {
            let shell = match shell {
                usage::Shell::Bash => clap_complete::Shell::Bash,
                usage::Shell::Zsh => clap_complete::Shell::Zsh,
                usage::Shell::Fish => clap_complete::Shell::Fish,
            };
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command(), "kooperacje", &mut out);
            commands::write_stdout(&out)
        }
        Command::Man => match usage::man_page(command()) {
            Ok(page) => commands::write_stdout(page.as_bytes()),
            Err(e) => Err(failure::Failure::Write(e.to_string())),
        },
        Command::Help { command: path } => {
            // The same help as `PATH --help`, in the run's language.
            let mut line: Vec<std::ffi::OsString> = vec!["kooperacje".into()];
            line.extend(path.iter().map(Into::into));
            line.push("--help".into());
            if matches!(ctx_lang(&g), Lang::En) {
                line.extend(["--lang".into(), "en".into()]);
            }
            let shown = usage::command_path(&command(), &line);
            return match command().try_get_matches_from(&line) {
                Err(e) => usage::finish(e, g.json, &shown),
                Ok(_) => ExitCode::SUCCESS,
            };
        }
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

/// The language the global options chose.
fn ctx_lang(g: &Global) -> Lang {
    g.lang.into()
}

/// The command line in the run's language.
fn command() -> clap::Command {
    usage::localize(Cli::command())
}

#[cfg(test)]
mod tests {
    /// clap checks a definition (unique names and groups, valid defaults) only when a command is
    /// parsed: this checks every subcommand's at once, so a clash fails here, not in a user's hands.
    #[test]
    fn the_command_line_definition_is_consistent() {
        use kooperacje::Lang;
        for lang in [Lang::Pl, Lang::En] {
            kooperacje_cli::i18n::set_lang(lang);
            super::command().debug_assert();
        }
    }
}
