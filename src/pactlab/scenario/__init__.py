"""The scenario format: schema, readers, the NumPy view, and the built-in catalog."""

from pactlab.scenario.arrays import ScenarioArrays
from pactlab.scenario.io import dump_json, dump_yaml, load_scenario, read_scenario
from pactlab.scenario.schema import (
    Actor,
    Instrument,
    Issue,
    Milestone,
    Option,
    Parameter,
    Position,
    Scenario,
)
from pactlab.scenario.taxonomy import DecisionRule, InstrumentKind, LegalForm

__all__ = [
    "Actor",
    "DecisionRule",
    "Instrument",
    "InstrumentKind",
    "Issue",
    "LegalForm",
    "Milestone",
    "Option",
    "Parameter",
    "Position",
    "Scenario",
    "ScenarioArrays",
    "dump_json",
    "dump_yaml",
    "load_scenario",
    "read_scenario",
]
