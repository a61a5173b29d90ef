//! The demo's story: one PZK of a small Polish municipality and three families, played through the
//! core's commands only. Every rule it meets is the core's; this module only writes the script,
//! with the core's typed building blocks ([`kooperacje::sample::blocks`]), the same blocks the
//! core's sample data is written with.
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

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use kooperacje::consent::{ConsentParty, ConsentScope};
use kooperacje::evaluation::{Achievement, PzkGoal, QuestionnaireKind, SupportContinuation};
use kooperacje::id_map::IdMap;
use kooperacje::meeting::{PzkMeetingKind, ZzkMeetingKind};
use kooperacje::monitoring::{MonitoringSource, Period};
use kooperacje::partnership::RequestKind;
use kooperacje::person::PersonRecord;
use kooperacje::plan::TaskStatus::{Done, InProgress};
use kooperacje::plan::{GoalEvaluation, PlanInput, ProjectInput, Responsible, SituationArea};
use kooperacje::sample::blocks::{
    by_member, consent_scope, family, goal, person, profile, progress, responsible_member,
    simple_survey, task, CardTerms, Case, Formalisation, Opening, Pzk, Recognition, ZzkMeeting,
};
use kooperacje::sample::Script;
use kooperacje::zzk::{ClosureReason, SocialWorkPhase};
use kooperacje::{
    Area, ClientInput, Command, CommandEnvelope, ConsentCapacity, ConsentForm, Error,
    EventEnvelope, InitiationStep, InstitutionProfile, Ministry, NoteRef, PartnershipId, Provider,
    ReturnGround, Sector, ServiceOrigin, ServiceStatus, State, SuspensionGround, TerritorialLevel,
};

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
    cmd.command.type_code().to_owned()
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

/// A date of the story.
fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Sets the script's clock to 09:00 of a date; each command is then a minute after the previous
/// one. Each thread of the story (the PZK, each family) keeps its own time moving forward;
/// `script` then puts the threads' commands in time order, as they would reach a host's log.
fn day(s: &mut Script, y: i32, m: u32, d: u32) -> NaiveDate {
    let next = Utc
        .with_ymd_and_hms(y, m, d, 9, 0, 0)
        .single()
        .expect("valid date");
    s.set_now(next);
    next.date_naive()
}

/// The story's PZK, whose coordinator takes the minutes.
fn pzk() -> Pzk {
    Pzk::new(PARTNERSHIP, COORDINATOR)
}

/// A family's case, managed by the story's social worker.
fn case(zzk: &str) -> Case {
    Case::new(zzk, PARTNERSHIP, SOCIAL_WORKER)
}

/// A PZK meeting whose minutes are the note `note-<meeting>`.
fn pzk_meeting(id: &str, kind: PzkMeetingKind, on: NaiveDate, approves: &[&str]) -> Command {
    pzk().meeting(id, kind, on, &format!("note-{id}"), approves)
}

/// Partner institutions: id, profile.
fn institutions() -> Vec<(&'static str, InstitutionProfile)> {
    use Area as A;
    use TerritorialLevel::{Gmina, Powiat};
    vec![
        (
            "sp1",
            profile(
                "Szkoła Podstawowa nr 1 w Wólce",
                A::Education,
                Ministry::Education,
                Sector::Public,
                Gmina,
            ),
        ),
        (
            "przychodnia",
            profile(
                "Przychodnia „Zdrowie” sp. z o.o.",
                A::Health,
                Ministry::Health,
                Sector::NonPublic,
                Gmina,
            ),
        ),
        (
            "stowarzyszenie",
            profile(
                "Stowarzyszenie „Razem dla Rodziny”",
                A::FamilySupport,
                Ministry::None,
                Sector::Ngo,
                Gmina,
            ),
        ),
        (
            "cis",
            profile(
                "Centrum Integracji Społecznej",
                A::Employment,
                Ministry::Labour,
                Sector::SocialEconomy,
                Powiat,
            ),
        ),
        (
            "pcpr",
            profile(
                "Powiatowe Centrum Pomocy Rodzinie",
                A::FamilySupport,
                Ministry::FamilySocialPolicy,
                Sector::Public,
                Powiat,
            ),
        ),
        (
            "caritas",
            profile(
                "Parafialny Zespół Caritas",
                A::SocialAssistance,
                Ministry::None,
                Sector::Church,
                Gmina,
            ),
        ),
        (
            "policja",
            profile(
                "Posterunek Policji w Wólce",
                A::PublicSafety,
                Ministry::Interior,
                Sector::Public,
                Powiat,
            ),
        ),
        (
            "piekarnia",
            profile(
                "Piekarnia Kłos — pracodawca",
                A::Employment,
                Ministry::None,
                Sector::Business,
                Gmina,
            ),
        ),
    ]
}

/// A service card as the story writes it.
struct Card {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    /// A member's id, or the name of an institution outside the PZK.
    provider: &'static str,
    origin: ServiceOrigin,
    /// The area of cooperation.
    area: Area,
}

/// The local basket: services of PZK members, adjacent-area and self-help services.
const SERVICES: [Card; 18] = [
    Card {
        id: "u-psycholog",
        name: "Pomoc psychologiczna",
        description: "Konsultacje indywidualne i rodzinne psychologa",
        provider: "przychodnia",
        origin: ServiceOrigin::Partner,
        area: Area::Health,
    },
    Card {
        id: "u-prawnik",
        name: "Poradnictwo prawne",
        description: "Nieodpłatna pomoc prawna, sprawy rodzinne i mieszkaniowe",
        provider: "stowarzyszenie",
        origin: ServiceOrigin::Partner,
        area: Area::SocialAssistance,
    },
    Card {
        id: "u-asystent",
        name: "Asystent rodziny",
        description: "Wsparcie rodziny w prowadzeniu gospodarstwa i opiece nad dziećmi",
        provider: "pcpr",
        origin: ServiceOrigin::Partner,
        area: Area::FamilySupport,
    },
    Card {
        id: "u-terapia",
        name: "Terapia uzależnień",
        description: "Grupa wsparcia i terapia indywidualna",
        provider: "przychodnia",
        origin: ServiceOrigin::Partner,
        area: Area::Health,
    },
    Card {
        id: "u-pedagog",
        name: "Pomoc pedagoga szkolnego",
        description: "Konsultacje pedagogiczne dla uczniów i rodziców",
        provider: "sp1",
        origin: ServiceOrigin::Partner,
        area: Area::Education,
    },
    Card {
        id: "u-swietlica",
        name: "Świetlica środowiskowa",
        description: "Zajęcia popołudniowe i pomoc w nauce dla dzieci",
        provider: "sp1",
        origin: ServiceOrigin::Partner,
        area: Area::Education,
    },
    Card {
        id: "u-reintegracja",
        name: "Reintegracja zawodowa",
        description: "Warsztaty zawodowe i staż w CIS",
        provider: "cis",
        origin: ServiceOrigin::Partner,
        area: Area::Employment,
    },
    Card {
        id: "u-kis",
        name: "Klub Integracji Społecznej",
        description: "Grupowe wsparcie w powrocie na rynek pracy",
        provider: "cis",
        origin: ServiceOrigin::Partner,
        area: Area::Employment,
    },
    Card {
        id: "u-staz",
        name: "Zatrudnienie wspierane",
        description: "Praca w piekarni z opiekunem stanowiska",
        provider: "piekarnia",
        origin: ServiceOrigin::Partner,
        area: Area::Employment,
    },
    Card {
        id: "u-paczki",
        name: "Pomoc żywnościowa",
        description: "Paczki żywnościowe i odzież z magazynu Caritas",
        provider: "caritas",
        origin: ServiceOrigin::Partner,
        area: Area::SocialAssistance,
    },
    Card {
        id: "u-wolontariat",
        name: "Wolontariat opiekuńczy",
        description: "Odwiedziny wolontariuszy u osób samotnych",
        provider: "caritas",
        origin: ServiceOrigin::Partner,
        area: Area::SocialAssistance,
    },
    Card {
        id: "u-dzielnicowy",
        name: "Dzielnicowy — profilaktyka przemocy",
        description: "Rozmowy profilaktyczne i interwencje",
        provider: "policja",
        origin: ServiceOrigin::Partner,
        area: Area::PublicSafety,
    },
    Card {
        id: "u-piecza",
        name: "Poradnictwo dla rodzin zastępczych",
        description: "Konsultacje i szkolenia dla rodzin zastępczych",
        provider: "pcpr",
        origin: ServiceOrigin::Partner,
        area: Area::FamilySupport,
    },
    Card {
        id: "u-mieszkania",
        name: "Mieszkanie chronione",
        description: "Mieszkanie treningowe dla osób usamodzielnianych",
        provider: "pcpr",
        origin: ServiceOrigin::Partner,
        area: Area::SocialAssistance,
    },
    Card {
        id: "u-rodzice",
        name: "Szkoła dla rodziców",
        description: "Warsztaty umiejętności wychowawczych",
        provider: "stowarzyszenie",
        origin: ServiceOrigin::Partner,
        area: Area::FamilySupport,
    },
    Card {
        id: "u-ppp",
        name: "Poradnia psychologiczno-pedagogiczna",
        description: "Diagnoza i terapia dzieci, Łódź — filia w powiecie",
        provider: "Poradnia Psychologiczno-Pedagogiczna w Łodzi",
        origin: ServiceOrigin::AdjacentArea,
        area: Area::Education,
    },
    Card {
        id: "u-aa",
        name: "Grupa samopomocowa AA",
        description: "Mityngi wspólnoty w salce parafialnej",
        provider: "Wspólnota AA „Nadzieja”",
        origin: ServiceOrigin::SelfHelp,
        area: Area::Health,
    },
    Card {
        id: "u-transport",
        name: "Dowóz na rehabilitację",
        description: "Transport osób z niepełnosprawnością",
        provider: "Fundacja „Koło”",
        origin: ServiceOrigin::AdjacentArea,
        area: Area::Health,
    },
];

/// A card's provider: the member of that id, or else an NGO of that name outside the PZK.
fn provider(name: &str) -> Provider {
    if institutions().iter().any(|(id, _)| *id == name) {
        by_member(name)
    } else {
        Provider::External {
            name: name.to_owned(),
            sector: Some(Sector::Ngo),
            ministry: None,
        }
    }
}

/// Stage 1 of a ZZK up to the proposal, the interview held on the day the need is reported.
/// `notes` are the ids of the interview's and the grounds' notes.
fn recognise_need(
    s: &mut Script,
    case: &Case,
    client: ClientInput,
    notes: [&str; 2],
    partners: &[&str],
) {
    let interview_on = s.today();
    case.recognise_need(
        s,
        Recognition {
            client,
            interview_on,
            diagnosis: notes[0],
            grounds: notes[1],
            partners,
        },
    );
}

/// The story's threads (the PZK, each family, the PZK's later work), written one after another
/// with a clock that moves a minute per command, then put in time order.
fn script() -> Vec<CommandEnvelope> {
    let start = Utc
        .with_ymd_and_hms(2026, 1, 12, 9, 0, 0)
        .single()
        .expect("valid date");
    let mut s = Script::new(start, Duration::minutes(1), OPS_HEAD);
    partnership(&mut s);
    family_full(&mut s);
    family_refusing(&mut s);
    family_withdrawing(&mut s);
    later_in_the_year(&mut s);
    // A stable sort keeps each thread's own order for commands of the same minute.
    s.into_time_order()
}

/// The PZK from the mayor's authorisation to operation, January–March.
fn partnership(s: &mut Script) {
    let pzk = pzk();
    let jan = day(s, 2026, 1, 12);
    pzk.open(
        s,
        Opening {
            name: "PZK Gminy Wólka",
            coverage: "Gmina Wólka",
            ops_member_id: "ops",
            ops_profile: profile(
                "Ośrodek Pomocy Społecznej w Wólce",
                Area::SocialAssistance,
                Ministry::FamilySocialPolicy,
                Sector::Public,
                TerritorialLevel::Gmina,
            ),
            authorised_on: jan,
            reference: Some("Zarządzenie Wójta nr 12/2026"),
            members: institutions(),
        },
    );
    let initiating = day(s, 2026, 2, 3);
    s.push(pzk_meeting(
        "pzk-spotkanie-1",
        PzkMeetingKind::Initiating,
        initiating,
        &[],
    ));
    let terms = CardTerms {
        access_conditions: "skierowanie pracownika socjalnego lub zgłoszenie osobiste",
        contact_person: "sekretariat placówki",
        verified_on: day(s, 2026, 2, 20),
    };
    for card in SERVICES {
        let service = terms.service(
            card.name,
            card.description,
            provider(card.provider),
            card.origin,
            card.area,
        );
        s.push(pzk.add_service(card.id, "karta usługi od partnera", service));
    }
    s.extend(pzk.initiation_steps(&[
        InitiationStep::BasketBuilt,
        InitiationStep::FormalisingMeetingPrepared,
    ]));
    let formalising = day(s, 2026, 3, 10);
    s.push(pzk_meeting(
        "pzk-spotkanie-2",
        PzkMeetingKind::Formalising,
        formalising,
        &["pzk-spotkanie-1"],
    ));
    pzk.formalise(
        s,
        Formalisation {
            declarations: &["sp1", "przychodnia", "stowarzyszenie", "pcpr", "caritas"],
            participations: &["cis", "policja"],
            actions: &[
                "Diagnoza zasobów gminy",
                "Szkolenie z pracy zespołowej",
                "Aktualizacja koszyka usług",
            ],
        },
    );
}

/// The Kowalski family: the whole lifecycle, March–September: stage 1, appointment, a plan, a
/// suspension for a crisis and the return, evaluation, closure and two months of monitoring after it.
fn family_full(s: &mut Script) {
    let case = case(ZZK_FULL);
    s.by(SOCIAL_WORKER);
    kowalski_plan(s, &case);
    kowalski_course(s, &case);
    kowalski_closure(s, &case);
}

/// The Kowalskis, March–April: stage 1, the consent, the ZZK and its first meeting with a plan.
fn kowalski_plan(s: &mut Script, case: &Case) {
    let partners = ["sp1", "przychodnia", "cis"];
    day(s, 2026, 3, 16);
    recognise_need(
        s,
        case,
        family(&["os-000417", "os-000418", "os-000419"]),
        ["nt-0001", "nt-0002"],
        &partners,
    );
    s.push(case.family_consent(
        "zg-0001",
        "os-000418",
        ConsentForm::Written,
        consent_scope(&partners, true),
        None,
    ));
    s.push(case.appoint(SocialWorkPhase::Diagnosis));
    s.push(case.add_member("zm-0001", "sp1", "u-0031", "pedagog szkolny"));
    s.push(case.add_member(
        "zm-0002",
        "przychodnia",
        "u-0044",
        "pielęgniarka środowiskowa",
    ));
    s.push(case.add_member("zm-0003", "cis", "u-0052", "doradca zawodowy"));
    let consultation = day(s, 2026, 3, 20);
    s.push(case.meeting(
        ZzkMeeting {
            id: "mt-0001",
            minutes: "nt-0003",
        },
        ZzkMeetingKind::Consultation,
        consultation,
        false,
        None,
    ));
    s.push(case.invite_to_first_meeting(date(2026, 3, 27)));
    let plan = PlanInput {
        case_number: "OPS.5120.14.2026".to_owned(),
        situation: IdMap::from_iter([
            (SituationArea::Housing, NoteRef::from("nt-0005")),
            (SituationArea::Occupational, NoteRef::from("nt-0006")),
        ]),
        problems: Some(NoteRef::from("nt-0007")),
        main_goal: "Rodzina samodzielnie utrzymuje mieszkanie i dochód".to_owned(),
        goals: vec![
            goal("cel-0001", "Zatrudnienie ojca"),
            goal("cel-0002", "Poprawa frekwencji córki w szkole"),
        ],
        tasks: vec![
            task(
                "zad-0001",
                "cel-0001",
                "Udział w Klubie Integracji Społecznej",
                responsible_member("zm-0003"),
                date(2026, 5, 29),
            ),
            task(
                "zad-0002",
                "cel-0002",
                "Konsultacje z pedagogiem co dwa tygodnie",
                responsible_member("zm-0001"),
                date(2026, 6, 26),
            ),
            task(
                "zad-0003",
                "cel-0002",
                "Codzienne odprowadzanie córki do szkoły",
                Responsible::Family,
                date(2026, 6, 26),
            ),
        ],
    };
    let first = day(s, 2026, 3, 27);
    s.push(case.meeting(
        ZzkMeeting {
            id: "mt-0002",
            minutes: "nt-0004",
        },
        ZzkMeetingKind::First,
        first,
        true,
        Some(plan),
    ));
}

/// The Kowalskis, March–June: the basket, a project, monitoring, a suspension for a crisis and
/// the return, a spell outside the ZZK form.
fn kowalski_course(s: &mut Script, case: &Case) {
    let z = &case.id;
    s.push(case.add_basket_item("poz-0001", "u-kis", "zad-0001"));
    s.push(case.add_basket_item("poz-0002", "u-pedagog", "zad-0002"));
    s.push(Command::RecordUnmetNeed {
        zzk_id: z.clone(),
        item_id: "poz-0003".into(),
        area: Area::Health,
        need: "Logopeda dla córki — brak w koszyku".into(),
        request_id: "wniosek-logopeda".into(),
    });
    day(s, 2026, 4, 2);
    s.push(Command::StartSocialWorkProject {
        zzk_id: z.clone(),
        project: ProjectInput {
            project_id: "proj-0001".into(),
            title: "Rodzinne budżetowanie".into(),
            planned_end: date(2026, 6, 15),
        },
    });
    day(s, 2026, 4, 30);
    s.push(case.monitoring(
        Period::of(date(2026, 4, 1)),
        MonitoringSource::PartnerInformation,
        vec![
            progress("zad-0001", InProgress),
            progress("zad-0002", InProgress),
        ],
    ));
    let follow_up = day(s, 2026, 5, 8);
    s.push(case.meeting(
        ZzkMeeting {
            id: "mt-0003",
            minutes: "nt-0008",
        },
        ZzkMeetingKind::FollowUp,
        follow_up,
        true,
        None,
    ));
    day(s, 2026, 5, 18);
    s.push(case.suspend(SuspensionGround::Crisis, date(2026, 6, 1), Some("nt-0009")));
    day(s, 2026, 6, 1);
    s.push(case.resume(ReturnGround::CauseEnded));
    s.push(case.monitoring(
        Period::of(date(2026, 5, 1)),
        MonitoringSource::MonitoringMeeting,
        vec![
            progress("zad-0001", Done),
            progress("zad-0002", InProgress),
            progress("zad-0003", Done),
        ],
    ));
    day(s, 2026, 6, 5);
    s.push(Command::LeaveZzkForm {
        zzk_id: z.clone(),
        reason: "Wakacyjna przerwa partnerów; praca socjalna OPS".into(),
    });
    day(s, 2026, 6, 15);
    s.push(Command::EndSocialWorkProject {
        zzk_id: z.clone(),
        project_id: "proj-0001".into(),
        achievement: Achievement::Full,
    });
    day(s, 2026, 6, 22);
    s.push(Command::ReturnToZzkForm { zzk_id: z.clone() });
}

/// The Kowalskis, June–September: the last meeting, the evaluations, closure and monitoring
/// after it.
fn kowalski_closure(s: &mut Script, case: &Case) {
    let z = &case.id;
    let last = day(s, 2026, 6, 26);
    s.push(case.meeting(
        ZzkMeeting {
            id: "mt-0004",
            minutes: "nt-0010",
        },
        ZzkMeetingKind::FollowUp,
        last,
        true,
        None,
    ));
    s.push(Command::EvaluatePlan {
        zzk_id: z.clone(),
        evaluation_id: "oc-0001".into(),
        goals: vec![
            GoalEvaluation {
                goal_id: "cel-0001".into(),
                achievement: Achievement::Full,
                reasons: None,
            },
            GoalEvaluation {
                goal_id: "cel-0002".into(),
                achievement: Achievement::Partial,
                reasons: Some("Zmiana szkoły w trakcie roku".into()),
            },
        ],
        main_goal: Achievement::Full,
        next_evaluation_on: None,
    });
    s.push(Command::RecordQuestionnaire {
        zzk_id: z.clone(),
        evaluation_id: "ank-0001".into(),
        kind: QuestionnaireKind::ExPost,
        respondent: "u-0031".into(),
        answers: IdMap::from_iter([
            ("wspolpraca".to_owned(), "dobra".to_owned()),
            ("komunikacja".to_owned(), "sprawna".to_owned()),
        ]),
    });
    s.push(case.end_of_work_evaluation(
        "ew-0001",
        simple_survey(
            "Wspólne planowanie z rodziną",
            "Trudno zgrać terminy spotkań",
            "Część spotkań konsultacyjnych zdalnie",
        ),
    ));
    let held_on = s.today();
    s.push(case.family_evaluation(
        "ef-0001",
        held_on,
        SupportContinuation::PostSupportMonitoring,
        true,
    ));
    s.push(case.close(ClosureReason::GoalsAchieved, Some(date(2026, 8, 31))));
    day(s, 2026, 8, 20);
    s.push(Command::RecordPostSupportObservation {
        zzk_id: z.clone(),
        note: "nt-0011".into(),
    });
    day(s, 2026, 9, 1);
    s.push(case.end_post_support_monitoring());
}

/// Mr Nowak: the work is proposed and he refuses consent, April.
fn family_refusing(s: &mut Script) {
    let case = case(ZZK_REFUSED);
    day(s, 2026, 4, 14);
    recognise_need(
        s,
        &case,
        person("os-000522"),
        ["nt-0012", "nt-0013"],
        &["przychodnia", "caritas"],
    );
    s.push(Command::RefuseConsent {
        zzk_id: case.id.clone(),
        refused_by: "os-000522".into(),
        capacity: ConsentCapacity::Person,
    });
}

/// The Wiśniewski family: a plan in progress, then consent withdrawn, May–July.
fn family_withdrawing(s: &mut Script) {
    let case = case(ZZK_WITHDRAWN);
    let partners = ["stowarzyszenie", "pcpr"];
    day(s, 2026, 5, 4);
    recognise_need(
        s,
        &case,
        family(&["os-000603", "os-000604"]),
        ["nt-0014", "nt-0015"],
        &partners,
    );
    s.push(case.family_consent(
        "zg-0002",
        "os-000603",
        ConsentForm::Electronic,
        ConsentScope {
            // The sign-language interpreter's association sits at the team's table as a guest.
            share_with_guests: vec!["Polski Związek Głuchych".into()],
            ..consent_scope(&partners, false)
        },
        Some(date(2027, 5, 4)),
    ));
    s.push(case.appoint(SocialWorkPhase::Planning));
    s.push(case.add_member("zm-0004", "stowarzyszenie", "u-0063", "terapeuta rodzinny"));
    s.push(case.add_member("zm-0005", "pcpr", "u-0071", "asystent rodziny"));
    s.push(Command::AddGuest {
        zzk_id: case.id.clone(),
        zzk_member_id: "zm-0006".into(),
        worker: "u-0090".into(),
        institution: "Polski Związek Głuchych".into(),
        role: "tłumacz języka migowego".into(),
    });
    let consultation = day(s, 2026, 5, 8);
    s.push(case.meeting(
        ZzkMeeting {
            id: "mt-0005",
            minutes: "nt-0016",
        },
        ZzkMeetingKind::Consultation,
        consultation,
        false,
        None,
    ));
    s.push(case.invite_to_first_meeting(date(2026, 5, 15)));
    let plan = PlanInput {
        case_number: "OPS.5120.22.2026".to_owned(),
        situation: IdMap::from_iter([(SituationArea::FamilyRelations, NoteRef::from("nt-0018"))]),
        problems: Some(NoteRef::from("nt-0019")),
        main_goal: "Bezpieczne i stabilne relacje w rodzinie".to_owned(),
        goals: vec![goal("cel-0003", "Terapia rodzinna")],
        tasks: vec![
            task(
                "zad-0004",
                "cel-0003",
                "Cykl spotkań terapii rodzinnej",
                responsible_member("zm-0004"),
                date(2026, 7, 31),
            ),
            task(
                "zad-0005",
                "cel-0003",
                "Udział w Szkole dla rodziców",
                Responsible::Family,
                date(2026, 6, 30),
            ),
        ],
    };
    let first = day(s, 2026, 5, 15);
    s.push(case.meeting(
        ZzkMeeting {
            id: "mt-0006",
            minutes: "nt-0017",
        },
        ZzkMeetingKind::First,
        first,
        true,
        Some(plan),
    ));
    s.push(case.add_basket_item("poz-0004", "u-rodzice", "zad-0005"));
    s.push(case.add_basket_item("poz-0005", "u-psycholog", "zad-0004"));
    day(s, 2026, 6, 10);
    s.push(Command::WithdrawConsent {
        zzk_id: case.id.clone(),
        consent_id: "zg-0002".into(),
        review_on: date(2026, 7, 10),
        withdrawn_by: Some(ConsentParty {
            person: "os-000603".into(),
            capacity: ConsentCapacity::AdultFamilyMember,
        }),
        withdrawn_on: None,
    });
}

/// The PZK's own work through the year: a meeting, a late joiner, requests, a consultation, a
/// conflict, a refusal to cooperate, a service paused and the PZK's evaluation.
fn later_in_the_year(s: &mut Script) {
    let pzk = pzk();
    s.by(COORDINATOR);
    let regular = day(s, 2026, 6, 16);
    s.push(pzk_meeting(
        "pzk-spotkanie-3",
        PzkMeetingKind::Regular,
        regular,
        &["pzk-spotkanie-2"],
    ));
    // Flexible formalisation: the bakery, invited in January, joins without a declaration (the
    // OPS head records it), and the coordinator tells the members of the new partner.
    s.by(OPS_HEAD);
    s.push(pzk.record_participation("piekarnia"));
    s.by(COORDINATOR);
    s.push(Command::InformMembersOfAccession {
        partnership_id: pzk.id.clone(),
        member_id: kooperacje::MemberId::from("piekarnia"),
    });
    requests(s, &pzk);
    mediation(s, &pzk);
    s.push(Command::ChangeServiceStatus {
        partnership_id: pzk.id.clone(),
        service_id: "u-staz".into(),
        status: ServiceStatus::TemporarilyUnavailable,
        reason: "Przerwa remontowa w piekarni".into(),
    });
    let verified = day(s, 2026, 9, 15);
    s.push(Command::VerifyService {
        partnership_id: pzk.id.clone(),
        service_id: "u-psycholog".into(),
        verified_on: verified,
    });
    s.push(Command::RecordPzkEvaluation {
        partnership_id: pzk.id.clone(),
        evaluation_id: "ewaluacja-pzk-2026".into(),
        external: false,
        main_goal: Achievement::Partial,
        specific_goals: IdMap::from_iter([
            (PzkGoal::StartCooperation, Achievement::Full),
            (PzkGoal::ConditionsForZzk, Achievement::Full),
            (PzkGoal::CooperationQuality, Achievement::Partial),
            (PzkGoal::MembersKnowledge, Achievement::Partial),
        ]),
        report: Some("note-ewaluacja-pzk-2026".into()),
    });
}

/// June: the Kowalskis' request for a speech therapist accepted, two requests filed and one of
/// them rejected.
fn requests(s: &mut Script, pzk: &Pzk) {
    let p = &pzk.id;
    s.push(Command::DecideRequest {
        partnership_id: p.clone(),
        request_id: "wniosek-logopeda".into(),
        accepted: true,
        reason: None,
    });
    s.push(Command::FileRequest {
        partnership_id: p.clone(),
        request_id: "wniosek-kurator".into(),
        kind: RequestKind::ExtendComposition,
        scope: "Kuratorzy sądowi".into(),
        content: "Zaprosić zespół kuratorskiej służby sądowej".into(),
        zzk_id: None,
    });
    s.push(Command::FileRequest {
        partnership_id: p.clone(),
        request_id: "wniosek-kino".into(),
        kind: RequestKind::ExtendBasket,
        scope: "Kultura".into(),
        content: "Bilety do kina dla dzieci".into(),
        zzk_id: None,
    });
    s.push(Command::DecideRequest {
        partnership_id: p.clone(),
        request_id: "wniosek-kino".into(),
        accepted: false,
        reason: Some("Poza zakresem wsparcia PZK".into()),
    });
}

/// June: a consultation for the Wiśniewskis' ZZK, a conflict raised and resolved, and a worker's
/// refusal to cooperate reported to the members.
fn mediation(s: &mut Script, pzk: &Pzk) {
    let p = &pzk.id;
    s.push(Command::RecordConsultation {
        partnership_id: p.clone(),
        consultation_id: "konsultacja-1".into(),
        zzk_id: ZZK_WITHDRAWN.into(),
        topic: "Jak wrócić do pracy z rodziną po cofnięciu zgody".into(),
        supervision_needed: true,
    });
    s.push(Command::RaiseConflict {
        partnership_id: p.clone(),
        conflict_id: "konflikt-1".into(),
        summary: "Spór o terminy zajęć świetlicy".into(),
        zzk_id: None,
    });
    s.push(Command::ResolveConflict {
        partnership_id: p.clone(),
        conflict_id: "konflikt-1".into(),
        resolution: "Nowy harmonogram uzgodniony na spotkaniu".into(),
    });
    s.push(Command::ReportRefusal {
        partnership_id: p.clone(),
        refusal_id: "odmowa-1".into(),
        zzk_id: ZZK_WITHDRAWN.into(),
        member_id: "policja".into(),
        worker: "u-0085".into(),
    });
    s.push(Command::InformMembersOfRefusal {
        partnership_id: p.clone(),
        refusal_id: "odmowa-1".into(),
    });
}
