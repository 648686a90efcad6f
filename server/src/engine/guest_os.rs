//! Guest OS categories and types: CloudStack's common ones on first start, and their listing.

use crate::db::entity::{guest_os, guest_os_category};
use crate::engine::EngineError;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};

/// (category, [OS types]) as CloudStack ships them (a representative subset).
const DEFAULTS: &[(&str, &[&str])] = &[
    ("CentOS", &["CentOS 5.3 (64-bit)", "CentOS 7", "CentOS 8"]),
    (
        "Debian",
        &[
            "Debian GNU/Linux 11 (64-bit)",
            "Debian GNU/Linux 12 (64-bit)",
        ],
    ),
    ("Oracle", &["Oracle Linux 8", "Oracle Linux 9"]),
    (
        "RedHat",
        &["Red Hat Enterprise Linux 8", "Red Hat Enterprise Linux 9"],
    ),
    ("SUSE", &["SUSE Linux Enterprise Server 15 (64-bit)"]),
    (
        "Ubuntu",
        &["Ubuntu 20.04 LTS", "Ubuntu 22.04 LTS", "Ubuntu 24.04 LTS"],
    ),
    (
        "Windows",
        &[
            "Windows Server 2019 (64-bit)",
            "Windows Server 2022 (64-bit)",
        ],
    ),
    ("Other", &["Other Linux (64-bit)", "Other (64-bit)"]),
];

/// The OS type of the built-in Simulator guest template.
pub const CENTOS_53_64: &str = "CentOS 5.3 (64-bit)";
/// The OS type system VM templates declare.
pub const SYSTEM_OS: &str = "Debian GNU/Linux 12 (64-bit)";

/// Seeds the categories and types into empty tables.
pub async fn ensure_defaults<C: ConnectionTrait + TransactionTrait>(
    db: &C,
) -> Result<(), EngineError> {
    let txn = db.begin().await?;
    if guest_os_category::Entity::find().count(&txn).await? == 0 {
        for (category, types) in DEFAULTS {
            let created = guest_os_category::ActiveModel {
                uuid: Set(uuid::Uuid::new_v4().to_string()),
                name: Set((*category).into()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for name in *types {
                guest_os::ActiveModel {
                    uuid: Set(uuid::Uuid::new_v4().to_string()),
                    category_id: Set(created.id),
                    display_name: Set((*name).into()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// The OS type named `display_name`.
pub async fn by_name<C: ConnectionTrait>(
    db: &C,
    display_name: &str,
) -> Result<guest_os::Model, EngineError> {
    guest_os::Entity::find()
        .filter(guest_os::Column::DisplayName.eq(display_name))
        .one(db)
        .await?
        .ok_or_else(|| {
            EngineError::Internal(format!("the seeded OS type {display_name} is missing"))
        })
}

/// Filters of listOsTypes / listOsCategories.
#[derive(Clone, Debug, Default)]
pub struct OsFilter {
    pub id: Option<String>,
    pub category_id: Option<String>,
    pub name: Option<String>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

pub async fn list_categories<C: ConnectionTrait>(
    db: &C,
    f: &OsFilter,
) -> Result<(u64, Vec<guest_os_category::Model>), EngineError> {
    let mut q = guest_os_category::Entity::find();
    if let Some(id) = &f.id {
        q = q.filter(guest_os_category::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        q = q.filter(guest_os_category::Column::Name.eq(name.as_str()));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(guest_os_category::Column::Name.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(guest_os_category::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// listOsTypes, each with its category; an unknown `oscategoryid` is 431.
pub async fn list_types<C: ConnectionTrait>(
    db: &C,
    f: &OsFilter,
) -> Result<(u64, Vec<(guest_os::Model, guest_os_category::Model)>), EngineError> {
    let mut q = guest_os::Entity::find();
    if let Some(id) = &f.id {
        q = q.filter(guest_os::Column::Uuid.eq(id.as_str()));
    }
    if let Some(category) = &f.category_id {
        let found = guest_os_category::Entity::find()
            .filter(guest_os_category::Column::Uuid.eq(category.as_str()))
            .one(db)
            .await?
            .ok_or_else(|| EngineError::NotFound {
                what: format!("OS category with id {category}"),
            })?;
        q = q.filter(guest_os::Column::CategoryId.eq(found.id));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(guest_os::Column::DisplayName.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(guest_os::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    let types = q.all(db).await?;
    let categories = guest_os_category::Entity::find().all(db).await?;
    let joined = types
        .into_iter()
        .filter_map(|t| {
            categories
                .iter()
                .find(|c| c.id == t.category_id)
                .cloned()
                .map(|c| (t, c))
        })
        .collect();
    Ok((count, joined))
}
