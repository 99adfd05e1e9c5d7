"""pactlab web: the analyses, the ledger and the digest in a browser, over a documented REST API.

``pactlab serve`` starts :func:`create_app` under uvicorn; see docs/web.md.
"""

from pactlab.web.app import create_app
from pactlab.web.settings import Settings

__all__ = ["Settings", "create_app"]
