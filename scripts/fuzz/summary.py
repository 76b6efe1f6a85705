"""Summarises a scripts/fuzz-api run and decides whether it passed.

A run fails when it sent fewer than MIN_REQUESTS requests, when any response was a 5xx, when a
check failed, or when a request the spec allows was refused for its data (400, 413, 415, 422, …:
any 4xx but 401/403/404/409/429, which say nothing about the data sent) in an operation that
scripts/fuzz/schemathesis.toml does not list, with its reason, as enforcing a rule OpenAPI cannot
state. Schemathesis's own "Schema validation mismatch" warning ("N operations mostly rejected
generated data") fails the run the same way for every operation it names that the file does not
list. The rejections are counted here from the recorded cases themselves (every positive case and
its response), not from schemathesis's check, which does not run on every case.

Usage: summary.py EVENTS.ndjson SCHEMATHESIS.log MIN_REQUESTS [CONFIG.toml]
"""
import base64
import json
import re
import sys
import tomllib

# Statuses that say nothing about whether the data sent was acceptable.
NOT_ABOUT_DATA = {401, 403, 404, 409, 429}
# Coverage probes that send a wrong method or content type on purpose.
SHAPE_PROBES = {"unspecified_http_method", "malformed_content_type", "unsupported_content_type"}


def explained_operations(config_path):
    """The [[operations]] blocks that turn positive_data_acceptance off, each with its reason
    (the comment lines just above the block). A block without a reason is an error."""
    text = open(config_path, encoding="utf-8").read()
    blocks = tomllib.loads(text).get("operations", [])
    reasons, comment, missing = [], [], []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            comment.append(stripped.lstrip("# "))
        elif stripped == "[[operations]]":
            reasons.append(" ".join(comment) or None)
            comment = []
        elif stripped:
            comment = []
    explained = []
    for block, reason in zip(blocks, reasons):
        off = block.get("enabled") is False or (
            block.get("checks", {}).get("positive_data_acceptance", {}).get("enabled") is False
        )
        if not off:
            continue
        if not reason:
            missing.append(block)
        explained.append(block)
    return explained, missing


def matches(block, label):
    method, _, path = label.partition(" ")
    if "include-method" in block and block["include-method"].upper() != method.upper():
        return False
    if "include-path" in block and block["include-path"] != path:
        return False
    if "include-path-regex" in block and not re.search(block["include-path-regex"], path):
        return False
    return True


def detail(interaction):
    try:
        body = json.loads(base64.b64decode(interaction["response"]["content"]["$base64"]))
        return str(body.get("detail", ""))[:160]
    except Exception:  # noqa: BLE001 - any body that is not problem JSON
        return "(no problem detail)"


def mismatch_warning(log_path):
    """Operations named under schemathesis's "Schema validation mismatch" warning."""
    ops, inside = [], False
    for line in open(log_path, encoding="utf-8", errors="replace"):
        if line.startswith("Schema validation mismatch"):
            inside = True
            continue
        if inside:
            m = re.match(r"\s+- (\S+ \S+)\s*$", line)
            if m:
                ops.append(m.group(1))
            elif ops and not line.strip():
                break
    return ops


def read_events(path):
    requests = server_errors = 0
    rejected = {}  # operation -> [count, {detail: count}]
    failed = {}  # check name -> {operation: count}
    with open(path, encoding="utf-8") as f:
        for line in f:
            body = json.loads(line).get("ScenarioFinished")
            if body is None:
                continue
            recorder = body.get("recorder", {})
            label = recorder.get("label", "?")
            interactions = recorder.get("interactions", {})
            for interaction in interactions.values():
                requests += 1
                if (interaction.get("response") or {}).get("status_code", 0) >= 500:
                    server_errors += 1
            for case_id, case in recorder.get("cases", {}).items():
                meta = case.get("value", {}).get("meta") or {}
                if meta.get("generation", {}).get("mode") != "positive":
                    continue
                if ((meta.get("phase") or {}).get("data") or {}).get("scenario") in SHAPE_PROBES:
                    continue
                interaction = interactions.get(case_id) or {}
                status = (interaction.get("response") or {}).get("status_code", 0)
                if 400 <= status < 500 and status not in NOT_ABOUT_DATA:
                    entry = rejected.setdefault(label, [0, {}])
                    entry[0] += 1
                    text = f"{status} {detail(interaction)}"
                    entry[1][text] = entry[1].get(text, 0) + 1
            for checks in recorder.get("checks", {}).values():
                for check in checks:
                    if check.get("status") == "failure":
                        ops = failed.setdefault(check.get("name", "?"), {})
                        ops[label] = ops.get(label, 0) + 1
    return requests, server_errors, rejected, failed


def main():
    events, log, minimum = sys.argv[1], sys.argv[2], int(sys.argv[3])
    config = sys.argv[4] if len(sys.argv) > 4 else "scripts/fuzz/schemathesis.toml"
    explained, missing = explained_operations(config)
    requests, server_errors, rejected, failed = read_events(events)
    is_explained = lambda op: any(matches(b, op) for b in explained)  # noqa: E731
    unexplained = {op: r for op, r in rejected.items() if not is_explained(op)}
    warned = [op for op in mismatch_warning(log) if not is_explained(op)]
    explained_count = sum(r[0] for op, r in rejected.items() if is_explained(op))
    print(
        f"fuzz-api: {requests} requests, {server_errors} server errors (5xx), "
        f"{sum(r[0] for r in unexplained.values())} unexplained rejections of schema-valid "
        f"requests, {explained_count} explained in {config}"
    )
    for op, (count, details) in sorted(unexplained.items()):
        print(f"  rejected: {op} x{count}")
        for text, n in sorted(details.items(), key=lambda kv: -kv[1])[:3]:
            print(f"      x{n} {text}")
    for op in warned:
        print(f"  schemathesis: {op} mostly rejected generated data (not listed in {config})")
    for block in missing:
        print(f"  {config}: an [[operations]] block without a reason comment: {block}")
    for name, ops in sorted(failed.items()):
        for op, count in sorted(ops.items()):
            print(f"  {name}: {op} x{count}")
    print("  details: " + log)
    if requests < minimum:
        print(f"fuzz-api: fewer than {minimum} requests; raise the examples per operation")
    ok = (
        requests >= minimum
        and server_errors == 0
        and not failed
        and not unexplained
        and not warned
        and not missing
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
