//! Ids and options: the parts of lowering that decide what a person can
//! answer. Ids are used inside expressions, so they must look like names.

use super::locate::Section;
use super::lower::Context;
use super::model::{self, OptionsDef, QuestionType};
use super::{Choice, ELSEWHERE, MAX_CHECKLIST_OPTIONS};

/// Ids are used inside expressions, so they must look like names.
pub(super) fn valid_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !["and", "or", "not", "in", "true", "false"].contains(&id)
}

pub(super) fn id_hint(id: &str) -> String {
    let suggestion: String = id
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!(
        "ids are lower-case letters, digits and `_`, starting with a letter, like `{}`",
        suggestion.trim_matches('_')
    )
}

impl Context<'_> {
    /// The ids that `options: regions` makes from site.yaml's region names
    /// must be ids, and differ: two equal ids would make an answer mean two
    /// places (a region named "Elsewhere" would be taken for "Somewhere
    /// else", the option for people outside every region).
    fn check_region_ids(&mut self, i: usize, question: &str, options: &[Choice]) {
        let describe = |o: &Choice| {
            if o.id == ELSEWHERE && o.label == "Somewhere else" {
                "\"Somewhere else\" (the option that `options: regions` adds)".to_string()
            } else {
                format!("the region \"{}\"", o.label)
            }
        };
        for (k, option) in options.iter().enumerate() {
            if !valid_id(&option.id) {
                let d = self
                    .locator
                    .at_value(Section::Questions, i, "options", "regions", format!("the region \"{}\" in site.yaml cannot be an option of question `{question}`: its id would be `{}`", option.label, option.id))
                    .hint("start the region's name in site.yaml (`regions:`) with a letter a to z");
                self.push(d);
            } else if let Some(first) = options[..k].iter().find(|o| o.id == option.id) {
                let d = self
                    .locator
                    .at_value(Section::Questions, i, "options", "regions", format!("site.yaml's regions give question `{question}` two options with the id `{}`: {} and {}", option.id, describe(first), describe(option)))
                    .hint("rename the region in site.yaml (`regions:`) so that its letters and digits differ, for example \"Elsewhere in Oregon\"");
                self.push(d);
            }
        }
    }

    /// An id must look like a name (it is used in expressions) and be unique
    /// in its section; `earlier` is the line of an item with the same id.
    pub(super) fn check_id(
        &mut self,
        section: Section,
        index: usize,
        id: &str,
        earlier: Option<usize>,
    ) {
        let what = match section {
            Section::Questions => "question",
            Section::Notes => "note",
            _ => "outcome",
        };
        if !valid_id(id) {
            let d = self
                .locator
                .at_value(
                    section,
                    index,
                    "id",
                    id,
                    format!("`{id}` cannot be a {what} id"),
                )
                .hint(id_hint(id));
            self.push(d);
        }
        if let Some(line) = earlier {
            let d = self
                .locator
                .at_value(
                    section,
                    index,
                    "id",
                    id,
                    format!("two {what}s have the id `{id}`"),
                )
                .hint(format!(
                    "the first is on line {line}; give each {what} its own id"
                ));
            self.push(d);
        }
    }

    pub(super) fn options(&mut self, i: usize, def: &model::QuestionDef) -> Vec<Choice> {
        let choice = |id: &str, label: &str| Choice {
            id: id.to_string(),
            label: label.to_string(),
            hint: None,
            score: 0.0,
            exclusive: false,
        };
        match (&def.kind, &def.options) {
            (QuestionType::YesNo, None) => vec![choice("yes", "Yes"), choice("no", "No")],
            (QuestionType::Number | QuestionType::Date | QuestionType::Text, None) => Vec::new(),
            (
                QuestionType::YesNo
                | QuestionType::Number
                | QuestionType::Date
                | QuestionType::Text,
                Some(_),
            ) => {
                let d = self
                    .locator
                    .at_value(
                        Section::Questions,
                        i,
                        "options",
                        "",
                        format!(
                            "question `{}` is a {} question, which has no `options`",
                            def.id,
                            match def.kind {
                                QuestionType::YesNo => "yes/no",
                                QuestionType::Text => "free-text",
                                QuestionType::Date => "date",
                                _ => "number",
                            }
                        ),
                    )
                    .hint("remove `options`, or use `type: choice`");
                self.push(d);
                Vec::new()
            }
            (_, None) => {
                let d = self
                    .locator
                    .at_value(Section::Questions, i, "type", "", format!("question `{}` has no `options`", def.id))
                    .hint("add `options:` with at least two `{ id: ..., label: ... }` items, or `options: regions`");
                self.push(d);
                Vec::new()
            }
            (_, Some(OptionsDef::Regions)) => {
                // Ids from the default language's names, labels from this
                // language's: `nuevo_mexico` must still be `new_mexico`.
                let names = self
                    .config
                    .region_ids
                    .as_ref()
                    .unwrap_or(&self.config.regions);
                let mut options: Vec<Choice> = names
                    .iter()
                    .zip(&self.config.regions)
                    .map(|(id, r)| choice(&crate::content::slugify(id).replace('-', "_"), r))
                    .collect();
                options.push(choice(ELSEWHERE, "Somewhere else"));
                self.check_region_ids(i, &def.id, &options);
                if self.config.regions.is_empty() {
                    let d = self
                        .locator
                        .at_value(Section::Questions, i, "options", "regions", format!("question `{}` takes its options from `regions` in site.yaml, which lists none", def.id))
                        .hint("add `regions: [Oregon, Washington]` (your own) to site.yaml");
                    self.push(d);
                }
                options
            }
            (kind, Some(OptionsDef::List(list))) => {
                let mut options: Vec<Choice> = Vec::new();
                for option in list {
                    if !valid_id(&option.id) {
                        let d = self
                            .locator
                            .at_value(
                                Section::Questions,
                                i,
                                "options",
                                &option.id,
                                format!("`{}` cannot be an option id", option.id),
                            )
                            .hint(id_hint(&option.id));
                        self.push(d);
                    }
                    if options.iter().any(|o| o.id == option.id) {
                        let d = self
                            .locator
                            .at_value(
                                Section::Questions,
                                i,
                                "options",
                                &format!("id: {}", option.id),
                                format!(
                                    "question `{}` has two options with the id `{}`",
                                    def.id, option.id
                                ),
                            )
                            .hint("give each option its own id");
                        self.push(d);
                    }
                    if option.exclusive && *kind != QuestionType::Multi {
                        let d = self
                            .locator
                            .at_value(Section::Questions, i, "options", "exclusive", format!("`exclusive` is for options of a multi question, and `{}` is a single choice", def.id))
                            .hint("remove `exclusive: true`");
                        self.push(d);
                    }
                    options.push(Choice {
                        id: option.id.clone(),
                        label: option.label.clone(),
                        hint: option.hint.clone(),
                        score: option.score.unwrap_or(0.0),
                        exclusive: option.exclusive,
                    });
                }
                if options.len() < 2 {
                    let d = self
                        .locator
                        .at_value(
                            Section::Questions,
                            i,
                            "options",
                            "",
                            format!("question `{}` needs at least two options", def.id),
                        )
                        .hint("a question with one possible answer asks nothing");
                    self.push(d);
                }
                if *kind == QuestionType::Multi && options.len() > MAX_CHECKLIST_OPTIONS {
                    let d = self
                        .locator
                        .at_value(Section::Questions, i, "options", "", format!("question `{}` has {} options; a multi question may have at most {MAX_CHECKLIST_OPTIONS}", def.id, options.len()))
                        .hint("split it into two questions; long checkbox lists are hard to read on a phone anyway");
                    self.push(d);
                }
                options
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment, problems};
    use super::*;

    #[test]
    fn ids_must_look_like_names() {
        assert!(valid_id("under_18") && valid_id("q2"));
        for bad in ["", "Age", "2nd", "not", "in", "true", "a-b", "âge"] {
            assert!(!valid_id(bad), "{bad}");
        }
        assert_eq!(
            id_hint("Under 18"),
            "ids are lower-case letters, digits and `_`, starting with a letter, like `under_18`"
        );
    }

    #[test]
    fn regions_come_from_site_yaml_plus_elsewhere() {
        let yaml = SMALL.replace(
            "    options:\n      - { id: under_18, label: Under 18 }\n      - { id: adult, label: Adult }\n",
            "    options: regions\n",
        );
        let yaml = yaml
            .replace("\"age == 'adult'\"", "\"age == 'oregon'\"")
            .replace("age: adult", "age: oregon")
            .replace("age: under_18", "age: elsewhere");
        let a = assessment(&yaml);
        let ids: Vec<&str> = a.questions[0]
            .options
            .iter()
            .map(|o| o.id.as_str())
            .collect();
        assert_eq!(ids, ["oregon", "washington", ELSEWHERE]);
    }

    #[test]
    fn option_mistakes() {
        let yaml = SMALL
            .replace(
                "{ id: heart, label: Heart disease }",
                "{ id: bp, label: Heart disease }",
            )
            .replace(
                "{ id: adult, label: Adult }",
                "{ id: adult, label: Adult, exclusive: true }",
            );
        assert_eq!(
            problems(&yaml),
            [
                "9:36 `exclusive` is for options of a multi question, and `age` is a single choice (remove `exclusive: true`)",
                "22:11 question `screen` has two options with the id `bp` (give each option its own id)",
            ]
        );
    }
}
