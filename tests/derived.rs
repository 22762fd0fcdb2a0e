//! Derived types as Graph sends them (issue 11): a value declared as a base type is read as the
//! derived type its `@odata.type` names, from the stubs `graph_models!` generates from real pages
//! (`fixtures/derived`, see its `SOURCES.txt`), and written back unchanged.

use serde_json::{json, Value};

// Not every generated item is used here.
#[allow(dead_code)]
mod api {
    graphdoc_macros::graph_models!("fixtures/derived");
}

use api::beta::graph::{
    AndroidCustomConfiguration, AnyDeviceConfiguration, DeviceConfiguration,
    IosCustomConfiguration, Windows10CustomConfiguration,
};
use api::support::{Collection, GraphRequest};
use api::v1_0::graph::{AnyDirectoryObject, Group, User};

fn configurations() -> Value {
    json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#deviceManagement/deviceConfigurations",
        "value": [
            {
                "@odata.type": "#microsoft.graph.androidCustomConfiguration",
                "id": "a1",
                "displayName": "Android Wi-Fi",
                "version": 3,
                "omaSettings": [{"@odata.type": "#microsoft.graph.omaSettingInteger", "omaUri": "./Vendor/x", "value": 1}]
            },
            {
                "@odata.type": "#microsoft.graph.iosCustomConfiguration",
                "id": "i1",
                "payloadName": "Mail",
                "payloadFileName": "mail.mobileconfig",
                "payload": "cGF5bG9hZA=="
            },
            {
                "@odata.type": "#microsoft.graph.windows10CustomConfiguration",
                "id": "w1",
                "lastModifiedDateTime": "2021-07-01T10:00:00.1234567Z",
                "omaSettings": []
            },
            {
                "@odata.type": "#microsoft.graph.macOSCustomConfiguration",
                "id": "m1",
                "payloadName": "Kiosk",
                "deploymentChannel": "deviceChannel"
            }
        ]
    })
}

/// The page as the generated list operation reads it from an HTTP response.
fn list(body: &Value) -> Collection<AnyDeviceConfiguration> {
    let op = api::beta::operations::ListDeviceConfigurations::new();
    let response = http::Response::builder()
        .status(200)
        .body(serde_json::to_vec(body).unwrap())
        .unwrap();
    op.parse_response(response)
        .expect("a page of configurations")
}

#[test]
fn a_list_of_derived_configurations_reads_each_as_its_type_and_writes_back_unchanged() {
    let body = configurations();
    let page = list(&body);
    let [a, i, w, m] = &page.value[..] else {
        panic!("{:?}", page.value)
    };
    let AnyDeviceConfiguration::AndroidCustomConfiguration(android) = a else {
        panic!("{a:?}")
    };
    assert_eq!(android.display_name.as_deref(), Some("Android Wi-Fi"));
    assert_eq!(android.oma_settings.as_ref().map(Vec::len), Some(1));
    let AnyDeviceConfiguration::IosCustomConfiguration(ios) = i else {
        panic!("{i:?}")
    };
    assert_eq!(ios.payload_file_name.as_deref(), Some("mail.mobileconfig"));
    assert!(matches!(
        w,
        AnyDeviceConfiguration::Windows10CustomConfiguration(_)
    ));
    // A derived type the docs do not know: kept whole, tag and members.
    let AnyDeviceConfiguration::Other(unknown) = m else {
        panic!("{m:?}")
    };
    assert_eq!(
        unknown.odata_type.as_deref(),
        Some("#microsoft.graph.macOSCustomConfiguration")
    );
    let payload = unknown
        .additional_properties
        .get_as::<String>("payloadName");
    assert_eq!(payload.unwrap().unwrap(), "Kiosk");

    // The base's properties read without a match; the tag as sent or as the variant's.
    let ids: Vec<Option<&str>> = page
        .value
        .iter()
        .map(|c| c.id().map(String::as_str))
        .collect();
    assert_eq!(ids, [Some("a1"), Some("i1"), Some("w1"), Some("m1")]);
    assert_eq!(
        w.last_modified_date_time().map(|t| t.as_str()),
        Some("2021-07-01T10:00:00.1234567Z")
    );
    assert_eq!(m.odata_type(), "#microsoft.graph.macOSCustomConfiguration");

    assert_eq!(serde_json::to_value(&page).unwrap(), body);
}

#[test]
fn the_tag_is_found_when_it_is_not_the_first_member() {
    let body = configurations();
    // Every object written with its `@odata.type` last (serde_json's maps write it first).
    let items: Vec<String> = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let mut object = item.as_object().unwrap().clone();
            let tag = object.remove("@odata.type").unwrap();
            let rest = serde_json::to_string(&object).unwrap();
            format!("{},\"@odata.type\":{tag}}}", &rest[..rest.len() - 1])
        })
        .collect();
    let text = format!("{{\"value\":[{}]}}", items.join(","));
    assert!(text.starts_with(r#"{"value":[{"displayName""#), "{text}");
    let page: Collection<AnyDeviceConfiguration> = serde_json::from_str(&text).unwrap();
    let kinds: Vec<&str> = page
        .value
        .iter()
        .map(|c| match c {
            AnyDeviceConfiguration::AndroidCustomConfiguration(_) => "android",
            AnyDeviceConfiguration::IosCustomConfiguration(_) => "ios",
            AnyDeviceConfiguration::Windows10CustomConfiguration(_) => "windows10",
            AnyDeviceConfiguration::DeviceConfiguration(_) => "base",
            AnyDeviceConfiguration::Other(_) => "other",
        })
        .collect();
    assert_eq!(kinds, ["android", "ios", "windows10", "other"]);
    let mut expected = body.clone();
    expected.as_object_mut().unwrap().remove("@odata.context");
    assert_eq!(serde_json::to_value(&page).unwrap(), expected);

    // Without a tag, a value is of the declared type.
    let plain: AnyDeviceConfiguration = serde_json::from_value(json!({"id": "x"})).unwrap();
    assert!(
        matches!(plain, AnyDeviceConfiguration::DeviceConfiguration(ref c) if c.id.as_deref() == Some("x"))
    );
}

#[test]
fn members_read_before_the_tag_are_kept_as_sent() {
    // The object is held as its text until the tag is found, so a member the docs do not list
    // comes back as it was sent (through a `serde_json::Value`, `1.0e3` became `1000.0`).
    let text = r##"{"id":"m1","scale":1.0e3,"nested":{ "a" : [1] },"@odata.type":"#microsoft.graph.macOSCustomConfiguration"}"##;
    let value: AnyDeviceConfiguration = serde_json::from_str(text).unwrap();
    let AnyDeviceConfiguration::Other(other) = &value else {
        panic!("{value:?}")
    };
    let scale = other.additional_properties.get("scale");
    assert_eq!(scale.map(|raw| raw.get()), Some("1.0e3"));
    assert_eq!(
        serde_json::to_string(&value).unwrap(),
        r##"{"@odata.type":"#microsoft.graph.macOSCustomConfiguration","id":"m1","scale":1.0e3,"nested":{ "a" : [1] }}"##
    );
}

#[test]
fn a_group_members_list_holds_users_and_groups() {
    let body = json!({
        "value": [
            {"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Adele Vance", "mail": "adele@contoso.com"},
            {"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Sales", "mailEnabled": true}
        ]
    });
    let op = api::v1_0::operations::ListGroupMembers::new("g0");
    let response = http::Response::builder()
        .status(200)
        .body(serde_json::to_vec(&body).unwrap())
        .unwrap();
    let members = op.parse_response(response).expect("members");
    match &members.value[..] {
        [AnyDirectoryObject::User(u), AnyDirectoryObject::Group(g)] => {
            assert_eq!(u.mail.as_deref(), Some("adele@contoso.com"));
            assert_eq!(g.mail_enabled, Some(true));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(members.value[1].id().map(String::as_str), Some("g1"));
    assert_eq!(serde_json::to_value(&members).unwrap(), body);
}

#[test]
fn a_derived_value_is_sent_with_its_type_and_a_plain_one_without() {
    let user = User {
        display_name: Some("Adele Vance".into()),
        ..Default::default()
    };
    // Sent alone or as the base, a derived type says which type it is.
    let alone = serde_json::to_value(&user).unwrap();
    assert_eq!(alone["@odata.type"], "#microsoft.graph.user");
    let any = AnyDirectoryObject::from(user);
    assert_eq!(any.odata_type(), "#microsoft.graph.user");
    assert_eq!(serde_json::to_value(&any).unwrap(), alone);
    // A type derived from nothing but `entity` carries no tag unless it has one.
    let base = serde_json::to_value(DeviceConfiguration::default()).unwrap();
    assert_eq!(base, json!({}));
    let group = serde_json::to_value(AnyDirectoryObject::from(Group::default())).unwrap();
    assert_eq!(group, json!({"@odata.type": "#microsoft.graph.group"}));
    // Conversions from each derived type.
    let configurations: Vec<AnyDeviceConfiguration> = vec![
        AndroidCustomConfiguration::default().into(),
        IosCustomConfiguration::default().into(),
        Windows10CustomConfiguration::default().into(),
    ];
    let tags: Vec<&str> = configurations.iter().map(|c| c.odata_type()).collect();
    assert_eq!(
        tags,
        [
            "#microsoft.graph.androidCustomConfiguration",
            "#microsoft.graph.iosCustomConfiguration",
            "#microsoft.graph.windows10CustomConfiguration"
        ]
    );
}
