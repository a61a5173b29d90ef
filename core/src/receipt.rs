//! Potwierdzenie zgody — a consent receipt the OPS hands to the family, for every consent given,
//! renewed or withdrawn.
//!
//! Its structure follows ISO/IEC TS 27560:2023 (consent record information structure): a header
//! (schema version, record id, the PII principal), the processing consented to (purposes, data
//! categories, recipients — the named institutions —, legal basis, retention, how to withdraw),
//! the parties, and the consent's events, each with its date and the state it left the consent
//! in. Every text is in the language asked for (Polish or English); codes stay the same in both,
//! so a host can store the JSON and print it in either.
//!
//! Pure like the rest of the core: the receipt is built from the state (and the host's personal
//! data, for names), and the time it is issued comes from the caller.

use crate::consent::{Consent, ConsentScope};
use crate::error::Error;
use crate::event::{Event, EventEnvelope};
use crate::ids::*;
use crate::labels::{labelled_enum, Labelled, Lang};
use crate::person::PersonalData;
use crate::require::{found, must_exist};
use crate::state::State;
use crate::zzk::Zzk;
use crate::Entity;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::Serialize;

/// The receipt's own schema, and the standard it follows.
pub const RECEIPT_SCHEMA: &str = "kooperacje-consent-receipt/1";
/// The standard the structure follows.
pub const CONFORMS_TO: &str = "ISO/IEC TS 27560:2023";

labelled_enum! {
    /// Cel przetwarzania.
    pub enum Purpose {
        /// Praca w formule ZZK.
        ZzkWork = "zzk_work" => ("Wsparcie osoby/rodziny przez zadaniowy zespół kooperacyjny (ZZK)", "Support of the person/family by a task cooperation team (ZZK)"),
        /// Przekazywanie informacji wskazanym instytucjom.
        InformationSharing = "information_sharing" => ("Przekazywanie informacji o sytuacji rodziny wskazanym instytucjom", "Sharing information about the family's situation with the named institutions"),
        /// Udział w ewaluacji.
        Evaluation = "evaluation" => ("Udział w ewaluacji pracy ZZK", "Taking part in the evaluation of the ZZK's work"),
    }
}

labelled_enum! {
    /// Kategoria danych osobowych objętych zgodą.
    pub enum PersonalDataKind {
        /// Dane identyfikacyjne.
        Identification = "identification" => ("Dane identyfikacyjne (imię, nazwisko, PESEL)", "Identification data (name, PESEL)"),
        /// Dane kontaktowe.
        Contact = "contact" => ("Dane kontaktowe (adres, telefon, e-mail)", "Contact data (address, phone, e-mail)"),
        /// Opis sytuacji rodziny.
        Situation = "situation" => ("Opis sytuacji rodziny i diagnoza", "Description of the family's situation and diagnosis"),
        /// Dane o zdrowiu (szczególna kategoria).
        Health = "health" => ("Dane o zdrowiu (szczególna kategoria danych)", "Health data (a special category of data)"),
        /// Plan, zadania i usługi.
        PlanAndServices = "plan_and_services" => ("Plan współpracy, zadania i usługi", "Cooperation plan, tasks and services"),
        /// Protokoły spotkań.
        Minutes = "minutes" => ("Protokoły spotkań ZZK", "Minutes of ZZK meetings"),
        /// Odpowiedzi w ankietach ewaluacyjnych.
        EvaluationAnswers = "evaluation_answers" => ("Odpowiedzi w ankietach ewaluacyjnych", "Answers to evaluation questionnaires"),
    }
}

labelled_enum! {
    /// Strona zgody.
    pub enum PartyRole {
        /// Administrator danych (OPS).
        Controller = "controller" => ("Administrator danych", "Controller"),
        /// Osoba, której dane dotyczą.
        Principal = "principal" => ("Osoba, której dane dotyczą", "PII principal"),
        /// Osoba udzielająca zgody w imieniu innych.
        ConsentGiver = "consent_giver" => ("Osoba udzielająca zgody", "Consent giver"),
        /// Pracownik socjalny prowadzący sprawę.
        CaseManager = "case_manager" => ("Pracownik socjalny prowadzący", "Case manager"),
        /// Odbiorca danych (instytucja wskazana w zgodzie).
        Recipient = "recipient" => ("Odbiorca danych", "Recipient"),
    }
}

labelled_enum! {
    /// Zdarzenie w historii zgody.
    pub enum ReceiptEventKind {
        /// Udzielenie zgody.
        Given = "given" => ("Udzielenie zgody", "Consent given"),
        /// Ponowne udzielenie zgody po cofnięciu lub wygaśnięciu wcześniejszej.
        Renewed = "renewed" => ("Odnowienie zgody", "Consent renewed"),
        /// Cofnięcie zgody.
        Withdrawn = "withdrawn" => ("Cofnięcie zgody", "Consent withdrawn"),
        /// Upływ terminu ważności.
        Expired = "expired" => ("Wygaśnięcie zgody", "Consent expired"),
    }
}

labelled_enum! {
    /// Stan zgody.
    pub enum ConsentState {
        /// Obowiązuje.
        Active = "active" => ("Obowiązuje", "Active"),
        /// Cofnięta.
        Withdrawn = "withdrawn" => ("Cofnięta", "Withdrawn"),
        /// Wygasła.
        Expired = "expired" => ("Wygasła", "Expired"),
    }
}

/// A code with its label in the receipt's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Term {
    /// The stable code.
    pub code: &'static str,
    /// Its label.
    pub label: &'static str,
}

/// A labelled enum's value as a [`Term`] in a language.
macro_rules! term {
    ($value:expr, $lang:expr) => {{
        let v = $value;
        Term {
            code: v.code(),
            label: v.label($lang),
        }
    }};
}

/// Header: which record, for whom, in what language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ReceiptHeader {
    /// The receipt's schema ([`RECEIPT_SCHEMA`]).
    pub schema_version: &'static str,
    /// The standard it follows ([`CONFORMS_TO`]).
    pub conforms_to: &'static str,
    /// The consent record: `<zzk id>/<consent id>`.
    pub record_id: String,
    /// This receipt: the record, the event it confirms and the time issued.
    pub receipt_id: String,
    /// When issued (the time of the event it confirms, given by the host).
    pub issued_at: DateTime<Utc>,
    /// The language of its texts.
    pub language: Lang,
    /// The PII principals: the people of the household.
    pub principals: Vec<Party>,
}

/// What was consented to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ReceiptProcessing {
    /// Purposes.
    pub purposes: Vec<Term>,
    /// Categories of personal data.
    pub data_categories: Vec<Term>,
    /// The institutions the information may be shared with.
    pub recipients: Vec<Party>,
    /// Legal basis.
    pub legal_basis: &'static str,
    /// How long the data is kept.
    pub retention: String,
    /// How to withdraw, and what withdrawal does.
    pub withdrawal_method: String,
    /// The form consent was given in.
    pub form: Term,
    /// In what capacity it was given.
    pub capacity: Term,
    /// Valid until, if limited.
    pub valid_until: Option<NaiveDate>,
}

/// A party to the consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Party {
    /// Its role.
    pub role: Term,
    /// Its id (a person's or a member institution's).
    pub id: String,
    /// Its name, if known.
    pub name: Option<String>,
}

/// An event of the consent's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ReceiptEvent {
    /// The day.
    pub on: NaiveDate,
    /// What happened.
    pub kind: Term,
    /// The state it left the consent in.
    pub state: Term,
}

/// A consent receipt (ISO/IEC TS 27560).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ConsentReceipt {
    /// Header.
    pub header: ReceiptHeader,
    /// Processing.
    pub processing: ReceiptProcessing,
    /// Parties.
    pub parties: Vec<Party>,
    /// Events, oldest first.
    pub events: Vec<ReceiptEvent>,
    /// The state on the day issued.
    pub state: Term,
}

/// The receipt of one consent, issued at `issued_at`.
pub fn consent_receipt(
    state: &State,
    personal: &PersonalData,
    zzk_id: &ZzkId,
    consent_id: &ConsentId,
    issued_at: DateTime<Utc>,
    lang: Lang,
) -> Result<ConsentReceipt, Error> {
    let z = found(state.zzk(zzk_id), Entity::Zzk, zzk_id)?;
    let c = must_exist(&z.consents, consent_id, Entity::Consent)?;
    let p = must_exist(&state.partnerships, &z.partnership_id, Entity::Partnership)?;
    let name_of = |id: &PersonRef| {
        personal
            .persons
            .get(id)
            .map(|r| format!("{} {}", r.given_name, r.family_name))
    };
    let person = |role: PartyRole, id: &PersonRef| Party {
        role: term!(role, lang),
        id: id.to_string(),
        name: name_of(id),
    };
    let institution = |role: PartyRole, id: &MemberId| Party {
        role: term!(role, lang),
        id: id.to_string(),
        name: p.members.get(id).map(|m| m.profile.name.clone()),
    };
    let events = history(z, consent_id, c, issued_at.date_naive(), lang);
    let state_now = events
        .last()
        .map_or(term!(ConsentState::Active, lang), |e: &ReceiptEvent| {
            e.state.clone()
        });
    let event_code = events.last().map_or("given", |e| e.kind.code);
    let record_id = format!("{zzk_id}/{consent_id}");
    let purposes = purposes(&c.scope, lang);
    let data_categories = data_categories(&c.scope, lang);
    let ops = p
        .members
        .get(&p.ops_member_id)
        .map(|m| m.profile.name.as_str());
    let mut parties = vec![
        institution(PartyRole::Controller, &p.ops_member_id),
        person(PartyRole::ConsentGiver, &c.given_by),
        person(PartyRole::CaseManager, &z.social_worker),
    ];
    let recipients: Vec<Party> = c
        .scope
        .share_with
        .iter()
        .map(|m| institution(PartyRole::Recipient, m))
        .collect();
    parties.extend(recipients.iter().cloned());
    Ok(ConsentReceipt {
        header: ReceiptHeader {
            schema_version: RECEIPT_SCHEMA,
            conforms_to: CONFORMS_TO,
            receipt_id: format!(
                "{record_id}/{event_code}/{}",
                issued_at.format("%Y%m%dT%H%M%SZ")
            ),
            record_id,
            issued_at,
            language: lang,
            principals: z
                .client
                .household
                .iter()
                .map(|id| person(PartyRole::Principal, id))
                .collect(),
        },
        processing: ReceiptProcessing {
            purposes,
            data_categories,
            recipients,
            legal_basis: match lang {
                Lang::Pl => "art. 6 ust. 1 lit. a i art. 9 ust. 2 lit. a RODO (zgoda)",
                Lang::En => "GDPR Art. 6(1)(a) and Art. 9(2)(a) (consent)",
            },
            retention: retention(z, lang),
            withdrawal_method: withdrawal_method(
                name_of(&z.social_worker).unwrap_or_else(|| z.social_worker.to_string()),
                ops.unwrap_or(p.ops_member_id.as_str()),
                lang,
            ),
            form: term!(c.form, lang),
            capacity: term!(c.capacity, lang),
            valid_until: c.valid_until,
        },
        parties,
        events,
        state: state_now,
    })
}

/// The purposes of processing a consent's scope allows: ZZK work, sharing with the institutions
/// it names, evaluation.
fn purposes(scope: &ConsentScope, lang: Lang) -> Vec<Term> {
    let mut purposes = Vec::new();
    if scope.zzk_work {
        purposes.push(term!(Purpose::ZzkWork, lang));
    }
    if !scope.share_with.is_empty() {
        purposes.push(term!(Purpose::InformationSharing, lang));
    }
    if scope.evaluation {
        purposes.push(term!(Purpose::Evaluation, lang));
    }
    purposes
}

/// The kinds of personal data a consent's scope lets be processed: the case's data for ZZK work
/// or sharing, the answers for evaluation.
fn data_categories(scope: &ConsentScope, lang: Lang) -> Vec<Term> {
    let mut data_categories = Vec::new();
    if scope.zzk_work || !scope.share_with.is_empty() {
        use PersonalDataKind as K;
        for k in [
            K::Identification,
            K::Contact,
            K::Situation,
            K::Health,
            K::PlanAndServices,
            K::Minutes,
        ] {
            data_categories.push(term!(k, lang));
        }
    }
    if scope.evaluation {
        data_categories.push(term!(PersonalDataKind::EvaluationAnswers, lang));
    }
    data_categories
}

/// The receipt an event calls for: one for `consent_given` (given or renewed) and one for
/// `consent_withdrawn`, issued at the event's time; `None` for any other event. `state` is the
/// state after the event.
pub fn receipt_for_event(
    state: &State,
    personal: &PersonalData,
    event: &EventEnvelope,
    lang: Lang,
) -> Result<Option<ConsentReceipt>, Error> {
    match &event.event {
        Event::ConsentGiven {
            zzk_id, consent_id, ..
        }
        | Event::ConsentAmended {
            zzk_id, consent_id, ..
        }
        | Event::ConsentWithdrawn {
            zzk_id, consent_id, ..
        } => consent_receipt(state, personal, zzk_id, consent_id, event.at, lang).map(Some),
        _ => Ok(None),
    }
}

/// Given or renewed, then withdrawn or expired, as of `as_of`.
fn history(
    z: &Zzk,
    id: &ConsentId,
    c: &Consent,
    as_of: NaiveDate,
    lang: Lang,
) -> Vec<ReceiptEvent> {
    // Renewed: an earlier consent of the same ZZK had ended (withdrawn or lapsed) by then.
    let renewed = z.consents.iter().any(|(other, o)| {
        other != id
            && o.given_on < c.given_on
            && (o.withdrawn_on.is_some_and(|w| w <= c.given_on)
                || o.valid_until.is_some_and(|u| u < c.given_on))
    });
    let kind = if renewed {
        ReceiptEventKind::Renewed
    } else {
        ReceiptEventKind::Given
    };
    let mut events = vec![ReceiptEvent {
        on: c.given_on,
        kind: term!(kind, lang),
        state: term!(ConsentState::Active, lang),
    }];
    // The day after the last valid day; a date at chrono's end (which no admitted event carries)
    // never expires rather than overflowing.
    let expires = c
        .valid_until
        .and_then(|u| u.checked_add_signed(Duration::days(1)));
    match (c.withdrawn_on, expires) {
        (Some(w), e) if e.is_none_or(|e| w < e) => events.push(ReceiptEvent {
            on: w,
            kind: term!(ReceiptEventKind::Withdrawn, lang),
            state: term!(ConsentState::Withdrawn, lang),
        }),
        (_, Some(e)) if e <= as_of => events.push(ReceiptEvent {
            on: e,
            kind: term!(ReceiptEventKind::Expired, lang),
            state: term!(ConsentState::Expired, lang),
        }),
        _ => {}
    }
    events
}

fn retention(z: &Zzk, lang: Lang) -> String {
    let until = z.closure.as_ref().and_then(|c| c.monitor_until);
    match (lang, until) {
        (Lang::Pl, Some(d)) => format!(
            "Do zakończenia pracy ZZK i monitorowania sytuacji rodziny po zakończeniu wsparcia \
             (do {d}), a następnie zgodnie z przepisami o archiwizacji dokumentacji OPS."
        ),
        (Lang::Pl, None) => "Do zakończenia pracy ZZK i monitorowania sytuacji rodziny po \
                             zakończeniu wsparcia, a następnie zgodnie z przepisami o \
                             archiwizacji dokumentacji OPS."
            .into(),
        (Lang::En, Some(d)) => format!(
            "Until the ZZK's work and the monitoring after support end (until {d}), then as the \
             rules on archiving the OPS's records require."
        ),
        (Lang::En, None) => "Until the ZZK's work and the monitoring after support end, then as \
                             the rules on archiving the OPS's records require."
            .into(),
    }
}

fn withdrawal_method(case_manager: String, ops: &str, lang: Lang) -> String {
    match lang {
        Lang::Pl => format!(
            "Zgodę można cofnąć w każdej chwili, bez podania przyczyny, ustnie lub pisemnie u \
             pracownika socjalnego prowadzącego sprawę ({case_manager}) albo w {ops}. Cofnięcie \
             nie wpływa na zgodność z prawem tego, co zrobiono wcześniej; od razu wstrzymuje pracę \
             ZZK i przekazywanie informacji wskazanym instytucjom."
        ),
        Lang::En => format!(
            "Consent can be withdrawn at any time, without giving a reason, orally or in writing \
             to the case manager ({case_manager}) or at {ops}. Withdrawal does not affect the \
             lawfulness of what was done before; it suspends the ZZK's work and stops sharing \
             with the named institutions at once."
        ),
    }
}
