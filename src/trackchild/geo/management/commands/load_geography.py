"""`trackchild load_geography [--states FILE] [--districts FILE]`: refresh States/UTs and districts from LGD."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trackchild.geo.loading import DISTRICTS_CSV, STATES_CSV, load_geography


class Command(BaseCommand):
    help = (
        "Upsert States/UTs and districts by LGD code from CSV files (columns lgd_code,name,name_hi,kind and "
        "lgd_code,name,state_lgd_code). Districts missing from the file are marked inactive, never deleted. "
        "A bad file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--states",
            type=Path,
            default=STATES_CSV,
            metavar="FILE",
            help="States/UTs CSV (default: the shipped file)",
        )
        parser.add_argument(
            "--districts",
            type=Path,
            default=DISTRICTS_CSV,
            metavar="FILE",
            help="districts CSV (default: the shipped file)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_geography(options["states"], options["districts"])
        except ValueError as error:
            raise CommandError(f"{error}. Nothing was changed.") from None
        for what, number in counts.items():
            self.stdout.write(f"{what.replace('_', ' ')}: {number}")
