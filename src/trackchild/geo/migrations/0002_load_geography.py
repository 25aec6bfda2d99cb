"""Load the shipped LGD States/UTs and districts (data/states.csv, data/districts.csv).

It uses the historical models, as data migrations must; the CSV reading and checks are shared with the
`load_geography` command so that both treat a file the same way.
"""

from django.db import migrations


def load_shipped_geography(apps, schema_editor):
    from trackchild.geo.loading import load_geography

    load_geography(
        state_model=apps.get_model("geo", "State"), district_model=apps.get_model("geo", "District")
    )


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    # Reversing leaves the rows: 0001's reversal drops the tables, and other apps' rows point at districts.
    operations = [migrations.RunPython(load_shipped_geography, migrations.RunPython.noop)]
