//! Errors, one enum per area, each variant with a stable machine code, an English message
//! (`Display`) and a Polish message ([`Error::message_pl`]). A rejected command changes nothing.

#[cfg(feature = "privacy")]
use crate::access::Role;
use crate::basket::{ServiceOrigin, ServiceStatus};
use crate::consent::ConsentCapacity;
use crate::consent::KeyDecision;
use crate::ids::{MeetingId, MemberId, PersonRef, ServiceId, ZzkMemberId};
use crate::labels::{Labelled, Lang};
use crate::meeting::ZzkMeetingKind;
use crate::partnership::{InitiationStep, MemberStatus, PzkStage};
use crate::readiness::{ReadinessCondition, ReadinessLevel};
use crate::zzk::ZzkStage;
use chrono::NaiveDate;
use serde::Serialize;

fn list<T: Labelled>(items: &[T], lang: Lang) -> String {
    items
        .iter()
        .map(|i| i.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_pl(kind: &str) -> &'static str {
    match kind {
        "partnership" => "PZK",
        "member" => "członek PZK",
        "service" => "usługa",
        "zzk" => "ZZK",
        "zzk_member" => "członek ZZK",
        "consent" => "zgoda",
        "meeting" => "spotkanie",
        "goal" => "cel",
        "task" => "zadanie",
        "basket_item" => "pozycja koszyka",
        "request" => "wniosek",
        "conflict" => "konflikt",
        "consultation" => "konsultacja",
        "refusal" => "odmowa",
        "project" => "projekt socjalny",
        "evaluation" => "ewaluacja",
        "coordinator" => "pracownik ds. sieci",
        _ => "obiekt",
    }
}

/// Bad input: missing, malformed, duplicate or unknown data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "variant")]
pub enum ValidationError {
    /// A required text is empty.
    #[error("{field} must not be empty")]
    EmptyText {
        /// The field.
        field: &'static str,
    },
    /// A text is too long.
    #[error("{field} is longer than {max} characters")]
    TextTooLong {
        /// The field.
        field: &'static str,
        /// The limit.
        max: usize,
    },
    /// An id is empty, too long or has a character outside its form.
    #[error("{field} is not a valid id (1–64 characters: ASCII letters, digits and - _ . :)")]
    InvalidId {
        /// The field.
        field: &'static str,
    },
    /// An id or a text holds a PESEL: it would be written to the permanent event log, which no
    /// erasure reaches.
    #[error("{field} contains a PESEL number; the event log is permanent, so personal numbers belong only in personal-data records")]
    ContainsPesel {
        /// The field.
        field: &'static str,
    },
    /// A time is a leap second (`23:59:60`), which hosts' date types cannot hold.
    #[error("{field} is a leap second (:60), which is not accepted")]
    LeapSecond {
        /// The field.
        field: &'static str,
    },
    /// A ZZK registry number already given to another ZZK of the PZK.
    #[error("registry number {number} was already given to ZZK {holder}")]
    DuplicateRegistryNumber {
        /// The number.
        number: u32,
        /// The ZZK that holds it.
        holder: String,
    },
    /// A required list is empty.
    #[error("{field} must not be empty")]
    EmptyList {
        /// The field.
        field: &'static str,
    },
    /// A number or choice is out of its range.
    #[error("{field} is out of range ({min}–{max})")]
    OutOfRange {
        /// The field.
        field: &'static str,
        /// Lowest allowed.
        min: i64,
        /// Highest allowed.
        max: i64,
    },
    /// A date comes before the date it must follow (or lies in the future).
    #[error("{field} {date} is out of order: it must not be before {earliest}")]
    DateOutOfOrder {
        /// The field.
        field: &'static str,
        /// The date given.
        date: NaiveDate,
        /// The earliest allowed.
        earliest: NaiveDate,
    },
    /// A date lies after the command's time.
    #[error("{field} {date} is in the future")]
    DateInFuture {
        /// The field.
        field: &'static str,
        /// The date given.
        date: NaiveDate,
    },
    /// A date, or the command's time, lies outside the range any command may carry
    /// ([`crate::dates`]).
    #[error("{field} {date} is out of range: it must be between {earliest} and {latest}")]
    DateOutOfRange {
        /// The field (`at` for the command's time).
        field: &'static str,
        /// The date given.
        date: NaiveDate,
        /// The earliest allowed.
        earliest: NaiveDate,
        /// The latest allowed.
        latest: NaiveDate,
    },
    /// A command's time is before the latest event of its stream.
    #[error("the command's time is before the latest recorded event ({latest})")]
    TimeOutOfOrder {
        /// Time of the latest event.
        latest: String,
    },
    /// A period is not `YYYY-MM`.
    #[error("period {period} is not a month in the form YYYY-MM")]
    BadPeriod {
        /// The value given.
        period: String,
    },
    /// An id is already taken.
    #[error("{kind} {id} already exists")]
    DuplicateId {
        /// What kind of thing.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// Nothing with this id exists.
    #[error("{kind} {id} not found")]
    NotFound {
        /// What kind of thing.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// An event or command does not belong to the stream it was given to.
    #[error("the command or event does not belong to this stream")]
    WrongStream,
    /// A bulk replay (the WebAssembly package's `Replay`) was used after it gave its model.
    #[error("the replay has already finished: finish() gives its model once, and the replay takes nothing more")]
    ReplayFinished,
    /// An event of an unsupported schema version.
    #[error("unsupported event schema version {version}")]
    UnsupportedSchema {
        /// The version found.
        version: u32,
    },
    /// A PESEL is not eleven digits.
    #[error("{field} is not a PESEL: it must be 11 digits")]
    PeselFormat {
        /// The field.
        field: &'static str,
    },
    /// A PESEL's control digit does not match its other digits (a typo).
    #[error("{field} is not a valid PESEL: the control digit does not match")]
    PeselChecksum {
        /// The field.
        field: &'static str,
    },
    /// A PESEL's first six digits encode no real birth date.
    #[error("{field} is not a valid PESEL: it encodes no real birth date")]
    PeselBirthDate {
        /// The field.
        field: &'static str,
    },
    /// Not a Polish postcode `NN-NNN`.
    #[error("{field} is not a postcode NN-NNN")]
    PostcodeInvalid {
        /// The field.
        field: &'static str,
    },
    /// Not a phone number.
    #[error("{field} is not a phone number (9 digits, or + and a country code)")]
    PhoneInvalid {
        /// The field.
        field: &'static str,
    },
    /// Not an e-mail address.
    #[error("{field} is not an e-mail address")]
    EmailInvalid {
        /// The field.
        field: &'static str,
    },
}

impl ValidationError {
    /// An id already taken (`DUPLICATE_ID`).
    pub fn duplicate(kind: &'static str, id: &str) -> Self {
        ValidationError::DuplicateId {
            kind,
            id: id.to_owned(),
        }
    }

    /// Nothing with this id; `kind` ("partnership", "zzk", "service"…) picks the specific code.
    pub fn not_found(kind: &'static str, id: &str) -> Self {
        ValidationError::NotFound {
            kind,
            id: id.to_owned(),
        }
    }

    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        use ValidationError::*;
        match self {
            EmptyText { .. } => "TEXT_EMPTY",
            TextTooLong { .. } => "TEXT_TOO_LONG",
            InvalidId { .. } => "INVALID_ID",
            ContainsPesel { .. } => "CONTAINS_PESEL",
            LeapSecond { .. } => "LEAP_SECOND",
            DuplicateRegistryNumber { .. } => "DUPLICATE_REGISTRY_NUMBER",
            EmptyList { .. } => "LIST_EMPTY",
            OutOfRange { .. } => "OUT_OF_RANGE",
            DateOutOfOrder { .. } => "DATE_OUT_OF_ORDER",
            DateInFuture { .. } => "DATE_IN_FUTURE",
            DateOutOfRange { .. } => "DATE_OUT_OF_RANGE",
            TimeOutOfOrder { .. } => "TIME_OUT_OF_ORDER",
            BadPeriod { .. } => "BAD_PERIOD",
            DuplicateId { .. } => "DUPLICATE_ID",
            NotFound { kind, .. } => match *kind {
                "partnership" => "PARTNERSHIP_NOT_FOUND",
                "member" => "MEMBER_NOT_FOUND",
                "service" => "SERVICE_NOT_FOUND",
                "zzk" => "ZZK_NOT_FOUND",
                "zzk_member" => "ZZK_MEMBER_NOT_FOUND",
                "consent" => "CONSENT_NOT_FOUND",
                "meeting" => "MEETING_NOT_FOUND",
                "goal" => "GOAL_NOT_FOUND",
                "task" => "TASK_NOT_FOUND",
                "basket_item" => "BASKET_ITEM_NOT_FOUND",
                "request" => "REQUEST_NOT_FOUND",
                "conflict" => "CONFLICT_NOT_FOUND",
                "refusal" => "REFUSAL_NOT_FOUND",
                "project" => "PROJECT_NOT_FOUND",
                "coordinator" => "COORDINATOR_NOT_FOUND",
                _ => "NOT_FOUND",
            },
            WrongStream => "WRONG_STREAM",
            ReplayFinished => "REPLAY_ALREADY_FINISHED",
            UnsupportedSchema { .. } => "UNSUPPORTED_SCHEMA",
            PeselFormat { .. } => "PESEL_FORMAT",
            PeselChecksum { .. } => "PESEL_CHECKSUM",
            PeselBirthDate { .. } => "PESEL_BIRTH_DATE",
            PostcodeInvalid { .. } => "POSTCODE_INVALID",
            PhoneInvalid { .. } => "PHONE_INVALID",
            EmailInvalid { .. } => "EMAIL_INVALID",
        }
    }

    fn message_pl(&self) -> String {
        use ValidationError::*;
        match self {
            EmptyText { field } => format!("Pole {field} nie może być puste"),
            TextTooLong { field, max } => format!("Pole {field} jest dłuższe niż {max} znaków"),
            InvalidId { field } => format!(
                "Pole {field} nie jest poprawnym identyfikatorem (1–64 znaki: litery ASCII, cyfry oraz - _ . :)"
            ),
            ContainsPesel { field } => format!(
                "Pole {field} zawiera numer PESEL; dziennik zdarzeń jest trwały, więc numery osobowe przechowuje się wyłącznie w danych osobowych"
            ),
            LeapSecond { field } => {
                format!("Czas {field} to sekunda przestępna (:60), której nie przyjmujemy")
            }
            DuplicateRegistryNumber { number, holder } => format!(
                "Numer rejestru {number} został już nadany innemu ZZK ({holder})"
            ),
            EmptyList { field } => format!("Lista {field} nie może być pusta"),
            OutOfRange { field, min, max } => {
                format!("Wartość {field} jest poza zakresem ({min}–{max})")
            }
            DateOutOfOrder {
                field,
                date,
                earliest,
            } => {
                format!("Data {field} ({date}) jest w złej kolejności: nie może być wcześniejsza niż {earliest}")
            }
            DateInFuture { field, date } => format!("Data {field} ({date}) jest w przyszłości"),
            DateOutOfRange {
                field,
                date,
                earliest,
                latest,
            } => format!(
                "Data {field} ({date}) jest poza dopuszczalnym zakresem: od {earliest} do {latest}"
            ),
            TimeOutOfOrder { latest } => {
                format!("Czas polecenia jest wcześniejszy niż ostatnie zdarzenie ({latest})")
            }
            BadPeriod { period } => format!("Okres {period} nie jest miesiącem w postaci RRRR-MM"),
            DuplicateId { kind, id } => format!("{} {id} już istnieje", capitalise(kind_pl(kind))),
            NotFound { kind, id } => format!("Nie znaleziono: {} {id}", kind_pl(kind)),
            WrongStream => "Polecenie lub zdarzenie nie należy do tego strumienia".into(),
            ReplayFinished => "Odtwarzanie zostało już zakończone: finish() wydaje model tylko raz, \
                               a po nim odtwarzanie nie przyjmuje już niczego"
                .into(),
            UnsupportedSchema { version } => {
                format!("Nieobsługiwana wersja schematu zdarzeń: {version}")
            }
            PeselFormat { field } => format!("Pole {field} nie jest numerem PESEL: musi mieć 11 cyfr"),
            PeselChecksum { field } => {
                format!("Pole {field} nie jest poprawnym numerem PESEL: cyfra kontrolna się nie zgadza")
            }
            PeselBirthDate { field } => format!(
                "Pole {field} nie jest poprawnym numerem PESEL: nie zawiera prawdziwej daty urodzenia"
            ),
            PostcodeInvalid { field } => {
                format!("Pole {field} nie jest kodem pocztowym w postaci NN-NNN")
            }
            PhoneInvalid { field } => format!(
                "Pole {field} nie jest numerem telefonu (9 cyfr albo + i numer kierunkowy kraju)"
            ),
            EmailInvalid { field } => format!("Pole {field} nie jest adresem e-mail"),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Rules of the PZK (stages, members, requests, meetings).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "variant")]
pub enum PartnershipError {
    /// Stage 1 needs the mayor's authorisation first.
    #[error("the mayor's authorisation of the OPS is required first")]
    AuthorisationMissing,
    /// Authorisation already recorded.
    #[error("the mayor's authorisation is already recorded")]
    AlreadyAuthorised,
    /// The PZK is not in a stage that allows this.
    #[error("not allowed in PZK stage {stage}")]
    WrongStage {
        /// Current stage.
        stage: PzkStage,
        /// Stages that would allow it.
        expected: Vec<PzkStage>,
    },
    /// Steps of stage 1 go in order.
    #[error("step {step} needs step {missing} first")]
    StepOutOfOrder {
        /// The step attempted.
        step: InitiationStep,
        /// The first missing step.
        missing: InitiationStep,
    },
    /// The step is already completed.
    #[error("step {step} is already completed")]
    StepAlreadyDone {
        /// The step.
        step: InitiationStep,
    },
    /// Step 1.4 is completed by holding the initiating meeting.
    #[error("step 1.4 is completed by holding the initiating meeting")]
    InitiatingMeetingRequired,
    /// The basket has no services.
    #[error("the local basket has no services")]
    BasketEmpty,
    /// Obligatory implementation conditions are not met.
    #[error(
        "obligatory {level} readiness conditions not met: {}",
        list(missing, Lang::En)
    )]
    ReadinessNotMet {
        /// Level.
        level: ReadinessLevel,
        /// Missing conditions.
        missing: Vec<ReadinessCondition>,
    },
    /// Formalisation needs at least two declarations besides the OPS.
    #[error(
        "formalisation needs at least {need} signed declarations besides the OPS; {have} signed"
    )]
    NotEnoughDeclarations {
        /// Signed.
        have: usize,
        /// Needed.
        need: usize,
    },
    /// Something the formalising stage needs is missing.
    #[error("formalisation incomplete: {}", missing.join(", "))]
    FormalisationIncomplete {
        /// What is missing.
        missing: Vec<&'static str>,
    },
    /// The member's status does not allow this change.
    #[error("a member with status {status} cannot become {to}")]
    MemberStatusInvalid {
        /// Current status.
        status: MemberStatus,
        /// Target.
        to: MemberStatus,
    },
    /// The OPS leads the PZK and cannot leave it.
    #[error("the OPS leads the PZK and cannot leave it")]
    LeaderCannotLeave,
    /// Minutes already approved.
    #[error("the minutes of meeting {meeting_id} are already approved")]
    MinutesAlreadyApproved {
        /// The meeting.
        meeting_id: MeetingId,
    },
    /// An annual plan for this year exists.
    #[error("an annual plan for {year} is already adopted")]
    AnnualPlanExists {
        /// The year.
        year: i32,
    },
    /// The request is already decided.
    #[error("the request is already decided")]
    RequestAlreadyDecided,
    /// A rejection needs a reason.
    #[error("a rejected request needs a reason")]
    RejectionReasonRequired,
    /// The conflict is already resolved.
    #[error("the conflict is already resolved")]
    ConflictAlreadyResolved,
    /// Members were already informed.
    #[error("PZK members were already informed of this refusal")]
    MembersAlreadyInformed,
}

impl PartnershipError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        use PartnershipError::*;
        match self {
            AuthorisationMissing => "AUTHORISATION_MISSING",
            AlreadyAuthorised => "ALREADY_AUTHORISED",
            WrongStage { .. } => "PZK_WRONG_STAGE",
            StepOutOfOrder { .. } => "STEP_OUT_OF_ORDER",
            StepAlreadyDone { .. } => "STEP_ALREADY_DONE",
            InitiatingMeetingRequired => "INITIATING_MEETING_REQUIRED",
            BasketEmpty => "BASKET_EMPTY",
            ReadinessNotMet { .. } => "READINESS_NOT_MET",
            NotEnoughDeclarations { .. } => "NOT_ENOUGH_DECLARATIONS",
            FormalisationIncomplete { .. } => "FORMALISATION_INCOMPLETE",
            MemberStatusInvalid { .. } => "MEMBER_STATUS_INVALID",
            LeaderCannotLeave => "LEADER_CANNOT_LEAVE",
            MinutesAlreadyApproved { .. } => "MINUTES_ALREADY_APPROVED",
            AnnualPlanExists { .. } => "ANNUAL_PLAN_EXISTS",
            RequestAlreadyDecided => "REQUEST_ALREADY_DECIDED",
            RejectionReasonRequired => "REJECTION_REASON_REQUIRED",
            ConflictAlreadyResolved => "CONFLICT_ALREADY_RESOLVED",
            MembersAlreadyInformed => "MEMBERS_ALREADY_INFORMED",
        }
    }

    fn message_pl(&self) -> String {
        use PartnershipError::*;
        match self {
            AuthorisationMissing => "Najpierw wymagane jest upoważnienie OPS przez burmistrza/prezydenta".into(),
            AlreadyAuthorised => "Upoważnienie burmistrza jest już odnotowane".into(),
            WrongStage { stage, .. } => format!("Niedozwolone na etapie PZK: {}", stage.label_pl()),
            StepOutOfOrder { step, missing } => {
                format!("Krok „{}” wymaga wcześniej kroku „{}”", step.label_pl(), missing.label_pl())
            }
            StepAlreadyDone { step } => format!("Krok „{}” jest już wykonany", step.label_pl()),
            InitiatingMeetingRequired => "Krok 1.4 wykonuje się, odbywając spotkanie inicjujące".into(),
            BasketEmpty => "Lokalny koszyk usług jest pusty".into(),
            ReadinessNotMet { level, missing } => format!(
                "Niespełnione obligatoryjne warunki wdrożenia ({}): {}",
                level.label_pl(),
                list(missing, Lang::Pl)
            ),
            NotEnoughDeclarations { have, need } => format!(
                "Formalizacja wymaga co najmniej {need} podpisanych deklaracji poza OPS; podpisano {have}"
            ),
            FormalisationIncomplete { missing } => {
                let pl: Vec<&str> = missing
                    .iter()
                    .map(|m| match *m {
                        "rules_of_procedure" => "regulamin",
                        "basket_presented" => "prezentacja koszyka",
                        "annual_plan" => "roczny plan działania",
                        other => other,
                    })
                    .collect();
                format!("Formalizacja niepełna, brakuje: {}", pl.join(", "))
            }
            MemberStatusInvalid { status, to } => {
                format!("Członek o statusie „{}” nie może uzyskać statusu „{}”", status.label_pl(), to.label_pl())
            }
            LeaderCannotLeave => "OPS jako lider PZK nie może z niego wystąpić".into(),
            MinutesAlreadyApproved { meeting_id } => format!("Protokół spotkania {meeting_id} jest już przyjęty"),
            AnnualPlanExists { year } => format!("Roczny plan działania na {year} r. jest już przyjęty"),
            RequestAlreadyDecided => "Wniosek został już rozpatrzony".into(),
            RejectionReasonRequired => "Odrzucenie wniosku wymaga podania przyczyny".into(),
            ConflictAlreadyResolved => "Konflikt jest już rozwiązany".into(),
            MembersAlreadyInformed => "Członkowie PZK zostali już poinformowani o tej odmowie".into(),
        }
    }
}

/// Rules of the local and individual baskets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "variant")]
pub enum BasketError {
    /// Only active services may enter an individual basket.
    #[error("service {service_id} is not active ({status})")]
    ServiceNotActive {
        /// The service.
        service_id: ServiceId,
        /// Its status.
        status: ServiceStatus,
    },
    /// A partner service needs a provider that is a PZK member.
    #[error("provider {member_id} is not a member of the PZK")]
    ProviderNotMember {
        /// The provider.
        member_id: MemberId,
    },
    /// Partner services come from members; adjacent-area and self-help ones from outside.
    #[error("origin {origin} does not match the provider")]
    OriginMismatch {
        /// The origin given.
        origin: ServiceOrigin,
    },
    /// A composite service lists at least two actions; a simple one none.
    #[error("a composite service needs at least two components; a simple one none")]
    ComponentsRequired,
    /// The change changes nothing.
    #[error("nothing to change")]
    NothingChanged,
    /// The service is already in the individual basket.
    #[error("service {service_id} is already in the individual basket")]
    AlreadyInBasket {
        /// The service.
        service_id: ServiceId,
    },
}

impl BasketError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        use BasketError::*;
        match self {
            ServiceNotActive { .. } => "SERVICE_NOT_ACTIVE",
            ProviderNotMember { .. } => "PROVIDER_NOT_MEMBER",
            OriginMismatch { .. } => "ORIGIN_MISMATCH",
            ComponentsRequired => "COMPONENTS_REQUIRED",
            NothingChanged => "NOTHING_CHANGED",
            AlreadyInBasket { .. } => "ALREADY_IN_BASKET",
        }
    }

    fn message_pl(&self) -> String {
        use BasketError::*;
        match self {
            ServiceNotActive { service_id, status } => {
                format!(
                    "Usługa {service_id} nie jest dostępna ({})",
                    status.label_pl()
                )
            }
            ProviderNotMember { member_id } => {
                format!("Realizator {member_id} nie jest członkiem PZK")
            }
            OriginMismatch { origin } => {
                format!(
                    "Pochodzenie „{}” nie pasuje do realizatora",
                    origin.label_pl()
                )
            }
            ComponentsRequired => {
                "Usługa złożona wymaga co najmniej dwóch działań; usługa prosta żadnego".into()
            }
            NothingChanged => "Nic do zmiany".into(),
            AlreadyInBasket { service_id } => {
                format!("Usługa {service_id} jest już w indywidualnym koszyku")
            }
        }
    }
}

/// Rules of the ZZK lifecycle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "variant")]
pub enum ZzkError {
    /// Not allowed in the ZZK's current stage.
    #[error("not allowed in ZZK stage {stage}")]
    WrongStage {
        /// Current stage.
        stage: ZzkStage,
    },
    /// The ZZK is suspended.
    #[error("the ZZK is suspended")]
    Suspended,
    /// Work with the family is closed.
    #[error("the ZZK is closed")]
    Closed,
    /// A ZZK is appointed only within an operating PZK.
    #[error("a ZZK can be appointed only in an operating PZK (now: {stage})")]
    PartnershipNotOperating {
        /// The PZK's stage.
        stage: PzkStage,
    },
    /// No network coordinator keeps the registry.
    #[error("no network coordinator keeps the ZZK registry")]
    RegistryKeeperMissing,
    /// The person/family (or its representative) is never a ZZK member.
    #[error("the person/family or its representative cannot be a ZZK member")]
    FamilyCannotBeMember,
    /// Staff of a partner join only once its agreement is recorded.
    #[error("member {member_id} has status {status}: its agreement must be recorded first")]
    PartnerAgreementMissing {
        /// The partner.
        member_id: MemberId,
        /// Its status.
        status: MemberStatus,
    },
    /// The worker is already on the team.
    #[error("the worker is already a member of this ZZK")]
    AlreadyMember,
    /// The member already left.
    #[error("the member already left the ZZK")]
    AlreadyLeft,
    /// A consultation meeting needs invited partners.
    #[error("a consultation meeting needs invited partners")]
    PartnersRequired,
    /// The first meeting comes after the consultation meeting and the invitation.
    #[error("the first meeting needs the consultation meeting and invitations first")]
    ConsultationRequired,
    /// A consultation meeting is held without the person/family.
    #[error("a consultation meeting is held without the person/family")]
    FamilyMustBeAbsent,
    /// A team meeting needs the person/family or its representative.
    #[error("this meeting needs the person/family or its representative present")]
    FamilyMustBePresent,
    /// No representative is appointed.
    #[error("no representative or carer is appointed")]
    NoRepresentative,
    /// The ZZK is not suspended.
    #[error("the ZZK is not suspended")]
    NotSuspended,
    /// Closure needs the end-of-work evaluation survey.
    #[error("closing needs the end-of-work evaluation survey first")]
    EvaluationRequired,
    /// Only a consultation meeting's minutes are withheld from the family, and so released.
    #[error("only a consultation meeting's minutes are released to the family (this is a {kind} meeting)")]
    NotAConsultation {
        /// The meeting's kind.
        kind: ZzkMeetingKind,
    },
    /// The minutes are already released.
    #[error("the minutes of this consultation are already released to the family")]
    MinutesAlreadyReleased,
}

impl ZzkError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        use ZzkError::*;
        match self {
            WrongStage { .. } => "ZZK_WRONG_STAGE",
            Suspended => "ZZK_SUSPENDED",
            Closed => "ZZK_CLOSED",
            PartnershipNotOperating { .. } => "PZK_NOT_OPERATING",
            RegistryKeeperMissing => "REGISTRY_KEEPER_MISSING",
            FamilyCannotBeMember => "FAMILY_CANNOT_BE_MEMBER",
            PartnerAgreementMissing { .. } => "PARTNER_AGREEMENT_MISSING",
            AlreadyMember => "ALREADY_MEMBER",
            AlreadyLeft => "ALREADY_LEFT",
            PartnersRequired => "PARTNERS_REQUIRED",
            ConsultationRequired => "CONSULTATION_REQUIRED",
            FamilyMustBeAbsent => "FAMILY_MUST_BE_ABSENT",
            FamilyMustBePresent => "FAMILY_MUST_BE_PRESENT",
            NoRepresentative => "NO_REPRESENTATIVE",
            NotSuspended => "NOT_SUSPENDED",
            EvaluationRequired => "EVALUATION_REQUIRED",
            NotAConsultation { .. } => "NOT_A_CONSULTATION",
            MinutesAlreadyReleased => "MINUTES_ALREADY_RELEASED",
        }
    }

    fn message_pl(&self) -> String {
        use ZzkError::*;
        match self {
            WrongStage { stage } => format!("Niedozwolone na etapie ZZK: {}", stage.label_pl()),
            Suspended => "ZZK jest zawieszony".into(),
            Closed => "Praca ZZK została zakończona".into(),
            PartnershipNotOperating { stage } => {
                format!(
                    "ZZK można powołać tylko w funkcjonującym PZK (obecnie: {})",
                    stage.label_pl()
                )
            }
            RegistryKeeperMissing => "Żaden pracownik ds. sieci nie prowadzi rejestru ZZK".into(),
            FamilyCannotBeMember => {
                "Osoba/rodzina ani jej przedstawiciel nie może być członkiem ZZK".into()
            }
            PartnerAgreementMissing { member_id, status } => format!(
                "Partner {member_id} ma status „{}”: najpierw trzeba odnotować jego zgodę",
                status.label_pl()
            ),
            AlreadyMember => "Ten pracownik jest już członkiem ZZK".into(),
            AlreadyLeft => "Ten członek już opuścił ZZK".into(),
            PartnersRequired => "Spotkanie konsultacyjne wymaga zaproszonych partnerów".into(),
            ConsultationRequired => {
                "Pierwsze spotkanie wymaga wcześniejszego spotkania konsultacyjnego i zaproszeń"
                    .into()
            }
            FamilyMustBeAbsent => "Spotkanie konsultacyjne odbywa się bez osoby/rodziny".into(),
            FamilyMustBePresent => {
                "To spotkanie wymaga obecności osoby/rodziny lub jej przedstawiciela".into()
            }
            NoRepresentative => "Nie wskazano przedstawiciela ani opiekuna".into(),
            NotSuspended => "ZZK nie jest zawieszony".into(),
            EvaluationRequired => "Zakończenie wymaga wcześniejszej ankiety ewaluacyjnej".into(),
            NotAConsultation { kind } => format!(
                "Rodzinie udostępnia się tylko protokół spotkania konsultacyjnego (to spotkanie: {})",
                kind.label_pl()
            ),
            MinutesAlreadyReleased => {
                "Protokół tego spotkania konsultacyjnego już udostępniono rodzinie".into()
            }
        }
    }
}

/// Rules of consent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "variant")]
pub enum ConsentError {
    /// No consent in force.
    #[error("{decision} needs consent in force; there is none")]
    Missing {
        /// The decision.
        decision: KeyDecision,
    },
    /// Consent in force does not cover the decision.
    #[error("consent in force does not cover {decision}{}", institution.as_ref().map(|i| format!(" for {i}")).unwrap_or_default())]
    NotCovering {
        /// The decision.
        decision: KeyDecision,
        /// The institution concerned.
        institution: Option<MemberId>,
    },
    /// Consent already withdrawn.
    #[error("the consent is already withdrawn")]
    AlreadyWithdrawn,
    /// Consent must cover something.
    #[error("a consent must cover ZZK work, sharing or evaluation")]
    ScopeEmpty,
    /// The person cannot give consent in that capacity.
    #[error("{person} cannot give consent as {capacity}")]
    GiverInvalid {
        /// Who.
        person: PersonRef,
        /// The capacity claimed.
        capacity: ConsentCapacity,
    },
}

impl ConsentError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        use ConsentError::*;
        match self {
            Missing { .. } => "CONSENT_MISSING",
            NotCovering { .. } => "CONSENT_NOT_COVERING",
            AlreadyWithdrawn => "CONSENT_ALREADY_WITHDRAWN",
            ScopeEmpty => "CONSENT_SCOPE_EMPTY",
            GiverInvalid { .. } => "CONSENT_GIVER_INVALID",
        }
    }

    fn message_pl(&self) -> String {
        use ConsentError::*;
        match self {
            Missing { decision } => format!(
                "Decyzja „{}” wymaga obowiązującej zgody; brak zgody",
                decision.label_pl()
            ),
            NotCovering {
                decision,
                institution,
            } => format!(
                "Obowiązująca zgoda nie obejmuje decyzji „{}”{}",
                decision.label_pl(),
                institution
                    .as_ref()
                    .map(|i| format!(" dla {i}"))
                    .unwrap_or_default()
            ),
            AlreadyWithdrawn => "Zgoda została już cofnięta".into(),
            ScopeEmpty => {
                "Zgoda musi obejmować pracę ZZK, przekazywanie informacji lub ewaluację".into()
            }
            GiverInvalid { person, capacity } => {
                format!(
                    "{person} nie może udzielić zgody jako: {}",
                    capacity.label_pl()
                )
            }
        }
    }
}

/// Rules of the individual plan and projects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "variant")]
pub enum PlanError {
    /// No plan adopted yet.
    #[error("no individual plan is adopted")]
    PlanMissing,
    /// A plan is already adopted; change it instead.
    #[error("an individual plan is already adopted")]
    PlanExists,
    /// The first meeting ends with a plan or a social-work project (exactly one).
    #[error("the first meeting ends with either a plan or a social-work project")]
    PlanOrProjectRequired,
    /// A task's responsible member is not a current member.
    #[error("{zzk_member_id} is not a current member of the ZZK")]
    ResponsibleNotMember {
        /// The membership.
        zzk_member_id: ZzkMemberId,
    },
    /// The task is done or not done already.
    #[error("the task is closed")]
    TaskClosed,
    /// A project is already running.
    #[error("a social-work project is already running")]
    ProjectAlreadyRunning,
    /// No running project with this id.
    #[error("the social-work project is not running")]
    NoProjectRunning,
}

impl PlanError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        use PlanError::*;
        match self {
            PlanMissing => "PLAN_MISSING",
            PlanExists => "PLAN_EXISTS",
            PlanOrProjectRequired => "PLAN_OR_PROJECT_REQUIRED",
            ResponsibleNotMember { .. } => "RESPONSIBLE_NOT_MEMBER",
            TaskClosed => "TASK_CLOSED",
            ProjectAlreadyRunning => "PROJECT_ALREADY_RUNNING",
            NoProjectRunning => "NO_PROJECT_RUNNING",
        }
    }

    fn message_pl(&self) -> String {
        use PlanError::*;
        match self {
            PlanMissing => "Nie przyjęto indywidualnego planu".into(),
            PlanExists => "Indywidualny plan jest już przyjęty".into(),
            PlanOrProjectRequired => {
                "Pierwsze spotkanie kończy się planem albo decyzją o projekcie socjalnym".into()
            }
            ResponsibleNotMember { zzk_member_id } => {
                format!("{zzk_member_id} nie jest obecnie członkiem ZZK")
            }
            TaskClosed => "Zadanie jest zamknięte".into(),
            ProjectAlreadyRunning => "Projekt socjalny jest już realizowany".into(),
            NoProjectRunning => "Projekt socjalny nie jest realizowany".into(),
        }
    }
}

/// Who may read what (access.rs).
#[cfg(feature = "privacy")]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "variant")]
pub enum AccessError {
    /// The role has no access to the subject at all.
    #[error("{role} may not read {subject}: {why}")]
    Denied {
        /// The reader's role.
        role: Role,
        /// What was asked for, e.g. `zzk zzk-1`.
        subject: String,
        /// Why, in English.
        why: &'static str,
        /// Why, in Polish.
        why_pl: &'static str,
    },
    /// Pseudonyms are keyed hashes; the key must be given and long enough.
    #[error("pseudonymised data needs a key of at least {min} bytes")]
    PseudonymKeyInvalid {
        /// The shortest key accepted.
        min: usize,
    },
}

#[cfg(feature = "privacy")]
impl AccessError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            AccessError::Denied { .. } => "ACCESS_DENIED",
            AccessError::PseudonymKeyInvalid { .. } => "PSEUDONYM_KEY_INVALID",
        }
    }

    fn message_pl(&self) -> String {
        match self {
            AccessError::Denied {
                role,
                subject,
                why_pl,
                ..
            } => format!(
                "Rola „{}” nie ma dostępu do: {subject} ({why_pl})",
                role.label_pl()
            ),
            AccessError::PseudonymKeyInvalid { min } => {
                format!(
                    "Dane spseudonimizowane wymagają klucza o długości co najmniej {min} bajtów"
                )
            }
        }
    }
}

/// Any error of the library.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "area", content = "detail", rename_all = "snake_case")]
pub enum Error {
    /// Bad input.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// PZK rules.
    #[error(transparent)]
    Partnership(#[from] PartnershipError),
    /// Basket rules.
    #[error(transparent)]
    Basket(#[from] BasketError),
    /// ZZK rules.
    #[error(transparent)]
    Zzk(#[from] ZzkError),
    /// Consent rules.
    #[error(transparent)]
    Consent(#[from] ConsentError),
    /// Plan rules.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Access rules: who may read what.
    #[cfg(feature = "privacy")]
    #[error(transparent)]
    Access(#[from] AccessError),
    /// A command or event could not be decoded.
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A fault of the library itself (a bug), reported by a binding that caught a panic at its
    /// boundary instead of letting it cross into the host's runtime.
    #[error("internal error of the library: {0}")]
    Internal(String),
}

impl Error {
    /// `INTERNAL_ERROR` for a panic caught at a binding's boundary, with the panic's message:
    /// every binding turns a panic into this instead of letting it cross into the host.
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Error {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Error::Internal(format!("the library panicked: {what}"))
    }

    /// Stable machine code, e.g. `ZZK_SUSPENDED`, `CONSENT_MISSING`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(e) => e.code(),
            Error::Partnership(e) => e.code(),
            Error::Basket(e) => e.code(),
            Error::Zzk(e) => e.code(),
            Error::Consent(e) => e.code(),
            Error::Plan(e) => e.code(),
            #[cfg(feature = "privacy")]
            Error::Access(e) => e.code(),
            Error::Json(_) => "MALFORMED_JSON",
            Error::Internal(_) => "INTERNAL_ERROR",
        }
    }

    /// The area: validation, partnership, basket, zzk, consent, plan, access, json or internal.
    pub fn area(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::Partnership(_) => "partnership",
            Error::Basket(_) => "basket",
            Error::Zzk(_) => "zzk",
            Error::Consent(_) => "consent",
            Error::Plan(_) => "plan",
            #[cfg(feature = "privacy")]
            Error::Access(_) => "access",
            Error::Json(_) => "json",
            Error::Internal(_) => "internal",
        }
    }

    /// The message in Polish.
    pub fn message_pl(&self) -> String {
        match self {
            Error::Validation(e) => e.message_pl(),
            Error::Partnership(e) => e.message_pl(),
            Error::Basket(e) => e.message_pl(),
            Error::Zzk(e) => e.message_pl(),
            Error::Consent(e) => e.message_pl(),
            Error::Plan(e) => e.message_pl(),
            #[cfg(feature = "privacy")]
            Error::Access(e) => e.message_pl(),
            Error::Json(m) => format!("Niepoprawny JSON: {m}"),
            Error::Internal(m) => format!("Błąd wewnętrzny biblioteki: {m}"),
        }
    }

    /// The message in a language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Pl => self.message_pl(),
            Lang::En => self.to_string(),
        }
    }

    /// What sort of refusal this is, across areas: see [`kind_of`].
    pub fn kind(&self) -> &'static str {
        kind_of(self.code())
    }

    /// `{"code", "area", "kind", "message", "message_pl"}`, for hosts and bindings.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code(),
            "area": self.area(),
            "kind": self.kind(),
            "message": self.to_string(),
            "message_pl": self.message_pl(),
        })
    }
}

/// Every machine code the library can return, with its area, in a stable order: bindings build
/// their exception classes and hosts their translation tables from this list.
pub const CODES: &[(&str, &str)] = &[
    ("TEXT_EMPTY", "validation"),
    ("TEXT_TOO_LONG", "validation"),
    ("INVALID_ID", "validation"),
    ("CONTAINS_PESEL", "validation"),
    ("LEAP_SECOND", "validation"),
    ("DUPLICATE_REGISTRY_NUMBER", "validation"),
    ("LIST_EMPTY", "validation"),
    ("OUT_OF_RANGE", "validation"),
    ("DATE_OUT_OF_ORDER", "validation"),
    ("DATE_IN_FUTURE", "validation"),
    ("DATE_OUT_OF_RANGE", "validation"),
    ("TIME_OUT_OF_ORDER", "validation"),
    ("BAD_PERIOD", "validation"),
    ("DUPLICATE_ID", "validation"),
    ("PARTNERSHIP_NOT_FOUND", "validation"),
    ("MEMBER_NOT_FOUND", "validation"),
    ("SERVICE_NOT_FOUND", "validation"),
    ("ZZK_NOT_FOUND", "validation"),
    ("ZZK_MEMBER_NOT_FOUND", "validation"),
    ("CONSENT_NOT_FOUND", "validation"),
    ("MEETING_NOT_FOUND", "validation"),
    ("GOAL_NOT_FOUND", "validation"),
    ("TASK_NOT_FOUND", "validation"),
    ("BASKET_ITEM_NOT_FOUND", "validation"),
    ("REQUEST_NOT_FOUND", "validation"),
    ("CONFLICT_NOT_FOUND", "validation"),
    ("REFUSAL_NOT_FOUND", "validation"),
    ("PROJECT_NOT_FOUND", "validation"),
    ("COORDINATOR_NOT_FOUND", "validation"),
    ("NOT_FOUND", "validation"),
    ("WRONG_STREAM", "validation"),
    ("REPLAY_ALREADY_FINISHED", "validation"),
    ("UNSUPPORTED_SCHEMA", "validation"),
    ("PESEL_FORMAT", "validation"),
    ("PESEL_CHECKSUM", "validation"),
    ("PESEL_BIRTH_DATE", "validation"),
    ("POSTCODE_INVALID", "validation"),
    ("PHONE_INVALID", "validation"),
    ("EMAIL_INVALID", "validation"),
    ("AUTHORISATION_MISSING", "partnership"),
    ("ALREADY_AUTHORISED", "partnership"),
    ("PZK_WRONG_STAGE", "partnership"),
    ("STEP_OUT_OF_ORDER", "partnership"),
    ("STEP_ALREADY_DONE", "partnership"),
    ("INITIATING_MEETING_REQUIRED", "partnership"),
    ("BASKET_EMPTY", "partnership"),
    ("READINESS_NOT_MET", "partnership"),
    ("NOT_ENOUGH_DECLARATIONS", "partnership"),
    ("FORMALISATION_INCOMPLETE", "partnership"),
    ("MEMBER_STATUS_INVALID", "partnership"),
    ("LEADER_CANNOT_LEAVE", "partnership"),
    ("MINUTES_ALREADY_APPROVED", "partnership"),
    ("ANNUAL_PLAN_EXISTS", "partnership"),
    ("REQUEST_ALREADY_DECIDED", "partnership"),
    ("REJECTION_REASON_REQUIRED", "partnership"),
    ("CONFLICT_ALREADY_RESOLVED", "partnership"),
    ("MEMBERS_ALREADY_INFORMED", "partnership"),
    ("SERVICE_NOT_ACTIVE", "basket"),
    ("PROVIDER_NOT_MEMBER", "basket"),
    ("ORIGIN_MISMATCH", "basket"),
    ("COMPONENTS_REQUIRED", "basket"),
    ("NOTHING_CHANGED", "basket"),
    ("ALREADY_IN_BASKET", "basket"),
    ("ZZK_WRONG_STAGE", "zzk"),
    ("ZZK_SUSPENDED", "zzk"),
    ("ZZK_CLOSED", "zzk"),
    ("PZK_NOT_OPERATING", "zzk"),
    ("REGISTRY_KEEPER_MISSING", "zzk"),
    ("FAMILY_CANNOT_BE_MEMBER", "zzk"),
    ("PARTNER_AGREEMENT_MISSING", "zzk"),
    ("ALREADY_MEMBER", "zzk"),
    ("ALREADY_LEFT", "zzk"),
    ("PARTNERS_REQUIRED", "zzk"),
    ("CONSULTATION_REQUIRED", "zzk"),
    ("FAMILY_MUST_BE_ABSENT", "zzk"),
    ("FAMILY_MUST_BE_PRESENT", "zzk"),
    ("NO_REPRESENTATIVE", "zzk"),
    ("NOT_SUSPENDED", "zzk"),
    ("EVALUATION_REQUIRED", "zzk"),
    ("NOT_A_CONSULTATION", "zzk"),
    ("MINUTES_ALREADY_RELEASED", "zzk"),
    ("CONSENT_MISSING", "consent"),
    ("CONSENT_NOT_COVERING", "consent"),
    ("CONSENT_ALREADY_WITHDRAWN", "consent"),
    ("CONSENT_SCOPE_EMPTY", "consent"),
    ("CONSENT_GIVER_INVALID", "consent"),
    ("PLAN_MISSING", "plan"),
    ("PLAN_EXISTS", "plan"),
    ("PLAN_OR_PROJECT_REQUIRED", "plan"),
    ("RESPONSIBLE_NOT_MEMBER", "plan"),
    ("TASK_CLOSED", "plan"),
    ("PROJECT_ALREADY_RUNNING", "plan"),
    ("NO_PROJECT_RUNNING", "plan"),
    ("ACCESS_DENIED", "access"),
    ("PSEUDONYM_KEY_INVALID", "access"),
    ("MALFORMED_JSON", "json"),
    ("INTERNAL_ERROR", "internal"),
];

/// Every kind [`kind_of`] returns, in a stable order.
pub const KINDS: &[&str] = &[
    "invalid",
    "not_found",
    "conflict",
    "stage",
    "consent",
    "rule",
    "decode",
    "internal",
];

/// The kind of a code, a second classification beside the area: a host reacts to a record that
/// does not exist, to a repeated or stale act, or to a case in the wrong stage in the same way
/// whichever part of the model refused it, so bindings build their exception classes on kinds
/// (`NotFoundError`, `ConflictError`, `StageError`, …).
///
/// - `not_found`: an id names nothing (`…_NOT_FOUND`);
/// - `conflict`: the act was already done or clashes with what is recorded (a duplicate id, a
///   time earlier than the stream's last event, "already …", "… exists");
/// - `stage`: the PZK or the ZZK is not in a stage that allows the act (suspended and closed
///   included);
/// - `consent`: the family's consent does not allow it (zgoda);
/// - `invalid`: bad input (texts, ids, dates, ranges, lists);
/// - `decode`: a command or event that cannot be decoded;
/// - `internal`: a fault of the library;
/// - `rule`: any other rule of the model.
pub fn kind_of(code: &str) -> &'static str {
    const STAGE: &[&str] = &[
        "PZK_WRONG_STAGE",
        "PZK_NOT_OPERATING",
        "STEP_OUT_OF_ORDER",
        "ZZK_WRONG_STAGE",
        "ZZK_SUSPENDED",
        "ZZK_CLOSED",
        "NOT_SUSPENDED",
    ];
    let area = CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, a)| *a);
    match code {
        "MALFORMED_JSON" | "UNSUPPORTED_SCHEMA" => "decode",
        "INTERNAL_ERROR" => "internal",
        c if c.ends_with("NOT_FOUND") => "not_found",
        _ if area == "consent" => "consent",
        c if STAGE.contains(&c) => "stage",
        "DUPLICATE_ID" | "DUPLICATE_REGISTRY_NUMBER" | "TIME_OUT_OF_ORDER" => "conflict",
        c if c.contains("ALREADY") || c.ends_with("_EXISTS") => "conflict",
        _ if area == "validation" || code == "PSEUDONYM_KEY_INVALID" => "invalid",
        _ => "rule",
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::CODES;
    use std::collections::BTreeSet;

    /// `CODES` is written by hand; this reads the `code()` functions of this file so that a new
    /// variant with a new code cannot be forgotten in the catalogue (and a removed one cannot linger).
    #[test]
    fn the_catalogue_lists_exactly_the_codes_the_code_functions_return() {
        let src = include_str!("error.rs");
        let mut in_code_fn = false;
        let mut found = BTreeSet::new();
        for line in src.lines() {
            if line.contains("pub fn code(&self)") {
                in_code_fn = true;
            } else if in_code_fn && line == "    }" {
                in_code_fn = false;
            } else if in_code_fn {
                for piece in line.split('"').skip(1).step_by(2) {
                    if !piece.is_empty()
                        && piece.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                    {
                        found.insert(piece.to_owned());
                    }
                }
            }
        }
        let listed: BTreeSet<String> = CODES.iter().map(|(c, _)| (*c).to_owned()).collect();
        assert_eq!(listed.len(), CODES.len(), "a code is listed twice");
        assert_eq!(found, listed);
    }

    #[test]
    fn every_code_has_one_of_the_listed_kinds() {
        for (code, _) in CODES {
            assert!(super::KINDS.contains(&super::kind_of(code)), "{code}");
        }
        for kind in super::KINDS {
            assert!(
                CODES.iter().any(|(c, _)| super::kind_of(c) == *kind),
                "no code of kind {kind}"
            );
        }
        let kinds = |codes: &[&str]| codes.iter().map(|c| super::kind_of(c)).collect::<Vec<_>>();
        assert_eq!(
            kinds(&[
                "ZZK_NOT_FOUND",
                "CONSENT_ALREADY_WITHDRAWN",
                "PLAN_EXISTS",
                "ZZK_SUSPENDED"
            ]),
            ["not_found", "consent", "conflict", "stage"]
        );
        assert_eq!(
            kinds(&[
                "TEXT_EMPTY",
                "BASKET_EMPTY",
                "MALFORMED_JSON",
                "DUPLICATE_ID"
            ]),
            ["invalid", "rule", "decode", "conflict"]
        );
    }
}
