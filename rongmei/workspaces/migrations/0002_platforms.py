from django.db import migrations

from rongmei.workspaces.choices import PLATFORMS


def forwards(apps, schema_editor):
    Platform = apps.get_model("workspaces", "Platform")
    for code, name, has_api, order in PLATFORMS:
        Platform.objects.update_or_create(code=code, defaults={"name": name, "has_api": has_api, "order": order})


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
