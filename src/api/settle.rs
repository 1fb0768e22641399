//! Settling a request whose outcome is unknown. Provisioning a company and sending a decision must
//! never be blindly repeated: when the answer is lost (a dropped connection, a 5xx, a garbled
//! reply, a 409 that may be our own first attempt), the state is read back to learn whether the
//! request landed, and it is sent again only when it did not — an informed retry, not a blind one.

use super::client::Client;
use super::error::Error;

/// What reading the state back said about a request whose answer was lost.
pub enum ReadBack<T> {
    /// It landed; here is what it produced.
    Landed(T),
    /// It did not land: sending it again is safe.
    Absent,
    /// There is no way to tell (the API offers no lookup).
    Unknowable,
}

/// How a request ended.
pub enum Settled<T> {
    /// Answered.
    Sent(T),
    /// The answer was lost, and reading back showed that it landed.
    Recovered(T),
}

/// Why a request did not settle.
pub enum Unsettled {
    /// Refused outright, or known not to have landed (and not sent again): the error as it came.
    Failed(Error),
    /// The outcome stays unknown: it may or may not have landed.
    Unknown(Error),
}

impl Client {
    /// Send once; on an unknown outcome, read back and re-send (at most `resends` times, on the
    /// failure backoff) only while the read-back says the request did not land. A 409 that did
    /// not land is never re-sent: something else holds what the request wanted.
    pub async fn settle<T>(
        &self,
        what: &str,
        resends: usize,
        mut send: impl AsyncFnMut() -> Result<T, Error>,
        mut read_back: impl AsyncFnMut() -> Result<ReadBack<T>, Error>,
    ) -> Result<Settled<T>, Unsettled> {
        let mut pauses = self.policy().failures().take(resends);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let err = match send().await {
                Ok(v) => return Ok(Settled::Sent(v)),
                Err(e) if !e.outcome_unknown() => return Err(Unsettled::Failed(e)),
                Err(e) => e,
            };
            match read_back().await {
                Ok(ReadBack::Landed(v)) => return Ok(Settled::Recovered(v)),
                Ok(ReadBack::Unknowable) | Err(_) => return Err(Unsettled::Unknown(err)),
                Ok(ReadBack::Absent) => {}
            }
            if err.is_status(409) {
                return Err(Unsettled::Failed(err));
            }
            match pauses.next() {
                Some(d) => {
                    self.observer().retry(what, attempt, d, &err.to_string());
                    tokio::time::sleep(d).await;
                }
                None => return Err(Unsettled::Failed(err)),
            }
        }
    }
}
