//! Generates the pprof message types from `proto/profile.proto`, and those
//! of Pyroscope's query API from `proto/pyroscope.proto`, at build
//! time with protox, a protobuf compiler written in Rust, so that neither a
//! system `protoc` nor checked-in generated code (which can go stale) is
//! needed.

fn main() {
    let proto_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../proto");
    let files = ["profile.proto", "pyroscope.proto"].map(|f| format!("{proto_dir}/{f}"));
    for file in &files {
        println!("cargo:rerun-if-changed={file}");
    }
    let descriptors = protox::compile(&files, [proto_dir]).expect("the protos must compile");
    prost_build::Config::new()
        .compile_fds(descriptors)
        .expect("prost code generation");
}
