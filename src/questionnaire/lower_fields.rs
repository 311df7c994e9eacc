//! The keys of date questions (`not_before` and `not_after`, each `today`
//! or a fixed date), here so that [`super::lower`] stays readable. The
//! page's messages for numbers and dates are in the page's language, made
//! where the page is (`render::views`).

use super::dates::Bound;
use super::locate::Section;
use super::lower::Context;
use super::model::{self, QuestionType};

impl Context<'_> {
    /// The bounds of question `i` (a date question), each reported with
    /// its line when it is misspelt, on another kind of question, or when
    /// the two leave no date.
    pub(super) fn date_fields(
        &mut self,
        i: usize,
        def: &model::QuestionDef,
    ) -> (Option<Bound>, Option<Bound>) {
        let mut bound = |key: &str, text: &Option<String>| -> Option<Bound> {
            let text = text.as_ref()?;
            if def.kind != QuestionType::Date {
                let d = self
                    .locator
                    .at_value(
                        Section::Questions,
                        i,
                        key,
                        "",
                        format!("`{key}` is for date questions, and `{}` is not one", def.id),
                    )
                    .hint("remove it, or write `type: date`");
                self.push(d);
                return None;
            }
            let parsed = Bound::parse(text);
            if parsed.is_none() {
                let d = self
                    .locator
                    .at_value(
                        Section::Questions,
                        i,
                        key,
                        "",
                        format!(
                            "the `{key}` of question `{}` must be `today` or a date written YYYY-MM-DD, not `{text}`",
                            def.id
                        ),
                    )
                    .hint("write `not_after: today` to refuse dates in the future");
                self.push(d);
            }
            parsed
        };
        let not_before = bound("not_before", &def.not_before);
        let not_after = bound("not_after", &def.not_after);
        if let (Some(Bound::Fixed(a)), Some(Bound::Fixed(b))) = (not_before, not_after)
            && a > b
        {
            let d = self
                .locator
                .at_value(
                    Section::Questions,
                    i,
                    "not_before",
                    "",
                    format!(
                        "question `{}` accepts no date: `not_before` {a} is after `not_after` {b}",
                        def.id
                    ),
                )
                .hint("swap them");
            self.push(d);
        }
        (not_before, not_after)
    }
}
