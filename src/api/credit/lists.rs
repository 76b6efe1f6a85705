//! `/api/v1/credit/lists`, `/api/v1/credit/publications` and the public
//! `/api/v1/public/credit`: red and black lists of a quarter or a year, and the ratings of a
//! day published once for everyone to read (信用评价结果公示).

use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use crate::api::Tag;
use crate::api::auth::{Allowed, can};
use crate::api::body::JsonBody;
use crate::api::error::ApiResult;
use crate::api::typed::{DateText, ReasonText};
use crate::service::credit::corrections;
use crate::service::credit::lists::{self, ListEntry};
use crate::service::credit::publish::{self, PublicationView};
use crate::service::credit::rating;
use crate::service::{AppState, shown_at};

/// Lists and publication endpoints.
pub struct ListsApi {
    pub state: AppState,
}

/// A company on a list or in a publication.
#[derive(Debug, Object)]
pub struct ListedCompany {
    pub company_id: String,
    pub company_name: String,
    /// AAA … C, or 未评级.
    pub grade: String,
    #[oai(skip_serializing_if_is_none)]
    pub score: Option<String>,
    /// Why: the records that count, by title, document number and date.
    pub reasons: Vec<String>,
}

impl From<ListEntry> for ListedCompany {
    fn from(e: ListEntry) -> Self {
        Self {
            company_id: e.company_id,
            company_name: e.company_name,
            grade: e.grade,
            score: e.score.map(|s| s.to_string()),
            reasons: e.reasons,
        }
    }
}

/// The red and black lists of a period.
#[derive(Debug, Object)]
pub struct CreditLists {
    /// e.g. 2023年第2季度.
    pub period: String,
    /// The period's last day, the day rated.
    pub as_of: String,
    /// 守信红名单.
    pub red: Vec<ListedCompany>,
    /// 失信黑名单.
    pub black: Vec<ListedCompany>,
}

/// What to publish.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewPublication {
    /// The day whose ratings are published, `YYYY-MM-DD`.
    pub as_of: DateText,
}

/// Published credit ratings (公示).
#[derive(Debug, Object)]
pub struct CreditPublication {
    pub as_of: String,
    pub rubric_id: String,
    pub rubric_version: u32,
    /// Every company by name; reasons only for grade C and the black list.
    pub companies: Vec<ListedCompany>,
    /// Names of the companies on the black list that day.
    pub black_list: Vec<String>,
    /// SHA-256 of the published content, to check a copy.
    pub content_hash: String,
    /// Beijing time with the offset.
    pub published_at: String,
    /// 版次: 1 for the original publication, 2… for its corrections.
    pub revision: i64,
    /// Every correction of the day (更正), oldest first; empty when never corrected.
    pub corrections: Vec<PublicationCorrection>,
}

/// A correction of a publication.
#[derive(Debug, Object)]
pub struct PublicationCorrection {
    pub revision: i64,
    /// 更正原因.
    pub reason: String,
    /// SHA-256 of the corrected content.
    pub content_hash: String,
    /// SHA-256 of what it replaced.
    pub corrects_hash: String,
    /// Beijing time with the offset.
    pub published_at: String,
}

/// A correction to publish.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewCorrection {
    /// The published day to correct, `YYYY-MM-DD`.
    pub as_of: DateText,
    /// 更正原因 (shown to the public; at most 1000 characters).
    pub reason: ReasonText<1000>,
}

impl From<PublicationView> for CreditPublication {
    fn from(v: PublicationView) -> Self {
        let c = v.content;
        Self {
            as_of: c.as_of.to_string(),
            rubric_id: c.rubric_id,
            rubric_version: c.rubric_version,
            companies: c.companies.into_iter().map(ListedCompany::from).collect(),
            black_list: c.black_list,
            content_hash: v.content_hash,
            published_at: shown_at(&v.published_at),
            revision: v.revision,
            corrections: v
                .corrections
                .into_iter()
                .map(|c| PublicationCorrection {
                    revision: c.revision,
                    reason: c.reason,
                    content_hash: c.content_hash,
                    corrects_hash: c.corrects_hash,
                    published_at: shown_at(&c.published_at),
                })
                .collect(),
        }
    }
}

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Credit")]
impl ListsApi {
    /// 红黑名单 (the red and black lists of a quarter, or of the year without `quarter`).
    #[oai(path = "/credit/lists", method = "get")]
    async fn lists(
        &self,
        caller: Allowed<can::ReadCredit>,
        /// 年份 (2000–2100).
        #[oai(validator(minimum(value = "2000"), maximum(value = "2100")))]
        year: Query<i16>,
        /// 季度 1–4; absent for the whole year.
        #[oai(validator(minimum(value = "1"), maximum(value = "4")))]
        quarter: Query<Option<i8>>,
    ) -> ApiResult<Json<CreditLists>> {
        let l = lists::lists(&self.state, &caller.who, year.0, quarter.0).await?;
        Ok(Json(CreditLists {
            period: l.period,
            as_of: l.as_of.to_string(),
            red: l.red.into_iter().map(ListedCompany::from).collect(),
            black: l.black.into_iter().map(ListedCompany::from).collect(),
        }))
    }

    /// 公示信用评价 (publish the ratings of a day, once; the published list never changes).
    #[oai(path = "/credit/publications", method = "post")]
    async fn publish(
        &self,
        caller: Allowed<can::WriteCredit>,
        body: JsonBody<NewPublication>,
    ) -> ApiResult<Json<CreditPublication>> {
        let day = rating::day(&self.state, Some(&body.0.as_of.0))?;
        let v = publish::publish(&self.state, &caller.who, day).await?;
        Ok(Json(v.into()))
    }

    /// 更正公示 (publish a day's ratings again, as they now stand, with the reason; the
    /// original and earlier corrections stay readable; a correction changing nothing is 409).
    #[oai(path = "/credit/publications/corrections", method = "post")]
    async fn correct(
        &self,
        caller: Allowed<can::WriteCredit>,
        body: JsonBody<NewCorrection>,
    ) -> ApiResult<Json<CreditPublication>> {
        let b = body.0;
        let day = rating::day(&self.state, Some(&b.as_of.0))?;
        let v = corrections::correct(&self.state, &caller.who, day, &b.reason.0).await?;
        Ok(Json(v.into()))
    }

    /// 信用评价公示 (the published ratings of a day, or the latest, as last corrected; no token
    /// needed).
    #[oai(path = "/public/credit", method = "get")]
    async fn public(
        &self,
        /// `YYYY-MM-DD`; the latest publication when absent.
        as_of: Query<Option<DateText>>,
        /// 版次: 1 for the original, 2… for a correction; the latest when absent.
        #[oai(validator(minimum(value = "1"), maximum(value = "1000")))]
        revision: Query<Option<i64>>,
    ) -> ApiResult<Json<CreditPublication>> {
        let day = match as_of.0.as_ref().map(|d| d.0.as_str()) {
            Some(raw) => Some(rating::day(&self.state, Some(raw))?),
            None => None,
        };
        Ok(Json(
            publish::published(&self.state, day, revision.0)
                .await?
                .into(),
        ))
    }
}
