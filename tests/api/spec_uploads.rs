//! Every import states in the spec every way the server takes its file: the multipart form
//! and each raw media type (`text/csv` among them); its annotated copy states what it returns.

use serde_json::Value;

use crate::helpers::spawn_app;

const IMPORTS: [&str; 5] = [
    "/api/v1/ledger/import",
    "/api/v1/surveys/{round}/paper/import",
    "/api/v1/evaluations/import",
    "/api/v1/complaints/import",
    "/api/v1/conduct-records/import",
];

#[tokio::test]
async fn every_import_lists_its_media_types_and_its_copy_is_a_workbook() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json", None).await.json().await.unwrap();
    let media = |path: &str| -> Vec<String> {
        let content = &spec["paths"][path]["post"]["requestBody"]["content"];
        let mut types: Vec<String> = content
            .as_object()
            .unwrap_or_else(|| panic!("{path} has no request body"))
            .keys()
            .cloned()
            .collect();
        types.sort();
        types
    };
    let want = [
        "application/csv",
        "application/octet-stream",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "multipart/form-data",
        "text/csv",
        "text/plain",
    ];
    for import in IMPORTS {
        for path in [import.to_owned(), format!("{import}/annotated")] {
            assert_eq!(media(&path), want, "{path}");
            let csv = &spec["paths"][&path]["post"]["requestBody"]["content"]["text/csv"];
            assert_eq!(csv["schema"]["format"], "binary", "{path}: {csv}");
        }
        let copy = &spec["paths"][format!("{import}/annotated")]["post"]["responses"]["200"];
        let types: Vec<&String> = copy["content"].as_object().unwrap().keys().collect();
        assert_eq!(types, [kaoping::api::xlsx::XLSX], "{import}/annotated");
        let headers = copy["headers"].as_object().unwrap();
        assert!(
            headers
                .keys()
                .any(|h| h.eq_ignore_ascii_case("x-problem-count")),
            "{copy}"
        );
    }
}
