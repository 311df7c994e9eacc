//! Languages: the site's languages from site.yaml (`languages:`), the values
//! that differ per language, and the interface texts of the templates.
//!
//! The first language is the default: its pages have no URL prefix and its
//! values are site.yaml's own (`description`, `crisis_line`…). Every other
//! language has a `prefix` (`es`: its pages live under `/es/`) and may set
//! its own `tagline`, `description`, `crisis_line`, `disclaimer`, `nav`
//! and the names of its `regions`;
//! what it leaves out falls back to the default language's.
//!
//! Interface texts ("Skip to main content") come from a table per language:
//! the built-in `i18n/en.yaml` and `i18n/es.yaml`, over which the site's own
//! `i18n/<prefix>.yaml` (`i18n/en.yaml` for the default) may change single
//! keys. The English table names every key; a language missing one is a
//! build error naming the key and the file to add it to.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::{NavLink, SiteConfig};
use crate::diagnostic::Diagnostic;

/// The built-in interface texts, by language subtag (`en`, `es`).
const BUILT_IN: [(&str, &str); 2] = [
    ("en", include_str!("../i18n/en.yaml")),
    ("es", include_str!("../i18n/es.yaml")),
];

/// One language of the site, as site.yaml's `languages:` lists it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// A BCP 47 tag: `en-US`, `es-US`. It is the pages' `<html lang>` and
    /// their `hreflang`.
    pub code: String,
    /// The URL prefix and the folder of its translations (`es`:
    /// `/es/...`, `content/es/`). Empty for the first language.
    #[serde(default)]
    pub prefix: String,
    /// The language's name in itself (`Español`), for the language link.
    pub name: String,
    /// The home page's heading in this language.
    #[serde(default)]
    pub tagline: Option<String>,
    /// The home page's description in this language.
    #[serde(default)]
    pub description: Option<String>,
    /// The crisis-line text (Markdown) in this language.
    #[serde(default)]
    pub crisis_line: Option<String>,
    /// The crisis lines (names, notes) in this language.
    #[serde(default)]
    pub crisis_lines: Option<Vec<crate::crisis::CrisisLine>>,
    /// The medical disclaimer (Markdown) in this language.
    #[serde(default)]
    pub disclaimer: Option<String>,
    /// The header links in this language.
    #[serde(default)]
    pub nav: Option<Vec<NavLink>>,
    /// The names of site.yaml's `regions` in this language, in the same
    /// order (`[Oregón, Washington]`): what `{regions}` and the home page
    /// show. As many as site.yaml's `regions`, or none (the default's).
    #[serde(default)]
    pub regions: Option<Vec<String>>,
    /// Which default-language tag each of this language's tags stands for
    /// (`sesiones: sessions`), so a tag page's language link and
    /// `hreflang` go to the matching tag page. A tag left out is paired
    /// by its articles when their sources share exactly one tag.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Warn (in `pamphlet check`) about a page of the default language
    /// that has no translation in this one. On unless set to `false`.
    #[serde(default = "yes")]
    pub warn_untranslated: bool,
    /// The lowest reading ease allowed without a warning, for languages
    /// with their own formula (Spanish: Fernández Huerta, 0–100, higher is
    /// easier; 60 and above reads as "normal" to "easy").
    #[serde(default)]
    pub min_reading_ease: Option<f64>,
}

fn yes() -> bool {
    true
}

/// The site's languages, the default first: site.yaml's `languages:`, or
/// one language from its `language:` when it lists none.
pub fn languages(config: &SiteConfig) -> Vec<Language> {
    if config.languages.is_empty() {
        return vec![Language {
            code: config.language.clone(),
            prefix: String::new(),
            name: String::new(),
            tagline: None,
            description: None,
            crisis_line: None,
            crisis_lines: None,
            disclaimer: None,
            nav: None,
            regions: None,
            tags: BTreeMap::new(),
            warn_untranslated: false,
            min_reading_ease: None,
        }];
    }
    config.languages.clone()
}

/// The prefixes of the languages other than the default (`["es"]`).
pub fn prefixes(config: &SiteConfig) -> Vec<String> {
    languages(config)
        .into_iter()
        .skip(1)
        .map(|l| l.prefix)
        .collect()
}

/// The configuration as a language sees it: its code and its own values
/// in place of the default language's.
pub fn localized(config: &SiteConfig, language: &Language) -> SiteConfig {
    let mut c = config.clone();
    c.language = language.code.clone();
    let or = |own: &Option<String>, default: &str| own.clone().unwrap_or_else(|| default.into());
    c.tagline = or(&language.tagline, &config.tagline);
    c.description = or(&language.description, &config.description);
    c.crisis_line = or(&language.crisis_line, &config.crisis_line);
    c.disclaimer = or(&language.disclaimer, &config.disclaimer);
    if let Some(nav) = &language.nav {
        c.nav = nav.clone();
    }
    if let Some(lines) = &language.crisis_lines {
        c.crisis_lines = lines.clone();
    }
    // Only a full list replaces the default's (a shorter one is an error
    // of its own, in [`config_problems`]), so no region goes missing.
    if let Some(regions) = &language.regions
        && regions.len() == config.regions.len()
    {
        c.region_ids = Some(config.regions.clone());
        c.regions = regions.clone();
    }
    c
}

/// Where each entry of site.yaml's `languages:` list (`- code: ...`)
/// starts, in order, and where the list ends.
fn language_entries(source: &str) -> (Vec<usize>, usize) {
    let mut starts = Vec::new();
    let Some(list) = source.find("\nlanguages:").map(|i| i + 1) else {
        return (starts, source.len());
    };
    let mut offset = list
        + source[list..]
            .find('\n')
            .map_or(source.len() - list, |i| i + 1);
    // The entries are the `- ` lines at the first one's indent; deeper ones
    // are lists inside an entry (`crisis_lines:`).
    let mut level = None;
    for line in source[offset..].split_inclusive('\n') {
        let content = line.trim_start();
        let indent = line.len() - content.len();
        let top_level = !line.starts_with([' ', '-', '#', '\n', '\r']) && !content.is_empty();
        if top_level {
            break;
        }
        if content.starts_with("- ") && *level.get_or_insert(indent) == indent {
            starts.push(offset);
        }
        offset += line.len();
    }
    (starts, offset)
}

/// In `source[from..to]`, the first line written as the key `key:` (after
/// indentation and a list's `- `; a comment does not count): where the key
/// starts, where its value starts, and the value's width up to a comment.
fn key_in(source: &str, from: usize, to: usize, key: &str) -> Option<(usize, usize, usize)> {
    let mut start = from;
    for line in source[from..to].split_inclusive('\n') {
        let content = line.trim_start().trim_start_matches("- ").trim_start();
        let key_at = start + (line.len() - content.len());
        if let Some(rest) = content.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let value = rest.trim_start();
            let value_at = key_at + key.len() + 1 + (rest.len() - value.len());
            let value = value.split(" #").next().unwrap_or(value).trim_end();
            return Some((key_at, value_at, value.chars().count()));
        }
        start += line.len();
    }
    None
}

/// `[a]` → `a`, `[a, b]` → `a <word> b`, `[a, b, c]` → `a, b <word> c`,
/// with `word` the language's `and_word` or `or_word`. Spanish changes
/// `y` to `e` before an *i* sound (`Oregón e Idaho`) and `o` to `u` before
/// an *o* sound (`Washington u Oregón`), as its grammar asks.
pub fn join_list(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let lower = deunicode::deunicode(last).to_lowercase();
            // `hie-`, `hia-` (hierro, hiato) sound like `ye-`, `ya-`: no change.
            let i_sound = (lower.starts_with('i') || lower.starts_with("hi"))
                && !["hia", "hie", "hio", "hiu"]
                    .iter()
                    .any(|p| lower.starts_with(p));
            let o_sound = lower.starts_with('o') || lower.starts_with("ho");
            let word = match word {
                "y" if i_sound => "e",
                "o" if o_sound => "u",
                other => other,
            };
            format!("{} {word} {last}", init.join(", "))
        }
    }
}

/// The problems of site.yaml's `languages:` list: a default with a prefix,
/// another language without one, a prefix used twice or taken by a page.
pub fn config_problems(config: &SiteConfig, source: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let (entries, end) = language_entries(source);
    // At language `i`'s own `key:` line (not another language's, nor a
    // comment that mentions it), underlining the key and its value, or
    // with `value_only` the value; at `languages:` when it cannot be found.
    let at = |i: usize, key: &str, value_only: bool, message: String, hint: &str| {
        let from = entries.get(i).copied().unwrap_or(0);
        let to = entries.get(i + 1).copied().unwrap_or(end).max(from);
        let d = Diagnostic::error(crate::config::FILE_NAME, message);
        let d = match key_in(source, from, to, key) {
            Some((_, value_at, width)) if value_only => {
                d.at_offset(source, value_at).underline(width)
            }
            Some((key_at, value_at, width)) => d
                .at_offset(source, key_at)
                .underline(value_at - key_at + width),
            None => d.at_text(source, 0, "languages:", 1),
        };
        d.hint(hint)
    };
    let mut seen: Vec<&str> = Vec::new();
    for (i, language) in config.languages.iter().enumerate() {
        let prefix = language.prefix.as_str();
        if i == 0 && !prefix.is_empty() {
            problems.push(at(
                i,
                "prefix",
                false,
                format!(
                    "the first language (`{}`) is the default and has no prefix",
                    language.code
                ),
                "remove its `prefix`: the default language's pages have no prefix in their address",
            ));
        }
        if i > 0 {
            let valid =
                !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_lowercase() || c == '-');
            if !valid {
                problems.push(at(
                    i,
                    "code",
                    false,
                    format!("the language `{}` needs a `prefix` of lowercase letters", language.code),
                    "add `prefix: es` (its pages go under /es/ and its translations in content/es/)",
                ));
            } else if seen.contains(&prefix)
                || crate::routes::RESERVED_SLUGS.contains(&prefix)
                || prefix == "pages"
            {
                problems.push(at(
                    i,
                    "prefix",
                    false,
                    format!("the prefix `{prefix}` is already taken"),
                    "each language needs its own prefix, other than pamphlet's own folders (articles, pages, tags, faq, assessment)",
                ));
            }
            seen.push(prefix);
        }
        if let Some(regions) = &language.regions
            && regions.len() != config.regions.len()
        {
            let message = format!(
                "`{}` names {} for the {} of site.yaml's `regions`",
                language.code,
                crate::diagnostic::plural(regions.len(), "region"),
                config.regions.len()
            );
            problems.push(at(
                i,
                "regions",
                true,
                message,
                "give each region of site.yaml's `regions` its name in this language, in the same order",
            ));
        }
        if let Some(min) = language.min_reading_ease
            && !(0.0..=100.0).contains(&min)
        {
            problems.push(at(
                i,
                "min_reading_ease",
                false,
                format!("`min_reading_ease` is {min}, outside 0 to 100"),
                "the reading ease runs from 0 (very hard) to 100 (very easy); 60 is a common floor",
            ));
        }
    }
    problems
}

/// The interface texts of one language, by key.
pub type Strings = BTreeMap<String, String>;

/// The site's own interface-text file for a language, as read.
#[derive(Debug, Clone)]
pub struct SiteStrings {
    /// `i18n/es.yaml`.
    pub path: std::path::PathBuf,
    /// Its text.
    pub text: String,
}

/// The name of the site's file for `language`: `i18n/es.yaml`, or
/// `i18n/en.yaml` for a default language `en-US`.
pub fn file_name(language: &Language) -> String {
    let name = if language.prefix.is_empty() {
        subtag(&language.code)
    } else {
        language.prefix.clone()
    };
    format!("i18n/{name}.yaml")
}

/// `es-US` → `es`.
fn subtag(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase()
}

/// The word that joins the last two items of a list in the language with
/// `code` (`es-US` → `y`), from its built-in table; `and` for a language
/// without one. The self-assessment's `{regions}` uses it.
pub fn and_word(code: &str) -> String {
    let code = subtag(code);
    BUILT_IN
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, text)| parse_table(Path::new("i18n (built in)"), text).ok())
        .and_then(|table| table.get("and_word").cloned())
        .unwrap_or_else(|| "and".to_string())
}

fn parse_table(path: &Path, text: &str) -> Result<Strings, Diagnostic> {
    let table: Option<Strings> = crate::yaml::parse(path, text, text, 1)?;
    Ok(table.unwrap_or_default())
}

/// The interface texts of `language`: the built-in table of its subtag
/// with the site's file over it. Every key of the English table must be
/// there; each missing key, and each key the English table does not have,
/// is an error on the site's file.
pub fn strings(language: &Language, own: Option<&SiteStrings>) -> Result<Strings, Vec<Diagnostic>> {
    let english_path = Path::new("i18n/en.yaml (built in)");
    let english = parse_table(english_path, BUILT_IN[0].1).map_err(|d| vec![d])?;
    let code = subtag(&language.code);
    let mut table = match BUILT_IN.iter().find(|(c, _)| *c == code) {
        Some((_, text)) => parse_table(Path::new("i18n (built in)"), text).map_err(|d| vec![d])?,
        None => Strings::new(),
    };
    let file = file_name(language);
    let mut problems = Vec::new();
    if let Some(own) = own {
        let overrides = parse_table(&own.path, &own.text).map_err(|d| vec![d])?;
        for (key, value) in overrides {
            if english.contains_key(&key) {
                table.insert(key, value);
            } else {
                let close =
                    crate::diagnostic::did_you_mean(&key, english.keys().map(String::as_str));
                problems.push(
                    Diagnostic::error(&own.path, format!("pamphlet has no interface text `{key}`"))
                        .at_text(&own.text, 0, &format!("{key}:"), 1)
                        .underline(key.len())
                        .hint(match close {
                            Some(name) => format!("did you mean `{name}`?"),
                            None => {
                                "the keys are those of pamphlet's i18n/en.yaml (README: Languages)"
                                    .into()
                            }
                        }),
                );
            }
        }
    }
    for (key, english_text) in &english {
        if !table.contains_key(key) {
            let mut problem = Diagnostic::error(
                Path::new(&file),
                format!(
                    "the interface text `{key}` is missing in {} ({})",
                    language.name, language.code
                ),
            )
            .hint(format!(
                "add a line `{key}: ...` to {file}; in English it is \"{english_text}\""
            ));
            if let Some(own) = own {
                problem = problem.at(&own.text, own.text.lines().count().max(1), 1);
            }
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str, prefix: &str) -> Language {
        Language {
            code: code.into(),
            prefix: prefix.into(),
            name: "X".into(),
            tagline: None,
            description: None,
            crisis_line: None,
            crisis_lines: None,
            disclaimer: None,
            nav: None,
            regions: None,
            tags: BTreeMap::new(),
            warn_untranslated: true,
            min_reading_ease: None,
        }
    }

    #[test]
    fn the_built_in_tables_have_the_same_keys() {
        let en = strings(&lang("en-US", ""), None).unwrap();
        let es = strings(&lang("es-US", "es"), None).unwrap();
        assert_eq!(en.keys().collect::<Vec<_>>(), es.keys().collect::<Vec<_>>());
        assert_eq!(en["skip_link"], "Skip to main content");
        assert_eq!(es["skip_link"], "Saltar al contenido principal");
    }

    #[test]
    fn lists_join_with_the_languages_word() {
        let list = |items: &[&str], word: &str| {
            join_list(
                &items.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                word,
            )
        };
        assert_eq!(
            list(&["Oregon", "Washington"], "and"),
            "Oregon and Washington"
        );
        assert_eq!(
            list(&["Utah", "Oregón", "Washington"], "y"),
            "Utah, Oregón y Washington"
        );
        // Spanish: `e` before an i sound, `u` before an o sound; not before `hie-`.
        assert_eq!(list(&["Oregón", "Idaho"], "y"), "Oregón e Idaho");
        assert_eq!(list(&["Texas", "Hidalgo"], "y"), "Texas e Hidalgo");
        assert_eq!(list(&["Texas", "Hierro"], "y"), "Texas y Hierro");
        assert_eq!(list(&["Washington", "Oregón"], "o"), "Washington u Oregón");
        assert_eq!(list(&["Ohio", "Idaho"], "or"), "Ohio or Idaho");
        assert_eq!(list(&["Idaho"], "y"), "Idaho");
        assert_eq!(list(&[], "y"), "");
    }

    #[test]
    fn a_language_without_a_table_names_each_missing_key() {
        let own = SiteStrings {
            path: "i18n/fr.yaml".into(),
            text: "skip_link: Aller au contenu\n".into(),
        };
        let problems = strings(&lang("fr-CA", "fr"), Some(&own)).unwrap_err();
        assert!(problems.iter().all(|p| p.path == Path::new("i18n/fr.yaml")));
        assert!(
            problems
                .iter()
                .any(|p| p.message == "the interface text `menu` is missing in X (fr-CA)")
        );
        assert!(!problems.iter().any(|p| p.message.contains("`skip_link`")));
    }
}
