//! Property tests for the expression language: whatever staff paste into a
//! condition (non-ASCII text, curly quotes, thousands of brackets), the lexer,
//! the parser and the whole questionnaire pipeline answer with a result or a
//! positioned error, never a panic, and in bounded time. The deep cases run
//! on a thread with a small stack, so unbounded recursion would show here.

use std::time::{Duration, Instant};

use pamphlet::config::SiteConfig;
use pamphlet::questionnaire::{self, expr};
use proptest::prelude::*;

const FIXTURE: &str = "tests/fixtures/assessment";

/// Runs `f` on a thread with a 1 MB stack (half of what threads get by
/// default) and returns how long it took.
fn on_small_stack(f: impl FnOnce() + Send + 'static) -> Duration {
    let started = Instant::now();
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no panic and no stack overflow");
    started.elapsed()
}

/// The fixture's assessment with its first `when` replaced by `condition`.
fn with_condition(condition: &str) -> String {
    let source = std::fs::read_to_string(format!("{FIXTURE}/content/assessment.yaml")).unwrap();
    // A JSON string is a YAML double-quoted scalar: any text survives.
    let quoted = serde_json::to_string(condition).unwrap();
    source.replacen("when: \"harm == 'yes'\"", &format!("when: {quoted}"), 1)
}

fn config() -> SiteConfig {
    let root = std::path::Path::new(FIXTURE);
    SiteConfig::parse(
        root,
        &std::fs::read_to_string(root.join("site.yaml")).unwrap(),
    )
    .unwrap()
}

/// Pieces staff might write or paste, good and bad.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "age",
        "harm",
        "total",
        "screen",
        "years",
        "mood",
        "score(mood)",
        "count(screen)",
        "answered(years)",
        "nope(",
        "'adult'",
        "'yes'",
        "‘adult’",
        "“yes”",
        "’bp’",
        "'",
        "\"",
        "‘",
        "“",
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "=",
        "≥",
        "≤",
        "≠",
        "+",
        "-",
        "−",
        "*",
        "/",
        "(",
        ")",
        "[",
        "]",
        ",",
        "and",
        "or",
        "not",
        "in",
        "not in",
        "AND",
        "true",
        "false",
        "0",
        "1",
        "2.5",
        "1.2.3",
        "99999999999999999999999999999999",
        "é",
        "\u{a0}",
        "\u{200b}",
        "🙂",
        "\u{e000}",
        " ",
        "\t",
        "&&",
        "||",
        "!",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_or_errs_without_panic(text in "\\PC{0,200}") {
        let result = expr::parse(&text);
        if let Err(error) = result {
            // The span is a range of whole characters of the text.
            prop_assert!(error.span.0 <= error.span.1);
            prop_assert!(error.span.1 <= text.len() + 1);
            if error.span.1 <= text.len() {
                prop_assert!(text.is_char_boundary(error.span.0));
                prop_assert!(text.is_char_boundary(error.span.1));
            }
        }
    }

    #[test]
    fn pasted_pieces_never_panic(pieces in prop::collection::vec(piece(), 0..60)) {
        let text = pieces.join(" ");
        let _ = expr::parse(&text);
        let _ = expr::parse(&pieces.concat());
    }

    #[test]
    fn the_whole_pipeline_never_panics(pieces in prop::collection::vec(piece(), 1..30)) {
        let source = with_condition(&pieces.join(" "));
        let config = config();
        let started = Instant::now();
        let _ = questionnaire::load(&source, &config);
        prop_assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn deep_nesting_is_refused_in_bounded_time(
        depth in 0usize..20_000,
        kind in 0usize..5,
    ) {
        let text = match kind {
            0 => format!("{}harm == 'yes'{}", "(".repeat(depth), ")".repeat(depth)),
            1 => format!("{}harm == 'yes'", "not ".repeat(depth)),
            2 => format!("{}total > 1", "-".repeat(depth)),
            3 => vec!["total"; depth + 1].join(" + ") + " > 1",
            _ => vec!["harm == 'yes'"; depth + 1].join(" or "),
        };
        let elapsed = on_small_stack(move || {
            let source = with_condition(&text);
            let result = questionnaire::load(&source, &config());
            let deep = match kind {
                0..=2 => depth + 1 >= expr::MAX_DEPTH,
                3 => depth + 1 > expr::MAX_DEPTH,
                _ => false,
            };
            if deep {
                let errors = result.expect_err("refused");
                assert!(errors[0].message.contains("nested more than 64 levels deep"), "{:?}", errors[0].message);
            }
        });
        prop_assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
}
