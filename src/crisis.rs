//! Crisis lines: who a person in crisis can call, text or chat with, from
//! site.yaml's `crisis_lines`. Every page renders them as large tap targets
//! (`tel:`, `sms:` and chat links) behind the header's "Need help now?" link,
//! and the self-assessment shows them first on a safety screen.
//!
//! The list is structured data rather than Markdown so that the links are
//! always real links: a number typed as bold text cannot be tapped.
//! `crisis_line` (Markdown) stays as the short line of text under the list
//! and in assessment texts, so an older site.yaml keeps working unchanged; a
//! site.yaml without `crisis_lines` gets the US default from
//! [`default_lines`].

use serde::{Deserialize, Serialize};

use crate::config::FILE_NAME;
use crate::diagnostic::Diagnostic;

/// One crisis service and the ways to reach it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisLine {
    /// Who answers, e.g. `988 Suicide & Crisis Lifeline`. A line with only a
    /// `note` (like "outside the US, call your local emergency number") has
    /// no name.
    #[serde(default)]
    pub name: String,
    /// The number as people dial it, e.g. `988` or `+44 116 123`.
    #[serde(default)]
    pub number: String,
    /// Offer a "Call" link (`tel:`); on by default when there is a number.
    #[serde(default = "yes")]
    pub call: bool,
    /// Offer a "Text" link (`sms:`) to the same number.
    #[serde(default)]
    pub text: bool,
    /// The address of a web chat (`https://`).
    #[serde(default)]
    pub chat: String,
    /// One short line of plain text under the links.
    #[serde(default)]
    pub note: String,
}

fn yes() -> bool {
    true
}

impl CrisisLine {
    /// The number as a `tel:` or `sms:` target: its digits and a leading `+`.
    fn dial(&self) -> String {
        let mut out = String::new();
        for c in self.number.trim().chars() {
            if c.is_ascii_digit() || (c == '+' && out.is_empty()) {
                out.push(c);
            }
        }
        out
    }

    /// The `tel:` link, when the line offers calls.
    pub fn call_href(&self) -> Option<String> {
        (self.call && !self.dial().is_empty()).then(|| format!("tel:{}", self.dial()))
    }

    /// The `sms:` link, when the line offers texts.
    pub fn text_href(&self) -> Option<String> {
        (self.text && !self.dial().is_empty()).then(|| format!("sms:{}", self.dial()))
    }
}

/// The default for a site.yaml without `crisis_lines`: the US lines (988 by
/// call, text and chat; 911; the 711 relay) and a line for everyone else.
pub fn default_lines() -> Vec<CrisisLine> {
    let line = |name: &str, number: &str, text: bool, chat: &str, note: &str| CrisisLine {
        name: name.into(),
        number: number.into(),
        call: !number.is_empty(),
        text,
        chat: chat.into(),
        note: note.into(),
    };
    vec![
        line(
            "988 Suicide & Crisis Lifeline",
            "988",
            true,
            "https://988lifeline.org/chat/",
            "Free and private. Call, text or chat at any time, day or night.",
        ),
        line(
            "Emergency",
            "911",
            false,
            "",
            "If you or someone else is in danger right now.",
        ),
        line(
            "Deaf or hard of hearing",
            "711",
            false,
            "",
            "Call 711, then ask for 988, or use your usual relay service.",
        ),
        line(
            "",
            "",
            false,
            "",
            "Outside the US, call your local emergency number.",
        ),
    ]
}

/// Checks `crisis_lines` in site.yaml (`source` is its text): each line can
/// be reached, numbers can be dialled, chats are `https://` addresses.
pub fn problems(lines: &[CrisisLine], source: &str) -> Vec<Diagnostic> {
    let key = "crisis_lines:";
    let from = source.find(key).unwrap_or(0);
    let mut problems = Vec::new();
    let at = |needle: &str, message: String, hint: &str| {
        let fallback = source[..from].lines().count() + 1;
        Diagnostic::error(FILE_NAME, message)
            .at_text(source, from, needle, fallback)
            .hint(hint)
    };
    if lines.is_empty() {
        problems.push(at(
            key,
            "`crisis_lines` is empty: no page would offer a crisis line to call".into(),
            "list at least one line, or remove `crisis_lines` to use the US default (988, 911, 711)",
        ));
    }
    for (i, line) in lines.iter().enumerate() {
        let label = if line.name.is_empty() {
            format!("crisis line {}", i + 1)
        } else {
            format!("the crisis line `{}`", line.name)
        };
        let number = line.number.trim();
        if !number.is_empty() {
            let digits = line.dial().trim_start_matches('+').len();
            let allowed = |c: char| c.is_ascii_digit() || " +-().".contains(c);
            if digits == 0 || !number.chars().all(allowed) {
                problems.push(at(
                    number,
                    format!("{label} has the number `{number}`, which a phone cannot dial"),
                    "write digits, with spaces, dashes, brackets or a leading `+`, like `988` or `+44 116 123`",
                ));
            }
            if line.name.trim().is_empty() {
                problems.push(at(
                    number,
                    format!("{label} has a number but no `name`"),
                    "say who answers, like `name: 988 Suicide & Crisis Lifeline`",
                ));
            }
        } else if line.text {
            problems.push(at(
                "text: true",
                format!("{label} offers texts (`text: true`) but has no `number`"),
                "add the number to text, like `number: \"988\"`",
            ));
        }
        let chat = line.chat.trim();
        if !chat.is_empty() && (!chat.starts_with("https://") || chat.contains(char::is_whitespace))
        {
            problems.push(at(
                chat,
                format!(
                    "{label} has the chat address `{chat}`, which is not an https:// web address"
                ),
                "write the full address of the chat page, like `https://988lifeline.org/chat/`",
            ));
        }
        if number.is_empty() && chat.is_empty() && line.note.trim().is_empty() && !line.text {
            problems.push(at(
                key,
                format!("{label} has no number, chat or note, so it would show nothing"),
                "give it a `number`, a `chat` address or a `note`, or remove it",
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_use_the_digits_of_the_number() {
        let lines = default_lines();
        assert_eq!(lines[0].call_href().as_deref(), Some("tel:988"));
        assert_eq!(lines[0].text_href().as_deref(), Some("sms:988"));
        assert_eq!(lines[1].text_href(), None);
        assert_eq!(lines[3].call_href(), None);
        let uk = CrisisLine {
            number: "+44 (116) 123".into(),
            ..lines[1].clone()
        };
        assert_eq!(uk.call_href().as_deref(), Some("tel:+44116123"));
        assert!(problems(&lines, "").is_empty());
    }
}
