"""`trackchild load_demo`: sample institutions, an account for every role, and synthetic children."""

import csv
import io
import textwrap
import time

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trackchild.demo.loader import (
    DEMO_PASSWORD,
    HEADLINE_USERNAMES,
    DemoAccount,
    DemoAlreadyLoaded,
    GeographyMissing,
    demo_accounts,
    demo_is_loaded,
    load_demo,
)


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Load demo data (made-up institutions, accounts and children). Does nothing if it is already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children",
            type=positive,
            default=3000,
            help="how many children in all, missing reports and found children (default 3000)",
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed, for the same data again")
        parser.add_argument(
            "--pairs-csv",
            metavar="FILE",
            help="also write the true pairs (missing report id, found child id) to FILE, to score matching against",
        )

    def handle(self, *args, children: int, seed: int, pairs_csv: str | None = None, **options) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                "load_demo makes accounts whose password is published; it runs only in demo mode "
                "(TRACKCHILD_DEMO=1, as `make demo` sets) or with DEBUG=1, never on a production database."
            )
        if demo_is_loaded():
            self.stdout.write(
                self.style.WARNING(
                    "Demo data is already loaded: nothing changed. (To start again, delete the database, e.g. "
                    "var/trackchild.sqlite3, and run `trackchild migrate` and `trackchild load_demo`.)"
                )
            )
            self._print_accounts(demo_accounts())
            return
        started = time.perf_counter()
        try:
            summary = load_demo(children=children, seed=seed, progress=lambda m: self.stdout.write(f"  {m}"))
        except DemoAlreadyLoaded:  # another process loaded it meanwhile
            raise CommandError(
                "Demo data was loaded by another process meanwhile; nothing changed."
            ) from None
        except GeographyMissing as error:
            raise CommandError(
                f"States and districts are missing ({error}); run `trackchild migrate` first."
            ) from None
        self._fit_duplicates()
        seconds = time.perf_counter() - started
        if pairs_csv:
            with open(pairs_csv, "w", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(["missing_report_id", "found_child_id"])
                writer.writerows(summary.same_child_pairs)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded in {seconds:.1f} s: {summary.institutions} institutions, {len(summary.accounts)} accounts, "
                f"{summary.missing_reports} missing reports, {summary.found_children} found children "
                f"({len(summary.same_child_pairs)} of them children also reported missing), {summary.photos} "
                f"placeholder photos, {summary.status_changes} status changes."
            )
        )
        self._print_accounts(demo_accounts())

    def _fit_duplicates(self) -> None:
        """Fit the dedupe model to the demo's own registers, then match every record again with it.

        The shipped dedupe parameters describe no real register: on the demo's short name lists they flag
        about half the records as entered twice (the demo has no such records). Fitted to the demo, a dozen
        pairs remain, and the candidates across registers are as good or better (docs/matching.md, "Duplicates").
        """
        if not apps.is_installed("trackchild.matching"):
            return
        self.stdout.write("  fitting the duplicate model to the demo's registers and matching again")
        quiet = io.StringIO()
        call_command("refit_matching", "--only", "dedupe", stdout=quiet)
        call_command("run_matching", "--since", "2000-01-01", stdout=quiet)

    def _print_accounts(self, accounts: list[DemoAccount]) -> None:
        headline = [a for a in accounts if a.username in HEADLINE_USERNAMES]
        others = [a.username for a in accounts if a.username not in HEADLINE_USERNAMES]
        widths = [
            max(
                len(row[i])
                for row in [("Role", "Username", "Jurisdiction")]
                + [(a.role, a.username, a.jurisdiction) for a in headline]
            )
            for i in range(3)
        ]
        rule = "-+-".join("-" * w for w in widths)
        self.stdout.write("\nDemo accounts (one per role, all in Patna, Bihar):")
        self.stdout.write(rule)
        for row in [("Role", "Username", "Jurisdiction")] + [
            (a.role, a.username, a.jurisdiction) for a in headline
        ]:
            self.stdout.write(" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
            if row[0] == "Role":
                self.stdout.write(rule)
        self.stdout.write(rule)
        self.stdout.write(self.style.SUCCESS(f"Password for every demo account: {DEMO_PASSWORD}"))
        if others:
            self.stdout.write(f"{len(others)} more demo accounts, same password:")
            self.stdout.write(
                textwrap.fill(", ".join(others), width=100, initial_indent="  ", subsequent_indent="  ")
            )
