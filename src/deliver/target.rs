//! Where a delivery goes (`--to`): a local directory, S3, Azure Blob, SFTP or a webhook, parsed
//! and checked before anything is sent. Plain `http://` is refused except on loopback, as for the
//! API. Credentials are never part of a target (they come from the environment or an agent).

use std::fmt;
use std::path::PathBuf;
use url::Url;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A local directory (created if missing).
    Dir(PathBuf),
    /// `s3://BUCKET/PREFIX`
    S3 { bucket: String, prefix: String },
    /// `az://CONTAINER/PREFIX` (also `azure://`)
    Azure { container: String, prefix: String },
    /// `sftp://USER@HOST[:PORT]/PATH`
    Sftp {
        user: String,
        host: String,
        port: u16,
        /// Absolute, or relative to the login directory (`~/dir`).
        path: String,
    },
    /// `https://HOST/PATH` (or `http://` on loopback)
    Webhook(Url),
}

impl Target {
    pub fn parse(s: &str) -> Result<Target, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("--to is empty".into());
        }
        let Some((scheme, rest)) = s.split_once("://") else {
            return Ok(Target::Dir(PathBuf::from(s)));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "file" => {
                if !rest.starts_with('/') {
                    return Err(format!(
                        "'{s}': a file:// URL takes an absolute path (file:///abs/dir)"
                    ));
                }
                Ok(Target::Dir(PathBuf::from(rest)))
            }
            "s3" => {
                let (bucket, prefix) = bucket_and_prefix(rest, "s3://BUCKET/PREFIX", s)?;
                Ok(Target::S3 { bucket, prefix })
            }
            "az" | "azure" => {
                let (container, prefix) = bucket_and_prefix(rest, "az://CONTAINER/PREFIX", s)?;
                Ok(Target::Azure { container, prefix })
            }
            "sftp" => sftp(s),
            "https" | "http" => {
                let url = Url::parse(s).map_err(|e| format!("'{s}' is not a URL: {e}"))?;
                if url.scheme() == "http" && !crate::api::client::is_loopback_host(&url) {
                    return Err(format!(
                        "'{s}': plain http:// is only allowed on loopback; use https://"
                    ));
                }
                if url.password().is_some() || !url.username().is_empty() {
                    return Err(format!(
                        "'{}': credentials do not belong in --to (they would show in `ps`); the signing secret comes from VERN_WEBHOOK_SECRET",
                        redacted(&url)
                    ));
                }
                Ok(Target::Webhook(url))
            }
            other => Err(format!(
                "unknown destination scheme '{other}://' (vern delivers to a directory, s3://, az://, sftp:// or https://)"
            )),
        }
    }

    /// The kind as jobs and reports name it: `file`, `s3`, `azure-blob`, `sftp`, `webhook`.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Dir(_) => "file",
            Target::S3 { .. } => "s3",
            Target::Azure { .. } => "azure-blob",
            Target::Sftp { .. } => "sftp",
            Target::Webhook(_) => "webhook",
        }
    }

    /// Whether this vern delivers there yet (SFTP and webhooks come next).
    pub fn supported(&self) -> Result<(), String> {
        if matches!(self, Target::Sftp { .. } | Target::Webhook(_)) {
            return Err(format!(
                "delivering to {} is not built yet: this vern delivers to a directory, s3:// and az://",
                self.kind()
            ));
        }
        Ok(())
    }

    /// Whether files land there (everything but a webhook, which takes batches).
    pub fn is_file_like(&self) -> bool {
        !matches!(self, Target::Webhook(_))
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Dir(p) => write!(f, "{}", p.display()),
            Target::S3 { bucket, prefix } => write!(f, "s3://{bucket}/{prefix}"),
            Target::Azure { container, prefix } => write!(f, "az://{container}/{prefix}"),
            Target::Sftp {
                user,
                host,
                port,
                path,
            } => {
                let port = if *port == 22 {
                    String::new()
                } else {
                    format!(":{port}")
                };
                let sep = if path.starts_with('/') { "" } else { "/" };
                write!(f, "sftp://{user}@{host}{port}{sep}{path}")
            }
            Target::Webhook(u) => f.write_str(u.as_str()),
        }
    }
}

fn bucket_and_prefix(rest: &str, form: &str, whole: &str) -> Result<(String, String), String> {
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(format!(
            "'{whole}': no bucket or container (the form is {form})"
        ));
    }
    if prefix.split('/').any(|seg| seg == "..") {
        return Err(format!(
            "'{whole}': '..' has no meaning in an object store prefix"
        ));
    }
    Ok((bucket.to_string(), prefix.trim_matches('/').to_string()))
}

fn sftp(s: &str) -> Result<Target, String> {
    let url = Url::parse(s).map_err(|e| format!("'{s}' is not a URL: {e}"))?;
    if url.password().is_some() {
        return Err(format!(
            "'{}': passwords do not belong in --to; vern logs in with the SSH agent or --ssh-key",
            redacted(&url)
        ));
    }
    let user = url.username();
    if user.is_empty() {
        return Err(format!(
            "'{s}': no user (the form is sftp://USER@HOST[:PORT]/PATH)"
        ));
    }
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| format!("'{s}': no host"))?;
    // `sftp://u@h/~/dir` is relative to the login directory; `sftp://u@h/abs` is absolute.
    let path = url.path();
    let path = match path.strip_prefix("/~") {
        Some(rel) => rel.trim_start_matches('/').to_string(),
        None if path.is_empty() => String::new(),
        None => path.to_string(),
    };
    Ok(Target::Sftp {
        user: user.to_string(),
        host: host.trim_matches(['[', ']']).to_string(),
        port: url.port().unwrap_or(22),
        path,
    })
}

fn redacted(url: &Url) -> String {
    let mut u = url.clone();
    let _ = u.set_password(None);
    let _ = u.set_username("");
    u.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_parses() {
        assert_eq!(Target::parse("out").unwrap(), Target::Dir("out".into()));
        assert_eq!(
            Target::parse("file:///srv/drop").unwrap(),
            Target::Dir("/srv/drop".into())
        );
        assert_eq!(
            Target::parse("s3://bucket/a/b/").unwrap(),
            Target::S3 {
                bucket: "bucket".into(),
                prefix: "a/b".into()
            }
        );
        assert_eq!(
            Target::parse("azure://ctr").unwrap(),
            Target::Azure {
                container: "ctr".into(),
                prefix: "".into()
            }
        );
        assert_eq!(
            Target::parse("sftp://ana@files.example:2222/~/in").unwrap(),
            Target::Sftp {
                user: "ana".into(),
                host: "files.example".into(),
                port: 2222,
                path: "in".into()
            }
        );
        let t = Target::parse("sftp://ana@files.example/srv/in").unwrap();
        assert_eq!(t.to_string(), "sftp://ana@files.example/srv/in");
        assert_eq!(t.kind(), "sftp");
        assert!(matches!(
            Target::parse("https://hooks.example/in").unwrap(),
            Target::Webhook(_)
        ));
        assert!(Target::parse("http://127.0.0.1:9/in").is_ok());
    }

    #[test]
    fn bad_targets_say_why() {
        let e = Target::parse("ftp://x/y").unwrap_err();
        assert!(e.contains("unknown destination scheme 'ftp://'"), "{e}");
        assert!(
            Target::parse("http://hooks.example/in")
                .unwrap_err()
                .contains("loopback")
        );
        assert!(Target::parse("s3:///p").unwrap_err().contains("no bucket"));
        let e = Target::parse("sftp://ana:pw@h/x").unwrap_err();
        assert!(
            e.contains("passwords do not belong") && !e.contains("pw"),
            "{e}"
        );
        assert!(Target::parse("sftp://h/x").unwrap_err().contains("no user"));
        let e = Target::parse("https://u:hunter2@h/x").unwrap_err();
        assert!(!e.contains("hunter2"), "{e}");
    }
}
