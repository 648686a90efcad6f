//! Deploying from an ISO: the blank ROOT disk the disk offering sizes, and the hypervisor the caller must name.

use super::deploy::DeployRequest;
use super::invalid;
use crate::db::entity::{disk_offering, vm_template};
use crate::engine::EngineError;
use crate::engine::templates::validate::HYPERVISORS;

const GIB: i64 = 1024 * 1024 * 1024;

pub fn is_iso(template: &vm_template::Model) -> bool {
    template.format.eq_ignore_ascii_case("ISO")
}

/// The ISO may be booted from (CloudStack refuses a data ISO).
pub fn check_bootable(iso: &vm_template::Model) -> Result<(), EngineError> {
    if iso.bootable {
        Ok(())
    } else {
        Err(invalid(
            "templateid",
            format!(
                "Installing from ISO requires an ISO that is bootable: {} is not",
                iso.name
            ),
        ))
    }
}

/// Bytes of the ROOT disk of a VM installed from an ISO: the disk offering's size, or `size` for a customised
/// one (CloudStack's ISO branch of `allocateRawVolume`); the offering is required then.
pub fn root_disk_bytes(
    offering: Option<&disk_offering::Model>,
    r: &DeployRequest,
) -> Result<i64, EngineError> {
    let Some(d) = offering else {
        return Err(invalid(
            "diskofferingid",
            "Installing from ISO requires a disk offering to be specified for the root disk",
        ));
    };
    if r.root_disk_size_gb.is_some() {
        return Err(invalid(
            "rootdisksize",
            "does not apply to an ISO: its ROOT disk is sized by diskofferingid (and size for a customised one)",
        ));
    }
    let gb = match (d.is_customized, d.disk_size_gb) {
        (true, _) => r.size_gb.ok_or_else(|| {
            invalid(
                "size",
                format!("disk offering {} requires size parameter", d.name),
            )
        })?,
        (false, Some(gb)) => gb,
        (false, None) => 0,
    };
    if gb <= 0 {
        return Err(invalid(
            if d.is_customized {
                "size"
            } else {
                "diskofferingid"
            },
            "the ROOT disk needs a positive number of GiB",
        ));
    }
    Ok(gb.saturating_mul(GIB))
}

/// An ISO has no hypervisor of its own, so the caller names one (CloudStack's text when it is missing or unknown).
pub fn hypervisor(r: &DeployRequest) -> Result<String, EngineError> {
    r.hypervisor
        .as_deref()
        .and_then(|h| HYPERVISORS.iter().find(|k| k.eq_ignore_ascii_case(h.trim())))
        .map(|k| (*k).to_string())
        .ok_or_else(|| {
            invalid(
                "hypervisor",
                "hypervisor parameter is needed to deploy VM or the hypervisor parameter value passed is invalid",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offering(size: Option<i64>, customized: bool) -> disk_offering::Model {
        disk_offering::Model {
            id: 1,
            uuid: "d".into(),
            name: "disk".into(),
            display_text: "disk".into(),
            disk_size_gb: size,
            is_customized: customized,
            storage_type: "shared".into(),
            tags: String::new(),
            provisioning_type: "thin".into(),
            min_iops: None,
            max_iops: None,
            domain_id: None,
            zone_id: None,
            is_default: false,
            created: chrono::NaiveDateTime::default(),
            removed: None,
        }
    }

    fn refused(result: Result<i64, EngineError>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn the_root_disk_comes_from_the_disk_offering() {
        let r = DeployRequest::default();
        assert_eq!(
            root_disk_bytes(Some(&offering(Some(5), false)), &r).unwrap(),
            5 * GIB
        );
        assert!(refused(root_disk_bytes(None, &r)).contains("diskofferingid"));
        assert!(refused(root_disk_bytes(Some(&offering(None, true)), &r)).contains("size"));
        assert!(
            refused(root_disk_bytes(Some(&offering(Some(0), false)), &r))
                .contains("diskofferingid")
        );
        let sized = DeployRequest {
            size_gb: Some(7),
            ..Default::default()
        };
        assert_eq!(
            root_disk_bytes(Some(&offering(None, true)), &sized).unwrap(),
            7 * GIB
        );
        let negative = DeployRequest {
            size_gb: Some(-1),
            ..Default::default()
        };
        assert!(refused(root_disk_bytes(Some(&offering(None, true)), &negative)).contains("size"));
        let root = DeployRequest {
            root_disk_size_gb: Some(20),
            ..Default::default()
        };
        assert!(
            refused(root_disk_bytes(Some(&offering(Some(5), false)), &root))
                .contains("rootdisksize")
        );
    }

    #[test]
    fn the_hypervisor_must_be_named_and_known() {
        let with = |h: Option<&str>| DeployRequest {
            hypervisor: h.map(str::to_string),
            ..Default::default()
        };
        assert_eq!(hypervisor(&with(Some("simulator"))).unwrap(), "Simulator");
        assert_eq!(hypervisor(&with(Some("KVM"))).unwrap(), "KVM");
        for bad in [None, Some("Any"), Some("None"), Some("Bogus")] {
            let err = hypervisor(&with(bad)).unwrap_err().to_string();
            assert!(
                err.contains("hypervisor parameter is needed"),
                "{bad:?}: {err}"
            );
        }
    }
}
