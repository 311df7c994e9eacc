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
    // Not before `:`: `a :hover` and `a:hover` are different selectors.
    tight(&squeezed, "{};,>", "{};:,>", false)
        .0
        .replace(";}", "}")
}

/// JavaScript without whole-line comments, blank lines, indentation and
/// the spaces next to punctuation. Only the line breaks after `;`, `{` and
/// `,` go, so automatic semicolon insertion sees the same code.
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
    // A template literal could hold a line of text; the built-in script has none.
    if out.contains('`') {
        return out;
    }
    const PUNCTUATION: &str = "(){}[],;:=<>!&|?*%";
    let (tightened, comment) = tight(&out, PUNCTUATION, PUNCTUATION, true);
    // A `//` comment at the end of a line would swallow the line joined to it.
    if comment {
        return out;
    }
    let tightened = joined(&tightened);
    // `<!--` and `-->` would start a comment in a classic script.
    if tightened.contains("<!--") || tightened.contains("-->") {
        return out;
    }
    tightened
}

/// `text` without the spaces next to punctuation (`a = f(b, c);` →
/// `a=f(b,c);`): a space goes when the character after it is in `before`
/// or the one before it is in `after`. Quoted strings are copied as they
/// are, and so, when `regex` is set, is a `/.../` that starts where a
/// value can (after punctuation), as JavaScript reads a regular
/// expression there. `+`, `-` and `/` are never in the sets, so `a - -b`
/// and `a / /x/` keep the space that keeps them apart; line breaks stay.
/// With `regex` (JavaScript), also says whether a `//` comment was seen.
fn tight(text: &str, before: &str, after: &str, regex: bool) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut comment = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let previous = out.chars().next_back();
        match c {
            '/' if regex && chars.peek() == Some(&'/') => {
                comment = true;
                out.push(c);
            }
            '\'' | '"' | '`' => {
                out.push(c);
                copy_quoted(&mut chars, &mut out, c);
            }
            '/' if regex
                && previous.is_none_or(|p| "(,=:[!&|?{};\n".contains(p))
                && chars.peek().is_some_and(|n| !matches!(n, '/' | '*')) =>
            {
                out.push(c);
                copy_quoted(&mut chars, &mut out, '/');
            }
            ' ' => {
                let next = chars.peek().copied();
                let drop = next.is_none_or(|n| n == ' ' || n == '\n' || before.contains(n))
                    || previous.is_none_or(|p| p == '\n' || after.contains(p));
                if !drop {
                    out.push(' ');
                }
            }
            _ => out.push(c),
        }
    }
    (out, comment)
}

/// `text` with each line that ends in `;`, `{` or `,` joined to the next:
/// no statement can end at such a break, so automatic semicolon insertion
/// never puts one there ([`js`] does not join a script with a `//`
/// comment at the end of a line, which would swallow the next one).
fn joined(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(line);
        if !line.ends_with([';', '{', ',']) {
            out.push('\n');
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Copies up to and including the closing `quote`, escapes included.
fn copy_quoted(chars: &mut std::iter::Peekable<std::str::Chars>, out: &mut String, quote: char) {
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\\' {
            if let Some(escaped) = chars.next() {
                out.push(escaped);
            }
        } else if c == quote || c == '\n' {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_indentation_go_code_stays() {
        assert_eq!(
            css("/* a */\na  b {\n  color: red; /* why */\n}\n"),
            "a b{color:red}\n"
        );
        assert_eq!(
            js(
                "/* head\n   more */\n(function () {\n  // why\n  var a = 1;\n\n  return a;\n})();\n"
            ),
            "(function(){var a=1;return a;})();\n"
        );
    }

    #[test]
    fn spaces_that_mean_something_stay() {
        // A descendant's pseudo-class, and the spaces `calc` needs.
        assert_eq!(
            css(".a :focus, .b > .c { width: calc(100% - 2rem); content: \" , \"; }"),
            ".a :focus,.b>.c{width:calc(100% - 2rem);content:\" , \"}\n"
        );
        // A comment at the end of a line: nothing is joined or tightened.
        assert_eq!(
            js("var a = 1; // why\nvar b = 2;\n"),
            "var a = 1; // why\nvar b = 2;\n"
        );
        // Strings, a regular expression, `- -` and `in`.
        assert_eq!(
            js("var s = 'a = b', r = / x /g, n = a - -b, k = 'x' in o ? a / 2 : c;\n"),
            "var s='a = b',r=/ x /g,n=a - -b,k='x' in o?a / 2:c;\n"
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
