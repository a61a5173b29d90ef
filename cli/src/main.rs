//! `kooperacje` — the command-line entry point of the Kooperacje 3D library.
//!
//! Exit codes: 0 success, 1 a domain error (the story hit a rule it should not have), 2 usage.

mod render;
mod story;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use kooperacje::{reports, Lang};
use std::process::ExitCode;

/// Kooperacje 3D: partnerstwa (PZK), zespoły zadaniowe (ZZK), koszyk usług.
#[derive(Parser)]
#[command(name = "kooperacje", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Plays a story of a PZK and three families, then prints the ZZK registry, the PZK
    /// indicators and the overdue report.
    Demo {
        /// Language of the output.
        #[arg(long, value_enum, default_value_t = LangArg::Pl)]
        lang: LangArg,
        /// Print the reports as one JSON object instead of tables.
        #[arg(long)]
        json: bool,
        /// Date of the overdue report and the indicators (default: the end of the story).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
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
    let cli = Cli::parse();
    match cli.command {
        Command::Demo { lang, json, as_of } => demo(lang.into(), json, as_of),
    }
}

fn demo(lang: Lang, json: bool, as_of: Option<NaiveDate>) -> ExitCode {
    let played = match story::play() {
        Ok(played) => played,
        Err(e) => {
            eprintln!(
                "[{}] {} (#{} {})",
                e.error.code(),
                e.error.message(lang),
                e.index,
                e.command
            );
            return ExitCode::from(1);
        }
    };
    let as_of = as_of.unwrap_or_else(story::default_as_of);
    let state = &played.state;
    let pid = &played.partnership;
    let registry = reports::registry(state, pid);
    let indicators = reports::indicators(state, pid, as_of);
    let overdue = reports::overdue(state, as_of);
    if json {
        let out = serde_json::json!({
            "partnership_id": pid,
            "as_of": as_of,
            "events": played.events.len(),
            "registry": registry,
            "indicators": indicators,
            "overdue": overdue,
        });
        println!("{out:#}");
        return ExitCode::SUCCESS;
    }
    let mut out = String::new();
    let name = state
        .partnerships
        .get(pid)
        .map(|p| p.name.as_str())
        .unwrap_or_default();
    render::registry(&mut out, lang, &registry);
    if let Some(i) = &indicators {
        render::indicators(&mut out, lang, name, i);
    }
    render::overdue(&mut out, lang, as_of, &overdue);
    print!("{out}");
    ExitCode::SUCCESS
}
