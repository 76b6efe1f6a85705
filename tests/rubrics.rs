//! Rubric files: shipped rubrics load clean and score known inputs to known totals; broken
//! fixtures give their exact diagnostics.

use std::path::Path;

use kaoping::domain::rubric::{self, Rubric};

fn load(path: &Path) -> Rubric {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    match rubric::parse(name, &text) {
        Ok(r) => r,
        Err(ds) => {
            let lines: Vec<String> = ds.iter().map(ToString::to_string).collect();
            panic!("{} does not load:\n{}", path.display(), lines.join("\n"));
        }
    }
}

fn shipped(name: &str) -> Rubric {
    load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics").join(name))
}

#[test]
fn every_shipped_rubric_loads_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let r = load(&path);
            assert_eq!(r.content_hash().len(), 64);
            n += 1;
        }
    }
    assert_eq!(n, 5);
}

/// Each `tests/rubric_fixtures/*.toml` must fail with exactly the lines of its `.expected`
/// sibling. `KAOPING_BLESS=1` rewrites the expected files (review the diff before committing).
#[test]
fn broken_fixtures_give_their_exact_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rubric_fixtures");
    let bless = std::env::var_os("KAOPING_BLESS").is_some();
    let mut checked = 0;
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "toml")) {
        let name = path.file_name().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let got = match rubric::parse(name, &text) {
            Ok(_) => panic!("{name} loaded but is meant to be broken"),
            Err(ds) => ds.iter().map(|d| format!("{d}\n")).collect::<String>(),
        };
        let expected_path = path.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        assert_eq!(got, expected, "diagnostics of {name}");
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} fixtures found");
}
