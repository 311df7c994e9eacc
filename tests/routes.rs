//! Where pages are published and where links to them point: one scheme,
//! from `src/routes.rs`, for file names with spaces, capitals and accents,
//! for anchors on built-in pages and for links to the site's own address.

mod common;

use common::SiteTest;

const FRONT: &str = "reviewed_by: Dr. A\nlast_reviewed: 2026-01-01\n---\n";

fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndescription: A test page.\n{FRONT}{body}")
}

/// The fixture site with `maintenance.md` renamed `Maintenance Sessions.md`
/// and linked to as staff write such names.
fn with_spaces() -> SiteTest {
    let site = SiteTest::from_fixture("good");
    let maintenance = site.read("content/articles/maintenance.md");
    let sessions = site.read("content/articles/sessions.md").replace(
        "(maintenance.md#how-often)",
        "(Maintenance%20Sessions.md#how-often)",
    );
    site.remove("content/articles/maintenance.md")
        .file("content/articles/Maintenance Sessions.md", maintenance)
        .file("content/articles/sessions.md", sessions)
        .file(
            "content/articles/safety.md",
            article(
                "Is it safe for me?",
                "Read about [boosters](<Maintenance Sessions.md>).\n",
            ),
        )
}

fn assert_fails(site: &SiteTest, expected: &str) {
    let errors = site.build_errors();
    assert_eq!(errors, expected, "\n--- actual ---\n{errors}");
    assert!(!site.exists("public"), "a failed first build wrote public/");
}

#[test]
fn a_file_with_spaces_is_published_where_its_links_point() {
    let site = with_spaces();
    site.build().expect_code(0);
    assert!(site.exists("public/articles/maintenance-sessions/index.html"));
    assert!(!site.exists("public/articles/Maintenance Sessions"));
    let sessions = site.main_of("public/articles/sessions/index.html");
    assert!(
        sessions.contains("href=\"/articles/maintenance-sessions/#how-often\""),
        "{sessions}"
    );
    let safety = site.main_of("public/articles/safety/index.html");
    assert!(
        safety.contains("<a href=\"/articles/maintenance-sessions/\">boosters</a>"),
        "{safety}"
    );
}

#[test]
fn a_link_with_spaces_to_a_missing_file_fails() {
    let site = with_spaces().file(
        "content/articles/safety.md",
        article(
            "Is it safe for me?",
            "Read about [boosters](Maintenance%20Session.md).\n",
        ),
    );
    assert_fails(
        &site,
        "\
error: the link `Maintenance%20Session.md` goes to `content/articles/Maintenance Session.md`, which does not exist
 --> content/articles/safety.md:7:23
  |
7 | Read about [boosters](Maintenance%20Session.md).
  |                       ^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: did you mean `Maintenance Sessions.md`? Links are relative to the file they are in

error: found 1 error
The previous output in [ROOT]/public was left as it was.
",
    );
}

#[test]
fn accented_names_are_transliterated() {
    let site = SiteTest::from_fixture("good")
        .file(
            "content/articles/Über.md",
            article("Über uns", "Tagged for the test.\n").replace(
                "description: A test page.\n",
                "description: A test page.\ntags: [Ñandú, and]\n",
            ),
        )
        .file(
            "content/articles/safety.md",
            article("Is it safe for me?", "See [about us](<Über.md>).\n"),
        );
    site.build().expect_code(0);
    assert!(site.exists("public/articles/uber/index.html"));
    assert!(site.exists("public/tags/nandu/index.html"));
    assert!(site.exists("public/tags/and/index.html"));
    let safety = site.main_of("public/articles/safety/index.html");
    assert!(
        safety.contains("<a href=\"/articles/uber/\">about us</a>"),
        "{safety}"
    );
}

#[test]
fn two_files_with_one_slug_are_an_error_naming_both() {
    let site = SiteTest::from_fixture("good")
        .file("content/articles/Über.md", article("Über", "One.\n"))
        .file("content/articles/uber.md", article("Uber", "Two.\n"));
    assert_fails(
        &site,
        "\
error: `content/articles/uber.md` and `content/articles/Über.md` would both be published at /articles/uber/
 --> content/articles/Über.md
  = hint: rename one of the two files

error: found 1 error
The previous output in [ROOT]/public was left as it was.
",
    );
}

#[test]
fn anchors_on_built_in_pages_are_checked() {
    let site = SiteTest::from_fixture("good").file(
        "content/articles/safety.md",
        article(
            "Is it safe for me?",
            "See [the answer](/faq/#is-it-safe) and [another](/faq/#no-such-question).\n",
        ),
    );
    assert_fails(
        &site,
        "\
error: `content/faq.md` has no heading with the id `#no-such-question`
 --> content/articles/safety.md:7:50
  |
7 | See [the answer](/faq/#is-it-safe) and [another](/faq/#no-such-question).
  |                                                  ^^^^^^^^^^^^^^^^^^^^^^
  = hint: an anchor is a heading's id: `## Why a series?` has the id `why-a-series`; the ids in content/faq.md are: `#contents`, `#how-many-sessions`, `#is-it-safe`, `#main`, `#sources`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
",
    );
}

#[test]
fn links_to_the_sites_own_address_are_checked() {
    let site = SiteTest::from_fixture("good").file(
        "content/articles/safety.md",
        article(
            "Is it safe for me?",
            "See [the FAQ](https://test.example.org/faq/#is-it-safe), \
             [home](https://test.example.org) and [gone](https://test.example.org/no-such-page/).\n\n\
             [Book](https://test.example.org/book) is site.yaml's `booking_url`, served elsewhere.\n",
        ),
    );
    assert_fails(
        &site,
        "\
error: the link `https://test.example.org/no-such-page/` goes to no page or file of this site
 --> content/articles/safety.md:7:102
  |
7 | See [the FAQ](https://test.example.org/faq/#is-it-safe), [home](https://test.example.org) and [gone](https://test.example.org/no-such-page/).
  |                                                                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: link to another page by its Markdown file (`../faq.md`), and to files in static/ as `/file-name`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
",
    );
}

#[test]
fn problems_after_a_placeholder_point_at_the_file_as_written() {
    // `{clinic}` is filled in before the Markdown pass; the caret still
    // stands where staff wrote the link.
    let site = SiteTest::from_fixture("good").file(
        "content/articles/safety.md",
        article(
            "Is it safe for me?",
            "At {clinic} we explain [the costs](cost.md).\n",
        ),
    );
    assert_fails(
        &site,
        "\
error: the link `cost.md` goes to `content/articles/cost.md`, which does not exist
 --> content/articles/safety.md:7:36
  |
7 | At {clinic} we explain [the costs](cost.md).
  |                                    ^^^^^^^
  = hint: links are relative to the file they are in: from an article, `other-article.md`, `../faq.md` or `../pages/about.md`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
",
    );
}
