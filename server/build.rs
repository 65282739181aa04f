//! Generates the pprof message types from `proto/profile.proto` at build
//! time with protox, a protobuf compiler written in Rust, so that neither a
//! system `protoc` nor checked-in generated code (which can go stale) is
//! needed.

fn main() {
    let proto_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../proto");
    let proto_file = format!("{proto_dir}/profile.proto");
    println!("cargo:rerun-if-changed={proto_file}");
    let descriptors =
        protox::compile([&proto_file], [proto_dir]).expect("proto/profile.proto must compile");
    prost_build::Config::new()
        .compile_fds(descriptors)
        .expect("prost code generation");
}
