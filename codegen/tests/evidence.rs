//! Evidence that knows its place (issue 21): a type its resource page defines takes its members
//! from the page alone; what examples and request bodies add is reported and left to
//! `additional_properties`; a tagged example value's members go to the tagged type; dictionary keys
//! never become fields; types no page defines still take their shape from the examples.

use graphdoc_codegen::ir::{Evidence, TypeDef};
use graphdoc_codegen::{Code, Docs, Generator, Schema, Settings};

const DIRECTORY_OBJECT: &str = "---\ndoc_type: resourcePageType\n---\n# directoryObject resource type\n\nNamespace: microsoft.graph\n\nA directory object.\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The identifier.|\n|deletedDateTime|DateTimeOffset|When it was deleted.|\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.directoryObject\"\n} -->\n```json\n{\n  \"id\": \"String (identifier)\",\n  \"deletedDateTime\": \"String (timestamp)\"\n}\n```\n";

const USER: &str = "---\ndoc_type: resourcePageType\n---\n# user resource type\n\nNamespace: microsoft.graph\n\nA user. Inherits from [directoryObject](directoryobject.md).\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The identifier. Inherited from [directoryObject](directoryobject.md).|\n|displayName|String|The name.|\n|userPrincipalName|String|The sign-in name.|\n";

/// `plannerAssignments`: an open type whose representation shows user IDs as keys.
const ASSIGNMENTS: &str = "---\ndoc_type: resourcePageType\n---\n# plannerAssignments resource type\n\nNamespace: microsoft.graph\n\nAssignments by user ID.\n\n## Properties\n\nEach property name is the ID of a user.\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"openType\": true,\n  \"@odata.type\": \"microsoft.graph.plannerAssignments\"\n}-->\n```json\n{\n  \"ca2a1df2-e36b-4987-9f6b-0ea462f4eb47\": null,\n  \"4e98f8f1-bb03-4015-b8e0-19bb370949d8\": {\n    \"@odata.type\": \"microsoft.graph.plannerAssignment\",\n    \"orderHint\": \"String\"\n  }\n}\n```\n";

/// A list of members: untagged users (as `directoryrole-list-members.md` shows them), a tagged
/// group, and a type no page defines (`memberSummary`) in the same response.
const LIST_MEMBERS: &str = "---\ndoc_type: apiPageType\n---\n# List members\n\nNamespace: microsoft.graph\n\nLists them.\n\n## HTTP request\n\n```http\nGET /directoryRoles/{id}/members\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a collection of [directoryObject](../resources/directoryobject.md) objects in the response body.\n\n## Example\n\n### Request\n\n<!-- { \"blockType\": \"request\", \"name\": \"list_members\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/directoryRoles/1/members\n```\n\n### Response\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.directoryObject\", \"isCollection\": true } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\n  \"value\": [\n    {\n      \"id\": \"1\",\n      \"userPrincipalName\": \"a@contoso.com\",\n      \"manager\": {\"id\": \"2\"}\n    },\n    {\n      \"@odata.type\": \"#microsoft.graph.group\",\n      \"id\": \"3\",\n      \"mailNickname\": \"team\",\n      \"summary\": {\"@odata.type\": \"microsoft.graph.memberSummary\", \"count\": 4}\n    }\n  ]\n}\n```\n";

/// A create page whose Request body table lists an upload-only member (`agreement-post-agreements.md`).
const CREATE_DIRECTORY_OBJECT: &str = "---\ndoc_type: apiPageType\n---\n# Create directoryObject\n\nNamespace: microsoft.graph\n\nCreates one.\n\n## HTTP request\n\n```http\nPOST /directoryObjects\n```\n\n## Request body\n\nIn the request body, supply a JSON representation of a [directoryObject](../resources/directoryobject.md) object.\n\n|Property|Type|Description|\n|:---|:---|:---|\n|fileName|String|The file to upload.|\n\n## Response\n\nIf successful, this method returns a `201 Created` response code and a [directoryObject](../resources/directoryobject.md) object in the response body.\n";

fn schema() -> Schema {
    Generator::new(
        &Docs::from_memory([
            ("v1.0/resources/directoryobject.md", DIRECTORY_OBJECT),
            ("v1.0/resources/user.md", USER),
            ("v1.0/resources/plannerassignments.md", ASSIGNMENTS),
            ("v1.0/api/directoryrole-list-members.md", LIST_MEMBERS),
            ("v1.0/api/directoryobject-post.md", CREATE_DIRECTORY_OBJECT),
        ]),
        &Settings::default(),
    )
    .schema()
}

fn type_def<'s>(schema: &'s Schema, name: &str) -> &'s TypeDef {
    schema
        .types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn fields(t: &TypeDef) -> Vec<&str> {
    t.properties.iter().map(|p| p.name.as_str()).collect()
}

/// The findings of `code`, as `file:line message`.
fn findings(schema: &Schema, code: Code) -> Vec<String> {
    schema
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| format!("{}:{} {}", d.file, d.line, d.message))
        .collect()
}

#[test]
fn a_type_with_a_resource_page_takes_members_only_from_it() {
    let schema = schema();
    // The users' members in a directoryObject list, and the create body's `fileName`, are not
    // directoryObject's.
    assert_eq!(
        fields(type_def(&schema, "directoryObject")),
        ["id", "deletedDateTime"]
    );
    let reported = findings(&schema, Code::PropertyOnlyInExample);
    for member in ["userPrincipalName", "manager"] {
        assert!(
            reported
                .iter()
                .any(|f| f.starts_with("v1.0/api/directoryrole-list-members.md:")
                    && f.contains(&format!(
                        "`{member}` appears in an example of directoryObject"
                    ))),
            "{member}: {reported:#?}"
        );
    }
    let body = findings(&schema, Code::PropertyOnlyInRequestBody);
    assert_eq!(body.len(), 1, "{body:#?}");
    assert!(
        body[0].starts_with("v1.0/api/directoryobject-post.md:22 `fileName`"),
        "{}",
        body[0]
    );
    // Only the page's evidence is left on page types.
    for t in schema
        .types
        .iter()
        .filter(|t| t.evidence == Evidence::ResourceTable)
    {
        for p in &t.properties {
            assert!(
                matches!(
                    p.evidence,
                    Evidence::ResourceTable | Evidence::JsonRepresentation
                ),
                "{}.{} from {:?}",
                t.name,
                p.name,
                p.evidence
            );
        }
    }
}

#[test]
fn a_tagged_example_value_belongs_to_the_tagged_type() {
    let schema = schema();
    // `mailNickname` and `summary` come with `"@odata.type": "#microsoft.graph.group"`: group has
    // no page here, so it is inferred from them; directoryObject gets neither.
    let group = type_def(&schema, "group");
    assert_eq!(group.evidence, Evidence::Example);
    assert_eq!(fields(group), ["id", "mailNickname", "summary"]);
    assert!(!fields(type_def(&schema, "directoryObject")).contains(&"mailNickname"));
    // A type no page defines keeps inferring from the examples (the seeds need it).
    let summary = type_def(&schema, "memberSummary");
    assert_eq!(fields(summary), ["count"]);
    assert!(findings(&schema, Code::TypeInferredFromExample)
        .iter()
        .any(|f| f.contains("memberSummary")));
}

#[test]
fn dictionary_keys_never_become_fields() {
    let schema = schema();
    let assignments = type_def(&schema, "plannerAssignments");
    assert!(fields(assignments).is_empty(), "{:?}", fields(assignments));
    let said = findings(&schema, Code::JsonKeysNotNames);
    assert_eq!(said.len(), 1, "{said:#?}");
    assert!(
        said[0].starts_with("v1.0/resources/plannerassignments.md:21 the keys `ca2a1df2-e36b-4987-9f6b-0ea462f4eb47`, `4e98f8f1-bb03-4015-b8e0-19bb370949d8`"),
        "{}",
        said[0]
    );
    // The page is not said to lack properties: its representation is a dictionary.
    assert!(findings(&schema, Code::ResourceNoProperties).is_empty());
    // The value's own type is still read.
    assert_eq!(
        fields(type_def(&schema, "plannerAssignment")),
        ["orderHint"]
    );
}

/// `"@odata.type": "#microsoft.outlookServices.openTypeExtension"` in an example: no page
/// documents that namespace, so the documented `microsoft.graph.openTypeExtension` is meant, and
/// the example's custom data (`companyName`) is not made its field.
#[test]
fn a_legacy_namespace_in_an_example_names_the_documented_type() {
    let page = "---\ndoc_type: resourcePageType\n---\n# openTypeExtension resource type\n\nNamespace: microsoft.graph\n\nAn open extension.\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|extensionName|String|The name.|\n|id|String|The identifier.|\n";
    let update = "---\ndoc_type: apiPageType\n---\n# Update open extension\n\nNamespace: microsoft.graph\n\nUpdates it.\n\n## HTTP request\n\n```http\nPATCH /me/extensions/{id}\n```\n\n## Request body\n\nIn the request body, supply a JSON representation of an [openTypeExtension](../resources/opentypeextension.md) object.\n\n## Example\n\n### Request\n\n<!-- { \"blockType\": \"request\", \"name\": \"update\" } -->\n```http\nPATCH https://graph.microsoft.com/v1.0/me/extensions/x\nContent-type: application/json\n\n{\n  \"@odata.type\": \"#microsoft.outlookServices.openTypeExtension\",\n  \"extensionName\": \"Com.Contoso.Estimate\",\n  \"companyName\": \"Contoso\"\n}\n```\n";
    let schema = Generator::new(
        &Docs::from_memory([
            ("v1.0/resources/opentypeextension.md", page),
            ("v1.0/api/opentypeextension-update.md", update),
        ]),
        &Settings::default(),
    )
    .schema();
    let names: Vec<String> = schema
        .types
        .iter()
        .map(|t| format!("{}.{}", t.namespace, t.name))
        .collect();
    assert_eq!(names, ["microsoft.graph.openTypeExtension"]);
    assert_eq!(
        fields(type_def(&schema, "openTypeExtension")),
        ["extensionName", "id"]
    );
    assert!(findings(&schema, Code::PropertyOnlyInExample)
        .iter()
        .any(|f| f.contains("`companyName` appears in an example of openTypeExtension")));
}
