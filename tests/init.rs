//! A clinic's own site from `pamphlet init`: the demo values it starts with
//! fail `check` (one message per line, saying what to replace) while `build`
//! still works for a preview; once site.yaml has the clinic's details, every
//! page shows them, and `check` passes. Placeholders in page text report
//! their mistakes where they stand.

mod common;

use common::SiteTest;

const TODAY: &str = "2026-12-01";

/// A new site made by `pamphlet init`.
fn init() -> SiteTest {
    let dir = SiteTest::empty("init-site");
    let root = dir.root.join("clinic");
    dir.run_bare(&["init", root.to_str().unwrap()])
        .expect_code(0);
    SiteTest { root }
}

/// The site with the clinic's own details in site.yaml, a real reviewer on
/// every page, the demo note gone, and the test answer for a served region.
fn made_our_own(site: SiteTest) -> SiteTest {
    let yaml = site
        .read("site.yaml")
        .replace(
            "Riverbend Ketamine Clinic (fictional)",
            "Cedar Hollow Wellness",
        )
        .replace("\"(555) 010-0142\"", "\"(208) 555-0199\"")
        .replace("care@example.org", "hello@cedarhollow.test")
        .replace(
            "123 Example Street, Suite 4, Portland, OR 97201",
            "9 Mill Road, Boise, ID 83702",
        )
        .replace("[Oregon, Washington]", "[Idaho, Montana]")
        .replace("[Oregón, Washington]", "[Idaho, Montana]")
        .replace("https://www.example.org/book", "tel:2085550199")
        .replace("https://www.example.org", "https://cedarhollow.test");
    let mut site = site.file("site.yaml", yaml);
    let reviewer = "Dr. Jordan Placeholder, MD (fictional reviewer - replace before publishing)";
    let mut pages: Vec<String> = [
        "content/articles",
        "content/es/articles",
        "content/es/pages",
    ]
    .iter()
    .flat_map(|dir| {
        std::fs::read_dir(site.root.join(dir))
            .unwrap()
            .map(move |e| format!("{dir}/{}", e.unwrap().file_name().to_string_lossy()))
    })
    .collect();
    pages.push("content/faq.md".into());
    pages.push("content/es/faq.md".into());
    for page in pages {
        let text = site.read(&page).replace(reviewer, "Dr. Maya Chen, MD");
        site = site.file(&page, text);
    }
    let without_note = |page: &str| -> String {
        site.read(page)
            .split_inclusive('\n')
            .filter(|line| !line.starts_with('>'))
            .collect()
    };
    let about = without_note("content/pages/about.md");
    let about_es = without_note("content/es/pages/sobre-nosotros.md");
    // The assessment changed, so the clinician signs this version off.
    let assessment = site
        .read("content/assessment.yaml")
        .replace("&served oregon", "&served idaho")
        .replace(reviewer, "Dr. Maya Chen, MD");
    let hash = pamphlet::questionnaire::signoff::content_hash(&assessment);
    let assessment: String = assessment
        .split_inclusive('\n')
        .map(|line| {
            if line.starts_with("reviewed_hash:") {
                format!("reviewed_hash: {hash}\n")
            } else {
                line.to_string()
            }
        })
        .collect();
    // Its Spanish texts are reviewed against this version too.
    let spanish: String = site
        .read("content/es/assessment.yaml")
        .replace(reviewer, "Dr. Maya Chen, MD")
        .split_inclusive('\n')
        .map(|line| {
            if line.starts_with("source_hash:") {
                format!("source_hash: {hash}\n")
            } else {
                line.to_string()
            }
        })
        .collect();
    site.file("content/pages/about.md", about)
        .file("content/es/pages/sobre-nosotros.md", about_es)
        .file("content/assessment.yaml", assessment)
        .file("content/es/assessment.yaml", spanish)
}

#[test]
fn a_new_site_fails_check_on_each_demo_value_and_still_builds() {
    let site = init();
    assert!(
        !site
            .read("site.yaml")
            .lines()
            .any(|line| line.starts_with("demo:")),
        "init leaves out the line that marks the demo"
    );
    site.build().expect_code(0);
    let run = site.run(&["check", "--today", TODAY]);
    run.expect_code(1);
    let out = &run.stdout;
    for expected in [
        "\
error: this page still has the demo's made-up reviewer `Dr. Jordan Placeholder`
 --> content/articles/safety.md:7:14
  |
7 | reviewed_by: Dr. Jordan Placeholder, MD (fictional reviewer - replace before publishing)
  |              ^^^^^^^^^^^^^^^^^^^^^^
  = hint: replace it before you publish: put the name of the clinician who reviewed this page in `reviewed_by`, and the day they did in `last_reviewed`
",
        "\
error: this page still has the note that this is a demo `pamphlet's demo site`
 --> content/pages/about.md:7:11
  |
7 | > This is pamphlet's demo site. {clinic} is a made-up clinic, and the
  |           ^^^^^^^^^^^^^^^^^^^^
  = hint: replace it before you publish: remove the note (its lines start with `>`)
",
        "\
error: site.yaml still has the demo clinic's name `Riverbend Ketamine Clinic`
 --> site.yaml:4:7
  |
4 | name: Riverbend Ketamine Clinic (fictional)
  |       ^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: replace it before you publish: your clinic's own name
",
        "\
error: site.yaml still has the demo clinic's phone number `(555) 010-0142`
 --> site.yaml:9:9
  |
9 | phone: \"(555) 010-0142\"
  |         ^^^^^^^^^^^^^^
  = hint: replace it before you publish: your clinic's own phone number
",
        "\
error: site.yaml still has the demo clinic's booking link `https://www.example.org/book`
  --> site.yaml:13:14
   |
13 | booking_url: https://www.example.org/book
   |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   = hint: replace it before you publish: the address of your own booking page, or `tel:` and your phone number
",
    ] {
        assert!(out.contains(expected), "missing:\n{expected}\n--- in ---\n{out}");
    }
    // One message per line: 12 articles, the FAQ and the self-assessment
    // (reviewer), their 11 Spanish translations (reviewer), the About note
    // in English and in Spanish, and 6 lines of site.yaml; the booking line
    // is not also reported as the web address it starts with.
    assert_eq!(out.matches("\nerror: ").count() + 1, 33, "{out}");
    assert!(
        out.ends_with(&format!("Checked 30 pages on {TODAY}: 33 errors.\n")),
        "{out}"
    );
}

#[test]
fn the_clinics_details_show_everywhere_and_check_passes() {
    let site = made_our_own(init());
    site.run(&["check", "--deny-warnings", "--today", TODAY])
        .expect_code(0);
    site.build().expect_code(0);
    let contact = site.main_of("public/contact/index.html");
    for shown in [
        r#"<a href="tel:2085550199">(208) 555-0199</a>"#,
        r#"<a href="mailto:hello@cedarhollow.test">hello@cedarhollow.test</a>"#,
        "9 Mill Road, Boise, ID 83702",
        "We see patients who live in Idaho and Montana.",
    ] {
        assert!(contact.contains(shown), "{shown}\n--- in ---\n{contact}");
    }
    let about = site.main_of("public/about/index.html");
    assert!(
        about.contains("Cedar Hollow Wellness explains ketamine treatment"),
        "{about}"
    );
    let mut pages = site.snapshot("public");
    pages.retain(|(path, _)| path.extension().is_some_and(|e| e == "html"));
    assert!(pages.len() > 30);
    for (path, bytes) in pages {
        let html = String::from_utf8(bytes).unwrap();
        // The FAQ's JSON-LD is made from its Markdown: filled in too.
        for demo in [
            "{clinic}",
            "{phone",
            "010-0142",
            "Riverbend",
            "Placeholder",
            "care@example.org",
            "Oregon",
            "made-up",
        ] {
            assert!(
                !html.contains(demo),
                "{} still shows {demo}",
                path.display()
            );
        }
    }
}

#[test]
fn a_new_article_is_a_draft_the_build_names_and_its_starting_text_is_a_warning() {
    let site = made_our_own(init());
    site.run(&["new", "article", "How long does relief last?"])
        .expect_code(0);
    let path = "content/articles/how-long-does-relief-last.md";
    let built = site.build();
    built.expect_code(0);
    assert!(
        built.stdout.ends_with(
            "Not published: 1 draft (content/articles/how-long-does-relief-last.md); add --drafts to preview\n"
        ),
        "{}",
        built.stdout
    );
    let text = site
        .read(path)
        .replace(
            "description: \"\"",
            "description: \"How long relief lasts.\"",
        )
        .replace("draft: true ", "draft: false")
        .replace("reviewed_by: \"\"", "reviewed_by: \"Dr. Maya Chen, MD\"")
        .replace("last_reviewed:         #", "last_reviewed: 2026-11-30 #")
        .replace("next_review:           #", "next_review: 2027-11-30 #");
    let site = site.file(path, text);
    let run = site.run(&["check", "--today", TODAY]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with(
            "\
warning: this page still has the text every new article starts with
  --> content/articles/how-long-does-relief-last.md:12:1
   |
12 | Write the article here in short sentences and plain words.
   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   = hint: replace it with the article's own text before it is published
"
        ),
        "{}",
        run.stdout
    );
    site.run(&["check", "--deny-warnings", "--today", TODAY])
        .expect_code(1);
}

#[test]
fn an_unknown_placeholder_is_an_error_where_it_stands() {
    let site = made_our_own(init());
    let contact = site
        .read("content/pages/contact.md")
        .replace("- **Phone:** {phone_link}", "- **Phone:** {phone_lnk}");
    let site = site.file("content/pages/contact.md", contact);
    let before = site.snapshot("public");
    assert_eq!(
        site.build_errors(),
        "\
error: `{phone_lnk}` is not a placeholder pamphlet knows
  --> content/pages/contact.md:13:14
   |
13 | - **Phone:** {phone_lnk}
   |              ^^^^^^^^^^^
   = hint: did you mean `{phone_link}`? the placeholders are: {clinic}, {phone}, {phone_link}, {email}, {email_link}, {address}, {regions}, {booking_url}; to show the braces as they are, write `\\{phone_lnk}`

error: found 1 error
The previous output in [ROOT]/public was left as it was.
"
    );
    assert_eq!(site.snapshot("public"), before);
}
