//! Languages end to end: a fixture site in English and Spanish, its
//! translated pages and links between languages, and each mistake staff
//! can make with translations, with its full message.

mod common;

use common::SiteTest;

/// The `languages:` block that makes the good fixture bilingual.
const LANGUAGES: &str = "languages:\n  - { code: en-US, name: English }\n  - code: es-US\n    prefix: es\n    name: Español\n    description: La clínica de prueba publica artículos sencillos.\n    min_reading_ease: 40\n";

/// A Spanish translation of the maintenance article, reviewed on `reviewed`.
fn maintenance_es(reviewed: &str) -> String {
    format!(
        "---\ntitle: Sesiones de mantenimiento\ndescription: Por qué algunas personas vuelven a más sesiones.\ndate: 2026-10-01\ntags: [sesiones]\ntranslation_of: articles/maintenance.md\nreviewed_by: Dr. Test Reviewer, MD (fictional)\nlast_reviewed: {reviewed}\n---\nEl efecto puede bajar con el tiempo.\n\n## ¿Cada cuánto?\n\nCambia de una persona a otra.\n"
    )
}

/// The good fixture in two languages, with one Spanish article.
fn bilingual() -> SiteTest {
    let site = SiteTest::from_fixture("good");
    let yaml = site.read("site.yaml").replace(
        "language: en-US\n",
        &format!("language: en-US\n{LANGUAGES}"),
    );
    site.file("site.yaml", yaml).file(
        "content/es/articles/mantenimiento.md",
        maintenance_es("2026-10-02"),
    )
}

#[test]
fn the_language_link_goes_both_ways_and_every_page_has_alternates() {
    let site = bilingual();
    site.build().expect_code(0);
    let en = site.read("public/articles/maintenance/index.html");
    let es = site.read("public/es/articles/maintenance/index.html");
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en-US\">"));
    assert!(es.starts_with("<!DOCTYPE html>\n<html lang=\"es-US\">"));
    let alternates = "<link rel=\"alternate\" hreflang=\"en-US\" href=\"https://test.example.org/articles/maintenance/\">\n<link rel=\"alternate\" hreflang=\"es-US\" href=\"https://test.example.org/es/articles/maintenance/\">\n<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://test.example.org/articles/maintenance/\">";
    assert!(en.contains(alternates), "{en}");
    assert!(es.contains(alternates), "{es}");
    // The language link leads to the same page in the other language.
    assert!(en.contains("<a class=\"language-link\" href=\"/es/articles/maintenance/\" hreflang=\"es-US\" lang=\"es-US\">Español</a>"));
    assert!(es.contains("<a class=\"language-link\" href=\"/articles/maintenance/\" hreflang=\"en-US\" lang=\"en-US\">English</a>"));
    // A page with no translation links to the other language's home, and
    // lists no alternate it does not have.
    let safety = site.read("public/articles/safety/index.html");
    assert!(safety.contains(
        "<a class=\"language-link\" href=\"/es/\" hreflang=\"es-US\" lang=\"es-US\">Español</a>"
    ));
    assert!(!safety.contains("hreflang=\"es-US\" href"));
    // Interface texts and JSON-LD in Spanish.
    assert!(es.contains("<a class=\"skip-link\" href=\"#main\">Saltar al contenido principal</a>"));
    assert!(es.contains(
        "Revisado por Dr. Test Reviewer, MD (fictional) el <time datetime=\"2026-10-02\">"
    ));
    assert!(es.contains("\"inLanguage\":\"es-US\""));
    // A feed per language, and the sitemap lists both with alternates.
    assert!(
        site.read("public/es/atom.xml")
            .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"es-US\">")
    );
    assert!(site.read("public/es/atom.xml").contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://test.example.org/es/articles/maintenance/\"/>"));
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://test.example.org/es/articles/maintenance/</loc><lastmod>2026-10-02</lastmod><xhtml:link rel=\"alternate\" hreflang=\"en-US\" href=\"https://test.example.org/articles/maintenance/\"/><xhtml:link rel=\"alternate\" hreflang=\"es-US\" href=\"https://test.example.org/es/articles/maintenance/\"/></url>"), "{sitemap}");
}

#[test]
fn a_missing_interface_text_is_named_with_its_file() {
    let site = SiteTest::from_fixture("good");
    let yaml = site.read("site.yaml").replace(
        "language: en-US\n",
        "language: en-US\nlanguages:\n  - { code: en-US, name: English }\n  - { code: fr-CA, prefix: fr, name: Français }\n",
    );
    let english =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/i18n/en.yaml")).unwrap();
    let french: String = english
        .lines()
        .filter(|l| !l.starts_with("menu:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let lines = french.lines().count();
    let site = site.file("site.yaml", yaml).file("i18n/fr.yaml", french);
    let errors = site.build_errors();
    let pad = " ".repeat(lines.to_string().len());
    let last = site
        .read("i18n/fr.yaml")
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert_eq!(
        errors,
        format!(
            "error: the interface text `menu` is missing in Français (fr-CA)\n{pad}--> i18n/fr.yaml:{lines}:1\n{pad} |\n{lines} | {last}\n{pad} | ^\n{pad} = hint: add a line `menu: ...` to i18n/fr.yaml; in English it is \"Menu\"\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
        ),
        "\n--- actual ---\n{errors}"
    );
}

#[test]
fn a_translation_of_a_missing_source_is_an_error() {
    let site = bilingual().file(
        "content/es/articles/mantenimiento.md",
        maintenance_es("2026-10-02").replace("articles/maintenance.md", "articles/maintenence.md"),
    );
    assert_eq!(
        site.build_errors(),
        "error: this translates `articles/maintenence.md`, which does not exist\n --> content/es/articles/mantenimiento.md:6:17\n  |\n6 | translation_of: articles/maintenence.md\n  |                 ^^^^^^^^^^^^^^^^^^^^^^^\n  = hint: did you mean `articles/maintenance.md`?\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
    );
}

#[test]
fn two_translations_of_one_source_are_an_error() {
    let site = bilingual().file("content/es/articles/otra.md", maintenance_es("2026-10-02"));
    assert_eq!(
        site.build_errors(),
        "error: `content/es/articles/mantenimiento.md` and `content/es/articles/otra.md` both translate `articles/maintenance.md`\n --> content/es/articles/otra.md:6:17\n  |\n6 | translation_of: articles/maintenance.md\n  |                 ^^^^^^^^^^^^^^^^^^^^^^^\n  = hint: keep one translation of a page per language: delete one, or point its `translation_of` at the page it really translates\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
    );
}

#[test]
fn a_stale_translation_is_reported_at_its_review_date() {
    let site = bilingual().file(
        "content/es/articles/mantenimiento.md",
        maintenance_es("2026-09-15"),
    );
    let run = site.run(&["check", "--today", "2026-11-24"]);
    run.expect_code(1);
    let expected = "error: this translation is out of date: it was reviewed on 2026-09-15, and its source `content/articles/maintenance.md` changed on 2026-10-01\n --> content/es/articles/mantenimiento.md:8:1\n  |\n8 | last_reviewed: 2026-09-15\n  | ^^^^^^^^^^^^^\n  = hint: compare it with content/articles/maintenance.md (reviewed or updated 2026-10-01), bring the translation up to date, have it reviewed and set its `last_reviewed`\n";
    assert!(
        run.stdout.contains(expected),
        "\n--- actual ---\n{}",
        run.stdout
    );
    // Reviewed again after its source: no longer reported.
    let site = site.file(
        "content/es/articles/mantenimiento.md",
        maintenance_es("2026-10-01"),
    );
    let run = site.run(&["check", "--today", "2026-11-24"]);
    assert!(!run.stdout.contains("out of date"), "{}", run.stdout);
}

#[test]
fn an_untranslated_page_is_a_warning_when_the_language_asks() {
    let site = bilingual();
    let run = site.run(&["check", "--today", "2026-11-24"]);
    assert!(run.stdout.contains("warning: this page has no translation into Español (es-US)\n --> content/articles/safety.md\n  = hint: add content/es/articles/safety.md with `translation_of: articles/safety.md`, or set `warn_untranslated: false` on this language in site.yaml\n"), "{}", run.stdout);
    let yaml = site.read("site.yaml").replace(
        "    min_reading_ease: 40\n",
        "    min_reading_ease: 40\n    warn_untranslated: false\n",
    );
    let run = site
        .file("site.yaml", yaml)
        .run(&["check", "--today", "2026-11-24"]);
    assert!(!run.stdout.contains("no translation"), "{}", run.stdout);
}

#[test]
fn spanish_text_is_measured_with_fernandez_huerta() {
    let hard = maintenance_es("2026-10-02").replace(
        "El efecto puede bajar con el tiempo.",
        "La administración intravenosa subanestésica de ketamina racémica proporciona resultados antidepresivos considerablemente heterogéneos, dependiendo fundamentalmente de características farmacocinéticas individuales, comorbilidades psiquiátricas concomitantes y expectativas terapéuticas preexistentes.",
    );
    let run = bilingual()
        .file("content/es/articles/mantenimiento.md", hard)
        .run(&["check", "--today", "2026-11-24"]);
    assert!(
        run.stdout
            .contains("warning: the reading ease (Fernández Huerta) is "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(", below the site's minimum of 40 for this language\n  --> content/es/articles/mantenimiento.md:10:1\n"), "{}", run.stdout);
}

#[test]
fn the_default_site_passes_check_in_both_languages() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args([
            "check",
            "--deny-warnings",
            "--today",
            "2026-12-01",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    // Its Spanish pages are part of the report.
    assert!(
        stdout.contains("content/es/pages/sobre-nosotros.md"),
        "{stdout}"
    );
}

#[test]
fn a_translation_must_name_its_source_and_only_a_translation_may() {
    let site = bilingual().file(
        "content/es/articles/mantenimiento.md",
        maintenance_es("2026-10-02").replace("translation_of: articles/maintenance.md\n", ""),
    );
    assert_eq!(
        site.build_errors(),
        "error: this translation does not say which page it translates\n --> content/es/articles/mantenimiento.md:2:1\n  |\n2 | title: Sesiones de mantenimiento\n  | ^^^^^\n  = hint: add `translation_of: articles/<file>.md` (the English file, as it stands under content/) to its front matter\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
    );
    let english = site
        .read("content/articles/safety.md")
        .replace("title:", "translation_of: articles/maintenance.md\ntitle:");
    let site = bilingual().file("content/articles/safety.md", english);
    assert_eq!(
        site.build_errors(),
        "error: `translation_of` is only for a translation, and this file is in the default language\n --> content/articles/safety.md:2:1\n  |\n2 | translation_of: articles/maintenance.md\n  | ^^^^^^^^^^^^^^\n  = hint: move the file into its language's folder (content/es/...), or remove `translation_of`\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
    );
}

#[test]
fn the_demo_check_catches_the_spanish_demo_note() {
    // A site made from the demo (no `demo: true`) that kept the Spanish
    // About page's note saying it is a demo.
    let about = "---\ntitle: Sobre nosotros\ndescription: Quiénes somos.\ntranslation_of: pages/about.md\n---\n> [!NOTE]\n> Este es el sitio de demostración de pamphlet. {clinic} es una\n> clínica inventada.\n";
    let site = bilingual().file("content/es/pages/sobre-nosotros.md", about);
    let yaml = site.read("site.yaml").replace("demo: true", "# demo: true");
    let site = site.file("site.yaml", yaml);
    let run = site.run(&["check", "--today", "2026-11-24"]);
    run.expect_code(1);
    for expected in [
        "error: this page still has the note that this is a demo `sitio de demostración`\n --> content/es/pages/sobre-nosotros.md:7:14\n  |\n7 | > Este es el sitio de demostración de pamphlet. {clinic} es una\n  |              ^^^^^^^^^^^^^^^^^^^^^\n  = hint: replace it before you publish: remove the note (its lines start with `>`)\n",
        "error: this page still has the note that this is a demo `clínica inventada`\n --> content/es/pages/sobre-nosotros.md:8:3\n  |\n8 | > clínica inventada.\n  |   ^^^^^^^^^^^^^^^^^\n  = hint: replace it before you publish: remove the note (its lines start with `>`)\n",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing:\n{expected}\n--- in ---\n{}",
            run.stdout
        );
    }
    // With `demo: true` (pamphlet's own demo) the note is allowed.
    let yaml = site.read("site.yaml").replace("# demo: true", "demo: true");
    let run = site
        .file("site.yaml", yaml)
        .run(&["check", "--today", "2026-11-24"]);
    assert!(!run.stdout.contains("demo `"), "{}", run.stdout);
}

#[test]
fn the_build_summary_counts_each_language() {
    let run = bilingual().build();
    run.expect_code(0);
    // The good fixture: 3 articles in English; in Spanish the home, the
    // article list, the article, the tag list, its one tag and the 404.
    assert!(
        run.stdout.starts_with(
            "Built 20 pages (3 articles; es: 6 pages, 1 article) and 7 other files into "
        ),
        "{}",
        run.stdout
    );
}

/// The Spanish maintenance article with a citation, an alert, a table,
/// `{regions}` and links to a translated page, an untranslated one, its
/// own source and a source by its real path.
const RICH_ES: &str = "---\ntitle: Sesiones de mantenimiento\ndescription: Por qué algunas personas vuelven a más sesiones.\ndate: 2026-10-01\ntags: [sesiones]\ntranslation_of: articles/maintenance.md\nreviewed_by: Dr. Test Reviewer, MD (fictional)\nlast_reviewed: 2026-10-02\nreferences:\n  - id: apa2017\n    title: A consensus statement on the use of ketamine\n    url: https://example.org/apa2017\n---\nEl efecto puede bajar.[^apa2017] Atendemos en {regions}.\n\n> [!WARNING]\n> Hable con su médico.\n\n| Sesión | Cuándo |\n|---|---|\n| 1 | Hoy |\n\n## ¿Cada cuánto?\n\nVea [quiénes somos](../pages/about.md), [la seguridad](safety.md), [esta parte](maintenance.md#cada-cuanto) y [por qué una serie](../../articles/sessions.md#why-a-series).\n";

/// The Spanish About page, a translation of `pages/about.md`.
const ABOUT_ES: &str = "---\ntitle: Sobre nosotros\ndescription: Quiénes somos.\ntranslation_of: pages/about.md\n---\nSomos una clínica de prueba. Vea las [preguntas](../faq.md).\n";

fn rich() -> SiteTest {
    let site = bilingual()
        .file("content/es/articles/mantenimiento.md", RICH_ES)
        .file("content/es/pages/sobre.md", ABOUT_ES);
    let yaml = site.read("site.yaml").replace(
        "    min_reading_ease: 40\n",
        "    min_reading_ease: 40\n    regions: [Oregón, Washington]\n",
    );
    site.file("site.yaml", yaml)
}

#[test]
fn spanish_pages_carry_spanish_labels_and_regions() {
    let site = rich();
    site.build().expect_code(0);
    let es = site.main_of("public/es/articles/maintenance/index.html");
    for expected in [
        "El efecto puede bajar.<sup class=\"cite\"><a href=\"#source-apa2017\" aria-label=\"Fuente 1\">[1]</a></sup> Atendemos en Oregón y Washington.</p>",
        "<aside class=\"callout callout-warning\" aria-label=\"Advertencia\">\n<p class=\"callout-title\">Advertencia</p>",
        "<div class=\"table-wrap\" role=\"region\" aria-label=\"Tabla\" tabindex=\"0\">",
    ] {
        assert!(
            es.contains(expected),
            "missing {expected}\n--- in ---\n{es}"
        );
    }
    // The home page's regions line, in Spanish words.
    assert!(
        site.read("public/es/index.html")
            .contains("Atendemos a pacientes que viven en Oregón y Washington.</p>")
    );
    // The English pages keep their English labels and regions.
    let en = site.read("public/articles/sessions/index.html");
    assert!(en.contains("aria-label=\"Source 1\">[1]</a></sup>"), "{en}");
    assert!(
        site.read("public/index.html")
            .contains("We see patients who live in Oregon and Washington.</p>")
    );
    // No English label is left on a Spanish page.
    for page in [
        "public/es/articles/maintenance/index.html",
        "public/es/about/index.html",
        "public/es/index.html",
    ] {
        let html = site.read(page);
        for english in [
            "aria-label=\"Source",
            "aria-label=\"Warning",
            "aria-label=\"Table",
            " and Washington",
        ] {
            assert!(!html.contains(english), "{page} has {english}");
        }
    }
}

#[test]
fn a_translations_regions_must_name_every_region() {
    let site = bilingual();
    let yaml = site.read("site.yaml").replace(
        "    min_reading_ease: 40\n",
        "    min_reading_ease: 40\n    regions: [Oregón]\n",
    );
    // One error, at the list: without a good site.yaml the Spanish files are
    // left out quietly, not each called unknown.
    assert_eq!(
        site.file("site.yaml", yaml).build_errors(),
        "error: `es-US` names 1 region for the 2 of site.yaml's `regions`\n  --> site.yaml:13:14\n   |\n13 |     regions: [Oregón]\n   |              ^^^^^^^^\n   = hint: give each region of site.yaml's `regions` its name in this language, in the same order\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
    );
}

#[test]
fn links_in_a_translation_go_to_the_translation_when_there_is_one() {
    let site = rich();
    site.build().expect_code(0);
    let es = site.main_of("public/es/articles/maintenance/index.html");
    assert!(
        es.contains("Vea <a href=\"/es/about/\">quiénes somos</a>, <a href=\"/articles/safety/\">la seguridad</a>, <a href=\"/es/articles/maintenance/#cada-cuanto\">esta parte</a> y <a href=\"/articles/sessions/#why-a-series\">por qué una serie</a>.</p>"),
        "{es}"
    );
    // The FAQ has no translation: the Spanish About page links to the English one.
    assert!(
        site.main_of("public/es/about/index.html")
            .contains("<a href=\"/faq/\">preguntas</a>")
    );
}

#[test]
fn a_broken_link_in_a_translation_is_reported_where_it_is() {
    let broken = RICH_ES
        .replace("(safety.md)", "(safty.md)")
        .replace("maintenance.md#cada-cuanto", "maintenance.md#how-often");
    let site = rich().file("content/es/articles/mantenimiento.md", broken);
    let line = "Vea [quiénes somos](../pages/about.md), [la seguridad](safty.md), [esta parte](maintenance.md#how-often) y [por qué una serie](../../articles/sessions.md#why-a-series).";
    assert_eq!(
        site.build_errors(),
        format!(
            "error: the link `safty.md` goes to `content/articles/safty.md`, which does not exist\n  --> content/es/articles/mantenimiento.md:25:56\n   |\n25 | {line}\n   |                                                        ^^^^^^^^\n   = hint: did you mean `safety.md`? A translation links to a page by its source's file, as if it stood beside its own source; the link goes to the page's translation when it has one, and to the page in the default language otherwise\n\nerror: `content/es/articles/mantenimiento.md` has no heading with the id `#how-often`\n  --> content/es/articles/mantenimiento.md:25:80\n   |\n25 | {line}\n   |                                                                                ^^^^^^^^^^^^^^^^^^^^^^^^\n   = hint: an anchor is a heading's id: `## Why a series?` has the id `why-a-series`; the ids in content/es/articles/mantenimiento.md are: `#cada-cuanto`, `#contents`, `#main`, `#sources`\n\nerror: found 2 errors\nThe previous output in [ROOT]/public was left as it was.\n"
        )
    );
}

/// The bilingual fixture with `extra` added to the Spanish language's entry.
fn bilingual_with(extra: &str) -> SiteTest {
    let site = bilingual();
    let yaml = site.read("site.yaml").replace(
        "    min_reading_ease: 40\n",
        &format!("    min_reading_ease: 40\n{extra}"),
    );
    site.file("site.yaml", yaml)
}

/// The language link of the page at `file`.
fn language_link(site: &SiteTest, file: &str) -> String {
    let html = site.read(file);
    let start = html
        .find("<a class=\"language-link\"")
        .expect("a language link");
    html[start..start + html[start..].find("</a>").unwrap() + 4].to_string()
}

#[test]
fn tag_pages_are_paired_across_languages() {
    // One Spanish article whose source has two tags: `sesiones` could be
    // either, so without a pair in site.yaml it leads to the English home.
    let site = bilingual();
    site.build().expect_code(0);
    assert_eq!(
        language_link(&site, "public/es/tags/sesiones/index.html"),
        "<a class=\"language-link\" href=\"/\" hreflang=\"en-US\" lang=\"en-US\">English</a>"
    );
    // Paired in site.yaml: both ways, with hreflang alternates.
    let site = bilingual_with("    tags: { sesiones: sessions }\n");
    site.build().expect_code(0);
    assert_eq!(
        language_link(&site, "public/es/tags/sesiones/index.html"),
        "<a class=\"language-link\" href=\"/tags/sessions/\" hreflang=\"en-US\" lang=\"en-US\">English</a>"
    );
    assert_eq!(
        language_link(&site, "public/tags/sessions/index.html"),
        "<a class=\"language-link\" href=\"/es/tags/sesiones/\" hreflang=\"es-US\" lang=\"es-US\">Español</a>"
    );
    let alternates = "<link rel=\"alternate\" hreflang=\"en-US\" href=\"https://test.example.org/tags/sessions/\">\n<link rel=\"alternate\" hreflang=\"es-US\" href=\"https://test.example.org/es/tags/sesiones/\">";
    assert!(
        site.read("public/tags/sessions/index.html")
            .contains(alternates)
    );
    assert!(
        site.read("public/es/tags/sesiones/index.html")
            .contains(alternates)
    );
    assert!(site.read("public/sitemap.xml").contains("<url><loc>https://test.example.org/es/tags/sesiones/</loc><xhtml:link rel=\"alternate\" hreflang=\"en-US\" href=\"https://test.example.org/tags/sessions/\"/><xhtml:link rel=\"alternate\" hreflang=\"es-US\" href=\"https://test.example.org/es/tags/sesiones/\"/></url>"));
    // The other English tag has no Spanish page.
    assert_eq!(
        language_link(&site, "public/tags/maintenance/index.html"),
        "<a class=\"language-link\" href=\"/es/\" hreflang=\"es-US\" lang=\"es-US\">Español</a>"
    );
    // Without a pair, by the articles: a second Spanish article (from
    // `sessions.md`: sessions, Induction) leaves `sessions` the one tag
    // both sources share.
    let sessions_es = maintenance_es("2026-11-02")
        .replace("articles/maintenance.md", "articles/sessions.md")
        .replace(
            "title: Sesiones de mantenimiento",
            "title: Cuántas sesiones",
        );
    let site = bilingual().file("content/es/articles/sesiones.md", sessions_es);
    site.build().expect_code(0);
    assert_eq!(
        language_link(&site, "public/es/tags/sesiones/index.html"),
        "<a class=\"language-link\" href=\"/tags/sessions/\" hreflang=\"en-US\" lang=\"en-US\">English</a>"
    );
}

#[test]
fn a_tag_pair_naming_a_missing_tag_is_an_error() {
    let site = bilingual_with("    tags: { sesion: sessions, sesiones: sesions }\n");
    let line = "13 |     tags: { sesion: sessions, sesiones: sesions }";
    assert_eq!(
        site.build_errors(),
        format!(
            "error: no article in Español has the tag `sesion`\n  --> site.yaml:13:13\n   |\n{line}\n   |             ^^^^^^^^^^^^^^^^\n   = hint: did you mean `sesiones`?\n\nerror: the tag `sesiones` is paired with `sesions`, which no article in the default language has\n  --> site.yaml:13:31\n   |\n{line}\n   |                               ^^^^^^^^^^^^^^^^^\n   = hint: did you mean `sessions`?\n\nerror: found 2 errors\nThe previous output in [ROOT]/public was left as it was.\n"
        )
    );
    // `check` reports them too.
    let run = site.run(&["check", "--today", "2026-11-24"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("error: no article in Español has the tag `sesion`\n  --> site.yaml:13:13\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_site_in_spanish_alone_has_spanish_labels() {
    let site = SiteTest::from_fixture("good");
    let yaml = site
        .read("site.yaml")
        .replace("language: en-US", "language: es-US");
    let site = site.file("site.yaml", yaml);
    site.build().expect_code(0);
    let html = site.read("public/articles/sessions/index.html");
    assert!(
        html.contains("<a href=\"#source-apa2017\" aria-label=\"Fuente 1\">[1]</a>"),
        "{html}"
    );
    assert!(
        site.read("public/index.html")
            .contains("Atendemos a pacientes que viven en Oregon y Washington.</p>")
    );
}

/// A prefix used twice is reported at the second language's own `prefix:`
/// line, not at the first one's, nor at a comment that names the key.
#[test]
fn a_prefix_used_twice_is_reported_at_the_language_that_repeats_it() {
    let site = bilingual();
    let yaml = site.read("site.yaml").replace(
        "    min_reading_ease: 40\n",
        "    min_reading_ease: 40\n  # prefix: es is the folder content/es/\n  - code: es-MX\n    prefix: es\n    name: Español (México)\n",
    );
    let errors = site.file("site.yaml", yaml).build_errors();
    assert_eq!(
        errors,
        "error: the prefix `es` is already taken\n  --> site.yaml:15:5\n   |\n15 |     prefix: es\n   |     ^^^^^^^^^^\n   = hint: each language needs its own prefix, other than pamphlet's own folders (articles, pages, tags, faq, assessment)\n\nerror: found 1 error\nThe previous output in [ROOT]/public was left as it was.\n"
    );
}
