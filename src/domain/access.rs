//! Who may do what: the one place where roles meet operations.
//!
//! Every API operation and CLI command names an [`Action`]; [`authorize`] decides by role.
//! Ownership (a unit sees only itself, a reviewer only assigned units) is checked by the
//! service functions through [`Principal`]'s bindings, never by handlers.

use serde::Serialize;

use super::labelled::labelled_enum;

labelled_enum!(
    /// A caller's role.
    Role, "角色" {
        /// Housing bureau / work-team office (住建局 / 工作专班办公室).
        Admin = ("admin", "住建局"),
        /// Member of a review team (考核组).
        Reviewer = ("reviewer", "考核组成员"),
        /// Bound to one assessed unit (被考核单位).
        Unit = ("unit", "被考核单位"),
        /// Bound to one property-service company (物业服务企业).
        Company = ("company", "物业服务企业"),
        /// A third-party evaluation organisation (第三方评价机构).
        Inspector = ("inspector", "第三方评价机构"),
    }
);

/// An authenticated caller: a token's identity and what it is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Principal {
    /// The token's id (not its secret).
    pub token_id: String,
    /// Human name given when the token was created.
    pub name: String,
    /// The role.
    pub role: Role,
    /// For `unit`: the assessed unit.
    pub unit_id: Option<String>,
    /// For `company`: the company.
    pub company_id: Option<String>,
    /// For `reviewer`: the review team.
    pub team_id: Option<String>,
}

impl Principal {
    /// The operator at the server's command line, trusted as the bureau (they own the
    /// database). Has no token: its audit entries carry no actor id.
    pub fn operator(user: &str) -> Self {
        Self {
            token_id: String::new(),
            name: format!("cli:{user}"),
            role: Role::Admin,
            unit_id: None,
            company_id: None,
            team_id: None,
        }
    }

    /// Whether this caller came with a token (not the command line).
    pub fn has_token(&self) -> bool {
        !self.token_id.is_empty()
    }
}

/// Operations that need a decision about who may call them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create, list and revoke API tokens.
    ManageTokens,
    /// Read the audit trail and verify its chain.
    ReadAudit,
    /// Ask who the current token belongs to.
    WhoAmI,
    /// Read rubrics and dry-run scores against them (the standard is public to every role).
    ReadRubrics,
    /// Open periods, move phases, extend deadlines, form and assign review teams, record
    /// supervision items.
    ManagePeriods,
    /// Read periods and (by standing) a unit's assessment, evidence, reports and result.
    ReadAssessments,
    /// Fill and submit a self-assessment (the unit itself).
    SelfAssess,
    /// Re-check items and write the team's report (an assigned reviewer).
    Review,
    /// Send a submitted self-assessment back for correction (退回补正).
    SendBack,
    /// Attach evidence files.
    AttachEvidence,
    /// Lodge an appeal (the unit itself).
    Appeal,
    /// Decide an appeal (the bureau or the assigned team).
    DecideAppeal,
    /// Declare a conflict of interest (the admin for anyone, a reviewer for themself).
    DeclareConflict,
    /// Reviewer reliability statistics.
    ReadReliability,
    /// Read the ledger (regions, units, companies, projects, service periods), filtered to
    /// what the caller's binding lets it see (see `domain::ledger::visibility`).
    ReadLedger,
    /// Create and update ledger records, import spreadsheets.
    WriteLedger,
    /// Read campaign metrics (coverage, committee rates) for a scope.
    ReadMetrics,
    /// Read companies' conduct records and credit ratings (a company only its own).
    ReadCredit,
    /// Enter and end conduct records.
    WriteCredit,
    /// Open survey rounds, generate code batches, publish results.
    ManageSurveys,
    /// Read survey rounds with their projects and batches (the bureau and those checking it).
    ReadSurveys,
    /// Read satisfaction indices: units their own area, companies their own projects once a
    /// round has closed, the bureau, reviewers and inspectors all (ownership in the service).
    ReadSurveyIndex,
    /// Read on-site evaluations: the bureau, reviewers and inspectors all; a company the
    /// accepted ones of its projects, a unit those in its area (ownership in the service).
    ReadEvaluations,
    /// Open an on-site evaluation, fill its sheets and submit it (an inspector its own).
    WriteEvaluations,
    /// Accept or return a submitted evaluation; decide objections.
    DecideEvaluations,
    /// Object to a finding of an accepted evaluation (the company serving the project).
    ObjectToEvaluation,
    /// Read complaints: the bureau, reviewers and inspectors all; a company those received
    /// while it served, a unit those in its area (ownership in the service).
    ReadComplaints,
    /// Enter, resolve and withdraw complaints.
    WriteComplaints,
    /// Apply to repair one of the company's own bad records (信用修复).
    ApplyForRepair,
    /// Object to one of the company's own conduct records (异议).
    ObjectToConductRecord,
    /// Read a project's service quality: the bureau, reviewers and inspectors every project, a
    /// unit those of its area, a company its own measurements (ownership in the service).
    ReadProjectQuality,
    /// Read a period's results across its units: rankings, award lists, snapshots (the bureau
    /// and reviewers; units read their own explained result through `ReadAssessments`, and
    /// everyone the public notice without a token).
    ReadResults,
    /// Publish a period's results as a snapshot and open its public notice.
    PublishResults,
}

impl Action {
    /// Roles allowed to perform this action at all (ownership is checked separately).
    pub fn allowed_roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::WhoAmI | Action::ReadRubrics | Action::ReadLedger => Role::ALL,
            Action::ManagePeriods | Action::ReadReliability => &[Admin],
            Action::ReadAssessments | Action::AttachEvidence => &[Admin, Reviewer, Unit],
            Action::SelfAssess | Action::Appeal => &[Unit],
            Action::Review => &[Reviewer],
            Action::SendBack | Action::DecideAppeal | Action::DeclareConflict => &[Admin, Reviewer],
            Action::ManageTokens | Action::ReadAudit | Action::WriteLedger => &[Admin],
            Action::WriteCredit | Action::PublishResults => &[Admin],
            Action::ReadResults => &[Admin, Reviewer],
            // Units read the published list; the rest read every company but a company, which
            // reads its own (checked by the service).
            Action::ReadCredit => &[Admin, Reviewer, Inspector, Company],
            // Metrics are about areas; a company is rated by other means (credit).
            Action::ReadMetrics => &[Admin, Reviewer, Unit, Inspector],
            Action::ManageSurveys => &[Admin],
            Action::ReadSurveys => &[Admin, Reviewer, Inspector],
            Action::ReadSurveyIndex | Action::ReadEvaluations | Action::ReadProjectQuality => {
                Role::ALL
            }
            Action::WriteEvaluations => &[Admin, Inspector],
            Action::DecideEvaluations => &[Admin],
            Action::ObjectToEvaluation => &[Company],
            Action::ReadComplaints => Role::ALL,
            Action::WriteComplaints => &[Admin],
            Action::ApplyForRepair | Action::ObjectToConductRecord => &[Company],
        }
    }
}

impl Action {
    /// What the action is, in Chinese, for a refusal's message.
    pub fn label(self) -> &'static str {
        match self {
            Action::ManageTokens => "管理令牌",
            Action::ReadAudit => "查看审计记录",
            Action::WhoAmI => "查看令牌身份",
            Action::ReadRubrics => "查看考核标准",
            Action::ManagePeriods => "管理考核周期",
            Action::ReadAssessments => "查看考核记录",
            Action::SelfAssess => "填写自评",
            Action::Review => "复查复核",
            Action::SendBack => "退回补正",
            Action::AttachEvidence => "上传佐证材料",
            Action::Appeal => "提出申诉",
            Action::DecideAppeal => "裁决申诉",
            Action::DeclareConflict => "申报回避",
            Action::ReadReliability => "查看复核一致性",
            Action::ReadLedger => "查看台账",
            Action::WriteLedger => "修改台账",
            Action::ReadMetrics => "查看台账指标",
            Action::ReadCredit => "查看企业信用",
            Action::WriteCredit => "管理企业信用（登记记录、审核、公示）",
            Action::ManageSurveys => "管理满意度调查",
            Action::ReadSurveys => "查看满意度调查",
            Action::ReadSurveyIndex => "查看满意度指数",
            Action::ReadEvaluations => "查看第三方现场测评",
            Action::WriteEvaluations => "录入第三方现场测评",
            Action::DecideEvaluations => "审核现场测评和异议",
            Action::ObjectToEvaluation => "对测评问题提出异议",
            Action::ReadComplaints => "查看信访投诉",
            Action::WriteComplaints => "登记和办结信访投诉",
            Action::ApplyForRepair => "申请信用修复",
            Action::ObjectToConductRecord => "对信用记录提出异议",
            Action::ReadProjectQuality => "查看项目服务质量评价",
            Action::ReadResults => "查看考核结果与排名",
            Action::PublishResults => "发布考核结果",
        }
    }
}

/// "角色 被考核单位 无权管理考核周期（仅限：住建局）": the caller's role, the refused action and
/// who may perform it, all in Chinese.
fn refusal(role: Role, action: Action) -> String {
    let allowed: Vec<&str> = action.allowed_roles().iter().map(|r| r.label()).collect();
    format!(
        "角色 {} 无权{}（仅限：{}） (forbidden for this role)",
        role.label(),
        action.label(),
        allowed.join("、")
    )
}

/// Refusal: the role may not perform the action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", refusal(*.role, *.action))]
pub struct Forbidden {
    /// The caller's role.
    pub role: Role,
    /// The refused action.
    pub action: Action,
}

/// Decides whether `who` may perform `action`.
pub fn authorize(who: &Principal, action: Action) -> Result<(), Forbidden> {
    if action.allowed_roles().contains(&who.role) {
        Ok(())
    } else {
        Err(Forbidden {
            role: who.role,
            action,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role) -> Principal {
        Principal {
            token_id: "t".into(),
            name: "n".into(),
            role,
            unit_id: None,
            company_id: None,
            team_id: None,
        }
    }

    #[test]
    fn only_admin_manages_tokens() {
        for &role in Role::ALL {
            let ok = authorize(&principal(role), Action::ManageTokens).is_ok();
            assert_eq!(ok, role == Role::Admin, "{role}");
        }
    }

    #[test]
    fn only_admin_writes_the_ledger_and_companies_get_no_metrics() {
        for &role in Role::ALL {
            let p = principal(role);
            assert_eq!(
                authorize(&p, Action::WriteLedger).is_ok(),
                role == Role::Admin
            );
            assert!(authorize(&p, Action::ReadLedger).is_ok());
            assert_eq!(
                authorize(&p, Action::ReadMetrics).is_ok(),
                role != Role::Company
            );
        }
    }

    #[test]
    fn roles_round_trip_through_text() {
        for &role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("root".parse::<Role>().is_err());
    }
}

/// Checks that a token's bindings fit its role: a unit token names its unit, a company token
/// its company, a reviewer token its team (and optionally the reviewer's own unit), and no
/// token carries a binding its role does not use. Errors name the request field (`unit_id`,
/// `company_id`, `team_id`).
pub fn check_binding(
    role: Role,
    unit_id: Option<&str>,
    company_id: Option<&str>,
    team_id: Option<&str>,
) -> Result<(), super::FieldError> {
    use super::FieldError;
    let expected = match role {
        Role::Unit => Some("unit_id"),
        Role::Company => Some("company_id"),
        Role::Reviewer => Some("team_id"),
        Role::Admin | Role::Inspector => None,
    };
    for (name, value) in [
        ("unit_id", unit_id),
        ("company_id", company_id),
        ("team_id", team_id),
    ] {
        match (value.is_some(), expected == Some(name)) {
            (false, true) => {
                return Err(FieldError::new(
                    name,
                    format!("角色 {role} 必须绑定 {name} (required for this role)"),
                ));
            }
            // A reviewer may name their own unit, so they are never assigned to re-check it.
            (true, false) if role == Role::Reviewer && name == "unit_id" => {}
            (true, false) => {
                return Err(FieldError::new(
                    name,
                    format!("角色 {role} 不能绑定 {name} (not used by this role)"),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod binding_tests {
    use super::*;

    #[test]
    fn each_role_takes_exactly_its_binding() {
        assert!(check_binding(Role::Unit, Some("u1"), None, None).is_ok());
        assert!(check_binding(Role::Unit, None, None, None).is_err());
        assert!(check_binding(Role::Admin, Some("u1"), None, None).is_err());
        assert!(check_binding(Role::Reviewer, None, None, Some("t")).is_ok());
        assert!(check_binding(Role::Reviewer, Some("home"), None, Some("t")).is_ok());
        assert!(check_binding(Role::Reviewer, Some("home"), None, None).is_err());
        let err = check_binding(Role::Company, None, None, Some("t")).unwrap_err();
        assert_eq!(err.field, "company_id");
    }
}
