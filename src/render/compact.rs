//! Smaller built-in CSS and JavaScript: comments and indentation out, so
//! the self-assessment page stays under the 60 KB budget while the sources
//! in static/ keep the comments that say why.
//!
//! Only files byte-for-byte equal to pamphlet's own built-in ones are
//! compacted: their shape is known (no string or template literal spans a
//! line break, no comment marker inside a string), so dropping comment lines
//! and leading whitespace cannot change what they do. A site's own files are
//! published exactly as written.

/// The compacted form of `name` if it is one of the built-in stylesheets or
/// scripts, unchanged; `None` otherwise.
pub fn built_in(name: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let is_default = crate::theme::STATIC
        .iter()
        .any(|(path, default)| path.strip_prefix("static/") == Some(name) && *default == bytes);
    if !is_default {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    if name.ends_with(".css") {
        Some(css(text).into_bytes())
    } else if name.ends_with(".js") {
        Some(js(text).into_bytes())
    } else {
        None
    }
}

/// The compacted form of a site's own static file at `path`, when it is a
/// copy of the built-in file of the same `name` (the repository's default
/// site has its own static/ folder, which is the built-in theme). Only a
/// file as long as the built-in one is read, so a large file never is.
pub fn site_copy(name: &str, path: &std::path::Path) -> Option<Vec<u8>> {
    let (_, default) = crate::theme::STATIC
        .iter()
        .find(|(p, _)| p.strip_prefix("static/") == Some(name))?;
    let len = std::fs::metadata(path).ok()?.len();
    if usize::try_from(len).ok()? != default.len() {
        return None;
    }
    built_in(name, &std::fs::read(path).ok()?)
}

/// CSS without `/* */` comments, with runs of whitespace as one space and
/// no line breaks.
fn css(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    let mut squeezed = String::with_capacity(out.len());
    for word in out.split_whitespace() {
        if !squeezed.is_empty() {
            squeezed.push(' ');
        }
        squeezed.push_str(word);
    }
    squeezed.push('\n');
    squeezed
}

/// JavaScript without whole-line comments, blank lines and indentation.
/// Line breaks stay, so automatic semicolon insertion sees the same code.
fn js(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let line = line.trim();
        if in_block {
            in_block = !line.contains("*/");
            if !in_block && !line.ends_with("*/") {
                return text.to_string();
            }
            continue;
        }
        if line.starts_with("/*") {
            in_block = !line.contains("*/");
            if !in_block && !line.ends_with("*/") {
                return text.to_string();
            }
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_indentation_go_code_stays() {
        assert_eq!(
            css("/* a */\na  b {\n  color: red; /* why */\n}\n"),
            "a b { color: red; }\n"
        );
        assert_eq!(
            js(
                "/* head\n   more */\n(function () {\n  // why\n  var a = 1;\n\n  return a;\n})();\n"
            ),
            "(function () {\nvar a = 1;\nreturn a;\n})();\n"
        );
    }

    #[test]
    fn only_the_built_in_files_are_touched() {
        assert_eq!(built_in("css/site.css", b"/* mine */ a {}"), None);
        let (path, bytes) = crate::theme::STATIC
            .iter()
            .find(|(p, _)| *p == "static/js/assessment.js")
            .expect("the built-in script");
        let small = built_in(&path["static/".len()..], bytes).expect("compacted");
        assert!(small.len() < bytes.len());
        // The repository's own static/ folder holds the same file.
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/js/assessment.js");
        assert_eq!(site_copy("js/assessment.js", &repo), Some(small));
        assert_eq!(site_copy("js/other.js", &repo), None);
    }
}
