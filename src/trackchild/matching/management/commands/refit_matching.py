"""`trackchild refit_matching`: re-fit the engine's link and dedupe models from the registers and officers'
decisions.

Confirmed candidates are labelled matches, rejected ones non-matches; merged and rejected duplicates label
the dedupe model alike. Each fitted model is stored as a new FittedModel (the link model's id is the
version) and used by the next index built. Without a fitted dedupe model the portal would keep the shipped
one, whose u and name frequencies describe no real register (docs/matching.md, "Duplicates").
"""

from django.core.management.base import BaseCommand

from childmatch import ENGINE_VERSION, fit
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.matching import adapter
from trackchild.matching.engine import PORTAL_INDEX
from trackchild.matching.models import Candidate, Duplicate, FittedModel


class Command(BaseCommand):
    help = "Re-fit the matching model with confirmed and rejected candidates as labelled pairs."

    def add_arguments(self, parser):
        parser.add_argument("--u-samples", type=int, default=200_000)
        parser.add_argument(
            "--only",
            choices=["link", "dedupe"],
            help="fit only this model (the other keeps its current parameters)",
        )

    def handle(self, *args, u_samples: int, only: str | None = None, **options):
        self.fit(u_samples, only)
        # This process's index (if any) was built with the old parameters: the next match builds it anew.
        # Other processes holding one (match_worker) are restarted after a refit (docs/operations.md).
        PORTAL_INDEX.reset()

    def fit(self, u_samples: int, only: str | None) -> None:
        if only == "dedupe":
            records = list(adapter.open_records("missing")) + list(adapter.open_records("found"))
            if not records:
                self.stdout.write("nothing to fit: the registers are empty")
                return
            self.fit_dedupe(records, u_samples)
            return
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
        if only != "link":
            self.fit_dedupe(list(missing.values()) + list(found.values()), u_samples)

    def fit_dedupe(self, records: list, u_samples: int) -> None:
        """The dedupe model, from both registers at once (u from random pairs of one register each)."""
        decided = Duplicate.objects.filter(status__in=[Duplicate.Status.MERGED, Duplicate.Status.REJECTED])
        labelled = [
            (adapter.engine_id(side, a), adapter.engine_id(side, b), status == Duplicate.Status.MERGED)
            for side, a, b, status in decided.values_list("side", "first_id", "second_id", "status")
        ]
        model = fit(records, labelled_pairs=labelled or None, u_samples=u_samples)
        known = {r.record_id for r in records}
        used = sum(a in known and b in known for a, b, _y in labelled)
        stored = FittedModel.objects.create(
            mode="dedupe", parameters=model.to_json(), engine_version=ENGINE_VERSION, labelled_pairs=used
        )
        self.stdout.write(
            f"fitted dedupe model {stored.pk} from {len(records):,} records and {used} labelled pairs "
            f"(prior {model.prior:.2g})"
        )
