//! Open Referral HSDS 3.0 export of a local basket (lokalny koszyk usług).
//!
//! [`export`] turns the basket of one PZK into a JSON array of HSDS 3.0 `organization` objects, each
//! shaped by the published *compiled* organization schema (`schema/compiled/organization.json` of
//! `openreferral/specification`, tag `v3.0`; a copy is vendored for the tests under
//! `cli/tests/data/hsds-3.0/`). Only fields defined by that schema are written: the schema itself
//! allows additional properties, but Open Referral validates its own examples with
//! `additionalProperties: false` everywhere, and so do our tests.
//!
//! # Mapping
//!
//! * **organization** — one per provider: each PZK member institution that provides at least one
//!   service (`id`, `name` from its profile, `description` with the partnership's name, the Polish
//!   label of its sector and, unless "none", of its ministry), and each distinct external provider
//!   (adjacent-area or self-help), grouped by its exact name (`description` with the kind of its
//!   services and the Polish label of the first sector given for it, in service id order). HSDS
//!   has no sector field, so the sector only goes into the free-text `description`.
//! * **service** — `id`, `organization_id`, `name`, `description` (the linked actions of a composite
//!   service are appended as a Markdown list, which HSDS allows in descriptions), `status` from
//!   [`ServiceStatus::hsds`](kooperacje::basket::ServiceStatus::hsds), `assured_date` = the date of
//!   the last verification, `last_modified` = the time of the service's latest change in its history.
//! * **access conditions** (`warunki dostępu`) go to `application_process`, which HSDS defines as "the
//!   steps needed to access this service" (its own example is a referral letter, just like our
//!   "skierowanie pracownika socjalnego"); `eligibility_description` ("the type of person for whom
//!   this service is intended") gets the target groups in Polish, and their age limits also go to
//!   `minimum_age` / `maximum_age`.
//! * **contacts** — one per service: `id`, `service_id`, `name` = the contact person.
//! * **areas of support and origin** — as `attributes`: one per area and one for the origin (PZK
//!   partner, adjacent-area, self-help), each linking the service (`link_entity` "service",
//!   `link_id`) to a `taxonomy_term` of one of two local taxonomies ("Obszary wsparcia",
//!   "Pochodzenie usługi"), whose `code` is our stable identifier, `name` the Polish label and
//!   `language` "pol". `link_type` (an open codelist with nothing fitting) is left out.
//! * Not exported: the service's version history (HSDS `metadata` would need per-field previous
//!   values and would publish staff actor ids), the service kind beyond the description, and any
//!   phone, address or location (the basket has none).
//!
//! # Identifiers and order
//!
//! HSDS ids must be UUIDs. Each is a UUID v5 in [`NAMESPACE`] whose name is the JSON array of a
//! record kind and our own ids, e.g. `["service","pzk-1","u-staz"]`; JSON encoding keeps distinct
//! id tuples distinct whatever characters the ids contain. Taxonomies and their terms do not depend
//! on the partnership (e.g. `["taxonomy_term","area","health"]`), so the same term has the same id
//! everywhere. Organizations are ordered by name (plain byte order, not Polish collation), then by
//! id; services by our service id. The same basket therefore always gives byte-identical output.

use chrono::SecondsFormat;
use kooperacje::basket::{Provider, Service, ServiceKind, ServiceOrigin, TargetGroups};
use kooperacje::classification::{Area, Ministry, Sector};
use kooperacje::partnership::Partnership;
use kooperacje::{Labelled, ServiceId};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The namespace of every HSDS id this export derives: UUID v5 of the URL namespace
/// (`6ba7b811-9dad-11d1-80b4-00c04fd430c8`) and the name `urn:kooperacje:hsds`, i.e.
/// `450d1f1f-67aa-57ec-8a15-78f715242290`. Never change it: ids given out would change with it.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x450d1f1f_67aa_57ec_8a15_78f715242290);

/// The deterministic HSDS id of a record: UUID v5 in [`NAMESPACE`] of the JSON array of `parts`
/// (a record kind followed by our ids), e.g. `hsds_id(&["service", "pzk-1", "u-staz"])`.
pub fn hsds_id(parts: &[&str]) -> Uuid {
    let name = serde_json::to_string(parts).expect("a list of strings always serialises");
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

fn id_value(parts: &[&str]) -> Value {
    Value::String(hsds_id(parts).to_string())
}

/// Who provides a service, as an HSDS organization: its key (for the id) and what it says.
struct Organization<'a> {
    /// `member` or `external`, followed by the member id or the external provider's name.
    key: [&'a str; 2],
    name: &'a str,
    description: String,
    services: Vec<(&'a ServiceId, &'a Service)>,
}

/// The basket of one PZK as HSDS 3.0: an array of `organization` objects, each with its `services`
/// nested (and each service with its `contacts`), following the published *compiled* organization
/// schema. See the [module documentation](self) for the mapping.
pub fn export(p: &Partnership) -> Value {
    let pid = p.id.as_str();
    let mut orgs: BTreeMap<[&str; 2], Organization<'_>> = BTreeMap::new();
    for (sid, service) in &p.basket.services {
        let org = match &service.input.provider {
            Provider::Member { member_id } => orgs
                .entry(["member", member_id.as_str()])
                .or_insert_with(|| member_organization(p, member_id.as_str())),
            Provider::External { name, .. } => {
                orgs.entry(["external", name.as_str()])
                    .or_insert_with(|| Organization {
                        key: ["external", name.as_str()],
                        name: name.as_str(),
                        // Filled in below, once every service of this provider is known.
                        description: String::new(),
                        services: Vec::new(),
                    })
            }
        };
        org.services.push((sid, service));
    }
    for org in orgs.values_mut() {
        if org.key[0] == "external" {
            // The first known sector among its services (in service id order).
            let sector = org
                .services
                .iter()
                .find_map(|(_, s)| match &s.input.provider {
                    Provider::External { sector, .. } => *sector,
                    Provider::Member { .. } => None,
                });
            let origins: Vec<ServiceOrigin> =
                org.services.iter().map(|(_, s)| s.input.origin).collect();
            org.description = external_description(p, sector, &origins);
        }
    }

    let mut out: Vec<(Uuid, Organization<'_>)> = orgs
        .into_values()
        .map(|o| (hsds_id(&["organization", pid, o.key[0], o.key[1]]), o))
        .collect();
    out.sort_by(|(a_id, a), (b_id, b)| a.name.cmp(b.name).then(a_id.cmp(b_id)));
    Value::Array(
        out.into_iter()
            .map(|(id, org)| organization_json(pid, id, org))
            .collect(),
    )
}

fn member_organization<'a>(p: &'a Partnership, member_id: &'a str) -> Organization<'a> {
    let key = ["member", member_id];
    match p.members.iter().find(|(id, _)| id.as_str() == member_id) {
        Some((_, member)) => {
            let profile = &member.profile;
            let mut description = format!(
                "Członek partnerskiego zespołu kooperacyjnego „{}”. Sektor: {}.",
                p.name,
                profile.sector.label_pl()
            );
            if profile.ministry != Ministry::None {
                description.push_str(&format!(" Resort: {}.", profile.ministry.label_pl()));
            }
            Organization {
                key,
                name: profile.name.as_str(),
                description,
                services: Vec::new(),
            }
        }
        // Not reachable through the core (a member's services need the member), but an export
        // must not fail: fall back to the member id.
        None => Organization {
            key,
            name: member_id,
            description: format!("Członek partnerskiego zespołu kooperacyjnego „{}”.", p.name),
            services: Vec::new(),
        },
    }
}

fn external_description(
    p: &Partnership,
    sector: Option<Sector>,
    origins: &[ServiceOrigin],
) -> String {
    let adjacent = origins.contains(&ServiceOrigin::AdjacentArea);
    let self_help = origins.contains(&ServiceOrigin::SelfHelp);
    let what = match (adjacent, self_help) {
        (true, false) => " (usługi w sąsiedztwie)",
        (false, true) => " (usługi samopomocowe)",
        (true, true) => " (usługi w sąsiedztwie i samopomocowe)",
        (false, false) => "",
    };
    let mut description = format!(
        "Realizator usług spoza partnerskiego zespołu kooperacyjnego „{}”{what}.",
        p.name
    );
    if let Some(sector) = sector {
        description.push_str(&format!(" Sektor: {}.", sector.label_pl()));
    }
    description
}

fn organization_json(pid: &str, id: Uuid, org: Organization<'_>) -> Value {
    let org_id = id.to_string();
    let services: Vec<Value> = org
        .services
        .into_iter()
        .map(|(sid, s)| service_json(pid, &org_id, sid.as_str(), s))
        .collect();
    json!({
        "id": org_id,
        "name": org.name,
        "description": org.description,
        "services": services,
    })
}

fn service_json(pid: &str, org_id: &str, sid: &str, s: &Service) -> Value {
    let input = &s.input;
    let service_id = hsds_id(&["service", pid, sid]).to_string();
    let mut description = input.description.clone();
    if input.kind == ServiceKind::Composite && !input.components.is_empty() {
        description.push_str("\n\nDziałania składowe:");
        for c in &input.components {
            description.push_str("\n- ");
            description.push_str(c);
        }
    }
    let mut attributes: Vec<Value> = input
        .areas
        .iter()
        .map(|a| area_attribute(pid, sid, &service_id, *a))
        .collect();
    attributes.push(origin_attribute(pid, sid, &service_id, input.origin));

    let mut o = Map::new();
    o.insert("id".into(), service_id.clone().into());
    o.insert("organization_id".into(), org_id.into());
    o.insert("name".into(), input.name.clone().into());
    o.insert("description".into(), description.into());
    o.insert("status".into(), s.status.hsds().into());
    o.insert(
        "application_process".into(),
        input.access_conditions.clone().into(),
    );
    o.insert(
        "eligibility_description".into(),
        eligibility(&input.target).into(),
    );
    if let Some(min) = input.target.age_min {
        o.insert("minimum_age".into(), min.into());
    }
    if let Some(max) = input.target.age_max {
        o.insert("maximum_age".into(), max.into());
    }
    o.insert(
        "assured_date".into(),
        input.verified_on.format("%Y-%m-%d").to_string().into(),
    );
    if let Some(last) = s.history.last() {
        o.insert(
            "last_modified".into(),
            last.at.to_rfc3339_opts(SecondsFormat::Secs, true).into(),
        );
    }
    o.insert(
        "contacts".into(),
        json!([{
            "id": id_value(&["contact", pid, sid]),
            "service_id": service_id,
            "name": input.contact_person,
        }]),
    );
    o.insert("attributes".into(), attributes.into());
    Value::Object(o)
}

/// Who the service is for, in Polish: kinds of client, then age limits.
fn eligibility(t: &TargetGroups) -> String {
    let kinds: Vec<&str> = [
        (t.persons, "osoby"),
        (t.families, "rodziny"),
        (t.groups, "grupy"),
    ]
    .into_iter()
    .filter_map(|(yes, label)| yes.then_some(label))
    .collect();
    let mut text = format!("Dla: {}.", kinds.join(", "));
    match (t.age_min, t.age_max) {
        (Some(min), Some(max)) => text.push_str(&format!(" Wiek: od {min} do {max} lat.")),
        (Some(min), None) => text.push_str(&format!(" Wiek: od {min} lat.")),
        (None, Some(max)) => text.push_str(&format!(" Wiek: do {max} lat.")),
        (None, None) => {}
    }
    text
}

/// One of the two local taxonomies the attributes use.
struct Taxonomy {
    /// Its key in ids (`area`, `origin`).
    key: &'static str,
    name: &'static str,
    description: &'static str,
}

const AREAS: Taxonomy = Taxonomy {
    key: "area",
    name: "Obszary wsparcia",
    description: "Obszary wsparcia (obszary kooperacji) lokalnego koszyka usług PZK.",
};

const ORIGINS: Taxonomy = Taxonomy {
    key: "origin",
    name: "Pochodzenie usługi",
    description: "Pochodzenie usługi w lokalnym koszyku usług: partner PZK, usługa w sąsiedztwie \
                  lub usługa samopomocowa.",
};

fn area_attribute(pid: &str, sid: &str, service_id: &str, area: Area) -> Value {
    attribute(
        pid,
        sid,
        service_id,
        &AREAS,
        area.code(),
        area.label_pl(),
        area.label_en(),
    )
}

fn origin_attribute(pid: &str, sid: &str, service_id: &str, origin: ServiceOrigin) -> Value {
    attribute(
        pid,
        sid,
        service_id,
        &ORIGINS,
        origin.code(),
        origin.label_pl(),
        origin.label_en(),
    )
}

/// An HSDS attribute linking a service to a term of a local taxonomy.
fn attribute(
    pid: &str,
    sid: &str,
    service_id: &str,
    taxonomy: &Taxonomy,
    code: &str,
    label_pl: &str,
    label_en: &str,
) -> Value {
    let taxonomy_id = id_value(&["taxonomy", taxonomy.key]);
    let term_id = id_value(&["taxonomy_term", taxonomy.key, code]);
    json!({
        "id": id_value(&["attribute", pid, sid, taxonomy.key, code]),
        "link_id": service_id,
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "taxonomy_term": {
            "id": term_id,
            "code": code,
            "name": label_pl,
            "description": format!("{}: {label_pl} ({label_en}).", taxonomy.name),
            "taxonomy": taxonomy.name,
            "taxonomy_id": taxonomy_id,
            "taxonomy_detail": {
                "id": taxonomy_id,
                "name": taxonomy.name,
                "description": taxonomy.description,
            },
            "language": "pol",
        },
    })
}
