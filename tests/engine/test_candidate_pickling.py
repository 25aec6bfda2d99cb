"""Candidates cross process boundaries (batch workers): pickled and unpickled they are unchanged."""

import pickle

from childmatch.index import MatchIndex
from childmatch.records import Record
from childmatch.scoring import Candidate, Contribution


def test_a_candidate_comes_back_from_pickling_equal_with_its_contributions():
    index = MatchIndex()
    index.add(
        Record.from_dict(
            {
                "record_id": "M1",
                "side": "missing",
                "name": "Pooja Kumari",
                "gender": "F",
                "age_years": "8",
                "event_date": "2021-03-01",
                "state": "Bihar",
            }
        )
    )
    found = Record.from_dict(
        {
            "record_id": "F1",
            "side": "found",
            "name": "पूजा",
            "gender": "F",
            "age_years": "11",
            "event_date": "2024-01-10",
            "state": "Bihar",
        }
    )
    candidates = index.candidates(found)
    assert candidates
    back = pickle.loads(pickle.dumps(candidates, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == candidates
    assert all(isinstance(c, Candidate) for c in back)
    assert all(isinstance(x, Contribution) for c in back for x in c.contributions)
    assert back[0].explanation() == candidates[0].explanation()
