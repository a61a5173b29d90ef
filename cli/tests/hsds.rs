//! The HSDS 3.0 export of the demo basket, checked against the published compiled organization
//! schema (vendored unmodified in `tests/data/hsds-3.0/`, see its README) with the `jsonschema`
//! crate, offline and with format validation on.
//!
//! Like Open Referral's own example check (`validate_examples_json_schema.sh`, which compiles the
//! schema with `--set-additional-properties-false-everywhere`), the schema is made strict in memory
//! before use: every object schema gets `additionalProperties: false`, so a field HSDS does not
//! define is an error. HSDS marks dates only with the non-standard `datapackage_type: "date"`, so
//! those properties also get `format: "date"`. The upstream full example must still pass.

use jsonschema::{Draft, Validator};
use kooperacje::basket::{ServiceKind, ServiceStatus};
use kooperacje::partnership::Partnership;
use kooperacje::{Labelled, ServiceId};
use kooperacje_cli::hsds::{self, hsds_id, NAMESPACE};
use kooperacje_cli::story::{self, Played};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;
use uuid::Uuid;

fn data(path: &str) -> Value {
    let file: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/data/hsds-3.0", path]
        .iter()
        .collect();
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.display()))
}

/// Makes the schema strict, as described in the module documentation.
fn strict(node: &mut Value) {
    match node {
        Value::Object(map) => {
            let is_object_schema = map.get("type") == Some(&Value::from("object"))
                && map.get("properties").is_some_and(Value::is_object);
            if is_object_schema && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            if map.get("datapackage_type") == Some(&Value::from("date"))
                && !map.contains_key("format")
            {
                map.insert("format".into(), "date".into());
            }
            map.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// The strict validator of one HSDS 3.0 organization, built once.
fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let mut schema = data("schema/compiled/organization.json");
        // The compiled schema is self-contained: nothing to resolve, and `offline` makes sure
        // nothing would be fetched.
        assert!(
            !serde_json::to_string(&schema).unwrap().contains("\"$ref\""),
            "the compiled schema has no $ref"
        );
        strict(&mut schema);
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .should_validate_formats(true)
            .offline()
            .build(&schema)
            .expect("the HSDS 3.0 organization schema compiles")
    })
}

/// Every schema error of an organization, one per line.
fn errors(org: &Value) -> Vec<String> {
    validator()
        .iter_errors(org)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid(doc: &Value) {
    let orgs = doc.as_array().expect("the export is an array");
    for org in orgs {
        let errs = errors(org);
        assert!(
            errs.is_empty(),
            "organization {} is not valid HSDS 3.0:\n{}",
            org["name"],
            errs.join("\n")
        );
    }
}

fn played() -> &'static Played {
    static PLAYED: OnceLock<Played> = OnceLock::new();
    PLAYED.get_or_init(|| story::play().expect("the demo story plays"))
}

fn partnership() -> &'static Partnership {
    let p = played();
    &p.state.partnerships[&p.partnership]
}

fn services(doc: &Value) -> Vec<&Value> {
    doc.as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["services"].as_array().unwrap())
        .collect()
}

/// The exported service for one of our service ids.
fn service<'a>(doc: &'a Value, p: &Partnership, sid: &str) -> &'a Value {
    let id = hsds_id(&["service", p.id.as_str(), sid]).to_string();
    services(doc)
        .into_iter()
        .find(|s| s["id"] == id.as_str())
        .unwrap_or_else(|| panic!("service {sid} ({id}) is not in the export"))
}

/// The organization that nests a service.
fn organization_of<'a>(doc: &'a Value, service_id: &Value) -> &'a Value {
    doc.as_array()
        .unwrap()
        .iter()
        .find(|o| {
            o["services"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["id"] == *service_id)
        })
        .expect("every service is nested in an organization")
}

#[test]
fn upstream_example_passes_the_strict_schema() {
    // Positive control: the strict, format-checking validator accepts Open Referral's own example.
    let example = data("examples/organization_full.json");
    let errs = errors(&example);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}

#[test]
fn demo_basket_is_valid_hsds() {
    let p = partnership();
    assert!(!p.basket.services.is_empty(), "the demo has a basket");
    assert_valid(&hsds::export(p));
}

#[test]
fn every_service_once_with_unique_ids() {
    let p = partnership();
    let doc = hsds::export(p);
    let all = services(&doc);
    assert_eq!(all.len(), p.basket.services.len());

    let mut ids = BTreeSet::new();
    let mut unique = |id: &Value, what: &str| {
        let id = id
            .as_str()
            .unwrap_or_else(|| panic!("{what} id is a string"));
        Uuid::parse_str(id).unwrap_or_else(|e| panic!("{what} id {id}: {e}"));
        assert!(ids.insert(id.to_owned()), "{what} id {id} is used twice");
    };
    for org in doc.as_array().unwrap() {
        unique(&org["id"], "organization");
        for s in org["services"].as_array().unwrap() {
            unique(&s["id"], "service");
            assert_eq!(s["organization_id"], org["id"]);
            for c in s["contacts"].as_array().unwrap() {
                unique(&c["id"], "contact");
                assert_eq!(c["service_id"], s["id"]);
            }
            for a in s["attributes"].as_array().unwrap() {
                unique(&a["id"], "attribute");
                assert_eq!(a["link_id"], s["id"]);
                assert_eq!(a["taxonomy_term_id"], a["taxonomy_term"]["id"]);
            }
        }
    }
    // Every basket service id maps to exactly one exported service.
    for sid in p.basket.services.keys() {
        service(&doc, p, sid.as_str());
    }
}

#[test]
fn taxonomy_terms_are_shared_and_stable() {
    let doc = hsds::export(partnership());
    let mut terms: BTreeMap<(String, String), String> = BTreeMap::new();
    for s in services(&doc) {
        for a in s["attributes"].as_array().unwrap() {
            let t = &a["taxonomy_term"];
            let key = (t["taxonomy_id"].to_string(), t["code"].to_string());
            let id = t["id"].as_str().unwrap().to_owned();
            assert_eq!(terms.entry(key).or_insert_with(|| id.clone()), &id);
        }
    }
    assert!(!terms.is_empty());
}

#[test]
fn mapped_values() {
    let p = partnership();
    let doc = hsds::export(p);

    // The demo closes the internship for a renovation.
    let staz = &p.basket.services[&ServiceId::from("u-staz")];
    assert_eq!(staz.status, ServiceStatus::TemporarilyUnavailable);
    assert_eq!(service(&doc, p, "u-staz")["status"], "temporarily closed");

    for (sid, s) in &p.basket.services {
        let out = service(&doc, p, sid.as_str());
        assert_eq!(out["name"], s.input.name.as_str());
        assert_eq!(out["status"], s.status.hsds());
        assert_eq!(
            out["assured_date"],
            s.input.verified_on.format("%Y-%m-%d").to_string()
        );
        assert_eq!(
            out["application_process"],
            s.input.access_conditions.as_str()
        );
        assert_eq!(out["contacts"][0]["name"], s.input.contact_person.as_str());
        assert_eq!(out["contacts"].as_array().unwrap().len(), 1);
        let areas: BTreeSet<&str> = out["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["taxonomy_term"]["taxonomy"] == "Obszary wsparcia")
            .map(|a| a["taxonomy_term"]["code"].as_str().unwrap())
            .collect();
        let expected: BTreeSet<&str> = s.input.areas.iter().map(|a| a.code()).collect();
        assert_eq!(areas, expected, "areas of {sid}");
    }

    // A later verification moves assured_date.
    let psycholog = &p.basket.services[&ServiceId::from("u-psycholog")];
    assert_eq!(psycholog.input.verified_on.to_string(), "2026-09-15");
    assert_eq!(
        service(&doc, p, "u-psycholog")["assured_date"],
        "2026-09-15"
    );
    assert_eq!(
        service(&doc, p, "u-psycholog")["contacts"][0]["name"],
        "sekretariat placówki"
    );

    // A member's service: the organization is the member institution, with its sector's label.
    let kooperacje::basket::Provider::Member { member_id } = &staz.input.provider else {
        panic!("u-staz is a member's service");
    };
    let profile = &p.members[member_id].profile;
    let org = organization_of(&doc, &service(&doc, p, "u-staz")["id"]);
    assert_eq!(org["name"], profile.name.as_str());
    let description = org["description"].as_str().unwrap();
    assert!(
        description.contains(profile.sector.label_pl()),
        "{description}"
    );

    // An external provider is an organization of its own, named as in the basket.
    let aa = service(&doc, p, "u-aa");
    assert_eq!(
        organization_of(&doc, &aa["id"])["name"],
        "Wspólnota AA „Nadzieja”"
    );
}

#[test]
fn withdrawn_composite_and_age_limited_services() {
    let mut p = partnership().clone();
    let s = p
        .basket
        .services
        .get_mut(&ServiceId::from("u-psycholog"))
        .expect("the demo has u-psycholog");
    s.status = ServiceStatus::Withdrawn;
    s.input.kind = ServiceKind::Composite;
    s.input.components = vec!["Diagnoza".into(), "Terapia".into()];
    s.input.target.age_min = Some(12);
    s.input.target.age_max = Some(18);
    let doc = hsds::export(&p);
    assert_valid(&doc);
    let out = service(&doc, &p, "u-psycholog");
    assert_eq!(out["status"], "defunct");
    assert_eq!(out["minimum_age"], 12);
    assert_eq!(out["maximum_age"], 18);
    let description = out["description"].as_str().unwrap();
    assert!(
        description.contains("\n- Diagnoza\n- Terapia"),
        "{description}"
    );
    let eligibility = out["eligibility_description"].as_str().unwrap();
    assert!(eligibility.contains("od 12 do 18 lat"), "{eligibility}");
}

#[test]
fn same_basket_same_bytes_in_order() {
    let first = serde_json::to_string(&hsds::export(partnership())).unwrap();
    let again = story::play().expect("the demo story plays");
    let second =
        serde_json::to_string(&hsds::export(&again.state.partnerships[&again.partnership]))
            .unwrap();
    assert_eq!(first, second);

    let doc = hsds::export(partnership());
    let orgs = doc.as_array().unwrap();
    let keys: Vec<(&str, &str)> = orgs
        .iter()
        .map(|o| (o["name"].as_str().unwrap(), o["id"].as_str().unwrap()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "organizations by name, then id");
}

#[test]
fn namespace_is_the_documented_one() {
    assert_eq!(
        NAMESPACE,
        Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:kooperacje:hsds")
    );
    assert_eq!(
        hsds_id(&["service", "pzk-1", "u-staz"]),
        Uuid::new_v5(&NAMESPACE, br#"["service","pzk-1","u-staz"]"#)
    );
}

/// A named change that breaks a valid organization.
type Mutation = (&'static str, fn(&mut Value));

/// Validation must be able to fail: each mutation of a valid export is caught.
#[test]
fn validator_rejects_broken_exports() {
    let doc = hsds::export(partnership());
    let org = doc.as_array().unwrap()[0].clone();
    assert!(errors(&org).is_empty());

    let mutations: [Mutation; 8] = [
        ("unknown status", |o| {
            o["services"][0]["status"] = "bogus".into();
        }),
        ("service without a name", |o| {
            o["services"][0].as_object_mut().unwrap().remove("name");
        }),
        ("organization without a description", |o| {
            o.as_object_mut().unwrap().remove("description");
        }),
        ("id that is not a UUID", |o| {
            o["services"][0]["id"] = "u-staz".into();
        }),
        ("impossible assured_date", |o| {
            o["services"][0]["assured_date"] = "2026-02-30".into();
        }),
        ("field HSDS does not define", |o| {
            o["sector"] = "public".into();
        }),
        ("contact without an id", |o| {
            o["services"][0]["contacts"][0]
                .as_object_mut()
                .unwrap()
                .remove("id");
        }),
        ("age as a string", |o| {
            o["services"][0]["minimum_age"] = "12".into();
        }),
    ];
    for (what, mutate) in mutations {
        let mut broken = org.clone();
        mutate(&mut broken);
        assert!(!errors(&broken).is_empty(), "{what} passed validation");
    }
}
