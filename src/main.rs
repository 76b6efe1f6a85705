//! The `kaoping` binary: all work is in the library.

fn main() -> std::process::ExitCode {
    kaoping::cli::main()
}
