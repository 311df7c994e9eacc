//! The Markdown stage: turns a document's body into HTML with pulldown-cmark,
//! and collects what later stages check: headings (for the table of contents
//! and anchors), internal links (for the link check) and citations.
//!
//! All Markdown options are decided in [`options`]. Transforms are passes
//! over pulldown-cmark's events:
//! - heading ids, stable and de-duplicated (`{#custom}` ids are kept);
//! - links to `.md` files rewritten to pretty URLs and recorded;
//! - `[^id]` footnotes turned into links to the article's Sources list;
//! - GitHub alerts (`> [!WARNING]`) turned into labelled `<aside>`s;
//! - raw HTML escaped (staff text is Markdown only) and table alignment
//!   turned into classes, so the page's Content-Security-Policy holds;
//! - every link and image held to [`crate::url_policy`], images to paths on
//!   this site, and heading attributes to `{#id}` and `{.class}`.
//!
//! The same pass collects what `check` and the FAQ's structured data read
//! ([`scan::Scan`]), so each page's Markdown is parsed once.
//!
//! [`snippet`] renders the short Markdown texts of site.yaml and the
//! self-assessment with the same rules; [`snippet_problems`] reports what
//! they break.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::content::{Document, Reference};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::routes::{self, SourceLink};
use crate::url_policy::{self, UrlKind};

mod context;
pub mod scan;
mod snippet;
mod source_map;

use context::escape_attribute;
pub use context::{Context, Labels};
pub use snippet::{SnippetProblem, snippet, snippet_problems};
pub use source_map::Edit;
use source_map::to_source;

/// The Markdown extensions pamphlet turns on, in one place.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_OLD_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A heading in a page, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute, the target of `#anchor` links.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// A content file, relative to the site root (`content/articles/x.md`),
    /// and the URL path it is published at ([`routes::Route::from_source`]).
    File {
        /// The file as the link names it, escapes decoded.
        file: PathBuf,
        /// Where that file is published, which the link now points at.
        url: String,
    },
    /// A path on the site written as is (`/images/chart.png`, `/articles/`).
    SitePath(String),
    /// An address on the web, checked when it names the site's own
    /// `base_url` (`https://www.example.org/faq/`).
    Web(String),
}

/// A link found in a page, checked once every page is known.
#[derive(Debug, Clone)]
pub struct Link {
    /// What it points at.
    pub target: LinkTarget,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
    /// Byte offset of the link's destination in the source file.
    pub offset: usize,
    /// The destination as written.
    pub written: String,
}

/// The result of rendering one page's Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Internal links to other pages or to anchors.
    pub links: Vec<Link>,
    /// Reference ids cited with `[^id]`, in order of first citation.
    pub cited: Vec<String>,
    /// Words in the body, for reading time.
    pub words: usize,
    /// What the content checks and the FAQ's structured data read.
    pub scan: scan::Scan,
}

impl Rendered {
    /// The headings of levels 2 and 3, for the table of contents.
    pub fn toc(&self) -> Vec<&Heading> {
        self.headings
            .iter()
            .filter(|h| h.level == 2 || h.level == 3)
            .collect()
    }
}

/// Renders `doc`'s body. Problems that need only this page (a footnote that
/// cites no reference, a link that is not to a page) are returned with it.
pub fn render(doc: &Document) -> (Rendered, Vec<Diagnostic>) {
    render_filled(doc, doc.body(), &[], &Context::default())
}

/// Renders `body`, which is `doc`'s body with the placeholders in `edits`
/// filled in; every position (problems, the scan) points at `doc`'s file
/// as written. `context` gives the labels of its language and where its
/// links to other pages go.
pub fn render_filled(
    doc: &Document,
    body: &str,
    edits: &[Edit],
    context: &Context,
) -> (Rendered, Vec<Diagnostic>) {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let ids = heading_ids(&events);
    let mut pass = Pass {
        doc,
        body,
        edits,
        context,
        written_up_to: 0,
        collector: scan::Collector::default(),
        references: &doc.meta.references,
        rendered: Rendered::default(),
        problems: Vec::new(),
        ids,
        heading_index: 0,
        heading_text: None,
    };
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events {
        pass.collect(&event, &range);
        pass.event(event, range, &mut out);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    pass.rendered.html = alignment_to_classes(html);
    pass.rendered.scan = pass.collector.finish();
    (pass.rendered, pass.problems)
}

/// The rewriting pass over one page's events.
struct Pass<'a> {
    doc: &'a Document,
    /// The text parsed: the body with placeholders filled.
    body: &'a str,
    /// The placeholders filled, in order.
    edits: &'a [Edit],
    /// The page's language's labels and translations.
    context: &'a Context,
    /// How far into the body as written the scan has read placeholders.
    written_up_to: usize,
    collector: scan::Collector,
    references: &'a [Reference],
    rendered: Rendered,
    problems: Vec<Diagnostic>,
    ids: Vec<String>,
    heading_index: usize,
    heading_text: Option<(u8, String)>,
}

impl Pass<'_> {
    /// Where byte `offset` of the parsed text stands in the file as written.
    fn file_offset(&self, offset: usize) -> usize {
        self.doc.body_start + to_source(self.edits, offset, false)
    }

    /// Hands the event to the scan, with its text as written in the file.
    fn collect(&mut self, event: &Event, range: &Range<usize>) {
        // Only tables, images and links report their width.
        let measured = matches!(
            event,
            Event::Start(Tag::Table(_) | Tag::Image { .. } | Tag::Link { .. })
        );
        let place = scan::Place {
            at: self.file_offset(range.start),
            width: if measured {
                scan::first_line(self.body, range)
            } else {
                1
            },
        };
        let written = match event {
            Event::Text(text) | Event::Code(text) => self.written(text, range),
            _ => None,
        };
        let written = written.as_ref().map(|(text, exact)| (&**text, *exact));
        self.collector.event(event, place, written);
    }

    /// A text event as staff wrote it: the text itself, or, where it holds
    /// part of a placeholder's value, the source from its start to its end
    /// with the placeholder as written (once, however many events the value
    /// became). With whether it stands in the file exactly so.
    fn written<'t>(&mut self, text: &'t str, range: &Range<usize>) -> Option<(Cow<'t, str>, bool)> {
        let touches = self
            .edits
            .iter()
            .any(|e| e.at < range.end && e.at + e.len > range.start);
        if !touches {
            let exact = self.body.get(range.clone()) == Some(text);
            return Some((Cow::Borrowed(text), exact));
        }
        let source = self.doc.body();
        let start = to_source(self.edits, range.start, false).max(self.written_up_to);
        let end = to_source(self.edits, range.end, true);
        if start >= end {
            return None;
        }
        self.written_up_to = end;
        Some((Cow::Owned(source[start..end].to_string()), true))
    }
}

impl<'a> Pass<'a> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>, out: &mut Vec<Event<'a>>) {
        if let (Some((_, text)), Event::Text(t) | Event::Code(t)) = (&mut self.heading_text, &event)
        {
            text.push_str(t);
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = self.ids[self.heading_index].clone();
                self.heading_index += 1;
                self.heading_text = Some((level as u8, String::new()));
                if let Some((message, hint)) = heading_attrs_problem(&attrs) {
                    let offset = self.attrs_offset(&range);
                    let width = self.body[offset..].find(['}', '\n']).map_or(1, |e| e + 1);
                    self.problem_at(offset, width, &message, &hint);
                }
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    // Only `{#id}` and `{.class}`: an `onclick` or `style`
                    // would run code or break the Content-Security-Policy.
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((lvl, text)) = self.heading_text.take() {
                    let id = self.ids[self.heading_index - 1].clone();
                    self.rendered.headings.push(Heading {
                        level: lvl,
                        id,
                        text: text.trim().to_string(),
                    });
                }
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.link(link_type, dest_url, &range);
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let allowed = self.image(&dest_url, &range);
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: if allowed { dest_url } else { "".into() },
                    title,
                    id,
                }));
            }
            Event::FootnoteReference(id) => out.push(self.citation(&id, &range)),
            Event::Start(Tag::FootnoteDefinition(_)) => {
                self.problem(
                    &range,
                    "footnote definitions are not used: sources go in the front matter's `references`",
                    "delete this line and add the source under `references:` with an `id`; cite it as `[^id]`",
                );
                out.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.push(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::BlockQuote(Some(kind))) => out.push(Event::Html(
                callout_open(kind, &self.context.labels.callouts).into(),
            )),
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</aside>\n".into())),
            Event::Start(Tag::Table(alignments)) => {
                let label = escape_attribute(&self.context.labels.table);
                out.push(Event::Html(format!("<div class=\"table-wrap\" role=\"region\" aria-label=\"{label}\" tabindex=\"0\">\n").into()));
                out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html("</div>\n".into()));
            }
            // Staff write Markdown only: raw HTML is shown as text, never run.
            Event::Html(html) | Event::InlineHtml(html) => out.push(Event::Text(html)),
            Event::Text(text) => {
                self.rendered.words += text.split_whitespace().count();
                out.push(Event::Text(text));
            }
            other => out.push(other),
        }
    }

    /// Rewrites a link's destination, recording internal ones for the check.
    fn link(&mut self, link_type: LinkType, dest: CowStr<'a>, range: &Range<usize>) -> CowStr<'a> {
        if matches!(link_type, LinkType::Email) {
            return dest;
        }
        let at = self.dest_offset(&dest, range);
        let offset = self.file_offset(at);
        match url_policy::classify(&dest) {
            Err(refusal) => {
                let what = format!("the link `{}`", url_policy::shown(&dest));
                self.problem_at(
                    at,
                    dest.chars().count(),
                    &refusal.message(&what),
                    refusal.hint(),
                );
                // The build fails; the page never carries the address anyway.
                return "".into();
            }
            Ok(UrlKind::Web) => {
                self.rendered.links.push(Link {
                    target: LinkTarget::Web(dest.to_string()),
                    anchor: None,
                    offset,
                    written: dest.to_string(),
                });
                return dest;
            }
            Ok(UrlKind::Mail | UrlKind::Phone) => return dest,
            Ok(UrlKind::Relative) => {}
        }
        let (path_part, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (&*dest, None),
        };
        if path_part.is_empty() {
            let anchor = anchor.unwrap_or_default();
            self.rendered.links.push(Link {
                target: LinkTarget::File {
                    file: self.doc.source.path.clone(),
                    url: self.doc.url_path(),
                },
                anchor: Some(anchor.clone()),
                offset,
                written: dest.to_string(),
            });
            return format!("#{anchor}").into();
        }
        if path_part.starts_with('/') {
            self.rendered.links.push(Link {
                target: LinkTarget::SitePath(path_part.to_string()),
                anchor: anchor.clone(),
                offset,
                written: dest.to_string(),
            });
            return dest;
        }
        let (file, url) = match routes::source_link(
            &self.doc.source.path,
            path_part,
            &self.context.translated,
        ) {
            SourceLink::Page { file, url } => (file, url),
            SourceLink::LeavesContent => {
                self.problem_at(
                    at,
                    dest.len(),
                    &format!("the link `{dest}` leaves the content folder"),
                    "link to a file under content/, like `maintenance-sessions.md`",
                );
                return dest;
            }
            SourceLink::NotAPage => {
                self.problem_at(
                    at,
                    dest.len(),
                    &format!("the link `{dest}` does not point to a page"),
                    "link to the page's Markdown file (`sessions.md`, `../faq.md`, `../pages/about.md`), or to `../assessment.yaml` for the self-assessment; files such as PDFs go in static/ and are linked as `/file.pdf`",
                );
                return dest;
            }
        };
        self.rendered.links.push(Link {
            target: LinkTarget::File {
                file,
                url: url.clone(),
            },
            anchor: anchor.clone(),
            offset,
            written: dest.to_string(),
        });
        match anchor {
            Some(anchor) => format!("{url}#{anchor}").into(),
            None => url.into(),
        }
    }

    /// Checks an image's address; `false` when it may not be published.
    fn image(&mut self, dest: &str, range: &Range<usize>) -> bool {
        match image_problem(dest) {
            Some((message, hint)) => {
                self.problem(range, &message, hint);
                false
            }
            None => {
                let offset = self.file_offset(self.dest_offset(dest, range));
                self.rendered.links.push(Link {
                    target: LinkTarget::SitePath(dest.to_string()),
                    anchor: None,
                    offset,
                    written: dest.to_string(),
                });
                true
            }
        }
    }

    /// Where a heading's `{...}` attributes start in the parsed text.
    fn attrs_offset(&self, range: &Range<usize>) -> usize {
        let body = self.body;
        let span = &body[range.start..range.end.min(body.len())];
        let line = span.lines().next().unwrap_or(span);
        range.start + line.rfind('{').unwrap_or(0)
    }

    /// `[^id]` becomes a numbered link to the id's entry in the Sources list.
    fn citation(&mut self, id: &str, range: &Range<usize>) -> Event<'a> {
        match self.references.iter().position(|r| r.id == id) {
            Some(index) => {
                if !self.rendered.cited.iter().any(|c| c == id) {
                    self.rendered.cited.push(id.to_string());
                }
                let n = index + 1;
                let label = escape_attribute(&self.context.labels.cite);
                Event::InlineHtml(
                    format!("<sup class=\"cite\"><a href=\"#source-{id}\" aria-label=\"{label} {n}\">[{n}]</a></sup>").into(),
                )
            }
            None => {
                let known = self.references.iter().map(|r| r.id.as_str());
                let hint = match did_you_mean(id, known) {
                    Some(near) => format!("did you mean `[^{near}]`?"),
                    None if self.references.is_empty() => {
                        "add the source under `references:` in the front matter, with `id: "
                            .to_string()
                            + id
                            + "`"
                    }
                    None => format!(
                        "add a reference with `id: {id}`, or cite one of: {}",
                        self.references
                            .iter()
                            .map(|r| r.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.problem(
                    range,
                    &format!("`[^{id}]` cites no reference in the front matter"),
                    &hint,
                );
                Event::Text(format!("[^{id}]").into())
            }
        }
    }

    /// Where the destination text stands in the parsed text (for the caret).
    fn dest_offset(&self, dest: &str, range: &Range<usize>) -> usize {
        dest_offset(self.body, dest, range)
    }

    fn problem(&mut self, range: &Range<usize>, message: &str, hint: &str) {
        let body = self.body;
        let len = body[range.start..range.end.min(body.len())]
            .lines()
            .next()
            .map_or(1, str::len);
        self.problem_at(range.start, len, message, hint);
    }

    /// A problem at byte `offset` of the parsed text.
    fn problem_at(&mut self, offset: usize, width: usize, message: &str, hint: &str) {
        let offset = self.file_offset(offset);
        self.problems.push(
            Diagnostic::error(&self.doc.source.path, message)
                .at_offset(&self.doc.source.text, offset)
                .underline(width)
                .hint(hint),
        );
    }
}

/// Heading ids in document order: `{#custom}` ids as written, others from the
/// heading text, de-duplicated with `-2`, `-3`… so anchors stay stable.
fn heading_ids(events: &[(Event, Range<usize>)]) -> Vec<String> {
    let mut ids = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut current: Option<(Option<String>, String)> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((id.as_ref().map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((custom, text)) = current.take() {
                    let base = custom.unwrap_or_else(|| {
                        let slug = routes::slug(&text);
                        if slug.is_empty() {
                            "section".into()
                        } else {
                            slug
                        }
                    });
                    let count = used.entry(base.clone()).or_insert(0);
                    *count += 1;
                    ids.push(if *count == 1 {
                        base
                    } else {
                        format!("{base}-{count}")
                    });
                }
            }
            _ => {}
        }
    }
    ids
}

/// Where a link's destination stands in `text` (for the caret): inside the
/// link itself, else at a reference definition (`[ref]: url`), else just
/// after the link text's `](` (a destination written with character
/// references does not stand literally in the text).
fn dest_offset(text: &str, dest: &str, range: &Range<usize>) -> usize {
    let span = &text[range.start..range.end.min(text.len())];
    if dest.is_empty() {
        return range.start;
    }
    if let Some(within) = span.rfind(dest) {
        return range.start + within;
    }
    if let Some(at) = text.find(&format!("]: {dest}")) {
        return at + 3;
    }
    range.start + span.find("](").map_or(0, |i| i + 2)
}

/// Why an image may not be published: the URL policy, then "only images
/// from this site", so a page loads nothing from other hosts.
fn image_problem(dest: &str) -> Option<(String, &'static str)> {
    let shown = url_policy::shown(dest);
    match url_policy::classify(dest) {
        Err(refusal) => Some((
            refusal.message(&format!("the image `{shown}`")),
            "save the image in static/ (for example static/images/chart.png) and write `/images/chart.png`",
        )),
        Ok(UrlKind::Web) => Some((
            format!("the image `{shown}` is on another website"),
            "a clinic site loads nothing from other hosts: save the image in static/ and write `/images/name.png`",
        )),
        Ok(UrlKind::Relative) if dest.starts_with('/') => None,
        Ok(UrlKind::Relative | UrlKind::Mail | UrlKind::Phone) => Some((
            format!("the image `{shown}` must be a path on the site"),
            "put the image in static/ (for example static/images/chart.png) and write `/images/chart.png`",
        )),
    }
}

/// Heading attributes other than `{#id}` and `{.class}`.
fn heading_attrs_problem(attrs: &[(CowStr, Option<CowStr>)]) -> Option<(String, String)> {
    if attrs.is_empty() {
        return None;
    }
    let names: Vec<String> = attrs.iter().map(|(k, _)| format!("`{k}`")).collect();
    Some((
        format!(
            "a heading may set only an id and classes, not {}",
            names.join(", ")
        ),
        "write `{#name}` for an id and `{.name}` for a class, and remove the rest: attributes such as `onclick` and `style` would run code or break the page's Content-Security-Policy".to_string(),
    ))
}

fn callout_open(kind: BlockQuoteKind, labels: &[String; 5]) -> String {
    let (class, index) = match kind {
        BlockQuoteKind::Note => ("note", 0),
        BlockQuoteKind::Tip => ("tip", 1),
        BlockQuoteKind::Important => ("important", 2),
        BlockQuoteKind::Warning => ("warning", 3),
        BlockQuoteKind::Caution => ("caution", 4),
    };
    let label = escape_attribute(&labels[index]);
    format!(
        "<aside class=\"callout callout-{class}\" aria-label=\"{label}\">\n<p class=\"callout-title\">{label}</p>\n"
    )
}

/// pulldown-cmark writes table alignment as a `style` attribute, which the
/// Content-Security-Policy forbids; a class does the same job.
fn alignment_to_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

/// A link to another website or another kind of address (anything the URL
/// policy does not read as a path on this site).
pub fn is_external(dest: &str) -> bool {
    url_policy::is_external(dest)
}

/// The ids that a page's anchors may point at.
pub fn anchor_set(rendered: &Rendered, references: &[Reference]) -> HashSet<String> {
    rendered
        .headings
        .iter()
        .map(|h| h.id.clone())
        .chain(references.iter().map(|r| format!("source-{}", r.id)))
        .chain(["main", "sources", "contents"].map(String::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{FrontMatter, Kind, SourceFile};

    fn doc(body: &str, refs: &[&str]) -> Document {
        let text = format!("---\ntitle: T\n---\n{body}");
        let meta = FrontMatter {
            references: refs
                .iter()
                .map(|id| Reference {
                    id: id.to_string(),
                    title: "R".into(),
                    url: None,
                    publisher: None,
                    year: None,
                })
                .collect(),
            ..FrontMatter::default()
        };
        Document {
            kind: Kind::Article,
            slug: "a".into(),
            body_start: text.len() - body.len(),
            source: SourceFile {
                path: "content/articles/a.md".into(),
                text,
            },
            meta,
        }
    }

    #[test]
    fn headings_get_stable_unique_ids() {
        let (r, _) = render(&doc(
            "## Why a series?\n\n## Why a series?\n\n### Cost {#money}\n",
            &[],
        ));
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["why-a-series", "why-a-series-2", "money"]);
        assert!(r.html.contains("<h2 id=\"why-a-series-2\">"), "{}", r.html);
    }

    #[test]
    fn md_links_become_pretty_urls_and_are_recorded() {
        let (r, problems) = render(&doc(
            "See [upkeep](maintenance.md#spacing), [us](../pages/about.md) and [quiz](../assessment.yaml).",
            &[],
        ));
        assert!(problems.is_empty());
        assert!(
            r.html.contains("href=\"/articles/maintenance/#spacing\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"/about/\""));
        assert!(r.html.contains("href=\"/assessment/\""));
        assert_eq!(
            r.links[0].target,
            LinkTarget::File {
                file: "content/articles/maintenance.md".into(),
                url: "/articles/maintenance/".into()
            }
        );
        assert_eq!(r.links[0].anchor.as_deref(), Some("spacing"));
    }

    #[test]
    fn footnotes_cite_references() {
        let (r, problems) = render(&doc(
            "Six sessions are common.[^apa2017] Another.[^apa2071]\n",
            &["apa2017"],
        ));
        assert!(
            r.html
                .contains("<a href=\"#source-apa2017\" aria-label=\"Source 1\">[1]</a>"),
            "{}",
            r.html
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].message,
            "`[^apa2071]` cites no reference in the front matter"
        );
        assert_eq!(
            problems[0].hint.as_deref(),
            Some("did you mean `[^apa2017]`?")
        );
        assert_eq!(problems[0].line, 4);
    }

    #[test]
    fn alerts_tables_and_raw_html_are_csp_safe() {
        let (r, _) = render(&doc(
            "> [!WARNING]\n> Do not drive.\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n<script>x()</script>\n",
            &[],
        ));
        assert!(
            r.html
                .contains("<aside class=\"callout callout-warning\" aria-label=\"Warning\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<th class=\"align-center\">"), "{}", r.html);
        assert!(!r.html.contains("style="));
        assert!(!r.html.contains("<script>"));
        assert!(r.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn external_and_relative_are_told_apart() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("tel:+15550100"));
        assert!(!is_external("maintenance.md"));
        assert!(!is_external("../faq.md#cost"));
        assert!(!is_external("/images/a.png"));
    }
}
