//! How the `vern jobs` reports read: a job as a short block, the list as a table, runs one per
//! line, what `run-due` did per job, a wrapper as the file itself.

use super::{Job, bytes, count};
use crate::jobs::object::JobObject;
use crate::jobs::run::{RunStatus, RunView};
use crate::model::job::{
    Applied, JobDeleted, JobDue, JobFile, JobList, JobRuns, JobView, RunDue, ServeBanner, Wrapper,
};
use std::fmt;

impl Job for JobView {}
impl Job for JobList {}
impl Job for JobDeleted {}
impl Job for JobRuns {}
impl Job for RunDue {}
impl Job for JobFile {}
impl Job for Applied {}
impl Job for Wrapper {}
impl Job for ServeBanner {}

fn destination(j: &JobObject) -> String {
    let d = &j.definition;
    let gz = if d.compress { ".gz" } else { "" };
    format!("{} ({}{gz})", d.destination_config.url, d.format.name())
}

impl fmt::Display for JobView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let j = &self.job;
        let d = &j.definition;
        let state = if d.active { "active" } else { "paused" };
        writeln!(f, "job {} ({}) {}: {state}", d.name, j.id, self.action)?;
        if let Some(desc) = d.description.as_deref().filter(|s| !s.is_empty()) {
            writeln!(f, "  {desc}")?;
        }
        writeln!(f, "  company   {}", d.company_id)?;
        writeln!(f, "  to        {}", destination(j))?;
        let sheets = if d.sheets.is_empty() {
            "every sheet vern knows".to_string()
        } else {
            d.sheets.join(", ")
        };
        writeln!(
            f,
            "  sheets    {sheets} ({} rows, {}{})",
            d.filter,
            d.mode,
            if d.keys.is_empty() {
                String::new()
            } else {
                format!(" by {}", d.keys.join(", "))
            }
        )?;
        writeln!(f, "  names     {}", d.filename_template)?;
        writeln!(
            f,
            "  schedule  {} ({}); catch-up {}, deadline {}",
            d.schedule,
            d.timezone,
            d.catch_up.as_str(),
            d.deadline
        )?;
        if let Some(n) = d.max_rows {
            writeln!(f, "  max rows  {}", count(n))?;
        }
        match (&j.last_run_at, &j.last_run_status) {
            (Some(at), Some(status)) => writeln!(f, "  last run  {at} {status}")?,
            _ => writeln!(f, "  last run  never")?,
        }
        if self.next_fire_times.is_empty() {
            write!(f, "  next      none (paused)")?;
        } else {
            write!(f, "  next      {}", self.next_fire_times.join(", "))?;
        }
        if let Some(runs) = &self.runs {
            write!(f, "\nruns:")?;
            if runs.is_empty() {
                write!(f, " none yet")?;
            }
            for r in runs {
                write!(f, "\n  {}", run_line(r))?;
            }
        }
        Ok(())
    }
}

/// One run: when, why, the outcome, what went where.
pub fn run_line(r: &RunView) -> String {
    let when = r
        .started_at
        .as_deref()
        .or(r.scheduled_for.as_deref())
        .unwrap_or("-");
    let fire = match (&r.scheduled_for, &r.started_at) {
        (Some(t), Some(_)) => format!(" for {t}"),
        _ => String::new(),
    };
    let what = match r.status {
        RunStatus::Missed => r.error.clone().unwrap_or_default(),
        RunStatus::Failed => format!(
            "{} rows, {}; {}",
            count(r.record_count),
            bytes(r.file_size),
            r.error.as_deref().unwrap_or("failed")
        ),
        _ => format!(
            "{} rows, {} to {}",
            count(r.record_count),
            bytes(r.file_size),
            r.destination_path.as_deref().unwrap_or("-")
        ),
    };
    format!(
        "{when}  {:<7}  {:<8}  {}{fire}  {what}",
        r.status.as_str(),
        r.trigger.as_str(),
        r.id
    )
}

impl fmt::Display for JobList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.jobs.is_empty() {
            return write!(
                f,
                "no jobs (create one: vern jobs create NAME --company ID --to DEST --schedule CRON)"
            );
        }
        let rows: Vec<[String; 6]> = self
            .jobs
            .iter()
            .map(|j| {
                let d = &j.definition;
                [
                    d.name.clone(),
                    destination(j),
                    format!("{} {}", d.schedule, d.timezone),
                    if d.active { "active" } else { "paused" }.to_string(),
                    j.last_run_status.clone().unwrap_or_else(|| "-".into()),
                    j.next_run_at.clone().unwrap_or_else(|| "-".into()),
                ]
            })
            .collect();
        let head = [
            "NAME",
            "DESTINATION",
            "SCHEDULE",
            "STATE",
            "LAST RUN",
            "NEXT RUN",
        ];
        let widths: Vec<usize> = (0..6)
            .map(|i| {
                rows.iter()
                    .map(|r| r[i].chars().count())
                    .chain([head[i].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: [&str; 6]| -> String {
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        };
        write!(f, "{}", line(head))?;
        for r in &rows {
            write!(f, "\n{}", line(r.each_ref().map(String::as_str)))?;
        }
        Ok(())
    }
}

impl fmt::Display for JobDeleted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "deleted job {} ({}) and its run history ({} journaled run(s))",
            self.name, self.id, self.runs_deleted
        )
    }
}

impl fmt::Display for JobRuns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "job {}: {} of {} run(s), most recent first",
            self.name,
            self.runs.len(),
            self.total
        )?;
        for r in &self.runs {
            write!(f, "\n  {}", run_line(r))?;
        }
        Ok(())
    }
}

/// What one evaluation did with a job, in one line (and one per run).
pub fn due_lines(j: &JobDue) -> Vec<String> {
    let mut out = Vec::new();
    let missed = if j.missed.is_empty() && !j.more_missed {
        String::new()
    } else {
        format!(
            ", {}{} fire time(s) recorded as missed",
            j.missed.len(),
            if j.more_missed { "+" } else { "" }
        )
    };
    let head = match j.outcome {
        "ran" => format!("job {}: {} run(s){missed}", j.name, j.runs.len()),
        "nothing_due" => format!("job {}: nothing due{missed}", j.name),
        "skipped" => format!(
            "job {}: skipped, {}",
            j.name,
            j.note.as_deref().unwrap_or("running elsewhere")
        ),
        "paused" => format!("job {}: paused", j.name),
        _ => format!(
            "job {}: {}",
            j.name,
            j.note.as_deref().unwrap_or("could not be evaluated")
        ),
    };
    out.push(head);
    for r in &j.runs {
        out.push(format!("  {}", run_line(r)));
    }
    out
}

impl fmt::Display for RunDue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ran: usize = self.jobs.iter().map(|j| j.runs.len()).sum();
        write!(
            f,
            "run-due at {}: {} job(s), {ran} run(s)",
            self.now,
            self.jobs.len()
        )?;
        for j in &self.jobs {
            for l in due_lines(j) {
                write!(f, "\n{l}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for JobFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The file itself: `vern jobs export > jobs.json`.
        #[derive(serde::Serialize)]
        struct FileDoc<'a> {
            schema: u32,
            kind: &'static str,
            jobs: &'a [crate::jobs::record::Definition],
        }
        let doc = FileDoc {
            schema: crate::model::JSON_SCHEMA,
            kind: "job_file",
            jobs: &self.jobs,
        };
        write!(
            f,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        )
    }
}

impl fmt::Display for Applied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        write!(
            f,
            "applied {} job(s): created {}; updated {}; unchanged {}",
            self.jobs.len(),
            list(&self.created),
            list(&self.updated),
            list(&self.unchanged)
        )
    }
}

impl fmt::Display for Wrapper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let written: Vec<&str> = self
            .files
            .iter()
            .filter_map(|w| w.path.as_deref())
            .collect();
        if !written.is_empty() {
            return write!(f, "wrote {}", written.join(", "));
        }
        // The wrapper itself; several files are separated by a comment naming each.
        let many = self.files.len() > 1;
        for (i, w) in self.files.iter().enumerate() {
            if many {
                if i > 0 {
                    writeln!(f)?;
                }
                writeln!(f, "### file: {}", w.name)?;
            }
            write!(f, "{}", w.content)?;
        }
        Ok(())
    }
}

impl fmt::Display for ServeBanner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "vern jobs serve: {} job(s), next fire time {}{}",
            self.jobs,
            self.next_run_at.as_deref().unwrap_or("none"),
            if self.clock == "simulated" {
                " (simulated clock)"
            } else {
                ""
            }
        )?;
        if let Some(url) = &self.listen {
            write!(f, "\nHTTP API on {url}/export-jobs")?;
            match &self.token {
                Some(t) => write!(f, "\ntoken: {t}  (send it as Authorization: Bearer …)")?,
                None => write!(f, "\ntoken: from VERN_JOBS_TOKEN")?,
            }
        }
        Ok(())
    }
}
