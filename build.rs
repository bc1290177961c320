//! Links the `lede` binary as a position-dependent executable on Linux. A PIE binary of this size
//! has some 54,000 relocations for the dynamic loader to apply at every start, about a tenth of
//! a `lede search` on a small archive; a non-PIE one has a hundred.

fn main() {
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    if linux && gnu {
        println!("cargo:rustc-link-arg-bin=lede=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
