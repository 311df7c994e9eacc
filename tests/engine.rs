//! The questionnaire engine through the library: the exact analysis of the
//! default assessment, the stale-answer rule, and the cases for the
//! Rust-versus-JavaScript differential test.
//!
//! `differential_cases` writes `target/differential/*.json`: the compiled
//! questionnaire the browser gets, a few thousand generated answer sets, and
//! what the Rust evaluator makes of each. `tests/js/differential.test.mjs`
//! (run by scripts/test after `cargo test`) runs the shipped
//! `static/js/assessment.js` on the same answers and must agree exactly.

mod common;

use std::path::{Path, PathBuf};

use common::SiteTest;

use pamphlet::config::SiteConfig;
use pamphlet::questionnaire::eval::{Answer, Bits};
use pamphlet::questionnaire::model::QuestionType;
use pamphlet::questionnaire::{self, Assessment};
use serde_json::{Value, json};

fn load(root: &str) -> Assessment {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let config = SiteConfig::parse(&root, &config).unwrap();
    let source = std::fs::read_to_string(root.join("content/assessment.yaml")).unwrap();
    questionnaire::load(&source, &config).unwrap()
}

fn answers(assessment: &Assessment, given: &[(&str, Answer)]) -> Vec<Option<Answer>> {
    let mut answers = vec![None; assessment.questions.len()];
    for (id, answer) in given {
        answers[assessment.question_index(id).unwrap()] = Some(*answer);
    }
    answers
}

#[test]
fn default_assessment_is_decided_for_every_answer() {
    let assessment = load(".");
    let findings = questionnaire::analysis::analyse(&assessment);
    assert!(findings.shown.iter().all(|s| *s));
    assert!(findings.reached.iter().all(|r| *r));
    assert!(findings.hole.is_none());
    assert!(findings.outside_bands.is_empty());
    assert!(findings.exact && findings.sampled.is_empty());
    // Was: 800 distinct paths (the PHQ-9's items 1-8 folded into 25
    // totals). The walk keeps states instead: what later conditions can
    // still tell apart after each question.
    assert_eq!(assessment.proof.states, findings.states);
    assert!(findings.states < 2_000, "{}", findings.states);
    assert_eq!(assessment.tests, 25);
    let notes: Vec<&str> = assessment.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        notes,
        [
            "phq9_score",
            "self_harm",
            "score_15_to_19",
            "score_20_or_more"
        ]
    );
    assert!(
        assessment.untested.is_empty(),
        "every outcome has a test: {:?}",
        assessment.untested
    );
}

#[test]
fn answers_to_hidden_questions_never_count() {
    let assessment = load("tests/fixtures/assessment");
    // `mood` and `sleep` are shown only to adults; these answers are stale.
    let given = answers(
        &assessment,
        &[
            ("age", Answer::Choice(0)),
            ("region", Answer::Choice(0)),
            ("mood", Answer::Choice(2)),
            ("sleep", Answer::Choice(2)),
            ("harm", Answer::Choice(0)),
        ],
    );
    let effective = assessment.effective(&given);
    assert_eq!(effective.iter().filter(|a| a.is_some()).count(), 2);
    assert_eq!(assessment.score_values(&effective), [Some(0.0)]);
    let run = assessment.run(&given, &[]);
    assert_eq!(
        run.outcome,
        assessment.outcome_index("too_young"),
        "the hidden `harm: yes` does not raise the crisis outcome"
    );
    assert_eq!(run.fired, [assessment.outcome_index("too_young").unwrap()]);
}

#[test]
fn comparisons_with_no_answer_are_false_both_ways() {
    let assessment = load("tests/fixtures/assessment");
    // An adult who skips the optional `years`: `years >= 10` is false, and so
    // is anything else that compares it; the result falls through to `fit`.
    let given = answers(
        &assessment,
        &[
            ("age", Answer::Choice(1)),
            ("region", Answer::Choice(1)),
            ("mood", Answer::Choice(2)),
            ("sleep", Answer::Choice(2)),
            ("harm", Answer::Choice(1)),
            ("screen", Answer::Multi(Bits::one(2))),
        ],
    );
    let run = assessment.run(&given, &[]);
    assert_eq!(run.outcome, assessment.outcome_index("fit"));
    assert_eq!(run.missing, None);
    assert_eq!(
        run.path.len(),
        7,
        "the optional question is asked, not answered"
    );
}

/// A small deterministic generator (xorshift), so the cases are the same on
/// every run and every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn random_answer(
    assessment: &Assessment,
    q: usize,
    low: bool,
    random: &mut Random,
) -> Option<Answer> {
    let question = &assessment.questions[q];
    // Free text is never read: the engine only ever sees "no answer".
    if random.below(12) == 0 || question.kind == QuestionType::Text {
        return None;
    }
    if question.prefer_not && random.below(5) == 0 {
        return Some(Answer::Declined);
    }
    let options = question.options.len() as u64;
    Some(match question.kind {
        // Some cases favour the lowest-scoring option, so low totals come up too.
        QuestionType::Choice
            if low && question.options.iter().any(|o| o.score != 0.0) && random.below(6) > 0 =>
        {
            Answer::Choice(0)
        }
        QuestionType::Choice | QuestionType::YesNo => {
            Answer::Choice(random.below(options) as usize)
        }
        // ... and "None of these" (an exclusive option) when there is one;
        // sometimes in other cases too, as a long list rarely gives it.
        QuestionType::Multi if (low || random.below(3) == 0) && random.below(6) > 0 => {
            match question.options.iter().position(|o| o.exclusive) {
                Some(i) => Answer::Multi(Bits::one(i)),
                None => Answer::Multi(Bits::one(0)),
            }
        }
        // Each option chosen with a chance of one in three, at least one.
        QuestionType::Multi => {
            let mut bits = Bits::one(random.below(options) as usize);
            for i in 0..options as usize {
                if random.below(3) == 0 {
                    bits.insert(i);
                }
            }
            Answer::Multi(bits)
        }
        QuestionType::Text => unreachable!("returned above"),
        // Month ends and leap days a quarter of the time, else up to three
        // years back: the calendar arithmetic's hard cases.
        QuestionType::Date => {
            let today = assessment.today;
            let ends = MONTH_ENDS.map(|d| d.parse::<jiff::civil::Date>().unwrap());
            let end = ends[random.below(ends.len() as u64) as usize];
            if random.below(4) == 0 && end <= today {
                Answer::Date(end)
            } else {
                let back = random.below(1100) as i64;
                Answer::Date(today.checked_sub(jiff::Span::new().days(back)).unwrap())
            }
        }
        QuestionType::Number => {
            let min = question.min.unwrap_or(0);
            let max = question.max.unwrap_or(100);
            let whole = (min + random.below((max - min + 1) as u64) as i64) as f64;
            // A question with `step` gets decimals too (150.5 lb).
            let scale = 10f64.powi(i32::from(question.decimals));
            let fraction = random.below(scale as u64) as f64 / scale;
            Answer::Number(if whole + fraction <= max as f64 {
                whole + fraction
            } else {
                whole
            })
        }
    })
}

/// Answers the calendar arithmetic gets wrong first: month ends, leap days.
const MONTH_ENDS: [&str; 9] = [
    "2024-01-31",
    "2024-02-29",
    "2024-03-31",
    "2025-01-31",
    "2025-02-28",
    "2025-05-31",
    "2026-08-31",
    "2026-08-30",
    "2023-11-30",
];

/// The days cases run on: month ends after short and long months.
const TODAYS: [&str; 7] = [
    "2024-02-29",
    "2024-03-31",
    "2024-05-31",
    "2025-02-28",
    "2025-03-31",
    "2026-11-30",
    "2026-12-31",
];

fn to_json(answer: &Option<Answer>) -> Value {
    match answer {
        None => Value::Null,
        Some(Answer::Date(d)) => json!(d.to_string()),
        Some(Answer::Declined) => json!("prefer_not_to_say"),
        Some(Answer::Choice(i)) => json!(i),
        Some(Answer::Multi(bits)) => json!(bits.iter().collect::<Vec<_>>()),
        Some(Answer::Number(n)) => json!(n),
    }
}

fn write_cases(name: &str, root: &str, count: usize, seed: u64) -> PathBuf {
    let mut assessment = load(root);
    let mut random = Random(seed);
    let continuable: Vec<usize> = (0..assessment.outcomes.len())
        .filter(|o| assessment.outcomes[*o].continue_label.is_some())
        .collect();
    let mut cases = Vec::new();
    let mut outcomes_seen = vec![0usize; assessment.outcomes.len()];
    // `count` cases, then (rarely) more, kept only when they reach an
    // outcome no case has reached yet: some outcomes need many answers at
    // once (a total of 15 or more and "none" on both screening questions).
    let mut tries = 0;
    while cases.len() < count || (outcomes_seen.contains(&0) && tries < 1_000_000) {
        tries += 1;
        let today = TODAYS[random.below(TODAYS.len() as u64) as usize];
        assessment.today = today.parse().unwrap();
        let low = random.below(3) == 0;
        let given: Vec<Option<Answer>> = (0..assessment.questions.len())
            .map(|q| random_answer(&assessment, q, low, &mut random))
            .collect();
        let continue_past: Vec<usize> = continuable
            .iter()
            .copied()
            .filter(|_| random.below(2) == 0)
            .collect();
        let run = assessment.run(&given, &continue_past);
        if cases.len() >= count && run.outcome.is_none_or(|o| outcomes_seen[o] > 0) {
            continue;
        }
        if let Some(o) = run.outcome {
            outcomes_seen[o] += 1;
        }
        cases.push(json!({
            "today": today,
            "answers": given.iter().map(to_json).collect::<Vec<_>>(),
            "continue_past": continue_past,
            "expected": {
                "outcome": run.outcome,
                "fired": run.fired,
                "path": run.path,
                "missing": run.missing,
                "answers": run.answers.iter().map(to_json).collect::<Vec<_>>(),
                "scores": assessment.score_values(&run.answers),
                "notes": assessment.notes_shown(&run.answers),
                "valid": assessment.questions.iter().map(|q| q.validate.as_ref().map(|r| assessment.truth(r, &run.answers, &[]))).collect::<Vec<_>>(),
                "reasons": assessment.notes.iter().map(|n| n.reasons.iter().map(|r| assessment.truth(&r.when, &run.answers, &[])).collect::<Vec<_>>()).collect::<Vec<_>>(),
            }
        }));
    }
    // Generated answers must reach every outcome, or the comparison is weak.
    for (o, seen) in outcomes_seen.iter().enumerate() {
        assert!(
            *seen > 0,
            "{name}: no generated case reaches `{}`",
            assessment.outcomes[o].id
        );
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/differential");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    let file = json!({"name": name, "model": assessment.client_json(), "cases": cases});
    std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();
    path
}

#[test]
fn differential_cases() {
    // The default assessment with mostly complete answers reaches its final
    // outcomes; the fixture exercises show_if, multi, numbers and skips.
    let default = write_cases("default", ".", 3000, 0x9E37_79B9_7F4A_7C15);
    let fixture = write_cases("fixture", "tests/fixtures/assessment", 3000, 42);
    // Numbers met in round, min, max and abs; notes with reasons.
    let engine = write_cases("engine", "tests/fixtures/engine", 3000, 99);
    for path in [default, fixture, engine] {
        let text = std::fs::read_to_string(path).unwrap();
        let file: Value = serde_json::from_str(&text).unwrap();
        assert!(file["cases"].as_array().unwrap().len() >= 3000);
    }
}

/// Every node kind and operator of the table in `questionnaire::ops`, on
/// generated answers: `tests/js/differential.test.mjs` checks that the
/// browser's runtime names exactly these kinds and gives the same value for
/// every case (`target/differential/ops.json`).
#[test]
fn operator_cases() {
    use pamphlet::questionnaire::compile::Expr;
    use pamphlet::questionnaire::ops::{self, ArithOp, CmpOp, DateUnit};

    let assessment = load("tests/fixtures/assessment");
    let q = |id: &str| assessment.question_index(id).unwrap();
    let b = Box::new;
    let value = || Expr::Value { q: q("years") };
    let mut exprs = vec![
        Expr::Bool { v: true },
        Expr::Bool { v: false },
        Expr::Num { v: 3.5 },
        Expr::Is {
            q: q("age"),
            opts: vec![1],
        },
        Expr::IsNot {
            q: q("region"),
            opts: vec![0, 2],
        },
        Expr::Has {
            q: q("screen"),
            opt: 1,
        },
        Expr::Answered { q: q("years") },
        Expr::Count { q: q("screen") },
        Expr::Score { q: q("mood") },
        Expr::Score { q: q("screen") },
        value(),
        Expr::Ref { s: 0 },
        Expr::Neg { a: b(value()) },
        Expr::BoolEq {
            ne: false,
            a: b(Expr::Is {
                q: q("age"),
                opts: vec![1],
            }),
            b: b(Expr::Has {
                q: q("screen"),
                opt: 0,
            }),
        },
        Expr::BoolEq {
            ne: true,
            a: b(Expr::Answered { q: q("years") }),
            b: b(Expr::Is {
                q: q("harm"),
                opts: vec![0],
            }),
        },
        Expr::And {
            args: vec![
                Expr::Is {
                    q: q("age"),
                    opts: vec![1],
                },
                Expr::Answered { q: q("years") },
            ],
        },
        Expr::Or {
            args: vec![
                Expr::Has {
                    q: q("screen"),
                    opt: 0,
                },
                Expr::Is {
                    q: q("harm"),
                    opts: vec![0],
                },
            ],
        },
        Expr::Not {
            a: b(Expr::Has {
                q: q("screen"),
                opt: 2,
            }),
        },
    ];
    for op in ArithOp::ALL {
        for (x, y) in [
            (value(), Expr::Num { v: 2.0 }),
            (Expr::Score { q: q("mood") }, Expr::Score { q: q("sleep") }),
            (value(), Expr::Num { v: 0.0 }),
        ] {
            exprs.push(Expr::Arith {
                op,
                a: b(x),
                b: b(y),
            });
        }
    }
    // round(x, n) on numbers with decimals and halves (x / 8 is often .5),
    // negative ones included; abs(x) as compiled: max(x, -x).
    let div = |v: f64| Expr::Arith {
        op: ArithOp::Div,
        a: b(value()),
        b: b(Expr::Num { v }),
    };
    let minus_forty = || Expr::Arith {
        op: ArithOp::Sub,
        a: b(value()),
        b: b(Expr::Num { v: 40.0 }),
    };
    for (x, n) in [
        (div(7.0), 1.0),
        (div(3.0), 2.0),
        (div(8.0), 0.0),
        (Expr::Neg { a: b(div(8.0)) }, 0.0),
        (div(-16.0), 1.0),
        (div(0.7), 6.0),
    ] {
        exprs.push(Expr::Arith {
            op: ArithOp::Round,
            a: b(x),
            b: b(Expr::Num { v: n }),
        });
    }
    exprs.push(Expr::Arith {
        op: ArithOp::Max,
        a: b(minus_forty()),
        b: b(Expr::Neg {
            a: b(minus_forty()),
        }),
    });
    for op in CmpOp::ALL {
        for (x, y) in [
            (value(), Expr::Num { v: 10.0 }),
            (Expr::Ref { s: 0 }, Expr::Num { v: 2.0 }),
            (Expr::Score { q: q("mood") }, Expr::Score { q: q("sleep") }),
        ] {
            exprs.push(Expr::Cmp {
                op,
                a: b(x),
                b: b(y),
            });
        }
    }
    // Dates, "prefer not to say" and a checklist past 32 options, on the
    // engine fixture (model 1).
    let mut dated = load("tests/fixtures/engine");
    let d = |id: &str| dated.question_index(id).unwrap();
    let since = |unit| Expr::Since {
        unit,
        q: d("last_dose"),
    };
    let date_exprs = vec![
        Expr::Declined { q: d("smoke") },
        Expr::Answered { q: d("smoke") },
        Expr::Is {
            q: d("smoke"),
            opts: vec![0],
        },
        Expr::IsNot {
            q: d("smoke"),
            opts: vec![0],
        },
        since(DateUnit::Days),
        since(DateUnit::Months),
        Expr::Cmp {
            op: CmpOp::Lt,
            a: b(since(DateUnit::Months)),
            b: b(Expr::Num { v: 3.0 }),
        },
        Expr::Has {
            q: d("meds"),
            opt: 39,
        },
        Expr::Has {
            q: d("meds"),
            opt: 32,
        },
        Expr::Count { q: d("meds") },
        Expr::Answered { q: d("meds") },
    ];
    // The cases must use every kind and operator of the table.
    let text = serde_json::to_string(&(&exprs, &date_exprs)).unwrap();
    let table = ops::wire_table();
    for kind in table["kinds"].as_array().unwrap() {
        assert!(
            text.contains(&format!("\"k\":{kind}")),
            "no case of kind {kind}"
        );
    }
    for op in table["cmp"]
        .as_array()
        .unwrap()
        .iter()
        .chain(table["arith"].as_array().unwrap())
    {
        assert!(
            text.contains(&format!("\"op\":{op}")),
            "no case of operator {op}"
        );
    }
    for unit in table["since"].as_array().unwrap() {
        assert!(
            text.contains(&format!("\"unit\":{unit}")),
            "no case of unit {unit}"
        );
    }
    let mut random = Random(7);
    let mut cases = Vec::new();
    for _ in 0..60 {
        let low = random.below(3) == 0;
        let given: Vec<Option<Answer>> = (0..assessment.questions.len())
            .map(|q| random_answer(&assessment, q, low, &mut random))
            .collect();
        let answers = assessment.effective(&given);
        for expr in &exprs {
            let expected = if expr.is_condition() {
                json!(assessment.truth(expr, &answers, &[]))
            } else {
                json!(assessment.number(expr, &answers, &[]))
            };
            cases.push(json!({
                "expr": expr,
                "condition": expr.is_condition(),
                "answers": answers.iter().map(to_json).collect::<Vec<_>>(),
                "expected": expected,
                "model": 0,
            }));
        }
    }
    for i in 0..400 {
        let today = TODAYS[i % TODAYS.len()];
        dated.today = today.parse().unwrap();
        let given: Vec<Option<Answer>> = (0..dated.questions.len())
            .map(|q| random_answer(&dated, q, false, &mut random))
            .collect();
        let answers = dated.effective(&given);
        for expr in &date_exprs {
            let expected = if expr.is_condition() {
                json!(dated.truth(expr, &answers, &[]))
            } else {
                json!(dated.number(expr, &answers, &[]))
            };
            cases.push(json!({
                "expr": expr,
                "condition": expr.is_condition(),
                "answers": answers.iter().map(to_json).collect::<Vec<_>>(),
                "expected": expected,
                "model": 1,
                "today": today,
            }));
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/differential");
    std::fs::create_dir_all(&dir).unwrap();
    let file = json!({"table": table, "models": [assessment.client_json(), dated.client_json()], "cases": cases});
    std::fs::write(dir.join("ops.json"), serde_json::to_vec(&file).unwrap()).unwrap();
}

const ENGINE: &str = "tests/fixtures/engine/content/assessment.yaml";

/// Replaces `old` (which must occur) with `new` in the engine fixture's
/// assessment and asserts the build's full error output and exit code 1.
fn assert_fails(old: &str, new: &str, expected: &str) {
    let source = std::fs::read_to_string(ENGINE).unwrap();
    assert!(
        source.contains(old),
        "the fixture no longer contains {old:?}"
    );
    let site = SiteTest::from_fixture("engine")
        .file("content/assessment.yaml", source.replacen(old, new, 1));
    assert_eq!(site.build_errors(), expected);
}

#[test]
fn unhandled_prefer_not() {
    assert_fails(
        "when: \"answered(smoke) and smoke == 'yes'\"",
        "when: \"smoke == 'yes'\"",
        "error: the `when` of note `smoking` reads `smoke`, which offers “Prefer not to say”, but does not say what that answer means here\n   --> content/assessment.yaml:129:12\n    |\n129 |     when: \"smoke == 'yes'\"\n    |            ^^^^^\n    = hint: write `declined(smoke) or ...` to count it in, or `answered(smoke) and ...` to leave it out\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
    );
}

#[test]
fn bad_date_bound() {
    assert_fails(
        "not_after: today",
        "not_after: yesterday",
        "error: the `not_after` of question `last_dose` must be `today` or a date written YYYY-MM-DD, not `yesterday`\n  --> content/assessment.yaml:60:5\n   |\n60 |     not_after: yesterday\n   |     ^^^^^^^^^\n   = hint: write `not_after: today` to refuse dates in the future\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
    );
}

#[test]
fn date_function_on_a_number() {
    assert_fails(
        "months_since(last_dose) < 3",
        "months_since(age) < 3",
        "error: months_since() needs a date question, and `age` is not one\n   --> content/assessment.yaml:132:25\n    |\n132 |     when: \"months_since(age) < 3\"\n    |                         ^^^\n    = hint: give `age` `type: date`, or compare its answer itself\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
    );
}

#[test]
fn date_compared_directly() {
    assert_fails(
        "months_since(last_dose) < 3",
        "last_dose < 3",
        "error: cannot compare the date answered to `last_dose` with a number\n   --> content/assessment.yaml:132:12\n    |\n132 |     when: \"last_dose < 3\"\n    |            ^^^^^^^^^^^^^\n    = hint: count from it with days_since(last_dose) or months_since(last_dose), like `months_since(last_dose) < 3`\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
    );
}

#[test]
fn declined_without_the_offer() {
    assert_fails(
        "when: \"answered(smoke) and smoke == 'yes'\"",
        "when: \"declined(height) or (answered(smoke) and smoke == 'yes')\"",
        "error: question `height` does not offer “prefer not to say”, so declined(height) is never true\n   --> content/assessment.yaml:129:21\n    |\n129 |     when: \"declined(height) or (answered(smoke) and smoke == 'yes')\"\n    |                     ^^^^^^\n    = hint: add `prefer_not_to_say: true` to the question, or leave declined() out\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
    );
}

#[test]
fn date_test_without_today() {
    assert_fails(
        "    today: 2026-11-29\n",
        "",
        "error: test 6 (\"A treatment on 31 August is within 3 months on 29 November\") answers the date question `last_dose` but gives no `today:`\n   --> content/assessment.yaml:166:5\n    |\n166 |   - name: A treatment on 31 August is within 3 months on 29 November\n    |     ^\n    = hint: add `today: YYYY-MM-DD` to the case (the day it is run on, so builds never depend on the clock), with dates the page accepts on that day\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
    );
}

#[test]
fn date_test_after_its_bound() {
    assert_fails(
        "last_dose: 2026-08-31 }",
        "last_dose: 2026-12-05 }",
        "error: test 6 (\"A treatment on 31 August is within 3 months on 29 November\") answers `last_dose` with 2026-12-05, after its `not_after` (today) on 2026-11-29\n   --> content/assessment.yaml:168:89\n    |\n168 |     answers: { age: 40, height: 61, weight: 132, history: [none], smoke: no, last_dose: 2026-12-05 }\n    |                                                                                         ^^^^^^^^^^\n    = hint: the page refuses that date on 2026-11-29, the case's `today:`: answer with one on or before 2026-11-29\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
    );
}

#[test]
fn date_bound_on_a_number() {
    assert_fails(
        "    unit: years\n",
        "    unit: years\n    not_after: today\n",
        "error: `not_after` is for date questions, and `age` is not one\n  --> content/assessment.yaml:12:5\n   |\n12 |     not_after: today\n   |     ^^^^^^^^^\n   = hint: remove it, or write `type: date`\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
    );
}

#[test]
fn declined_in_a_test_without_the_offer() {
    assert_fails(
        "meds: [m01, m33, m40]",
        "meds: prefer_not_to_say",
        "error: test 9 (\"Medicines past the 32nd are read like the first\") answers `meds` with prefer_not_to_say, but the question does not offer “prefer not to say” (add `prefer_not_to_say: true` to it)\n   --> content/assessment.yaml:182:84\n    |\n182 |     answers: { age: 40, height: 61, weight: 132, history: [none], smoke: no, meds: prefer_not_to_say }\n    |                                                                                    ^^^^^^^^^^^^^^^^^\n    = hint: answer with a list of: m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12, m13, m14, m15, m16, m17, m18, m19, m20, m21, m22, m23, m24, m25, m26, m27, m28, m29, m30, m31, m32, m33, m34, m35, m36, m37, m38, m39, m40, no_meds\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
    );
}

/// A checklist of 201 options is past the page's limit of 200.
#[test]
fn checklist_past_200_options() {
    let more: String = (41..=201)
        .map(|i| format!("      - {{ id: m{i}, label: Medicine {i} }}\n"))
        .collect();
    let old = "      - { id: no_meds, label: None of these, exclusive: true }\n";
    assert_fails(
        old,
        &format!("{more}{old}"),
        "error: question `meds` has 202 options; a multi question may have at most 200\n  --> content/assessment.yaml:66:5\n   |\n66 |     options:\n   |     ^^^^^^^\n   = hint: split it into two questions; long checkbox lists are hard to read on a phone anyway\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n",
    );
}

/// Forty medicines, each read in its own condition with the age: as
/// subsets, 2^40 answers; walked option by option, a few states, decided
/// exactly in well under a second, and a gap is found with its example.
#[test]
fn a_forty_option_checklist_is_decided_option_by_option() {
    let started = std::time::Instant::now();
    let assessment = load("tests/fixtures/engine/forty");
    let elapsed = started.elapsed();
    assert!(
        elapsed < std::time::Duration::from_millis(500),
        "checked in {elapsed:?}"
    );
    assert_eq!(
        questionnaire::summary(&assessment),
        "Self-assessment: 2 questions, 2 outcomes and 4 test cases passed; every possible answer checked (5 distinct states)"
    );
    let site = SiteTest::from_fixture("engine/forty");
    let run = site.build();
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("every possible answer checked (5 distinct states)"),
        "{}",
        run.stdout
    );
    // `fine` only without m40: 30 and over with m40 alone reaches nothing.
    let source = site.read("content/assessment.yaml");
    let site = site.file(
        "content/assessment.yaml",
        source
            .replace("    when: \"true\"", "    when: \"not ('m40' in meds)\"")
            .replace(
                "  - answers: { age: 70, meds: [m02, m40] }\n    expect: fine\n",
                "",
            ),
    );
    assert_eq!(
        site.build_errors(),
        "error: some answers reach no outcome, for example: age = 30, meds = [m40]\n  --> content/assessment.yaml:61:5\n   |\n61 |   - id: fine\n   |     ^\n   = hint: add a last outcome with `when: \"true\"`, or widen the conditions so one always holds\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
    );
}

/// A small questionnaire on the engine fixture's site, loaded.
fn load_text(yaml: &str) -> Result<Assessment, Vec<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engine");
    let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let config = SiteConfig::parse(&root, &config).unwrap();
    questionnaire::load(yaml, &config).map_err(|problems| {
        problems
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect()
    })
}

const DATED: &str = r#"title: Dates
questions:
  - id: last
    text: When was your last treatment?
    type: date
    not_after: today
outcomes:
  - id: recent
    when: "months_since(last) < 3"
    title: Recent
    body: Recent.
  - id: long_ago
    when: "months_since(last) > 3"
    title: Long ago
    body: Long ago.
tests:
  - today: 2026-11-30
    answers: { last: 2026-10-01 }
    expect: recent
  - today: 2026-11-30
    answers: { last: 2025-01-01 }
    expect: long_ago
"#;

/// Months compared with numbers: a gap at exactly 3 months is found, with
/// a date 3 whole months before the analysis's reference day (31 March
/// 2025), at the outcome after which nothing matches;
/// closed, every date is decided. Read in days and months at once, the
/// dates are only sampled, and the report says so.
#[test]
fn dates_are_decided_next_to_each_number_named() {
    assert_eq!(
        load_text(DATED).unwrap_err(),
        [
            "12:5 some answers reach no outcome, for example: last = 2024-12-01 (dates counted to 2025-03-31: a test case for it takes `today: 2025-03-31`)"
        ]
    );
    let closed = DATED.replace("months_since(last) > 3", "months_since(last) >= 3");
    assert_eq!(
        questionnaire::summary(&load_text(&closed).unwrap()),
        "Self-assessment: 1 question, 2 outcomes and 2 test cases passed; every possible answer checked (2 distinct states)"
    );
    let both = closed.replace(
        "months_since(last) < 3",
        "months_since(last) < 3 or days_since(last) < 0",
    );
    let summary = questionnaire::summary(&load_text(&both).unwrap());
    assert_eq!(
        summary,
        "Self-assessment: 1 question, 2 outcomes and 2 test cases passed; proved for every answer, except `last`, which was sampled at 2105 dates: the dates around each number of days or months its conditions name, and dates spread evenly over the range it accepts, so a gap there may be missed"
    );
}
