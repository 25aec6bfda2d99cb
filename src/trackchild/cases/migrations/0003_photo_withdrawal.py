"""Who withdrew a wrong photo from a record, when and why (cases.services.withdraw_photo).

The photo itself stays: `is_withdrawn` (already there, honoured by every reader) hides it; these fields say
why, for the audit trail and for the record's officers.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_name_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="withdrawal_reason",
            field=models.TextField(blank=True, verbose_name="reason for withdrawing"),
        ),
        migrations.AddField(
            model_name="photo",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="photo",
            name="withdrawn_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
