//! Completions, man pages and help: generated from the clap definitions, committed, and checked
//! here — stale files fail (`VERN_UPDATE_ASSETS=1 cargo test --test cli assets` rewrites them),
//! the scripts load in their shells, the pages pass `mandoc -T lint`, and every command has a
//! summary, a description and an example.

use crate::servers::tool;
use crate::support::*;
use clap::CommandFactory;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn updating() -> bool {
    std::env::var_os("VERN_UPDATE_ASSETS").is_some()
}

#[track_caller]
fn check_file(path: &Path, expected: &[u8], stale: &mut Vec<String>) {
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
        return;
    }
    match std::fs::read(path) {
        Ok(actual) if actual == expected => {}
        _ => stale.push(path.display().to_string()),
    }
}

fn report_stale(stale: Vec<String>) {
    assert!(
        stale.is_empty(),
        "stale generated files (run VERN_UPDATE_ASSETS=1 cargo test --test cli assets):\n{}",
        stale.join("\n")
    );
}

#[test]
fn assets_completions_and_man_pages_are_current() {
    let mut stale = Vec::new();
    for (shell, file) in vern::assets::COMPLETIONS {
        check_file(
            &root().join("completions").join(file),
            &vern::assets::completions(shell),
            &mut stale,
        );
    }
    let pages = vern::assets::man_pages().unwrap();
    assert!(pages.iter().any(|(n, _)| n == "vern.1"));
    assert!(pages.iter().any(|(n, _)| n == "vern-import.1"));
    assert!(pages.iter().any(|(n, _)| n == "vern-auth-login.1"));
    for (name, bytes) in &pages {
        check_file(&root().join("man").join(name), bytes, &mut stale);
    }
    if !updating() {
        let committed: Vec<String> = std::fs::read_dir(root().join("man"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for c in committed {
            if !pages.iter().any(|(n, _)| *n == c) {
                stale.push(format!("man/{c} (no longer generated)"));
            }
        }
    }
    report_stale(stale);
    let printed = Run::from(bare().args(["completions", "bash"]).output().unwrap());
    printed.expect(0);
    assert_eq!(
        printed.stdout.as_bytes(),
        vern::assets::completions(clap_complete::Shell::Bash)
    );
}

#[test]
fn assets_completions_load_in_their_shells() {
    let dir = root().join("completions");
    if tool("bash") {
        let out = Command::new("bash")
            .args([
                "-c",
                &format!("source {}/vern.bash && complete -p vern", dir.display()),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("vern"));
    }
    if tool("zsh") {
        let script = format!(
            "autoload -U compinit && compinit -u && source {}/_vern && print -r -- ${{_comps[vern]}}",
            dir.display()
        );
        let out = Command::new("zsh")
            .args(["-f", "-c", &script])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("_vern"),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    if tool("fish") {
        let script = format!(
            "source {}/vern.fish; and complete -C 'vern imp'",
            dir.display()
        );
        let out = Command::new("fish")
            .args(["--no-config", "-c", &script])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("import"),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn assets_man_pages_pass_mandoc_lint() {
    if !tool("mandoc") {
        return;
    }
    let pages: Vec<PathBuf> = std::fs::read_dir(root().join("man"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(pages.len() > 15);
    let out = Command::new("mandoc")
        .args(["-T", "lint", "-W", "warning"])
        .args(&pages)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && text.trim().is_empty(),
        "mandoc -T lint:\n{text}"
    );
}

/// Every command path, e.g. ["auth", "login"].
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        for sub in cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            let mut p = prefix.clone();
            p.push(sub.get_name().to_string());
            walk(sub, p, out);
        }
    }
    let mut out = Vec::new();
    walk(&vern::cli::Cli::command(), Vec::new(), &mut out);
    out
}

#[test]
fn every_command_has_a_summary_a_description_and_an_example() {
    let root_cmd = vern::cli::Cli::command();
    let mut missing = Vec::new();
    for path in command_paths().into_iter().filter(|p| !p.is_empty()) {
        let mut cmd = &root_cmd;
        for name in &path {
            cmd = cmd.find_subcommand(name).unwrap();
        }
        let name = path.join(" ");
        if cmd.get_about().is_none() {
            missing.push(format!("{name}: no summary"));
        }
        if cmd.get_long_about().is_none() {
            missing.push(format!("{name}: no long description"));
        }
        let after = cmd
            .get_after_help()
            .map(|a| a.to_string())
            .unwrap_or_default();
        if !after.contains("Example") {
            missing.push(format!("{name}: no example"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    let help = Run::from(bare().arg("--help").output().unwrap());
    help.expect(0);
    for needle in [
        "Exit codes:",
        "124",
        "130",
        "Environment:",
        "VERN_API_KEY",
        "VERN_STATE_DIR",
        "NO_COLOR",
    ] {
        assert!(
            help.stdout.contains(needle),
            "top-level help lacks {needle}"
        );
    }
}

#[test]
fn help_output_matches_its_snapshots() {
    let mut stale = Vec::new();
    for path in command_paths() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = Run::from(bare().args(&args).env("COLUMNS", "100").output().unwrap());
        out.expect(0);
        let name = if path.is_empty() {
            "vern".to_string()
        } else {
            format!("vern-{}", path.join("-"))
        };
        check_file(
            &root()
                .join("tests/cli/snapshots/help")
                .join(format!("{name}.txt")),
            out.stdout.as_bytes(),
            &mut stale,
        );
    }
    report_stale(stale);
}

/// `vern --help` opens with examples; every command's own options come before the global ones,
/// under a heading of their own; no example wraps in the middle of a command.
#[test]
fn help_has_examples_and_global_options_apart() {
    let top = bare().arg("--help").output().unwrap();
    let top = String::from_utf8_lossy(&top.stdout);
    assert!(top.contains("Examples:\n  vern --sandbox migrate"), "{top}");
    for cmd in [&["import"][..], &["migrate"], &["runs", "list"]] {
        let out = bare().args(cmd).arg("--help").output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        let global = help
            .find("Global options:")
            .expect("a heading for global options");
        let api_url = help.find("--api-url").unwrap();
        assert!(
            api_url > global,
            "{cmd:?}: --api-url is under Global options"
        );
        let examples = &help[help.find("Examples:").unwrap()..];
        let mut lines = examples.lines().skip(1).peekable();
        while let Some(line) = lines.next() {
            if line.trim().is_empty() {
                break;
            }
            // A line that continues on the next must end with a backslash.
            if let Some(next) = lines.peek()
                && next.starts_with("      ")
            {
                assert!(line.ends_with('\\'), "{cmd:?}: wraps mid-command: {line}");
            }
        }
    }
}
