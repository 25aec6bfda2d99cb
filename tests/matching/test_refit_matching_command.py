"""`trackchild refit_matching`: officers' decisions become labelled pairs for a newly fitted model."""

import io

from django.core.management import call_command

from trackchild.matching.engine import current_models
from trackchild.matching.models import Candidate, FittedModel
from trackchild.matching.services import confirm_candidate


def test_it_stores_a_model_fitted_with_the_confirmed_pair_and_uses_it(cast, pair, committed):
    committed(
        confirm_candidate, actor=cast.cwc_member, candidate_id=Candidate.objects.get().pk, expected_version=1
    )
    out = io.StringIO()
    call_command("refit_matching", "--u-samples", "500", stdout=out)
    fitted = FittedModel.objects.get(mode="link")
    assert fitted.labelled_pairs == 1 and fitted.mode == "link" and fitted.parameters
    assert "1 labelled pairs" in out.getvalue()
    _link, _dedupe, version = current_models()
    assert version == f"fitted-{fitted.pk}"
