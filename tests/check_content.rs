//! `pamphlet check` end to end, the checks on what a page says: figures and
//! research claims need sources, footnotes and references must match,
//! anchors, images, headings, link text and tables must be accessible, and
//! the site's phrases to avoid. The other checks are in `check.rs`.

mod check_support;
mod common;

use check_support::*;
use common::SiteTest;

#[test]
fn unsourced_figure() {
    let site = with_article(
        "maintenance",
        &format!(
            "{MAINTENANCE}---\nBenefits can fade with time. About 40% of people come back within a year.\n"
        ),
    );
    assert_problems(
        &site,
        1,
        "\
error: this page gives a figure (`40%`) but lists no sources
 --> content/articles/maintenance.md:9:36
  |
9 | Benefits can fade with time. About 40% of people come back within a year.
  |                                    ^^^
  = hint: add the source under `references:` in the front matter (id, title, url, publisher, year) and cite it here with `[^id]`

",
    );
}

#[test]
fn figures_in_tables_need_sources_but_not_numbers_in_headings() {
    let site = with_article(
        "maintenance",
        &format!(
            "{MAINTENANCE}---\n## Step 1: ask\n\nBenefits can fade.\n\n| Phase | Sessions |\n|---|---|\n| Booster | 3 |\n"
        ),
    );
    let run = check(&site, &[]);
    run.expect_code(1);
    assert!(
        problems(&run).starts_with("error: this page gives a figure (`3`) but lists no sources\n  --> content/articles/maintenance.md:15:13\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn unsourced_research_claim() {
    let site = with_article(
        "maintenance",
        &format!("{MAINTENANCE}---\nStudies show that benefits can fade with time.\n"),
    );
    assert_problems(
        &site,
        1,
        "\
error: this page mentions research (`Studies show`) but lists no sources
 --> content/articles/maintenance.md:9:1
  |
9 | Studies show that benefits can fade with time.
  | ^^^^^^^^^^^^
  = hint: add the source under `references:` in the front matter (id, title, url, publisher, year) and cite it here with `[^id]`

",
    );
}

#[test]
fn unknown_footnote_id() {
    let site = with_article(
        "maintenance",
        &format!(
            "{MAINTENANCE}references:\n  - id: wilkinson2017\n    title: A survey of maintenance ketamine\n    url: https://example.org/wilkinson2017\n    publisher: Journal of Clinical Psychiatry\n    year: 2017\n---\nBenefits can fade with time.[^wilkinsen2017]\n\nIt differs from person to person.[^wilkinson2017]\n"
        ),
    );
    assert_problems(
        &site,
        1,
        "\
error: `[^wilkinsen2017]` cites no reference in the front matter
  --> content/articles/maintenance.md:15:29
   |
15 | Benefits can fade with time.[^wilkinsen2017]
   |                             ^^^^^^^^^^^^^^^^
   = hint: did you mean `[^wilkinson2017]`?

",
    );
}

#[test]
fn uncited_reference() {
    let site = with_article(
        "maintenance",
        &format!(
            "{MAINTENANCE}references:\n  - id: wilkinson2017\n    title: A survey of maintenance ketamine\n    url: https://example.org/wilkinson2017\n    publisher: Journal of Clinical Psychiatry\n    year: 2017\n  - id: apa2017\n    title: A consensus statement\n    url: https://example.org/apa2017\n    publisher: JAMA Psychiatry\n    year: 2017\n---\nBenefits can fade with time.[^wilkinson2017]\n"
        ),
    );
    assert_problems(
        &site,
        1,
        "\
error: the reference `apa2017` is never cited
  --> content/articles/maintenance.md:14:9
   |
14 |   - id: apa2017
   |         ^^^^^^^
   = hint: cite it with `[^apa2017]` after the sentence that relies on it, or remove it from `references`

",
    );
}

#[test]
fn reference_without_publisher_year_or_url() {
    let site = with_article(
        "maintenance",
        &format!(
            "{MAINTENANCE}references:\n  - id: murrough2013\n    title: Rapid and longer-term antidepressant effects of repeated ketamine infusions\n    publisher: Biological Psychiatry\n  - id: fda2023\n    title: FDA warns about compounded ketamine\n    url: https://www.fda.gov/\n    publisher: U.S. Food and Drug Administration\n    year: 2023\n---\nBenefits can fade.[^murrough2013] Home use adds risk.[^fda2023]\n"
        ),
    );
    assert_problems(
        &site,
        1,
        "\
error: the reference `murrough2013` has no year or url
 --> content/articles/maintenance.md:9:9
  |
9 |   - id: murrough2013
  |         ^^^^^^^^^^^^
  = hint: a reader needs all four to find the source: add `year: YYYY`, `url: https://...`

",
    );
}

#[test]
fn a_missing_anchor_lists_the_ids_the_page_has() {
    let site = with_article(
        "safety",
        &format!(
            "{SAFETY}last_reviewed: 2026-09-01\n---\nSee [boosters](maintenance.md#zzzz-qqqq).\n"
        ),
    );
    assert_problems(
        &site,
        1,
        "\
error: `content/articles/maintenance.md` has no heading with the id `#zzzz-qqqq`
 --> content/articles/safety.md:9:16
  |
9 | See [boosters](maintenance.md#zzzz-qqqq).
  |                ^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: an anchor is a heading's id: `## Why a series?` has the id `why-a-series`; the ids in content/articles/maintenance.md are: `#contents`, `#how-often`, `#main`, `#sources`

",
    );
}

#[test]
fn image_without_alt_text() {
    let site = with_article(
        "maintenance",
        &format!("{MAINTENANCE}---\nBenefits can fade with time.\n\n![](/images/chart.png)\n"),
    )
    .file("static/images/chart.png", b"\x89PNG\r\n\x1a\n");
    assert_problems(
        &site,
        1,
        "\
error: this image has no alt text
  --> content/articles/maintenance.md:11:1
   |
11 | ![](/images/chart.png)
   | ^^^^^^^^^^^^^^^^^^^^^^
   = hint: describe what the image shows between the brackets: `![A nurse checks blood pressure](/images/bp.png)`

",
    );
}

#[test]
fn skipped_heading_levels() {
    let site = with_article(
        "maintenance",
        &format!(
            "{MAINTENANCE}---\nBenefits can fade.\n\n#### How often?\n\nIt differs.\n\n## Why?\n\n#### Cost\n\nIt varies.\n\n# Top\n"
        ),
    );
    assert_problems(
        &site,
        1,
        "\
error: this `####` heading skips a level: it follows the page's title
  --> content/articles/maintenance.md:11:1
   |
11 | #### How often?
   | ^^^^
   = hint: screen reader users move by heading levels; make it `##`, or add the missing `##` section above it

error: this `####` heading skips a level: it follows a `##` heading
  --> content/articles/maintenance.md:17:1
   |
17 | #### Cost
   | ^^^^
   = hint: screen reader users move by heading levels; make it `###`, or add the missing `###` section above it

error: a `#` heading in the text: the page's title is already its top heading
  --> content/articles/maintenance.md:21:1
   |
21 | # Top
   | ^
   = hint: start the sections of the text at `##`

",
    );
}

#[test]
fn link_text_click_here_and_bare_urls() {
    let site = with_article(
        "maintenance",
        &format!(
            "{MAINTENANCE}---\nTo book, [click here](https://test.example.org/book) or visit <https://test.example.org/book>.\n"
        ),
    );
    assert_problems(
        &site,
        1,
        "\
error: the link text \"click here\" does not say where it goes
 --> content/articles/maintenance.md:9:10
  |
9 | To book, [click here](https://test.example.org/book) or visit <https://test.example.org/book>.
  |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: screen reader users often list the links of a page: name what the link is about, like `[how many sessions you may need](how-many-sessions.md)`

error: the link text is a bare web address: `https://test.example.org/book`
 --> content/articles/maintenance.md:9:63
  |
9 | To book, [click here](https://test.example.org/book) or visit <https://test.example.org/book>.
  |                                                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: screen readers read addresses letter by letter: write what the link is about, like `[the FDA's label](https://...)`

",
    );
}

#[test]
fn table_without_header_row() {
    let site = with_article(
        "maintenance",
        &format!(
            "{MAINTENANCE}---\nBenefits can fade.\n\n|   |   |\n|---|---|\n| Booster | Monthly |\n"
        ),
    );
    assert_problems(
        &site,
        1,
        "\
error: this table has no header row
  --> content/articles/maintenance.md:11:1
   |
11 | |   |   |
   | ^^^^^^^^^
   = hint: put a name for each column in the table's first row (the one above `|---|`); screen readers read it with every cell

",
    );
}

#[test]
fn phrase_to_avoid() {
    let site = with_article(
        "maintenance",
        &format!("{MAINTENANCE}---\nBenefits can fade. A booster is no Cure, but it helps.\n"),
    );
    assert_problems(
        &site,
        1,
        "\
error: avoid the phrase \"Cure\" in patient text
 --> content/articles/maintenance.md:9:36
  |
9 | Benefits can fade. A booster is no Cure, but it helps.
  |                                    ^^^^
  = hint: say \"treat\", \"ease\" or \"help with\"; depression is treated, not cured (phrases to avoid are listed in site.yaml under `policy.avoid_phrases`)

",
    );
}

#[test]
fn phrase_in_the_title_points_into_the_front_matter() {
    let site = SiteTest::from_fixture("good").file(
        "content/pages/about.md",
        "---\ntitle: \"About our miracle clinic\"\ndescription: >-\n  We are a clinic.\n---\nText.\n",
    );
    assert_problems(
        &site,
        1,
        "\
error: avoid the phrase \"miracle\" in patient text
 --> content/pages/about.md:2:19
  |
2 | title: \"About our miracle clinic\"
  |                   ^^^^^^^
  = hint: describe what the treatment does, plainly, with its source (phrases to avoid are listed in site.yaml under `policy.avoid_phrases`)

",
    );
}

#[test]
fn phrases_and_severity_come_from_site_yaml() {
    let site = SiteTest::from_fixture("good");
    let yaml = site.read("site.yaml");
    let site = site
        .file(
            "site.yaml",
            format!("{yaml}policy:\n  avoid_phrases: [booster]\n  severity: {{ wording: warn }}\n"),
        )
        .file(
            "content/pages/about.md",
            "---\ntitle: About us\ndescription: Who we are.\n---\nWe offer booster sessions.\n",
        );
    let run = check(&site, &[]);
    run.expect_code(0);
    let text = problems(&run);
    assert!(
        text.starts_with("warning: avoid the phrase \"booster\" in patient text\n --> content/articles/maintenance.md:3:"),
        "{text}"
    );
    assert!(
        text.contains("warning: avoid the phrase \"booster\" in patient text\n --> content/pages/about.md:5:10\n"),
        "{text}"
    );
}
