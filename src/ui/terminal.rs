//! Giving the terminal back after a prompt, however the prompt ends.
//!
//! dialoguer hides the cursor for a menu or a `[y/N]` and reads each key in raw mode (console
//! switches it on per key and back off). Two ways out skip the undoing:
//! - Ctrl-C while a key is read: console restores the mode, raises SIGINT and returns an error,
//!   and dialoguer returns that error without showing the cursor again. [`Held`] shows it on
//!   every way out of a prompt.
//! - A signal that ends the process from outside the prompt (Ctrl-C between two key reads,
//!   SIGTERM, `--timeout`): `cli::dispatch` ends the command while the prompt's thread may sit in
//!   raw mode with the cursor hidden. [`Held`] keeps the mode from before the prompt so that
//!   `Ui::restore_terminal` can put it back.

use crate::exit::{ExitCode, UserError};
use std::sync::Mutex;
use std::time::Duration;

/// A terminal's line settings (echo, line editing, signal keys).
#[cfg(unix)]
type Settings = libc::termios;
#[cfg(not(unix))]
type Settings = ();

/// The mode of the terminal the prompts read keys from, as it was before a prompt (unknown when
/// it could not be read).
#[derive(Clone, Copy)]
pub(crate) struct Mode(Option<Settings>);

impl Mode {
    /// stdin's mode now: prompts only run with a terminal on stdin, and console reads keys
    /// from it.
    fn current() -> Mode {
        #[cfg(unix)]
        {
            let mut t = std::mem::MaybeUninit::<libc::termios>::uninit();
            // SAFETY: tcgetattr fills `t` when it returns 0; `t` is read only then.
            Mode(unsafe {
                (libc::tcgetattr(libc::STDIN_FILENO, t.as_mut_ptr()) == 0).then(|| t.assume_init())
            })
        }
        #[cfg(not(unix))]
        Mode(None)
    }

    fn restore(&self) {
        #[cfg(unix)]
        if let Some(t) = &self.0 {
            // SAFETY: the settings were read from this descriptor by `current`.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t);
            }
        }
    }
}

/// While a prompt runs: the terminal's mode from before it, in the `Ui`'s slot (which also says
/// that a prompt runs). Dropping it (the prompt ended, however) empties the slot and shows the
/// cursor.
pub(crate) struct Held<'a> {
    slot: &'a Mutex<Option<Mode>>,
}

impl<'a> Held<'a> {
    pub(crate) fn new(slot: &'a Mutex<Option<Mode>>) -> Held<'a> {
        if let Ok(mut s) = slot.lock() {
            *s = Some(Mode::current());
        }
        Held { slot }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if let Ok(mut s) = self.slot.lock() {
            *s = None;
        }
        // dialoguer shows the cursor again when a prompt is answered, not when it fails.
        show_cursor();
    }
}

/// The process is stopping while a prompt may still run: put the terminal back as it was. The
/// slot stays set, since the prompt (on its own thread) has not ended.
pub(crate) fn restore(slot: &Mutex<Option<Mode>>) {
    let held = slot.lock().ok().and_then(|s| *s);
    if let Some(mode) = held {
        mode.restore();
        show_cursor();
    }
}

/// True while a prompt runs.
pub(crate) fn prompting(slot: &Mutex<Option<Mode>>) -> bool {
    slot.lock().is_ok_and(|s| s.is_some())
}

fn show_cursor() {
    let _ = console::Term::stderr().show_cursor();
}

/// A prompt's failure as the command sees it: Ctrl-C is an interrupt (exit 130), not an I/O
/// error.
pub(crate) fn prompt_error(e: dialoguer::Error) -> anyhow::Error {
    match &e {
        dialoguer::Error::IO(io) if io.kind() == std::io::ErrorKind::Interrupted => {
            UserError::new(ExitCode::Interrupted, "interrupted").into()
        }
        _ => e.into(),
    }
}

/// After Ctrl-C at a prompt on a blocking thread. console has raised SIGINT, and
/// `cli::dispatch` answers it: the journal marks the operation interrupted and the process exits
/// 130, this thread with it. Returning the error at once would race that answer, and the command
/// could record the operation as failed first. So wait for the process to end; the error goes on
/// only if nothing ends it.
pub(crate) fn wait_for_the_interrupt() {
    std::thread::sleep(Duration::from_secs(5));
}
