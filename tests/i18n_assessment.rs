//! The self-assessment in a second language: a fixture site in English and
//! Spanish whose `content/es/assessment.yaml` holds the Spanish texts of
//! `content/assessment.yaml`, and each mistake staff can make with it
//! (a missing text, an unknown id, a translation gone stale), with its
//! full message.

mod common;

use common::SiteTest;

/// The `languages:` block that makes the assessment fixture bilingual.
const LANGUAGES: &str = "languages:\n  - { code: en-US, name: English }\n  - code: es-US\n    prefix: es\n    name: Español\n    crisis_line: Si piensa en el suicidio, llame al **988** y marque 2, o mande AYUDA al 988.\n    warn_untranslated: false\n";

/// Every text of the fixture's questionnaire, in Spanish.
const ES: &str = "translation_of: assessment.yaml
reviewed_by: Dr. Test Reviewer
last_reviewed: 2026-01-06
source_hash: 8f42055888d8
title: Autoevaluación de prueba
intro: Sus respuestas se quedan en este aparato. {crisis_line}
credit: Crédito de prueba.
questions:
  age:
    text: ¿Cuántos años tiene?
    options:
      under_18: Menos de 18
      adult: 18 o más
  region:
    text: ¿Dónde vive?
    options:
      elsewhere: En otro lugar
  mood:
    text: ¿Cada cuánto se siente decaído?
    options:
      never: Nunca
      some: Algunos días
      most: Casi todos los días
  sleep:
    text: ¿Cada cuánto duerme mal?
    options:
      never: Nunca
      some: Algunos días
      most: Casi todos los días
  harm:
    text: ¿Tiene pensamientos de hacerse daño?
    options:
      yes: Sí
      no: 'No'
  screen:
    text: ¿Tiene algo de esto?
    options:
      bp: Presión alta
      heart: Enfermedad del corazón
      none: Nada de esto
  years:
    text: ¿Cuántos años hace que se siente así?
scores:
  total:
    bands:
      low: bajo
      high: alto
outcomes:
  crisis:
    continue: Estoy a salvo ahora mismo — seguir
    title: Por favor, hable con alguien ahora
    body: \"{crisis_line}\"
  too_young:
    title: Esto es para adultos
    body: Hable con su médico.
  away:
    title: No atendemos en su zona
    body: Atendemos en {regions}.
  ask_first:
    title: Hable primero con nuestro médico
    body: Su puntaje es {total} ({total.band}).
  long_time:
    title: Mucho tiempo
    body: Su puntaje es {total}.
  fit:
    title: Tiene sentido hablar
    body: Su puntaje es {total} ({total.band}).
  low:
    title: Pocas señales por ahora
    body: Su puntaje es {total}. Llame al {phone}.
";

/// The assessment fixture in two languages, with `es` as its Spanish texts.
fn bilingual(es: &str) -> SiteTest {
    let site = SiteTest::from_fixture("assessment");
    let yaml = site.read("site.yaml").replace(
        "language: en-US\n",
        &format!("language: en-US\n{LANGUAGES}"),
    );
    site.file("site.yaml", yaml)
        .file("content/es/assessment.yaml", es)
}

/// The JSON of a page's `<script type="application/json" id="…">`.
fn json_block(html: &str, id: &str) -> serde_json::Value {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = html.find(&open).expect("the data block") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn the_spanish_self_assessment_runs_the_same_questionnaire_with_spanish_texts() {
    let site = bilingual(ES);
    site.build().expect_code(0);
    let en = site.read("public/assessment/index.html");
    let es = site.read("public/es/assessment/index.html");
    assert!(es.starts_with("<!DOCTYPE html>\n<html lang=\"es-US\">"));
    // One questionnaire: the logic the script runs is the English page's,
    // only the band labels (shown as text) differ.
    let (mut logic_en, mut logic_es) = (
        json_block(&en, "assessment-data"),
        json_block(&es, "assessment-data"),
    );
    assert_eq!(logic_es["scores"][0]["bands"][1]["label"], "alto");
    // The script's messages travel with the logic, in the page's language.
    assert_eq!(
        logic_es["strings"]["progress"],
        "Pregunta {n} de unas {total}"
    );
    assert_eq!(logic_es["strings"]["select_one"], "Elija una respuesta");
    assert_eq!(logic_en["strings"]["select_one"], "Select an answer");
    for logic in [&mut logic_en, &mut logic_es] {
        logic["strings"] = serde_json::Value::Null;
        for band in logic["scores"][0]["bands"].as_array_mut().unwrap() {
            band["label"] = serde_json::Value::Null;
        }
    }
    assert_eq!(logic_en, logic_es);
    // The texts, the built-in labels and the site values in Spanish.
    assert!(es.contains("<h1>Autoevaluación de prueba</h1>"));
    assert!(es.contains("<label><input type=\"radio\" name=\"harm\" id=\"harm-yes\">Sí</label>"));
    assert!(es.contains(
        "<label><input type=\"radio\" name=\"region\" id=\"region-elsewhere\">En otro lugar</label>"
    ));
    assert!(es.contains("<p>Si piensa en el suicidio, llame al <strong>988</strong> y marque 2, o mande AYUDA al 988.</p>"));
    // The interface and the script's messages from i18n/es.yaml.
    assert!(es.contains("id=\"a-start\">Empezar la autoevaluación</button>"));
    assert!(es.contains("<h2>Hay un problema</h2>"));
    // Alternates both ways, and the language link to the same page.
    let alternates = "<link rel=\"alternate\" hreflang=\"en-US\" href=\"https://test.example.org/assessment/\">\n<link rel=\"alternate\" hreflang=\"es-US\" href=\"https://test.example.org/es/assessment/\">";
    assert!(en.contains(alternates), "{en}");
    assert!(es.contains(alternates), "{es}");
    assert!(en.contains("<a class=\"language-link\" href=\"/es/assessment/\" hreflang=\"es-US\" lang=\"es-US\">Español</a>"));
    assert!(es.contains("<a class=\"language-link\" href=\"/assessment/\" hreflang=\"en-US\" lang=\"en-US\">English</a>"));
    // The clinician's review sheet is the source's: English only.
    assert!(site.exists("public/assessment/review/index.html"));
    assert!(!site.exists("public/es/assessment/review/index.html"));
}

#[test]
fn a_missing_text_is_one_error_per_text_quoting_the_english() {
    let es = ES
        .replace("      most: Casi todos los días\n  sleep:", "  sleep:")
        .replace("    body: Hable con su médico.\n", "");
    let errors = bilingual(&es).build_errors();
    let expected = [
        "error: `questions.mood.options.most` has no translation into Español (es-US)\n  --> content/es/assessment.yaml:20:5\n   |\n20 |     options:\n   |     ^\n   = hint: add it under `questions: mood: options`; the text to translate (content/assessment.yaml, line 24) reads: \"Most days\"\n",
        "error: `outcomes.too_young.body` has no translation into Español (es-US)\n  --> content/es/assessment.yaml:52:3\n   |\n52 |   too_young:\n   |   ^\n   = hint: add it under `outcomes: too_young`; the text to translate (content/assessment.yaml, line 71) reads: \"Please talk to your doctor.\"\n",
    ];
    for e in expected {
        assert!(
            errors.contains(e),
            "\n--- expected ---\n{e}\n--- actual ---\n{errors}"
        );
    }
    assert!(errors.contains("error: found 2 errors\n"), "{errors}");
    // Nothing is published from a site with problems.
}

#[test]
fn an_id_the_source_does_not_have_gets_a_did_you_mean() {
    let es = ES
        .replace("  mood:\n", "  mod:\n")
        .replace("      heart: Enfermedad", "      hart: Enfermedad");
    let errors = bilingual(&es).build_errors();
    let expected = [
        "error: `questions.mod` is not a question of content/assessment.yaml\n  --> content/es/assessment.yaml:18:3\n   |\n18 |   mod:\n   |   ^^^\n   = hint: did you mean `mood`?\n",
        "error: `questions.screen.options.hart` is not an option of content/assessment.yaml\n  --> content/es/assessment.yaml:39:7\n   |\n39 |       hart: Enfermedad del corazón\n   |       ^^^^\n   = hint: did you mean `heart`?\n",
    ];
    for e in expected {
        assert!(
            errors.contains(e),
            "\n--- expected ---\n{e}\n--- actual ---\n{errors}"
        );
    }
    // One problem each: the misspelt ids' texts are not also listed missing.
    assert!(errors.contains("error: found 2 errors\n"), "{errors}");
}

#[test]
fn a_logic_key_in_a_translation_is_refused() {
    let es = ES.replace(
        "    title: Esto es para adultos\n",
        "    title: Esto es para adultos\n    when: \"true\"\n",
    );
    let errors = bilingual(&es).build_errors();
    let expected = "error: outcomes.too_young: unknown key `when`\n  --> content/es/assessment.yaml:55:5\n   |\n55 |     when: \"true\"\n   |     ^^^^\n   = hint: remove it, or use one of the known keys: title, body, continue\n";
    assert!(errors.contains(expected), "\n--- actual ---\n{errors}");
}

#[test]
fn a_stale_translation_is_reported_with_the_hash_to_write() {
    // The source changed after the translation was reviewed.
    let site = bilingual(&ES.replace("source_hash: 8f42055888d8", "source_hash: 000000000000"));
    let run = site.run(&["check", "--today", "2026-11-24"]);
    run.expect_code(1);
    let expected = "error: this translation is out of date: it was reviewed against version `000000000000` of `content/assessment.yaml`, which has changed since (it is now `8f42055888d8`)\n --> content/es/assessment.yaml:4:1\n  |\n4 | source_hash: 000000000000\n  | ^^^^^^^^^^^\n  = hint: compare the texts with content/assessment.yaml (`git log -p` shows what changed), bring the translation up to date, have it reviewed, then set `last_reviewed` and `source_hash: 8f42055888d8`\n";
    assert!(
        run.stdout.contains(expected),
        "\n--- actual ---\n{}",
        run.stdout
    );
    // The right hash but a review older than the source's.
    let site = bilingual(&ES.replace("last_reviewed: 2026-01-06", "last_reviewed: 2026-01-02"));
    let run = site.run(&["check", "--today", "2026-11-24"]);
    run.expect_code(1);
    let expected = "error: this translation is out of date: it was reviewed on 2026-01-02, and its source `content/assessment.yaml` was reviewed on 2026-01-05\n --> content/es/assessment.yaml:3:1\n  |\n3 | last_reviewed: 2026-01-02\n  | ^^^^^^^^^^^^^\n  = hint: compare the texts with content/assessment.yaml (reviewed 2026-01-05), bring the translation up to date, have it reviewed, then set `last_reviewed` and `source_hash: 8f42055888d8`\n";
    assert!(
        run.stdout.contains(expected),
        "\n--- actual ---\n{}",
        run.stdout
    );
    // Up to date: not reported.
    let run = bilingual(ES).run(&["check", "--today", "2026-11-24"]);
    assert!(!run.stdout.contains("out of date"), "{}", run.stdout);
}

#[test]
fn a_question_kept_in_the_source_language_is_marked_and_must_exist() {
    // `not_translated`: a validated instrument without its official
    // translation keeps its words, marked as English.
    let es = ES.replace(
        "  mood:\n    text: ¿Cada cuánto se siente decaído?\n    options:\n      never: Nunca\n      some: Algunos días\n      most: Casi todos los días\n",
        "",
    );
    let kept = es.replace("questions:\n", "not_translated: [mood]\nquestions:\n");
    let site = bilingual(&kept);
    site.build().expect_code(0);
    let html = site.read("public/es/assessment/index.html");
    assert!(
        html.contains("<li class=\"a-step\" id=\"step-mood\" lang=\"en-US\">"),
        "{html}"
    );
    assert!(html.contains("<legend><h1>How often do you feel down?</h1></legend>"));
    let typo = es.replace("questions:\n", "not_translated: [moods]\nquestions:\n");
    let errors = bilingual(&typo).build_errors();
    let expected = "error: `not_translated` lists `moods`, which is not a question of content/assessment.yaml\n --> content/es/assessment.yaml:8:18\n  |\n8 | not_translated: [moods]\n  |                  ^^^^^\n  = hint: did you mean `mood`?\n";
    assert!(errors.contains(expected), "\n--- actual ---\n{errors}");
}

#[test]
fn the_spanish_texts_are_measured_with_fernandez_huerta() {
    let site = bilingual(ES);
    let yaml = site.read("site.yaml").replace(
        "    warn_untranslated: false\n",
        "    warn_untranslated: false\n    min_reading_ease: 99\n",
    );
    let run = site
        .file("site.yaml", yaml)
        .run(&["check", "--today", "2026-11-24"]);
    let expected = "the reading ease (Fernández Huerta) of the self-assessment's texts is ";
    let found = run
        .stdout
        .lines()
        .find(|l| l.contains(expected))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(found.starts_with("warning: "), "{found}");
    assert!(
        found.ends_with(", below the site's minimum of 99 for this language"),
        "{found}"
    );
    assert!(
        run.stdout
            .contains(&format!("{found}\n --> content/es/assessment.yaml:5:1\n")),
        "{}",
        run.stdout
    );
    // A language without a floor is not measured.
    let run = bilingual(ES).run(&["check", "--today", "2026-11-24"]);
    assert!(!run.stdout.contains(expected), "{}", run.stdout);
}

#[test]
fn a_mistake_in_a_translated_text_is_shown_in_the_translation() {
    let es = ES.replace("Llame al {phone}.", "Llame al {phnoe}.");
    let errors = bilingual(&es).build_errors();
    let expected = "error: there is no value `{phnoe}` to show here\n  --> content/es/assessment.yaml:70:5\n   |\n70 |     body: Su puntaje es {total}. Llame al {phnoe}.\n   |     ^^^^\n   = hint: did you mean `{phone}`?\n";
    assert!(errors.contains(expected), "\n--- actual ---\n{errors}");
}

#[test]
fn a_translation_of_a_missing_self_assessment_is_an_error() {
    let site = bilingual(ES).remove("content/assessment.yaml");
    let errors = site.build_errors();
    let expected = "error: this translates `content/assessment.yaml`, which does not exist\n --> content/es/assessment.yaml:1:1\n  |\n1 | translation_of: assessment.yaml\n  | ^^^^^^^^^^^^^^\n  = hint: add content/assessment.yaml (the questionnaire in the default language), or delete this file\n";
    assert!(errors.contains(expected), "\n--- actual ---\n{errors}");
}
