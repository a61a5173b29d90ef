//! How an error is declared: once, with its code, kind, area and both messages
//! ([`declare_errors!`](crate::declare_errors)), and the kinds every binding builds its classes on
//! ([`ErrorKind`], listed once in [`for_each_error_kind!`](crate::for_each_error_kind)).

use serde::Serialize;

/// Calls `$callback! { … }` with every kind of error, one line each:
/// `Variant = "code", "ClassName";` with its doc comments. The one list of kinds: [`ErrorKind`] is
/// made from it, and so is the mobile bindings' error enum (uniffi needs its variants written
/// out, which a constant cannot give), so a new kind is a compile error wherever it is not handled.
#[macro_export]
macro_rules! for_each_error_kind {
    ($callback:ident) => {
        $callback! {
            /// Bad input: missing, malformed, too long or out of range (błędne dane).
            Invalid = "invalid", "ValidationError";
            /// An id names nothing (nie znaleziono).
            NotFound = "not_found", "NotFoundError";
            /// The act was already done or clashes with what is recorded: a duplicate id, a time
            /// earlier than the stream's last event, an "already …".
            Conflict = "conflict", "ConflictError";
            /// The PZK or the ZZK is not in a stage that allows the act (suspended and closed
            /// included).
            Stage = "stage", "StageError";
            /// The family's consent (zgoda) does not allow it.
            Consent = "consent", "ConsentError";
            /// Any other rule of the model.
            Rule = "rule", "RuleError";
            /// The actor holds no role that may issue the command (brak uprawnień).
            Forbidden = "forbidden", "ForbiddenError";
            /// A command or event that cannot be decoded.
            Decode = "decode", "DecodeError";
            /// The storage failed or refused (the database file, its lock, its chain key):
            /// `STORE_*`, which only hosts that keep a store can receive.
            Store = "store", "StoreError";
            /// A fault of the library itself (a bug), never an answer of the rules.
            Internal = "internal", "InternalError";
        }
    };
}

macro_rules! define_error_kind {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal, $class:literal;)+) => {
        /// What sort of refusal an error is, a second classification beside the area: a host
        /// reacts to a record that does not exist, to a repeated or stale act, or to a case in
        /// the wrong stage in the same way whichever part of the model refused it, so bindings
        /// build their exception classes on kinds (`NotFoundError`, `StageError`, …). Each error
        /// declares its kind ([`declare_errors!`](crate::declare_errors)); nothing guesses it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorKind {
            $($(#[doc = $doc])* $variant,)+
        }

        impl ErrorKind {
            /// Every kind, in a stable order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant),+];

            /// The stable code (`"not_found"`), as in JSON and in every binding.
            pub const fn code(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $code,)+
                }
            }

            /// The name of the exception class (Python) or of the `Error.name` (JavaScript) of
            /// this kind: `NotFoundError`. Kotlin and Swift name their cases after the variant.
            pub const fn class_name(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $class,)+
                }
            }

            /// The kind of a code (`"not_found"`), if it is one.
            pub fn from_code(code: &str) -> Option<ErrorKind> {
                ErrorKind::ALL.iter().copied().find(|k| k.code() == code)
            }
        }
    };
}

for_each_error_kind!(define_error_kind);

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One error code of the catalogue: what hosts build their translation tables and bindings their
/// lists of codes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CatalogueEntry {
    /// Stable machine code (`ZZK_SUSPENDED`).
    pub code: &'static str,
    /// Which part refused (`validation`, `zzk`, `store`, …).
    pub area: &'static str,
    /// What sort of refusal.
    pub kind: ErrorKind,
}

/// Declares an error enum once: each variant with its fields, its stable code, its
/// [`ErrorKind`], its area (the enum's, unless the variant names its own with `in "area"`), its
/// English message (`Display`) and its Polish message, as `format!` arguments in which the
/// variant's fields are variables. It makes the enum (with `Display` and `std::error::Error`),
/// `code()`, `kind()`, `area()`, `message_pl()`, `message(lang)` and `catalogue()`, the list of
/// every code the enum can carry. The store and the CLI declare their errors with it too.
///
/// ```
/// kooperacje::declare_errors! {
///     /// Errors of a file.
///     #[derive(Debug)]
///     pub enum FileError in "file" {
///         /// Nothing to read.
///         Empty { path: String } = "FILE_EMPTY", Invalid,
///             en("{path} is empty"),
///             pl("Plik {path} jest pusty");
///     }
/// }
/// let e = FileError::Empty { path: "a.csv".into() };
/// assert_eq!(e.code(), "FILE_EMPTY");
/// assert_eq!(e.kind(), kooperacje::error::ErrorKind::Invalid);
/// assert_eq!(e.message_pl(), "Plik a.csv jest pusty");
/// assert_eq!(FileError::catalogue()[0].area, "file");
/// ```
///
/// - Tuple variants name their fields for the messages: `Io(detail: String)`.
/// - `@wrap { Domain(kooperacje::Error), }` first in the body: variants that carry another
///   declared error whole (code, kind, area and messages are its own; `From` is implemented, and
///   its codes are part of `catalogue()`).
/// - The code is a literal, or `[unlisted "CODE"]` for a code kept out of the catalogue (no
///   caller can receive it), or `[(expression) listing LIST]` for a code computed from the
///   fields, whose possible values are the entries `LIST`.
#[macro_export]
macro_rules! declare_errors {
    (@code $code:literal) => { $code };
    (@code [unlisted $code:literal]) => { $code };
    (@code [($code:expr) listing $list:expr]) => { $code };
    (@entries $area:expr, $kind:ident, $code:literal) => {
        &[$crate::error::CatalogueEntry {
            code: $code,
            area: $area,
            kind: $crate::error::ErrorKind::$kind,
        }]
    };
    (@entries $area:expr, $kind:ident, [unlisted $code:literal]) => { &[] };
    (@entries $area:expr, $kind:ident, [($code:expr) listing $list:expr]) => { $list };
    (@area $area:literal) => { $area };
    (@area $area:literal $own:literal) => { $own };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident in $area:literal {
            $(@wrap {
                $(
                    $(#[doc = $wdoc:literal])*
                    $(#[cfg($wcfg:meta)])?
                    $wrap:ident($wty:ty),
                )*
            })?
            $(
                $(#[doc = $doc:literal])*
                $variant:ident
                $(( $($(#[doc = $tdoc:literal])* $tname:ident : $tty:ty),* $(,)? ))?
                $({ $($(#[doc = $fdoc:literal])* $field:ident : $fty:ty),* $(,)? })?
                = $code:tt $(in $own_area:literal)?, $kind:ident,
                en($($en:tt)+),
                pl($($pl:tt)+);
            )*
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $($(
                $(#[doc = $wdoc])*
                $(#[cfg($wcfg)])?
                $wrap($wty),
            )*)?
            $(
                $(#[doc = $doc])*
                $variant
                $(( $($(#[doc = $tdoc])* $tty),* ))?
                $({ $($(#[doc = $fdoc])* $field: $fty),* })?,
            )*
        }

        #[allow(unused_variables, clippy::useless_format)]
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $($(
                        $(#[cfg($wcfg)])?
                        $name::$wrap(e) => ::std::fmt::Display::fmt(e, f),
                    )*)?
                    $(
                        $name::$variant $(( $($tname),* ))? $({ $($field),* })? => {
                            write!(f, $($en)+)
                        }
                    )*
                }
            }
        }

        impl ::std::error::Error for $name {}

        $($(
            $(#[cfg($wcfg)])?
            impl ::std::convert::From<$wty> for $name {
                fn from(e: $wty) -> Self {
                    $name::$wrap(e)
                }
            }
        )*)?

        #[allow(unused_variables, clippy::useless_format, dead_code)]
        impl $name {
            /// Stable machine code (SCREAMING_SNAKE), the same in every language.
            pub fn code(&self) -> &'static str {
                match self {
                    $($(
                        $(#[cfg($wcfg)])?
                        $name::$wrap(e) => e.code(),
                    )*)?
                    $(
                        $name::$variant $(( $($tname),* ))? $({ $($field),* })? => {
                            $crate::declare_errors!(@code $code)
                        }
                    )*
                }
            }

            /// What sort of refusal this is, across areas.
            pub fn kind(&self) -> $crate::error::ErrorKind {
                match self {
                    $($(
                        $(#[cfg($wcfg)])?
                        $name::$wrap(e) => e.kind(),
                    )*)?
                    $($name::$variant { .. } => $crate::error::ErrorKind::$kind,)*
                }
            }

            /// Which part refused (`validation`, `zzk`, `store`, …).
            pub fn area(&self) -> &'static str {
                match self {
                    $($(
                        $(#[cfg($wcfg)])?
                        $name::$wrap(e) => e.area(),
                    )*)?
                    $($name::$variant { .. } => $crate::declare_errors!(@area $area $($own_area)?),)*
                }
            }

            /// The message in Polish.
            pub fn message_pl(&self) -> String {
                match self {
                    $($(
                        $(#[cfg($wcfg)])?
                        $name::$wrap(e) => e.message_pl(),
                    )*)?
                    $(
                        $name::$variant $(( $($tname),* ))? $({ $($field),* })? => format!($($pl)+),
                    )*
                }
            }

            /// The message in a language.
            pub fn message(&self, lang: $crate::Lang) -> String {
                match lang {
                    $crate::Lang::Pl => self.message_pl(),
                    $crate::Lang::En => self.to_string(),
                }
            }

            /// Every code this enum can carry (those of the errors it wraps first), with its area
            /// and kind, in declaration order.
            pub fn catalogue() -> Vec<$crate::error::CatalogueEntry> {
                #[allow(unused_mut)]
                let mut all: Vec<$crate::error::CatalogueEntry> = Vec::new();
                $($(
                    $(#[cfg($wcfg)])?
                    all.extend(<$wty>::catalogue());
                )*)?
                let own: &[&[$crate::error::CatalogueEntry]] = &[$(
                    $crate::declare_errors!(
                        @entries
                        $crate::declare_errors!(@area $area $($own_area)?),
                        $kind,
                        $code
                    )
                ),*];
                all.extend(own.iter().flat_map(|group| group.iter().copied()));
                all
            }
        }
    };
}
