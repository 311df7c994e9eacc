//! PLACEHOLDER written by the lead so the crate compiles until the
//! questionnaire engine lands: the questionnaire helper replaces this whole
//! file. Interface only.

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;

/// The path shown in diagnostics.
pub const FILE: &str = "content/assessment.yaml";

/// A checked and compiled self-assessment, ready for the template.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Assessment {
    title: String,
}

/// Parses, checks and compiles `source`.
pub fn load(_source: &str, _config: &SiteConfig) -> Result<Assessment, Vec<Diagnostic>> {
    Err(vec![Diagnostic::error(
        FILE,
        "the questionnaire engine is not built yet",
    )])
}

impl Assessment {
    /// JSON for the data block.
    pub fn client_json(&self) -> String {
        String::new()
    }
    /// Prose for the readability check.
    pub fn prose(&self) -> Vec<(String, String, usize)> {
        Vec::new()
    }
}
