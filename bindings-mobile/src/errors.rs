//! The core's errors as one uniffi error enum, [`KooperacjeError`]: a Kotlin exception
//! (`KooperacjeException`, a sealed class with one subclass per kind) and a Swift `Error`. Its
//! variants are the core's kinds (`kooperacje::ErrorKind`, listed once in
//! `kooperacje::for_each_error_kind!`: invalid, not found, conflict, stage, consent, rule, forbidden, decode,
//! store, internal), the same split as the Python exception classes and the JavaScript error
//! names; each carries the stable code and the Polish message. (`store` is for hosts that keep a
//! store; this package has none, so it never throws one.)
//!
//! No panic crosses the boundary as a panic: every exported call runs inside [`guard`], which turns
//! one into `INTERNAL_ERROR` (a bug of the library, never an answer of the rules).

use kooperacje::{Error, ErrorKind};

/// Defines [`KooperacjeError`] from the core's kinds (`kooperacje::for_each_error_kind!`). Every
/// variant carries the same fields (a uniffi error enum cannot share one record among its
/// variants), so the variants, the match that reads their fields and the matches between a
/// variant and its kind come from the core's one list.
macro_rules! error_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident = $kind:literal, $class:literal;)+) => {
        /// Why a call of the library was refused. Every variant carries the same fields, so that a
        /// caller can match on the kind or read the fields of any of them (also through the methods
        /// `code()`, `kind()`, `messagePl()` …, which Kotlin and Swift get on the error itself).
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
        pub enum KooperacjeError {
            $(
                $(#[doc = $doc])*
                #[error("{code}: {message_en}")]
                $variant {
                    /// Stable machine code, e.g. `ZZK_CLOSED` (the list: `errorCodes()`).
                    code: String,
                    /// Area of the code (`validation`, `zzk`, …).
                    area: String,
                    /// English message.
                    message_en: String,
                    /// Polish message, for the social worker.
                    message_pl: String,
                    /// For a list of events: the position of the one refused (from 0).
                    index: Option<u64>,
                    /// For JSON lines: the line of the one refused (from 1).
                    line: Option<u64>,
                },
            )+
        }

        impl KooperacjeError {
            fn fields(&self) -> Fields<'_> {
                match self {
                    $(KooperacjeError::$variant {
                        code,
                        area,
                        message_en,
                        message_pl,
                        index,
                        line,
                    })|+ => Fields {
                        code,
                        area,
                        message_en,
                        message_pl,
                        index: *index,
                        line: *line,
                    },
                }
            }

            /// The variant of a kind of the core.
            fn of_kind(
                kind: ErrorKind,
                code: String,
                area: String,
                message_en: String,
                message_pl: String,
                index: Option<u64>,
                line: Option<u64>,
            ) -> Self {
                match kind {
                    $(ErrorKind::$variant => KooperacjeError::$variant {
                        code,
                        area,
                        message_en,
                        message_pl,
                        index,
                        line,
                    },)+
                }
            }

            /// The core's kind of the variant.
            fn error_kind(&self) -> ErrorKind {
                match self {
                    $(KooperacjeError::$variant { .. } => ErrorKind::$variant,)+
                }
            }
        }
    };
}

kooperacje::for_each_error_kind!(error_kinds);

/// The fields every variant carries, in one place.
struct Fields<'a> {
    code: &'a str,
    area: &'a str,
    message_en: &'a str,
    message_pl: &'a str,
    index: Option<u64>,
    line: Option<u64>,
}

impl KooperacjeError {
    /// An error of the library's other parts (the format library's `BAD_FILE`, …): the variant of
    /// its kind, with its code, area and both messages.
    pub fn coded(
        kind: ErrorKind,
        code: &str,
        area: &str,
        message_en: String,
        message_pl: String,
    ) -> Self {
        Self::of_kind(
            kind,
            code.to_owned(),
            area.to_owned(),
            message_en,
            message_pl,
            None,
            None,
        )
    }

    /// The error of a core error, placed at an event of a list (`index`) or of JSON lines (`line`).
    pub fn at(e: &Error, index: Option<usize>, line: Option<usize>) -> Self {
        Self::of_kind(
            e.kind(),
            e.code().to_owned(),
            e.area().to_owned(),
            e.to_string(),
            e.message_pl(),
            index.map(|i| i as u64),
            line.map(|l| l as u64),
        )
    }
}

impl From<Error> for KooperacjeError {
    fn from(e: Error) -> Self {
        KooperacjeError::at(&e, None, None)
    }
}

/// A Kotlin or Swift implementation of a callback (the scenario driver) failed with something
/// other than a `KooperacjeException`: a bug of the caller, reported as `INTERNAL_ERROR`.
impl From<uniffi::UnexpectedUniFFICallbackError> for KooperacjeError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        internal(format!("a callback failed: {}", e.reason))
    }
}

/// `MALFORMED_JSON` with a reason: an argument that is not what the function takes.
pub fn malformed(why: impl Into<String>) -> KooperacjeError {
    Error::Json(why.into()).into()
}

/// `INTERNAL_ERROR` with what went wrong.
pub fn internal(what: impl Into<String>) -> KooperacjeError {
    Error::Internal(what.into()).into()
}

/// Runs the body of an exported function, turning a panic into `INTERNAL_ERROR`. Every exported
/// function and method runs its body here (a `Model`'s through `Model::with`).
pub fn guard<T>(body: impl FnOnce() -> Result<T, KooperacjeError>) -> Result<T, KooperacjeError> {
    catch(|| {
        test_trigger::fire();
        body()
    })
}

/// [`guard`] without the tests' trigger, for a caller that fires it itself (`Model::with` does,
/// once it holds the model's lock).
/// The panic says nothing on the host's standard error ([`kooperacje::guard`]).
pub fn catch<T>(body: impl FnOnce() -> Result<T, KooperacjeError>) -> Result<T, KooperacjeError> {
    kooperacje::guard::catch_quietly(body).unwrap_or_else(|internal| Err(internal.into()))
}

/// The tests' panic trigger (the core's, shared by every binding): armed by
/// [`arm_panic_for_tests`], it makes the next guarded call of the thread panic inside its guard.
pub use kooperacje::guard::test_trigger;

/// Arms the tests' panic trigger (or disarms it, with `false`) and says whether it was armed: the
/// next guarded call of this thread panics inside its guard. Only in test builds (debug, or the
/// feature `test-hooks`), so only in the bindings generated from one; not part of the API.
#[cfg(any(debug_assertions, feature = "test-hooks"))]
#[uniffi::export]
pub fn arm_panic_for_tests(armed: bool) -> bool {
    test_trigger::arm(armed)
}

/// What every error says about itself, whatever its kind: Kotlin `e.code()`, Swift `e.code()`.
#[uniffi::export]
impl KooperacjeError {
    /// Stable machine code (`ZZK_SUSPENDED`), one of `errorCodes()`.
    pub fn code(&self) -> String {
        self.fields().code.to_owned()
    }

    /// Kind of the code (`invalid`, `not_found`, `conflict`, `stage`, `consent`, `rule`,
    /// `decode`, `store`, `internal`): the variant, as text.
    pub fn kind(&self) -> String {
        self.error_kind().code().to_owned()
    }

    /// Area of the code (`validation`, `partnership`, `zzk`, …).
    pub fn area(&self) -> String {
        self.fields().area.to_owned()
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        self.fields().message_en.to_owned()
    }

    /// The message in Polish, for the social worker.
    pub fn message_pl(&self) -> String {
        self.fields().message_pl.to_owned()
    }

    /// For a list of events: the position of the one refused (from 0).
    pub fn index(&self) -> Option<u64> {
        self.fields().index
    }

    /// For JSON lines: the line of the one refused (from 1).
    pub fn line(&self) -> Option<u64> {
        self.fields().line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kooperacje::{Entity, ValidationError};

    #[test]
    fn every_kind_has_its_own_variant() {
        let mut seen = std::collections::HashSet::new();
        for kind in ErrorKind::ALL {
            let e = KooperacjeError::of_kind(
                *kind,
                "CODE".into(),
                "area".into(),
                "en".into(),
                "pl".into(),
                None,
                None,
            );
            assert_eq!(e.kind(), kind.code());
            assert_eq!(
                matches!(e, KooperacjeError::Internal { .. }),
                *kind == ErrorKind::Internal,
                "{kind}"
            );
            seen.insert(std::mem::discriminant(&e));
        }
        assert_eq!(seen.len(), ErrorKind::ALL.len());
    }

    #[test]
    fn fields_come_from_the_core() {
        let core: Error = ValidationError::not_found(Entity::Zzk, "zzk-x").into();
        let e = KooperacjeError::from(core.clone());
        assert!(matches!(e, KooperacjeError::NotFound { .. }));
        assert_eq!(e.code(), "ZZK_NOT_FOUND");
        assert_eq!(e.kind(), "not_found");
        assert_eq!(e.message_pl(), core.message_pl());
        assert_eq!(e.message_en(), core.to_string());
        assert_eq!(e.index(), None);
    }

    #[test]
    fn a_panic_becomes_internal_error() {
        let result: Result<(), KooperacjeError> = guard(|| panic!("on purpose"));
        let e = result.expect_err("the panic is an error");
        assert!(matches!(e, KooperacjeError::Internal { .. }));
        assert_eq!(e.code(), "INTERNAL_ERROR");
        assert!(e.message_en().contains("on purpose"), "{}", e.message_en());
    }
}
