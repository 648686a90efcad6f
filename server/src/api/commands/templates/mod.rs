//! Template and ISO commands and the `template` / `iso` object they answer with.

pub mod delete_iso;
pub mod delete_template;
pub mod list_isos;
pub mod list_templates;
pub mod register_iso;
pub mod register_template;
pub mod update_template;

use crate::api::commands::cs_date;
use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::{account, domain, guest_os, zone};
use crate::engine::EngineError;
use crate::engine::templates::{self, TemplateInZone};
use app::model::offering::TemplateResponse;
use sea_orm::{ConnectionTrait, EntityTrait};
use std::collections::HashMap;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &delete_iso::DEF,
        &delete_template::DEF,
        &list_isos::DEF,
        &list_templates::DEF,
        &register_iso::DEF,
        &register_template::DEF,
        &update_template::DEF,
    ]
}

/// Fields of the `template` and `iso` objects, for listApis.
pub const TEMPLATE_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the template ID",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the template name",
    },
    FieldDef {
        name: "displaytext",
        kind: "string",
        description: "the template display text",
    },
    FieldDef {
        name: "ispublic",
        kind: "boolean",
        description: "true if this template is a public template, false otherwise",
    },
    FieldDef {
        name: "isfeatured",
        kind: "boolean",
        description: "true if this template is a featured template, false otherwise",
    },
    FieldDef {
        name: "isready",
        kind: "boolean",
        description: "true if the template is ready to be deployed from, false otherwise.",
    },
    FieldDef {
        name: "crosszones",
        kind: "boolean",
        description: "true if the template is managed across all Zones, false otherwise",
    },
    FieldDef {
        name: "created",
        kind: "date",
        description: "the date this template was created",
    },
    FieldDef {
        name: "format",
        kind: "imageformat",
        description: "the format of the template.",
    },
    FieldDef {
        name: "templatetype",
        kind: "string",
        description: "the type of the template",
    },
    FieldDef {
        name: "hypervisor",
        kind: "string",
        description: "the hypervisor on which the template runs",
    },
    FieldDef {
        name: "ostypeid",
        kind: "string",
        description: "the ID of the OS type for this template.",
    },
    FieldDef {
        name: "ostypename",
        kind: "string",
        description: "the name of the OS type for this template.",
    },
    FieldDef {
        name: "accountid",
        kind: "string",
        description: "the account id to which the template belongs",
    },
    FieldDef {
        name: "account",
        kind: "string",
        description: "the account name to which the template belongs",
    },
    FieldDef {
        name: "domainid",
        kind: "string",
        description: "the ID of the domain to which the template belongs",
    },
    FieldDef {
        name: "domain",
        kind: "string",
        description: "the name of the domain to which the template belongs",
    },
    FieldDef {
        name: "zoneid",
        kind: "string",
        description: "the ID of the zone for this template",
    },
    FieldDef {
        name: "zonename",
        kind: "string",
        description: "the name of the zone for this template",
    },
    FieldDef {
        name: "status",
        kind: "string",
        description: "the status of the template",
    },
    FieldDef {
        name: "size",
        kind: "long",
        description: "the size of the template",
    },
    FieldDef {
        name: "bits",
        kind: "int",
        description: "the processor bit size",
    },
    FieldDef {
        name: "passwordenabled",
        kind: "boolean",
        description: "true if the reset password feature is enabled, false otherwise",
    },
    FieldDef {
        name: "sshkeyenabled",
        kind: "boolean",
        description: "true if template is sshkey enabled, false otherwise",
    },
    FieldDef {
        name: "isextractable",
        kind: "boolean",
        description: "true if the template is extractable, false otherwise",
    },
    FieldDef {
        name: "isdynamicallyscalable",
        kind: "boolean",
        description: "true if template contains XS/VMWare tools inorder to support dynamic scaling of VM cpu/memory",
    },
    FieldDef {
        name: "requireshvm",
        kind: "boolean",
        description: "true if template requires HVM enabled, false otherwise",
    },
    FieldDef {
        name: "directdownload",
        kind: "boolean",
        description: "KVM Only: true if template is directly downloaded to Primary Storage bypassing Secondary Storage",
    },
    FieldDef {
        name: "deployasis",
        kind: "boolean",
        description: "VMware only: true if template is deployed without orchestrating disks and networks but \"as-is\" defined in the template.",
    },
    FieldDef {
        name: "checksum",
        kind: "string",
        description: "checksum of the template",
    },
    FieldDef {
        name: "bootable",
        kind: "boolean",
        description: "true if the ISO is bootable, false otherwise",
    },
    FieldDef {
        name: "templatetag",
        kind: "string",
        description: "the tag of this template",
    },
    FieldDef {
        name: "tags",
        kind: "list",
        description: "the list of resource tags associated",
    },
];

/// The wire objects of listed copies: owner, domain, zone and OS names looked up once per call.
pub async fn responses<C: ConnectionTrait>(
    db: &C,
    items: &[TemplateInZone],
) -> Result<Vec<TemplateResponse>, EngineError> {
    let zones: HashMap<i64, zone::Model> = zone::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z))
        .collect();
    let os: HashMap<i64, guest_os::Model> = guest_os::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut out = Vec::with_capacity(items.len());
    for TemplateInZone { template: t, copy } in items {
        let owner = account::Entity::find_by_id(t.account_id).one(db).await?;
        let owner_domain = match &owner {
            Some(a) => domain::Entity::find_by_id(a.domain_id).one(db).await?,
            None => None,
        };
        let z = zones.get(&copy.zone_id);
        let o = os.get(&t.guest_os_id);
        let ready = templates::is_ready(copy);
        out.push(TemplateResponse {
            id: t.uuid.clone(),
            name: t.name.clone(),
            displaytext: t.display_text.clone(),
            ispublic: t.is_public,
            isfeatured: t.is_featured,
            isready: ready,
            crosszones: t.cross_zone,
            created: cs_date(t.created),
            format: t.format.clone(),
            templatetype: t.template_type.clone(),
            hypervisor: t.hypervisor.clone(),
            ostypeid: o.map(|o| o.uuid.clone()).unwrap_or_default(),
            ostypename: o.map(|o| o.display_name.clone()).unwrap_or_default(),
            accountid: owner.as_ref().map(|a| a.uuid.clone()).unwrap_or_default(),
            account: owner
                .as_ref()
                .map(|a| a.account_name.clone())
                .unwrap_or_default(),
            domainid: owner_domain
                .as_ref()
                .map(|d| d.uuid.clone())
                .unwrap_or_default(),
            domain: owner_domain
                .as_ref()
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            zoneid: z.map(|z| z.uuid.clone()).unwrap_or_default(),
            zonename: z.map(|z| z.name.clone()).unwrap_or_default(),
            status: templates::status_of(copy),
            size: copy.size_bytes,
            bits: t.bits,
            passwordenabled: t.password_enabled,
            sshkeyenabled: false,
            isextractable: t.extractable,
            isdynamicallyscalable: false,
            requireshvm: t.requires_hvm,
            directdownload: false,
            deployasis: false,
            checksum: t.checksum.clone(),
            bootable: t.bootable,
            templatetag: t.template_tag.clone(),
            tags: Vec::new(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_fields_match_the_serialized_object() {
        let r = TemplateResponse {
            id: "i".into(),
            name: "n".into(),
            displaytext: "d".into(),
            ispublic: true,
            isfeatured: true,
            isready: true,
            crosszones: true,
            created: "c".into(),
            format: "VHD".into(),
            templatetype: "BUILTIN".into(),
            hypervisor: "Simulator".into(),
            ostypeid: "o".into(),
            ostypename: "O".into(),
            accountid: "a".into(),
            account: "A".into(),
            domainid: "d".into(),
            domain: "D".into(),
            zoneid: "z".into(),
            zonename: "Z".into(),
            status: "s".into(),
            size: 1,
            bits: 64,
            passwordenabled: false,
            sshkeyenabled: false,
            isextractable: false,
            isdynamicallyscalable: false,
            requireshvm: true,
            directdownload: false,
            deployasis: false,
            checksum: Some("x".into()),
            bootable: true,
            templatetag: Some("t".into()),
            tags: vec![],
        };
        let json = serde_json::to_value(r).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = TEMPLATE_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
    }
}
