//! The self-assessment page's template context (`assessment.html`): the
//! questionnaire as the template shows it, the browser's logic with the
//! script's messages in the page's language, and what each number or date
//! field says to an answer it cannot take.

use serde_json::{Value, json};
use tera::Context;

use super::{clinic_jsonld, long, page_context, text};
use crate::questionnaire::Assessment;
use crate::render::json_for_script;
use crate::render::languages::lang;
use crate::routes::Route;
use crate::site::Site;

/// The self-assessment page: `assessment.html`.
pub fn assessment(site: &Site, assessment: &Assessment) -> Context {
    let mut value = serde_json::to_value(assessment).unwrap_or(Value::Null);
    field_messages(site, assessment, &mut value);
    let title = value
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("Self-assessment")
        .to_string();
    let description = value
        .get("description")
        .or_else(|| value.get("intro"))
        .and_then(Value::as_str)
        .unwrap_or("A private self-assessment that runs on your device.")
        .to_string();
    let path = Route::Assessment.url_in(lang(site));
    let jsonld = json!({"@context": "https://schema.org", "@type": "WebPage", "name": title, "url": site.config.url(&path), "inLanguage": site.config.language, "publisher": clinic_jsonld(site)});
    let mut context = page_context(site, &title, &description, &path, "website", jsonld);
    // The intro's first paragraph, then the Start button, then the rest, so
    // Start is on the first screen of a phone.
    let intro = value
        .get("intro_html")
        .and_then(Value::as_str)
        .unwrap_or("");
    let (lead, rest) = intro
        .find("</p>")
        .map_or((intro, ""), |end| intro.split_at(end + "</p>".len()));
    context.insert("intro_lead_html", lead);
    context.insert("intro_rest_html", rest.trim_start());
    context.insert("assessment", &value);
    // The logic, and the script's own messages in the page's language (the
    // `enter_*` ones travel on their inputs, see `field_messages`).
    let strings: serde_json::Map<String, Value> = site
        .strings
        .first()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.strip_prefix("a_js_")?.to_string(), json!(v))))
        .filter(|(k, _)| !k.starts_with("enter_"))
        .collect();
    let mut client = assessment.client_json();
    client["strings"] = Value::Object(strings);
    context.insert("assessment_json", &json_for_script(&client));
    // A validated instrument without an official translation is shown as
    // its source writes it, marked with the default language.
    let kept = site
        .assessment_translations
        .iter()
        .find(|t| t.prefix == site.prefix)
        .map(|t| t.not_translated.clone())
        .unwrap_or_default();
    context.insert("source_lang_ids", &kept);
    context.insert(
        "source_lang",
        site.languages.first().map_or("en", |l| l.code.as_str()),
    );
    context
}

/// What a number or date field says to an answer it cannot take, in the
/// page's language: `number_format`, `number_range`, `date_late` and
/// `date_early` on each such question. They go on the input as data
/// attributes, so a page without such questions carries none of them.
fn field_messages(site: &Site, assessment: &Assessment, value: &mut Value) {
    use crate::questionnaire::dates::Bound;
    use crate::questionnaire::model::QuestionType;
    let Some(list) = value.get_mut("questions").and_then(Value::as_array_mut) else {
        return;
    };
    let day = |bound: Bound, late: bool| -> String {
        match (bound, late) {
            (Bound::Today, true) => text(site, "a_js_enter_date_past", &[]),
            (Bound::Today, false) => text(site, "a_js_enter_date_future", &[]),
            (Bound::Fixed(d), late) => {
                let date = crate::date::Date::from_ymd(
                    i64::from(d.year()),
                    d.month() as u32,
                    d.day() as u32,
                )
                .map_or_else(|| d.to_string(), |d| long(site, d));
                let key = if late {
                    "a_js_enter_date_by"
                } else {
                    "a_js_enter_date_from"
                };
                text(site, key, &[("date", &date)])
            }
        }
    };
    for (question, json) in assessment.questions.iter().zip(list) {
        match question.kind {
            QuestionType::Number => {
                let dp = question.decimals.to_string();
                let format = match question.decimals {
                    0 => text(site, "a_js_enter_whole", &[]),
                    1 => text(site, "a_js_enter_decimal", &[("dp", &dp)]),
                    _ => text(site, "a_js_enter_decimals", &[("dp", &dp)]),
                };
                let (min, max) = (
                    question.min.map(|v| v.to_string()),
                    question.max.map(|v| v.to_string()),
                );
                // A number with only one limit names only that one.
                let range = match (&min, &max) {
                    (Some(min), Some(max)) => {
                        text(site, "a_js_enter_between", &[("min", min), ("max", max)])
                    }
                    (Some(min), None) => text(site, "a_js_enter_at_least", &[("min", min)]),
                    (None, Some(max)) => text(site, "a_js_enter_at_most", &[("max", max)]),
                    (None, None) => text(site, "a_js_enter_number", &[]),
                };
                json["number_format"] = json!(format);
                json["number_range"] = json!(range);
            }
            QuestionType::Date => {
                if let Some(bound) = question.not_after {
                    json["date_late"] = json!(day(bound, true));
                }
                if let Some(bound) = question.not_before {
                    json["date_early"] = json!(day(bound, false));
                }
            }
            QuestionType::Choice
            | QuestionType::Multi
            | QuestionType::YesNo
            | QuestionType::Text => {}
        }
    }
}
