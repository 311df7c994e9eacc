//! Bounded cost: inputs over the documented limits get one clear message
//! fast, and an error on a huge line shows only the part around the caret.

mod common;

use std::time::{Duration, Instant};

use common::SiteTest;

const FRONT: &str = "---\ntitle: Big\ndescription: A big page.\nreviewed_by: Dr. Test Reviewer, MD (fictional)\nlast_reviewed: 2026-11-01\n";

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let body = "Many people come back for a session every few weeks.\n\n".repeat(20_000);
    let site = SiteTest::from_fixture("good")
        .file("content/articles/big.md", format!("{FRONT}---\n{body}"));
    assert_eq!(
        site.build_errors(),
        "error: this file is 1055 KB, more than pamphlet reads (1024 KB)\n --> content/articles/big.md\n  = hint: split it into several files; pictures, PDFs and other large files go in static/\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
    );
}

#[test]
fn a_page_just_under_the_limit_builds_in_time() {
    let para = "Many people come back for a session every few weeks. See [the FAQ](../faq.md#is-it-safe).\n\n";
    let body = para.repeat(1_000_000 / para.len());
    let site = SiteTest::from_fixture("good")
        .file("content/articles/big.md", format!("{FRONT}---\n{body}"));
    let started = Instant::now();
    site.build().expect_code(0);
    // Release builds take about 0.05 s; this bound catches a cost that
    // grows with the square of the size even in a debug build.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        site.read("public/articles/big/index.html")
            .contains("<a href=\"/faq/#is-it-safe\">the FAQ</a>")
    );
}

#[test]
fn an_error_on_a_one_megabyte_line_shows_the_part_around_the_caret() {
    let long = "a".repeat(1_000_000);
    let site = SiteTest::from_fixture("good").file(
        "content/articles/big.md",
        format!("---\ntitle: Big\ndescription: {long}: b\n---\nText\n"),
    );
    let shown = format!("…{}: b", "a".repeat(157));
    assert_eq!(
        site.build_errors(),
        format!(
            "error: this is not valid YAML: mapping values are not allowed in this context\n --> content/articles/big.md:3:1000014\n  |\n3 | {shown}\n  | {}^\n  = hint: check the indentation, and put text with a colon `:` in quotes\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
            " ".repeat(158)
        )
    );
}

#[test]
fn deeply_nested_yaml_is_refused_quickly() {
    let deep = format!("{}{}", "[".repeat(80_000), "]".repeat(80_000));
    let site = SiteTest::from_fixture("good").file(
        "content/articles/deep.md",
        format!("---\ntitle: {deep}\n---\nText\n"),
    );
    let started = Instant::now();
    let errors = site.build_errors();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        errors,
        format!(
            "error: this YAML nests `[` and `{{` more than 100 levels deep\n --> content/articles/deep.md:2:108\n  |\n2 | …{}…\n  | {}^\n  = hint: pamphlet's files need a few levels at most: check for brackets that are never closed, and write long lists as indented `- ` lines\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
            "[".repeat(160),
            " ".repeat(41)
        )
    );
}

#[test]
fn deeply_nested_assessment_is_refused_quickly() {
    let fixture = SiteTest::from_fixture("assessment");
    let yaml = fixture.read("content/assessment.yaml").replace(
        "credit: Test credit.",
        &format!("credit: {}{}", "{a: ".repeat(40_000), "}".repeat(40_000)),
    );
    let site = fixture.file("content/assessment.yaml", yaml);
    let started = Instant::now();
    let errors = site.build_errors();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let line = format!("credit: {}{}", "{a: ".repeat(40_000), "}".repeat(40_000));
    let shown: String = line.chars().skip(409 - 1 - 40).take(160).collect();
    assert_eq!(
        errors,
        format!(
            "error: this YAML nests `[` and `{{` more than 100 levels deep\n --> content/assessment.yaml:5:409\n  |\n5 | …{shown}…\n  | {}^\n  = hint: pamphlet's files need a few levels at most: check for brackets that are never closed, and write long lists as indented `- ` lines\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
            " ".repeat(41)
        )
    );
}
