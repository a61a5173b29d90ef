//! The demo's story: one PZK of a small Polish municipality and three families, played through the
//! core's commands only. Every rule it meets is the core's; this module only writes the script.
//!
//! The cast: the OPS and eight partner institutions from six sectors; a basket of eighteen
//! services; the Kowalski family (the whole ZZK lifecycle with a suspension, a return and closure),
//! Mr Nowak (who refuses consent) and the Wiśniewski family (who withdraw consent mid-plan).
//!
//! The families' names live only in [`people`], the personal-data records that can be erased. The
//! events, which cannot, name every case, person, worker, note and plan item by an opaque number
//! as a host's own register would give it (`zzk-2026-0001`, `os-000417`, `u-0012`, `nt-0001`):
//! an id made from a name would keep the name in the log after the person is erased. Institutions
//! and services keep readable ids, since they name no one.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use kooperacje::person::PersonRecord;
use kooperacje::readiness::ReadinessCondition;
use kooperacje::{CommandEnvelope, Error, EventEnvelope, PartnershipId, State};
use serde_json::{json, Value};

/// The PZK of the story.
pub const PARTNERSHIP: &str = "pzk-wolka";
/// The family taken through the whole lifecycle (the Kowalskis).
pub const ZZK_FULL: &str = "zzk-2026-0001";
/// The person who refuses consent (Mr Nowak).
pub const ZZK_REFUSED: &str = "zzk-2026-0002";
/// The family whose consent is withdrawn mid-plan (the Wiśniewskis).
pub const ZZK_WITHDRAWN: &str = "zzk-2026-0003";

/// The staff's accounts in the OPS's system: the director of the OPS, who forms the PZK…
const OPS_HEAD: &str = "u-0001";
/// … the PZK's coordinator, Ms Anna…
const COORDINATOR: &str = "u-0007";
/// … and the social worker of the three families, Ms Ewa.
const SOCIAL_WORKER: &str = "u-0012";

/// The default report date: the end of the story, so the output never depends on today's date.
pub fn default_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 30).expect("valid date")
}

/// The outcome of playing the story.
pub struct Played {
    /// The state after the last command.
    pub state: State,
    /// Every event, in order.
    pub events: Vec<EventEnvelope>,
    /// The story's PZK.
    pub partnership: PartnershipId,
}

/// A command of the script that the core rejected: a bug in the story or in the core.
#[derive(Debug)]
pub struct StoryError {
    /// Position of the command in the script.
    pub index: usize,
    /// Its type, for the message.
    pub command: String,
    /// The core's error.
    pub error: Error,
}

/// Every command of the story, in time order.
pub fn commands() -> Vec<CommandEnvelope> {
    script()
}

/// The command's `type`, for messages.
pub fn command_type(cmd: &CommandEnvelope) -> String {
    serde_json::to_value(&cmd.command)
        .ok()
        .and_then(|v| v["type"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The people of the story, as personal-data records kept apart from the events (which name
/// them only by id). Invented people; the PESEL numbers are left out on purpose.
pub fn people() -> Vec<PersonRecord> {
    [
        ("os-000417", "Jan", "Kowalski", 1984),
        ("os-000418", "Maria", "Kowalska", 1987),
        ("os-000419", "Zosia", "Kowalska", 2014),
        ("os-000522", "Piotr", "Nowak", 1961),
        ("os-000603", "Anna", "Wiśniewska", 1990),
        ("os-000604", "Kuba", "Wiśniewski", 2012),
    ]
    .into_iter()
    .map(|(id, given, family, year)| PersonRecord {
        id: id.into(),
        given_name: given.into(),
        family_name: family.into(),
        pesel: None,
        address: Some("Wólka".into()),
        postcode: None,
        phone: None,
        email: None,
        birth_year: Some(year),
    })
    .collect()
}

/// Plays the whole story.
pub fn play() -> Result<Played, StoryError> {
    let mut state = State::new();
    let mut events = Vec::new();
    for (index, cmd) in script().into_iter().enumerate() {
        let produced = state.execute(&cmd).map_err(|error| StoryError {
            index,
            command: command_type(&cmd),
            error,
        })?;
        events.extend(produced);
    }
    Ok(Played {
        state,
        events,
        partnership: PartnershipId::from(PARTNERSHIP),
    })
}

/// Writes commands with a clock: each command is a minute after the previous one, and `day` sets
/// 09:00 of a date. Each thread of the story (the PZK, each family) keeps its own time moving
/// forward; `script` then merges the threads in time order, as they would reach a host's log.
struct Script {
    now: DateTime<Utc>,
    actor: &'static str,
    commands: Vec<CommandEnvelope>,
}

impl Script {
    fn day(&mut self, y: i32, m: u32, d: u32) -> NaiveDate {
        let next = Utc
            .with_ymd_and_hms(y, m, d, 9, 0, 0)
            .single()
            .expect("valid date");
        self.now = next;
        next.date_naive()
    }

    fn by(&mut self, actor: &'static str) -> &mut Self {
        self.actor = actor;
        self
    }

    fn push(&mut self, command: Value) {
        let envelope = json!({ "at": self.now, "actor": self.actor, "command": command });
        let parsed = serde_json::from_value(envelope.clone())
            .unwrap_or_else(|e| panic!("the story writes a malformed command {envelope}: {e}"));
        self.commands.push(parsed);
        self.now += Duration::minutes(1);
    }
}

fn profile(name: &str, area: &str, ministry: &str, sector: &str, level: &str) -> Value {
    json!({ "name": name, "areas": [area], "ministry": ministry, "sector": sector, "level": level })
}

/// Partner institutions: id, profile.
fn institutions() -> Vec<(&'static str, Value)> {
    vec![
        (
            "sp1",
            profile(
                "Szkoła Podstawowa nr 1 w Wólce",
                "education",
                "education",
                "public",
                "gmina",
            ),
        ),
        (
            "przychodnia",
            profile(
                "Przychodnia „Zdrowie” sp. z o.o.",
                "health",
                "health",
                "non_public",
                "gmina",
            ),
        ),
        (
            "stowarzyszenie",
            profile(
                "Stowarzyszenie „Razem dla Rodziny”",
                "family_support",
                "none",
                "ngo",
                "gmina",
            ),
        ),
        (
            "cis",
            profile(
                "Centrum Integracji Społecznej",
                "employment",
                "labour",
                "social_economy",
                "powiat",
            ),
        ),
        (
            "pcpr",
            profile(
                "Powiatowe Centrum Pomocy Rodzinie",
                "family_support",
                "family_social_policy",
                "public",
                "powiat",
            ),
        ),
        (
            "caritas",
            profile(
                "Parafialny Zespół Caritas",
                "social_assistance",
                "none",
                "church",
                "gmina",
            ),
        ),
        (
            "policja",
            profile(
                "Posterunek Policji w Wólce",
                "public_safety",
                "interior",
                "public",
                "powiat",
            ),
        ),
        (
            "piekarnia",
            profile(
                "Piekarnia Kłos — pracodawca",
                "employment",
                "none",
                "business",
                "gmina",
            ),
        ),
    ]
}

/// A service card as the story writes it: id, name, description, provider (a member's id, or the
/// name of an institution outside the PZK), origin, area of cooperation.
type Card = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The local basket: services of PZK members, adjacent-area and self-help services.
fn services() -> Vec<Card> {
    vec![
        (
            "u-psycholog",
            "Pomoc psychologiczna",
            "Konsultacje indywidualne i rodzinne psychologa",
            "przychodnia",
            "partner",
            "health",
        ),
        (
            "u-prawnik",
            "Poradnictwo prawne",
            "Nieodpłatna pomoc prawna, sprawy rodzinne i mieszkaniowe",
            "stowarzyszenie",
            "partner",
            "social_assistance",
        ),
        (
            "u-asystent",
            "Asystent rodziny",
            "Wsparcie rodziny w prowadzeniu gospodarstwa i opiece nad dziećmi",
            "pcpr",
            "partner",
            "family_support",
        ),
        (
            "u-terapia",
            "Terapia uzależnień",
            "Grupa wsparcia i terapia indywidualna",
            "przychodnia",
            "partner",
            "health",
        ),
        (
            "u-pedagog",
            "Pomoc pedagoga szkolnego",
            "Konsultacje pedagogiczne dla uczniów i rodziców",
            "sp1",
            "partner",
            "education",
        ),
        (
            "u-swietlica",
            "Świetlica środowiskowa",
            "Zajęcia popołudniowe i pomoc w nauce dla dzieci",
            "sp1",
            "partner",
            "education",
        ),
        (
            "u-reintegracja",
            "Reintegracja zawodowa",
            "Warsztaty zawodowe i staż w CIS",
            "cis",
            "partner",
            "employment",
        ),
        (
            "u-kis",
            "Klub Integracji Społecznej",
            "Grupowe wsparcie w powrocie na rynek pracy",
            "cis",
            "partner",
            "employment",
        ),
        (
            "u-staz",
            "Zatrudnienie wspierane",
            "Praca w piekarni z opiekunem stanowiska",
            "piekarnia",
            "partner",
            "employment",
        ),
        (
            "u-paczki",
            "Pomoc żywnościowa",
            "Paczki żywnościowe i odzież z magazynu Caritas",
            "caritas",
            "partner",
            "social_assistance",
        ),
        (
            "u-wolontariat",
            "Wolontariat opiekuńczy",
            "Odwiedziny wolontariuszy u osób samotnych",
            "caritas",
            "partner",
            "social_assistance",
        ),
        (
            "u-dzielnicowy",
            "Dzielnicowy — profilaktyka przemocy",
            "Rozmowy profilaktyczne i interwencje",
            "policja",
            "partner",
            "public_safety",
        ),
        (
            "u-piecza",
            "Poradnictwo dla rodzin zastępczych",
            "Konsultacje i szkolenia dla rodzin zastępczych",
            "pcpr",
            "partner",
            "family_support",
        ),
        (
            "u-mieszkania",
            "Mieszkanie chronione",
            "Mieszkanie treningowe dla osób usamodzielnianych",
            "pcpr",
            "partner",
            "social_assistance",
        ),
        (
            "u-rodzice",
            "Szkoła dla rodziców",
            "Warsztaty umiejętności wychowawczych",
            "stowarzyszenie",
            "partner",
            "family_support",
        ),
        (
            "u-ppp",
            "Poradnia psychologiczno-pedagogiczna",
            "Diagnoza i terapia dzieci, Łódź — filia w powiecie",
            "Poradnia Psychologiczno-Pedagogiczna w Łodzi",
            "adjacent_area",
            "education",
        ),
        (
            "u-aa",
            "Grupa samopomocowa AA",
            "Mityngi wspólnoty w salce parafialnej",
            "Wspólnota AA „Nadzieja”",
            "self_help",
            "health",
        ),
        (
            "u-transport",
            "Dowóz na rehabilitację",
            "Transport osób z niepełnosprawnością",
            "Fundacja „Koło”",
            "adjacent_area",
            "health",
        ),
    ]
}

fn service_input(
    (name, description, provider, origin, area): (&str, &str, &str, &str, &str),
    verified_on: NaiveDate,
) -> Value {
    let is_member = institutions().iter().any(|(id, _)| *id == provider);
    let provider = if is_member {
        json!({"kind": "member", "member_id": provider})
    } else {
        json!({"kind": "external", "name": provider, "sector": "ngo", "ministry": null})
    };
    json!({
        "name": name, "description": description, "kind": "simple", "components": [],
        "provider": provider, "origin": origin, "areas": [area],
        "target": {"persons": true, "families": true, "groups": false, "age_min": null, "age_max": null},
        "access_conditions": "skierowanie pracownika socjalnego lub zgłoszenie osobiste",
        "contact_person": "sekretariat placówki", "verified_on": verified_on,
    })
}

fn pzk_meeting(id: &str, kind: &str, on: NaiveDate, approves: &[&str]) -> Value {
    json!({"type": "hold_pzk_meeting", "partnership_id": PARTNERSHIP, "meeting_id": id, "kind": kind,
           "held_on": on, "minutes_by": COORDINATOR, "minutes": format!("note-{id}"),
           "minutes_read_out": true, "remote": false, "attending": [], "approves_minutes_of": approves})
}

fn zzk_meeting(
    z: &str,
    (id, minutes): (&str, &str),
    kind: &str,
    on: NaiveDate,
    family: bool,
    plan: Option<Value>,
) -> Value {
    json!({"type": "hold_zzk_meeting", "zzk_id": z, "meeting_id": id, "kind": kind, "held_on": on,
           "family_present": family, "representative_present": false, "attending": [], "remote": false,
           "minutes": minutes, "assessment": null, "plan": plan, "project": null})
}

/// Stage 1 of a ZZK up to the proposal: need, helping relationship, interview, grounds, proposal.
/// `notes` are the ids of the interview's and the grounds' notes.
fn recognise_need(s: &mut Script, z: &str, client: Value, notes: [&str; 2], partners: &[&str]) {
    let today = s.now.date_naive();
    s.push(
        json!({"type": "report_need", "zzk_id": z, "partnership_id": PARTNERSHIP,
                  "social_worker": SOCIAL_WORKER, "client": client}),
    );
    s.push(json!({"type": "establish_helping_relationship", "zzk_id": z}));
    s.push(
        json!({"type": "record_initial_diagnosis", "zzk_id": z, "interview_on": today,
                  "diagnosis": notes[0]}),
    );
    s.push(
        json!({"type": "record_grounds", "zzk_id": z, "grounds": notes[1],
                  "potential_partners": partners}),
    );
    s.push(json!({"type": "propose_zzk_work", "zzk_id": z}));
}

fn script() -> Vec<CommandEnvelope> {
    let mut s = Script {
        now: Utc
            .with_ymd_and_hms(2026, 1, 12, 9, 0, 0)
            .single()
            .expect("valid date"),
        actor: OPS_HEAD,
        commands: Vec::new(),
    };
    partnership(&mut s);
    family_full(&mut s);
    family_refusing(&mut s);
    family_withdrawing(&mut s);
    later_in_the_year(&mut s);
    // A stable sort keeps each thread's own order for commands of the same minute.
    s.commands.sort_by_key(|c| c.at);
    s.commands
}

/// The PZK from the mayor's authorisation to operation, January–March.
fn partnership(s: &mut Script) {
    let p = PARTNERSHIP;
    let jan = s.day(2026, 1, 12);
    s.push(json!({"type": "register_partnership", "partnership_id": p, "name": "PZK Gminy Wólka",
                  "coverage": "Gmina Wólka", "ops_member_id": "ops",
                  "ops_profile": profile("Ośrodek Pomocy Społecznej w Wólce", "social_assistance", "family_social_policy", "public", "gmina")}));
    s.push(
        json!({"type": "record_mayor_authorisation", "partnership_id": p, "authorised_on": jan,
                  "reference": "Zarządzenie Wójta nr 12/2026"}),
    );
    for condition in ReadinessCondition::ALL.iter().filter(|c| c.is_obligatory()) {
        s.push(json!({"type": "record_readiness", "partnership_id": p, "condition": condition.code(), "met": true}));
    }
    for step in [
        "preparation",
        "rops_informed",
        "initiating_meeting_organised",
    ] {
        s.push(json!({"type": "complete_initiation_step", "partnership_id": p, "step": step}));
    }
    for (id, prof) in institutions() {
        s.push(
            json!({"type": "invite_member", "partnership_id": p, "member_id": id, "profile": prof}),
        );
    }
    let initiating = s.day(2026, 2, 3);
    s.push(pzk_meeting(
        "pzk-spotkanie-1",
        "initiating",
        initiating,
        &[],
    ));
    let verified = s.day(2026, 2, 20);
    for (id, name, description, provider, origin, area) in services() {
        s.push(json!({"type": "add_service", "partnership_id": p, "service_id": id,
                      "reason": "karta usługi od partnera",
                      "service": service_input((name, description, provider, origin, area), verified)}));
    }
    for step in ["basket_built", "formalising_meeting_prepared"] {
        s.push(json!({"type": "complete_initiation_step", "partnership_id": p, "step": step}));
    }
    let formalising = s.day(2026, 3, 10);
    s.push(pzk_meeting(
        "pzk-spotkanie-2",
        "formalising",
        formalising,
        &["pzk-spotkanie-1"],
    ));
    for id in ["sp1", "przychodnia", "stowarzyszenie", "pcpr", "caritas"] {
        s.push(json!({"type": "sign_declaration", "partnership_id": p, "member_id": id, "declared_services": []}));
    }
    for id in ["cis", "policja"] {
        s.push(json!({"type": "record_participation", "partnership_id": p, "member_id": id}));
    }
    s.push(json!({"type": "appoint_coordinator", "partnership_id": p, "coordinator": COORDINATOR, "keeps_registry": true}));
    s.push(json!({"type": "adopt_rules_of_procedure", "partnership_id": p, "rules": {
        "meeting_cadence_months": 3, "basket_verification_months": 12, "evaluation_cadence_months": 12,
        "monitoring_period_months": 1, "minutes_approved_at_next_meeting": true}}));
    s.push(json!({"type": "present_basket", "partnership_id": p}));
    s.push(json!({"type": "adopt_annual_plan", "partnership_id": p, "year": 2026,
                  "actions": ["Diagnoza zasobów gminy", "Szkolenie z pracy zespołowej", "Aktualizacja koszyka usług"]}));
    s.push(json!({"type": "start_operating", "partnership_id": p}));
}

/// The Kowalski family: the whole lifecycle, March–September: stage 1, appointment, a plan, a
/// suspension for a crisis and the return, evaluation, closure and two months of monitoring after it.
fn family_full(s: &mut Script) {
    let z = ZZK_FULL;
    s.day(2026, 3, 16);
    s.by(SOCIAL_WORKER);
    recognise_need(
        s,
        z,
        json!({"kind": "family", "household": ["os-000417", "os-000418", "os-000419"], "group_kind": null}),
        ["nt-0001", "nt-0002"],
        &["sp1", "przychodnia", "cis"],
    );
    s.push(json!({"type": "give_consent", "zzk_id": z, "consent_id": "zg-0001",
                  "given_by": "os-000418", "capacity": "adult_family_member", "form": "written",
                  "scope": {"zzk_work": true, "share_with": ["sp1", "przychodnia", "cis"], "evaluation": true},
                  "valid_until": null}));
    s.push(json!({"type": "appoint_zzk", "zzk_id": z, "phase": "diagnosis"}));
    for (m, member, worker, role) in [
        ("zm-0001", "sp1", "u-0031", "pedagog szkolny"),
        (
            "zm-0002",
            "przychodnia",
            "u-0044",
            "pielęgniarka środowiskowa",
        ),
        ("zm-0003", "cis", "u-0052", "doradca zawodowy"),
    ] {
        s.push(json!({"type": "add_zzk_member", "zzk_id": z, "zzk_member_id": m, "member_id": member, "worker": worker, "role": role}));
    }
    let consultation = s.day(2026, 3, 20);
    s.push(zzk_meeting(
        z,
        ("mt-0001", "nt-0003"),
        "consultation",
        consultation,
        false,
        None,
    ));
    s.push(json!({"type": "invite_to_first_meeting", "zzk_id": z, "planned_on": "2026-03-27"}));
    let first = s.day(2026, 3, 27);
    s.push(zzk_meeting(z, ("mt-0002", "nt-0004"), "first", first, true, Some(json!({
        "case_number": "OPS.5120.14.2026",
        "situation": {"housing": "nt-0005", "occupational": "nt-0006"},
        "problems": "nt-0007",
        "main_goal": "Rodzina samodzielnie utrzymuje mieszkanie i dochód",
        "goals": [
            {"goal_id": "cel-0001", "title": "Zatrudnienie ojca"},
            {"goal_id": "cel-0002", "title": "Poprawa frekwencji córki w szkole"}
        ],
        "tasks": [
            {"task_id": "zad-0001", "goal_id": "cel-0001", "title": "Udział w Klubie Integracji Społecznej",
             "responsible": {"kind": "member", "zzk_member_id": "zm-0003"}, "deadline": "2026-05-29"},
            {"task_id": "zad-0002", "goal_id": "cel-0002", "title": "Konsultacje z pedagogiem co dwa tygodnie",
             "responsible": {"kind": "member", "zzk_member_id": "zm-0001"}, "deadline": "2026-06-26"},
            {"task_id": "zad-0003", "goal_id": "cel-0002", "title": "Codzienne odprowadzanie córki do szkoły",
             "responsible": {"kind": "family"}, "deadline": "2026-06-26"}
        ]
    }))));
    s.push(json!({"type": "add_basket_item", "zzk_id": z, "item_id": "poz-0001", "service_id": "u-kis", "task_id": "zad-0001"}));
    s.push(json!({"type": "add_basket_item", "zzk_id": z, "item_id": "poz-0002", "service_id": "u-pedagog", "task_id": "zad-0002"}));
    s.push(
        json!({"type": "record_unmet_need", "zzk_id": z, "item_id": "poz-0003", "area": "health",
                  "need": "Logopeda dla córki — brak w koszyku", "request_id": "wniosek-logopeda"}),
    );
    s.day(2026, 4, 2);
    s.push(
        json!({"type": "start_social_work_project", "zzk_id": z, "project": {
        "project_id": "proj-0001", "title": "Rodzinne budżetowanie", "planned_end": "2026-06-15"}}),
    );
    s.day(2026, 4, 30);
    s.push(json!({"type": "record_monitoring", "zzk_id": z, "period": "2026-04", "source": "partner_information",
                  "entries": [
                      {"task_id": "zad-0001", "status": "in_progress", "info": null},
                      {"task_id": "zad-0002", "status": "in_progress", "info": null}
                  ]}));
    let follow_up = s.day(2026, 5, 8);
    s.push(zzk_meeting(
        z,
        ("mt-0003", "nt-0008"),
        "follow_up",
        follow_up,
        true,
        None,
    ));
    s.day(2026, 5, 18);
    s.push(
        json!({"type": "suspend_zzk", "zzk_id": z, "ground": "crisis", "review_on": "2026-06-01",
                  "details": "nt-0009"}),
    );
    s.day(2026, 6, 1);
    s.push(json!({"type": "resume_zzk", "zzk_id": z, "ground": "cause_ended"}));
    s.push(json!({"type": "record_monitoring", "zzk_id": z, "period": "2026-05", "source": "monitoring_meeting",
                  "entries": [
                      {"task_id": "zad-0001", "status": "done", "info": null},
                      {"task_id": "zad-0002", "status": "in_progress", "info": null},
                      {"task_id": "zad-0003", "status": "done", "info": null}
                  ]}));
    s.day(2026, 6, 5);
    s.push(json!({"type": "leave_zzk_form", "zzk_id": z, "reason": "Wakacyjna przerwa partnerów; praca socjalna OPS"}));
    s.day(2026, 6, 15);
    s.push(json!({"type": "end_social_work_project", "zzk_id": z, "project_id": "proj-0001", "achievement": "full"}));
    s.day(2026, 6, 22);
    s.push(json!({"type": "return_to_zzk_form", "zzk_id": z}));
    let last = s.day(2026, 6, 26);
    s.push(zzk_meeting(
        z,
        ("mt-0004", "nt-0010"),
        "follow_up",
        last,
        true,
        None,
    ));
    s.push(json!({"type": "evaluate_plan", "zzk_id": z, "evaluation_id": "oc-0001",
                  "goals": [
                      {"goal_id": "cel-0001", "achievement": "full", "reasons": null},
                      {"goal_id": "cel-0002", "achievement": "partial", "reasons": "Zmiana szkoły w trakcie roku"}
                  ],
                  "main_goal": "full", "next_evaluation_on": null}));
    s.push(
        json!({"type": "record_questionnaire", "zzk_id": z, "evaluation_id": "ank-0001",
                  "kind": "ex_post", "respondent": "u-0031",
                  "answers": {"wspolpraca": "dobra", "komunikacja": "sprawna"}}),
    );
    s.push(json!({"type": "record_end_of_work_evaluation", "zzk_id": z, "evaluation_id": "ew-0001", "survey": {
        "most_valuable": "Wspólne planowanie z rodziną", "weak_points": "Trudno zgrać terminy spotkań",
        "suggestions": "Część spotkań konsultacyjnych zdalnie", "form": "simple_survey"}}));
    s.push(json!({"type": "close_zzk", "zzk_id": z, "reason": "goals_achieved", "monitor_until": "2026-08-31"}));
    s.day(2026, 8, 20);
    s.push(json!({"type": "record_post_support_observation", "zzk_id": z, "note": "nt-0011"}));
    s.day(2026, 9, 1);
    s.push(json!({"type": "end_post_support_monitoring", "zzk_id": z}));
}

/// Mr Nowak: the work is proposed and he refuses consent, April.
fn family_refusing(s: &mut Script) {
    let z = ZZK_REFUSED;
    s.day(2026, 4, 14);
    recognise_need(
        s,
        z,
        json!({"kind": "person", "household": ["os-000522"], "group_kind": null}),
        ["nt-0012", "nt-0013"],
        &["przychodnia", "caritas"],
    );
    s.push(json!({"type": "refuse_consent", "zzk_id": z, "refused_by": "os-000522", "capacity": "person"}));
}

/// The Wiśniewski family: a plan in progress, then consent withdrawn, May–July.
fn family_withdrawing(s: &mut Script) {
    let z = ZZK_WITHDRAWN;
    s.day(2026, 5, 4);
    recognise_need(
        s,
        z,
        json!({"kind": "family", "household": ["os-000603", "os-000604"], "group_kind": null}),
        ["nt-0014", "nt-0015"],
        &["stowarzyszenie", "pcpr"],
    );
    s.push(json!({"type": "give_consent", "zzk_id": z, "consent_id": "zg-0002",
                  "given_by": "os-000603", "capacity": "adult_family_member", "form": "electronic",
                  "scope": {"zzk_work": true, "share_with": ["stowarzyszenie", "pcpr"], "evaluation": false},
                  "valid_until": "2027-05-04"}));
    s.push(json!({"type": "appoint_zzk", "zzk_id": z, "phase": "planning"}));
    s.push(json!({"type": "add_zzk_member", "zzk_id": z, "zzk_member_id": "zm-0004", "member_id": "stowarzyszenie",
                  "worker": "u-0063", "role": "terapeuta rodzinny"}));
    s.push(json!({"type": "add_zzk_member", "zzk_id": z, "zzk_member_id": "zm-0005", "member_id": "pcpr",
                  "worker": "u-0071", "role": "asystent rodziny"}));
    s.push(
        json!({"type": "add_guest", "zzk_id": z, "zzk_member_id": "zm-0006", "worker": "u-0090",
                  "institution": "Polski Związek Głuchych", "role": "tłumacz języka migowego"}),
    );
    let consultation = s.day(2026, 5, 8);
    s.push(zzk_meeting(
        z,
        ("mt-0005", "nt-0016"),
        "consultation",
        consultation,
        false,
        None,
    ));
    s.push(json!({"type": "invite_to_first_meeting", "zzk_id": z, "planned_on": "2026-05-15"}));
    let first = s.day(2026, 5, 15);
    s.push(zzk_meeting(z, ("mt-0006", "nt-0017"), "first", first, true, Some(json!({
        "case_number": "OPS.5120.22.2026",
        "situation": {"family_relations": "nt-0018"},
        "problems": "nt-0019",
        "main_goal": "Bezpieczne i stabilne relacje w rodzinie",
        "goals": [{"goal_id": "cel-0003", "title": "Terapia rodzinna"}],
        "tasks": [
            {"task_id": "zad-0004", "goal_id": "cel-0003", "title": "Cykl spotkań terapii rodzinnej",
             "responsible": {"kind": "member", "zzk_member_id": "zm-0004"}, "deadline": "2026-07-31"},
            {"task_id": "zad-0005", "goal_id": "cel-0003", "title": "Udział w Szkole dla rodziców",
             "responsible": {"kind": "family"}, "deadline": "2026-06-30"}
        ]
    }))));
    s.push(json!({"type": "add_basket_item", "zzk_id": z, "item_id": "poz-0004", "service_id": "u-rodzice", "task_id": "zad-0005"}));
    s.push(json!({"type": "add_basket_item", "zzk_id": z, "item_id": "poz-0005", "service_id": "u-psycholog", "task_id": "zad-0004"}));
    s.day(2026, 6, 10);
    s.push(json!({"type": "withdraw_consent", "zzk_id": z, "consent_id": "zg-0002", "review_on": "2026-07-10"}));
}

/// The PZK's own work through the year: a meeting, a late joiner, requests, a consultation, a
/// conflict, a refusal to cooperate and a service paused.
fn later_in_the_year(s: &mut Script) {
    let p = PARTNERSHIP;
    s.by(COORDINATOR);
    let regular = s.day(2026, 6, 16);
    s.push(pzk_meeting(
        "pzk-spotkanie-3",
        "regular",
        regular,
        &["pzk-spotkanie-2"],
    ));
    // Flexible formalisation: the bakery, invited in January, joins without a declaration.
    s.push(json!({"type": "record_participation", "partnership_id": p, "member_id": "piekarnia"}));
    s.push(
        json!({"type": "decide_request", "partnership_id": p, "request_id": "wniosek-logopeda",
                  "accepted": true, "reason": null}),
    );
    s.push(
        json!({"type": "file_request", "partnership_id": p, "request_id": "wniosek-kurator",
                  "kind": "extend_composition", "scope": "Kuratorzy sądowi",
                  "content": "Zaprosić zespół kuratorskiej służby sądowej", "zzk_id": null}),
    );
    s.push(
        json!({"type": "file_request", "partnership_id": p, "request_id": "wniosek-kino",
                  "kind": "extend_basket", "scope": "Kultura",
                  "content": "Bilety do kina dla dzieci", "zzk_id": null}),
    );
    s.push(
        json!({"type": "decide_request", "partnership_id": p, "request_id": "wniosek-kino",
                  "accepted": false, "reason": "Poza zakresem wsparcia PZK"}),
    );
    s.push(json!({"type": "record_consultation", "partnership_id": p, "consultation_id": "konsultacja-1",
                  "zzk_id": ZZK_WITHDRAWN, "topic": "Jak wrócić do pracy z rodziną po cofnięciu zgody",
                  "supervision_needed": true}));
    s.push(
        json!({"type": "raise_conflict", "partnership_id": p, "conflict_id": "konflikt-1",
                  "summary": "Spór o terminy zajęć świetlicy", "zzk_id": null}),
    );
    s.push(
        json!({"type": "resolve_conflict", "partnership_id": p, "conflict_id": "konflikt-1",
                  "resolution": "Nowy harmonogram uzgodniony na spotkaniu"}),
    );
    s.push(
        json!({"type": "report_refusal", "partnership_id": p, "refusal_id": "odmowa-1",
                  "zzk_id": ZZK_WITHDRAWN, "member_id": "policja", "worker": "u-0085"}),
    );
    s.push(
        json!({"type": "inform_members_of_refusal", "partnership_id": p, "refusal_id": "odmowa-1"}),
    );
    s.push(
        json!({"type": "change_service_status", "partnership_id": p, "service_id": "u-staz",
                  "status": "temporarily_unavailable", "reason": "Przerwa remontowa w piekarni"}),
    );
    let verified = s.day(2026, 9, 15);
    s.push(json!({"type": "verify_service", "partnership_id": p, "service_id": "u-psycholog", "verified_on": verified}));
    s.push(json!({"type": "record_pzk_evaluation", "partnership_id": p, "evaluation_id": "ewaluacja-pzk-2026",
                  "external": false, "main_goal": "partial",
                  "specific_goals": {"start_cooperation": "full", "conditions_for_zzk": "full",
                                     "cooperation_quality": "partial", "members_knowledge": "partial"},
                  "report": "note-ewaluacja-pzk-2026"}));
}
