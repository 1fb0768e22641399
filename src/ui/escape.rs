//! Text vern did not write — a server's error message, a run's progress message, a journal record
//! — made harmless before it reaches a terminal. A control character in it would act on the
//! terminal instead of showing: `\e]0;…\a` retitles the window, `\e[2J` clears the screen, `\r`
//! overwrites a line with a spoofed one, and C1 controls (`\u{9b}` is CSI) do the same in one
//! character. They are shown as visible escapes instead; `\n` and `\t` stay, since multi-line
//! messages and tables need them.
//!
//! Applied where text leaves `ui` for a terminal, to the text only: vern's own colours and the
//! redraws of its progress bars are added after escaping, so they keep working.

use std::borrow::Cow;

/// Whether `c` would act on a terminal rather than show: C0 controls but `\n` and `\t`, DEL, and
/// the C1 controls (`char::is_control` is exactly those: Unicode category Cc).
fn acts_on_terminal(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `text` with every control character but `\n` and `\t` written as an escape (`\r`, `\u{1b}`).
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            c if acts_on_terminal(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A JSON document safe for a terminal. serde_json escapes the C0 controls inside strings but
/// writes DEL and the C1 controls as they are; those become `\u00XX` escapes, which is the same
/// JSON. Outside strings a JSON text holds only ASCII punctuation, letters, digits and
/// whitespace, so every character replaced here is inside a string.
pub(crate) fn json(text: String) -> String {
    let raw = |c: char| c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c);
    if !text.chars().any(raw) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_show_as_escapes_and_newlines_and_tabs_stay() {
        assert_eq!(escape("plain text"), "plain text");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("a\u{1b}]0;owned\u{7}b\u{1b}[2Jc\rd\u{9b}31me\u{7f}"),
            "a\\u{1b}]0;owned\\u{7}b\\u{1b}[2Jc\\rd\\u{9b}31me\\u{7f}"
        );
        assert_eq!(escape("line 1\nline 2\tcol"), "line 1\nline 2\tcol");
        assert_eq!(escape("café ✓"), "café ✓");
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_c1_controls() {
        let doc = serde_json::json!({"error": "a\u{1b}[2J\u{9b}b\u{7f}é"});
        let text = json(serde_json::to_string(&doc).unwrap());
        assert!(!text.chars().any(char::is_control), "{text}");
        assert!(text.contains("\\u009b") && text.contains("\\u007f") && text.contains('é'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, doc);
    }
}
