"""Tests of summary.py on small hand-written runs: python3 -m unittest scripts/fuzz/test_summary.py"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

CONFIG = """
[checks]
enabled = false

# The day must fall within a loaded rubric's validity.
[[operations]]
include-path = "/api/v1/explained"
checks.positive_data_acceptance.enabled = false
"""

LOG_WITH_WARNING = """
Schema validation mismatch: 1 operations mostly rejected generated data due to validation errors

  - POST /api/v1/hidden

💡 Check your schema constraints
"""


def case(case_id, mode, status, detail="x"):
    content = base64.b64encode(json.dumps({"detail": detail}).encode()).decode()
    return (
        {case_id: {"value": {"meta": {"generation": {"mode": mode}, "phase": {"data": {}}}}}},
        {case_id: {"response": {"status_code": status, "content": {"$base64": content}}}},
    )


def scenario(label, *cases):
    all_cases, interactions = {}, {}
    for c, i in cases:
        all_cases.update(c)
        interactions.update(i)
    recorder = {"label": label, "cases": all_cases, "interactions": interactions, "checks": {}}
    return json.dumps({"ScenarioFinished": {"recorder": recorder}})


def run(events, log="", config=CONFIG, minimum=1):
    with tempfile.TemporaryDirectory() as d:
        paths = [os.path.join(d, n) for n in ("e.ndjson", "s.log", "c.toml")]
        for path, text in zip(paths, ("\n".join(events), log, config)):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        script = os.path.join(HERE, "summary.py")
        done = subprocess.run(
            [sys.executable, script, paths[0], paths[1], str(minimum), paths[2]],
            capture_output=True,
            text=True,
        )
        return done.returncode, done.stdout


class Summary(unittest.TestCase):
    def test_a_clean_run_passes(self):
        code, out = run([scenario("GET /api/v1/a", case("1", "positive", 200), case("2", "negative", 422))])
        self.assertEqual(code, 0, out)

    def test_an_unexplained_rejection_fails_naming_the_operation(self):
        code, out = run([scenario("PUT /api/v1/b", case("1", "positive", 422, "level: 字段 x 不在允许之列"))])
        self.assertEqual(code, 1, out)
        self.assertIn("PUT /api/v1/b x1", out)
        self.assertIn("不在允许之列", out)

    def test_a_listed_rejection_is_explained(self):
        code, out = run([scenario("GET /api/v1/explained", case("1", "positive", 422))])
        self.assertEqual(code, 0, out)
        self.assertIn("1 explained", out)

    def test_auth_and_missing_data_are_not_rejections(self):
        events = [scenario("GET /api/v1/c", case("1", "positive", 404), case("2", "positive", 409))]
        self.assertEqual(run(events)[0], 0)

    def test_the_mismatch_warning_fails_for_an_unlisted_operation(self):
        code, out = run([scenario("GET /api/v1/a", case("1", "positive", 200))], LOG_WITH_WARNING)
        self.assertEqual(code, 1, out)
        self.assertIn("POST /api/v1/hidden mostly rejected", out)

    def test_a_server_error_fails(self):
        code, out = run([scenario("GET /api/v1/a", case("1", "negative", 500))])
        self.assertEqual(code, 1, out)
        self.assertIn("1 server errors", out)

    def test_a_listed_operation_needs_a_reason(self):
        bare = CONFIG.replace("# The day must fall within a loaded rubric's validity.\n", "")
        code, out = run([scenario("GET /api/v1/a", case("1", "positive", 200))], config=bare)
        self.assertEqual(code, 1, out)
        self.assertIn("without a reason", out)


if __name__ == "__main__":
    unittest.main()
