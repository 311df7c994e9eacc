//! site.yaml's `brand` and `crisis_lines` end to end: what the pages show,
//! and the full message for each mistake (issue 13).

mod common;

use common::SiteTest;

/// The fixture's site.yaml with `extra` appended.
fn with_site_yaml(extra: &str) -> SiteTest {
    let site = SiteTest::from_fixture("good");
    let yaml = site.read("site.yaml");
    site.file("site.yaml", format!("{yaml}{extra}"))
}

#[test]
fn a_brand_colour_too_light_for_white_text_is_an_error_with_a_darker_shade() {
    let site = with_site_yaml("brand:\n  color: \"#7fb3d5\"\n");
    let line = site.read("site.yaml").lines().count();
    let errors = site.build_errors();
    assert_eq!(
        errors,
        format!(
            "error: the brand colour `#7fb3d5` is too light for white text: its contrast is 2.25:1 and WCAG AA needs at least 4.5:1\n  \
             --> site.yaml:{line}:11\n   |\n{line} |   color: \"#7fb3d5\"\n   |           ^^^^^^^\n   \
             = hint: the header and the main buttons put white text on this colour; a darker shade such as `#567a91` passes\n\n\
             error: found 1 error\n\
             The previous output in [ROOT]/public was left as it was.\n"
        ),
        "\n--- actual ---\n{errors}"
    );
    assert!(!site.exists("public/index.html"), "nothing was written");
}

#[test]
fn a_brand_colour_and_logo_reach_every_page_through_a_stylesheet() {
    let site = with_site_yaml("brand:\n  color: \"#0f5a73\"\n  logo: /favicon.svg\n");
    site.build().expect_code(0);
    let css = site.read("public/css/brand.css");
    assert!(css.contains(":root { --brand: #0f5a73;"), "{css}");
    for page in [
        "public/index.html",
        "public/faq/index.html",
        "public/404.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains(r#"<link rel="stylesheet" href="/css/brand.css">"#),
            "{page}"
        );
        assert!(
            html.contains(r#"<img class="logo" src="/favicon.svg" alt="" width="40" height="40">"#),
            "{page}"
        );
        assert!(!html.contains("style="), "{page}: no inline style");
    }
}

#[test]
fn without_a_brand_there_is_no_brand_stylesheet() {
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    assert!(!site.exists("public/css/brand.css"));
    assert!(!site.read("public/index.html").contains("/css/brand.css"));
}

#[test]
fn a_missing_logo_and_bad_crisis_lines_are_each_reported() {
    let site = with_site_yaml(
        "brand:\n  logo: /missing.png\ncrisis_lines:\n  - name: Line\n    number: \"98x\"\n    chat: http://example.org/chat\n  - text: true\n",
    );
    let errors = site.build_errors();
    for expected in [
        "error: the logo `/missing.png` is not in static/\n",
        "= hint: put the file at static/missing.png, or fix the path\n",
        "error: the crisis line `Line` has the number `98x`, which a phone cannot dial\n",
        "= hint: write digits, with spaces, dashes, brackets or a leading `+`, like `988` or `+44 116 123`\n",
        "error: the crisis line `Line` has the chat address `http://example.org/chat`, which is not an https:// web address\n",
        "error: crisis line 2 offers texts (`text: true`) but has no `number`\n",
        "error: found 4 errors\n",
    ] {
        assert!(
            errors.contains(expected),
            "missing {expected:?} in\n{errors}"
        );
    }
}

#[test]
fn an_old_site_yaml_without_crisis_lines_gets_the_us_lines_and_keeps_its_crisis_text() {
    // The fixture's site.yaml predates `crisis_lines`.
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    let html = site.read("public/about/index.html");
    for expected in [
        r##"<a class="help-now" href="#crisis">Need help now?</a>"##,
        r#"<a class="tap" href="tel:988">Call 988</a>"#,
        r#"<a class="tap" href="sms:988">Text 988</a>"#,
        r#"<a class="tap" href="tel:911">Call 911</a>"#,
        r#"<a class="tap" href="tel:711">Call 711</a>"#,
        "Outside the US, call your local emergency number.",
        "If you are thinking about suicide, call or text <strong>988</strong>.",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
}

#[test]
fn custom_crisis_lines_replace_the_default() {
    let site = with_site_yaml(
        "crisis_lines:\n  - name: Samaritans\n    number: \"116 123\"\n    note: Free, day or night.\n",
    );
    site.build().expect_code(0);
    let html = site.read("public/index.html");
    assert!(html.contains(r#"<a class="tap" href="tel:116123">Call 116 123</a>"#));
    assert!(!html.contains("tel:988\""), "the US default is gone");
}

#[test]
fn a_static_brand_css_cannot_replace_the_generated_one() {
    let site =
        with_site_yaml("brand:\n  color: \"#0f5a73\"\n").file("static/css/brand.css", "a {}");
    let errors = site.build_errors();
    assert!(
        errors.starts_with(
            "error: `static/css/brand.css` would replace the stylesheet of site.yaml's brand colour (`css/brand.css`), which pamphlet builds itself\n"
        ),
        "{errors}"
    );
    // Without a brand colour the file is the site's own and is published.
    let site = SiteTest::from_fixture("good").file("static/css/brand.css", "a {}");
    site.build().expect_code(0);
    assert_eq!(site.read("public/css/brand.css"), "a {}");
}
