"""`trackchild embed_faces`: read the faces of stored photos and store their embeddings.

Without options it works the queue once (pending photos, failed ones whose wait is over) and adds photos
stored before faces were read. `--all` checks and embeds every photo again: run it when the face model
changes (embeddings of an older model are never compared, and stay in use until replaced). The queue is
the database, so an interrupted run is simply run again. The match worker works the same queue while it
runs; this command is for a model change, a backlog, or a system without a worker.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from trackchild.faces import services


class Command(BaseCommand):
    help = "Check and embed the faces of stored photos (--all after a face model change)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every photo again (after a model change)")
        parser.add_argument("--retry-failed", action="store_true", help="failed photos queued again first")
        parser.add_argument("--limit", type=int, default=None, help="stop after this many photos")
        parser.add_argument(
            "--batch", type=int, default=200, help="photos per batch (then their records match)"
        )

    def handle(self, *args, all: bool, retry_failed: bool, limit: int | None, batch: int, **options):
        if batch < 1 or (limit is not None and limit < 1):
            raise CommandError("--batch and --limit must be at least 1")
        if retry_failed:
            self.stdout.write(f"{services.retry_failed()} failed photos queued again")
        queued = services.queue_all() if all else services.queue_unread()
        if queued:
            self.stdout.write(f"{queued} photos queued")
        totals = {"embedded": 0, "unusable": 0, "failed": 0}
        wall, cpu = time.monotonic(), time.process_time()
        while limit is None or sum(totals.values()) < limit:
            size = batch if limit is None else min(batch, limit - sum(totals.values()))
            # Only rows due now: a failed photo waits for its next try, so the loop ends.
            counts = services.embed_pending(limit=size)
            if not any(counts.values()):
                break
            for outcome, n in counts.items():
                totals[outcome] += n
            self.stdout.write(f"  {sum(totals.values())} photos read")
        done = sum(totals.values())
        wall, cpu = time.monotonic() - wall, time.process_time() - cpu
        per_photo = f", {1000 * cpu / done:.0f} ms CPU a photo" if done else ""
        self.stdout.write(
            f"{done} photos: {totals['embedded']} embedded, {totals['unusable']} without a usable face, "
            f"{totals['failed']} failed, in {wall:.1f} s ({cpu:.1f} s CPU{per_photo})"
        )
