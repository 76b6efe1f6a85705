//! Server-rendered pages for people (DESIGN.md's `web/` edge). For now the residents' answer
//! page: `GET /s/{code}` opens the questionnaire of an invitation code (the QR code's link),
//! one group of the rubric's dimensions per page with its progress, a plain form post per step
//! (it works with JavaScript off; the script only checks a typed code's check symbol before
//! sending and keeps answers across the back button), then the confirmation with the receipt.
//! A used, unknown or closed code gets a page saying so. Answers go through the same use case
//! as the API (`accept_survey_response`).

mod answer;
pub mod pages;
pub mod qr_sheet;

use poem::http::{StatusCode, header};
use poem::web::{Data, Form, Query, Redirect};
use poem::{IntoResponse, Response, Route, get, handler};
use serde::Deserialize;

use crate::domain::survey::code::InvitationCode;
use crate::service::AppState;

/// The paths this edge answers, with their methods (for the API edge's 405 handling).
pub const PATHS: [(&str, &[&str]); 5] = [
    ("/s", &["GET", "POST"]),
    ("/s/", &["GET", "POST"]),
    ("/s/{code}", &["GET", "POST"]),
    ("/assets/survey.css", &["GET"]),
    ("/assets/survey.js", &["GET"]),
];

/// `routes` with the pages' routes added.
pub fn mount(routes: Route) -> Route {
    routes
        .at("/s", get(entry).post(enter))
        // `/s/` is how a resident often types it: the same entry page, never a JSON 404.
        .at("/s/", get(entry).post(enter))
        .at("/s/:code", get(answer::open).post(answer::step))
        .at("/assets/survey.css", get(css))
        .at("/assets/survey.js", get(js))
}

/// A rendered page with its status.
pub(crate) fn page(status: StatusCode, markup: maud::Markup) -> Response {
    Response::builder()
        .status(status)
        .content_type("text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(markup.into_string())
}

#[derive(Debug, Default, Deserialize)]
struct Size {
    #[serde(default)]
    big: Option<String>,
}

impl Size {
    fn big(&self) -> bool {
        self.big.as_deref() == Some("1")
    }
}

#[handler]
fn entry(Query(size): Query<Size>) -> Response {
    page(StatusCode::OK, pages::entry(None, "", size.big()))
}

#[derive(Debug, Deserialize)]
struct Entered {
    #[serde(default)]
    code: String,
    #[serde(default)]
    big: Option<String>,
}

/// The typed code: a wrong check symbol is refused here too when the script did not run.
#[handler]
fn enter(Form(f): Form<Entered>) -> Response {
    let big = f.big.as_deref() == Some("1");
    match InvitationCode::parse("code", &f.code) {
        Ok(code) => {
            let to = format!("/s/{}{}", code.shown(), if big { "?big=1" } else { "" });
            Redirect::see_other(to).into_response()
        }
        Err(e) => {
            let typed: String = f.code.chars().take(20).collect();
            page(
                StatusCode::UNPROCESSABLE_ENTITY,
                pages::entry(Some(&e.message), &typed, big),
            )
        }
    }
}

#[handler]
fn css(_state: Data<&AppState>) -> Response {
    asset("text/css; charset=utf-8", include_str!("assets/survey.css"))
}

#[handler]
fn js(_state: Data<&AppState>) -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("assets/survey.js"),
    )
}

fn asset(content_type: &str, text: &'static str) -> Response {
    Response::builder()
        .content_type(content_type)
        .header(header::CACHE_CONTROL, "public, max-age=3600")
        .body(text)
}
