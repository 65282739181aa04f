fn main() -> std::process::ExitCode {
    pprof_lsp::cli::main()
}
