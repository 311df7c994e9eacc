//! The command line: init, new, flags, exit codes, and the guards around the
//! output folder.

mod common;

use common::SiteTest;

#[test]
fn init_then_build_works_in_an_empty_folder() {
    let dir = SiteTest::empty("init");
    let site_dir = dir.root.join("clinic");
    let run = dir.run(&["init", site_dir.to_str().unwrap()]);
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
    let run = site.run(&["init", site.root.to_str().unwrap()]);
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
fn refuses_output_folders_it_must_not_replace() {
    let site = SiteTest::from_fixture("good").file("notes/todo.txt", "mine");
    for (out, why) in [
        (
            ".",
            "it contains the site itself; choose a folder such as `public`",
        ),
        (
            "content/out",
            "it is inside the site's sources; choose a folder such as `public`",
        ),
        (
            "notes",
            "it is a folder with other files in it, not an earlier build; choose an empty or new folder",
        ),
    ] {
        let run = site.run(&["build", "--out", out]);
        run.expect_code(2);
        assert_eq!(
            run.stderr,
            format!("error: refusing to replace {out}: {why}\n")
        );
    }
    assert_eq!(site.read("notes/todo.txt"), "mine");
}

#[test]
fn rebuild_replaces_the_old_output_completely() {
    let site = SiteTest::from_fixture("good").file(
        "content/pages/extra.md",
        "---\ntitle: Extra\ndescription: A page that goes away.\n---\nHello.\n",
    );
    site.build().expect_code(0);
    assert!(site.exists("public/extra/index.html"));
    let site = site.remove("content/pages/extra.md");
    site.build().expect_code(0);
    assert!(
        !site.exists("public/extra/index.html"),
        "a removed page disappears from the output"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("pamphlet-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folders are left behind");
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_site_is_not_published() {
    let site = SiteTest::from_fixture("good");
    let secret = site
        .root
        .parent()
        .unwrap()
        .join(format!("secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "private").unwrap();
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root.join("static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root.join("content/articles/leak.md")).unwrap();
    let errors = site.build_errors();
    assert_eq!(
        errors,
        "error: this link points outside the site's folder\n --> content/articles/leak.md\n  = hint: copy the file into the site instead of linking to it\n\n\
         error: this link points outside the site's folder\n --> static/leak.txt\n  = hint: copy the file into the site instead of linking to it\n\n\
         error: found 2 errors\nThe previous output in [ROOT]/public was left as it was.\n"
    );
    assert!(!site.exists("public/leak.txt"));
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
