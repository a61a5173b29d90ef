//! Lokalny koszyk usług — the local basket of services: what partner institutions (and adjacent-area
//! and self-help providers) offer, with access conditions and a contact person. Every change is a
//! new version with who, when and why; a service unverified for longer than the rules of procedure
//! allow is stale. Search ignores case and Polish diacritics.

use crate::classification::{Area, Ministry, Sector};
use crate::error::{BasketError, Error, ValidationError};
use crate::event::Event;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::partnership::{Member, MemberStatus, Partnership, PzkStage};
use crate::require::{must_be_new, must_exist};
use crate::state::Ctx;
use crate::text;
use crate::zzk::ClientKind;
use crate::Entity;
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

labelled_enum! {
    /// Rodzaj usługi.
    pub enum ServiceKind {
        /// Usługa prosta — one action.
        Simple = "simple" => ("Prosta", "Simple"),
        /// Usługa złożona — several linked actions toward one goal.
        Composite = "composite" => ("Złożona", "Composite"),
    }
}

labelled_enum! {
    /// Pochodzenie usługi w koszyku.
    pub enum ServiceOrigin {
        /// Usługa partnera PZK.
        Partner = "partner" => ("Partner PZK", "PZK partner"),
        /// Usługa w sąsiedztwie — an institution outside the PZK, possibly another local government.
        AdjacentArea = "adjacent_area" => ("Usługa w sąsiedztwie", "Adjacent-area service"),
        /// Usługa samopomocowa.
        SelfHelp = "self_help" => ("Usługa samopomocowa", "Self-help service"),
    }
}

labelled_enum! {
    /// Status usługi (maps onto HSDS 3.0 service status).
    pub enum ServiceStatus {
        /// Dostępna.
        Active = "active" => ("Dostępna", "Active"),
        /// Czasowo niedostępna.
        TemporarilyUnavailable = "temporarily_unavailable" => ("Czasowo niedostępna", "Temporarily unavailable"),
        /// Wycofana (no longer provided).
        Withdrawn = "withdrawn" => ("Wycofana", "Withdrawn"),
    }
}

impl ServiceStatus {
    /// The Open Referral HSDS 3.0 `service.status` value.
    pub fn hsds(self) -> &'static str {
        match self {
            ServiceStatus::Active => "active",
            ServiceStatus::TemporarilyUnavailable => "temporarily closed",
            ServiceStatus::Withdrawn => "defunct",
        }
    }
}

labelled_enum! {
    /// Rodzaj zmiany w historii usługi.
    pub enum ServiceChangeKind {
        /// Dodana.
        Added = "added" => ("Dodana", "Added"),
        /// Zmieniony opis.
        Revised = "revised" => ("Zmieniona", "Revised"),
        /// Zmiana statusu.
        StatusChanged = "status_changed" => ("Zmiana statusu", "Status changed"),
        /// Zweryfikowana.
        Verified = "verified" => ("Zweryfikowana", "Verified"),
    }
}

/// Who provides a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Provider {
    /// A member institution of the PZK.
    Member {
        /// The member.
        member_id: MemberId,
    },
    /// An institution or group outside the PZK (adjacent-area or self-help).
    External {
        /// Its name.
        name: String,
        /// Its sector, if known.
        #[serde(default)]
        sector: Option<Sector>,
        /// Its ministry, if known.
        #[serde(default)]
        ministry: Option<Ministry>,
    },
}

/// Grupy docelowe — who a service is for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct TargetGroups {
    /// Osoby.
    pub persons: bool,
    /// Rodziny.
    pub families: bool,
    /// Grupy.
    pub groups: bool,
    /// Lowest age served, if limited.
    #[serde(default)]
    pub age_min: Option<u8>,
    /// Highest age served, if limited.
    #[serde(default)]
    pub age_max: Option<u8>,
}

impl TargetGroups {
    /// Whether the service is for this kind of client and (if given) this age.
    pub fn serves(&self, kind: Option<ClientKind>, age: Option<u8>) -> bool {
        let kind_ok = match kind {
            None => true,
            Some(ClientKind::Person) => self.persons,
            Some(ClientKind::Family) => self.families,
            Some(ClientKind::Group) => self.groups,
        };
        let age_ok = age.is_none_or(|a| {
            self.age_min.is_none_or(|min| a >= min) && self.age_max.is_none_or(|max| a <= max)
        });
        kind_ok && age_ok
    }
}

/// A service as described by its provider (service card, tool 7): the input of add and revise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ServiceInput {
    /// Nazwa usługi.
    pub name: String,
    /// Opis — what it is.
    pub description: String,
    /// Simple or composite.
    pub kind: ServiceKind,
    /// The linked actions of a composite service.
    #[serde(default)]
    pub components: Vec<String>,
    /// Realizator — the provider.
    pub provider: Provider,
    /// Pochodzenie.
    pub origin: ServiceOrigin,
    /// Obszary wsparcia.
    pub areas: Vec<Area>,
    /// Grupy docelowe.
    pub target: TargetGroups,
    /// Warunki dostępu.
    pub access_conditions: String,
    /// Osoba do kontaktu (an institution's contact, not a client).
    pub contact_person: String,
    /// Data ostatniej weryfikacji.
    pub verified_on: NaiveDate,
}

/// One entry in a service's change history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ServiceChange {
    /// The version this change produced.
    pub version: u32,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: ActorId,
    /// What kind of change.
    pub change: ServiceChangeKind,
    /// Why.
    pub reason: String,
}

/// A service of the local basket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Service {
    /// The current description.
    #[serde(flatten)]
    pub input: ServiceInput,
    /// Status.
    pub status: ServiceStatus,
    /// Current version (1 when added).
    pub version: u32,
    /// Every change: who, when, why.
    pub history: Vec<ServiceChange>,
    #[serde(skip)]
    #[schemars(skip)]
    folded: String,
}

impl Service {
    /// Stale: not withdrawn and not verified for longer than `months`.
    pub fn is_stale(&self, as_of: NaiveDate, months: u32) -> bool {
        self.status != ServiceStatus::Withdrawn
            && Partnership::add_months(self.input.verified_on, months) < as_of
    }

    /// A service from its parts, its search text rebuilt: for a binding's record of a service
    /// that comes back (the mobile bindings' `Service`, see `ffi.rs`).
    pub fn from_parts(
        input: ServiceInput,
        status: ServiceStatus,
        version: u32,
        history: Vec<ServiceChange>,
    ) -> Service {
        Service {
            folded: fold_service(&input),
            input,
            status,
            version,
            history,
        }
    }

    fn folded_text(&self) -> std::borrow::Cow<'_, str> {
        if self.folded.is_empty() {
            std::borrow::Cow::Owned(fold_service(&self.input))
        } else {
            std::borrow::Cow::Borrowed(&self.folded)
        }
    }
}

fn fold_service(s: &ServiceInput) -> String {
    let provider = match &s.provider {
        Provider::Member { .. } => "",
        Provider::External { name, .. } => name.as_str(),
    };
    let mut all = String::with_capacity(s.name.len() + s.description.len() + 64);
    for part in [&s.name, &s.description, &s.access_conditions, provider] {
        all.push_str(part);
        all.push('\n');
    }
    for c in &s.components {
        all.push_str(c);
        all.push('\n');
    }
    text::fold(&all)
}

/// The local basket of a PZK.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Basket {
    /// Services by id.
    pub services: BTreeMap<ServiceId, Service>,
}

/// A basket search. Every given criterion must match; text matches name, description, access
/// conditions, components and external provider name, ignoring case and Polish diacritics.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(default, deny_unknown_fields)]
pub struct BasketQuery {
    /// Free text; every word must occur.
    pub text: Option<String>,
    /// Area of support.
    pub area: Option<Area>,
    /// Kind of client served.
    pub target: Option<ClientKind>,
    /// Age of the person served.
    pub age: Option<u8>,
    /// Provider's ministry.
    pub ministry: Option<Ministry>,
    /// Provider's sector.
    pub sector: Option<Sector>,
    /// Include services that are not active (default: active only).
    pub include_inactive: bool,
}

impl Basket {
    /// Searches the basket; `members` gives ministry and sector of member providers. The hits
    /// come with their ids, in id order, so a host can link to the service it shows.
    pub fn search<'a>(
        &'a self,
        members: &BTreeMap<MemberId, Member>,
        query: &BasketQuery,
    ) -> Vec<(&'a ServiceId, &'a Service)> {
        let words: Vec<String> = query
            .text
            .as_deref()
            .map(|t| {
                text::fold(t)
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        self.services
            .iter()
            .filter(|(_, s)| query.include_inactive || s.status == ServiceStatus::Active)
            .filter(|(_, s)| query.area.is_none_or(|a| s.input.areas.contains(&a)))
            .filter(|(_, s)| s.input.target.serves(query.target, query.age))
            .filter(|(_, s)| {
                if query.ministry.is_none() && query.sector.is_none() {
                    return true;
                }
                let (ministry, sector) = provider_class(&s.input.provider, members);
                query.ministry.is_none_or(|m| ministry == Some(m))
                    && query.sector.is_none_or(|x| sector == Some(x))
            })
            .filter(|(_, s)| {
                if words.is_empty() {
                    return true;
                }
                let hay = s.folded_text();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }

    /// Services that are stale as of a date.
    pub fn stale(
        &self,
        as_of: NaiveDate,
        months: u32,
    ) -> impl Iterator<Item = (&ServiceId, &Service)> {
        self.services
            .iter()
            .filter(move |(_, s)| s.is_stale(as_of, months))
    }
}

/// Ministry and sector of a provider, from the member's profile or the external provider's data.
pub fn provider_class(
    provider: &Provider,
    members: &BTreeMap<MemberId, Member>,
) -> (Option<Ministry>, Option<Sector>) {
    match provider {
        Provider::Member { member_id } => members
            .get(member_id)
            .map(|m| (Some(m.profile.ministry), Some(m.profile.sector)))
            .unwrap_or((None, None)),
        Provider::External {
            sector, ministry, ..
        } => (*ministry, *sector),
    }
}

fn validate_input(p: &Partnership, ctx: &Ctx, s: &ServiceInput) -> Result<(), Error> {
    text::require("name", &s.name, text::MAX_SHORT)?;
    text::require("description", &s.description, text::MAX_LONG)?;
    text::require("access_conditions", &s.access_conditions, text::MAX_LONG)?;
    text::require("contact_person", &s.contact_person, text::MAX_SHORT)?;
    if s.areas.is_empty() {
        return Err(ValidationError::EmptyList { field: "areas" }.into());
    }
    if !(s.target.persons || s.target.families || s.target.groups) {
        return Err(ValidationError::EmptyList { field: "target" }.into());
    }
    if let (Some(min), Some(max)) = (s.target.age_min, s.target.age_max) {
        if min > max {
            return Err(ValidationError::OutOfRange {
                field: "target.age_min",
                min: 0,
                max: max as i64,
            }
            .into());
        }
    }
    match s.kind {
        ServiceKind::Composite if s.components.len() < 2 => {
            return Err(BasketError::ComponentsRequired.into())
        }
        ServiceKind::Simple if !s.components.is_empty() => {
            return Err(BasketError::ComponentsRequired.into())
        }
        _ => {}
    }
    for c in &s.components {
        text::require("components", c, text::MAX_SHORT)?;
    }
    match (&s.provider, s.origin) {
        (Provider::Member { member_id }, ServiceOrigin::Partner) => {
            let m = must_exist(&p.members, member_id, Entity::Member)?;
            if m.status == MemberStatus::Left {
                return Err(BasketError::ProviderNotMember {
                    member_id: member_id.clone(),
                }
                .into());
            }
        }
        (
            Provider::External { name, .. },
            ServiceOrigin::AdjacentArea | ServiceOrigin::SelfHelp,
        ) => {
            text::require("provider.name", name, text::MAX_SHORT)?;
        }
        _ => return Err(BasketError::OriginMismatch { origin: s.origin }.into()),
    }
    ctx.not_in_future("verified_on", s.verified_on)?;
    Ok(())
}

/// Decides a basket command.
pub(crate) fn decide(
    p: &Partnership,
    ctx: &Ctx,
    cmd: crate::command::route::Basket,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Basket as C;
    let pid = p.id.clone();
    if p.stage == PzkStage::AwaitingAuthorisation {
        return Err(crate::error::PartnershipError::AuthorisationMissing.into());
    }
    let existing = |id: &ServiceId| must_exist(&p.basket.services, id, Entity::Service);
    Ok(match cmd {
        C::AddService {
            service_id,
            service,
            reason,
            ..
        } => {
            must_be_new(&p.basket.services, service_id, Entity::Service)?;
            validate_input(p, ctx, service)?;
            text::require("reason", reason, text::MAX_SHORT)?;
            vec![Event::ServiceAdded {
                partnership_id: pid,
                service_id: service_id.clone(),
                service: service.clone(),
                reason: reason.clone(),
            }]
        }
        C::ReviseService {
            service_id,
            service,
            reason,
            ..
        } => {
            let current = existing(service_id)?;
            validate_input(p, ctx, service)?;
            text::require("reason", reason, text::MAX_SHORT)?;
            if current.input == *service {
                return Err(BasketError::NothingChanged.into());
            }
            vec![Event::ServiceRevised {
                partnership_id: pid,
                service_id: service_id.clone(),
                service: service.clone(),
                reason: reason.clone(),
            }]
        }
        C::ChangeServiceStatus {
            service_id,
            status,
            reason,
            ..
        } => {
            let current = existing(service_id)?;
            text::require("reason", reason, text::MAX_SHORT)?;
            if current.status == *status {
                return Err(BasketError::NothingChanged.into());
            }
            vec![Event::ServiceStatusChanged {
                partnership_id: pid,
                service_id: service_id.clone(),
                status: *status,
                reason: reason.clone(),
            }]
        }
        C::VerifyService {
            service_id,
            verified_on,
            ..
        } => {
            let current = existing(service_id)?;
            ctx.not_in_future("verified_on", *verified_on)?;
            ctx.not_before("verified_on", *verified_on, current.input.verified_on)?;
            vec![Event::ServiceVerified {
                partnership_id: pid,
                service_id: service_id.clone(),
                verified_on: *verified_on,
            }]
        }
    })
}

/// Applies a basket event.
pub(crate) fn apply(
    basket: &mut Basket,
    at: DateTime<Utc>,
    actor: &ActorId,
    e: crate::event::route::Basket,
) {
    use crate::event::route::Basket as Event;
    let change = |version, change, reason: &str| ServiceChange {
        version,
        at,
        actor: actor.clone(),
        change,
        reason: reason.to_owned(),
    };
    match &e {
        Event::ServiceAdded {
            service_id,
            service,
            reason,
            ..
        } => {
            basket.services.insert(
                service_id.clone(),
                Service {
                    folded: fold_service(service),
                    input: service.clone(),
                    status: ServiceStatus::Active,
                    version: 1,
                    history: vec![change(1, ServiceChangeKind::Added, reason)],
                },
            );
        }
        Event::ServiceRevised {
            service_id,
            service,
            reason,
            ..
        } => {
            if let Some(s) = basket.services.get_mut(service_id) {
                s.version += 1;
                s.input = service.clone();
                s.folded = fold_service(service);
                s.history
                    .push(change(s.version, ServiceChangeKind::Revised, reason));
            }
        }
        Event::ServiceStatusChanged {
            service_id,
            status,
            reason,
            ..
        } => {
            if let Some(s) = basket.services.get_mut(service_id) {
                s.version += 1;
                s.status = *status;
                s.history
                    .push(change(s.version, ServiceChangeKind::StatusChanged, reason));
            }
        }
        Event::ServiceVerified {
            service_id,
            verified_on,
            ..
        } => {
            if let Some(s) = basket.services.get_mut(service_id) {
                s.version += 1;
                s.input.verified_on = *verified_on;
                s.history
                    .push(change(s.version, ServiceChangeKind::Verified, ""));
            }
        }
    }
}
