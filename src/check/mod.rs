//! `pamphlet check`: everything `build` validates, plus the quality checks a
//! health site is judged by: review dates, reading grade, sources,
//! accessibility of the content, wording and (with `--external`) links to
//! other websites. It writes nothing.
//!
//! Each family of checks returns its problems as errors; [`run`] then sets
//! their severity from site.yaml's `policy.severity`.

pub mod a11y;
pub mod demo;
pub mod external;
pub mod readability;
pub mod report;
pub mod review;
pub mod signoff;
pub mod sources;
pub mod templates;
pub mod translations;
pub mod wording;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Level, Policy, SiteConfig};
use crate::content::{Kind, SourceFile};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity, line_col};
use crate::pipeline::{self, BuildOptions, Loaded};
use crate::questionnaire::Assessment;
use crate::site::Page;
pub use readability::format_grade;
use readability::{Sentence, grade_problem, hardest, round1};

/// What `pamphlet check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// The date review dates are compared with; `None`: today in the
    /// clinic's time zone (site.yaml's `timezone`).
    pub today: Option<Date>,
    /// Check drafts too.
    pub include_drafts: bool,
    /// Also request every external link (slow; needs the network).
    pub external: bool,
}

/// The family of checks a problem comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckKind {
    /// Everything `pamphlet build` validates.
    Build,
    /// Review dates.
    Review,
    /// Reading grade.
    Readability,
    /// Figures and claims without sources; uncited references.
    Sources,
    /// External links (`--external`).
    Links,
    /// Alt text, heading order, link text, table headers.
    Accessibility,
    /// Phrases to avoid.
    Wording,
}

/// One problem and the check that found it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Which check.
    pub check: CheckKind,
    /// The problem.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

/// One row of the summary table: a page (or the self-assessment).
#[derive(Debug, Clone, Serialize)]
pub struct PageSummary {
    /// The source file.
    pub path: PathBuf,
    /// Where it is published.
    pub url: String,
    /// `article`, `faq`, `page` or `assessment`.
    pub kind: &'static str,
    /// Its title.
    pub title: String,
    /// The Flesch-Kincaid grade of its prose (`None` when it is not measured).
    pub grade: Option<f64>,
    /// Words of prose.
    pub words: usize,
    /// Sentences of prose.
    pub sentences: usize,
    /// When a clinician last reviewed it.
    pub last_reviewed: Option<Date>,
    /// When the next review is due.
    pub next_review: Option<Date>,
    /// Errors found in its file.
    pub errors: usize,
    /// Warnings found in its file.
    pub warnings: usize,
    /// Its three hardest sentences, hardest first.
    pub hardest: Vec<Sentence>,
}

/// Everything one run of `pamphlet check` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The date review dates were compared with.
    pub today: Date,
    /// The site's maximum reading grade.
    pub max_grade: f64,
    /// One row per page, in the site's order.
    pub pages: Vec<PageSummary>,
    /// Every problem, sorted by file and line.
    pub diagnostics: Vec<Finding>,
}

impl Report {
    /// How many errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|f| f.diagnostic.is_error())
            .count()
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Runs every check on the site at `options.root`.
///
/// The site is loaded once, by [`pipeline::load`], as build loads it; this
/// module reads no file. A site that loads without a problem is also
/// rendered, as build would, so template errors are reported, but into a
/// sink that keeps nothing ([`pipeline::render_check`]).
pub fn run(options: &CheckOptions) -> Report {
    let build = BuildOptions {
        root: options.root.clone(),
        include_drafts: options.include_drafts,
        base_url: None,
    };
    let mut loaded = match pipeline::load(&build).into_site() {
        Ok(site) => {
            let problems = pipeline::render_check(&site);
            Loaded::from_site(site, problems)
        }
        Err(loaded) => loaded,
    };
    let today = options.today.unwrap_or_else(|| {
        loaded
            .config
            .as_ref()
            .map_or_else(Date::today, SiteConfig::today)
    });
    let mut findings: Vec<Finding> = std::mem::take(&mut loaded.problems)
        .into_iter()
        .map(|diagnostic| Finding {
            check: CheckKind::Build,
            diagnostic,
        })
        .collect();
    let policy = loaded
        .config
        .as_ref()
        .map(|c| c.policy.clone())
        .unwrap_or_default();
    // Pages whose front matter failed (`loaded.salvaged`) had their links
    // and citations checked by the loader; the checks here need the front
    // matter, so they run on the other pages.
    let pages: Vec<&Page> = loaded
        .articles
        .iter()
        .chain(&loaded.faq)
        .chain(&loaded.pages)
        .chain(&loaded.translations)
        .collect();

    let checked: Vec<(PageSummary, Vec<Finding>)> = pages
        .par_iter()
        .map(|page| check_page(page, &policy, today))
        .collect();
    let mut summaries = Vec::with_capacity(checked.len());
    for (summary, found) in checked {
        summaries.push(summary);
        findings.extend(found);
    }
    findings.extend(translation_findings(&loaded, &policy));
    if let (Some(assessment), Some(source)) = (&loaded.assessment, &loaded.assessment_source) {
        let (mut summary, found) = check_assessment(source, assessment, &policy);
        findings.extend(assessment_sign_off(
            &mut summary,
            source,
            &loaded,
            &policy,
            today,
            options,
        ));
        summaries.push(summary);
        findings.extend(found);
    }
    if let Some(templates) = &loaded.templates {
        // What an override takes away is a build-level problem: never a warning.
        findings.extend(
            templates::check(templates)
                .into_iter()
                .map(|diagnostic| Finding {
                    check: CheckKind::Build,
                    diagnostic,
                }),
        );
    }
    findings.extend(
        demo::check(
            loaded.config_source.as_ref(),
            loaded.config.as_ref().is_some_and(|c| c.demo),
            &pages,
        )
        .into_iter()
        .map(|diagnostic| Finding {
            check: CheckKind::Review,
            diagnostic,
        }),
    );
    if options.external {
        let links: Vec<external::ExternalLink> = pages
            .iter()
            .flat_map(|page| external::links_of(page))
            .collect();
        findings.extend(external::check(&links).into_iter().map(|d| Finding {
            check: CheckKind::Links,
            diagnostic: d,
        }));
    }

    findings.sort_by(|a, b| {
        let (a, b) = (&a.diagnostic, &b.diagnostic);
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
    // The same problem found twice (by the build and again here) is shown once.
    findings.dedup_by(|a, b| a.diagnostic == b.diagnostic);
    let mut counts: HashMap<&Path, (usize, usize)> = HashMap::new();
    for finding in &findings {
        let entry = counts.entry(&finding.diagnostic.path).or_default();
        if finding.diagnostic.is_error() {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    for page in &mut summaries {
        (page.errors, page.warnings) = counts.get(page.path.as_path()).copied().unwrap_or_default();
    }
    Report {
        today,
        max_grade: policy.max_grade,
        pages: summaries,
        diagnostics: findings,
    }
}

/// The checks of translations: stale ones (review severity), pages with no
/// translation (warnings), and the reading ease of Spanish pages.
fn translation_findings(loaded: &Loaded, policy: &Policy) -> Vec<Finding> {
    let sources: Vec<&Page> = loaded
        .articles
        .iter()
        .chain(&loaded.faq)
        .chain(&loaded.pages)
        .collect();
    let mut findings = with_level(
        CheckKind::Review,
        policy.severity.review,
        translations::stale(&loaded.translations, &sources),
    );
    if let Some(source) = &loaded.assessment_source {
        findings.extend(with_level(
            CheckKind::Review,
            policy.severity.review,
            translations::stale_assessment(&loaded.assessment_translations, source),
        ));
    }
    findings.extend(with_level(
        CheckKind::Review,
        Level::Warn,
        translations::untranslated(&loaded.languages, &loaded.translations, &sources),
    ));
    for language in loaded.languages.iter().skip(1) {
        let spanish = language.code.to_ascii_lowercase().starts_with("es");
        let (true, Some(min)) = (spanish, language.min_reading_ease) else {
            continue;
        };
        let mine = loaded
            .translations
            .iter()
            .filter(|p| p.doc.lang() == crate::routes::Lang::Prefixed(&language.prefix));
        findings.extend(with_level(
            CheckKind::Readability,
            Level::Warn,
            loaded
                .assessment_translations
                .iter()
                .filter(|t| t.prefix == language.prefix)
                .filter_map(|t| translations::spanish_assessment_readability(t, min))
                .collect(),
        ));
        findings.extend(with_level(
            CheckKind::Readability,
            Level::Warn,
            mine.filter_map(|page| translations::spanish_readability(page, min))
                .collect(),
        ));
    }
    findings
}

/// Sets a check's severity from the policy: `warn` turns its errors into
/// warnings (a warning stays a warning either way).
fn with_level(check: CheckKind, level: Level, problems: Vec<Diagnostic>) -> Vec<Finding> {
    problems
        .into_iter()
        .map(|mut diagnostic| {
            if level == Level::Warn {
                diagnostic.severity = Severity::Warning;
            }
            Finding { check, diagnostic }
        })
        .collect()
}

fn check_page(page: &Page, policy: &Policy, today: Date) -> (PageSummary, Vec<Finding>) {
    let doc = &page.doc;
    let path = &doc.source.path;
    let source = &doc.source.text;
    let severity = &policy.severity;
    let scanned = &page.rendered.scan;
    let medical = matches!(doc.kind, Kind::Article | Kind::Faq);
    let mut findings = Vec::new();

    if medical {
        findings.extend(with_level(
            CheckKind::Review,
            severity.review,
            review::check(doc, policy, today),
        ));
        findings.extend(with_level(
            CheckKind::Sources,
            severity.sources,
            sources::check(doc, &page.rendered, scanned),
        ));
    }
    findings.extend(with_level(
        CheckKind::Accessibility,
        severity.accessibility,
        a11y::check(path, source, scanned),
    ));
    let mut wording_problems =
        wording::check_blocks(path, source, &scanned.visible, &policy.avoid_phrases);
    wording_problems.extend(wording::check_front_matter(
        path,
        source,
        doc.body_start,
        &[
            ("title", &doc.meta.title),
            ("description", &doc.meta.description),
        ],
        &policy.avoid_phrases,
    ));
    findings.extend(with_level(
        CheckKind::Wording,
        severity.wording,
        wording_problems,
    ));

    let blocks: Vec<&str> = scanned.prose.iter().map(|b| b.text.as_str()).collect();
    let (counts, per_block) = readability::measure(blocks.iter().copied());
    let mut sentences: Vec<Sentence> = per_block
        .into_iter()
        .zip(&scanned.prose)
        .flat_map(|(sentences, block)| {
            sentences.into_iter().map(move |mut s| {
                s.offset = block.source_offset(s.offset);
                s.line = line_col(source, s.offset).0;
                s
            })
        })
        .collect();
    // An English grade means nothing for a translation: its own language's
    // measure is reported by `translation_findings`.
    let (hardest, grade) = if doc.is_translation() {
        (Vec::new(), None)
    } else {
        (hardest(&mut sentences), counts.grade())
    };
    // A translation is measured by its own language's formula
    // (`translation_findings`), not by an English grade.
    if medical
        && !doc.is_translation()
        && let Some(grade) = grade
        && let Some(diagnostic) = grade_problem(path, grade, policy, &hardest, |s| {
            Diagnostic::error(path, "")
                .at_offset(source, s.offset)
                .underline(s.text.chars().count())
        })
    {
        findings.push(Finding {
            check: CheckKind::Readability,
            diagnostic,
        });
    }
    let summary = PageSummary {
        path: path.clone(),
        url: doc.url_path(),
        kind: match doc.kind {
            Kind::Article => "article",
            Kind::Faq => "faq",
            Kind::Page => "page",
        },
        title: doc.meta.title.clone(),
        grade: grade.map(round1),
        words: counts.words,
        sentences: counts.sentences,
        last_reviewed: doc.meta.last_reviewed,
        next_review: if medical {
            review::next_review(doc, policy)
        } else {
            None
        },
        errors: 0,
        warnings: 0,
        hardest,
    };
    (summary, findings)
}

/// The self-assessment's prose, and whether every outcome is tested;
/// `source` is `content/assessment.yaml` as the loader read it.
fn check_assessment(
    source: &SourceFile,
    assessment: &Assessment,
    policy: &Policy,
) -> (PageSummary, Vec<Finding>) {
    let path = source.path.clone();
    let file = &source.text;
    let (summary, mut findings) = check_prose(path.clone(), file, &assessment.prose(), policy);
    // Build runs the tests that exist; check also asks for one per outcome,
    // so that a later edit cannot break an outcome unnoticed.
    let untested = [
        (
            &assessment.untested,
            "no test case reaches the outcome",
            "add a case under `tests:` whose answers lead to each outcome",
        ),
        (
            &assessment.untested_notes,
            "no test case expects the note",
            "add a case under `tests:` whose `expect_notes` lists each note",
        ),
    ];
    for (ids, message, hint) in untested {
        if ids.is_empty() {
            continue;
        }
        let names: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
        let at = file.find("tests:").unwrap_or(0);
        let diagnostic = Diagnostic::warning(&path, format!("{message} {}", names.join(", ")))
            .at_offset(file, at)
            .hint(hint);
        findings.push(Finding {
            check: CheckKind::Build,
            diagnostic,
        });
    }
    // "No problems" must not stand for a check that only sampled: say what
    // the build's analysis could not prove. The hint's 20,000 is the
    // analysis's limit, kept true by this assertion.
    const _: () = assert!(crate::questionnaire::MAX_GRID == 20_000);
    if !assessment.proof.exact {
        let line = crate::questionnaire::summary(assessment);
        let proved = line
            .split_once("passed; ")
            .map_or(line.as_str(), |(_, p)| p);
        let at = file.find("questions:").unwrap_or(0);
        let diagnostic = Diagnostic::warning(
            &path,
            format!("the self-assessment is not checked for every answer: {proved}"),
        )
        .at_offset(file, at)
        .hint("give the numbers named a `min`, `max` and `step` with at most 20,000 steps, or read them only through comparisons with numbers, and every answer is checked (README: \"What the check proves\")");
        findings.push(Finding {
            check: CheckKind::Build,
            diagnostic,
        });
    }
    (summary, findings)
}

/// The self-assessment's sign-off ([`signoff`]), with its review dates in
/// its row of the summary.
fn assessment_sign_off(
    summary: &mut PageSummary,
    source: &SourceFile,
    loaded: &Loaded,
    policy: &Policy,
    today: Date,
    options: &CheckOptions,
) -> Vec<Finding> {
    if let Some(sign_off) = crate::questionnaire::signoff::SignOff::read(&source.text) {
        summary.last_reviewed = sign_off.last_reviewed;
        summary.next_review = signoff::next_review(&sign_off, policy);
    }
    // Without site.yaml nothing says this is not the demo: the build
    // reports the missing file.
    let demo = loaded.config.as_ref().is_none_or(|c| c.demo);
    let problems = signoff::check(source, demo, policy, today, options.include_drafts);
    with_level(CheckKind::Review, policy.severity.review, problems)
}

/// The self-assessment's texts as blocks of prose: each text is Markdown (a
/// title and a body, say), measured by paragraph and list item as a page's
/// prose is. Returns (label, line, block).
fn prose_blocks(prose: &[(String, String, usize)]) -> Vec<(&str, usize, String)> {
    prose
        .iter()
        .flat_map(|(label, text, line)| {
            let mut found: Vec<String> = crate::markdown::scan::scan_text(text)
                .prose
                .into_iter()
                .map(|b| b.text)
                .collect();
            if found.is_empty() {
                found.push(text.clone());
            }
            found
                .into_iter()
                .map(move |block| (label.as_str(), *line, block))
        })
        .collect()
}

/// Wording and reading grade of the self-assessment's texts: (label, text,
/// line in `file`) for each question, option and outcome.
fn check_prose(
    path: PathBuf,
    file: &str,
    prose: &[(String, String, usize)],
    policy: &Policy,
) -> (PageSummary, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut wording_problems = Vec::new();
    for (label, text, line) in prose {
        wording_problems.extend(wording::check_text_at_line(
            &path,
            file,
            label,
            text,
            *line,
            &policy.avoid_phrases,
        ));
    }
    findings.extend(with_level(
        CheckKind::Wording,
        policy.severity.wording,
        wording_problems,
    ));
    let blocks = prose_blocks(prose);
    let (counts, per_block) = readability::measure(blocks.iter().map(|(_, _, b)| b.as_str()));
    let mut sentences: Vec<Sentence> = per_block
        .into_iter()
        .zip(&blocks)
        .flat_map(|(sentences, (label, line, _))| {
            sentences.into_iter().map(move |mut s| {
                s.line = *line;
                s.label = label.to_string();
                s
            })
        })
        .collect();
    let hardest = hardest(&mut sentences);
    let grade = counts.grade();
    if let Some(grade) = grade
        && let Some(diagnostic) = grade_problem(&path, grade, policy, &hardest, |s| {
            Diagnostic::error(&path, "").at(file, s.line, 1)
        })
    {
        findings.push(Finding {
            check: CheckKind::Readability,
            diagnostic,
        });
    }
    let summary = PageSummary {
        path,
        url: "/assessment/".into(),
        kind: "assessment",
        title: "Self-assessment".into(),
        grade: grade.map(round1),
        words: counts.words,
        sentences: counts.sentences,
        last_reviewed: None,
        next_review: None,
        errors: 0,
        warnings: 0,
        hardest,
    };
    (summary, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(list: &[&str]) -> Policy {
        Policy {
            avoid_phrases: list.iter().map(|s| s.to_string()).collect(),
            ..Policy::default()
        }
    }

    #[test]
    fn assessment_prose_is_checked_for_wording_and_grade() {
        let file = "questions:\n  - id: mood\n    text: Do you feel down?\n    help: >-\n      Ketamine is guaranteed to help.\noutcomes:\n  - id: book\n    body: Notwithstanding considerable interindividual variability, pharmacological augmentation demonstrates heterogeneous responsiveness.\n";
        let prose = vec![
            ("question mood".to_string(), "Do you feel down?".to_string(), 3),
            (
                "question mood".to_string(),
                "Ketamine is guaranteed to help.".to_string(),
                4,
            ),
            (
                "outcome book".to_string(),
                "Book a visit\n\nNotwithstanding considerable interindividual variability, pharmacological augmentation demonstrates heterogeneous responsiveness.".to_string(),
                8,
            ),
        ];
        let (summary, findings) = check_prose(
            PathBuf::from("content/assessment.yaml"),
            file,
            &prose,
            &phrases(&["guaranteed"]),
        );
        let rendered: Vec<String> = findings.iter().map(|f| f.diagnostic.to_string()).collect();
        assert_eq!(
            rendered[0],
            "error: avoid the phrase \"guaranteed\" in patient text (question mood)\n --> content/assessment.yaml:5:19\n  |\n5 |       Ketamine is guaranteed to help.\n  |                   ^^^^^^^^^^\n  = hint: no treatment works for everyone: say what often happens, like \"many people feel better\" (phrases to avoid are listed in site.yaml under `policy.avoid_phrases`)\n"
        );
        assert_eq!(findings[1].check, CheckKind::Readability);
        assert_eq!(
            findings[1].diagnostic.message,
            format!(
                "the reading grade is {:.1}, above the site's maximum of 8",
                summary.grade.unwrap()
            )
        );
        assert_eq!(
            findings[1].diagnostic.hint.as_deref(),
            Some(
                "use shorter sentences and everyday words; the hardest sentence is at outcome book, line 8 (grade 43.0)"
            )
        );
        assert_eq!(summary.hardest[0].label, "outcome book");
        // The title is its own block, not the start of the body's first sentence.
        assert!(
            summary.hardest[0].text.starts_with("Notwithstanding"),
            "{}",
            summary.hardest[0].text
        );
        assert_eq!(summary.words, 21);
    }

    /// Writes the prose of the default site's pages to target/prose/, one
    /// block a line, for comparing grades with textstat:
    /// `cargo test --lib dump_prose -- --ignored`.
    #[test]
    #[ignore]
    fn dump_prose() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let loaded = pipeline::load(&BuildOptions {
            root: root.clone(),
            ..BuildOptions::default()
        });
        let out = root.join("target/prose");
        std::fs::create_dir_all(&out).unwrap();
        let mut words = Vec::new();
        for page in loaded
            .articles
            .iter()
            .chain(&loaded.faq)
            .chain(&loaded.pages)
        {
            let scanned = &page.rendered.scan;
            let text: Vec<String> = scanned
                .prose
                .iter()
                .map(|b| {
                    let t = b.text.trim();
                    if t.ends_with(['.', '!', '?']) {
                        t.to_string()
                    } else {
                        format!("{t}.")
                    }
                })
                .collect();
            let name = page.doc.source.path.file_name().unwrap();
            std::fs::write(out.join(name), text.join("\n") + "\n").unwrap();
            for word in text.iter().flat_map(|t| t.split_whitespace()) {
                words.push(format!("{word}\t{}", readability::syllables(word)));
            }
        }
        if let Some(assessment) = &loaded.assessment {
            let text: Vec<String> = prose_blocks(&assessment.prose())
                .into_iter()
                .map(|(_, _, b)| {
                    let t = b.trim().to_string();
                    if t.ends_with(['.', '!', '?']) {
                        t
                    } else {
                        format!("{t}.")
                    }
                })
                .collect();
            std::fs::write(out.join("assessment.yaml"), text.join("\n") + "\n").unwrap();
        }
        std::fs::write(root.join("target/words.tsv"), words.join("\n") + "\n").unwrap();
    }
}
