use super::*;
use crate::resolve::operations::paths::parse_path;

use HttpMethod::*;
use OperationKind::*;

/// The compact name of `method path` (a resource request unless `kind` says otherwise).
fn name(method: HttpMethod, kind: OperationKind, path: &str) -> String {
    let parsed = parse_path(path);
    name_of(&Endpoint {
        method,
        kind,
        segments: &parsed.segments,
        collection: false,
    })
}

fn resource(method: HttpMethod, path: &str) -> String {
    name(method, Resource, path)
}

#[test]
fn seeds() {
    assert_eq!(
        resource(Post, "/deviceManagement/remoteActionAudits"),
        "createRemoteActionAudit"
    );
    assert_eq!(
        resource(
            Patch,
            "/deviceManagement/remoteActionAudits/{remoteActionAuditId}"
        ),
        "updateRemoteActionAudit"
    );
    assert_eq!(
        resource(Post, "/deviceManagement/auditEvents"),
        "createAuditEvent"
    );
    assert_eq!(
        resource(
            Post,
            "/me/dataSecurityAndGovernance/activities/auditActivities"
        ),
        "createMeDataSecurityAndGovernanceActivitiesAuditActivity"
    );
    assert_eq!(
        resource(
            Post,
            "/users/{usersId}/dataSecurityAndGovernance/activities/auditActivities"
        ),
        "createUserDataSecurityAndGovernanceActivitiesAuditActivity"
    );
}

#[test]
fn users() {
    assert_eq!(resource(Get, "/users"), "listUsers");
    assert_eq!(resource(Post, "/users"), "createUser");
    assert_eq!(resource(Get, "/users/{id | userPrincipalName}"), "getUser");
    assert_eq!(resource(Patch, "/users/{id}"), "updateUser");
    assert_eq!(resource(Delete, "/users/{id}"), "deleteUser");
    assert_eq!(resource(Get, "/me"), "getMe");
    assert_eq!(resource(Get, "/me/messages"), "listMeMessages");
    assert_eq!(resource(Get, "/users/{id}/messages/{id}"), "getUserMessage");
    assert_eq!(resource(Get, "/users/{id}/manager"), "getUserManager");
    assert_eq!(resource(Get, "/users/{id}/memberOf"), "getUserMemberOf");
    assert_eq!(resource(Get, "/users/$count"), "countUsers");
    assert_eq!(
        name(
            Post,
            Action,
            "/users/{id | userPrincipalName}/assignLicense"
        ),
        "userAssignLicense"
    );
    assert_eq!(name(Post, Action, "/me/assignLicense"), "meAssignLicense");
    assert_eq!(name(Get, Function, "/users/delta()"), "usersDelta");
}

#[test]
fn alternate_addressing_qualifies_the_same_name() {
    assert_eq!(resource(Get, "/applications/{id}"), "getApplication");
    assert_eq!(
        resource(Get, "/applications(appId='{appId}')"),
        "getApplicationByAppId"
    );
    assert_eq!(
        resource(Get, "/directoryRoles/roleTemplateId={roleTemplateId}"),
        "getDirectoryRoleByRoleTemplateId"
    );
    assert_eq!(resource(Get, "/me/drive/items/{id}"), "getMeDriveItem");
    assert_eq!(
        resource(Get, "/me/drive/root:/{item-path}:"),
        "getMeDriveItemByPath"
    );
    assert_eq!(
        resource(Get, "/me/drive/root:/{item-path}:/children"),
        "listMeDriveItemByPathChildren"
    );
}

#[test]
fn casts_suffixes_and_functions() {
    assert_eq!(
        resource(
            Get,
            "/deviceManagement/deviceConfigurations/{id}/microsoft.graph.windows10GeneralConfiguration/privacyAccessControls"
        ),
        "listWindows10GeneralConfigurationPrivacyAccessControls"
    );
    assert_eq!(
        name(Post, Action, "/deviceAppManagement/mobileApps/{mobileAppId}/microsoft.graph.iosVppApp/revokeAllLicenses"),
        "iosVppAppRevokeAllLicenses"
    );
    assert_eq!(resource(Get, "/me/photo/$value"), "getMePhotoContent");
    assert_eq!(resource(Put, "/me/photo/$value"), "putMePhotoContent");
    assert_eq!(
        resource(Delete, "/groups/{id}/members/{id}/$ref"),
        "deleteGroupMemberRef"
    );
    assert_eq!(
        name(
            Get,
            Function,
            "/reports/getEmailActivityUserDetail(period='{period_value}')"
        ),
        "reportsGetEmailActivityUserDetailWithPeriod"
    );
    assert_eq!(
        name(
            Get,
            Function,
            "/reports/getEmailActivityUserDetail(date={date_value})"
        ),
        "reportsGetEmailActivityUserDetailWithDate"
    );
    assert_eq!(
        name(
            Post,
            Action,
            "/deviceManagement/applePushNotificationCertificate/generateApplePushNotificationCertificateSigningRequest"
        ),
        "generateApplePushNotificationCertificateSigningRequest"
    );
    // A key the docs left in a syntax block reads as a key.
    assert_eq!(
        resource(
            Get,
            "/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/assignments"
        ),
        "listClassAssignments"
    );
}

#[test]
fn long_paths_leave_out_their_first_words() {
    let n = resource(
        Get,
        "/deviceManagement/deviceConfigurations/{deviceConfigurationId}/microsoft.graph.windowsWifiEnterpriseEAPConfiguration/identityCertificateForClientAuthentication/microsoft.graph.windowsPhone81ImportedPFXCertificateProfile/managedDeviceCertificateStates/{id}",
    );
    assert!(n.len() <= BUDGET, "{n}");
    // Alone, the words nearest the end are enough; beside its siblings it takes back the cast.
    assert_eq!(n, "getManagedDeviceCertificateState");
}

/// Names every `(method, kind, path)` together, as a version's operations are.
fn name_all(endpoints: &[(HttpMethod, OperationKind, &str)], pins: &Pins) -> Vec<String> {
    let parsed: Vec<_> = endpoints.iter().map(|(_, _, p)| parse_path(p)).collect();
    let keys: Vec<String> = endpoints
        .iter()
        .zip(&parsed)
        .map(|((m, _, _), p)| {
            format!(
                "{} {}",
                m.as_str(),
                crate::resolve::operations::paths::endpoint_template(&p.segments)
            )
        })
        .collect();
    let candidates: Vec<Candidate<'_>> = endpoints
        .iter()
        .zip(&parsed)
        .zip(&keys)
        .map(|(((method, kind, _), p), key)| Candidate {
            endpoint: Endpoint {
                method: *method,
                kind: *kind,
                segments: &p.segments,
                collection: false,
            },
            version: ApiVersion::V1,
            key,
        })
        .collect();
    let spellings = Spellings::default();
    Naming {
        spellings: &spellings,
        pins,
    }
    .name_all(&candidates)
    .into_iter()
    .map(|n| n.name)
    .collect()
}

#[test]
fn the_simpler_path_keeps_a_shared_name() {
    let names = name_all(
        &[
            (Get, Resource, "/me/calendars/{id}/events"),
            (Get, Resource, "/me/calendar/events"),
            (Get, Resource, "/identity/identityProviders"),
            (Get, Resource, "/identityProviders"),
        ],
        &Pins::default(),
    );
    assert_eq!(
        names,
        [
            "listMeCalendarByIdEvents",
            "listMeCalendarEvents",
            "listIdentityIdentityProviders",
            "listIdentityProviders"
        ]
    );
}

#[test]
fn a_clash_over_budget_shortens_the_words_it_takes_back() {
    let path = |cast: &str| {
        format!("/deviceManagement/deviceConfigurations/{{id}}/microsoft.graph.{cast}/identityCertificateForClientAuthentication/deviceStatuses")
    };
    let (windows, android) = (
        path("windowsWifiEnterpriseEAPConfiguration"),
        path("androidWorkProfileEnterpriseWiFiConfiguration"),
    );
    let names = name_all(
        &[(Get, Resource, &windows), (Get, Resource, &android)],
        &Pins::default(),
    );
    // Written whole, the second would be 99 characters.
    assert_eq!(
        names,
        [
            "listWindowsWeecIdentityCfcaDeviceStatuses",
            "listIdentityCertificateForClientAuthenticationDeviceStatuses"
        ]
    );
    assert!(names.iter().all(|n| n.len() <= BUDGET), "{names:?}");
}

#[test]
fn a_segment_over_budget_leaves_out_its_first_words() {
    let n = resource(
        Get,
        "/deviceManagement/userExperienceAnalyticsAppHealthApplicationPerformanceByAppVersion",
    );
    // Whole, `get` and the segment are 69 characters.
    assert_eq!(n, "getAnalyticsAppHealthApplicationPerformanceByAppVersion");
}

#[test]
fn shortened_words_keep_their_numbers() {
    assert_eq!(
        shortened("WindowsWifiEnterpriseEapConfiguration"),
        "WindowsWeec"
    );
    assert_eq!(shortened("WindowsPhone81VpnConfiguration"), "WindowsP81vc");
    assert_eq!(shortened("Users"), "Users");
    assert_eq!(initials("DeviceManagementScript"), "Dms");
    assert_eq!(initials("WindowsPhone81VpnConfiguration"), "Wp81vc");
    assert_eq!(initials("User"), "U");
}

#[test]
fn pinned_names_are_kept_and_win_clashes() {
    let mut pins = Pins::default();
    pins.insert(
        ApiVersion::V1,
        "GET /identity/identityproviders".into(),
        "listIdentityProviders".into(),
    );
    let names = name_all(
        &[
            (Get, Resource, "/identity/identityProviders"),
            (Get, Resource, "/identityProviders"),
        ],
        &pins,
    );
    // The simpler path would keep the name, but the pin came first; with no longer form left to
    // it, the newcomer is numbered (and warned about), never the pinned one renamed.
    assert_eq!(names, ["listIdentityProviders", "listIdentityProviders2"]);
}
