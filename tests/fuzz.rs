//! Property test: the analyzer takes any bytes in any file shape without panicking.

use std::path::Path;

use lede::analyze::{analyze_bytes, AnalyzeOptions};
use proptest::prelude::*;

/// Pieces real files are made of, to build inputs that reach deep into each format's reader.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("From: a@b\n".to_string()),
        Just("Subject: x\n".to_string()),
        Just("Date: Tue, 14 Jun 2022 18:03:27 +0200\n".to_string()),
        Just("---\ntitle: x\n---\n".to_string()),
        Just("+++\ntitle = 1\n+++\n".to_string()),
        Just("<html><head><meta charset=\"koi8-r\"><title>t</title>".to_string()),
        Just(
            "<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"NewsArticle\""
                .to_string()
        ),
        Just("{\"title\": \"t\", \"date\": 99999999999999999999".to_string()),
        Just("Dear Reader,\n\n".to_string()),
        Just("Related Content\n\n".to_string()),
        Just("February 30, 2018 25:61\n".to_string()),
        Just("26-FEB-1987 15:01:01.79\n".to_string()),
        Just("\n\n".to_string()),
        "[a-zA-Z0-9 .,:;<>/\"'{}\\[\\]()|-]{0,40}",
        "\\PC{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000),
                                   ext in prop_oneof![Just("txt"), Just("html"), Just("json"),
                                                      Just("md"), Just("eml"), Just("bin")]) {
        let path = format!("x.{ext}");
        let _ = analyze_bytes(Path::new(&path), &bytes, &AnalyzeOptions::default());
    }

    #[test]
    fn file_shaped_text_never_panics(parts in proptest::collection::vec(piece(), 0..30),
                                     ext in prop_oneof![Just("txt"), Just("html"), Just("json"),
                                                        Just("md"), Just("eml")]) {
        let text = parts.concat();
        let path = format!("x.{ext}");
        if let Ok(arts) = analyze_bytes(Path::new(&path), text.as_bytes(), &AnalyzeOptions::default()) {
            for a in arts {
                // Whatever was read can be printed.
                let _ = a.to_json("x", true).to_string();
            }
        }
    }
}
