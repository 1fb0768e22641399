//! The pipeline of one sheet, shared by a delivery and its plan: `export.csv`'s frames as they
//! arrive → the converter, on a thread of its own (the CPU-heavy part; the download and the
//! destination keep the async thread busy) → a consumer (a destination's writer, or nothing for a
//! plan, which only counts). Memory is bounded by the two channels and the converter's batch.
//! The raw body is hashed on the way (BLAKE3), so a saved plan can tell whether the rows changed.

use super::download::Checks;
use crate::api::Client;
use crate::api::download::{Expect, Output};
use crate::deliver::dest::DestError;
use crate::deliver::format::{ChunkSink, ConvertError, Converter, Options, Summary};
use crate::deliver::ledger::Delta;
use bytes::Bytes;
use tokio::sync::mpsc;

/// Converted bytes are handed to the consumer in pieces of about this size.
const HANDOFF: usize = 256 << 10;

/// Which rows, and how the transfer is shown.
pub struct Source<'a> {
    pub company: &'a str,
    /// (id, name)
    pub sheet: &'a (String, String),
    pub filter: &'a str,
    pub checks: &'a Checks,
    pub label: String,
}

/// What went through.
#[derive(Debug, Clone)]
pub struct Pumped {
    pub summary: Summary,
    /// BLAKE3 of `export.csv` as served (hex).
    pub source: String,
}

/// The first cause of a failed pipeline: a consumer that failed stops the converter, which stops
/// the download; a download that failed starves the converter.
#[derive(Debug)]
pub enum PumpError {
    Dest(DestError),
    Source(crate::api::Error),
    Convert(ConvertError),
}

/// Stream one sheet through the converter into `consume`.
pub async fn pump(
    client: &Client,
    source: Source<'_>,
    opts: Options,
    selector: Option<Delta>,
    mut consume: impl AsyncFnMut(Bytes) -> Result<(), DestError>,
) -> Result<Pumped, PumpError> {
    let (body_tx, mut body_rx) = mpsc::channel::<Bytes>(16);
    let (out_tx, out_rx) = mpsc::channel::<Bytes>(8);
    let convert = tokio::task::spawn_blocking(move || -> Result<Pumped, Converted> {
        let mut conv = Converter::maybe_selecting(&opts, ChunkSink::default(), selector);
        let mut hash = blake3::Hasher::new();
        while let Some(chunk) = body_rx.blocking_recv() {
            hash.update(&chunk);
            conv.push(&chunk).map_err(Converted::Failed)?;
            if conv.sink_mut().len() >= HANDOFF {
                let out = conv.sink_mut().take();
                out_tx
                    .blocking_send(out)
                    .map_err(|_| Converted::OutputClosed)?;
            }
        }
        let (mut sink, summary) = conv.finish().map_err(Converted::Failed)?;
        if !sink.is_empty() {
            out_tx
                .blocking_send(sink.take())
                .map_err(|_| Converted::OutputClosed)?;
        }
        Ok(Pumped {
            summary,
            source: hash.finalize().to_hex().to_string(),
        })
    });
    let expect = Expect {
        headers: source.checks.headers.clone(),
        named_by_server: false,
        label: Some(source.label),
    };
    let download = client.download_csv(
        source.company,
        &source.sheet.0,
        source.filter,
        &expect,
        Output::Chunks(body_tx),
    );
    let write = async {
        // Owned here, so that a failed consumer drops it and the converter stops.
        let mut out_rx = out_rx;
        while let Some(bytes) = out_rx.recv().await {
            consume(bytes).await?;
        }
        Ok::<(), DestError>(())
    };
    let (downloaded, written) = tokio::join!(download, write);
    let converted = convert
        .await
        .unwrap_or(Err(Converted::Failed(ConvertError::Failed)));
    written.map_err(PumpError::Dest)?;
    match downloaded {
        Err(e) if !matches!(e, crate::api::Error::OutputClosed { .. }) => {
            return Err(PumpError::Source(e));
        }
        _ => {}
    }
    match converted {
        Ok(p) => Ok(p),
        Err(Converted::Failed(e)) => Err(PumpError::Convert(e)),
        Err(Converted::OutputClosed) => Err(PumpError::Dest(DestError::Failed(
            "the destination stopped reading".into(),
        ))),
    }
}

/// How the converter's thread ended, when it did not finish.
enum Converted {
    Failed(ConvertError),
    OutputClosed,
}
