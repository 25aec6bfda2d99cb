from django.utils.translation import gettext as _


class StaleRecord(Exception):
    """Someone else saved the record after this form was opened: the change is refused, not merged."""

    def __init__(self, record):
        self.record = record
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. Your changes were not saved; "
                "reload the page to see the current record and make your change again."
            )
        )
