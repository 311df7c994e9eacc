//! The guards around the output folder, end to end: which folders and files
//! `build` may replace (its own manifest, never a git checkout or the site's
//! own folder), links in and out of the output, staging folders of killed
//! builds, and the file system before and after each refusal.

mod common;

use common::{SiteTest, tree};

#[test]
fn refuses_output_folders_it_must_not_replace() {
    let site = SiteTest::from_fixture("good").file("notes/todo.txt", "mine");
    let root = site.canonical().display().to_string();
    let before = tree(&site.root);
    for (out, expected) in [
        (
            ".".to_string(),
            format!(
                "error: refusing to replace {root} (--out .): it holds the site itself (site.yaml, content/)\n  = hint: {OWN_FOLDER}\n"
            ),
        ),
        (
            "content/out".to_string(),
            format!(
                "error: refusing to replace {root}/content/out (--out content/out): it is inside the site's content/ folder\n  = hint: {OWN_FOLDER}\n"
            ),
        ),
        (
            "site.yaml".to_string(),
            format!(
                "error: refusing to replace {root}/site.yaml (--out site.yaml): it is a file, not a folder\n  = hint: give --out a folder (a new one is created)\n"
            ),
        ),
        (
            "notes".to_string(),
            format!(
                "error: refusing to replace {root}/notes (--out notes): it holds files pamphlet did not write: todo.txt\n  = hint: {NOT_BUILT_BY_PAMPHLET}\n"
            ),
        ),
    ] {
        let run = site.run(&["build", "--out", &out]);
        run.expect_code(2);
        assert_eq!(run.stderr, expected);
        assert_eq!(run.stdout, "");
    }
    assert_eq!(tree(&site.root), before, "nothing was touched");
}

/// Runs `pamphlet ARGS` on the site and asserts the refusal a user sees:
/// exit code 2, exactly `stderr`, and the site's folder as it was.
fn assert_refused(site: &SiteTest, args: &[&str], stderr: &str) {
    let before = tree(&site.root);
    let run = site.run(args);
    run.expect_code(2);
    assert_eq!(run.stderr, stderr);
    assert_eq!(tree(&site.root), before);
}

const OWN_FOLDER: &str =
    "build into a folder of its own, such as `public` in the site's folder (the default)";
const NOT_BUILT_BY_PAMPHLET: &str = "pamphlet replaces only a folder it built itself. Give --out an empty or new folder; to publish into a checkout or a web root, build into `public` and copy the files over";
const EXTRA_FILES: &str = "pamphlet replaces only files it wrote itself. Move those files out (files to publish belong in static/), or give --out an empty or new folder";

/// Found: `--out missing-dir/../site` passed the old guard and replaced the
/// site's own folder (site.yaml and content/ gone).
#[test]
fn a_path_through_a_missing_folder_cannot_replace_the_site() {
    let site = SiteTest::from_fixture("good");
    let root = site.canonical();
    let parent = root.parent().unwrap();
    let name = root.file_name().unwrap().to_str().unwrap();
    let before = tree(&site.root);
    let through_parent = format!("missing-dir/../{name}");
    for (cwd, out) in [
        (parent, through_parent.as_str()),
        (root.as_path(), "missing-dir/.."),
    ] {
        let run = site.run_in(cwd, &["build", "--out", out]);
        run.expect_code(2);
        assert_eq!(
            run.stderr,
            format!(
                "error: refusing to replace {} (--out {out}): it holds the site itself (site.yaml, content/)\n  = hint: {OWN_FOLDER}\n",
                root.display()
            )
        );
        assert_eq!(
            tree(&site.root),
            before,
            "site.yaml and content/ are untouched"
        );
        assert!(!parent.join("missing-dir").exists());
    }
}

/// Found: `--out nope/../folder` deleted any folder the guard would have refused.
#[test]
fn a_path_through_a_missing_folder_is_checked_like_the_folder_itself() {
    let site = SiteTest::from_fixture("good")
        .file("folder/notes.txt", "mine")
        .file("folder/photos/child.jpg", "jpeg");
    assert_refused(
        &site,
        &["build", "--out", "nope/../folder"],
        &format!(
            "error: refusing to replace {}/folder (--out nope/../folder): it holds files pamphlet did not write: notes.txt, photos/\n  = hint: {NOT_BUILT_BY_PAMPHLET}\n",
            site.canonical().display()
        ),
    );
}

/// Found: a gh-pages checkout lost `.git/` and `CNAME`, because any folder
/// with an index.html counted as a previous build.
#[test]
fn a_git_checkout_is_never_replaced() {
    let site = SiteTest::from_fixture("good")
        .file("gh-pages/.git/HEAD", "ref: refs/heads/gh-pages\n")
        .file("gh-pages/.git/config", "[core]\n")
        .file("gh-pages/.nojekyll", "")
        .file("gh-pages/CNAME", "clinic.example.org\n")
        .file("gh-pages/index.html", "<!DOCTYPE html><title>old</title>")
        .file("gh-pages/articles/a/index.html", "old")
        .file("gh-pages/sitemap.xml", "<urlset/>");
    assert_refused(
        &site,
        &["build", "--out", "gh-pages"],
        &format!(
            "error: refusing to replace {}/gh-pages (--out gh-pages): it holds files pamphlet did not write: .git/, .nojekyll, CNAME, articles/, index.html and 1 more\n  = hint: {NOT_BUILT_BY_PAMPHLET}\n",
            site.canonical().display()
        ),
    );
}

/// A site built by a pamphlet that wrote no manifest is refused with a way on.
#[test]
fn an_earlier_build_without_a_manifest_is_refused_with_a_way_on() {
    let site = SiteTest::from_fixture("good")
        .file("public/index.html", "<!DOCTYPE html><title>old</title>")
        .file("public/css/site.css", "body{}")
        .file("public/sitemap.xml", "<urlset/>");
    assert_refused(
        &site,
        &["build"],
        &format!(
            "error: refusing to replace {}/public: it has no .pamphlet-manifest.json, the list of files a build wrote; it looks like a build by an earlier pamphlet, which left no such list, so pamphlet cannot tell its files from yours\n  = hint: if the folder holds only that earlier build, delete it and build again (every build now leaves the list, so later builds replace it by themselves); otherwise give --out an empty or new folder\n",
            site.root.display()
        ),
    );
    std::fs::remove_dir_all(site.root.join("public")).unwrap();
    site.build().expect_code(0);
    site.build().expect_code(0);
}

/// A file added to a built site (an uploaded form) stops the next build
/// from replacing it; the manifest itself lists every file written.
#[test]
fn a_file_added_to_the_output_is_never_deleted() {
    let site = SiteTest::from_fixture("good");
    site.build().expect_code(0);
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("public/.pamphlet-manifest.json")).unwrap();
    let listed: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let mut on_disk: Vec<String> = tree(&site.root.join("public"))
        .into_iter()
        .filter_map(|line| {
            line.strip_prefix("f ")
                .map(|l| l.split(' ').next().unwrap().to_string())
        })
        .filter(|path| path != ".pamphlet-manifest.json")
        .collect();
    on_disk.sort();
    assert_eq!(
        listed, on_disk,
        "the manifest lists exactly the files written"
    );
    assert!(listed.contains(&"_headers"), "{listed:?}");

    let site = site
        .file("public/forms/consent.pdf", "%PDF-1.7")
        .file("public/.htaccess", "x");
    assert_refused(
        &site,
        &["build"],
        &format!(
            "error: refusing to replace {}/public: it holds files pamphlet did not write: .htaccess, forms/\n  = hint: {EXTRA_FILES}\n",
            site.root.display()
        ),
    );
}

/// `public` may be a link to a web root: pamphlet builds into the folder it
/// points to under the same rule, and the link stays a link.
#[cfg(unix)]
#[test]
fn a_linked_output_is_built_through_and_its_uploads_survive() {
    let site = SiteTest::from_fixture("good");
    let web_root = SiteTest::empty("web-root");
    let web = web_root.canonical().join("www");
    std::fs::create_dir(&web).unwrap();
    std::os::unix::fs::symlink(&web, site.root.join("public")).unwrap();

    let run = site.build();
    run.expect_code(0);
    assert!(
        run.stdout.contains(&format!(
            " into {}/public (a link to {}) in ",
            site.root.display(),
            web.display()
        )),
        "{}",
        run.stdout
    );
    let link = std::fs::symlink_metadata(site.root.join("public")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is kept");
    assert!(web.join("index.html").is_file());
    site.build().expect_code(0);
    assert!(
        std::fs::symlink_metadata(site.root.join("public"))
            .unwrap()
            .file_type()
            .is_symlink()
    );

    std::fs::create_dir(web.join("uploads")).unwrap();
    std::fs::write(web.join("uploads/intake-form.pdf"), "%PDF-1.7 patient form").unwrap();
    let before = (tree(&site.root), tree(&web_root.root));
    let run = site.build();
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        format!(
            "error: refusing to replace {} (--out {}/public): it holds files pamphlet did not write: uploads/\n  = hint: {EXTRA_FILES}\n",
            web.display(),
            site.root.display()
        )
    );
    assert_eq!((tree(&site.root), tree(&web_root.root)), before);
}

/// A link to nothing names nothing to build into.
#[cfg(unix)]
#[test]
fn a_link_to_nothing_is_refused() {
    let site = SiteTest::from_fixture("good");
    std::os::unix::fs::symlink("/nonexistent-web-root", site.root.join("public")).unwrap();
    assert_refused(
        &site,
        &["build"],
        &format!(
            "error: refusing to replace {}/public: it is a link to /nonexistent-web-root, which does not exist\n  = hint: create the folder the link points to, or give --out a real folder\n",
            site.root.display()
        ),
    );
}

/// A killed build's staging folder (pamphlet's name and marker) is removed
/// by the next build; a folder that only looks like one is left alone.
#[test]
fn staging_folders_of_killed_builds_are_removed() {
    let site = SiteTest::from_fixture("good")
        .file(".public.pamphlet-new-4000001/.pamphlet-staging", "marker")
        .file(".public.pamphlet-new-4000001/index.html", "half a build")
        .file(".public.pamphlet-new-4000001/articles/a/index.html", "half")
        .file(
            ".public.pamphlet-old-4000002/.pamphlet-manifest.json",
            "{\"files\": [\"index.html\", \"css/site.css\"]}",
        )
        .file(".public.pamphlet-old-4000002/index.html", "old build")
        .file(".public.pamphlet-old-4000002/css/site.css", "old")
        .file(".public.pamphlet-new-4000003/mine.txt", "not pamphlet's")
        .file(
            ".public.pamphlet-old-4000004/mine.txt",
            "not pamphlet's either",
        );
    site.build().expect_code(0);
    let left: Vec<String> = tree(&site.root)
        .into_iter()
        .filter(|line| line.contains(".public."))
        .collect();
    assert_eq!(
        left,
        [
            "d .public.pamphlet-new-4000003/",
            "f .public.pamphlet-new-4000003/mine.txt not pamphlet's",
            "d .public.pamphlet-old-4000004/",
            "f .public.pamphlet-old-4000004/mine.txt not pamphlet's either",
        ]
    );
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
fn a_link_inside_the_output_is_not_pamphlets() {
    let site = SiteTest::from_fixture("good").file("elsewhere/logo.svg", "<svg/>");
    site.build().expect_code(0);
    std::fs::remove_file(site.root.join("public/favicon.svg")).unwrap();
    std::os::unix::fs::symlink(
        site.root.join("elsewhere/logo.svg"),
        site.root.join("public/favicon.svg"),
    )
    .unwrap();
    assert_refused(
        &site,
        &["build"],
        &format!(
            "error: refusing to replace {}/public: it holds files pamphlet did not write: favicon.svg\n  = hint: {EXTRA_FILES}\n",
            site.root.display()
        ),
    );
}
