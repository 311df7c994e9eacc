//! `{placeholders}` in the questionnaire's text: site values are filled in
//! at build, scores become empty spans that the browser fills.

use crate::diagnostic::Diagnostic;
use crate::markdown;

use super::FILE;
use super::Score;
use super::compile::did_you_mean;
use super::locate::Section;
use super::lower::Context;

/// What a placeholder the browser fills shows: a score's value (with a
/// number of decimals, or as it is), its band's label, or an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// `{score}`, or `{score:1}` with one decimal.
    Value(Option<u8>),
    /// `{score.band}`
    Band,
    /// `{answer.question}`: the answer as the person saw it.
    Answer,
}

impl Marker {
    /// The empty span the browser fills in.
    pub(super) fn span(self, id: &str) -> String {
        match self {
            Marker::Value(None) => {
                format!("<span class=\"score-value\" data-score=\"{id}\"></span>")
            }
            Marker::Value(Some(dp)) => {
                format!("<span class=\"score-value\" data-score=\"{id}\" data-dp=\"{dp}\"></span>")
            }
            Marker::Band => format!("<span class=\"score-band\" data-band=\"{id}\"></span>"),
            Marker::Answer => format!("<span data-answer=\"{id}\"></span>"),
        }
    }

    /// The placeholder as written, for messages.
    fn written(self, id: &str) -> String {
        match self {
            Marker::Value(None) => id.to_string(),
            Marker::Value(Some(dp)) => format!("{id}:{dp}"),
            Marker::Band => format!("{id}.band"),
            Marker::Answer => format!("answer.{id}"),
        }
    }
}

impl Context<'_> {
    pub(super) fn site_values(&self) -> Vec<(&'static str, String)> {
        let c = self.config;
        vec![
            ("clinic", c.name.clone()),
            ("phone", c.phone.clone()),
            ("email", c.email.clone()),
            ("booking_url", c.booking_url.clone()),
            ("crisis_line", c.crisis_line.clone()),
            ("regions", self.regions_text.clone()),
        ]
    }

    pub(super) fn fill_site_values(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (name, value) in self.site_values() {
            out = out.replace(&format!("{{{name}}}"), &value);
        }
        out
    }

    /// Markdown with `{placeholders}` filled: site values as text, scores
    /// as spans the browser fills. Unknown names are errors.
    pub(super) fn site_text(
        &mut self,
        text: &str,
        key: &str,
        scores: &[Score],
        outcome: Option<(Section, usize)>,
    ) -> String {
        let site = self.site_values();
        // Scores are filled in by the browser: each `{score}` becomes a
        // token of plain letters and digits that Markdown leaves alone and
        // that the text itself does not contain, and the tokens become
        // spans once the Markdown is HTML. No character of the text has a
        // special meaning here.
        let mut base = String::from("PAMPHLETSCORE");
        while text.contains(&base) {
            base.push('X');
        }
        let mut markers: Vec<(Marker, usize)> = Vec::new();
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            let (name_only, decimals) = match name.split_once(':') {
                Some((n, dp)) => (n, Some(dp)),
                None => (name, None),
            };
            let (base_name, band) = match name_only.strip_suffix(".band") {
                Some(base_name) => (base_name, true),
                None => (name_only, false),
            };
            let answer = name.strip_prefix("answer.");
            let dp = decimals.map(|d| d.parse::<u8>().ok().filter(|d| *d <= 6));
            if let Some(question) = answer {
                match self.answer_names.iter().position(|q| q == question) {
                    Some(q) if self.answers_known => {
                        out.push_str(&format!("{base}{}Q", markers.len()));
                        markers.push((Marker::Answer, q));
                    }
                    Some(_) => self.placeholder_error(
                        key,
                        outcome,
                        name,
                        format!("`{{{name}}}` can only be shown on a result or a note, where every answer is known"),
                        "show the answer in a result, not here".into(),
                    ),
                    None => {
                        let hint = match did_you_mean(question, self.answer_names.iter().map(String::as_str)) {
                            Some(m) => format!("did you mean `{{answer.{m}}}`?"),
                            None => "write `{answer.` and the id of a question, then `}`".into(),
                        };
                        self.placeholder_error(
                            key,
                            outcome,
                            name,
                            format!("there is no question `{question}` to show the answer of"),
                            hint,
                        );
                    }
                }
            } else if dp == Some(None) || (decimals.is_some() && band) {
                self.placeholder_error(
                    key,
                    outcome,
                    name,
                    format!("`{{{name}}}` is not a score with a number of decimals"),
                    format!("write `{{{base_name}:1}}` for one decimal, from 0 to 6"),
                );
            } else if !band
                && decimals.is_none()
                && let Some((_, value)) = site.iter().find(|(n, _)| *n == name)
            {
                out.push_str(value);
            } else if let Some(s) = scores.iter().position(|s| s.id == base_name) {
                if band && scores[s].bands.is_empty() {
                    self.placeholder_error(
                        key,
                        outcome,
                        name,
                        format!(
                            "the score `{base_name}` has no bands, so `{{{name}}}` shows nothing"
                        ),
                        "add `bands:` to the score, or show the score itself".into(),
                    );
                }
                let marker = if band {
                    Marker::Band
                } else {
                    Marker::Value(dp.flatten())
                };
                out.push_str(&format!("{base}{}Q", markers.len()));
                markers.push((marker, s));
            } else {
                // Only names that can be used here: `.band` of a score with
                // bands, and `answer.<id>` where every answer is known.
                let answers = self.answers_known.then_some(&self.answer_names);
                let known: Vec<String> = site
                    .iter()
                    .map(|(n, _)| n.to_string())
                    .chain(scores.iter().flat_map(|s| {
                        let band = (!s.bands.is_empty()).then(|| format!("{}.band", s.id));
                        std::iter::once(s.id.clone()).chain(band)
                    }))
                    .chain(answers.into_iter().flatten().map(|q| format!("answer.{q}")))
                    .collect();
                let hint = match did_you_mean(name, known.iter().map(String::as_str)) {
                    Some(m) => format!("did you mean `{{{m}}}`?"),
                    None => format!("the names you can use are: {}", known.join(", ")),
                };
                self.placeholder_error(
                    key,
                    outcome,
                    name,
                    format!("there is no value `{{{name}}}` to show here"),
                    hint,
                );
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        let html = markdown::snippet(&out);
        if markers.is_empty() {
            return html;
        }
        let mut filled = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(at) = rest.find(&base) {
            filled.push_str(&rest[..at]);
            let after = &rest[at + base.len()..];
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let token = after[..digits]
                .parse::<usize>()
                .ok()
                .filter(|_| after[digits..].starts_with('Q'))
                .and_then(|i| markers.get(i));
            let Some(&(marker, index)) = token else {
                filled.push_str(&base);
                rest = after;
                continue;
            };
            // Inside a tag (a link's address, say) a span would break the HTML.
            let inside_tag = filled.rfind('<') > filled.rfind('>');
            let id = match marker {
                Marker::Answer => self.answer_names[index].clone(),
                Marker::Value(_) | Marker::Band => scores[index].id.clone(),
            };
            if inside_tag {
                let name = marker.written(&id);
                self.placeholder_error(
                    key,
                    outcome,
                    &name,
                    format!("`{{{name}}}` stands inside a link or image address, where the browser cannot show it"),
                    "put the score in the text of the page, not in an address".into(),
                );
            } else {
                filled.push_str(&marker.span(&id));
            }
            rest = &after[digits + 1..];
        }
        filled.push_str(rest);
        filled
    }

    pub(super) fn placeholder_error(
        &mut self,
        key: &str,
        outcome: Option<(Section, usize)>,
        name: &str,
        message: String,
        hint: String,
    ) {
        let needle = format!("{{{name}}}");
        let d = match outcome {
            Some((section, i)) => self.locator.at_value(section, i, key, &needle, message),
            None => {
                let source = self.locator.source();
                let at = source.find(&needle).unwrap_or(0);
                Diagnostic::error(FILE, message)
                    .at_offset(source, at)
                    .underline(needle.chars().count())
            }
        };
        self.push(d.hint(hint));
    }
}

/// `<p>Title</p>\n` → `Title`.
pub(super) fn strip_paragraph(html: &str) -> String {
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .unwrap_or(trimmed)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, assessment, problems};
    use super::*;

    #[test]
    fn site_values_are_filled_and_scores_left_for_the_browser() {
        let a = assessment(SMALL);
        assert_eq!(
            a.outcomes[1].body_html,
            "<p>Fine. Call (555) 010-0100. Your score: <span class=\"score-value\" data-score=\"total\"></span> (<span class=\"score-band\" data-band=\"total\"></span>).</p>\n"
        );
        assert_eq!(
            a.outcomes[1].body_text,
            "Fine. Call (555) 010-0100. Your score: {total} ({total.band})."
        );
        assert!(a.outcomes[1].shows_scores);
    }

    #[test]
    fn no_character_of_the_text_is_special() {
        let yaml = SMALL.replace("Fine. Call", "Fine \u{E000}s\u{E001} PAMPHLETSCORE0Q. Call");
        let a = assessment(&yaml);
        assert!(a.outcomes[1].body_html.starts_with("<p>Fine \u{E000}s\u{E001} PAMPHLETSCORE0Q. Call (555) 010-0100. Your score: <span class=\"score-value\""));
    }

    #[test]
    fn unknown_names_and_scores_in_addresses() {
        let yaml = SMALL.replace(
            "Your score: {total}",
            "Your [score](https://x.org/{total}) {totl}",
        );
        assert_eq!(
            problems(&yaml),
            [
                "46:68 there is no value `{totl}` to show here (did you mean `{total}`?)",
                "46:59 `{total}` stands inside a link or image address, where the browser cannot show it (put the score in the text of the page, not in an address)",
            ]
        );
    }

    #[test]
    fn decimals_and_answers_in_text() {
        let yaml = SMALL.replace(
            "Your score: {total} ({total.band}).",
            "Your score: {total:1}; age: {answer.age}.",
        );
        assert_eq!(
            assessment(&yaml).outcomes[1].body_html,
            "<p>Fine. Call (555) 010-0100. Your score: <span class=\"score-value\" data-score=\"total\" data-dp=\"1\"></span>; age: <span data-answer=\"age\"></span>.</p>\n"
        );
        let yaml = SMALL
            .replace(
                "Your score: {total} ({total.band}).",
                "{total:9} {total.band:1} {answer.agee}",
            )
            .replace("body: \"{crisis_line}\"", "body: \"{answer.age}\"");
        assert_eq!(
            problems(&yaml),
            [
                "42:12 `{answer.age}` can only be shown on a result or a note, where every answer is known (show the answer in a result, not here)",
                "46:32 `{total:9}` is not a score with a number of decimals (write `{total:1}` for one decimal, from 0 to 6)",
                "46:42 `{total.band:1}` is not a score with a number of decimals (write `{total:1}` for one decimal, from 0 to 6)",
                "46:57 there is no question `agee` to show the answer of (did you mean `{answer.age}`?)",
            ]
        );
    }

    #[test]
    fn joins_and_strips() {
        assert_eq!(crate::i18n::and_word("en-US"), "and");
        assert_eq!(crate::i18n::and_word("es-US"), "y");
        assert_eq!(crate::i18n::and_word("fr"), "and");
        assert_eq!(strip_paragraph("<p>Title</p>\n"), "Title");
        assert_eq!(strip_paragraph("<h1>x</h1>"), "<h1>x</h1>");
    }
}
