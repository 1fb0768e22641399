//! CI behaviour: GitHub Actions log groups, the job summary and outputs; colour switches.

use crate::support::*;

#[test]
fn github_actions_gets_groups_a_summary_and_outputs() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let summary = v.path("summary.md");
    let output = v.path("output.txt");
    let env = [
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ("GITHUB_OUTPUT", output.to_str().unwrap()),
    ];
    let dirty = example("contacts-dirty.csv");
    let r = v.run_env(
        &[
            "migrate",
            dirty.to_str().unwrap(),
            "--approve",
            "accept",
            "--download",
            "out",
        ],
        &env,
    );
    r.expect(6);
    let groups = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("::group::["))
        .count();
    let ends = r.stderr.lines().filter(|l| *l == "::endgroup::").count();
    assert_eq!(groups, 6, "one group per step:\n{}", r.stderr);
    assert_eq!(ends, groups, "every group is closed:\n{}", r.stderr);
    assert!(!r.stdout.contains("::group::"), "groups stay off stdout");
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("### vern migrate `"), "{md}");
    assert!(
        md.contains("| 2,400 | 2,379 | 58 | 58 | 2,369 | 6 | 4 | 2,379 |"),
        "{md}"
    );
    assert!(
        md.contains("| 6 | 422 | phone: must be a valid phone number |"),
        "{md}"
    );
    assert!(md.contains("4 hollow write(s)"), "{md}");
    let out = std::fs::read_to_string(&output).unwrap();
    for key in [
        "operation=",
        "status=completed",
        "company=",
        "import_run=",
        "canary_run=",
        "export_run=",
        "exit_code=6",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(key)),
            "{key} missing from outputs:\n{out}"
        );
    }
    // A failure is reported too.
    let f = v.run_env(&["import", "--company", CONTACTS, "nope.csv"], &env);
    f.expect(1);
    let out = std::fs::read_to_string(&output).unwrap();
    assert!(out.contains("status=error\nexit_code=1"), "{out}");
    assert!(
        std::fs::read_to_string(&summary)
            .unwrap()
            .contains("### vern failed (exit 1)")
    );
    // Needs attention: the next command is on the summary page.
    let (c, _) = v.company("Gha Co");
    let n = v.run_env(&["import", "--company", &c, dirty.to_str().unwrap()], &env);
    n.expect(5);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("Next: `vern approve --company"), "{md}");
    assert!(
        std::fs::read_to_string(&output)
            .unwrap()
            .contains("patch_hash=")
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let always = v.run(&[
        "--color",
        "always",
        "upload",
        "--company",
        CONTACTS,
        "missing.csv",
    ]);
    always.expect(1);
    assert!(always.stderr.contains("\x1b["), "{:?}", always.stderr);
    let never = v.run(&[
        "--color",
        "never",
        "upload",
        "--company",
        CONTACTS,
        "missing.csv",
    ]);
    assert!(!never.stderr.contains("\x1b["), "{:?}", never.stderr);
    let no_color = v.run_env(
        &[
            "--color",
            "auto",
            "upload",
            "--company",
            CONTACTS,
            "missing.csv",
        ],
        &[("NO_COLOR", "1")],
    );
    assert!(!no_color.stderr.contains("\x1b["));
    assert!(
        no_color.stderr.starts_with("error: "),
        "{}",
        no_color.stderr
    );
}

/// The README's GitHub workflow, with the variables GitHub sets: a migration that pauses for a
/// decision writes `exit_code=5`, the import run and the `patch_hash` to `$GITHUB_OUTPUT`, puts
/// the questions and the proposed fix on the summary page; the approval that follows records the
/// GitHub actor (not `unknown@host`) and its `--note`.
#[test]
fn a_paused_migration_on_github_actions_hands_over_the_decision() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, _) = v.company("GitHub Co");
    let summary = v.path("summary.md");
    let output = v.path("output.txt");
    let env = [
        ("CI", "true"),
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_ACTOR", "octocat"),
        ("GITHUB_RUN_ID", "4242"),
        ("GITHUB_WORKSPACE", v.cwd.path().to_str().unwrap()),
        ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ("GITHUB_OUTPUT", output.to_str().unwrap()),
        ("USER", ""),
    ];
    let dirty = example("contacts-dirty.csv");
    let r = v.run_env(
        &[
            "migrate",
            "--company",
            &c,
            dirty.to_str().unwrap(),
            "--approve",
            "never",
            "--export",
            "full",
            "--download",
            "out/",
        ],
        &env,
    );
    r.expect(5);
    let out = std::fs::read_to_string(&output).unwrap();
    let get = |k: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .unwrap_or_else(|| panic!("no {k} in {out}"))
            .to_string()
    };
    assert_eq!(get("exit_code"), "5");
    let run = get("import_run");
    let hash = get("patch_hash");
    assert_eq!(hash.len(), 16);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("**Proposed fix** (patch `"), "{md}");
    assert!(
        md.contains("| fq0 ") && md.contains("Contacts.Status"),
        "{md}"
    );
    let a = v.run_env(
        &[
            "approve",
            "--company",
            &c,
            &run,
            "--accept",
            "--expect-patch",
            &hash,
            "--note",
            "checked with Ana",
        ],
        &env,
    );
    a.expect(0);
    let list = v.run_env(&["runs", "list", "--json"], &env);
    let id = list.json()["operations"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let show = v.run_env(&["runs", "show", &id, "--json"], &env);
    let record = show.json();
    let d = &record["decisions"][0];
    assert_eq!(d["note"], "checked with Ana");
    let by = d["decided_by"].as_str().unwrap();
    assert!(by.starts_with("octocat (GitHub Actions"), "{by}");
}
