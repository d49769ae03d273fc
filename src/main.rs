//! The `dondoc` binary: hands over to the command line module.

fn main() -> std::process::ExitCode {
    dondoc::cli::main()
}
