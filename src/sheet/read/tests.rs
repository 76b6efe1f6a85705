//! Tests of [`super`].

use super::xlsx::{cell_text, check_unpacked_size, float_text};
use super::{FileError, read};
use crate::sheet::columns::Kind;
use calamine::Data;
use std::io::Cursor;

#[test]
fn csv_with_bom_and_gbk_read_alike() {
    let text = "统一社会信用代码,企业名称,是否建立党组织\n91350100M000100Y43,甲物业,是\n";
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    for bytes in [text.as_bytes().to_vec(), bom, gbk.into_owned()] {
        let book = read(&bytes).unwrap();
        let s = book.sheet(Kind::Companies).unwrap();
        assert_eq!(s.get(&s.rows[0], "name"), "甲物业");
        assert_eq!(s.rows[0].number, 2);
        assert_eq!(s.locate(2, "name").1, "B2");
    }
}

#[test]
fn a_workbook_that_unpacks_past_the_limit_is_refused_before_inflating() {
    use std::io::Write;
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    zip.write_all(&vec![b'0'; 1 << 20]).unwrap();
    zip.finish().unwrap();
    let bytes = out.into_inner();
    assert!(bytes.len() < 1 << 14, "compresses well: {}", bytes.len());
    assert!(matches!(
        check_unpacked_size(&bytes, 1 << 19),
        Err(FileError::Unpacks)
    ));
    assert!(check_unpacked_size(&bytes, 1 << 21).is_ok());
}

#[test]
fn bad_files_get_specific_errors() {
    assert_eq!(read(b"").unwrap_err(), FileError::EmptyFile);
    assert_eq!(
        read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err(),
        FileError::LegacyXls
    );
    assert_eq!(
        read(b"%PDF-1.4\x00\x01\x02").unwrap_err(),
        FileError::NotSpreadsheet
    );
    assert_eq!(
        read(&[0xFF, 0xFE, 0x41, 0]).unwrap_err(),
        FileError::Encoding
    );
    let corrupt = read(b"PK\x03\x04garbage").unwrap_err();
    assert_eq!(corrupt, FileError::CorruptWorkbook);
    assert!(!corrupt.to_string().contains("EOCD"), "{corrupt}");
    assert!(matches!(
        read("a,b\n1,2\n".as_bytes()).unwrap_err(),
        FileError::NoLedgerSheet(_)
    ));
    assert!(matches!(
        read("项目编号,项目名称\nX,Y\n".as_bytes()).unwrap_err(),
        FileError::MissingColumns { .. }
    ));
    assert_eq!(
        read("统一社会信用代码,企业名称,是否建立党组织\n,,\n".as_bytes()).unwrap_err(),
        FileError::NoRows
    );
}

#[test]
fn a_stray_cell_far_away_is_refused_without_allocating_the_range() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("物业项目").unwrap();
    sheet.write_string(0, 0, "项目编号").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(matches!(read(&bytes), Err(FileError::TooWide { .. })));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("物业项目").unwrap();
    sheet.write_string(0, 0, "项目编号").unwrap();
    sheet.write_string(1_048_575, 0, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(matches!(read(&bytes), Err(FileError::TooManyRows(_))));
}

#[test]
fn csv_cells_too_long_or_too_many_columns_are_refused() {
    let long = format!(
        "统一社会信用代码,企业名称,是否建立党组织\n91350100M000100Y43,{},是\n",
        "甲".repeat(40_000)
    );
    assert!(
        matches!(read(long.as_bytes()), Err(FileError::CellTooLong { cell, .. }) if cell == "B2")
    );
    let wide = format!(
        "统一社会信用代码,企业名称,是否建立党组织\n91350100M000100Y43,甲物业,是{}\n",
        ",x".repeat(70)
    );
    assert!(matches!(
        read(wide.as_bytes()),
        Err(FileError::TooWide { .. })
    ));
}

#[test]
fn numbers_and_dates_read_as_typed() {
    assert_eq!(float_text(820.0), "820");
    assert_eq!(float_text(96500.55), "96500.55");
    use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
    let day = |serial, is_1904| {
        cell_text(&Data::DateTime(ExcelDateTime::new(
            serial, DateTime, is_1904,
        )))
    };
    assert_eq!(day(44927.0, false), "2023-01-01");
    // The same day in a workbook saved with the 1904 date system (Mac Excel).
    assert_eq!(day(43465.0, true), "2023-01-01");
}
