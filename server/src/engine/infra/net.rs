//! IPv4 arithmetic for validating gateways, netmasks and ranges (pure).

use std::net::Ipv4Addr;

/// Parses a dotted IPv4 address.
pub fn ipv4(value: &str) -> Option<Ipv4Addr> {
    value.trim().parse().ok()
}

/// The prefix length of a contiguous netmask (`255.255.255.0` → 24); `None` for a non-contiguous mask.
pub fn prefix_len(netmask: Ipv4Addr) -> Option<u32> {
    let bits = u32::from(netmask);
    let ones = bits.leading_ones();
    (bits.checked_shl(ones).unwrap_or(0) == 0).then_some(ones)
}

/// True when `a` and `b` are in the same network under `netmask`.
pub fn same_subnet(a: Ipv4Addr, b: Ipv4Addr, netmask: Ipv4Addr) -> bool {
    let m = u32::from(netmask);
    u32::from(a) & m == u32::from(b) & m
}

/// The network of `ip` under `netmask` in CIDR notation (`10.1.1.7`, `255.255.255.0` → `10.1.1.0/24`).
pub fn cidr(ip: Ipv4Addr, netmask: Ipv4Addr) -> Option<String> {
    let prefix = prefix_len(netmask)?;
    let network = Ipv4Addr::from(u32::from(ip) & u32::from(netmask));
    Some(format!("{network}/{prefix}"))
}

/// An inclusive range of addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: Ipv4Addr,
    pub end: Ipv4Addr,
}

impl Range {
    pub fn new(start: Ipv4Addr, end: Ipv4Addr) -> Option<Range> {
        (u32::from(start) <= u32::from(end)).then_some(Range { start, end })
    }

    pub fn overlaps(&self, other: &Range) -> bool {
        u32::from(self.start) <= u32::from(other.end)
            && u32::from(other.start) <= u32::from(self.end)
    }

    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        (u32::from(self.start)..=u32::from(self.end)).contains(&u32::from(ip))
    }

    pub fn len(&self) -> u64 {
        u64::from(u32::from(self.end) - u32::from(self.start)) + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Ipv4Addr {
        ipv4(s).unwrap()
    }

    #[test]
    fn netmasks_must_be_contiguous() {
        assert_eq!(prefix_len(ip("255.255.255.0")), Some(24));
        assert_eq!(prefix_len(ip("255.255.255.255")), Some(32));
        assert_eq!(prefix_len(ip("0.0.0.0")), Some(0));
        assert_eq!(prefix_len(ip("255.0.255.0")), None);
    }

    #[test]
    fn subnets_and_ranges() {
        assert!(same_subnet(
            ip("172.16.15.1"),
            ip("172.16.15.254"),
            ip("255.255.255.0")
        ));
        assert!(!same_subnet(
            ip("172.16.15.1"),
            ip("172.16.16.2"),
            ip("255.255.255.0")
        ));
        let a = Range::new(ip("10.0.0.10"), ip("10.0.0.20")).unwrap();
        let b = Range::new(ip("10.0.0.20"), ip("10.0.0.30")).unwrap();
        let c = Range::new(ip("10.0.0.21"), ip("10.0.0.30")).unwrap();
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(!a.overlaps(&c));
        assert_eq!(a.len(), 11);
        assert!(Range::new(ip("10.0.0.2"), ip("10.0.0.1")).is_none());
        assert!(ipv4("10.0.0.256").is_none());
        assert_eq!(
            cidr(ip("60.147.41.1"), ip("255.255.255.0")).as_deref(),
            Some("60.147.41.0/24")
        );
        assert_eq!(cidr(ip("60.147.41.1"), ip("255.0.255.0")), None);
    }
}
