//! Values are checked where they enter: `--base-url` like site.yaml's
//! `base_url`, a bounded `review_interval_days`, no review dated in the
//! future. Each case asserts the full message and that nothing was written.

mod common;

use common::SiteTest;

fn with_site_yaml(from: &str, to: &str) -> SiteTest {
    let good = SiteTest::from_fixture("good");
    let yaml = good.read("site.yaml");
    assert!(yaml.contains(from), "the fixture has no `{from}`");
    good.file("site.yaml", yaml.replace(from, to))
}

#[test]
fn base_url_flag_is_checked_like_site_yaml() {
    let site = SiteTest::from_fixture("good");
    for (url, reason) in [
        (
            "javascript:alert(1)",
            "the value must be a full web address, not `javascript:alert(1)`; write it like `https://www.example.org`",
        ),
        (
            "https://x.org\nDisallow: /",
            "the value contains a space, tab or line break; write the address on one line, with no spaces, like `https://www.example.org`",
        ),
        (
            "https://x.org/clinic",
            "the value must not have a path (`/clinic`); pages link to each other from the root of the host (`/faq/`), so the site must be published at the root of its own host: use `https://www.example.org` or a sub-domain like `https://clinic.example.org`",
        ),
    ] {
        let run = site.run(&["build", "--base-url", url]);
        run.expect_code(2);
        assert_eq!(
            run.stderr,
            format!(
                "error: invalid value '{url}' for '--base-url <URL>': {reason}\n\nFor more information, try '--help'.\n"
            )
        );
        assert!(!site.exists("public"), "{url}: something was built");
    }
    site.run(&["build", "--base-url", "https://staging.example.org:8080/"])
        .expect_code(0);
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://staging.example.org:8080/faq/</loc>")
    );
}

#[test]
fn base_url_with_a_line_break_is_refused() {
    let site = with_site_yaml(
        "base_url: https://test.example.org",
        "base_url: \"https://test.example.org\\nDisallow: /\"",
    );
    assert_eq!(
        site.build_errors(),
        r#"error: `base_url` contains a space, tab or line break
 --> site.yaml:4:1
  |
4 | base_url: "https://test.example.org\nDisallow: /"
  | ^^^^^^^^
  = hint: write the address on one line, with no spaces, like `https://www.example.org`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
    assert!(!site.exists("public"));
}

#[test]
fn base_url_with_a_path_is_refused() {
    let site = with_site_yaml(
        "base_url: https://test.example.org",
        "base_url: https://test.example.org/clinic/",
    );
    assert_eq!(
        site.build_errors(),
        r#"error: `base_url` must not have a path (`/clinic/`)
 --> site.yaml:4:1
  |
4 | base_url: https://test.example.org/clinic/
  | ^^^^^^^^
  = hint: pages link to each other from the root of the host (`/faq/`), so the site must be published at the root of its own host: use `https://www.example.org` or a sub-domain like `https://clinic.example.org`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
}

#[test]
fn review_interval_is_bounded() {
    let site = SiteTest::from_fixture("good");
    let yaml = site.read("site.yaml") + "policy:\n  review_interval_days: 99999999999\n";
    // The key's line: the fixture's lines, then `policy:`, then it.
    let line = yaml.lines().count();
    let site = site.file("site.yaml", yaml);
    assert_eq!(
        site.build_errors(),
        format!(
            "error: `review_interval_days` must be between 1 and 3650 (ten years), not 99999999999\n  --> site.yaml:{line}:3\n   |\n{line} |   review_interval_days: 99999999999\n   |   ^^^^^^^^^^^^^^^^^^^^\n   = hint: 365 asks for a review every year\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
        )
    );
    let yaml = site.read("site.yaml").replace("99999999999", "0");
    let run = site
        .file("site.yaml", yaml)
        .run(&["check", "--today", "2026-11-24"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains(
            "error: `review_interval_days` must be between 1 and 3650 (ten years), not 0\n"
        ),
        "{}",
        run.stdout
    );
}

const FUTURE: &str = r#"error: `last_reviewed` (2999-01-01) is a date in the future
 --> content/articles/sessions.md:8:1
  |
8 | last_reviewed: 2999-01-01
  | ^^^^^^^^^^^^^
  = hint: write the date a clinician actually reviewed the text: a date still to come would show the page as reviewed before it is
"#;

#[test]
fn last_reviewed_in_the_future_is_refused() {
    let good = SiteTest::from_fixture("good");
    let text = good.read("content/articles/sessions.md").replace(
        "last_reviewed: 2026-11-01\nnext_review: 2027-11-01\n",
        "last_reviewed: 2999-01-01\n",
    );
    let site = good.file("content/articles/sessions.md", text);
    assert_eq!(
        site.build_errors(),
        format!(
            "{FUTURE}\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
        )
    );
}

#[test]
fn check_judges_last_reviewed_by_its_today() {
    // Reviewed on 2026-11-01: in the past for the build, in the future for
    // a check run as if it were 2026-10-15.
    let site = SiteTest::from_fixture("good");
    site.run(&["check", "--today", "2026-11-02"]).expect_code(0);
    let run = site.run(&["check", "--today", "2026-10-15"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains(
            "error: `last_reviewed` (2026-11-01) is a date in the future\n --> content/articles/sessions.md:8:1\n  |\n8 | last_reviewed: 2026-11-01\n  | ^^^^^^^^^^^^^\n  = hint: write the date a clinician actually reviewed the text: a date still to come would show the page as reviewed before it is\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!site.exists("public"), "check wrote files");
}
