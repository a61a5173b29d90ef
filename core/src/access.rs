//! Dostęp do danych — who may read what, enforced by the library rather than left to each host.
//!
//! The data of a ZZK is the most sensitive a municipality holds (health, addictions, violence,
//! children in care). Members of a ZZK are bound to secrecy and institutions may exchange
//! information only within the law and the family's consent (DOMAIN.md, "Consent rules"). The
//! host authenticates its user and says in what role they read ([`Viewer`]); [`read`] checks that
//! claim against the state wherever the state can tell (a case manager is the ZZK's social worker,
//! a member sits on its team, a coordinator is appointed in its PZK), gives back only the
//! [`DataCategory`]s the role may see, and an [`AccessRecord`] for the audit log — for a refused
//! read as well as a granted one.
//!
//! **\[decision\]** The rules, one line per role (the matrix is [`granted`]):
//! - **OPS head** (*kierownik OPS*): everything of the ZZKs, registry and basket of their PZK.
//! - **Network coordinator** (*pracownik ds. sieci*): the registry and the basket, and of a ZZK
//!   only its summary, team and individual basket — never situation descriptions, names or minutes.
//! - **Social worker** (*pracownik socjalny*): everything of the ZZKs they manage; nothing of others.
//! - **ZZK member from institution X**: the family's data only while consent in force covers
//!   sharing with X; without it, only the ZZK's summary and team. Guests are not PZK members and
//!   read nothing through this API.
//! - **PZK representative**: the registry and the basket of their PZK, never a family's case.
//! - **Analyst**: only pseudonymised data: ids as keyed hashes ([`pseudonym`]), no names,
//!   addresses, phones, PESEL or free text, no registry numbers, ages in bands ([`AgeBand`]),
//!   days to the month ([`coarse_day`]). The analytics tables have the same form for analysts
//!   (`analytics::Pseudonymiser`).
//! - **The person/family or its representative**: their own ZZK's summary, people, consents,
//!   team, plan, individual basket and meetings; a consultation meeting (held without them) only
//!   once its minutes are released (`release_consultation_minutes`). Situation descriptions and
//!   diagnoses are professional notes: the family obtains them through the OPS's procedure for
//!   access requests (GDPR Art. 15), not through this view.
//!
//! The local basket of services is public information for the community; every role but the
//! analyst reads it (it names institutions' contact persons).

use crate::basket::Service;
use crate::classification::Sector;
use crate::consent::{self, Consent};
use crate::error::{AccessError, Error};
use crate::id_map::IdMap;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::meeting::ZzkMeetingKind;
use crate::person::{PersonRecord, PersonalData};
use crate::plan::{BasketItem, Plan};
use crate::reports::{self, RegistryEntry};
use crate::require::{found, must_exist};
pub use crate::roles::Role;
use crate::state::State;
use crate::zzk::{ClientKind, Seat, SuspensionGround, Zzk, ZzkMember, ZzkStage};
use crate::Entity;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use hmac::{Hmac, KeyInit, Mac};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::BTreeMap;

labelled_enum! {
    /// Kategoria danych: the unit of what a role may see.
    pub enum DataCategory {
        /// Rejestr ZZK.
        Registry = "registry" => ("Rejestr ZZK", "ZZK registry"),
        /// Lokalny koszyk usług.
        LocalBasket = "local_basket" => ("Lokalny koszyk usług", "Local basket of services"),
        /// Podstawowe dane ZZK: etap, daty, numer w rejestrze, prowadzący.
        CaseSummary = "case_summary" => ("Podstawowe dane ZZK", "Case summary"),
        /// Dane osobowe rodziny i przedstawiciela.
        Identity = "identity" => ("Dane osobowe rodziny", "Personal data of the family"),
        /// Opis sytuacji, diagnoza, uzasadnienie, szczegóły zawieszeń, obserwacje.
        Situation = "situation" => ("Opis sytuacji i diagnoza", "Situation and diagnosis"),
        /// Zgody.
        Consents = "consents" => ("Zgody", "Consents"),
        /// Skład ZZK.
        Team = "team" => ("Skład ZZK", "Team"),
        /// Plan współpracy (cele, zadania, ocena).
        Plan = "plan" => ("Plan współpracy", "Cooperation plan"),
        /// Indywidualny koszyk usług.
        IndividualBasket = "individual_basket" => ("Indywidualny koszyk usług", "Individual basket"),
        /// Spotkania ZZK z rodziną i ich protokoły.
        Meetings = "meetings" => ("Spotkania ZZK z rodziną", "Team meetings with the family"),
        /// Spotkania konsultacyjne specjalistów i ich protokoły.
        Consultations = "consultations" => ("Spotkania konsultacyjne", "Consultation meetings"),
        /// Dane spseudonimizowane (dla analityków).
        Pseudonymised = "pseudonymised" => ("Dane spseudonimizowane", "Pseudonymised data"),
    }
}

labelled_enum! {
    /// Przedział wieku — how analysts see ages.
    pub enum AgeBand {
        /// 0–6 lat.
        Age0To6 = "age_0_6" => ("0–6 lat", "0–6 years"),
        /// 7–17 lat.
        Age7To17 = "age_7_17" => ("7–17 lat", "7–17 years"),
        /// 18–25 lat.
        Age18To25 = "age_18_25" => ("18–25 lat", "18–25 years"),
        /// 26–44 lata.
        Age26To44 = "age_26_44" => ("26–44 lata", "26–44 years"),
        /// 45–64 lata.
        Age45To64 = "age_45_64" => ("45–64 lata", "45–64 years"),
        /// 65–79 lat.
        Age65To79 = "age_65_79" => ("65–79 lat", "65–79 years"),
        /// 80 lat i więcej.
        Age80Plus = "age_80_plus" => ("80 lat i więcej", "80 years and over"),
        /// Wiek nieznany.
        Unknown = "unknown" => ("Wiek nieznany", "Age unknown"),
    }
}

labelled_enum! {
    /// Wynik odczytu, as the audit log keeps it.
    pub enum AccessOutcome {
        /// Wszystko, o co pytano.
        Granted = "granted" => ("Udostępniono", "Granted"),
        /// Część danych (reszta zatajona).
        Partial = "partial" => ("Udostępniono częściowo", "Partly granted"),
        /// Odmowa.
        Denied = "denied" => ("Odmowa", "Denied"),
    }
}

impl AgeBand {
    /// The band of an age in whole years (a negative age is unknown).
    pub fn of_age(age: i32) -> AgeBand {
        match age {
            0..=6 => AgeBand::Age0To6,
            7..=17 => AgeBand::Age7To17,
            18..=25 => AgeBand::Age18To25,
            26..=44 => AgeBand::Age26To44,
            45..=64 => AgeBand::Age45To64,
            65..=79 => AgeBand::Age65To79,
            80.. => AgeBand::Age80Plus,
            _ => AgeBand::Unknown,
        }
    }
}

/// Who reads, as the host has authenticated them. Ids are the ones the workflow uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "role", rename_all = "snake_case", deny_unknown_fields)]
pub enum Viewer {
    /// The head of the OPS that leads a PZK.
    OpsHead {
        /// The PZK the OPS leads.
        partnership_id: PartnershipId,
    },
    /// A network coordinator (must be appointed in the subject's PZK).
    NetworkCoordinator {
        /// The coordinator.
        person: PersonRef,
    },
    /// A social worker (must be the ZZK's case manager).
    SocialWorker {
        /// The worker.
        person: PersonRef,
    },
    /// A worker delegated to ZZKs by a member institution (must sit on the ZZK's team for it).
    ZzkMember {
        /// The worker.
        person: PersonRef,
        /// The institution that delegated them.
        institution: MemberId,
    },
    /// An institution's representative in the PZK (must be recorded as such).
    PzkRepresentative {
        /// The representative.
        person: PersonRef,
        /// The institution.
        institution: MemberId,
    },
    /// An analyst: pseudonymised data only.
    Analyst,
    /// A member of the household or its representative/carer.
    Family {
        /// The person.
        person: PersonRef,
    },
}

impl Viewer {
    /// The role.
    pub fn role(&self) -> Role {
        match self {
            Viewer::OpsHead { .. } => Role::OpsHead,
            Viewer::NetworkCoordinator { .. } => Role::NetworkCoordinator,
            Viewer::SocialWorker { .. } => Role::SocialWorker,
            Viewer::ZzkMember { .. } => Role::ZzkMember,
            Viewer::PzkRepresentative { .. } => Role::PzkRepresentative,
            Viewer::Analyst => Role::Analyst,
            Viewer::Family { .. } => Role::Family,
        }
    }
}

/// What is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "subject", rename_all = "snake_case", deny_unknown_fields)]
pub enum Subject {
    /// The ZZK registry of a PZK.
    Registry {
        /// The PZK.
        partnership_id: PartnershipId,
    },
    /// The local basket of a PZK.
    LocalBasket {
        /// The PZK.
        partnership_id: PartnershipId,
    },
    /// One ZZK: the family's case.
    Zzk {
        /// The ZZK.
        zzk_id: ZzkId,
    },
}

impl Subject {
    /// Every category the subject holds: what a role that sees all of it is given.
    pub fn categories(&self) -> &'static [DataCategory] {
        match self {
            Subject::Registry { .. } => &[DataCategory::Registry],
            Subject::LocalBasket { .. } => &[DataCategory::LocalBasket],
            Subject::Zzk { .. } => CASE,
        }
    }

    fn describe(&self) -> String {
        match self {
            Subject::Registry { partnership_id } => format!("registry {partnership_id}"),
            Subject::LocalBasket { partnership_id } => format!("local basket {partnership_id}"),
            Subject::Zzk { zzk_id } => format!("zzk {zzk_id}"),
        }
    }
}

use DataCategory as D;

/// Everything of a ZZK.
const CASE: &[DataCategory] = &[
    D::CaseSummary,
    D::Identity,
    D::Situation,
    D::Consents,
    D::Team,
    D::Plan,
    D::IndividualBasket,
    D::Meetings,
    D::Consultations,
];
/// What the family sees of its own ZZK.
const FAMILY: &[DataCategory] = &[
    D::CaseSummary,
    D::Identity,
    D::Consents,
    D::Team,
    D::Plan,
    D::IndividualBasket,
    D::Meetings,
    D::Consultations,
];
/// What the network coordinator sees of a ZZK.
const COORDINATOR: &[DataCategory] = &[D::CaseSummary, D::Team, D::IndividualBasket];
/// What a seated member sees without consent covering their institution.
const WITHOUT_CONSENT: &[DataCategory] = &[D::CaseSummary, D::Team];

fn denied(viewer: &Viewer, subject: &Subject, why: &'static str, why_pl: &'static str) -> Error {
    AccessError::Denied {
        role: viewer.role(),
        subject: subject.describe(),
        why,
        why_pl,
    }
    .into()
}

/// A read of a ZZK dated before its latest event. The state holds the case as it is now, so a
/// read is judged no earlier than what the state knows: judged at an earlier time, a consent that
/// has since lapsed would still be in force, and would show today's case — situation, PESEL and
/// all — to an institution the family no longer shares it with.
fn backdated(viewer: &Viewer, subject: &Subject) -> Error {
    denied(
        viewer,
        subject,
        "the read is dated before the ZZK's latest recorded event; a read is judged no earlier \
         than the state it reads",
        "odczyt ma datę wcześniejszą niż ostatnie zdarzenie ZZK; odczyt ocenia się nie wcześniej \
         niż stan, który odczytuje",
    )
}

/// The categories of `subject` that `viewer` may read on the day `on` (consent in force is judged
/// on that day), or why they may read nothing of it. This is the whole policy; [`read`] only
/// builds the view it allows. A ZZK is judged on no day before its latest event's: an earlier
/// `on` is refused (`ACCESS_DENIED`), see [`read`].
pub fn granted(
    state: &State,
    viewer: &Viewer,
    subject: &Subject,
    on: NaiveDate,
) -> Result<Vec<DataCategory>, Error> {
    let no = |why, why_pl| Err(denied(viewer, subject, why, why_pl));
    let partnership =
        |pid: &PartnershipId| must_exist(&state.partnerships, pid, Entity::Partnership);
    match subject {
        Subject::Registry { partnership_id } | Subject::LocalBasket { partnership_id } => {
            let p = partnership(partnership_id)?;
            let basket = matches!(subject, Subject::LocalBasket { .. });
            let ok = match viewer {
                Viewer::Analyst if basket => return no(
                    "the basket names contact persons; analysts see pseudonymised data only",
                    "koszyk zawiera osoby do kontaktu; analityk widzi tylko dane spseudonimizowane",
                ),
                Viewer::Analyst => return Ok(vec![D::Pseudonymised]),
                _ if basket => true,
                Viewer::OpsHead {
                    partnership_id: own,
                } => own == partnership_id,
                Viewer::NetworkCoordinator { person } => p.coordinators.contains_key(person),
                Viewer::PzkRepresentative {
                    person,
                    institution,
                } => p.members.get(institution).is_some_and(|m| {
                    m.left_on.is_none() && m.representative.as_ref() == Some(person)
                }),
                _ => false,
            };
            if ok {
                Ok(subject.categories().to_vec())
            } else {
                no(
                    "the registry is kept for the OPS, the network coordinator and the PZK",
                    "rejestr jest prowadzony dla OPS, pracownika ds. sieci i PZK",
                )
            }
        }
        Subject::Zzk { zzk_id } => {
            let z = found(state.zzk(zzk_id), Entity::Zzk, zzk_id)?;
            if on < z.last_at.date_naive() {
                return Err(backdated(viewer, subject));
            }
            let p = partnership(&z.partnership_id)?;
            let categories = match viewer {
                Viewer::OpsHead { partnership_id } if *partnership_id == z.partnership_id => CASE,
                Viewer::OpsHead { .. } => {
                    return no("the ZZK belongs to another PZK", "ZZK należy do innego PZK")
                }
                Viewer::NetworkCoordinator { person } if p.coordinators.contains_key(person) => {
                    COORDINATOR
                }
                Viewer::NetworkCoordinator { .. } => {
                    return no(
                        "not a network coordinator of the ZZK's PZK",
                        "nie jest pracownikiem ds. sieci w PZK tego ZZK",
                    )
                }
                Viewer::SocialWorker { person } if *person == z.social_worker => CASE,
                Viewer::SocialWorker { .. } => {
                    return no(
                        "not the case manager of this ZZK",
                        "nie jest pracownikiem prowadzącym ten ZZK",
                    )
                }
                Viewer::ZzkMember {
                    person,
                    institution,
                } => {
                    if !seated(z, person, institution) {
                        return no(
                            "not a current member of this ZZK for that institution",
                            "nie jest obecnie członkiem tego ZZK z ramienia tej instytucji",
                        );
                    }
                    if consent::sharing_allowed(z, institution, on) {
                        CASE
                    } else {
                        WITHOUT_CONSENT
                    }
                }
                Viewer::PzkRepresentative { .. } => {
                    return no(
                        "a PZK representative sees the registry, not a family's case",
                        "przedstawiciel w PZK widzi rejestr, a nie sprawę rodziny",
                    )
                }
                Viewer::Analyst => &[D::Pseudonymised],
                Viewer::Family { person } if z.is_client_side(person) => FAMILY,
                Viewer::Family { .. } => {
                    return no(
                        "not a member of this household or its representative",
                        "nie jest członkiem tego gospodarstwa ani jego przedstawicielem",
                    )
                }
            };
            Ok(categories.to_vec())
        }
    }
}

/// A current member (not a guest, not left) for that institution.
fn seated(z: &Zzk, person: &PersonRef, institution: &MemberId) -> bool {
    z.members.values().any(|m| {
        m.left_on.is_none()
            && &m.worker == person
            && matches!(&m.seat, Seat::Member { member_id } if member_id == institution)
    })
}

/// A keyed hash of an id, for analysts: the same key and id always give the same pseudonym, so
/// tables can be joined; without the key it cannot be reversed or recomputed. `kind` keeps a
/// ZZK and a person with the same id apart. HMAC-SHA-256, its first 128 bits in hex, after `ps-`.
pub fn pseudonym(key: &PseudonymKey, kind: &str, id: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.0).expect("HMAC takes a key of any length");
    mac.update(kind.as_bytes());
    mac.update(&[0]);
    mac.update(id.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(35);
    out.push_str("ps-");
    for b in &digest[..16] {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A day as analysts see it: the first day of its month. The exact day a family's team was
/// appointed or closed is known to many (the family, the team, the neighbours): with it, a
/// pseudonymised row is found again. The same coarsening is used by every form for analysts —
/// the ZZK view, the registry and the pseudonymised analytics tables — so joining them by
/// pseudonym gives no day back.
pub fn coarse_day(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The secret key of pseudonyms, from the host (the core has no randomness of its own). Keep it
/// out of the analysts' reach: whoever holds it can recompute every pseudonym.
#[derive(Clone, Copy)]
pub struct PseudonymKey<'a>(&'a [u8]);

impl<'a> PseudonymKey<'a> {
    /// The shortest key accepted.
    pub const MIN_LEN: usize = 16;

    /// A key of at least [`Self::MIN_LEN`] bytes.
    pub fn new(bytes: &'a [u8]) -> Result<Self, Error> {
        if bytes.len() < Self::MIN_LEN {
            return Err(AccessError::PseudonymKeyInvalid { min: Self::MIN_LEN }.into());
        }
        Ok(PseudonymKey(bytes))
    }
}

impl std::fmt::Debug for PseudonymKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PseudonymKey(…)")
    }
}

/// One read, for the audit log: who, in what role, what, when, and what they were given. A
/// refused read is recorded too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AccessRecord {
    /// When (given by the host).
    pub at: DateTime<Utc>,
    /// The reader's role.
    pub role: Role,
    /// The reader.
    pub viewer: Viewer,
    /// What was read.
    pub subject: Subject,
    /// Granted, partly granted or denied.
    pub outcome: AccessOutcome,
    /// The categories shown.
    pub granted: Vec<DataCategory>,
    /// The categories of the subject not shown.
    pub withheld: Vec<DataCategory>,
    /// The error's code, when the read was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

/// What a reader is shown.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum View {
    /// The ZZK registry, for the OPS, the network coordinator and the PZK's representatives.
    Registry {
        /// The PZK.
        partnership_id: PartnershipId,
        /// Its rows.
        entries: Vec<RegistryEntry>,
    },
    /// The ZZK registry as analysts see it: rows without their number, by pseudonym.
    PseudonymisedRegistry {
        /// The PZK.
        partnership_id: PartnershipId,
        /// Its rows.
        entries: Vec<PseudonymisedRegistryEntry>,
    },
    /// The local basket.
    LocalBasket {
        /// The PZK.
        partnership_id: PartnershipId,
        /// Its services by id.
        services: BTreeMap<ServiceId, Service>,
    },
    /// A ZZK.
    Zzk(Box<ZzkView>),
}

/// A row of the ZZK registry as analysts see it ([`RegistryEntry`] pseudonymised): the ZZK and
/// its case manager as pseudonyms, the days to the month ([`coarse_day`]), and no registry
/// number — the number is how the registry's keepers name a case, so it would undo the pseudonym.
/// The rows are in the order of their pseudonyms, not of the registry (whose order is the numbers').
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PseudonymisedRegistryEntry {
    /// The ZZK, as a pseudonym (the same as in the analyst's ZZK view and analytics tables).
    pub zzk_id: String,
    /// Appointed in: the first day of the month.
    pub appointed_on: NaiveDate,
    /// The case manager, as a pseudonym.
    pub social_worker: String,
    /// Stage on the day of the read.
    pub stage: ZzkStage,
    /// For a suspended ZZK, the ground of its suspension.
    pub suspension_ground: Option<SuspensionGround>,
    /// For a suspended ZZK, suspended since: the first day of the month.
    pub suspended_since: Option<NaiveDate>,
    /// Days suspended in all.
    pub days_suspended: u32,
    /// Current members (not guests).
    pub members: usize,
    /// Sector mix of the members' institutions.
    pub sectors: IdMap<Sector, usize>,
    /// Number of suspensions so far.
    pub suspensions: usize,
    /// Meetings held.
    pub meetings: usize,
    /// Has an individual plan.
    pub has_plan: bool,
    /// Closed in: the first day of the month.
    pub closed_on: Option<NaiveDate>,
}

/// A person as shown: the record, if the host's personal data holds one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PersonView {
    /// The id.
    pub id: PersonRef,
    /// The record.
    pub record: Option<PersonRecord>,
}

/// A free-text document as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct NoteView {
    /// What it is: `initial_diagnosis`, `grounds`, `situation_<area>`, `problems`,
    /// `suspension`, `post_support` or `minutes`/`assessment`.
    pub about: String,
    /// The document's id.
    pub note: NoteRef,
    /// Its text, if the host's personal data holds it.
    pub text: Option<String>,
}

/// A member of the team as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TeamMemberView {
    /// The membership.
    pub zzk_member_id: ZzkMemberId,
    /// Seat, worker, role, dates.
    #[serde(flatten)]
    pub member: ZzkMember,
}

/// A ZZK meeting as shown, with its minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct MeetingView {
    /// The meeting.
    pub meeting_id: MeetingId,
    /// Kind.
    pub kind: ZzkMeetingKind,
    /// Date.
    pub held_on: NaiveDate,
    /// The person/family took part.
    pub family_present: bool,
    /// Minutes and the periodic assessment.
    pub documents: Vec<NoteView>,
    /// When a consultation's minutes were released to the family.
    pub released_on: Option<NaiveDate>,
}

/// A ZZK as shown to one role. A section the role may not see is absent (`null`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ZzkView {
    /// The ZZK (a pseudonym for analysts).
    pub zzk_id: String,
    /// Its PZK.
    pub partnership_id: PartnershipId,
    /// What this view holds.
    pub granted: Vec<DataCategory>,
    /// Stage.
    pub stage: ZzkStage,
    /// Person, family or group.
    pub client_kind: ClientKind,
    /// Number in the registry (not shown to analysts: the registry names the case).
    pub registry_number: Option<u32>,
    /// Appointed on (for analysts, the first day of the month: [`coarse_day`]).
    pub appointed_on: Option<NaiveDate>,
    /// Closed on (for analysts, the first day of the month: [`coarse_day`]).
    pub closed_on: Option<NaiveDate>,
    /// The case manager (a pseudonym for analysts).
    pub social_worker: String,
    /// The household.
    pub household: Option<Vec<PersonView>>,
    /// Its representative or carer.
    pub representative: Option<PersonView>,
    /// Ages of the household, in bands (analysts).
    pub age_bands: Option<Vec<AgeBand>>,
    /// Situation descriptions and diagnoses.
    pub situation: Option<Vec<NoteView>>,
    /// Consents.
    pub consents: Option<IdMap<ConsentId, Consent>>,
    /// The team.
    pub team: Option<Vec<TeamMemberView>>,
    /// The plan (goals, tasks, evaluations; its part A is under `situation`).
    pub plan: Option<Plan>,
    /// The individual basket.
    pub individual_basket: Option<IdMap<BasketItemId, BasketItem>>,
    /// Meetings with the family.
    pub meetings: Option<Vec<MeetingView>>,
    /// Consultation meetings (for the family: only those released).
    pub consultations: Option<Vec<MeetingView>>,
}

/// Reads `subject` as `viewer` at `at`: the view the role may see, and the record of the read
/// for the audit log, which is made whether the read is granted or refused. `key` is needed only
/// for analysts (see [`pseudonym`]). Nothing is changed.
///
/// `at` is when the read happens, and a ZZK is read as the state holds it now: a read of a ZZK
/// dated before the ZZK's latest event is refused (`ACCESS_DENIED`, and recorded), because
/// consent judged at such a time could be one that has lapsed since.
///
/// # Example
///
/// A ZZK member reads the family's case, which the family's consent lets their institution
/// see; a social worker who does not manage the case is refused, and both reads are recorded.
///
/// ```
/// use chrono::{Duration, TimeZone, Utc};
/// use kooperacje::access::{self, AccessOutcome, DataCategory, Subject, View, Viewer};
/// use kooperacje::person::PersonalData;
/// use kooperacje::{sample, PersonRef, State, ZzkId};
///
/// # let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
/// # let mut state = State::new();
/// # for command in sample::operating_partnership("pzk-1", start, 3)? {
/// #     state.execute(&command)?;
/// # }
/// // A case in the sample PZK: the need reported by `sw-1`, the consent of the family (sharing
/// // with the school and the clinic), the ZZK appointed with a teacher and a nurse on its team.
/// for command in sample::family_lifecycle("pzk-1", "zzk-1", start + Duration::days(30))?
///     .iter()
///     .take(9)
/// {
///     state.execute(command)?;
/// }
/// let subject = Subject::Zzk { zzk_id: ZzkId::from("zzk-1") };
/// let at = start + Duration::days(60);
/// // What the host holds of the people and notes concerned (here nothing).
/// let personal = PersonalData::default();
///
/// let teacher = Viewer::ZzkMember {
///     person: PersonRef::from("teacher-1"),
///     institution: "school".into(),
/// };
/// let (record, view) = access::read(&state, &personal, &teacher, &subject, at, None);
/// assert!(matches!(view?, View::Zzk(_)));
/// assert!(record.granted.contains(&DataCategory::Plan));
/// assert_ne!(record.outcome, AccessOutcome::Denied);
///
/// let stranger = Viewer::SocialWorker { person: PersonRef::from("sw-2") };
/// let (record, view) = access::read(&state, &personal, &stranger, &subject, at, None);
/// assert_eq!(view.unwrap_err().code(), "ACCESS_DENIED");
/// assert_eq!(record.outcome, AccessOutcome::Denied);
/// assert!(record.granted.is_empty());
/// assert_eq!(record.error_code.as_deref(), Some("ACCESS_DENIED"));
/// # Ok::<(), kooperacje::Error>(())
/// ```
pub fn read(
    state: &State,
    personal: &PersonalData,
    viewer: &Viewer,
    subject: &Subject,
    at: DateTime<Utc>,
    key: Option<&[u8]>,
) -> (AccessRecord, Result<View, Error>) {
    let dated = match subject {
        Subject::Zzk { zzk_id } => match state.zzk(zzk_id) {
            Some(z) if at < z.last_at => Err(backdated(viewer, subject)),
            _ => Ok(()),
        },
        Subject::Registry { .. } | Subject::LocalBasket { .. } => Ok(()),
    };
    let result = dated
        .and_then(|()| granted(state, viewer, subject, at.date_naive()))
        .and_then(|categories| {
            let key = match viewer {
                Viewer::Analyst => Some(PseudonymKey::new(key.unwrap_or_default())?),
                _ => None,
            };
            let family = viewer.role() == Role::Family;
            let view = build(
                state,
                personal,
                subject,
                &categories,
                key,
                family,
                at.date_naive(),
            )?;
            Ok((categories, view))
        });
    let all = subject.categories();
    let (granted, error_code) = match &result {
        Ok((categories, _)) => (categories.clone(), None),
        Err(e) => (Vec::new(), Some(e.code().to_owned())),
    };
    let withheld: Vec<DataCategory> = all
        .iter()
        .filter(|c| !granted.contains(c))
        .copied()
        .collect();
    let outcome = if error_code.is_some() {
        AccessOutcome::Denied
    } else if withheld.is_empty() {
        AccessOutcome::Granted
    } else {
        AccessOutcome::Partial
    };
    let record = AccessRecord {
        at,
        role: viewer.role(),
        viewer: viewer.clone(),
        subject: subject.clone(),
        outcome,
        granted,
        withheld,
        error_code,
    };
    (record, result.map(|(_, view)| view))
}

fn build(
    state: &State,
    personal: &PersonalData,
    subject: &Subject,
    categories: &[DataCategory],
    key: Option<PseudonymKey>,
    family: bool,
    on: NaiveDate,
) -> Result<View, Error> {
    Ok(match subject {
        Subject::Registry { partnership_id } => {
            let entries = reports::registry(state, partnership_id, Some(on));
            match key {
                Some(key) => {
                    let mut entries: Vec<PseudonymisedRegistryEntry> = entries
                        .into_iter()
                        .map(|e| PseudonymisedRegistryEntry {
                            zzk_id: pseudonym(&key, "zzk", e.zzk_id.as_str()),
                            appointed_on: coarse_day(e.appointed_on),
                            social_worker: pseudonym(&key, "person", e.social_worker.as_str()),
                            stage: e.stage,
                            suspension_ground: e.suspension_ground,
                            suspended_since: e.suspended_since.map(coarse_day),
                            days_suspended: e.days_suspended,
                            members: e.members,
                            sectors: e.sectors,
                            suspensions: e.suspensions,
                            meetings: e.meetings,
                            has_plan: e.has_plan,
                            closed_on: e.closed_on.map(coarse_day),
                        })
                        .collect();
                    entries.sort_by(|a, b| a.zzk_id.cmp(&b.zzk_id));
                    View::PseudonymisedRegistry {
                        partnership_id: partnership_id.clone(),
                        entries,
                    }
                }
                None => View::Registry {
                    partnership_id: partnership_id.clone(),
                    entries,
                },
            }
        }
        Subject::LocalBasket { partnership_id } => View::LocalBasket {
            partnership_id: partnership_id.clone(),
            services: state.partnerships[partnership_id].basket.services.clone(),
        },
        Subject::Zzk { zzk_id } => {
            let z = found(state.zzk(zzk_id), Entity::Zzk, zzk_id)?;
            View::Zzk(Box::new(zzk_view(z, personal, categories, key, family, on)))
        }
    })
}

fn zzk_view(
    z: &Zzk,
    personal: &PersonalData,
    categories: &[DataCategory],
    key: Option<PseudonymKey>,
    family: bool,
    on: NaiveDate,
) -> ZzkView {
    let has = |c: DataCategory| categories.contains(&c);
    let person = |id: &PersonRef| PersonView {
        id: id.clone(),
        record: personal.persons.get(id).cloned(),
    };
    let note = |about: String, id: &NoteRef| NoteView {
        about,
        note: id.clone(),
        text: personal.notes.get(id).map(|n| n.text.clone()),
    };
    let meetings = |consultation: bool, released_only: bool| {
        z.meetings
            .iter()
            .filter(|(_, m)| (m.kind == ZzkMeetingKind::Consultation) == consultation)
            .filter(|(_, m)| !released_only || m.released_on.is_some())
            .map(|(id, m)| MeetingView {
                meeting_id: id.clone(),
                kind: m.kind,
                held_on: m.held_on,
                family_present: m.family_present,
                documents: std::iter::once(note("minutes".into(), &m.minutes))
                    .chain(m.assessment.iter().map(|a| note("assessment".into(), a)))
                    .collect(),
                released_on: m.released_on,
            })
            .collect::<Vec<_>>()
    };
    // Analysts see days to the month.
    let day = |d: NaiveDate| if key.is_some() { coarse_day(d) } else { d };
    let (zzk_id, social_worker) = match &key {
        Some(key) => (
            pseudonym(key, "zzk", z.id.as_str()),
            pseudonym(key, "person", z.social_worker.as_str()),
        ),
        None => (z.id.to_string(), z.social_worker.to_string()),
    };
    ZzkView {
        zzk_id,
        partnership_id: z.partnership_id.clone(),
        granted: categories.to_vec(),
        stage: z.stage,
        client_kind: z.client.kind,
        registry_number: z
            .appointment
            .as_ref()
            .filter(|_| key.is_none())
            .map(|a| a.registry_number),
        appointed_on: z.appointment.as_ref().map(|a| day(a.appointed_on)),
        closed_on: z.closure.as_ref().map(|c| day(c.closed_on)),
        social_worker,
        household: has(D::Identity).then(|| z.client.household.iter().map(person).collect()),
        representative: z
            .representative
            .as_ref()
            .filter(|_| has(D::Identity))
            .map(|r| person(&r.person)),
        age_bands: has(D::Pseudonymised).then(|| {
            z.client
                .household
                .iter()
                .map(
                    |p| match personal.persons.get(p).and_then(|r| r.birth_year) {
                        Some(year) => AgeBand::of_age(on.year() - year),
                        None => AgeBand::Unknown,
                    },
                )
                .collect()
        }),
        situation: has(D::Situation).then(|| situation_notes(z, &note)),
        consents: has(D::Consents).then(|| z.consents.clone()),
        team: has(D::Team).then(|| {
            z.members
                .iter()
                .map(|(id, m)| TeamMemberView {
                    zzk_member_id: id.clone(),
                    member: m.clone(),
                })
                .collect()
        }),
        plan: z.plan.as_ref().filter(|_| has(D::Plan)).map(|p| Plan {
            // Part A (the situation by area, the problems) is a situation description.
            situation: Default::default(),
            problems: None,
            ..p.clone()
        }),
        individual_basket: has(D::IndividualBasket).then(|| z.basket.clone()),
        meetings: has(D::Meetings).then(|| meetings(false, false)),
        // A consultation is held without the family: it sees one only once released.
        consultations: has(D::Consultations).then(|| meetings(true, family)),
    }
}

/// Every situation description and diagnosis of a ZZK.
fn situation_notes(z: &Zzk, note: &dyn Fn(String, &NoteRef) -> NoteView) -> Vec<NoteView> {
    let mut out = Vec::new();
    if let Some(d) = &z.initial_diagnosis {
        out.push(note("initial_diagnosis".into(), &d.diagnosis));
    }
    if let Some(g) = &z.grounds {
        out.push(note("grounds".into(), &g.note));
    }
    if let Some(p) = &z.plan {
        for (area, n) in &p.situation {
            out.push(note(format!("situation_{area}"), n));
        }
        if let Some(n) = &p.problems {
            out.push(note("problems".into(), n));
        }
    }
    for s in &z.suspensions {
        if let Some(n) = &s.details {
            out.push(note("suspension".into(), n));
        }
    }
    for o in &z.post_support {
        out.push(note("post_support".into(), &o.note));
    }
    out
}
