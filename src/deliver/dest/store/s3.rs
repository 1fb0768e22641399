//! S3 and S3-compatible stores: the AWS environment of the contract, and the conditional
//! completion of a multipart upload (object_store 0.14 completes unconditionally).
//!
//! Variables: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (required), `AWS_SESSION_TOKEN`,
//! `AWS_REGION` else `AWS_DEFAULT_REGION` else `us-east-1`, and a custom endpoint from
//! `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL` or `AWS_ENDPOINT` (in that order), addressed
//! path-style (`ENDPOINT/BUCKET/KEY`). `AWS_PROFILE` is not supported: object_store reads no
//! `~/.aws` files, so vern says how to export a profile's keys instead.

use super::{Answer, DestError, Env, check_endpoint, transport_answer, xml_escape, xml_tag};
use object_store::ClientOptions;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::multipart::PartId;
use object_store::path::Path;
use object_store::signer::{Method, SignedUrlOptions, Signer};
use url::Url;

/// S3's smallest part but the last.
pub const MIN_PART: usize = 5 << 20;
pub const MAX_PARTS: usize = 10_000;
/// `x-amz-meta-vern-run`.
pub const RUN_METADATA: &str = "vern-run";

const CREDENTIALS: &str =
    "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)";

pub struct Config {
    key_id: String,
    secret: String,
    token: Option<String>,
    pub region: String,
    pub endpoint: Option<Url>,
    /// AWS's endpoint for `region`, used when no custom endpoint is set.
    regional: Url,
}

impl Config {
    pub fn from_env(env: Env) -> Result<Config, DestError> {
        let key_id = env("AWS_ACCESS_KEY_ID");
        let secret = env("AWS_SECRET_ACCESS_KEY");
        let (Some(key_id), Some(secret)) = (key_id.clone(), secret.clone()) else {
            let missing: Vec<&str> = [
                ("AWS_ACCESS_KEY_ID", key_id.is_none()),
                ("AWS_SECRET_ACCESS_KEY", secret.is_none()),
            ]
            .iter()
            .filter(|(_, m)| *m)
            .map(|(n, _)| *n)
            .collect();
            let mut msg = format!(
                "no S3 credentials: {} not set; vern takes {CREDENTIALS} from the environment",
                if missing.len() == 1 {
                    format!("{} is", missing[0])
                } else {
                    format!("{} are", missing.join(" and "))
                }
            );
            if let Some(profile) = env("AWS_PROFILE") {
                msg.push_str(&format!(
                    ". AWS_PROFILE={profile} is set, but vern reads no ~/.aws profiles: export the profile's keys, e.g. eval \"$(aws configure export-credentials --profile {profile} --format env)\""
                ));
            }
            return Err(DestError::Auth(msg));
        };
        let region = env("AWS_REGION")
            .or_else(|| env("AWS_DEFAULT_REGION"))
            .unwrap_or_else(|| "us-east-1".to_string());
        let regional = Url::parse(&format!("https://s3.{region}.amazonaws.com"))
            .ok()
            .filter(|_| {
                !region.is_empty()
                    && region
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
            .ok_or_else(|| {
                DestError::Config(format!(
                    "AWS_REGION '{region}' is not a region name (like eu-west-1)"
                ))
            })?;
        let endpoint = ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ENDPOINT"]
            .iter()
            .find_map(|var| env(var).map(|v| (*var, v)))
            .map(|(var, v)| check_endpoint(var, &v))
            .transpose()?;
        Ok(Config {
            key_id,
            secret,
            token: env("AWS_SESSION_TOKEN"),
            region,
            endpoint,
            regional,
        })
    }

    /// Where requests go: the custom endpoint, or AWS's regional one.
    pub fn endpoint_url(&self) -> Url {
        self.endpoint
            .clone()
            .unwrap_or_else(|| self.regional.clone())
    }

    pub fn secrets(&self) -> Vec<String> {
        let mut s = vec![self.secret.clone()];
        s.extend(self.token.clone());
        s
    }

    pub fn build(&self, bucket: &str, options: ClientOptions) -> Result<AmazonS3, DestError> {
        // Client options first: they replace every earlier client setting (allow_http included).
        let mut b = AmazonS3Builder::new()
            .with_client_options(options)
            .with_retry(super::retry_config())
            .with_region(&self.region)
            .with_bucket_name(bucket)
            .with_access_key_id(&self.key_id)
            .with_secret_access_key(&self.secret);
        if let Some(t) = &self.token {
            b = b.with_token(t);
        }
        if let Some(e) = &self.endpoint {
            // Path-style: object_store addresses ENDPOINT/BUCKET/KEY unless told otherwise.
            b = b
                .with_endpoint(e.as_str().trim_end_matches('/'))
                .with_virtual_hosted_style_request(false);
        }
        b.build().map_err(|e| {
            DestError::Failed(format!(
                "cannot set up S3 for bucket '{bucket}': {}",
                super::scrub(&e.to_string(), &self.secrets())
            ))
        })
    }
}

/// `CompleteMultipartUpload`, with `If-None-Match: *` when `create`, through a presigned POST
/// (object_store's own SigV4 signer; the condition header is sent unsigned, as object_store does
/// for its internal conditional completion).
pub(super) async fn complete(
    s3: &AmazonS3,
    http: &reqwest::Client,
    path: &Path,
    location: &str,
    upload_id: &str,
    parts: &[PartId],
    create: bool,
) -> Answer {
    let doing = format!("complete the upload of {location}");
    let opts = SignedUrlOptions::new().with_query([("uploadId", upload_id)]);
    let url = match s3
        .signed_url_opts(Method::POST, path, super::SIGNED_FOR, &opts)
        .await
    {
        Ok(u) => u,
        Err(e) => {
            return Answer::Fail(DestError::Failed(format!(
                "cannot {doing}: signing the request failed: {}",
                super::scrub(&e.to_string(), &[])
            )));
        }
    };
    let endpoint = url.origin().ascii_serialization();
    let mut req = http.post(url).body(complete_body(parts));
    if create {
        req = req.header("if-none-match", "*");
    }
    let resp = match req.send().await {
        Ok(r) => r,
        Err(e) => return transport_answer(&e.without_url(), &endpoint, &doing, &[]),
    };
    let status = resp.status().as_u16();
    let body = match resp.text().await {
        Ok(b) => b,
        Err(e) => return transport_answer(&e.without_url(), &endpoint, &doing, &[]),
    };
    answer(status, &body, &doing)
}

/// What S3 answered to a completion. It may answer 200 with an `<Error>` body.
fn answer(status: u16, body: &str, doing: &str) -> Answer {
    let code = xml_tag(body, "Code").unwrap_or_default();
    let status = if status == 200 && body.contains("<Error>") {
        500
    } else {
        status
    };
    let said = match xml_tag(body, "Message") {
        Some(m) => format!("{status} {code}: {m}"),
        None => format!("{status} {code}"),
    };
    match (status, code.as_str()) {
        (200..=299, _) => Answer::Done,
        (412, _) | (_, "PreconditionFailed") => Answer::Exists,
        (404, "NoSuchUpload") => Answer::Gone,
        (404, "NoSuchBucket") => Answer::Fail(DestError::Missing(format!(
            "cannot {doing}: the bucket does not exist ({said})"
        ))),
        (401 | 403, _) | (_, "InvalidAccessKeyId" | "SignatureDoesNotMatch" | "ExpiredToken") => {
            Answer::Fail(DestError::Auth(format!(
                "cannot {doing}: the credentials were refused ({said})"
            )))
        }
        // A concurrent conditional write on the same key: S3 says to retry.
        (409, _) | (429, _) | (500..=599, _) => Answer::Retry {
            error: DestError::Failed(format!("cannot {doing} ({said})")),
            sent: true,
        },
        _ => Answer::Fail(DestError::Failed(format!("cannot {doing} ({said})"))),
    }
}

fn complete_body(parts: &[PartId]) -> String {
    let mut body = String::from("<CompleteMultipartUpload>");
    for (i, p) in parts.iter().enumerate() {
        // Without a checksum algorithm configured, object_store's PartId is the part's ETag.
        body.push_str(&format!(
            "<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>",
            i + 1,
            xml_escape(&p.content_id)
        ));
    }
    body.push_str("</CompleteMultipartUpload>");
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k: &str| map.get(k).cloned()
    }

    #[test]
    fn credentials_come_from_the_environment_or_are_named() {
        let e = Config::from_env(&env_of(&[])).err().unwrap();
        assert!(matches!(e, DestError::Auth(_)));
        assert!(
            e.to_string()
                .contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"),
            "{e}"
        );
        let e = Config::from_env(&env_of(&[
            ("AWS_ACCESS_KEY_ID", "AKIA"),
            ("AWS_PROFILE", "prod"),
        ]))
        .err()
        .unwrap();
        assert!(
            e.to_string().contains("AWS_SECRET_ACCESS_KEY is not set"),
            "{e}"
        );
        assert!(
            e.to_string().contains("export-credentials --profile prod"),
            "{e}"
        );
        let c = Config::from_env(&env_of(&[
            ("AWS_ACCESS_KEY_ID", "AKIA"),
            ("AWS_SECRET_ACCESS_KEY", "secret-secret"),
            ("AWS_SESSION_TOKEN", "token-token"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
        ]))
        .unwrap();
        assert_eq!(c.region, "eu-west-1");
        assert_eq!(
            c.endpoint_url().as_str(),
            "https://s3.eu-west-1.amazonaws.com/"
        );
        assert_eq!(c.secrets(), vec!["secret-secret", "token-token"]);
    }

    #[test]
    fn a_region_that_makes_no_host_name_is_a_configuration_error() {
        for bad in ["eu west 1", "EU/x", ""] {
            let e = Config::from_env(&env_of(&[
                ("AWS_ACCESS_KEY_ID", "k"),
                ("AWS_SECRET_ACCESS_KEY", "s"),
                ("AWS_REGION", bad),
            ]));
            assert!(
                matches!(e, Err(DestError::Config(ref m)) if m.contains(&format!("'{bad}'"))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_most_specific_endpoint_wins_and_http_is_loopback_only() {
        let base = [
            ("AWS_ACCESS_KEY_ID", "k"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
            ("AWS_REGION", "us-west-2"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
        ];
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut v = base.to_vec();
            v.extend_from_slice(extra);
            Config::from_env(&env_of(&v))
        };
        let c = with(&[
            ("AWS_ENDPOINT", "http://127.0.0.1:1"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:2/"),
        ])
        .unwrap();
        assert_eq!(c.region, "us-west-2");
        assert_eq!(c.endpoint.unwrap().as_str(), "http://127.0.0.1:2/");
        let c = with(&[
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:2"),
            ("AWS_ENDPOINT_URL_S3", "https://minio.example"),
        ])
        .unwrap();
        assert_eq!(c.endpoint.unwrap().host_str(), Some("minio.example"));
        let e = with(&[("AWS_ENDPOINT_URL", "http://minio.lan:9000")])
            .err()
            .unwrap();
        assert!(matches!(e, DestError::Config(_)));
        assert!(e.to_string().contains("AWS_ENDPOINT_URL"), "{e}");
    }

    #[test]
    fn completion_answers() {
        assert!(matches!(
            answer(200, "<CompleteMultipartUploadResult/>", "x"),
            Answer::Done
        ));
        assert!(matches!(
            answer(200, "<Error><Code>InternalError</Code></Error>", "x"),
            Answer::Retry { sent: true, .. }
        ));
        assert!(matches!(
            answer(412, "<Error><Code>PreconditionFailed</Code></Error>", "x"),
            Answer::Exists
        ));
        assert!(matches!(
            answer(404, "<Error><Code>NoSuchUpload</Code></Error>", "x"),
            Answer::Gone
        ));
        assert!(matches!(
            answer(404, "<Error><Code>NoSuchBucket</Code></Error>", "x"),
            Answer::Fail(DestError::Missing(_))
        ));
        assert!(matches!(
            answer(
                403,
                "<Error><Code>SignatureDoesNotMatch</Code></Error>",
                "x"
            ),
            Answer::Fail(DestError::Auth(_))
        ));
        assert!(matches!(
            answer(400, "<Error><Code>EntityTooSmall</Code></Error>", "x"),
            Answer::Fail(DestError::Failed(_))
        ));
    }

    #[test]
    fn completion_body_lists_parts_in_order() {
        let parts = vec![
            PartId {
                content_id: "\"e1\"".into(),
            },
            PartId {
                content_id: "\"e2\"".into(),
            },
        ];
        assert_eq!(
            complete_body(&parts),
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;e1&quot;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&quot;e2&quot;</ETag></Part></CompleteMultipartUpload>"
        );
    }
}
