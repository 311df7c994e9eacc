//! Messages staff can act on: each common YAML mistake reported at the place
//! it was made, in plain words, with a hint; the clinic's time zone used
//! for "today"; and the stable `code` that `check --format json` gives each
//! problem.

mod common;

use common::SiteTest;
use pamphlet::date::{Date, time_zone};

/// The fixture's maintenance article with `front` as its front matter.
fn article(front: &str) -> String {
    format!("---\n{front}---\nBenefits can fade with time.\n\n## How often?\n\nIt depends.\n")
}

const GOOD_FRONT: &str = "title: Maintenance sessions\n\
description: Why some people come back for booster sessions.\n\
date: 2026-10-01\n\
tags: [sessions, maintenance]\n\
reviewed_by: Dr. Test Reviewer, MD (fictional)\n\
last_reviewed: 2026-10-01\n";

fn with_article(front: &str) -> SiteTest {
    SiteTest::from_fixture("good").file("content/articles/maintenance.md", article(front))
}

/// The build's stderr for a site whose build must fail, with `public/`
/// left as it was (no previous output: so none at all).
fn errors(site: &SiteTest) -> String {
    let text = site.build_errors();
    assert!(!site.exists("public"), "a failed build wrote public/");
    text
}

const LEFT: &str = "The previous output in [ROOT]/public was left as it was.\n";

#[test]
fn an_unclosed_quote_is_shown_where_it_opens_even_when_a_later_quote_closes_it() {
    let front = GOOD_FRONT
        .replace(
            "description: Why some people come back for booster sessions.",
            "description: \"Why some people come back for booster sessions.",
        )
        .replace(
            "reviewed_by: Dr. Test Reviewer, MD (fictional)",
            "reviewed_by: \"Dr. Test Reviewer, MD (fictional)\"",
        );
    assert_eq!(
        errors(&with_article(&front)),
        format!(
            "error: this quote is never closed\n --> content/articles/maintenance.md:3:14\n  |\n\
3 | description: \"Why some people come back for booster sessions.\n  |              ^\n  = hint: end the text with a second `\"` on the same line (write `\\\"` for a quote mark inside the text), or remove the opening `\"`\n\n\
error: found 1 error\n{LEFT}"
        )
    );
}

#[test]
fn an_unclosed_quote_at_the_end_of_the_front_matter_is_shown_where_it_opens() {
    let front = GOOD_FRONT.replace(
        "title: Maintenance sessions",
        "title: 'Maintenance sessions",
    );
    assert_eq!(
        errors(&with_article(&front)),
        format!(
            "error: this quote is never closed\n --> content/articles/maintenance.md:2:8\n  |\n\
2 | title: 'Maintenance sessions\n  |        ^\n  = hint: end the text with a second `'` on the same line (write `''` for an apostrophe inside the text), or remove the opening `'`\n\n\
error: found 1 error\n{LEFT}"
        )
    );
}

#[test]
fn an_unclosed_quote_in_site_yaml_is_shown_where_it_opens() {
    let site = SiteTest::from_fixture("good");
    let config = site
        .read("site.yaml")
        .replace("phone: \"(555) 010-0100\"", "phone: \"(555) 010-0100");
    let site = site.file("site.yaml", config);
    assert_eq!(
        errors(&site),
        format!(
            "error: this quote is never closed\n --> site.yaml:6:8\n  |\n\
6 | phone: \"(555) 010-0100\n  |        ^\n  = hint: end the text with a second `\"` on the same line (write `\\\"` for a quote mark inside the text), or remove the opening `\"`\n\n\
error: found 1 error\n{LEFT}"
        )
    );
}

#[test]
fn an_unclosed_bracket_in_site_yaml_is_shown_where_it_opens() {
    let site = SiteTest::from_fixture("good");
    let config = site.read("site.yaml").replace(
        "regions: [Oregon, Washington]",
        "regions: [Oregon, Washington",
    );
    let site = site.file("site.yaml", config);
    assert_eq!(
        errors(&site),
        format!(
            "error: this `[` is never closed\n --> site.yaml:9:10\n  |\n\
9 | regions: [Oregon, Washington\n  |          ^\n  = hint: end the list with `]` on the same line, like `regions: [Oregon, Washington]`; put an item with a comma or `]` in it in quotes\n\n\
error: found 1 error\n{LEFT}"
        )
    );
}

#[test]
fn a_tab_in_the_indentation_is_named_at_its_column() {
    let front =
        format!("{GOOD_FRONT}references:\n  - id: apa2017\n  \ttitle: Practice guideline\n");
    assert_eq!(
        errors(&with_article(&front)),
        format!(
            "error: use spaces, not a tab, to indent YAML\n  --> content/articles/maintenance.md:10:3\n   |\n\
10 |       title: Practice guideline\n   |   ^^^^\n   = hint: YAML counts only spaces: replace the tab with spaces, so that the line lines up with the lines it belongs with\n\n\
error: found 1 error\n{LEFT}"
        )
    );
}

#[test]
fn swapped_letters_in_a_front_matter_key_get_a_suggestion() {
    let front = GOOD_FRONT.replace("title:", "titel:");
    assert_eq!(
        errors(&with_article(&front)),
        format!(
            "error: unknown key `titel`\n --> content/articles/maintenance.md:2:1\n  |\n\
2 | titel: Maintenance sessions\n  | ^^^^^\n  = hint: did you mean `title`? The known keys are: title, description, date, updated, tags, weight, draft, reviewed_by, last_reviewed, next_review, references, translation_of\n\n\
error: found 1 error\n{LEFT}"
        )
    );
}

#[test]
fn swapped_letters_in_a_site_yaml_key_get_a_suggestion() {
    let site = SiteTest::from_fixture("good");
    let config = site.read("site.yaml").replace("phone:", "phnoe:");
    assert_eq!(
        errors(&site.file("site.yaml", config)),
        format!(
            "error: unknown key `phnoe`\n --> site.yaml:6:1\n  |\n6 | phnoe: \"(555) 010-0100\"\n  | ^^^^^\n  = hint: did you mean `phone`? The known keys are: demo, name, tagline, description, base_url, language, timezone, languages, phone, email, address, regions, booking_url, crisis_line, crisis_lines, brand, disclaimer, nav, articles_per_page, policy\n\n\
error: found 1 error\n{LEFT}"
        )
    );
}

#[test]
fn swapped_letters_in_a_placeholder_get_a_suggestion() {
    let site = SiteTest::from_fixture("good").file(
        "content/articles/maintenance.md",
        format!("---\n{GOOD_FRONT}---\nCall us on {{phnoe}}.\n\n## How often?\n"),
    );
    assert_eq!(
        errors(&site),
        format!(
            "error: `{{phnoe}}` is not a placeholder pamphlet knows\n --> content/articles/maintenance.md:9:12\n  |\n9 | Call us on {{phnoe}}.\n  |            ^^^^^^^\n  = hint: did you mean `{{phone}}`? the placeholders are: {{clinic}}, {{phone}}, {{phone_link}}, {{email}}, {{email_link}}, {{address}}, {{regions}}, {{booking_url}}; to show the braces as they are, write `\\{{phnoe}}`\n\n\
error: found 1 error\n{LEFT}"
        )
    );
}

#[test]
fn a_bad_date_is_shown_at_the_value_with_its_code_in_json() {
    let front = GOOD_FRONT.replace("last_reviewed: 2026-10-01", "last_reviewed: 12/01/2026");
    let site = with_article(&front);
    assert_eq!(
        errors(&site),
        format!(
            "error: `12/01/2026` is not a date\n --> content/articles/maintenance.md:7:16\n  |\n\
7 | last_reviewed: 12/01/2026\n  |                ^^^^^^^^^^\n  = hint: write dates as YYYY-MM-DD with a real day, for example 2026-11-24\n\n\
error: found 1 error\n{LEFT}"
        )
    );
    let run = site.run(&["check", "--format", "json", "--today", "2026-11-01"]);
    run.expect_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("-"),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("date.invalid", 7)]);
}

fn with_zone(site: SiteTest, zone: &str) -> SiteTest {
    let config = site.read("site.yaml").replace(
        "language: en-US\n",
        &format!("language: en-US\ntimezone: {zone}\n"),
    );
    site.file("site.yaml", config)
}

#[test]
fn an_unknown_time_zone_is_an_error_with_a_suggestion() {
    let site = with_zone(SiteTest::from_fixture("good"), "America/Los_Angles");
    assert_eq!(
        errors(&site),
        format!(
            "error: `America/Los_Angles` is not a time zone: write an IANA name such as America/Los_Angeles\n --> site.yaml:6:11\n  |\n\
6 | timezone: America/Los_Angles\n  |           ^^^^^^^^^^^^^^^^^^\n  = hint: did you mean `America/Los_Angeles`?\n\n\
error: found 1 error\n{LEFT}"
        )
    );
}

/// Today in two zones 25 hours apart: never the same date.
fn east_and_west() -> (Date, Date) {
    let east = Date::today_in(&time_zone("Pacific/Kiritimati").unwrap());
    let west = Date::today_in(&time_zone("Pacific/Pago_Pago").unwrap());
    (east, west)
}

#[test]
fn build_judges_a_future_review_by_the_clinics_calendar() {
    let (east, _) = east_and_west();
    let front = GOOD_FRONT.replace(
        "last_reviewed: 2026-10-01",
        &format!("last_reviewed: {east}"),
    );
    // Today in Kiritimati is tomorrow in Pago Pago: a review from the future.
    let west = with_zone(with_article(&front), "Pacific/Pago_Pago");
    let text = errors(&west);
    assert_eq!(
        text,
        format!(
            "error: `last_reviewed` ({east}) is a date in the future\n --> content/articles/maintenance.md:7:1\n  |\n\
7 | last_reviewed: {east}\n  | ^^^^^^^^^^^^^\n  = hint: write the date a clinician actually reviewed the text: a date still to come would show the page as reviewed before it is\n\n\
error: found 1 error\n{LEFT}"
        )
    );
    let east_site = with_zone(with_article(&front), "Pacific/Kiritimati");
    east_site.build().expect_code(0);
}

#[test]
fn check_without_today_uses_the_clinics_time_zone() {
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let before = Date::today_in(&time_zone(zone).unwrap());
        let site = with_zone(SiteTest::from_fixture("good"), zone);
        let run = site.run(&["check", "--format", "json"]);
        let after = Date::today_in(&time_zone(zone).unwrap());
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let today = json["today"].as_str().unwrap().to_string();
        assert!(
            today == before.to_string() || today == after.to_string(),
            "{zone}: {today}"
        );
    }
    let (east, west) = east_and_west();
    assert_ne!(east, west);
}

#[test]
fn a_test_answer_broken_by_site_yaml_regions_says_where_the_options_come_from() {
    let site = SiteTest::from_fixture("assessment");
    let config = site.read("site.yaml").replace(
        "regions: [Oregon, Washington]",
        "regions: [Idaho, Washington]",
    );
    let text = errors(&site.file("site.yaml", config));
    let first = "error: test 2 answers `region` with oregon, which is not one of its options\n  --> content/assessment.yaml:95:43\n   |\n95 |   - answers: &adult { age: adult, region: oregon, mood: most, sleep: some, harm: no, screen: [none] }\n   |                                           ^^^^^^\n   = hint: answer with one of: idaho, washington, elsewhere; the options of `options: regions` come from `regions` in site.yaml, line 9: change this answer to one of them, or the list there\n\n";
    assert!(text.starts_with(first), "{text}");
    let hint = "= hint: answer with one of: idaho, washington, elsewhere; the options of `options: regions` come from `regions` in site.yaml, line 9: change this answer to one of them, or the list there\n";
    // Every one of the six test answers it breaks says so.
    assert_eq!(text.matches(hint).count(), 6, "{text}");
    assert!(
        text.ends_with(&format!("error: found 6 errors\n{LEFT}")),
        "{text}"
    );
}

#[test]
fn check_json_gives_each_problem_its_code() {
    let empty_title = GOOD_FRONT.replace("title: Maintenance sessions", "title: \"\"");
    let site = SiteTest::from_fixture("good")
        .file(
            "content/articles/maintenance.md",
            format!("---\n{GOOD_FRONT}---\nSee [the plan](booster-plans.md).\n\n## How often?\n"),
        )
        .file("content/articles/untitled.md", article(&empty_title));
    let run = site.run(&["check", "--format", "json", "--today", "2026-11-01"]);
    run.expect_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut found: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["code"].as_str().unwrap_or("-")
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "content/articles/maintenance.md:9 link.missing",
            "content/articles/untitled.md:2 value.empty",
        ]
    );
}

#[test]
fn a_new_article_is_dated_by_the_clinics_calendar() {
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let before = Date::today_in(&time_zone(zone).unwrap());
        let site = with_zone(SiteTest::from_fixture("good"), zone);
        site.run(&["new", "article", "Driving home"]).expect_code(0);
        let after = Date::today_in(&time_zone(zone).unwrap());
        let text = site.read("content/articles/driving-home.md");
        assert!(
            text.contains(&format!("\ndate: {before}\n"))
                || text.contains(&format!("\ndate: {after}\n")),
            "{zone}: {text}"
        );
    }
}

#[test]
fn swapped_letters_in_the_assessment_get_a_suggestion() {
    let site = SiteTest::from_fixture("assessment");
    let original = site.read("content/assessment.yaml");
    let key = original.replacen(
        "    text: How old are you?",
        "    txet: How old are you?",
        1,
    );
    let site = site.file("content/assessment.yaml", key);
    assert_eq!(
        errors(&site),
        format!(
            "error: questions[0]: unknown key `txet`\n --> content/assessment.yaml:8:5\n  |\n8 |     txet: How old are you?\n  |     ^^^^\n  = hint: did you mean `text`? The known keys are: id, text, type, hint, stem, options, show_if, optional, safety, min, max, unit, step, validate, max_length, not_before, not_after, prefer_not_to_say\n\n\
error: found 1 error\n{LEFT}"
        )
    );
    let name = original.replacen(
        "show_if: \"age == 'adult'\"",
        "show_if: \"aeg == 'adult'\"",
        1,
    );
    let site = site.file("content/assessment.yaml", name);
    assert_eq!(
        errors(&site),
        format!(
            "error: there is no question or score `aeg`\n  --> content/assessment.yaml:20:15\n   |\n20 |     show_if: \"aeg == 'adult'\"\n   |               ^^^\n   = hint: did you mean `age`?\n\n\
error: found 1 error\n{LEFT}"
        )
    );
}
