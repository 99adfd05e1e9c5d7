"""pactlab: models for designing and scrutinising security guarantees."""

from pactlab._version import __version__
from pactlab.errors import PactlabError, ScenarioError

__all__ = ["PactlabError", "ScenarioError", "__version__"]
