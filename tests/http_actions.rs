//! Actions and functions over real HTTP (issue 10): the stubs that `graph_models!` generates from a
//! docs folder of real pages (`fixtures/actions`, see its `SOURCES.txt`) build the documented
//! request, exactly, and read the typed response.

mod loopback;

use graphdoc_codegen::ir::{Operation, RequestBody, Schema};
use graphdoc_codegen::{Docs, Settings};
use loopback::{send, Reply, Server};
use serde_json::json;

// Not every generated item is used here.
#[allow(dead_code)]
mod api {
    graphdoc_macros::graph_models!("fixtures/actions");
}

use api::support::{Content, Date, DateTimeOffset, GraphRequest, Guid, ResponseError};
use api::{beta, v1_0};

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/actions")
}

fn schema() -> Schema {
    graphdoc_codegen::Generator::new(&Docs::load(&fixtures()), &Settings::default()).schema()
}

fn operation<'s>(schema: &'s Schema, name: &str) -> &'s Operation {
    schema
        .operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation `{name}` in the fixtures"))
}

/// Sends `op`'s request to a server that answers `reply`; returns what the server got and the
/// typed result.
fn exchange<R: GraphRequest>(
    op: &R,
    version: &str,
    reply: Reply,
) -> (loopback::Received, Result<R::Output, ResponseError>) {
    let server = Server::serve(vec![reply]);
    let request = op
        .to_request(&format!("{}/{version}", server.origin))
        .expect("a valid request");
    let response = send(request);
    let result = op.parse_response(response);
    let mut received = server.finish();
    assert_eq!(received.len(), 1);
    (received.remove(0), result)
}

#[test]
fn assign_license_sends_the_documented_body() {
    let schema = schema();
    let ir = operation(&schema, "userAssignLicense");
    let RequestBody::Parameters { parameters } = &ir.request else {
        panic!("{:?}", ir.request)
    };
    let names: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["addLicenses", "removeLicenses"]);
    let example = &ir.examples[0];

    // The docs' example body, read into the generated body type and sent back unchanged.
    let documented = example.request_body.as_ref().unwrap().to_value();
    let body: v1_0::operations::UserAssignLicenseBody =
        serde_json::from_value(documented.clone()).expect("the example fits the body type");
    let license = &body.add_licenses.as_ref().unwrap()[0];
    assert_eq!(
        license.disabled_plans.as_deref(),
        Some(&[Guid::from("11b0131d-43c8-4bbb-b2c8-e80f9a50834a")][..])
    );
    let op = v1_0::operations::UserAssignLicense::new("adele@contoso.com", body);
    let reply = Reply::json(200, example.response_body.as_ref().unwrap().as_str());
    let (got, result) = exchange(&op, "v1.0", reply);
    assert_eq!(got.method, "POST");
    assert_eq!(got.url, "/v1.0/users/adele%40contoso.com/assignLicense");
    assert_eq!(got.header("Content-Type"), Some("application/json"));
    assert_eq!(got.json(), documented);
    let user = result.expect("the documented response");
    assert_eq!(user.account_enabled, Some(true));

    // Built by hand: only what is set is sent.
    let by_hand = v1_0::operations::UserAssignLicenseBody {
        remove_licenses: Some(vec![Guid::from("bea13e0c-3828-4daa-a392-28af7ff61a0f")]),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&by_hand).unwrap(),
        json!({"removeLicenses": ["bea13e0c-3828-4daa-a392-28af7ff61a0f"]})
    );
}

#[test]
fn message_move_reads_the_typed_message() {
    let schema = schema();
    let ir = operation(&schema, "meMessageMove");
    assert_eq!(ir.success_status, 201);
    let example = ir
        .examples
        .iter()
        .find(|e| e.response_body.is_some())
        .expect("the page's example");
    let body = v1_0::operations::MeMessageMoveBody {
        destination_id: Some("deleteditems".into()),
        ..Default::default()
    };
    let op = v1_0::operations::MeMessageMove::new("AAMkADhAAATs28OAAA=", body);
    let reply = Reply::json(201, example.response_body.as_ref().unwrap().as_str());
    let (got, result) = exchange(&op, "v1.0", reply);
    assert_eq!(got.url, "/v1.0/me/messages/AAMkADhAAATs28OAAA%3D/move");
    assert_eq!(
        got.json(),
        example.request_body.as_ref().unwrap().to_value()
    );
    let moved: v1_0::graph::Message = result.expect("a message");
    assert_eq!(moved.id.as_deref(), Some("AAMkADhAAAW-VPeAAA="));
    assert_eq!(
        moved.odata_type.as_deref(),
        Some("#microsoft.graph.message")
    );
    assert!(moved.created_date_time.is_some());
}

#[test]
fn a_function_writes_string_date_and_enum_arguments_as_odata_literals() {
    let op = beta::operations::ReportsGetGroupPrintUsageSummaryWithGroupIdOnDatePeriod::new(
        "O'Brien/Sales & Co",
        Date::from("2021-05-24"),
        beta::graph::PrintUsagePeriod::Week,
    );
    let reply = Reply::json(200, r#"{"value": ["42 pages", "3 jobs"]}"#);
    let (got, result) = exchange(&op, "beta", reply);
    assert_eq!(got.method, "GET");
    // The string is quoted with `'` doubled and percent-encoded (`/`, space, `&`); the date is
    // bare; the enum member is quoted.
    assert_eq!(
        got.url,
        "/beta/reports/getGroupPrintUsageSummary(groupId='O''Brien%2FSales%20%26%20Co',onDate=2021-05-24,period='week')"
    );
    assert!(got.body.is_empty());
    let summary = result.expect("a string collection");
    assert_eq!(summary.value, ["42 pages", "3 jobs"]);

    // An enum member the docs do not list is sent as given.
    let other = beta::operations::ReportsGetGroupPrintUsageSummaryWithGroupIdOnDatePeriod::new(
        "g",
        Date::from("2021-05-24"),
        beta::graph::PrintUsagePeriod::from("quarter"),
    );
    let url = other
        .to_request("https://x/beta")
        .unwrap()
        .uri()
        .to_string();
    assert!(url.ends_with(",period='quarter')"), "{url}");
}

#[test]
fn optional_arguments_are_left_out_and_enum_literals_keep_their_type() {
    let mut op = beta::operations::ReportsGetGroupArchivedPrintJobs::new("016b5565");
    op.start_date_time = Some(DateTimeOffset::from("2021-05-24T00:00:00+01:00"));
    let (got, result) = exchange(&op, "beta", Reply::json(200, r#"{"value": []}"#));
    assert_eq!(
        got.url,
        "/beta/reports/getGroupArchivedPrintJobs(groupId='016b5565',startDateTime=2021-05-24T00:00:00%2B01:00)"
    );
    assert!(result.expect("an empty page").value.is_empty());

    let mut zones = v1_0::operations::MeOutlookSupportedTimeZonesWithTimeZoneStandard::new();
    let plain = zones.to_request("https://x/v1.0").unwrap();
    assert_eq!(plain.uri().path(), "/v1.0/me/outlook/supportedTimeZones()");
    zones.time_zone_standard = Some(v1_0::graph::TimeZoneStandard::Iana);
    let (got, _) = exchange(&zones, "v1.0", Reply::json(200, r#"{"value": []}"#));
    assert_eq!(
        got.url,
        "/v1.0/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana')"
    );
}

#[test]
fn a_value_download_reads_raw_content() {
    let op = v1_0::operations::GetMePhotoContent::new();
    let jpeg = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
    let (got, result) = exchange(&op, "v1.0", Reply::content(200, "image/jpeg", &jpeg));
    assert_eq!(got.url, "/v1.0/me/photo/$value");
    let content: Content = result.expect("the photo");
    assert_eq!(content.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(content.bytes, jpeg);
}

#[test]
fn an_action_answered_no_content_gives_unit() {
    let schema = schema();
    let ir = operation(&schema, "managedDeviceWipe");
    assert_eq!(ir.success_status, 204);
    assert_eq!(ir.response_type, None);
    let body = v1_0::operations::ManagedDeviceWipeBody {
        keep_user_data: Some(true),
        ..Default::default()
    };
    let op = v1_0::operations::ManagedDeviceWipe::new("d-1", body);
    let (got, result) = exchange(&op, "v1.0", Reply::empty(204));
    assert_eq!(got.url, "/v1.0/deviceManagement/managedDevices/d-1/wipe");
    assert_eq!(got.json(), json!({"keepUserData": true}));
    let () = result.expect("no content");

    // An error answer is still a Graph error.
    let error = r#"{"error": {"code": "Forbidden", "message": "Not allowed"}}"#;
    let (_, result) = exchange(&op, "v1.0", Reply::json(403, error));
    let err = result.expect_err("a Graph error");
    assert_eq!(err.graph_error().map(|e| e.code()), Some("Forbidden"));
}

#[test]
fn the_generated_operations_are_the_snapshot() {
    let generated =
        graphdoc_codegen::Generator::new(&Docs::load(&fixtures()), &Settings::default())
            .crate_files("fx");
    assert!(!generated.has_errors());
    for version in ["v1_0", "beta"] {
        let name = format!("{version}_operations_rs");
        insta::assert_snapshot!(
            name,
            graphdoc_tests::operations_text(&generated.files, version)
        );
    }
}
