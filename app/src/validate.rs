//! Pure input checks for network forms: IPv4 syntax, netmasks, gateways and ranges inside a subnet.

/// A dotted-quad IPv4 address as a number, or why the text is not one.
pub fn ipv4(text: &str) -> Result<u32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter an IPv4 address.".into());
    }
    let parts: Vec<&str> = text.split('.').collect();
    let bad = || format!("{text} is not an IPv4 address (four numbers 0–255, like 192.168.1.10).");
    if parts.len() != 4 {
        return Err(bad());
    }
    let mut value: u32 = 0;
    for part in parts {
        // Leading zeros are refused: some tools read them as octal.
        if part.is_empty() || part.len() > 3 || (part.len() > 1 && part.starts_with('0')) {
            return Err(bad());
        }
        let octet: u8 = part.parse().map_err(|_| bad())?;
        value = (value << 8) | u32::from(octet);
    }
    Ok(value)
}

/// The prefix length of a netmask such as `255.255.255.0`, which must be contiguous ones.
pub fn netmask(text: &str) -> Result<u32, String> {
    let mask = ipv4(text)
        .map_err(|_| format!("{} is not a netmask (like 255.255.255.0).", text.trim()))?;
    let prefix = mask.leading_ones();
    if mask.checked_shl(prefix).unwrap_or(0) != 0 || prefix == 0 {
        return Err(format!(
            "{} is not a netmask: its ones must be contiguous (like 255.255.255.0).",
            text.trim()
        ));
    }
    Ok(prefix)
}

/// A subnet given by any address in it and its netmask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subnet {
    pub network: u32,
    pub prefix: u32,
}

impl Subnet {
    pub fn new(address: u32, prefix: u32) -> Self {
        Self {
            network: address & mask_bits(prefix),
            prefix,
        }
    }

    pub fn contains(&self, address: u32) -> bool {
        address & mask_bits(self.prefix) == self.network
    }

    /// The broadcast address (the last one in the subnet).
    pub fn broadcast(&self) -> u32 {
        self.network | !mask_bits(self.prefix)
    }

    pub fn cidr(&self) -> String {
        format!("{}/{}", dotted(self.network), self.prefix)
    }
}

fn mask_bits(prefix: u32) -> u32 {
    u32::MAX.checked_shl(32 - prefix).unwrap_or(0)
}

/// Dotted-quad text of an address.
pub fn dotted(address: u32) -> String {
    let b = address.to_be_bytes();
    format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
}

/// The gateway must be a usable address of the subnet its netmask defines.
pub fn gateway(gateway: &str, mask: &str) -> Result<Subnet, String> {
    let gw = ipv4(gateway)?;
    let prefix = netmask(mask)?;
    let subnet = Subnet::new(gw, prefix);
    if prefix < 31 && (gw == subnet.network || gw == subnet.broadcast()) {
        return Err(format!(
            "{} is the network or broadcast address of {}; a gateway must be a host address.",
            gateway.trim(),
            subnet.cidr()
        ));
    }
    Ok(subnet)
}

/// One address of a range: valid, inside the subnet, not its network/broadcast address, not the gateway.
pub fn address_in(text: &str, subnet: Subnet, gateway: u32) -> Result<u32, String> {
    let ip = ipv4(text)?;
    if !subnet.contains(ip) {
        return Err(format!("{} is outside {}.", text.trim(), subnet.cidr()));
    }
    if subnet.prefix < 31 && (ip == subnet.network || ip == subnet.broadcast()) {
        return Err(format!(
            "{} is the network or broadcast address of {}.",
            text.trim(),
            subnet.cidr()
        ));
    }
    if ip == gateway {
        return Err(format!("{} is the gateway.", text.trim()));
    }
    Ok(ip)
}

/// Per-field outcome of checking a gateway, netmask and start–end range together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RangeErrors {
    pub gateway: Option<String>,
    pub netmask: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
}

impl RangeErrors {
    pub fn is_empty(&self) -> bool {
        self.gateway.is_none()
            && self.netmask.is_none()
            && self.start.is_none()
            && self.end.is_none()
    }
}

/// Checks a subnet and an address range in it, the way the pod and guest forms need (an empty end = start only).
pub fn range(gateway_text: &str, mask_text: &str, start: &str, end: &str) -> RangeErrors {
    let mut errors = RangeErrors {
        netmask: netmask(mask_text).err(),
        ..RangeErrors::default()
    };
    let subnet = match (errors.netmask.is_none(), gateway(gateway_text, mask_text)) {
        (true, Ok(s)) => Some(s),
        (true, Err(e)) => {
            errors.gateway = Some(e);
            None
        }
        (false, _) => {
            errors.gateway = ipv4(gateway_text).err();
            None
        }
    };
    let gw = ipv4(gateway_text).unwrap_or(0);
    let first = match subnet {
        Some(s) => address_in(start, s, gw),
        None => ipv4(start),
    };
    errors.start = first.as_ref().err().cloned();
    if !end.trim().is_empty() {
        let last = match subnet {
            Some(s) => address_in(end, s, gw),
            None => ipv4(end),
        };
        errors.end = match (first, last) {
            (_, Err(e)) => Some(e),
            (Ok(a), Ok(b)) if b < a => {
                Some(format!("{} comes before the start address.", end.trim()))
            }
            _ => None,
        };
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_syntax() {
        assert_eq!(ipv4("10.0.0.1"), Ok(0x0a00_0001));
        assert_eq!(ipv4(" 255.255.255.255 "), Ok(u32::MAX));
        for bad in [
            "",
            "10.0.0",
            "10.0.0.256",
            "10.0.0.1.2",
            "a.b.c.d",
            "10.0.0.01",
            "10..0.1",
            "-1.0.0.0",
        ] {
            assert!(ipv4(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn netmasks_must_be_contiguous() {
        assert_eq!(netmask("255.255.255.0"), Ok(24));
        assert_eq!(netmask("255.255.255.255"), Ok(32));
        assert_eq!(netmask("255.0.0.0"), Ok(8));
        assert!(netmask("255.0.255.0").is_err());
        assert!(netmask("0.0.0.0").is_err());
        assert!(netmask("garbage").is_err());
    }

    #[test]
    fn gateway_must_be_a_host_of_its_subnet() {
        let s = gateway("172.16.15.1", "255.255.255.0").unwrap();
        assert_eq!(s.cidr(), "172.16.15.0/24");
        assert!(gateway("172.16.15.0", "255.255.255.0").is_err());
        assert!(gateway("172.16.15.255", "255.255.255.0").is_err());
    }

    #[test]
    fn a_good_range_passes() {
        assert!(
            range(
                "172.16.15.1",
                "255.255.255.0",
                "172.16.15.2",
                "172.16.15.200"
            )
            .is_empty()
        );
        assert!(range("60.147.41.1", "255.255.255.0", "60.147.41.2", "").is_empty());
    }

    #[test]
    fn range_outside_the_cidr_is_named() {
        let e = range(
            "172.16.15.1",
            "255.255.255.0",
            "172.16.16.2",
            "172.16.15.200",
        );
        assert_eq!(
            e.start.as_deref(),
            Some("172.16.16.2 is outside 172.16.15.0/24.")
        );
        assert!(e.end.is_none());
    }

    #[test]
    fn reversed_range_and_gateway_inside_are_refused() {
        let e = range("10.1.1.1", "255.255.255.0", "10.1.1.50", "10.1.1.20");
        assert!(e.end.unwrap().contains("before the start"));
        let e = range("10.1.1.1", "255.255.255.0", "10.1.1.1", "10.1.1.20");
        assert_eq!(e.start.as_deref(), Some("10.1.1.1 is the gateway."));
        let e = range("10.1.1.1", "255.255.255.0", "10.1.1.2", "10.1.1.255");
        assert!(e.end.unwrap().contains("broadcast"));
    }

    #[test]
    fn bad_netmask_still_checks_syntax_of_the_rest() {
        let e = range("10.1.1.1", "255.0.255.0", "10.1.1.x", "");
        assert!(e.netmask.is_some());
        assert!(e.start.is_some());
        assert!(e.gateway.is_none());
    }
}
