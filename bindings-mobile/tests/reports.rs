//! The model's reports through the mobile bindings' Rust API (what Kotlin and Swift call): a bad
//! report month and an unknown PZK give the core's codes, the same as in every language.

use kooperacje::{sample, BasketQuery, PartnershipId};
use kooperacje_mobile::Model;

/// A model with one operating PZK `pzk-1` (the core's sample, three basket services).
fn operating() -> std::sync::Arc<Model> {
    let start = "2026-01-05T09:00:00Z".parse().unwrap();
    let model = Model::new().unwrap();
    for cmd in sample::operating_partnership("pzk-1", start, 3).unwrap() {
        model.execute(cmd).unwrap();
    }
    model
}

#[test]
fn a_bad_report_month_is_bad_period() {
    let model = operating();
    for month in ["2026-13", "May", "2026-5", ""] {
        let e = model
            .monitoring(PartnershipId::from("pzk-1"), month.to_owned())
            .unwrap_err();
        assert_eq!(e.code(), "BAD_PERIOD", "{month:?}");
    }
    assert!(model
        .monitoring(PartnershipId::from("pzk-1"), "2026-05".to_owned())
        .unwrap()
        .is_empty());
}

#[test]
fn every_report_of_an_unknown_pzk_is_partnership_not_found() {
    let model = operating();
    let nobody = || PartnershipId::from("pzk-nikt");
    let errors = [
        model.registry(nobody(), None).unwrap_err(),
        model
            .monitoring(nobody(), "2026-05".to_owned())
            .unwrap_err(),
        model
            .search_basket(nobody(), BasketQuery::default())
            .unwrap_err(),
    ];
    for e in errors {
        assert_eq!(e.code(), "PARTNERSHIP_NOT_FOUND");
    }
    assert!(model
        .registry(PartnershipId::from("pzk-1"), None)
        .unwrap()
        .is_empty());
    let hits = model
        .search_basket(PartnershipId::from("pzk-1"), BasketQuery::default())
        .unwrap();
    assert_eq!(hits.len(), 3);
}
