//! Decoder behaviour at the edges, each case checked against OTP 25's `binary_to_term/1`.

use ferl_etf::{
    decode, decode_body, decode_with, Atom, DecodeErrorKind, DecodeOptions, Term, DEFAULT_MAX_DEPTH,
};

fn kind(bytes: &[u8]) -> DecodeErrorKind {
    decode(bytes).expect_err("must fail").kind
}

#[test]
fn accepted_like_erl() {
    // Trailing bytes are ignored by binary_to_term/1.
    assert_eq!(decode(&[131, 97, 1, 0]), Ok(Term::Int(1)));
    assert_eq!(decode(&[131, 77, 0, 0, 0, 0, 0]), Ok(Term::Binary(vec![])));
    assert_eq!(
        decode(&[131, 77, 0, 0, 0, 1, 8, 5]),
        Ok(Term::Binary(vec![5]))
    );
    // Unused low bits of a bitstring's last byte are dropped.
    assert_eq!(
        decode(&[131, 77, 0, 0, 0, 1, 3, 255]),
        Ok(Term::BitBinary {
            bytes: vec![224],
            bits: 3
        })
    );
    assert_eq!(decode(&[131, 105, 0, 0, 0, 0]), Ok(Term::Tuple(vec![])));
    assert_eq!(decode(&[131, 107, 0, 0]), Ok(Term::Nil));
    assert_eq!(decode(&[131, 118, 0, 3, 97, 98, 99]), Ok(Term::atom("abc")));
    assert_eq!(decode(&[131, 115, 3, 228, 98, 99]), Ok(Term::atom("äbc")));
    // Non-canonical bignums and nested LIST_EXT tails are normalised.
    assert_eq!(decode(&[131, 110, 2, 0, 5, 0]), Ok(Term::Int(5)));
    assert_eq!(decode(&[131, 110, 0, 1]), Ok(Term::Int(0)));
    assert_eq!(
        decode(&[131, 108, 0, 0, 0, 1, 97, 1, 108, 0, 0, 0, 1, 97, 2, 106]),
        Ok(Term::list(vec![Term::Int(1), Term::Int(2)]))
    );
    let mut old_float = vec![131, 99];
    old_float.extend_from_slice(b"1.5");
    old_float.resize(2 + 31, 0);
    assert_eq!(decode(&old_float), Ok(Term::Float(1.5)));
    // An export fun's arity may come as INTEGER_EXT.
    assert!(matches!(
        decode(&[131, 113, 100, 0, 1, b'm', 100, 0, 1, b'f', 98, 0, 0, 0, 2]),
        Ok(Term::ExportFun { arity: 2, .. })
    ));
    // 1 and 1.0 are different map keys.
    assert!(
        decode(&[131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 70, 63, 240, 0, 0, 0, 0, 0, 0, 97, 2]).is_ok()
    );
}

#[test]
fn refused_like_erl() {
    use DecodeErrorKind::*;
    assert_eq!(kind(&[131, 77, 0, 0, 0, 0, 3]), BadBitBinary);
    assert_eq!(kind(&[131, 77, 0, 0, 0, 1, 0, 5]), BadBitBinary);
    assert_eq!(kind(&[131, 77, 0, 0, 0, 1, 9, 0]), BadBitBinary);
    let mut long_atom = vec![131, 100, 1, 0];
    long_atom.extend(std::iter::repeat_n(b'a', 256));
    assert_eq!(kind(&long_atom), BadAtom);
    assert_eq!(kind(&[131, 118, 0, 2, 195, 40]), BadAtom);
    assert_eq!(kind(&[131, 121, 0, 0]), LocalExt);
    assert_eq!(kind(&[131, 117, 0, 0]), UnknownTag(117));
    assert_eq!(
        kind(&[131, 90, 0, 0, 100, 0, 1, 97, 0, 0, 0, 0]),
        BadReference
    );
    assert_eq!(kind(&[131, 70, 127, 240, 0, 0, 0, 0, 0, 0]), BadFloat);
    let mut spaced = vec![131, 99];
    spaced.extend_from_slice(b" 1.5e+01");
    spaced.resize(2 + 31, 0);
    assert_eq!(kind(&spaced), BadFloat);
    // Duplicate keys, including 0.0 and -0.0 (equal in OTP 25).
    assert_eq!(
        kind(&[131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2]),
        DuplicateMapKey
    );
    let zeros = [
        131, 116, 0, 0, 0, 2, 70, 0, 0, 0, 0, 0, 0, 0, 0, 97, 1, 70, 128, 0, 0, 0, 0, 0, 0, 0, 97,
        2,
    ];
    assert_eq!(kind(&zeros), DuplicateMapKey);
    // Compressed data that does not inflate to the announced size.
    assert_eq!(
        kind(&[131, 80, 0, 0, 0, 2, 120, 156, 203, 0, 0, 0, 151, 0, 150]),
        BadCompressed
    );
    assert_eq!(kind(&[130, 97, 1]), BadVersion(130));
    assert_eq!(kind(&[131]), Truncated);
    assert_eq!(kind(&[131, 109, 0, 0, 0, 5, 1]), Truncated);
}

#[test]
fn huge_length_headers_fail_fast() {
    let start = std::time::Instant::now();
    for bytes in [
        &[131, 108, 255, 255, 255, 240][..],
        &[131, 105, 255, 255, 255, 255],
        &[131, 116, 255, 255, 255, 255],
        &[131, 109, 255, 255, 255, 255],
        &[131, 111, 255, 255, 255, 255, 0],
        &[131, 80, 255, 255, 255, 255, 120, 156],
    ] {
        assert!(decode(bytes).is_err());
    }
    // Nothing was allocated from the headers: this is instantaneous.
    assert!(start.elapsed().as_millis() < 500);
}

#[test]
fn safe_mode_refuses_new_atoms() {
    let known = |a: &str| a == "ok";
    let opts = DecodeOptions {
        atom_exists: Some(&known),
        ..Default::default()
    };
    assert!(decode_with(&[131, 100, 0, 2, b'o', b'k'], &opts).is_ok());
    let err = decode_with(&[131, 104, 1, 100, 0, 2, b'n', b'o'], &opts).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::NewAtom("no".into()));
    // Atoms inside a pid count too.
    let pid = [131, 88, 100, 0, 1, b'n', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1];
    assert!(decode_with(&pid, &opts).is_err());
    assert!(decode(&pid).is_ok());
}

#[test]
fn atom_cache_references_need_a_table() {
    assert_eq!(kind(&[131, 82, 0]), DecodeErrorKind::BadAtomCacheRef(0));
    let table = [Atom::new("net_kernel"), Atom::new("rex")];
    let opts = DecodeOptions {
        atom_refs: Some(&table),
        ..Default::default()
    };
    assert_eq!(
        decode_body(&[104, 2, 82, 1, 82, 0], &opts).unwrap(),
        (
            Term::Tuple(vec![Term::atom("rex"), Term::atom("net_kernel")]),
            6
        )
    );
    assert!(decode_body(&[82, 2], &opts).is_err());
}

#[test]
fn nesting_is_limited() {
    let mut deep = vec![131];
    for _ in 0..DEFAULT_MAX_DEPTH + 1 {
        deep.extend_from_slice(&[104, 1]);
    }
    deep.push(106);
    assert_eq!(decode(&deep).unwrap_err().kind, DecodeErrorKind::TooDeep);
    let opts = DecodeOptions {
        max_depth: 20_000,
        ..Default::default()
    };
    let mut t = decode_with(&deep, &opts).expect("within a raised limit").0;
    // Unwind by hand: the derived Drop recurses.
    while let Term::Tuple(mut v) = t {
        t = v.pop().unwrap_or(Term::Nil);
    }
}

#[test]
fn obsolete_tags_decode_and_re_encode_as_erl_does() {
    // Input, then what OTP 25's term_to_binary(binary_to_term(Input)) gives.
    let cases: [(&[u8], &[u8]); 6] = [
        (
            &[131, 103, 100, 0, 1, b'n', 0, 0, 0, 1, 0, 0, 0, 2, 3],
            &[131, 88, 100, 0, 1, 110, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3],
        ),
        (
            &[131, 102, 100, 0, 1, b'n', 0, 0, 0, 7, 2],
            &[131, 89, 100, 0, 1, 110, 0, 0, 0, 7, 0, 0, 0, 2],
        ),
        (
            &[131, 101, 100, 0, 1, b'n', 0, 0, 0, 9, 1],
            &[131, 90, 0, 1, 100, 0, 1, 110, 0, 0, 0, 1, 0, 0, 0, 9],
        ),
        (
            &[
                131, 114, 0, 3, 100, 0, 1, b'n', 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
            ],
            &[
                131, 90, 0, 3, 100, 0, 1, 110, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
            ],
        ),
        (
            &[
                131, 120, 100, 0, 1, b'n', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5,
            ],
            &[131, 120, 100, 0, 1, 110, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5],
        ),
        (&[131, 115, 2, b'o', b'k'], &[131, 100, 0, 2, 111, 107]),
    ];
    for (input, erl) in cases {
        let t = decode(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(ferl_etf::to_binary(&t), erl, "{input:?}");
    }
}
