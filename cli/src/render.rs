//! Plain-text rendering of the core's read models for a terminal, in Polish or English. Every
//! enum value is shown through the core's own labels, so the wording is the same as in every host.

use crate::{escape, i18n};
use kooperacje::basket::Provider;
use kooperacje::id_map::IdMap;
use kooperacje::plan::Responsible;
use kooperacje::reports::{Indicators, OverdueItem, OverdueKind, RegistryEntry, RequestCounts};
use kooperacje::zzk::Seat;
use kooperacje::{
    BasketHit, Labelled, Lang, Partnership, PartnershipId, ServiceId, State, SuspensionGround,
    TaskId,
};
use std::fmt::Write;

/// Picks the Polish or English text of the CLI's own words (titles, headers).
fn t(lang: Lang, pl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Pl => pl,
        Lang::En => en,
    }
}

fn yes_no(lang: Lang, value: bool) -> &'static str {
    if value {
        t(lang, "tak", "yes")
    } else {
        t(lang, "nie", "no")
    }
}

/// The widest a text table may be, in columns (characters): it fits a terminal of 100 columns.
pub const MAX_WIDTH: usize = 100;

/// `text` in lines of at most `width` characters, broken between words (a word longer than the
/// line is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word[..width].iter().collect());
            word.drain(..width);
        }
        if word.is_empty() {
            continue;
        }
        let used = line.chars().count();
        if used > 0 && used + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A table aligned on the widest cell of each column (counted in characters, not bytes, so that
/// Polish letters do not break the alignment), at most [`MAX_WIDTH`] wide: when the cells do not
/// fit, the columns with most room narrow (not below their longest word while any other can
/// give, and the first column last) and their cells wrap onto more lines. Cells hold what users wrote: shown with their
/// control characters escaped (a line feed would break the row, an escape sequence the terminal).
fn table(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| escape::controls(c).into_owned())
                .collect()
        })
        .collect();
    let columns = headers.len();
    let all = || {
        std::iter::once(headers.iter().map(|h| h.to_string()).collect::<Vec<_>>())
            .chain(rows.iter().cloned())
    };
    let mut widths = vec![0; columns];
    let mut least = vec![1; columns];
    for row in all() {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.chars().count());
            let longest_word = cell.split_whitespace().map(|w| w.chars().count()).max();
            least[i] = least[i].max(longest_word.unwrap_or(0));
        }
    }
    let budget = MAX_WIDTH.saturating_sub(2 + 2 * columns.saturating_sub(1));
    while widths.iter().sum::<usize>() > budget {
        let widest = |from: usize, above: &dyn Fn(usize) -> usize| {
            (from..columns)
                .filter(|&i| widths[i] > above(i))
                .max_by_key(|&i| (widths[i] - above(i), widths[i]))
        };
        // The first column (the row's key: a number, an id, a kind) keeps its width while any
        // other can give, so a row's every line but its first starts blank there.
        match widest(1, &|i| least[i])
            .or_else(|| widest(0, &|i| least[i]))
            .or_else(|| widest(0, &|_| 1))
        {
            Some(i) => widths[i] -= 1,
            None => break,
        }
    }
    let line = |out: &mut String, cells: &[String]| {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrap(c, *w))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for n in 0..height {
            let padded: Vec<String> = wrapped
                .iter()
                .zip(&widths)
                .map(|(lines, w)| {
                    let c = lines.get(n).map(String::as_str).unwrap_or("");
                    format!("{c}{}", " ".repeat(w.saturating_sub(c.chars().count())))
                })
                .collect();
            let _ = writeln!(out, "  {}", padded.join("  ").trim_end());
        }
    };
    let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    line(out, &headers);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let _ = writeln!(out, "  {}", rule.join("  "));
    for row in &rows {
        line(out, row);
    }
}

fn title(out: &mut String, text: &str) {
    let text = escape::controls(text);
    let _ = writeln!(out, "\n{text}\n{}", "=".repeat(text.chars().count()));
}

fn counts<K: Labelled + Ord>(lang: Lang, map: &IdMap<K, usize>) -> String {
    if map.is_empty() {
        return "—".into();
    }
    map.iter()
        .map(|(k, n)| format!("{}: {}", k.label(lang), i18n::number(lang, *n as u64)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The ZZK registry (rejestr ZZK) kept by the network coordinator.
pub fn registry(out: &mut String, lang: Lang, rows: &[RegistryEntry]) {
    title(out, t(lang, "Rejestr ZZK", "ZZK registry"));
    let headers = [
        t(lang, "Nr", "No."),
        "ZZK",
        t(lang, "Powołany – zamknięty", "Appointed – closed"),
        t(lang, "Pracownik socjalny", "Social worker"),
        t(lang, "Etap", "Stage"),
        t(lang, "Skład", "Members"),
        t(lang, "Sektory", "Sectors"),
        // Abbreviated, so that the ten columns fit 100 without cutting a word.
        t(lang, "Zaw. (dni)", "Susp. (days)"),
        t(lang, "Spotk.", "Meet."),
        t(lang, "Plan", "Plan"),
    ];
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.number.to_string(),
                r.zzk_id.to_string(),
                match r.closed_on {
                    Some(closed) => format!(
                        "{} – {}",
                        i18n::date(lang, r.appointed_on),
                        i18n::date(lang, closed)
                    ),
                    None => format!("{} –", i18n::date(lang, r.appointed_on)),
                },
                r.social_worker.to_string(),
                match (r.suspension_ground, r.suspended_since) {
                    (Some(ground), Some(since)) => format!(
                        "{}: {} {} {}",
                        r.stage.label(lang),
                        ground.label(lang),
                        t(lang, "od", "since"),
                        i18n::date(lang, since)
                    ),
                    _ => r.stage.label(lang).to_owned(),
                },
                i18n::number(lang, r.members as u64),
                counts(lang, &r.sectors),
                format!(
                    "{} ({})",
                    i18n::number(lang, r.suspensions as u64),
                    i18n::number(lang, r.days_suspended as u64)
                ),
                i18n::number(lang, r.meetings as u64),
                yes_no(lang, r.has_plan).to_owned(),
            ]
        })
        .collect();
    if rows.is_empty() {
        let _ = writeln!(out, "  {}", t(lang, "(brak wpisów)", "(no entries)"));
    } else {
        table(out, &headers, &rows);
    }
}

fn requests(lang: Lang, r: &RequestCounts) -> String {
    let mut text = format!(
        "{} {}, {} {}, {} {}, {} {}",
        t(lang, "złożone", "filed"),
        r.filed,
        t(lang, "przyjęte", "accepted"),
        r.accepted,
        t(lang, "odrzucone", "rejected"),
        r.rejected,
        t(lang, "oczekujące", "pending"),
        r.pending
    );
    if !r.rejection_reasons.is_empty() {
        let _ = write!(text, " ({})", r.rejection_reasons.join("; "));
    }
    text
}

/// The PZK monitoring indicators.
pub fn indicators(out: &mut String, lang: Lang, name: &str, i: &Indicators) {
    title(
        out,
        &format!(
            "{} — {name}",
            t(
                lang,
                "Wskaźniki monitoringu PZK",
                "PZK monitoring indicators"
            )
        ),
    );
    let rows = [
        (
            t(lang, "Etap PZK", "PZK stage"),
            i.stage.label(lang).to_owned(),
        ),
        (
            t(lang, "Członkowie wg statusu", "Members by status"),
            counts(lang, &i.members_by_status),
        ),
        (
            t(
                lang,
                "Aktywni członkowie wg sektora",
                "Active members by sector",
            ),
            counts(lang, &i.members_by_sector),
        ),
        (
            t(lang, "Sprawy wg etapu ZZK", "Cases by ZZK stage"),
            counts(lang, &i.zzks_by_stage),
        ),
        (
            t(lang, "Powołane ZZK", "ZZKs appointed"),
            i.zzks_appointed.to_string(),
        ),
        (
            t(
                lang,
                "Sprawy zamknięte przed powołaniem ZZK",
                "Cases closed before appointment",
            ),
            counts(lang, &i.closed_before_appointment),
        ),
        (
            t(
                lang,
                "Wnioski o poszerzenie składu",
                "Requests to extend the composition",
            ),
            requests(lang, &i.composition_requests),
        ),
        (
            t(
                lang,
                "Wnioski o poszerzenie koszyka",
                "Requests to extend the basket",
            ),
            requests(lang, &i.basket_requests),
        ),
        (
            t(lang, "Konsultacje dla ZZK", "Consultations for ZZKs"),
            i.consultations.to_string(),
        ),
        (
            t(
                lang,
                "Problemy i konflikty (rozwiązane)",
                "Problems and conflicts (resolved)",
            ),
            format!("{} ({})", i.conflicts_raised, i.conflicts_resolved),
        ),
        (
            t(
                lang,
                "Zgłoszone odmowy współpracy",
                "Refusals to cooperate reported",
            ),
            i.refusals_reported.to_string(),
        ),
        (
            t(
                lang,
                "Usługi w koszyku wg statusu",
                "Basket services by status",
            ),
            counts(lang, &i.services_by_status),
        ),
        (
            t(lang, "Usługi niezweryfikowane", "Services not verified"),
            i.stale_services.to_string(),
        ),
        (
            t(lang, "Spotkania PZK", "PZK meetings held"),
            i.meetings_held.to_string(),
        ),
    ];
    pairs(out, &rows);
}

/// The subject of an overdue item, by its name where the state has one: a task by its title, a
/// basket service by its name, a suspension review by its ground's label, a date as the language
/// writes it; other ids as they are.
fn subject(lang: Lang, state: &State, o: &OverdueItem) -> String {
    let zzk = o.zzk_id.as_ref().and_then(|id| state.zzks.get(id));
    let named = match o.kind {
        OverdueKind::SuspensionReview => {
            SuspensionGround::from_code(&o.subject).map(|g| g.label(lang).to_owned())
        }
        OverdueKind::TaskDeadline => zzk
            .and_then(|z| z.plan.as_ref())
            .and_then(|p| p.tasks.get(&TaskId::from(o.subject.as_str())))
            .map(|task| task.title.clone()),
        OverdueKind::StaleService => state
            .partnerships
            .get(&o.partnership_id)
            .and_then(|p| p.basket.services.get(&ServiceId::from(o.subject.as_str())))
            .map(|service| service.input.name.clone()),
        _ => None,
    };
    named
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(&o.subject, "%Y-%m-%d")
                .ok()
                .map(|d| i18n::date(lang, d))
        })
        .unwrap_or_else(|| o.subject.clone())
}

/// A partnership by its name, or its id when the state has no name for it.
fn partnership_name(state: &State, id: &PartnershipId) -> String {
    state
        .partnerships
        .get(id)
        .map(|p| p.name.clone())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| id.to_string())
}

/// The overdue report as of a date.
pub fn overdue(
    out: &mut String,
    lang: Lang,
    state: &State,
    as_of: chrono::NaiveDate,
    items: &[OverdueItem],
) {
    title(
        out,
        &format!(
            "{} {}",
            t(lang, "Zaległości na dzień", "Overdue as of"),
            i18n::date(lang, as_of)
        ),
    );
    if items.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            t(lang, "(brak zaległości)", "(nothing overdue)")
        );
        return;
    }
    let headers = [
        t(lang, "Rodzaj", "Kind"),
        "PZK",
        "ZZK",
        t(lang, "Dotyczy", "Subject"),
        t(lang, "Termin", "Due"),
        t(lang, "Dni po terminie", "Days overdue"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|o| {
            vec![
                o.kind.label(lang).to_owned(),
                partnership_name(state, &o.partnership_id),
                o.zzk_id
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_else(|| "—".into()),
                subject(lang, state, o),
                i18n::date(lang, o.due),
                i18n::number(lang, o.days_overdue.max(0) as u64),
            ]
        })
        .collect();
    table(out, &headers, &rows);
}

/// Who is responsible for a task in the monitoring report, by name: the family, the social
/// worker, or a ZZK member by the institution that delegated them (or the guest's institution),
/// their id when the state does not know them.
fn responsible(lang: Lang, state: &State, r: &kooperacje::reports::MonitoringRow) -> String {
    let zzk = state.zzks.get(&r.zzk_id);
    let task = zzk
        .and_then(|z| z.plan.as_ref())
        .and_then(|p| p.tasks.get(&r.entry.task_id));
    match task.map(|t| &t.responsible) {
        Some(Responsible::Family) => t(lang, "rodzina", "the family").to_owned(),
        Some(Responsible::SocialWorker) => {
            t(lang, "pracownik socjalny", "the social worker").to_owned()
        }
        Some(Responsible::Member { zzk_member_id }) => zzk
            .and_then(|z| Some((z, z.members.get(zzk_member_id)?)))
            .and_then(|(z, m)| match &m.seat {
                Seat::Member { member_id } => state
                    .partnerships
                    .get(&z.partnership_id)
                    .and_then(|p| p.members.get(member_id))
                    .map(|member| member.profile.name.clone()),
                Seat::Guest { institution } => Some(institution.clone()),
            })
            .unwrap_or_else(|| zzk_member_id.to_string()),
        None => r.responsible.clone(),
    }
}

/// The monthly monitoring report (informacja z monitoringu) of a PZK for one period.
pub fn monitoring(
    out: &mut String,
    lang: Lang,
    state: &State,
    period: &str,
    rows: &[kooperacje::reports::MonitoringRow],
) {
    // A month as the language writes it: 05.2026 in Polish, 2026-05 in English.
    let month = match (lang, period.split_once('-')) {
        (Lang::Pl, Some((year, month))) => format!("{month}.{year}"),
        _ => period.to_owned(),
    };
    title(
        out,
        &format!(
            "{} {month}",
            t(lang, "Monitoring realizacji planów —", "Plan monitoring —")
        ),
    );
    if rows.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            t(
                lang,
                "Brak wpisów w tym okresie.",
                "No entries in this period."
            )
        );
        return;
    }
    let headers = [
        "ZZK",
        t(lang, "Źródło", "Source"),
        t(lang, "Zadanie", "Task"),
        t(lang, "Odpowiedzialny", "Responsible"),
        t(lang, "Status", "Status"),
        t(lang, "Termin", "Deadline"),
        t(lang, "Informacja", "Information"),
    ];
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let task = state
                .zzks
                .get(&r.zzk_id)
                .and_then(|z| z.plan.as_ref())
                .and_then(|p| p.tasks.get(&r.entry.task_id))
                .map_or_else(|| r.entry.task_id.to_string(), |t| t.title.clone());
            vec![
                r.zzk_id.to_string(),
                r.source.label(lang).to_owned(),
                task,
                responsible(lang, state, r),
                r.entry.status.label(lang).to_owned(),
                r.deadline.map(|d| i18n::date(lang, d)).unwrap_or_default(),
                r.entry.info.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(out, &headers, &body);
}

/// Label: value lines, for summaries.
pub fn summary(out: &mut String, heading: &str, lines: &[(&str, String)]) {
    title(out, heading);
    pairs(out, lines);
}

/// Label and value lines, the values aligned and wrapped so that no line is wider than
/// [`MAX_WIDTH`].
fn pairs(out: &mut String, lines: &[(&str, String)]) {
    let width = lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let room = MAX_WIDTH.saturating_sub(width + 4).max(20);
    for (k, v) in lines {
        let v = escape::controls(v);
        for (n, part) in wrap(&v, room).iter().enumerate() {
            let key = if n == 0 { *k } else { "" };
            let pad = " ".repeat(width - key.chars().count());
            let _ = writeln!(out, "  {key}{pad}  {part}");
        }
    }
}

/// The services a basket search found (`basket search`): id, name, provider (a member by its
/// name), areas and status.
pub fn basket_hits(out: &mut String, lang: Lang, p: &Partnership, hits: &[BasketHit]) {
    title(
        out,
        &format!(
            "{} {}",
            t(
                lang,
                "Usługi z koszyka PZK",
                "Services of the basket of PZK"
            ),
            p.id
        ),
    );
    if hits.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            t(lang, "(brak pasujących usług)", "(no matching services)")
        );
        return;
    }
    let headers = [
        "Id",
        t(lang, "Nazwa usługi", "Service"),
        t(lang, "Realizator", "Provider"),
        t(lang, "Obszary wsparcia", "Areas of support"),
        "Status",
    ];
    let rows: Vec<Vec<String>> = hits
        .iter()
        .map(|hit| {
            let service = &hit.service.input;
            let provider = match &service.provider {
                Provider::Member { member_id } => p
                    .members
                    .get(member_id)
                    .map_or_else(|| member_id.to_string(), |m| m.profile.name.clone()),
                Provider::External { name, .. } => name.clone(),
            };
            let areas: Vec<&str> = service.areas.iter().map(|a| a.label(lang)).collect();
            vec![
                hit.service_id.to_string(),
                service.name.clone(),
                provider,
                areas.join("; "),
                hit.service.status.label(lang).to_owned(),
            ]
        })
        .collect();
    table(out, &headers, &rows);
}
