//! What rendering a page needs to know besides the page itself: the labels
//! of its language (a citation's "Source 1", an alert's "Note") and, for a
//! translation, which sources have a translation in its language.

use crate::routes;

/// What rendering a page needs besides the page: the labels of its
/// language, and for a translation its language's other translations, so
/// that a link to a source goes to the source's translation when it has one.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The texts pamphlet writes into the page's HTML.
    pub labels: Labels,
    /// The translations of the page's language (empty in the default one).
    pub translated: routes::Translated,
}

/// The texts pamphlet writes into a page's body, from its language's
/// interface texts (`cite_label`, `callout_note`…).
#[derive(Debug, Clone)]
pub struct Labels {
    /// A citation's link: `Source` (read as "Source 1").
    pub cite: String,
    /// The titles of `> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`
    /// and `[!CAUTION]`, in that order.
    pub callouts: [String; 5],
    /// A table's scrolling region.
    pub table: String,
    /// The word that joins a list's last two items (`and`).
    pub and: String,
}

impl Default for Labels {
    /// The English labels.
    fn default() -> Labels {
        let text = |s: &str| s.to_string();
        Labels {
            cite: text("Source"),
            callouts: ["Note", "Tip", "Important", "Warning", "Caution"].map(text),
            table: text("Table"),
            and: text("and"),
        }
    }
}

impl Labels {
    /// The labels of a language's interface texts; a key it lacks keeps
    /// its English label (the table is complete once it is loaded).
    pub fn from_strings(strings: &std::collections::BTreeMap<String, String>) -> Labels {
        let english = Labels::default();
        let get = |key: &str, default: &str| {
            strings
                .get(key)
                .cloned()
                .unwrap_or_else(|| default.to_string())
        };
        let keys = [
            "callout_note",
            "callout_tip",
            "callout_important",
            "callout_warning",
            "callout_caution",
        ];
        Labels {
            cite: get("cite_label", &english.cite),
            callouts: std::array::from_fn(|i| get(keys[i], &english.callouts[i])),
            table: get("table_label", &english.table),
            and: get("and_word", &english.and),
        }
    }
}

/// An interface text made safe for an attribute or element text (a site's
/// own `i18n/*.yaml` may hold any character).
pub(super) fn escape_attribute(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing to a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
