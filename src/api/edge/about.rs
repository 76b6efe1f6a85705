//! What a 404 or a 409 is about: the service names the thing in its message ("考核周期 … 不存在",
//! "该期次已锁定"); the problem's `errors` names the field as a 422 does — the path parameter
//! whose value the message names, else the one the operation acts on (a 404: the last, the
//! thing itself; a 409: the first, the state it belongs to, e.g. the period), else the path or
//! the body.

use poem::http::{Method, StatusCode};

use crate::api::error::ApiError;
use crate::api::routes::Routes;
use crate::domain::FieldError;

/// `err` with an `errors` entry naming what it is about, when it is a 404 or a 409 without one.
pub(super) fn named(mut err: ApiError, routes: &Routes, path: &str) -> ApiError {
    let conflict = err.status == StatusCode::CONFLICT;
    if !(conflict || err.status == StatusCode::NOT_FOUND) || !err.errors.is_empty() {
        return err;
    }
    let field = match routes.params(path) {
        None => "path".to_owned(),
        Some(params) => {
            let named = params
                .iter()
                .find(|(_, v)| v.len() > 2 && err.detail.contains(v));
            let acted_on = if conflict {
                params.first()
            } else {
                params.last()
            };
            match named.or(acted_on) {
                Some((name, _)) => name.clone(),
                None if conflict => "body".to_owned(),
                None => "path".to_owned(),
            }
        }
    };
    err.errors.push(FieldError::new(field, err.detail.clone()));
    err
}

/// A 405 names the method refused and, when known, the ones the path takes (also in `Allow`).
pub(super) fn not_allowed(mut err: ApiError, method: &Method, allow: Option<String>) -> ApiError {
    if err.status != StatusCode::METHOD_NOT_ALLOWED || !err.errors.is_empty() {
        return err;
    }
    let message = match allow {
        Some(allow) => format!(
            "该路径不支持 {method} 请求，可用的方法：{allow} (method not allowed; allowed: {allow})"
        ),
        None => format!("该路径不支持 {method} 请求 (method not allowed)"),
    };
    err.errors.push(FieldError::new("method", message));
    err
}

#[cfg(test)]
mod tests {
    use poem::http::Method;

    use super::*;

    fn routes() -> Routes {
        let mut r = Routes::default();
        r.add(
            "/api/v1/periods/{period_id}/units/{unit_id}/result",
            Method::GET,
            false,
        );
        r.add("/api/v1/companies", Method::POST, false);
        r
    }

    fn field(status: StatusCode, detail: &str, path: &str) -> String {
        let e = named(ApiError::new(status, detail), &routes(), path);
        assert_eq!(e.errors.len(), 1);
        assert_eq!(e.errors[0].message, detail);
        e.errors[0].field.clone()
    }

    #[test]
    fn the_parameter_the_message_names_is_the_field() {
        let p = "/api/v1/periods/p-2023/units/u-9/result";
        let f = field(
            StatusCode::NOT_FOUND,
            "考核周期 p-2023 不存在 (not found)",
            p,
        );
        assert_eq!(f, "period_id");
        assert_eq!(
            field(StatusCode::NOT_FOUND, "单位 u-9 不存在", p),
            "unit_id"
        );
    }

    #[test]
    fn otherwise_a_404_names_the_thing_and_a_409_its_state() {
        let p = "/api/v1/periods/p-2023/units/u-9/result";
        assert_eq!(field(StatusCode::NOT_FOUND, "不存在", p), "unit_id");
        assert_eq!(field(StatusCode::CONFLICT, "该期次已锁定", p), "period_id");
        assert_eq!(
            field(StatusCode::CONFLICT, "记录已存在", "/api/v1/companies"),
            "body"
        );
        assert_eq!(
            field(StatusCode::NOT_FOUND, "请求的路径不存在", "/nope"),
            "path"
        );
    }

    #[test]
    fn named_problems_and_other_statuses_are_left_alone() {
        let r = routes();
        let with = ApiError {
            errors: vec![FieldError::new("unit_id", "x")],
            ..ApiError::new(StatusCode::NOT_FOUND, "x")
        };
        assert_eq!(named(with, &r, "/nope").errors[0].field, "unit_id");
        let bad = ApiError::new(StatusCode::BAD_REQUEST, "x");
        assert!(named(bad, &r, "/nope").errors.is_empty());
    }
}
