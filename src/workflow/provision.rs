//! Provisioning a company, once. The request is never blindly repeated: when its outcome is
//! unknown (a lost answer, a 5xx, a process that died after sending it) the company is looked up
//! by its external id. Found: that is the company. Not found: nothing was created, so sending
//! again is informed. No lookup (the documented API has none; the sandbox does): the user is told
//! to check.

use crate::api::Client;
use crate::api::settle::{ReadBack, Settled, Unsettled};
use crate::api::types::{CreateCompanyRequest, CreateCompanyResponse};
use crate::exit::{UserError, replace_hint};
use crate::journal::record::{Phase, Point, Provision, Step};
use crate::journal::{OpHandle, checkpoint};
use anyhow::Result;

pub async fn provision(
    op: &mut OpHandle,
    client: &Client,
    req: &CreateCompanyRequest,
) -> Result<String> {
    if let Some(id) = op.op.provision.as_ref().and_then(|p| p.company_id.clone()) {
        return Ok(id);
    }
    // An earlier process sent the request and died before the answer was saved.
    if op.op.provision.as_ref().is_some_and(|p| p.sent) {
        match lookup(client, req).await {
            ReadBack::Landed(found) => return record_company(op, &found),
            ReadBack::Absent => {}
            ReadBack::Unknowable => {
                return Err(UserError::input(
                    "an earlier attempt sent the provisioning request, and this API offers no lookup to tell whether the company was created",
                )
                .with_hint("find the company's id and run again with --company ID instead of --name/--source")
                .into());
            }
        }
    }
    op.op.provision = Some(Provision::sending(req));
    op.step(Step::at(Phase::Provision, Point::Key))?;
    let settled = client
        .settle(
            "create company",
            client.policy().failure_retries,
            async || {
                let r = client.create_company(req).await;
                checkpoint("provision:response");
                r
            },
            async || Ok(lookup(client, req).await),
        )
        .await;
    match settled {
        Ok(Settled::Sent(created) | Settled::Recovered(created)) => record_company(op, &created),
        Err(Unsettled::Failed(e)) => {
            if !e.outcome_unknown() {
                // Refused outright (400, 404): nothing was created.
                if let Some(p) = op.op.provision.as_mut() {
                    p.sent = false;
                }
                op.save()?;
            }
            Err(e.into())
        }
        // Not "safe to re-run" (the hint of a lost answer to a read): sending it again may make
        // a second company.
        Err(Unsettled::Unknown(e)) => Err(replace_hint(
            anyhow::Error::new(e).context(
                "the company may or may not have been created, and this API offers no lookup by external id",
            ),
            "find the company's id (the Vern web app lists it) and run again with --company ID instead of --name/--source",
        )),
    }
}

/// The company of the request's external id, if the API can tell.
async fn lookup(client: &Client, req: &CreateCompanyRequest) -> ReadBack<CreateCompanyResponse> {
    let Some(ext) = &req.external_id else {
        return ReadBack::Unknowable;
    };
    match client.find_company(ext).await {
        Ok(Some(found)) => ReadBack::Landed(found),
        Ok(None) => ReadBack::Absent,
        Err(_) => ReadBack::Unknowable,
    }
}

fn record_company(op: &mut OpHandle, created: &CreateCompanyResponse) -> Result<String> {
    let id = created.company.id.clone();
    if let Some(p) = op.op.provision.as_mut() {
        p.created(created);
    }
    op.op.company = Some(id.clone());
    op.step(Step::at(Phase::Provision, Point::Done))?;
    Ok(id)
}
