//! The bit syntax: building binaries (`bs_create_bin` and the older `bs_init2`/`bs_put_*`
//! sequence) and matching them through match contexts (`bs_start_match4`, `bs_get_*`,
//! `bs_match`...). Called out of the interpreter loop for these instructions.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive};

use crate::arith::{int_of, num_of, to_f64};
use crate::atom::predefined as am;
use crate::binary::{bits_of, BitWriter, Bits};
use crate::exception::Raised;
use crate::instr::*;
use crate::interp::XRegs;
use crate::process::Process;
use crate::term::{Kind, Term};

type R = Result<CodePtr, Raised>;

fn rd(p: &Process, x: &XRegs, s: &Src) -> Term {
    match s.kind() {
        SrcKind::X(i) => x[i as usize],
        SrcKind::Y(i) => {
            let idx = p.stack.len().wrapping_sub(1 + i as usize);
            p.stack.get(idx).copied().unwrap_or(Term::NIL)
        }
        SrcKind::Lit(t) => t,
    }
}

fn wr(p: &mut Process, x: &mut XRegs, d: &Dst, v: Term) {
    match d.kind() {
        DstKind::X(i) => x[i as usize] = v,
        DstKind::Y(i) => {
            let idx = p.stack.len().wrapping_sub(1 + i as usize);
            if let Some(s) = p.stack.get_mut(idx) {
                *s = v;
            }
        }
    }
}

fn badarg() -> Raised {
    Raised::error(Term::atom(am::BADARG))
}

/// Writes the low `bits` bits of integer `v` (any size) with the given flags.
pub fn put_integer(w: &mut BitWriter, v: Term, bits: usize, flags: u32) -> Option<()> {
    let little =
        flags & BSF_LITTLE != 0 || (flags & BSF_NATIVE != 0 && cfg!(target_endian = "little"));
    if let Some(i) = v.as_small() {
        if bits <= 64 {
            let u = i as u64;
            if !little || !bits.is_multiple_of(8) {
                let masked = if bits == 64 {
                    u
                } else {
                    u & ((1u64 << bits) - 1)
                };
                w.push_bits(masked, bits);
            } else {
                for k in 0..bits / 8 {
                    w.push_bits((u >> (8 * k)) & 0xFF, 8);
                }
            }
            return Some(());
        }
    }
    let b = int_of(v)?;
    // Two's complement bytes, little-endian, extended to the size.
    let nbytes = bits.div_ceil(8);
    let mut bytes = b.to_signed_bytes_le();
    let fill = if b.is_negative() { 0xFF } else { 0 };
    bytes.resize(nbytes.max(bytes.len()), fill);
    bytes.truncate(nbytes);
    if little && bits.is_multiple_of(8) {
        w.push_bytes(&bytes);
        return Some(());
    }
    // Big-endian: the most significant `bits` bits.
    let mut be = bytes;
    be.reverse();
    let extra = nbytes * 8 - bits;
    let tmp = Bits {
        bytes: &be,
        offset_bits: extra,
        len_bits: bits,
    };
    w.push_bitstring(&tmp);
    Some(())
}

fn put_float(w: &mut BitWriter, v: Term, bits: usize, flags: u32) -> Option<()> {
    let f = to_f64(&num_of(v)?);
    let little =
        flags & BSF_LITTLE != 0 || (flags & BSF_NATIVE != 0 && cfg!(target_endian = "little"));
    let bytes: Vec<u8> = match bits {
        64 => {
            if little {
                f.to_le_bytes().to_vec()
            } else {
                f.to_be_bytes().to_vec()
            }
        }
        32 => {
            let g = f as f32;
            if f.is_finite() && !g.is_finite() {
                return None;
            }
            if little {
                g.to_le_bytes().to_vec()
            } else {
                g.to_be_bytes().to_vec()
            }
        }
        16 => {
            let h = f32_to_f16(f as f32)?;
            if little {
                h.to_le_bytes().to_vec()
            } else {
                h.to_be_bytes().to_vec()
            }
        }
        _ => return None,
    };
    w.push_bytes(&bytes);
    Some(())
}

fn f32_to_f16(f: f32) -> Option<u16> {
    let b = f.to_bits();
    let sign = ((b >> 16) & 0x8000) as u16;
    let exp = ((b >> 23) & 0xFF) as i32 - 127 + 15;
    let mant = b & 0x7F_FFFF;
    if f == 0.0 {
        return Some(sign);
    }
    if exp >= 31 {
        return None;
    }
    if exp <= 0 {
        let m = (mant | 0x80_0000) >> (14 - exp);
        return Some(sign | m as u16 & 0x3FF);
    }
    Some(sign | ((exp as u16) << 10) | (mant >> 13) as u16)
}

fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1F) as i32;
    let mant = (h & 0x3FF) as f64;
    if exp == 0 {
        sign * mant * 2f64.powi(-24)
    } else {
        sign * (1.0 + mant / 1024.0) * 2f64.powi(exp - 15)
    }
}

fn put_utf(w: &mut BitWriter, v: Term, kind: BinSegKind, flags: u32) -> Option<()> {
    let c = v.as_small()?;
    let ch = char::from_u32(u32::try_from(c).ok()?)?;
    let little = flags & BSF_LITTLE != 0;
    match kind {
        BinSegKind::Utf8 => {
            let mut buf = [0u8; 4];
            w.push_bytes(ch.encode_utf8(&mut buf).as_bytes());
        }
        BinSegKind::Utf16 => {
            let mut buf = [0u16; 2];
            for u in ch.encode_utf16(&mut buf) {
                let b = if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                };
                w.push_bytes(&b);
            }
        }
        _ => {
            let u = ch as u32;
            let b = if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            };
            w.push_bytes(&b);
        }
    }
    Some(())
}

fn seg_size(p: &Process, x: &XRegs, s: &Src) -> Option<Option<usize>> {
    let t = rd(p, x, s);
    if t == Term::atom(am::ALL) || t.is_nil() || t == Term::atom(am::UNDEFINED) {
        return Some(None);
    }
    let n = t.as_small()?;
    if n < 0 {
        return None;
    }
    Some(Some(n as usize))
}

fn write_segment(
    p: &Process,
    x: &XRegs,
    w: &mut BitWriter,
    kind: BinSegKind,
    unit: u32,
    flags: u32,
    src: &Src,
    size: &Src,
    string: &[u8],
) -> Option<()> {
    let v = rd(p, x, src);
    match kind {
        BinSegKind::Integer => {
            let n = seg_size(p, x, size)?.unwrap_or(8);
            if !v.is_integer() {
                return None;
            }
            put_integer(w, v, n * unit as usize, flags)
        }
        BinSegKind::Float => {
            let n = seg_size(p, x, size)?.unwrap_or(64);
            put_float(w, v, n * unit.max(1) as usize, flags)
        }
        BinSegKind::Binary | BinSegKind::Append | BinSegKind::PrivateAppend => {
            let b = bits_of(v)?;
            match seg_size(p, x, size)? {
                None => {
                    if unit > 1 && b.len_bits % unit as usize != 0 {
                        return None;
                    }
                    w.push_bitstring(&b);
                }
                Some(n) => {
                    let bits = n * unit as usize;
                    if bits > b.len_bits {
                        return None;
                    }
                    w.push_bitstring(&b.slice(0, bits));
                }
            }
            Some(())
        }
        BinSegKind::Utf8 | BinSegKind::Utf16 | BinSegKind::Utf32 => put_utf(w, v, kind, flags),
        BinSegKind::String => {
            w.push_bytes(string);
            Some(())
        }
    }
}

/// The parts of a match context: base binary, end offset, position (all in bits).
struct Ctx {
    t: Term,
}

impl Ctx {
    fn of(t: Term) -> Option<Ctx> {
        if t.boxed_kind() == Some(Kind::MatchCtx) {
            Some(Ctx { t })
        } else {
            None
        }
    }
    fn base(&self) -> Term {
        Term(self.t.boxed_word(0))
    }
    fn end(&self) -> usize {
        self.t.boxed_word(2) as usize
    }
    fn pos(&self) -> usize {
        self.t.boxed_word(3) as usize
    }
    fn set_pos(&self, p: usize) {
        self.t.set_boxed_word(3, p as u64);
    }
    fn remaining(&self) -> usize {
        self.end().saturating_sub(self.pos())
    }
    fn bits<'a>(&self) -> Bits<'a> {
        let b = bits_of(self.base()).expect("match context over a binary");
        Bits {
            bytes: b.bytes,
            offset_bits: 0,
            len_bits: b.bytes.len() * 8,
        }
    }
}

fn start_match(p: &mut Process, v: Term) -> Option<Term> {
    if v.boxed_kind() == Some(Kind::MatchCtx) {
        return Some(v);
    }
    let b = bits_of(v)?;
    let base = match v.boxed_kind()? {
        Kind::SubBin => Term(v.boxed_word(2)),
        _ => v,
    };
    Some(
        p.heap
            .match_context(base, b.offset_bits, b.offset_bits + b.len_bits),
    )
}

fn read_integer(bits: &Bits, pos: usize, n: usize, flags: u32, p: &mut Process) -> Term {
    let little =
        flags & BSF_LITTLE != 0 || (flags & BSF_NATIVE != 0 && cfg!(target_endian = "little"));
    let signed = flags & BSF_SIGNED != 0;
    if n <= 64 && (!little || n.is_multiple_of(8)) {
        let mut u = bits.read_u64(pos, n);
        if little && n > 8 {
            let mut le = 0u64;
            for k in 0..n / 8 {
                le |= ((u >> (n - 8 - 8 * k)) & 0xFF) << (8 * k);
            }
            u = le;
        }
        if signed && n > 0 && n < 64 && (u >> (n - 1)) & 1 == 1 {
            let v = (u as i64) - (1i64 << n);
            return p.heap.int(v);
        }
        if signed && n == 64 {
            return p.heap.int(u as i64);
        }
        return p.heap.int_u64(u);
    }
    let slice = bits.slice(pos, n);
    let mut bytes = slice.to_vec();
    // Right-align the bits into whole bytes (big-endian).
    let pad = bytes.len() * 8 - n;
    if pad > 0 {
        let mut v = BigInt::from_bytes_be(Sign::Plus, &bytes);
        v >>= pad;
        bytes = v.to_bytes_be().1;
        let want = n.div_ceil(8);
        while bytes.len() < want {
            bytes.insert(0, 0);
        }
    }
    if little {
        bytes.reverse();
    }
    let mut v = if little {
        BigInt::from_bytes_le(Sign::Plus, &bytes)
    } else {
        BigInt::from_bytes_be(Sign::Plus, &bytes)
    };
    if signed && n > 0 && v.bit((n - 1) as u64) {
        v -= BigInt::from(1) << n;
    }
    p.heap.bigint(&v)
}

fn size_bits(p: &Process, x: &XRegs, size: &Src, unit: u32) -> Option<Option<usize>> {
    let t = rd(p, x, size);
    if t == Term::atom(am::ALL) {
        return Some(None);
    }
    let n = t.as_small()?;
    if n < 0 {
        return None;
    }
    (n as usize).checked_mul(unit as usize).map(Some)
}

fn get_utf(bits: &Bits, pos: usize, avail: usize, kind: u8, flags: u32) -> Option<(u32, usize)> {
    let little = flags & BSF_LITTLE != 0;
    match kind {
        8 => {
            if avail < 8 {
                return None;
            }
            let b0 = bits.read_u64(pos, 8) as u32;
            let len = match b0 {
                0..=0x7F => 1,
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => return None,
            };
            if avail < len * 8 {
                return None;
            }
            let mut buf = [0u8; 4];
            for (k, b) in buf.iter_mut().enumerate().take(len) {
                *b = bits.read_u64(pos + 8 * k, 8) as u8;
            }
            let s = std::str::from_utf8(&buf[..len]).ok()?;
            let c = s.chars().next()? as u32;
            Some((c, len * 8))
        }
        16 => {
            if avail < 16 {
                return None;
            }
            let rd16 = |at: usize| {
                let v = bits.read_u64(at, 16) as u16;
                if little {
                    v.swap_bytes()
                } else {
                    v
                }
            };
            let w1 = rd16(pos);
            if (0xD800..0xDC00).contains(&w1) {
                if avail < 32 {
                    return None;
                }
                let w2 = rd16(pos + 16);
                if !(0xDC00..0xE000).contains(&w2) {
                    return None;
                }
                let c = 0x10000 + (((w1 as u32) - 0xD800) << 10) + ((w2 as u32) - 0xDC00);
                Some((c, 32))
            } else if (0xDC00..0xE000).contains(&w1) {
                None
            } else {
                Some((w1 as u32, 16))
            }
        }
        _ => {
            if avail < 32 {
                return None;
            }
            let mut v = bits.read_u64(pos, 32) as u32;
            if little {
                v = v.swap_bytes();
            }
            char::from_u32(v)?;
            Some((v, 32))
        }
    }
}

/// Executes a bit-syntax (or other rare) instruction; returns the next address.
pub fn exec(p: &mut Process, x: &mut XRegs, ip: CodePtr, ins: &'static Instr) -> R {
    let next = ip.next();
    match ins {
        Instr::BsCreateBin {
            fail,
            live,
            dst,
            segs,
        } => {
            let mut w = BitWriter::with_capacity(16);
            for s in segs.iter() {
                if write_segment(
                    p, x, &mut w, s.kind, s.unit, s.flags, &s.src, &s.size, s.string,
                )
                .is_none()
                {
                    return if fail.is_null() {
                        Err(badarg())
                    } else {
                        Ok(*fail)
                    };
                }
            }
            let len = w.len_bits;
            let t = p.heap.bitstring(&w.bytes, len);
            wr(p, x, dst, t);
            if p.heap.wants_gc() {
                let n = (*live as usize).min(x.len());
                if let DstKind::X(i) = dst.kind() {
                    if (i as usize) >= n {
                        let keep = x[i as usize];
                        x[n] = keep;
                        p.gc(&mut x[..n + 1], 0);
                        x[i as usize] = x[n];
                        return Ok(next);
                    }
                }
                p.gc(&mut x[..n], 0);
            }
            Ok(next)
        }
        Instr::BsStartMatch {
            fail,
            live: _,
            src,
            dst,
        } => {
            let v = rd(p, x, src);
            match start_match(p, v) {
                Some(c) => {
                    wr(p, x, dst, c);
                    Ok(next)
                }
                None if fail.is_null() => {
                    let reason = p.heap.tuple2(Term::atom(am::BADMATCH), v);
                    Err(Raised::error(reason))
                }
                None => Ok(*fail),
            }
        }
        Instr::BsGetInteger {
            fail,
            ctx,
            size,
            unit,
            flags,
            dst,
        } => {
            let Some(c) = Ctx::of(rd(p, x, ctx)) else {
                return Ok(*fail);
            };
            let Some(Some(n)) = size_bits(p, x, size, *unit) else {
                return Ok(*fail);
            };
            if n > c.remaining() {
                return Ok(*fail);
            }
            let v = read_integer(&c.bits(), c.pos(), n, *flags, p);
            c.set_pos(c.pos() + n);
            wr(p, x, dst, v);
            Ok(next)
        }
        Instr::BsGetFloat {
            fail,
            ctx,
            size,
            unit,
            flags,
            dst,
        } => {
            let Some(c) = Ctx::of(rd(p, x, ctx)) else {
                return Ok(*fail);
            };
            let Some(Some(n)) = size_bits(p, x, size, *unit) else {
                return Ok(*fail);
            };
            if n > c.remaining() || !matches!(n, 16 | 32 | 64) {
                return Ok(*fail);
            }
            let little = flags & BSF_LITTLE != 0
                || (flags & BSF_NATIVE != 0 && cfg!(target_endian = "little"));
            let mut u = c.bits().read_u64(c.pos(), n);
            if little {
                u = u.swap_bytes() >> (64 - n);
            }
            let f = match n {
                64 => f64::from_bits(u),
                32 => f32::from_bits(u as u32) as f64,
                _ => f16_to_f64(u as u16),
            };
            if !f.is_finite() {
                return Ok(*fail);
            }
            c.set_pos(c.pos() + n);
            let t = p.heap.float(f);
            wr(p, x, dst, t);
            Ok(next)
        }
        Instr::BsGetBinary {
            fail,
            ctx,
            size,
            unit,
            flags: _,
            dst,
        } => {
            let Some(c) = Ctx::of(rd(p, x, ctx)) else {
                return Ok(*fail);
            };
            let n = match size_bits(p, x, size, *unit) {
                Some(Some(n)) => n,
                Some(None) => {
                    let r = c.remaining();
                    if *unit > 1 && r % *unit as usize != 0 {
                        return Ok(*fail);
                    }
                    r
                }
                None => return Ok(*fail),
            };
            if n > c.remaining() {
                return Ok(*fail);
            }
            let t = p.heap.sub_binary(c.base(), c.pos(), n);
            c.set_pos(c.pos() + n);
            wr(p, x, dst, t);
            Ok(next)
        }
        Instr::BsSkipBits {
            fail,
            ctx,
            size,
            unit,
        } => {
            let Some(c) = Ctx::of(rd(p, x, ctx)) else {
                return Ok(*fail);
            };
            let n = match size_bits(p, x, size, *unit) {
                Some(Some(n)) => n,
                Some(None) => c.remaining(),
                None => return Ok(*fail),
            };
            if n > c.remaining() {
                return Ok(*fail);
            }
            c.set_pos(c.pos() + n);
            Ok(next)
        }
        Instr::BsTestTail { fail, ctx, bits } => {
            let Some(c) = Ctx::of(rd(p, x, ctx)) else {
                return Ok(*fail);
            };
            Ok(if c.remaining() as u64 == *bits {
                next
            } else {
                *fail
            })
        }
        Instr::BsTestUnit { fail, ctx, unit } => {
            let Some(c) = Ctx::of(rd(p, x, ctx)) else {
                return Ok(*fail);
            };
            Ok(if *unit == 0 || c.remaining() % *unit as usize == 0 {
                next
            } else {
                *fail
            })
        }
        Instr::BsMatchString {
            fail,
            ctx,
            bits,
            bytes,
        } => {
            let Some(c) = Ctx::of(rd(p, x, ctx)) else {
                return Ok(*fail);
            };
            let n = *bits as usize;
            if n > c.remaining() {
                return Ok(*fail);
            }
            let want = Bits {
                bytes,
                offset_bits: 0,
                len_bits: n,
            };
            let have = c.bits().slice(c.pos(), n);
            if crate::binary::bits_equal(&have, &want) {
                c.set_pos(c.pos() + n);
                Ok(next)
            } else {
                Ok(*fail)
            }
        }
        Instr::BsGetTail { ctx, dst } => {
            let v = rd(p, x, ctx);
            let t = match Ctx::of(v) {
                Some(c) => p.heap.sub_binary(c.base(), c.pos(), c.remaining()),
                None => v,
            };
            wr(p, x, dst, t);
            Ok(next)
        }
        Instr::BsGetPosition { ctx, dst } => {
            let pos = Ctx::of(rd(p, x, ctx)).map(|c| c.pos()).unwrap_or(0);
            wr(p, x, dst, Term::small(pos as i64));
            Ok(next)
        }
        Instr::BsSetPosition { ctx, pos } => {
            if let Some(c) = Ctx::of(rd(p, x, ctx)) {
                if let Some(n) = rd(p, x, pos).as_small() {
                    c.set_pos(n as usize);
                }
            }
            Ok(next)
        }
        Instr::BsGetUtf {
            fail,
            ctx,
            kind,
            flags,
            dst,
        } => {
            let Some(c) = Ctx::of(rd(p, x, ctx)) else {
                return Ok(*fail);
            };
            match get_utf(&c.bits(), c.pos(), c.remaining(), *kind, *flags) {
                Some((ch, used)) => {
                    c.set_pos(c.pos() + used);
                    if let Some(d) = dst {
                        wr(p, x, d, Term::small(ch as i64));
                    }
                    Ok(next)
                }
                None => Ok(*fail),
            }
        }
        Instr::BsMatch { fail, ctx, cmds } => {
            let Some(c) = Ctx::of(rd(p, x, ctx)) else {
                return Ok(*fail);
            };
            for cmd in cmds.iter() {
                match cmd {
                    BsMatchCmd::EnsureAtLeast { bits, unit } => {
                        let r = c.remaining();
                        if (r as u64) < *bits
                            || (*unit > 1 && !(r - *bits as usize).is_multiple_of(*unit as usize))
                        {
                            return Ok(*fail);
                        }
                    }
                    BsMatchCmd::EnsureExactly { bits } => {
                        if c.remaining() as u64 != *bits {
                            return Ok(*fail);
                        }
                    }
                    BsMatchCmd::Integer {
                        flags,
                        size,
                        unit,
                        dst,
                        ..
                    } => {
                        let n = (*size as usize) * (*unit as usize);
                        if n > c.remaining() {
                            return Ok(*fail);
                        }
                        let v = read_integer(&c.bits(), c.pos(), n, *flags, p);
                        c.set_pos(c.pos() + n);
                        wr(p, x, dst, v);
                    }
                    BsMatchCmd::Binary {
                        size, unit, dst, ..
                    } => {
                        let n = (*size as usize) * (*unit as usize);
                        if n > c.remaining() {
                            return Ok(*fail);
                        }
                        let t = p.heap.sub_binary(c.base(), c.pos(), n);
                        c.set_pos(c.pos() + n);
                        wr(p, x, dst, t);
                    }
                    BsMatchCmd::Skip { bits } => {
                        let n = *bits as usize;
                        if n > c.remaining() {
                            return Ok(*fail);
                        }
                        c.set_pos(c.pos() + n);
                    }
                    BsMatchCmd::GetTail { dst, .. } => {
                        let t = p.heap.sub_binary(c.base(), c.pos(), c.remaining());
                        c.set_pos(c.end());
                        wr(p, x, dst, t);
                    }
                    BsMatchCmd::Equal { bits, value } => {
                        let n = *bits as usize;
                        if n > c.remaining() || n > 64 {
                            return Ok(*fail);
                        }
                        if c.bits().read_u64(c.pos(), n) != *value {
                            return Ok(*fail);
                        }
                        c.set_pos(c.pos() + n);
                    }
                }
            }
            Ok(next)
        }
        Instr::BsInit {
            fail: _,
            size: _,
            bits: _,
            dst,
        } => {
            p.bs_build = Some((BitWriter::default(), *dst));
            let t = p.heap.binary(&[]);
            wr(p, x, dst, t);
            Ok(next)
        }
        Instr::BsPut {
            fail,
            kind,
            size,
            unit,
            flags,
            src,
        } => {
            let Some((mut w, d)) = p.bs_build.take() else {
                return Err(badarg());
            };
            let ok = write_segment(p, x, &mut w, *kind, *unit, *flags, src, size, &[]).is_some();
            let t = p.heap.bitstring(&w.bytes, w.len_bits);
            wr(p, x, &d, t);
            p.bs_build = Some((w, d));
            if !ok {
                return if fail.is_null() {
                    Err(badarg())
                } else {
                    Ok(*fail)
                };
            }
            Ok(next)
        }
        Instr::BsPutString { bytes } => {
            let Some((mut w, d)) = p.bs_build.take() else {
                return Err(badarg());
            };
            w.push_bytes(bytes);
            let t = p.heap.bitstring(&w.bytes, w.len_bits);
            wr(p, x, &d, t);
            p.bs_build = Some((w, d));
            Ok(next)
        }
        Instr::BsAdd {
            fail,
            a,
            b,
            unit,
            dst,
        } => {
            let (va, vb) = (rd(p, x, a), rd(p, x, b));
            match (va.as_small(), vb.as_small()) {
                (Some(i), Some(j)) if i >= 0 && j >= 0 => {
                    wr(p, x, dst, Term::small(i + j * *unit as i64));
                    Ok(next)
                }
                _ => {
                    if fail.is_null() {
                        Err(badarg())
                    } else {
                        Ok(*fail)
                    }
                }
            }
        }
        Instr::BsAppend {
            fail,
            size,
            unit,
            bin,
            dst,
        } => {
            let b = rd(p, x, bin);
            let Some(bits) = bits_of(b) else {
                return if fail.is_null() {
                    Err(badarg())
                } else {
                    Ok(*fail)
                };
            };
            let mut w = BitWriter::default();
            w.push_bitstring(&bits);
            let _ = (size, unit);
            let t = p.heap.bitstring(&w.bytes, w.len_bits);
            wr(p, x, dst, t);
            p.bs_build = Some((w, *dst));
            Ok(next)
        }
        Instr::BsUtfSize {
            fail,
            kind,
            src,
            dst,
        } => {
            let v = rd(p, x, src);
            let Some(ch) = v.as_small().and_then(|c| char::from_u32(c as u32)) else {
                return if fail.is_null() {
                    Err(badarg())
                } else {
                    Ok(*fail)
                };
            };
            let n = if *kind == 8 {
                ch.len_utf8()
            } else {
                ch.len_utf16() * 2
            };
            wr(p, x, dst, Term::small(n as i64));
            Ok(next)
        }
        other => {
            let _ = other;
            Err(badarg())
        }
    }
}

/// Integer bits as a BigInt helper used by binary BIFs.
pub fn big_to_bytes(v: &BigInt, n: usize) -> Vec<u8> {
    let mut bytes = v.to_signed_bytes_be();
    let fill = if v.is_negative() { 0xFF } else { 0 };
    while bytes.len() < n {
        bytes.insert(0, fill);
    }
    let cut = bytes.len() - n;
    bytes[cut..].to_vec()
}

pub fn bigint_to_u64(v: &BigInt) -> Option<u64> {
    v.to_u64()
}
