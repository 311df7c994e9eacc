//! The one URL policy, end to end: every address staff write (Markdown
//! links and images, front matter, site.yaml, the self-assessment) is a
//! relative path, `https:`/`http:`, `mailto:`, `tel:` or `sms:`, or the
//! build fails with the full message asserted here and writes nothing.

mod common;

use common::SiteTest;

const ABOUT: &str = "---\ntitle: About us\ndescription: Who we are.\n---\n";

/// The hint every refused link carries.
const LINK_HINT: &str = "link to a page of this site (`../faq.md`, `/about/`), a web address (`https://...`), or use `mailto:`, `tel:` or `sms:`; other kinds of address can run code or open files in a patient's browser";

/// Builds the good fixture with `content/pages/about.md`'s body replaced,
/// expecting failure, and checks that nothing was written.
fn about_errors(body: &str) -> String {
    let site =
        SiteTest::from_fixture("good").file("content/pages/about.md", format!("{ABOUT}{body}"));
    let errors = site.build_errors();
    assert!(!site.exists("public"), "a failed build wrote public/");
    errors
}

fn refused_link(
    line: usize,
    col: usize,
    source: &str,
    url: &str,
    shown: &str,
    scheme: &str,
) -> String {
    let gutter = " ".repeat(line.to_string().len());
    format!(
        "error: the link `{shown}` uses `{scheme}:`, which a clinic site does not publish\n{gutter}--> content/pages/about.md:{line}:{col}\n{gutter} |\n{line} | {source}\n{gutter} | {}{}\n{gutter} = hint: {LINK_HINT}\n\n",
        " ".repeat(col - 1),
        "^".repeat(url.chars().count()),
    )
}

#[test]
fn inline_reference_and_autolinks_with_other_schemes_are_refused() {
    let body = "Inline [x](javascript:alert(1)) and [d](data:text/html,hi).\nRef [z][evil] and auto <vbscript:msgbox(1)>.\n\n[evil]: file:///etc/passwd\n";
    let line5 = "Inline [x](javascript:alert(1)) and [d](data:text/html,hi).";
    let line6 = "Ref [z][evil] and auto <vbscript:msgbox(1)>.";
    let expected = [
        refused_link(
            5,
            12,
            line5,
            "javascript:alert(1)",
            "javascript:alert(1)",
            "javascript",
        ),
        refused_link(
            5,
            41,
            line5,
            "data:text/html,hi",
            "data:text/html,hi",
            "data",
        ),
        refused_link(
            6,
            25,
            line6,
            "vbscript:msgbox(1)",
            "vbscript:msgbox(1)",
            "vbscript",
        ),
        refused_link(
            8,
            9,
            "[evil]: file:///etc/passwd",
            "file:///etc/passwd",
            "file:///etc/passwd",
            "file",
        ),
    ]
    .concat()
        + "error: found 4 errors\nThe previous output in [ROOT]/public was left as it was.\n";
    assert_eq!(about_errors(body), expected);
}

#[test]
fn obfuscated_schemes_are_read_as_a_browser_reads_them() {
    let body = "[a](JaVaScRiPt:alert(1)) [b](java&#x09;script:alert(1))\n[c](javascript&colon;alert(1)) [d](&#1;javascript:alert(1))\n";
    let line5 = "[a](JaVaScRiPt:alert(1)) [b](java&#x09;script:alert(1))";
    let line6 = "[c](javascript&colon;alert(1)) [d](&#1;javascript:alert(1))";
    let expected = [
        refused_link(
            5,
            5,
            line5,
            "JaVaScRiPt:alert(1)",
            "JaVaScRiPt:alert(1)",
            "javascript",
        ),
        // Character references are decoded by Markdown: the message shows
        // the address as the browser would get it, hidden characters visible.
        refused_link(
            5,
            30,
            line5,
            "java\tscript:alert(1)",
            "java\\tscript:alert(1)",
            "javascript",
        ),
        refused_link(
            6,
            5,
            line6,
            "javascript:alert(1)",
            "javascript:alert(1)",
            "javascript",
        ),
        refused_link(
            6,
            36,
            line6,
            "\u{1}javascript:alert(1)",
            "\\u{1}javascript:alert(1)",
            "javascript",
        ),
    ]
    .concat()
        + "error: found 4 errors\nThe previous output in [ROOT]/public was left as it was.\n";
    assert_eq!(about_errors(body), expected);
}

#[test]
fn images_come_from_this_site_only() {
    let body = "![pic](https://cdn.example.org/a.png) ![dot](data:image/png;base64,AAAA)\n";
    assert_eq!(
        about_errors(body),
        r#"error: the image `https://cdn.example.org/a.png` is on another website
 --> content/pages/about.md:5:1
  |
5 | ![pic](https://cdn.example.org/a.png) ![dot](data:image/png;base64,AAAA)
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: a clinic site loads nothing from other hosts: save the image in static/ and write `/images/name.png`

error: the image `data:image/png;base64,AAAA` uses `data:`, which a clinic site does not publish
 --> content/pages/about.md:5:39
  |
5 | ![pic](https://cdn.example.org/a.png) ![dot](data:image/png;base64,AAAA)
  |                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: save the image in static/ (for example static/images/chart.png) and write `/images/chart.png`

error: found 2 errors
The previous output in [ROOT]/public was left as it was.
"#
    );
}

#[test]
fn headings_take_only_an_id_and_classes() {
    assert_eq!(
        about_errors("## Title {onclick=alert(1) style=color:red}\n"),
        r#"error: a heading may set only an id and classes, not `onclick`, `style`
 --> content/pages/about.md:5:10
  |
5 | ## Title {onclick=alert(1) style=color:red}
  |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: write `{#name}` for an id and `{.name}` for a class, and remove the rest: attributes such as `onclick` and `style` would run code or break the page's Content-Security-Policy

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
    let site = SiteTest::from_fixture("good").file(
        "content/pages/about.md",
        format!("{ABOUT}## Costs {{#money .wide}}\n\nText.\n"),
    );
    site.build().expect_code(0);
    let main = site.main_of("public/about/index.html");
    assert!(
        main.contains("<h2 id=\"money\" class=\"wide\">Costs</h2>"),
        "{main}"
    );
}

#[test]
fn raw_html_is_shown_as_text_never_run() {
    let site = SiteTest::from_fixture("good").file(
        "content/pages/about.md",
        format!("{ABOUT}<img src=x onerror=alert(1)>\n\nA <a href=\"javascript:x\" style=\"color:red\" onclick=\"x()\">link</a>.\n\n<script>alert(1)</script>\n"),
    );
    site.build().expect_code(0);
    let main = site.main_of("public/about/index.html");
    for expected in [
        "&lt;img src=x onerror=alert(1)&gt;",
        "<p>A &lt;a href=\"javascript:x\" style=\"color:red\" onclick=\"x()\"&gt;link&lt;/a&gt;.</p>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ] {
        assert!(main.contains(expected), "missing {expected}\n{main}");
    }
    // The attributes stand in the text, escaped; no element carries them.
    for forbidden in ["<img", "<script", "<a href=\"javascript"] {
        assert!(
            !main.contains(forbidden),
            "{forbidden} reached the page\n{main}"
        );
    }
}

#[test]
fn the_allowed_kinds_are_published_as_written() {
    let site = SiteTest::from_fixture("good").file(
        "content/pages/about.md",
        format!("{ABOUT}[a](https://example.org/a) [b](http://example.org/b) [c](mailto:care@example.org) [d](tel:+15550100100) [e](sms:988) [f](../faq.md#is-it-safe) [g](#top) <https://example.org/auto>\n\n## Top {{#top}}\n"),
    );
    site.build().expect_code(0);
    let main = site.main_of("public/about/index.html");
    for href in [
        "https://example.org/a",
        "http://example.org/b",
        "mailto:care@example.org",
        "tel:+15550100100",
        "sms:988",
        "/faq/#is-it-safe",
        "#top",
        "https://example.org/auto",
    ] {
        assert!(
            main.contains(&format!("href=\"{href}\"")),
            "missing {href}\n{main}"
        );
    }
}

#[test]
fn reference_urls_follow_the_policy() {
    let site = SiteTest::from_fixture("good").file(
        "content/articles/sessions.md",
        SiteTest::from_fixture("good")
            .read("content/articles/sessions.md")
            .replace(
                "url: https://example.org/apa2017",
                "url: javascript:alert(1)",
            ),
    );
    assert_eq!(
        site.build_errors(),
        format!(
            r#"error: the url `javascript:alert(1)` of the reference `apa2017` uses `javascript:`, which a clinic site does not publish
  --> content/articles/sessions.md:13:10
   |
13 |     url: javascript:alert(1)
   |          ^^^^^^^^^^^^^^^^^^^
   = hint: {LINK_HINT}

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
        )
    );
}

#[test]
fn site_yaml_addresses_and_markdown_follow_the_policy() {
    let good = SiteTest::from_fixture("good");
    let yaml = good
        .read("site.yaml")
        .replace("booking_url: https://test.example.org/book", "booking_url: javascript:alert(1)")
        .replace(
            "crisis_line: If you are thinking about suicide, call or text **988**. In an emergency, call 911.",
            "crisis_line: Call [988](vbscript:x) ![logo](https://cdn.example.org/l.png)",
        )
        .replace(
            "disclaimer: This article is general information, not medical advice.",
            "disclaimer: |\n  General information.\n\n  ## Note {style=color:red}",
        )
        .replace(
            "  - { title: About, path: /about/ }",
            "  - { title: About, path: \" JavaScript:alert(1)\" }\n  - { title: Rel, path: about/ }",
        );
    let site = good.file("site.yaml", yaml);
    assert_eq!(
        site.build_errors(),
        format!(
            r#"error: `booking_url` uses `javascript:`, which a clinic site does not publish
  --> site.yaml:10:14
   |
10 | booking_url: javascript:alert(1)
   |              ^^^^^^^^^^^^^^^^^^^
   = hint: {LINK_HINT}

error: the link `vbscript:x` uses `vbscript:`, which a clinic site does not publish
  --> site.yaml:11:25
   |
11 | crisis_line: Call [988](vbscript:x) ![logo](https://cdn.example.org/l.png)
   |                         ^^^^^^^^^^
   = hint: {LINK_HINT}

error: the image `https://cdn.example.org/l.png` is on another website
  --> site.yaml:11:45
   |
11 | crisis_line: Call [988](vbscript:x) ![logo](https://cdn.example.org/l.png)
   |                                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   = hint: a clinic site loads nothing from other hosts: save the image in static/ and write `/images/name.png`

error: a heading may set only an id and classes, not `style`
  --> site.yaml:15:11
   |
15 |   ## Note {{style=color:red}}
   |           ^^^^^^^^^^^^^^^^^
   = hint: write `{{#name}}` for an id and `{{.name}}` for a class, and remove the rest: attributes such as `onclick` and `style` would run code or break the page's Content-Security-Policy

error: the navigation path ` JavaScript:alert(1)` uses `javascript:`, which a clinic site does not publish
  --> site.yaml:19:28
   |
19 |   - {{ title: About, path: " JavaScript:alert(1)" }}
   |                            ^^^^^^^^^^^^^^^^^^^^
   = hint: {LINK_HINT}

error: the navigation path `about/` must start with `/`
  --> site.yaml:20:25
   |
20 |   - {{ title: Rel, path: about/ }}
   |                         ^^^^^^
   = hint: write site paths like `/faq/` or `/articles/`

error: found 6 errors
The previous output in [ROOT]/public was left as it was.
"#
        )
    );
}

#[test]
fn assessment_texts_follow_the_policy() {
    let fixture = SiteTest::from_fixture("assessment");
    let yaml = fixture
        .read("content/assessment.yaml")
        .replace(
            "credit: Test credit.",
            "credit: Test credit ![x](https://tracker.example.com/p.gif).",
        )
        .replace(
            "    body: Please talk to your doctor.",
            "    body: |\n      Please talk to [your doctor](javascript:alert(document.cookie)).",
        )
        .replace(
            "    title: We do not serve your area",
            "    title: We do not serve [your area](data:text/html,x)",
        );
    let site = fixture.file("content/assessment.yaml", yaml);
    assert_eq!(
        site.build_errors(),
        format!(
            r#"error: the image `https://tracker.example.com/p.gif` is on another website
 --> content/assessment.yaml:5:26
  |
5 | credit: Test credit ![x](https://tracker.example.com/p.gif).
  |                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: a clinic site loads nothing from other hosts: save the image in static/ and write `/images/name.png`

error: the link `javascript:alert(document.cookie)` uses `javascript:`, which a clinic site does not publish
  --> content/assessment.yaml:72:36
   |
72 |       Please talk to [your doctor](javascript:alert(document.cookie)).
   |                                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   = hint: {LINK_HINT}

error: the link `data:text/html,x` uses `data:`, which a clinic site does not publish
  --> content/assessment.yaml:75:40
   |
75 |     title: We do not serve [your area](data:text/html,x)
   |                                        ^^^^^^^^^^^^^^^^
   = hint: {LINK_HINT}

error: found 3 errors
The previous output in [ROOT]/public was left as it was.
"#
        )
    );
}

#[test]
fn a_hidden_character_is_refused_even_in_an_allowed_address() {
    let good = SiteTest::from_fixture("good");
    let yaml = good.read("site.yaml").replace(
        "booking_url: https://test.example.org/book",
        "booking_url: \"https://test.example.org/\\u0001book\"",
    );
    let site = good.file("site.yaml", yaml);
    assert_eq!(
        site.build_errors(),
        r#"error: `booking_url` contains a hidden character (a tab, line break, control character or space at its edge)
  --> site.yaml:10:1
   |
10 | booking_url: "https://test.example.org/\u0001book"
   | ^^^^^^^^^^^
   = hint: type the address again by hand: text pasted from other programs can carry invisible characters, which browsers drop and which can hide a `javascript:` address

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"#
    );
}

#[test]
fn a_custom_heading_id_cannot_break_out_of_its_attribute() {
    let site = SiteTest::from_fixture("good").file(
        "content/pages/about.md",
        format!("{ABOUT}## Costs {{#a\"onmouseover=alert(1)}}\n"),
    );
    site.build().expect_code(0);
    let main = site.main_of("public/about/index.html");
    assert!(
        main.contains("<h2 id=\"a&quot;onmouseover=alert(1)\">Costs</h2>"),
        "{main}"
    );
}
