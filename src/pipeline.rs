//! The spine: the one loader every command uses, and the joints from the
//! loaded site to rendering and output.
//!
//! [`load`] turns a site root into a [`Loaded`] value: as much of the site as
//! could be loaded, plus every problem found on the way. `build` and `serve`
//! turn it into a [`Site`] and render it ([`build_into`],
//! [`build_in_memory`]); `check` runs its checks on it ([`crate::check`]) and
//! renders it only to find template errors ([`render_check`]), keeping no
//! file. Nothing after [`load`] reads a source file.

pub mod incremental;
mod salvage;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::content::{self, Document, Kind, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::output::{self, Memory, OutputError, OutputFile, Sink};
use crate::questionnaire::{self, Assessment};
use crate::render::{self, Contents, Rendered};
use crate::routes::Route;
use crate::site::{self, Page, Site, Tag};
use crate::theme::{self, StaticFile, TemplateSource};
use salvage::salvage;

/// What the CLI asks of a load.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (with site.yaml and content/).
    pub root: PathBuf,
    /// Publish drafts too (for previews).
    pub include_drafts: bool,
    /// Use this instead of site.yaml's `base_url` (for staging sites).
    pub base_url: Option<String>,
}

/// A site as far as it could be loaded, and every problem found.
///
/// With no problem, [`Loaded::into_site`] gives the [`Site`] to render. With
/// problems, what could be read is still here, so `check` can run its own
/// checks on it and one run shows every mistake.
#[derive(Debug)]
pub struct Loaded {
    /// The site's folder.
    pub root: PathBuf,
    /// site.yaml (with any `--base-url`), if it could be read.
    pub config: Option<SiteConfig>,
    /// site.yaml as read, for checks that point into it.
    pub config_source: Option<SourceFile>,
    /// Articles whose front matter is good, in list order.
    pub articles: Vec<Page>,
    /// The FAQ, if it has one and its front matter is good.
    pub faq: Option<Page>,
    /// Other pages whose front matter is good, by weight then title.
    pub pages: Vec<Page>,
    /// Pages whose front matter failed, with what could be read of it: their
    /// links and citations are checked, so a front-matter mistake does not
    /// hide them, but they are never published or checked for anything that
    /// depends on the front matter.
    pub salvaged: Vec<Page>,
    /// The self-assessment, if it loaded (it needs site.yaml).
    pub assessment: Option<Assessment>,
    /// `content/assessment.yaml` as read, for checks that point into it.
    pub assessment_source: Option<SourceFile>,
    /// The self-assessment's translations, one per language that has one.
    pub assessment_translations: Vec<questionnaire::translation::Translated>,
    /// Tags by slug.
    pub tags: BTreeMap<String, Tag>,
    /// The templates, if the site's own could be read.
    pub templates: Option<Vec<TemplateSource>>,
    /// The static files, if the site's own could be opened.
    pub static_files: Option<BTreeMap<String, StaticFile>>,
    /// Drafts left out of this build (none with `--drafts`), for the summary.
    pub drafts: Vec<PathBuf>,
    /// Translations whose front matter is good, in path order.
    pub translations: Vec<Page>,
    /// The site's languages, the default first (one without site.yaml).
    pub languages: Vec<crate::i18n::Language>,
    /// The interface texts of each language, if every table is complete.
    pub strings: Option<Vec<crate::i18n::Strings>>,
    /// Every problem, in no particular order.
    pub problems: Vec<Diagnostic>,
}

impl Loaded {
    /// The site to render, or (with any problem, or a part that could not
    /// be read) this value back.
    pub fn into_site(self) -> Result<Site, Loaded> {
        if !self.problems.is_empty() {
            return Err(self);
        }
        match self {
            Loaded {
                root,
                config: Some(config),
                config_source: Some(config_source),
                articles,
                faq,
                pages,
                salvaged: _,
                assessment,
                assessment_source,
                assessment_translations,
                tags,
                templates: Some(templates),
                static_files: Some(static_files),
                drafts,
                translations,
                languages,
                strings: Some(strings),
                problems: _,
            } => Ok(Site {
                root,
                config,
                config_source,
                articles,
                faq,
                pages,
                assessment,
                assessment_source,
                assessment_translations,
                tags,
                templates,
                static_files,
                drafts,
                translations,
                languages,
                strings,
                prefix: String::new(),
            }),
            incomplete => Err(incomplete),
        }
    }

    /// A loaded site again, with the problems found since (by rendering).
    pub fn from_site(site: Site, problems: Vec<Diagnostic>) -> Loaded {
        Loaded {
            root: site.root,
            config: Some(site.config),
            config_source: Some(site.config_source),
            articles: site.articles,
            faq: site.faq,
            pages: site.pages,
            salvaged: Vec::new(),
            assessment: site.assessment,
            assessment_source: site.assessment_source,
            assessment_translations: site.assessment_translations,
            tags: site.tags,
            templates: Some(site.templates),
            static_files: Some(site.static_files),
            drafts: site.drafts,
            translations: site.translations,
            languages: site.languages,
            strings: Some(site.strings),
            problems,
        }
    }
}

/// Loads and checks the whole site: site.yaml, content/, the
/// self-assessment, templates and static files, then every internal link.
/// Returns what could be loaded and every problem found in every file.
pub fn load(options: &BuildOptions) -> Loaded {
    let root = &options.root;
    let mut problems = Vec::new();
    let (config_source, config) = match load_config(root, options.base_url.as_deref()) {
        Ok((source, config)) => (Some(source), Some(config)),
        Err(found) => {
            problems.extend(found);
            (None, None)
        }
    };
    let languages = config
        .as_ref()
        .map(crate::i18n::languages)
        .unwrap_or_default();
    let prefixes: Vec<String> = languages.iter().skip(1).map(|l| l.prefix.clone()).collect();
    let (content, found) = content::load(
        root,
        options.include_drafts,
        config.as_ref().map(|_| prefixes.as_slice()),
    );
    problems.extend(found);
    // No page may look reviewed before it is, by the clinic's calendar.
    if let Some(config) = &config {
        let today = config.today();
        let docs = content
            .articles
            .iter()
            .chain(&content.faq)
            .chain(&content.pages);
        problems.extend(docs.filter_map(|d| content::future_review(&d.source, &d.meta, today)));
    }
    problems.extend(content::translations::problems(
        &content.translations,
        &content
            .articles
            .iter()
            .chain(&content.pages)
            .chain(&content.faq)
            .collect::<Vec<_>>(),
        (&content.drafts, &content.broken),
    ));
    let strings = load_strings(root, &languages)
        .map_err(|p| problems.extend(p))
        .ok();
    let templates = theme::templates(root).map_err(|p| problems.extend(p)).ok();
    let static_files = theme::static_files(root)
        .map_err(|p| problems.extend(p))
        .ok();

    // Each language's pages with its own site values, labels and links.
    let setups = render::languages::page_setups(
        config.as_ref(),
        &languages,
        strings.as_deref(),
        &content.translations,
    );
    let (mut articles, found) = render_markdown(content.articles, &setups);
    problems.extend(found);
    let (mut pages, found) = render_markdown(content.pages, &setups);
    problems.extend(found);
    let (mut faq, found) = render_markdown(content.faq.into_iter().collect(), &setups);
    problems.extend(found);
    let faq = faq.pop();
    let (translations, found) = render_markdown(content.translations, &setups);
    problems.extend(found);
    let salvaged_docs: Vec<Document> = content
        .broken
        .iter()
        .filter_map(|path| salvage(root, path, options.include_drafts))
        .collect();
    let (salvaged, found) = render_markdown(salvaged_docs, &setups);
    problems.extend(found);

    if let Some(source) = &content.assessment {
        problems.extend(assessment_url_problems(&source.text));
        // A day's grace for `last_reviewed`, as for an article's.
        let today = crate::date::Date::today().add_days(1);
        problems.extend(questionnaire::signoff::problems(
            &source.text,
            options.include_drafts,
            today,
        ));
    }
    let assessment = match (&content.assessment, &config) {
        (Some(source), Some(config)) => questionnaire::load(&source.text, config)
            .map_err(|p| problems.extend(p))
            .ok(),
        _ => None,
    };
    let assessment_translations = match (&content.assessment, &config) {
        (Some(source), Some(config)) => questionnaire::translation::load_all(
            source,
            &content.assessment_translations,
            config,
            &languages,
            assessment.is_some(),
            &mut problems,
        ),
        (None, _) => {
            problems.extend(
                content
                    .assessment_translations
                    .iter()
                    .map(questionnaire::translation::without_source),
            );
            Vec::new()
        }
        _ => Vec::new(),
    };

    site::sort_articles(&mut articles);
    pages.sort_by(|a, b| {
        (a.doc.meta.weight.unwrap_or(i64::MAX), &a.doc.meta.title)
            .cmp(&(b.doc.meta.weight.unwrap_or(i64::MAX), &b.doc.meta.title))
    });
    let tags = site::index_tags(&articles);

    if let Some(static_files) = &static_files {
        // Translations are linked to at their own addresses (`/es/...`).
        let linkable: Vec<Page> = articles.iter().chain(&translations).cloned().collect();
        let mut links = crate::links::LinkIndex::new(
            &linkable,
            &pages,
            faq.as_ref(),
            content.assessment.is_some(),
            &tags,
            static_files,
            (&content.drafts, &content.broken),
            config.as_ref(),
        );
        for t in &assessment_translations {
            links.add_path(
                crate::routes::Route::Assessment.url_in(crate::routes::Lang::Prefixed(&t.prefix)),
            );
        }
        let all: Vec<&Page> = articles
            .iter()
            .chain(&pages)
            .chain(faq.as_ref())
            .chain(&salvaged)
            .chain(&translations)
            .collect();
        let found: Vec<Diagnostic> = all
            .par_iter()
            .flat_map_iter(|page| links.check(page))
            .collect();
        problems.extend(found);
    }

    Loaded {
        root: root.clone(),
        config,
        config_source,
        articles,
        faq,
        pages,
        salvaged,
        assessment,
        assessment_source: content.assessment,
        assessment_translations,
        tags,
        templates,
        static_files,
        drafts: content.drafts,
        translations,
        languages,
        strings,
        problems,
    }
}

/// The interface texts of every language: built in, with the site's own
/// `i18n/<name>.yaml` over them where it has one.
fn load_strings(
    root: &Path,
    languages: &[crate::i18n::Language],
) -> Result<Vec<crate::i18n::Strings>, Vec<Diagnostic>> {
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    for language in languages {
        let name = crate::i18n::file_name(language);
        let own = if root.join(&name).is_file() {
            match content::read_text(root, Path::new(&name)) {
                Ok(source) => Some(crate::i18n::SiteStrings {
                    path: source.path,
                    text: source.text,
                }),
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            }
        } else {
            None
        };
        match crate::i18n::strings(language, own.as_ref()) {
            Ok(table) => tables.push(table),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(tables)
    } else {
        Err(problems)
    }
}

/// One article read, parsed and rendered as [`load`] does it for each:
/// `Ok(None)` for a draft left out of the run. Problems are those of this
/// file alone (its links are checked with the whole site's index, later).
/// `serve` uses it to reload only the article that changed; `strings` are
/// the default language's interface texts (its labels).
pub fn load_article(
    root: &Path,
    relative: &Path,
    include_drafts: bool,
    config: &SiteConfig,
    strings: Option<&crate::i18n::Strings>,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let Some(crate::routes::Route::Article { slug }) = crate::routes::Route::from_source(relative)
    else {
        return Err(vec![Diagnostic::error(relative, "not an article")]);
    };
    let source = content::read_text(root, relative).map_err(|d| vec![d])?;
    let (meta, body_start) = content::parse_front_matter(&source, Kind::Article)?;
    let doc = Document {
        kind: Kind::Article,
        slug,
        source,
        meta,
        body_start,
    };
    if doc.meta.draft && !include_drafts {
        return Ok(None);
    }
    // With the default language's labels, as the full build renders it
    // (a one-language site's texts may be Spanish, or changed by the site).
    let context = markdown::Context {
        labels: strings
            .map(markdown::Labels::from_strings)
            .unwrap_or_default(),
        translated: Default::default(),
    };
    let (rendered, found) = crate::placeholders::render_in(&doc, Some(config), &context);
    if found.is_empty() {
        Ok(Some(Page { doc, rendered }))
    } else {
        Err(found)
    }
}

/// Sorts articles into list order exactly as [`load`] does: the walk's
/// file-name order first, so that ties fall the same way.
pub fn sort_articles(articles: &mut [Page]) {
    articles.sort_by(|a, b| a.doc.source.path.cmp(&b.doc.source.path));
    site::sort_articles(articles);
}

/// The tag index of articles in list order, as [`load`] makes it.
pub fn index_tags(articles: &[Page]) -> BTreeMap<String, Tag> {
    site::index_tags(articles)
}

/// The link index [`load`] builds, for a loaded, good site.
pub(crate) fn link_index(site: &Site) -> crate::links::LinkIndex {
    let mut links = crate::links::LinkIndex::new(
        &site.articles,
        &site.pages,
        site.faq.as_ref(),
        site.assessment.is_some(),
        &site.tags,
        &site.static_files,
        (&site.drafts, &[]),
        Some(&site.config),
    );
    for t in &site.assessment_translations {
        links.add_path(Route::Assessment.url_in(crate::routes::Lang::Prefixed(&t.prefix)));
    }
    links
}

/// Every internal-link problem of a good site's pages against `links`
/// (none for a site whose links all resolve).
pub(crate) fn link_problems(site: &Site, links: &crate::links::LinkIndex) -> Vec<Diagnostic> {
    let all: Vec<&Page> = site
        .articles
        .iter()
        .chain(&site.pages)
        .chain(site.faq.as_ref())
        .collect();
    all.par_iter()
        .flat_map_iter(|page| links.check(page))
        .collect()
}

/// Renders each document's Markdown, in parallel, each in its language's
/// setup.
fn render_markdown(
    docs: Vec<Document>,
    setups: &[render::languages::PageSetup],
) -> (Vec<Page>, Vec<Diagnostic>) {
    let results: Vec<(Page, Vec<Diagnostic>)> = docs
        .into_par_iter()
        .map(|doc| {
            let setup = render::languages::setup_of(setups, &doc);
            // Site values (`{phone}`) are filled in before the Markdown pass.
            let (rendered, found) =
                crate::placeholders::render_in(&doc, setup.config.as_ref(), &setup.context);
            (Page { doc, rendered }, found)
        })
        .collect();
    let mut problems = Vec::new();
    let pages = results
        .into_iter()
        .map(|(page, found)| {
            problems.extend(found);
            page
        })
        .collect();
    (pages, problems)
}

/// site.yaml as read, and the configuration it gives (with `--base-url`).
fn load_config(
    root: &Path,
    base_url: Option<&str>,
) -> Result<(SourceFile, SiteConfig), Vec<Diagnostic>> {
    let path = Path::new(config::FILE_NAME);
    if !root.join(path).is_file() {
        return Err(vec![Diagnostic::error(path, "there is no site.yaml here").hint(format!(
            "run pamphlet in the site's folder, pass `--root DIR`, or create a site with `pamphlet init {}`",
            root.display()
        ))]);
    }
    let source = content::read_text(root, path).map_err(|d| vec![d])?;
    let mut config = SiteConfig::parse(root, &source.text)?;
    if let Some(url) = base_url {
        // The CLI checks `--base-url` as it reads it; this keeps the rule
        // for every other caller of the loader.
        if let Err(problem) = config::check_base_url(url) {
            return Err(vec![
                Diagnostic::error("--base-url", problem.message("`--base-url`"))
                    .hint(problem.hint()),
            ]);
        }
        config.base_url = url.trim_end_matches('/').to_string();
    }
    Ok((source, config))
}

/// The URL policy in the self-assessment's Markdown texts (`intro`,
/// `credit`, each outcome's `title` and `body`): the questionnaire renders
/// them with [`markdown::snippet`], which leaves out what the policy
/// refuses; this reports it, at the place it stands in the file.
fn assessment_url_problems(source: &str) -> Vec<Diagnostic> {
    use serde_yaml::Value;
    const FILE: &str = "content/assessment.yaml";
    // A file that is not valid YAML is reported by the questionnaire.
    let Ok(Value::Mapping(file)) = crate::yaml::parse::<Value>(Path::new(FILE), source, source, 1)
    else {
        return Vec::new();
    };
    let mut texts: Vec<(usize, &str)> = Vec::new();
    for key in ["intro", "credit"] {
        if let Some(Value::String(text)) = file.get(key) {
            texts.push((source.find(&format!("{key}:")).unwrap_or(0), text));
        }
    }
    if let Some(Value::Sequence(outcomes)) = file.get("outcomes") {
        let mut from = source.find("outcomes:").unwrap_or(0);
        for outcome in outcomes {
            if let Some(Value::String(id)) = outcome.get("id") {
                from = source[from..].find(id.as_str()).map_or(from, |i| from + i);
            }
            for key in ["title", "body"] {
                if let Some(Value::String(text)) = outcome.get(key) {
                    texts.push((from, text));
                }
            }
        }
    }
    let mut problems = Vec::new();
    for (from, text) in texts {
        for problem in markdown::snippet_problems(text) {
            let line = crate::diagnostic::line_col(source, from).0;
            problems.push(
                Diagnostic::error(FILE, problem.message)
                    .at_text(source, from, &problem.written, line)
                    .hint(problem.hint),
            );
        }
    }
    problems
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// The site's files have mistakes (exit code 1); every one is listed.
    Content(Vec<Diagnostic>),
    /// The output could not be written (exit code 2).
    Output(OutputError),
}

/// Loads, checks and renders the site, handing every file to `sink`.
pub fn build_into(options: &BuildOptions, sink: &dyn Sink) -> Result<(Site, Rendered), BuildError> {
    let site = load(options)
        .into_site()
        .map_err(|loaded| BuildError::Content(loaded.problems))?;
    let rendered = render_into(&site, sink)?;
    Ok((site, rendered))
}

/// Renders `site` and hands each file to `sink` as soon as it is made:
/// render makes the files, output alone writes them.
pub fn render_into(site: &Site, sink: &dyn Sink) -> Result<Rendered, BuildError> {
    let rendering = render::prepare(site).map_err(BuildError::Content)?;
    let put = |file: render::File| match file.contents {
        Contents::Text(text) => sink.put(OutputFile::text(&file.path, text)),
        Contents::BuiltIn(bytes) => sink.put(OutputFile {
            path: file.path,
            bytes: bytes.to_vec(),
        }),
        Contents::Bytes(bytes) => sink.put(OutputFile {
            path: file.path,
            bytes,
        }),
        // Copied file to file: a 600 MB video costs no memory.
        Contents::Copy(relative) => sink.copy(&file.path, &site.root.join(relative)),
    };
    let failures: Vec<BuildError> = rendering
        .pages()
        .map(|page| match page {
            Ok(file) => put(file).map_err(BuildError::Output),
            Err(problem) => Err(BuildError::Content(vec![problem])),
        })
        .filter_map(Result::err)
        .collect();
    let mut problems = Vec::new();
    for failure in failures {
        match failure {
            BuildError::Content(found) => problems.extend(found),
            output => return Err(output),
        }
    }
    if !problems.is_empty() {
        return Err(BuildError::Content(render::dedup_problems(problems)));
    }
    let other = rendering.other_files();
    let other_files = other.len();
    for file in other {
        put(file).map_err(BuildError::Output)?;
    }
    Ok(Rendered {
        pages: rendering.page_count(),
        other_files,
        translated: rendering.translated_counts(),
    })
}

/// A site rendered in memory: the generated files, and the files of the
/// site's static/ as (path in the site, file on disk), never read here.
pub type InMemory = (Site, Vec<OutputFile>, Vec<(String, PathBuf)>);

/// Loads, checks and renders the site in memory: every generated file, and
/// the static files to copy, or every problem found. `serve` uses it.
pub fn build_in_memory(options: &BuildOptions) -> Result<InMemory, Vec<Diagnostic>> {
    let memory = Memory::default();
    match build_into(options, &memory) {
        Ok((site, _)) => {
            let (files, copies) = memory.into_parts();
            Ok((site, files, copies))
        }
        Err(BuildError::Content(problems)) => Err(problems),
        // Memory refuses only paths that would leave the site.
        Err(BuildError::Output(error)) => Err(vec![output_problem(&error)]),
    }
}

/// Renders the site as `build` would and keeps nothing: the problems only
/// rendering finds (a template that fails on a page, a static file standing
/// where a page goes). `check` uses it, so it reports every error `build`
/// would without holding the whole site in memory.
pub fn render_check(site: &Site) -> Vec<Diagnostic> {
    match render_into(site, &Discard) {
        Ok(_) => Vec::new(),
        Err(BuildError::Content(problems)) => problems,
        Err(BuildError::Output(error)) => vec![output_problem(&error)],
    }
}

fn output_problem(error: &OutputError) -> Diagnostic {
    Diagnostic::error("(output)", error.to_string())
}

/// A sink that refuses what [`Memory`] refuses and keeps nothing.
struct Discard;

impl Sink for Discard {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        if output::is_safe_path(&file.path) {
            Ok(())
        } else {
            Err(OutputError::UnsafePath(file.path))
        }
    }

    fn copy(&self, path: &str, _from: &Path) -> Result<(), OutputError> {
        if output::is_safe_path(path) {
            Ok(())
        } else {
            Err(OutputError::UnsafePath(path.to_string()))
        }
    }
}
