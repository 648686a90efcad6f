//! Networking: physical networks, traffic types, service providers, network offerings, guest networks and VLAN IP ranges.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Zone {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PhysicalNetwork {
    Table,
    Id,
    Uuid,
    Name,
    ZoneId,
    DomainId,
    Vlan,
    Speed,
    IsolationMethods,
    Tags,
    BroadcastDomainRange,
    State,
    Created,
}

#[derive(DeriveIden)]
enum PhysicalNetworkTrafficType {
    Table,
    Id,
    Uuid,
    PhysicalNetworkId,
    TrafficType,
    KvmLabel,
    XenLabel,
    VmwareLabel,
    SimulatorLabel,
    HypervLabel,
    Ovm3Label,
    Vlan,
    IsolationMethod,
}

#[derive(DeriveIden)]
enum NetworkServiceProvider {
    Table,
    Id,
    Uuid,
    PhysicalNetworkId,
    ProviderName,
    State,
    Services,
    CanEnableIndividualServices,
    Created,
}

#[derive(DeriveIden)]
enum VirtualRouterElement {
    Table,
    Id,
    Uuid,
    NspId,
    Enabled,
}

#[derive(DeriveIden)]
enum NetworkOffering {
    Table,
    Id,
    Uuid,
    Name,
    DisplayText,
    GuestIpType,
    TrafficType,
    IsDefault,
    SpecifyVlan,
    SpecifyIpRanges,
    State,
    Availability,
    NetworkRate,
    ConserveMode,
    EgressDefaultPolicy,
    ForVpc,
    Created,
}

#[derive(DeriveIden)]
enum NetworkOfferingService {
    Table,
    Id,
    NetworkOfferingId,
    Service,
    Provider,
}

#[derive(DeriveIden)]
enum Network {
    Table,
    Id,
    Uuid,
    Name,
    DisplayText,
    ZoneId,
    PhysicalNetworkId,
    NetworkOfferingId,
    TrafficType,
    GuestType,
    State,
    Gateway,
    Netmask,
    Cidr,
    BroadcastDomainType,
    BroadcastUri,
    AclType,
    SpecifyIpRanges,
    AccountId,
    DomainId,
    Created,
}

#[derive(DeriveIden)]
enum Vlan {
    Table,
    Id,
    Uuid,
    VlanTag,
    Gateway,
    Netmask,
    StartIp,
    EndIp,
    ZoneId,
    PodId,
    NetworkId,
    PhysicalNetworkId,
    ForVirtualNetwork,
    ForSystemVms,
    Created,
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PhysicalNetwork::Table)
                    .col(big_pk_auto(PhysicalNetwork::Id))
                    .col(string_len_uniq(PhysicalNetwork::Uuid, 40))
                    .col(string_len(PhysicalNetwork::Name, 255))
                    .col(big_integer(PhysicalNetwork::ZoneId))
                    .col(big_integer_null(PhysicalNetwork::DomainId))
                    .col(string_len_null(PhysicalNetwork::Vlan, 255))
                    .col(string_len_null(PhysicalNetwork::Speed, 32))
                    .col(string_len_null(PhysicalNetwork::IsolationMethods, 255))
                    .col(string_len_null(PhysicalNetwork::Tags, 255))
                    .col(string_len(PhysicalNetwork::BroadcastDomainRange, 16))
                    .col(string_len(PhysicalNetwork::State, 16))
                    .col(date_time(PhysicalNetwork::Created))
                    .foreign_key(&mut fk(
                        (PhysicalNetwork::Table, PhysicalNetwork::ZoneId),
                        (Zone::Table, Zone::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PhysicalNetworkTrafficType::Table)
                    .col(big_pk_auto(PhysicalNetworkTrafficType::Id))
                    .col(string_len_uniq(PhysicalNetworkTrafficType::Uuid, 40))
                    .col(big_integer(PhysicalNetworkTrafficType::PhysicalNetworkId))
                    .col(string_len(PhysicalNetworkTrafficType::TrafficType, 32))
                    .col(string_len_null(PhysicalNetworkTrafficType::KvmLabel, 255))
                    .col(string_len_null(PhysicalNetworkTrafficType::XenLabel, 255))
                    .col(string_len_null(
                        PhysicalNetworkTrafficType::VmwareLabel,
                        255,
                    ))
                    .col(string_len_null(
                        PhysicalNetworkTrafficType::SimulatorLabel,
                        255,
                    ))
                    .col(string_len_null(
                        PhysicalNetworkTrafficType::HypervLabel,
                        255,
                    ))
                    .col(string_len_null(PhysicalNetworkTrafficType::Ovm3Label, 255))
                    .col(string_len_null(PhysicalNetworkTrafficType::Vlan, 255))
                    .col(string_len_null(
                        PhysicalNetworkTrafficType::IsolationMethod,
                        32,
                    ))
                    .foreign_key(&mut fk(
                        (
                            PhysicalNetworkTrafficType::Table,
                            PhysicalNetworkTrafficType::PhysicalNetworkId,
                        ),
                        (PhysicalNetwork::Table, PhysicalNetwork::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_traffic_type_per_physical_network")
                    .table(PhysicalNetworkTrafficType::Table)
                    .col(PhysicalNetworkTrafficType::PhysicalNetworkId)
                    .col(PhysicalNetworkTrafficType::TrafficType)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NetworkServiceProvider::Table)
                    .col(big_pk_auto(NetworkServiceProvider::Id))
                    .col(string_len_uniq(NetworkServiceProvider::Uuid, 40))
                    .col(big_integer(NetworkServiceProvider::PhysicalNetworkId))
                    .col(string_len(NetworkServiceProvider::ProviderName, 64))
                    .col(string_len(NetworkServiceProvider::State, 16))
                    .col(string_len(NetworkServiceProvider::Services, 1024))
                    .col(boolean(NetworkServiceProvider::CanEnableIndividualServices))
                    .col(date_time(NetworkServiceProvider::Created))
                    .foreign_key(&mut fk(
                        (
                            NetworkServiceProvider::Table,
                            NetworkServiceProvider::PhysicalNetworkId,
                        ),
                        (PhysicalNetwork::Table, PhysicalNetwork::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VirtualRouterElement::Table)
                    .col(big_pk_auto(VirtualRouterElement::Id))
                    .col(string_len_uniq(VirtualRouterElement::Uuid, 40))
                    .col(big_integer(VirtualRouterElement::NspId))
                    .col(boolean(VirtualRouterElement::Enabled))
                    .foreign_key(&mut fk(
                        (VirtualRouterElement::Table, VirtualRouterElement::NspId),
                        (NetworkServiceProvider::Table, NetworkServiceProvider::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NetworkOffering::Table)
                    .col(big_pk_auto(NetworkOffering::Id))
                    .col(string_len_uniq(NetworkOffering::Uuid, 40))
                    .col(string_len_uniq(NetworkOffering::Name, 64))
                    .col(string_len(NetworkOffering::DisplayText, 255))
                    .col(string_len(NetworkOffering::GuestIpType, 32))
                    .col(string_len(NetworkOffering::TrafficType, 32))
                    .col(boolean(NetworkOffering::IsDefault))
                    .col(boolean(NetworkOffering::SpecifyVlan))
                    .col(boolean(NetworkOffering::SpecifyIpRanges))
                    .col(string_len(NetworkOffering::State, 16))
                    .col(string_len(NetworkOffering::Availability, 16))
                    .col(integer_null(NetworkOffering::NetworkRate))
                    .col(boolean(NetworkOffering::ConserveMode))
                    .col(boolean(NetworkOffering::EgressDefaultPolicy))
                    .col(boolean(NetworkOffering::ForVpc))
                    .col(date_time(NetworkOffering::Created))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NetworkOfferingService::Table)
                    .col(big_pk_auto(NetworkOfferingService::Id))
                    .col(big_integer(NetworkOfferingService::NetworkOfferingId))
                    .col(string_len(NetworkOfferingService::Service, 64))
                    .col(string_len(NetworkOfferingService::Provider, 64))
                    .foreign_key(&mut fk(
                        (
                            NetworkOfferingService::Table,
                            NetworkOfferingService::NetworkOfferingId,
                        ),
                        (NetworkOffering::Table, NetworkOffering::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Network::Table)
                    .col(big_pk_auto(Network::Id))
                    .col(string_len_uniq(Network::Uuid, 40))
                    .col(string_len(Network::Name, 255))
                    .col(string_len(Network::DisplayText, 255))
                    .col(big_integer(Network::ZoneId))
                    .col(big_integer_null(Network::PhysicalNetworkId))
                    .col(big_integer(Network::NetworkOfferingId))
                    .col(string_len(Network::TrafficType, 32))
                    .col(string_len(Network::GuestType, 32))
                    .col(string_len(Network::State, 32))
                    .col(string_len_null(Network::Gateway, 64))
                    .col(string_len_null(Network::Netmask, 64))
                    .col(string_len_null(Network::Cidr, 64))
                    .col(string_len(Network::BroadcastDomainType, 32))
                    .col(string_len_null(Network::BroadcastUri, 255))
                    .col(string_len(Network::AclType, 16))
                    .col(boolean(Network::SpecifyIpRanges))
                    .col(big_integer_null(Network::AccountId))
                    .col(big_integer(Network::DomainId))
                    .col(date_time(Network::Created))
                    .foreign_key(&mut fk(
                        (Network::Table, Network::ZoneId),
                        (Zone::Table, Zone::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Network::Table, Network::NetworkOfferingId),
                        (NetworkOffering::Table, NetworkOffering::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Vlan::Table)
                    .col(big_pk_auto(Vlan::Id))
                    .col(string_len_uniq(Vlan::Uuid, 40))
                    .col(string_len(Vlan::VlanTag, 255))
                    .col(string_len(Vlan::Gateway, 64))
                    .col(string_len(Vlan::Netmask, 64))
                    .col(string_len(Vlan::StartIp, 64))
                    .col(string_len(Vlan::EndIp, 64))
                    .col(big_integer(Vlan::ZoneId))
                    .col(big_integer_null(Vlan::PodId))
                    .col(big_integer_null(Vlan::NetworkId))
                    .col(big_integer_null(Vlan::PhysicalNetworkId))
                    .col(boolean(Vlan::ForVirtualNetwork))
                    .col(boolean(Vlan::ForSystemVms))
                    .col(date_time(Vlan::Created))
                    .foreign_key(&mut fk(
                        (Vlan::Table, Vlan::ZoneId),
                        (Zone::Table, Zone::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, table, col) in [
            (
                "idx_physical_network_zone",
                PhysicalNetwork::Table.into_iden(),
                PhysicalNetwork::ZoneId.into_iden(),
            ),
            (
                "idx_nsp_physical_network",
                NetworkServiceProvider::Table.into_iden(),
                NetworkServiceProvider::PhysicalNetworkId.into_iden(),
            ),
            (
                "idx_network_zone",
                Network::Table.into_iden(),
                Network::ZoneId.into_iden(),
            ),
            (
                "idx_vlan_zone",
                Vlan::Table.into_iden(),
                Vlan::ZoneId.into_iden(),
            ),
            (
                "idx_vlan_network",
                Vlan::Table.into_iden(),
                Vlan::NetworkId.into_iden(),
            ),
        ] {
            manager
                .create_index(Index::create().name(name).table(table).col(col).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Vlan::Table.into_iden(),
            Network::Table.into_iden(),
            NetworkOfferingService::Table.into_iden(),
            NetworkOffering::Table.into_iden(),
            VirtualRouterElement::Table.into_iden(),
            NetworkServiceProvider::Table.into_iden(),
            PhysicalNetworkTrafficType::Table.into_iden(),
            PhysicalNetwork::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
