//! Reading a plan file: .txt / .md in UTF-8, UTF-16 (BOM or NUL pattern) or Windows-1258, and
//! .docx (word/document.xml paragraphs). The only part of `draft` that touches the disk.

use std::io::Read;
use std::path::Path;

/// Why a plan file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a Word document (.docx): {reason}")]
    Docx { path: String, reason: String },
    #[error("{path}: unsupported file type (use .txt, .md or .docx)")]
    Kind { path: String },
    #[error("{path}: the file is empty")]
    Empty { path: String },
}

/// Reads a plan file into text (not yet normalised).
pub fn read_plan(path: &Path) -> Result<String, InputError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: shown.clone(),
        source,
    })?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let text = match ext.as_str() {
        "docx" => docx_text(&bytes).map_err(|reason| InputError::Docx {
            path: shown.clone(),
            reason,
        })?,
        "txt" | "md" | "markdown" | "text" | "" => decode(&bytes),
        _ => return Err(InputError::Kind { path: shown }),
    };
    if text.trim().is_empty() {
        return Err(InputError::Empty { path: shown });
    }
    Ok(text)
}

/// Decodes text bytes: a BOM wins; then UTF-16 by its NUL pattern; then UTF-8; otherwise
/// Windows-1258 (the Vietnamese Windows code page).
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    if bytes.len() >= 4 {
        let sample = &bytes[..bytes.len().min(4096) & !1];
        let even_nul = sample.iter().step_by(2).filter(|b| **b == 0).count();
        let odd_nul = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|b| **b == 0)
            .count();
        let half = sample.len() / 2;
        if odd_nul * 3 > half {
            return encoding_rs::UTF_16LE
                .decode_without_bom_handling(bytes)
                .0
                .into_owned();
        }
        if even_nul * 3 > half {
            return encoding_rs::UTF_16BE
                .decode_without_bom_handling(bytes)
                .0
                .into_owned();
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1258
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The text of a .docx: one line per paragraph (`w:p`), tabs and breaks kept.
pub fn docx_text(bytes: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|e| format!("word/document.xml: {e}"))?
        .read_to_string(&mut xml)
        .map_err(|e| format!("word/document.xml: {e}"))?;
    document_xml_text(&xml)
}

fn document_xml_text(xml: &str) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == "w:p" => out.push('\n'),
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" => out.push('\t'),
                "w:br" | "w:cr" => out.push('\n'),
                "w:p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                out.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                let s = format!("&{};", r.xml10_content());
                out.push_str(&quick_xml::escape::unescape(&s).map_err(|e| e.to_string())?);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_1258_are_detected() {
        let s = "Định kỳ hàng quý";
        let mut le = vec![0xFF, 0xFE];
        le.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le), s);
        let no_bom: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&no_bom), s);
        // "Định kỳ hàng quý" in Windows-1258 (tone marks as combining characters).
        let cp = b"\xD0i\xF2nh ky\xCC ha\xCCng quy\xEC";
        assert!(std::str::from_utf8(cp.as_slice()).is_err());
        let back = decode(cp);
        use unicode_normalization::UnicodeNormalization;
        assert_eq!(back.nfc().collect::<String>(), s);
    }

    #[test]
    fn document_xml_paragraphs() {
        let xml = r#"<w:document><w:body><w:p><w:r><w:t>Số: 191/KH-UBND</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">A &amp; B</w:t><w:tab/><w:t>c</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(
            document_xml_text(xml).unwrap(),
            "Số: 191/KH-UBND\nA & B\tc\n"
        );
    }
}
