//! The only place that writes to the terminal.
//!
//! stdout carries the result and nothing else: a human summary, or exactly one JSON document with
//! `--json` (errors included). stderr carries progress, notes, warnings, logs and errors. What is
//! shown depends on `-q`/`-v`, `--color`/`NO_COLOR` and whether stderr is a terminal; off a
//! terminal nothing is redrawn with `\r`.
//!
//! Every human line and the human result pass through [`escape::escape`] on the way out, so text
//! a server wrote cannot act on the terminal; JSON goes through [`escape::json`].

pub(crate) mod escape;
pub(crate) mod github;
pub(crate) mod progress;
pub(crate) mod render;
pub(crate) mod review;
pub(crate) mod terminal;

use crate::exit::{ExitCode, code_for_error, hint_for_error};
use crate::model::Report;
use crate::model::shapes::ErrorDoc;
use crate::settings::{ColorChoice, Early, GithubActions, Settings};
use console::Style;
use render::Job;
use std::fmt::Display;
use std::io::Write;
use std::sync::Arc;

struct Inner {
    group_open: std::sync::Mutex<bool>,
    /// Every live bar and spinner draws through this, so plain lines never tear them.
    multi: indicatif::MultiProgress,
    json: bool,
    quiet: u8,
    verbose: u8,
    live: bool,
    interactive: bool,
    color: bool,
    github: Option<GithubActions>,
    /// The terminal's mode from before the prompt that is running, if one is.
    prompting: std::sync::Mutex<Option<terminal::Mode>>,
}

/// Cheap to clone; shared with background tasks (the sandbox's request log, progress).
#[derive(Clone)]
pub struct Ui {
    inner: Arc<Inner>,
}

impl Ui {
    pub fn new(settings: &Settings) -> Ui {
        console::set_colors_enabled_stderr(settings.color);
        console::set_colors_enabled(settings.color && settings.args.color == ColorChoice::Always);
        let live = settings.live_progress();
        let target = if live {
            indicatif::ProgressDrawTarget::stderr()
        } else {
            indicatif::ProgressDrawTarget::hidden()
        };
        Ui {
            inner: Arc::new(Inner {
                group_open: std::sync::Mutex::new(false),
                multi: indicatif::MultiProgress::with_draw_target(target),
                json: settings.args.json,
                quiet: settings.quiet,
                verbose: settings.verbose,
                live,
                interactive: settings.interactive,
                color: settings.color,
                github: settings.github.clone(),
                prompting: std::sync::Mutex::new(None),
            }),
        }
    }

    /// A Ui for when the settings could not be resolved: no colour, not interactive; `json` as
    /// the command line asked, so a script still gets one document.
    pub fn plain(json: bool) -> Ui {
        Ui {
            inner: Arc::new(Inner {
                group_open: std::sync::Mutex::new(false),
                multi: indicatif::MultiProgress::with_draw_target(
                    indicatif::ProgressDrawTarget::hidden(),
                ),
                json,
                quiet: 0,
                verbose: 0,
                live: false,
                interactive: false,
                color: false,
                github: None,
                prompting: std::sync::Mutex::new(None),
            }),
        }
    }

    pub fn json(&self) -> bool {
        self.inner.json
    }

    pub fn quiet(&self) -> u8 {
        self.inner.quiet
    }

    pub fn verbose(&self) -> u8 {
        self.inner.verbose
    }

    /// Progress may redraw in place (a terminal on stderr, not quiet, not CI).
    pub fn live_progress(&self) -> bool {
        self.inner.live
    }

    /// Prompts are allowed (a terminal on both ends, no `--no-input`, not CI).
    pub fn interactive(&self) -> bool {
        self.inner.interactive
    }

    pub fn color(&self) -> bool {
        self.inner.color
    }

    /// Show a command's result once and return the exit code it means: on stdout (JSON with
    /// `--json`, else its human form, with `exit_code` added to the JSON so scripts can read the
    /// outcome from stdout alone), or on stderr when stdout carries the data itself; plus its
    /// part of a GitHub Actions job.
    pub fn emit<R: Report + Display + Job>(&self, report: &R) -> ExitCode {
        self.end_group();
        let code = report.exit_code();
        if let Some(mut job) = report.job() {
            job.outputs
                .push(("exit_code".into(), code.code().to_string()));
            self.publish(&job);
        }
        if report.stdout_taken() {
            self.note(report);
        } else {
            self.result(&Doc {
                schema: crate::model::JSON_SCHEMA,
                kind: report.kind(),
                report,
                exit_code: Some(code.code()),
            });
        }
        code
    }

    fn publish(&self, job: &github::JobReport) {
        if let Some(gh) = &self.inner.github {
            github::publish(gh, job);
        }
    }

    /// Print a result on stdout that is not the command's last word (a server's banner): JSON
    /// with `--json` (without an exit code, which is not known yet), else its human form.
    pub fn banner<R: Report + Display>(&self, report: &R) {
        self.result(&Doc {
            schema: crate::model::JSON_SCHEMA,
            kind: report.kind(),
            report,
            exit_code: None,
        });
    }

    fn result<R: serde::Serialize + Display>(&self, report: &R) {
        let text = if self.inner.json {
            match serde_json::to_string_pretty(report) {
                Ok(s) => escape::json(s) + "\n",
                Err(e) => escape::json(
                    serde_json::json!({"error": {"message": format!("cannot serialize result: {e}")}})
                        .to_string(),
                ) + "\n",
            }
        } else {
            let s = escape::escape(&report.to_string()).into_owned();
            if s.is_empty() || s.ends_with('\n') {
                s
            } else {
                s + "\n"
            }
        };
        write_stdout(text.as_bytes());
    }

    /// Write a line on stderr as it is: callers escape what did not come from vern.
    fn stderr_line(&self, line: &str) {
        self.write_stderr(&format!("{line}\n"));
    }

    /// Write to stderr with live progress out of the way. A prompt has it out of the way already,
    /// and holds it until answered: a line written meanwhile is the process stopping under the
    /// prompt (Ctrl-C, SIGTERM, `--timeout`), and waiting for an answer would hang the exit.
    fn write_stderr(&self, text: &str) {
        let write = || {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
        };
        if terminal::prompting(&self.inner.prompting) {
            write();
        } else {
            self.inner.multi.suspend(write);
        }
    }

    /// The draw target of live progress (bars and spinners are added here).
    pub(crate) fn multi(&self) -> &indicatif::MultiProgress {
        &self.inner.multi
    }

    /// Bytes that are the result itself (a completion script), on stdout.
    pub fn raw(&self, bytes: &[u8]) {
        write_stdout(bytes);
    }

    /// Raw output for `download -o -`: the CSV itself goes to stdout.
    pub fn stdout_stream(&self) -> tokio::io::Stdout {
        tokio::io::stdout()
    }

    /// A line of ordinary progress or information on stderr (hidden by `-q`).
    pub fn note(&self, msg: impl Display) {
        if self.inner.quiet == 0 {
            self.stderr_line(&escape::escape(&msg.to_string()));
        }
    }

    /// A warning on stderr (hidden by `-qq`).
    pub fn warn(&self, msg: impl Display) {
        if self.inner.quiet < 2 {
            let label = Style::new()
                .yellow()
                .bold()
                .for_stderr()
                .apply_to("warning:");
            let msg = msg.to_string();
            self.stderr_line(&format!("{label} {}", escape::escape(&msg)));
        }
    }

    /// A log line shown from `-v` (level 1) or `-vv` (level 2).
    pub fn log(&self, level: u8, msg: impl Display) {
        if self.inner.verbose >= level {
            self.stderr_line(&escape::escape(&msg.to_string()));
        }
    }

    /// Open a collapsible log group on GitHub Actions (closing the previous one).
    pub fn group(&self, title: impl Display) {
        if self.inner.github.is_some() && self.inner.quiet < 2 {
            self.end_group();
            let title = title.to_string();
            self.stderr_line(&format!("::group::{}", escape::escape(&title)));
            if let Ok(mut open) = self.inner.group_open.lock() {
                *open = true;
            }
        }
    }

    /// Close the open log group, if any.
    pub fn end_group(&self) {
        if let Ok(mut open) = self.inner.group_open.lock()
            && *open
        {
            *open = false;
            drop(open);
            self.stderr_line("::endgroup::");
        }
    }

    /// Ask a yes/no question on the terminal (callers check `interactive()` first).
    pub fn confirm(&self, question: &str, default: bool) -> anyhow::Result<bool> {
        self.prompt(|| {
            dialoguer::Confirm::new()
                .with_prompt(question)
                .default(default)
                .interact()
        })
    }

    /// Run one dialoguer prompt with live progress out of the way, and the terminal given back
    /// however it ends. Ctrl-C is an error with exit code 130.
    pub fn prompt<T>(&self, f: impl FnOnce() -> dialoguer::Result<T>) -> anyhow::Result<T> {
        let _held = terminal::Held::new(&self.inner.prompting);
        self.inner.multi.suspend(f).map_err(terminal::prompt_error)
    }

    /// The process is stopping (Ctrl-C, SIGTERM, `--timeout`) while a prompt may be running on
    /// another thread: put the terminal's mode and cursor back as they were before it.
    pub fn restore_terminal(&self) {
        terminal::restore(&self.inner.prompting);
    }

    /// Ask for a secret with hidden input (callers check `interactive()` first).
    pub fn secret(&self, prompt: &str) -> anyhow::Result<String> {
        self.prompt(|| dialoguer::Password::new().with_prompt(prompt).interact())
    }

    /// A line that must be shown whatever `-q` says (the sandbox's request log is its output).
    pub fn always(&self, msg: impl Display) {
        self.stderr_line(&escape::escape(&msg.to_string()));
    }

    /// Report a failure: `error:` + causes + `hint:` on stderr, and with `--json` also
    /// `{"error": {...}, "exit_code": N}` on stdout so scripts always get one document.
    pub fn error(&self, err: &anyhow::Error) -> ExitCode {
        self.end_group();
        if crate::exit::output_closed(err) {
            return ExitCode::Success;
        }
        let code = code_for_error(err);
        let hint = hint_for_error(err);
        let mut chain = err.chain().map(|c| c.to_string()).collect::<Vec<_>>();
        // `context` layers often repeat the cause verbatim; show each message once.
        chain.dedup();
        let message = chain.first().cloned().unwrap_or_default();
        let causes: Vec<String> = chain.into_iter().skip(1).collect();
        let candidates = crate::exit::candidates_for_error(err);
        if self.inner.json {
            let error = ErrorDoc {
                message: message.clone(),
                causes: causes.clone(),
                hint: hint.clone(),
                kind: crate::exit::kind_for_error(err),
                candidates: candidates.to_vec(),
            };
            write_error_doc(error, code);
        }
        // Messages and causes often quote the server; the labels are vern's own colours.
        let red = Style::new().red().bold().for_stderr();
        let mut text = format!("{} {}\n", red.apply_to("error:"), escape::escape(&message));
        for c in candidates {
            text.push_str(&format!(
                "  {}  {}\n",
                escape::escape(&c.id),
                escape::escape(&c.about)
            ));
        }
        for c in &causes {
            text.push_str(&format!("  caused by: {}\n", escape::escape(c)));
        }
        if let Some(h) = &hint {
            let cyan = Style::new().cyan().bold().for_stderr();
            text.push_str(&format!(
                "{} {}\n",
                cyan.apply_to("hint:"),
                escape::escape(h)
            ));
        }
        self.write_stderr(&text);
        self.publish(&github::JobReport {
            summary: format!(
                "### vern failed (exit {})\n\n{}\n{}",
                code.code(),
                github::cell(&message),
                hint.as_ref()
                    .map(|h| format!("\nHint: {h}\n"))
                    .unwrap_or_default()
            ),
            outputs: vec![
                ("status".into(), "error".into()),
                ("exit_code".into(), code.code().to_string()),
            ],
        });
        code
    }
}

/// A `--json` document: the contract's version and the document's kind first, then the report,
/// then `exit_code`, so scripts can read the outcome from stdout alone.
#[derive(serde::Serialize)]
struct Doc<'a, R: serde::Serialize> {
    schema: u32,
    kind: &'static str,
    #[serde(flatten)]
    report: &'a R,
    #[serde(skip_serializing_if = "Option::is_none")]
    exit_code: Option<i32>,
}

impl<R: serde::Serialize + Display> Display for Doc<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.report.fmt(f)
    }
}

/// The `--json` document of a failure, in the contract's order: `schema`, `kind`, `error`,
/// `exit_code`.
fn write_error_doc(error: ErrorDoc, code: ExitCode) {
    #[derive(serde::Serialize)]
    struct Envelope {
        schema: u32,
        kind: &'static str,
        error: ErrorDoc,
        exit_code: i32,
    }
    let doc = Envelope {
        schema: crate::model::JSON_SCHEMA,
        kind: "error",
        error,
        exit_code: code.code(),
    };
    let text = escape::json(serde_json::to_string_pretty(&doc).unwrap_or_default());
    write_stdout(format!("{text}\n").as_bytes());
}

fn write_stdout(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`vern … | head`) is the reader's choice, not our failure.
    let _ = out.write_all(bytes).and_then(|_| out.flush());
}

/// Report a command-line parsing failure (exit 2), or print `--help`/`--version` (exit 0).
/// With `--json` anywhere on the line, scripts still get one JSON document on stdout.
pub fn usage_error(e: clap::Error, early: &Early) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return std::process::ExitCode::SUCCESS;
    }
    if early.json {
        let text = e.render().to_string();
        let message = text
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
            .to_string();
        let error = ErrorDoc {
            message,
            causes: Vec::new(),
            hint: Some("see --help".into()),
            kind: "usage",
            candidates: Vec::new(),
        };
        write_error_doc(error, ExitCode::Usage);
    }
    let _ = e.print();
    std::process::ExitCode::from(ExitCode::Usage.code() as u8)
}
