//! Is a reply to `export.csv` the CSV it claims to be? A login page, a JSON error or another
//! sheet's file must never replace a good file, so the reply is checked before it is kept: its
//! content type when it arrives, and its body as it streams — it must parse as CSV, start with the
//! header of one of the account's templates, and give every record as many fields as the header.
//!
//! The header is checked on the download's own thread, before the chunk that completes it is
//! written: a reply written to stdout or a FIFO is judged by its content type and header before
//! its first byte goes out. The records after it are counted on a blocking-pool thread that the
//! chunks (reference-counted, not copied) are handed to through a small bounded channel: the
//! download does not wait for the count, only for its verdict at the end, and memory stays flat.
//!
//! csv-core parses the header and every record that holds a quote or a bare carriage return. A
//! line without either — nearly every line of a real export — cannot be anything but its commas
//! plus one fields, so it is counted with vectorised scans instead of csv-core's byte-by-byte
//! state machine, at several times the speed. The two agree on every input (a test compares them
//! on random ones).

use bytes::Bytes;
use csv_core::{ReadRecordResult, Reader};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Chunks in flight to the counting thread (a few MiB at most: chunks are 16–256 KiB).
const IN_FLIGHT: usize = 32;

/// A header longer than this is not a header: a reply that has no line break this early is not
/// the CSV of a template.
const MAX_HEADER: usize = 64 << 10;

/// The reply's content type, judged before its body is read. CSV types pass with any parameters;
/// so do `text/plain`, `application/octet-stream` and a missing type, which servers and proxies
/// use for files of any kind — the body check decides those. Anything else (an HTML page, JSON,
/// a ZIP) is not the CSV asked for.
pub(crate) fn content_type(ct: Option<&str>) -> Result<(), String> {
    let Some(ct) = ct else { return Ok(()) };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let what = match essence.as_str() {
        "text/csv"
        | "application/csv"
        | "text/comma-separated-values"
        | "text/x-csv"
        | "application/x-csv"
        | "text/plain"
        | "application/octet-stream"
        | "" => return Ok(()),
        "text/html" | "application/xhtml+xml" => " (an HTML page)",
        "application/json" | "text/json" => " (a JSON document)",
        e if e.ends_with("+json") => " (a JSON document)",
        "application/xml" | "text/xml" => " (an XML document)",
        "application/zip" => " (a ZIP archive)",
        _ => "",
    };
    let shown: String = ct.chars().take(100).collect();
    Err(format!("{}{what}, not CSV", shown.escape_debug()))
}

/// The streaming check of one reply's body (a fresh one for every attempt).
pub(crate) struct CsvCheck<'a> {
    /// (template name, column names) of the headers the reply may start with; empty: any.
    expected: &'a [(String, Vec<String>)],
    /// Reads the header, whose fields are compared.
    head: Reader,
    /// The header as it arrives (unescaped field bytes and their ends), until it is complete.
    header: Vec<u8>,
    header_ends: Vec<usize>,
    /// Fields per record, once the header is known.
    width: Option<usize>,
    /// Where the records after the header are counted.
    rest: Option<Rest>,
    saw_bytes: bool,
}

/// The counting of the records after the header, on a blocking-pool thread.
struct Rest {
    chunks: Option<mpsc::Sender<Bytes>>,
    verdict: JoinHandle<Result<(), String>>,
}

impl Rest {
    fn start(width: usize) -> Rest {
        let (tx, mut rx) = mpsc::channel::<Bytes>(IN_FLIGHT);
        let verdict = tokio::task::spawn_blocking(move || {
            let mut counter = Counter::new();
            // The header was record 1.
            let mut records = 1;
            while let Some(chunk) = rx.blocking_recv() {
                counter.feed(&chunk, |fields| record(&mut records, fields, width))?;
            }
            counter.finish(|fields| record(&mut records, fields, width))
        });
        Rest {
            chunks: Some(tx),
            verdict,
        }
    }

    /// The count's verdict, once every chunk was handed over (or the count stopped at a bad
    /// record).
    async fn verdict(&mut self) -> Result<(), String> {
        self.chunks = None;
        match (&mut self.verdict).await {
            Ok(verdict) => verdict,
            Err(e) => Err(format!("the CSV check stopped: {e}")),
        }
    }
}

impl<'a> CsvCheck<'a> {
    pub(crate) fn new(expected: &'a [(String, Vec<String>)]) -> CsvCheck<'a> {
        CsvCheck {
            expected,
            head: Reader::new(),
            header: Vec::new(),
            header_ends: Vec::new(),
            width: None,
            rest: None,
            saw_bytes: false,
        }
    }

    /// Check the next chunk of the body.
    pub(crate) async fn feed(&mut self, chunk: &Bytes) -> Result<(), String> {
        if chunk.is_empty() {
            return Ok(());
        }
        self.saw_bytes = true;
        let mut used = 0;
        while used < chunk.len() && self.width.is_none() {
            used += self.header_part(&chunk[used..])?;
        }
        if let Some(width) = self.width {
            let rest = self.rest.get_or_insert_with(|| Rest::start(width));
            if used < chunk.len()
                && let Some(tx) = &rest.chunks
                && tx.send(chunk.slice(used..)).await.is_err()
            {
                // The count stopped early: it found a bad record.
                return rest.verdict().await;
            }
        }
        Ok(())
    }

    /// The body ended: the header must have come, and every record must be whole.
    pub(crate) async fn finish(&mut self) -> Result<(), String> {
        if !self.saw_bytes {
            return Err("an empty body, not CSV".into());
        }
        if self.width.is_none() {
            // An empty input tells the reader the data ended: a header without a line break
            // comes out now.
            let ends = self.header_ends.len();
            self.header_ends.push(0);
            let (res, _, _, nend) =
                self.head
                    .read_record(&[], &mut [], &mut self.header_ends[ends..]);
            self.header_ends.truncate(ends + nend);
            if res != ReadRecordResult::Record {
                return Err("the reply has no header line, so it is not a template's CSV".into());
            }
            return self.header_done();
        }
        match &mut self.rest {
            Some(rest) => rest.verdict().await,
            // The header was all there was.
            None => Ok(()),
        }
    }

    /// Read (part of) the header; returns the bytes consumed.
    fn header_part(&mut self, input: &[u8]) -> Result<usize, String> {
        let n = self.header.len();
        if n >= MAX_HEADER {
            let text = String::from_utf8_lossy(&self.header[..60]);
            return Err(format!(
                "the reply's first line is longer than {} KiB, so it is not a CSV header (it starts \"{}\")",
                MAX_HEADER >> 10,
                text.escape_debug()
            ));
        }
        self.header.resize(MAX_HEADER, 0);
        let ends = self.header_ends.len();
        self.header_ends.resize(ends + 1024, 0);
        let (res, nin, nout, nend) =
            self.head
                .read_record(input, &mut self.header[n..], &mut self.header_ends[ends..]);
        self.header.truncate(n + nout);
        self.header_ends.truncate(ends + nend);
        if res == ReadRecordResult::Record {
            self.header_done()?;
        }
        Ok(nin)
    }

    /// The header is complete: it must be one template's column names.
    fn header_done(&mut self) -> Result<(), String> {
        let mut fields = Vec::with_capacity(self.header_ends.len());
        let mut start = 0;
        for &end in &self.header_ends {
            fields.push(self.header.get(start..end).unwrap_or_default());
            start = end;
        }
        // csv-core drops a byte-order mark only when it arrives whole in the first chunk.
        if let Some(first) = fields.first_mut() {
            *first = first.strip_prefix(b"\xef\xbb\xbf").unwrap_or(first);
        }
        let matches = self.expected.is_empty()
            || self.expected.iter().any(|(_, columns)| {
                columns.len() == fields.len()
                    && columns.iter().zip(&fields).all(|(c, f)| c.as_bytes() == *f)
            });
        if !matches {
            let got: Vec<String> = fields
                .iter()
                .take(12)
                .map(|f| String::from_utf8_lossy(f).chars().take(60).collect())
                .collect();
            let expected: Vec<String> = self
                .expected
                .iter()
                .map(|(name, columns)| format!("{name}: {}", columns.join(",")))
                .collect();
            return Err(format!(
                "the reply's header \"{}\" is not the columns of any template ({})",
                got.join(",").escape_debug(),
                expected.join("; ")
            ));
        }
        self.width = Some(fields.len());
        self.header = Vec::new();
        self.header_ends = Vec::new();
        Ok(())
    }
}

/// One record after the header: it must be as wide as the header.
fn record(records: &mut u64, fields: usize, width: usize) -> Result<(), String> {
    *records += 1;
    if fields != width {
        return Err(format!(
            "record {records} of the reply has {fields} fields where its header has {width}: not well-formed CSV"
        ));
    }
    Ok(())
}

/// Counts the fields of each record of a CSV stream, starting at a record boundary, and hands
/// every count to the caller.
struct Counter {
    /// csv-core, for records a line-at-a-time count cannot judge (quotes, bare carriage
    /// returns) and for a record that runs past the end of a chunk.
    reader: Reader,
    /// csv-core is inside a record.
    in_record: bool,
    /// Fields of that record so far.
    fields: usize,
    /// Scratch space for field bytes that are not kept (csv-core copies them out).
    scratch: Box<[u8]>,
    ends: Box<[usize]>,
}

impl Counter {
    fn new() -> Counter {
        Counter {
            reader: Reader::new(),
            in_record: false,
            fields: 0,
            scratch: vec![0; 64 << 10].into_boxed_slice(),
            ends: vec![0; 1024].into_boxed_slice(),
        }
    }

    fn feed(
        &mut self,
        input: &[u8],
        mut record: impl FnMut(usize) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut at = 0;
        // Where the next quote or carriage return is: lines before it are plain.
        let mut special = next_special(input, 0);
        while at < input.len() {
            if self.in_record {
                let (res, nin, _, nend) =
                    self.reader
                        .read_record(&input[at..], &mut self.scratch, &mut self.ends);
                at += nin;
                self.fields += nend;
                // InputEmpty: the chunk is used up; OutputFull / OutputEndsFull: only the
                // count matters, so the scratch space is simply used again.
                if res == ReadRecordResult::Record {
                    self.in_record = false;
                    record(std::mem::take(&mut self.fields))?;
                    special = next_special(input, at);
                }
                continue;
            }
            let Some(nl) = memchr::memchr(b'\n', &input[at..]).map(|p| at + p) else {
                // The line goes on in the next chunk: csv-core carries it over.
                self.begin_record();
                continue;
            };
            let mut end = nl;
            if special < nl {
                // Only the carriage return of a CRLF line ending is plain.
                if special + 1 == nl && input[special] == b'\r' {
                    end = special;
                } else {
                    self.begin_record();
                    continue;
                }
            }
            let line = &input[at..end];
            // A blank line is no record (as csv-core has it).
            if !line.is_empty() {
                record(count(line, b',') + 1)?;
            }
            at = nl + 1;
            if special < at {
                special = next_special(input, at);
            }
        }
        Ok(())
    }

    /// The stream ended: a last record without a line break comes out now.
    fn finish(
        &mut self,
        mut record: impl FnMut(usize) -> Result<(), String>,
    ) -> Result<(), String> {
        if !self.in_record {
            return Ok(());
        }
        loop {
            let (res, _, _, nend) = self
                .reader
                .read_record(&[], &mut self.scratch, &mut self.ends);
            self.fields += nend;
            if res != ReadRecordResult::Record {
                return Ok(());
            }
            self.in_record = false;
            record(std::mem::take(&mut self.fields))?;
        }
    }

    /// Hand the record that starts here to csv-core, fresh (the lines counted in between were
    /// not its to see).
    fn begin_record(&mut self) {
        self.reader.reset();
        self.in_record = true;
        self.fields = 0;
    }
}

/// How many bytes of `s` are `b`, eight at a time: the plain loop does not vectorise on the
/// baseline x86-64 target, and this is the hot loop of the check.
fn count(s: &[u8], b: u8) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let pattern = u64::from_ne_bytes([b; 8]);
    let (words, rest) = s.as_chunks::<8>();
    let mut n = 0;
    for w in words {
        let x = u64::from_ne_bytes(*w) ^ pattern;
        // The high bit of each byte that is zero (that is, equal to `b`), and of no other.
        let zero = !(((x & LOW7) + LOW7) | x | LOW7);
        n += zero.count_ones() as usize;
    }
    n + rest.iter().filter(|&&c| c == b).count()
}

/// The position of the next quote or carriage return at or after `from` (the end if none).
fn next_special(input: &[u8], from: usize) -> usize {
    input
        .get(from..)
        .and_then(|rest| memchr::memchr2(b'"', b'\r', rest))
        .map_or(input.len(), |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates() -> Vec<(String, Vec<String>)> {
        vec![
            ("Contacts".into(), vec!["Email".into(), "Name".into()]),
            ("Companies".into(), vec!["Domain".into()]),
        ]
    }

    fn check(body: &[u8], chunk: usize) -> Result<(), String> {
        let t = templates();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let mut c = CsvCheck::new(&t);
            for part in body.chunks(chunk) {
                c.feed(&Bytes::copy_from_slice(part)).await?;
            }
            c.finish().await
        })
    }

    #[test]
    fn content_types() {
        assert!(content_type(Some("text/csv; charset=utf-8")).is_ok());
        assert!(content_type(Some("Application/CSV")).is_ok());
        assert!(content_type(Some("text/plain")).is_ok());
        assert!(content_type(None).is_ok());
        let e = content_type(Some("text/html; charset=utf-8")).unwrap_err();
        assert_eq!(e, "text/html; charset=utf-8 (an HTML page), not CSV");
        assert!(content_type(Some("application/problem+json")).is_err());
    }

    #[test]
    fn bodies_must_be_a_templates_csv() {
        for chunk in [1, 3, 1000] {
            let ok =
                |b: &[u8]| assert_eq!(check(b, chunk), Ok(()), "{:?}", String::from_utf8_lossy(b));
            ok(b"Email,Name\na@b.co,Ana\n\"x,y\",\"P \"\"J\"\"\"\n");
            ok(b"\xef\xbb\xbfDomain\r\nx.co\r\n\r\ny.co");
            ok(b"Email,Name\na@b.co,Ana");
            ok(b"Email,Name\n");
            ok(b"Email,Name\n\"multi\nline\",x\n\n,\n");
            let e = check(b"Email,Name\na@b.co,Ana\nb@c.co\n", chunk).unwrap_err();
            assert!(
                e.contains("record 3 of the reply has 1 fields where its header has 2"),
                "{e}"
            );
            let e = check(b"<html><body>Log in</body></html>\n", chunk).unwrap_err();
            assert!(e.contains("is not the columns of any template"), "{e}");
            let e = check(b"Email,Phone\na,b\n", chunk).unwrap_err();
            assert!(e.contains("\"Email,Phone\""), "{e}");
            let e = check(b"Email,Name\n\"a,b\"\n", chunk).unwrap_err();
            assert!(e.contains("has 1 fields"), "{e}");
        }
        assert!(check(b"", 10).unwrap_err().contains("empty body"));
        let long = vec![b'x'; MAX_HEADER + 10];
        assert!(
            check(&long, 4096)
                .unwrap_err()
                .contains("longer than 64 KiB")
        );
        // A wide record beyond the scratch space is counted, not kept.
        let mut wide = b"Email,Name\n\"".to_vec();
        wide.extend(vec![b'y'; 200_000]);
        wide.extend(b"\",z\n");
        assert_eq!(check(&wide, 70_000), Ok(()));
    }

    /// Field counts per record as csv-core alone has them.
    fn by_csv_core(input: &[u8]) -> Vec<usize> {
        let mut r = Reader::new();
        let (mut out, mut ends) = (vec![0; 1 << 16], vec![0; 1 << 12]);
        let (mut counts, mut fields, mut at) = (Vec::new(), 0, 0);
        loop {
            let (res, nin, _, nend) = r.read_record(&input[at..], &mut out, &mut ends);
            at += nin;
            fields += nend;
            match res {
                ReadRecordResult::Record => counts.push(std::mem::take(&mut fields)),
                ReadRecordResult::End => return counts,
                _ => {}
            }
        }
    }

    #[test]
    fn bytes_are_counted_exactly() {
        let mut rng = fastrand::Rng::with_seed(7);
        for len in 0..100 {
            let s: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
            for b in [b',', 0, 0x80, 0xff, 0x2d, 0xac] {
                assert_eq!(count(&s, b), s.iter().filter(|&&c| c == b).count());
            }
        }
    }

    #[test]
    fn the_line_count_agrees_with_csv_core_on_any_input() {
        let mut rng = fastrand::Rng::with_seed(11);
        let alphabet = b"ab,,\"\n\r";
        for _ in 0..3000 {
            let len = rng.usize(0..60);
            let input: Vec<u8> = (0..len)
                .map(|_| alphabet[rng.usize(..alphabet.len())])
                .collect();
            let mut counter = Counter::new();
            let mut counts = Vec::new();
            let mut at = 0;
            while at < input.len() {
                let n = rng.usize(1..=8).min(input.len() - at);
                counter
                    .feed(&input[at..at + n], |f| {
                        counts.push(f);
                        Ok(())
                    })
                    .unwrap();
                at += n;
            }
            counter
                .finish(|f| {
                    counts.push(f);
                    Ok(())
                })
                .unwrap();
            assert_eq!(
                counts,
                by_csv_core(&input),
                "{:?}",
                String::from_utf8_lossy(&input)
            );
        }
    }
}
