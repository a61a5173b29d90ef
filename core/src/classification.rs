//! How partner institutions are classified: three separate attributes (area of cooperation, ministry,
//! sector) plus the territorial level. The same areas classify the services of the basket.

use crate::error::ValidationError;
use crate::labels::labelled_enum;
use crate::text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

labelled_enum! {
    /// Obszar kooperacji — area of cooperation (also the area of support of a basket service).
    pub enum Area {
        /// Pomoc i integracja społeczna.
        SocialAssistance = "social_assistance" => ("Pomoc i integracja społeczna", "Social assistance and integration"),
        /// Edukacja i wychowanie.
        Education = "education" => ("Edukacja i wychowanie", "Education and upbringing"),
        /// Ochrona zdrowia (z rehabilitacją i profilaktyką).
        Health = "health" => ("Ochrona zdrowia", "Health"),
        /// Praca i zatrudnienie.
        Employment = "employment" => ("Praca i zatrudnienie", "Work and employment"),
        /// Kultura.
        Culture = "culture" => ("Kultura", "Culture"),
        /// Sport i rekreacja.
        Sport = "sport" => ("Sport i rekreacja", "Sport and recreation"),
        /// Wymiar sprawiedliwości.
        Justice = "justice" => ("Wymiar sprawiedliwości", "Justice"),
        /// Policja i bezpieczeństwo publiczne.
        PublicSafety = "public_safety" => ("Policja i bezpieczeństwo publiczne", "Police and public safety"),
        /// Aktywność społeczna, obywatelska i polityczna.
        CivicActivity = "civic_activity" => ("Aktywność społeczna, obywatelska i polityczna", "Social, civic and political activity"),
        /// Wspieranie rodziny i piecza zastępcza.
        FamilySupport = "family_support" => ("Wspieranie rodziny i piecza zastępcza", "Family support and foster care"),
    }
}

labelled_enum! {
    /// Resort — the ministry or portfolio an institution answers to.
    pub enum Ministry {
        /// Edukacja.
        Education = "education" => ("Edukacja", "Education"),
        /// Zdrowie.
        Health = "health" => ("Zdrowie", "Health"),
        /// Sprawiedliwość.
        Justice = "justice" => ("Sprawiedliwość", "Justice"),
        /// Sprawy wewnętrzne (policja).
        Interior = "interior" => ("Sprawy wewnętrzne (policja)", "Interior (police)"),
        /// Praca.
        Labour = "labour" => ("Praca", "Labour"),
        /// Rodzina i polityka społeczna.
        FamilySocialPolicy = "family_social_policy" => ("Rodzina i polityka społeczna", "Family and social policy"),
        /// Kultura.
        Culture = "culture" => ("Kultura", "Culture"),
        /// Samorząd terytorialny.
        LocalGovernment = "local_government" => ("Samorząd terytorialny", "Local government"),
        /// Brak resortu.
        None = "none" => ("Brak", "None"),
    }
}

labelled_enum! {
    /// Sektor — the sector an institution belongs to.
    pub enum Sector {
        /// Sektor publiczny.
        Public = "public" => ("Publiczny", "Public"),
        /// Sektor niepubliczny.
        NonPublic = "non_public" => ("Niepubliczny", "Non-public"),
        /// Organizacja pozarządowa.
        Ngo = "ngo" => ("Organizacja pozarządowa", "NGO"),
        /// Podmiot ekonomii społecznej.
        SocialEconomy = "social_economy" => ("Ekonomia społeczna", "Social economy"),
        /// Biznes.
        Business = "business" => ("Biznes", "Business"),
        /// Kościół lub związek wyznaniowy.
        Church = "church" => ("Kościół / związek wyznaniowy", "Church / religious"),
    }
}

labelled_enum! {
    /// Poziom terytorialny — where an institution sits.
    pub enum TerritorialLevel {
        /// Gmina.
        Gmina = "gmina" => ("Gmina", "Municipality (gmina)"),
        /// Powiat.
        Powiat = "powiat" => ("Powiat", "County (powiat)"),
        /// Województwo.
        Voivodeship = "voivodeship" => ("Województwo", "Region (voivodeship)"),
        /// Obszar innego samorządu.
        OtherLocalGovernment = "other_local_government" => ("Obszar innego samorządu", "Another local government's area"),
    }
}

/// Profil instytucji — who an institution is, as the PZK classifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct InstitutionProfile {
    /// The institution's name (public information, not personal data).
    pub name: String,
    /// Obszary kooperacji — one or more areas of cooperation.
    pub areas: Vec<Area>,
    /// Resort.
    pub ministry: Ministry,
    /// Sektor.
    pub sector: Sector,
    /// Poziom terytorialny.
    pub level: TerritorialLevel,
}

impl InstitutionProfile {
    pub(crate) fn validate(&self) -> Result<(), ValidationError> {
        text::require("institution.name", &self.name, text::MAX_SHORT)?;
        if self.areas.is_empty() {
            return Err(ValidationError::EmptyList {
                field: "institution.areas",
            });
        }
        Ok(())
    }
}
