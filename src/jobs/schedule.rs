//! A job's schedule: a 5-field cron expression (minute hour day-of-month month day-of-week, or
//! `@hourly`, `@daily`, `@weekly`, `@monthly`) in an IANA time zone, and the fire times it gives.
//!
//! Three layers, each for a reason found while probing `croner` 4 (see the research notes):
//! - **Our own pre-check** splits the five fields and checks each item (`*`, `*/N`, `A`, `A-B`,
//!   `A-B/N`, names only where they belong: JAN–DEC in the month field, SUN–SAT in the weekday
//!   field), so an error names the field and points at it. croner's own messages name neither,
//!   it replaces names across the whole pattern (`0 0 * MON *` would be January), and it accepts
//!   seconds, years and `L W # ? +`, none of which carry over to crontab, Kubernetes or GitHub.
//! - **croner** (strict: five fields) matches the normalized pattern against wall-clock times
//!   (`jiff::civil::DateTime`). Day-of-month and day-of-week combine as in croner, Kubernetes and
//!   Vixie cron when both are restricted: either matches (`0 0 13 * 5` = the 13th and Fridays);
//!   only an exact `*` counts as unrestricted.
//! - **Our DST policy** turns wall-clock matches into instants in the job's zone, because
//!   croner's rule treats any pattern with several minute or hour values as an interval job
//!   (`30 2,14 * * *` would lose its 02:30 on a spring-forward day and run twice in a fall-back
//!   hour). As in Vixie cron, a job is *wildcard* when its minute or hour field starts with `*`;
//!   otherwise every time it names is a *fixed* time.
//!   - fixed: a time in the spring-forward gap runs at the first valid time after it (the
//!     transition); a time in the repeated fall-back hour runs once, at its first occurrence.
//!   - wildcard: times that do not exist are skipped; a repeated hour runs on both passes (an
//!     hourly job keeps its real-time cadence).
//!
//! Zones come from the tzdb bundled into the binary, never from the machine.

use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::fmt;

/// (name, min, max, names accepted in that field)
const FIELDS: [(&str, u32, u32, &[&str]); 5] = [
    ("minute", 0, 59, &[]),
    ("hour", 0, 23, &[]),
    ("day-of-month", 1, 31, &[]),
    (
        "month",
        1,
        12,
        &[
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ],
    ),
    // 0 and 7 are both Sunday, as in Vixie cron.
    (
        "day-of-week",
        0,
        7,
        &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    ),
];

const NICKNAMES: [(&str, &str); 4] = [
    ("@hourly", "0 * * * *"),
    ("@daily", "0 0 * * *"),
    ("@weekly", "0 0 * * 0"),
    ("@monthly", "0 0 1 * *"),
];

/// Longest backward wall-clock jump to allow for (every tzdb fold since 1970 is at most 2 h).
const FOLD_MARGIN: SignedDuration = SignedDuration::from_hours(3);

/// How far ahead a schedule must fire at least once (`0 0 30 2 *` never does).
const HORIZON_HOURS: i64 = 24 * 366 * 8;

/// A cron expression that is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    pub expr: String,
    /// Byte range in `expr` that is wrong.
    pub span: (usize, usize),
    /// The field's name when the error is inside one field.
    pub field: Option<&'static str>,
    pub message: String,
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(
                f,
                "invalid cron expression: {field} field: {}",
                self.message
            )?,
            None => write!(f, "invalid cron expression: {}", self.message)?,
        }
        let (start, end) = self.span;
        let width = self.expr[start..end].chars().count().max(1);
        let pad = self.expr[..start].chars().count();
        write!(
            f,
            "\n  {}\n  {}{}",
            self.expr,
            " ".repeat(pad),
            "^".repeat(width)
        )
    }
}

impl std::error::Error for ScheduleError {}

/// A parsed schedule: the expression as written, the normalized form croner matches (numbers
/// only), and croner's matcher.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub source: String,
    pub normalized: String,
    cron: Cron,
}

impl Schedule {
    /// Vixie cron's MIN_STAR|HR_STAR test: a wildcard job runs on both passes of a repeated hour
    /// and skips times that do not exist.
    pub fn is_wildcard(&self) -> bool {
        let mut f = self.normalized.split(' ');
        let (min, hour) = (f.next().unwrap_or("*"), f.next().unwrap_or("*"));
        min.starts_with('*') || hour.starts_with('*')
    }
}

impl std::str::FromStr for Schedule {
    type Err = ScheduleError;

    fn from_str(s: &str) -> Result<Schedule, ScheduleError> {
        parse(s)
    }
}

/// Parse and check a 5-field expression (or a nickname); the error points at the wrong field.
pub fn parse(expr: &str) -> Result<Schedule, ScheduleError> {
    let err = |span: (usize, usize), field: Option<&'static str>, message: String| ScheduleError {
        expr: expr.to_string(),
        span,
        field,
        message,
    };
    let trimmed = expr.trim();
    let lead = expr.len() - expr.trim_start().len();
    if trimmed.is_empty() {
        return Err(err((0, expr.len()), None, "the expression is empty".into()));
    }
    let whole = (lead, lead + trimmed.len());
    let body = if trimmed.starts_with('@') {
        match NICKNAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(trimmed))
        {
            Some((_, five)) => five.to_string(),
            None => {
                return Err(err(
                    whole,
                    None,
                    format!(
                        "unknown nickname {trimmed:?}; accepted: @hourly, @daily, @weekly, @monthly"
                    ),
                ));
            }
        }
    } else {
        trimmed.to_string()
    };
    // Fields with their byte offsets in `expr` (a nickname's expansion is known to be good).
    let base = if trimmed.starts_with('@') { 0 } else { lead };
    let mut fields: Vec<(usize, &str)> = Vec::new();
    let mut i = 0;
    for part in body.split_whitespace() {
        let at = body[i..].find(part).map_or(i, |p| p + i);
        fields.push((base + at, part));
        i = at + part.len();
    }
    if fields.len() != 5 {
        let hint = if fields.len() == 6 || fields.len() == 7 {
            "; a seconds (or year) field is not supported"
        } else {
            ""
        };
        return Err(err(
            whole,
            None,
            format!(
                "expected 5 fields (minute hour day-of-month month day-of-week), found {}{hint}",
                fields.len()
            ),
        ));
    }
    let mut normalized = Vec::with_capacity(5);
    for (idx, &(at, text)) in fields.iter().enumerate() {
        let (name, min, max, names) = FIELDS[idx];
        let ferr = |m: String| err((at, at + text.len()), Some(name), m);
        normalized.push(field(text, min, max, names).map_err(ferr)?);
    }
    let normalized = normalized.join(" ");
    let cron = CronParser::builder()
        .seconds(Seconds::Disallowed)
        .year(Year::Disallowed)
        .build()
        .parse(&normalized)
        // Not reached for anything the pre-check passes (tested); kept as a backstop.
        .map_err(|e| err(whole, None, e.to_string()))?;
    Ok(Schedule {
        source: trimmed.to_string(),
        normalized,
        cron,
    })
}

/// One field, checked item by item and normalized to numbers.
fn field(text: &str, min: u32, max: u32, names: &[&str]) -> Result<String, String> {
    let mut items = Vec::new();
    for item in text.split(',') {
        if item.is_empty() {
            return Err(format!("{text:?} has an empty list item"));
        }
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => {
                let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                let step: u32 = s
                    .parse()
                    .ok()
                    .filter(|_| digits)
                    .ok_or_else(|| format!("step {s:?} in {item:?} is not a number"))?;
                if step == 0 || step > max {
                    return Err(format!("step {step} in {item:?} must be 1-{max}"));
                }
                (r, Some(step))
            }
            None => (item, None),
        };
        let value = |v: &str| -> Result<u32, String> {
            if let Some(pos) = names.iter().position(|n| n.eq_ignore_ascii_case(v)) {
                return Ok(pos as u32 + min);
            }
            // (`str::parse::<u32>` alone would accept "+1".)
            let digits = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
            let n: u32 = v.parse().ok().filter(|_| digits).ok_or_else(|| {
                let extra = match names {
                    [first, .., last] => format!(" or a name ({first}-{last})"),
                    _ => String::new(),
                };
                let why = if v.chars().any(|c| "LW#?+".contains(c)) {
                    " (L, W, #, ? and + are not supported: they do not carry over to crontab, Kubernetes or GitHub Actions)"
                } else {
                    ""
                };
                format!("{v:?} is not a number {min}-{max}{extra}{why}")
            })?;
            if n < min || n > max {
                return Err(format!("{n} is out of range {min}-{max}"));
            }
            Ok(n)
        };
        let range = if range == "*" {
            "*".to_string()
        } else if let Some((a, b)) = range.split_once('-') {
            let (a, b) = (value(a)?, value(b)?);
            if a > b {
                return Err(format!("range {range:?} runs backwards"));
            }
            format!("{a}-{b}")
        } else {
            let a = value(range)?;
            if let Some(s) = step {
                // Vixie cron and croner refuse "5/15"; say what to write instead.
                return Err(format!(
                    "{item:?}: a step needs a range, write \"{a}-{max}/{s}\" or \"*/{s}\""
                ));
            }
            a.to_string()
        };
        items.push(match step {
            Some(s) => format!("{range}/{s}"),
            None => range,
        });
    }
    Ok(items.join(","))
}

/// A time zone name that is not in the tzdb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneError {
    pub name: String,
    pub suggestion: Option<String>,
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown time zone {:?} (an IANA name such as Europe/Berlin or UTC)",
            self.name
        )?;
        if let Some(s) = &self.suggestion {
            write!(f, "; did you mean {s}?")?;
        }
        Ok(())
    }
}

impl std::error::Error for ZoneError {}

/// A zone by its IANA name (case-insensitive), with its canonical spelling to store.
pub fn zone(name: &str) -> Result<(TimeZone, String), ZoneError> {
    let db = jiff::tz::db();
    let name = name.trim();
    match db.get(name) {
        Ok(tz) if !name.is_empty() => {
            let canonical = tz.iana_name().unwrap_or(name).to_string();
            Ok((tz, canonical))
        }
        _ => {
            let lower = name.to_ascii_lowercase();
            let suggestion = db
                .available()
                .map(|n| n.as_str().to_string())
                .map(|n| (edit_distance(&lower, &n.to_ascii_lowercase()), n))
                .filter(|(d, _)| *d <= 3)
                .min()
                .map(|(_, n)| n);
            Err(ZoneError {
                name: name.to_string(),
                suggestion,
            })
        }
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Every fire time in (after, until], oldest first, at most `limit`, under the DST policy above.
pub fn fire_times(
    s: &Schedule,
    tz: &TimeZone,
    after: Timestamp,
    until: Timestamp,
    limit: usize,
) -> Vec<Timestamp> {
    use jiff::tz::AmbiguousOffset::{Fold, Gap, Unambiguous};
    if limit == 0 || until <= after {
        return Vec::new();
    }
    let wildcard = s.is_wildcard();
    // Start the wall-clock walk early enough to see the second pass of a fold `after` may sit
    // in; stop late enough to see the first pass of one `until` may sit in.
    let mut cursor = tz.to_datetime(after.saturating_sub(FOLD_MARGIN).unwrap_or(after));
    let mut stop = tz.to_datetime(until.saturating_add(FOLD_MARGIN).unwrap_or(until));
    // Ordered and deduplicated: two gap times of one fixed job land on the same instant.
    let mut out = std::collections::BTreeSet::new();
    let mut in_window = 0usize;
    // croner's own iterator prints errors on stderr; step with the fallible search instead. It
    // gives up (an error) when nothing matches within its search limit.
    while let Ok(civil) = s.cron.find_next_occurrence(&cursor, false) {
        if civil > stop {
            break;
        }
        cursor = civil;
        let mut found: [Option<Timestamp>; 2] = [None, None];
        match tz.to_ambiguous_timestamp(civil).offset() {
            Unambiguous { offset } => found[0] = offset.to_timestamp(civil).ok(),
            // Wildcard jobs lose wall-clock times that do not exist (Vixie cron, and croner).
            Gap { .. } if wildcard => {}
            Gap {
                after: off_after, ..
            } => {
                // `civil` read with the post-gap offset is an instant just before the
                // transition; the next transition is the first valid time after the gap.
                found[0] = off_after
                    .to_timestamp(civil)
                    .ok()
                    .and_then(|probe| tz.following(probe).next())
                    .map(|tr| tr.timestamp());
            }
            Fold {
                before,
                after: off_after,
            } => {
                found[0] = before.to_timestamp(civil).ok();
                if wildcard {
                    found[1] = off_after.to_timestamp(civil).ok();
                }
            }
        }
        for t in found.into_iter().flatten() {
            if out.insert(t) && t > after && t <= until {
                in_window += 1;
            }
        }
        if in_window >= limit {
            // Enough; walk on one fold margin so that an earlier instant met later on the wall
            // clock (the second pass of a fold) is not missed.
            let margin = civil.checked_add(FOLD_MARGIN).unwrap_or(civil);
            if margin < stop {
                stop = margin;
            }
        }
    }
    out.into_iter()
        .filter(|t| *t > after && *t <= until)
        .take(limit)
        .collect()
}

/// The first fire time strictly after `after`; `None` when the schedule never fires within
/// eight years (`0 0 30 2 *`).
pub fn next_fire_time(s: &Schedule, tz: &TimeZone, after: Timestamp) -> Option<Timestamp> {
    for hours in [26i64, 24 * 32, 24 * 367, HORIZON_HOURS] {
        let until = after
            .saturating_add(SignedDuration::from_hours(hours))
            .ok()?;
        if let Some(t) = fire_times(s, tz, after, until, 1).first() {
            return Some(*t);
        }
    }
    None
}

/// The next `n` fire times after `after`.
pub fn next_fire_times(s: &Schedule, tz: &TimeZone, after: Timestamp, n: usize) -> Vec<Timestamp> {
    let mut out = Vec::with_capacity(n);
    let mut from = after;
    while out.len() < n {
        match next_fire_time(s, tz, from) {
            Some(t) => {
                out.push(t);
                from = t;
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn tz(name: &str) -> TimeZone {
        zone(name).unwrap().0
    }

    fn utc(v: &[Timestamp]) -> Vec<String> {
        v.iter().map(|t| t.to_string()).collect()
    }

    /// Fire times in (after, until] as UTC strings.
    fn between(expr: &str, zone: &str, after: &str, until: &str) -> Vec<String> {
        utc(&fire_times(
            &parse(expr).unwrap(),
            &tz(zone),
            ts(after),
            ts(until),
            10_000,
        ))
    }

    #[test]
    fn five_fields_nicknames_and_names_normalize() {
        for (p, norm) in [
            ("*/5 * * * *", "*/5 * * * *"),
            ("0 9-17 * * MON-FRI", "0 9-17 * * 1-5"),
            ("0 0 1 jan,Jul *", "0 0 1 1,7 *"),
            ("0 0 * * 7", "0 0 * * 7"),
            ("0-30/10 1,2 * * *", "0-30/10 1,2 * * *"),
            ("  15 3 * * *  ", "15 3 * * *"),
            ("@hourly", "0 * * * *"),
            ("@Daily", "0 0 * * *"),
            ("@weekly", "0 0 * * 0"),
            ("@monthly", "0 0 1 * *"),
        ] {
            let s = parse(p).unwrap_or_else(|e| panic!("{p}: {e}"));
            assert_eq!(s.normalized, norm, "{p}");
        }
        let weekly = parse("@weekly").unwrap();
        let n = next_fire_time(&weekly, &TimeZone::UTC, ts("2026-06-03T12:00:00Z")).unwrap();
        assert_eq!(n.to_string(), "2026-06-07T00:00:00Z", "Sunday 00:00");
    }

    #[test]
    fn errors_name_the_field_and_point_at_it() {
        let e = parse("0 24 * * *").unwrap_err();
        assert_eq!(e.field, Some("hour"));
        assert_eq!(
            e.to_string(),
            "invalid cron expression: hour field: 24 is out of range 0-23\n  0 24 * * *\n    ^^"
        );
        for (p, field, msg) in [
            ("61 * * * *", "minute", "61 is out of range 0-59"),
            ("0 0 0 * *", "day-of-month", "0 is out of range 1-31"),
            ("0 0 * 13 *", "month", "13 is out of range 1-12"),
            ("0 0 * * 8", "day-of-week", "8 is out of range 0-7"),
            ("5-1 * * * *", "minute", "runs backwards"),
            ("5/15 * * * *", "minute", "write \"5-59/15\" or \"*/15\""),
            ("*/0 * * * *", "minute", "step 0"),
            ("*/+1 * * * *", "minute", "is not a number"),
            ("0 0 * MON *", "month", "\"MON\" is not a number 1-12"),
            (
                "0 0 * * SUNDAY",
                "day-of-week",
                "\"SUNDAY\" is not a number",
            ),
            ("0 0 L * *", "day-of-month", "are not supported"),
            ("0 0 * * 5#2", "day-of-week", "are not supported"),
            ("0 0 * * +1", "day-of-week", "are not supported"),
            ("1,,2 * * * *", "minute", "empty list item"),
        ] {
            let e = parse(p).unwrap_err();
            assert_eq!(e.field, Some(field), "{p}: {e}");
            assert!(e.message.contains(msg), "{p}: {e}");
        }
        for p in ["", "* * * *", "0 0 * * * *", "@reboot", "@yearly"] {
            assert_eq!(parse(p).unwrap_err().field, None, "{p}");
        }
        assert!(
            parse("0 0 * * * *")
                .unwrap_err()
                .message
                .contains("a seconds (or year) field is not supported")
        );
    }

    #[test]
    fn zones_come_from_the_bundled_tzdb() {
        assert_eq!(zone("europe/berlin").unwrap().1, "Europe/Berlin");
        assert_eq!(zone("UTC").unwrap().1, "UTC");
        let e = zone("Europe/Berln").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("Europe/Berlin"));
        for bad in ["+02:00", "CEST", "Mars/Olympus", ""] {
            assert!(zone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_schedule_that_never_fires_is_found_out() {
        let feb30 = parse("0 0 30 2 *").unwrap();
        assert_eq!(
            next_fire_time(&feb30, &TimeZone::UTC, ts("2026-01-01T00:00:00Z")),
            None
        );
        let feb29 = parse("0 0 29 2 *").unwrap();
        assert_eq!(
            next_fire_time(&feb29, &TimeZone::UTC, ts("2026-01-01T00:00:00Z"))
                .unwrap()
                .to_string(),
            "2028-02-29T00:00:00Z"
        );
    }

    #[test]
    fn day_of_month_and_day_of_week_either_match_when_both_are_restricted() {
        let s = parse("0 0 13 * 5").unwrap();
        let got = utc(&next_fire_times(
            &s,
            &TimeZone::UTC,
            ts("2026-03-01T00:00:00Z"),
            3,
        ));
        assert_eq!(
            got,
            [
                "2026-03-06T00:00:00Z",
                "2026-03-13T00:00:00Z",
                "2026-03-20T00:00:00Z"
            ]
        );
    }

    #[test]
    fn a_fixed_time_in_the_spring_forward_gap_runs_at_the_first_valid_time_after_it() {
        // New York, 2026-03-08: 02:00 EST -> 03:00 EDT.
        assert_eq!(
            between(
                "30 2 * * *",
                "America/New_York",
                "2026-03-07T12:00:00Z",
                "2026-03-09T12:00:00Z"
            ),
            ["2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"]
        );
        // Several fixed times: croner alone would lose the 02:30 run.
        assert_eq!(
            between(
                "30 2,14 * * *",
                "America/New_York",
                "2026-03-08T00:00:00Z",
                "2026-03-09T00:00:00Z"
            ),
            ["2026-03-08T07:00:00Z", "2026-03-08T18:30:00Z"]
        );
        // Two fixed times inside one gap collapse into one run.
        assert_eq!(
            between(
                "0,30 2 * * *",
                "Europe/Berlin",
                "2026-03-28T23:00:00Z",
                "2026-03-29T03:00:00Z"
            ),
            ["2026-03-29T01:00:00Z"]
        );
        // A wildcard job skips the hour that does not exist.
        let hourly = between(
            "0 * * * *",
            "America/New_York",
            "2026-03-08T05:00:00Z",
            "2026-03-08T08:00:00Z",
        );
        assert_eq!(
            hourly,
            [
                "2026-03-08T06:00:00Z",
                "2026-03-08T07:00:00Z",
                "2026-03-08T08:00:00Z"
            ]
        );
        assert!(
            between(
                "*/15 2 * * *",
                "Europe/Berlin",
                "2026-03-28T23:00:00Z",
                "2026-03-29T03:00:00Z"
            )
            .is_empty()
        );
    }

    #[test]
    fn a_fixed_time_in_the_repeated_fall_back_hour_runs_once_at_its_first_occurrence() {
        // New York, 2026-11-01: 02:00 EDT -> 01:00 EST; 01:30 happens twice.
        assert_eq!(
            between(
                "30 1 * * *",
                "America/New_York",
                "2026-11-01T00:00:00Z",
                "2026-11-02T00:00:00Z"
            ),
            ["2026-11-01T05:30:00Z"]
        );
        assert_eq!(
            between(
                "30 1,13 * * *",
                "America/New_York",
                "2026-11-01T00:00:00Z",
                "2026-11-02T00:00:00Z"
            ),
            ["2026-11-01T05:30:00Z", "2026-11-01T18:30:00Z"]
        );
        // Berlin, 2026-10-25: 03:00 CEST -> 02:00 CET.
        assert_eq!(
            between(
                "30 2 * * *",
                "Europe/Berlin",
                "2026-10-24T12:00:00Z",
                "2026-10-26T12:00:00Z"
            ),
            ["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]
        );
        // A window that starts inside the second pass finds nothing more that day.
        assert!(
            between(
                "30 1 * * *",
                "America/New_York",
                "2026-11-01T06:00:00Z",
                "2026-11-01T12:00:00Z"
            )
            .is_empty()
        );
        // A wildcard job runs on both passes: 25 hourly runs that day.
        let day = between(
            "0 * * * *",
            "America/New_York",
            "2026-11-01T03:59:59Z",
            "2026-11-02T04:59:59Z",
        );
        assert_eq!(day.len(), 25, "{day:?}");
    }

    #[test]
    fn fire_times_are_bounded_and_exclusive_of_the_start() {
        let s = parse("* * * * *").unwrap();
        let got = fire_times(
            &s,
            &tz("Europe/Berlin"),
            ts("2026-06-01T00:00:00Z"),
            ts("2026-06-02T00:00:00Z"),
            usize::MAX,
        );
        assert_eq!(got.len(), 1440);
        assert_eq!(got[0].to_string(), "2026-06-01T00:01:00Z");
        let capped = fire_times(
            &s,
            &TimeZone::UTC,
            ts("2026-01-01T00:00:00Z"),
            ts("2027-01-01T00:00:00Z"),
            100,
        );
        assert_eq!(capped.len(), 100);
        // Sub-second starts do not give an earlier instant.
        let half = "2026-06-01T10:00:00.5Z".parse::<Timestamp>().unwrap();
        let next = next_fire_time(&s, &TimeZone::UTC, half).unwrap();
        assert_eq!(next.to_string(), "2026-06-01T10:01:00Z");
    }
}
