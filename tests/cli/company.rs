//! What vern knows about a company, from its own journal (the API has no "get company"):
//! `company create` is journaled, `company show` lists the sheets with ids and row counts, and
//! `download --sheet NAME` finds a sheet by the name the workbook gives it.

use crate::support::*;
use serde_json::Value;

fn sheet<'a>(shown: &'a Value, name: &str) -> &'a Value {
    shown["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no sheet {name}: {shown}"))
}

#[test]
fn company_show_lists_the_sheets_vern_knows_with_their_row_counts() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, created) = v.company("Show Co");
    // `company create` is an operation of the journal, with what it provisioned.
    let ops = v.operations();
    assert_eq!(ops.len(), 1, "{ops:?}");
    let op = &ops[0];
    assert_eq!(
        (op["command"].clone(), op["status"].clone()),
        (Value::from("company"), Value::from("completed"))
    );
    assert_eq!(op["company"], c.as_str());
    assert_eq!(op["provision"]["company_id"], c.as_str());
    assert_eq!(op["provision"]["workbook_id"], created["workbook_id"]);
    assert_eq!(op["provision"]["sheets"].as_array().unwrap().len(), 2);

    // Known from provisioning: the sheets, no row counts yet.
    let shown = v.run(&["company", "show", &c, "--json"]);
    shown.expect(0);
    let j = shown.json();
    assert_eq!(j["kind"], "known_company");
    assert_eq!(j["company"]["name"], "Show Co");
    assert_eq!(j["workbook_id"], created["workbook_id"]);
    let contacts = sheet(&j, "Contacts");
    assert_eq!(
        contacts["id"].as_str().unwrap(),
        Api::sheet_id(&created, "Contacts")
    );
    assert_eq!(contacts["template_id"], CONTACTS);
    assert_eq!(contacts["rows"], Value::Null);

    // An import's report gives the row counts.
    let imported = v.run(&[
        "import",
        "--company",
        &c,
        example("companies.csv").to_str().unwrap(),
        example("contacts-clean.csv").to_str().unwrap(),
        "--json",
    ]);
    imported.expect(0);
    let report = imported.json()["report"]["per_sheet"].clone();
    let run = imported.json()["run_id"].as_str().unwrap().to_string();
    // The start of the id is enough.
    let j = v.run(&["company", "show", &c[..8], "--json"]).json();
    for s in report.as_array().unwrap() {
        let known = sheet(&j, s["template_name"].as_str().unwrap());
        assert_eq!(known["id"], s["sheet_id"]);
        assert_eq!(known["rows"], s["row_count"]);
        assert_eq!(known["rows_from"]["import_run"], run.as_str());
    }
    assert_eq!(j["operations"].as_array().unwrap().len(), 2);
    assert_eq!(j["operations"][0]["kind"], "import");
    let text = v.run(&["company", "show", &c]);
    text.expect(0);
    assert!(
        text.stdout.starts_with(&format!("company {c}: Show Co"))
            && text.stdout.contains("Contacts")
            && text.stdout.contains("2,500")
            && text.stdout.contains(&format!("rows as of import {run}"))
            && text.stdout.contains(&format!(
                "next: vern download --company {c} --sheet Companies"
            )),
        "{}",
        text.stdout
    );

    // A company vern has never seen: exit 1, with a hint.
    let other = Api::new(&sb).company("Never Seen Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let unknown = v.run(&["company", "show", &other, "--json"]);
    unknown.expect(1);
    let e = unknown.json();
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("vern has never seen company {other}")),
        "{e}"
    );
    assert!(
        e["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("vern company create"),
        "{e}"
    );
}

#[test]
fn a_company_provisioned_by_migrate_is_known_too() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let r = v.run(&[
        "migrate",
        "--name",
        "Migrated Co",
        "--source",
        HUBSPOT,
        "--external-id",
        "mig-1",
        "--export",
        "none",
        example("companies.csv").to_str().unwrap(),
        "--json",
    ]);
    r.expect(0);
    let c = r.json()["company"].as_str().unwrap().to_string();
    let j = v.run(&["company", "show", &c, "--json"]).json();
    assert_eq!(j["company"]["name"], "Migrated Co");
    assert_eq!(j["company"]["external_id"], "mig-1");
    assert!(j["workbook_id"].is_string(), "{j}");
    assert_eq!(sheet(&j, "Companies")["rows"], 2000);
    // Provisioned, never imported into: known, without a count.
    assert_eq!(sheet(&j, "Contacts")["rows"], Value::Null);
}

#[test]
fn download_takes_a_sheet_by_its_name() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let (c, created) = v.company("Named Sheets Co");
    v.run(&[
        "import",
        "--company",
        &c,
        example("contacts-clean.csv").to_str().unwrap(),
    ])
    .expect(0);
    let by_name = v.run(&[
        "download",
        "--company",
        &c,
        "--sheet",
        "contacts",
        "-o",
        "by-name.csv",
        "--json",
    ]);
    by_name.expect(0);
    let id = Api::sheet_id(&created, "Contacts");
    assert_eq!(by_name.json()["sheet"], id.as_str());
    v.run(&[
        "download",
        "--company",
        &c,
        "--sheet",
        &id,
        "-o",
        "by-id.csv",
    ])
    .expect(0);
    let a = std::fs::read(v.path("by-name.csv")).unwrap();
    assert_eq!(a, std::fs::read(v.path("by-id.csv")).unwrap());
    assert_eq!(String::from_utf8_lossy(&a).lines().count(), 2501);

    // A name the company has no sheet of: a usage error that lists the sheets vern knows.
    let wrong = v.run(&["download", "--company", &c, "--sheet", "Leads", "--json"]);
    wrong.expect(2);
    let e = wrong.json();
    let names: Vec<&str> = e["error"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["about"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Companies", "Contacts"], "{e}");
    assert!(wrong.stderr.contains(&id), "{}", wrong.stderr);

    // A company vern has never seen: a usage error naming --sheet ID, and nothing is sent.
    let other = Api::new(&sb).company("Unseen Co")["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = sb.stats();
    let unseen = v.run(&["download", "--company", &other, "--sheet", "Contacts"]);
    unseen.expect(2);
    assert!(
        unseen.stderr.contains("--sheet ID") && unseen.stderr.contains("vern knows no sheets"),
        "{}",
        unseen.stderr
    );
    assert_eq!(sb.stats().requests, before.requests, "nothing was sent");
}

#[test]
fn a_company_create_killed_after_its_request_is_not_resumed_blindly() {
    let sb = sandbox();
    let v = Vern::new(&sb);
    let r = v.run_env(
        &[
            "company",
            "create",
            "--name",
            "Killed Co",
            "--source",
            HUBSPOT,
        ],
        &[("VERN_CRASH_AT", "provision:key")],
    );
    assert_ne!(r.code, 0);
    let list = v.run(&["runs", "list", "--json"]).json();
    let op = &list["operations"][0];
    assert_eq!(
        (op["kind"].clone(), op["status"].clone()),
        (Value::from("company"), Value::from("running"))
    );
    let id = op["id"].as_str().unwrap();
    // `vern resume` passes it over, and says why when it is named.
    let latest = v.run(&["resume"]);
    latest.expect(1);
    assert!(
        latest.stderr.contains("nothing to resume")
            && latest.stderr.contains(&format!("see: vern runs show {id}")),
        "{}",
        latest.stderr
    );
    let named = v.run(&["resume", id]);
    named.expect(1);
    assert!(
        named.stderr.contains("may or may not exist")
            && named
                .stderr
                .contains("hint: check whether the company exists"),
        "{}",
        named.stderr
    );
    let shown = v.run(&["runs", "show", id]);
    assert!(!shown.stdout.contains("vern resume"), "{}", shown.stdout);
}
