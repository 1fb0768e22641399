//! Numbers as people read them: counts with separators, sizes in binary units, durations — and
//! times as people write them. Shared by the human renderings in `ui`, the few display strings the
//! JSON documents carry, and the flags that take a time.

/// `1234567` → `1,234,567`
pub fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes in binary units: `1536` → `1.5 KiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// A duration as people read it: `42ms`, `1.5s`, `42s`, `2m10s`, `1h01m`.
pub fn duration(d: std::time::Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else if d.as_millis() >= 10_000 {
        format!("{s}s")
    } else if d.as_millis() >= 1000 {
        format!("{:.1}s", d.as_secs_f64())
    } else {
        format!("{}ms", d.as_millis())
    }
}

/// A time as RFC 3339 writes it — `2026-11-22T10:15:02Z`, with a fraction, a space for the `T`, an
/// offset such as `+02:00`, or no zone (UTC) — or a bare date (its midnight, UTC).
pub fn parse_time(s: &str) -> Option<std::time::SystemTime> {
    let s = s.trim();
    if s.len() == 10 {
        return humantime::parse_rfc3339_weak(&format!("{s}T00:00:00Z")).ok();
    }
    if let Ok(t) = humantime::parse_rfc3339_weak(s) {
        return Some(t);
    }
    // `±HH:MM` at the end: the local time, then moved to UTC.
    let (base, offset) = s.split_at_checked(s.len().checked_sub(6)?)?;
    let sign = match offset.as_bytes().first() {
        Some(b'+') => 1i64,
        Some(b'-') => -1i64,
        _ => return None,
    };
    let (h, m) = offset.get(1..)?.split_once(':')?;
    let (h, m): (u64, u64) = (h.parse().ok()?, m.parse().ok()?);
    if h > 23 || m > 59 {
        return None;
    }
    let local = humantime::parse_rfc3339_weak(base).ok()?;
    let shift = std::time::Duration::from_secs(h * 3600 + m * 60);
    if sign > 0 {
        local.checked_sub(shift)
    } else {
        local.checked_add(shift)
    }
}

/// A word as a shell reads it back: as it is when it is plain, else in single quotes
/// (`Sales Orders` → `'Sales Orders'`), so a `next:` command can be copied whole.
pub fn shell_word(s: &str) -> std::borrow::Cow<'_, str> {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if plain {
        s.into()
    } else {
        format!("'{}'", s.replace('\'', "'\\''")).into()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_and_bytes() {
        assert_eq!(super::count(0), "0");
        assert_eq!(super::count(999), "999");
        assert_eq!(super::count(1000), "1,000");
        assert_eq!(super::count(1234567), "1,234,567");
        assert_eq!(super::bytes(512), "512 B");
        assert_eq!(super::bytes(1536), "1.5 KiB");
        assert_eq!(super::bytes(3 * 1024 * 1024 * 1024), "3.0 GiB");
    }

    #[test]
    fn durations_read_naturally() {
        use super::duration;
        use std::time::Duration;
        assert_eq!(duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(duration(Duration::from_millis(42)), "42ms");
        assert_eq!(duration(Duration::from_secs(42)), "42s");
        assert_eq!(duration(Duration::from_secs(130)), "2m10s");
        assert_eq!(duration(Duration::from_secs(3700)), "1h01m");
    }

    #[test]
    fn times_are_read_as_rfc_3339_writes_them() {
        let t = |s: &str| {
            super::parse_time(s).map(|t| humantime::format_rfc3339_seconds(t).to_string())
        };
        assert_eq!(
            t("2026-11-22T10:15:02Z").as_deref(),
            Some("2026-11-22T10:15:02Z")
        );
        assert_eq!(
            t("2026-11-22T10:15:02.123Z").as_deref(),
            Some("2026-11-22T10:15:02Z")
        );
        assert_eq!(
            t("2026-11-22 10:15:02").as_deref(),
            Some("2026-11-22T10:15:02Z")
        );
        assert_eq!(
            t("2026-11-22T12:15:02+02:00").as_deref(),
            Some("2026-11-22T10:15:02Z")
        );
        assert_eq!(
            t("2026-11-22T08:15:02-02:00").as_deref(),
            Some("2026-11-22T10:15:02Z")
        );
        assert_eq!(t("2026-11-22").as_deref(), Some("2026-11-22T00:00:00Z"));
        assert_eq!(t("yesterday"), None);
        assert_eq!(t("24h"), None);
    }

    #[test]
    fn shell_words_quote_what_a_shell_would_split() {
        assert_eq!(super::shell_word("Contacts"), "Contacts");
        assert_eq!(super::shell_word("Sales Orders"), "'Sales Orders'");
        assert_eq!(super::shell_word("it's"), "'it'\\''s'");
    }
}
