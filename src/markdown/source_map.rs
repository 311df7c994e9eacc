//! Where the text a pass parses stands in the file as written: the page's
//! placeholders (`{clinic}`) are filled in before the pass, and each
//! [`Edit`] says where one value went, so every position the pass reports
//! can be moved back to the place staff wrote.

/// One placeholder filled in before the pass: `len` bytes at `at` in the
/// text that is parsed stand for `source_len` bytes at `source` in the
/// body as written. Offsets are from the start of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    /// Where the value starts in the parsed text.
    pub at: usize,
    /// The value's length.
    pub len: usize,
    /// Where the placeholder starts in the body as written.
    pub source: usize,
    /// The placeholder's length (`{clinic}`: 8).
    pub source_len: usize,
}

/// Byte `offset` of the parsed text, in the body as written. An offset
/// inside a filled value stands at its placeholder's start, or at its end
/// when `end` (the end of a range).
pub(super) fn to_source(edits: &[Edit], offset: usize, end: bool) -> usize {
    let Some(edit) = edits.iter().rev().find(|e| e.at <= offset) else {
        return offset;
    };
    let inside = offset < edit.at + edit.len;
    match (inside, end && offset > edit.at) {
        (true, true) => edit.source + edit.source_len,
        (true, false) => edit.source,
        (false, _) => edit.source + edit.source_len + (offset - edit.at - edit.len),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_move_back_past_filled_values() {
        // "At {clinic}, call." with `{clinic}` (8 bytes at 3) filled as
        // "Cedar Hollow" (12 bytes).
        let edits = [Edit {
            at: 3,
            len: 12,
            source: 3,
            source_len: 8,
        }];
        assert_eq!(to_source(&edits, 1, false), 1);
        assert_eq!(to_source(&edits, 3, false), 3);
        assert_eq!(to_source(&edits, 9, false), 3);
        assert_eq!(to_source(&edits, 9, true), 11);
        assert_eq!(to_source(&edits, 15, false), 11);
        assert_eq!(to_source(&edits, 17, false), 13);
    }
}
