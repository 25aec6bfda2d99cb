"""What the portal stores about the face in each photo: the upload check's verdict and measurements, and the
embedding made in the background with the model version that made it.

One row per photo, written in the same transaction as the photo. The row is also the queue: `pending` rows
wait for `embed_pending` (the match worker, an inline run after the save, or `trackchild embed_faces`);
a failure leaves the row `failed` with its error and a time to try again, and never touches the photo.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trackchild.cases.models import Photo


class PhotoFace(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be read for face matching")
        EMBEDDED = "embedded", _("Used for face matching")
        UNUSABLE = "unusable", _("Not usable for face matching")
        FAILED = "failed", _("Face reading failed; will be tried again")

    photo = models.OneToOneField(Photo, on_delete=models.PROTECT, primary_key=True, related_name="face")
    # Which record the photo belongs to, copied from the photo so that the index loads faces in one query.
    side = models.CharField(max_length=8)  # "missing" or "found", as matching.adapter
    record_id = models.PositiveBigIntegerField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    # childmatch.faces.photo_check problem code ("no_face", "too_blurred", ...); empty when usable.
    problem = models.CharField(max_length=20, blank=True)
    face_width = models.FloatField(null=True, blank=True)
    sharpness = models.FloatField(null=True, blank=True)
    brightness = models.FloatField(null=True, blank=True)
    # 128 float32 numbers, unit length (512 bytes). Identifies the child as surely as the photo does: never
    # shown, logged, exported or sent to an API client.
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    model_version = models.CharField(max_length=80, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    retry_after = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["state", "retry_after"]),
            models.Index(fields=["side", "record_id"]),
        ]

    def __str__(self) -> str:
        return f"Face of photo {self.photo_id} ({self.state})"
