//! The twenty weird real cases of the 2021 docs snapshot listed in the corpus survey
//! (`../shared/corpus/SURVEY.md`, section B.11), and the runners-up, each as a minimal page of the
//! same shape. Each test checks that nothing panics, that the model is the sensible one, and that a
//! diagnostic names the right file and line where the docs are wrong.

use graphdoc_codegen::ir::*;
use graphdoc_codegen::{Code, Diagnostic, Docs, Generator, Schema, Settings};

fn schema(pages: &[(&str, &str)]) -> Schema {
    Generator::new(
        &Docs::from_memory(pages.iter().copied()),
        &Settings::default(),
    )
    .schema()
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in the page"))
        + 1
}

/// The 1-based line of the `n`th (0-based) line containing `needle`.
fn nth_line_of(text: &str, needle: &str, n: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(n)
        .unwrap_or_else(|| panic!("`{needle}` #{n} not in the page"))
        .0
        + 1
}

fn diags(s: &Schema, code: Code) -> Vec<&Diagnostic> {
    s.diagnostics.iter().filter(|d| d.code == code).collect()
}

/// Asserts a diagnostic of `code` at `file:line`.
#[track_caller]
fn assert_diag(s: &Schema, code: Code, file: &str, line: usize) -> Diagnostic {
    match s
        .diagnostics
        .iter()
        .find(|d| d.code == code && d.file == file && d.line == line)
    {
        Some(d) => d.clone(),
        None => panic!(
            "no {code} at {file}:{line}; diagnostics: {:#?}",
            s.diagnostics
                .iter()
                .map(|d| format!("{} {}:{} {}", d.code, d.file, d.line, d.message))
                .collect::<Vec<_>>()
        ),
    }
}

fn ty<'s>(s: &'s Schema, name: &str) -> &'s TypeDef {
    s.types.iter().find(|t| t.name == name).unwrap_or_else(|| {
        panic!(
            "no type {name}: {:?}",
            s.types.iter().map(|t| &t.name).collect::<Vec<_>>()
        )
    })
}

fn prop<'s>(t: &'s TypeDef, name: &str) -> &'s Property {
    t.properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{} has no {name}: {:?}", t.name, t.properties))
}

fn enum_def<'s>(s: &'s Schema, name: &str) -> &'s EnumDef {
    s.enums.iter().find(|e| e.name == name).unwrap_or_else(|| {
        panic!(
            "no enum {name}: {:?}",
            s.enums.iter().map(|e| &e.name).collect::<Vec<_>>()
        )
    })
}

fn member_names(e: &EnumDef) -> Vec<&str> {
    e.members.iter().map(|m| m.name.as_str()).collect()
}

fn named(p: &Property) -> &QualifiedName {
    match &p.ty.base {
        TypeRef::Named(q) => q,
        other => panic!("{} is {other}, not a named type", p.name),
    }
}

/// A resource page: a Properties table (rows as written) and an annotated JSON representation.
fn resource(name: &str, rows: &str, json: &str) -> String {
    resource_with(name, rows, json, "")
}

fn resource_with(name: &str, rows: &str, json: &str, extra_annotation: &str) -> String {
    format!(
        "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nNamespace: microsoft.graph\n\nA {name}.\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n{rows}\n\n## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",{extra_annotation}\n  \"@odata.type\": \"microsoft.graph.{name}\"\n}}-->\n```json\n{json}\n```\n"
    )
}

/// An API page with the given syntax block, response prose and examples section.
fn api(title: &str, syntax: &str, status: &str, examples: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nNamespace: microsoft.graph\n\n{title}.\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Delegated (work or school account)|Directory.Read.All|\n|Application|Directory.Read.All|\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{syntax}\n```\n\n## Request body\n\nDo not supply a request body for this method.\n\n## Response\n\nIf successful, this method returns a `{status}` response code.\n\n## Example\n\n{examples}"
    )
}

fn ops(s: &Schema, method: HttpMethod) -> Vec<&Operation> {
    s.operations.iter().filter(|o| o.method == method).collect()
}

// ---------------------------------------------------------------------------------------------
// 1-20: the survey's B.11.

#[test]
fn case01_repeated_placeholder_becomes_two_parameters() {
    let path = "beta/api/intune-deviceconfig-x-update.md";
    let page = api(
        "Update x",
        "PATCH /deviceManagement/deviceConfigurations/{deviceConfigurationId}/microsoft.graph.windowsDomainJoinConfiguration/networkAccessConfigurations/{deviceConfigurationId}",
        "200 OK",
        "",
    );
    let s = schema(&[(path, &page)]);
    let op = &ops(&s, HttpMethod::Patch)[0];
    let names: Vec<&str> = op.parameters.iter().map(|p| p.name.as_str()).collect();
    // The second `{deviceConfigurationId}` keys `networkAccessConfigurations`: named for it.
    assert_eq!(
        names,
        ["deviceConfigurationId", "networkAccessConfigurationId"]
    );
    assert!(op
        .parameters
        .iter()
        .all(|p| p.placeholder == "{deviceConfigurationId}"));
    let d = assert_diag(
        &s,
        Code::PathPlaceholderRepeated,
        path,
        line_of(&page, "PATCH /deviceManagement"),
    );
    assert!(d.message.contains("deviceConfigurationId"), "{}", d.message);
}

#[test]
fn case02_unclosed_request_fence_swallowing_the_response() {
    let path = "beta/api/accesspackage-post-incompatiblegroup.md";
    let examples = "### Request\n\n<!-- {\n  \"blockType\": \"request\",\n  \"name\": \"add_incompatiblegroup\"\n}-->\n```http\nPOST https://graph.microsoft.com/beta/accessPackages/{id}/incompatibleGroups/$ref\nContent-type: application/json\n\n{\n    \"@odata.id\": \"https://graph.microsoft.com/beta/groups/c0a7\"\n}\n\n### Response\n\nThe following is an example of the response.\n\n<!-- {\n  \"blockType\": \"response\"\n} -->\n```http\nHTTP/1.1 204 Created\n```\n\n## See also\n\nNothing.\n";
    let page = api(
        "Add incompatibleGroup",
        "POST /accessPackages/{id}/incompatibleGroups/$ref",
        "204 No Content",
        examples,
    );
    let s = schema(&[(path, &page)]);
    let op = &ops(&s, HttpMethod::Post)[0];
    assert_eq!(op.success_status, 204);
    let ex = &op.examples[0];
    assert_eq!(
        ex.request_body.as_ref().map(|b| b.to_value()),
        Some(serde_json::json!({"@odata.id": "https://graph.microsoft.com/beta/groups/c0a7"}))
    );
    assert_eq!(ex.response_status, Some(204));
    // The request fence runs into the response's fence: said where the request fence opens.
    assert_diag(
        &s,
        Code::UnclosedFence,
        path,
        line_of(&page, "POST https") - 1,
    );
    // The request body is read cleanly: no "trailing content" from the swallowed markdown.
    assert!(
        diags(&s, Code::JsonLenient).is_empty(),
        "{:?}",
        s.diagnostics
    );
    assert_diag(
        &s,
        Code::ResponseStatusOdd,
        path,
        line_of(&page, "HTTP/1.1 204 Created"),
    );
}

const ENUMS_PAGE: &str = "---\ntitle: \"Enum values\"\ndoc_type: enumPageType\n---\n\n# Enum values\n\nNamespace: microsoft.graph\n\n### lifecycleEventType values\n\n|Member|\n|:---|\n|missed|\n|subscriptionRemoved|\n\n### changeType values\n\n|Member|\n|:---|\n|clientIpAddress|\n|authenticatorAppGps|\n\n### countryLookupMethodType values\n\n|Member|\n|:---|\n|clientIpAddress|\n|authenticatorAppGps|\n\n### userAccountSecurityType values\n\nPossible values for user account types.\n\n|Member|Member|Description|\n|:---|:---|:---|\n|unknown|-1|Unknown.|\n|standard|0|Member of Standard Users group.|\n|power|1| Member of Power Users group.|\n|administrator|2| Member of Administrators group.|\n";

#[test]
fn case03_values_section_copied_from_its_neighbour() {
    let notification = resource(
        "changeNotification",
        "|changeType|changeType|The type of change. The supported values are: `created`, `updated`, `deleted`. Required.|\n|id|String|The id.|",
        "{\n  \"changeType\": \"String\",\n  \"id\": \"String\"\n}",
    );
    let s = schema(&[
        ("v1.0/resources/enums.md", ENUMS_PAGE),
        ("v1.0/resources/changenotification.md", &notification),
    ]);
    // The copied section is not believed over the property's own list.
    assert_eq!(
        member_names(enum_def(&s, "changeType")),
        ["created", "updated", "deleted"]
    );
    assert_eq!(
        member_names(enum_def(&s, "countryLookupMethodType")),
        ["clientIpAddress", "authenticatorAppGps"]
    );
    let d = assert_diag(
        &s,
        Code::EnumMembersCopied,
        "v1.0/resources/enums.md",
        nth_line_of(ENUMS_PAGE, "|Member|", 1),
    );
    assert!(
        d.message.contains("countryLookupMethodType"),
        "{}",
        d.message
    );
    assert!(
        diags(&s, Code::EnumMemberExtra).is_empty(),
        "{:?}",
        s.diagnostics
    );
}

#[test]
fn case03_identical_sections_without_other_evidence_are_kept() {
    let s = schema(&[("v1.0/resources/enums.md", ENUMS_PAGE)]);
    assert_eq!(
        member_names(enum_def(&s, "changeType")),
        ["clientIpAddress", "authenticatorAppGps"]
    );
    assert!(diags(&s, Code::EnumMembersCopied).is_empty());
}

#[test]
fn case04_member_member_description_header_keeps_the_numbers() {
    let s = schema(&[("v1.0/resources/enums.md", ENUMS_PAGE)]);
    let e = enum_def(&s, "userAccountSecurityType");
    assert_eq!(
        member_names(e),
        ["unknown", "standard", "power", "administrator"]
    );
    let values: Vec<Option<i64>> = e.members.iter().map(|m| m.value).collect();
    assert_eq!(values, [Some(-1), Some(0), Some(1), Some(2)]);
    assert_eq!(e.members[1].description, "Member of Standard Users group.");
    assert_eq!(
        e.members[0].sources[0].line,
        line_of(ENUMS_PAGE, "|unknown|-1|")
    );
}

#[test]
fn case05_generator_leak_edm_stream_placeholder() {
    let path = "beta/resources/officeclientconfiguration.md";
    let page = resource(
        "officeClientConfiguration",
        "|id|String|The id.|\n|userPreferencePayload|Stream|Preference payload.|",
        "{\n  \"id\": \"String (identifier)\",\n  \"userPreferencePayload\": \"<Unknown Primitive Type Edm.Stream>\",\n  \"policyPayload\": \"<Unknown Primitive Type Edm.Stream>\"\n}",
    );
    let s = schema(&[(path, &page)]);
    let t = ty(&s, "officeClientConfiguration");
    assert_eq!(
        prop(t, "userPreferencePayload").ty.base,
        TypeRef::Primitive(Primitive::Stream)
    );
    // Only in the JSON: typed from the placeholder, and said to be missing from the table.
    assert_eq!(
        prop(t, "policyPayload").ty.base,
        TypeRef::Primitive(Primitive::Stream)
    );
    assert_diag(
        &s,
        Code::JsonMemberNotInTable,
        path,
        line_of(&page, "\"policyPayload\""),
    );
}

#[test]
fn case06_json_keys_with_trailing_spaces() {
    let path = "beta/resources/securescorecontrolprofiles.md";
    let page = resource(
        "secureScoreControlProfile",
        "|id|String|The id.|\n|rank|Int32|The rank.|\n|deprecated|Boolean|Deprecated.|",
        "{\n  \"id\": \"String\",\n  \"rank \": 100,\n  \"deprecated \": false\n}",
    );
    let s = schema(&[(path, &page)]);
    let t = ty(&s, "secureScoreControlProfile");
    let names: Vec<&str> = t.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "rank", "deprecated"]);
    assert_eq!(
        prop(t, "rank").ty.base,
        TypeRef::Primitive(Primitive::Int32)
    );
    assert_diag(
        &s,
        Code::JsonKeyWhitespace,
        path,
        line_of(&page, "\"rank \""),
    );
    assert_diag(
        &s,
        Code::JsonKeyWhitespace,
        path,
        line_of(&page, "\"deprecated \""),
    );
    assert!(diags(&s, Code::JsonMemberNotInTable).is_empty());
}

#[test]
fn case07_narrow_no_break_space_after_the_brace() {
    let path = "beta/resources/timeclocksettings.md";
    let page = resource(
        "timeClockSettings",
        "|approvedLocation|[geoCoordinates](geocoordinates.md)|The location.|",
        "{\u{202f}\n  \"approvedLocation\": {\"@odata.type\": \"microsoft.graph.geoCoordinates\"}\n}",
    );
    let s = schema(&[(path, &page)]);
    let t = ty(&s, "timeClockSettings");
    assert_eq!(named(prop(t, "approvedLocation")).name, "geoCoordinates");
    let d = assert_diag(&s, Code::JsonLenient, path, line_of(&page, "{\u{202f}"));
    assert!(d.message.contains("U+202F"), "{}", d.message);
}

#[test]
fn case08_leading_zero_number_and_trailing_comma() {
    let path = "beta/resources/pkcs12CertificateInformation.md";
    let page = resource(
        "pkcs12CertificateInformation",
        "|thumbprint|String|The thumbprint.|\n|notAfter|Int64|Not after.|",
        "{\n  \"thumbprint\": \"String\",\n  \"notAfter\": 0000000000,\n}",
    );
    let s = schema(&[(path, &page)]);
    let t = ty(&s, "pkcs12CertificateInformation");
    assert_eq!(
        prop(t, "notAfter").ty.base,
        TypeRef::Primitive(Primitive::Int64)
    );
    let d = assert_diag(&s, Code::JsonLenient, path, line_of(&page, "0000000000"));
    assert!(
        d.message.contains("malformed number") && d.message.contains("trailing comma"),
        "{}",
        d.message
    );
}

#[test]
fn case09_unquoted_type_name_as_value() {
    let path = "beta/resources/dynamics-customer.md";
    let page = resource(
        "customer",
        "|id|GUID|The id.|\n|address|[NAV.PostalAddress](../resources/dynamics-complextypes.md)|The address.|",
        "{\n  \"id\": \"GUID\",\n  \"address\": NAV.PostalAddress,\n}",
    );
    let s = schema(&[(path, &page)]);
    let t = ty(&s, "customer");
    let q = named(prop(t, "address"));
    assert_eq!(
        (q.namespace.as_str(), q.name.as_str()),
        ("NAV", "PostalAddress")
    );
    assert_eq!(prop(t, "id").ty.base, TypeRef::Primitive(Primitive::Guid));
    let d = assert_diag(
        &s,
        Code::JsonLenient,
        path,
        line_of(&page, "NAV.PostalAddress,"),
    );
    assert!(d.message.contains("unquoted value"), "{}", d.message);
}

#[test]
fn case10_unions_and_collection_collection() {
    let call_path = "beta/resources/call.md";
    let call = resource(
        "call",
        "|id|String|The id.|\n|mediaConfig|[appHostedMediaConfig](apphostedmediaconfig.md) or [serviceHostedMediaConfig](servicehostedmediaconfig.md)|The media configuration.|\n|meetingInfo|[organizerMeetingInfo](organizermeetinginfo.md) or [tokenMeetingInfo](tokenmeetinginfo.md)|The meeting information.|\n|routingPolicies|routingPolicy collection collection|Possible values are: `none`, `noMissedCall`, `unknownFutureValue`.|",
        "{\n  \"id\": \"String\",\n  \"mediaConfig\": {\"@odata.type\": \"#microsoft.graph.mediaConfig\"},\n  \"routingPolicies\": [\"none\"]\n}",
    );
    let media = resource_with(
        "mediaConfig",
        "|removeFromDefaultAudioGroup|Boolean|Remove.|",
        "{\n  \"removeFromDefaultAudioGroup\": false\n}",
        "\n  \"abstract\": true,",
    );
    let app = resource_with(
        "appHostedMediaConfig",
        "|blob|String|The blob.|",
        "{\n  \"blob\": \"String\"\n}",
        "\n  \"baseType\": \"microsoft.graph.mediaConfig\",",
    );
    let service = resource_with(
        "serviceHostedMediaConfig",
        "|preFetchMedia|String|Prefetch.|",
        "{\n  \"preFetchMedia\": \"String\"\n}",
        "\n  \"baseType\": \"microsoft.graph.mediaConfig\",",
    );
    let organizer = resource(
        "organizerMeetingInfo",
        "|organizer|String|The organizer.|",
        "{\n  \"organizer\": \"String\"\n}",
    );
    let token = resource(
        "tokenMeetingInfo",
        "|token|String|The token.|",
        "{\n  \"token\": \"String\"\n}",
    );
    let s = schema(&[
        (call_path, &call),
        ("beta/resources/mediaconfig.md", &media),
        ("beta/resources/apphostedmediaconfig.md", &app),
        ("beta/resources/servicehostedmediaconfig.md", &service),
        ("beta/resources/organizermeetinginfo.md", &organizer),
        ("beta/resources/tokenmeetinginfo.md", &token),
    ]);
    let t = ty(&s, "call");
    // Both members derive from mediaConfig: the property is the base, and deserializes by @odata.type.
    assert_eq!(named(prop(t, "mediaConfig")).name, "mediaConfig");
    assert!(!prop(t, "mediaConfig").ty.collection);
    let derived = &ty(&s, "mediaConfig").derived_types;
    assert_eq!(derived.len(), 2, "{derived:?}");
    assert!(s
        .diagnostics
        .iter()
        .all(|d| !(d.code == Code::PropertyUnion && d.line == line_of(&call, "|mediaConfig|"))));
    // No shared base: the first member, with a diagnostic at the row.
    assert_eq!(named(prop(t, "meetingInfo")).name, "organizerMeetingInfo");
    let d = assert_diag(
        &s,
        Code::PropertyUnion,
        call_path,
        line_of(&call, "|meetingInfo|"),
    );
    assert!(d.message.contains("tokenMeetingInfo"), "{}", d.message);
    // `collection collection` is one collection, and said to be odd.
    let rp = prop(t, "routingPolicies");
    assert!(rp.ty.collection);
    assert_eq!(named(rp).name, "routingPolicy");
    assert_diag(
        &s,
        Code::PropertyTypeOdd,
        call_path,
        line_of(&call, "|routingPolicies|"),
    );
    assert_eq!(
        member_names(enum_def(&s, "routingPolicy")),
        ["none", "noMissedCall", "unknownFutureValue"]
    );
}

#[test]
fn case11_table_row_broken_by_a_raw_newline() {
    let path = "beta/resources/intune-deviceconfig-deliveryoptimizationbandwidthabsolute.md";
    let page = resource(
        "deliveryOptimizationBandwidthAbsolute",
        "|maximumDownloadBandwidthInKilobytesPerSecond|Int64|Specifies the maximum download bandwidth. Valid values 0 to 4294967295\nThe value 0 (zero) means that Delivery Optimization dynamically adjusts. Valid values 0 to 4294967295|\n|maximumUploadBandwidthInKilobytesPerSecond|Int64|Specifies the maximum upload bandwidth. Valid values 0 to 4000000\nThe default value is 0. Valid values 0 to 4000000|",
        "{\n  \"maximumDownloadBandwidthInKilobytesPerSecond\": 1024,\n  \"maximumUploadBandwidthInKilobytesPerSecond\": 1024\n}",
    );
    let s = schema(&[(path, &page)]);
    let t = ty(&s, "deliveryOptimizationBandwidthAbsolute");
    assert_eq!(t.properties.len(), 2, "{:?}", t.properties);
    let p = prop(t, "maximumDownloadBandwidthInKilobytesPerSecond");
    assert_eq!(p.ty.base, TypeRef::Primitive(Primitive::Int64));
    assert!(
        p.description.contains("The value 0 (zero)"),
        "{}",
        p.description
    );
    assert!(prop(t, "maximumUploadBandwidthInKilobytesPerSecond")
        .description
        .contains("The default value is 0"));
    assert_diag(
        &s,
        Code::BrokenTableRow,
        path,
        line_of(&page, "The value 0 (zero)"),
    );
    assert_diag(
        &s,
        Code::BrokenTableRow,
        path,
        line_of(&page, "The default value is 0"),
    );
    assert!(diags(&s, Code::PropertyNameInvalid).is_empty());
}

#[test]
fn case12_three_resource_blocks_for_one_type() {
    let path = "beta/resources/synchronization-attributemappingsource.md";
    let mut page = resource(
        "attributeMappingSource",
        "|expression|String|The expression.|\n|name|String|The name.|",
        "{\n  \"expression\": \"String\",\n  \"name\": \"String\"\n}",
    );
    for example in [
        "{\n  \"expression\": \"[a]\",\n  \"name\": \"a\"\n}",
        "{\n  \"name\": \"b\",\n  \"exampleOnly\": \"b\"\n}",
    ] {
        page.push_str(&format!(
            "\n## JSON example\n\n<!-- {{\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.attributeMappingSource\"\n}}-->\n```json\n{example}\n```\n"
        ));
    }
    let s = schema(&[(path, &page)]);
    let t = ty(&s, "attributeMappingSource");
    let names: Vec<&str> = t.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["expression", "name"]);
    let d = assert_diag(
        &s,
        Code::ResourceAnnotationRepeated,
        path,
        nth_line_of(&page, "```json", 1),
    );
    assert!(d.message.starts_with('3'), "{}", d.message);
}

#[test]
fn case13_data_type_typo_for_odata_type() {
    let path = "beta/resources/projectrome-activity.md";
    let page = resource(
        "activity",
        "|id|String|The id.|\n|contentInfo|Untyped JSON object|Content.|\n|visualElements|[visualInfo](projectrome-visualinfo.md)|Visuals.|",
        "{\n  \"id\": \"String\",\n  \"contentInfo\": { \"@data.type\": \"microsoft.graph.Json\" },\n  \"visualElements\": { \"@data.type\": \"microsoft.graph.visualInfo\" }\n}",
    );
    let s = schema(&[(path, &page)]);
    let t = ty(&s, "activity");
    assert_eq!(named(prop(t, "visualElements")).name, "visualInfo");
    assert_eq!(
        prop(t, "contentInfo").ty.base,
        TypeRef::Primitive(Primitive::Json)
    );
    // `microsoft.graph.Json` is not a type to be invented.
    assert!(s.types.iter().all(|t| t.name != "Json"), "{:?}", s.types);
    assert_diag(
        &s,
        Code::JsonOdataTypeMisspelled,
        path,
        line_of(&page, "\"contentInfo\": {"),
    );
    assert_diag(
        &s,
        Code::JsonOdataTypeMisspelled,
        path,
        line_of(&page, "\"visualElements\": {"),
    );
}

#[test]
fn case14_duplicate_key_placeholder_then_sample() {
    let path = "beta/resources/sharepointsiteusagedetail.md";
    let page = resource(
        "sharePointSiteUsageDetail",
        "|siteUrl|String|The URL.|\n|lastActivityDate|Date|Last activity.|",
        "{\n  \"siteUrl\": \"String\",\n  \"lastActivityDate\": \"Date\",\n  \"lastActivityDate\": \"2017-09-01\", \n  \"isDeleted\": true\n}",
    );
    let s = schema(&[(path, &page)]);
    let t = ty(&s, "sharePointSiteUsageDetail");
    assert_eq!(
        t.properties
            .iter()
            .filter(|p| p.name == "lastActivityDate")
            .count(),
        1
    );
    assert_eq!(
        prop(t, "lastActivityDate").ty.base,
        TypeRef::Primitive(Primitive::Date)
    );
    let d = assert_diag(
        &s,
        Code::JsonLenient,
        path,
        nth_line_of(&page, "\"lastActivityDate\"", 1),
    );
    assert!(
        d.message.contains("duplicate key `lastActivityDate`"),
        "{}",
        d.message
    );
}

#[test]
fn case15_no_space_after_the_verb() {
    let path = "beta/api/b2xidentityuserflow-delete-userflowidentityproviders.md";
    let page = api(
        "Delete userFlowIdentityProvider",
        "DELETE/identity/b2xUserFlows/{userflow-id}/userflowIdentityProviders/{id}/$ref",
        "204 No Content",
        "",
    );
    let s = schema(&[(path, &page)]);
    let del = ops(&s, HttpMethod::Delete);
    assert_eq!(del.len(), 1, "{:?}", s.operations);
    assert_eq!(
        del[0].path,
        "/identity/b2xUserFlows/{userflow-id}/userflowIdentityProviders/{id}/$ref"
    );
    assert_eq!(del[0].success_status, 204);
    let names: Vec<&str> = del[0].parameters.iter().map(|p| p.name.as_str()).collect();
    // Named for their segments, whatever the placeholders' spelling.
    assert_eq!(names, ["b2xUserFlowId", "userflowIdentityProviderId"]);
    assert_diag(
        &s,
        Code::HttpSyntaxOdd,
        path,
        line_of(&page, "DELETE/identity"),
    );
    assert!(diags(&s, Code::HttpSyntaxUnreadable).is_empty());
}

#[test]
fn case16_tilde_root_and_trailing_slash() {
    let path = "beta/api/onpremisespublishingprofile-get.md";
    let page = api(
        "Get onPremisesPublishingProfile",
        "GET ~/onPremisesPublishingProfiles/{publishingType}/\nGET https://graph.microsoft.com/beta/onPremisesPublishingProfiles/{publishingType}/agents/\nGET onPremisesPublishingProfiles/{publishingType}/connectors?$select=id",
        "200 OK",
        "",
    );
    let s = schema(&[(path, &page)]);
    let mut paths: Vec<&str> = ops(&s, HttpMethod::Get)
        .iter()
        .map(|o| o.path.as_str())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/onPremisesPublishingProfiles/{publishingType}",
            "/onPremisesPublishingProfiles/{publishingType}/agents",
            "/onPremisesPublishingProfiles/{publishingType}/connectors"
        ]
    );
    for needle in ["GET ~/", "GET https://", "GET onPremises"] {
        let d = assert_diag(&s, Code::HttpPathNormalized, path, line_of(&page, needle));
        assert_eq!(d.severity, graphdoc_codegen::Severity::Note);
    }
    assert!(s.operations.iter().all(|o| o.parameters.len() == 1));
}

#[test]
fn case16_absolute_url_of_the_other_version_is_a_warning() {
    let path = "beta/api/x-get.md";
    let page = api(
        "Get x",
        "GET https://graph.microsoft.com/v1.0/things/{id}",
        "200 OK",
        "",
    );
    let s = schema(&[(path, &page)]);
    assert_eq!(s.operations[0].path, "/things/{id}");
    assert_diag(
        &s,
        Code::HttpPathOtherVersion,
        path,
        line_of(&page, "GET https://"),
    );
}

#[test]
fn case17_example_in_the_other_version_with_alternate_key() {
    let path = "beta/api/directoryrole-delete-member.md";
    let examples = "### Request\n\n<!-- {\n  \"blockType\": \"request\",\n  \"name\": \"delete_member_templateId\"\n}-->\n```http\nDELETE https://graph.microsoft.com/v1.0/directoryRoles/roleTemplateId=9f06204d-73c1-4d4c-880a-6edb90606fd8/members/bb165b45-151c-4cf6-9911-cd7188912848/$ref\n```\n\n### Response\n\n<!-- {\n  \"blockType\": \"response\"\n} -->\n```http\nHTTP/1.1 204 No Content\n```\n";
    let page = api(
        "Remove member",
        "DELETE /directoryRoles/{role-id}/members/{id}/$ref\nDELETE /directoryRoles/roleTemplateId={roleTemplateId}/members/{id}/$ref",
        "204 No Content",
        examples,
    );
    let s = schema(&[(path, &page)]);
    let del = ops(&s, HttpMethod::Delete);
    assert_eq!(del.len(), 2);
    let alt = del
        .iter()
        .find(|o| o.path.contains("roleTemplateId="))
        .unwrap();
    let names: Vec<&str> = alt.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["roleTemplateId", "memberId"]);
    assert_eq!(alt.examples.len(), 1);
    assert_ne!(del[0].name, del[1].name);
    let d = assert_diag(
        &s,
        Code::ExampleUrlOtherVersion,
        path,
        line_of(&page, "DELETE https://") - 1,
    );
    assert!(d.message.contains("v1.0"), "{}", d.message);
    assert!(diags(&s, Code::PathDisagreesWithExample).is_empty());
}

#[test]
fn case18_status_lines_without_version_and_misspelled() {
    let created = "beta/api/event-post-attachments.md";
    let created_page = api(
        "Add attachment",
        "POST /me/events/{id}/attachments",
        "201 Created",
        "### Request\n\n<!-- { \"blockType\": \"request\", \"name\": \"a\" } -->\n```http\nPOST https://graph.microsoft.com/beta/me/events/AAMkAGI1/attachments\n```\n\n### Response\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP 201 Created\nContent-Length: 735\n\n{\n  \"id\": \"AAMkAGI1AAAoLBMpAAA=\"\n}\n```\n",
    );
    let accepted = "beta/api/post-post-attachments.md";
    let accepted_page = api(
        "Add post attachment",
        "POST /groups/{id}/threads/{id}/posts/{id}/attachments",
        "202 Accepted",
        "### Request\n\n<!-- { \"blockType\": \"request\", \"name\": \"b\" } -->\n```http\nPOST https://graph.microsoft.com/beta/groups/1/threads/2/posts/3/attachments\n```\n\n### Response\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 202 Accpted\n```\n",
    );
    let s = schema(&[(created, &created_page), (accepted, &accepted_page)]);
    let op = s
        .operations
        .iter()
        .find(|o| &*o.source.file == created)
        .unwrap();
    assert_eq!(op.success_status, 201);
    assert_eq!(op.examples[0].response_status, Some(201));
    let d = assert_diag(
        &s,
        Code::ResponseStatusOdd,
        created,
        line_of(&created_page, "HTTP 201"),
    );
    assert!(d.message.contains("HTTP 201 Created"), "{}", d.message);
    let op = s
        .operations
        .iter()
        .find(|o| &*o.source.file == accepted)
        .unwrap();
    assert_eq!(op.success_status, 202);
    assert_eq!(op.examples[0].response_status, Some(202));
    assert_diag(
        &s,
        Code::ResponseStatusOdd,
        accepted,
        line_of(&accepted_page, "202 Accpted"),
    );
    assert!(
        diags(&s, Code::StatusDisagrees).is_empty(),
        "{:?}",
        s.diagnostics
    );
    assert!(diags(&s, Code::ResponseStatusUnreadable).is_empty());
}

#[test]
fn case19_enum_literal_function_argument() {
    let path = "v1.0/api/outlookuser-supportedtimezones.md";
    let page = api(
        "outlookUser: supportedTimeZones",
        "GET /me/outlook/supportedTimeZones\nGET /users/{id|userPrincipalName}/outlook/supportedTimeZones\n\nGET /me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{timezone_format}')\nGET /users/{id|userPrincipalName}/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{timezone_format}')",
        "200 OK",
        "",
    );
    let s = schema(&[(path, &page)]);
    assert_eq!(s.operations.len(), 4);
    let mut names: Vec<&str> = s.operations.iter().map(|o| o.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 4, "{names:?}");
    let calls: Vec<&Operation> = s
        .operations
        .iter()
        .filter(|o| o.path.contains("TimeZoneStandard="))
        .collect();
    assert_eq!(calls.len(), 2);
    for op in calls {
        // Named for the path and the function's argument; the enum literal is a typed function
        // parameter, not a path placeholder, and the docs' placeholder is never sent.
        assert!(
            op.name
                .ends_with("OutlookSupportedTimeZonesWithTimeZoneStandard"),
            "{}",
            op.name
        );
        assert!(!op
            .parameters
            .iter()
            .any(|p| p.placeholder.contains("timezone")));
        let p = &op.function_parameters[0];
        assert_eq!(p.name, "TimeZoneStandard");
        assert_eq!(
            p.ty.base,
            TypeRef::Named(QualifiedName::new("microsoft.graph", "timeZoneStandard"))
        );
        let Some(PathSegment::Arguments { arguments }) = op.segments.last() else {
            panic!("{:?}", op.segments)
        };
        assert_eq!(arguments[0].prefix, "microsoft.graph.timeZoneStandard");
        assert!(arguments[0].quoted);
    }
    let me = s
        .operations
        .iter()
        .find(|o| o.path == "/me/outlook/supportedTimeZones")
        .unwrap();
    assert!(me.parameters.is_empty());
    assert!(me.function_parameters.is_empty());
}

#[test]
fn case20_unterminated_annotation_string() {
    let path = "beta/api/userteamwork-delete-installedapps.md";
    let mut page = api(
        "Delete installedApp",
        "DELETE /users/{user-id}/teamwork/installedApps/{app-installation-id}",
        "204 No Content",
        "",
    );
    page.push_str("\n<!-- uuid: 8fcb5dbc\n2015-10-25 14:57:30 UTC -->\n<!-- {\n  \"type\": \"#page.annotation\",\n  \"description\": \"User delete teamsAppInstallations,\n  \"keywords\": \"\",\n  \"section\": \"documentation\",\n  \"tocPath\": \"\"\n}-->\n");
    let s = schema(&[(path, &page)]);
    assert_eq!(ops(&s, HttpMethod::Delete).len(), 1);
    let d = assert_diag(
        &s,
        Code::AnnotationUnreadable,
        path,
        line_of(&page, "\"description\": \"User delete"),
    );
    assert!(d.message.contains("unterminated string"), "{}", d.message);
    assert!(
        diags(&s, Code::AnnotationLenient).is_empty(),
        "{:?}",
        s.diagnostics
    );
}

// ---------------------------------------------------------------------------------------------
// Runners-up.

#[test]
fn runner_up_hash_in_annotation_odata_type() {
    let page = resource(
        "educationIdentityCreationConfiguration",
        "|userDomains|[educationIdentityDomain](educationidentitydomain.md) collection|Domains.|",
        "{\n  \"userDomains\": [{\"@odata.type\": \"microsoft.graph.educationIdentityDomain\"}]\n}",
    )
    .replace(
        "\"@odata.type\": \"microsoft.graph.educationIdentityCreationConfiguration\"",
        "\"@odata.type\": \"#microsoft.graph.educationIdentityCreationConfiguration\"",
    );
    let s = schema(&[(
        "beta/resources/educationidentitycreationconfiguration.md",
        &page,
    )]);
    let t = ty(&s, "educationIdentityCreationConfiguration");
    assert_eq!(t.namespace, "microsoft.graph");
    let p = prop(t, "userDomains");
    assert!(p.ty.collection);
    assert_eq!(named(p).name, "educationIdentityDomain");
}

#[test]
fn runner_up_non_json_request_body_placeholder() {
    let path = "beta/api/teamsapp-publish.md";
    let page = api(
        "Publish teamsApp",
        "POST /appCatalogs/teamsApps",
        "200 OK",
        "### Request\n\n<!-- {\n  \"blockType\": \"request\",\n  \"name\": \"create_teamsapp_1\"\n}-->\n\n```http\nPOST https://graph.microsoft.com/beta/appCatalogs/teamsApps\nContent-type: application/zip\nContent-length: 244\n\n[Zip file containing a Teams app package]\n```\n",
    );
    let s = schema(&[(path, &page)]);
    let op = &ops(&s, HttpMethod::Post)[0];
    assert_eq!(op.examples.len(), 1);
    assert_eq!(op.examples[0].request_body, None);
    assert!(
        diags(&s, Code::JsonLenient).is_empty(),
        "{:?}",
        s.diagnostics
    );
    assert!(diags(&s, Code::JsonUnreadable).is_empty());
}

#[test]
fn runner_up_odd_doc_type_suffix() {
    let page = resource(
        "timeCard",
        "|id|String|The id.|\n|notes|[itemBody](itembody.md)|Notes.|",
        "{\n  \"id\": \"String\",\n  \"notes\" : {\"@odata.type\":\"microsoft.graph.itemBody\"}\n}",
    )
    .replace("doc_type: resourcePageType", "doc_type: resourcePageType_");
    let s = schema(&[("beta/resources/timecard.md", &page)]);
    let t = ty(&s, "timeCard");
    assert_eq!(t.kind, TypeKind::Entity);
    assert_eq!(named(prop(t, "notes")).name, "itemBody");
}

#[test]
fn runner_up_permission_kind_without_closing_parenthesis() {
    let path = "beta/api/educationsynchronizationerrors-get.md";
    let page = api(
        "Get errors",
        "GET /education/synchronizationProfiles/{id}/errors",
        "200 OK",
        "",
    )
    .replace(
        "|Application|Directory.Read.All|",
        "|Delegated (personal Microsoft account|Not supported.|\n|Application|Directory.Read.All|",
    );
    let s = schema(&[(path, &page)]);
    let op = &s.operations[0];
    let kinds: Vec<&str> = op.permissions.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "Delegated (work or school account)",
            "Delegated (personal Microsoft account)",
            "Application"
        ]
    );
    assert!(op.permissions[1].scopes.is_empty());
    assert_diag(
        &s,
        Code::PermissionKindOdd,
        path,
        line_of(&page, "|Delegated (personal Microsoft account|"),
    );
}

#[test]
fn runner_up_linked_type_followed_by_enum() {
    let page = resource(
        "fileHash",
        "|hashType|[fileHashType](filehashtypeenumtype.md) enum|File hash type. Possible values are: `unknown`, `sha1`, `sha256`.|\n|hashValue|String|Value.|",
        "{\n  \"hashType\": \"@odata.type: microsoft.graph.fileHashType\",\n  \"hashValue\": \"String\"\n}",
    );
    let s = schema(&[("beta/resources/filehash.md", &page)]);
    let t = ty(&s, "fileHash");
    assert_eq!(named(prop(t, "hashType")).name, "fileHashType");
    assert_eq!(
        member_names(enum_def(&s, "fileHashType")),
        ["unknown", "sha1", "sha256"]
    );
    assert!(s.types.iter().all(|t| t.name != "fileHashType"));
}

#[test]
fn runner_up_string_enum_without_a_name() {
    let path = "v1.0/resources/teamfunsettings.md";
    let page = resource(
        "teamFunSettings",
        "|allowGiphy|Boolean|Allow Giphy.|\n|giphyContentRating|String (enum)|Giphy content rating. Possible values are: `moderate`, `strict`.|",
        "{\n  \"allowGiphy\": true,\n  \"giphyContentRating\": \"string\"\n}",
    );
    let s = schema(&[(path, &page)]);
    let t = ty(&s, "teamFunSettings");
    let q = named(prop(t, "giphyContentRating"));
    assert_eq!(member_names(enum_def(&s, &q.name)), ["moderate", "strict"]);
    assert_diag(
        &s,
        Code::EnumNameSynthesized,
        path,
        line_of(&page, "|giphyContentRating|"),
    );
}

#[test]
fn runner_up_single_quoted_json_body() {
    let path = "beta/api/page-update.md";
    let page = api(
        "Update page",
        "PATCH /me/onenote/pages/{id}/content",
        "204 No Content",
        "### Request\n\n<!-- { \"blockType\": \"request\", \"name\": \"update_page\" } -->\n```http\nPATCH https://graph.microsoft.com/beta/me/onenote/pages/{id}/content\nContent-type: application/json\n\n[\n  {\n    'target':'#para-id',\n    'action':'insert'\n  }\n]\n```\n",
    );
    let s = schema(&[(path, &page)]);
    let op = &ops(&s, HttpMethod::Patch)[0];
    assert_eq!(
        op.examples[0].request_body.as_ref().map(|b| b.to_value()),
        Some(serde_json::json!([{"target": "#para-id", "action": "insert"}]))
    );
    let d = assert_diag(&s, Code::JsonLenient, path, line_of(&page, "'target'"));
    assert!(d.message.contains("single-quoted"), "{}", d.message);
}

#[test]
fn runner_up_page_defines_a_type_other_than_its_file_name() {
    let page = resource(
        "appleManagedIdentityProvider",
        "|id|String|The id.|\n|developerId|String|The developer id.|",
        "{\n  \"id\": \"String\",\n  \"developerId\": \"String\"\n}",
    );
    let s = schema(&[("beta/resources/appleidentityprovider.md", &page)]);
    ty(&s, "appleManagedIdentityProvider");
    assert!(s.types.iter().all(|t| t.name != "appleIdentityProvider"));
}

#[test]
fn runner_up_member_tables_under_a_prose_heading_are_not_enums() {
    let page = "---\ntitle: \"Teams API overview\"\ndoc_type: conceptualPageType\n---\n\n# Teams API overview\n\n## Membership changes in Microsoft Teams\n\n|Member|Description|\n|:---|:---|\n|owner|An owner of the team.|\n|guest|A guest.|\n\n### Membership values\n\nSee above.\n";
    let s = schema(&[("v1.0/resources/teams-api-overview.md", page)]);
    assert!(s.enums.is_empty(), "{:?}", s.enums);
    assert!(s.types.is_empty(), "{:?}", s.types);
}

// ---------------------------------------------------------------------------------------------
// Findings from the hand-checked sample of corpus diagnostics.

#[test]
fn sample_error_statuses_are_canonical_and_prose_paths_are_skipped() {
    let page = "---\ndoc_type: apiPageType\n---\n# Get thing\n\n## HTTP request\n```http\nGET ** Entity URI for x.y not found\nPOST /me/range/resizedRange(deltaRows={n}, deltaColumns={n})\n```\n\n## Example\n```http\nPOST https://graph.microsoft.com/beta/me/range/resizedRange(deltaRows=1, deltaColumns=1)\n```\n```http\nHTTP/1.1 409 Conflict\n```\n";
    let docs = Docs::from_memory([("beta/api/thing-get.md", page)]);
    let schema = Generator::new(&docs, &Settings::default()).schema();
    let codes: Vec<Code> = schema.diagnostics.iter().map(|d| d.code).collect();
    assert!(!codes.contains(&Code::ResponseStatusOdd), "{codes:?}");
    let skipped: Vec<_> = schema
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::HttpSyntaxUnreadable)
        .collect();
    assert_eq!(skipped.len(), 1, "{:?}", schema.diagnostics);
    assert_eq!(skipped[0].line, 8);
    assert_eq!(schema.operations.len(), 1);
    assert!(schema.operations[0]
        .path
        .ends_with("resizedRange(deltaRows={n}, deltaColumns={n})"));
}

#[test]
fn sample_deprecated_suffix_in_a_property_name_marks_the_property() {
    let page = "---\ndoc_type: resourcePageType\n---\n# audioConferencing resource type\n\n## Properties\n| Property | Type | Description |\n|:--|:--|:--|\n| tollFreeNumber (deprecated) | String | The toll-free number. |\n";
    let docs = Docs::from_memory([("beta/resources/audioconferencing.md", page)]);
    let schema = Generator::new(&docs, &Settings::default()).schema();
    let t = &schema.types[0];
    assert_eq!(t.properties[0].name, "tollFreeNumber");
    assert!(t.properties[0].deprecated.is_some());
}

/// As `user` and `directoryObject` disagree on `deletedDateTime` in the real docs: the derived
/// type's table wins in its struct, a warning names the derived type's row, and `Any<Base>` has
/// no accessor for that property (its variants hold it with different types) but keeps the others.
#[test]
fn sample_derived_type_redeclaring_a_base_property_with_another_type() {
    let base = resource(
        "directoryObject",
        "|id|String|The key.|\n|deletedDateTime|String|When it was deleted.|",
        "{\n  \"id\": \"String\",\n  \"deletedDateTime\": \"String\"\n}",
    );
    let user = resource_with(
        "user",
        "|deletedDateTime|DateTimeOffset|When the user was deleted.|\n|mail|String|The address.|",
        "{\n  \"deletedDateTime\": \"String (timestamp)\",\n  \"mail\": \"String\"\n}",
        "\n  \"baseType\": \"microsoft.graph.directoryObject\",",
    );
    let pages = [
        ("v1.0/resources/directoryobject.md", base.as_str()),
        ("v1.0/resources/user.md", user.as_str()),
    ];
    let s = schema(&pages);
    let line = line_of(&user, "|deletedDateTime|");
    let d = assert_diag(
        &s,
        Code::PropertyTypeDiffersFromBase,
        "v1.0/resources/user.md",
        line,
    );
    assert!(d.message.contains("directoryObject"), "{}", d.message);
    assert_eq!(
        prop(ty(&s, "user"), "deletedDateTime").ty.to_string(),
        "Edm.DateTimeOffset"
    );

    let docs = Docs::from_memory(pages);
    let generated =
        graphdoc_codegen::Generator::new(&docs, &Default::default()).crate_files("models");
    let graph = &generated.files["src/v1_0/graph.rs"];
    let any = &graph[graph
        .find("impl AnyDirectoryObject {")
        .expect("AnyDirectoryObject")..];
    let any = &any[..any.find("\n}\n").unwrap()];
    assert!(any.contains("pub fn id(&self)"), "{any}");
    assert!(!any.contains("pub fn deleted_date_time("), "{any}");
}
