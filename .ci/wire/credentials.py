"""The merchant credentials the wire tools sign with, and AlphaPo's signature.

The key and secret come from ALPHAPO_WIRE_API_KEY and ALPHAPO_WIRE_SECRET,
which .ci/wire-tools.sh also gives the sandboxes it starts.
"""

import hashlib
import hmac
import os

API_KEY = os.environ["ALPHAPO_WIRE_API_KEY"]
SECRET = os.environ["ALPHAPO_WIRE_SECRET"]


def signature(body: bytes) -> str:
    """`X-Processing-Signature`: lowercase hex HMAC-SHA512 of the raw body,
    keyed with the secret."""
    return hmac.new(SECRET.encode(), body, hashlib.sha512).hexdigest()
