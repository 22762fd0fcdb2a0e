//! The seed docs' models through one macro line (the path is relative to this crate's Cargo.toml).

graphdoc_macros::graph_models!("../../docs");

#[cfg(test)]
mod tests {
    use super::beta::graph::RemoteActionAudit;

    /// The response of "Add remoteActionAudits" (docs/beta/api/intune-devices-remoteactionaudit-create.md).
    const RESPONSE: &str = r##"{
  "@odata.type": "#microsoft.graph.remoteActionAudit",
  "id": "537f25ec-25ec-537f-ec25-7f53ec257f53",
  "deviceDisplayName": "Device Display Name value",
  "userName": "User Name value",
  "initiatedByUserPrincipalName": "Initiated By User Principal Name value",
  "action": "String",
  "requestDateTime": "2017-01-01T00:00:41.7585221+03:00",
  "deviceOwnerUserPrincipalName": "Device Owner User Principal Name value",
  "deviceIMEI": "Device IMEI value",
  "actionState": "String",
  "managedDeviceId": "Managed Device Id value"
}"##;

    #[test]
    fn documented_response_deserializes() {
        let audit: RemoteActionAudit = serde_json::from_str(RESPONSE).unwrap();
        assert_eq!(
            audit.device_display_name.as_deref(),
            Some("Device Display Name value")
        );
        assert_eq!(
            audit.managed_device_id.as_deref(),
            Some("Managed Device Id value")
        );
        // Round trip keeps every member.
        let back = serde_json::to_value(&audit).unwrap();
        let original: serde_json::Value = serde_json::from_str(RESPONSE).unwrap();
        assert_eq!(back, original);
    }
}

/// The same macro with options: only `auditEvent`'s closure, beta only, no doc comments.
pub mod audit_only {
    graphdoc_macros::graph_models!(
        "../../docs",
        version = "beta",
        roots = ["auditEvent"],
        doc_comments = false,
    );

    #[cfg(test)]
    mod tests {
        #[test]
        fn only_the_closure_is_generated() {
            let event = super::beta::graph::AuditEvent {
                display_name: Some("x".to_string()),
                ..Default::default()
            };
            let json = serde_json::to_value(&event).unwrap();
            assert_eq!(json["displayName"], "x");
        }
    }
}
