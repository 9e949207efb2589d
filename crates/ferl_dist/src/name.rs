//! Node names and erl's host rules: `-sname` nodes use the short host name and only reach
//! short names; `-name` nodes use a fully qualified host and only reach long names.

use crate::node::DistError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameMode {
    /// `-sname`.
    Short,
    /// `-name`.
    Long,
}

impl NameMode {
    /// Whether a node of this mode may use or reach `host`.
    pub fn check_host(&self, host: &str) -> Result<(), DistError> {
        let qualified = host.contains('.') || host.contains(':');
        match (self, qualified) {
            (NameMode::Short, false) | (NameMode::Long, true) => Ok(()),
            _ => Err(DistError::IllegalHost(host.to_string())),
        }
    }
}

/// This machine's host name as the kernel reports it.
pub fn local_hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string())
}

/// The host part of a node name.
pub fn host_of(node: &str) -> &str {
    node.split_once('@').map_or("", |(_, h)| h)
}

/// The full node name for `-sname Name` / `-name Name`: `Name` may already carry `@Host`.
/// Errors read like erl's: `Can't set short node name!` / `Can't set long node name!`.
pub fn node_name(name: &str, mode: NameMode) -> Result<String, String> {
    let refuse = || match mode {
        NameMode::Short => {
            "Can't set short node name!\nPlease check your configuration".to_string()
        }
        NameMode::Long => "Can't set long node name!\nPlease check your configuration".to_string(),
    };
    let (alive, host) = match name.split_once('@') {
        Some((a, h)) => (a.to_string(), h.to_string()),
        None => {
            let h = local_hostname();
            let h = match mode {
                NameMode::Short => h.split('.').next().unwrap_or_default().to_string(),
                NameMode::Long => h,
            };
            (name.to_string(), h)
        }
    };
    let valid_alive = !alive.is_empty()
        && alive
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid_alive || host.is_empty() || mode.check_host(&host).is_err() {
        return Err(refuse());
    }
    Ok(format!("{alive}@{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_rules() {
        assert!(node_name("a@b.c", NameMode::Short).is_err());
        assert_eq!(node_name("a@b.c", NameMode::Long).unwrap(), "a@b.c");
        assert_eq!(node_name("a@vm", NameMode::Short).unwrap(), "a@vm");
        assert!(node_name("a@vm", NameMode::Long).is_err());
        assert!(node_name("", NameMode::Short).is_err());
        let n = node_name("x", NameMode::Short).unwrap();
        assert!(n.starts_with("x@") && !host_of(&n).contains('.'));
        assert!(NameMode::Long.check_host("127.0.0.1").is_ok());
    }
}
