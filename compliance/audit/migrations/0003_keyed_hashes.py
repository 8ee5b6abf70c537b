"""Events name the key their hash was made with (HMAC-SHA256 with HYOKA_AUDIT_KEY).

Events already stored keep an empty ``key_id``: they were hashed with plain SHA-256 and
still verify as such, as the beginning of the chain (compliance/audit/chain.py). Adding a
column with a constant default rewrites no row, so the append-only trigger is not involved.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_chain_head_and_append_only_trigger'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='key_id',
            field=models.CharField(blank=True, default='', max_length=16, verbose_name='鍵ID'),
        ),
    ]
