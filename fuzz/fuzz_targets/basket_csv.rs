//! Basket import from CSV (and, for the same bytes, from JSON rows): `sheet::read_bytes`, then
//! `sheet::parse` against the demo's PZK and the basket commands of each good row, as
//! `kooperacje basket import` runs them (see `kooperacje_fuzz::basket_import`).

#![no_main]

use kooperacje_fuzz::sheet::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kooperacje_fuzz::basket_import(data, Format::Csv);
    kooperacje_fuzz::basket_import(data, Format::Json);
});
