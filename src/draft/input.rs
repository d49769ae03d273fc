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
    #[error(
        "{path}: unsupported file type: save the plan as .docx, as a PDF with text, or as .txt"
    )]
    Kind { path: String },
    #[error(
        "{path}: an old Word document (.doc): open it in Word or LibreOffice and save it as .docx"
    )]
    OldDoc { path: String },
    #[error("{path}: the PDF has no text layer (a scan?): save the plan as .docx or print it to a PDF with text")]
    PdfNoText { path: String },
    #[error(
        "{path}: cannot read the PDF ({reason}): save the plan as .docx or as a PDF with text"
    )]
    Pdf { path: String, reason: String },
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
    // The content decides before the name: a PDF or an old .doc renamed stays what it is.
    let kind = if bytes.starts_with(b"%PDF-") {
        "pdf"
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "doc"
    } else {
        ext.as_str()
    };
    let text = match kind {
        "pdf" => pdf_text(&bytes, &shown)?,
        "doc" => return Err(InputError::OldDoc { path: shown }),
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

/// The text layer of a PDF (pdf-extract); none at all means a scan.
pub fn pdf_text(bytes: &[u8], shown: &str) -> Result<String, InputError> {
    let text = pdf_extract::extract_text_from_mem(bytes).map_err(|e| InputError::Pdf {
        path: shown.to_owned(),
        reason: e.to_string(),
    })?;
    if text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return Err(InputError::PdfNoText {
            path: shown.to_owned(),
        });
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

/// Paragraphs one per line; a table row as one line of cells joined by " | " (a cell's
/// paragraphs joined by spaces, a vertically merged cell repeating the value above it), so the
/// drafter reads Word tables as it reads "|"-separated text.
pub(super) fn document_xml_text(xml: &str) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    // Table state: nesting depth, the row's cells, the cell being read, the previous row.
    let mut depth = 0usize;
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut merged = false;
    let mut above: Vec<String> = Vec::new();
    loop {
        let ev = reader.read_event().map_err(|e| e.to_string())?;
        let sink: &mut String = if depth > 0 { &mut cell } else { &mut out };
        match ev {
            Event::Start(e) if e.name().as_ref() == "w:tbl" => depth += 1,
            Event::End(e) if e.name().as_ref() == "w:tbl" => {
                depth = depth.saturating_sub(1);
                above.clear();
            }
            Event::Start(e) if e.name().as_ref() == "w:tc" && depth == 1 => {
                cell.clear();
                merged = false;
            }
            Event::End(e) if e.name().as_ref() == "w:tc" && depth == 1 => {
                let mut v = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                if merged && v.is_empty() {
                    v = above.get(row.len()).cloned().unwrap_or_default();
                }
                row.push(v);
            }
            Event::End(e) if e.name().as_ref() == "w:tr" && depth == 1 => {
                if row.iter().any(|c| !c.is_empty()) {
                    out.push_str(&row.join(" | "));
                    if row.len() < 3 {
                        out.push_str(" |");
                    }
                    out.push('\n');
                }
                above = std::mem::take(&mut row);
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == "w:p" => {
                sink.push(if depth > 0 { ' ' } else { '\n' })
            }
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" => sink.push('\t'),
                "w:br" | "w:cr" | "w:p" => sink.push(if depth > 0 { ' ' } else { '\n' }),
                "w:vMerge" => {
                    let restart = e
                        .attributes()
                        .filter_map(Result::ok)
                        .any(|a| &*a.value == "restart");
                    merged = !restart;
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                sink.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                let s = format!("&{};", r.xml10_content());
                sink.push_str(&quick_xml::escape::unescape(&s).map_err(|e| e.to_string())?);
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
