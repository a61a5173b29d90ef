//! Errors, one enum per area, each variant declared once ([`declare_errors!`]) with its stable
//! machine code, its [`ErrorKind`], an English message (`Display`) and a Polish message
//! ([`Error::message_pl`]); the catalogue of codes ([`codes`]) is made from the same
//! declarations. A rejected command changes nothing.

mod declare;

pub use declare::{CatalogueEntry, ErrorKind};

use crate::basket::{ServiceOrigin, ServiceStatus};
use crate::consent::ConsentCapacity;
use crate::consent::KeyDecision;
use crate::declare_errors;
use crate::fields::FieldPl;
use crate::ids::{ConsentId, GoalId, MeetingId, MemberId, PersonRef, ServiceId, ZzkMemberId};
use crate::labels::{plural_pl, Day, Labelled, Lang};
use crate::meeting::ZzkMeetingKind;
use crate::partnership::{InitiationStep, MemberStatus, PzkStage};
use crate::readiness::{ReadinessCondition, ReadinessLevel};
use crate::roles::Role;
use crate::zzk::ZzkStage;
use chrono::{NaiveDate, Timelike};
use serde::Serialize;
use std::sync::OnceLock;

fn list<T: Labelled>(items: &[T], lang: Lang) -> String {
    items
        .iter()
        .map(|i| i.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A time (RFC 3339) as Polish messages write it, in UTC: `DD.MM.RRRR GG:MM:SS UTC`; a text that
/// is not such a time is shown as it is.
struct PlTime<'a>(&'a str);

impl std::fmt::Display for PlTime<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match crate::decode::read_utc(self.0) {
            Ok(t) => {
                let time = t.time();
                write!(
                    f,
                    "{} {:02}:{:02}:{:02} UTC",
                    Day(t.date_naive(), Lang::Pl),
                    time.hour(),
                    time.minute(),
                    time.second()
                )
            }
            Err(_) => f.write_str(self.0),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

macro_rules! entities {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal, $pl:literal, $not_found:literal;)+) => {
        /// What kind of thing an id names, for [`ValidationError::NotFound`] and
        /// [`ValidationError::DuplicateId`]: each with its code in JSON and messages (`zzk`), its
        /// Polish name and its own not-found code (`ZZK_NOT_FOUND`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Entity {
            $($(#[doc = $doc])* $variant,)+
        }

        impl Entity {
            /// Every entity, in a stable order.
            pub const ALL: &'static [Entity] = &[$(Entity::$variant),+];

            /// The code used in JSON and in the English messages (`zzk_member`).
            pub const fn code(self) -> &'static str {
                match self {
                    $(Entity::$variant => $code,)+
                }
            }

            /// The Polish name (`członek ZZK`).
            pub const fn label_pl(self) -> &'static str {
                match self {
                    $(Entity::$variant => $pl,)+
                }
            }

            /// The code of an id of this entity that names nothing (`ZZK_NOT_FOUND`).
            pub const fn not_found_code(self) -> &'static str {
                match self {
                    $(Entity::$variant => $not_found,)+
                }
            }

            /// The not-found codes, for the catalogue: validation errors of kind not_found.
            const NOT_FOUND: &'static [CatalogueEntry] = &[$(CatalogueEntry {
                code: $not_found,
                area: "validation",
                kind: ErrorKind::NotFound,
            }),+];
        }
    };
}

entities! {
    /// A PZK (partnerstwo).
    Partnership = "partnership", "PZK", "PARTNERSHIP_NOT_FOUND";
    /// A member of a PZK.
    Member = "member", "członek PZK", "MEMBER_NOT_FOUND";
    /// A service of the local basket.
    Service = "service", "usługa", "SERVICE_NOT_FOUND";
    /// A ZZK.
    Zzk = "zzk", "ZZK", "ZZK_NOT_FOUND";
    /// A membership of a ZZK.
    ZzkMember = "zzk_member", "członek ZZK", "ZZK_MEMBER_NOT_FOUND";
    /// A consent of the family.
    Consent = "consent", "zgoda", "CONSENT_NOT_FOUND";
    /// A meeting.
    Meeting = "meeting", "spotkanie", "MEETING_NOT_FOUND";
    /// A goal of the individual plan.
    Goal = "goal", "cel", "GOAL_NOT_FOUND";
    /// A task of the individual plan.
    Task = "task", "zadanie", "TASK_NOT_FOUND";
    /// A service in an individual basket.
    BasketItem = "basket_item", "pozycja koszyka", "BASKET_ITEM_NOT_FOUND";
    /// A request to the PZK.
    Request = "request", "wniosek", "REQUEST_NOT_FOUND";
    /// A conflict in the PZK.
    Conflict = "conflict", "konflikt", "CONFLICT_NOT_FOUND";
    /// A consultation.
    Consultation = "consultation", "konsultacja", "CONSULTATION_NOT_FOUND";
    /// A refusal of a member.
    Refusal = "refusal", "odmowa", "REFUSAL_NOT_FOUND";
    /// A social-work project.
    Project = "project", "projekt socjalny", "PROJECT_NOT_FOUND";
    /// An evaluation.
    Evaluation = "evaluation", "ewaluacja", "EVALUATION_NOT_FOUND";
    /// A network coordinator (pracownik ds. sieci).
    Coordinator = "coordinator", "pracownik ds. sieci", "COORDINATOR_NOT_FOUND";
    /// A person's personal-data record.
    Person = "person", "osoba", "PERSON_NOT_FOUND";
    /// A note of personal data.
    Note = "note", "notatka", "NOTE_NOT_FOUND";
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The Polish names of what a formalisation misses (`PartnershipError::FormalisationIncomplete`).
fn formalisation_pl(missing: &[&'static str]) -> String {
    missing
        .iter()
        .map(|m| match *m {
            "rules_of_procedure" => "regulamin",
            "basket_presented" => "prezentacja koszyka",
            "annual_plan" => "roczny plan działania",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// ` for INSTITUTION` (English) or ` dla INSTITUTION` (Polish), or nothing.
fn institution(institution: &Option<MemberId>, word: &str) -> String {
    institution
        .as_ref()
        .map(|i| format!(" {word} {i}"))
        .unwrap_or_default()
}

declare_errors! {
    /// Bad input: missing, malformed, duplicate or unknown data.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    #[serde(tag = "variant")]
    pub enum ValidationError in "validation" {
        /// A required text is empty.
        EmptyText {
            /// The field.
            field: &'static str,
        } = "TEXT_EMPTY", Invalid,
            en("{field} must not be empty"),
            pl("Pole {} nie może być puste", FieldPl::quoted(field));
        /// A text is too long.
        TextTooLong {
            /// The field.
            field: &'static str,
            /// The limit.
            max: usize,
        } = "TEXT_TOO_LONG", Invalid,
            en("{field} is longer than {max} characters"),
            pl("Pole {} jest dłuższe niż {max} {}", FieldPl::quoted(field), plural_pl(*max as u64, "znak", "znaki", "znaków"));
        /// An id is empty, too long or has a character outside its form.
        InvalidId {
            /// The field.
            field: &'static str,
        } = "INVALID_ID", Invalid,
            en("{field} is not a valid id (1–64 characters: ASCII letters, digits and - _ . :)"),
            pl("Pole {} nie jest poprawnym identyfikatorem (1–64 znaki: litery ASCII, cyfry oraz - _ . :)", FieldPl::quoted(field));
        /// An id or a text holds a PESEL: it would be written to the permanent event log, which no
        /// erasure reaches.
        ContainsPesel {
            /// The field.
            field: &'static str,
        } = "CONTAINS_PESEL", Invalid,
            en("{field} contains a PESEL number; the event log is permanent, so personal numbers belong only in personal-data records"),
            pl("Pole {} zawiera numer PESEL; dziennik zdarzeń jest trwały, więc numery osobowe przechowuje się wyłącznie w danych osobowych", FieldPl::quoted(field));
        /// A time is a leap second (`23:59:60`), which hosts' date types cannot hold.
        LeapSecond {
            /// The field.
            field: &'static str,
        } = "LEAP_SECOND", Invalid,
            en("{field} is a leap second (:60), which is not accepted"),
            pl("{} to sekunda przestępna (:60), której nie przyjmujemy", FieldPl::capitalised(field));
        /// A ZZK registry number already given to another ZZK of the PZK.
        DuplicateRegistryNumber {
            /// The number.
            number: u32,
            /// The ZZK that holds it.
            holder: String,
        } = "DUPLICATE_REGISTRY_NUMBER", Conflict,
            en("registry number {number} was already given to ZZK {holder}"),
            pl("Numer rejestru {number} został już nadany innemu ZZK ({holder})");
        /// A required list is empty.
        EmptyList {
            /// The field.
            field: &'static str,
        } = "LIST_EMPTY", Invalid,
            en("{field} must not be empty"),
            pl("Lista {} nie może być pusta", FieldPl::quoted(field));
        /// A number or choice is out of its range.
        OutOfRange {
            /// The field.
            field: &'static str,
            /// Lowest allowed.
            min: i64,
            /// Highest allowed.
            max: i64,
        } = "OUT_OF_RANGE", Invalid,
            en("{field} is out of range ({min}–{max})"),
            pl("Wartość pola {} jest poza zakresem ({min}–{max})", FieldPl::quoted(field));
        /// A date comes before the date it must follow (or lies in the future).
        DateOutOfOrder {
            /// The field.
            field: &'static str,
            /// The date given.
            date: NaiveDate,
            /// The earliest allowed.
            earliest: NaiveDate,
        } = "DATE_OUT_OF_ORDER", Invalid,
            en("{field} {date} is out of order: it must not be before {earliest}"),
            pl("{} ({}) jest w złej kolejności: nie może przypadać przed {}", FieldPl::capitalised(field), Day(*date, Lang::Pl), Day(*earliest, Lang::Pl));
        /// A date lies after the command's time.
        DateInFuture {
            /// The field.
            field: &'static str,
            /// The date given.
            date: NaiveDate,
        } = "DATE_IN_FUTURE", Invalid,
            en("{field} {date} is in the future"),
            pl("{} ({}) jest w przyszłości", FieldPl::capitalised(field), Day(*date, Lang::Pl));
        /// A date, or the command's time, lies outside the range any command may carry
        /// ([`crate::dates`]).
        DateOutOfRange {
            /// The field (`at` for the command's time).
            field: &'static str,
            /// The date given.
            date: NaiveDate,
            /// The earliest allowed.
            earliest: NaiveDate,
            /// The latest allowed.
            latest: NaiveDate,
        } = "DATE_OUT_OF_RANGE", Invalid,
            en("{field} {date} is out of range: it must be between {earliest} and {latest}"),
            pl("{} ({}) jest poza dopuszczalnym zakresem: od {} do {}", FieldPl::capitalised(field), Day(*date, Lang::Pl), Day(*earliest, Lang::Pl), Day(*latest, Lang::Pl));
        /// A command's time is before the latest event of its stream.
        TimeOutOfOrder {
            /// Time of the latest event.
            latest: String,
        } = "TIME_OUT_OF_ORDER", Conflict,
            en("the command's time is before the latest recorded event ({latest})"),
            pl("Czas polecenia jest wcześniejszy niż ostatnie zdarzenie ({})", PlTime(latest));
        /// A period is not `YYYY-MM`.
        BadPeriod {
            /// The value given.
            period: String,
        } = "BAD_PERIOD", Invalid,
            en("period {period} is not a month in the form YYYY-MM"),
            pl("Okres {period} nie jest miesiącem w postaci RRRR-MM");
        /// An id is already taken.
        DuplicateId {
            /// What kind of thing.
            kind: Entity,
            /// The id.
            id: String,
        } = "DUPLICATE_ID", Conflict,
            en("{kind} {id} already exists"),
            pl("{} {id} już istnieje", capitalise(kind.label_pl()));
        /// Nothing with this id exists; each kind of thing has its own code.
        NotFound {
            /// What kind of thing.
            kind: Entity,
            /// The id.
            id: String,
        } = [(kind.not_found_code()) listing Entity::NOT_FOUND], NotFound,
            en("{kind} {id} not found"),
            pl("Nie znaleziono: {} {id}", kind.label_pl());
        /// A bulk replay (the WebAssembly package's `Replay`) was used after it gave its model.
        ReplayFinished = "REPLAY_ALREADY_FINISHED", Conflict,
            en("the replay has already finished: finish() gives its model once, and the replay takes nothing more"),
            pl("Odtwarzanie zostało już zakończone: finish() wydaje model tylko raz, a po nim odtwarzanie nie przyjmuje już niczego");
        /// A handle of the C interface names no open session: it was never made, or it was
        /// freed (handles are never reused, so a freed one is always recognised).
        InvalidHandle {
            /// The handle given.
            handle: u64,
        } = "INVALID_HANDLE", Invalid,
            en("handle {handle} names no open session: it was never made, or it was freed"),
            pl("Uchwyt {handle} nie wskazuje otwartej sesji: nie został utworzony albo został już zwolniony");
        /// A pointer the C interface needs is null.
        NullArgument {
            /// The argument.
            argument: &'static str,
        } = "NULL_ARGUMENT", Invalid,
            en("{argument} is a null pointer"),
            pl("Argument {argument} jest pustym wskaźnikiem (NULL)");
        /// A text the C interface was given is not UTF-8.
        NotUtf8 {
            /// The argument.
            argument: &'static str,
        } = "NOT_UTF8", Invalid,
            en("{argument} is not UTF-8 text"),
            pl("Argument {argument} nie jest tekstem w UTF-8");
        /// An event of an unsupported schema version.
        UnsupportedSchema {
            /// The version found.
            version: u32,
        } = "UNSUPPORTED_SCHEMA", Decode,
            en("unsupported event schema version {version}"),
            pl("Nieobsługiwana wersja schematu zdarzeń: {version}");
        /// A PESEL is not eleven digits.
        PeselFormat {
            /// The field.
            field: &'static str,
        } = "PESEL_FORMAT", Invalid,
            en("{field} is not a PESEL: it must be 11 digits"),
            pl("Pole {} nie jest numerem PESEL: musi mieć 11 cyfr", FieldPl::quoted(field));
        /// A PESEL's control digit does not match its other digits (a typo).
        PeselChecksum {
            /// The field.
            field: &'static str,
        } = "PESEL_CHECKSUM", Invalid,
            en("{field} is not a valid PESEL: the control digit does not match"),
            pl("Pole {} nie jest poprawnym numerem PESEL: cyfra kontrolna się nie zgadza", FieldPl::quoted(field));
        /// A PESEL's first six digits encode no real birth date.
        PeselBirthDate {
            /// The field.
            field: &'static str,
        } = "PESEL_BIRTH_DATE", Invalid,
            en("{field} is not a valid PESEL: it encodes no real birth date"),
            pl("Pole {} nie jest poprawnym numerem PESEL: nie zawiera prawdziwej daty urodzenia", FieldPl::quoted(field));
        /// Not a Polish postcode `NN-NNN`.
        PostcodeInvalid {
            /// The field.
            field: &'static str,
        } = "POSTCODE_INVALID", Invalid,
            en("{field} is not a postcode NN-NNN"),
            pl("Pole {} nie jest kodem pocztowym w postaci NN-NNN", FieldPl::quoted(field));
        /// Not a phone number.
        PhoneInvalid {
            /// The field.
            field: &'static str,
        } = "PHONE_INVALID", Invalid,
            en("{field} is not a phone number (9 digits, or + and a country code)"),
            pl("Pole {} nie jest numerem telefonu (9 cyfr albo + i numer kierunkowy kraju)", FieldPl::quoted(field));
        /// Not an e-mail address.
        EmailInvalid {
            /// The field.
            field: &'static str,
        } = "EMAIL_INVALID", Invalid,
            en("{field} is not an e-mail address"),
            pl("Pole {} nie jest adresem e-mail", FieldPl::quoted(field));
    }
}

impl ValidationError {
    /// An id already taken (`DUPLICATE_ID`).
    pub fn duplicate(kind: Entity, id: &str) -> Self {
        ValidationError::DuplicateId {
            kind,
            id: id.to_owned(),
        }
    }

    /// Nothing with this id; `kind` picks the specific code (`ZZK_NOT_FOUND`).
    pub fn not_found(kind: Entity, id: &str) -> Self {
        ValidationError::NotFound {
            kind,
            id: id.to_owned(),
        }
    }
}

declare_errors! {
    /// Rules of the PZK (stages, members, requests, meetings).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    #[serde(tag = "variant")]
    pub enum PartnershipError in "partnership" {
        /// Stage 1 needs the mayor's authorisation first.
        AuthorisationMissing = "AUTHORISATION_MISSING", Rule,
            en("the mayor's authorisation of the OPS is required first"),
            pl("Najpierw wymagane jest upoważnienie OPS przez burmistrza/prezydenta");
        /// Authorisation already recorded.
        AlreadyAuthorised = "ALREADY_AUTHORISED", Conflict,
            en("the mayor's authorisation is already recorded"),
            pl("Upoważnienie burmistrza jest już odnotowane");
        /// The PZK is not in a stage that allows this.
        WrongStage {
            /// Current stage.
            stage: PzkStage,
            /// Stages that would allow it.
            expected: Vec<PzkStage>,
        } = "PZK_WRONG_STAGE", Stage,
            en("not allowed in PZK stage {stage}"),
            pl("Niedozwolone na etapie PZK: {}", stage.label_pl());
        /// Steps of stage 1 go in order.
        StepOutOfOrder {
            /// The step attempted.
            step: InitiationStep,
            /// The first missing step.
            missing: InitiationStep,
        } = "STEP_OUT_OF_ORDER", Stage,
            en("step {step} needs step {missing} first"),
            pl("Krok „{}” wymaga wcześniej kroku „{}”", step.label_pl(), missing.label_pl());
        /// The step is already completed.
        StepAlreadyDone {
            /// The step.
            step: InitiationStep,
        } = "STEP_ALREADY_DONE", Conflict,
            en("step {step} is already completed"),
            pl("Krok „{}” jest już wykonany", step.label_pl());
        /// Step 1.4 is completed by holding the initiating meeting.
        InitiatingMeetingRequired = "INITIATING_MEETING_REQUIRED", Rule,
            en("step 1.4 is completed by holding the initiating meeting"),
            pl("Krok 1.4 wykonuje się, odbywając spotkanie inicjujące");
        /// The basket has no services.
        BasketEmpty = "BASKET_EMPTY", Rule,
            en("the local basket has no services"),
            pl("Lokalny koszyk usług jest pusty");
        /// Obligatory implementation conditions are not met.
        ReadinessNotMet {
            /// Level.
            level: ReadinessLevel,
            /// Missing conditions.
            missing: Vec<ReadinessCondition>,
        } = "READINESS_NOT_MET", Rule,
            en("obligatory {level} readiness conditions not met: {}", list(missing, Lang::En)),
            pl(
                "Niespełnione obligatoryjne warunki wdrożenia ({}): {}",
                level.label_pl(),
                list(missing, Lang::Pl)
            );
        /// Formalisation needs at least two declarations besides the OPS.
        NotEnoughDeclarations {
            /// Signed.
            have: usize,
            /// Needed.
            need: usize,
        } = "NOT_ENOUGH_DECLARATIONS", Rule,
            en("formalisation needs at least {need} signed declarations besides the OPS; {have} signed"),
            pl("Formalizacja wymaga co najmniej {need} podpisanych deklaracji poza OPS; podpisano {have}");
        /// Something the formalising stage needs is missing.
        FormalisationIncomplete {
            /// What is missing.
            missing: Vec<&'static str>,
        } = "FORMALISATION_INCOMPLETE", Rule,
            en("formalisation incomplete: {}", missing.join(", ")),
            pl("Formalizacja niepełna, brakuje: {}", formalisation_pl(missing));
        /// The member's status does not allow this change.
        MemberStatusInvalid {
            /// Current status.
            status: MemberStatus,
            /// Target.
            to: MemberStatus,
        } = "MEMBER_STATUS_INVALID", Rule,
            en("a member with status {status} cannot become {to}"),
            pl(
                "Członek o statusie „{}” nie może uzyskać statusu „{}”",
                status.label_pl(),
                to.label_pl()
            );
        /// The member's agreement was recorded before the PZK operated: no new accession.
        NotANewAccession = "NOT_A_NEW_ACCESSION", Rule,
            en("the member's agreement was recorded before the PZK operated: there is no new accession to inform of"),
            pl("Zgodę członka odnotowano przed rozpoczęciem funkcjonowania PZK: nie ma nowego przystąpienia, o którym trzeba informować");
        /// The OPS leads the PZK and cannot leave it.
        LeaderCannotLeave = "LEADER_CANNOT_LEAVE", Rule,
            en("the OPS leads the PZK and cannot leave it"),
            pl("OPS jako lider PZK nie może z niego wystąpić");
        /// The rules of procedure have the minutes read out at the end of each meeting.
        MinutesNotReadOut = "MINUTES_NOT_READ_OUT", Rule,
            en("the rules of procedure have the minutes read out at the end of each meeting"),
            pl("Regulamin wymaga odczytania protokołu na zakończenie każdego spotkania");
        /// Minutes already approved.
        MinutesAlreadyApproved {
            /// The meeting.
            meeting_id: MeetingId,
        } = "MINUTES_ALREADY_APPROVED", Conflict,
            en("the minutes of meeting {meeting_id} are already approved"),
            pl("Protokół spotkania {meeting_id} jest już przyjęty");
        /// An annual plan for this year exists.
        AnnualPlanExists {
            /// The year.
            year: i32,
        } = "ANNUAL_PLAN_EXISTS", Conflict,
            en("an annual plan for {year} is already adopted"),
            pl("Roczny plan działania na {year} r. jest już przyjęty");
        /// The request is already decided.
        RequestAlreadyDecided = "REQUEST_ALREADY_DECIDED", Conflict,
            en("the request is already decided"),
            pl("Wniosek został już rozpatrzony");
        /// A rejection needs a reason.
        RejectionReasonRequired = "REJECTION_REASON_REQUIRED", Rule,
            en("a rejected request needs a reason"),
            pl("Odrzucenie wniosku wymaga podania przyczyny");
        /// The conflict is already resolved.
        ConflictAlreadyResolved = "CONFLICT_ALREADY_RESOLVED", Conflict,
            en("the conflict is already resolved"),
            pl("Konflikt jest już rozwiązany");
        /// Members were already informed.
        MembersAlreadyInformed = "MEMBERS_ALREADY_INFORMED", Conflict,
            en("PZK members were already informed of it"),
            pl("Członkowie PZK zostali już o tym poinformowani");
    }
}

declare_errors! {
    /// Rules of the local and individual baskets.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    #[serde(tag = "variant")]
    pub enum BasketError in "basket" {
        /// Only active services may enter an individual basket.
        ServiceNotActive {
            /// The service.
            service_id: ServiceId,
            /// Its status.
            status: ServiceStatus,
        } = "SERVICE_NOT_ACTIVE", Rule,
            en("service {service_id} is not active ({status})"),
            pl("Usługa {service_id} nie jest dostępna ({})", status.label_pl());
        /// A partner service needs a provider that is a PZK member.
        ProviderNotMember {
            /// The provider.
            member_id: MemberId,
        } = "PROVIDER_NOT_MEMBER", Rule,
            en("provider {member_id} is not a member of the PZK"),
            pl("Realizator {member_id} nie jest członkiem PZK");
        /// Partner services come from members; adjacent-area and self-help ones from outside.
        OriginMismatch {
            /// The origin given.
            origin: ServiceOrigin,
        } = "ORIGIN_MISMATCH", Rule,
            en("origin {origin} does not match the provider"),
            pl("Pochodzenie „{}” nie pasuje do realizatora", origin.label_pl());
        /// A composite service lists at least two actions; a simple one none.
        ComponentsRequired = "COMPONENTS_REQUIRED", Rule,
            en("a composite service needs at least two components; a simple one none"),
            pl("Usługa złożona wymaga co najmniej dwóch działań; usługa prosta żadnego");
        /// The change changes nothing.
        NothingChanged = "NOTHING_CHANGED", Rule,
            en("nothing to change"),
            pl("Nic do zmiany");
        /// The service is already in the individual basket.
        AlreadyInBasket {
            /// The service.
            service_id: ServiceId,
        } = "ALREADY_IN_BASKET", Conflict,
            en("service {service_id} is already in the individual basket"),
            pl("Usługa {service_id} jest już w indywidualnym koszyku");
    }
}

declare_errors! {
    /// Rules of the ZZK lifecycle.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    #[serde(tag = "variant")]
    pub enum ZzkError in "zzk" {
        /// Not allowed in the ZZK's current stage.
        WrongStage {
            /// Current stage.
            stage: ZzkStage,
        } = "ZZK_WRONG_STAGE", Stage,
            en("not allowed in ZZK stage {stage}"),
            pl("Niedozwolone na etapie ZZK: {}", stage.label_pl());
        /// The ZZK is suspended.
        Suspended = "ZZK_SUSPENDED", Stage,
            en("the ZZK is suspended"),
            pl("ZZK jest zawieszony");
        /// Work with the family is closed.
        Closed = "ZZK_CLOSED", Stage,
            en("the ZZK is closed"),
            pl("Praca ZZK została zakończona");
        /// A ZZK is appointed only once the PZK's formalising meeting has been held (the code
        /// keeps its first name: until seed 002's flexible formalisation, only in stage 3).
        PartnershipNotOperating {
            /// The PZK's stage.
            stage: PzkStage,
        } = "PZK_NOT_OPERATING", Stage,
            en("a ZZK can be appointed only after the PZK's formalising meeting (now: {stage})"),
            pl("ZZK można powołać dopiero po spotkaniu formalizującym PZK (obecnie: {})", stage.label_pl());
        /// No network coordinator keeps the registry.
        RegistryKeeperMissing = "REGISTRY_KEEPER_MISSING", Rule,
            en("no network coordinator keeps the ZZK registry"),
            pl("Żaden pracownik ds. sieci nie prowadzi rejestru ZZK");
        /// The person/family (or its representative) is never a ZZK member.
        FamilyCannotBeMember = "FAMILY_CANNOT_BE_MEMBER", Rule,
            en("the person/family, its representative or relatives cannot be a ZZK member"),
            pl("Osoba/rodzina, jej przedstawiciel ani bliscy nie mogą być członkami ZZK");
        /// Staff of a partner join only once its agreement is recorded.
        PartnerAgreementMissing {
            /// The partner.
            member_id: MemberId,
            /// Its status.
            status: MemberStatus,
        } = "PARTNER_AGREEMENT_MISSING", Rule,
            en("member {member_id} has status {status}: its agreement must be recorded first"),
            pl(
                "Partner {member_id} ma status „{}”: najpierw trzeba odnotować jego zgodę",
                status.label_pl()
            );
        /// The institution chosen to work with most has no worker on the team.
        LeadNotOnTeam {
            /// The institution.
            member_id: MemberId,
        } = "LEAD_NOT_ON_TEAM", Rule,
            en("the family can choose only an institution with a worker on its team; {member_id} has none"),
            pl("Rodzina może wybrać tylko instytucję, której pracownik jest w zespole; {member_id} go nie ma");
        /// The worker is already on the team.
        AlreadyMember = "ALREADY_MEMBER", Conflict,
            en("the worker is already a member of this ZZK"),
            pl("Ten pracownik jest już członkiem ZZK");
        /// The member already left.
        AlreadyLeft = "ALREADY_LEFT", Conflict,
            en("the member already left the ZZK"),
            pl("Ten członek już opuścił ZZK");
        /// A consultation meeting needs invited partners.
        PartnersRequired = "PARTNERS_REQUIRED", Rule,
            en("a consultation meeting needs invited partners"),
            pl("Spotkanie konsultacyjne wymaga zaproszonych partnerów");
        /// The first meeting comes after the consultation meeting and the invitation.
        ConsultationRequired = "CONSULTATION_REQUIRED", Rule,
            en("the first meeting needs the consultation meeting and invitations first"),
            pl("Pierwsze spotkanie wymaga wcześniejszego spotkania konsultacyjnego i zaproszeń");
        /// A consultation meeting is held without the person/family.
        FamilyMustBeAbsent = "FAMILY_MUST_BE_ABSENT", Rule,
            en("a consultation meeting is held without the person/family"),
            pl("Spotkanie konsultacyjne odbywa się bez osoby/rodziny");
        /// A team meeting needs the person/family or its representative.
        FamilyMustBePresent = "FAMILY_MUST_BE_PRESENT", Rule,
            en("this meeting needs the person/family or its representative present"),
            pl("To spotkanie wymaga obecności osoby/rodziny lub jej przedstawiciela");
        /// No representative is appointed.
        NoRepresentative = "NO_REPRESENTATIVE", Rule,
            en("no representative or carer is appointed"),
            pl("Nie wskazano przedstawiciela ani opiekuna");
        /// The ZZK is not suspended.
        NotSuspended = "NOT_SUSPENDED", Stage,
            en("the ZZK is not suspended"),
            pl("ZZK nie jest zawieszony");
        /// Closure needs the end-of-work evaluation survey.
        EvaluationRequired = "EVALUATION_REQUIRED", Rule,
            en("closing needs the end-of-work evaluation survey first"),
            pl("Zakończenie wymaga wcześniejszej ankiety ewaluacyjnej");
        /// Closure needs the evaluation of the effects with the family, or why it could not be held.
        FamilyEvaluationRequired = "FAMILY_EVALUATION_REQUIRED", Rule,
            en("closing needs the evaluation of the effects with the family first, or the reason it could not be held (family_absent)"),
            pl("Zakończenie wymaga wcześniejszej oceny efektów z rodziną albo podania, dlaczego nie mogła się odbyć");
        /// Only a consultation meeting's minutes are withheld from the family, and so released.
        NotAConsultation {
            /// The meeting's kind.
            kind: ZzkMeetingKind,
        } = "NOT_A_CONSULTATION", Rule,
            en("only a consultation meeting's minutes are released to the family (this is a {kind} meeting)"),
            pl(
                "Rodzinie udostępnia się tylko protokół spotkania konsultacyjnego (to spotkanie: {})",
                kind.label_pl()
            );
        /// The minutes are already released.
        MinutesAlreadyReleased = "MINUTES_ALREADY_RELEASED", Conflict,
            en("the minutes of this consultation are already released to the family"),
            pl("Protokół tego spotkania konsultacyjnego już udostępniono rodzinie");
        /// The person does not belong to the household supported.
        NotInHousehold {
            /// Who.
            person: PersonRef,
        } = "NOT_IN_HOUSEHOLD", Rule,
            en("{person} does not belong to the household supported"),
            pl("{person} nie należy do wspieranego gospodarstwa domowego");
        /// The person already belongs to the household supported.
        AlreadyInHousehold {
            /// Who.
            person: PersonRef,
        } = "ALREADY_IN_HOUSEHOLD", Conflict,
            en("{person} already belongs to the household supported"),
            pl("{person} już należy do wspieranego gospodarstwa domowego");
    }
}

declare_errors! {
    /// Rules of consent.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    #[serde(tag = "variant")]
    pub enum ConsentError in "consent" {
        /// No consent in force.
        Missing {
            /// The decision.
            decision: KeyDecision,
        } = "CONSENT_MISSING", Consent,
            en("{decision} needs consent in force; there is none"),
            pl("Decyzja „{}” wymaga obowiązującej zgody; brak zgody", decision.label_pl());
        /// Consent in force does not cover the decision.
        NotCovering {
            /// The decision.
            decision: KeyDecision,
            /// The institution concerned.
            institution: Option<MemberId>,
        } = "CONSENT_NOT_COVERING", Consent,
            en("consent in force does not cover {decision}{}", self::institution(institution, "for")),
            pl(
                "Obowiązująca zgoda nie obejmuje decyzji „{}”{}",
                decision.label_pl(),
                self::institution(institution, "dla")
            );
        /// The consent to amend is no longer in force (lapsed, ended with its giver's move, or
        /// already amended).
        NotInForce {
            /// The consent.
            consent_id: ConsentId,
        } = "CONSENT_NOT_IN_FORCE", Consent,
            en("consent {consent_id} is not in force: only a consent in force can be amended"),
            pl("Zgoda {consent_id} nie obowiązuje: zmienić można tylko obowiązującą zgodę");
        /// Consent already withdrawn.
        AlreadyWithdrawn = "CONSENT_ALREADY_WITHDRAWN", Consent,
            en("the consent is already withdrawn"),
            pl("Zgoda została już cofnięta");
        /// Consent must cover something.
        ScopeEmpty = "CONSENT_SCOPE_EMPTY", Consent,
            en("a consent must cover ZZK work, sharing or evaluation"),
            pl("Zgoda musi obejmować pracę ZZK, przekazywanie informacji lub ewaluację");
        /// The person cannot give consent in that capacity.
        GiverInvalid {
            /// Who.
            person: PersonRef,
            /// The capacity claimed.
            capacity: ConsentCapacity,
        } = "CONSENT_GIVER_INVALID", Consent,
            en("{person} cannot give consent as {capacity}"),
            pl("{person} nie może udzielić zgody jako: {}", capacity.label_pl());
        /// Consent in force does not cover sharing with a guest's institution.
        GuestNotCovered {
            /// The guest's institution, as the guest's record names it.
            institution: String,
        } = "CONSENT_GUEST_NOT_COVERED", Consent,
            en("consent in force does not cover sharing the family's information with the guest's institution {institution}"),
            pl("Obowiązująca zgoda nie obejmuje przekazywania informacji o rodzinie instytucji gościa: {institution}");
        /// A minor cannot give consent as the person or as an adult member of the household.
        GiverMinor {
            /// Who.
            person: PersonRef,
            /// The year of birth the case records.
            birth_year: u16,
        } = "CONSENT_GIVER_MINOR", Consent,
            en("{person} (born {birth_year}) is not of age: consent is given by an adult member of the household, a representative or a carer"),
            pl("{person} (rocznik {birth_year}) jest niepełnoletni/a: zgody udziela pełnoletni członek rodziny, przedstawiciel lub opiekun");
    }
}

declare_errors! {
    /// Rules of the individual plan and projects.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    #[serde(tag = "variant")]
    pub enum PlanError in "plan" {
        /// No plan adopted yet.
        PlanMissing = "PLAN_MISSING", Rule,
            en("no individual plan is adopted"),
            pl("Nie przyjęto indywidualnego planu");
        /// A plan is already adopted; change it instead.
        PlanExists = "PLAN_EXISTS", Conflict,
            en("an individual plan is already adopted"),
            pl("Indywidualny plan jest już przyjęty");
        /// The first meeting ends with a plan or a social-work project (exactly one).
        PlanOrProjectRequired = "PLAN_OR_PROJECT_REQUIRED", Rule,
            en("the first meeting ends with either a plan or a social-work project"),
            pl("Pierwsze spotkanie kończy się planem albo decyzją o projekcie socjalnym");
        /// A task's responsible member is not a current member.
        ResponsibleNotMember {
            /// The membership.
            zzk_member_id: ZzkMemberId,
        } = "RESPONSIBLE_NOT_MEMBER", Rule,
            en("{zzk_member_id} is not a current member of the ZZK"),
            pl("{zzk_member_id} nie jest obecnie członkiem ZZK");
        /// The task is done or not done already.
        TaskClosed = "TASK_CLOSED", Rule,
            en("the task is closed"),
            pl("Zadanie jest zamknięte");
        /// Monitoring reports progress; a task leaves the plan only by a plan change.
        DropNeedsPlanChange = "DROP_NEEDS_PLAN_CHANGE", Rule,
            en("a task is dropped from the plan by a plan change (change_plan), not by monitoring"),
            pl("Zadanie usuwa się z planu zmianą planu, nie wpisem monitoringu");
        /// The goal was dropped from the plan.
        GoalDropped {
            /// The goal.
            goal_id: GoalId,
        } = "GOAL_DROPPED", Rule,
            en("goal {goal_id} was dropped from the plan"),
            pl("Cel {goal_id} usunięto z planu");
        /// A project is already running.
        ProjectAlreadyRunning = "PROJECT_ALREADY_RUNNING", Conflict,
            en("a social-work project is already running"),
            pl("Projekt socjalny jest już realizowany");
        /// No running project with this id.
        NoProjectRunning = "NO_PROJECT_RUNNING", Rule,
            en("the social-work project is not running"),
            pl("Projekt socjalny nie jest realizowany");
    }
}

declare_errors! {
    /// Who may issue which command (roles.rs).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    #[serde(tag = "variant")]
    pub enum PermissionError in "permission" {
        /// The actor holds none of the roles that may issue the command.
        ActorNotPermitted {
            /// Who issued it.
            actor: String,
            /// The command's type code.
            command: &'static str,
            /// The roles that may issue it.
            roles: Vec<Role>,
        } = "ACTOR_NOT_PERMITTED", Forbidden,
            en(
                "{actor} may not issue {command}: it needs the role of {}",
                roles.iter().map(|r| r.label_en()).collect::<Vec<_>>().join(" or ")
            ),
            pl(
                "{actor} nie może wydać tego polecenia ({command}): wymaga ono roli: {}",
                roles.iter().map(|r| r.label_pl()).collect::<Vec<_>>().join(" lub ")
            );
    }
}

#[cfg(feature = "privacy")]
declare_errors! {
    /// Who may read what (access.rs).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    #[serde(tag = "variant")]
    pub enum AccessError in "access" {
        /// The role has no access to the subject at all.
        Denied {
            /// The reader's role.
            role: Role,
            /// What was asked for, e.g. `zzk zzk-1`.
            subject: String,
            /// Why, in English.
            why: &'static str,
            /// Why, in Polish.
            why_pl: &'static str,
        } = "ACCESS_DENIED", Rule,
            en("{role} may not read {subject}: {why}"),
            pl("Rola „{}” nie ma dostępu do: {subject} ({why_pl})", role.label_pl());
        /// Pseudonyms are keyed hashes; the key must be given and long enough.
        PseudonymKeyInvalid {
            /// The shortest key accepted.
            min: usize,
        } = "PSEUDONYM_KEY_INVALID", Invalid,
            en("pseudonymised data needs a key of at least {min} bytes"),
            pl("Dane spseudonimizowane wymagają klucza o długości co najmniej {min} bajtów");
    }
}

declare_errors! {
    /// Any error of the library.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    #[serde(tag = "area", content = "detail", rename_all = "snake_case")]
    pub enum Error in "internal" {
        @wrap {
            /// Bad input.
            Validation(ValidationError),
            /// PZK rules.
            Partnership(PartnershipError),
            /// Basket rules.
            Basket(BasketError),
            /// ZZK rules.
            Zzk(ZzkError),
            /// Consent rules.
            Consent(ConsentError),
            /// Plan rules.
            Plan(PlanError),
            /// Who may issue which command.
            Permission(PermissionError),
            /// Access rules: who may read what.
            #[cfg(feature = "privacy")]
            Access(AccessError),
        }
        /// A command or event could not be decoded.
        Json(detail: String) = "MALFORMED_JSON" in "json", Decode,
            en("malformed JSON: {detail}"),
            pl("Niepoprawny JSON: {detail}");
        /// A fault of the library itself (a bug), reported by a binding that caught a panic at
        /// its boundary instead of letting it cross into the host's runtime.
        Internal(detail: String) = "INTERNAL_ERROR", Internal,
            en("internal error of the library: {detail}"),
            pl("Błąd wewnętrzny biblioteki: {detail}");
    }
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

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json(e.to_string())
    }
}

/// Every machine code the library can return, with its area and kind, in a stable order: bindings
/// build their lists of codes and hosts their translation tables from it. Made from the
/// declarations of the errors ([`Error::catalogue`]); the store adds its own
/// (`kooperacje_store::StoreError::catalogue`).
pub fn codes() -> &'static [CatalogueEntry] {
    static CODES: OnceLock<Vec<CatalogueEntry>> = OnceLock::new();
    CODES.get_or_init(Error::catalogue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_code_of_the_catalogue_is_unique_and_screaming_snake() {
        let mut seen = BTreeSet::new();
        for e in codes() {
            assert!(seen.insert(e.code), "{} listed twice", e.code);
            assert!(
                !e.code.is_empty()
                    && e.code
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{}",
                e.code
            );
        }
    }

    #[test]
    fn every_kind_but_the_store_has_codes_in_the_core() {
        for kind in ErrorKind::ALL {
            let has = codes().iter().any(|e| e.kind == *kind);
            assert_eq!(has, *kind != ErrorKind::Store, "{kind}");
            assert_eq!(ErrorKind::from_code(kind.code()), Some(*kind));
        }
        let names: BTreeSet<&str> = ErrorKind::ALL.iter().map(|k| k.class_name()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
    }

    #[test]
    fn the_internal_guards_are_not_in_the_catalogue() {
        for code in ["NOT_FOUND", "WRONG_STREAM"] {
            assert!(codes().iter().all(|e| e.code != code), "{code}");
        }
        assert!(codes().iter().any(|e| e.code == "INTERNAL_ERROR"));
    }

    /// An error's code, area and kind are those of its entry in the catalogue, and the kind is
    /// the one its declaration gives.
    #[test]
    fn errors_have_the_kind_and_area_of_their_entry() {
        let zzk = "zzk-1";
        let samples: Vec<(Error, &str, ErrorKind)> = vec![
            (
                ValidationError::not_found(Entity::Zzk, zzk).into(),
                "ZZK_NOT_FOUND",
                ErrorKind::NotFound,
            ),
            (
                ValidationError::duplicate(Entity::Task, "t-1").into(),
                "DUPLICATE_ID",
                ErrorKind::Conflict,
            ),
            (
                ValidationError::EmptyText { field: "title" }.into(),
                "TEXT_EMPTY",
                ErrorKind::Invalid,
            ),
            (
                ZzkError::Suspended.into(),
                "ZZK_SUSPENDED",
                ErrorKind::Stage,
            ),
            (
                ConsentError::AlreadyWithdrawn.into(),
                "CONSENT_ALREADY_WITHDRAWN",
                ErrorKind::Consent,
            ),
            (
                PlanError::PlanExists.into(),
                "PLAN_EXISTS",
                ErrorKind::Conflict,
            ),
            (
                PartnershipError::BasketEmpty.into(),
                "BASKET_EMPTY",
                ErrorKind::Rule,
            ),
            (Error::Json("x".into()), "MALFORMED_JSON", ErrorKind::Decode),
            (
                ValidationError::UnsupportedSchema { version: 9 }.into(),
                "UNSUPPORTED_SCHEMA",
                ErrorKind::Decode,
            ),
            (
                Error::Internal("x".into()),
                "INTERNAL_ERROR",
                ErrorKind::Internal,
            ),
        ];
        for (e, code, kind) in samples {
            assert_eq!((e.code(), e.kind()), (code, kind), "{e:?}");
            let entry = codes().iter().find(|c| c.code == code).expect(code);
            assert_eq!((entry.area, entry.kind), (e.area(), e.kind()), "{code}");
            assert_eq!(e.to_json()["kind"], kind.code());
        }
    }

    #[test]
    fn every_entity_has_its_own_not_found_code_in_the_catalogue() {
        let mut seen = BTreeSet::new();
        for entity in Entity::ALL {
            let e = ValidationError::not_found(*entity, "x-1");
            assert_eq!(e.code(), entity.not_found_code());
            assert!(seen.insert(e.code()), "{entity}");
            assert!(
                codes()
                    .iter()
                    .any(|c| c.code == e.code() && c.kind == ErrorKind::NotFound),
                "{entity}"
            );
            assert!(e.to_string().starts_with(&format!("{} x-1", entity.code())));
            assert!(e.message_pl().contains(entity.label_pl()), "{entity}");
        }
    }

    #[test]
    fn messages_keep_their_words_in_both_languages() {
        let e = ValidationError::TextTooLong {
            field: "title",
            max: 200,
        };
        assert_eq!(e.to_string(), "title is longer than 200 characters");
        assert_eq!(e.message_pl(), "Pole „tytuł” jest dłuższe niż 200 znaków");
        let e = ValidationError::duplicate(Entity::ZzkMember, "zm-1");
        assert_eq!(e.to_string(), "zzk_member zm-1 already exists");
        assert_eq!(e.message_pl(), "Członek ZZK zm-1 już istnieje");
        let e = ConsentError::NotCovering {
            decision: KeyDecision::AddMemberInstitution,
            institution: Some(MemberId::new("m-2")),
        };
        assert!(e.to_string().ends_with(" for m-2"), "{e}");
        assert!(e.message_pl().ends_with(" dla m-2"), "{}", e.message_pl());
        let e: Error = Error::Json("bad".into());
        assert_eq!(e.to_string(), "malformed JSON: bad");
        assert_eq!(e.message(Lang::Pl), "Niepoprawny JSON: bad");
    }

    /// A sample of every area: the Polish message is there and is not the English one.
    #[test]
    fn polish_messages_are_not_empty_and_not_the_english_ones() {
        let samples: Vec<Error> = vec![
            ValidationError::EmptyList { field: "goals" }.into(),
            ValidationError::ReplayFinished.into(),
            ValidationError::InvalidHandle { handle: 7 }.into(),
            ValidationError::NullArgument {
                argument: "command",
            }
            .into(),
            ValidationError::NotUtf8 {
                argument: "command",
            }
            .into(),
            PartnershipError::AuthorisationMissing.into(),
            PartnershipError::FormalisationIncomplete {
                missing: vec!["annual_plan"],
            }
            .into(),
            BasketError::NothingChanged.into(),
            ZzkError::NoRepresentative.into(),
            ConsentError::ScopeEmpty.into(),
            PlanError::TaskClosed.into(),
            Error::Internal("boom".into()),
        ];
        for e in samples {
            let (en, pl) = (e.to_string(), e.message_pl());
            assert!(!pl.is_empty() && pl != en, "{}: {pl}", e.code());
        }
    }
}
