//! Plain-text rendering of the core's read models for a terminal, in Polish or English. Every
//! enum value is shown through the core's own labels, so the wording is the same as in every host.

use crate::escape;
use kooperacje::basket::Provider;
use kooperacje::id_map::IdMap;
use kooperacje::reports::{Indicators, OverdueItem, OverdueKind, RegistryEntry, RequestCounts};
use kooperacje::{BasketHit, Labelled, Lang, Partnership, SuspensionGround};
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

/// A table aligned on the widest cell of each column (counted in characters, not bytes, so that
/// Polish letters do not break the alignment). Cells hold what users wrote: shown with their
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
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        let _ = writeln!(out, "  {}", padded.join("  ").trim_end());
    };
    line(out, headers.to_vec());
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(out, rule.iter().map(String::as_str).collect());
    for row in &rows {
        line(out, row.iter().map(String::as_str).collect());
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
        .map(|(k, n)| format!("{}: {n}", k.label(lang)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The ZZK registry (rejestr ZZK) kept by the network coordinator.
pub fn registry(out: &mut String, lang: Lang, rows: &[RegistryEntry]) {
    title(out, t(lang, "Rejestr ZZK", "ZZK registry"));
    let headers = [
        t(lang, "Nr", "No."),
        "ZZK",
        t(lang, "Powołany", "Appointed"),
        t(lang, "Pracownik socjalny", "Social worker"),
        t(lang, "Etap", "Stage"),
        t(lang, "Członkowie", "Members"),
        t(lang, "Sektory", "Sectors"),
        t(lang, "Zawieszenia (dni)", "Suspensions (days)"),
        t(lang, "Spotkania", "Meetings"),
        t(lang, "Plan", "Plan"),
        t(lang, "Zamknięty", "Closed"),
    ];
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.number.to_string(),
                r.zzk_id.to_string(),
                r.appointed_on.to_string(),
                r.social_worker.to_string(),
                match (r.suspension_ground, r.suspended_since) {
                    (Some(ground), Some(since)) => format!(
                        "{}: {} {} {since}",
                        r.stage.label(lang),
                        ground.label(lang),
                        t(lang, "od", "since")
                    ),
                    _ => r.stage.label(lang).to_owned(),
                },
                r.members.to_string(),
                counts(lang, &r.sectors),
                format!("{} ({})", r.suspensions, r.days_suspended),
                r.meetings.to_string(),
                yes_no(lang, r.has_plan).to_owned(),
                r.closed_on
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".into()),
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
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (k, v) in rows {
        let v = escape::controls(&v);
        let _ = writeln!(out, "  {k}{}  {v}", " ".repeat(width - k.chars().count()));
    }
}

/// The subject of an overdue item; a suspension review names its ground, shown by its label.
fn subject(lang: Lang, o: &OverdueItem) -> String {
    match o.kind {
        OverdueKind::SuspensionReview => SuspensionGround::from_code(&o.subject)
            .map(|g| g.label(lang).to_owned())
            .unwrap_or_else(|| o.subject.clone()),
        _ => o.subject.clone(),
    }
}

/// The overdue report as of a date.
pub fn overdue(out: &mut String, lang: Lang, as_of: chrono::NaiveDate, items: &[OverdueItem]) {
    title(
        out,
        &format!(
            "{} {as_of}",
            t(lang, "Zaległości na dzień", "Overdue as of")
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
                o.partnership_id.to_string(),
                o.zzk_id
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_else(|| "—".into()),
                subject(lang, o),
                o.due.to_string(),
                o.days_overdue.to_string(),
            ]
        })
        .collect();
    table(out, &headers, &rows);
}

/// The monthly monitoring report (informacja z monitoringu) of a PZK for one period.
pub fn monitoring(
    out: &mut String,
    lang: Lang,
    period: &str,
    rows: &[kooperacje::reports::MonitoringRow],
) {
    title(
        out,
        &format!(
            "{} {period}",
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
            vec![
                r.zzk_id.to_string(),
                r.source.label(lang).to_owned(),
                r.entry.task_id.to_string(),
                r.responsible.clone(),
                r.entry.status.label(lang).to_owned(),
                r.deadline.map(|d| d.to_string()).unwrap_or_default(),
                r.entry.info.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(out, &headers, &body);
}

/// Label: value lines, for summaries.
pub fn summary(out: &mut String, heading: &str, lines: &[(&str, String)]) {
    title(out, heading);
    let width = lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (k, v) in lines {
        let v = escape::controls(v);
        let _ = writeln!(out, "  {k}{}  {v}", " ".repeat(width - k.chars().count()));
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
