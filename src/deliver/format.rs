//! The streaming format converter of `vern deliver`: the bytes of `export.csv` in, the bytes of
//! the delivered file out — `csv`, `json`, `jsonl` or `xml` (delivery.md §1.2), optionally
//! gzip-compressed — with what the manifest and the plan need about them: rows written, bytes
//! out, SHA-256 of the bytes out, and the XML characters dropped.
//!
//! Design:
//! - **Streaming, push-based.** The caller [`Converter::push`]es the body's chunks as they arrive
//!   (a network frame, a file read) and the converted bytes go to a [`std::io::Write`] sink as
//!   they are made; [`Converter::finish`] ends the file. Memory is a record buffer (the largest
//!   record seen, capped by [`MAX_RECORD_BYTES`]), one output batch of [`BATCH`] bytes and the
//!   compressor's window, whatever the sheet's size. Push-based rather than a `Read` adapter
//!   because the body is an async stream and the destination an async writer: the caller awaits
//!   both and calls this synchronous, CPU-only code in between ([`ChunkSink`] hands the output
//!   out as `Bytes` to send). A `--plan` runs the same converter into [`std::io::sink`]: the
//!   plan's `bytes` are the run's because they are computed by the same code.
//! - **csv-core parses.** It is the incremental, allocation-free core of the `csv` crate: it
//!   keeps its state between chunks, so a quoted field, a doubled quote or a CRLF split across
//!   two network frames parses exactly as in one piece, and it copies each record's unquoted
//!   fields into one reused buffer with the fields' end offsets. Every record is checked against
//!   the header's field count: a record that differs means a corrupt stream, and is an error that
//!   names the row rather than output with misaligned columns.
//! - **Writers without per-row allocation.** JSON keys and XML start tags are rendered once from
//!   the header; per row the fields are escaped straight into the output batch by table-driven
//!   escapers (no `serde_json::Value`, no `String` per field). `csv` without row selection is the
//!   served bytes copied through (still parsed, to count rows and check the shape); with row
//!   selection the rows are re-quoted by csv-core's writer, which is what wrote them (the `csv`
//!   crate) in the first place.
//! - **Deterministic bytes.** The same input and options give the same output, whatever the
//!   chunking of the input: the compressor always sees the output as writes of exactly [`BATCH`]
//!   bytes and a final remainder, the gzip header carries no time or name, and the level is
//!   [`GZIP_LEVEL`] unless a benchmark says otherwise. This is what lets a plan promise the byte
//!   count and a resumed run re-check a hash written ahead.
//! - **Row selection** for delta mode: a [`RowSelector`] sees each row ([`Row`]: its 0-based
//!   index among the sheet's rows and its fields, with a canonical BLAKE3 hash, [`row_hash`]) and
//!   says keep or skip; skipped rows are not written.
//!
//! Choices where the contract is silent:
//! - A UTF-8 byte-order mark at the start is not part of the first column's name: it is removed
//!   from it (keys, tags, the selector's columns). `csv` passed through keeps it, being the bytes
//!   as served; re-quoted `csv` writes it back, and uses the served file's line ending (CRLF when
//!   the header row ended with CRLF, otherwise LF), so a delta file looks like a snapshot file.
//! - `json`, `jsonl` and `xml` need text: a field that is not UTF-8 is an error naming the row and
//!   column (never replaced silently). `csv` copies bytes and does not look.
//! - Blank lines between records are skipped (csv-core's reading; the API writes none, and a
//!   one-column row with an empty cell is written `""`).
//! - An input without a header row (empty, or only a BOM) is an error.
//! - `json` is `[`, then one object per line separated by `,`, then `]` and a newline; zero rows
//!   give `[]`. `jsonl` ends every object with LF (zero rows: an empty file). `xml` puts each
//!   `<row>` on a line of its own.
//! - XML escapes `&`, `<`, `>`, `"` and also CR (`&#13;`), which a parser would otherwise turn
//!   into LF; in attribute values (column and sheet names) also tab and LF, which a parser would
//!   turn into spaces. Forbidden characters are counted once per occurrence in the document (a
//!   column name's count once per row written).

use bytes::{Bytes, BytesMut};
use csv_core::{ReadRecordResult, Terminator};
use sha2::{Digest, Sha256};
use std::io::Write;

/// Output is handed to the compressor and the sink in writes of exactly this size (plus the last
/// remainder), whatever the input's chunking: big enough that per-write costs vanish, small
/// enough to stay in cache.
pub(crate) const BATCH: usize = 64 << 10;

/// The gzip level of `--gzip`. A file's bytes, and so the manifest's hash and the plan's byte
/// count, depend on it (and on the miniz_oxide version): it is fixed, not a user setting, and a
/// plan must compress to know the size. Level 1 because a plan pays for compression as much as a
/// run does: on jsonl of 1,000,000 rows (`cargo bench --bench bench -- --only convert`),
/// miniz_oxide's level 1 takes about 190 MB/s of CSV where level 6 takes about 50 (and `mlr |
/// gzip -6` about 25), for a file about 1.7 times level 6's (5 % of the CSV instead of 3 %).
pub(crate) const GZIP_LEVEL: u32 = 1;

/// The longest record accepted. A record is held whole while it is converted; a single record
/// larger than this means a corrupt stream (an unclosed quote swallows the rest of the file),
/// and stopping keeps memory bounded.
pub(crate) const MAX_RECORD_BYTES: usize = 16 << 20;

/// The most fields a record may have.
pub(crate) const MAX_FIELDS: usize = 1 << 16;

/// Bytes held back at the start until a byte-order mark can be recognised (see `start`).
const HEAD: usize = 6;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The domain-separation context of [`row_hash`]: changing the hash's definition means changing
/// this string, so that old ledgers are not compared with new hashes by mistake.
const ROW_HASH_CONTEXT: &str = "vern deliver 2025 row hash v1";

/// An output format of `vern deliver --format`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The CSV as served (header = the template's column names)
    Csv,
    /// One JSON array of objects keyed by column name
    Json,
    /// One JSON object per line
    Jsonl,
    /// <rows sheet=…><row><field name=…>…</field></row></rows>
    Xml,
}

impl Format {
    pub(crate) const ALL: [Format; 4] = [Format::Csv, Format::Json, Format::Jsonl, Format::Xml];

    /// The `--format` name, which is also `{ext}` (without `.gz`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Xml => "xml",
        }
    }

    /// `Content-Type` for object stores (delivery.md §5); with `--gzip` the same type plus
    /// `Content-Encoding: gzip`.
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Json => "application/json",
            Format::Jsonl => "application/x-ndjson",
            Format::Xml => "application/xml",
        }
    }
}

/// What to make of one sheet's `export.csv`.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) format: Format,
    pub(crate) gzip: bool,
    /// [`GZIP_LEVEL`]; only the benchmark sets another. The plan and the run must agree on it.
    pub(crate) gzip_level: u32,
    /// The sheet's name, for `xml`'s `<rows sheet="…">`.
    pub(crate) sheet: String,
}

impl Options {
    pub(crate) fn new(format: Format, gzip: bool, sheet: impl Into<String>) -> Options {
        Options {
            format,
            gzip,
            gzip_level: GZIP_LEVEL,
            sheet: sheet.into(),
        }
    }
}

/// Why a conversion stopped. Row numbers are 1-based data rows (the header is row 0).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConvertError {
    #[error("export.csv has no header row")]
    NoHeader,
    #[error("row {row} of export.csv has {found} fields, but its header has {expected}")]
    FieldCount {
        row: u64,
        found: usize,
        expected: usize,
    },
    #[error("row {row} of export.csv has more than {MAX_FIELDS} fields")]
    TooManyFields { row: u64 },
    #[error("row {row} of export.csv is larger than {} MiB", MAX_RECORD_BYTES >> 20)]
    RecordTooLarge { row: u64 },
    #[error("the header row of export.csv is not UTF-8 text")]
    HeaderNotUtf8,
    #[error("row {row}, column {column:?} of export.csv is not UTF-8 text")]
    NotUtf8 { row: u64, column: String },
    /// The row selector refused the row (its message says why).
    #[error("row {row}: {error}")]
    Select { row: u64, error: SelectError },
    /// The sink failed (the destination's writer, a full disk).
    #[error("cannot write the converted file: {0}")]
    Write(std::io::Error),
    #[error("the conversion already failed")]
    Failed,
}

// Not `#[from]`: that would make the error its own source too, and a report that prints the
// chain would say it twice.
impl From<std::io::Error> for ConvertError {
    fn from(e: std::io::Error) -> ConvertError {
        ConvertError::Write(e)
    }
}

/// What a [`RowSelector`] may fail with (a duplicate key, a ledger that cannot be read).
pub(crate) type SelectError = Box<dyn std::error::Error + Send + Sync>;

/// Decides which rows are written (delta mode). Rows it skips are counted in
/// [`Summary::rows_read`] but not written. [`keep_rows`] makes one of a closure.
pub(crate) trait RowSelector: Send {
    /// The header's column names (BOM removed), once, before the first row.
    fn begin(&mut self, columns: &[String]) -> Result<(), SelectError> {
        let _ = columns;
        Ok(())
    }

    /// `true` to write the row.
    fn keep(&mut self, row: &Row<'_>) -> Result<bool, SelectError>;
}

/// A [`RowSelector`] that does not need the header: `keep_rows(|row| Ok(...))`. (A function
/// rather than an impl for closures so that the closure's argument and error types are inferred.)
pub(crate) fn keep_rows<F>(f: F) -> KeepRows<F>
where
    F: FnMut(&Row<'_>) -> Result<bool, SelectError> + Send,
{
    KeepRows(f)
}

pub(crate) struct KeepRows<F>(F);

impl<F> RowSelector for KeepRows<F>
where
    F: FnMut(&Row<'_>) -> Result<bool, SelectError> + Send,
{
    fn keep(&mut self, row: &Row<'_>) -> Result<bool, SelectError> {
        (self.0)(row)
    }
}

/// One data row as parsed: the fields' bytes, unquoted, in header order. Borrowed from the
/// converter's record buffer for the length of a [`RowSelector::keep`] call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row<'a> {
    index: u64,
    data: &'a [u8],
    ends: &'a [usize],
}

impl<'a> Row<'a> {
    /// The row's 0-based position among the sheet's rows in `export.csv` (the webhook's
    /// `row_index`); error messages say `index + 1`.
    pub(crate) fn index(&self) -> u64 {
        self.index
    }

    /// The number of fields (always the header's).
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i`'s bytes, or `None` past the last field.
    pub(crate) fn field(&self, i: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.data.get(start..end)
    }

    pub(crate) fn fields(&self) -> impl ExactSizeIterator<Item = &'a [u8]> + 'a {
        fields(self.data, self.ends)
    }

    /// The canonical hash of the row's fields: [`row_hash`] over all of them, in header order.
    pub(crate) fn hash(&self) -> blake3::Hash {
        row_hash(self.fields())
    }
}

/// BLAKE3 (derive-key mode, a fixed context) over each field as its length (u64, little endian)
/// followed by its bytes. Length-prefixing makes the encoding unambiguous (`a,bc` ≠ `ab,c`, an
/// empty field counts) without escaping anything. Used for the delta ledger's row hashes, and
/// for its keys over the key columns' fields.
pub(crate) fn row_hash<'a>(fields: impl IntoIterator<Item = &'a [u8]>) -> blake3::Hash {
    let mut h = blake3::Hasher::new_derive_key(ROW_HASH_CONTEXT);
    for f in fields {
        h.update(&(f.len() as u64).to_le_bytes());
        h.update(f);
    }
    h.finalize()
}

/// The fields of a record: csv-core's output buffer cut at its end offsets.
fn fields<'a>(data: &'a [u8], ends: &'a [usize]) -> impl ExactSizeIterator<Item = &'a [u8]> + 'a {
    let mut start = 0;
    ends.iter().map(move |&end| {
        // csv-core's ends are ascending and within the bytes it wrote.
        let f = &data[start..end];
        start = end;
        f
    })
}

/// What one converted file was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Summary {
    /// The header's column names (BOM removed).
    pub(crate) columns: Vec<String>,
    /// Data rows in `export.csv`.
    pub(crate) rows_read: u64,
    /// Data rows written (all of them unless a selector skipped some).
    pub(crate) rows: u64,
    /// Bytes of `export.csv` pushed.
    pub(crate) bytes_in: u64,
    /// Bytes written to the sink (after compression): the file's size.
    pub(crate) bytes: u64,
    /// SHA-256 of the bytes written to the sink.
    pub(crate) sha256: [u8; 32],
    /// XML: characters removed because XML 1.0 forbids them (exit 6 when not zero).
    pub(crate) xml_dropped: u64,
    /// XML: where the first one was, as (1-based row, column); row 0 is the header or the sheet
    /// name.
    pub(crate) xml_first_drop: Option<(u64, String)>,
}

impl Summary {
    pub(crate) fn sha256_hex(&self) -> String {
        hex::encode(self.sha256)
    }
}

/// A sink that collects the output for an async caller to take as `Bytes` after each push (and
/// after `finish`) and send on. Taking hands out what was written and keeps the allocation for
/// reuse once the taken `Bytes` are dropped.
#[derive(Debug, Default)]
pub(crate) struct ChunkSink {
    buf: BytesMut,
}

impl ChunkSink {
    /// Everything written since the last take.
    pub(crate) fn take(&mut self) -> Bytes {
        self.buf.split().freeze()
    }

    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
}

impl Write for ChunkSink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Counts and hashes the bytes on their way to the sink: the file's size and SHA-256 are of
/// exactly what the sink accepted.
struct Tally<W> {
    inner: W,
    bytes: u64,
    sha: Sha256,
}

impl<W: Write> Write for Tally<W> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(b)?;
        self.sha.update(&b[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

enum Out<W: Write> {
    Plain(Tally<W>),
    Gzip(flate2::write::GzEncoder<Tally<W>>),
}

impl<W: Write> Out<W> {
    fn write_all(&mut self, b: &[u8]) -> std::io::Result<()> {
        match self {
            Out::Plain(t) => t.write_all(b),
            Out::Gzip(g) => g.write_all(b),
        }
    }

    fn tally(&self) -> &Tally<W> {
        match self {
            Out::Plain(t) => t,
            Out::Gzip(g) => g.get_ref(),
        }
    }

    fn tally_mut(&mut self) -> &mut Tally<W> {
        match self {
            Out::Plain(t) => t,
            Out::Gzip(g) => g.get_mut(),
        }
    }

    /// Ends the stream: a gzip stream gets its last block and its trailer (never truncated).
    fn finish(self) -> std::io::Result<Tally<W>> {
        let mut t = match self {
            Out::Plain(t) => t,
            Out::Gzip(g) => g.finish()?,
        };
        t.flush()?;
        Ok(t)
    }
}

/// How rows are written; fixed when the header has been read.
enum Writer {
    /// `csv` without selection: the input bytes are the output.
    PassThrough,
    Csv(Box<csv_core::Writer>),
    Json {
        /// `"Name":` per column, the first without, the others with a leading comma.
        keys: Vec<Box<[u8]>>,
        lines: bool,
    },
    Xml {
        /// `<field name="Name">` per column.
        tags: Vec<Box<[u8]>>,
        /// Forbidden characters removed from all the tags of a row.
        tag_drops: u64,
    },
}

/// `export.csv` in, one delivered file out. See the module's documentation.
///
/// ```ignore
/// let opts = Options::new(Format::Jsonl, true, "Contacts");
/// let mut conv = Converter::new(&opts, ChunkSink::default());
/// while let Some(frame) = body.next().await {
///     conv.push(&frame?)?;
///     let out = conv.sink_mut().take();
///     if !out.is_empty() { dest.write(out).await?; }
/// }
/// let (mut sink, summary) = conv.finish()?;
/// dest.write(sink.take()).await?;
/// dest.commit(summary.bytes, summary.sha256_hex()).await?;
/// ```
pub(crate) struct Converter<W: Write> {
    format: Format,
    sheet: String,
    rdr: csv_core::Reader,
    /// The first bytes, held until a BOM can be recognised; `None` once parsing has started.
    head: Option<Vec<u8>>,
    bom: bool,
    /// The current record: csv-core's unquoted fields and their end offsets.
    rec: Vec<u8>,
    rec_len: usize,
    ends: Vec<usize>,
    nends: usize,
    /// The raw bytes of the header row, to see its line ending (re-quoted csv only).
    header_raw: Vec<u8>,
    columns: Option<Vec<String>>,
    writer: Writer,
    selector: Option<Box<dyn RowSelector>>,
    /// Output waiting for the compressor; written in [`BATCH`]-sized pieces.
    buf: Vec<u8>,
    out: Out<W>,
    bytes_in: u64,
    rows_read: u64,
    rows: u64,
    xml_dropped: u64,
    xml_first_drop: Option<(u64, String)>,
    failed: bool,
}

impl<W: Write> Converter<W> {
    /// A converter of every row into `sink`.
    pub(crate) fn new(opts: &Options, sink: W) -> Converter<W> {
        Converter::build(opts, sink, None)
    }

    /// A converter of the rows `selector` keeps. `csv` is then re-quoted rather than copied.
    pub(crate) fn selecting(
        opts: &Options,
        sink: W,
        selector: impl RowSelector + 'static,
    ) -> Converter<W> {
        Converter::build(opts, sink, Some(Box::new(selector)))
    }

    /// A converter of every row, or of the rows `selector` keeps when there is one.
    pub(crate) fn maybe_selecting(
        opts: &Options,
        sink: W,
        selector: Option<impl RowSelector + 'static>,
    ) -> Converter<W> {
        let selector = selector.map(|s| Box::new(s) as Box<dyn RowSelector>);
        Converter::build(opts, sink, selector)
    }

    fn build(opts: &Options, sink: W, selector: Option<Box<dyn RowSelector>>) -> Converter<W> {
        let tally = Tally {
            inner: sink,
            bytes: 0,
            sha: Sha256::new(),
        };
        let out = if opts.gzip {
            // No file name, no modification time (flate2's defaults): equal input, equal bytes.
            Out::Gzip(
                flate2::GzBuilder::new()
                    .mtime(0)
                    .write(tally, flate2::Compression::new(opts.gzip_level)),
            )
        } else {
            Out::Plain(tally)
        };
        // csv-core's defaults are RFC 4180's: comma, double quote, doubled quotes, and CR, LF
        // or CRLF ending a record.
        Converter {
            format: opts.format,
            sheet: opts.sheet.clone(),
            rdr: csv_core::Reader::new(),
            head: Some(Vec::with_capacity(HEAD)),
            bom: false,
            rec: vec![0; 4 << 10],
            rec_len: 0,
            ends: vec![0; 64],
            nends: 0,
            header_raw: Vec::new(),
            columns: None,
            writer: Writer::PassThrough,
            selector,
            buf: Vec::with_capacity(2 * BATCH),
            out,
            bytes_in: 0,
            rows_read: 0,
            rows: 0,
            xml_dropped: 0,
            xml_first_drop: None,
            failed: false,
        }
    }

    fn passes_through(&self) -> bool {
        self.format == Format::Csv && self.selector.is_none()
    }

    /// Converts the next chunk of `export.csv`. An empty chunk is nothing (the end of the input
    /// is [`Converter::finish`]). After an error the converter refuses further input.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<(), ConvertError> {
        if self.failed {
            return Err(ConvertError::Failed);
        }
        if chunk.is_empty() {
            return Ok(());
        }
        let r = self.push_inner(chunk);
        self.failed = r.is_err();
        r
    }

    fn push_inner(&mut self, chunk: &[u8]) -> Result<(), ConvertError> {
        self.bytes_in += chunk.len() as u64;
        if self.passes_through() {
            self.copy_through(chunk)?;
        }
        match &mut self.head {
            Some(head) => {
                head.extend_from_slice(chunk);
                if head.len() < HEAD {
                    return Ok(());
                }
                let head = self.head.take().unwrap_or_default();
                self.start(&head)
            }
            None => self.feed(chunk),
        }
    }

    /// Ends the input: the last record, the format's closing bytes, the end of the gzip stream.
    /// Returns the sink (flushed) and what the file was.
    pub(crate) fn finish(mut self) -> Result<(W, Summary), ConvertError> {
        if self.failed {
            return Err(ConvertError::Failed);
        }
        if let Some(head) = self.head.take() {
            self.start(&head)?;
        }
        self.end_of_input()?;
        if self.columns.is_none() {
            return Err(ConvertError::NoHeader);
        }
        match self.format {
            Format::Json if self.rows == 0 => self.buf.extend_from_slice(b"]\n"),
            Format::Json => self.buf.extend_from_slice(b"\n]\n"),
            Format::Xml => self.buf.extend_from_slice(b"</rows>\n"),
            Format::Csv | Format::Jsonl => {}
        }
        self.write_batches()?;
        self.out.write_all(&self.buf)?;
        let tally = self.out.finish()?;
        let summary = Summary {
            columns: self.columns.unwrap_or_default(),
            rows_read: self.rows_read,
            rows: self.rows,
            bytes_in: self.bytes_in,
            bytes: tally.bytes,
            sha256: tally.sha.finalize().into(),
            xml_dropped: self.xml_dropped,
            xml_first_drop: self.xml_first_drop,
        };
        Ok((tally.inner, summary))
    }

    /// The sink, e.g. to take a [`ChunkSink`]'s output after a push.
    pub(crate) fn sink_mut(&mut self) -> &mut W {
        &mut self.out.tally_mut().inner
    }

    /// Progress: bytes pushed so far.
    pub(crate) fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Progress: bytes written to the sink so far (the compressor and the batch hold some back).
    pub(crate) fn bytes_out(&self) -> u64 {
        self.out.tally().bytes
    }

    /// Progress: rows written so far.
    pub(crate) fn rows(&self) -> u64 {
        self.rows
    }

    /// The header's column names, once read.
    pub(crate) fn columns(&self) -> Option<&[String]> {
        self.columns.as_deref()
    }

    /// Parsing starts with the first [`HEAD`] bytes (or all there is): a BOM is recognised
    /// however the input is split, and csv-core — which strips a BOM itself only when its first
    /// call sees all three bytes — sees a second one at the same place every time.
    fn start(&mut self, head: &[u8]) -> Result<(), ConvertError> {
        let head = match head.strip_prefix(BOM) {
            Some(rest) => {
                self.bom = true;
                rest
            }
            None => head,
        };
        self.feed(head)
    }

    /// Copies served bytes to the output (csv passed through), batch by batch.
    fn copy_through(&mut self, mut chunk: &[u8]) -> Result<(), ConvertError> {
        while !chunk.is_empty() {
            let n = (BATCH - self.buf.len()).min(chunk.len());
            self.buf.extend_from_slice(&chunk[..n]);
            chunk = &chunk[n..];
            self.write_batches()?;
        }
        Ok(())
    }

    /// Hands every full [`BATCH`] to the compressor, keeping the remainder.
    fn write_batches(&mut self) -> Result<(), ConvertError> {
        if self.buf.len() < BATCH {
            return Ok(());
        }
        let full = self.buf.len() / BATCH * BATCH;
        for piece in self.buf[..full].chunks(BATCH) {
            self.out.write_all(piece)?;
        }
        self.buf.copy_within(full.., 0);
        self.buf.truncate(self.buf.len() - full);
        Ok(())
    }

    /// Parses `input` (not empty: csv-core takes empty input for the end).
    fn feed(&mut self, mut input: &[u8]) -> Result<(), ConvertError> {
        while !input.is_empty() {
            let (res, nin, nout, nend) = self.rdr.read_record(
                input,
                &mut self.rec[self.rec_len..],
                &mut self.ends[self.nends..],
            );
            if self.columns.is_none() {
                self.header_raw.extend_from_slice(&input[..nin]);
            }
            input = &input[nin..];
            self.rec_len += nout;
            self.nends += nend;
            match res {
                ReadRecordResult::InputEmpty | ReadRecordResult::End => {}
                ReadRecordResult::OutputFull => self.grow_record()?,
                ReadRecordResult::OutputEndsFull => self.grow_ends()?,
                ReadRecordResult::Record => self.record()?,
            }
        }
        Ok(())
    }

    /// Tells csv-core the input has ended, and takes the last record if one was open.
    fn end_of_input(&mut self) -> Result<(), ConvertError> {
        loop {
            let (res, _, nout, nend) = self.rdr.read_record(
                &[],
                &mut self.rec[self.rec_len..],
                &mut self.ends[self.nends..],
            );
            self.rec_len += nout;
            self.nends += nend;
            match res {
                ReadRecordResult::End => return Ok(()),
                ReadRecordResult::Record => self.record()?,
                ReadRecordResult::OutputEndsFull => self.grow_ends()?,
                ReadRecordResult::OutputFull => self.grow_record()?,
                // Not returned for empty input; stop rather than spin if it ever were.
                ReadRecordResult::InputEmpty => return Ok(()),
            }
        }
    }

    fn current_row(&self) -> u64 {
        if self.columns.is_some() {
            self.rows_read + 1
        } else {
            0
        }
    }

    fn grow_record(&mut self) -> Result<(), ConvertError> {
        if self.rec.len() >= MAX_RECORD_BYTES {
            return Err(ConvertError::RecordTooLarge {
                row: self.current_row(),
            });
        }
        let len = (self.rec.len() * 2).min(MAX_RECORD_BYTES);
        self.rec.resize(len, 0);
        Ok(())
    }

    fn grow_ends(&mut self) -> Result<(), ConvertError> {
        if self.ends.len() >= MAX_FIELDS {
            return Err(ConvertError::TooManyFields {
                row: self.current_row(),
            });
        }
        let len = (self.ends.len() * 2).min(MAX_FIELDS);
        self.ends.resize(len, 0);
        Ok(())
    }

    /// A complete record is in `rec`/`ends`: the header, or a data row.
    fn record(&mut self) -> Result<(), ConvertError> {
        let r = if self.columns.is_none() {
            self.header()
        } else {
            self.row()
        };
        self.rec_len = 0;
        self.nends = 0;
        r
    }

    fn header(&mut self) -> Result<(), ConvertError> {
        let columns = fields(&self.rec[..self.rec_len], &self.ends[..self.nends])
            .map(|f| {
                std::str::from_utf8(f)
                    .map(str::to_owned)
                    .map_err(|_| ConvertError::HeaderNotUtf8)
            })
            .collect::<Result<Vec<String>, _>>()?;
        if let Some(sel) = &mut self.selector {
            sel.begin(&columns)
                .map_err(|error| ConvertError::Select { row: 0, error })?;
        }
        self.writer = match self.format {
            Format::Csv if self.selector.is_none() => Writer::PassThrough,
            Format::Csv => {
                // csv-core reports a record once its first terminator byte is read: a header
                // ending in CR is CRLF-terminated (or CR alone, which CRLF reads as well).
                let crlf = self.header_raw.last() == Some(&b'\r');
                let term = if crlf {
                    Terminator::CRLF
                } else {
                    Terminator::Any(b'\n')
                };
                let mut w = csv_core::WriterBuilder::new().terminator(term).build();
                if self.bom {
                    self.buf.extend_from_slice(BOM);
                }
                write_csv_record(
                    &mut w,
                    &mut self.buf,
                    &self.rec[..self.rec_len],
                    &self.ends[..self.nends],
                );
                Writer::Csv(Box::new(w))
            }
            Format::Json | Format::Jsonl => {
                let keys = columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let mut k = Vec::with_capacity(c.len() + 4);
                        if i > 0 {
                            k.push(b',');
                        }
                        json_string(&mut k, c.as_bytes());
                        k.push(b':');
                        k.into_boxed_slice()
                    })
                    .collect();
                if self.format == Format::Json {
                    self.buf.push(b'[');
                }
                Writer::Json {
                    keys,
                    lines: self.format == Format::Jsonl,
                }
            }
            Format::Xml => {
                self.buf.extend_from_slice(
                    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rows sheet=\"",
                );
                let dropped = xml_escape(&mut self.buf, self.sheet.as_bytes(), true);
                if dropped > 0 {
                    self.xml_first_drop = Some((0, String::new()));
                }
                self.xml_dropped += dropped;
                self.buf.extend_from_slice(b"\">\n");
                let mut tag_drops = 0;
                let mut tags = Vec::with_capacity(columns.len());
                for c in &columns {
                    let mut t = b"<field name=\"".to_vec();
                    let dropped = xml_escape(&mut t, c.as_bytes(), true);
                    if dropped > 0 && self.xml_first_drop.is_none() {
                        self.xml_first_drop = Some((0, c.clone()));
                    }
                    tag_drops += dropped;
                    t.extend_from_slice(b"\">");
                    tags.push(t.into_boxed_slice());
                }
                Writer::Xml { tags, tag_drops }
            }
        };
        // Rows of this width need no more room for their ends (a wider one grows them again, to
        // be reported with its count).
        self.ends.resize(columns.len() + 1, 0);
        self.header_raw = Vec::new();
        self.columns = Some(columns);
        Ok(())
    }

    fn row(&mut self) -> Result<(), ConvertError> {
        self.rows_read += 1;
        let row = self.rows_read;
        let data = &self.rec[..self.rec_len];
        let ends = &self.ends[..self.nends];
        let columns = self.columns.as_deref().unwrap_or_default();
        if ends.len() != columns.len() {
            return Err(ConvertError::FieldCount {
                row,
                found: ends.len(),
                expected: columns.len(),
            });
        }
        if let Some(sel) = &mut self.selector {
            let r = Row {
                index: row - 1,
                data,
                ends,
            };
            let keep = sel
                .keep(&r)
                .map_err(|error| ConvertError::Select { row, error })?;
            if !keep {
                return Ok(());
            }
        }
        match &mut self.writer {
            Writer::PassThrough => {}
            Writer::Csv(w) => write_csv_record(w, &mut self.buf, data, ends),
            Writer::Json { keys, lines } => {
                check_utf8(data, ends, row, columns)?;
                if !*lines {
                    self.buf
                        .extend_from_slice(if self.rows == 0 { b"\n" } else { b",\n" });
                }
                self.buf.push(b'{');
                for (key, f) in keys.iter().zip(fields(data, ends)) {
                    self.buf.extend_from_slice(key);
                    json_string(&mut self.buf, f);
                }
                self.buf
                    .extend_from_slice(if *lines { b"}\n" } else { b"}" });
            }
            Writer::Xml { tags, tag_drops } => {
                check_utf8(data, ends, row, columns)?;
                self.buf.extend_from_slice(b"<row>");
                let mut dropped = *tag_drops;
                for (i, (tag, f)) in tags.iter().zip(fields(data, ends)).enumerate() {
                    self.buf.extend_from_slice(tag);
                    let d = xml_escape(&mut self.buf, f, false);
                    if d > 0 && self.xml_first_drop.is_none() {
                        self.xml_first_drop = Some((row, columns[i].clone()));
                    }
                    dropped += d;
                    self.buf.extend_from_slice(b"</field>");
                }
                self.buf.extend_from_slice(b"</row>\n");
                self.xml_dropped += dropped;
            }
        }
        self.rows += 1;
        self.write_batches()
    }
}

/// A record re-quoted by csv-core's writer: fields quoted only when they hold a comma, a quote,
/// CR or LF; quotes doubled; a record of one empty field written `""`.
fn write_csv_record(w: &mut csv_core::Writer, buf: &mut Vec<u8>, data: &[u8], ends: &[usize]) {
    for (i, f) in fields(data, ends).enumerate() {
        if i > 0 {
            // A closing quote and the comma.
            write_into(buf, 2, |o| w.delimiter(o).1);
        }
        // The worst case: every byte a quote (doubled) and the two quotes around.
        write_into(buf, 2 + 2 * f.len(), |o| w.field(f, o).2);
    }
    // `""` for a lone empty field, a closing quote, CRLF.
    write_into(buf, 5, |o| w.terminator(o).1);
}

/// Lets a writer of `&mut [u8]` append to `buf`, given room for its worst case.
fn write_into(buf: &mut Vec<u8>, room: usize, f: impl FnOnce(&mut [u8]) -> usize) {
    let start = buf.len();
    buf.resize(start + room, 0);
    let n = f(&mut buf[start..]);
    buf.truncate(start + n);
}

/// JSON and XML need text. The record is checked in one pass; fields end on character
/// boundaries unless a character was split by a delimiter, which only bytes that are not UTF-8
/// can be.
fn check_utf8(
    data: &[u8],
    ends: &[usize],
    row: u64,
    columns: &[String],
) -> Result<(), ConvertError> {
    let bad = match std::str::from_utf8(data) {
        Ok(s) => match ends.iter().position(|&e| !s.is_char_boundary(e)) {
            None => return Ok(()),
            Some(i) => i,
        },
        Err(e) => ends
            .iter()
            .position(|&end| end > e.valid_up_to())
            .unwrap_or(0),
    };
    Err(ConvertError::NotUtf8 {
        row,
        column: columns.get(bad).cloned().unwrap_or_default(),
    })
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Per byte: 0 = as is; `u` = `\u00XX`; otherwise the letter after the backslash.
static JSON_ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Appends `s` (UTF-8) as a JSON string: quotes, backslashes and control characters escaped,
/// everything else as is. Runs without escapes are copied whole.
fn json_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in s.iter().enumerate() {
        let e = JSON_ESCAPE[b as usize];
        if e == 0 {
            continue;
        }
        out.extend_from_slice(&s[start..i]);
        if e == b'u' {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xF) as usize],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', e]);
        }
        start = i + 1;
    }
    out.extend_from_slice(&s[start..]);
    out.push(b'"');
}

const XML_PLAIN: u8 = 0;
const XML_ENTITY: u8 = 1;
const XML_FORBIDDEN: u8 = 2;
/// Only in attribute values: tab and LF, which attribute-value normalisation turns into spaces.
const XML_ATTR_WS: u8 = 3;
/// 0xEF: the first byte of U+FFFE and U+FFFF, and of many allowed characters.
const XML_EF: u8 = 4;

static XML_CLASS: [u8; 256] = {
    let mut t = [XML_PLAIN; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = XML_FORBIDDEN;
        b += 1;
    }
    t[b'\t' as usize] = XML_ATTR_WS;
    t[b'\n' as usize] = XML_ATTR_WS;
    // CR is escaped everywhere: a parser reads a literal CR (or CRLF) as LF.
    t[b'\r' as usize] = XML_ENTITY;
    t[b'&' as usize] = XML_ENTITY;
    t[b'<' as usize] = XML_ENTITY;
    t[b'>' as usize] = XML_ENTITY;
    t[b'"' as usize] = XML_ENTITY;
    t[0xEF] = XML_EF;
    t
};

/// Appends `s` (UTF-8) as XML character data, or as an attribute value's content; returns how
/// many characters XML 1.0 forbids were left out.
fn xml_escape(out: &mut Vec<u8>, s: &[u8], attribute: bool) -> u64 {
    let mut dropped = 0;
    let mut start = 0;
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        let (skip, replacement): (usize, &[u8]) = match XML_CLASS[b as usize] {
            XML_PLAIN => {
                i += 1;
                continue;
            }
            XML_ENTITY => (
                1,
                match b {
                    b'&' => b"&amp;",
                    b'<' => b"&lt;",
                    b'>' => b"&gt;",
                    b'"' => b"&quot;",
                    _ => b"&#13;",
                },
            ),
            XML_ATTR_WS if attribute => (1, if b == b'\t' { b"&#9;" } else { b"&#10;" }),
            XML_FORBIDDEN => {
                dropped += 1;
                (1, b"")
            }
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
            XML_EF if s.get(i + 1) == Some(&0xBF) && matches!(s.get(i + 2), Some(0xBE | 0xBF)) => {
                dropped += 1;
                (3, b"")
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&s[start..i]);
        out.extend_from_slice(replacement);
        i += skip;
        start = i;
    }
    out.extend_from_slice(&s[start..]);
    dropped
}
