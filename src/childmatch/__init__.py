"""childmatch: the TrackChild matching engine. Plain Python; never imports Django or the portal.

The public surface (documented in docs/matching.md):

>>> from childmatch import Record, MatchIndex
>>> index = MatchIndex()
>>> index.add(Record.from_dict({"record_id": "M1", "side": "missing", "name": "Guddu", "gender": "M"}))
>>> [c.other_id for c in index.candidates(Record.from_dict(
...     {"record_id": "F1", "side": "found", "name": "गुड्डू", "gender": "M"}))]
['M1']
"""

from .batch import RankedCandidate, dedupe, fit, link
from .index import MatchIndex
from .model import Model
from .records import COLUMNS, Record, RecordError
from .scoring import Candidate, Contribution, score_records

__version__ = "0.1.0"
#: Stored by the portal with every score, so a score can be traced to the engine that made it.
ENGINE_VERSION = f"childmatch-{__version__}"

__all__ = [
    "COLUMNS",
    "Candidate",
    "Contribution",
    "ENGINE_VERSION",
    "MatchIndex",
    "Model",
    "RankedCandidate",
    "Record",
    "RecordError",
    "__version__",
    "dedupe",
    "fit",
    "link",
    "score_records",
]
