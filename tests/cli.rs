//! The command line: init, new, customize, flags, exit codes, panics and
//! closed pipes. The guards around the output folder (what `build` may
//! replace, links, staging) are in `cli_output.rs`.

mod common;

use std::path::Path;

use common::{Run, SiteTest, tree};

/// Runs `pamphlet ARGS` in `dir`, with no `--root` added (the builder adds
/// one to every command; `init` has none).
fn pamphlet_in(dir: &Path, args: &[&str]) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the pamphlet binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn init_then_build_works_in_an_empty_folder() {
    let dir = SiteTest::empty("init");
    let site_dir = dir.root.join("clinic");
    let run = pamphlet_in(&dir.root, &["init", site_dir.to_str().unwrap()]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with(&format!(
            "Created a new clinic site in {}",
            site_dir.display()
        )),
        "{}",
        run.stdout
    );
    let site = SiteTest { root: site_dir };
    for file in [
        "site.yaml",
        "content/faq.md",
        "templates/README.md",
        "static/README.md",
    ] {
        assert!(site.exists(file), "{file}");
    }
    site.build().expect_code(0);
    assert!(site.exists("public/index.html"));
    assert!(
        site.exists("public/css/site.css"),
        "the built-in stylesheet is used"
    );
    assert!(
        !site.exists("public/README.md"),
        "the note in static/ is not published"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let site = SiteTest::from_fixture("good");
    let run = pamphlet_in(&site.root, &["init", site.root.to_str().unwrap()]);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        format!(
            "error: {} already exists; pamphlet never overwrites a file\n",
            site.root.display()
        )
    );
}

#[test]
fn a_site_template_overrides_the_built_in_one_only() {
    let site = SiteTest::from_fixture("good")
        .file("templates/page.html", "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1><p>Our own page layout</p>{% endblock main %}")
        .file("static/css/site.css", "body { color: black; }");
    site.build().expect_code(0);
    assert!(
        site.read("public/about/index.html")
            .contains("<p>Our own page layout</p>")
    );
    assert!(
        site.read("public/articles/sessions/index.html")
            .contains("Medically reviewed by"),
        "article.html is still built in"
    );
    assert_eq!(site.read("public/css/site.css"), "body { color: black; }");
}

#[test]
fn new_article_is_a_draft_and_never_overwrites() {
    let site = SiteTest::from_fixture("good");
    let run = site.run(&["new", "article", "How long does relief last?"]);
    run.expect_code(0);
    let path = "content/articles/how-long-does-relief-last.md";
    let text = site.read(path);
    assert!(
        text.starts_with("---\ntitle: \"How long does relief last?\"\n"),
        "{text}"
    );
    assert!(text.contains("\ndraft: true"));
    // A new draft must not break the build: it is not published.
    site.build().expect_code(0);
    assert!(!site.exists("public/articles/how-long-does-relief-last/index.html"));
    let again = site.run(&["new", "article", "How long does relief last?"]);
    again.expect_code(2);
    assert!(
        again.stderr.contains(
            "how-long-does-relief-last.md already exists; pamphlet never overwrites a file"
        ),
        "{}",
        again.stderr
    );
    assert_eq!(site.read(path), text);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let site = SiteTest::from_fixture("good");
    site.run(&["build", "--no-such-flag"]).expect_code(2);
    site.run(&["frobnicate"]).expect_code(2);
    let help = site.run(&["--help"]);
    help.expect_code(0);
    for command in ["build", "new", "init"] {
        assert!(help.stdout.contains(command), "{}", help.stdout);
    }
    let version = site.run(&["--version"]);
    version.expect_code(0);
    assert_eq!(
        version.stdout,
        format!("pamphlet {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_default_site_builds() {
    let out = SiteTest::empty("default-site");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--out"])
        .arg(out.root.join("public"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let home = std::fs::read_to_string(out.root.join("public/index.html")).unwrap();
    assert!(
        home.contains("Riverbend Ketamine Clinic (fictional)"),
        "{home}"
    );
    let has_assessment = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/assessment.yaml"
    ))
    .exists();
    assert_eq!(
        home.contains("Take the self-assessment"),
        has_assessment,
        "the call to action follows content/assessment.yaml"
    );
    for page in [
        "faq/index.html",
        "about/index.html",
        "privacy/index.html",
        "articles/how-many-sessions/index.html",
    ] {
        assert!(out.root.join("public").join(page).is_file(), "{page}");
    }
}

/// The last line of defence: a bug that panics in build or check is one
/// line on stderr and exit code 2, never a backtrace, and build leaves the
/// previous output (and no staging folder) behind.
#[test]
fn a_panic_is_one_line_and_exit_code_2() {
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    let before = tree(&site.root);
    for command in [&["build"][..], &["check", "--today", "2026-12-01"][..]] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_pamphlet"))
            .args(command)
            .arg("--root")
            .arg(&site.root)
            .env("PAMPHLET_FAIL_POINT", "render")
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command:?}: {stderr}");
        assert!(
            stderr.starts_with(
                "internal error, please report: fail point `render` reached (at src/render/mod.rs:"
            ) && stderr.ends_with(")\n"),
            "{command:?}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{command:?}: {stderr}");
        assert_eq!(tree(&site.root), before, "{command:?} changed files");
    }
}

/// `pamphlet check --format json | head -c 10`: the reader goes away before
/// pamphlet writes; that is a quiet end, not a panic.
#[test]
fn a_closed_pipe_is_a_quiet_end() {
    let site = SiteTest::from_fixture("good");
    let expected = site
        .run(&["check", "--format", "json", "--today", "2026-12-01"])
        .code;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2026-12-01",
            "--root",
        ])
        .arg(&site.root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(expected));

    let shell = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' check --format json --today 2026-12-01 --root '{}' | head -c 10",
            env!("CARGO_BIN_EXE_pamphlet"),
            site.root.display()
        ))
        .output()
        .unwrap();
    assert_eq!(shell.stdout.len(), 10);
    assert_eq!(String::from_utf8_lossy(&shell.stderr), "");
}

/// An overridden template that drops the Content-Security-Policy or loads
/// from another host is reported by check, at the place in the template.
#[test]
fn check_reports_a_template_that_drops_the_policy_or_loads_from_another_host() {
    let site = SiteTest::from_fixture("good").file(
        "templates/base.html",
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>{{ page.title }}</title>\n\
         <link rel=\"stylesheet\" href=\"https://fonts.example.com/css?family=Inter\">\n\
         {% block head %}{% endblock head %}\n</head>\n\
         <body>{% block main %}{% endblock main %}<script src=\"//cdn.example.net/track.js\"></script></body>\n</html>\n",
    );
    let run = site.run(&["check", "--today", "2026-12-01"]);
    run.expect_code(1);
    let report = run.stdout.split("Page   ").next().unwrap();
    assert_eq!(
        report,
        r#"error: this template makes whole pages but has no Content-Security-Policy `<meta>`: its pages lose the protection against scripts and files from other hosts
 --> templates/base.html:3:1
  |
3 | <head>
  | ^
  = hint: put `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'">` first in its <head>, or build on pamphlet's layout with `{% extends "base.html" %}`

error: this template loads a stylesheet, icon or other file from another host (`https://fonts.example.com/css?family=Inter`): every page built from it would tell that host who reads it
 --> templates/base.html:5:30
  |
5 | <link rel="stylesheet" href="https://fonts.example.com/css?family=Inter">
  |                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: copy the file into static/ and link it by its path on this site (`/css/file.css`); pamphlet's pages load nothing from other hosts

error: this template loads a script from another host (`//cdn.example.net/track.js`): every page built from it would tell that host who reads it
 --> templates/base.html:8:55
  |
8 | <body>{% block main %}{% endblock main %}<script src="//cdn.example.net/track.js"></script></body>
  |                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: copy the file into static/ and link it by its path on this site (`/css/file.css`); pamphlet's pages load nothing from other hosts

"#
    );
    assert!(run.stdout.ends_with(": 3 errors.\n"), "{}", run.stdout);
}

/// pamphlet writes no links, so a link in the output is not its file even
/// where the manifest lists that name; the link and its target survive.
#[cfg(unix)]
#[test]
fn init_has_no_root_option() {
    let dir = SiteTest::empty("init-root");
    let help = pamphlet_in(&dir.root, &["init", "--help"]);
    help.expect_code(0);
    assert!(!help.stdout.contains("--root"), "{}", help.stdout);
    // Given anyway, before or after the command, it is refused and nothing is made.
    let after = pamphlet_in(&dir.root, &["init", "clinic", "--root", "elsewhere"]);
    after.expect_code(2);
    assert!(
        after
            .stderr
            .starts_with("error: unexpected argument '--root' found"),
        "{}",
        after.stderr
    );
    let before = pamphlet_in(&dir.root, &["--root", "elsewhere", "init", "clinic"]);
    before.expect_code(2);
    assert_eq!(
        before.stderr,
        "error: `pamphlet init` makes the new site in the folder it is given, so `--root elsewhere` has no meaning here\n  = hint: run `pamphlet init elsewhere`\n"
    );
    assert_eq!(tree(&dir.root), Vec::<String>::new());
}

#[test]
fn new_article_outside_a_site_is_refused_and_creates_nothing() {
    let dir = SiteTest::empty("not-a-site");
    let run = dir.run(&["new", "article", "First visit"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        format!(
            "error: {} is not a site's folder: it has no site.yaml\n  = hint: run pamphlet in the site's folder, \
             or name it with `--root DIR`; `pamphlet init DIR` creates a new site\n",
            dir.root.display()
        )
    );
    assert_eq!(tree(&dir.root), Vec::<String>::new());
}

#[test]
fn customize_copies_one_built_in_file_ready_to_edit() {
    let site = SiteTest::from_fixture("good");
    let run = site.run(&["customize", "article.html"]);
    run.expect_code(0);
    let copied = site.root.join("templates/article.html");
    assert_eq!(
        run.stdout,
        format!(
            "Copied the built-in templates/article.html to {}: edit it there. It replaces the built-in one \
             from now on, so later fixes to pamphlet's templates/article.html do not reach it; delete it to go back.\n",
            copied.display()
        )
    );
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        site.read("templates/article.html"),
        std::fs::read_to_string(repository.join("templates/article.html")).unwrap()
    );
    // A static file by its full path; the copy builds like the built-in one.
    site.run(&["customize", "static/css/site.css"])
        .expect_code(0);
    assert_eq!(
        std::fs::read(site.root.join("static/css/site.css")).unwrap(),
        std::fs::read(repository.join("static/css/site.css")).unwrap()
    );
    site.build().expect_code(0);

    // Never over a file that is there: the staff's edits stay.
    std::fs::write(&copied, "{% extends \"base.html\" %}").unwrap();
    let again = site.run(&["customize", "templates/article.html"]);
    again.expect_code(2);
    assert_eq!(
        again.stderr,
        format!(
            "error: {} already exists; pamphlet never overwrites a file\n",
            copied.display()
        )
    );
    assert_eq!(
        site.read("templates/article.html"),
        "{% extends \"base.html\" %}"
    );

    // The browser half of the self-assessment's evaluator comes with a warning.
    let runtime = site.run(&["customize", "assessment.js"]);
    runtime.expect_code(0);
    assert_eq!(
        runtime.stderr,
        "warning: static/js/assessment.js runs the self-assessment in the browser and must agree with pamphlet's own \
         evaluator; a changed copy is not tested against it and gets no safety fixes\n"
    );

    // The list marks what the site already customizes.
    let list = site.run(&["customize"]);
    list.expect_code(0);
    assert!(
        list.stdout.starts_with(
            "Files you can customize (pamphlet customize NAME copies one into the site):\n"
        ),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout
            .contains("\n  templates/article.html  (customized)\n"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout.contains("\n  templates/faq.html\n"),
        "{}",
        list.stdout
    );
}

#[test]
fn customize_with_a_wrong_name_lists_the_names_and_writes_nothing() {
    let site = SiteTest::from_fixture("good");
    let before = tree(&site.root);
    let run = site.run(&["customize", "artcle.html"]);
    run.expect_code(2);
    let names: Vec<String> = ["templates", "static"]
        .iter()
        .flat_map(|folder| files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join(folder), folder))
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(
        run.stderr,
        format!(
            "error: pamphlet has no built-in file `artcle.html`\n  = hint: did you mean `templates/article.html`? the built-in files are: {}\n",
            names.join(", ")
        )
    );
    assert_eq!(tree(&site.root), before);
    // Outside a site it is refused like `new article`.
    let dir = SiteTest::empty("customize-outside");
    let outside = dir.run(&["customize", "article.html"]);
    outside.expect_code(2);
    assert!(
        outside.stderr.contains("is not a site's folder"),
        "{}",
        outside.stderr
    );
    assert_eq!(tree(&dir.root), Vec::<String>::new());
}

/// The files under `dir`, as `folder/relative/path`.
fn files_under(dir: &Path, folder: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = format!("{folder}/{}", entry.file_name().to_string_lossy());
        if name.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            found.extend(files_under(&entry.path(), &name));
        } else {
            found.push(name);
        }
    }
    found
}
