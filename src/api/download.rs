//! Streaming `export.csv` to a file or to stdout, in constant memory.
//!
//! A failure before the first byte is retried like any GET. A failure mid-stream restarts the
//! download when the output can be rewound (a file), and is reported otherwise (a pipe), since
//! half a CSV on stdout cannot be taken back.
//!
//! A reply is checked before it is kept ([`Expect`]): its content type and the name it suggests
//! when it arrives, its body as it streams ([`super::csv_check`]). A reply that fails is not
//! retried (the server answered; it would answer the same) and its bytes are never committed:
//! the caller discards the temporary file, and a stream has not been written to yet when the
//! content type or the header is wrong.

use super::client::Client;
use super::csv_check::{self, CsvCheck};
use super::endpoints::Seg;
use super::error::Error;
use super::observe::Transfer;
use super::retry::Safety;
use super::send::{ReadFailure, Request, describe_transport, header};
use reqwest::Method;
use std::time::Instant;
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// Write buffer: the body arrives in small frames; disks and pipes like bigger writes.
const BUFFER: usize = 1 << 20;

/// How much written data may wait in the page cache before its write-back is started. The file
/// is fsynced before it gets its name; starting write-back as the body arrives lets the disk work
/// while the network does, so that fsync waits for the last few MiB instead of the whole file
/// (77 MiB: 25 ms of a 130 ms download on this machine, otherwise).
const WRITE_BEHIND: u64 = 8 << 20;

pub enum Output<'a> {
    /// Rewindable: a mid-stream failure starts over.
    File(&'a std::fs::File),
    Stream(&'a mut (dyn AsyncWrite + Unpin + Send)),
    /// The body's frames as they arrive, to a consumer that transforms them (a delivery's
    /// converter). Like a stream, it cannot be taken back: a break mid-body is reported.
    Chunks(tokio::sync::mpsc::Sender<bytes::Bytes>),
}

/// Where the body goes while it streams. Frames are collected (by reference, not copied) into
/// batches of about 1 MiB and written with one vectored write each: the body arrives in frames of
/// a few dozen KiB, and a syscall, a wake-up or a copy per frame is what would make vern slower
/// than curl.
enum Sink<'a> {
    File {
        file: &'a std::fs::File,
        batch: Vec<bytes::Bytes>,
        len: usize,
        /// Bytes written to the file, and how many of them have had write-back started.
        written: u64,
        started: u64,
    },
    Stream {
        out: &'a mut (dyn AsyncWrite + Unpin + Send),
        buf: Vec<u8>,
    },
    Chunks(tokio::sync::mpsc::Sender<bytes::Bytes>),
}

fn write_all_vectored(mut w: impl std::io::Write, bufs: &[bytes::Bytes]) -> std::io::Result<()> {
    let mut slices: Vec<std::io::IoSlice<'_>> =
        bufs.iter().map(|b| std::io::IoSlice::new(b)).collect();
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match w.write_vectored(rest) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => std::io::IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Ask the kernel to start writing `len` bytes at `offset` to disk, without waiting. Only a hint:
/// where it is not available the final fsync does all the work, as it would anyway.
fn start_write_back(file: &std::fs::File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: a valid open descriptor; the call only reads its arguments.
        unsafe {
            libc::sync_file_range(
                file.as_raw_fd(),
                offset as libc::off64_t,
                len as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, len);
}

impl<'a> Sink<'a> {
    fn new(out: Output<'a>) -> Sink<'a> {
        match out {
            Output::File(file) => Sink::File {
                file,
                batch: Vec::with_capacity(64),
                len: 0,
                written: 0,
                started: 0,
            },
            Output::Stream(out) => Sink::Stream {
                out,
                buf: Vec::with_capacity(BUFFER),
            },
            Output::Chunks(tx) => Sink::Chunks(tx),
        }
    }

    async fn write(&mut self, chunk: bytes::Bytes) -> std::io::Result<()> {
        match self {
            Sink::File {
                file,
                batch,
                len,
                written,
                started,
            } => {
                *len += chunk.len();
                batch.push(chunk);
                if *len >= BUFFER {
                    // A short write to a local file; not worth a thread hop.
                    write_all_vectored(*file, batch)?;
                    *written += *len as u64;
                    batch.clear();
                    *len = 0;
                    if *written - *started >= WRITE_BEHIND {
                        start_write_back(file, *started, *written - *started);
                        *started = *written;
                    }
                }
                Ok(())
            }
            Sink::Stream { out, buf } => {
                buf.extend_from_slice(&chunk);
                if buf.len() >= BUFFER {
                    out.write_all(buf).await?;
                    buf.clear();
                }
                Ok(())
            }
            Sink::Chunks(tx) => tx.send(chunk).await.map_err(|_| closed()),
        }
    }

    /// Start the output over; false when it cannot be (a pipe).
    fn rewind(&mut self) -> std::io::Result<bool> {
        use std::io::Seek;
        match self {
            Sink::File {
                file,
                batch,
                len,
                written,
                started,
            } => {
                batch.clear();
                *len = 0;
                *written = 0;
                *started = 0;
                file.set_len(0)?;
                let mut f = *file;
                f.seek(std::io::SeekFrom::Start(0))?;
                Ok(true)
            }
            Sink::Stream { buf, .. } => {
                buf.clear();
                Ok(false)
            }
            Sink::Chunks(_) => Ok(false),
        }
    }

    async fn finish(&mut self) -> std::io::Result<()> {
        match self {
            Sink::File { file, batch, .. } => {
                write_all_vectored(*file, batch)?;
                batch.clear();
                Ok(())
            }
            Sink::Stream { out, buf } => {
                out.write_all(buf).await?;
                buf.clear();
                out.flush().await
            }
            // Dropping the sender (with the sink) is the end of the body.
            Sink::Chunks(_) => Ok(()),
        }
    }
}

/// The consumer of [`Output::Chunks`] stopped reading (it failed, and says why itself).
fn closed() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::BrokenPipe,
        "the consumer of the body stopped",
    )
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Downloaded {
    pub bytes: u64,
    /// The server's suggested file name (Content-Disposition), as it sent it.
    pub filename: Option<String>,
    /// `X-Total-Records`, when the server sends it.
    #[serde(rename = "rows")]
    pub records: Option<u64>,
}

/// What a reply must be to be kept.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// The headers it may start with: each template's name and column names (the account's
    /// templates). Empty: any header, as long as the records agree with it.
    pub headers: Vec<(String, Vec<String>)>,
    /// The file is to be named after the reply's `Content-Disposition`: a suggested name that is
    /// not a plain file name fails the download before its body is read.
    pub named_by_server: bool,
    /// What the progress line calls the transfer (default: `download sheet 1234abcd`).
    pub label: Option<String>,
}

/// The file name of a `Content-Disposition` value, as the server wrote it (unquoted, nothing
/// taken away: whether it is usable is the caller's question).
fn filename_from(disposition: &str) -> Option<String> {
    let start = disposition.find("filename=")? + "filename=".len();
    let rest = disposition[start..].trim_start();
    let name = if let Some(stripped) = rest.strip_prefix('"') {
        stripped.split('"').next()?
    } else {
        rest.split(';').next()?.trim()
    };
    Some(name.to_string())
}

impl Client {
    pub async fn download_csv(
        &self,
        company: &str,
        sheet: &str,
        filter: &str,
        expect: &Expect,
        out: Output<'_>,
    ) -> Result<Downloaded, Error> {
        let mut sink = Sink::new(out);
        // The company id goes in as one checked path segment (see `Client::api_url`).
        let mut url = self.api_url(&[
            Seg::Word("companies"),
            Seg::Id("company", company),
            Seg::Word("export.csv"),
        ])?;
        url.query_pairs_mut()
            .append_pair("sheet_id", sheet)
            .append_pair("filter", filter);
        let context = format!("download CSV (GET {})", url.path());
        let label = expect
            .label
            .clone()
            .unwrap_or_else(|| format!("download sheet {}", sheet.get(..8).unwrap_or(sheet)));
        let observer = self.observer().clone();
        let req = Request::new(Method::GET, url, "download CSV", Safety::Retry).transfer();
        // Why the previous attempt broke off: said when the retry actually starts over.
        let mut broke_off: Option<String> = None;
        self.send(req, async |mut resp| {
            if let Some(reason) = broke_off.take() {
                observer.transfer(Transfer::Restart {
                    label: label.clone(),
                    reason,
                });
            }
            let started = Instant::now();
            let status = resp.status().as_u16();
            let invalid = |detail: String| {
                ReadFailure::Fail(Error::InvalidResponse {
                    context: context.clone(),
                    status,
                    detail,
                })
            };
            csv_check::content_type(header(&resp, "content-type").as_deref()).map_err(invalid)?;
            let filename = header(&resp, "content-disposition").and_then(|d| filename_from(&d));
            if expect.named_by_server
                && let Some(name) = &filename
                && let Err(reason) = crate::output::plain_name(name)
            {
                return Err(ReadFailure::Fail(Error::UnsafeFileName {
                    context: context.clone(),
                    name: name.escape_debug().to_string(),
                    reason,
                }));
            }
            let records = header(&resp, "x-total-records").and_then(|v| v.parse().ok());
            // Judged before each chunk is written: a stream never sees a byte of a reply whose
            // header is wrong.
            let mut check = CsvCheck::new(&expect.headers);
            observer.transfer(Transfer::Start {
                label: label.clone(),
                total: resp.content_length(),
            });
            let mut bytes = 0u64;
            let mut last_progress = 0u64;
            let mut pace = Pace::new();
            let broke = loop {
                match resp.chunk().await {
                    Ok(Some(chunk)) => {
                        bytes += chunk.len() as u64;
                        if let Some(stalled) = pace.check(bytes) {
                            break Some(stalled);
                        }
                        check.feed(&chunk).await.map_err(invalid)?;
                        sink.write(chunk)
                            .await
                            .map_err(|e| write_failed(&context, e))?;
                        if bytes - last_progress >= BUFFER as u64 {
                            last_progress = bytes;
                            observer.transfer(Transfer::Progress {
                                label: label.clone(),
                                bytes,
                            });
                        }
                    }
                    Ok(None) => break None,
                    Err(e) => break Some(describe_transport(&e)),
                }
            };
            let Some(detail) = broke else {
                check.finish().await.map_err(invalid)?;
                sink.finish().await.map_err(|e| write_failed(&context, e))?;
                observer.transfer(Transfer::Done {
                    label: label.clone(),
                    bytes,
                    elapsed: started.elapsed(),
                });
                return Ok(Downloaded {
                    bytes,
                    filename,
                    records,
                });
            };
            // Broken off mid-stream: a file starts over, half a CSV on a pipe cannot be taken back.
            let error = Error::Transport {
                context: context.clone(),
                detail: format!("{detail} after {bytes} bytes"),
            };
            let rewound = sink.rewind().map_err(|e| {
                ReadFailure::Fail(Error::Config(format!(
                    "{context}: cannot rewind the output: {e}"
                )))
            })?;
            if !rewound {
                return Err(ReadFailure::Fail(error));
            }
            broke_off = Some(detail.clone());
            Err(ReadFailure::Retry {
                reason: detail,
                error,
            })
        })
        .await
    }
}

/// A body that still trickles in after the idle timeout would have fired on a silent one: fewer
/// than `MIN_RATE` bytes a second over a whole `PACE_WINDOW` is a stall (curl's
/// `--speed-limit`/`--speed-time`), retried like a dropped connection.
struct Pace {
    window_start: Instant,
    window_bytes: u64,
}

const PACE_WINDOW: std::time::Duration = std::time::Duration::from_secs(60);
const MIN_RATE: u64 = 1024;

impl Pace {
    fn new() -> Pace {
        Pace {
            window_start: Instant::now(),
            window_bytes: 0,
        }
    }

    fn check(&mut self, bytes: u64) -> Option<String> {
        let elapsed = self.window_start.elapsed();
        if elapsed < PACE_WINDOW {
            return None;
        }
        let moved = bytes - self.window_bytes;
        if moved < MIN_RATE * elapsed.as_secs() {
            return Some(format!(
                "the download stalled: {moved} bytes in {}s (under {MIN_RATE} bytes a second)",
                elapsed.as_secs()
            ));
        }
        self.window_start = Instant::now();
        self.window_bytes = bytes;
        None
    }
}

fn write_failed(context: &str, e: std::io::Error) -> ReadFailure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        // The reader went away (`vern download -o - | head`): its choice, not a failure.
        return ReadFailure::Fail(Error::OutputClosed {
            context: context.to_string(),
        });
    }
    ReadFailure::Fail(Error::Config(format!(
        "{context}: cannot write the output: write failed: {e}"
    )))
}

#[cfg(test)]
mod tests {
    use super::filename_from;

    #[test]
    fn content_disposition_names_are_taken_as_sent() {
        assert_eq!(
            filename_from("attachment; filename=\"nw-contacts.csv\""),
            Some("nw-contacts.csv".into())
        );
        assert_eq!(
            filename_from("attachment; filename=a.csv; size=3"),
            Some("a.csv".into())
        );
        // Judged by the caller (`output::plain_name`), never quietly trimmed into another name.
        assert_eq!(
            filename_from("attachment; filename=\"../../etc/passwd\""),
            Some("../../etc/passwd".into())
        );
        assert_eq!(filename_from("attachment; filename=\"\""), Some("".into()));
        assert_eq!(filename_from("inline"), None);
    }
}
