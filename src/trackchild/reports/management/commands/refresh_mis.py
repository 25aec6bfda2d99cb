"""`trackchild refresh_mis`: recount the MIS dashboard's figures per district (run from cron, e.g. hourly)."""

from django.core.management.base import BaseCommand

from trackchild.reports.mis import refresh_mis_counts


class Command(BaseCommand):
    help = "Recount the MIS dashboard's figures per district from the registers (safe to run at any time)."

    def handle(self, *args, **options):
        refresh = refresh_mis_counts()
        self.stdout.write(
            f"MIS counts rebuilt in {refresh.seconds:.1f} s (months from {refresh.first_month:%Y-%m})"
        )
