//! `cargo bench --bench bench`: vern against curl and against its own targets, side by side in
//! one run on one machine (figures, not timed tests). See `suite` for what is measured.
//!
//! Options: `--quick` (smaller sizes, minutes of runs instead of hours), `--out FILE` (JSON),
//! `--only convert` (just the delivery converter, `suite::convert`; JSON to `convert.json`
//! unless `--out` says otherwise), `--only deliver` (just `vern deliver` to S3 against the
//! public-tool pipeline, `suite::deliver`; needs `moto_server` on PATH; JSON to `deliver.json`),
//! `--only sftp` (just SFTP delivery, `suite::sftp`; `sftp.json`),
//! `--only webhook` (webhook delivery to a local receiver, `suite::webhook`; JSON to `webhook.json`).

#[path = "suite/mod.rs"]
mod suite;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let only = value("--only");
    let out = value("--out")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            let name = match only.as_deref() {
                Some("convert") => "convert.json",
                Some("deliver") => "deliver.json",
                Some("sftp") => "sftp.json",
                Some("webhook") => "webhook.json",
                _ => "results.json",
            };
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/bench")
                .join(name)
        });
    let vern = std::path::PathBuf::from(env!("CARGO_BIN_EXE_vern"));
    let opts = if quick {
        suite::Options::quick(vern)
    } else {
        suite::Options::full(vern)
    };
    let report = match only.as_deref() {
        None => suite::run(&opts).map(|results| {
            (
                suite::table(&results),
                serde_json::to_string_pretty(&results).unwrap(),
            )
        }),
        Some("convert") => suite::run_convert(&opts).map(|(convert, targets)| {
            let mut table = convert.table();
            table.push('\n');
            for (t, ok) in &targets {
                table.push_str(&format!("{} {t}\n", if *ok { "PASS" } else { "MISS" }));
            }
            let json = serde_json::json!({"convert": convert, "targets": targets});
            (table, serde_json::to_string_pretty(&json).unwrap())
        }),
        Some("deliver") => suite::run_deliver(&opts).map(|(deliver, targets)| {
            let mut table = deliver.table();
            table.push('\n');
            for (t, ok) in &targets {
                table.push_str(&format!("{} {t}\n", if *ok { "PASS" } else { "MISS" }));
            }
            let json = serde_json::json!({
                "machine": suite::machine(),
                "deliver": deliver,
                "targets": targets,
            });
            (table, serde_json::to_string_pretty(&json).unwrap())
        }),
        Some("sftp") => suite::run_sftp(&opts).map(|(sftp, targets)| {
            let mut table = sftp.table();
            table.push('\n');
            for (t, ok) in &targets {
                table.push_str(&format!("{} {t}\n", if *ok { "PASS" } else { "MISS" }));
            }
            let json = serde_json::json!({
                "machine": suite::machine(),
                "sftp": sftp,
                "targets": targets,
            });
            (table, serde_json::to_string_pretty(&json).unwrap())
        }),
        Some("webhook") => suite::webhook::run(&opts)
            .map(|w| (w.table(), serde_json::to_string_pretty(&w).unwrap())),
        Some(other) => {
            eprintln!(
                "unknown --only {other:?}: the parts that run alone are `convert`, `deliver`, \
                 `sftp` and `webhook`"
            );
            std::process::exit(2);
        }
    };
    match report {
        Ok((table, json)) => {
            print!("{table}");
            if let Some(dir) = out.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            std::fs::write(&out, json).unwrap();
            println!("\nfigures written to {}", out.display());
        }
        Err(e) => {
            eprintln!("benchmark failed: {e:#}");
            std::process::exit(1);
        }
    }
}
