//! Lokalny koszyk usług — the local basket of services: what partner institutions (and adjacent-area
//! and self-help providers) offer, with access conditions and a contact person. Every change is a
//! new version with who, when and why; a service unverified for longer than the rules of procedure
//! allow is stale. Search ignores case and diacritics and finds the inflected forms of Polish words
//! ([`crate::stem`]); it reads an index of the basket's words that is built when first needed.

use crate::classification::{Area, Ministry, Sector};
use crate::error::{BasketError, Error, ValidationError};
use crate::event::Event;
use crate::id_map::IdMap;
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
}

impl Service {
    /// Stale: not withdrawn and not verified for longer than `months`.
    pub fn is_stale(&self, as_of: NaiveDate, months: u32) -> bool {
        self.status != ServiceStatus::Withdrawn
            && Partnership::add_months(self.input.verified_on, months) < as_of
    }

    /// A service from its parts: for a binding's record of a service that comes back (the mobile
    /// bindings' `Service`, see `ffi.rs`).
    pub fn from_parts(
        input: ServiceInput,
        status: ServiceStatus,
        version: u32,
        history: Vec<ServiceChange>,
    ) -> Service {
        Service {
            input,
            status,
            version,
            history,
        }
    }

    /// The texts search reads, besides the provider's name when it is a member (which lives in
    /// the partnership's members): name, description, access conditions, contact person,
    /// external provider's name, components.
    fn search_texts(&self) -> impl Iterator<Item = &str> {
        let s = &self.input;
        let provider = match &s.provider {
            Provider::Member { .. } => "",
            Provider::External { name, .. } => name.as_str(),
        };
        [
            s.name.as_str(),
            &s.description,
            &s.access_conditions,
            &s.contact_person,
            provider,
        ]
        .into_iter()
        .chain(s.components.iter().map(String::as_str))
    }
}

/// The local basket of a PZK.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Basket {
    /// Services by id.
    pub services: BTreeMap<ServiceId, Service>,
    /// The search index of [`Basket::search`], derived from the services: not serialised, not
    /// compared (two baskets with equal services are equal whether or not either was searched),
    /// built at the first search and dropped whenever a basket event is applied.
    #[serde(skip)]
    #[schemars(skip)]
    index: SearchCache,
}

impl std::fmt::Debug for Basket {
    /// The services only: the search index is derived from them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Basket")
            .field("services", &self.services)
            .finish()
    }
}

/// A basket search. Every given criterion must match. Text matches the name, description, access
/// conditions, components, contact person and provider's name (a member's name as the
/// partnership's members give it), ignoring case and diacritics; every word of the text must be
/// found, in any of its Polish case forms ([`crate::stem`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(default, deny_unknown_fields)]
pub struct BasketQuery {
    /// Free text; every word (between spaces and punctuation) must occur, in any case form.
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
    /// Searches the basket; `members` gives the name, ministry and sector of member providers.
    /// The hits come with their ids, in id order, so a host can link to the service it shows.
    ///
    /// A text query reads the basket's search index (built at the first search
    /// after a change), so its cost grows with the number of hits rather than of services.
    pub fn search<'a>(
        &'a self,
        members: &IdMap<MemberId, Member>,
        query: &BasketQuery,
    ) -> Vec<(&'a ServiceId, &'a Service)> {
        let classified = query.area.is_some()
            || query.target.is_some()
            || query.age.is_some()
            || query.ministry.is_some()
            || query.sector.is_some();
        let keep = |s: &Service| {
            query.area.is_none_or(|a| s.input.areas.contains(&a))
                && s.input.target.serves(query.target, query.age)
                && (query.ministry.is_none() && query.sector.is_none() || {
                    let (ministry, sector) = provider_class(&s.input.provider, members);
                    query.ministry.is_none_or(|m| ministry == Some(m))
                        && query.sector.is_none_or(|x| sector == Some(x))
                })
        };
        let terms = query
            .text
            .as_deref()
            .map(crate::stem::Term::query)
            .unwrap_or_default();
        let index = self
            .index
            .0
            .get_or_init(|| std::sync::Arc::new(SearchIndex::build(&self.services)));
        let indexed = index.entries.len() == self.services.len();
        if terms.is_empty() {
            if !indexed {
                return self
                    .services
                    .iter()
                    .filter(|(_, s)| query.include_inactive || s.status == ServiceStatus::Active)
                    .filter(|(_, s)| keep(s))
                    .collect();
            }
            // The compact keys decide the area, the target and the age without touching the
            // services; only a ministry or sector, which need the members, reads a service.
            let wanted = FilterKey::query(query);
            let by_provider = query.ministry.is_some() || query.sector.is_some();
            return index
                .filters
                .iter()
                .enumerate()
                .filter(|(_, f)| f.matches(&wanted))
                .map(|(pos, _)| {
                    let (id, s) = &index.entries[pos];
                    (id, s)
                })
                .filter(|(_, s)| !by_provider || keep(s))
                .collect();
        }
        let mut found = Vec::new();
        let mut hit = |id, s| {
            if !classified || keep(s) {
                found.push((id, s));
            }
        };
        if indexed {
            let hits = index.find(&terms, members, query.include_inactive);
            for pos in ones(&hits) {
                let (id, s) = &index.entries[pos];
                hit(id, s);
            }
        } else {
            // [decision] The index is dropped by every basket event (`apply`); services inserted
            // or removed by hand, bypassing events, are searched with an index of their own, and
            // the hits are picked from the map while walking it.
            let fresh = SearchIndex::build(&self.services);
            let hits = fresh.find(&terms, members, query.include_inactive);
            for (pos, (id, s)) in self.services.iter().enumerate() {
                if hits[pos / 64] & (1 << (pos % 64)) != 0 {
                    hit(id, s);
                }
            }
        }
        found
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
    members: &IdMap<MemberId, Member>,
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
    basket.index = SearchCache::default();
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

/// The basket's search index, built at the first search: derived from the services, so never
/// serialised and always equal (two baskets are compared by their services).
///
/// \[decision\] Built lazily and dropped by every basket event rather than kept up to date by each:
/// a position is a service's rank in id order, which an added service shifts, and a replay or an
/// import of thousands of services would otherwise rebuild it thousands of times. A host that
/// searches after each change pays one build (milliseconds for 10,000 services).
#[derive(Clone, Default)]
struct SearchCache(std::sync::OnceLock<std::sync::Arc<SearchIndex>>);

impl PartialEq for SearchCache {
    fn eq(&self, _: &SearchCache) -> bool {
        true
    }
}

impl Eq for SearchCache {}

/// A member provider's services and the words of its name (folded), each with its key.
type ProviderName<'a> = (&'a [u32], Vec<(String, String)>);

/// A set of services, one bit per position (a service's rank in id order).
type Bits = Vec<u64>;

/// Lists of services by word while an index is built: a word's list is found by hashing (an index
/// of 10,000 services adds some 150,000 words), and the words are sorted once at the end.
#[derive(Default)]
struct WordLists {
    /// Where each word's list is in `lists`.
    at: std::collections::HashMap<Box<str>, usize>,
    /// The words and their lists, in the order first seen.
    lists: Vec<(Box<str>, Vec<u32>)>,
}

impl WordLists {
    /// Adds the services `positions` (ascending) to the list of `word`: the list stays
    /// ascending, without repeats.
    fn add(&mut self, word: &str, positions: &[u32]) {
        match self.at.get(word) {
            Some(&i) => {
                let list = &mut self.lists[i].1;
                if list.last() < positions.first() {
                    list.extend_from_slice(positions);
                } else if positions.iter().any(|p| list.binary_search(p).is_err()) {
                    *list = union(list, positions);
                }
            }
            None => {
                self.at.insert(word.into(), self.lists.len());
                self.lists.push((word.into(), positions.to_vec()));
            }
        }
    }

    /// The words and their lists, sorted by word.
    fn sorted(mut self) -> Vec<(Box<str>, Vec<u32>)> {
        self.lists.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.lists
    }
}

/// The union of two ascending lists, ascending, without repeats.
fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let next = a[i].min(b[j]);
        i += usize::from(a[i] == next);
        j += usize::from(b[j] == next);
        out.push(next);
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The positions of a set, ascending.
fn ones(bits: &Bits) -> impl Iterator<Item = usize> + '_ {
    bits.iter().enumerate().flat_map(|(i, &word)| {
        let mut word = word;
        std::iter::from_fn(move || {
            (word != 0).then(|| {
                let pos = i * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                pos
            })
        })
    })
}

/// Sets the bits of `positions`.
fn set_all(bits: &mut Bits, positions: &[u32]) {
    for &p in positions {
        bits[p as usize / 64] |= 1 << (p % 64);
    }
}

/// The words of a basket and the services they occur in: inverted lists of positions, a position
/// being a service's rank in id order (ascending lists, no repeats).
///
/// \[decision\] The words of a member provider's name are not indexed: the members live in the
/// partnership, which may rename one without a basket event, so they are matched at each search
/// (a few names) and bring in the services of that member (`by_member`).
///
/// \[decision\] The index keeps a copy of the services, in id order, and a search returns
/// references into it: a map has no access by rank, and walking 10,000 entries of the map to pick
/// the hits takes about 35 µs by itself, more than half the budget of a search (issue 18: 50 µs
/// on 10,000 services), where reading a position in the copy takes nanoseconds. The copy costs the
/// memory of the services once more, only once the basket has been searched; it is equal to the
/// services it was made from, since every basket event drops the index.
struct SearchIndex {
    /// The services, by position.
    entries: Vec<(ServiceId, Service)>,
    /// What a query's area, target and age are matched against, by position: a few bytes each,
    /// so a query without words reads 10,000 services' keys from one small array.
    filters: Vec<FilterKey>,
    /// The services that are active.
    active: Bits,
    /// Every folded word of the services' texts, sorted: a query stem finds the words it begins
    /// as one range.
    words: Vec<(Box<str>, Vec<u32>)>,
    /// The key ([`crate::stem::key`]) of every word, sorted, with the services of all its words.
    keys: Vec<(Box<str>, Vec<u32>)>,
    /// The services of each member provider.
    by_member: Vec<(MemberId, Vec<u32>)>,
}

/// A service's areas, target and age range, and whether it is active, as a query without words
/// reads them (see [`Basket::search`]); or, made from a query, what it asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FilterKey {
    /// One bit per area, by its position in [`Area::ALL`].
    areas: u16,
    /// Bits 0, 1, 2: persons, families, groups.
    serves: u8,
    /// The youngest and oldest age served (0 and 255 when the service names none); a query's
    /// age, or none.
    age_min: u8,
    age_max: u8,
    active: bool,
}

impl FilterKey {
    fn area_bit(area: Area) -> u16 {
        let pos = Area::ALL.iter().position(|a| *a == area).unwrap_or(0);
        1 << pos
    }

    fn kind_bit(kind: ClientKind) -> u8 {
        match kind {
            ClientKind::Person => 1,
            ClientKind::Family => 2,
            ClientKind::Group => 4,
        }
    }

    fn of(s: &Service) -> FilterKey {
        let t = &s.input.target;
        FilterKey {
            areas: s
                .input
                .areas
                .iter()
                .fold(0, |bits, a| bits | FilterKey::area_bit(*a)),
            serves: u8::from(t.persons) | u8::from(t.families) << 1 | u8::from(t.groups) << 2,
            age_min: t.age_min.unwrap_or(0),
            age_max: t.age_max.unwrap_or(u8::MAX),
            active: s.status == ServiceStatus::Active,
        }
    }

    /// What a query asks for: its area's bit (0 for any), its client kind's bit (0 for any), its
    /// age in both bounds (255 and 0, an empty range, for any age), and whether only active
    /// services.
    fn query(q: &BasketQuery) -> FilterKey {
        FilterKey {
            areas: q.area.map_or(0, FilterKey::area_bit),
            serves: q.target.map_or(0, FilterKey::kind_bit),
            age_min: q.age.unwrap_or(u8::MAX),
            age_max: q.age.unwrap_or(0),
            active: !q.include_inactive,
        }
    }

    /// Whether a service's key serves what the query's key asks for (as
    /// [`TargetGroups::serves`] and the area filter of [`Basket::search`] decide).
    fn matches(&self, wanted: &FilterKey) -> bool {
        (!wanted.active || self.active)
            && self.areas & wanted.areas == wanted.areas
            && self.serves & wanted.serves == wanted.serves
            && (wanted.age_max == 0 && wanted.age_min == u8::MAX
                || self.age_min <= wanted.age_max && wanted.age_min <= self.age_max)
    }
}

impl SearchIndex {
    fn build(services: &BTreeMap<ServiceId, Service>) -> SearchIndex {
        let mut entries = Vec::with_capacity(services.len());
        let filters = services.values().map(FilterKey::of).collect();
        let mut active = vec![0; services.len().div_ceil(64)];
        let mut words = WordLists::default();
        // A PZK has tens of members at most: a list is enough.
        let mut by_member: Vec<(MemberId, Vec<u32>)> = Vec::new();
        for (pos, (id, s)) in services.iter().enumerate() {
            let pos = u32::try_from(pos).expect("fewer than 2^32 services");
            entries.push((id.clone(), s.clone()));
            if s.status == ServiceStatus::Active {
                set_all(&mut active, &[pos]);
            }
            if let Provider::Member { member_id } = &s.input.provider {
                match by_member.iter_mut().find(|(m, _)| m == member_id) {
                    Some((_, list)) => list.push(pos),
                    None => by_member.push((member_id.clone(), vec![pos])),
                }
            }
            for t in s.search_texts() {
                for w in crate::stem::words(&text::fold(t)) {
                    words.add(w, &[pos]);
                }
            }
        }
        // The services of a key: those of all its words.
        let mut keys = WordLists::default();
        for (w, list) in &words.lists {
            keys.add(&crate::stem::key(w), list);
        }
        SearchIndex {
            entries,
            filters,
            active,
            words: words.sorted(),
            keys: keys.sorted(),
            by_member,
        }
    }

    /// The services that every term finds (and that are active unless `include_inactive`).
    ///
    /// The terms are taken from the one with the fewest services to the one with the most, and
    /// once few services are left they are looked up in a term's lists rather than the term's
    /// lists spread into a set: "lodz 9999" reads the one service of "9999", not the 10,000 of
    /// "Łódź".
    fn find(
        &self,
        terms: &[crate::stem::Term],
        members: &IdMap<MemberId, Member>,
        include_inactive: bool,
    ) -> Bits {
        // The words of the member providers' names, each with its key, read once per search.
        let names: Vec<ProviderName<'_>> = self
            .by_member
            .iter()
            .filter_map(|(id, list)| {
                let name = text::fold(&members.get(id)?.profile.name);
                let words = crate::stem::words(&name)
                    .map(|w| (w.to_owned(), crate::stem::key(w)))
                    .collect();
                Some((list.as_slice(), words))
            })
            .collect();
        let mut lists: Vec<Vec<&[u32]>> =
            terms.iter().map(|term| self.lists(term, &names)).collect();
        let size = |l: &Vec<&[u32]>| l.iter().map(|l| l.len()).sum::<usize>();
        let mut hits = if include_inactive {
            let mut all = vec![0; self.active.len()];
            for (i, word) in all.iter_mut().enumerate() {
                let n = self.entries.len().saturating_sub(i * 64).min(64);
                *word = if n == 64 { !0 } else { (1 << n) - 1 };
            }
            all
        } else {
            self.active.clone()
        };
        while !lists.is_empty() {
            let smallest = (0..lists.len())
                .min_by_key(|&i| size(&lists[i]))
                .unwrap_or(0);
            let term = lists.swap_remove(smallest);
            let left: usize = hits.iter().map(|w| w.count_ones() as usize).sum();
            if left == 0 {
                break;
            }
            if left * 16 < size(&term) {
                let candidates: Vec<usize> = ones(&hits).collect();
                for pos in candidates {
                    let p = pos as u32;
                    if !term.iter().any(|list| list.binary_search(&p).is_ok()) {
                        hits[pos / 64] &= !(1 << (pos % 64));
                    }
                }
            } else {
                let mut found = vec![0; hits.len()];
                for list in &term {
                    set_all(&mut found, list);
                }
                for (h, f) in hits.iter_mut().zip(&found) {
                    *h &= f;
                }
            }
        }
        hits
    }

    /// The lists of the services a term finds: those of its key, of the words its stem begins
    /// (a long enough stem), of the members whose names it finds.
    fn lists<'a>(&'a self, term: &crate::stem::Term, names: &[ProviderName<'a>]) -> Vec<&'a [u32]> {
        let mut lists = Vec::new();
        if let Ok(i) = self
            .keys
            .binary_search_by(|(k, _)| k.as_ref().cmp(term.key.as_str()))
        {
            lists.push(self.keys[i].1.as_slice());
        }
        if term.finds_prefixes() {
            let stem = term.stem.as_str();
            let from = self.words.partition_point(|(w, _)| w.as_ref() < stem);
            lists.extend(
                self.words[from..]
                    .iter()
                    .take_while(|(w, _)| w.starts_with(stem))
                    .map(|(_, list)| list.as_slice()),
            );
        }
        for (list, words) in names {
            if words.iter().any(|(w, k)| term.matches_keyed(w, k)) {
                lists.push(list);
            }
        }
        lists
    }
}
