"""schemathesis hooks for the AlphaPo sandbox: every request that schemathesis
means to authenticate is signed over the exact bytes that go on the wire.

AlphaPo authenticates a call with two headers: `X-Processing-Key` (the API
key) and `X-Processing-Signature`, the lowercase hex HMAC-SHA512 of the raw
request body keyed with the secret.

Two pieces work together:

- `ProcessingAuth`, a schemathesis auth provider, puts the key and a
  placeholder signature on every case that should carry valid credentials.
  Because schemathesis knows the credentials come from it, its auth checks
  still remove or corrupt them to prove that the server refuses such calls.
  Cases whose headers are the invalid part get none.
- `SignBody`, a `requests` auth handler attached in `before_call`, runs last
  on the fully prepared request and replaces the placeholder with the HMAC of
  the body bytes actually sent. A request whose headers schemathesis removed
  or altered is left exactly as schemathesis made it.

Loaded through SCHEMATHESIS_HOOKS, with this directory on PYTHONPATH.
"""

import requests
import schemathesis
from schemathesis.core.parameters import ParameterLocation

from credentials import API_KEY, signature

KEY_HEADER = "X-Processing-Key"
SIGNATURE_HEADER = "X-Processing-Signature"
# Stands in for the signature until the body bytes are known.
UNSIGNED = "signed-over-the-body-at-send-time"


@schemathesis.auth(refresh_interval=None)
class ProcessingAuth:
    """The merchant's credentials, on every case meant to be authenticated."""

    def get(self, case, context):
        # `security: []` (ping) takes no credentials: send none, so the
        # run shows that the operation works without them.
        if context.operation.definition.raw.get("security") == []:
            return None
        # A negative case whose headers are the invalid part (the spec's only
        # header parameters are these two) keeps the headers it was given.
        meta = case.meta
        if meta is not None and meta.is_negative_at(ParameterLocation.HEADER):
            return None
        return API_KEY

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers[KEY_HEADER] = data
        case.headers[SIGNATURE_HEADER] = UNSIGNED


class SignBody(requests.auth.AuthBase):
    """Replaces the placeholder signature with the HMAC of the prepared body."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if request.headers.get(SIGNATURE_HEADER) == UNSIGNED:
            body = request.body or b""
            if isinstance(body, str):
                body = body.encode("utf-8")
            request.headers[SIGNATURE_HEADER] = signature(body)
        return request


@schemathesis.hook
def before_call(context, case, kwargs):
    """Signs the request once `requests` has prepared it."""
    kwargs["auth"] = SignBody()
