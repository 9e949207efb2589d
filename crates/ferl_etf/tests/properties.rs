//! Property tests: random terms survive encode → decode → encode; random and mutated bytes
//! never make the decoder panic.

use ferl_etf::{
    decode, decode_with, encode, eq_exact, Atom, DecodeOptions, EncodeOptions, Pid, Port,
    Reference, Term,
};
use num_bigint::BigInt;
use proptest::prelude::*;

fn atom() -> impl Strategy<Value = Atom> {
    prop_oneof![
        "[a-z_]{0,12}".prop_map(Atom::new),
        "[a-zäöüß]{1,8}".prop_map(Atom::new),
        "\\PC{0,6}".prop_map(Atom::new),
    ]
}

fn leaf() -> impl Strategy<Value = Term> {
    let node = prop_oneof![Just("nonode@nohost"), Just("a@b"), Just("ferl@vm")]
        .prop_map(|n: &str| Atom::new(n));
    prop_oneof![
        any::<i64>().prop_map(Term::Int),
        (0i64..300).prop_map(Term::Int),
        (any::<bool>(), prop::collection::vec(any::<u8>(), 1..40)).prop_map(|(neg, bytes)| {
            let sign = if neg {
                num_bigint::Sign::Minus
            } else {
                num_bigint::Sign::Plus
            };
            Term::from_bigint(BigInt::from_bytes_le(sign, &bytes))
        }),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Term::Float),
        atom().prop_map(Term::Atom),
        prop::collection::vec(any::<u8>(), 0..20).prop_map(Term::Binary),
        (prop::collection::vec(any::<u8>(), 1..6), 1u8..8).prop_map(|(mut bytes, bits)| {
            let last = bytes.len() - 1;
            bytes[last] &= 0xFF << (8 - bits);
            Term::BitBinary { bytes, bits }
        }),
        Just(Term::Nil),
        (node.clone(), any::<u32>(), any::<u32>(), any::<u32>()).prop_map(
            |(node, id, serial, creation)| Term::Pid(Pid {
                node,
                id,
                serial,
                creation
            })
        ),
        (node.clone(), any::<u64>(), any::<u32>())
            .prop_map(|(node, id, creation)| Term::Port(Port { node, id, creation })),
        (
            node,
            any::<u32>(),
            prop::collection::vec(any::<u32>(), 1..=5)
        )
            .prop_map(|(node, creation, ids)| Term::Ref(Reference {
                node,
                creation,
                ids
            })),
        (atom(), atom(), any::<u8>()).prop_map(|(module, function, arity)| Term::ExportFun {
            module,
            function,
            arity
        }),
    ]
}

fn term() -> impl Strategy<Value = Term> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Term::Tuple),
            prop::collection::vec(inner.clone(), 0..8).prop_map(Term::list),
            (prop::collection::vec(inner.clone(), 1..5), inner.clone()).prop_map(|(e, t)| {
                match t {
                    Term::Nil | Term::List(..) => Term::list(e),
                    tail => Term::List(e, Box::new(tail)),
                }
            }),
            prop::collection::vec((inner.clone(), inner), 0..40).prop_map(|pairs| {
                let mut unique: Vec<(Term, Term)> = Vec::new();
                for (k, v) in pairs {
                    if !unique.iter().any(|(u, _)| eq_exact(u, &k)) {
                        unique.push((k, v));
                    }
                }
                Term::Map(unique)
            }),
        ]
    })
}

fn options() -> impl Strategy<Value = EncodeOptions> {
    (0u8..3, prop_oneof![Just(None), (0u32..10).prop_map(Some)]).prop_map(
        |(minor_version, compressed)| EncodeOptions {
            minor_version,
            compressed,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn terms_round_trip(t in term(), opts in options()) {
        let bytes = encode(&t, &opts);
        let (back, used) = decode_with(&bytes, &DecodeOptions::default()).expect("decodes");
        prop_assert_eq!(used, bytes.len());
        prop_assert!(eq_exact(&back, &t), "{:?} came back as {:?}", t, back);
        prop_assert_eq!(encode(&back, &opts), bytes);
    }

    #[test]
    fn random_bytes_never_panic(mut bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode(&bytes);
        bytes.insert(0, 131);
        let _ = decode(&bytes);
    }

    #[test]
    fn mutated_terms_never_panic(
        t in term(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = encode(&t, &EncodeOptions::default());
        for (i, b) in edits {
            let i = i.index(bytes.len());
            bytes[i] = b;
        }
        let _ = decode(&bytes);
        let n = cut.index(bytes.len());
        let _ = decode(&bytes[..n]);
    }
}
