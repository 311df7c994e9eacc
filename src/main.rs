//! The `pamphlet` binary: everything happens in the library.

fn main() {
    std::process::exit(pamphlet::cli::run(std::env::args_os()));
}
