"""`trackchild refit_matching`: re-fit the engine's link model from the registers and officers' decisions.

Confirmed candidates are labelled matches, rejected ones non-matches; the fitted parameters are stored as
a new FittedModel (its id is the model's version) and used by the next index built.
"""

from django.core.management.base import BaseCommand

from childmatch import ENGINE_VERSION, fit
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.matching import adapter
from trackchild.matching.models import Candidate, FittedModel


class Command(BaseCommand):
    help = "Re-fit the matching model with confirmed and rejected candidates as labelled pairs."

    def add_arguments(self, parser):
        parser.add_argument("--u-samples", type=int, default=200_000)

    def handle(self, *args, u_samples: int, **options):
        decided = Candidate.objects.filter(status__in=[Candidate.Status.CONFIRMED, Candidate.Status.REJECTED])
        labelled = [
            (adapter.engine_id("missing", m), adapter.engine_id("found", f), status == "confirmed")
            for m, f, status in decided.values_list("missing_report_id", "found_child_id", "status")
        ]
        wanted_m = {int(m[1:]) for m, _f, _y in labelled}
        wanted_f = {int(f[1:]) for _m, f, _y in labelled}
        # Decided records have left the open registers (traced, restoration): include them explicitly.
        missing = {r.record_id: r for r in adapter.open_records("missing")}
        found = {r.record_id: r for r in adapter.open_records("found")}
        for row in adapter.rows("missing", MissingReport.objects.filter(pk__in=wanted_m)):
            missing.setdefault(
                adapter.engine_id("missing", row["pk"]), adapter.record_from_row("missing", row)
            )
        for row in adapter.rows("found", FoundChild.objects.filter(pk__in=wanted_f)):
            found.setdefault(adapter.engine_id("found", row["pk"]), adapter.record_from_row("found", row))
        if not missing or not found:
            self.stdout.write("nothing to fit: a register is empty")
            return
        model = fit(
            list(missing.values()), list(found.values()), labelled_pairs=labelled or None, u_samples=u_samples
        )
        stored = FittedModel.objects.create(
            mode="link",
            parameters=model.to_json(),
            engine_version=ENGINE_VERSION,
            labelled_pairs=len(labelled),
        )
        self.stdout.write(
            f"fitted link model {stored.pk} from {len(missing):,} + {len(found):,} records and "
            f"{len(labelled)} labelled pairs"
        )
