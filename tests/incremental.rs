//! The preview's incremental rebuild against the full build: a generated
//! site takes a few hundred seeded random edits (titles, bodies, tags,
//! links, dates, drafts, new, deleted and renamed articles, a broken edit
//! then its fix), and after each one the files `serve` holds after
//! [`Live::update`] are byte for byte those of a fresh full build, or both
//! fail with the same messages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pamphlet::diagnostic::render_all;
use pamphlet::pipeline::incremental::{Live, Update};
use pamphlet::pipeline::{self, BuildOptions};

/// A small deterministic generator (xorshift), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Tags as staff might write them: two spellings share a slug.
const TAGS: [&str; 9] = [
    "sessions",
    "Sessions",
    "safety",
    "costs",
    "getting-started",
    "Getting Started",
    "aftercare",
    "sleep",
    "family",
];

#[derive(Debug, Clone)]
struct Article {
    title: String,
    description: String,
    date: (u32, u32),
    weight: Option<i64>,
    tags: Vec<String>,
    /// Other articles this one links to (by file stem), some with an anchor.
    links: Vec<(String, bool)>,
    draft: bool,
    extra: String,
}

impl Article {
    fn random(rng: &mut Rng, n: usize) -> Article {
        let mut tags = Vec::new();
        for _ in 0..1 + rng.below(3) {
            tags.push(TAGS[rng.below(TAGS.len())].to_string());
        }
        Article {
            title: format!("Article title {}", rng.below(40)),
            description: format!("What article {n} is about."),
            date: (1 + rng.below(11) as u32, 1 + rng.below(28) as u32),
            weight: rng.chance(15).then(|| rng.below(5) as i64),
            tags,
            links: Vec::new(),
            draft: false,
            extra: String::new(),
        }
    }

    fn text(&self) -> String {
        let weight = self
            .weight
            .map_or_else(String::new, |w| format!("weight: {w}\n"));
        let draft = if self.draft { "draft: true\n" } else { "" };
        let links: String = self
            .links
            .iter()
            .map(|(to, anchor)| {
                let anchor = if *anchor { "#part-one" } else { "" };
                format!("See [another article]({to}.md{anchor}).\n\n")
            })
            .collect();
        format!(
            "---\ntitle: \"{}\"\ndescription: \"{}\"\ndate: 2026-{:02}-{:02}\ntags: [{}]\n{weight}{draft}reviewed_by: Dr. Test (fictional)\nlast_reviewed: 2026-11-01\n---\n\
             Opening paragraph of the article.\n\n## Part one\n\nSome words here.\n\n{links}{}\n",
            self.title,
            self.description,
            self.date.0,
            self.date.1,
            self.tags.join(", "),
            self.extra
        )
    }
}

struct Model {
    root: PathBuf,
    articles: BTreeMap<String, Article>,
    next: usize,
}

impl Model {
    fn path(name: &str) -> PathBuf {
        Path::new("content/articles").join(format!("{name}.md"))
    }

    fn write(&self, name: &str) -> PathBuf {
        let relative = Model::path(name);
        std::fs::write(self.root.join(&relative), self.articles[name].text()).unwrap();
        relative
    }

    fn names(&self) -> Vec<String> {
        self.articles.keys().cloned().collect()
    }

    fn published(&self) -> Vec<String> {
        self.articles
            .iter()
            .filter(|(_, a)| !a.draft)
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// Takes every link to `name` out of the other articles (or points it
    /// at `to`), writing what changed; returns the files written.
    fn relink(&mut self, name: &str, to: Option<&str>) -> Vec<PathBuf> {
        let mut written = Vec::new();
        for other in self.names() {
            let article = self.articles.get_mut(&other).unwrap();
            if !article.links.iter().any(|(t, _)| t == name) {
                continue;
            }
            match to {
                Some(to) => {
                    for link in &mut article.links {
                        if link.0 == name {
                            link.0 = to.to_string();
                        }
                    }
                }
                None => article.links.retain(|(t, _)| t != name),
            }
            written.push(self.write(&other));
        }
        written
    }
}

fn site(root: &Path, count: usize, rng: &mut Rng) -> Model {
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root.join("content/articles")).unwrap();
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        "name: Incremental Clinic (fictional)\ndescription: A generated site.\n\
         base_url: https://inc.example.org\nlanguage: en-US\nphone: \"(555) 010-0199\"\n\
         crisis_line: Call or text 988.\ndisclaimer: General information.\narticles_per_page: 4\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/faq.md"),
        "---\ntitle: Questions\ndescription: Answers.\nreviewed_by: Dr. Test (fictional)\nlast_reviewed: 2026-11-01\n---\n## Is it safe?\n\nRead [the first article](articles/a0.md#part-one).\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/pages/about.md"),
        "---\ntitle: About\ndescription: About us.\n---\nWe are {phone}.\n",
    )
    .unwrap();
    let mut model = Model {
        root: root.to_path_buf(),
        articles: BTreeMap::new(),
        next: count,
    };
    for n in 0..count {
        let mut article = Article::random(rng, n);
        if n > 0 {
            article
                .links
                .push((format!("a{}", rng.below(n)), rng.chance(50)));
        }
        model.articles.insert(format!("a{n}"), article);
    }
    for name in model.names() {
        model.write(&name);
    }
    model
}

/// The files a build made: generated bytes, and static files by their source.
type Files = BTreeMap<String, Result<Vec<u8>, PathBuf>>;

fn apply(files: &mut Files, update: Update) {
    if update.full {
        files.clear();
    }
    for path in update.removed {
        assert!(files.remove(&path).is_some(), "removed {path}, never made");
    }
    for file in update.files {
        files.insert(file.path, Ok(file.bytes));
    }
    for (path, from) in update.copies {
        files.insert(path, Err(from));
    }
}

fn fresh(options: &BuildOptions) -> Result<Files, String> {
    match pipeline::build_in_memory(options) {
        Ok((_, files, copies)) => Ok(files
            .into_iter()
            .map(|f| (f.path, Ok(f.bytes)))
            .chain(copies.into_iter().map(|(p, from)| (p, Err(from))))
            .collect()),
        Err(mut problems) => Err(render_all(&mut problems)),
    }
}

fn compare(step: usize, what: &str, held: &Files, expected: &Files) {
    let held_names: BTreeSet<&String> = held.keys().collect();
    let expected_names: BTreeSet<&String> = expected.keys().collect();
    assert_eq!(
        held_names, expected_names,
        "step {step} ({what}): the file lists differ"
    );
    for (path, bytes) in expected {
        if held[path] != *bytes {
            let show = |b: &Result<Vec<u8>, PathBuf>| match b {
                Ok(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                Err(from) => from.display().to_string(),
            };
            panic!(
                "step {step} ({what}): {path} differs\n--- held\n{}\n--- fresh\n{}",
                show(&held[path]),
                show(bytes)
            );
        }
    }
}

/// One random edit: writes the files and returns what it did and the
/// paths a watcher would report.
fn edit(model: &mut Model, rng: &mut Rng, broken: &mut Option<String>) -> (String, Vec<PathBuf>) {
    if let Some(name) = broken.take() {
        return (format!("fix {name}"), vec![model.write(&name)]);
    }
    // a0 stays published under its name: the FAQ links to it.
    let names = model.names();
    let name = names[rng.below(names.len())].clone();
    let keep = name == "a0";
    let article = model.articles.get_mut(&name).unwrap();
    let what = match rng.below(13) {
        0 => {
            article.title = format!("Retitled {}", rng.below(1000));
            "title"
        }
        1 | 2 => {
            article.extra = format!("A new sentence {}.", rng.below(1000));
            "body"
        }
        3 | 4 => {
            article.tags = (0..1 + rng.below(3))
                .map(|_| TAGS[rng.below(TAGS.len())].to_string())
                .collect();
            "tags"
        }
        5 => {
            article.date = (1 + rng.below(11) as u32, 1 + rng.below(28) as u32);
            article.weight = rng.chance(30).then(|| rng.below(5) as i64);
            "date and weight"
        }
        6 => {
            article.description = format!("A new description {}.", rng.below(1000));
            "description"
        }
        7 => {
            let published = model.published();
            let to = published[rng.below(published.len())].clone();
            let article = model.articles.get_mut(&name).unwrap();
            if to != name {
                article.links.push((to, rng.chance(50)));
            }
            "link"
        }
        8 | 10 | 11 if keep => {
            article.extra = format!("Another sentence {}.", rng.below(1000));
            "body"
        }
        8 => {
            let draft = !article.draft;
            article.draft = draft;
            let mut paths = vec![model.write(&name)];
            if draft {
                paths.extend(model.relink(&name, None));
            }
            return (format!("draft {draft} {name}"), paths);
        }
        9 => {
            let new = format!("a{}", model.next);
            model.next += 1;
            let mut article = Article::random(rng, model.next);
            let published = model.published();
            article
                .links
                .push((published[rng.below(published.len())].clone(), true));
            model.articles.insert(new.clone(), article);
            return (format!("create {new}"), vec![model.write(&new)]);
        }
        10 if model.articles.len() > 10 => {
            model.articles.remove(&name);
            let mut paths = model.relink(&name, None);
            std::fs::remove_file(model.root.join(Model::path(&name))).unwrap();
            paths.push(Model::path(&name));
            return (format!("delete {name}"), paths);
        }
        11 => {
            let new = format!("renamed-{}", model.next);
            model.next += 1;
            let article = model.articles.remove(&name).unwrap();
            model.articles.insert(new.clone(), article);
            std::fs::rename(
                model.root.join(Model::path(&name)),
                model.root.join(Model::path(&new)),
            )
            .unwrap();
            let mut paths = model.relink(&name, Some(&new));
            paths.push(Model::path(&new));
            // A watcher may report only one side of a rename.
            if rng.chance(70) {
                paths.push(Model::path(&name));
            }
            return (format!("rename {name} to {new}"), paths);
        }
        _ => {
            let relative = Model::path(&name);
            let text = if rng.chance(50) {
                model.articles[&name]
                    .text()
                    .replacen("title: \"", "title: [\"", 1)
            } else {
                format!(
                    "{}See [nowhere](missing-article.md).\n",
                    model.articles[&name].text()
                )
            };
            std::fs::write(model.root.join(&relative), text).unwrap();
            *broken = Some(name.clone());
            return (format!("break {name}"), vec![relative]);
        }
    };
    (format!("{what} of {name}"), vec![model.write(&name)])
}

#[test]
fn after_every_edit_the_preview_holds_what_a_full_build_makes() {
    let root =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("incremental-{}", std::process::id()));
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut model = site(&root, 60, &mut rng);
    let options = BuildOptions {
        root: root.clone(),
        include_drafts: false,
        base_url: None,
    };
    let mut live = Live::new(options.clone());
    let mut held = Files::new();
    apply(
        &mut held,
        live.update(&[]).expect("the generated site builds"),
    );
    compare(0, "first build", &held, &fresh(&options).unwrap());

    let mut broken = None;
    let mut partial = 0;
    for step in 1..=300 {
        let (what, mut changed) = edit(&mut model, &mut rng, &mut broken);
        changed.sort();
        changed.dedup();
        let expected = fresh(&options);
        match (live.update(&changed), expected) {
            (Ok(update), Ok(expected)) => {
                partial += usize::from(!update.full);
                apply(&mut held, update);
                compare(step, &what, &held, &expected);
            }
            (Err(mut problems), Err(expected)) => {
                assert_eq!(render_all(&mut problems), expected, "step {step} ({what})");
            }
            (Ok(_), Err(expected)) => {
                panic!(
                    "step {step} ({what}): the preview built, the full build failed:\n{expected}"
                )
            }
            (Err(mut problems), Ok(_)) => panic!(
                "step {step} ({what}): the preview failed, the full build did not:\n{}",
                render_all(&mut problems)
            ),
        }
    }
    // The test would prove little if every edit fell back to a full build.
    assert!(partial > 150, "only {partial} edits were incremental");
    let _ = std::fs::remove_dir_all(&root);
}
