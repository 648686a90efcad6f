//! Network offerings: CloudStack's defaults, seeded idempotently at start, and their listing.

use super::{one_of, page};
use crate::db::entity::{network_offering as offering, network_offering_service as service};
use crate::engine::EngineError;
use crate::engine::infra::zones;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// The rate (Mbps) an offering without its own reports: CloudStack's `network.throttling.rate` default.
pub const DEFAULT_NETWORK_RATE: i32 = 200;

/// One default offering as CloudStack creates it on first start.
pub struct DefaultOffering {
    pub name: &'static str,
    pub display_text: &'static str,
    pub guest_ip_type: &'static str,
    pub specify_vlan: bool,
    pub specify_ip_ranges: bool,
    pub availability: &'static str,
    pub for_vpc: bool,
    /// (service, provider)
    pub services: &'static [(&'static str, &'static str)],
}

const VR: &str = "VirtualRouter";
const VPC_VR: &str = "VpcVirtualRouter";

pub const DEFAULT_OFFERINGS: &[DefaultOffering] = &[
    DefaultOffering {
        name: "DefaultSharedNetworkOfferingWithSGService",
        display_text: "Offering for Shared Security group enabled networks",
        guest_ip_type: "Shared",
        specify_vlan: true,
        specify_ip_ranges: true,
        availability: "Optional",
        for_vpc: false,
        services: &[
            ("Dhcp", VR),
            ("Dns", VR),
            ("UserData", VR),
            ("SecurityGroup", "SecurityGroupProvider"),
        ],
    },
    DefaultOffering {
        name: "DefaultSharedNetworkOffering",
        display_text: "Offering for Shared networks",
        guest_ip_type: "Shared",
        specify_vlan: true,
        specify_ip_ranges: true,
        availability: "Optional",
        for_vpc: false,
        services: &[("Dhcp", VR), ("Dns", VR), ("UserData", VR)],
    },
    DefaultOffering {
        name: "DefaultIsolatedNetworkOfferingWithSourceNatService",
        display_text: "Offering for Isolated networks with Source Nat service enabled",
        guest_ip_type: "Isolated",
        specify_vlan: false,
        specify_ip_ranges: false,
        availability: "Required",
        for_vpc: false,
        services: &[
            ("Dhcp", VR),
            ("Dns", VR),
            ("UserData", VR),
            ("Firewall", VR),
            ("Gateway", VR),
            ("Lb", VR),
            ("SourceNat", VR),
            ("StaticNat", VR),
            ("PortForwarding", VR),
            ("Vpn", VR),
        ],
    },
    DefaultOffering {
        name: "DefaultIsolatedNetworkOffering",
        display_text: "Offering for Isolated networks with no Source Nat service",
        guest_ip_type: "Isolated",
        specify_vlan: true,
        specify_ip_ranges: true,
        availability: "Optional",
        for_vpc: false,
        services: &[("Dhcp", VR), ("Dns", VR), ("UserData", VR)],
    },
    DefaultOffering {
        name: "DefaultSharedNetscalerEIPandELBNetworkOffering",
        display_text: "Offering for Shared networks with Elastic IP and Elastic LB capabilities",
        guest_ip_type: "Shared",
        specify_vlan: true,
        specify_ip_ranges: true,
        availability: "Optional",
        for_vpc: false,
        services: &[
            ("Dhcp", VR),
            ("Dns", VR),
            ("UserData", VR),
            ("SecurityGroup", "SecurityGroupProvider"),
            ("StaticNat", "Netscaler"),
            ("Lb", "Netscaler"),
        ],
    },
    DefaultOffering {
        name: "DefaultIsolatedNetworkOfferingForVpcNetworks",
        display_text: "Offering for Isolated VPC networks with Source Nat service enabled",
        guest_ip_type: "Isolated",
        specify_vlan: false,
        specify_ip_ranges: false,
        availability: "Optional",
        for_vpc: true,
        services: &[
            ("Dhcp", VPC_VR),
            ("Dns", VPC_VR),
            ("UserData", VPC_VR),
            ("SourceNat", VPC_VR),
            ("StaticNat", VPC_VR),
            ("PortForwarding", VPC_VR),
            ("Lb", VPC_VR),
            ("NetworkACL", VPC_VR),
            ("Vpn", VPC_VR),
            ("Gateway", VPC_VR),
        ],
    },
];

/// Inserts every default offering that does not exist yet (by name); returns how many were added.
pub async fn ensure_defaults<C: ConnectionTrait + TransactionTrait>(
    db: &C,
) -> Result<usize, EngineError> {
    let txn = db.begin().await?;
    let existing: Vec<String> = offering::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|o| o.name)
        .collect();
    let now = chrono::Utc::now().naive_utc();
    let mut added = 0;
    for d in DEFAULT_OFFERINGS
        .iter()
        .filter(|d| !existing.iter().any(|n| n == d.name))
    {
        let created = offering::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            name: Set(d.name.into()),
            display_text: Set(d.display_text.into()),
            guest_ip_type: Set(d.guest_ip_type.into()),
            traffic_type: Set("Guest".into()),
            is_default: Set(true),
            specify_vlan: Set(d.specify_vlan),
            specify_ip_ranges: Set(d.specify_ip_ranges),
            state: Set("Enabled".into()),
            availability: Set(d.availability.into()),
            network_rate: Set(None),
            conserve_mode: Set(true),
            egress_default_policy: Set(false),
            for_vpc: Set(d.for_vpc),
            created: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (svc, provider) in d.services {
            service::ActiveModel {
                network_offering_id: Set(created.id),
                service: Set((*svc).into()),
                provider: Set((*provider).into()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        added += 1;
    }
    txn.commit().await?;
    Ok(added)
}

pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<offering::Model, EngineError> {
    offering::Entity::find()
        .filter(offering::Column::Uuid.eq(uuid))
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("network offering with id {uuid}"),
        })
}

/// (service, provider) pairs of each offering in `ids`, in insertion order.
pub async fn services_of<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<(String, String)>>, EngineError> {
    let mut map: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for row in service::Entity::find()
        .filter(service::Column::NetworkOfferingId.is_in(ids.to_vec()))
        .order_by_asc(service::Column::Id)
        .all(db)
        .await?
    {
        map.entry(row.network_offering_id)
            .or_default()
            .push((row.service, row.provider));
    }
    Ok(map)
}

/// Filters of listNetworkOfferings.
#[derive(Clone, Debug, Default)]
pub struct OfferingFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub guest_ip_type: Option<String>,
    pub traffic_type: Option<String>,
    pub state: Option<String>,
    pub is_default: Option<bool>,
    pub zone_id: Option<String>,
    pub for_vpc: Option<bool>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &OfferingFilter,
) -> Result<(u64, Vec<offering::Model>), EngineError> {
    let mut q = offering::Entity::find();
    if let Some(id) = &f.id {
        q = q.filter(offering::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        q = q.filter(offering::Column::Name.eq(name.as_str()));
    }
    if let Some(t) = &f.guest_ip_type {
        q = q.filter(offering::Column::GuestIpType.eq(one_of(
            "guestiptype",
            t,
            &["Shared", "Isolated", "L2"],
        )?));
    }
    if let Some(t) = &f.traffic_type {
        q = q.filter(offering::Column::TrafficType.eq(one_of(
            "traffictype",
            t,
            super::traffic::TRAFFIC_TYPES,
        )?));
    }
    if let Some(s) = &f.state {
        q = q.filter(offering::Column::State.eq(one_of(
            "state",
            s,
            &["Enabled", "Disabled", "Inactive"],
        )?));
    }
    if let Some(d) = f.is_default {
        q = q.filter(offering::Column::IsDefault.eq(d));
    }
    if let Some(v) = f.for_vpc {
        q = q.filter(offering::Column::ForVpc.eq(v));
    }
    if let Some(zone) = &f.zone_id {
        // Every offering is available in every zone; an unknown zone is still an error.
        zones::find(db, zone).await?;
    }
    if let Some(k) = &f.keyword {
        q = q.filter(offering::Column::Name.contains(k.as_str()));
    }
    let rows = q.order_by_asc(offering::Column::Id).all(db).await?;
    Ok(page(rows, f.page))
}
