//! Property tests: on arbitrary input, the front-matter splitter, the
//! Markdown link rewriter, the URL policy and the YAML reader never panic,
//! finish quickly, and every problem they report renders with its caret.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use pamphlet::content::{Document, FrontMatter, Kind, Reference, SourceFile, parse_front_matter};
use pamphlet::diagnostic::Diagnostic;
use pamphlet::{markdown, url_policy, yaml};
use proptest::prelude::*;

/// Text made of the characters that matter to Markdown links, YAML and
/// front matter, with some non-ASCII and control characters mixed in.
fn markup() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::collection::vec(
            prop_oneof![
                Just("---\n".to_string()),
                Just("[".to_string()),
                Just("](".to_string()),
                Just(")".to_string()),
                Just("![".to_string()),
                Just("<".to_string()),
                Just(">".to_string()),
                Just("[^a]".to_string()),
                Just("]: ".to_string()),
                Just("javascript:".to_string()),
                Just("https://example.org/".to_string()),
                Just("&#x09;".to_string()),
                Just("&colon;".to_string()),
                Just("../faq.md#q".to_string()),
                Just("/about/".to_string()),
                Just("%".to_string()),
                Just("%2e%2E/".to_string()),
                Just("../".to_string()),
                Just(".md".to_string()),
                Just("?".to_string()),
                Just("## T {#id .c onclick=x}\n".to_string()),
                Just("{".to_string()),
                Just("}".to_string()),
                Just("\"".to_string()),
                Just("'".to_string()),
                Just(": ".to_string()),
                Just("- ".to_string()),
                Just("|\n".to_string()),
                Just("#".to_string()),
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("  ".to_string()),
                Just("\t".to_string()),
                Just("é".to_string()),
                Just("\u{E000}".to_string()),
                Just("\u{1}".to_string()),
                "[a-z]{1,8}",
            ],
            0..80,
        )
        .prop_map(|parts| parts.concat()),
        1 => any::<String>(),
    ]
}

/// Renders every diagnostic, which exercises the caret arithmetic.
fn render_all(problems: &[Diagnostic]) {
    for problem in problems {
        let _ = problem.to_string();
    }
}

fn document(text: String) -> Document {
    let body_start = text.find("\n---\n").map_or(0, |i| i + 5);
    Document {
        kind: Kind::Article,
        slug: "a".into(),
        source: SourceFile {
            path: PathBuf::from("content/articles/a.md"),
            text,
        },
        meta: FrontMatter {
            references: vec![Reference {
                id: "a".into(),
                title: "A".into(),
                url: None,
                publisher: None,
                year: None,
            }],
            ..FrontMatter::default()
        },
        body_start,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_splitter_never_panics(text in markup()) {
        let source = SourceFile { path: PathBuf::from("content/articles/a.md"), text };
        let started = Instant::now();
        match parse_front_matter(&source, Kind::Article) {
            Ok((_, body_start)) => prop_assert!(source.text.is_char_boundary(body_start)),
            Err(problems) => render_all(&problems),
        }
        prop_assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn link_rewriter_never_panics(text in markup()) {
        let doc = document(text);
        let started = Instant::now();
        let (rendered, problems) = markdown::render(&doc);
        render_all(&problems);
        // Whatever was written, no refused address reaches the page.
        prop_assert!(!rendered.html.contains("href=\"javascript"), "{}", rendered.html);
        prop_assert!(!rendered.html.contains("src=\"https:"), "{}", rendered.html);
        let snippet = markdown::snippet(doc.body());
        let _ = markdown::snippet_problems(doc.body());
        prop_assert!(!snippet.contains("href=\"javascript"), "{}", snippet);
        prop_assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn url_policy_never_panics_and_refuses_scripts(url in markup()) {
        let kind = url_policy::classify(&url);
        let _ = url_policy::shown(&url);
        let cleaned: String = url
            .trim_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        if cleaned.to_ascii_lowercase().starts_with("javascript:") {
            prop_assert!(kind.is_err(), "{url:?} was allowed");
        }
    }

    #[test]
    fn yaml_reader_never_panics(text in markup()) {
        let started = Instant::now();
        if let Err(problem) = yaml::parse::<serde_yaml::Value>(std::path::Path::new("site.yaml"), &text, &text, 1) {
            let _ = problem.to_string();
        }
        prop_assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn a_caret_on_any_line_renders(
        line in "[a-zé\t ]{0,1500}",
        offset in 0usize..1600,
        width in 0usize..300,
    ) {
        let text = format!("first\n{line}\nlast\n");
        let d = Diagnostic::error("a.md", "bad")
            .at_offset(&text, offset.min(text.len()))
            .underline(width);
        let _ = d.to_string();
        // A long line is cut around the caret, never printed whole.
        if line.chars().count() > 500 && d.line == 2 {
            let shown = d.source_line.as_deref().unwrap_or_default();
            prop_assert!(shown.chars().count() <= 162, "{shown}");
        }
    }
}
