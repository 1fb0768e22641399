//! Bad input gets a clear error, the right exit code, and nothing is sent.

use crate::support::*;

#[test]
fn bad_paths_and_types_are_refused_before_any_request() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Input Co");
    let before = sb.stats().requests;
    std::fs::write(v.path("empty.csv"), "").unwrap();
    std::fs::write(v.path("data.weird"), "x").unwrap();
    std::fs::create_dir(v.path("dir")).unwrap();
    std::fs::write(v.path("ok.csv"), "Email,First Name\na@b.co,A\n").unwrap();
    let locked = v.path("locked.csv");
    std::fs::write(&locked, "x").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = std::fs::File::open(&locked).is_ok();
    let mut cases = vec![
        (
            vec!["upload", "--company", &c, "missing.csv"],
            1,
            "missing.csv: no such file",
        ),
        (
            vec!["upload", "--company", &c, "ok.csv", "empty.csv"],
            1,
            "empty.csv is empty (0 bytes)",
        ),
        (
            vec!["upload", "--company", &c, "dir"],
            1,
            "dir is a directory",
        ),
        (
            vec!["import", "--company", &c, "data.weird"],
            1,
            "unknown file type ('.weird')",
        ),
        (
            vec!["import", "--company", &c, "--rows", "missing.json"],
            1,
            "no such file",
        ),
        (
            vec!["import", "--company", &c, "--rows", "ok.csv"],
            1,
            "malformed JSON at line 1",
        ),
        (
            vec!["import", "--company", "nw-4471", "ok.csv"],
            2,
            "is not a UUID",
        ),
        (vec!["poll", "--company", &c, "123"], 2, "is not a UUID"),
        (vec!["poll", "--company", &c], 2, "required"),
        (vec!["import", "--company", &c], 2, "required"),
        (
            vec!["import", "--company", &c, "ok.csv", "--rows", "x.json"],
            2,
            "cannot be used with",
        ),
        (
            vec!["export", "--company", &c, "--row-filter", "{oops"],
            2,
            "--row-filter is not valid JSON",
        ),
        (
            vec![
                "export",
                "--company",
                &c,
                "--report",
                "r.txt",
                "--report-format",
                "yaml",
            ],
            2,
            "invalid value 'yaml'",
        ),
        (
            vec!["export", "--company", &c, "--mode", "half"],
            2,
            "invalid value 'half'",
        ),
        (
            vec!["--timeout", "soon", "poll", "--company", &c, "--active"],
            2,
            "examples: 30s, 10m, 2h",
        ),
        (
            vec!["--rate-limit", "0", "sources", "list"],
            2,
            "0 is not in 1..",
        ),
    ];
    if !root {
        cases.push((
            vec!["upload", "--company", &c, "locked.csv"],
            1,
            "locked.csv",
        ));
    }
    for (args, code, message) in cases {
        let r = v.run(&args);
        assert_eq!(r.code, code, "{args:?}\n{}", r.stderr);
        assert!(
            r.stderr.contains(message),
            "{args:?}: expected {message:?} in\n{}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        if code == 1 {
            assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
        }
    }
    assert_eq!(sb.stats().requests, before, "nothing was sent");
    let r = v.run(&["import", "--company", &c, "--rows", "-"]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("hint: --rows takes a JSON array of objects"),
        "{}",
        r.stderr
    );
    let r = v.run_stdin(&["import", "--company", &c, "--rows", "-"], "[1, 2]");
    r.expect(1);
    assert!(
        r.stderr.contains("element 0 is a number, not an object"),
        "{}",
        r.stderr
    );
    assert_eq!(sb.stats().requests, before);
}

#[test]
fn unsupported_types_are_refused_by_the_server_with_its_reason() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("Pdf Co");
    std::fs::write(v.path("scan.pdf"), "%PDF-1.7").unwrap();
    let r = v.run(&["import", "--company", &c, "scan.pdf"]);
    r.expect(1);
    assert!(
        r.stderr
            .contains("application/pdf; the sandbox imports CSV"),
        "{}",
        r.stderr
    );
    assert_eq!(sb.stats().companies[&c].import_runs, 0);
}
