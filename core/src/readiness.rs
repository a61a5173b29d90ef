//! Warunki wdrożenia — the implementation conditions as a readiness checklist. Obligatory conditions
//! gate their stage: institutional ones the formalising meeting of the PZK, ZZK-level ones the
//! appointment of the first ZZK **\[decision\]**; optional ones are only reported.

use crate::labels::labelled_enum;

labelled_enum! {
    /// Poziom warunku wdrożenia.
    pub enum ReadinessLevel {
        /// Poziom instytucjonalny (PZK).
        Institutional = "institutional" => ("Instytucjonalny", "Institutional"),
        /// Poziom ZZK.
        Zzk = "zzk" => ("ZZK", "Task team"),
    }
}

labelled_enum! {
    /// Warunek wdrożenia modelu.
    pub enum ReadinessCondition {
        /// Wstępny przegląd zasobów pomocy społecznej na podstawie OZPS (obligatoryjny).
        OzpsReview = "ozps_review" => ("Przegląd zasobów pomocy społecznej (OZPS)", "Review of social-assistance resources (OZPS)"),
        /// Identyfikacja zasobów lokalnych — narzędzia 1A/1B (obligatoryjny).
        LocalResourcesIdentified = "local_resources_identified" => ("Identyfikacja zasobów lokalnych", "Local resources identified"),
        /// Wstępna diagnoza problemów współpracy i gotowości innych podmiotów — narzędzie 2 (obligatoryjny).
        CooperationProblemsDiagnosed = "cooperation_problems_diagnosed" => ("Diagnoza problemów współpracy", "Cooperation problems diagnosed"),
        /// Rozpoznanie specyfiki prawnej i administracyjnej partnerów (obligatoryjny).
        PartnerSpecificsRecognised = "partner_specifics_recognised" => ("Rozpoznanie specyfiki partnerów", "Partners' legal and administrative specifics recognised"),
        /// Poinformowanie burmistrza/prezydenta i uzyskanie akceptacji (obligatoryjny).
        MayorInformed = "mayor_informed" => ("Poinformowanie burmistrza i akceptacja", "Mayor informed and accepting"),
        /// Analiza przykładów współpracy zgłaszanych przez pracowników socjalnych (fakultatywny).
        CooperationExamplesAnalysed = "cooperation_examples_analysed" => ("Analiza przykładów współpracy", "Cooperation examples analysed"),
        /// Ocena współpracy międzysektorowej — narzędzie 3 (fakultatywny).
        CrossSectorAssessment = "cross_sector_assessment" => ("Ocena współpracy międzysektorowej", "Cross-sector cooperation assessed"),
        /// Diagnoza relacji z NGO i prywatnymi usługodawcami (fakultatywny).
        NgoRelationsDiagnosed = "ngo_relations_diagnosed" => ("Diagnoza relacji z NGO", "Relations with NGOs diagnosed"),
        /// Opis komunikacji wewnętrznej w OPS (obligatoryjny, poziom ZZK).
        InternalCommunicationDescribed = "internal_communication_described" => ("Opis komunikacji wewnętrznej OPS", "OPS internal communication described"),
        /// Wskazanie pracowników zdolnych do pracy w modelu (obligatoryjny, poziom ZZK).
        StaffIdentified = "staff_identified" => ("Wskazanie pracowników", "Staff able to work in the model identified"),
        /// Informacja i szkolenie pracowników OPS o modelu (obligatoryjny, poziom ZZK).
        StaffTrained = "staff_trained" => ("Szkolenie pracowników OPS", "OPS staff informed and trained"),
        /// Procedura przepływu informacji (fakultatywny, poziom ZZK).
        InformationFlowProcedure = "information_flow_procedure" => ("Procedura przepływu informacji", "Information-flow procedure"),
        /// Analiza współpracy wewnętrznej (fakultatywny, poziom ZZK).
        InternalCooperationAnalysed = "internal_cooperation_analysed" => ("Analiza współpracy wewnętrznej", "Internal cooperation analysed"),
        /// Szkolenia metodyczne (fakultatywny, poziom ZZK).
        MethodologicalTraining = "methodological_training" => ("Szkolenia metodyczne", "Methodological training"),
        /// Warunki techniczne i organizacyjne (fakultatywny, poziom ZZK).
        TechnicalConditions = "technical_conditions" => ("Warunki techniczne i organizacyjne", "Technical and organisational conditions"),
    }
}

impl ReadinessCondition {
    /// The level whose stage this condition gates.
    pub fn level(self) -> ReadinessLevel {
        use ReadinessCondition::*;
        match self {
            OzpsReview
            | LocalResourcesIdentified
            | CooperationProblemsDiagnosed
            | PartnerSpecificsRecognised
            | MayorInformed
            | CooperationExamplesAnalysed
            | CrossSectorAssessment
            | NgoRelationsDiagnosed => ReadinessLevel::Institutional,
            _ => ReadinessLevel::Zzk,
        }
    }

    /// Obligatory conditions gate their stage; optional ones are reported only.
    pub fn is_obligatory(self) -> bool {
        use ReadinessCondition::*;
        matches!(
            self,
            OzpsReview
                | LocalResourcesIdentified
                | CooperationProblemsDiagnosed
                | PartnerSpecificsRecognised
                | MayorInformed
                | InternalCommunicationDescribed
                | StaffIdentified
                | StaffTrained
        )
    }

    /// The obligatory conditions of a level.
    pub fn obligatory(level: ReadinessLevel) -> impl Iterator<Item = ReadinessCondition> {
        Self::ALL
            .iter()
            .copied()
            .filter(move |c| c.level() == level && c.is_obligatory())
    }
}
