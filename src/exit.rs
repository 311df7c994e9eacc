//! pamphlet's exit codes, one set for every command.
//!
//! They live below both [`crate::cli`] and [`crate::serve`] (each returns
//! one), so neither has to import the other.

/// The command did what it was asked.
pub const OK: i32 = 0;
/// The content has errors (each printed with its file and line).
pub const CONTENT: i32 = 1;
/// The command line was wrong, or a file could not be read or written.
pub const USAGE: i32 = 2;
