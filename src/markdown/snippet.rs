//! Short Markdown texts from site.yaml (crisis line, disclaimer) and the
//! self-assessment (intro, credit, outcomes): rendered like a page's body,
//! with what the URL policy refuses left out and reported.

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::{alignment_to_classes, dest_offset, heading_attrs_problem, image_problem, options};
use crate::url_policy;

/// A problem in a short Markdown text (see [`snippet_problems`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetProblem {
    /// Byte offset in the text where the offending address or attribute stands.
    pub offset: usize,
    /// The offending text as it stands there, for the caret and for finding
    /// it in the file the text came from.
    pub written: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Markdown from site.yaml or the self-assessment (crisis line, disclaimer,
/// outcome text) as HTML; raw HTML is shown as text, as in content files.
/// What the URL policy refuses is left out (a link keeps its text, an image
/// its alt text); [`snippet_problems`] reports it so the build fails.
pub fn snippet(text: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, snippet_events(text, &mut Vec::new()).into_iter());
    alignment_to_classes(out)
}

/// What [`snippet`] had to leave out of `text`: links and images the URL
/// policy refuses, images from other hosts, heading attributes.
pub fn snippet_problems(text: &str) -> Vec<SnippetProblem> {
    let mut problems = Vec::new();
    snippet_events(text, &mut problems);
    problems
}

fn snippet_events<'a>(text: &'a str, problems: &mut Vec<SnippetProblem>) -> Vec<Event<'a>> {
    let mut report = |offset: usize, written: &str, message: String, hint: &str| {
        problems.push(SnippetProblem {
            offset,
            written: written.to_string(),
            message,
            hint: hint.to_string(),
        })
    };
    // A link whose address is refused loses its tags but keeps its text.
    let mut open_links: Vec<bool> = Vec::new();
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => out.push(Event::Text(h)),
            Event::Start(Tag::Link {
                link_type,
                ref dest_url,
                ..
            }) => {
                let refused = match url_policy::classify(dest_url) {
                    Err(refusal) if link_type != LinkType::Email => Some(refusal),
                    _ => None,
                };
                open_links.push(refused.is_some());
                match refused {
                    Some(refusal) => {
                        let shown = url_policy::shown(dest_url);
                        let at = dest_offset(text, dest_url, &range);
                        report(
                            at,
                            dest_url,
                            refusal.message(&format!("the link `{shown}`")),
                            refusal.hint(),
                        );
                    }
                    None => out.push(event),
                }
            }
            Event::End(TagEnd::Link) => {
                if open_links.pop() != Some(true) {
                    out.push(event);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match image_problem(&dest_url) {
                    Some((message, hint)) => {
                        report(
                            dest_offset(text, &dest_url, &range),
                            &dest_url,
                            message,
                            hint,
                        );
                        CowStr::from("")
                    }
                    None => dest_url,
                };
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                if let Some((message, hint)) = heading_attrs_problem(&attrs) {
                    let line = &text[range.start..range.end.min(text.len())];
                    let line = line.lines().next().unwrap_or(line);
                    let start = line.rfind('{').unwrap_or(0);
                    let written = &line[start..];
                    report(range.start + start, written, message, &hint);
                }
                out.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                }));
            }
            other => out.push(other),
        }
    }
    out
}
