//! The kind of network an address of this computer is on: what the dashboard says to
//! people about the address to give participants.

use std::net::IpAddr;

/// What kind of network an address of this machine is probably on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetKind {
    /// A hotspot this computer shares (Windows "Mobile hotspot", Linux shared Wi-Fi).
    Hotspot,
    /// A Wi-Fi network this computer joined.
    Wifi,
    /// A cable, or something we cannot tell.
    Other,
}

/// Guesses the kind of network from the address and the interface name. The shared-hotspot
/// ranges are the defaults of Windows (192.168.137.0/24), NetworkManager (10.42.0.0/24) and
/// Android tethering (192.168.43.0/24).
pub fn net_kind(ip: IpAddr, interface: &str) -> NetKind {
    let name = interface.to_lowercase();
    if let IpAddr::V4(v4) = ip {
        let o = v4.octets();
        if (o[0], o[1], o[2]) == (192, 168, 137)
            || (o[0], o[1], o[2]) == (10, 42, 0)
            || (o[0], o[1], o[2]) == (192, 168, 43)
        {
            return NetKind::Hotspot;
        }
    }
    // Windows names the hotspot's virtual adapter "Local Area Connection* 10" (French:
    // "Connexion au réseau local* 10"): the star marks a virtual adapter.
    if name.contains('*') || name.starts_with("ap") || name.contains("hotspot") {
        return NetKind::Hotspot;
    }
    if name.starts_with("wl")
        || name.contains("wi-fi")
        || name.contains("wifi")
        || name.contains("wireless")
    {
        return NetKind::Wifi;
    }
    NetKind::Other
}
