//! Writing a workbook off the async threads, for every import: its template and the annotated
//! copy of a rejected file. One place turns a failed task or a writer error into the opaque
//! internal error a client never caused.

use crate::service::ServiceError;
use crate::sheet::CellProblem;
use crate::sheet::read::Table;

/// Runs `write` (which builds `what`, e.g. "the template") on the blocking pool.
pub async fn write<F>(what: &'static str, write: F) -> Result<Vec<u8>, ServiceError>
where
    F: FnOnce() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> + Send + 'static,
{
    tokio::task::spawn_blocking(write)
        .await
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{what}: {e}")))?
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("writing {what}: {e}")))
}

/// The annotated copy of `tables` with `problems` marked, and how many there are.
pub async fn annotated(
    tables: Vec<Table>,
    problems: Vec<CellProblem>,
) -> Result<(Vec<u8>, usize), ServiceError> {
    let n = problems.len();
    let bytes = write("the annotated copy", move || {
        crate::sheet::write::annotated(&tables, &problems)
    })
    .await?;
    Ok((bytes, n))
}
