//! One pass over a page's Markdown that collects what the content checks
//! look at: prose blocks (for readability and claims), visible text (for
//! wording), headings, images, links and tables, each with its byte offset
//! in the source file so a problem can point at its line and column.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::content::Document;
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
}

/// Scans a document's body.
pub fn scan(doc: &Document) -> Scan {
    scan_body(doc.body(), doc.body_start)
}

/// Scans Markdown `body` that starts at byte `file_offset` of its file.
pub fn scan_body(body: &str, file_offset: usize) -> Scan {
    let mut scan = Scan::default();
    let mut prose: Option<Block> = None;
    let mut visible = Block::default();
    // Nesting that keeps text out of the prose.
    let mut in_code = 0usize;
    let mut in_heading = false;
    let mut in_table = false;
    let mut in_table_head = false;
    let mut in_footnote = 0usize;
    let mut image: Option<(Image, usize)> = None;
    let mut links: Vec<(Link, usize)> = Vec::new();
    let first_line = |range: &Range<usize>| {
        body[range.start..range.end.min(body.len())]
            .lines()
            .next()
            .map_or(1, |l| l.chars().count())
    };
    let flush = |prose: &mut Option<Block>, scan: &mut Scan| {
        if let Some(block) = prose.take()
            && !block.text.trim().is_empty()
        {
            scan.prose.push(block);
        }
    };
    let flush_visible = |visible: &mut Block, scan: &mut Scan| {
        if !visible.text.trim().is_empty() {
            scan.visible.push(std::mem::take(visible));
        } else {
            *visible = Block::default();
        }
    };
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        let at = file_offset + range.start;
        match event {
            Event::Start(Tag::Paragraph | Tag::Item) => {
                flush(&mut prose, &mut scan);
                flush_visible(&mut visible, &mut scan);
                if !in_table && !in_heading && in_footnote == 0 {
                    prose = Some(Block::default());
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                flush(&mut prose, &mut scan);
                flush_visible(&mut visible, &mut scan);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut prose, &mut scan);
                in_code += 1;
            }
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut prose, &mut scan);
                flush_visible(&mut visible, &mut scan);
                in_heading = true;
                scan.headings.push(Heading {
                    level: level as u8,
                    offset: at,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                flush_visible(&mut visible, &mut scan);
            }
            Event::Start(Tag::Table(_)) => {
                flush(&mut prose, &mut scan);
                in_table = true;
                scan.tables.push(Table {
                    offset: at,
                    width: first_line(&range),
                    header: String::new(),
                });
                scan.table_text.push(Block::default());
            }
            Event::End(TagEnd::Table) => in_table = false,
            Event::Start(Tag::TableHead) => in_table_head = true,
            Event::End(TagEnd::TableHead) => in_table_head = false,
            Event::End(TagEnd::TableCell) => {
                visible.push(" ", at, false);
                if let Some(block) = scan.table_text.last_mut() {
                    block.push(" ", at, false);
                }
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                flush(&mut prose, &mut scan);
                in_footnote += 1;
            }
            Event::End(TagEnd::FootnoteDefinition) => in_footnote = in_footnote.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => {
                image = Some((
                    Image {
                        offset: at,
                        width: first_line(&range),
                        alt: String::new(),
                    },
                    0,
                ));
            }
            Event::End(TagEnd::Image) => {
                if let Some((image, _)) = image.take() {
                    scan.images.push(image);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => links.push((
                Link {
                    offset: at,
                    width: first_line(&range),
                    text: String::new(),
                    dest: dest_url.to_string(),
                    autolink: matches!(link_type, LinkType::Autolink | LinkType::Email),
                    email: matches!(link_type, LinkType::Email),
                },
                0,
            )),
            Event::End(TagEnd::Link) => {
                if let Some((link, _)) = links.pop() {
                    scan.links.push(link);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if in_code > 0 {
                    continue;
                }
                let exact = body.get(range.clone()) == Some(&*text);
                if let Some((image, _)) = &mut image {
                    image.alt.push_str(&text);
                }
                for (link, _) in &mut links {
                    link.text.push_str(&text);
                }
                if in_table_head && let Some(table) = scan.tables.last_mut() {
                    table.header.push_str(&text);
                }
                if in_table && let Some(block) = scan.table_text.last_mut() {
                    block.push(&text, at, exact);
                }
                visible.push(&text, at, exact);
                let in_prose = !in_heading && !in_table && in_footnote == 0 && image.is_none();
                if in_prose && let Some(block) = &mut prose {
                    block.push(&text, at, exact);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                visible.push(" ", at, false);
                if let Some(block) = &mut prose {
                    block.push(" ", at, false);
                }
            }
            _ => {}
        }
    }
    flush(&mut prose, &mut scan);
    flush_visible(&mut visible, &mut scan);
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_skips_code_headings_and_tables() {
        let body = "## Heading\n\nFirst line\nsecond line.\n\n```\ncode here\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- item one\n- item two\n";
        let s = scan_body(body, 10);
        let prose: Vec<&str> = s.prose.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(prose, ["First line second line.", "item one", "item two"]);
        assert_eq!(s.headings[0].level, 2);
        assert_eq!(s.tables[0].header.trim(), "ab");
        let block = &s.prose[0];
        let offset = block.source_offset(block.text.find("second").unwrap());
        assert_eq!(&body[offset - 10..offset - 10 + 6], "second");
    }

    #[test]
    fn links_and_images_keep_their_text() {
        let s = scan_body(
            "See [click here](a.md) and ![](/x.png) and <https://example.org>.\n",
            0,
        );
        assert_eq!(s.links[0].text, "click here");
        assert_eq!(s.links[1].text, "https://example.org");
        assert!(s.links[1].autolink);
        assert_eq!(s.images[0].alt, "");
    }
}
