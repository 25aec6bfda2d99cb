"""`trackchild send_reminders [--period-days N] [--dry-run]`: run daily from cron; each reminder goes once per period."""

from django.core.management.base import BaseCommand, CommandError

from trackchild.reports.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind institutions that entered nothing in the last N days, and send district and state officers a "
        "digest of their laggards and stale records. Safe to run often: one reminder per recipient, kind and period."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period-days",
            type=int,
            default=30,
            help="An institution with no entry in this many days is reminded (default 30).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be reminded; send and log nothing."
        )

    def handle(self, *args, period_days: int, dry_run: bool, **options):
        if period_days < 1:
            raise CommandError("--period-days must be at least 1")
        run = send_reminders(period_days=period_days, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        for reminder in run.sent:
            self.stdout.write(f"{verb} {reminder.kind} to {reminder.recipient.username}: {reminder.subject}")
        self.stdout.write(
            f"period {run.period}: {verb} {len(run.sent)} reminder(s); {run.already_sent} already sent in this period"
        )
