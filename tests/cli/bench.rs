//! The benchmark harness runs end to end (tiny sizes; no time is asserted: the figures are the
//! benchmark's business, `cargo bench --bench bench`).

#[path = "../../benches/suite/mod.rs"]
mod suite;

#[test]
fn the_benchmark_harness_runs_and_reports_every_figure() {
    let curl = std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_ok();
    if !curl {
        assert!(
            std::env::var_os("VERN_TEST_REQUIRE_TOOLS").is_none(),
            "curl is required"
        );
        return;
    }
    let mut opts = suite::Options::tiny(std::path::PathBuf::from(env!("CARGO_BIN_EXE_vern")));
    // The delivery part writes to moto (fails without it when CI requires tools, else is left out).
    opts.deliver = crate::servers::tool("moto_server");
    let r = suite::run(&opts).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(
        (r.upload.vern_seconds.len(), r.upload.curl_seconds.len()),
        (1, 1)
    );
    assert!(r.upload.vern_mib_s > 0.0 && r.upload.curl_mib_s > 0.0);
    assert!(r.download.bytes > 100_000, "{}", r.download.bytes);
    assert!(r.rss.small_kib > 0 && r.rss.large_kib > 0);
    if std::path::Path::new("/usr/bin/time").exists()
        || std::env::var_os("VERN_TEST_REQUIRE_TOOLS").is_some()
    {
        // The harness's own size must not be what is reported (wait4 from it would be).
        assert_eq!(r.rss.method, "GNU time");
    }
    assert!(r.startup_ms_median > 0.0);
    assert_eq!(r.polls.len(), 1);
    assert!(r.polls[0].polls >= 2, "{:?}", r.polls);
    assert_eq!(r.import_rows, 2_000);
    assert_eq!(r.fleet.exit_code, 0);
    assert_eq!(r.fleet.rate_limited, 0);
    assert!(r.fleet.api_requests >= 3 * 4, "{:?}", r.fleet);
    let table = suite::table(&r);
    for needle in [
        "upload",
        "download",
        "peak RSS",
        "--version",
        "requests to poll a 1-minute run",
        "sandbox import",
        "fleet of 3",
    ] {
        assert!(table.contains(needle), "{needle}:\n{table}");
    }
    if opts.deliver {
        let d = r.deliver.as_ref().expect("the deliver part ran");
        // Read back once by the harness itself: one line a row.
        assert_eq!(
            (d.rows, d.vern_lines, d.vern_record_count),
            (2_000, 2_000, 2_000)
        );
        assert_eq!(d.jsonl[0].name, suite::deliver::VERN_JSONL);
        assert_eq!(d.jsonl[0].seconds.len(), 1);
        assert!(
            d.jsonl[0].object_bytes > 0 && d.csv[0].object_bytes > 0,
            "{d:?}"
        );
        assert!(d.rss_small_kib > 0 && d.rss_large_kib > 0);
        let full = ["mlr", "rclone"].iter().all(|t| crate::servers::tool(t));
        if full {
            assert_eq!(d.jsonl.len(), 3, "{d:?}");
            assert_eq!(d.csv.len(), 2, "{d:?}");
            assert_eq!(d.pipeline_lines, Some(2_000));
        }
        assert!(table.contains("deliver 2000 rows"), "{table}");
    }
    if let Some(sftp) = &r.sftp {
        assert_eq!(sftp.vern_seconds.len(), 1);
        assert!(sftp.bytes > 100_000 && sftp.rss_large_kib > 0, "{sftp:?}");
        assert!(table.contains("sftp peak RSS"), "{table}");
    } else {
        assert!(
            std::env::var_os("VERN_TEST_REQUIRE_TOOLS").is_none(),
            "OpenSSH is required for the sftp part"
        );
    }
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["targets"].as_array().unwrap().len() >= 7);
}

#[test]
fn the_webhook_benchmark_runs_and_every_row_arrives() {
    let opts = suite::Options::tiny(std::path::PathBuf::from(env!("CARGO_BIN_EXE_vern")));
    let w = suite::webhook::run(&opts).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(w.rows, 200);
    assert_eq!(w.runs.len(), 3);
    assert_eq!(w.runs[0].requests, 2, "200 rows in batches of 100");
    assert!(w.runs.iter().all(|r| r.rows_per_s > 0.0));
    assert!(w.table().contains("rows/s"));
}
