//! Accessibility of the content: what staff write that a screen reader or
//! keyboard user would stumble over. (The pages themselves are tested with
//! axe-core in the browser gates.)

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::markdown::scan::Scan;

/// Link texts that say nothing out of context.
const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "here",
    "click",
    "read more",
    "more",
    "learn more",
    "this",
    "this link",
    "link",
    "this page",
];

/// The accessibility problems of one page, as errors.
pub fn check(path: &Path, source: &str, scan: &Scan) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = |message: String, offset: usize, width: usize, hint: &str| {
        Diagnostic::error(path, message)
            .at_offset(source, offset)
            .underline(width)
            .hint(hint)
    };
    for image in &scan.images {
        if image.alt.trim().is_empty() {
            problems.push(at(
                "this image has no alt text".into(),
                image.offset,
                image.width,
                "describe what the image shows between the brackets: `![A nurse checks blood pressure](/images/bp.png)`",
            ));
        }
    }
    // The page's title is its only level-1 heading; the body starts at `##`.
    let mut previous = 1;
    for heading in &scan.headings {
        let marks = "#".repeat(usize::from(heading.level));
        if heading.level == 1 {
            problems.push(at(
                "a `#` heading in the text: the page's title is already its top heading".into(),
                heading.offset,
                1,
                "start the sections of the text at `##`",
            ));
        } else if heading.level > previous + 1 {
            let expected = "#".repeat(usize::from(previous + 1));
            let after = if previous == 1 {
                "the page's title".to_string()
            } else {
                format!("a `{}` heading", "#".repeat(usize::from(previous)))
            };
            problems.push(at(
                format!("this `{marks}` heading skips a level: it follows {after}"),
                heading.offset,
                usize::from(heading.level),
                &format!(
                    "screen reader users move by heading levels; make it `{expected}`, or add the missing `{expected}` section above it"
                ),
            ));
        }
        previous = heading.level;
    }
    for link in &scan.links {
        if link.email {
            continue;
        }
        let text = link.text.trim();
        let normal = text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let bare = link.autolink
            || text == link.dest
            || text.starts_with("http://")
            || text.starts_with("https://")
            || text.starts_with("www.");
        if bare {
            problems.push(at(
                format!("the link text is a bare web address: `{text}`"),
                link.offset,
                link.width,
                "screen readers read addresses letter by letter: write what the link is about, like `[the FDA's label](https://...)`",
            ));
        } else if VAGUE_LINK_TEXT.contains(&normal.as_str()) {
            problems.push(at(
                format!("the link text \"{text}\" does not say where it goes"),
                link.offset,
                link.width,
                "screen reader users often list the links of a page: name what the link is about, like `[how many sessions you may need](how-many-sessions.md)`",
            ));
        }
    }
    for table in &scan.tables {
        if table.header.trim().is_empty() {
            problems.push(at(
                "this table has no header row".into(),
                table.offset,
                table.width,
                "put a name for each column in the table's first row (the one above `|---|`); screen readers read it with every cell",
            ));
        }
    }
    problems
}
