//! What the edge knows about the routes, read once from the operations' own OpenAPI metadata:
//! the methods each path answers (the `Allow` header of a 405), the names of its path
//! parameters (poem-openapi routes them as `param0`, `param1`, …, and reports a bad one by that
//! name), and which operations take an upload that enforces its own, larger size limit.

use poem::http::Method;
use poem_openapi::registry::MetaApi;

/// One path template and its operations.
#[derive(Debug, Clone)]
struct Entry {
    /// Segments: `Some(literal)`, or `None` for a parameter.
    segments: Vec<Option<String>>,
    /// Parameter names in path order.
    params: Vec<String>,
    /// Methods answered.
    methods: Vec<Method>,
    /// Methods whose request body is an upload (multipart or raw file), limited by the
    /// operation itself.
    uploads: Vec<Method>,
}

impl Entry {
    /// How well `path` matches: the number of literal segments, or `None`.
    fn score(&self, path: &[&str]) -> Option<usize> {
        if path.len() != self.segments.len() {
            return None;
        }
        let mut literals = 0;
        for (segment, part) in self.segments.iter().zip(path) {
            match segment {
                Some(literal) if literal == part => literals += 1,
                Some(_) => return None,
                None if part.is_empty() => return None,
                None => {}
            }
        }
        Some(literals)
    }
}

/// The route table; see the module docs.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    entries: Vec<Entry>,
}

fn split(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

impl Routes {
    /// Reads the operations of `apis` (paths written `/a/{id}/b`).
    pub fn from_meta(apis: &[MetaApi]) -> Self {
        let mut routes = Self::default();
        for path in apis.iter().flat_map(|api| &api.paths) {
            for op in &path.operations {
                let upload = op
                    .request
                    .as_ref()
                    .is_some_and(|r| r.content.iter().all(|m| !m.content_type.contains("json")));
                routes.add(&path.path, op.method.clone(), upload);
            }
        }
        routes
    }

    /// Adds `method` on `template` (`/a/{id}`); `upload` when its body limits itself.
    pub fn add(&mut self, template: &str, method: Method, upload: bool) {
        let segments: Vec<Option<String>> = split(template)
            .into_iter()
            .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
            .collect();
        let params = split(template)
            .into_iter()
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .map(str::to_owned)
            .collect();
        let entry = match self.entries.iter_mut().find(|e| e.segments == segments) {
            Some(e) => e,
            None => {
                self.entries.push(Entry {
                    segments,
                    params,
                    methods: Vec::new(),
                    uploads: Vec::new(),
                });
                let last = self.entries.len() - 1;
                &mut self.entries[last]
            }
        };
        if upload {
            entry.uploads.push(method.clone());
        }
        if !entry.methods.contains(&method) {
            entry.methods.push(method);
        }
    }

    /// The template matching `path`, preferring literal segments over parameters as the
    /// router does.
    fn find(&self, path: &str) -> Option<&Entry> {
        let parts = split(path);
        self.entries
            .iter()
            .filter_map(|e| e.score(&parts).map(|s| (s, e)))
            .max_by_key(|(s, _)| *s)
            .map(|(_, e)| e)
    }

    /// The `Allow` header value for `path` (`GET, HEAD, PUT`), `None` for an unknown path.
    /// `HEAD` is answered wherever `GET` is.
    pub fn allow(&self, path: &str) -> Option<String> {
        let entry = self.find(path)?;
        let mut methods: Vec<&str> = entry.methods.iter().map(Method::as_str).collect();
        if entry.methods.contains(&Method::GET) && !entry.methods.contains(&Method::HEAD) {
            methods.push("HEAD");
        }
        methods.sort_unstable();
        Some(methods.join(", "))
    }

    /// The declared name of the path parameter poem-openapi calls `internal` (`param1`) on
    /// `path`; `None` when unknown.
    pub fn param_name(&self, path: &str, internal: &str) -> Option<&str> {
        let index: usize = internal.strip_prefix("param")?.parse().ok()?;
        self.find(path)?.params.get(index).map(String::as_str)
    }

    /// The path parameters of `path` by their declared names, with their values as sent;
    /// `None` when no route has that shape.
    pub fn params(&self, path: &str) -> Option<Vec<(String, String)>> {
        let entry = self.find(path)?;
        let values = split(path)
            .into_iter()
            .zip(&entry.segments)
            .filter(|(_, s)| s.is_none())
            .map(|(v, _)| percent_decoded(v));
        Some(entry.params.iter().cloned().zip(values).collect())
    }

    /// Whether `method` on `path` takes an upload that enforces its own size limit.
    pub fn is_upload(&self, method: &Method, path: &str) -> bool {
        self.find(path).is_some_and(|e| e.uploads.contains(method))
    }
}

/// A path segment's text (`%E5%8E%BF` read as 县); a segment that does not decode stays as sent.
fn percent_decoded(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes() -> Routes {
        let mut r = Routes::default();
        r.add("/api/v1/rubrics/{id}/{version}", Method::GET, false);
        r.add(
            "/api/v1/rubrics/{id}/{version}/dry-run",
            Method::POST,
            false,
        );
        r.add("/api/v1/projects/{id}", Method::GET, false);
        r.add("/api/v1/projects/{id}", Method::PUT, false);
        r.add("/api/v1/projects/search", Method::POST, false);
        r.add("/api/v1/ledger/import", Method::POST, true);
        r
    }

    #[test]
    fn allow_lists_the_path_methods_with_head_beside_get() {
        let r = routes();
        assert_eq!(
            r.allow("/api/v1/projects/p1").as_deref(),
            Some("GET, HEAD, PUT")
        );
        assert_eq!(r.allow("/api/v1/projects/search").as_deref(), Some("POST"));
        assert_eq!(r.allow("/api/v1/nothing"), None);
    }

    #[test]
    fn path_parameters_are_named() {
        let r = routes();
        let p = "/api/v1/rubrics/x/abc";
        assert_eq!(r.param_name(p, "param0"), Some("id"));
        assert_eq!(r.param_name(p, "param1"), Some("version"));
        assert_eq!(r.param_name(p, "param2"), None);
        assert_eq!(r.param_name(p, "page"), None);
    }

    #[test]
    fn path_parameters_are_read_with_their_values() {
        let r = routes();
        let params = r.params("/api/v1/rubrics/%E5%8E%BF/3").unwrap();
        assert_eq!(
            params,
            vec![("id".into(), "县".into()), ("version".into(), "3".into())]
        );
        assert_eq!(r.params("/api/v1/projects/search"), Some(vec![]));
        assert_eq!(r.params("/api/v1/nothing"), None);
    }

    #[test]
    fn uploads_are_known_by_method_and_path() {
        let r = routes();
        assert!(r.is_upload(&Method::POST, "/api/v1/ledger/import"));
        assert!(!r.is_upload(&Method::GET, "/api/v1/ledger/import"));
        assert!(!r.is_upload(&Method::POST, "/api/v1/projects/search"));
    }
}
