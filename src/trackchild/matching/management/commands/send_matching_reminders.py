"""`trackchild send_matching_reminders [--period-days N] [--dry-run]`: run daily from cron.

Reminds police stations of verifications with families that are due or overdue (overdue ones also go to the
district officer), and district officers of possible matches awaiting review for over 7 days. Each task or
candidate is reminded at most once per period of N days, however often the command runs.
"""

from django.core.management.base import BaseCommand, CommandError

from trackchild.matching.reminders import send_matching_reminders


class Command(BaseCommand):
    help = (
        "Remind police stations of due and overdue verifications with families, and district officers of "
        "possible matches waiting over 7 days. Safe to run often: one reminder per item and period."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period-days",
            type=int,
            default=7,
            help="An overdue item is reminded again after this many days (default 7).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; send nothing.")

    def handle(self, *args, period_days: int, dry_run: bool, **options):
        if period_days < 1:
            raise CommandError("--period-days must be at least 1")
        run = send_matching_reminders(period_days=period_days, dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        for kind in ("verify_due", "verify_overdue", "review_overdue"):
            self.stdout.write(
                f"{kind}: {verb} {run.sent.get(kind, 0)} item(s); "
                f"{run.already_sent.get(kind, 0)} already reminded in this period"
            )
        self.stdout.write(
            f"period {run.period}: {run.messages} message(s) {'planned' if dry_run else 'sent'}"
        )
