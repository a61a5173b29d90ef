//! clap's own words in the run's language: the help's headings and flags, the notes on defaults,
//! environment variables and possible values, and the usage errors, rendered from clap's error
//! kind and context (text on standard error, or under `--json` one JSON object on standard
//! output, as every error of the CLI), exit code 2. Also the shell completions and the man page,
//! made from the same definition.

use crate::failure::Failure;
use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, ValueEnum};
use kooperacje::Lang;
use kooperacje_cli::escape;
use kooperacje_cli::i18n::{self, pick, tr};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// The shells `kooperacje completions` writes for.
#[derive(Clone, Copy, ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

/// The command with clap's own words in the run's language: the help and version flags are the
/// CLI's own (clap's say "Print help"), and every command and argument gets the headings, the
/// usage's placeholders and the notes on defaults, environment and values of this language.
pub fn localize(cmd: Command) -> Command {
    let cmd = cmd
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr("Wyświetla wersję.", "Print the version."))
                .help_heading(tr("Opcje", "Options")),
        )
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .global(true)
                .action(ArgAction::Help)
                .help(tr("Wyświetla pomoc.", "Print the help."))
                .help_heading(tr("Opcje", "Options")),
        );
    localize_each(cmd)
}

fn localize_each(mut cmd: Command) -> Command {
    cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .max_term_width(100)
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            tr("Użycie:", "Usage:")
        ))
        .subcommand_help_heading(tr("Polecenia", "Commands"))
        .subcommand_value_name(tr("POLECENIE", "COMMAND"));
    let ids: Vec<_> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, localize_arg);
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, localize_each);
    }
    cmd
}

/// An argument's heading, and its default, environment variable and possible values noted in
/// the run's language after its help (clap's own notes, in English, hidden).
fn localize_arg(arg: Arg) -> Arg {
    let heading = match (arg.get_help_heading(), arg.is_positional()) {
        (Some(_), _) => None,
        (None, true) => Some(tr("Argumenty", "Arguments")),
        (None, false) => Some(tr("Opcje", "Options")),
    };
    let mut notes = Vec::new();
    if arg.get_action().takes_values() {
        let defaults: Vec<_> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && !arg.is_hide_default_value_set() {
            notes.push(format!(
                "[{}: {}]",
                tr("domyślnie", "default"),
                defaults.join(", ")
            ));
        }
        if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
            notes.push(format!(
                "[{}: {}]",
                tr("zmienna środowiskowa", "env"),
                env.to_string_lossy()
            ));
        }
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| match v.get_help() {
                Some(help) => format!("{} — {help}", v.get_name()),
                None => v.get_name().to_owned(),
            })
            .collect();
        if !values.is_empty() && !arg.is_hide_possible_values_set() {
            notes.push(format!(
                "[{}: {}]",
                tr("wartości", "possible values"),
                values.join(", ")
            ));
        }
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let help = std::iter::once(help)
        .chain(notes)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let arg = match heading {
        Some(heading) => arg.help_heading(heading),
        None => arg,
    };
    let takes_values = arg.get_action().takes_values();
    let arg = arg.help(help).hide_env(true);
    if takes_values {
        arg.hide_default_value(true).hide_possible_values(true)
    } else {
        arg
    }
}

/// The usage line's placeholder for options, which clap writes in English.
fn usage_words(text: &str) -> String {
    text.replace("[OPTIONS]", tr("[OPCJE]", "[OPTIONS]"))
}

fn styled(text: &StyledStr, colour: bool) -> String {
    if colour {
        text.ansi().to_string()
    } else {
        text.to_string()
    }
}

/// What clap stopped on: the help or the version (standard output, exit 0), or a usage error in
/// the run's language (standard error, or JSON on standard output with `json`; exit 2).
///
/// `path` is the command the line named (`kooperacje report`), for the errors whose context does
/// not say.
pub fn finish(e: clap::Error, json: bool, path: &str) -> ExitCode {
    let lang = i18n::lang();
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let text = usage_words(&styled(
                &e.render(),
                i18n::colour(std::io::stdout().is_terminal()),
            ));
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand if !json => {
            let text = usage_words(&styled(
                &e.render(),
                i18n::colour(std::io::stderr().is_terminal()),
            ));
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
            return ExitCode::from(2);
        }
        _ => {}
    }
    let failure = Failure::Usage {
        en: message(&e, Lang::En, path),
        pl: message(&e, Lang::Pl, path),
    };
    if json {
        let value = format!("{:#}", failure.to_json());
        let _ = writeln!(std::io::stdout().lock(), "{}", escape::json(&value));
    } else {
        let mut text = failure.render(lang);
        if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
            let usage = usage.to_string();
            let usage = usage.trim_start_matches("Usage:").trim();
            text.push_str(&format!(
                "\n{} {}\n",
                tr("Użycie:", "Usage:"),
                usage_words(usage)
            ));
        }
        text.push_str(&format!(
            "\n{}\n",
            tr(
                "Więcej informacji: --help.",
                "For more information, try '--help'."
            )
        ));
        let text = escape::controls_keeping_lines(&text);
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
    ExitCode::from(failure.exit_code())
}

/// The man page: the command's own (name, synopsis, options, the list of commands), then a
/// section for every command under it, at any depth (`KOOPERACJE PERSON ERASE`), with its
/// description, synopsis and options, so that `man kooperacje` documents every option the help
/// does, in the run's language.
pub fn man_page(mut cmd: Command) -> std::io::Result<String> {
    // Built first, so that each command knows its whole name (`kooperacje person erase`).
    cmd.build();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    let mut page = man_headings(&out);
    for sub in cmd.get_subcommands() {
        man_sections(sub, &mut page)?;
    }
    Ok(page)
}

/// The sections of `cmd` and of every command under it, each under its whole name.
fn man_sections(cmd: &Command, page: &mut String) -> std::io::Result<()> {
    if cmd.is_hide_set() || cmd.get_name() == "help" {
        return Ok(());
    }
    // Its own options only: the global ones (--db, --lang, --json, …) and -h are in the page's
    // first section once, not in every command's.
    let common: Vec<_> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set() || a.get_id() == "help")
        .map(|a| a.get_id().clone())
        .collect();
    let own = common
        .into_iter()
        .fold(cmd.clone(), |c, id| c.mut_arg(id, |a| a.hide(true)));
    let man = clap_mangen::Man::new(own.clone());
    let mut sections = Vec::new();
    man.render_description_section(&mut sections)?;
    man.render_synopsis_section(&mut sections)?;
    if own.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut sections)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut sections)?;
    }
    let name = cmd.get_bin_name().unwrap_or(cmd.get_name());
    page.push_str(&format!(".SH \"{}\"\n", name.to_uppercase()));
    // The command's own headings one level down, under its name.
    for line in man_headings(&sections).lines() {
        match line.strip_prefix(".SH ") {
            Some(heading) => page.push_str(&format!(".SS {heading}\n")),
            None => {
                page.push_str(line);
                page.push('\n');
            }
        }
    }
    cmd.get_subcommands()
        .try_for_each(|sub| man_sections(sub, page))
}

/// The man page's section headings, which clap_mangen writes in English, in the run's language
/// (the sections themselves are the help's texts, in it already).
pub fn man_headings(page: &[u8]) -> String {
    let headings = [
        ("NAME", tr("NAZWA", "NAME")),
        ("SYNOPSIS", tr("SKŁADNIA", "SYNOPSIS")),
        ("DESCRIPTION", tr("OPIS", "DESCRIPTION")),
        ("SUBCOMMANDS", tr("POLECENIA", "SUBCOMMANDS")),
        ("EXTRA", tr("WIĘCEJ", "EXTRA")),
        ("VERSION", tr("WERSJA", "VERSION")),
        ("AUTHORS", tr("AUTORZY", "AUTHORS")),
    ];
    String::from_utf8_lossy(page)
        .lines()
        .map(|line| {
            // The help's own headings (Opcje, Polecenia) in capitals, as a man page has them.
            let heading = line.strip_prefix(".SH ").map(|h| {
                let local = headings.iter().find(|(en, _)| *en == h).map(|(_, l)| *l);
                format!(
                    ".SH {}",
                    local.map_or_else(|| h.to_uppercase(), str::to_owned)
                )
            });
            heading.unwrap_or_else(|| line.to_owned()) + "\n"
        })
        .collect()
}

/// The command a line names: `kooperacje`, then each word that is a subcommand of the one
/// before (options and their values skipped).
pub fn command_path(cmd: &Command, args: &[std::ffi::OsString]) -> String {
    let mut path = vec![cmd.get_name().to_owned()];
    let mut current = cmd;
    for arg in args.iter().skip(1).map(|a| a.to_string_lossy()) {
        if arg == "--" {
            break;
        }
        if let Some(sub) = current.find_subcommand(arg.as_ref()) {
            path.push(sub.get_name().to_owned());
            current = sub;
        }
    }
    path.join(" ")
}

/// A context value as text: one string, or several joined.
fn text(value: Option<&ContextValue>) -> String {
    match value {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(all)) => all.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        Some(ContextValue::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The message of a usage error in a language, from clap's error kind and context.
pub fn message(e: &clap::Error, lang: Lang, path: &str) -> String {
    let t = |pl: &'static str, en: &'static str| pick(lang, pl, en);
    let get = |kind| text(e.get(kind));
    // An option is named without its value's placeholder, which is in the run's language.
    let bare = |arg: &str| -> String {
        arg.split(", ")
            .map(|a| match a.starts_with('-') {
                true => a.split(' ').next().unwrap_or(a),
                false => a,
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let arg = bare(&get(ContextKind::InvalidArg));
    let value = get(ContextKind::InvalidValue);
    let number = |kind| match e.get(kind) {
        Some(ContextValue::Number(n)) => u64::try_from(*n).unwrap_or(0),
        _ => 0,
    };
    let values = |n: u64| i18n::count(lang, n, i18n::VALUES);
    let mut out = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => match lang {
            Lang::Pl => format!("„{arg}” wymaga wartości, a nie podano żadnej"),
            Lang::En => format!("a value is required for '{arg}' but none was supplied"),
        },
        ErrorKind::InvalidValue => match lang {
            Lang::Pl => format!("nieprawidłowa wartość „{value}” dla „{arg}”"),
            Lang::En => format!("invalid value '{value}' for '{arg}'"),
        },
        // The parser's reason (a date's, a range's) is in English only.
        ErrorKind::ValueValidation => match (lang, std::error::Error::source(e)) {
            (Lang::En, Some(reason)) => format!("invalid value '{value}' for '{arg}': {reason}"),
            (Lang::En, None) => format!("invalid value '{value}' for '{arg}'"),
            (Lang::Pl, _) => format!("nieprawidłowa wartość „{value}” dla „{arg}”"),
        },
        ErrorKind::UnknownArgument => match lang {
            Lang::Pl => format!("nieznany argument „{arg}”"),
            Lang::En => format!("unexpected argument '{arg}' found"),
        },
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand);
            match lang {
                Lang::Pl => format!("nieznane polecenie „{sub}”"),
                Lang::En => format!("unrecognized subcommand '{sub}'"),
            }
        }
        ErrorKind::NoEquals => match lang {
            Lang::Pl => format!("wartość „{arg}” trzeba podać po znaku „=”"),
            Lang::En => format!("equal sign is needed when assigning values to '{arg}'"),
        },
        ErrorKind::TooManyValues => match lang {
            Lang::Pl => format!("zbędna wartość „{value}” dla „{arg}”"),
            Lang::En => {
                format!("unexpected value '{value}' for '{arg}' found; no more were expected")
            }
        },
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected =
                number(ContextKind::MinValues).max(number(ContextKind::ExpectedNumValues));
            let actual = number(ContextKind::ActualNumValues);
            match lang {
                Lang::Pl => format!("„{arg}” wymaga: {}; podano: {actual}", values(expected)),
                Lang::En => format!("'{arg}' requires {}; {actual} given", values(expected)),
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = bare(&get(ContextKind::PriorArg));
            let arg = if arg.is_empty() {
                get(ContextKind::InvalidSubcommand)
            } else {
                arg
            };
            match (lang, prior == arg || prior.is_empty()) {
                (Lang::Pl, true) => format!("„{arg}” można podać tylko raz"),
                (Lang::En, true) => format!("the argument '{arg}' cannot be used multiple times"),
                (Lang::Pl, false) => format!("„{arg}” nie można użyć razem z „{prior}”"),
                (Lang::En, false) => format!("the argument '{arg}' cannot be used with '{prior}'"),
            }
        }
        ErrorKind::MissingRequiredArgument => match lang {
            Lang::Pl => format!("brak wymaganych argumentów: {arg}"),
            Lang::En => format!("the following required arguments were not provided: {arg}"),
        },
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let name = get(ContextKind::InvalidSubcommand);
            let name = if name.is_empty() {
                path.to_owned()
            } else {
                name
            };
            match lang {
                Lang::Pl => format!("„{name}” wymaga polecenia, a nie podano żadnego"),
                Lang::En => format!("'{name}' requires a subcommand but one was not provided"),
            }
        }
        ErrorKind::InvalidUtf8 => t(
            "argument nie jest poprawnym tekstem UTF-8",
            "invalid UTF-8 was detected in one or more arguments",
        )
        .to_owned(),
        // Writing the help or the version failed, or a kind newer than this code: clap's words.
        _ => e.kind().as_str().unwrap_or("usage error").to_owned(),
    };
    let valid = get(ContextKind::ValidValue);
    if !valid.is_empty() {
        out.push_str(&format!(
            " [{}: {valid}]",
            t("możliwe wartości", "possible values")
        ));
    }
    let valid = get(ContextKind::ValidSubcommand);
    if !valid.is_empty() {
        out.push_str(&format!(" [{}: {valid}]", t("polecenia", "commands")));
    }
    let similar = [
        get(ContextKind::SuggestedArg),
        get(ContextKind::SuggestedSubcommand),
        get(ContextKind::SuggestedValue),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    if !similar.is_empty() {
        out.push_str(&format!(
            "; {}: {similar}",
            t("może chodziło o", "did you mean")
        ));
    }
    out
}
