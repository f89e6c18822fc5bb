"""Runs every API subcommand of the `alphapo` CLI through Prism and checks
transactions/info against the spec directly.

- Every operation of the spec is called with its CLI subcommand (the
  operationId with `-` for `_`) through `prism proxy --errors` in front of a
  fresh sandbox. The body is the spec's request example, with a fresh
  `foreign_id`; a path parameter (`--foreign-id` of invoices-cancel) names
  what an earlier call created (the invoice of invoices-create). Prism answers 4xx/5xx when the request or the response
  violates the spec, so a call passes when the CLI exits 0. When one fails,
  the same call goes once more through a second Prism proxy without
  `--errors`, which logs every violation, and those lines are printed.
- `alphapo ping` runs with no credentials at all, behind the proxy and
  behind `prism mock --errors`.
- `GET /api/v2/transactions/info` carries a JSON body, which Prism cannot
  forward: the request and the sandbox's answer are validated against the
  spec's schemas here (openapi-schema-validator, OpenAPI 3.0), and the CLI's
  subcommand runs against the sandbox itself.

Prints one line per call and the counts; exits 1 on any failure.

Usage: python cli_behind_prism.py --cli BIN --spec YAML --sandbox URL
           --proxy URL --diagnose URL --diagnose-log FILE --mock URL
"""

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field

import requests
import yaml
from openapi_schema_validator import OAS30Validator

from credentials import API_KEY, SECRET, signature
# One call may not take longer than this (a hung call fails, it does not stall CI).
CALL_TIMEOUT_SECONDS = 30
# Operations checked outside Prism, and how.
WITHOUT_CREDENTIALS = "ping"
GET_WITH_BODY = "transactions_info"


@dataclass
class Outcome:
    """What one check found."""

    name: str
    ok: bool
    detail: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str = "") -> None:
        self.outcomes.append(Outcome(name, ok, detail))
        print(f"  {'ok  ' if ok else 'FAIL'}  {name}")
        if not ok and detail:
            for line in detail.rstrip().splitlines():
                print(f"          {line}")


def operations(spec: dict):
    """(operationId, method, path, operation) in the spec's order."""
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield operation["operationId"], method.upper(), path, operation


def request_example(operation: dict):
    """The JSON request example of an operation, or None when it has no body."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    if "example" in content:
        return content["example"]
    examples = content.get("examples", {})
    return next(iter(examples.values()))["value"] if examples else None


def cli(args: argparse.Namespace, base_url: str, command: list[str], credentials: bool = True):
    """Runs the CLI; returns (exit code, stdout, stderr)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("ALPHAPO_")
    }
    if credentials:
        env["ALPHAPO_API_KEY"] = API_KEY
        env["ALPHAPO_SECRET"] = SECRET
    try:
        done = subprocess.run(
            # The connection flags belong to the subcommand: they follow it.
            [args.cli, *command, "--base-url", base_url, "--attempts", "1", "--timeout", "20"],
            env=env,
            capture_output=True,
            text=True,
            timeout=CALL_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return None, "", f"no answer within {CALL_TIMEOUT_SECONDS} s"
    return done.returncode, done.stdout, done.stderr


def violations_of(args: argparse.Namespace, command: list[str], credentials: bool) -> str:
    """Replays a failed call through the plain proxy and returns the
    violations Prism logged for it."""
    with open(args.diagnose_log, encoding="utf-8", errors="replace") as log:
        log.seek(0, os.SEEK_END)
        start = log.tell()
    code, _, stderr = cli(args, args.diagnose, command, credentials)
    time.sleep(0.5)  # Prism writes its log lines after answering.
    with open(args.diagnose_log, encoding="utf-8", errors="replace") as log:
        log.seek(start)
        lines = [line.strip() for line in log if "Violation" in line or "has returned" in line]
    if not any("Violation" in line for line in lines):
        lines.append("(Prism logged no violation: the sandbox or the CLI refused the call)")
    shown = lines
    return "\n".join(shown + [f"without --errors: exit {code}: {stderr.strip()[:500]}"])


def call_through_proxy(args, report, name: str, command: list[str], credentials: bool = True):
    """One CLI call through the `--errors` proxy; returns its JSON output or None."""
    code, stdout, stderr = cli(args, args.proxy, command, credentials)
    if code == 0:
        report.add(name, True)
        try:
            return json.loads(stdout)
        except ValueError:
            return None
    detail = f"exit {code}: {stderr.strip()[:800]}\n" + violations_of(args, command, credentials)
    report.add(name, False, detail)
    return None


def fresh(body, operation_id: str):
    """The example body with a foreign_id no earlier call used."""
    if isinstance(body, dict) and "foreign_id" in body:
        body = {**body, "foreign_id": f"wire-{operation_id}-{time.time_ns()}"}
    return body


def path_flags(operation: dict, created: dict) -> list[str]:
    """A flag per path parameter (`--foreign-id X`): the `foreign_id` of what an
    earlier call of this run created in the same area (the invoice to cancel),
    else the spec's example."""
    flags = []
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "path":
            continue
        name = parameter["name"]
        value = parameter.get("example")
        if name == "foreign_id" and "foreign_id" in created.get("invoices_create", {}):
            value = created["invoices_create"]["foreign_id"]
        flags += [f"--{name.replace('_', '-')}", str(value)]
    return flags


def signed_get(url: str, body: dict) -> requests.Response:
    raw = json.dumps(body, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Processing-Key": API_KEY,
        "X-Processing-Signature": signature(raw),
    }
    return requests.request("GET", url, data=raw, headers=headers, timeout=CALL_TIMEOUT_SECONDS)


def validator(spec: dict, schema: dict) -> OAS30Validator:
    """A validator for `schema` whose `#/components/...` refs resolve in `spec`."""
    return OAS30Validator({**schema, "components": spec["components"]})


def schema_errors(spec: dict, schema: dict, instance) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:300]}"
        for error in validator(spec, schema).iter_errors(instance)
    ]


def check_transactions_info(args, report, spec, operation, path, lookups):
    """The GET-with-body operation, validated against its schemas directly."""
    request_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    for lookup in lookups:
        name = f"transactions_info {json.dumps(lookup)} (direct, schema-validated)"
        problems = [f"request {e}" for e in schema_errors(spec, request_schema, lookup)]
        response = signed_get(args.sandbox + path, lookup)
        if response.status_code != 200:
            problems.append(f"status {response.status_code}: {response.text[:500]}")
        else:
            try:
                problems += [f"response {e}" for e in schema_errors(spec, response_schema, response.json())]
            except ValueError:
                problems.append(f"response is not JSON: {response.text[:300]}")
        report.add(name, not problems, "\n".join(problems + [f"response: {response.text[:600]}"]))
        code, _, stderr = cli(args, args.sandbox, ["transactions-info", "--body", json.dumps(lookup)])
        report.add(f"transactions-info {json.dumps(lookup)} (CLI against the sandbox)", code == 0,
                   f"exit {code}: {stderr.strip()[:800]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option in ("--cli", "--spec", "--sandbox", "--proxy", "--diagnose", "--diagnose-log", "--mock"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as spec_file:
        spec = yaml.safe_load(spec_file)

    report = Report()
    print("prism: alphapo ping without credentials")
    call_through_proxy(args, report, "ping (no credentials) behind prism proxy --errors", ["ping"], False)
    code, _, stderr = cli(args, args.mock, ["ping"], credentials=False)
    report.add("ping (no credentials) behind prism mock --errors", code == 0, f"exit {code}: {stderr.strip()[:800]}")

    print("prism: every operation subcommand behind prism proxy --errors, with the spec's example body")
    created = {}
    deferred = None
    for operation_id, method, path, operation in operations(spec):
        if operation_id == WITHOUT_CREDENTIALS:
            continue
        if operation_id == GET_WITH_BODY:
            deferred = (operation, path)
            continue
        command = [operation_id.replace("_", "-")] + path_flags(operation, created)
        body = fresh(request_example(operation), operation_id)
        if body not in (None, {}):
            command += ["--body", json.dumps(body)]
        output = call_through_proxy(args, report, f"{command[0]} ({method} {path})", command)
        if isinstance(output, dict):
            created[operation_id] = output

    if deferred is None:
        report.add("transactions_info is in the spec", False, "no operation transactions_info")
    else:
        operation, path = deferred
        # Look up what the calls above created: by id, and by foreign_id.
        lookups = []
        for source in ("exchange_now", "withdrawal_crypto"):
            made = created.get(source) or {}
            if "id" in made:
                lookups.append({"id": made["id"]})
            if "foreign_id" in made:
                lookups.append({"foreign_id": made["foreign_id"]})
        if not lookups:
            report.add("transactions_info has something to look up", False,
                       "neither exchange-now nor withdrawal-crypto created a transaction")
        print("transactions/info (GET with a body): validated against the spec directly")
        check_transactions_info(args, report, spec, operation, path, lookups)

    failed = [o for o in report.outcomes if not o.ok]
    print(f"prism: {len(report.outcomes)} checks, {len(report.outcomes) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
