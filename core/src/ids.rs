//! Identifiers. The library never invents ids: the host system passes the id of every new thing in
//! the command that creates it (a database sequence, a UUID, a case number), so that replaying the
//! same commands always yields the same events.
//!
//! The same id is stored in many places of the state (maps keyed by it, references from other
//! records), so cloning one must be cheap. With the `inline-ids` feature (on by default) an id is
//! a small string kept inline up to 23 bytes (`zzk-000123`, a case number) and shared behind a
//! reference count when longer (a UUID with a prefix): an inline id is decoded, cloned, compared
//! and freed without touching the heap, and map lookups compare keys inside the map's own nodes
//! instead of following a pointer per key. Without it (the WebAssembly package, which must stay
//! small) an id is an `Arc<str>`. The JSON form is a plain string either way.

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
#[cfg(feature = "inline-ids")]
use smol_str::SmolStr as Text;
#[cfg(not(feature = "inline-ids"))]
use std::sync::Arc;
#[cfg(not(feature = "inline-ids"))]
type Text = Arc<str>;
use std::fmt;

/// Longest id accepted, in bytes: long enough for a UUID with a prefix, short enough to index.
/// The whole form of an id is checked by `bounds::check_id`: ASCII letters, digits and `-_.:`.
pub const MAX_ID_LEN: usize = 64;

/// Decodes an id's text straight into its [`Text`]: one allocation for a long id and none for a
/// short inline one, where serde's own `Arc<str>` decoder makes a `String`, then the `Arc`, and
/// copies between them (ids are most of what a replay decodes).
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
    struct TextVisitor;
    impl Visitor<'_> for TextVisitor {
        type Value = Text;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
            Ok(Text::from(v))
        }
    }
    deserializer.deserialize_str(TextVisitor)
}

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
        #[serde(transparent)]
        pub struct $name(#[schemars(with = "String")] Text);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                text(deserializer).map(Self)
            }
        }

        impl $name {
            /// Wraps a host-provided identifier (validated when a command uses it).
            pub fn new(id: impl Into<String>) -> Self {
                Self(Text::from(id.into()))
            }
            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(Text::from(id))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl crate::require::Id for $name {
            fn id_text(&self) -> &str {
                &self.0
            }
        }

        impl crate::bounds::Bounded for $name {
            fn bounds(&self, field: &'static str, walk: &mut crate::bounds::Walk) {
                walk.id(field, &self.0);
            }
        }

        // For the mobile bindings: the id's own name in Kotlin and Swift, an alias of `String`.
        #[cfg(feature = "uniffi")]
        uniffi::custom_type!($name, String, {
            lower: |id| id.as_str().to_owned(),
            try_lift: |text| Ok($name::from(text.as_str())),
        });
    )+};
}

id_type!(
    /// A partnership — PZK, partnerski zespół kooperacyjny.
    PartnershipId,
    /// A member institution of a PZK — kooperant.
    MemberId,
    /// A service of the local basket — usługa w lokalnym koszyku usług.
    ServiceId,
    /// A task team around one person, family or group — ZZK, zadaniowy zespół kooperacyjny.
    ZzkId,
    /// A membership of a worker in a ZZK — członek ZZK.
    ZzkMemberId,
    /// A consent record — zgoda.
    ConsentId,
    /// A meeting of a PZK or a ZZK — spotkanie / posiedzenie.
    MeetingId,
    /// A specific goal of an individual plan — cel szczegółowy.
    GoalId,
    /// A task of an individual plan — zadanie.
    TaskId,
    /// An item of an individual basket — pozycja indywidualnego koszyka usług.
    BasketItemId,
    /// A request to extend the PZK or the basket — wniosek.
    RequestId,
    /// A conflict or problem raised for mediation — problem / konflikt.
    ConflictId,
    /// A consultation given by the network coordinator to a ZZK — konsultacja.
    ConsultationId,
    /// A report that a partner's worker refused to cooperate — odmowa współpracy.
    RefusalId,
    /// A social-work project — projekt socjalny.
    ProjectId,
    /// An evaluation record or questionnaire — ewaluacja / ankieta.
    EvaluationId,
    /// The id of a person: a key of the personal-data record the host keeps apart from the event
    /// log (name, PESEL, address, phone), which can be erased. Never the name or the PESEL itself:
    /// the log is permanent. An opaque key: ASCII letters, digits and `- _ . :`.
    PersonRef,
    /// The id of a note (a situation description, a diagnosis, minutes): a key of the free-text
    /// document the host keeps apart from the event log, which can be erased. Never the text
    /// itself: the log is permanent. An opaque key: ASCII letters, digits and `- _ . :`.
    NoteRef,
    /// Whoever issued a command: a user account of the host system.
    ActorId,
    /// One command as the host issued it, carried into every event it yields: a retried append of
    /// the same command is recognised by it and answered with the original result.
    CommandId,
);
