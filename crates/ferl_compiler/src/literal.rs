//! A minimal External Term Format encoder for the constant terms a module carries (LitT,
//! Attr, CInf). It covers what source code can write as a constant; pids, ports,
//! references and local funs never appear in compiled code and are encoded as `[]`.
//!
//! `ferl_etf` will own the full codec; this stays small so the compiler does not wait for it.

use ferl_etf::Term;
use num_bigint::Sign;

/// `term_to_binary(T)`: the version byte 131 then the term.
pub fn encode(term: &Term) -> Vec<u8> {
    let mut out = vec![131];
    put(term, &mut out);
    out
}

fn put_atom(name: &str, out: &mut Vec<u8>) {
    let bytes = name.as_bytes();
    if bytes.len() < 256 {
        out.push(119);
        out.push(bytes.len() as u8);
    } else {
        out.push(118);
        out.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
    }
    out.extend_from_slice(bytes);
}

fn put(term: &Term, out: &mut Vec<u8>) {
    match term {
        Term::Atom(a) => put_atom(a.as_str(), out),
        Term::Int(i) => {
            if (0..=255).contains(i) {
                out.push(97);
                out.push(*i as u8);
            } else if i32::try_from(*i).is_ok() {
                out.push(98);
                out.extend_from_slice(&(*i as i32).to_be_bytes());
            } else {
                put_big(&num_bigint::BigInt::from(*i), out);
            }
        }
        Term::BigInt(b) => put_big(b, out),
        Term::Float(f) => {
            out.push(70);
            out.extend_from_slice(&f.to_bits().to_be_bytes());
        }
        Term::Binary(b) => {
            out.push(109);
            out.extend_from_slice(&(b.len() as u32).to_be_bytes());
            out.extend_from_slice(b);
        }
        Term::BitBinary { bytes, bits } => {
            out.push(77);
            out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
            out.push(*bits);
            out.extend_from_slice(bytes);
        }
        Term::Tuple(items) => {
            if items.len() < 256 {
                out.push(104);
                out.push(items.len() as u8);
            } else {
                out.push(105);
                out.extend_from_slice(&(items.len() as u32).to_be_bytes());
            }
            for t in items {
                put(t, out);
            }
        }
        Term::Nil => out.push(106),
        Term::List(items, tail) => {
            let bytes: Option<Vec<u8>> = if **tail == Term::Nil && items.len() < 65536 {
                items
                    .iter()
                    .map(|t| match t {
                        Term::Int(i) if (0..=255).contains(i) => Some(*i as u8),
                        _ => None,
                    })
                    .collect()
            } else {
                None
            };
            if let Some(bytes) = bytes {
                out.push(107);
                out.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
                out.extend_from_slice(&bytes);
            } else {
                out.push(108);
                out.extend_from_slice(&(items.len() as u32).to_be_bytes());
                for t in items {
                    put(t, out);
                }
                put(tail, out);
            }
        }
        Term::Map(pairs) => {
            out.push(116);
            out.extend_from_slice(&(pairs.len() as u32).to_be_bytes());
            for (k, v) in pairs {
                put(k, out);
                put(v, out);
            }
        }
        Term::ExportFun {
            module,
            function,
            arity,
        } => {
            out.push(113);
            put_atom(module.as_str(), out);
            put_atom(function.as_str(), out);
            out.push(97);
            out.push(*arity);
        }
        Term::Pid(_) | Term::Port(_) | Term::Ref(_) | Term::Fun(_) => out.push(106),
    }
}

fn put_big(b: &num_bigint::BigInt, out: &mut Vec<u8>) {
    let (sign, digits) = b.to_bytes_le();
    if digits.len() < 256 {
        out.push(110);
        out.push(digits.len() as u8);
    } else {
        out.push(111);
        out.extend_from_slice(&(digits.len() as u32).to_be_bytes());
    }
    out.push(u8::from(sign == Sign::Minus));
    out.extend_from_slice(&digits);
}
