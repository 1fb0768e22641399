//! `cargo bench --bench bench`: vern against curl and against its own targets, side by side in
//! one run on one machine (figures, not timed tests). See `suite` for what is measured.
//!
//! Options: `--quick` (smaller sizes, minutes of runs instead of hours), `--out FILE` (JSON).

#[path = "suite/mod.rs"]
mod suite;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/results.json")
        });
    let vern = std::path::PathBuf::from(env!("CARGO_BIN_EXE_vern"));
    let opts = if quick {
        suite::Options::quick(vern)
    } else {
        suite::Options::full(vern)
    };
    match suite::run(&opts) {
        Ok(results) => {
            print!("{}", suite::table(&results));
            if let Some(dir) = out.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            std::fs::write(&out, serde_json::to_string_pretty(&results).unwrap()).unwrap();
            println!("\nfigures written to {}", out.display());
        }
        Err(e) => {
            eprintln!("benchmark failed: {e:#}");
            std::process::exit(1);
        }
    }
}
