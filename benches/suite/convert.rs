//! The delivery converter (`src/deliver/format.rs`) in-process on one thread: a generated
//! `export.csv` of `convert_rows` rows × 8 columns (about 100 bytes a row, some quoting,
//! embedded newlines, non-ASCII) into every format, with and without gzip, into a counting sink
//! (what `--plan` does; the run adds only the writes). Side by side, the public-tool pipeline
//! doing the same job (`mlr --icsv --ojsonl cat | gzip`) when Miller is installed: two processes,
//! so it may use both cores where vern's converter uses one.
//!
//! Memory: the heap in use (glibc's `mallinfo2`, mmapped blocks included) is sampled after every
//! chunk and at the end of a jsonl + gzip conversion; the peak over the heap in use before is
//! what the conversion held, for a 10,000-row file and the large one. (The process's peak RSS
//! would say little here: it carries the earlier cases' freed memory.)

use super::{median, run_timed};
use anyhow::{Context as _, Result, bail};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[path = "../../src/deliver/format.rs"]
mod format;

pub(crate) use format::GZIP_LEVEL;
use format::{Converter, Format, Options, keep_rows};

#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub name: String,
    pub seconds: Vec<f64>,
    /// Input (CSV) megabytes (10^6) per second, median.
    pub mb_s: f64,
    pub rows_per_s: f64,
    pub out_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Convert {
    pub rows: usize,
    pub input_bytes: u64,
    pub cases: Vec<Case>,
    /// The public-tool pipelines, when `mlr` is installed.
    pub tools: Vec<Case>,
    pub mlr: Option<String>,
    /// Peak heap held by a jsonl + gzip conversion (KiB): a 10,000-row file, the large one
    /// (glibc only).
    pub heap_small_kib: Option<u64>,
    pub heap_large_kib: Option<u64>,
}

const FIRST: [&str; 8] = [
    "Ana",
    "Pat",
    "José",
    "Mei",
    "Oluwaseun",
    "Chris",
    "Zoë",
    "Sam",
];
const LAST: [&str; 8] = [
    "Silva", "O'Neil", "Müller", "Nguyen", "Smith", "Okafor", "García", "Kowalski",
];
const CITY: [&str; 6] = ["São Paulo", "Zürich", "Lagos", "Austin", "Kraków", "Osaka"];
const STATUS: [&str; 3] = ["Open", "Closed", "Pending"];

/// An export.csv as the API writes it (the `csv` crate, LF, quoting only where needed).
pub fn export_csv(path: &Path, rows: usize) -> Result<u64> {
    let f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(f);
    w.write_record([
        "Email",
        "First Name",
        "Last Name",
        "Company",
        "Phone",
        "City",
        "Status",
        "Notes",
    ])?;
    let mut rng = fastrand::Rng::with_seed(11);
    for i in 0..rows {
        let first = FIRST[rng.usize(..FIRST.len())];
        let last = LAST[rng.usize(..LAST.len())];
        let company = if i % 5 == 0 {
            format!("Acme {}, Inc.", i % 89)
        } else {
            format!("Northwind {}", i % 211)
        };
        let notes = match i % 50 {
            0 => format!("Called on {}: \"call me back\"\nthen emailed", i % 28 + 1),
            n if n % 10 == 1 => format!("He said \"{last} & co\" are <fine>"),
            n if n % 3 == 0 => String::new(),
            _ => format!("Renewal due in Q{}; prefers email", i % 4 + 1),
        };
        w.write_record([
            format!(
                "{}.{}{i}@bench{}.example",
                first.to_lowercase(),
                last.len(),
                i % 997
            )
            .as_str(),
            first,
            last,
            &company,
            &format!("+1 555 01{:02}", i % 100),
            CITY[i % CITY.len()],
            STATUS[i % 3],
            &notes,
        ])?;
    }
    w.flush()?;
    drop(w);
    Ok(std::fs::metadata(path)?.len())
}

/// One conversion of `file`, read in 64 KiB chunks as a download would arrive: seconds and the
/// converter's summary. `after_chunk` runs after each chunk and at the end (outside no timing
/// that matters: only the memory run passes one that does anything).
fn convert_once(
    file: &Path,
    opts: &Options,
    select: bool,
    mut after_chunk: impl FnMut(),
) -> Result<(f64, format::Summary)> {
    let mut f = std::fs::File::open(file)?;
    let mut buf = vec![0u8; 64 << 10];
    let start = Instant::now();
    let mut conv = if select {
        // Delta mode that keeps every row: the selector's cost and re-quoted csv.
        Converter::selecting(opts, std::io::sink(), keep_rows(|_| Ok(true)))
    } else {
        Converter::new(opts, std::io::sink())
    };
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        conv.push(&buf[..n])?;
        after_chunk();
    }
    let (_, summary) = conv.finish()?;
    after_chunk();
    Ok((start.elapsed().as_secs_f64(), summary))
}

fn case(name: String, seconds: Vec<f64>, input: u64, rows: usize, out: u64) -> Case {
    let t = median(&seconds);
    Case {
        name,
        mb_s: input as f64 / 1e6 / t,
        rows_per_s: rows as f64 / t,
        out_bytes: out,
        seconds,
    }
}

/// Bytes malloc has handed out and not had back.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn heap_in_use() -> Option<u64> {
    // SAFETY: mallinfo2 takes no arguments and only reads the allocator's statistics.
    let m = unsafe { libc::mallinfo2() };
    Some((m.uordblks + m.hblkhd) as u64)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn heap_in_use() -> Option<u64> {
    None
}

/// The most heap (KiB) one conversion of `file` held beyond what was in use before it.
fn heap_peak(file: &Path, opts: &Options) -> Result<Option<u64>> {
    let Some(before) = heap_in_use() else {
        return Ok(None);
    };
    let mut peak = before;
    convert_once(file, opts, false, || {
        peak = peak.max(heap_in_use().unwrap_or(0));
    })?;
    Ok(Some(peak.saturating_sub(before) >> 10))
}

/// `sh -c PIPELINE` with the file on stdin: wall seconds.
fn shell(pipeline: &str, file: &Path) -> Result<f64> {
    let (t, status, _) = run_timed(
        Command::new("sh")
            .arg("-c")
            .arg(format!("< \"$1\" {pipeline}"))
            .arg("sh")
            .arg(file),
    )?;
    if !status.success() {
        bail!("`{pipeline}` failed: {status}");
    }
    Ok(t.as_secs_f64())
}

fn output_bytes(pipeline: &str, file: &Path) -> Result<u64> {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("< \"$1\" {pipeline} | wc -c"))
        .arg("sh")
        .arg(file)
        .output()?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .context("wc -c")
}

pub fn bench_convert(rows: usize, repeats: usize, dir: &Path) -> Result<Convert> {
    let file = dir.join("export.csv");
    let input = export_csv(&file, rows)?;
    let small = dir.join("export-small.csv");
    export_csv(&small, 10_000.min(rows))?;
    let mut plan: Vec<(String, Options, bool)> = Vec::new();
    for f in Format::ALL {
        plan.push((
            f.name().to_string(),
            Options::new(f, false, "Contacts"),
            false,
        ));
    }
    plan.push((
        "csv re-quoted (delta, every row kept)".into(),
        Options::new(Format::Csv, false, "Contacts"),
        true,
    ));
    for f in Format::ALL {
        for level in [1, 6] {
            let mut o = Options::new(f, true, "Contacts");
            o.gzip_level = level;
            let chosen = if level == format::GZIP_LEVEL {
                " (chosen)"
            } else {
                ""
            };
            plan.push((format!("{} + gzip -{level}{chosen}", f.name()), o, false));
        }
    }
    // Warm the page cache and the code once.
    convert_once(&file, &plan[0].1, false, || {})?;
    let mut cases = Vec::new();
    for (name, opts, select) in &plan {
        let mut secs = Vec::new();
        let mut out = 0;
        for _ in 0..repeats {
            let (t, s) = convert_once(&file, opts, *select, || {})?;
            if s.rows as usize != rows {
                bail!("{name}: {} rows converted of {rows}", s.rows);
            }
            out = s.bytes;
            secs.push(t);
        }
        cases.push(case(name.clone(), secs, input, rows, out));
    }
    let mut tools = Vec::new();
    let mlr = Command::new("mlr")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if mlr.is_some() {
        for pipeline in [
            "mlr --icsv --ojsonl cat",
            "mlr --icsv --ojsonl cat | gzip -1",
            "mlr --icsv --ojsonl cat | gzip -6",
        ] {
            let mut secs = Vec::new();
            for _ in 0..repeats {
                secs.push(shell(&format!("{pipeline} > /dev/null"), &file)?);
            }
            let out = output_bytes(pipeline, &file)?;
            tools.push(case(pipeline.to_string(), secs, input, rows, out));
        }
    }
    let jsonl_gz = Options::new(Format::Jsonl, true, "Contacts");
    let heap_small_kib = heap_peak(&small, &jsonl_gz)?;
    let heap_large_kib = heap_peak(&file, &jsonl_gz)?;
    let _ = std::fs::remove_file(&file);
    Ok(Convert {
        rows,
        input_bytes: input,
        cases,
        tools,
        mlr,
        heap_small_kib,
        heap_large_kib,
    })
}

impl Convert {
    /// The median MB/s of the case named `name`.
    pub fn mb_s(&self, name: &str) -> Option<f64> {
        self.cases
            .iter()
            .chain(&self.tools)
            .find(|c| c.name == name)
            .map(|c| c.mb_s)
    }

    pub fn table(&self) -> String {
        let mut s = format!(
            "convert export.csv of {} rows, {:.1} MB (one thread, into a counting sink):\n",
            self.rows,
            self.input_bytes as f64 / 1e6
        );
        let mut row = |c: &Case| {
            let _ = writeln!(
                s,
                "  {:<42} {:>7.1} MB/s {:>10.0} rows/s {:>9.1} MB out",
                c.name,
                c.mb_s,
                c.rows_per_s,
                c.out_bytes as f64 / 1e6
            );
        };
        for c in &self.cases {
            row(c);
        }
        for c in &self.tools {
            row(c);
        }
        if self.mlr.is_none() {
            s.push_str("  (mlr not installed: no public-tool comparison)\n");
        }
        if let (Some(a), Some(b)) = (self.heap_small_kib, self.heap_large_kib) {
            let _ = writeln!(
                s,
                "  heap held by jsonl + gzip: {a} KiB (10,000 rows) / {b} KiB ({} rows)",
                self.rows
            );
        }
        s
    }
}
