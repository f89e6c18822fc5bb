"""Judges a schemathesis run: every failed check must be an allowed one.

Reads the NDJSON event stream that `st run --report ndjson` writes and the
allow-list (`schemathesis-allowed.toml`). A failed check is allowed when an
entry's `response` regex matches its body, or when every message of its
`{"errors": {...}}` body is matched by an entry's `message` regex (an
entry applies only to its `check`, and to its `operation` and `status` when
it names them). Prints the counts per check and per
allow-list entry, then every failure that no entry allows, with the request
and the response that show it. Exits 1 when any failure is not allowed, when
schemathesis reported an error, or when the run did not complete.

Usage: python schemathesis_verdict.py EVENTS.ndjson ALLOWED.toml
"""

import base64
import collections
import json
import re
import sys
import tomllib
from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    """One failed check on one request."""

    operation: str
    check: str
    code: str
    message: str
    request: str
    status: int | None
    response: str

    def describe(self) -> str:
        message = " ".join(self.message.split())
        return (
            f"{self.operation}  {self.check} ({self.code}): {message}\n"
            f"    request:  {self.request}\n"
            f"    response: {self.status} {self.response}"
        )


@dataclass
class Allowance:
    """One entry of the allow-list, with how many failures it allowed.

    An entry names either `message`, a regex that must match one message of
    the `{"errors": {...}}` body, or `response`, a regex searched in the whole
    body.
    """

    check: str
    reason: str
    operation: str | None
    status: int | None
    message: re.Pattern | None
    response: re.Pattern | None
    used: int = 0

    @classmethod
    def parse(cls, entry: dict) -> "Allowance":
        fields = {"check", "reason", "operation", "status", "message", "response"}
        if (
            set(entry) - fields
            or "check" not in entry
            or not entry.get("reason")
            or ("message" in entry) == ("response" in entry)
        ):
            raise SystemExit(
                f"an allow-list entry needs `check`, `reason` and one of `message`/`response`: {entry}"
            )
        return cls(
            check=entry["check"],
            reason=entry["reason"],
            operation=entry.get("operation"),
            status=entry.get("status"),
            message=re.compile(entry["message"]) if "message" in entry else None,
            response=re.compile(entry["response"]) if "response" in entry else None,
        )

    def fits(self, failure: Failure) -> bool:
        """Whether the check, the operation and the status are the entry's."""
        return (
            self.check == failure.check
            and self.operation in (None, failure.operation)
            and self.status in (None, failure.status)
        )

    def label(self) -> str:
        where = self.operation or "any operation"
        status = self.status if self.status is not None else "any status"
        pattern = (self.message or self.response).pattern
        return f"{self.check} on {where} ({status}) /{pattern}/: {self.reason}"


def error_messages(body: str) -> list[str]:
    """The messages of an `{"errors": {"<field>": "<message>"}}` body."""
    try:
        errors = json.loads(body).get("errors")
    except (ValueError, AttributeError):
        return []
    if not isinstance(errors, dict):
        return []
    return [message if isinstance(message, str) else json.dumps(message) for message in errors.values()]


def allowing(failure: Failure, allowances: list[Allowance]) -> list[Allowance]:
    """The entries that together allow `failure`: one `response` entry, or one
    `message` entry for every message of the error body. Empty when none does."""
    fitting = [a for a in allowances if a.fits(failure)]
    for allowance in fitting:
        if allowance.response is not None and allowance.response.search(failure.response):
            return [allowance]
    messages = error_messages(failure.response)
    used = []
    for message in messages:
        entry = next(
            (a for a in fitting if a.message is not None and a.message.fullmatch(message)), None
        )
        if entry is None:
            return []
        used.append(entry)
    return used


def text(payload) -> str:
    """A recorded body as text (the report stores bytes as base64)."""
    if payload is None:
        return ""
    if isinstance(payload, dict) and "$base64" in payload:
        return base64.b64decode(payload["$base64"]).decode("utf-8", "replace")
    return payload if isinstance(payload, str) else json.dumps(payload)


def request_line(request: dict) -> str:
    headers = request.get("headers") or {}
    shown = {
        name: values
        for name, values in headers.items()
        if name.lower() in ("content-type", "x-processing-key")
    }
    signed = "X-Processing-Signature" in headers
    body = text(request.get("body"))
    return (
        f"{request.get('method')} {request.get('uri')} headers={json.dumps(shown)} "
        f"signed={signed} body={body[:1500]}"
    )


def read_events(path: str):
    """The failures, the errors and whether the run completed."""
    failures, errors, completed = [], [], False
    with open(path, encoding="utf-8") as events:
        for line in events:
            event = json.loads(line)
            (kind, payload), = event.items()
            if kind in ("NonFatalError", "FatalError", "Interrupted"):
                errors.append(f"{kind}: {json.dumps(payload)[:2000]}")
            elif kind == "EngineFinished":
                completed = True
            elif kind == "ScenarioFinished":
                failures.extend(scenario_failures(payload["recorder"]))
    return failures, errors, completed


def scenario_failures(recorder: dict):
    interactions = recorder.get("interactions", {})
    for case_id, checks in recorder.get("checks", {}).items():
        interaction = interactions.get(case_id) or {}
        request = interaction.get("request") or {}
        response = interaction.get("response") or {}
        for check in checks:
            if check.get("status") != "failure":
                continue
            info = check["failure_info"]["failure"]
            yield Failure(
                operation=info.get("operation") or recorder["label"],
                check=check["name"],
                code=info.get("code", "?"),
                message=info.get("message") or info.get("title", ""),
                request=request_line(request),
                status=response.get("status_code"),
                response=text(response.get("content"))[:600],
            )


def main(events_path: str, allowed_path: str) -> int:
    with open(allowed_path, "rb") as allowed_file:
        allowances = [Allowance.parse(entry) for entry in tomllib.load(allowed_file)["allowed"]]
    failures, errors, completed = read_events(events_path)

    unexpected = []
    per_check = collections.Counter()
    for failure in failures:
        per_check[failure.check] += 1
        entries = allowing(failure, allowances)
        if not entries:
            unexpected.append(failure)
        for entry in {id(entry): entry for entry in entries}.values():
            entry.used += 1

    print(f"schemathesis: {len(failures)} failed checks, "
          f"{len(failures) - len(unexpected)} allowed, {len(unexpected)} not allowed, "
          f"{len(errors)} errors")
    for check, count in sorted(per_check.items()):
        print(f"  {count:5}  {check}")
    print("allowed (business rules):")
    for allowance in allowances:
        print(f"  {allowance.used:5}  {allowance.label()}")

    # One example per operation, check, finding and answer; the count says
    # how often. Successful answers differ by their ids, so only their status
    # tells them apart.
    distinct: dict[tuple, list] = {}
    for failure in unexpected:
        answer = failure.response if not 200 <= (failure.status or 0) < 300 else ""
        messages = tuple(sorted(error_messages(failure.response))) or answer
        key = (failure.operation, failure.check, failure.status, failure.message, messages)
        distinct.setdefault(key, [failure, 0])[1] += 1
    if distinct:
        print(f"NOT ALLOWED ({len(distinct)} distinct):")
        for failure, count in sorted(distinct.values(), key=lambda pair: -pair[1]):
            print(f"- x{count} {failure.describe()}")
    for error in errors:
        print(f"ERROR: {error}")
    if not completed:
        print("ERROR: the schemathesis run did not complete")
    return 1 if distinct or errors or not completed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
