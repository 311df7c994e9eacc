//! What the content checks look at, collected during the one Markdown pass
//! of a page ([`super::render`]): prose blocks (for readability and claims),
//! visible text (for wording), headings, images, links and tables, each with
//! its byte offset in the source file so a problem can point at its line and
//! column; and the FAQ's `##` sections as plain text.
//!
//! The text is as staff wrote it: where a placeholder such as `{clinic}`
//! was filled in before the pass, the check reads `{clinic}` at its place in
//! the file, so every position points at the source.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use crate::markdown;

/// A run of text and where it stands in the file.
#[derive(Debug, Clone)]
pub struct Span {
    /// Byte offset of the run in [`Block::text`].
    pub text_start: usize,
    /// Byte offset in the source file.
    pub source: usize,
    /// Whether the text is written in the file exactly as it is here, so
    /// offsets inside the run map one to one.
    pub exact: bool,
}

/// A paragraph or list item: prose as a reader sees it.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// The text, with line breaks as spaces.
    pub text: String,
    /// Where each run of the text came from.
    pub spans: Vec<Span>,
}

impl Block {
    fn push(&mut self, text: &str, source: usize, exact: bool) {
        self.spans.push(Span {
            text_start: self.text.len(),
            source,
            exact,
        });
        self.text.push_str(text);
    }

    /// The source offset of byte `at` of the block's text.
    pub fn source_offset(&self, at: usize) -> usize {
        match self.spans.iter().rev().find(|s| s.text_start <= at) {
            Some(span) if span.exact => span.source + (at - span.text_start),
            Some(span) => span.source,
            None => self.spans.first().map_or(0, |s| s.source),
        }
    }
}

/// A heading in the body.
#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Byte offset in the file.
    pub offset: usize,
}

/// An image in the body.
#[derive(Debug, Clone)]
pub struct Image {
    /// Byte offset of the `![` in the file.
    pub offset: usize,
    /// Its length on the first line.
    pub width: usize,
    /// The alt text.
    pub alt: String,
}

/// A link in the body (internal or external).
#[derive(Debug, Clone)]
pub struct Link {
    /// Byte offset of the link in the file.
    pub offset: usize,
    /// Its length on the first line.
    pub width: usize,
    /// The link text a reader sees.
    pub text: String,
    /// Where it goes, as written.
    pub dest: String,
    /// `<https://...>` and the like.
    pub autolink: bool,
    /// A `mailto:` autolink.
    pub email: bool,
}

/// A table in the body.
#[derive(Debug, Clone)]
pub struct Table {
    /// Byte offset of the table in the file.
    pub offset: usize,
    /// Its first line's length.
    pub width: usize,
    /// The text of the header row.
    pub header: String,
}

/// Everything the content checks need from one page.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Paragraphs and list items (no code, headings, tables or image alt text).
    pub prose: Vec<Block>,
    /// Every piece of text a reader sees (prose, headings, tables, link
    /// text, alt text), but no code blocks.
    pub visible: Vec<Block>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Images.
    pub images: Vec<Image>,
    /// Links.
    pub links: Vec<Link>,
    /// Tables.
    pub tables: Vec<Table>,
    /// The text of each table's cells, one block per table.
    pub table_text: Vec<Block>,
    /// The `##` sections as plain text: (heading, text under it), as a
    /// reader sees them (placeholders filled, footnote markers left out).
    pub sections: Vec<(String, String)>,
}

/// Where an event stands: its byte offset in the source file and the
/// length of its first line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    /// Byte offset in the source file.
    pub at: usize,
    /// Characters on the event's first line.
    pub width: usize,
}

/// Builds a [`Scan`] from the events of one pass, one event at a time.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    scan: Scan,
    prose: Option<Block>,
    visible: Block,
    // Nesting that keeps text out of the prose.
    in_code: usize,
    in_heading: bool,
    in_h2: bool,
    in_table: bool,
    in_table_head: bool,
    in_footnote: usize,
    image: Option<Image>,
    links: Vec<Link>,
}

impl Collector {
    /// Takes one event. `written` is the text of a `Text` or `Code` event
    /// as it stands in the source (or `None` when it stands nowhere, being
    /// part of a placeholder's value already read), with whether it is
    /// written there exactly as shown.
    pub(crate) fn event(&mut self, event: &Event, place: Place, written: Option<(&str, bool)>) {
        let at = place.at;
        self.section(event);
        match event {
            Event::Start(Tag::Paragraph | Tag::Item) => {
                self.flush();
                self.flush_visible();
                if !self.in_table && !self.in_heading && self.in_footnote == 0 {
                    self.prose = Some(Block::default());
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                self.flush();
                self.flush_visible();
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.in_code += 1;
            }
            Event::End(TagEnd::CodeBlock) => self.in_code = self.in_code.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush();
                self.flush_visible();
                self.in_heading = true;
                self.scan.headings.push(Heading {
                    level: *level as u8,
                    offset: at,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                self.in_heading = false;
                self.flush_visible();
            }
            Event::Start(Tag::Table(_)) => {
                self.flush();
                self.in_table = true;
                self.scan.tables.push(Table {
                    offset: at,
                    width: place.width,
                    header: String::new(),
                });
                self.scan.table_text.push(Block::default());
            }
            Event::End(TagEnd::Table) => self.in_table = false,
            Event::Start(Tag::TableHead) => self.in_table_head = true,
            Event::End(TagEnd::TableHead) => self.in_table_head = false,
            Event::End(TagEnd::TableCell) => {
                self.visible.push(" ", at, false);
                if let Some(block) = self.scan.table_text.last_mut() {
                    block.push(" ", at, false);
                }
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                self.flush();
                self.in_footnote += 1;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.in_footnote = self.in_footnote.saturating_sub(1);
            }
            Event::Start(Tag::Image { .. }) => {
                self.image = Some(Image {
                    offset: at,
                    width: place.width,
                    alt: String::new(),
                });
            }
            Event::End(TagEnd::Image) => {
                if let Some(image) = self.image.take() {
                    self.scan.images.push(image);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => self.links.push(Link {
                offset: at,
                width: place.width,
                text: String::new(),
                dest: dest_url.to_string(),
                autolink: matches!(link_type, LinkType::Autolink | LinkType::Email),
                email: matches!(link_type, LinkType::Email),
            }),
            Event::End(TagEnd::Link) => {
                if let Some(link) = self.links.pop() {
                    self.scan.links.push(link);
                }
            }
            Event::Text(_) | Event::Code(_) => {
                if let Some((text, exact)) = written {
                    self.text(text, at, exact);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.visible.push(" ", at, false);
                if let Some(block) = &mut self.prose {
                    block.push(" ", at, false);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, at: usize, exact: bool) {
        if self.in_code > 0 {
            return;
        }
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
        }
        for link in &mut self.links {
            link.text.push_str(text);
        }
        if self.in_table_head
            && let Some(table) = self.scan.tables.last_mut()
        {
            table.header.push_str(text);
        }
        if self.in_table
            && let Some(block) = self.scan.table_text.last_mut()
        {
            block.push(text, at, exact);
        }
        self.visible.push(text, at, exact);
        let in_prose =
            !self.in_heading && !self.in_table && self.in_footnote == 0 && self.image.is_none();
        if in_prose && let Some(block) = &mut self.prose {
            block.push(text, at, exact);
        }
    }

    /// The FAQ's sections, from the text a reader sees.
    fn section(&mut self, event: &Event) {
        let sections = &mut self.scan.sections;
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                self.in_h2 = true;
                sections.push((String::new(), String::new()));
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => self.in_h2 = false,
            Event::Text(t) | Event::Code(t) => {
                if let Some((heading, text)) = sections.last_mut() {
                    let target = if self.in_h2 { heading } else { text };
                    target.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                if let Some((_, text)) = sections.last_mut()
                    && !self.in_h2
                    && !text.ends_with(' ')
                    && !text.is_empty()
                {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }

    fn flush(&mut self) {
        if let Some(block) = self.prose.take()
            && !block.text.trim().is_empty()
        {
            self.scan.prose.push(block);
        }
    }

    fn flush_visible(&mut self) {
        let block = std::mem::take(&mut self.visible);
        if !block.text.trim().is_empty() {
            self.scan.visible.push(block);
        }
    }

    /// The finished scan.
    pub(crate) fn finish(mut self) -> Scan {
        self.flush();
        self.flush_visible();
        for (heading, text) in &mut self.scan.sections {
            *heading = heading.trim().to_string();
            *text = text.trim().to_string();
        }
        self.scan
    }
}

/// Scans a short Markdown text that is not a page (the self-assessment's
/// texts), with offsets from its own start.
pub fn scan_text(body: &str) -> Scan {
    let mut collector = Collector::default();
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        let place = Place {
            at: range.start,
            width: first_line(body, &range),
        };
        let written = match &event {
            Event::Text(t) | Event::Code(t) => Some((&**t, body.get(range.clone()) == Some(&**t))),
            _ => None,
        };
        collector.event(&event, place, written);
    }
    collector.finish()
}

/// Characters on the first line of `range` in `text`.
pub(crate) fn first_line(text: &str, range: &std::ops::Range<usize>) -> usize {
    text[range.start..range.end.min(text.len())]
        .lines()
        .next()
        .map_or(1, |l| l.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_skips_code_headings_and_tables() {
        let body = "## Heading\n\nFirst line\nsecond line.\n\n```\ncode here\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- item one\n- item two\n";
        let s = scan_text(body);
        let prose: Vec<&str> = s.prose.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(prose, ["First line second line.", "item one", "item two"]);
        assert_eq!(s.headings[0].level, 2);
        assert_eq!(s.tables[0].header.trim(), "ab");
        let block = &s.prose[0];
        let offset = block.source_offset(block.text.find("second").unwrap());
        assert_eq!(&body[offset..offset + 6], "second");
    }

    #[test]
    fn links_and_images_keep_their_text() {
        let s = scan_text("See [click here](a.md) and ![](/x.png) and <https://example.org>.\n");
        assert_eq!(s.links[0].text, "click here");
        assert_eq!(s.links[1].text, "https://example.org");
        assert!(s.links[1].autolink);
        assert_eq!(s.images[0].alt, "");
    }

    #[test]
    fn sections_are_plain_text() {
        let s = scan_text(
            "## How long?\n\nA few *hours*.\nThen rest.\n\n- one\n- two\n\n## Cost\n\nIt `varies`.\n",
        );
        assert_eq!(
            s.sections,
            [
                (
                    "How long?".to_string(),
                    "A few hours. Then rest. one two".to_string()
                ),
                ("Cost".to_string(), "It varies.".to_string()),
            ]
        );
    }
}
