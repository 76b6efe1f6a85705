import json, sys
events, log, minimum = sys.argv[1], sys.argv[2], int(sys.argv[3])
requests = server_errors = rejected = 0
failed = {}  # check name -> {operation: count}
with open(events) as f:
    for line in f:
        event = json.loads(line)
        body = event.get("ScenarioFinished")
        if body is None:
            continue
        recorder = body.get("recorder", {})
        label = recorder.get("label", "?")
        for interaction in recorder.get("interactions", {}).values():
            requests += 1
            if (interaction.get("response") or {}).get("status_code", 0) >= 500:
                server_errors += 1
        for checks in recorder.get("checks", {}).values():
            for check in checks:
                if check.get("status") != "failure":
                    continue
                name = check.get("name", "?")
                failed.setdefault(name, {}).setdefault(label, 0)
                failed[name][label] += 1
                if name == "positive_data_acceptance":
                    rejected += 1
print(f"fuzz-api: {requests} requests, {server_errors} server errors (5xx), "
      f"{rejected} schema-valid requests rejected")
for name, ops in sorted(failed.items()):
    for op, count in sorted(ops.items()):
        print(f"  {name}: {op} x{count}")
print("  details: " + log)
if requests < minimum:
    print(f"fuzz-api: fewer than {minimum} requests; raise the examples per operation")
sys.exit(0 if requests >= minimum and server_errors == 0 and not failed else 1)
