//! Bytes to text: byte-order marks, UTF-8, and legacy 8-bit encodings detected by `chardetng`.
//! Decoding never fails: undecodable bytes become U+FFFD, and the encoding used is reported.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// Text decoded from a file, with the name of the encoding it was read as.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, with any byte-order mark removed.
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `windows-1252`, ...).
    pub encoding: &'static str,
}

/// Decodes `bytes`, honouring a byte-order mark, else `declared` (a charset named by the file
/// itself, such as an HTML meta tag), else UTF-8 when the bytes are valid UTF-8, else a guess.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_string(),
            encoding: UTF_8.name(),
        };
    }
    let enc = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        // A page that says UTF-8 but is not valid UTF-8 is better guessed than mangled.
        .filter(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE)
        .unwrap_or_else(|| guess(bytes));
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
    }
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    // chardetng can answer UTF-8 only for valid UTF-8, which was handled above.
    if enc == UTF_8 {
        WINDOWS_1252
    } else {
        enc
    }
}

/// True when the bytes look like a binary file rather than text: a NUL byte early on (unless a
/// UTF-16 byte-order mark explains it) or many control characters.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some_and(|(e, _)| e == UTF_16LE || e == UTF_16BE) {
        return false;
    }
    // Every block is looked at, not only the first: a file that is text for its first pages and
    // an image or archive after them is not an article either.
    bytes.chunks(8192).any(|block| {
        if block.contains(&0) {
            return true;
        }
        // Every control byte first (a count the compiler vectorises); the allowed ones are
        // told apart only in the rare block where that count passes the limit.
        let many = |n: usize| n * 10 > block.len().max(1);
        many(block.iter().filter(|&&b| b < 0x20).count())
            && many(
                block
                    .iter()
                    .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
                    .count(),
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_after_a_text_head_is_binary() {
        let mut bytes = b"A headline\n\nSome text of an article.\n".repeat(1000);
        assert!(!looks_binary(&bytes));
        bytes.extend_from_slice(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3, 0, 0]);
        assert!(looks_binary(&bytes));
    }

    #[test]
    fn latin1_pound_sign_is_decoded() {
        let d = decode(b"It cost \xa3300 in Alg\xe9rie", None);
        assert_eq!(d.text, "It cost £300 in Algérie");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn utf8_bom_is_removed() {
        let d = decode("\u{feff}Title".as_bytes(), None);
        assert_eq!(d.text, "Title");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16_with_bom_is_decoded_and_not_binary() {
        let mut bytes = vec![0xff, 0xfe];
        for c in "Héllo".encode_utf16() {
            bytes.extend_from_slice(&c.to_le_bytes());
        }
        assert!(!looks_binary(&bytes));
        assert_eq!(decode(&bytes, None).text, "Héllo");
    }

    #[test]
    fn declared_charset_is_honoured_for_non_utf8() {
        // 0xE8 0xE9 is "ий" in windows-1251 and "èé" in Latin-1.
        let d = decode(b"\xe8\xe9", Some("windows-1251"));
        assert_eq!(d.text, "ий");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary(b"plain text\n"));
    }
}
