//! The survey writer's own connection (see `service::survey::ingest`).
//!
//! SQLite keeps a page cache per connection and throws it away whenever another connection has
//! written since. The group-commit writer used to take a pooled connection per batch, and the
//! pool hands its connections out in turn, so nearly every batch started on a cold cache: each
//! insert read its table and index pages back from the file (measured under the ingest load:
//! `pread` and page-cache resets were about a tenth of the SQLite thread's time). A pool of one
//! connection that only the writer uses keeps its cache warm between batches, and a larger
//! cache holds the indexes of a round with hundreds of thousands of answers. Nothing about
//! durability changes: the same `synchronous = FULL`, one sync per batch.

use std::time::Duration;

use sqlx::any::AnyPoolOptions;

use super::{Backend, Db, SQLITE_READ_WRITE};

/// Page cache of the writer's SQLite connection, in KiB (SQLite's negative form): 64 MiB,
/// against SQLite's default of 2 MiB.
const WRITER_CACHE: &str = "PRAGMA cache_size = -65536";

impl Db {
    /// A handle on the same database whose pool is one connection of its own, opened on first
    /// use, for a writer that runs one transaction at a time (see the module docs). The same
    /// clock; on PostgreSQL the same settings as every other connection.
    pub fn dedicated_writer(&self) -> Db {
        let backend = self.backend;
        let options = (*self.pool.connect_options()).clone();
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        for &pragma in SQLITE_READ_WRITE.iter().chain([&WRITER_CACHE]) {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_lazy_with(options);
        Db {
            pool,
            backend,
            clock: self.clock.clone(),
        }
    }
}
