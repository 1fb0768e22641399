//! Tests of `format`, kept in a file of their own because the benchmark compiles `format.rs`
//! into its own crate (`benches/suite`), where these would be built (and run) again.
//!
//! The expected rows come from the `csv` crate (an independent reader of the same text); the
//! outputs are read back with serde_json, roxmltree and flate2's decoder (and `gzip -t` when it
//! is installed).

use super::format::*;
use sha2::{Digest, Sha256};
use std::io::Read;

/// Quotes, doubled quotes, commas, CRLF and LF inside quoted fields, empty cells, a header with
/// spaces, non-ASCII names and a quoted comma; CRLF line endings; no newline after the last row.
const SAMPLE: &[u8] = b"Email,First Name,Soci\xc3\xa9t\xc3\xa9,\"Zip, Code\",Notes,Empty\r\n\
a@b.example,Ann,\"Acme, Inc.\",\"O\"\"Brien\",\"line1\r\nline2\",\r\n\
b@c.example,,\xc3\x9cn\xc3\xafc\xc3\xb8d\xc3\xa9,,\"lf\nonly\",\r\n\
c@d.example,Carl,\"<&>\"\"'\",0,\"tab\there \\ back\",\r\n\
\"\",\"\",,\"\",\"say \"\"hi\"\"\",x";

type Rows = Vec<Vec<String>>;

/// The header and the rows, as the `csv` crate reads them.
fn expected(input: &[u8]) -> (Vec<String>, Rows) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(input);
    let mut all: Rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let header = all.remove(0);
    (header, all)
}

/// Converts `input` pushed in pieces of the given sizes (the rest in one last piece).
fn convert_split(input: &[u8], opts: &Options, splits: &[usize]) -> (Vec<u8>, Summary) {
    let mut conv = Converter::new(opts, Vec::new());
    let mut rest = input;
    for &n in splits {
        let n = n.min(rest.len());
        conv.push(&rest[..n]).unwrap();
        rest = &rest[n..];
    }
    conv.push(rest).unwrap();
    conv.finish().unwrap()
}

fn convert(input: &[u8], opts: &Options) -> (Vec<u8>, Summary) {
    convert_split(input, opts, &[])
}

fn opts(format: Format) -> Options {
    Options::new(format, false, "Contacts")
}

fn gunzip(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// A JSON object with its keys in document order (serde_json's `Value` sorts them).
struct Ordered(Vec<(String, String)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Ordered, A::Error> {
                let mut v = Vec::new();
                while let Some(kv) = m.next_entry::<String, String>()? {
                    v.push(kv);
                }
                Ok(Ordered(v))
            }
        }
        d.deserialize_map(V)
    }
}

fn as_objects(header: &[String], rows: &Rows) -> Vec<Vec<(String, String)>> {
    rows.iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn parse_jsonl(b: &[u8]) -> Vec<Vec<(String, String)>> {
    let text = std::str::from_utf8(b).unwrap();
    assert!(text.is_empty() || text.ends_with('\n'));
    text.lines()
        .map(|l| serde_json::from_str::<Ordered>(l).unwrap().0)
        .collect()
}

fn parse_json(b: &[u8]) -> Vec<Vec<(String, String)>> {
    serde_json::from_slice::<Vec<Ordered>>(b)
        .unwrap()
        .into_iter()
        .map(|o| o.0)
        .collect()
}

/// (sheet, rows of (name, text)) from the XML, read by a real parser.
fn parse_xml(b: &[u8]) -> (String, Vec<Vec<(String, String)>>) {
    let text = std::str::from_utf8(b).unwrap();
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let doc = roxmltree::Document::parse(text).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "rows");
    let rows = root
        .children()
        .filter(|n| n.is_element())
        .map(|row| {
            assert_eq!(row.tag_name().name(), "row");
            row.children()
                .filter(|n| n.is_element())
                .map(|f| {
                    assert_eq!(f.tag_name().name(), "field");
                    let text: String = f.children().filter_map(|t| t.text()).collect();
                    (f.attribute("name").unwrap().to_owned(), text)
                })
                .collect()
        })
        .collect();
    (root.attribute("sheet").unwrap().to_owned(), rows)
}

#[test]
fn csv_passes_the_served_bytes_through_and_counts_rows() {
    let (out, s) = convert(SAMPLE, &opts(Format::Csv));
    assert_eq!(out, SAMPLE);
    assert_eq!((s.rows_read, s.rows), (4, 4));
    assert_eq!(s.bytes, SAMPLE.len() as u64);
    assert_eq!(s.bytes_in, SAMPLE.len() as u64);
    assert_eq!(s.sha256.as_slice(), Sha256::digest(SAMPLE).as_slice());
    let (header, _) = expected(SAMPLE);
    assert_eq!(s.columns, header);
    assert_eq!(s.columns[2], "Société");
    assert_eq!(s.columns[3], "Zip, Code");
}

#[test]
fn jsonl_is_one_object_per_row_with_the_header_keys_in_order() {
    let (header, rows) = expected(SAMPLE);
    let (out, s) = convert(SAMPLE, &opts(Format::Jsonl));
    assert_eq!(parse_jsonl(&out), as_objects(&header, &rows));
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 4);
    assert_eq!((s.rows, s.bytes), (4, out.len() as u64));
    let first = std::str::from_utf8(&out).unwrap().lines().next().unwrap();
    assert_eq!(
        first,
        r#"{"Email":"a@b.example","First Name":"Ann","Société":"Acme, Inc.","Zip, Code":"O\"Brien","Notes":"line1\r\nline2","Empty":""}"#
    );
}

#[test]
fn json_is_one_array_of_the_same_objects() {
    let (header, rows) = expected(SAMPLE);
    let (out, s) = convert(SAMPLE, &opts(Format::Json));
    assert_eq!(parse_json(&out), as_objects(&header, &rows));
    assert_eq!(s.rows, 4);
    let (jsonl, _) = convert(SAMPLE, &opts(Format::Jsonl));
    // The same objects, one per line, in an array.
    let lines: Vec<&str> = std::str::from_utf8(&jsonl).unwrap().lines().collect();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!("[\n{}\n]\n", lines.join(",\n"))
    );
}

#[test]
fn xml_is_rows_of_named_fields_and_reads_back_equal() {
    let (header, rows) = expected(SAMPLE);
    let (out, s) = convert(SAMPLE, &opts(Format::Xml));
    let (sheet, got) = parse_xml(&out);
    assert_eq!(sheet, "Contacts");
    // CR and CRLF inside a field survive (a parser turns a literal CR into LF).
    assert_eq!(got, as_objects(&header, &rows));
    assert_eq!((s.rows, s.xml_dropped, s.xml_first_drop), (4, 0, None));
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(
        "<row><field name=\"Email\">c@d.example</field><field name=\"First Name\">Carl</field>\
         <field name=\"Société\">&lt;&amp;&gt;&quot;'</field>"
    ));
    assert!(text.contains("line1&#13;\nline2"));
    assert!(text.ends_with("</row>\n</rows>\n"));
}

#[test]
fn xml_removes_and_counts_the_characters_xml_forbids() {
    let input = "Name,\"Bad\u{1}Col\"\n\
                 \"a\u{0}b\u{b}c\u{c}d\u{1f}e\",\"\u{fffe}x\u{ffff}y\u{fffd}\u{7f}\t\r\n\"\n\
                 ok,fine\n";
    let mut o = opts(Format::Xml);
    o.sheet = "Sheet \"1\" <&>\u{2}\ttab".into();
    let (out, s) = convert(input.as_bytes(), &o);
    // 4 in the first value, 2 in the second, 1 in the sheet name, and the column name's one
    // in each of the 2 rows.
    assert_eq!(s.xml_dropped, 4 + 2 + 1 + 2);
    assert_eq!(s.xml_first_drop, Some((0, String::new())));
    let (sheet, rows) = parse_xml(&out);
    assert_eq!(sheet, "Sheet \"1\" <&>\ttab");
    assert_eq!(
        rows,
        vec![
            vec![
                ("Name".into(), "abcde".into()),
                ("BadCol".into(), "xy\u{fffd}\u{7f}\t\r\n".into())
            ],
            vec![
                ("Name".into(), "ok".into()),
                ("BadCol".into(), "fine".into())
            ],
        ]
    );

    // Where the first one was, without the sheet and the header.
    let (_, s) = convert(b"A,B\nx,y\nz,\"\xef\xbf\xbf\"\n", &opts(Format::Xml));
    assert_eq!(s.xml_dropped, 1);
    assert_eq!(s.xml_first_drop, Some((2, "B".into())));
    // The other formats keep them (JSON escapes control characters).
    let (out, _) = convert(input.as_bytes(), &opts(Format::Jsonl));
    assert_eq!(parse_jsonl(&out)[0][0].1, "a\u{0}b\u{b}c\u{c}d\u{1f}e");
}

#[test]
fn zero_data_rows_give_valid_empty_files() {
    for input in [&b"Email,Name\n"[..], b"Email,Name", b"Email,Name\r\n"] {
        let (out, s) = convert(input, &opts(Format::Json));
        assert_eq!(out, b"[]\n");
        assert!(parse_json(&out).is_empty());
        assert_eq!((s.rows_read, s.rows), (0, 0));
        assert_eq!(s.columns, ["Email", "Name"]);

        let (out, _) = convert(input, &opts(Format::Jsonl));
        assert!(out.is_empty());

        let (out, _) = convert(input, &opts(Format::Xml));
        assert_eq!(
            out,
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rows sheet=\"Contacts\">\n</rows>\n"
        );
        assert!(parse_xml(&out).1.is_empty());

        let (out, _) = convert(input, &opts(Format::Csv));
        assert_eq!(out, input);

        // gzip of nothing is still a complete gzip stream.
        let (gz, s) = convert(input, &Options::new(Format::Jsonl, true, "Contacts"));
        assert!(gunzip(&gz).is_empty());
        assert_eq!(s.bytes, gz.len() as u64);
    }
}

#[test]
fn a_bom_is_not_part_of_the_first_column_name() {
    let mut input = b"\xef\xbb\xbf".to_vec();
    input.extend_from_slice(b"Email,Name\na@b.example,Ann\n");
    for splits in [&[][..], &[1, 1, 1, 1][..], &[2, 5][..]] {
        let (out, s) = convert_split(&input, &opts(Format::Jsonl), splits);
        assert_eq!(s.columns, ["Email", "Name"]);
        assert_eq!(out, b"{\"Email\":\"a@b.example\",\"Name\":\"Ann\"}\n");
    }
    // csv as served keeps it; re-quoted csv writes it back.
    let (out, _) = convert(&input, &opts(Format::Csv));
    assert_eq!(out, input);
    let (out, s) = convert_with(&input, &opts(Format::Csv), keep_rows(|_| Ok(true)));
    assert_eq!(out, input);
    assert_eq!(s.columns[0], "Email");
    // Only one BOM is taken as one; csv-core takes a second at the very start as well, the same
    // way however the input is split.
    let mut two = b"\xef\xbb\xbf".to_vec();
    two.extend_from_slice(&input);
    let (whole, _) = convert(&two, &opts(Format::Jsonl));
    for n in 1..two.len() {
        let (split, _) = convert_split(&two, &opts(Format::Jsonl), &vec![1; n]);
        assert_eq!(split, whole, "{n}");
    }
}

/// Every format, with and without gzip, for the chunking tests.
fn all_options() -> Vec<Options> {
    let mut v = Vec::new();
    for f in Format::ALL {
        for gzip in [false, true] {
            v.push(Options::new(f, gzip, "Contacts"));
        }
    }
    v
}

#[test]
fn output_does_not_depend_on_how_the_input_is_split() {
    // Large enough that the gzip stream spans several batches.
    let mut big = SAMPLE.to_vec();
    big.extend_from_slice(b"\r\n");
    let body = &SAMPLE[SAMPLE.iter().position(|&b| b == b'\n').unwrap() + 1..];
    for _ in 0..3000 {
        big.extend_from_slice(body);
        big.extend_from_slice(b"\r\n");
    }
    let mut rng = fastrand::Rng::with_seed(42);
    for o in all_options() {
        let (whole, s) = convert(SAMPLE, &o);
        let (bytes, _) = convert_split(SAMPLE, &o, &vec![1; SAMPLE.len()]);
        assert_eq!(bytes, whole, "{o:?}: one byte at a time");
        // Every split point.
        for at in 1..SAMPLE.len() {
            let (bytes, s2) = convert_split(SAMPLE, &o, &[at]);
            assert_eq!(bytes, whole, "{o:?}: split at {at}");
            assert_eq!(s2, s);
        }
        let (big_whole, big_s) = convert(&big, &o);
        assert_eq!(big_s.rows, 4 + 3000 * 4);
        for _ in 0..5 {
            let splits: Vec<usize> = (0..rng.usize(1..200)).map(|_| rng.usize(0..4000)).collect();
            let (bytes, _) = convert_split(&big, &o, &splits);
            assert!(bytes == big_whole, "{o:?}: random splits {splits:?}");
        }
        let (bytes, _) = convert_split(&big, &o, &vec![1; big.len()]);
        assert!(bytes == big_whole, "{o:?}: one byte at a time");
    }
}

#[test]
fn gzip_wraps_each_format_and_is_complete() {
    let gzip_tool = std::process::Command::new("gzip")
        .arg("--version")
        .output()
        .is_ok();
    let dir = tempfile::tempdir().unwrap();
    for f in Format::ALL {
        let (plain, p) = convert(SAMPLE, &opts(f));
        let (gz, s) = convert(SAMPLE, &Options::new(f, true, "Contacts"));
        assert_eq!(gunzip(&gz), plain, "{f:?}");
        assert_eq!((s.bytes, s.rows), (gz.len() as u64, p.rows));
        assert_eq!(s.sha256.as_slice(), Sha256::digest(&gz).as_slice());
        // No time, no name, "unknown" OS: the header is the same on every machine and day.
        assert_eq!(&gz[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255]);
        if gzip_tool {
            let path = dir.path().join(format!("out.{}.gz", f.name()));
            std::fs::write(&path, &gz).unwrap();
            let st = std::process::Command::new("gzip")
                .arg("-t")
                .arg(&path)
                .status()
                .unwrap();
            assert!(st.success(), "gzip -t {f:?}");
        }
    }
}

#[test]
fn the_same_input_and_options_give_the_same_bytes() {
    for o in all_options() {
        let (a, sa) = convert(SAMPLE, &o);
        let (b, sb) = convert(SAMPLE, &o);
        assert_eq!(a, b);
        assert_eq!(sa.sha256_hex(), sb.sha256_hex());
        assert_eq!(sa.sha256_hex(), hex::encode(Sha256::digest(&a)));
        // A plan runs the converter into a sink that keeps nothing: same count, same hash.
        let mut conv = Converter::new(&o, std::io::sink());
        conv.push(SAMPLE).unwrap();
        let (_, plan) = conv.finish().unwrap();
        assert_eq!(plan, sa);
    }
    // Another gzip level is other bytes: the level is part of what must not change.
    let mut l6 = Options::new(Format::Jsonl, true, "Contacts");
    l6.gzip_level = 6;
    let (a, _) = convert(SAMPLE, &l6);
    let (b, _) = convert(SAMPLE, &Options::new(Format::Jsonl, true, "Contacts"));
    assert_eq!(gunzip(&a), gunzip(&b));
}

#[test]
fn a_record_with_another_field_count_is_an_error_naming_the_row() {
    for f in Format::ALL {
        for (input, row, found, expected_n) in [
            (&b"A,B,C\n1,2,3\n4,5\n"[..], 2, 2, 3),
            (b"A,B,C\n1,2,3\n4,5,6\n7,8,9,10\n", 3, 4, 3),
            (b"A,B\n1,2\n\"x\ny\",2,3,4,5,6,7,8", 2, 8, 2),
            (b"A\n1\n2,3", 2, 2, 1),
        ] {
            for splits in [&[][..], &[1; 64][..]] {
                let mut conv = Converter::new(&opts(f), Vec::new());
                let mut rest = input;
                let mut err = None;
                for &n in splits {
                    let n = n.min(rest.len());
                    if let Err(e) = conv.push(&rest[..n]) {
                        err = Some(e);
                        break;
                    }
                    rest = &rest[n..];
                }
                let err = match err {
                    Some(e) => e,
                    None => match conv.push(rest) {
                        Err(e) => e,
                        Ok(()) => conv.finish().err().unwrap(),
                    },
                };
                match err {
                    ConvertError::FieldCount {
                        row: r,
                        found: n,
                        expected,
                    } => {
                        assert_eq!(
                            (r, n, expected),
                            (row, found, expected_n),
                            "{f:?} {input:?}"
                        );
                    }
                    other => panic!("{f:?} {input:?}: {other}"),
                }
            }
        }
    }
    let e = ConvertError::FieldCount {
        row: 2,
        found: 2,
        expected: 3,
    };
    assert_eq!(
        e.to_string(),
        "row 2 of export.csv has 2 fields, but its header has 3"
    );
}

#[test]
fn after_an_error_the_converter_refuses_more() {
    let mut conv = Converter::new(&opts(Format::Jsonl), Vec::new());
    assert!(conv.push(b"A,B\n1\n").is_err());
    assert!(matches!(conv.push(b"2,3\n"), Err(ConvertError::Failed)));
    assert!(matches!(conv.finish(), Err(ConvertError::Failed)));
}

#[test]
fn no_header_is_an_error() {
    for input in [&b""[..], b"\xef\xbb\xbf", b"\n\r\n\n"] {
        for f in Format::ALL {
            let mut conv = Converter::new(&opts(f), Vec::new());
            conv.push(input).unwrap();
            assert!(
                matches!(conv.finish(), Err(ConvertError::NoHeader)),
                "{f:?} {input:?}"
            );
        }
    }
}

#[test]
fn text_formats_refuse_bytes_that_are_not_utf8_and_csv_copies_them() {
    let input = b"A,B\nok,\"caf\xe9\"\n";
    for f in [Format::Json, Format::Jsonl, Format::Xml] {
        let mut conv = Converter::new(&opts(f), Vec::new());
        match conv.push(input).and_then(|()| conv.finish().map(|_| ())) {
            Err(ConvertError::NotUtf8 { row, column }) => {
                assert_eq!((row, column.as_str()), (1, "B"))
            }
            other => panic!("{f:?}: {other:?}"),
        }
    }
    // A character cut in two by a delimiter is two bad fields, not one good character.
    let mut conv = Converter::new(&opts(Format::Jsonl), Vec::new());
    assert!(matches!(
        conv.push(b"A,B\n\xc3,\xa9\n"),
        Err(ConvertError::NotUtf8 { row: 1, column }) if column == "A"
    ));
    let mut conv = Converter::new(&opts(Format::Jsonl), Vec::new());
    conv.push(b"\xffA,B\n").unwrap();
    assert!(matches!(conv.finish(), Err(ConvertError::HeaderNotUtf8)));
    let (out, _) = convert(input, &opts(Format::Csv));
    assert_eq!(out, input);
}

#[test]
fn a_record_past_the_limit_is_an_error_not_unbounded_memory() {
    // An unclosed quote swallows the rest of the stream into one field.
    let mut conv = Converter::new(&opts(Format::Jsonl), std::io::sink());
    conv.push(b"A,B\n1,\"").unwrap();
    let chunk = vec![b'x'; 1 << 20];
    let mut err = None;
    for _ in 0..(MAX_RECORD_BYTES >> 20) + 2 {
        if let Err(e) = conv.push(&chunk) {
            err = Some(e);
            break;
        }
    }
    assert!(
        matches!(err, Some(ConvertError::RecordTooLarge { row: 1 })),
        "{err:?}"
    );
}

/// Converts with a selector.
fn convert_with(
    input: &[u8],
    opts: &Options,
    selector: impl RowSelector + 'static,
) -> (Vec<u8>, Summary) {
    let mut conv = Converter::selecting(opts, Vec::new(), selector);
    conv.push(input).unwrap();
    conv.finish().unwrap()
}

#[test]
fn a_selector_chooses_the_rows_and_csv_is_then_requoted() {
    let (header, rows) = expected(SAMPLE);
    fn keep_odd(r: &Row<'_>) -> Result<bool, SelectError> {
        Ok(r.index() % 2 == 1)
    }
    let (out, s) = convert_with(SAMPLE, &opts(Format::Csv), keep_rows(keep_odd));
    assert_eq!((s.rows_read, s.rows), (4, 2));
    // Header and rows 1 and 3 (0-based), quoted as needed, with the served CRLF.
    assert_eq!(
        out,
        b"Email,First Name,Soci\xc3\xa9t\xc3\xa9,\"Zip, Code\",Notes,Empty\r\n\
          b@c.example,,\xc3\x9cn\xc3\xafc\xc3\xb8d\xc3\xa9,,\"lf\nonly\",\r\n\
          ,,,,\"say \"\"hi\"\"\",x\r\n"
    );
    let (h2, r2) = expected(&out);
    assert_eq!(h2, header);
    assert_eq!(r2, vec![rows[1].clone(), rows[3].clone()]);

    let (out, s) = convert_with(SAMPLE, &opts(Format::Json), keep_rows(keep_odd));
    assert_eq!(s.rows, 2);
    let all = as_objects(&header, &rows);
    assert_eq!(parse_json(&out), vec![all[1].clone(), all[3].clone()]);
    let (out, _) = convert_with(SAMPLE, &opts(Format::Jsonl), keep_rows(|_| Ok(false)));
    assert!(out.is_empty());
    let (out, _) = convert_with(SAMPLE, &opts(Format::Json), keep_rows(|_| Ok(false)));
    assert_eq!(out, b"[]\n");
    let (out, _) = convert_with(SAMPLE, &opts(Format::Xml), keep_rows(keep_odd));
    assert_eq!(parse_xml(&out).1, vec![all[1].clone(), all[3].clone()]);
}

#[test]
fn requoting_every_row_gives_back_what_the_csv_crate_wrote() {
    let (header, rows) = expected(SAMPLE);
    for term in [csv::Terminator::Any(b'\n'), csv::Terminator::CRLF] {
        let mut w = csv::WriterBuilder::new()
            .terminator(term)
            .from_writer(Vec::new());
        w.write_record(&header).unwrap();
        for r in &rows {
            w.write_record(r).unwrap();
        }
        w.write_record([""; 6]).unwrap();
        let served = w.into_inner().unwrap();
        let (out, _) = convert_with(&served, &opts(Format::Csv), keep_rows(|_| Ok(true)));
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&served)
        );
    }
    // A one-column row with an empty cell stays a row.
    let (out, s) = convert_with(b"A\n\"\"\nx\n", &opts(Format::Csv), keep_rows(|_| Ok(true)));
    assert_eq!((out.as_slice(), s.rows), (&b"A\n\"\"\nx\n"[..], 2));
}

struct Recorder {
    columns: Vec<String>,
    seen: Vec<(u64, Vec<Vec<u8>>, blake3::Hash)>,
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl RowSelector for Recorder {
    fn begin(&mut self, columns: &[String]) -> Result<(), SelectError> {
        self.columns = columns.to_vec();
        Ok(())
    }

    fn keep(&mut self, row: &Row<'_>) -> Result<bool, SelectError> {
        assert_eq!(row.len(), self.columns.len());
        assert_eq!(row.field(row.len()), None);
        let fields: Vec<Vec<u8>> = row.fields().map(<[u8]>::to_vec).collect();
        for (i, f) in fields.iter().enumerate() {
            assert_eq!(row.field(i), Some(f.as_slice()));
        }
        self.seen.push((row.index(), fields, row.hash()));
        self.log
            .lock()
            .unwrap()
            .push(format!("{} {}", row.index(), row.hash()));
        Ok(true)
    }
}

#[test]
fn a_selector_sees_the_header_and_each_row_with_its_index_fields_and_hash() {
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let rec = Recorder {
        columns: Vec::new(),
        seen: Vec::new(),
        log: log.clone(),
    };
    let (_, rows) = expected(SAMPLE);
    let mut conv = Converter::selecting(&opts(Format::Jsonl), Vec::new(), rec);
    for b in SAMPLE.chunks(3) {
        conv.push(b).unwrap();
    }
    assert_eq!(conv.columns().map(<[String]>::len), Some(6));
    let (_, s) = conv.finish().unwrap();
    assert_eq!(s.rows, 4);
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 4);
    for (i, r) in rows.iter().enumerate() {
        let h = row_hash(r.iter().map(|f| f.as_bytes()));
        assert_eq!(log[i], format!("{i} {h}"));
    }
}

#[test]
fn the_row_hash_is_unambiguous_and_stable() {
    let h = |f: &[&str]| row_hash(f.iter().map(|s| s.as_bytes()));
    assert_ne!(h(&["a", "bc"]), h(&["ab", "c"]));
    assert_ne!(h(&["a", ""]), h(&["a"]));
    assert_ne!(h(&[""]), h(&[]));
    assert_ne!(h(&["a,b"]), h(&["a", "b"]));
    assert_eq!(h(&["x", "y"]), h(&["x", "y"]));
    // A ledger written today must match tomorrow's build: pin the definition.
    let mut manual = blake3::Hasher::new_derive_key("vern deliver 2025 row hash v1");
    for f in ["x", "yz"] {
        manual.update(&(f.len() as u64).to_le_bytes());
        manual.update(f.as_bytes());
    }
    assert_eq!(h(&["x", "yz"]), manual.finalize());
}

#[test]
fn a_selector_error_names_the_row() {
    let mut conv = Converter::selecting(
        &opts(Format::Jsonl),
        Vec::new(),
        keep_rows(|r| {
            if r.field(0) == Some(b"c@d.example") {
                Err("duplicate key c@d.example".into())
            } else {
                Ok(true)
            }
        }),
    );
    match conv.push(SAMPLE) {
        Err(e @ ConvertError::Select { row: 3, .. }) => {
            assert_eq!(e.to_string(), "row 3: duplicate key c@d.example")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_chunk_sink_hands_out_the_output_as_it_is_made() {
    let mut big = b"Email,Notes\n".to_vec();
    for i in 0..20_000 {
        big.extend_from_slice(format!("p{i}@x.example,\"note, {i}\"\n").as_bytes());
    }
    for o in all_options() {
        let (whole, s) = convert(&big, &o);
        let mut conv = Converter::new(&o, ChunkSink::default());
        let mut got = Vec::new();
        let mut takes = 0;
        let mut in_so_far = 0;
        for chunk in big.chunks(16 << 10) {
            conv.push(chunk).unwrap();
            let out = conv.sink_mut().take();
            assert!(conv.sink_mut().is_empty());
            takes += usize::from(!out.is_empty());
            got.extend_from_slice(&out);
            assert_eq!(conv.bytes_out(), got.len() as u64);
            in_so_far += chunk.len() as u64;
            assert_eq!(conv.bytes_in(), in_so_far);
        }
        assert_eq!(conv.rows(), 20_000);
        let (mut sink, s2) = conv.finish().unwrap();
        assert_eq!(sink.len(), whole.len() - got.len());
        got.extend_from_slice(&sink.take());
        assert_eq!(got, whole, "{o:?}");
        assert_eq!(s2, s);
        // Streamed: most of it left before the end.
        assert!(takes > 1, "{o:?}");
    }
}

#[test]
fn formats_name_their_extension_and_content_type() {
    let got: Vec<(&str, &str)> = Format::ALL
        .iter()
        .map(|f| (f.name(), f.content_type()))
        .collect();
    assert_eq!(
        got,
        [
            ("csv", "text/csv"),
            ("json", "application/json"),
            ("jsonl", "application/x-ndjson"),
            ("xml", "application/xml"),
        ]
    );
}

#[test]
fn a_failing_sink_is_an_error() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut conv = Converter::new(&opts(Format::Jsonl), Full);
    conv.push(SAMPLE).unwrap();
    match conv.finish() {
        Err(e @ ConvertError::Write(_)) => {
            assert_eq!(e.to_string(), "cannot write the converted file: disk full")
        }
        other => panic!("{:?}", other.map(|(_, s)| s)),
    }
}
