//! The distribution flags of `ferl`'s command line, read as `erl` reads them:
//! `-sname N`, `-name N`, `-setcookie C`, `-hidden`, `-kernel net_ticktime T`, and the
//! hidden `-epmd -daemon` that runs the port mapper (what a node starts when none answers).

use ferl_vm::dist::StartOptions;

/// What the command line asks of distribution.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DistArgs {
    /// `-epmd -daemon`: be the port mapper, nothing else.
    pub epmd_daemon: bool,
    pub name: Option<(String, bool)>,
    pub cookie: Option<String>,
    pub hidden: bool,
    pub net_ticktime: Option<u64>,
}

impl DistArgs {
    pub fn start_options(&self) -> Option<StartOptions> {
        let (name, long_names) = self.name.clone()?;
        Some(StartOptions {
            name,
            long_names,
            cookie: self.cookie.clone(),
            hidden: self.hidden,
            net_ticktime: self.net_ticktime,
        })
    }
}

pub fn parse_dist_args(args: &[String]) -> DistArgs {
    let mut d = DistArgs::default();
    let mut i = 0;
    let arg = |i: usize| args.get(i).cloned();
    while i < args.len() {
        match args[i].as_str() {
            "-extra" => break,
            "-epmd" if arg(i + 1).as_deref() == Some("-daemon") => {
                d.epmd_daemon = true;
                i += 1;
            }
            "-sname" | "-name" => {
                if let Some(n) = arg(i + 1) {
                    d.name = Some((n, args[i] == "-name"));
                    i += 1;
                }
            }
            "-setcookie" => {
                if let Some(c) = arg(i + 1) {
                    d.cookie = Some(c);
                    i += 1;
                }
            }
            "-hidden" => d.hidden = true,
            "-kernel" if arg(i + 1).as_deref() == Some("net_ticktime") => {
                if let Some(t) = arg(i + 2).and_then(|t| t.parse::<u64>().ok()) {
                    d.net_ticktime = Some(t);
                }
                i += 2;
            }
            _ => {}
        }
        i += 1;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn reads_erl_flags() {
        let d = parse_dist_args(&v(&[
            "-noshell",
            "-sname",
            "test1",
            "-setcookie",
            "hotswap",
            "-kernel",
            "net_ticktime",
            "20",
            "-hidden",
        ]));
        assert_eq!(d.name, Some(("test1".into(), false)));
        assert_eq!(d.cookie.as_deref(), Some("hotswap"));
        assert_eq!(d.net_ticktime, Some(20));
        assert!(d.hidden && !d.epmd_daemon);
        let d = parse_dist_args(&v(&["-name", "a@127.0.0.1", "-extra", "-hidden"]));
        assert_eq!(d.name, Some(("a@127.0.0.1".into(), true)));
        assert!(!d.hidden);
        assert!(parse_dist_args(&v(&["-epmd", "-daemon"])).epmd_daemon);
        assert!(parse_dist_args(&v(&["-noshell"])).start_options().is_none());
    }
}
