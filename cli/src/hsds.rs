//! The HSDS 3.0 export, from the format library (`kooperacje_formats::hsds`), where the mapping
//! is documented.

pub use kooperacje_formats::hsds::*;
